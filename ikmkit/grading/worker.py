"""One grading worker: a long-lived process that autogrades one submission at a time.

The parent (:mod:`ikmkit.grading.runner`) starts a few workers from a fork server that has
imported nbgrader already, and sends each a (participant, assignment) pair; the worker
stages the submission (:mod:`ikmkit.grading.submissions`), runs nbgrader's ``autograde``
with ikmkit's preprocessors and sandboxed kernels, and answers with an
:class:`~ikmkit.grading.outcome.Outcome`. Its configuration is one frozen
:class:`WorkerSettings`.

With an SQLite gradebook every ``nbgrader.api.Gradebook`` a worker opens holds an
exclusive file lock until it is closed (:func:`install_gradebook_lock`), so workers never
see "database is locked" and no grade is lost.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ikmkit._text import printable
from ikmkit.grading.course import ensure_tools_on_path, load_config
from ikmkit.grading.events import EVENTS, Kind
from ikmkit.grading.outcome import FLAG_LABELS, Outcome
from ikmkit.grading.submissions import check_notebooks, stage_submission
from ikmkit.grading.suspicious import notebook_findings

# nbgrader (and ikmkit's preprocessors, which subclass its classes) cost seconds to import;
# they are imported where a worker first needs them, never by ``ikmkit grade``'s parent,
# which imports this module for worker_main. Workers get them from the fork server
# (ikmkit.grading._preload), so the import there is free.

__all__ = ["BAD_METADATA_DETAIL", "FileLock", "WorkerSettings", "grade_one",
           "install_gradebook_lock", "reuse_engines", "reuse_validators", "worker_main"]


@dataclass(frozen=True)
class WorkerSettings:
    """Everything a worker needs to know, fixed for one ``ikmkit grade`` run."""

    root: str
    db_url: str
    lock_path: str | None
    runtime: str
    cell_timeout: int = 30
    notebook_timeout: int = 300
    memory_mb: int | None = 1024
    isolate: bool = True
    fork_kernels: bool = True
    separate_tests: bool = True
    preload: tuple[str, ...] = ()


class FileLock:
    """A re-entrant (per process) exclusive lock on a file, shared between processes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.depth = 0
        self.fd: int | None = None

    def acquire(self) -> None:
        import fcntl

        if self.depth == 0:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        self.depth += 1

    def release(self) -> None:
        import fcntl

        if self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0 and self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def reset(self) -> None:
        while self.depth:
            self.release()

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def reuse_engines() -> None:
    """One SQLAlchemy engine per database URL in this worker, for all its Gradebooks.

    nbgrader builds a new engine for every ``Gradebook`` (about 13 per submission), which
    throws away SQLAlchemy's compiled-statement cache each time, and checks every table
    exists each time (once per engine here). ``Gradebook.close`` still disposes the
    engine's connections, so no connection outlives a Gradebook.
    """
    from nbgrader import api

    if getattr(api, "_ikmkit_engines", None) is not None:
        return
    engines: dict[str, Any] = {}
    original = api.create_engine

    def create_engine(url, *args, **kwargs):
        key = str(url)
        if key not in engines:
            engines[key] = original(url, *args, **kwargs)
        return engines[key]

    created: set[str] = set()
    create_all = api.Base.metadata.create_all

    def create_all_once(bind: Any = None, **kwargs: Any) -> None:
        # every Gradebook() checks that each table exists; once per engine is enough
        key = str(getattr(bind, "url", ""))
        if key and key in created and kwargs.get("tables") is None:
            return
        create_all(bind=bind, **kwargs)
        created.add(key)

    api._ikmkit_engines = engines
    api.create_engine = create_engine
    api.Base.metadata.create_all = create_all_once


def reuse_validators() -> None:
    """Build nbgrader's cell-metadata validator once per worker, not once per cell.

    nbgrader checks every cell's ``nbgrader`` metadata with ``jsonschema.validate``, which
    first checks the (constant) schema itself: most of the checking time. The cached
    validator checks the same schema and raises the same ``ValidationError``.
    """
    import jsonschema
    from nbgrader.nbgraderformat import common

    if getattr(common, "_ikmkit_validators", None) is not None:
        return
    validators: dict[int, Any] = {}

    def validate(instance: Any, schema: dict) -> None:
        validator = validators.get(id(schema))
        if validator is None:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = validators[id(schema)] = (cls(schema), schema)  # keep schema alive
        error = jsonschema.exceptions.best_match(validator[0].iter_errors(instance))
        if error is not None:
            raise error

    class _Jsonschema:  # nbgrader's module-level name `jsonschema`, with a cached validate
        def __getattr__(self, name: str) -> Any:
            return validate if name == "validate" else getattr(jsonschema, name)

    common._ikmkit_validators = validators
    common.jsonschema = _Jsonschema()


