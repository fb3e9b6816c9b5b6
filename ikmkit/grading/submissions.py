"""Submissions as ikmkit trusts them: copied without following links, sizes checked first.

A participant (or their code) may control what lies in ``submitted/<participant>/
<assignment>/``: links to the gradebook or to someone else's work, FIFOs that block every
reader, gigabytes of data, a ``timestamp.txt`` that is not a date. Before nbgrader sees a
submission, a worker copies it into a private staging folder with
:func:`stage_submission`; :func:`read_timestamp` reads nbgrader's time stamp defensively.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ikmkit._files import UnsafeFile, read_small_file, read_small_text
from ikmkit._text import printable

__all__ = ["MAX_NOTEBOOK_BYTES", "MAX_SUBMISSION_BYTES", "MAX_SUBMISSION_FILES", "Staged",
           "check_notebooks", "newest_mtime", "read_timestamp", "stage_submission"]

#: Largest notebook parsed (bigger ones are invalid), files and bytes of one submission.
MAX_NOTEBOOK_BYTES = 8 * 2**20
MAX_SUBMISSION_FILES = 100
MAX_SUBMISSION_BYTES = 64 * 2**20


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


def newest_mtime(folder: Path) -> datetime:
    times = []
    for entry in os.scandir(folder):
        try:
            times.append(entry.stat(follow_symlinks=False).st_mtime)
        except OSError:
            pass
    return datetime.fromtimestamp(max(times, default=0.0), UTC)


def check_notebooks(folder: Path, expected: list[str]) -> tuple[list[str], list[str]]:
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


@dataclass
class Staged:
    """What :func:`stage_submission` found: reasons to refuse the submission, notebooks too
    big to parse, and notes for the outcome."""

    refused: list[str] = field(default_factory=list)
    too_big: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _entry_problem(path: str, rel: str, depth: int) -> tuple[str | None, int]:
    """(why *path* refuses the submission or None, its size if a regular file)."""
    info = os.lstat(path)
    shown = printable(rel)
    if stat.S_ISLNK(info.st_mode):
        return f"{shown} berupa tautan (symlink)", 0
    if stat.S_ISDIR(info.st_mode):
        return (f"{shown}: folder terlalu dalam" if depth >= 3 else None), 0
    if not stat.S_ISREG(info.st_mode):
        return f"{shown} bukan berkas biasa (FIFO, soket atau perangkat)", 0
    return None, info.st_size


def _survey(src: Path) -> tuple[list[str], list[str], list[tuple[str, int]]]:
    """(refusals, folders, regular files with sizes) of a submission, nothing followed."""
    refused: list[str] = []
    folders: list[str] = []
    files: list[tuple[str, int]] = []
    for current, dirs, names in os.walk(src, followlinks=False):
        rel_dir = os.path.relpath(current, src)
        depth = 0 if rel_dir == "." else rel_dir.count(os.sep) + 1
        for name in sorted(dirs + names):
            rel = name if rel_dir == "." else os.path.join(rel_dir, name)
            problem, size = _entry_problem(os.path.join(current, name), rel, depth)
            if problem:
                refused.append(problem)
            elif name in dirs:
                folders.append(rel)
            else:
                files.append((rel, size))
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(current, d))]
    return refused, folders, files


def _copy_file(src: Path, dest: Path, rel: str, size: int, staged: Staged) -> None:
    """Copy one regular file (never through a link), or say why not."""
    if rel == "timestamp.txt":
        _, problem = read_timestamp(src / rel)
        if problem:
            staged.notes.append(f"{problem}; diabaikan")
            return
    if rel.endswith(".ipynb") and size > MAX_NOTEBOOK_BYTES:
        staged.too_big.append(f"{printable(rel)} (terlalu besar: {size / 2**20:.0f} MB; "
                              f"batas {MAX_NOTEBOOK_BYTES // 2**20} MB)")
        return
    try:
        (dest / rel).write_bytes(read_small_file(src / rel, MAX_SUBMISSION_BYTES))
    except UnsafeFile as exc:
        staged.refused.append(f"{printable(rel)}: {exc}")


def stage_submission(src: Path, dest: Path) -> Staged:
    """Copy a submission folder into *dest* for nbgrader, trusting nothing in it.

    Refused: a symlink, FIFO, socket or device anywhere in it, folders deeper than four
    levels, more than :data:`MAX_SUBMISSION_FILES` files or :data:`MAX_SUBMISSION_BYTES`
    bytes. Every file is opened without following links (a file swapped for a link after
    the check is refused too). A ``timestamp.txt`` that is not a small UTF-8 date is left
    out and named in the notes. Notebooks bigger than :data:`MAX_NOTEBOOK_BYTES` are not
    copied.
    """
    staged = Staged()
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if src.is_symlink() or not src.is_dir():
        staged.refused.append("folder kiriman bukan folder biasa")
        return staged
    refused, folders, files = _survey(src)
    total = sum(size for _, size in files)
    if len(files) > MAX_SUBMISSION_FILES:
        refused.append(f"terlalu banyak berkas ({len(files)}; batas {MAX_SUBMISSION_FILES})")
    elif total > MAX_SUBMISSION_BYTES:
        refused.append(f"terlalu besar ({total / 2**20:.0f} MB; batas "
                       f"{MAX_SUBMISSION_BYTES // 2**20} MB)")
    if refused:
        staged.refused = refused
        return staged
    for folder in folders:
        (dest / folder).mkdir(parents=True, exist_ok=True)
    for rel, size in files:
        _copy_file(src, dest, rel, size, staged)
        if staged.refused:
            break
    return staged
