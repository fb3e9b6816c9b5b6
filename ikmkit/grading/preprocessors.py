"""nbgrader preprocessors that ikmkit plugs into nbgrader's own pipelines.

- :class:`RestoreCells` replaces nbgrader's ``OverwriteCells`` in the autograde
  sanitising step: it does everything ``OverwriteCells`` does (locked cells a
  participant edited get their source back from the gradebook, hidden tests included)
  and also puts back every gradebook cell the participant *deleted* (tests, read-only
  cells, answer cells, tasks) at its place in the released order, which
  ``OverwriteCells.add_missing_cells`` only does for grade cells and with index
  arithmetic that breaks when neighbours are missing too. It records which cells were
  really tampered with (a hidden-test cell whose visible part is unchanged is not). The
  metadata of every gradebook cell outside ``nbgrader`` is reset to the released cell's,
  and every other cell loses its ``tags``: no participant can mark a test cell
  ``skip-execution`` or ``raises-exception``.
- :class:`SafeExecute` replaces nbgrader's ``Execute``: a per-notebook time budget on top
  of the per-cell timeout, a kernel that dies or ignores interrupts costs the rest of
  that notebook (the cells left get an error output, so their tests score zero) instead
  of failing the whole submission, runaway output of every kind (streams, displays,
  display updates, errors) is truncated, the tag that skips a cell is a secret of the
  run, and what happened is recorded for the grading report.
- :class:`HideHiddenTests` is a feedback preprocessor: it removes ``### BEGIN/END HIDDEN
  TESTS`` regions from test cells and shortens error tracebacks to ``ename: evalue`` so a
  participant sees the assertion message but never the hidden test code (nbgrader #917).
  Test cells show only their errors; any output that repeats a line of a hidden test
  (e.g. printed by a participant's hook) is dropped.

What happened is recorded as :mod:`ikmkit.grading.events` for the grading report.

>>> from ikmkit.grading.preprocessors import strip_hidden_tests
>>> strip_hidden_tests("assert f(1) == 2\\n### BEGIN HIDDEN TESTS\\nassert f(3) == 4\\n"
...                    "### END HIDDEN TESTS")
'assert f(1) == 2\\n# (tes tersembunyi tidak ditampilkan)'
"""

from __future__ import annotations

import copy
import json
import os
import secrets
import signal
import time
from typing import Any

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import Execute, NbGraderPreprocessor, OverwriteCells
from traitlets import Bool, Integer, Unicode

from ikmkit.grading import answers
from ikmkit.grading.events import Kind, record
from ikmkit.grading.sandbox import SandboxKernelManager, set_deadline

__all__ = ["HideHiddenTests", "RestoreCells", "SafeExecute", "strip_hidden_tests"]


HIDDEN_NOTICE = "# (tes tersembunyi tidak ditampilkan)"
BEGIN_HIDDEN = "BEGIN HIDDEN TESTS"
END_HIDDEN = "END HIDDEN TESTS"


def strip_hidden_tests(source: str, notice: str | None = HIDDEN_NOTICE) -> str:
    """``source`` without its hidden-test regions (replaced by ``notice`` if given)."""
    out: list[str] = []
    hidden = False
    for line in source.split("\n"):
        if BEGIN_HIDDEN in line:
            hidden = True
            if notice:
                out.append(notice)
        elif END_HIDDEN in line:
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


TRUNCATED_NOTICE = "\n[... keluaran terlalu panjang, dipotong ...]\n"


def _output_size(output: Any) -> int:
    """Characters of an output (or a message's content): text, data, error parts."""
    size = len(str(output.get("text", ""))) + len(str(output.get("evalue", "")))
    size += sum(len(str(v)) for v in (output.get("data") or {}).values())
    size += sum(len(str(line)) for line in output.get("traceback") or [])
    return size


def _normalise(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def _error_output(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"{ename}: {evalue}"])


