"""The ``ikmkit`` command: a thin layer over the ikmkit modules.

Each sub-command lives in its own module in :mod:`ikmkit.commands` and exposes
``register(subparsers)``; heavy imports happen inside the handlers so that
``ikmkit --help`` stays fast.

Exit codes (documented in ``ikmkit --help``): 0 success; 1 some work failed but the
rest was done (e.g. some submissions could not be graded); 2 bad usage or bad input.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ikmkit.errors import IkmkitError

# Order is the order shown in --help.
COMMAND_MODULES: tuple[str, ...] = (
    "course",
    "grade",
    "feedback",
    "score",
    "template",
    "report",
    "dashboard",
    "regulations",
    "hub",
    "demo",
)

EPILOG = """\
Kode keluar (exit status): 0 = berhasil; 1 = sebagian pekerjaan gagal (misalnya ada
kiriman yang tidak bisa dinilai), sisanya tetap selesai dan tersimpan; 2 = perintah
atau data masukan salah; 130 = dihentikan dengan Ctrl-C. Ketik `ikmkit PERINTAH --help`
untuk bantuan tiap perintah.
"""


#: argparse's own words (it asks gettext for them) in Indonesian.
_ARGPARSE_ID = {
    "usage: ": "pemakaian: ",
    "positional arguments": "argumen",
    "options": "pilihan",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "pilihan tidak sah: %(value)r (pilih dari %(choices)s)",
    "expected one argument": "butuh satu nilai",
    "expected at least one argument": "butuh paling sedikit satu nilai",
    "expected at most one argument": "butuh paling banyak satu nilai",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ambiguous option: %(option)s could match %(matches)s":
        "pilihan ambigu: %(option)s bisa berarti %(matches)s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
}


def _indonesian(message: str) -> str:
    return _ARGPARSE_ID.get(message, message)


def _indonesian_plural(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "butuh %s nilai"
    return singular if n == 1 else plural


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every sub-command (argparse speaking Indonesian)."""
    argparse._ = _indonesian  # type: ignore[attr-defined]
    argparse.ngettext = _indonesian_plural  # type: ignore[attr-defined]
    parser = argparse.ArgumentParser(
        prog="ikmkit",
        description=(
            "ikmkit: perangkat kurikulum, penilaian (nbgrader) dan laporan kesiapan "
            "ekspor untuk inkubator IKM."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from ikmkit import __version__

    parser.add_argument("--version", action="version", version=f"ikmkit {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="PERINTAH")
    for name in COMMAND_MODULES:
        importlib.import_module(f"ikmkit.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ikmkit`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except IkmkitError as exc:  # name the option the trainer typed, not a Python parameter
        print(f"Galat: {exc.renamed(getattr(args, 'option_names', {}))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Dihentikan oleh pengguna.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
