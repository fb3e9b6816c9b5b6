"""The "Usaha saya" tools: each computes with its calculator, saves its section of
usaha_saya.json, loads it back, and starts from earlier modules' sections."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from ikmkit import costing, finance, markets, packaging, usaha
from ikmkit.widgets import (
    ContainerPlanner,
    CostSheet,
    LabelChecklist,
    MarketChooser,
    OrderFinancing,
    PriceBuildUp,
    QuotationForm,
    ShipmentPlanner,
)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "usaha_saya.json"


def _saved(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["sections"]


# --------------------------------------------------------------------------- the five new tools


class TestCostSheet:
    def test_result_is_cost_summary_of_the_filled_lines(self) -> None:
        """Lines of Rp0 are left out; HPP and break-even are costing's."""
        tool = CostSheet(units=120, price=650_000)
        tool.controls["rp_0"].value = 9_750_000
        tool.controls["rp_3"].value = 21_950_000
        tool.controls["rp_6"].value = 1_540_000
        lines = tool.lines()
        assert [line["biaya_bulanan_idr"] for line in lines] == [9_750_000, 21_950_000,
                                                                  1_540_000]
        expected = costing.cost_summary(lines, units=120)
        assert tool.result == expected
        assert tool.break_even == expected.break_even(650_000)
        assert "Rp" in tool.summary.value and "Titik impas" in tool.summary.value

    def test_reminds_of_own_wage_and_depreciation_when_missing(self) -> None:
        """An owner who leaves out their own wage or depreciation is reminded, in red."""
        tool = CostSheet(lines=[("kain", "bbb", "variabel", 1_000_000)], units=10, price=0)
        assert "Upah Anda sendiri belum diisi" in tool.summary.value
        assert "Penyusutan" in tool.summary.value
        full = CostSheet(units=10)
        full.controls["rp_4"].value = 1_000_000  # own wage line
        full.controls["rp_7"].value = 100_000    # depreciation line
        assert "belum diisi" not in full.summary.value

    def test_price_below_variable_cost_never_breaks_even(self) -> None:
        """A price that does not cover the variable cost is said so, with no break-even."""
        tool = CostSheet(lines=[("kain", "bbb", "variabel", 1_000_000)], units=10,
                         price=50_000)
        assert tool.break_even is None and "tidak pernah impas" in tool.summary.value

    def test_empty_sheet_shows_an_error_not_a_traceback(self) -> None:
        """No cost at all: an Indonesian message in the form."""
        tool = CostSheet(units=10)
        assert tool.result is None and "Periksa isian" in tool.summary.value

    def test_save_and_load_round_trip(self, path) -> None:
        """The sheet's section holds the lines and results; a new form shows them again."""
        tool = CostSheet.from_usaha(path)
        assert "Belum ada data" in tool.usaha_status.value
        tool.controls["rp_0"].value = 3_000_000
        tool.controls["impor_0"].value = 50
        tool.controls["rp_4"].value = 1_500_000
        tool.controls["units"].value = 400
        tool.controls["price"].value = 15_000
        tool.usaha_button.click()
        saved = _saved(path)["biaya"]
        assert saved["hpp_per_unit_idr"] == 11_250
        assert saved["pos"][0]["porsi_impor"] == 0.5 and len(saved["pos"]) == 2
        assert "Tersimpan" in tool.usaha_status.value
        again = CostSheet.from_usaha(path)
        assert again.lines() == tool.lines() and again.result == tool.result
        assert "Dimuat dari" in again.usaha_status.value


class TestShipmentPlanner:
    def test_result_is_plan_shipment(self) -> None:
        """The planner shows packaging.plan_shipment of its inputs."""
        tool = ShipmentPlanner(units=12_000, units_per_carton=120, carton_cm=(60, 40, 40),
                               carton_kg=11)
        assert tool.result == packaging.plan_shipment(12_000, 120, (60, 40, 40), 11)
        assert "100 karton" in tool.summary.value

    def test_starts_from_the_saved_carton(self, path) -> None:
        """The first time, the carton comes from the container planner's section."""
        planner = ContainerPlanner.from_usaha(path)
        with planner.hold():
            planner.controls["length_cm"].value = 50
            planner.controls["width_cm"].value = 35
            planner.controls["height_cm"].value = 30
            planner.controls["carton_kg"].value = 5.8
            planner.controls["units_per_carton"].value = 24
        planner.save()
        tool = ShipmentPlanner.from_usaha(path)
        assert tool.result.carton_cm == (50, 35, 30) and tool.result.units_per_carton == 24
        assert "modul sebelumnya" in tool.usaha_status.value
        tool.controls["mode"].value = "kurir"
        tool.save()
        saved = _saved(path)["pengiriman"]
        assert saved["cara_kirim"] == "kurir" and saved["tertagih_kurir_kg"] == \
            tool.result.courier_kg
        assert ShipmentPlanner.from_usaha(path).controls["mode"].value == "kurir"