class RestoreCells(OverwriteCells):
    """``OverwriteCells`` that also restores deleted cells and reports tampering."""

    restored_notice = Unicode(
        "Sel ini dihapus dari kiriman dan dikembalikan oleh penilai.",
        help="Text put in front of a restored markdown cell (code cells keep their source).",
    ).tag(config=True)

    def preprocess(self, nb, resources):
        self._tampered: list[str] = []
        nb, resources = super().preprocess(nb, resources)
        from nbgrader.api import Gradebook

        with Gradebook(self.db_url) as gb:
            restored = self._restore_missing(nb, gb)
        notebook = resources["nbgrader"]["notebook"]
        for grade_id in dict.fromkeys(self._tampered + restored):
            record(Kind.RESTORED, grade_id, notebook=notebook)
        for where in self._reset_metadata(nb):
            record(Kind.TAGS_STRIPPED, where, notebook=notebook)
        return nb, resources

    def _reset_metadata(self, nb: NotebookNode) -> list[str]:
        """Released metadata for gradebook cells, no tags on the others; what changed."""
        released = self._released()
        meta_of = {c.metadata.get("nbgrader", {}).get("grade_id"): c.metadata
                   for c in (released.cells if released is not None else [])}
        changed = []
        for index, cell in enumerate(nb.cells):
            nbgrader_meta = cell.metadata.get("nbgrader")
            grade_id = (nbgrader_meta or {}).get("grade_id")
            if grade_id and grade_id in meta_of:
                fresh = copy.deepcopy(meta_of[grade_id])
                fresh.pop("nbgrader", None)
                for key in ("ikmkit",):  # ikmkit's own marks (e.g. restored) stay
                    if key in cell.metadata:
                        fresh[key] = cell.metadata[key]
            else:
                fresh = {k: v for k, v in cell.metadata.items() if k != "tags"}
            if nbgrader_meta is not None:
                fresh["nbgrader"] = nbgrader_meta
            if cell.metadata.get("tags") != fresh.get("tags"):
                changed.append(grade_id or f"sel {index + 1}")
            cell.metadata = NotebookNode(fresh)
        return changed

    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is not None and utils.is_locked(cell):
            try:
                source_cell = self.gradebook.find_source_cell(
                    grade_id, self.notebook_id, self.assignment_id)
            except Exception:  # unknown id: nbgrader drops it, and it is restored below
                source_cell = None
            if source_cell is not None and source_cell.locked:
                released = strip_hidden_tests(source_cell.source, notice=None)
                if _normalise(cell.source) != _normalise(released):
                    self._tampered.append(grade_id)
        return super().preprocess_cell(cell, resources, cell_index)

    def _restore_missing(self, nb: NotebookNode, gb: Any) -> list[str]:
        source_nb = gb.find_notebook(self.notebook_id, self.assignment_id)
        grade = {c.name: c for c in source_nb.grade_cells}
        solution = {c.name for c in source_nb.solution_cells}
        task = {c.name: c for c in source_nb.task_cells}
        sources = {c.name: c for c in source_nb.source_cells}
        order = self._released_order(nb, list(sources))

        def present() -> dict[str, int]:
            return {c.metadata["nbgrader"]["grade_id"]: i for i, c in enumerate(nb.cells)
                    if c.metadata.get("nbgrader", {}).get("grade_id")}

        restored: list[str] = []
        for pos, name in enumerate(order):
            where = present()
            if name in where:
                continue
            before = [where[n] for n in order[:pos] if n in where]
            after = [where[n] for n in order[pos + 1:] if n in where]
            index = before[-1] + 1 if before else (after[0] if after else len(nb.cells))
            nb.cells.insert(index, self._rebuild(sources[name], grade.get(name),
                                                 name in solution, task.get(name)))
            restored.append(name)
        return restored

    def _released(self) -> NotebookNode | None:
        """The released notebook this submission answers (None if it cannot be read)."""
        path = os.path.join(self.coursedir_root or "", "release", self.assignment_id,
                            f"{self.notebook_id}.ipynb")
        try:
            return nbformat.read(path, as_version=4)
        except Exception:
            return None

    def _released_order(self, nb: NotebookNode, known: list[str]) -> list[str]:
        """Grade ids in the released notebook's order (gradebook order as a fallback)."""
        released = self._released()
        if released is None:
            return known
        order = [c.metadata.get("nbgrader", {}).get("grade_id") for c in released.cells]
        order = [n for n in order if n in known]
        return order + [n for n in known if n not in order]

    @property
    def coursedir_root(self) -> str | None:
        parent = self.parent
        while parent is not None:
            coursedir = getattr(parent, "coursedir", None)
            if coursedir is not None:
                return coursedir.root
            parent = getattr(parent, "parent", None)
        return None

    def _rebuild(self, source_cell, grade_cell, is_solution: bool, task_cell) -> NotebookNode:
        meta: dict[str, Any] = {
            "grade_id": source_cell.name,
            "locked": bool(source_cell.locked),
            "solution": is_solution,
            "grade": grade_cell is not None,
            "checksum": source_cell.checksum,
            "schema_version": 3,
        }
        if grade_cell is not None:
            meta["points"] = float(grade_cell.max_score)
        if task_cell is not None:
            meta["task"] = True
            meta["points"] = float(task_cell.max_score)
        metadata: dict[str, Any] = {"nbgrader": meta, "ikmkit": {"restored": True}}
        if source_cell.locked:
            metadata.update(deletable=False, editable=False)
        if source_cell.cell_type == "code":
            cell = nbformat.v4.new_code_cell(source_cell.source, metadata=metadata)
        else:
            text = source_cell.source
            if not source_cell.locked:
                text = f"*{self.restored_notice}*\n\n{text}"
            cell = nbformat.v4.new_markdown_cell(text, metadata=metadata)
        return cell


