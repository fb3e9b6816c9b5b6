"""Parallel, fault-tolerant autograding of a cohort on top of nbgrader.

:func:`grade` autogrades every submission in ``COURSE/submitted/<participant>/<assignment>/``
that is not graded yet (or all of them with ``regrade=True``). nbgrader does the grading
(its ``Autograde`` converter through ``NbGraderAPI.autograde``); ikmkit adds:

- **long-lived workers** (``jobs`` processes, started once from a fork server that has
  imported nbgrader already) instead of one ``nbgrader autograde`` start per run;
  kernels are shut down immediately and talk over per-kernel Unix sockets, so parallel
  kernel starts cannot pick the same TCP port;
- **safety**: a per-cell timeout and a per-notebook budget, a memory cap, a kernel that
  dies or hangs costs only the rest of that notebook, invalid or missing notebooks are
  reported by participant and file while everyone else is graded, deleted or edited
  test cells are restored from the gradebook (:class:`ikmkit.nbgrader_ext.RestoreCells`),
  and participant code runs in a sandbox (:mod:`ikmkit.sandbox`) that cannot reach the
  gradebook or other participants' files;
- **one writer at a time**: with an SQLite gradebook, workers open it only while holding
  an exclusive file lock (every ``nbgrader.api.Gradebook`` a worker creates takes the
  lock until it is closed), so no "database is locked" and no lost grade; a worker that
  dies mid-submission leaves no autograded folder, so the next run grades it again;
- **a report**: one :class:`Outcome` per submission, printed and written to
  ``COURSE/hasil-penilaian.csv`` (the latest outcome of every submission).

Exit codes of ``ikmkit grade``: 0 when every submission was graded (also when a
participant's code timed out, crashed or hit the memory cap: that is a grade);
1 when some submission could not be graded (invalid or missing notebook, an error).

>>> from ikmkit.grading import Outcome, STATUS_LABELS
>>> o = Outcome("ikm-001", "m01-standardisasi", "timeout", 3.0, 10.0, "sel 4 melewati batas waktu")
>>> o.failed, STATUS_LABELS[o.status]
(False, 'melewati batas waktu')
>>> Outcome("ikm-002", "m01-standardisasi", "invalid_notebook").failed
True
"""

from __future__ import annotations

import csv
import logging
import multiprocessing
import multiprocessing.connection
import os
import re
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ikmkit.course import CourseError, assignments, db_url, load_config, participant_id_problem

__all__ = [
    "FAILED_STATUSES",
    "STATUSES",
    "STATUS_LABELS",
    "GradeRun",
    "Outcome",
    "default_jobs",
    "generate_feedback",
    "grade",
]

log = logging.getLogger(__name__)

STATUSES = ("graded", "timeout", "kernel_crashed", "memory_exceeded", "invalid_notebook",
            "missing_notebook", "error")
#: Outcomes that mean the submission has no (complete) grade: ``ikmkit grade`` exits 1.
FAILED_STATUSES = frozenset({"invalid_notebook", "missing_notebook", "error"})
STATUS_LABELS = {
    "graded": "dinilai",
    "timeout": "melewati batas waktu",
    "kernel_crashed": "kernel berhenti mendadak",
    "memory_exceeded": "melewati batas memori",
    "invalid_notebook": "notebook rusak",
    "missing_notebook": "notebook tidak ada",
    "error": "gagal dinilai",
}
CSV_NAME = "hasil-penilaian.csv"
CSV_FIELDS = ("participant", "assignment", "status", "keterangan_status", "score", "max_score",
              "restored_cells", "access_denied", "detail", "seconds", "graded_at")


@dataclass(frozen=True)
class Outcome:
    """What happened to one submission (participant x assignment)."""

    participant: str
    assignment: str
    status: str
    score: float | None = None
    max_score: float | None = None
    detail: str = ""
    restored_cells: tuple[str, ...] = ()
    access_denied: bool = False
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        """True if the submission could not be graded (see :data:`FAILED_STATUSES`)."""
        return self.status in FAILED_STATUSES


