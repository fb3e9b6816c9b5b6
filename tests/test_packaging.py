"""Tests for ikmkit.packaging: volume, weight, container loading, carton strength, labels."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import tomllib
from importlib import resources

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ikmkit import packaging
from ikmkit.errors import IkmkitError
from ikmkit.packaging import PackagingError

dims_cm = st.floats(min_value=1, max_value=250, allow_nan=False, allow_infinity=False)
small_dims_cm = st.floats(min_value=8, max_value=120, allow_nan=False, allow_infinity=False)


# --------------------------------------------------------------------------- volume and weight


class TestVolumeAndWeight:
    def test_error_tree(self):
        """PackagingError is an IkmkitError and a ValueError."""
        assert issubclass(PackagingError, IkmkitError)
        assert issubclass(PackagingError, ValueError)

    def test_cbm(self):
        """CBM is L × W × H in m³, to 1 cm³."""
        assert packaging.cbm(60, 40, 30) == 0.072
        assert packaging.cbm(100, 100, 100) == 1.0
        assert packaging.cbm(33.5, 22, 17) == 0.012529

    @pytest.mark.parametrize("bad", [0, -3, True, "60", None, float("nan")])
    def test_bad_dimension(self, bad):
        """Non-positive or non-numeric dimensions raise, naming the parameter."""
        with pytest.raises(PackagingError, match="'width_cm'"):
            packaging.cbm(60, bad, 30)

    def test_volumetric_weight(self):
        """÷6000 for air cargo, ÷5000 for couriers; 1 m³ = 166.7 kg at 6000."""
        assert packaging.volumetric_weight_kg(50, 35, 30) == 8.75
        assert packaging.volumetric_weight_kg(50, 35, 30, divisor=5000) == 10.5
        assert packaging.volumetric_weight_kg(100, 100, 100) == pytest.approx(166.67, abs=0.01)

    def test_chargeable_weight(self):
        """The greater of gross and volumetric weight."""
        assert packaging.chargeable_weight_kg(8, 50, 35, 30) == 8.75
        assert packaging.chargeable_weight_kg(12, 50, 35, 30) == 12
        assert packaging.chargeable_weight_kg(np.float64(5.8), 50, 35, 30, divisor=5000) == 10.5

    def test_chargeable_errors(self):
        """Zero weight or divisor raises."""
        with pytest.raises(PackagingError, match="'gross_kg' harus lebih besar dari 0: 0"):
            packaging.chargeable_weight_kg(0, 10, 10, 10)
        with pytest.raises(PackagingError, match="'divisor'"):
            packaging.chargeable_weight_kg(1, 10, 10, 10, divisor=0)

    @given(gross=st.floats(0.01, 5000), length=dims_cm, width=dims_cm, height=dims_cm)
    def test_chargeable_properties(self, gross, length, width, height):
        """Chargeable ≥ gross, ≥ volumetric, and equals one of them."""
        volumetric = packaging.volumetric_weight_kg(length, width, height)
        chargeable = packaging.chargeable_weight_kg(gross, length, width, height)
        assert chargeable >= gross
        assert chargeable >= volumetric
        assert chargeable in (gross, volumetric)


# --------------------------------------------------------------------------- containers


class TestContainerData:
    def test_domain_table(self):
        """Inside dimensions follow DOMAIN.md §5 (worldshipping.org); payload is the low end."""
        boxes = packaging.load_containers()
        expected = {
            "20GP": (5896, 2350, 2393, 21_700),
            "40GP": (12032, 2350, 2392, 26_600),
            "40HC": (12032, 2350, 2697, 26_500),
        }
        for key, (length, width, height, payload) in expected.items():
            box = boxes[key]
            assert (box.inside_length_mm, box.inside_width_mm, box.inside_height_mm) == (
                length,
                width,
                height,
            )
            assert box.max_payload_kg == payload
            assert "worldshipping.org" in box.source
            low, high = box.practical_load_m3
            assert low <= high < box.inside_volume_m3

    def test_volumes(self):
        """Capacities match the table (~33, ~67.7, ~76 m³)."""
        boxes = packaging.load_containers()
        assert boxes["20GP"].inside_volume_m3 == pytest.approx(33.16, abs=0.01)
        assert boxes["40GP"].inside_volume_m3 == pytest.approx(67.63, abs=0.01)
        assert boxes["40HC"].inside_volume_m3 == pytest.approx(76.26, abs=0.01)

    def test_get_container(self):
        """Ids are case-insensitive; unknown ids raise with the choices."""
        assert packaging.get_container(" 40hc ").id == "40HC"
        with pytest.raises(PackagingError, match=r"kontainer tidak dikenal: '45HC' \(pilih: 20GP"):
            packaging.get_container("45HC")

    def test_custom_file(self, tmp_path):
        """An incubator can load its own validated file (e.g. a truck)."""
        path = tmp_path / "truk.toml"
        path.write_text(
            '[[container]]\nid = "CDD"\nname = "Truk CDD"\ninside_length_mm = 4200\n'
            "inside_width_mm = 1900\ninside_height_mm = 1900\nmax_payload_kg = 5000\n"
            'practical_load_m3 = [12, 14]\nsource = "penawaran ekspedisi"\n'
        )
        truck = packaging.load_containers(path)["CDD"]
        load = packaging.cartons_per_container((60, 40, 30), container=truck)
        assert load.container == "CDD"
        assert load.count >= 7 * 4 * 6  # simple grid: 4200/600 × 1900/400 × 1900/300

    @pytest.mark.parametrize(
        ("replace", "message"),
        [
            (("max_payload_kg = 21700", "max_payload_kg = -1"), "'max_payload_kg' harus lebih"),
            (
                (
                    'source = "worldshipping.org (ukuran dalam); muatan maks.: angka terendah '
                    'rentang 21,7-28 t (dimensionsguide, exportvietnam)"',
                    "",
                ),
                "'source' wajib diisi",
            ),
            (
                ("practical_load_m3 = [25, 28]", "practical_load_m3 = [25, 40]"),
                "'practical_load_m3'",
            ),
            (('id = "40GP"', 'id = "20GP"'), "id kontainer ganda"),
            (
                ("inside_width_mm = 2350", "inside_width_mm = 2350\ncolour = 1"),
                "kunci tidak dikenal",
            ),
        ],
    )
    def test_invalid_file(self, tmp_path, replace, message):
        """Validation on load catches bad payloads, missing sources, ranges, duplicates."""
        text = resources.files("ikmkit.data").joinpath("containers.toml").read_text("utf-8")
        old, new = replace
        assert old in text
        path = tmp_path / "bad.toml"
        path.write_text(text.replace(old, new, 1))
        with pytest.raises(PackagingError, match=message):
            packaging.load_containers(path)

    def test_unreadable_file(self, tmp_path):
        """Missing or broken TOML raises PackagingError."""
        with pytest.raises(PackagingError, match="tidak dapat dibaca"):
            packaging.load_containers(tmp_path / "tidak-ada.toml")
        broken = tmp_path / "broken.toml"
        broken.write_text("[[container]\n")
        with pytest.raises(PackagingError, match="tidak dapat dibaca"):
            packaging.load_containers(broken)


def _best_single_grid(inside, carton, upright=False):
    """Independent count: the best plain grid over the allowed orientations."""
    length, width, height = inside
    perms = set(itertools.permutations(carton))
    if upright:
        perms = {p for p in perms if p[2] == carton[2]}
    return max(
        math.floor(length / a + 1e-9) * math.floor(width / b + 1e-9) * math.floor(height / c + 1e-9)
        for a, b, c in perms
    )


class TestCartonsPerContainer:
    def test_two_block_example(self):
        """60×40×30 in a 20GP: a 9×5×7 grid (315) plus one turned row (21) = 336."""
        load = packaging.cartons_per_container((60, 40, 30), container="20GP", carton_kg=12)
        assert load.count == load.count_by_volume == 336
        assert [b.count for b in load.blocks] == [315, 21]
        assert load.blocks[0].orientation_cm == (60, 40, 30)
        assert load.blocks[1].orientation_cm == (40, 60, 30)
        assert load.layers == 7
        assert load.limited_by == "volume"
        assert load.count_by_payload == 21_700 // 12
        assert load.total_kg == 336 * 12
        assert load.utilisation_pct == round(336 * 0.072 / 33.159 * 100, 1)

    def test_cube(self):
        """A 50 cm cube: 11 × 4 × 4 = 176 in a 20GP, whatever the orientation."""
        load = packaging.cartons_per_container((50, 50, 50))
        assert load.count == 176
        assert len(load.blocks) == 1

    def test_exact_fit(self):
        """A carton of exactly one tenth of each inside side fills the box: 1000, 100 %."""
        load = packaging.cartons_per_container((58.96, 23.5, 23.93), "20GP")
        assert load.count == 1000
        assert load.utilisation_pct == 100.0

    def test_orientation_choice(self):
        """40HC: lying 60×30×40 gives 840; upright only gives 800."""
        free = packaging.cartons_per_container((60, 40, 30), "40HC")
        upright = packaging.cartons_per_container((60, 40, 30), "40HC", upright=True)
        assert (free.count, free.orientation, free.layers) == (840, (60, 30, 40), 6)
        assert (upright.count, upright.orientation, upright.layers) == (800, (60, 40, 30), 8)

    def test_payload_limit(self):
        """Heavy cartons: the conservative payload limits the count."""
        load = packaging.cartons_per_container((60, 40, 30), "20GP", carton_kg=70)
        assert (load.count, load.count_by_volume, load.count_by_payload) == (310, 336, 310)
        assert load.limited_by == "payload"
        assert load.total_kg == 310 * 70 <= 21_700

    def test_max_layers(self):
        """max_layers caps the stack height of every block."""
        load = packaging.cartons_per_container((60, 40, 30), "20GP", upright=True, max_layers=4)
        assert all(block.layers <= 4 for block in load.blocks)
        assert load.count == 192  # 9×5×4 + 1×3×4
        # lying on the side, 60 cm tall, only 3 layers fit anyway: 13×7×3 + 2×5×3
        assert packaging.cartons_per_container((60, 40, 30), "20GP", max_layers=4).count == 303

    def test_str_is_indonesian(self):
        """str() gives an Indonesian summary with Indonesian number formatting."""
        text = str(packaging.cartons_per_container((60, 40, 30), "40GP", carton_kg=12.5))
        assert text.startswith("7") and "karton di 40GP (dibatasi volume)" in text
        assert "lapis" in text and "volume terpakai" in text and "," in text

    def test_numpy_and_list_input(self):
        """Cartons from a pandas row (numpy numbers, arrays, lists) are accepted."""
        expected = packaging.cartons_per_container((60, 40, 30)).count
        assert packaging.cartons_per_container(np.array([60, 40, 30])).count == expected
        assert packaging.cartons_per_container([np.int64(60), 40.0, 30]).count == expected

    def test_does_not_fit(self):
        """A carton larger than the box in every orientation raises."""
        with pytest.raises(PackagingError, match=r"karton 300 × 250 × 100 cm tidak muat di"):
            packaging.cartons_per_container((300, 250, 100))

    def test_does_not_fit_upright(self):
        """A tall carton fits lying down but not upright."""
        assert packaging.cartons_per_container((50, 40, 250)).count > 0
        with pytest.raises(PackagingError, match="tidak muat dalam posisi tegak"):
            packaging.cartons_per_container((50, 40, 250), upright=True)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"carton_cm": (60, 40)}, "3 ukuran"),
            ({"carton_cm": "60x40x30"}, "3 ukuran"),
            ({"carton_cm": 60}, "3 ukuran"),
            ({"carton_cm": (60, 0, 30)}, "'lebar karton"),
            ({"carton_cm": (60, 40, 30), "container": "10GP"}, "kontainer tidak dikenal"),
            ({"carton_cm": (60, 40, 30), "carton_kg": 0}, "'carton_kg'"),
            ({"carton_cm": (60, 40, 30), "carton_kg": 30_000}, "melebihi muatan maksimum"),
            ({"carton_cm": (60, 40, 30), "max_layers": 0}, "'max_layers' harus minimal 1"),
            ({"carton_cm": (60, 40, 30), "max_layers": 2.5}, "'max_layers' harus bilangan"),
        ],
    )
    def test_errors(self, kwargs, message):
        """Bad cartons, containers, weights and layer caps raise PackagingError."""
        with pytest.raises(PackagingError, match=message):
            packaging.cartons_per_container(**kwargs)

    def test_frozen_result(self):
        """ContainerLoad is immutable."""
        load = packaging.cartons_per_container((60, 40, 30))
        with pytest.raises(dataclasses.FrozenInstanceError):
            load.count = 1  # type: ignore[misc]

    @settings(max_examples=150, deadline=None)
    @given(
        length=small_dims_cm,
        width=small_dims_cm,
        height=small_dims_cm,
        box=st.sampled_from(["20GP", "40GP", "40HC"]),
        carton_kg=st.none() | st.floats(1, 900),
    )
    def test_properties(self, length, width, height, box, carton_kg):
        """Geometry, volume bound, upright ≤ free, payload respected, beats any single grid."""
        container = packaging.get_container(box)
        inside = container.inside_cm
        free = packaging.cartons_per_container((length, width, height), box, carton_kg)
        upright = packaging.cartons_per_container(
            (length, width, height), box, carton_kg, upright=True
        )
        volume_bound = math.floor(
            container.inside_length_mm
            * container.inside_width_mm
            * container.inside_height_mm
            / 1000
            / (length * width * height)
            + 1e-9
        )
        for load, is_upright in ((free, False), (upright, True)):
            assert load.count <= load.count_by_volume <= volume_bound
            assert load.utilisation_pct <= 100.0
            assert sum(block.count for block in load.blocks) == load.count_by_volume
            assert sum(b.rows * b.orientation_cm[0] for b in load.blocks) <= inside[0] + 1e-6
            for block in load.blocks:
                assert sorted(block.orientation_cm) == sorted((length, width, height))
                assert block.columns * block.orientation_cm[1] <= inside[1] + 1e-6
                assert block.layers * block.orientation_cm[2] <= inside[2] + 1e-6
                if is_upright:
                    assert block.orientation_cm[2] == height
            assert load.count_by_volume >= _best_single_grid(
                inside, (length, width, height), upright=is_upright
            )
            if carton_kg is not None:
                assert load.count * carton_kg <= container.max_payload_kg + 1e-6
                assert load.count == min(load.count_by_volume, load.count_by_payload)
                assert (load.limited_by == "payload") == (
                    load.count_by_payload < load.count_by_volume
                )
            else:
                assert load.limited_by == "volume" and load.count_by_payload is None
        assert upright.count_by_volume <= free.count_by_volume


# --------------------------------------------------------------------------- carton strength


class TestCartonStrength:
    def test_domain_example(self):
        """ECT 32 lbf/in, caliper 0.16 in, 16 × 12 in: about 562 lbf."""
        assert packaging.mckee_bct_lbf(32, 0.16, 16, 12) == pytest.approx(562.3, abs=0.1)

    def test_metric_matches_imperial(self):
        """The same box in metric units gives the same force."""
        ect_kn_per_m = 32 * packaging.LBF_TO_N / 0.0254 / 1000
        newtons = packaging.mckee_bct(ect_kn_per_m, 0.16 * 25.4, 16 * 2.54, 12 * 2.54)
        assert newtons / packaging.LBF_TO_N == pytest.approx(
            packaging.mckee_bct_lbf(32, 0.16, 16, 12), rel=1e-12
        )
        kgf = packaging.mckee_bct(ect_kn_per_m, 4.064, 40.64, 30.48, unit="kgf")
        assert kgf == pytest.approx(newtons / 9.80665, rel=1e-12)

    @given(
        ect=st.floats(1, 100),
        caliper=st.floats(0.05, 0.6),
        length=st.floats(4, 40),
        width=st.floats(4, 40),
    )
    def test_unit_conversion_property(self, ect, caliper, length, width):
        """For any box, the metric helper equals the imperial formula after conversion."""
        metric = packaging.mckee_bct(
            ect * packaging.LBF_TO_N / 0.0254 / 1000, caliper * 25.4, length * 2.54, width * 2.54
        )
        imperial = packaging.mckee_bct_lbf(ect, caliper, length, width)
        assert metric / packaging.LBF_TO_N == pytest.approx(imperial, rel=1e-9)

    def test_errors(self):
        """Bad unit or non-positive inputs raise."""
        with pytest.raises(PackagingError, match="'unit' harus 'N' atau 'kgf'"):
            packaging.mckee_bct(5, 4, 40, 30, unit="lbf")
        with pytest.raises(PackagingError, match="'caliper_mm'"):
            packaging.mckee_bct(5, 0, 40, 30)
        with pytest.raises(PackagingError, match="'ect_lbf_per_in'"):
            packaging.mckee_bct_lbf(-32, 0.16, 16, 12)

    def test_safety_factors(self):
        """3 dry, 4 normal, 5 humid, 6 export; English keys accepted."""
        assert packaging.SAFETY_FACTORS == {"kering": 3, "normal": 4, "lembap": 5, "ekspor": 6}
        assert [packaging.safety_factor(c) for c in ("dry", "normal", "humid", "export")] == [
            3,
            4,
            5,
            6,
        ]
        with pytest.raises(PackagingError, match="'condition' tidak dikenal: 'basah'"):
            packaging.safety_factor("basah")

    def test_max_stack_load(self):
        """BCT ÷ factor; an explicit factor overrides the condition; factor < 1 raises."""
        assert packaging.max_stack_load(600) == 100
        assert packaging.max_stack_load(600, condition="normal") == 150
        assert packaging.max_stack_load(600, condition="normal", safety_factor=2) == 300
        with pytest.raises(PackagingError, match="'safety_factor' harus minimal 1"):
            packaging.max_stack_load(600, safety_factor=0.5)
        with pytest.raises(PackagingError, match="'bct'"):
            packaging.max_stack_load(0)

    def test_stack_boundary(self):
        """Three 12 kg cartons on top need 36 kgf × 6 = 216 kgf BCT for export."""
        assert packaging.max_stack_layers(216, 12) == 4
        assert packaging.stack_height_ok(216, 12, 4)
        assert not packaging.stack_height_ok(215.9, 12, 4)
        assert packaging.stack_height_ok(1, 12, 1)  # a single carton bears nothing

    def test_stack_errors(self):
        """Layers must be a whole number ≥ 1."""
        for bad in (0, 2.5, True):
            with pytest.raises(PackagingError, match="'layers'"):
                packaging.stack_height_ok(200, 10, bad)

    @given(bct=st.floats(1, 5000), carton_kg=st.floats(0.5, 60), layers=st.integers(2, 40))
    def test_stack_monotonic(self, bct, carton_kg, layers):
        """If a stack is safe, one carton less is safe too; max_stack_layers is the limit."""
        if packaging.stack_height_ok(bct, carton_kg, layers):
            assert packaging.stack_height_ok(bct, carton_kg, layers - 1)
        limit = packaging.max_stack_layers(bct, carton_kg)
        assert packaging.stack_height_ok(bct, carton_kg, limit)
        assert not packaging.stack_height_ok(bct, carton_kg, limit + 1)


# --------------------------------------------------------------------------- labels


class TestLabelData:
    def test_every_requirement_has_source(self):
        """Each element and market names its source; bersyarat ones state the condition."""
        for kind, markets in (
            ("food", packaging.FOOD_MARKETS),
            ("textile", packaging.TEXTILE_MARKETS),
        ):
            for market in markets:
                for req in packaging.label_requirements(kind, market):
                    assert req.source and req.label and req.label_en
                    assert req.status in ("wajib", "bersyarat", "anjuran")
                    assert bool(req.condition) == (req.status == "bersyarat")

    def test_eu_food_twelve_particulars(self):
        """Reg. 1169/2011 Art. 9(1)(a)-(l): twelve particulars, letters a to l."""
        letters = sorted(
            req.source.split("Art. 9(1)(")[1][0]
            for req in packaging.label_requirements("food", "EU")
            if "Art. 9(1)(" in req.source
        )
        assert letters == list("abcdefghijkl")

    def test_bpom_minimum(self):
        """BPOM minimum elements are mandatory; halal and origin of certain foods conditional."""
        reqs = {r.id: r for r in packaging.label_requirements("food", "ID")}
        for key in (
            "nama_produk",
            "daftar_bahan",
            "berat_bersih",
            "nama_alamat",
            "tanggal_kode_produksi",
            "kedaluwarsa",
            "nomor_izin_edar",
        ):
            assert reqs[key].status == "wajib"
            assert "31/2018" in reqs[key].source
        assert "PP 42/2024" in reqs["halal"].source
        assert reqs["asal_bahan_tertentu"].status == "bersyarat"

    def test_halal_label_becomes_mandatory_after_the_umk_deadline(self):
        """Halal is conditional up to 17 Oct 2026 and mandatory from 18 Oct 2026 (PP 42/2024)."""

        def halal(day):
            (req,) = [r for r in packaging.label_requirements("food", "ID", today=day)
                      if r.id == "halal"]
            return req

        assert halal(dt.date(2026, 10, 17)).status == "bersyarat"
        assert halal(dt.date(2026, 10, 18)).status == "wajib"
        label = ["nama_produk", "daftar_bahan", "berat_bersih", "nama_alamat", "nomor_izin_edar",
                 "kedaluwarsa", "tanggal_kode_produksi", "bahasa_setempat"]
        assert packaging.check_food_label(label, "ID", today=dt.date(2026, 10, 17)).ok
        late = packaging.check_food_label(label, "ID", today=dt.date(2026, 12, 3))
        assert not late.ok and [r.id for r in late.missing] == ["halal"]

    def test_indonesian_textile_label_must_be_in_bahasa_indonesia(self):
        """Permendag 73/M-DAG/PER/9/2015: textile goods sold in Indonesia need a Bahasa label."""
        reqs = {r.id: r for r in packaging.label_requirements("textile", "ID")}
        assert reqs["bahasa_setempat"].status == "wajib"
        assert "Permendag 73/M-DAG/PER/9/2015" in reqs["bahasa_setempat"].source
        check = packaging.check_textile_label([], market="ID")
        assert check.legal_basis and "Permendag 73/M-DAG/PER/9/2015" in check.regulation
        assert [r.id for r in check.missing] == ["bahasa_setempat"]

    def test_eu_textile_gpsr_elements(self):
        """GPSR (Reg. (EU) 2023/988): manufacturer identity, batch number, EU operator."""
        reqs = {r.id: r for r in packaging.label_requirements("textile", "EU")}
        for key in ("identitas_produsen", "nomor_batch", "operator_ue"):
            assert reqs[key].status == "wajib" and "2023/988" in reqs[key].source

    def test_bad_kind_or_market(self):
        """Unknown kind or market raises."""
        with pytest.raises(PackagingError, match="'kind'"):
            packaging.label_requirements("shoes", "EU")
        with pytest.raises(PackagingError, match=r"pasar tidak dikenal: 'JP' \(pilih: ID, EU\)"):
            packaging.check_food_label([], market="JP")

    def test_data_validation(self):
        """The loader rejects a bersyarat rule without condition and a legal rule in 'ID'."""
        text = resources.files("ikmkit.data").joinpath("labels.toml").read_text("utf-8")
        data = tomllib.loads(text)
        data["food"][2]["markets"]["EU"].pop("condition")
        with pytest.raises(PackagingError, match="'condition' wajib untuk status bersyarat"):
            packaging._parse_labels(data, "uji")
        data = tomllib.loads(text)
        data["markets"]["textile"]["ID"]["legal_basis"] = False
        with pytest.raises(PackagingError, match="tanpa dasar hukum"):
            packaging._parse_labels(data, "uji")
        data = tomllib.loads(text)
        halal = next(e for e in data["food"] if e["id"] == "halal")
        halal["markets"]["ID"]["wajib_from"] = "pp-42-2024#halal-kosmetik"
        with pytest.raises(PackagingError, match="'wajib_from'.*halal-kosmetik"):
            packaging._parse_labels(data, "uji")
        halal["markets"]["ID"]["when"] = "x"
        with pytest.raises(PackagingError, match="kunci tidak dikenal"):
            packaging._parse_labels(data, "uji")
        data = tomllib.loads(text)
        data["textile"][1]["id"] = "komposisi_serat"
        with pytest.raises(PackagingError, match="ganda"):
            packaging._parse_labels(data, "uji")


class TestLabelChecks:
    def test_bpom_draft(self):
        """The module 03 draft lacks halal (certified) and production date/code."""
        draft = [
            "nama_produk",
            "daftar_bahan",
            "berat_bersih",
            "nama_alamat",
            "nomor_izin_edar",
            "kedaluwarsa",
            "bahasa_setempat",
        ]
        check = packaging.check_food_label(draft, "ID", applies=["halal"])
        assert not check.ok
        assert [r.id for r in check.missing] == ["tanggal_kode_produksi", "halal"]
        assert {r.id for r in check.present} == set(draft)
        assert "asal_bahan_tertentu" in {r.id for r in check.to_check}

    def test_eu_draft(self):
        """Tempeh chips for the Netherlands: allergen (soy), QUID and nutrition missing."""
        draft = [
            "nama_produk",
            "daftar_bahan",
            "berat_bersih",
            "kedaluwarsa",
            "cara_penyimpanan",
            "nama_alamat",
            "bahasa_setempat",
        ]
        check = packaging.check_food_label(draft, "eu", applies={"alergen": True, "quid": True})
        assert check.market == "EU"
        assert [r.id for r in check.missing] == ["alergen", "quid", "informasi_nilai_gizi"]

    def test_conditional_not_applied_is_to_check(self):
        """Without `applies`, absent conditional elements are 'to check', not missing."""
        check = packaging.check_food_label(["nama_produk"], "EU")
        assert "alergen" in {r.id for r in check.to_check}
        assert "alergen" not in {r.id for r in check.missing}

    def test_complete_label_ok(self):
        """All listed elements present: ok, nothing missing."""
        ids = [r.id for r in packaging.label_requirements("food", "ID")]
        check = packaging.check_food_label(ids, "ID", applies=ids)
        assert check.ok and not check.missing and not check.to_check

    def test_checkbox_mapping(self):
        """A {id: bool} mapping from widgets counts only ticked elements."""
        check = packaging.check_textile_label(
            {"komposisi_serat": True, "bahasa_setempat": True, "identitas_produsen": True,
             "nomor_batch": True, "operator_ue": True, "ukuran": False}, "EU"
        )
        assert check.ok
        assert "ukuran" in {r.id for r in check.recommended_missing}

    def test_us_textile(self):
        """US: fibre, origin, RN and care are mandatory; ISO symbols only recommended."""
        check = packaging.check_textile_label(["komposisi_serat", "simbol_perawatan"], "US")
        assert [r.id for r in check.missing] == [
            "negara_asal",
            "identitas_produsen",
            "petunjuk_perawatan",
        ]
        assert "423" in check.missing[-1].source

    def test_eu_textile_animal_parts(self):
        """The animal-parts statement is required only when it applies."""
        base = ["komposisi_serat", "bahasa_setempat", "identitas_produsen", "nomor_batch",
                "operator_ue"]
        assert packaging.check_textile_label(base, "EU").ok
        check = packaging.check_textile_label(base, "EU", applies=["bagian_hewani"])
        assert [r.id for r in check.missing] == ["bagian_hewani"]

    def test_not_in_market(self):
        """Known ids that a market does not list are reported, not rejected."""
        check = packaging.check_food_label(["nomor_izin_edar", "nama_produk"], "EU")
        assert check.not_in_market == ("nomor_izin_edar",)

    def test_unknown_element(self):
        """Unknown element ids raise with the list of valid ids."""
        with pytest.raises(PackagingError, match="unsur label tidak dikenal di 'elements'"):
            packaging.check_food_label(["nama produk"])
        with pytest.raises(PackagingError, match="di 'applies': 'komposisi_serat'"):
            packaging.check_food_label([], applies=["komposisi_serat"])

    def test_single_string(self):
        """A single id string is one element, not its characters."""
        check = packaging.check_food_label("nama_produk")
        assert [r.id for r in check.present] == ["nama_produk"]

    def test_as_table_and_str(self):
        """The table and text are Indonesian and mark what is missing."""
        check = packaging.check_food_label(["nama_produk"], "ID", today=dt.date(2026, 10, 1))
        table = check.as_table()
        assert list(table.columns) == ["unsur", "status", "ada", "kekurangan", "sumber"]
        assert bool(table.loc["nama_produk", "ada"])
        assert table.loc["daftar_bahan", "kekurangan"] == "wajib, belum ada"
        assert table.loc["halal", "kekurangan"].startswith("periksa: wajib bila")
        text = str(check)
        assert "unsur wajib belum ada" in text and "belum ada: Daftar bahan" in text

    @given(data=st.data(), kind=st.sampled_from(["food", "textile"]))
    def test_partition_property(self, data, kind):
        """present, missing, to_check and recommended_missing partition the market's list."""
        markets = packaging.FOOD_MARKETS if kind == "food" else packaging.TEXTILE_MARKETS
        market = data.draw(st.sampled_from(markets))
        reqs = packaging.label_requirements(kind, market)
        ids = [r.id for r in reqs]
        given_ids = data.draw(st.sets(st.sampled_from(ids)))
        applies = data.draw(st.sets(st.sampled_from(ids)))
        check = (packaging.check_food_label if kind == "food" else packaging.check_textile_label)(
            given_ids, market, applies=applies
        )
        groups = [check.present, check.missing, check.to_check, check.recommended_missing]
        flat = [r.id for group in groups for r in group]
        assert sorted(flat) == sorted(ids)
        assert {r.id for r in check.present} == given_ids
        required = {
            r.id
            for r in reqs
            if r.status == "wajib" or (r.status == "bersyarat" and r.id in applies)
        }
        assert check.ok == required.issubset(given_ids)
