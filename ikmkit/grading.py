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
  and participant code runs in a sandbox built from an allow-list (:mod:`ikmkit.sandbox`)
  that never has root's powers and cannot reach the course, the gradebook or other
  participants' files;
- **every input distrusted**: a submission is copied into a private staging folder before
  nbgrader sees it, refusing symlinks, FIFOs and devices (``unsafe_submission``), oversized
  notebooks (``invalid_notebook``) and malformed ``timestamp.txt`` files (ignored, named);
  code that reaches for the kernel's machinery is named in ``flags``
  (:mod:`ikmkit._suspicious`); names printed or written to the CSV are escaped;
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
import stat
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ikmkit._files import UnsafeFile, read_small_file, read_small_text
from ikmkit._suspicious import FLAG_LABELS as FLAG_LABELS_SUSPICIOUS
from ikmkit._text import printable, spreadsheet_safe
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
            "missing_notebook", "unsafe_submission", "error")
#: Outcomes that mean the submission has no (complete) grade: ``ikmkit grade`` exits 1.
FAILED_STATUSES = frozenset({"invalid_notebook", "missing_notebook", "unsafe_submission",
                             "error"})
STATUS_LABELS = {
    "graded": "dinilai",
    "timeout": "melewati batas waktu",
    "kernel_crashed": "kernel berhenti mendadak",
    "memory_exceeded": "melewati batas memori",
    "invalid_notebook": "notebook rusak",
    "missing_notebook": "notebook tidak ada",
    "unsafe_submission": "kiriman ditolak (berkas tidak aman)",
    "error": "gagal dinilai",
}
#: Flags an outcome may carry (see also :data:`ikmkit._suspicious.FLAG_LABELS`).
FLAG_LABELS = {
    **FLAG_LABELS_SUSPICIOUS,
    "tag_eksekusi": "tag yang mengatur eksekusi sel dihapus",
    "keluaran_dipotong": "keluaran sel terlalu panjang dan dipotong",
    "berkas_keluaran": "berkas yang ditulis kernel tidak disimpan semua",
    "timestamp": "timestamp.txt tidak sah dan diabaikan",
    "server_kernel_macet": "server kernel berhenti menanggapi dan dihentikan",
}
#: Largest notebook parsed (bigger ones are invalid), files and bytes of one submission.
MAX_NOTEBOOK_BYTES = 8 * 2**20
MAX_SUBMISSION_FILES = 100
MAX_SUBMISSION_BYTES = 64 * 2**20
CSV_NAME = "hasil-penilaian.csv"
CSV_FIELDS = ("participant", "assignment", "status", "keterangan_status", "score", "max_score",
              "restored_cells", "flags", "detail", "seconds", "graded_at")


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
    flags: tuple[str, ...] = ()
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

def read_timestamp(path: Path) -> tuple[datetime | None, str | None]:
    """(time, None) from an nbgrader ``timestamp.txt``, or (None, why it is unusable).

    The file is read defensively (:func:`ikmkit._files.read_small_text`): a symlink, a
    FIFO, a big or non-UTF-8 file never stops or hangs grading. A missing file is
    ``(None, None)``.
    """
    try:
        text = read_small_text(path, 100).strip()
    except UnsafeFile as exc:
        return (None, None) if str(exc) == "tidak ditemukan" else (None, f"timestamp.txt {exc}")
    if not text:
        return None, "timestamp.txt kosong"
    try:
        from dateutil.parser import parse

        stamp = parse(text)
    except (ValueError, OverflowError):
        return None, "timestamp.txt bukan tanggal"
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp, None


def _newest_mtime(folder: Path) -> datetime:
    times = []
    for entry in os.scandir(folder):
        try:
            times.append(entry.stat(follow_symlinks=False).st_mtime)
        except OSError:
            pass
    return datetime.fromtimestamp(max(times, default=0.0), UTC)