@dataclass
class GradeRun:
    """The result of :func:`grade`."""

    outcomes: list[Outcome]
    csv_path: Path
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    jobs: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True if no submission failed to be graded."""
        return not any(o.failed for o in self.outcomes)


def default_jobs() -> int:
    """Workers that suit this machine: kernels wait a lot, so two per core, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, 2 * cores))


# --------------------------------------------------------------------------- parent side

def _parse_timestamp(path: Path) -> datetime | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    try:
        from dateutil.parser import parse

        stamp = parse(text)
    except (ValueError, OverflowError):
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp


def _already_graded(root: Path, participant: str, assignment: str) -> bool:
    """nbgrader's own rule: an autograded copy exists and the submission is not newer."""
    dest = root / "autograded" / participant / assignment
    if not dest.is_dir():
        return False
    new = _parse_timestamp(root / "submitted" / participant / assignment / "timestamp.txt")
    old = _parse_timestamp(dest / "timestamp.txt")
    return not (new is not None and old is not None and new > old)


def _sqlite_path(url: str) -> Path | None:
    m = re.match(r"^sqlite:///(.+?)(\?.*)?$", url)
    return Path(m.group(1)) if m else None


def _worker_db_url(url: str) -> str:
    """Give SQLite a long busy timeout (pysqlite's ``timeout``) as a second safeguard."""
    if _sqlite_path(url) is not None and "timeout=" not in url:
        return url + ("&" if "?" in url else "?") + "timeout=120"
    return url


def _scan(root: Path, regrade: bool) -> tuple[list[tuple[str, str]], list[Outcome],
                                              list[tuple[str, str]]]:
    """(to grade, immediate outcomes, skipped) for every folder under submitted/."""
    known = set(assignments(root))
    todo: list[tuple[str, str]] = []
    early: list[Outcome] = []
    skipped: list[tuple[str, str]] = []
    submitted = root / "submitted"
    if not submitted.is_dir():
        return todo, early, skipped
    for pdir in sorted(p for p in submitted.iterdir() if p.is_dir()):
        for adir in sorted(a for a in pdir.iterdir() if a.is_dir()):
            participant, assignment = pdir.name, adir.name
            problem = participant_id_problem(participant)
            if problem:
                early.append(Outcome(participant, assignment, "error",
                                     detail=f"nama folder peserta tidak sah: {problem}"))
            elif assignment not in known:
                early.append(Outcome(participant, assignment, "error",
                                     detail=f"tugas '{assignment}' tidak dikenal di kursus ini"))
            elif not regrade and _already_graded(root, participant, assignment):
                skipped.append((participant, assignment))
            else:
                todo.append((participant, assignment))
    return todo, early, skipped


