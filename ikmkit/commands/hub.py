"""``ikmkit hub``: a JupyterHub for one batch (init, start, password, remove, demo)."""

from __future__ import annotations

import argparse
from typing import Any

DESCRIPTION = """\
Server JupyterHub untuk satu angkatan peserta (jalankan sebagai root di server):

  ikmkit hub init DIR --roster peserta.csv --trainers rina,agus
      membuat akun (satu pengguna sistem per peserta/pelatih, kata sandi acak),
      kartu masuk yang bisa dicetak (DIR/kartu-login/semua.html), DIR/akun.csv,
      folder kursus nbgrader (DIR/kelas), pertukaran tugas dan konfigurasi JupyterHub.
      Aman dijalankan ulang dengan daftar peserta yang lebih panjang: peserta baru
      ditambahkan, tidak ada yang hilang.
  ikmkit hub start DIR [--port 8000]
      menjalankan hub; Ctrl-C menghentikan hub dan semua server peserta.
  ikmkit hub password USER [--dir DIR]
      membuat kata sandi baru untuk satu akun (juga kartunya).
  ikmkit hub demo
      angkatan contoh (4 peserta, 1 pelatih) di komputer ini, langsung dijalankan.
  ikmkit hub remove DIR --yes
      menghapus akun-akun angkatan itu (beserta folder rumahnya) dan folder hub.

Daftar peserta (.csv atau .xlsx, baris 1 = judul kolom): id_peserta, nama, nama_ikm,
sektor (batik, konveksi, bordir, makanan-minuman), kabupaten.
"""


def register(subparsers: Any) -> None:
    """Add the ``hub`` command and its sub-commands."""
    p = subparsers.add_parser(
        "hub", help="server JupyterHub untuk satu angkatan (akun, kartu masuk, formgrader)",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="hub_command", metavar="SUBPERINTAH")

    init = sub.add_parser("init", help="buat atau lengkapi folder hub satu angkatan",
                          description="Buat atau lengkapi folder hub satu angkatan.")
    init.add_argument("dir", metavar="DIR", help="folder hub (mis. /srv/ikmkit/angkatan-1)")
    init.add_argument("--roster", required=True, metavar="BERKAS",
                      help="daftar peserta .csv/.xlsx (id_peserta, nama, nama_ikm, sektor, "
                           "kabupaten)")
    init.add_argument("--trainers", required=True, metavar="NAMA",
                      help="nama pengguna pelatih, dipisah koma (mis. rina,agus)")
    init.add_argument("--db", metavar="URL", default=None,
                      help="gradebook di PostgreSQL (postgresql://user:sandi@host/db); "
                           "bawaan: SQLite di DIR/kelas/gradebook.db")
    init.add_argument("--course-id", metavar="ID", default=None,
                      help="id kelas nbgrader (bawaan: dari nama folder DIR)")
    init.add_argument("--title", default=None, help="nama angkatan di kartu dan halaman masuk")
    init.add_argument("--url", default=None,
                      help="alamat hub yang dicetak di kartu (bawaan: http://NAMA-SERVER:8000/)")
    init.add_argument("--env", metavar="FOLDER", default=None,
                      help="lingkungan Python server peserta (bawaan: DIR/env); beberapa "
                           "angkatan boleh memakai satu lingkungan")
    init.add_argument("--home-root", metavar="FOLDER", default=None,
                      help="folder induk rumah pengguna (bawaan: /home)")
    init.add_argument("--assessments", metavar="FOLDER", default=None,
                      help="folder assessments nbgrader (bawaan: assessments/ repositori)")
    init.add_argument("--curriculum", metavar="FOLDER", default=None,
                      help="materi yang disalin ke rumah tiap akun (bawaan: curriculum/)")
    init.set_defaults(handler=_init)

    start = sub.add_parser("start", help="jalankan hub (Ctrl-C untuk berhenti)",
                           description="Jalankan JupyterHub angkatan ini sampai Ctrl-C/SIGTERM.")
    start.add_argument("dir", metavar="DIR", help="folder hub")
    start.add_argument("--port", type=int, default=8000, help="port hub (bawaan: 8000)")
    start.add_argument("--ip", default="0.0.0.0",
                       help="alamat yang didengarkan (bawaan: 0.0.0.0 = semua; 127.0.0.1 = "
                            "hanya komputer ini)")
    start.add_argument("--log", default="", metavar="BERKAS",
                       help="catatan JupyterHub (bawaan: DIR/data/jupyterhub.log; '-' = "
                            "tampilkan di terminal)")
    start.set_defaults(handler=_start)

    password = sub.add_parser("password", help="buat kata sandi baru untuk satu akun",
                              description="Buat kata sandi baru untuk satu akun angkatan.")
    password.add_argument("user", metavar="USER", help="nama pengguna")
    password.add_argument("--dir", default=".", metavar="DIR",
                          help="folder hub (bawaan: folder saat ini)")
    password.set_defaults(handler=_password)

    demo = sub.add_parser("demo", help="angkatan contoh di komputer ini, langsung dijalankan",
                          description="Buat angkatan contoh (4 peserta, 1 pelatih; tugas "
                                      "m01 sudah dibagikan) lalu jalankan hub-nya.")
    demo.add_argument("--dir", default="/srv/ikmkit-hub-demo", metavar="DIR",
                      help="folder hub contoh (bawaan: /srv/ikmkit-hub-demo)")
    demo.add_argument("--port", type=int, default=8000, help="port hub (bawaan: 8000)")
    demo.set_defaults(handler=_demo)

    remove = sub.add_parser("remove", help="hapus akun angkatan dan folder hub-nya",
                            description="Hapus semua akun angkatan (beserta folder rumah) "
                                        "dan folder hub. Tidak bisa dibatalkan.")
    remove.add_argument("dir", metavar="DIR", help="folder hub")
    remove.add_argument("--yes", action="store_true", help="ya, hapus (wajib)")
    remove.set_defaults(handler=_remove)
    p.set_defaults(handler=lambda args: (p.print_help(), 2)[1])


