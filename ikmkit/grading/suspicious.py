"""Find participant code that reaches for the machinery that judges it.

nbgrader runs hidden tests in the participant's own kernel, so code in an answer cell can
change how later cells run (IPython input or AST transformers, event hooks), shadow a
builtin the tests call, define objects that compare equal to anything, or patch a library
function the tests use. None of that is needed to answer an IKM assignment. This module
reads the cells a participant could edit, statically, and names what it finds; ikmkit
reports it in the grading outcome (``flags``) so a trainer looks at the submission.

>>> findings("get_ipython().events.register('pre_run_cell', f)")
{'kode_kernel': ['events', 'get_ipython']}
>>> findings("abs = lambda x: 0", test_names={"abs"})
{'nama_bawaan': ['abs']}
>>> findings("hpp = (25_500_000 + 15_000_000) / 500")
{}
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterable

__all__ = ["FLAG_LABELS", "findings", "names_used", "notebook_findings", "parse_cell"]

#: Flag id -> what it means (Indonesian, for the trainer).
FLAG_LABELS = {
    "kode_kernel": "kode mengubah cara kernel menjalankan sel",
    "nama_bawaan": "kode menimpa fungsi bawaan Python yang dipakai tes",
    "objek_pembanding": "kode membuat objek dengan perbandingan buatan",
    "ubah_pustaka": "kode mengubah fungsi pustaka",
    "kode_dinamis": "kode dinamis (exec/eval/dunder)",
    "perintah_shell": "perintah IPython atau shell",
}

_KERNEL_NAMES = {"get_ipython", "input_transformers_cleanup", "input_transformers_post",
                 "ast_transformers", "events", "set_custom_exc", "showtraceback",
                 "run_cell", "settrace", "setprofile", "addaudithook", "excepthook",
                 "displayhook", "__builtins__"}
_KERNEL_MODULES = {"ast", "builtins", "ctypes", "gc", "IPython", "ipykernel", "importlib",
                   "subprocess", "signal", "socket", "marshal", "pickle", "sys", "inspect",
                   "threading", "multiprocessing", "pty", "resource"}
_ALLOWED_MODULES = {"IPython.display"}  # display() is how notebooks show things
_DYNAMIC_NAMES = {"exec", "eval", "compile", "__import__", "globals", "locals", "vars",
                  "setattr", "delattr", "getattr"}
_DYNAMIC_ATTRS = {"__dict__", "__class__", "__subclasses__", "__code__", "__globals__",
                  "__bases__", "__mro__", "__getattribute__", "__setattr__"}
_COMPARE_DUNDERS = {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__",
                    "__float__", "__int__", "__index__", "__bool__", "__abs__", "__round__",
                    "__len__", "__contains__", "__instancecheck__", "__subclasscheck__"}
_NUMBER_BASES = {"int", "float", "complex", "str", "bool", "Decimal", "Fraction", "dict",
                 "list", "tuple"}
_BUILTINS = set(dir(builtins))
_MAGIC = re.compile(r"^\s*[%!]", re.MULTILINE)


def parse_cell(source: str) -> ast.Module | None:
    """A code cell as Python, its IPython magic and shell lines read as ``pass``; None if
    it still does not parse."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        pass
    stripped = "\n".join("pass" if _MAGIC.match(line) else line for line in source.splitlines())
    try:
        return ast.parse(stripped)
    except (SyntaxError, ValueError):
        return None


def names_used(sources: Iterable[str]) -> set[str]:
    """Every plain name the given code reads (e.g. the builtins a test cell calls)."""
    out: set[str] = set()
    for source in sources:
        tree = parse_cell(source)
        if tree is None:
            continue
        out |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    return out


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


class _Finder(ast.NodeVisitor):
    """Walks one cell and collects what it finds (see :func:`findings`)."""

    def __init__(self, shadowable: set[str], modules: set[str]) -> None:
        self.shadowable, self.modules = shadowable, modules
        self.found: dict[str, set[str]] = {}

    def flag(self, kind: str, what: str) -> None:
        self.found.setdefault(kind, set()).add(what)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in _KERNEL_NAMES:
            self.flag("kode_kernel", node.id)
        if isinstance(node.ctx, (ast.Store, ast.Del)) and node.id in self.shadowable:
            self.flag("nama_bawaan", node.id)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in _KERNEL_NAMES:
            self.flag("kode_kernel", node.attr)
        if node.attr in _DYNAMIC_ATTRS:
            self.flag("kode_dinamis", node.attr)
        root = _root_name(node)
        if isinstance(node.ctx, (ast.Store, ast.Del)) and root in self.modules:
            self.flag("ubah_pustaka", f"{root}.{node.attr}")
        self.generic_visit(node)

    def _imports(self, node: ast.Import | ast.ImportFrom) -> None:
        mods = ([a.name for a in node.names] if isinstance(node, ast.Import)
                else [node.module or ""])
        for mod in mods:
            if mod.split(".")[0] in _KERNEL_MODULES and mod not in _ALLOWED_MODULES:
                self.flag("kode_kernel", f"import {mod}")
        for alias in node.names:
            bound = (alias.asname or alias.name).split(".")[0]
            if bound in self.shadowable:
                self.flag("nama_bawaan", bound)

    visit_Import = visit_ImportFrom = _imports

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name) and node.func.id in _DYNAMIC_NAMES:
            self.flag("kode_dinamis", node.func.id)
        self.generic_visit(node)

    def _definition(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        if node.name in self.shadowable:
            self.flag("nama_bawaan", node.name)
        if isinstance(node, ast.ClassDef):
            methods = {b.name for b in node.body
                       if isinstance(b, (ast.FunctionDef, ast.AsyncFunctionDef))}
            bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")
                     for b in node.bases}
            if methods & _COMPARE_DUNDERS or bases & _NUMBER_BASES:
                self.flag("objek_pembanding", node.name)
        self.generic_visit(node)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _definition


def findings(source: str, *, test_names: Iterable[str] = (),
             modules: Iterable[str] = ()) -> dict[str, list[str]]:
    """What in *source* (one participant cell) reaches for the grading machinery.

    ``test_names`` are the names the tests read (a builtin among them that the code
    rebinds is flagged); ``modules`` are names bound to imported modules anywhere in the
    notebook (assigning an attribute of one is flagged as patching a library).
    """
    finder = _Finder(_BUILTINS & set(test_names), set(modules))
    if _MAGIC.search(source):
        finder.flag("perintah_shell", source.strip().splitlines()[0][:40] if source.strip()
                    else "%")
    tree = parse_cell(source)
    if tree is not None:
        finder.visit(tree)
    return {k: sorted(v) for k, v in finder.found.items()}


def notebook_findings(participant_sources: Iterable[str], *, test_sources: Iterable[str],
                      all_sources: Iterable[str]) -> dict[str, list[str]]:
    """:func:`findings` over every cell a participant could edit, merged."""
    test_names = names_used(test_sources)
    modules: set[str] = set()
    for source in all_sources:
        tree = parse_cell(source)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules |= {(a.asname or a.name).split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                modules |= {a.asname or a.name for a in node.names}
    merged: dict[str, set[str]] = {}
    for source in participant_sources:
        for kind, what in findings(source, test_names=test_names, modules=modules).items():
            merged.setdefault(kind, set()).update(what)
    return {k: sorted(v) for k, v in sorted(merged.items())}
