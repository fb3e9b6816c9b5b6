"""Files: atomic writes, and reading files that participants (or their code) may have crafted.

:func:`atomic_write` writes a file so that readers see either the old or the new one,
never half of it (a temporary file beside the target, then a rename).

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
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ikmkit.errors import IkmkitError

__all__ = ["Fields", "UnsafeFile", "atomic_write", "atomic_write_text", "read_small_file",
           "read_small_text", "read_toml"]


def atomic_write(target: str | os.PathLike[str], write: Callable[[str], Any]) -> Path:
    """Call ``write(tmp_path)``, then rename the temporary file onto *target*.

    The temporary file sits beside the target (same file system), gets the usual
    permissions (``0666`` less the umask) and is removed if ``write`` fails.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "laporan" / "a.txt"
    >>> atomic_write(out, lambda tmp: pathlib.Path(tmp).write_text("isi")).read_text()
    'isi'
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def atomic_write_text(target: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 *text* to *target* atomically (see :func:`atomic_write`)."""
    return atomic_write(target, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


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


# ------------------------------------------------------------------ data files

def read_toml(path: str | os.PathLike[str], error: type[IkmkitError]) -> dict[str, Any]:
    """A TOML data file as a dict; *error* (naming the file) if it is missing or broken.

    >>> read_toml("/tidak/ada.toml", IkmkitError)
    Traceback (most recent call last):
    ...
    ikmkit.errors.IkmkitError: /tidak/ada.toml: tidak dapat dibaca: berkas tidak ditemukan
    """
    import tomllib

    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{path}: tidak dapat dibaca: berkas tidak ditemukan") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: tidak dapat dibaca: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: tidak dapat dibaca: bukan TOML yang sah ({exc})") from None


_REQUIRED: Any = object()


class Fields:
    """Checks one entry (a TOML table) of a data file; every message has one shape.

    ``<file>: <entry>: '<field>' <rule>: <value>``. Each accessor checks a key, records it
    as known and returns the value; :meth:`done` rejects keys nobody asked for, so a
    misspelt key (``wieght``) is an error, not a silently ignored line.

    >>> entry = Fields({"id": "nib", "weight": 2, "wieght": 3}, file="rubric.toml",
    ...                entry="indicators[0]", error=IkmkitError)
    >>> entry.text("id"), entry.number("weight", minimum=0)
    ('nib', 2.0)
    >>> try:
    ...     entry.done()
    ... except IkmkitError as exc:
    ...     print(exc)
    rubric.toml: indicators[0]: 'wieght' kunci tidak dikenal (salah ketik?): 3
    """

    def __init__(self, table: Any, *, file: str, entry: str,
                 error: type[IkmkitError]) -> None:
        self.file, self.entry, self.error = file, entry, error
        if not isinstance(table, dict):
            raise error(f"{file}: {entry}: harus berupa tabel TOML: {table!r}")
        self.values = table
        self.known: set[str] = set()

    def fail(self, key: str, rule: str, value: Any) -> IkmkitError:
        """The error for *key*: names file, entry, field, rule and value."""
        return self.error(f"{self.file}: {self.entry}: '{key}' {rule}: {value!r}",
                          field=key, rule=rule, value=value)

    def _get(self, key: str, default: Any) -> Any:
        self.known.add(key)
        if key not in self.values:
            if default is _REQUIRED:
                raise self.fail(key, "wajib diisi", None)
            return default
        return self.values[key]

    def text(self, key: str, default: Any = _REQUIRED, *, options: Any = None,
             identifier: bool = False) -> Any:
        """A non-empty string (one of *options*, or a Python-style name if asked)."""
        value = self._get(key, default)
        if value is default and default is not _REQUIRED:
            return value
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "wajib berupa teks", value)
        if identifier and not value.isidentifier():
            raise self.fail(key, "wajib berupa nama (huruf, angka, garis bawah)", value)
        if options is not None and value not in options:
            raise self.fail(key, f"harus salah satu dari {list(options)}", value)
        return value

    def number(self, key: str, default: Any = _REQUIRED, *, minimum: float | None = None,
               above: float | None = None, maximum: float | None = None,
               integer: bool = False) -> Any:
        """A number (not a bool) within the bounds; a float unless ``integer``."""
        value = self._get(key, default)
        if value is default and default is not _REQUIRED:
            return value
        kinds = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise self.fail(key, "harus bilangan bulat" if integer else "harus bilangan", value)
        if above is not None and not value > above:
            raise self.fail(key, f"harus lebih besar dari {above:g}", value)
        if minimum is not None and value < minimum:
            raise self.fail(key, f"harus paling sedikit {minimum:g}", value)
        if maximum is not None and value > maximum:
            raise self.fail(key, f"harus paling banyak {maximum:g}", value)
        return int(value) if integer else float(value)

    def boolean(self, key: str, default: Any = _REQUIRED) -> Any:
        """``true`` or ``false``."""
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "harus true atau false", value)
        return value

    def texts(self, key: str, default: Any = _REQUIRED, *, options: Any = None,
              nonempty: bool = True) -> Any:
        """A list of strings (each one of *options* if given) as a tuple."""
        value = self._get(key, default)
        if value is default and default is not _REQUIRED:
            return value
        rule = f"harus daftar dari {list(options)}" if options is not None else \
            "harus daftar teks"
        if (not isinstance(value, list) or (nonempty and not value)
                or not all(isinstance(v, str) and v for v in value)
                or (options is not None and any(v not in options for v in value))):
            raise self.fail(key, rule, value)
        return tuple(value)

    def tables(self, key: str, default: Any = _REQUIRED, *, nonempty: bool = True) -> Any:
        """A list of tables (``[[key]]``)."""
        if key not in self.values and default is _REQUIRED:
            self.known.add(key)
            raise self.fail(key, f"harus berupa daftar [[{key}]] yang tidak kosong", None)
        value = self._get(key, default)
        if value is default and default is not _REQUIRED:
            return value
        if (not isinstance(value, list) or (nonempty and not value)
                or not all(isinstance(v, dict) for v in value)):
            raise self.fail(key, f"harus berupa daftar [[{key}]] yang tidak kosong", value)
        return value

    def table(self, key: str, default: Any = _REQUIRED) -> Any:
        """A table (``[key]``) as a dict."""
        value = self._get(key, default)
        if value is default and default is not _REQUIRED:
            return value
        if not isinstance(value, dict):
            raise self.fail(key, "harus berupa tabel", value)
        return value

    def date(self, key: str, default: Any = _REQUIRED) -> Any:
        """A TOML date (``2026-10-18``)."""
        import datetime as dt

        value = self._get(key, default)
        if value is default and default is not _REQUIRED:
            return value
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise self.fail(key, "harus tanggal TOML (tahun-bulan-hari)", value)
        return value

    def raw(self, key: str, default: Any = _REQUIRED) -> Any:
        """The value as it is (the caller checks it), recorded as known."""
        return self._get(key, default)

    def done(self) -> None:
        """Reject every key of the entry that no accessor asked for."""
        for key in sorted(set(self.values) - self.known):
            raise self.fail(key, "kunci tidak dikenal (salah ketik?)", self.values[key])