def _init(args: argparse.Namespace) -> int:
    from ikmkit.hub import init_hub

    result = init_hub(args.dir, args.roster, [args.trainers], db_url=args.db,
                      course_id=args.course_id, title=args.title, url=args.url, env=args.env,
                      home_root=args.home_root, assessments=args.assessments,
                      curriculum=args.curriculum)
    s = result.settings
    print(f"Hub angkatan {s.title} ({s.course_id}) siap di {result.root}")
    print(f"  Akun baru: {len(result.created)}; akun lama tetap: {len(result.kept)}")
    for name in result.not_in_roster:
        print(f"  Perhatian: {name} tidak ada di daftar peserta baru; akunnya tetap ada.")
    print(f"  Kartu masuk (cetak): {result.cards}")
    print(f"  Akun dan kata sandi: {result.root / 'akun.csv'} (hanya root)")
    print(f"  Jalankan: ikmkit hub start {result.root}")
    return 0


def _start(args: argparse.Namespace) -> int:
    from ikmkit.hub import start_hub

    return start_hub(args.dir, port=args.port, ip=args.ip,
                     log=None if args.log == "-" else args.log)


def _password(args: argparse.Namespace) -> int:
    from ikmkit.hub import reset_password

    account = reset_password(args.dir, args.user)
    print(f"Kata sandi baru untuk {account.username}: {account.password}")
    print("Kartu masuknya juga diperbarui (folder kartu-login).")
    return 0


def _remove(args: argparse.Namespace) -> int:
    from ikmkit.hub import HubError, remove_hub

    if not args.yes:
        raise HubError("menghapus akun tidak bisa dibatalkan: tambahkan --yes bila yakin")
    removed = remove_hub(args.dir)
    print(f"{len(removed)} akun dihapus; folder hub {args.dir} dihapus.")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from ikmkit.hub.demo import run_demo

    return run_demo(args.dir, port=args.port)