class TestMarketChooser:
    def test_table_is_markets_rank(self) -> None:
        """Ranking, weights and requirements met are markets.rank's."""
        tool = MarketChooser(hs="2008.19", held=["halal"],
                             weights={"permintaan": 1, "pangsa": 1, "tarif": 1,
                                      "persyaratan": 2})
        expected = markets.rank("2008.19", held=["halal"],
                                weights={"permintaan": 1, "pangsa": 1, "tarif": 1,
                                         "persyaratan": 2})
        assert tool.result["skor_total"].tolist() == expected["skor_total"].tolist()
        tool.controls["form_d"].value = False
        assert tool.result["tarif_pct"].tolist() == markets.rank(
            "2008.19", held=["halal"], form_d=False, weights=tool.weights()
        )["tarif_pct"].tolist()

    def test_own_choice_is_kept_when_the_ranking_changes(self) -> None:
        """The participant may pick another market than the top one; it stays chosen."""
        tool = MarketChooser(hs="6111.20")
        other = tool.result.index[-1]
        tool.controls["first"].value = other
        tool.controls["tarif"].value = 9
        assert tool.controls["first"].value == other

    def test_unknown_inputs(self) -> None:
        """An HS code or requirement not in the data: the documented error."""
        with pytest.raises(markets.MarketError, match="kode HS"):
            MarketChooser(hs="9999.99")
        with pytest.raises(markets.MarketError, match="persyaratan tidak dikenal"):
            MarketChooser(held=["iso_9001"])

    def test_prefill_from_sector_certificates_and_label(self, path) -> None:
        """Sector → HS code, halal certificate and a complete EU food label → met."""
        usaha.save("bisnis", {"nama_usaha": "Keripik Sanan", "sektor": "makanan-minuman"},
                   path=path)
        usaha.save("sertifikasi", {"dimiliki": ["halal", "pirt"]}, path=path)
        usaha.save("label", {"jenis": "pangan", "pasar": "EU", "kurang": []}, path=path)
        tool = MarketChooser.from_usaha(path)
        assert tool.controls["hs"].value == "2008.19"
        assert set(tool.held_ids()) == {"halal", "label_pangan_ue"}

    def test_save_keeps_the_quotation(self, path) -> None:
        """Market choice and quotation share the 'pasar' section without erasing each other."""
        usaha.save("pasar", {"penawaran": {"nomor": "Q-1"}}, path=path)
        tool = MarketChooser.from_usaha(path)
        tool.save()
        saved = _saved(path)["pasar"]
        assert saved["penawaran"] == {"nomor": "Q-1"}
        assert saved["pasar_pertama"] == tool.result.index[0]
        assert saved["peringkat"] == list(tool.result.index)


class TestQuotationForm:
    def test_document_is_make_quotation(self) -> None:
        """Total, validity and Incoterm text come from ikmkit.quotation."""
        form = QuotationForm(quantity=600, unit_price="8.34", incoterm="FCA",
                             issue_date=dt.date(2026, 12, 10), place="CFS Tanjung Perak")
        form.controls["valid_days"].value = 21
        assert form.result.total == Decimal("5004.00")
        assert form.result.valid_until == dt.date(2026, 12, 31)
        assert form.result.incoterm_text == "FCA CFS Tanjung Perak, Incoterms 2020"
        assert "Penawaran harga" in form.preview.value  # the participant's view

    def test_bad_input_shows_an_error(self) -> None:
        """An empty buyer name is refused in the form, with the quotation's message."""
        form = QuotationForm()
        form.controls["buyer_name"].value = " "
        assert form.result is None and "Periksa isian" in form.preview.value

    def test_prices_follow_the_incoterm(self, path) -> None:
        """Prices from the build-up: switching FCA → CIF switches the unit price."""
        price = PriceBuildUp.from_usaha(path)
        price.save()
        usaha.save("bisnis", {"nama_usaha": "Konveksi Buah Hati", "kabupaten": "Sidoarjo"},
                   path=path)
        form = QuotationForm.from_usaha(path)
        assert form.controls["seller_name"].value == "Konveksi Buah Hati"
        assert form.controls["quantity"].value == 12_000
        assert Decimal(str(form.controls["unit_price"].value)) == price.per_unit_usd("fob")
        form.controls["incoterm"].value = "CIF"
        assert Decimal(str(form.controls["unit_price"].value)) == price.per_unit_usd("cif")

    def test_files_for_the_buyer_and_the_saved_offer(self, path) -> None:
        """The buyer's files are English; the offer is saved under pasar.penawaran."""
        form = QuotationForm.from_usaha(path, quantity=100, unit_price="2.50",
                                        issue_date=dt.date(2026, 12, 1))
        form.controls["number"].value = "Q/2026/07"
        written = form.write_files()
        assert [p.name for p in written] == ["penawaran-Q-2026-07.html",
                                             "penawaran-Q-2026-07.xlsx"]
        assert "Penawaran" not in written[0].read_text(encoding="utf-8")
        form.save()
        offer = _saved(path)["pasar"]["penawaran"]
        assert offer["total_usd"] == 250.0 and offer["berlaku_sampai"] == "2026-12-31"
        again = QuotationForm.from_usaha(path, issue_date=dt.date(2026, 12, 1))
        assert again.controls["number"].value == "Q/2026/07"
        assert again.result.total == Decimal("250.00")


