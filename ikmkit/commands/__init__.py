"""Sub-commands of the ``ikmkit`` command, one module each, and what they share.

Every module defines ``register(subparsers)``, which adds its parser and sets
``handler`` (a function taking the parsed ``argparse.Namespace`` and returning an
exit status). Heavy imports happen inside the handlers, so ``ikmkit --help`` stays fast.

The helpers here keep the commands consistent: one word for the class folder
(:data:`ikmkit.vocab.COURSE_FOLDER`), the same options spelled and explained the same way,
defaults taken from the library function they feed (never written twice), warnings on
stderr with one prefix, and errors that name the option a trainer typed.

>>> import argparse
>>> p = argparse.ArgumentParser()
>>> add_course_dir(p)
>>> p.parse_args(["kelas"]).course_dir
'kelas'
>>> positive_int("0")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: harus bilangan bulat paling sedikit 1: '0'
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Callable
from typing import Any

from ikmkit.vocab import COURSE_FOLDER

__all__ = ["SubParsers", "add_course_dir", "add_jobs", "add_no_progress", "add_participants",
           "library_default", "option_names", "positive_int", "warn"]

#: The type of ``register``'s argument (argparse keeps its class private).
SubParsers = Any


def library_default(func: Callable[..., Any], name: str) -> Any:
    """The default of parameter *name* of *func*: options show the library's own default.

    >>> from ikmkit.grading import grade
    >>> library_default(grade, "cell_timeout")
    30
    """
    return inspect.signature(func).parameters[name].default


def positive_int(text: str) -> int:
    """An ``argparse`` type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"harus bilangan bulat paling sedikit 1: {text!r}")
    return value


def add_course_dir(p: argparse.ArgumentParser, *, what: str = "") -> None:
    """The class folder argument, spelled and explained the same in every command."""
    p.add_argument("course_dir", metavar="FOLDER",
                   help=f"{COURSE_FOLDER} (dibuat dengan `ikmkit course init`){what}")


def add_jobs(p: argparse.ArgumentParser) -> None:
    """``--jobs``: parallel grading workers (the library decides the default)."""
    p.add_argument("--jobs", "-j", type=positive_int, default=None, metavar="N",
                   help="jumlah proses penilai (bawaan: 2 per inti CPU, paling banyak 4)")


def add_participants(p: argparse.ArgumentParser) -> None:
    """``--participant ID`` (repeatable)."""
    p.add_argument("--participant", action="append", default=None, metavar="ID",
                   help="hanya peserta ini (boleh diulang)")


def add_no_progress(p: argparse.ArgumentParser) -> None:
    """``--no-progress``."""
    p.add_argument("--no-progress", action="store_true", help="tanpa bilah kemajuan")


def option_names(p: argparse.ArgumentParser, names: dict[str, str]) -> None:
    """Map library parameter names to this command's options, for error messages."""
    p.set_defaults(option_names=names)


def warn(text: str) -> None:
    """A warning for the trainer: on stderr, always with the same prefix."""
    print(f"Peringatan: {text}", file=sys.stderr)