def install_gradebook_lock(lock: FileLock) -> None:
    """Make every nbgrader Gradebook in this process hold ``lock`` while it is open."""
    from nbgrader import api

    gradebook = api.Gradebook
    if getattr(gradebook, "_ikmkit_lock", None) is not None:
        gradebook._ikmkit_lock = lock
        return
    original_init, original_close = gradebook.__init__, gradebook.close

    def __init__(self, *args, **kwargs):
        current = gradebook._ikmkit_lock
        current.acquire()
        try:
            original_init(self, *args, **kwargs)
        except BaseException:
            current.release()
            raise
        self._ikmkit_holds = current

    def close(self):
        try:
            original_close(self)
        finally:
            held = self.__dict__.pop("_ikmkit_holds", None)
            if held is not None:
                held.release()

    gradebook._ikmkit_lock = lock
    gradebook.__init__ = __init__
    gradebook.close = close


def _worker_config(settings: WorkerSettings, kernel_root: str, staging: str):
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        ClearOutput,
        DeduplicateIds,
        IgnorePattern,
        LimitOutput,
        OverwriteKernelspec,
        SaveAutoGrades,
    )

    from ikmkit.grading.preprocessors import RestoreCells, SafeExecute

    config = load_config(settings.root)
    config.CourseDirectory.db_url = settings.db_url
    # nbgrader reads submissions from the worker's staging copy (see stage_submission);
    # an absolute path replaces the course-relative "submitted" in every path it builds
    config.CourseDirectory.submitted_directory = staging
    config.Autograde.sanitize_preprocessors = [
        ClearOutput, DeduplicateIds, OverwriteKernelspec, RestoreCells, CheckCellMetadata]
    config.Autograde.autograde_preprocessors = [
        SafeExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
        AssignLatePenalties, CheckCellMetadata]
    config.Execute.timeout = settings.cell_timeout
    config.Execute.interrupt_on_timeout = True
    config.Execute.shutdown_kernel = "immediate"
    config.Execute.execute_retries = 0
    config.SafeExecute.notebook_timeout = settings.notebook_timeout
    config.SafeExecute.separate_tests = settings.separate_tests
    config.SandboxKernelManager.runtime_root = kernel_root
    config.SandboxKernelManager.memory_mb = settings.memory_mb
    config.SandboxKernelManager.isolate = settings.isolate
    config.SandboxKernelManager.zygote = settings.fork_kernels
    config.SandboxKernelManager.zygote_preload = list(settings.preload)
    return config


class _WorkerState:
    def __init__(self, index: int, settings: WorkerSettings) -> None:
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        ensure_tools_on_path()
        warnings.filterwarnings("ignore", module="nbgrader")  # SQLAlchemy noise in nbgrader
        warnings.filterwarnings("ignore", message=".*not in session.*")
        reuse_engines()
        reuse_validators()
        self.settings = settings
        self.root = Path(settings.root)
        kernel_root = os.path.join(settings.runtime, f"w{index}")
        os.makedirs(kernel_root, exist_ok=True)
        os.environ["JUPYTER_RUNTIME_DIR"] = kernel_root
        self.staging = Path(settings.runtime) / f"kiriman-{index}"
        self.staging.mkdir(mode=0o700, exist_ok=True)
        self.lock = FileLock(settings.lock_path) if settings.lock_path else None
        if self.lock is not None:
            install_gradebook_lock(self.lock)
        config = _worker_config(settings, kernel_root, str(self.staging))
        self.coursedir = CourseDirectory(config=config)
        self.api = NbGraderAPI(coursedir=self.coursedir, config=config)
        self.notebooks: dict[str, list[str]] = {}
        self.test_sources: dict[str, list[str]] = {}

    def tests_of(self, assignment: str) -> list[str]:
        """Sources of the locked graded (test) cells of an assignment's source notebooks."""
        if assignment not in self.test_sources:
            import nbformat

            sources = []
            for path in sorted((self.root / "source" / assignment).glob("*.ipynb")):
                try:
                    nb = nbformat.read(path, as_version=4)
                except Exception:  # noqa: BLE001 - a trainer's file; nbgrader reports it
                    continue
                sources += [c.source for c in nb.cells if c.cell_type == "code"
                            and c.metadata.get("nbgrader", {}).get("grade")
                            and c.metadata.get("nbgrader", {}).get("locked")]
            self.test_sources[assignment] = sources
        return self.test_sources[assignment]

    def expected_notebooks(self, assignment: str) -> list[str]:
        if assignment not in self.notebooks:
            from nbgrader.api import Gradebook

            with Gradebook(self.settings.db_url, self.coursedir.course_id) as gb:
                self.notebooks[assignment] = sorted(
                    n.name for n in gb.find_assignment(assignment).notebooks)
        return self.notebooks[assignment]


