"""The "Usaha saya" worksheets of modules 03-06, run in order as a participant would.

The four notebooks are copied into one participant's home folder (``~/curriculum/NN-.../``),
with the business profile of module 00 already saved, and executed one after the other with
nbclient. After each tool cell (tagged ``usaha-...``) the test inserts one cell that types the
participant's answers through the tool's Python API, checks what the tool took over from the
earlier modules, and clicks "Simpan ke Usaha saya" (``tool.save()``). The notebooks find
``~/usaha_saya.json`` by themselves (:func:`ikmkit.usaha.locate`): one module's data is
reloaded by the next.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from ikmkit import costing, usaha

CURRICULUM = Path(__file__).resolve().parents[1] / "curriculum"
WORKSHEETS = [
    "03-kemasan-label/03-3-usaha-saya.ipynb",
    "04-kalkulasi-biaya/04-4-usaha-saya.ipynb",
    "05-pasar-promosi/05-4-usaha-saya.ipynb",
    "06-pembiayaan-pembayaran/06-3-usaha-saya.ipynb",
]

# What the participant types after each tool cell (by the cell's tag). The asserts check what
# the tool took over from the earlier modules before anything is typed.
ANSWERS = {
    "usaha-label": """
assert label.kind == "textile", "module 00's sector (konveksi) should pick the textile label"
with label.hold():
    label.market_input.value = "EU"
    label.controls["komposisi_serat"].value = True
    label.controls["bahasa_setempat"].value = True
assert label.save() is not None
""",
    "usaha-kemasan": """
c = karton.controls
with karton.hold():
    c["length_cm"].value, c["width_cm"].value, c["height_cm"].value = 60, 40, 40
    c["carton_kg"].value, c["units_per_carton"].value = 11.0, 120
    c["upright"].value = True
assert karton.save() is not None
""",
    "usaha-pengiriman": """
assert kiriman.controls["units_per_carton"].value == 120, "carton not taken from step 2"
assert kiriman.controls["height_cm"].value == 40
kiriman.controls["units"].value = 12_000
kiriman.controls["mode"].value = "lcl"
assert kiriman.save() is not None
""",
    "usaha-biaya": """
c = lembar_biaya.controls
with lembar_biaya.hold():
    for i, amount in enumerate([44_220_000, 0, 7_980_000, 24_370_000, 3_000_000, 1_560_000,
                                2_570_000, 2_020_000, 5_010_000, 500_000]):
        c[f"rp_{i}"].value = amount
    c["impor_0"].value = 30
    c["units"].value, c["unit_name"].value, c["price"].value = 4_000, "potong", 32_000
assert lembar_biaya.save() is not None
print("HPP", lembar_biaya.result.hpp_per_unit)
""",
    "usaha-harga": """
saved = usaha.load().section("biaya")
h = harga_ekspor.controls
assert h["units"].value == 12_000, "order size not taken from module 03"
assert h["hpp"].value == round(saved["hpp_per_unit_idr"] * 12_000), "HPP not taken from step 1"
assert harga_ekspor.domestic_price_idr == 32_000
with harga_ekspor.hold():
    h["export_packing"].value, h["bank_charges"].value = 3_000_000, 162_000
    h["margin"].value = h["hpp"].value * 15 // 100
    h["inland_transport"].value, h["port_and_handling"].value = 1_500_000, 2_500_000
    h["documents"].value, h["freight_usd"].value = 750_000, 336.0
    h["kurs"].value = 16_200
assert harga_ekspor.save() is not None
""",
    "usaha-pasar": """
assert pasar.controls["hs"].value == "6111.20", "HS code not guessed from the sector"
assert pasar.held_ids() == [], "an incomplete EU label must not count as met"
pasar.held["uji_azo_formaldehida"].value = True
pasar.controls["first"].value = "Singapura"
assert pasar.save() is not None
""",
    "usaha-penawaran": """
