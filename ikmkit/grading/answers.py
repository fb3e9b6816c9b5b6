"""Answers as data: how the hidden tests of ikmkit's assignments never meet participant code.

nbgrader runs hidden tests in the participant's own kernel, where participant code can
change how any later cell runs. ikmkit's graded items are answers — values, choices, short
texts in named variables — so ikmkit grades them *separately* ("tes terpisah"):

1. the participant's notebook runs in the sandbox as usual, except that at each test cell
   only :func:`export_source` runs: it prints the variables the test cell declares
   (``"ikmkit": {"answers": [...]}`` in its metadata) as JSON, behind a random marker;
   files a test declares (``"files": [...]``, e.g. a saved profile) are passed on as files,
   regular and size-capped, never run;
2. :func:`parse_export` reads that line outside the kernel: plain data only (numbers,
   text, true/false, lists, tables, decimals, dates, data frames as records), at most
   :data:`MAX_EXPORT_BYTES`; anything else is a named problem of that answer;
3. a fresh kernel that never ran participant code runs the released (locked) cells and
   the test cells, each test preceded by :func:`seed_source` with that test's answers.

Only what the clean kernel prints goes into the graded notebook's test cells, so nbgrader's
gradebook, formgrader, feedback and reports work as before. An assignment whose test cells
do not all declare their answers (nbgrader's own examples: tests that call participant
functions) keeps nbgrader's in-kernel grading, hardened (:func:`guard_source`).

>>> values, problems = parse_export(
...     "x\\n@@t@@" + '{"nilai": {"hpp": 25000.0, "ok": true}, "masalah": {}}', "@@t@@",
...     ["hpp", "ok", "harga"])
>>> values, problems["harga"]
({'hpp': 25000.0, 'ok': True}, 'belum diisi')
>>> "hpp = 25000.0" in seed_source({"hpp": 25000.0}) or "_ikmkit_seed" in seed_source({})
True
"""

from __future__ import annotations

import ast
import builtins
import json
import re
import secrets
from collections.abc import Sequence
from typing import Any

__all__ = ["MAX_EXPORT_BYTES", "cells_for_tests", "declared_answers", "declared_files",
           "export_source", "grading_mode", "guard_source", "is_test_cell", "new_token",
           "parse_export", "seed_source", "snapshot_source"]

#: Largest JSON of one test cell's answers taken from a participant's kernel.
MAX_EXPORT_BYTES = 1_000_000
#: Grading modes, as ``ikmkit grade`` names them.
SEPARATE = "tes terpisah (kernel bersih)"
IN_KERNEL = "tes di kernel peserta (diperkuat)"


def new_token() -> str:
    """A marker no participant can guess, for one notebook."""
    return f"@@ikmkit-{secrets.token_hex(12)}@@"