def _write_csv(path: Path, outcomes: Sequence[Outcome]) -> None:
    """Upsert outcomes into the course's CSV (one row per participant x assignment)."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    if path.is_file():
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                rows[(row["participant"], row["assignment"])] = row
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for o in outcomes:
        rows[(o.participant, o.assignment)] = {
            "participant": o.participant,
            "assignment": o.assignment,
            "status": o.status,
            "keterangan_status": STATUS_LABELS[o.status],
            "score": "" if o.score is None else f"{o.score:g}",
            "max_score": "" if o.max_score is None else f"{o.max_score:g}",
            "restored_cells": " ".join(o.restored_cells),
            "access_denied": "ya" if o.access_denied else "",
            "detail": o.detail,
            "seconds": f"{o.seconds:.1f}",
            "graded_at": now,
        }
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for key in sorted(rows):
            writer.writerow(rows[key])
    os.replace(tmp, path)


class _Worker:
    def __init__(self, ctx: Any, index: int, settings: dict[str, Any]) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, index, settings),
                                   name=f"ikmkit-grade-{index}", daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[str, str] | None = None
        self.started = 0.0


def _mp_context() -> Any:
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["ikmkit._grading_preload"])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover


def _run_pool(root: Path, todo: list[tuple[str, str]], jobs: int, settings: dict[str, Any],
              progress: bool, task_limit: float) -> list[Outcome]:
    ctx = _mp_context()
    outcomes: list[Outcome] = []
    queue = list(todo)
    workers = [_Worker(ctx, i, settings) for i in range(jobs)]
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), desc="Menilai", unit="kiriman", file=sys.stderr)

    def finish(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if bar is not None:
            bar.update(1)
            if outcome.status != "graded":
                bar.write(f"  {outcome.participant}/{outcome.assignment}: "
                          f"{STATUS_LABELS[outcome.status]} {outcome.detail}".rstrip())

    def dispatch(w: _Worker) -> None:
        if queue:
            w.task = queue.pop(0)
            w.started = time.monotonic()
            w.conn.send(w.task)
        else:
            w.task = None

    try:
        for w in workers:
            dispatch(w)
        while any(w.task is not None for w in workers):
            busy = [w for w in workers if w.task is not None]
            ready = multiprocessing.connection.wait(
                [w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=5)
            for w in list(busy):
                task = w.task
                assert task is not None
                if w.conn in ready:
                    try:
                        outcome = w.conn.recv()
                    except (EOFError, OSError):
                        outcome = None
                    if outcome is not None:
                        finish(outcome)
                        dispatch(w)
                        continue
                hung = time.monotonic() - w.started > task_limit
                if w.process.sentinel in ready or not w.process.is_alive() or hung:
                    # the worker itself died or hung: that submission failed, the run goes on
                    if w.process.is_alive():
                        w.process.kill()
                    w.process.join(5)
                    shutil.rmtree(root / "autograded" / task[0] / task[1], ignore_errors=True)
                    why = "penilai macet dan dihentikan" if hung else "proses penilai berhenti"
                    finish(Outcome(task[0], task[1], "error", detail=why))
                    index = workers.index(w)
                    workers[index] = _Worker(ctx, index, settings)
                    dispatch(workers[index])
    finally:
        for w in workers:
            try:
                if w.process.is_alive():
                    w.conn.send(None)
            except OSError:
                pass
        for w in workers:
            w.process.join(10)
            if w.process.is_alive():
                w.process.kill()
        if bar is not None:
            bar.close()
    return outcomes


def grade(
    course_dir: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    cell_timeout: int = 30,
    notebook_timeout: int = 300,
    memory_mb: int | None = 1024,
    regrade: bool = False,
    progress: bool = True,
    participants: Iterable[str] | None = None,
    isolate: bool = True,
    fork_kernels: bool = True,
) -> GradeRun:
    """Autograde the submissions of a course directory; see the module docstring.

    ``participants`` limits the run to some participants. ``isolate=False`` runs kernels
    without bubblewrap (resource limits only). ``fork_kernels`` (with bubblewrap only) forks
    each kernel from a pre-imported kernel server in the worker's sandbox
    (:class:`ikmkit.sandbox.KernelZygote`) instead of starting Python afresh. Workers
    are started through :mod:`multiprocessing` (fork server), so a script that calls
    this function needs the usual ``if __name__ == "__main__":`` guard. Returns a
    :class:`GradeRun`; the CSV at ``GradeRun.csv_path`` holds the latest outcome of every
    submission.
    """
    start = time.monotonic()
    root = Path(course_dir).resolve()
    if not (root / "source").is_dir():
        raise CourseError(f"'course_dir' bukan folder kursus (jalankan `ikmkit course init`): "
                          f"{root}")
    if cell_timeout < 1 or notebook_timeout < 1:
        raise CourseError(f"'timeout' harus paling sedikit 1 detik: {cell_timeout}")
    if memory_mb is not None and memory_mb < 128:
        raise CourseError(f"'memory' harus paling sedikit 128 MB: {memory_mb}")
    todo, early, skipped = _scan(root, regrade)
    if participants is not None:
        wanted = set(participants)
        todo = [t for t in todo if t[0] in wanted]
        early = [o for o in early if o.participant in wanted]
        skipped = [t for t in skipped if t[0] in wanted]
    run_warnings: list[str] = []
    from ikmkit.sandbox import isolation_problem

    problem = isolation_problem() if isolate else (
        "Isolasi kode peserta dimatikan (isolate=False).")
    if problem and todo:
        run_warnings.append(problem)
        warnings.warn(problem, RuntimeWarning, stacklevel=2)
    url = db_url(root)
    sqlite = _sqlite_path(url)
    hidden = [str(root)]
    exchange = load_config(root).get("Exchange", {}).get("root") or "/srv/nbgrader/exchange"
    if os.path.isdir(exchange):  # other participants' copies in nbgrader's exchange
        hidden.append(str(exchange))
    if sqlite is not None and not str(sqlite.resolve()).startswith(str(root)):
        hidden.append(str(sqlite.resolve().parent))
    runtime = tempfile.mkdtemp(prefix="ikmkit-")
    settings = {
        "root": str(root),
        "db_url": _worker_db_url(url),
        "lock_path": str(sqlite) + ".ikmkit-lock" if sqlite is not None else None,
        "cell_timeout": int(cell_timeout),
        "notebook_timeout": int(notebook_timeout),
        "memory_mb": memory_mb,
        "hidden": hidden,
        "isolate": bool(isolate),
        "fork_kernels": bool(fork_kernels),
        "preload": assignment_imports(root) if fork_kernels else [],
        "runtime": runtime,
    }
    n_jobs = max(1, min(jobs or default_jobs(), len(todo) or 1))
    outcomes = list(early)
    try:
        if todo:
            # a submission may hold several notebooks; allow each its full budget, twice
            limit = 2.0 * notebook_timeout * 4 + 120
            outcomes += _run_pool(root, todo, n_jobs, settings, progress, limit)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    outcomes.sort(key=lambda o: (o.participant, o.assignment))
    csv_path = root / CSV_NAME
    _write_csv(csv_path, outcomes)
    return GradeRun(outcomes=outcomes, csv_path=csv_path, skipped=skipped,
                    warnings=run_warnings, jobs=n_jobs if todo else 0,
                    seconds=time.monotonic() - start)


# --------------------------------------------------------------------------- worker side

class _FileLock:
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


def _reuse_engines() -> None:
    """One SQLAlchemy engine per database URL in this worker, for all its Gradebooks.

    nbgrader builds a new engine for every ``Gradebook`` (about 13 per submission), which
    throws away SQLAlchemy's compiled-statement cache each time. ``Gradebook.close``
    still disposes the engine's connections, so no connection outlives a Gradebook.
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

    api._ikmkit_engines = engines
    api.create_engine = create_engine


