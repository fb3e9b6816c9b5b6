"""``ikmkit report``: cohort dashboard, report cards and XLSX/CSV for the bank."""

from __future__ import annotations

import argparse
from typing import Any

from ikmkit.commands import add_course_dir, add_no_progress, warn

DESCRIPTION = """\
Membuat laporan kohort dari folder kelas:
  index.html          dasbor kohort (grafik, angka program, daftar peserta)
  peserta/<id>.html   rapor tiap peserta (radar, penghambat, langkah berikut, nilai, riwayat)
  kohort.xlsx / .csv  satu baris per IKM, siap diserahkan ke bank
Data diambil dari profil_ikm.json yang dikumpulkan peserta, buku nilai nbgrader
(gradebook) dan, bila diberikan, lembar isian mentor (--sheet). Skor awal setiap peserta
(penilaian awal, tugas m00-penilaian-awal) tampil di samping skor terakhirnya, masing-masing
berlabel "penilaian mandiri" atau "diperiksa mentor" (dari --sheet). Laporan bisa dibuka
tanpa internet dan dicetak.

Dengan --snapshot NAMA, keadaan kohort saat ini juga disimpan sebagai snapshot (mis. intake,
akhir-inkubasi, pasca-magang) di FOLDER/pelacakan/snapshots/. Snapshot yang sudah ada tidak
pernah ditimpa.
"""


def register(subparsers: Any) -> None:
    """Add the ``report`` sub-command."""
    p = subparsers.add_parser(
        "report", help="buat dasbor kohort, rapor peserta dan XLSX untuk bank",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_course_dir(p)
    p.add_argument("--out", "-o", metavar="OUT", default=None,
                   help="folder laporan (bawaan: FOLDER/laporan)")
    p.add_argument("--sheet", metavar="LEMBAR", default=None,
                   help="lembar isian mentor (.csv/.xlsx); menggantikan profil IKM yang sama")
    p.add_argument("--snapshot", metavar="NAMA", default=None,
                   help="simpan juga snapshot bernama NAMA (huruf kecil, angka, '-')")
    p.add_argument("--date", metavar="TTTT-BB-HH", default=None,
                   help="tanggal snapshot (bawaan: hari ini)")
    p.add_argument("--db-url", metavar="URL", default=None,
                   help="alamat database gradebook (bawaan: sqlite FOLDER/gradebook.db)")
    p.add_argument("--course-id", metavar="ID", default=None,
                   help="course id nbgrader (untuk gradebook bersama di JupyterHub)")
    p.add_argument("--title", default="Laporan kohort inkubator ekspor IKM",
                   help="judul dasbor")
    add_no_progress(p)
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ikmkit.cohort import report, tracking
    from ikmkit.grading import resolve_course_dir

    course = resolve_course_dir(args.course_dir, need="folder")
    cohort = tracking.load_cohort(course, sheet=args.sheet, db_url=args.db_url,
                                  course_id=args.course_id)
    if args.snapshot:
        info = tracking.take_snapshot(course, args.snapshot, cohort.table, date=args.date)
        print(f"Snapshot {info.label} disimpan ({info.participants} peserta).")
    out = Path(args.out) if args.out else course / "laporan"
    files = report.write_report(cohort, out, title=args.title, progress=not args.no_progress)
    for warning in cohort.warnings:
        warn(warning)
    print(f"Laporan {len(cohort.table)} peserta ditulis ke {files.root}")
    print(f"  Dasbor: {files.index}")
    print(f"  Untuk bank: {files.xlsx} (juga {files.csv.name})")
    return 0