def is_test_cell(cell: Any) -> bool:
    """A locked, graded code cell (nbgrader's autograded test)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return (cell.get("cell_type") == "code" and bool(meta.get("grade"))
            and bool(meta.get("locked")) and not meta.get("solution"))


def declared_answers(cell: Any) -> list[str] | None:
    """The answer variables a test cell declares (``"ikmkit": {"answers": [...]}``)."""
    names = cell.get("metadata", {}).get("ikmkit", {}).get("answers")
    if not isinstance(names, list) or not all(isinstance(n, str) and n.isidentifier()
                                              for n in names):
        return None
    return list(names)


def declared_files(cell: Any) -> list[str]:
    """Files a test cell reads from the notebook's folder (``"ikmkit": {"files": [...]}``):
    plain names only, e.g. the ``profil_ikm.json`` a form saved."""
    names = cell.get("metadata", {}).get("ikmkit", {}).get("files", [])
    if not isinstance(names, list):
        return []
    return [n for n in names if isinstance(n, str) and n and "/" not in n and n not in (".", "..")
            and not n.startswith(".")]


def grading_mode(nb: Any) -> str:
    """:data:`SEPARATE` if every test cell declares its answers, else :data:`IN_KERNEL`."""
    tests = [c for c in nb.get("cells", []) if is_test_cell(c)]
    if tests and all(declared_answers(c) is not None for c in tests):
        return SEPARATE
    return IN_KERNEL


#: Names every kernel has without a cell defining them.
_PROVIDED = frozenset(dir(builtins)) | {"display", "get_ipython", "In", "Out", "exit", "quit"}
#: Names that reach the namespace or the interpreter in ways a name walk cannot follow.
_DYNAMIC = frozenset({"exec", "eval", "compile", "globals", "locals", "vars", "__import__",
                      "get_ipython", "__builtins__", "builtins", "setattr", "delattr",
                      "importlib", "sys"})
#: A string constant that names a file ("harga.csv", "data/label.json").
_FILE_NAME = re.compile(r"^[\w\-./]+\.[A-Za-z0-9]{1,5}$")


def _collect(node: ast.AST, loads: set[str], stored: set[str]) -> bool:
    """Add the names one AST node loads and stores; False for ``import *``."""
    if isinstance(node, ast.Name):
        (loads if isinstance(node.ctx, ast.Load) else stored).add(node.id)
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        if any(alias.name == "*" for alias in node.names):
            return False
        stored |= {(a.asname or a.name).split(".")[0] for a in node.names}
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        stored.add(node.name)
    elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
        stored.add(node.name)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str) and \
            _FILE_NAME.match(node.value):
        loads.add(f"file:{node.value}")
        stored.add(f"file:{node.value}")
    return True


def _cell_names(source: str) -> tuple[set[str], set[str]] | None:
    """(stores, free loads) of one cell, or None when a name walk cannot be trusted.

    Names loaded before any earlier top-level statement of the cell stored them are free
    (needed from elsewhere); a file-name string counts as both (the cell may write or read
    that file). None for a cell that does not parse as plain Python (magics) or reaches
    the namespace dynamically (``exec``, ``globals()``, ``import *``, ...).
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    stores: set[str] = set()
    free: set[str] = set()
    for statement in tree.body:
        loads: set[str] = set()
        stored: set[str] = set()
        for node in ast.walk(statement):
            if not _collect(node, loads, stored):
                return None
        if (loads | stored) & _DYNAMIC:
            return None
        free |= loads - stores
        stores |= stored
    return stores, free


def cells_for_tests(cells: Sequence[Any]) -> list[int]:
    r"""Indices of the locked code cells a clean kernel must run for the test cells.

    Every test cell runs; a released (locked, not graded) cell runs only if a later cell
    that runs needs a name or a file name it defines or uses — walking back from the last
    test, as a build tool walks dependencies. Declared answers and declared files are
    not needed from released cells: they come from the participant's kernel and folder.
    A form or chart that no test reads is not rebuilt, which is most of the clean
    kernel's time. When any locked cell defeats the walk (see :func:`_cell_names`), every
    locked cell runs.

    >>> from nbformat.v4 import new_code_cell
    >>> def cell(src, grade=False, answers=None):
    ...     meta = {"nbgrader": {"locked": True, "grade": grade, "solution": False}}
    ...     if answers is not None:
    ...         meta["ikmkit"] = {"answers": answers}
    ...     return new_code_cell(src, metadata=meta)
    >>> nb = [cell("from ikmkit import readiness\nimport math"),
    ...       cell("form = readiness.SelfAssessment()\nform"),
    ...       cell("harga = 25_000"),
    ...       cell("assert math.isclose(hpp, harga)", grade=True, answers=["hpp"])]
    >>> cells_for_tests(nb)
    [0, 2, 3]
    >>> cells_for_tests(nb[:3] + [cell("%time x = 1", grade=True, answers=[])])
    [0, 1, 2, 3]
    """
    locked = [i for i, c in enumerate(cells) if c.get("cell_type") == "code"
              and c.get("metadata", {}).get("nbgrader", {}).get("locked")]
    provided = {f"file:{n}" for c in cells if is_test_cell(c) for n in declared_files(c)}
    needed: set[str] = set()
    keep: list[int] = []
    for index in reversed(locked):
        cell = cells[index]
        names = _cell_names(cell.get("source", ""))
        if names is None:
            return locked
        stores, free = names
        if is_test_cell(cell):
            needed |= free - set(declared_answers(cell) or []) - _PROVIDED - provided
            keep.append(index)
        elif (stores | free) & needed:
            needed |= free - _PROVIDED - provided
            keep.append(index)
    return keep[::-1]