def _already_graded(root: Path, participant: str, assignment: str) -> bool:
    """nbgrader's own rule: an autograded copy exists and the submission is not newer.

    When the submission's ``timestamp.txt`` is unusable, the newest file of the
    submission is compared with the autograded notebooks instead.
    """
    dest = root / "autograded" / participant / assignment
    if not dest.is_dir() or dest.is_symlink():
        return False
    src = root / "submitted" / participant / assignment
    new, problem = read_timestamp(src / "timestamp.txt")
    old, old_problem = read_timestamp(dest / "timestamp.txt")
    if problem or old_problem or (new is None) != (old is None):
        return _newest_mtime(src) <= _newest_mtime(dest)
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
    for pdir in sorted(submitted.iterdir()):
        if pdir.is_symlink():
            early.append(Outcome(pdir.name, "", "unsafe_submission",
                                 detail="folder peserta berupa tautan (symlink)"))
            continue
        if not pdir.is_dir():
            continue
        for adir in sorted(pdir.iterdir()):
            participant, assignment = pdir.name, adir.name
            if adir.is_symlink():
                early.append(Outcome(participant, assignment, "unsafe_submission",
                                     detail="folder tugas berupa tautan (symlink)"))
                continue
            if not adir.is_dir():
                continue
            problem = participant_id_problem(participant)
            if problem:
                early.append(Outcome(participant, assignment, "error",
                                     detail=f"nama folder peserta tidak sah: {problem}"))
            elif participant_id_problem(assignment):
                early.append(Outcome(participant, assignment, "error",
                                     detail="nama folder tugas tidak sah"))
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
        row = {
            "participant": o.participant,
            "assignment": o.assignment,
            "status": o.status,
            "keterangan_status": STATUS_LABELS[o.status],
            "score": "" if o.score is None else f"{o.score:g}",
            "max_score": "" if o.max_score is None else f"{o.max_score:g}",
            "restored_cells": " ".join(o.restored_cells),
            "flags": " ".join(o.flags),
            "detail": o.detail,
            "seconds": f"{o.seconds:.1f}",
            "graded_at": now,
        }
        rows[(o.participant, o.assignment)] = {k: str(spreadsheet_safe(printable(v)))
                                               for k, v in row.items()}
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
                bar.write(printable(f"  {outcome.participant}/{outcome.assignment}: "
                                    f"{STATUS_LABELS[outcome.status]} {outcome.detail}"
                                    ).rstrip())

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
    from ikmkit.sandbox import ControlGroup, SandboxError, isolation_problem, root_problem

    if todo:
        refusal = root_problem(isolate)
        if refusal:
            raise SandboxError(refusal)
    problem = isolation_problem() if isolate else (
        "Isolasi kode peserta dimatikan (isolate=False).")
    if problem and todo:
        run_warnings.append(problem)
        warnings.warn(problem, RuntimeWarning, stacklevel=2)
    url = db_url(root)
    sqlite = _sqlite_path(url)
    runtime = tempfile.mkdtemp(prefix="ikmkit-")
    settings = {
        "root": str(root),
        "db_url": _worker_db_url(url),
        "lock_path": str(sqlite) + ".ikmkit-lock" if sqlite is not None else None,
        "cell_timeout": int(cell_timeout),
        "notebook_timeout": int(notebook_timeout),
        "memory_mb": memory_mb,
        "isolate": bool(isolate),
        "fork_kernels": bool(fork_kernels),
        "preload": assignment_imports(root) if fork_kernels else [],
        "runtime": runtime,
    }
    n_jobs = max(1, min(jobs or default_jobs(), len(todo) or 1))
    outcomes = list(early)
    try:
        if todo:
            # every notebook of a submission has its budget, plus starting and copying
            notebooks = max((len(list((root / "source" / a).glob("*.ipynb")))
                             for _, a in todo), default=1)
            limit = max(1, notebooks) * (notebook_timeout + 90) + 60
            outcomes += _run_pool(root, todo, n_jobs, settings, progress, limit)
    finally:
        ControlGroup.sweep(os.path.basename(runtime) + "-")  # left by a killed worker
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


def _worker_config(settings: dict[str, Any], kernel_root: str, staging: str):
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
    # nbgrader reads submissions from the worker's staging copy (see stage_submission);
    # an absolute path replaces the course-relative "submitted" in every path it builds
    config.CourseDirectory.submitted_directory = staging
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
        self.staging = Path(settings["runtime"]) / f"kiriman-{index}"
        self.staging.mkdir(mode=0o700, exist_ok=True)
        self.lock = _FileLock(settings["lock_path"]) if settings["lock_path"] else None
        if self.lock is not None:
            _install_gradebook_lock(self.lock)
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