def assignment_imports(course_dir: str | os.PathLike[str]) -> list[str]:
    """Top-level modules the course's source notebooks import (e.g. ``ikmkit``, ``math``).

    Grading workers import these once in their kernel zygote, so each participant's
    kernel starts with them loaded instead of importing them again (``import pandas``
    alone costs about 0.3 s). Modules of the course folder itself are left out.
    """
    import json

    root = Path(course_dir)
    found: dict[str, None] = {}
    from_import = re.compile(r"^\s*from\s+([A-Za-z_][\w.]*)\s+import\s+\(?([\w\s,]+)",
                             re.MULTILINE)
    plain_import = re.compile(r"^\s*import\s+([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)",
                              re.MULTILINE)
    for path in sorted((root / "source").glob("*/*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            for m in plain_import.finditer(text):
                for name in m.group(1).split(","):
                    found.setdefault(name.strip(), None)
            for m in from_import.finditer(text):
                found.setdefault(m.group(1), None)
                for name in m.group(2).replace("\n", " ").split(","):
                    name = name.strip().split(" ")[0]
                    if name.isidentifier():  # maybe a submodule (from ikmkit import readiness)
                        found.setdefault(f"{m.group(1)}.{name}", None)
    source_dir = root / "source"
    local = {p.stem for p in source_dir.rglob("*.py")} | {
        p.name for p in source_dir.rglob("*") if (p / "__init__.py").is_file()}
    return [n for n in found if n and n.split(".")[0] not in local]


def _install_gradebook_lock(lock: _FileLock) -> None:
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


def _worker_config(settings: dict[str, Any], kernel_root: str):
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

    from ikmkit.nbgrader_ext import RestoreCells, SafeExecute

    config = load_config(settings["root"])
    config.CourseDirectory.db_url = settings["db_url"]
    config.Autograde.sanitize_preprocessors = [
        ClearOutput, DeduplicateIds, OverwriteKernelspec, RestoreCells, CheckCellMetadata]
    config.Autograde.autograde_preprocessors = [
        SafeExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
        AssignLatePenalties, CheckCellMetadata]
    config.Execute.timeout = settings["cell_timeout"]
    config.Execute.interrupt_on_timeout = True
    config.Execute.shutdown_kernel = "immediate"
    config.Execute.execute_retries = 0
    config.SafeExecute.notebook_timeout = settings["notebook_timeout"]
    config.SandboxKernelManager.runtime_root = kernel_root
    config.SandboxKernelManager.memory_mb = settings["memory_mb"]
    config.SandboxKernelManager.hidden_paths = list(settings["hidden"])
    config.SandboxKernelManager.isolate = settings["isolate"]
    config.SandboxKernelManager.zygote = settings.get("fork_kernels", True)
    config.SandboxKernelManager.zygote_preload = list(settings.get("preload", []))
    return config


class _WorkerState:
    def __init__(self, index: int, settings: dict[str, Any]) -> None:
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        from ikmkit.course import ensure_tools_on_path

        ensure_tools_on_path()
        warnings.filterwarnings("ignore", module="nbgrader")  # SQLAlchemy noise in nbgrader
        warnings.filterwarnings("ignore", message=".*not in session.*")
        _reuse_engines()
        self.settings = settings
        self.root = Path(settings["root"])
        kernel_root = os.path.join(settings["runtime"], f"w{index}")
        os.makedirs(kernel_root, exist_ok=True)
        os.environ["JUPYTER_RUNTIME_DIR"] = kernel_root
        self.lock = _FileLock(settings["lock_path"]) if settings["lock_path"] else None
        if self.lock is not None:
            _install_gradebook_lock(self.lock)
        config = _worker_config(settings, kernel_root)
        self.coursedir = CourseDirectory(config=config)
        self.api = NbGraderAPI(coursedir=self.coursedir, config=config)
        self.notebooks: dict[str, list[str]] = {}

    def expected_notebooks(self, assignment: str) -> list[str]:
        if assignment not in self.notebooks:
            from nbgrader.api import Gradebook

            with Gradebook(self.settings["db_url"], self.coursedir.course_id) as gb:
                self.notebooks[assignment] = sorted(
                    n.name for n in gb.find_assignment(assignment).notebooks)
        return self.notebooks[assignment]


def _check_notebooks(folder: Path, expected: list[str]) -> tuple[list[str], list[str]]:
    """(problems with files that are not valid notebooks, expected notebooks missing)."""
    import nbformat

    invalid = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
            nbformat.validate(nb)
        except Exception as exc:  # JSON errors, schema errors, undecodable bytes
            reason = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
            invalid.append(f"{path.name} ({type(exc).__name__}: {reason})")
    missing = [f"{n}.ipynb" for n in expected if not (folder / f"{n}.ipynb").is_file()]
    return invalid, missing


def _access_denied(root: Path, workdir: Path) -> bool:
    """Whether the autograded notebooks show an attempt to touch what is hidden."""
    import nbformat

    marks = ("Read-only file system", "Permission denied")
    for path in workdir.glob("*.ipynb"):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                if out.get("output_type") != "error":
                    continue
                text = f"{out.get('evalue', '')}"
                if any(m in text for m in marks):
                    return True
                if str(root) in text and str(workdir) not in text:
                    return True
    return False


def _grade_one(state: _WorkerState, participant: str, assignment: str) -> Outcome:
    from ikmkit import nbgrader_ext

    start = time.monotonic()
    root = state.root
    folder = root / "submitted" / participant / assignment
    expected = state.expected_notebooks(assignment)
    invalid, missing = _check_notebooks(folder, expected)
    if invalid:
        return Outcome(participant, assignment, "invalid_notebook",
                       detail="bukan notebook yang sah: " + "; ".join(invalid),
                       seconds=time.monotonic() - start)
    if len(missing) == len(expected):
        present = ", ".join(sorted(p.name for p in folder.glob("*.ipynb"))) or "tidak ada"
        return Outcome(participant, assignment, "missing_notebook",
                       detail=f"tidak ditemukan: {', '.join(missing)} (yang ada: {present})",
                       seconds=time.monotonic() - start)
    nbgrader_ext.EVENTS.clear()
    result = state.api.autograde(assignment, participant, force=True, create=True)
    if state.lock is not None:
        state.lock.reset()  # never keep the gradebook locked past one submission
    events = list(nbgrader_ext.EVENTS)
    kinds = {e[0] for e in events}
    restored = tuple(dict.fromkeys(e[2] for e in events if e[0] == "restored"))
    if not result.get("success"):
        text = (result.get("log") or "") + "\n" + (result.get("error") or "")
        lines = [m.group(1) for m in re.finditer(r"^\s*((?:\w+\.)*\w+(?:Error|Exception)\b.*)$",
                                                 text, re.MULTILINE)
                 if "NbGraderException" not in m.group(1)]
        detail = lines[-1][:300] if lines else "nbgrader autograde gagal"
        if os.environ.get("IKMKIT_DEBUG"):
            print(text, file=sys.stderr)
        shutil.rmtree(root / "autograded" / participant / assignment, ignore_errors=True)
        return Outcome(participant, assignment, "error", detail=detail, restored_cells=restored,
                       seconds=time.monotonic() - start)
    from nbgrader.api import Gradebook

    with Gradebook(state.settings["db_url"], state.coursedir.course_id) as gb:
        sub = gb.find_submission(assignment, participant)
        score, max_score = float(sub.score), float(sub.max_score)
        manual = sum(1 for nb in sub.notebooks for g in nb.grades if g.needs_manual_grade)
    if state.lock is not None:
        state.lock.reset()
    notes = [e[2] for e in events if e[0] != "restored"]
    status = "graded"
    for kind in ("kernel_crashed", "memory_exceeded", "timeout", "notebook_timeout"):
        if kind in kinds:
            status = "timeout" if kind == "notebook_timeout" else kind
            break
    else:
        if missing:
            status = "missing_notebook"
    if missing:
        notes.append("tidak ditemukan (nilai 0): " + ", ".join(missing))
    if restored:
        notes.append("sel tes dipulihkan: " + ", ".join(restored))
    if manual:
        notes.append(f"{manual} sel perlu dinilai manual")
    denied = _access_denied(root, root / "autograded" / participant / assignment)
    if denied:
        notes.append("percobaan mengakses berkas di luar folder kiriman ditolak")
    return Outcome(participant, assignment, status, score, max_score,
                   detail="; ".join(dict.fromkeys(notes)), restored_cells=restored,
                   access_denied=denied, seconds=time.monotonic() - start)


def _worker_main(conn: Any, index: int, settings: dict[str, Any]) -> None:
    """Loop of one long-lived worker: receive (participant, assignment), send an Outcome."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    state = None
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            from ikmkit.sandbox import close_zygotes

            close_zygotes()
            return
        participant, assignment = task
        try:
            if state is None:
                state = _WorkerState(index, settings)
            outcome = _grade_one(state, participant, assignment)
        except Exception as exc:  # never a traceback for one submission: report it
            if state is not None and state.lock is not None:
                state.lock.reset()
            shutil.rmtree(Path(settings["root"]) / "autograded" / participant / assignment,
                          ignore_errors=True)
            outcome = Outcome(participant, assignment, "error",
                              detail=f"{type(exc).__name__}: {exc}"[:300])
        conn.send(outcome)


def generate_feedback(course_dir: str | os.PathLike[str],
                      participants: Iterable[str] | None = None) -> list[Path]:
    """Indonesian HTML feedback for graded submissions; see :mod:`ikmkit.feedback`."""
    from ikmkit.feedback import generate_feedback as _generate

    return _generate(course_dir, participants)


def outcome_dict(outcome: Outcome) -> dict[str, Any]:
    """An Outcome as a plain dict (for JSON output)."""
    return asdict(outcome)
