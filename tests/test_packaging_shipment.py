"""ikmkit.packaging for novices: cartons needed, one order's shipment, a stack check, label ids."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikmkit import packaging


@given(units=st.integers(0, 10**6), per=st.integers(1, 500))
def test_cartons_needed_is_the_ceiling(units, per) -> None:
    """Enough cartons for every unit, and one fewer would not be enough."""
    n = packaging.cartons_needed(units, per)
    assert n * per >= units > (n - 1) * per or units == n == 0


def test_cartons_needed_refuses_fractions_and_negatives() -> None:
    """Half units, negative orders and zero per carton: an Indonesian error."""
    for args in [(10.5, 4), (-1, 4), (10, 0), (10, 2.5)]:
        with pytest.raises(packaging.PackagingError):
            packaging.cartons_needed(*args)


class TestShipment:
    def test_totals_follow_the_carton(self) -> None:
        """Cartons rounded up; volume, weight and chargeable weights from the same cartons."""
        s = packaging.plan_shipment(12_000, 120, (60, 40, 40), 11.0)
        assert s.cartons == 100
        assert s.total_cbm == pytest.approx(100 * packaging.cbm(60, 40, 40))
        assert s.gross_kg == 1_100
        assert s.air_kg == pytest.approx(
            100 * packaging.chargeable_weight_kg(11.0, 60, 40, 40))
        assert s.courier_kg == pytest.approx(
            100 * packaging.chargeable_weight_kg(11.0, 60, 40, 40, divisor=5000))
        assert s.freight_tonnes == pytest.approx(9.6)

    def test_lcl_minimum_is_one(self) -> None:
        """A tiny shipment is billed the forwarder's minimum of 1 (W/M)."""
        assert packaging.plan_shipment(24, 24, (50, 35, 30), 5.8).freight_tonnes == 1.0

    def test_heavy_goods_are_billed_by_weight(self) -> None:
        """W/M takes tonnes when they exceed the cubic metres."""
        s = packaging.plan_shipment(10, 1, (50, 50, 40), 400)
        assert s.freight_tonnes == pytest.approx(4.0)

    def test_share_of_container_uses_the_practical_load(self) -> None:
        """The percentage is of the practical load, not the geometric volume."""
        s = packaging.plan_shipment(12_000, 120, (60, 40, 40), 11.0)
        low = packaging.get_container("20GP").practical_load_m3[0]
        assert s.share_of_container("20GP") == pytest.approx(round(9.6 / low * 100, 1))

    def test_text_and_table_are_indonesian(self) -> None:
        """The summary and the comparison use a decimal comma and Indonesian words."""
        s = packaging.plan_shipment(300, 40, (60, 40, 35), 14.5)
        assert "8 karton 60 × 40 × 35 cm" in str(s) and "0,67 m³" in str(s)
        table = packaging.compare_shipments({"batik": s})
        assert table.loc["batik", "berat kotor (kg)"] == "116"
        with pytest.raises(packaging.PackagingError, match="plan_shipment"):
            packaging.compare_shipments({"batik": 3})

    def test_bad_cartons(self) -> None:
        """Two dimensions or a zero weight: the documented error."""
        with pytest.raises(packaging.PackagingError, match="3 ukuran"):
            packaging.plan_shipment(10, 2, (60, 40), 5)
        with pytest.raises(packaging.PackagingError, match="carton_kg"):
            packaging.plan_shipment(10, 2, (60, 40, 30), 0)


class TestStackCheck:
    def test_agrees_with_the_lower_level_functions(self) -> None:
        """Layers from the container height, BCT by McKee, safe layers by max_stack_layers."""
        c = packaging.stack_check((60, 40, 40), 11, ect_kn_per_m=5.6, caliper_mm=4.064)
        assert c.layers == 5  # 239,3 cm ÷ 40 cm
        assert c.load_on_bottom_kg == 44 and c.needed_bct_kgf == 264
        bct = packaging.mckee_bct(5.6, 4.064, 60, 40, unit="kgf")
        assert c.bct_kgf == pytest.approx(bct)
        assert c.safe_layers == packaging.max_stack_layers(bct, 11)
        assert c.ok is packaging.stack_height_ok(bct, 11, 5)
        assert "CUKUP" in str(c)

    def test_given_layers_and_condition(self) -> None:
        """An explicit stack height and a dry-store factor change the need."""
        c = packaging.stack_check((60, 40, 40), 11, ect_kn_per_m=5.6, caliper_mm=4.064,
                                  layers=3, condition="kering")
        assert (c.layers, c.safety_factor, c.needed_bct_kgf) == (3, 3, 66)
        with pytest.raises(packaging.PackagingError, match="layers"):
            packaging.stack_check((60, 40, 40), 11, ect_kn_per_m=5.6, caliper_mm=4, layers=0)


def test_label_check_lists_ids_a_participant_can_store() -> None:
    """missing_ids / to_check_ids are the ids of the listed requirements, and the text shows
    each id beside its label."""
    draft = ["nama_produk", "daftar_bahan", "berat_bersih", "nama_alamat", "kedaluwarsa",
             "nomor_izin_edar", "bahasa_setempat", "informasi_nilai_gizi"]
    check = packaging.check_food_label(draft, "ID", applies=["alergen", "halal"])
    assert check.missing_ids == [r.id for r in check.missing]
    assert set(check.missing_ids) == {"alergen", "tanggal_kode_produksi", "halal"}
    assert check.to_check_ids == [r.id for r in check.to_check]
    assert "(tanggal_kode_produksi)" in str(check)


def test_complete_label_text_says_what_is_complete() -> None:
    """A label with every mandatory element says so in a full sentence, then lists the
    recommended elements still absent."""
    text = str(packaging.check_textile_label(["bahasa_setempat"], "ID"))
    first, *rest = text.splitlines()
    assert first.endswith("unsur wajib lengkap.")
    assert rest and all(line.startswith("- dianjurkan:") for line in rest)
