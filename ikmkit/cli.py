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
    "hub",
    "demo",
)

EPILOG = """\
Kode keluar (exit status): 0 = berhasil; 1 = sebagian pekerjaan gagal (misalnya ada
kiriman yang tidak bisa dinilai), sisanya tetap selesai dan tersimpan; 2 = perintah
atau data masukan salah. Ketik `ikmkit PERINTAH --help` untuk bantuan tiap perintah.
"""


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every sub-command that is installed."""
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
        try:
            module = importlib.import_module(f"ikmkit.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"ikmkit.commands.{name}":
                continue  # command not built yet
            raise
        module.register(subparsers)
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
    except IkmkitError as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Dihentikan oleh pengguna.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