# Runs in the participant's kernel: it can only lie about the participant's own answers,
# and what comes out is JSON read outside the kernel.
_EXPORTER = r'''
def _ikmkit_ekspor(_names, _token):
    import datetime as _dt, decimal as _dec, json as _json, math as _math
    _ns = get_ipython().user_ns
    def _enc(v, depth=0):
        if depth > 8:
            raise ValueError("bersarang terlalu dalam")
        if v is None or isinstance(v, (bool, str)):
            return v if not isinstance(v, str) else str.__str__(v)
        if isinstance(v, int):
            return int(v)
        if isinstance(v, float):
            v = float(v)
            if _math.isnan(v) or _math.isinf(v):
                return {"__angka__": repr(v)}
            return v
        if isinstance(v, _dec.Decimal):
            return {"__desimal__": _dec.Decimal.__str__(v)}
        if isinstance(v, _dt.date):
            return {"__tanggal__": v.isoformat()}
        if type(v).__module__.startswith("numpy") and hasattr(v, "item"):
            return _enc(v.item(), depth)
        if type(v).__name__ == "DataFrame" and type(v).__module__.startswith("pandas"):
            return {"__tabel__": {"kolom": [str(c) for c in v.columns],
                                  "baris": [[_enc(x, depth + 1) for x in row]
                                            for row in v.itertuples(index=False)]}}
        if type(v).__name__ in ("Series", "Index") and type(v).__module__.startswith("pandas"):
            return [_enc(x, depth + 1) for x in v.tolist()]
        if isinstance(v, (list, tuple)):
            return [_enc(x, depth + 1) for x in v]
        if isinstance(v, dict):
            return {str(k): _enc(x, depth + 1) for k, x in v.items()}
        raise TypeError(type(v).__name__)
    _values, _problems = {}, {}
    for _name in _names:
        if _name not in _ns:
            _problems[_name] = "belum diisi"
            continue
        try:
            _values[_name] = _enc(_ns[_name])
        except (TypeError, ValueError, RecursionError) as _exc:
            _problems[_name] = f"bukan data yang bisa dinilai ({_exc})"
    print(_token + _json.dumps({"nilai": _values, "masalah": _problems}))
'''


def export_source(names: list[str], token: str) -> str:
    """The cell that prints a test cell's answers as JSON, in the participant's kernel."""
    return f"{_EXPORTER}\n_ikmkit_ekspor({names!r}, {token!r})\ndel _ikmkit_ekspor\n"


def _plain(value: Any, depth: int = 0) -> bool:
    if depth > 10:
        return False
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, list):
        return all(_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, depth + 1) for k, v in value.items())
    return False


def parse_export(text: str, token: str, names: list[str]
                 ) -> tuple[dict[str, Any], dict[str, str]]:
    """(answers, problems) from what the export cell printed; never trusts the text."""
    problems: dict[str, str] = {}
    line = next((ln for ln in text.splitlines()[::-1] if ln.startswith(token)), None)
    if line is None:
        return {}, {n: "tidak bisa diambil dari kernel peserta" for n in names}
    payload = line[len(token):]
    if len(payload.encode("utf-8", "replace")) > MAX_EXPORT_BYTES:
        return {}, {n: f"terlalu besar (lebih dari {MAX_EXPORT_BYTES // 1000} kB)"
                    for n in names}
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError):
        return {}, {n: "tidak bisa dibaca" for n in names}
    if not isinstance(data, dict):
        data = {}
    nilai, masalah = data.get("nilai"), data.get("masalah")
    raw_values: dict[str, Any] = nilai if isinstance(nilai, dict) else {}
    raw_problems: dict[str, Any] = masalah if isinstance(masalah, dict) else {}
    values = {n: raw_values[n] for n in names if n in raw_values and _plain(raw_values[n])}
    for n in names:
        if n in values:
            continue
        why = raw_problems.get(n)
        problems[n] = str(why)[:200] if isinstance(why, str) else "belum diisi"
    return values, problems


