"""``ikmkit feedback DIR``: Indonesian HTML feedback for every graded submission."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``feedback`` command."""
    p = subparsers.add_parser(
        "feedback",
        help="buat umpan balik HTML per peserta (tanpa kode tes tersembunyi)",
        description=(
            "Buat umpan balik HTML berbahasa Indonesia untuk setiap kiriman yang sudah "
            "dinilai: DIR/feedback/<peserta>/<tugas>/<notebook>.html dan satu halaman "
            "ringkasan DIR/feedback/<peserta>/index.html. Pesan dari setiap tes tetap "
            "tampil; kode tes tersembunyi tidak pernah ditampilkan."
        ),
    )
    p.add_argument("dir", metavar="DIR", help="folder kursus")
    p.add_argument("--participant", action="append", default=None, metavar="ID",
                   help="hanya peserta ini (boleh diulang)")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ikmkit.grading import generate_feedback

    pages = generate_feedback(args.dir, args.participant)
    indexes = [p for p in pages if p.name == "index.html"]
    print(f"Umpan balik ditulis: {len(pages) - len(indexes)} notebook, "
          f"{len(indexes)} peserta.")
    for p in indexes:
        print(f"  {p}")
    return 0
