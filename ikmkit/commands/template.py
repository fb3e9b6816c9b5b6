"""``ikmkit template``: write an empty mentor sheet with the right columns and their meaning."""

from __future__ import annotations

import argparse
from typing import Any

DESCRIPTION = """\
Menulis lembar isian kosong untuk mentor: lembar "Data" berisi satu kolom per pertanyaan
rubrik kesiapan ekspor (isi satu IKM per baris), dan lembar "Petunjuk" yang menjelaskan arti
tiap kolom dan nilai yang boleh diisi (ya/tidak, 0-4, atau angka). Setelah diisi, hitung
skornya dengan `ikmkit score LEMBAR.xlsx --out hasil.xlsx`.
"""


def register(subparsers: Any) -> None:
    """Add the ``template`` sub-command."""
    p = subparsers.add_parser(
        "template", help="tulis lembar isian kosong (.xlsx) untuk mentor",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", "-o", required=True, metavar="BERKAS.xlsx",
                   help="berkas yang ditulis (.xlsx; .csv hanya baris judul)")
    p.add_argument("--rubric", metavar="RUBRIK.toml", default=None,
                   help="rubrik lain (bawaan: rubrik ikmkit)")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ikmkit import readiness, sheets

    path = sheets.write_template(args.out, rubric=readiness.load_rubric(args.rubric))
    print(f"Lembar isian kosong ditulis ke {path}")
    return 0