class SafeExecute(Execute):
    """nbgrader's ``Execute`` with a notebook budget and recovery from dead kernels."""

    notebook_timeout = Integer(
        300, help="Seconds one notebook may run in total; cells after that are not run."
    ).tag(config=True)
    max_output_chars = Integer(
        200_000, help="Output characters kept per cell; the rest is dropped."
    ).tag(config=True)
    max_error_chars = Integer(
        4_000, help="Characters kept of an error's message and of each traceback line."
    ).tag(config=True)
    store_widget_state = Bool(
        False, help="Keep the widgets' state in the graded notebook (nbclient's default is "
        "on). Off: feedback pages forbid scripts, so no widget would ever show, and a form "
        "with its chart adds about a megabyte to every graded notebook."
    ).tag(config=True)
    separate_tests = Bool(
        True, help="Run the hidden tests of notebooks whose test cells declare their answers "
        "in a clean kernel (off: every notebook in the participant's kernel, hardened)."
    ).tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(*args, **kwargs)
        # a tag no participant can know: "skip-execution" on a test cell skips nothing
        self.skip_cells_with_tag = f"ikmkit-lewati-{secrets.token_hex(16)}"

    def preprocess(self, nb, resources=None, km=None):
        self._deadline = float("inf")  # set when the first cell runs (kernel is ready)
        set_deadline(time.monotonic() + max(1, self.notebook_timeout) + 60)  # start-up
        self._stopped: tuple[str, str] | None = None
        self._notebook = (resources or {}).get("nbgrader", {}).get("notebook", "")
        self._mode = answers.grading_mode(nb) if self.separate_tests else answers.IN_KERNEL
        self._token = answers.new_token()
        self._exports: dict[str, tuple[dict[str, Any], dict[str, str]]] = {}
        self._guarded = False
        self._hidden = False
        nb, resources = super().preprocess(nb, resources, km)
        if self._mode == answers.SEPARATE:
            CleanRun(self, nb, resources).run()
        for index, cell in enumerate(nb.cells):  # display updates may have grown any cell
            if cell.cell_type == "code" and self._cap_cell(cell):
                record(Kind.OUTPUT_TRUNCATED, f"keluaran sel {index + 1}",
                       notebook=self._notebook)
        return nb, resources

    def _cap_cell(self, cell: NotebookNode) -> bool:
        """Cut a cell's outputs to ``max_output_chars`` (errors kept, shortened); changed?"""
        outputs = list(cell.get("outputs", []))
        if sum(_output_size(o) for o in outputs) <= self.max_output_chars:
            return False
        kept = [self._short_error(o) for o in outputs if o.get("output_type") == "error"]
        cell.outputs = kept + [NotebookNode(output_type="stream", name="stderr",
                                            text=TRUNCATED_NOTICE)]
        return True

    def _short_error(self, output: NotebookNode) -> NotebookNode:
        limit = self.max_error_chars
        return NotebookNode(output_type="error", ename=str(output.get("ename", ""))[:200],
                            evalue=str(output.get("evalue", ""))[:limit],
                            traceback=[str(line)[:limit]
                                       for line in list(output.get("traceback", []))[-20:]])

    def _get_timeout(self, cell):
        timeout = super()._get_timeout(cell)
        if cell is None:
            return timeout
        if self._deadline == float("inf"):
            return timeout
        remaining = max(1, int(self._deadline - time.monotonic()))
        self._budget_capped = timeout is None or remaining < timeout
        return remaining if self._budget_capped else timeout

    _ENAMES = {"notebook_timeout": "BatasWaktuNotebook", "kernel_crashed": "KernelMati",
               "timeout": "KernelMacet"}

    def _stop(self, kind: str, message: str) -> None:
        self._stopped = (self._ENAMES.get(kind, "PenilaianBerhenti"), message)
        record(Kind(kind), message, notebook=self._notebook)

    def _run_hidden(self, source: str, index: int) -> str:
        """Run ikmkit's own *source* in the participant's kernel; what it printed."""
        tmp = nbformat.v4.new_code_cell(source)
        original = self.nb.cells[index]  # nbclient stores the executed cell at its index
        self._hidden = True
        self._out_chars = 0
        try:
            self.execute_cell(tmp, index, store_history=False)
        except DeadKernelError:
            self._stop("kernel_crashed", "kernel berhenti mendadak (crash)")
        except CellTimeoutError:
            self._kill()
            self._stop("timeout", "kernel tidak menanggapi setelah batas waktu sel")
        finally:
            self._hidden = False
            self.nb.cells[index] = original
        return "".join(str(o.get("text", "")) for o in tmp.get("outputs", [])
                       if o.get("output_type") == "stream")

    def _guard(self, cell: NotebookNode, index: int) -> bool:
        """In-kernel mode: restore the shell before a test cell; False if that failed."""
        if not answers.is_test_cell(cell):
            return True
        from ikmkit.grading.suspicious import names_used

        printed = self._run_hidden(answers.guard_source(self._token, sorted(
            names_used([cell.source]))), index)
        if self._token in printed or self._stopped is not None:
            return True
        record(Kind.GUARD_FAILED, f"sel {index + 1}: kernel peserta tidak bisa dipulihkan "
               "sebelum tes", notebook=self._notebook)
        cell.outputs = [_error_output("PenilaianDiragukan", "kode peserta mengubah cara "
                                      "kernel menjalankan sel; tes ini tidak bisa dipercaya")]
        return False

    def _export(self, cell: NotebookNode, index: int) -> None:
        """Separate mode: take this test's declared answers out of the participant's kernel
        (the test itself runs later, in a clean kernel)."""
        names = answers.declared_answers(cell) or []
        text = self._run_hidden(answers.export_source(names, self._token), index) \
            if self._stopped is None else ""
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", f"sel-{index}")
        self._exports[grade_id] = answers.parse_export(text, self._token, names)
        cell.outputs = []

    def _before(self, cell: NotebookNode, index: int) -> bool:
        """Separate mode: export instead of running a test cell; in-kernel mode: snapshot
        the shell first, and restore it before a test cell. True if the cell runs now."""
        if self._mode == answers.SEPARATE and answers.is_test_cell(cell):
            self._export(cell, index)
            return False
        if self._mode == answers.IN_KERNEL and self._stopped is None:
            if not self._guarded:  # before any participant code: remember the clean shell
                self._guarded = True
                self._run_hidden(answers.snapshot_source(), index)
            return self._guard(cell, index)
        return True

    def _start_budget(self) -> None:
        """Start the notebook's budget at its first cell; stop it when spent."""
        if self._deadline == float("inf"):
            self._deadline = time.monotonic() + max(1, self.notebook_timeout)
            set_deadline(self._deadline)
        if self._stopped is None and time.monotonic() >= self._deadline:
            self._kill()
            self._stop("notebook_timeout",
                       f"batas waktu notebook ({self.notebook_timeout} detik) habis")

    def _after(self, cell: NotebookNode, index: int) -> None:
        """Record what the cell's outputs say (timeouts, memory) and cap them."""
        names = [o.get("ename") for o in cell.get("outputs", []) if o.output_type == "error"]
        if "CellTimeoutError" in names and self._budget_capped:
            self._stop("notebook_timeout",
                       f"batas waktu notebook ({self.notebook_timeout} detik) habis")
        elif "CellTimeoutError" in names:
            record(Kind.TIMEOUT, f"sel {index + 1} melewati batas waktu",
                   notebook=self._notebook)
        if "MemoryError" in names:
            record(Kind.MEMORY_EXCEEDED, f"sel {index + 1} melewati batas memori",
                   notebook=self._notebook)
        if self._cap_cell(cell) or self._truncated:
            record(Kind.OUTPUT_TRUNCATED, f"keluaran sel {index + 1}", notebook=self._notebook)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip() or not self._before(cell, index):
            return cell, resources
        self._start_budget()
        if self._stopped is not None:
            cell.outputs = [_error_output(self._stopped[0], "sel ini tidak dijalankan: "
                                          + self._stopped[1])]
            return cell, resources
        self._out_chars = 0
        self._truncated = False
        self._budget_capped = False
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._stop("kernel_crashed", "kernel berhenti mendadak (crash)")
            cell.outputs = list(cell.get("outputs", [])) + [
                _error_output("KernelMati", "kernel berhenti mendadak saat sel ini dijalankan")]
            return cell, resources
        except CellTimeoutError:
            self._kill()
            self._stop("timeout", "kernel tidak menanggapi setelah batas waktu sel")
            cell.outputs = list(cell.get("outputs", [])) + [
                _error_output("CellTimeoutError", "sel melewati batas waktu dan kernel macet")]
            return cell, resources
        self._after(cell, index)
        return cell, resources

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        if self._hidden:  # ikmkit's own cell: keep its line, within the export limit
            self._out_chars = getattr(self, "_out_chars", 0) + _output_size(content)
            if self._out_chars > 2 * answers.MAX_EXPORT_BYTES:
                return None
            return super().output(outs, msg, display_id, cell_index)
        if msg["msg_type"] == "error":  # kept (the grade needs it), but short
            limit = self.max_error_chars
            if _output_size(content) > 4 * limit:
                self._truncated = True
            content["evalue"] = str(content.get("evalue", ""))[:limit]
            content["traceback"] = [str(line)[:limit]
                                    for line in list(content.get("traceback", []))[-20:]]
            return super().output(outs, msg, display_id, cell_index)
        self._out_chars = getattr(self, "_out_chars", 0) + _output_size(content)
        if self._out_chars > self.max_output_chars:
            if not getattr(self, "_truncated", False):
                self._truncated = True
                outs.append(NotebookNode(output_type="stream", name="stderr",
                                         text=TRUNCATED_NOTICE))
            return None
        return super().output(outs, msg, display_id, cell_index)

    def _update_display_id(self, display_id, msg):
        # nbclient applies display updates without output(): count and cap them here too
        size = _output_size(msg.get("content", {}))
        self._out_chars = getattr(self, "_out_chars", 0) + size
        if size > self.max_output_chars or self._out_chars > 4 * self.max_output_chars:
            self._truncated = True
            return None
        return super()._update_display_id(display_id, msg)

    def _kill(self) -> None:
        km = self.km
        if km is None:
            return
        kill_now = getattr(km, "kill_now", None)
        if kill_now is not None:
            kill_now()
            return
        pgid = getattr(getattr(km, "provisioner", None), "pgid", None)
        if pgid:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except OSError:
                pass


