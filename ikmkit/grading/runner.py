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
  test cells are restored from the gradebook (:class:`ikmkit.grading.preprocessors.RestoreCells`),
  and participant code runs in a sandbox built from an allow-list (:mod:`ikmkit.grading.sandbox`)
  that never has root's powers and cannot reach the course, the gradebook or other
  participants' files;
- **every input distrusted**: a submission is copied into a private staging folder before
  nbgrader sees it, refusing symlinks, FIFOs and devices (``unsafe_submission``), oversized
  notebooks (``invalid_notebook``) and malformed ``timestamp.txt`` files (ignored, named);
  code that reaches for the kernel's machinery is named in ``flags``
  (:mod:`ikmkit.grading.suspicious`); names printed or written to the CSV are escaped;
- **one writer at a time**: with an SQLite gradebook, workers open it only while holding
  an exclusive file lock (every ``nbgrader.api.Gradebook`` a worker creates takes the
  lock until it is closed), so no "database is locked" and no lost grade; a worker that
  dies mid-submission leaves no autograded folder, so the next run grades it again;
- **a report**: one :class:`Outcome` per submission, printed and written to
  ``COURSE/hasil-penilaian.csv`` (the latest outcome of every submission).

Exit codes of ``ikmkit grade``: 0 when every submission was graded (also when a
participant's code timed out, crashed or hit the memory cap: that is a grade);
1 when some submission could not be graded (invalid or missing notebook, an error).

This module is the parent side: it scans the course, runs the pool of workers
(:mod:`ikmkit.grading.worker`) and writes the CSV.

>>> from ikmkit.grading import default_jobs
>>> 1 <= default_jobs() <= 4
True
"""

from __future__ import annotations

import csv
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ikmkit._files import atomic_write
from ikmkit._text import printable, spreadsheet_safe
from ikmkit.grading import answers
from ikmkit.grading.course import (
    CourseError,
    assignment_imports,
    course_id,
    db_url,
    participant_id_problem,
    resolve_course_dir,
)
from ikmkit.grading.course import assignments as course_assignments
from ikmkit.grading.outcome import GradeRun, Outcome
from ikmkit.grading.sandbox import ControlGroup, SandboxError, isolation_problem, root_problem
from ikmkit.grading.submissions import newest_mtime, read_timestamp
from ikmkit.grading.worker import FileLock, WorkerSettings, worker_main

__all__ = ["CSV_FIELDS", "CSV_NAME", "default_jobs", "grade"]

CSV_NAME = "hasil-penilaian.csv"
CSV_FIELDS = ("participant", "assignment", "status", "keterangan_status", "score", "max_score",
              "restored_cells", "flags", "detail", "seconds", "graded_at")


def default_jobs() -> int:
    """Workers that suit this machine: kernels wait a lot, so two per core, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, 2 * cores))


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
        return newest_mtime(src) <= newest_mtime(dest)
    return not (new is not None and old is not None and new > old)


def _sqlite_path(url: str) -> Path | None:
    m = re.match(r"^sqlite:///(.+?)(\?.*)?$", url)
    return Path(m.group(1)) if m else None


def _worker_db_url(url: str) -> str:
    """Give SQLite a long busy timeout (pysqlite's ``timeout``) as a second safeguard."""
    if _sqlite_path(url) is not None and "timeout=" not in url:
        return url + ("&" if "?" in url else "?") + "timeout=120"
    return url


def _folder_problem(participant: str, assignment: str, known: set[str]) -> str | None:
    """Why a submitted/<participant>/<assignment>/ folder cannot be graded, or None."""
    problem = participant_id_problem(participant)
    if problem:
        return f"nama folder peserta tidak sah: {problem}"
    if participant_id_problem(assignment):
        return "nama folder tugas tidak sah"
    if assignment not in known:
        return f"tugas '{assignment}' tidak dikenal di folder kelas ini"
    return None