def stage_submission(src: Path, dest: Path) -> tuple[list[str], list[str], list[str]]:
    """Copy a submission folder into *dest* for nbgrader, trusting nothing in it.

    Returns (reasons to refuse the submission, notebooks too big to parse, notes).
    Refused: a symlink, FIFO, socket
    or device anywhere in it, folders deeper than four levels, more than
    :data:`MAX_SUBMISSION_FILES` files or :data:`MAX_SUBMISSION_BYTES` bytes. Every file
    is opened without following links (a file swapped for a link after the check is
    refused too). A ``timestamp.txt`` that is not a small UTF-8 date is left out and
    named in the notes. Notebooks bigger than :data:`MAX_NOTEBOOK_BYTES` are not copied.
    """
    refused: list[str] = []
    too_big: list[str] = []
    notes: list[str] = []
    files = total = 0
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if src.is_symlink() or not src.is_dir():
        return ["folder kiriman bukan folder biasa"], too_big, notes
    for current, dirs, names in os.walk(src, followlinks=False):
        rel_dir = os.path.relpath(current, src)
        depth = 0 if rel_dir == "." else rel_dir.count(os.sep) + 1
        for name in sorted(dirs + names):
            rel = name if rel_dir == "." else os.path.join(rel_dir, name)
            info = os.lstat(os.path.join(current, name))
            shown = printable(rel)
            if stat.S_ISLNK(info.st_mode):
                refused.append(f"{shown} berupa tautan (symlink)")
            elif stat.S_ISDIR(info.st_mode):
                if depth >= 3:
                    refused.append(f"{shown}: folder terlalu dalam")
                else:
                    (dest / rel).mkdir(exist_ok=True)
            elif not stat.S_ISREG(info.st_mode):
                refused.append(f"{shown} bukan berkas biasa (FIFO, soket atau perangkat)")
            else:
                files += 1
                total += info.st_size
        if refused:
            return refused, too_big, notes
        dirs[:] = [d for d in dirs if (dest / rel_dir / d).is_dir()]
        for name in sorted(names):
            rel = name if rel_dir == "." else os.path.join(rel_dir, name)
            target = dest / rel
            if rel == "timestamp.txt":
                _, problem = read_timestamp(src / rel)
                if problem:
                    notes.append(f"{problem}; diabaikan")
                    continue
            size = os.lstat(src / rel).st_size
            if name.endswith(".ipynb") and size > MAX_NOTEBOOK_BYTES:
                too_big.append(f"{printable(rel)} (terlalu besar: {size / 2**20:.0f} MB; "
                               f"batas {MAX_NOTEBOOK_BYTES // 2**20} MB)")
                continue
            try:
                data = read_small_file(src / rel, MAX_SUBMISSION_BYTES)
            except UnsafeFile as exc:
                return [f"{printable(rel)}: {exc}"], too_big, notes
            target.write_bytes(data)
    if files > MAX_SUBMISSION_FILES:
        refused.append(f"terlalu banyak berkas ({files}; batas {MAX_SUBMISSION_FILES})")
    elif total > MAX_SUBMISSION_BYTES:
        refused.append(f"terlalu besar ({total / 2**20:.0f} MB; batas "
                       f"{MAX_SUBMISSION_BYTES // 2**20} MB)")
    return refused, too_big, notes


def _code_flags(state: _WorkerState, assignment: str, folder: Path,
                expected: list[str]) -> dict[str, list[str]]:
    """Static findings (:mod:`ikmkit._suspicious`) over the cells participants edit."""
    import nbformat

    from ikmkit._suspicious import notebook_findings

    editable: list[str] = []
    every: list[str] = []
    for name in expected:
        try:
            nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        except Exception:  # noqa: BLE001 - missing or invalid: reported elsewhere
            continue
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            every.append(cell.source)
            meta = cell.metadata.get("nbgrader", {})
            if not meta.get("locked"):
                editable.append(cell.source)
    return notebook_findings(editable, test_sources=state.tests_of(assignment),
                             all_sources=every)


