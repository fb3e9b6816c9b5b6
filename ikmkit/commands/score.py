"""``ikmkit score``: score a mentor-collected sheet (one row per IKM) and write the results."""

from __future__ import annotations

import argparse
from typing import Any

DESCRIPTION = """\
Menghitung skor kesiapan ekspor untuk lembar isian mentor (satu baris per IKM, format .csv
atau .xlsx dari `ikmkit template`) dan menulis hasilnya: skor total 0-100, tingkat kesiapan,
penghambat, dimensi terlemah dan skor tiap dimensi.

Jika ada sel yang salah (mis. "mungkin" di kolom ya/tidak), perintah berhenti dengan kode 2 dan
menyebut nomor baris (seperti di Excel, baris judul = 1) dan nama kolomnya; berkas keluaran
tidak ditulis sama sekali.
"""


def register(subparsers: Any) -> None:
    """Add the ``score`` sub-command."""
    p = subparsers.add_parser(
        "score", help="hitung skor kesiapan ekspor dari lembar isian mentor (.csv/.xlsx)",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sheet", metavar="LEMBAR", help="lembar isian mentor (.csv atau .xlsx)")
    p.add_argument("--out", "-o", required=True, metavar="HASIL",
                   help="berkas hasil (.xlsx atau .csv)")
    p.add_argument("--rubric", metavar="RUBRIK.toml", default=None,
                   help="rubrik lain (bawaan: rubrik ikmkit)")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ikmkit import readiness, sheets

    rubric = readiness.load_rubric(args.rubric)
    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise sheets.SheetError(f"'--out' harus berakhiran .xlsx atau .csv: {args.out!r}")
    table = sheets.score_sheet(args.sheet, rubric=rubric)
    sheets.write_table(table, out, sheet_name="Skor kesiapan")
    counts = table["tingkat"].value_counts()
    print(f"{len(table)} IKM dinilai; hasil ditulis ke {out}")
    for level in readiness.LEVELS:
        print(f"  {level.name}: {int(counts.get(level.name, 0))} IKM")
    return 0