def _code_flags(state: _WorkerState, assignment: str, folder: Path,
                expected: list[str]) -> dict[str, list[str]]:
    """Static findings (:mod:`ikmkit.grading.suspicious`) over the cells participants edit."""
    import nbformat

    editable: list[str] = []
    every: list[str] = []
    for name in expected:
        try:
            nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        except Exception:  # noqa: BLE001 - missing or invalid: reported elsewhere
            continue
        code = [c for c in nb.cells if c.cell_type == "code"]
        every += [c.source for c in code]
        editable += [c.source for c in code if not c.metadata.get("nbgrader", {}).get("locked")]
    return notebook_findings(editable, test_sources=state.tests_of(assignment),
                             all_sources=every)


def _early_outcome(state: _WorkerState, participant: str, assignment: str,
                   staged: Path, start: float) -> tuple[Outcome | None, list[str], list[str]]:
    """Stage and check a submission: (an outcome if it cannot be graded, notes, missing)."""
    found = stage_submission(state.root / "submitted" / participant / assignment, staged)
    notes = found.notes
    elapsed = time.monotonic() - start
    if found.refused:
        return Outcome(participant, assignment, "unsafe_submission",
                       detail="; ".join(found.refused[:5]), seconds=elapsed), notes, []
    expected = state.expected_notebooks(assignment)
    invalid, missing = check_notebooks(staged, expected)
    invalid = found.too_big + invalid
    if invalid:
        return Outcome(participant, assignment, "invalid_notebook",
                       detail="bukan notebook yang sah: " + "; ".join(invalid),
                       seconds=elapsed), notes, missing
    if len(missing) == len(expected):
        present = ", ".join(sorted(printable(p.name) for p in staged.glob("*.ipynb")))
        return Outcome(participant, assignment, "missing_notebook",
                       detail=f"tidak ditemukan: {', '.join(missing)} (yang ada: "
                              f"{present or 'tidak ada'})", seconds=elapsed), notes, missing
    return None, notes, missing


#: nbgrader's words for a notebook whose nbgrader cell metadata was edited (e.g. a cell the
#: participant added and marked locked), and what ikmkit tells the trainer instead.
_BAD_METADATA = ("nbgrader metadata may be corrupted", "KeyError: 'grade_id'")
BAD_METADATA_DETAIL = ("data nbgrader di notebook rusak atau diubah (mis. sel terkunci "
                       "tambahan): tidak dinilai; minta peserta menyalin jawabannya ke salinan "
                       "tugas yang baru (fetch) lalu mengirim ulang")


def _failure_detail(result: dict[str, Any]) -> str:
    text = (result.get("log") or "") + "\n" + (result.get("error") or "")
    if any(marker in text for marker in _BAD_METADATA):
        return BAD_METADATA_DETAIL
    lines = [m.group(1) for m in re.finditer(r"^\s*((?:\w+\.)*\w+(?:Error|Exception)\b.*)$",
                                             text, re.MULTILINE)
             if "NbGraderException" not in m.group(1)]
    if os.environ.get("IKMKIT_DEBUG"):
        print(text, file=sys.stderr)
    return lines[-1][:300] if lines else "nbgrader autograde gagal"


#: Event kinds that decide the status, strongest first.
_STATUS_OF = ((Kind.MEMORY_EXCEEDED, "memory_exceeded"), (Kind.KERNEL_CRASHED, "kernel_crashed"),
              (Kind.TIMEOUT, "timeout"), (Kind.NOTEBOOK_TIMEOUT, "timeout"))
