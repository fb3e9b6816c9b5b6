"""``ikmkit grade DIR``: autograde every new submission of a course, in parallel, safely."""

from __future__ import annotations

import argparse

EPILOG = """\
Hasil tiap kiriman: dinilai (graded), melewati batas waktu (timeout), kernel berhenti
mendadak (kernel_crashed), melewati batas memori (memory_exceeded), notebook rusak
(invalid_notebook), notebook tidak ada (missing_notebook), kiriman ditolak karena berkas
tidak aman seperti tautan/symlink (unsafe_submission), gagal dinilai (error); sel tes
yang diubah atau dihapus peserta dipulihkan dan dicatat. Kode yang mencoba mengubah cara
penilaian ditandai di kolom flags. Hasil ditulis ke DIR/hasil-penilaian.csv.

Kode keluar: 0 = semua kiriman dinilai (termasuk yang kodenya melewati batas waktu, crash
atau batas memori: nilainya tetap tercatat); 1 = ada kiriman yang tidak bisa dinilai
(notebook rusak/tidak ada, galat), kiriman lain tetap dinilai; 2 = perintah salah.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``grade`` command."""
    p = subparsers.add_parser(
        "grade",
        help="nilai otomatis semua kiriman baru (paralel, aman)",
        description=(
            "Nilai otomatis (nbgrader autograde) setiap kiriman di DIR/submitted/<peserta>/"
            "<tugas>/ yang belum dinilai, dengan beberapa proses sekaligus. Peserta baru "
            "ditambahkan ke gradebook. Aman dijalankan ulang."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("dir", metavar="DIR", help="folder kursus (dibuat dengan `ikmkit course init`)")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="jumlah proses penilai (bawaan: 2 per inti CPU, paling banyak 4)")
    p.add_argument("--timeout", type=int, default=30, metavar="DETIK",
                   help="batas waktu per sel (bawaan: 30 detik)")
    p.add_argument("--notebook-timeout", type=int, default=300, metavar="DETIK",
                   help="batas waktu seluruh notebook (bawaan: 300 detik)")
    p.add_argument("--memory", type=int, default=1024, metavar="MB",
                   help="batas memori kernel peserta (bawaan: 1024 MB)")
    p.add_argument("--regrade", action="store_true",
                   help="nilai ulang juga kiriman yang sudah dinilai")
    p.add_argument("--participant", action="append", default=None, metavar="ID",
                   help="hanya peserta ini (boleh diulang)")
    p.add_argument("--no-fork", action="store_true",
                   help="mulai Python baru untuk tiap kernel, bukan menyalin (fork) server "
                        "kernel yang sudah siap; lebih lambat, untuk mencari masalah")
    p.add_argument("--no-progress", action="store_true", help="tanpa bilah kemajuan")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    import sys
    import warnings

    from ikmkit._text import printable
    from ikmkit.errors import IkmkitError
    from ikmkit.grading import STATUS_LABELS, grade

    if args.jobs is not None and args.jobs < 1:
        raise IkmkitError(f"'jobs' harus paling sedikit 1: {args.jobs}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        run = grade(args.dir, jobs=args.jobs, cell_timeout=args.timeout,
                    notebook_timeout=args.notebook_timeout, memory_mb=args.memory,
                    regrade=args.regrade, progress=not args.no_progress,
                    participants=args.participant, fork_kernels=not args.no_fork)
    for text in run.warnings:
        print(f"Peringatan: {text}", file=sys.stderr)
    if run.outcomes:
        # names come from participants' folders: never raw control characters
        names = [printable(f"{o.participant}/{o.assignment}") for o in run.outcomes]
        width = max(len(n) for n in names)
        for name, o in zip(names, run.outcomes, strict=True):
            score = "" if o.score is None else f"{o.score:g}/{o.max_score:g}"
            line = f"{name:<{width}}  {STATUS_LABELS[o.status]:<24}"
            flags = f" [{', '.join(o.flags)}]" if o.flags else ""
            print(printable(f"{line} {score:>9}  {o.detail}{flags}").rstrip())
    for assignment, mode in run.modes.items():
        print(printable(f"Cara menilai {assignment}: {mode}"))
    failed = sum(o.failed for o in run.outcomes)
    graded = len(run.outcomes) - failed
    print(f"{graded} kiriman dinilai, {failed} gagal, {len(run.skipped)} sudah dinilai "
          f"sebelumnya ({run.seconds:.1f} detik, {run.jobs} proses). Hasil: {run.csv_path}")
    return 0 if run.ok else 1
