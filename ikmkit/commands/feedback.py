"""``ikmkit feedback FOLDER``: Indonesian HTML feedback for every graded submission."""

from __future__ import annotations

import argparse

from ikmkit.commands import add_course_dir, add_participants


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``feedback`` command."""
    p = subparsers.add_parser(
        "feedback",
        help="buat umpan balik HTML per peserta (tanpa kode tes tersembunyi)",
        description=(
            "Buat umpan balik HTML berbahasa Indonesia untuk setiap kiriman yang sudah "
            "dinilai: FOLDER/feedback/<peserta>/<tugas>/<notebook>.html dan satu halaman "
            "ringkasan FOLDER/feedback/<peserta>/index.html. Pesan dari setiap tes tetap "
            "tampil; kode tes tersembunyi tidak pernah ditampilkan."
        ),
    )
    add_course_dir(p)
    add_participants(p)
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ikmkit.grading import generate_feedback

    pages = generate_feedback(args.course_dir, args.participant)
    indexes = [p for p in pages if p.name == "index.html"]
    print(f"Umpan balik ditulis: {len(pages) - len(indexes)} notebook, "
          f"{len(indexes)} peserta.")
    for p in indexes:
        print(f"  {p}")
    return 0
