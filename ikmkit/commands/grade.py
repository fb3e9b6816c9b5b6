"""``ikmkit grade FOLDER``: autograde every new submission of a course, in parallel, safely."""

from __future__ import annotations

import argparse

from ikmkit.commands import (
    add_course_dir,
    add_jobs,
    add_no_progress,
    add_participants,
    library_default,
    option_names,
    positive_int,
    warn,
)

EPILOG = """\
Hasil tiap kiriman: dinilai (graded), melewati batas waktu (timeout), kernel berhenti
mendadak (kernel_crashed), melewati batas memori (memory_exceeded), notebook rusak
(invalid_notebook), notebook tidak ada (missing_notebook), kiriman ditolak karena berkas
tidak aman seperti tautan/symlink (unsafe_submission), gagal dinilai (error); sel tes
yang diubah atau dihapus peserta dipulihkan dan dicatat. Kode yang mencoba mengubah cara
penilaian ditandai di kolom flags. Hasil ditulis ke FOLDER/hasil-penilaian.csv.

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
            "Nilai otomatis (nbgrader autograde) setiap kiriman di FOLDER/submitted/<peserta>/"
            "<tugas>/ yang belum dinilai, dengan beberapa proses sekaligus. Peserta baru "
            "ditambahkan ke gradebook. Aman dijalankan ulang."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from ikmkit.grading import grade

    add_course_dir(p)
    add_jobs(p)
    cell, notebook = library_default(grade, "cell_timeout"), library_default(
        grade, "notebook_timeout")
    memory = library_default(grade, "memory_mb")
    p.add_argument("--timeout", type=positive_int, default=cell, metavar="DETIK",
                   help=f"batas waktu per sel (bawaan: {cell} detik)")
    p.add_argument("--notebook-timeout", type=positive_int, default=notebook, metavar="DETIK",
                   help=f"batas waktu seluruh notebook (bawaan: {notebook} detik)")
    p.add_argument("--memory", type=positive_int, default=memory, metavar="MB",
                   help=f"batas memori kernel peserta (bawaan: {memory} MB)")
    p.add_argument("--regrade", action="store_true",
                   help="nilai ulang juga kiriman yang sudah dinilai")
    add_participants(p)
    p.add_argument("--assignment", action="append", default=None, metavar="TUGAS",
                   help="hanya tugas ini (boleh diulang), mis. m01-kesiapan-ekspor; dua "
                        "penilaian untuk tugas berbeda boleh berjalan bersamaan")
    p.add_argument("--no-fork", action="store_true",
                   help="mulai Python baru untuk tiap kernel, bukan menyalin (fork) server "
                        "kernel yang sudah siap; lebih lambat, untuk mencari masalah")
    add_no_progress(p)
    option_names(p, {"cell_timeout": "--timeout", "notebook_timeout": "--notebook-timeout",
                     "memory_mb": "--memory", "jobs": "--jobs"})
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    import warnings

    from ikmkit._text import printable
    from ikmkit.grading import STATUS_LABELS, grade

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        run = grade(args.course_dir, jobs=args.jobs, cell_timeout=args.timeout,
                    notebook_timeout=args.notebook_timeout, memory_mb=args.memory,
                    regrade=args.regrade, progress=not args.no_progress,
                    participants=args.participant, assignments=args.assignment,
                    fork_kernels=not args.no_fork)
    for text in run.warnings:
        warn(text)
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
