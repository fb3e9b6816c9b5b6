"""Reading files that participants (or their code) may have crafted.

A file under ``submitted/`` or written by a kernel can be a symlink to the gradebook, a
FIFO that blocks every reader, gigabytes of data or bytes that are not UTF-8.
:func:`read_small_file` opens without following links and without blocking, accepts only
a regular file of at most ``max_bytes``, and says in Indonesian what is wrong otherwise.

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> path = os.path.join(folder, "timestamp.txt")
>>> _ = open(path, "w").write("2026-12-01 10:00:00.000000 UTC")
>>> read_small_file(path, 100)
b'2026-12-01 10:00:00.000000 UTC'
>>> os.mkfifo(os.path.join(folder, "pipa"))
>>> read_small_file(os.path.join(folder, "pipa"), 100)
Traceback (most recent call last):
...
ikmkit._files.UnsafeFile: bukan berkas biasa
"""

from __future__ import annotations

import os
import stat

from ikmkit.errors import IkmkitError

__all__ = ["UnsafeFile", "read_small_file", "read_small_text"]


class UnsafeFile(IkmkitError):
    """A file that is not a small regular file (the message says why, in Indonesian)."""


def read_small_file(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of a regular file of at most *max_bytes*; :class:`UnsafeFile` otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise UnsafeFile("tidak ditemukan") from None
    except OSError as exc:
        if os.path.islink(path):
            raise UnsafeFile("berupa tautan (symlink)") from None
        raise UnsafeFile(f"tidak bisa dibuka ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile("bukan berkas biasa")
        if info.st_size > max_bytes:
            raise UnsafeFile(f"terlalu besar ({info.st_size} bita; batas {max_bytes})")
        data = os.read(fd, max_bytes + 1)
        if len(data) > max_bytes:
            raise UnsafeFile(f"terlalu besar (lebih dari {max_bytes} bita)")
        return data
    finally:
        os.close(fd)


def read_small_text(path: str | os.PathLike[str], max_bytes: int) -> str:
    """Like :func:`read_small_file`, decoded as UTF-8 (:class:`UnsafeFile` if it is not)."""
    data = read_small_file(path, max_bytes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnsafeFile("bukan teks UTF-8") from None
