"""``ikmkit course init FOLDER``: build or complete an nbgrader course directory."""

from __future__ import annotations

import argparse

from ikmkit.vocab import COURSE_FOLDER


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``course`` command and its ``init`` sub-command."""
    p = subparsers.add_parser(
        "course",
        help="siapkan folder kelas nbgrader dari assessments/",
        description=(
            "Kelola folder kelas nbgrader. `ikmkit course init FOLDER` membuat (atau melengkapi) "
            "folder kelas dari assessments/: nbgrader_config.py, gradebook.db dan folder "
            "release/ untuk peserta. Aman dijalankan ulang: kiriman dan nilai peserta tidak "
            "pernah ditimpa."
        ),
    )
    sub = p.add_subparsers(dest="course_command", metavar="SUBPERINTAH")
    init = sub.add_parser(
        "init",
        help="buat atau lengkapi folder kelas",
        description="Buat atau lengkapi folder kelas nbgrader dari assessments/.",
    )
    init.add_argument("course_dir", metavar="FOLDER",
                      help=f"{COURSE_FOLDER} (dibuat bila belum ada)")
    init.add_argument(
        "--assessments", metavar="PATH", default=None,
        help="folder sumber nbgrader (berisi source/); bawaan: assessments/ di repositori",
    )
    init.add_argument(
        "--db-url", metavar="URL", default=None,
        help="alamat basis data gradebook (SQLAlchemy), mis. postgresql://...; "
             "bawaan: FOLDER/gradebook.db (SQLite)",
    )
    init.set_defaults(handler=_run_init)
    p.set_defaults(handler=_run_help, _parser=p)


def _run_help(args: argparse.Namespace) -> int:
    args._parser.print_help()
    return 2


def _run_init(args: argparse.Namespace) -> int:
    from ikmkit.grading.course import assignments, init_course

    root = init_course(args.course_dir, args.assessments, db_url=args.db_url)
    names = assignments(root)
    print(f"{COURSE_FOLDER.capitalize()} siap: {root}")
    print(f"Tugas ({len(names)}): " + ", ".join(names))
    print(f"Bagikan isi {root / 'release'} kepada peserta.")
    return 0