def _early_outcome(state: _WorkerState, participant: str, assignment: str,
                   staged: Path, start: float) -> tuple[Outcome | None, list[str], list[str]]:
    """Stage and check a submission: (an outcome if it cannot be graded, notes, missing)."""
    refused, too_big, notes = stage_submission(
        state.root / "submitted" / participant / assignment, staged)
    elapsed = time.monotonic() - start
    if refused:
        return Outcome(participant, assignment, "unsafe_submission",
                       detail="; ".join(refused[:5]), seconds=elapsed), notes, []
    expected = state.expected_notebooks(assignment)
    invalid, missing = _check_notebooks(staged, expected)
    invalid = too_big + invalid
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


def _failure_detail(result: dict[str, Any]) -> str:
    text = (result.get("log") or "") + "\n" + (result.get("error") or "")
    lines = [m.group(1) for m in re.finditer(r"^\s*((?:\w+\.)*\w+(?:Error|Exception)\b.*)$",
                                             text, re.MULTILINE)
             if "NbGraderException" not in m.group(1)]
    if os.environ.get("IKMKIT_DEBUG"):
        print(text, file=sys.stderr)
    return lines[-1][:300] if lines else "nbgrader autograde gagal"


def _status(kinds: set[str], missing: list[str]) -> str:
    for kind in ("memory_exceeded", "kernel_crashed", "timeout", "notebook_timeout"):
        if kind in kinds:
            return "timeout" if kind == "notebook_timeout" else kind
    return "missing_notebook" if missing else "graded"


def _grade_one(state: _WorkerState, participant: str, assignment: str) -> Outcome:
    from ikmkit import nbgrader_ext, sandbox

    start = time.monotonic()
    staged = state.staging / participant / assignment
    try:
        early, notes, missing = _early_outcome(state, participant, assignment, staged, start)
        if early is not None:
            return early
        found = _code_flags(state, assignment, staged, state.expected_notebooks(assignment))
        nbgrader_ext.EVENTS.clear()
        sandbox.EVENTS.clear()
        result = state.api.autograde(assignment, participant, force=True, create=True)
    finally:
        if state.lock is not None:
            state.lock.reset()  # never keep the gradebook locked past one submission
        shutil.rmtree(staged, ignore_errors=True)
    events = [*nbgrader_ext.EVENTS, *(("sandbox", k, d) for k, d in sandbox.EVENTS)]
    kinds = {e[0] for e in events} | {e[1] for e in events if e[0] == "sandbox"}
    restored = tuple(dict.fromkeys(e[2] for e in events if e[0] == "restored"))
    if not result.get("success"):
        shutil.rmtree(state.root / "autograded" / participant / assignment, ignore_errors=True)
        return Outcome(participant, assignment, "error", detail=_failure_detail(result),
                       restored_cells=restored, seconds=time.monotonic() - start)
    from nbgrader.api import Gradebook

    with Gradebook(state.settings["db_url"], state.coursedir.course_id) as gb:
        sub = gb.find_submission(assignment, participant)
        score, max_score = float(sub.score), float(sub.max_score)
        manual = sum(1 for nb in sub.notebooks for g in nb.grades if g.needs_manual_grade)
    if state.lock is not None:
        state.lock.reset()
    flags = list(found)
    notes += [f"{FLAG_LABELS[k]}: {', '.join(v)}" for k, v in found.items()]
    notes += [e[2] for e in events if e[0] not in ("restored", "tags_stripped")]
    for kind, flag in (("tags_stripped", "tag_eksekusi"), ("output_truncated",
                                                           "keluaran_dipotong"),
                       ("files_dropped", "berkas_keluaran"),
                       ("files_not_collected", "berkas_keluaran"),
                       ("sandbox_stopped", "server_kernel_macet")):
        if kind in kinds:
            flags.append(flag)
    if any("timestamp.txt" in n for n in notes):
        flags.append("timestamp")
    if "tags_stripped" in kinds:
        notes.append(FLAG_LABELS["tag_eksekusi"])
    if missing:
        notes.append("tidak ditemukan (nilai 0): " + ", ".join(missing))
    if restored:
        notes.append("sel tes dipulihkan: " + ", ".join(restored))
    if manual:
        notes.append(f"{manual} sel perlu dinilai manual")
    return Outcome(participant, assignment, _status(kinds, missing), score, max_score,
                   detail="; ".join(dict.fromkeys(notes)), restored_cells=restored,
                   flags=tuple(dict.fromkeys(flags)), seconds=time.monotonic() - start)


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
