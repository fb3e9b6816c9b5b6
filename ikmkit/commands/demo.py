"""``ikmkit demo``: the whole incubator cycle on synthetic participants."""

from __future__ import annotations

import argparse
from typing import Any

from ikmkit.commands import add_jobs, add_no_progress

DESCRIPTION = """\
Menjalankan seluruh siklus inkubator dengan peserta contoh (sintetis), tanpa data sungguhan:
membuat kelas nbgrader dari folder assessments/, membuat peserta dari keempat sektor (batik,
konveksi, bordir, makanan-minuman) yang mengumpulkan penilaian awal (tugas m00-penilaian-awal)
dan tugas modul dengan jawaban yang benar sebagian, beberapa kiriman "nakal" (perulangan tanpa
akhir, notebook rusak, sel tes yang diubah), menilai semua kiriman secara paralel, lalu
mentor memeriksa separuh peserta di akhir inkubasi (lembar mentor). Dua snapshot disimpan
(intake dan akhir inkubasi) dan laporan menampilkan skor awal di samping skor terakhir.

Di akhir dicetak ringkasan dan lokasi dasbor (OUT/kelas/laporan/index.html). Menjalankan
ulang dengan --out yang sama menghapus hasil demo sebelumnya (hanya folder buatan demo).
"""


def register(subparsers: Any) -> None:
    """Add the ``demo`` sub-command."""
    p = subparsers.add_parser(
        "demo", help="jalankan seluruh siklus dengan peserta contoh dan buat laporannya",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--participants", "-n", type=int, default=16, metavar="N",
                   help="jumlah peserta contoh (bawaan: 16, empat per sektor)")
    p.add_argument("--out", "-o", default="demo-out", metavar="DIR",
                   help="folder hasil demo (bawaan: ./demo-out; kelas di DIR/kelas)")
    add_jobs(p)
    p.add_argument("--seed", type=int, default=0, help="benih acak (bawaan: 0)")
    add_no_progress(p)
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ikmkit import demo

    result = demo.run_demo(args.out, participants=args.participants, jobs=args.jobs,
                           seed=args.seed, progress=not args.no_progress)
    print(result.summary)
    return 0