_DECODER = r'''
def _ikmkit_isi(_text):
    import datetime as _dt, decimal as _dec, json as _json
    def _hook(d):
        if len(d) == 1:
            (k, v), = d.items()
            if k == "__desimal__":
                return _dec.Decimal(v)
            if k == "__tanggal__":
                return _dt.date.fromisoformat(v)
            if k == "__angka__":
                return float(v)
            if k == "__tabel__":
                import pandas as _pd
                return _pd.DataFrame(v["baris"], columns=v["kolom"])
        return d
    return _json.loads(_text, object_hook=_hook)
'''


def seed_source(values: dict[str, Any]) -> str:
    """The cell that puts answers into the clean kernel (decimals, dates, tables rebuilt)."""
    text = json.dumps(values, ensure_ascii=False)
    assignments = "".join(f"{name} = _ikmkit_seed[{name!r}]\n" for name in values)
    return (f"{_DECODER}\n_ikmkit_seed = _ikmkit_isi({text!r})\n{assignments}"
            "del _ikmkit_isi, _ikmkit_seed\n")


# In-kernel grading (foreign courses): state of the shell before any participant code ran,
# put back before every test cell. It cannot be a wall (it runs in the participant's
# process); a test cell whose reset did not report back is failed instead of trusted.
_SNAPSHOT = r'''
def _ikmkit_simpan():
    import builtins, sys
    ip = get_ipython()
    cls = type(ip)
    ip._ikmkit_jaga = {
        "cleanup": list(ip.input_transformers_cleanup),
        "post": list(ip.input_transformers_post),
        "ast": list(ip.ast_transformers),
        "events": {k: list(v) for k, v in ip.events.callbacks.items()},
        "methods": {m: getattr(cls, m) for m in ("run_cell", "run_cell_async", "run_code",
                    "run_ast_nodes", "transform_cell", "showtraceback", "should_run_async")
                    if hasattr(cls, m)},
        "builtins": dict(vars(builtins)),
        "settrace": sys.settrace, "setprofile": sys.setprofile,
        "stdout": sys.stdout, "stderr": sys.stderr,
    }
_ikmkit_simpan()
del _ikmkit_simpan
'''


def snapshot_source() -> str:
    """Run first in a participant's kernel (in-kernel mode): remember the clean shell."""
    return _SNAPSHOT


def guard_source(token: str, test_names: list[str]) -> str:
    """Run before each test cell (in-kernel mode): restore the shell, then print *token*."""
    return rf'''
def _ikmkit_pulihkan(_token, _names):
    import builtins, sys
    ip = get_ipython()
    jaga = ip._ikmkit_jaga
    ip.input_transformers_cleanup[:] = jaga["cleanup"]
    ip.input_transformers_post[:] = jaga["post"]
    ip.ast_transformers[:] = jaga["ast"]
    for key in list(ip.events.callbacks):
        ip.events.callbacks[key][:] = jaga["events"].get(key, [])
    for name, method in jaga["methods"].items():
        setattr(type(ip), name, method)
        ip.__dict__.pop(name, None)
    ip.custom_exceptions = ()
    jaga["settrace"](None)
    jaga["setprofile"](None)
    sys.stdout, sys.stderr = jaga["stdout"], jaga["stderr"]
    for name, value in jaga["builtins"].items():
        if getattr(builtins, name, None) is not value:
            setattr(builtins, name, value)
    for name in _names:
        if name in jaga["builtins"]:
            ip.user_ns.pop(name, None)
    jaga["builtins"]["print"](_token)
_ikmkit_pulihkan({token!r}, {test_names!r})
del _ikmkit_pulihkan
'''