class TestOrderFinancing:
    def test_result_is_compare_terms(self) -> None:
        """The five rows are finance.compare_terms; the chosen term is picked out."""
        tool = OrderFinancing(order_value=230_000_000, material=(0, 120_000_000),
                              wages=(30, 60_000_000), shipping=(45, 8_000_000), ship_day=45,
                              term="lc", credit_days=30, rate_pct=6)
        rows = finance.compare_terms(230_000_000, tool.flows(), ship_day=45,
                                     annual_rate="0.06", credit_days=30)
        assert tool.comparison == rows
        assert tool.result == next(r for r in rows if r.key == "lc")
        tool.controls["term"].value = "da"
        assert tool.result.key == "da" and "D/A" in tool.summary.value

    def test_prefill_from_price_costs_and_quotation(self, path) -> None:
        """Order value = quotation total × rate; materials and wages = cost sheet per unit ×
        units; costs to the port from the build-up."""
        usaha.save("biaya", {"unit_per_bulan": 100, "pos": [
            {"nama": "kain", "kategori": "bbb", "perilaku": "variabel", "rp": 1_000_000},
            {"nama": "label", "kategori": "overhead", "perilaku": "variabel", "rp": 100_000},
            {"nama": "upah", "kategori": "btkl", "perilaku": "variabel", "rp": 500_000},
            {"nama": "sewa", "kategori": "overhead", "perilaku": "tetap", "rp": 900_000}]},
            path=path)
        usaha.save("harga", {"kurs_beli": 16_000, "jumlah_unit": 50, "truk_idr": 300_000,
                             "pelabuhan_idr": 200_000, "dokumen_idr": 100_000,
                             "fob_usd_per_unit": 2.0}, path=path)
        tool = OrderFinancing.from_usaha(path)
        c = tool.controls
        assert c["order_value"].value == 1_600_000
        assert (c["material_idr"].value, c["wages_idr"].value) == (550_000, 250_000)
        assert c["shipping_idr"].value == 600_000
        usaha.save("pasar", {"penawaran": {"jumlah": 50, "total_usd": 120.0}}, path=path)
        assert OrderFinancing.from_usaha(path).controls["order_value"].value == 1_920_000

    def test_save_and_load_round_trip(self, path) -> None:
        """The plan and its result are saved; a new tool shows the same plan."""
        tool = OrderFinancing.from_usaha(path, term="open_account", credit_days=60)
        tool.save()
        saved = _saved(path)["pembiayaan"]
        assert saved["syarat_pembayaran"] == "open_account"
        assert saved["dana_dibiayai_idr"] == tool.result.peak_idr
        again = OrderFinancing.from_usaha(path)
        assert again.result == tool.result


# --------------------------------------------------------------------------- the older tools


class TestLabelChecklistUsaha:
    def test_round_trip_with_result(self, path) -> None:
        """Kind, market, ticks and the gaps are saved; a new checklist shows the same."""
        tool = LabelChecklist.from_usaha(path, kind="pangan", market="EU",
                                         elements=["nama_produk", "daftar_bahan"],
                                         applies=["alergen"])
        tool.save()
        saved = _saved(path)["label"]
        assert saved["jenis"] == "pangan" and saved["pasar"] == "EU"
        assert saved["ada"] == ["nama_produk", "daftar_bahan"]
        assert "alergen" in saved["kurang"] and saved["kurang"] == tool.result.missing_ids
        again = LabelChecklist.from_usaha(path)
        assert again.result == tool.result

    def test_prefill_from_sector(self, path) -> None:
        """A textile business starts on the textile checklist; unknown saved ids are skipped."""
        usaha.save("bisnis", {"sektor": "batik"}, path=path)
        assert LabelChecklist.from_usaha(path).kind == "textile"
        usaha.save("label", {"jenis": "tekstil", "pasar": "US", "ada": ["komposisi_serat",
                                                                       "tidak_ada", 3]},
                   path=path)
        tool = LabelChecklist.from_usaha(path)
        assert (tool.kind, tool.market) == ("textile", "US")
        assert [r.id for r in tool.result.present] == ["komposisi_serat"]