class CleanRun:
    """The hidden tests of a separately graded notebook, in a kernel of their own.

    The kernel never ran participant code: it runs the notebook's test cells and the released
    (locked) cells they depend on (:func:`~ikmkit.grading.answers.cells_for_tests`) in
    order, and before each test cell the answers that test declared, as exported from the
    participant's kernel (:mod:`ikmkit.grading.answers`). Its test-cell outputs replace the
    (empty) ones of the graded notebook; nbgrader then scores them as usual. An answer that
    could not be exported fails its test with an Indonesian message.
    """

    def __init__(self, execute: SafeExecute, nb: NotebookNode, resources: dict) -> None:
        self.execute, self.nb, self.resources = execute, nb, resources

    def _notebook(self) -> tuple[NotebookNode, dict[int, int]]:
        exports = self.execute._exports
        union: dict[str, Any] = {}
        for values, _ in exports.values():
            union.update(values)
        cells = [nbformat.v4.new_code_cell(answers.seed_source(union))]
        where: dict[int, int] = {}
        for index in answers.cells_for_tests(self.nb.cells):
            cell = self.nb.cells[index]
            if answers.is_test_cell(cell):
                grade_id = cell.metadata["nbgrader"].get("grade_id", "")
                values, _ = exports.get(grade_id, ({}, {}))
                cells.append(nbformat.v4.new_code_cell(answers.seed_source(values)))
                where[len(cells)] = index
            cells.append(nbformat.v4.new_code_cell(cell.source))
        clean = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(self.nb.metadata))
        return clean, where

    def _folder(self) -> str:
        """A scratch folder with the assignment's own data files (the trainer's, from
        ``source/``), never the participant's."""
        import shutil
        import tempfile

        folder = tempfile.mkdtemp(prefix="bersih-")
        self._declared_files(folder)
        assignment = self.resources.get("nbgrader", {}).get("assignment", "")
        root = _course_root(self.execute)
        source = os.path.join(root or "", "source", assignment)
        if root and assignment and os.path.isdir(source):
            for name in os.listdir(source):
                path = os.path.join(source, name)
                if os.path.isfile(path) and not os.path.islink(path) and \
                        not name.endswith(".ipynb"):
                    shutil.copy(path, folder)
        return folder

    def _declared_files(self, folder: str) -> None:
        """Copy the files test cells declare (data the participant's notebook wrote, e.g.
        profil_ikm.json) from the graded folder: regular files only, never a link."""
        from ikmkit._files import UnsafeFile, read_small_file

        work = self.resources.get("metadata", {}).get("path") or ""
        names = {n for c in self.nb.cells if answers.is_test_cell(c)
                 for n in answers.declared_files(c)}
        for name in sorted(names):
            try:
                data = read_small_file(os.path.join(work, name), answers.MAX_EXPORT_BYTES)
            except UnsafeFile:
                continue  # the test then reports the file as missing
            with open(os.path.join(folder, name), "wb") as fh:
                fh.write(data)

    def run(self) -> None:
        import shutil

        from nbclient import NotebookClient

        execute = self.execute
        clean, where = self._notebook()
        folder = self._folder()
        client = NotebookClient(
            clean, kernel_manager_class=SandboxKernelManager, config=execute.config,
            timeout=execute.timeout, allow_errors=True, shutdown_kernel="immediate",
            store_widget_state=False,
            skip_cells_with_tag=execute.skip_cells_with_tag,
            resources={"metadata": {"path": folder}})
        failure = None
        try:
            client.execute()
        except Exception as exc:  # noqa: BLE001 - whatever stops the clean kernel fails the tests
            failure = f"penilaian tes terhenti ({type(exc).__name__})"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        for clean_index, index in where.items():
            self._fill(self.nb.cells[index], clean.cells[clean_index], failure)

    def _fill(self, cell: NotebookNode, ran: NotebookNode, failure: str | None) -> None:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        _, problems = self.execute._exports.get(grade_id, ({}, {}))
        if problems:
            text = "; ".join(f"'{name}' {why}" for name, why in problems.items())
            if any(why != "belum diisi" for why in problems.values()):
                record(Kind.ANSWER_NOT_DATA, f"{grade_id}: {text}",
                       notebook=self.execute._notebook)
            cell.outputs = [_error_output("JawabanTidakBisaDinilai", text)]
            return
        outputs = list(ran.get("outputs", []))
        if failure and not any(o.get("output_type") == "error" for o in outputs) and \
                ran.get("execution_count") is None:
            outputs.append(_error_output("PenilaianGagal", failure))
        cell.outputs = outputs
        self.execute._cap_cell(cell)