price = usaha.load().section("harga")
c = penawaran.controls
assert c["seller_name"].value == "Konveksi Buah Hati"
assert c["buyer_country"].value == "Singapura" and c["hs_code"].value == "6111.20"
assert c["quantity"].value == 12_000
assert abs(c["unit_price"].value - price["fob_usd_per_unit"]) < 1e-9, "FCA = FOB stage price"
c["buyer_name"].value = "Little Steps Pte Ltd"
c["description"].value = "Baby jumper, 100 % cotton"
assert penawaran.save() is not None
""",
    "usaha-pembiayaan": """
saved = usaha.load()
offer, price = saved.section("pasar")["penawaran"], saved.section("harga")
c = pembiayaan.controls
assert c["order_value"].value == round(offer["total_usd"] * price["kurs_beli"])
assert c["shipping_idr"].value == 1_500_000 + 2_500_000 + 750_000
with pembiayaan.hold():
    c["term"].value, c["credit_days"].value, c["rate_pct"].value = "open_account", 30, 6
assert pembiayaan.save() is not None
""",
}


def _with_answers(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag in ANSWERS:
                cells.append(nbformat.v4.new_code_cell(ANSWERS[tag].strip()))
    nb.cells = cells
    return nb


@pytest.mark.slow
def test_worksheets_in_order_share_one_file(tmp_path, monkeypatch):
    """03 → 04 → 05 → 06 in one home folder: each worksheet starts from what the earlier ones
    saved, and at the end usaha_saya.json holds every section, consistent across modules."""
    from nbclient import NotebookClient

    home = tmp_path / "peserta"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv(usaha.ENV, raising=False)
    for rel in WORKSHEETS:
        target = home / "curriculum" / rel
        target.parent.mkdir(parents=True)
        shutil.copy(CURRICULUM / rel, target)
    file = home / usaha.FILE_NAME
    usaha.save("bisnis", {"nama_usaha": "Konveksi Buah Hati", "sektor": "konveksi",
                          "kabupaten": "Kab. Sidoarjo"}, path=file)

    tagged = set()
    for rel in WORKSHEETS:
        path = home / "curriculum" / rel
        nb = _with_answers(path)
        tagged |= {t for c in nb.cells for t in c.get("metadata", {}).get("tags", [])}
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        first = next(c for c in nb.cells if c.cell_type == "code")
        printed = "".join(o.get("text", "") for o in first.outputs)
        assert str(file) in printed, printed  # every worksheet found the same file
    assert tagged == set(ANSWERS)

    data = usaha.load(file)
    assert data.filled() == ["bisnis", "label", "kemasan", "pengiriman", "biaya", "harga",
                             "pasar", "pembiayaan"]
    shipment, costs = data.section("pengiriman"), data.section("biaya")
    price, market = data.section("harga"), data.section("pasar")
    assert shipment["jumlah_karton"] == 100
    assert price["jumlah_unit"] == shipment["jumlah_unit"] == 12_000
    assert price["hpp_pesanan_idr"] == round(costs["hpp_per_unit_idr"] * 12_000)
    assert market["pasar_pertama"] == "Singapura"
    assert market["penawaran"]["total_usd"] == pytest.approx(
        12_000 * price["fob_usd_per_unit"])
    financing = data.section("pembiayaan")
    assert financing["nilai_pesanan_idr"] == round(market["penawaran"]["total_usd"] * 16_200)
    assert financing["dana_dibiayai_idr"] > 0
    hpp = costing.cost_summary([{"pos_biaya": p["nama"], "kategori": p["kategori"],
                                 "perilaku": p["perilaku"], "biaya_bulanan_idr": p["rp"]}
                                for p in costs["pos"]], units=4_000).hpp_per_unit
    assert costs["hpp_per_unit_idr"] == float(hpp)
    assert json.loads(file.read_text(encoding="utf-8"))["schema"] == usaha.SCHEMA