#: Event kinds that raise a flag in the outcome.
_FLAG_OF = {Kind.TAGS_STRIPPED: "tag_eksekusi", Kind.OUTPUT_TRUNCATED: "keluaran_dipotong",
            Kind.FILES_DROPPED: "berkas_keluaran", Kind.FILES_NOT_COLLECTED: "berkas_keluaran",
            Kind.SANDBOX_STOPPED: "server_kernel_macet",
            Kind.ANSWER_NOT_DATA: "jawaban_bukan_data", Kind.GUARD_FAILED: "pemulihan_kernel_gagal"}


def _status(kinds: set[Kind], missing: list[str]) -> str:
    for kind, status in _STATUS_OF:
        if kind in kinds:
            return status
    return "missing_notebook" if missing else "graded"


def _flags_and_notes(found: dict[str, list[str]], notes: list[str], kinds: set[Kind],
                     missing: list[str], restored: tuple[str, ...], manual: int
                     ) -> tuple[tuple[str, ...], str]:
    flags = [*found, *(flag for kind, flag in _FLAG_OF.items() if kind in kinds)]
    notes = [*(f"{FLAG_LABELS[k]}: {', '.join(v)}" for k, v in found.items()), *notes]
    notes += [e.detail for e in EVENTS if e.kind not in (Kind.RESTORED, Kind.TAGS_STRIPPED)]
    if any("timestamp.txt" in n for n in notes):
        flags.append("timestamp")
    if Kind.TAGS_STRIPPED in kinds:
        notes.append(FLAG_LABELS["tag_eksekusi"])
    if missing:
        notes.append("tidak ditemukan (nilai 0): " + ", ".join(missing))
    if restored:
        notes.append("sel tes dipulihkan: " + ", ".join(restored))
    if manual:
        notes.append(f"{manual} sel perlu dinilai manual")
    return tuple(dict.fromkeys(flags)), "; ".join(dict.fromkeys(notes))


def grade_one(state: _WorkerState, participant: str, assignment: str) -> Outcome:
    """Stage, check and autograde one submission; its outcome (never an exception for
    anything the participant did)."""
    start = time.monotonic()
    staged = state.staging / participant / assignment
    try:
        early, notes, missing = _early_outcome(state, participant, assignment, staged, start)
        if early is not None:
            return early
        found = _code_flags(state, assignment, staged, state.expected_notebooks(assignment))
        EVENTS.clear()
        result = state.api.autograde(assignment, participant, force=True, create=True)
    finally:
        if state.lock is not None:
            state.lock.reset()  # never keep the gradebook locked past one submission
        shutil.rmtree(staged, ignore_errors=True)
    kinds = {e.kind for e in EVENTS}
    restored = tuple(dict.fromkeys(e.detail for e in EVENTS if e.kind is Kind.RESTORED))
    if not result.get("success"):
        shutil.rmtree(state.root / "autograded" / participant / assignment, ignore_errors=True)
        return Outcome(participant, assignment, "error", detail=_failure_detail(result),
                       restored_cells=restored, seconds=time.monotonic() - start)
    from nbgrader.api import Gradebook

    with Gradebook(state.settings.db_url, state.coursedir.course_id) as gb:
        sub = gb.find_submission(assignment, participant)
        score, max_score = float(sub.score), float(sub.max_score)
        manual = sum(1 for nb in sub.notebooks for g in nb.grades if g.needs_manual_grade)
    if state.lock is not None:
        state.lock.reset()
    flags, detail = _flags_and_notes(found, notes, kinds, missing, restored, manual)
    return Outcome(participant, assignment, _status(kinds, missing), score, max_score,
                   detail=detail, restored_cells=restored, flags=flags,
                   seconds=time.monotonic() - start)


def worker_main(conn: Any, index: int, settings: WorkerSettings) -> None:
    """Loop of one long-lived worker: receive (participant, assignment), send an Outcome."""
    from ikmkit.grading.sandbox import close_zygotes

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    state = None
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            close_zygotes()
            return
        participant, assignment = task
        try:
            if state is None:
                state = _WorkerState(index, settings)
            outcome = grade_one(state, participant, assignment)
        except Exception as exc:  # never a traceback for one submission: report it
            if state is not None and state.lock is not None:
                state.lock.reset()
            shutil.rmtree(Path(settings.root) / "autograded" / participant / assignment,
                          ignore_errors=True)
            outcome = Outcome(participant, assignment, "error",
                              detail=f"{type(exc).__name__}: {exc}"[:300])
        conn.send(outcome)