def _course_root(preprocessor: Any) -> str | None:
    parent = preprocessor.parent
    while parent is not None:
        coursedir = getattr(parent, "coursedir", None)
        if coursedir is not None:
            return str(coursedir.root)
        parent = getattr(parent, "parent", None)
    return None


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback preprocessor: no hidden-test code, tracebacks reduced to their message.

    Test cells (locked graded code cells) keep only their errors; in every cell, an
    output that repeats a line of a hidden test is dropped.
    """

    def preprocess(self, nb, resources):
        self._hidden_lines = sorted({
            line.strip() for cell in nb.cells if cell.cell_type == "code"
            for line in _hidden_part(cell.source).splitlines()
            if len(line.strip()) >= 12 and BEGIN_HIDDEN not in line and END_HIDDEN not in line})
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code":
            return cell, resources
        cell = copy.deepcopy(cell)
        meta = cell.metadata.get("nbgrader", {})
        is_test = bool(meta.get("grade") and meta.get("locked") and not meta.get("solution"))
        if BEGIN_HIDDEN in cell.source:
            cell.source = strip_hidden_tests(cell.source)
        outputs = []
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                ename, evalue = output.get("ename", ""), output.get("evalue", "")
                output["traceback"] = [f"{ename}: {evalue}" if evalue else ename]
            elif is_test:
                continue
            text = json.dumps(output, ensure_ascii=False)
            if any(line in text or json.dumps(line)[1:-1] in text
                   for line in self._hidden_lines):
                continue
            outputs.append(output)
        cell.outputs = outputs
        return cell, resources


def _hidden_part(source: str) -> str:
    """The hidden-test regions of a cell's source, joined."""
    kept: list[str] = []
    hidden = False
    for line in source.split("\n"):
        if BEGIN_HIDDEN in line:
            hidden = True
        elif END_HIDDEN in line:
            hidden = False
        elif hidden:
            kept.append(line)
    return "\n".join(kept)
