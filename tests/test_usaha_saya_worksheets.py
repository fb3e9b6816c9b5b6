"""The "Usaha saya" worksheets of modules 00, 01 and 02, run in order in one home folder.

Each worksheet is executed with nbclient, as JupyterLab would run it, in a copy of the
curriculum inside a temporary home folder (so ``usaha_saya.json`` is found the way it is on the
server: in the home folder above the module folders). What a participant types and clicks is
done by a test-only cell inserted after the tagged widget cell, through the widget's Python
API. The test shows that what module 00 saves is what module 01 and 02 load: nobody types the
same data twice.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

CURRICULUM = Path(__file__).resolve().parents[1] / "curriculum"
WORKSHEETS = ("00-pengantar/00-4-usaha-saya.ipynb",
              "01-standardisasi-sertifikasi/01-5-usaha-saya.ipynb",
              "02-kesiapan-ekspor/02-5-usaha-saya.ipynb")


def _run(path: Path, after: dict[str, str]) -> nbformat.NotebookNode:
    """Execute *path* where it lies, with *after[tag]* run right after the cell tagged *tag*."""
    nb = nbformat.read(path, as_version=4)
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag in after:
                cells.append(nbformat.v4.new_code_cell(after[tag]))
    nb.cells = cells
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A participant's home folder with the curriculum in it, and no IKMKIT_USAHA_FILE."""
    home = tmp_path / "peserta"
    for rel in WORKSHEETS:
        target = home / "curriculum" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CURRICULUM / rel, target)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("IKMKIT_USAHA_FILE", raising=False)
    return home


def _saved(home: Path) -> dict:
    return json.loads((home / "usaha_saya.json").read_text(encoding="utf-8"))["sections"]


def test_every_worksheet_has_its_widgets_tagged():
    """The worksheets carry the tags the participants' steps are attached to."""
    tags = {}
    for rel in WORKSHEETS:
        nb = nbformat.read(CURRICULUM / rel, as_version=4)
        tags[rel] = {t for c in nb.cells for t in c.get("metadata", {}).get("tags", [])}
    assert tags[WORKSHEETS[0]] == {"usaha-bisnis", "usaha-kesiapan"}
    assert tags[WORKSHEETS[1]] == {"usaha-bisnis", "usaha-sertifikasi"}
    assert tags[WORKSHEETS[2]] == {"usaha-kesiapan", "usaha-rencana"}


@pytest.mark.slow
def test_modules_00_01_02_reload_what_the_previous_one_saved(home: Path):
    """00 saves the business and the intake answers; 01 reloads the business and saves a
    roadmap; 02 reloads the intake answers (no re-typing), saves the update and a plan."""
    _run(home / "curriculum" / WORKSHEETS[0], {
        "usaha-bisnis": """
profil.controls["nama_usaha"].value = "Konveksi Uji Sidoarjo"
profil.controls["sektor"].value = "konveksi"
profil.controls["produk_utama"].value = "jumper bayi 0-12 bulan"
profil.controls["produksi_bulanan"].value = 4000
profil.controls["harga_jual_idr"].value = 32000
profil.controls["pasar_tujuan"].value = "Singapura"
assert profil.save() is not None
""",
        "usaha-kesiapan": """
assert penilaian.sector == "konveksi", penilaian.sector
assert penilaian.business_input.value == "Konveksi Uji Sidoarjo"
assert penilaian.answers()["kapasitas_konveksi"] == 4000   # from the business profile
penilaian.set_answers({"punya_nib": True, "punya_npwp": True, "produk_sni_wajib": True,
                       "sni_wajib": False, "sistem_mutu": 2})
assert penilaian.save() is not None
"""})
    after_00 = _saved(home)
    assert after_00["bisnis"]["nama_usaha"] == "Konveksi Uji Sidoarjo"
    assert after_00["kesiapan"]["jawaban"]["punya_nib"] is True
    assert after_00["kesiapan"]["gerbang"] == {"produk_sni_wajib": True}
    intake_total = after_00["kesiapan"]["skor_total"]
    assert (home / "curriculum" / "00-pengantar" / "profil_ikm.json").is_file()

    _run(home / "curriculum" / WORKSHEETS[1], {
        "usaha-bisnis": """
assert profil.values()["nama_usaha"] == "Konveksi Uji Sidoarjo"
assert profil.values()["produksi_bulanan"] == 4000
""",
        "usaha-sertifikasi": """
assert peta.controls["sector"].value == "konveksi"
assert peta.controls["target_market"].value == "ASEAN"   # Singapura, from module 00
peta.held["nib"].value = True
peta.controls["baby_clothes"].value = True
assert peta.save() is not None
"""})
    after_01 = _saved(home)
    steps = [s["sertifikat_id"] for s in after_01["sertifikasi"]["langkah"]]
    assert steps[:2] == ["merek", "sppt_sni"]
    assert after_01["sertifikasi"]["sudah_punya"] == ["nib"]
    assert after_01["bisnis"] == after_00["bisnis"] and after_01["kesiapan"] == after_00["kesiapan"]

    _run(home / "curriculum" / WORKSHEETS[2], {
        "usaha-kesiapan": f"""
assert penilaian.sector == "konveksi"
assert penilaian.answers()["punya_nib"] is True and penilaian.answers()["sistem_mutu"] == 2
assert penilaian.gate_answers() == {{"produk_sni_wajib": True}}
assert penilaian.previous is not None and penilaian.previous.total == {intake_total!r}
assert "WAJIB DULU" in penilaian.next_steps.value
penilaian.controls["merek_terdaftar"].value = True
assert penilaian.save() is not None
""",
        "usaha-rencana": """
assert "SPPT-SNI" in rencana.suggestions.value
rencana.controls["langkah_1"].value = "Ajukan SPPT-SNI 7617 ke LSPro yang ditunjuk"
rencana.controls["selesai_1"].value = "31 Maret 2027"
assert rencana.save() is not None
"""})
    after_02 = _saved(home)
    assert after_02["kesiapan"]["jawaban"]["merek_terdaftar"] is True
    assert after_02["kesiapan"]["skor_total"] > intake_total
    assert after_02["kesiapan"]["rencana_90_hari"][0]["selesai"] == "31 Maret 2027"
    assert after_02["bisnis"] == after_00["bisnis"]
    assert after_02["sertifikasi"] == after_01["sertifikasi"]
