"""``ikmkit regulations``: check citations against the register, or list the register."""

from __future__ import annotations

import argparse
from typing import Any

DESCRIPTION = """\
Register peraturan ikmkit (ikmkit/data/regulations.toml) mencatat setiap peraturan, standar dan
program yang dikutip kit: statusnya, tanggalnya, sumbernya dan kapan terakhir dicek.

  check  mencari kutipan aturan di notebook (.ipynb, sel markdown dan kode), Markdown (.md) dan
         TOML (.toml), lalu melaporkan (berkas, sel, baris) setiap kutipan yang tidak ada di
         register, atau yang mengutip aturan yang sudah diganti/dicabut seolah masih berlaku.
         Menyebut aturan lama sebagai sejarah boleh, bila ditandai: kata "menggantikan",
         "pengganti", "sebelumnya", "semula", "dulu" dst. tepat sebelum kutipan, atau
         "(dicabut ...)", "(diganti ...)", "(lama)" tepat sesudahnya.
  list   menampilkan isi register; dengan --stale-after HARI menandai entri yang belum dicek
         ulang lebih dari HARI hari (pemeriksaan tahunan pelatih: --stale-after 365).

Kode keluar: 0 = bersih; 1 = ada temuan (check); 2 = perintah atau data masukan salah.
"""

DEFAULT_PATHS = ("curriculum", "assessments")
"""Checked when no PATH is given (relative to the current folder; the trainer guides live in
curriculum/panduan-pelatih), together with the package's own data folder."""


def register(subparsers: Any) -> None:
    """Add the ``regulations`` sub-command with ``check`` and ``list``."""
    p = subparsers.add_parser(
        "regulations",
        help="periksa kutipan peraturan terhadap register, atau tampilkan register",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = p.add_subparsers(dest="regulations_action", metavar="TINDAKAN")
    check = actions.add_parser(
        "check",
        help="cari kutipan aturan yang tidak ada di register atau sudah tidak berlaku",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="berkas atau folder (bawaan: curriculum/, assessments/ dan data ikmkit)",
    )
    check.add_argument(
        "--register", metavar="REGISTER.toml", default=None, help="register lain (bawaan: ikmkit)"
    )
    check.set_defaults(handler=_check)
    show = actions.add_parser(
        "list",
        help="tampilkan register dan entri yang perlu dicek ulang",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument(
        "--stale-after",
        metavar="HARI",
        type=_days,
        default=None,
        help="tandai entri yang terakhir dicek lebih dari HARI hari lalu",
    )
    show.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        type=_date,
        default=None,
        help="tanggal pembanding (bawaan: hari ini)",
    )
    show.add_argument(
        "--register", metavar="REGISTER.toml", default=None, help="register lain (bawaan: ikmkit)"
    )
    show.set_defaults(handler=_list)
    p.set_defaults(handler=_usage, _parser=p)


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"harus bilangan bulat hari: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"tidak boleh negatif: {text!r}")
    return value


def _date(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"harus tanggal YYYY-MM-DD: {text!r}") from None


def _usage(args: argparse.Namespace) -> int:
    args._parser.print_help()
    return 2


def _check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ikmkit import regulations

    reg = regulations.load_register(args.register)
    if args.paths:
        paths = list(args.paths)
    else:
        paths = [p for p in DEFAULT_PATHS if Path(p).exists()]
        paths.append(str(Path(regulations.__file__).parent / "data"))
    findings = regulations.check_paths(paths, register=reg)
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} kutipan perlu diperbaiki (register: {reg.path}).")
        return 1
    shown = []
    for path in paths:
        try:
            shown.append(str(Path(path).resolve().relative_to(Path.cwd().resolve())))
        except ValueError:
            shown.append(str(path))
    print(f"Semua kutipan aturan cocok dengan register ({len(reg)} entri): {', '.join(shown)}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from ikmkit import regulations

    reg = regulations.load_register(args.register)
    stale = set()
    if args.stale_after is not None:
        stale = {r.id for r in reg.stale(args.stale_after, args.today)}
    labels = {
        "in_force": "berlaku",
        "amended": "berlaku (diubah)",
        "replaced": "diganti",
        "revoked": "dicabut",
    }
    for item in reg:
        mark = "  PERLU DICEK ULANG" if item.id in stale else ""
        status = labels[item.status]
        if item.replaced_by:
            status += f" -> {item.replaced_by}"
        sure = "" if item.confidence == "primary" else ", sumber sekunder"
        print(f"{item.id:24s} {item.short:34s} {status:24s} dicek {item.checked}{sure}{mark}")
    if args.stale_after is not None:
        print(
            f"{len(stale)} dari {len(reg)} entri belum dicek ulang lebih dari "
            f"{args.stale_after} hari."
        )
    return 0
