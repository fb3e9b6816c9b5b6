"""``ikmkit hub demo`` (``make hub-demo``): a demo batch on this computer, started at once.

Four demo participants (one per sector) and one trainer get system accounts; assignment
``m01-standardisasi`` is released; the hub runs on 127.0.0.1 until Ctrl-C. The accounts are
printed (and stay in the hub folder's ``akun.csv``); ``ikmkit hub remove DIR --yes`` removes
them afterwards.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEMO_ROSTER", "run_demo"]

DEMO_ROSTER = """id_peserta,nama,nama_ikm,sektor,kabupaten
DEMO-01,Siti Rahayu,Batik Sekar Jagad,batik,Tuban
DEMO-02,Budi Santoso,Konveksi Maju Jaya,konveksi,Sidoarjo
DEMO-03,Dewi Lestari,Bordir Kencana,bordir,Pasuruan
DEMO-04,Tini Wulandari,Sambal Bu Tini,makanan-minuman,Malang
"""
DEMO_TRAINER = "pelatih-demo"
DEMO_ASSIGNMENT = "m01-standardisasi"


def run_demo(root: str | Path, *, port: int = 8000) -> int:
    """Create (or reuse) the demo batch in ``root``, release m01 and run the hub."""
    import tempfile

    from ikmkit.hub import accounts, batch, server, start_hub

    root = Path(root).resolve()
    root.parent.mkdir(parents=True, exist_ok=True)
    if not server.port_free(port, "127.0.0.1"):
        port = server.free_port()
    with tempfile.TemporaryDirectory() as tmp:
        roster = Path(tmp) / "peserta-demo.csv"
        roster.write_text(DEMO_ROSTER, encoding="utf-8")
        result = batch.init_hub(root, roster, [DEMO_TRAINER], course_id="demo-ikm",
                                title="Angkatan contoh (demo)",
                                url=f"http://localhost:{port}/")
    batch.release(root, DEMO_ASSIGNMENT)
    print(f"\nTugas {DEMO_ASSIGNMENT} sudah dibagikan. Akun contoh (juga di "
          f"{root / accounts.ACCOUNTS_NAME}):")
    for a in accounts.read_accounts(root / accounts.ACCOUNTS_NAME):
        print(f"  {a.role:<8} {a.username:<16} {a.password}")
    print(f"Kartu masuk: {result.cards}")
    print(f"Hapus angkatan contoh sesudahnya: .venv/bin/ikmkit hub remove {root} --yes\n")
    return start_hub(root, port=port, ip="127.0.0.1")