class TestContainerAndPriceUsaha:
    def test_container_round_trip(self, path) -> None:
        """The carton, container and 'upright' are saved with the count."""
        tool = ContainerPlanner.from_usaha(path, carton_cm=(60, 40, 45), container="20GP",
                                           upright=True, units_per_carton=20)
        tool.save()
        saved = _saved(path)["kemasan"]
        assert saved["karton_per_kontainer"] == 240 and saved["unit_per_kontainer"] == 4_800
        again = ContainerPlanner.from_usaha(path)
        assert again.result == tool.result

    def test_price_starts_from_the_cost_sheet_and_shipment(self, path) -> None:
        """HPP per unit × the order's units, no profit yet: the minimum equals the price."""
        usaha.save("biaya", {"hpp_per_unit_idr": 22_058.0, "unit_per_bulan": 4_000}, path=path)
        usaha.save("pengiriman", {"jumlah_unit": 1_000}, path=path)
        tool = PriceBuildUp.from_usaha(path)
        c = tool.controls
        assert (c["units"].value, c["hpp"].value, c["margin"].value) == (1_000, 22_058_000, 0)
        assert tool.minimum_usd == tool.per_unit_usd("fob")
        c["margin"].value = 3_300_000
        assert tool.per_unit_usd("fob") > tool.minimum_usd
        tool.save()
        saved = _saved(path)["harga"]
        assert saved["laba_idr"] == 3_300_000
        assert saved["fob_minimum_usd_per_unit"] == float(tool.minimum_usd)
        assert PriceBuildUp.from_usaha(path).result == tool.result

    def test_fob_is_compared_with_the_domestic_price(self, path) -> None:
        """With a domestic price in the cost sheet the summary compares FOB per unit with it."""
        tool = PriceBuildUp.from_usaha(path)
        assert "harga jual dalam negeri" not in tool.summary.value
        usaha.save("biaya", {"harga_jual_domestik_idr": 32_000}, path=path)
        tool = PriceBuildUp.from_usaha(path)
        fob_idr = costing.usd_to_idr(tool.result_usd.fob / 12_000, 16_200)
        assert tool.domestic_price_idr == 32_000
        assert f"≈ {costing.rupiah(fob_idr)}" in tool.summary.value
        assert "Rp32.000" in tool.summary.value

    def test_minimum_price_is_fob_without_profit(self) -> None:
        """minimum_usd is the FOB per unit of the same build-up with margin 0."""
        tool = PriceBuildUp()
        with tool.hold():
            tool.controls["margin"].value = 0
        assert tool.minimum_usd == tool.per_unit_usd("fob")


# --------------------------------------------------------------------------- the file


def test_broken_file_is_reported_in_the_tool_and_not_overwritten(path) -> None:
    """A broken usaha_saya.json: the tool works with its defaults, says what is wrong, and
    saving refuses to overwrite the file."""
    path.write_text("{ini bukan json", encoding="utf-8")
    tool = CostSheet.from_usaha(path, units=10)
    assert "bukan JSON" in tool.usaha_status.value
    assert tool.save() is None and "bukan JSON" in tool.usaha_status.value
    assert path.read_text(encoding="utf-8") == "{ini bukan json"


def test_bad_saved_values_are_skipped(path) -> None:
    """Values a control cannot take (negative, text, out of range) leave the default."""
    usaha.save("kemasan", {"karton_cm": [60, "empat puluh", -5], "berat_karton_kg": True,
                           "kontainer": "99XX", "isi_per_karton": 0}, path=path)
    tool = ContainerPlanner.from_usaha(path)
    c = tool.controls
    assert (c["length_cm"].value, c["width_cm"].value, c["height_cm"].value) == (60, 40, 40)
    assert (c["carton_kg"].value, c["container"].value, c["units_per_carton"].value) == \
        (11.0, "20GP", 120)


def test_env_variable_names_the_file(tmp_path, monkeypatch) -> None:
    """Without a path the tools use usaha.locate(): IKMKIT_USAHA_FILE when it is set."""
    target = tmp_path / "lain.json"
    monkeypatch.setenv("IKMKIT_USAHA_FILE", str(target))
    ShipmentPlanner.from_usaha().save()
    assert "pengiriman" in _saved(target)