def _submission_folders(submitted: Path) -> tuple[list[tuple[str, str]], list[Outcome]]:
    """Every participant/assignment folder pair, and outcomes for links (never followed)."""
    pairs: list[tuple[str, str]] = []
    links: list[Outcome] = []
    for pdir in sorted(submitted.iterdir()):
        if pdir.is_symlink():
            links.append(Outcome(pdir.name, "", "unsafe_submission",
                                 detail="folder peserta berupa tautan (symlink)"))
        elif pdir.is_dir():
            for adir in sorted(pdir.iterdir()):
                if adir.is_symlink():
                    links.append(Outcome(pdir.name, adir.name, "unsafe_submission",
                                         detail="folder tugas berupa tautan (symlink)"))
                elif adir.is_dir():
                    pairs.append((pdir.name, adir.name))
    return pairs, links


def _scan(root: Path, regrade: bool) -> tuple[list[tuple[str, str]], list[Outcome],
                                              list[tuple[str, str]]]:
    """(to grade, immediate outcomes, skipped) for every folder under submitted/."""
    todo: list[tuple[str, str]] = []
    skipped: list[tuple[str, str]] = []
    submitted = root / "submitted"
    if not submitted.is_dir():
        return todo, [], skipped
    known = set(course_assignments(root))
    pairs, early = _submission_folders(submitted)
    for participant, assignment in pairs:
        problem = _folder_problem(participant, assignment, known)
        if problem:
            early.append(Outcome(participant, assignment, "error", detail=problem))
        elif not regrade and _already_graded(root, participant, assignment):
            skipped.append((participant, assignment))
        else:
            todo.append((participant, assignment))
    return todo, early, skipped


def _write_csv(path: Path, outcomes: Sequence[Outcome]) -> None:
    """Upsert outcomes into the course's CSV (one row per participant x assignment), under a
    lock: two runs on different assignments of one course keep each other's rows."""
    with FileLock(str(path) + ".lock"):
        _upsert_csv(path, outcomes)


def _upsert_csv(path: Path, outcomes: Sequence[Outcome]) -> None:
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
            "keterangan_status": o.label,
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
    def write(tmp: str) -> None:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS, extrasaction="ignore")
            writer.writeheader()
            for key in sorted(rows):
                writer.writerow(rows[key])

    atomic_write(path, write)


class _Worker:
    """One worker process, the task it is grading and since when."""

    def __init__(self, ctx: Any, index: int, settings: WorkerSettings) -> None:
        self.ctx, self.index, self.settings = ctx, index, settings
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=worker_main, args=(child, index, settings),
                                   name=f"ikmkit-grade-{index}", daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[str, str] | None = None
        self.started = 0.0

    def send(self, task: tuple[str, str] | None) -> None:
        self.task = task
        self.started = time.monotonic()
        if task is not None:
            self.conn.send(task)

    def stop(self) -> None:
        try:
            if self.process.is_alive():
                self.conn.send(None)
        except OSError:
            pass

    def join(self) -> None:
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()


def _mp_context() -> Any:
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["ikmkit.grading._preload"])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover


class _Pool:
    """Long-lived workers fed one submission at a time; a dead or hung worker costs only
    its submission (reported as an error) and is replaced."""

    def __init__(self, root: Path, todo: list[tuple[str, str]], jobs: int,
                 settings: WorkerSettings, progress: bool, task_limit: float) -> None:
        self.root = root
        self.queue = list(todo)
        self.settings = settings
        self.task_limit = task_limit
        self.ctx = _mp_context()
        self.outcomes: list[Outcome] = []
        self.bar = None
        if progress:
            from tqdm import tqdm

            self.bar = tqdm(total=len(todo), desc="Menilai", unit="kiriman", file=sys.stderr)
        self.workers = [_Worker(self.ctx, i, settings) for i in range(jobs)]

    def finish(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        if self.bar is not None:
            self.bar.update(1)
            if outcome.status != "graded":
                self.bar.write(printable(f"  {outcome.participant}/{outcome.assignment}: "
                                         f"{outcome.label} {outcome.detail}").rstrip())

    def dispatch(self, w: _Worker) -> None:
        w.send(self.queue.pop(0) if self.queue else None)

    def replace(self, w: _Worker, hung: bool) -> None:
        """The worker died or hung: its submission failed, a new worker takes its place."""
        task = w.task
        assert task is not None
        if w.process.is_alive():
            w.process.kill()
        w.process.join(5)
        shutil.rmtree(self.root / "autograded" / task[0] / task[1], ignore_errors=True)
        why = "penilai macet dan dihentikan" if hung else "proses penilai berhenti"
        self.finish(Outcome(task[0], task[1], "error", detail=why))
        fresh = _Worker(self.ctx, w.index, self.settings)
        self.workers[self.workers.index(w)] = fresh
        self.dispatch(fresh)

    def step(self) -> None:
        busy = [w for w in self.workers if w.task is not None]
        ready = multiprocessing.connection.wait(
            [w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=5)
        for w in busy:
            outcome = None
            if w.conn in ready:
                try:
                    outcome = w.conn.recv()
                except (EOFError, OSError):
                    outcome = None
            if outcome is not None:
                self.finish(outcome)
                self.dispatch(w)
                continue
            hung = time.monotonic() - w.started > self.task_limit
            if w.process.sentinel in ready or not w.process.is_alive() or hung:
                self.replace(w, hung)

    def run(self) -> list[Outcome]:
        try:
            for w in self.workers:
                self.dispatch(w)
            while any(w.task is not None for w in self.workers):
                self.step()
        finally:
            for w in self.workers:
                w.stop()
            for w in self.workers:
                w.join()
            if self.bar is not None:
                self.bar.close()
        return self.outcomes


def _check_options(cell_timeout: int, notebook_timeout: int, memory_mb: int | None,
                   jobs: int | None) -> None:
    for name, value in (("cell_timeout", cell_timeout), ("notebook_timeout", notebook_timeout)):
        if value < 1:
            raise CourseError(field=name, rule="harus paling sedikit 1 detik", value=value)
    if memory_mb is not None and memory_mb < 128:
        raise CourseError(field="memory_mb", rule="harus paling sedikit 128 MB", value=memory_mb)
    if jobs is not None and jobs < 1:
        raise CourseError(field="jobs", rule="harus paling sedikit 1", value=jobs)


def _sandbox_warnings(isolate: bool) -> list[str]:
    """Refuse what is unsafe (root without bubblewrap); warn about what is weaker."""
    refusal = root_problem(isolate)
    if refusal:
        raise SandboxError(refusal)
    problem = isolation_problem() if isolate else (
        "Isolasi kode peserta dimatikan (isolate=False).")
    if problem:
        warnings.warn(problem, RuntimeWarning, stacklevel=3)
        return [problem]
    return []


def _only(todo: list[tuple[str, str]], early: list[Outcome], skipped: list[tuple[str, str]],
          participants: Iterable[str] | None, assignments: Iterable[str] | None, root: Path
          ) -> tuple[list[tuple[str, str]], list[Outcome], list[tuple[str, str]]]:
    """The scan limited to some participants and/or assignments (None: all)."""
    if assignments is not None:
        names = set(assignments)
        unknown = sorted(names - set(course_assignments(root)))
        if unknown:
            raise CourseError(f"tugas '{unknown[0]}' tidak ada di folder kelas ini "
                              f"(ada: {', '.join(course_assignments(root))})")
    keep_p = set(participants) if participants is not None else None
    keep_a = names if assignments is not None else None

    def wanted(participant: str, assignment: str) -> bool:
        return ((keep_p is None or participant in keep_p)
                and (keep_a is None or assignment in keep_a))

    return ([t for t in todo if wanted(*t)],
            [o for o in early if wanted(o.participant, o.assignment)],
            [t for t in skipped if wanted(*t)])


def _enrol(root: Path, settings: WorkerSettings, participants: list[str]) -> None:
    """Put every participant of the run in the gradebook before the workers start, so two
    workers (or two runs) never race to create the same student."""
    from nbgrader.api import Gradebook, InvalidEntry

    lock = FileLock(settings.lock_path) if settings.lock_path else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's warnings about nbgrader's models
        if lock is not None:
            lock.acquire()
        try:
            with Gradebook(settings.db_url, course_id(root)) as gb:
                known = {s.id for s in gb.students}
                for participant in participants:
                    if participant in known:
                        continue
                    try:
                        gb.update_or_create_student(participant)
                    except InvalidEntry:  # another run (e.g. on PostgreSQL, no file lock)
                        gb.find_student(participant)  # created it just now: fine
        finally:
            if lock is not None:
                lock.release()


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
    assignments: Iterable[str] | None = None,
    isolate: bool = True,
    fork_kernels: bool = True,
    separate_tests: bool = True,
) -> GradeRun:
    """Autograde the submissions of a course directory; see the module docstring.

    ``participants`` and ``assignments`` limit the run to some participants or assignments
    (runs on different assignments of one course may go at the same time).
    ``isolate=False`` runs kernels without bubblewrap (resource limits only).
    ``fork_kernels`` (with bubblewrap only) forks each kernel from a pre-imported kernel
    server in the worker's sandbox
    (:class:`ikmkit.grading.sandbox.KernelZygote`) instead of starting Python afresh.
    ``separate_tests`` runs the hidden tests of assignments whose test cells declare their
    answers in a clean kernel (:mod:`ikmkit.grading.answers`); ``GradeRun.modes`` says how
    each assignment was graded.
    Workers are started through :mod:`multiprocessing` (fork server), so a script that
    calls this function needs the usual ``if __name__ == "__main__":`` guard. Returns a
    :class:`GradeRun`; the CSV at ``GradeRun.csv_path`` holds the latest outcome of every
    submission.
    """
    start = time.monotonic()
    root = resolve_course_dir(course_dir)
    _check_options(cell_timeout, notebook_timeout, memory_mb, jobs)
    todo, early, skipped = _scan(root, regrade)
    todo, early, skipped = _only(todo, early, skipped, participants, assignments, root)
    run_warnings = _sandbox_warnings(isolate) if todo else []
    url = db_url(root)
    sqlite = _sqlite_path(url)
    runtime = tempfile.mkdtemp(prefix="ikmkit-")
    settings = WorkerSettings(
        root=str(root), db_url=_worker_db_url(url),
        lock_path=str(sqlite) + ".ikmkit-lock" if sqlite is not None else None,
        runtime=runtime, cell_timeout=int(cell_timeout),
        notebook_timeout=int(notebook_timeout), memory_mb=memory_mb, isolate=bool(isolate),
        fork_kernels=bool(fork_kernels), separate_tests=bool(separate_tests),
        preload=tuple(assignment_imports(root)) if fork_kernels else ())
    n_jobs = max(1, min(jobs or default_jobs(), len(todo) or 1))
    outcomes = list(early)
    try:
        if todo:
            _enrol(root, settings, sorted({p for p, _ in todo}))
            # every notebook of a submission has its budget, plus starting and copying
            notebooks = max((len(list((root / "source" / a).glob("*.ipynb")))
                             for _, a in todo), default=1)
            limit = max(1, notebooks) * (notebook_timeout + 90) + 60
            outcomes += _Pool(root, todo, n_jobs, settings, progress, limit).run()
    finally:
        ControlGroup.sweep(os.path.basename(runtime) + "-")  # left by a killed worker
        shutil.rmtree(runtime, ignore_errors=True)
    outcomes.sort(key=lambda o: (o.participant, o.assignment))
    csv_path = root / CSV_NAME
    _write_csv(csv_path, outcomes)
    return GradeRun(outcomes=outcomes, csv_path=csv_path, skipped=skipped,
                    warnings=run_warnings, jobs=n_jobs if todo else 0,
                    seconds=time.monotonic() - start,
                    modes=grading_modes(root, {a for _, a in todo}, separate_tests))


def grading_modes(root: Path, assignments: Iterable[str], separate: bool = True
                  ) -> dict[str, str]:
    """How each assignment is graded: hidden tests in a clean kernel, or in the
    participant's (hardened) kernel (:func:`ikmkit.grading.answers.grading_mode`)."""
    import nbformat

    modes = {}
    for assignment in sorted(assignments):
        found = set()
        for path in sorted((root / "source" / assignment).glob("*.ipynb")):
            try:
                nb = nbformat.read(path, as_version=4)
            except Exception:  # noqa: BLE001 - the trainer's file; nbgrader reports it
                continue
            found.add(answers.grading_mode(nb) if separate else answers.IN_KERNEL)
        modes[assignment] = " + ".join(sorted(found)) or answers.IN_KERNEL
    return modes
