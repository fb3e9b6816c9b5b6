"""Tests for ikmkit.readiness: rubric loading, scoring one IKM and a cohort, profiles."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ikmkit import IkmkitError
from ikmkit.readiness import (
    LEVELS,
    MODULES,
    SECTORS,
    AnswerError,
    RubricError,
    blank_answers,
    blocker_table,
    dimension_table,
    example_answers,
    level_for_total,
    level_table,
    load_profile,
    load_rubric,
    resolve_gates,
    save_profile,
    score,
    score_cohort,
)

RUBRIC = load_rubric()
META = ["ikm_id", "nama_usaha", "kabupaten", "sector"]
CURRICULUM = Path(__file__).resolve().parents[1] / "curriculum"


def best(sector: str) -> dict:
    return {ind.id: (True if ind.kind == "bool" else ind.max if ind.kind == "scale"
                     else ind.thresholds[-1]) for ind in RUBRIC.for_sector(sector)}


def worst(sector: str) -> dict:
    return {ind.id: (False if ind.kind == "bool" else 0) for ind in RUBRIC.for_sector(sector)}


def answers_for(sector: str):
    """Hypothesis strategy: a complete, valid answer dict for ``sector``."""
    fields = {}
    for ind in RUBRIC.for_sector(sector):
        if ind.kind == "bool":
            fields[ind.id] = st.booleans()
        elif ind.kind == "scale":
            fields[ind.id] = st.integers(0, ind.max)
        else:
            fields[ind.id] = st.one_of(st.integers(0, 20000),
                                       st.floats(0, 1e7, allow_nan=False))
    return st.fixed_dictionaries(fields)


sector_and_answers = st.sampled_from(SECTORS).flatmap(
    lambda s: st.tuples(st.just(s), answers_for(s)))


# ------------------------------------------------------------------ rubric


class TestRubric:
    def test_default_rubric_shape(self):
        """The bundled rubric has 6-9 dimensions, >= 30 indicators, weights summing to 1."""
        assert 6 <= len(RUBRIC.dimensions) <= 9
        assert len(RUBRIC.indicators) >= 30
        assert math.isclose(sum(d.weight for d in RUBRIC.dimensions), 1.0)

    def test_every_indicator_names_source_and_labels(self):
        """Each indicator has a source, Indonesian and English labels and advice."""
        for ind in RUBRIC.indicators:
            assert ind.source and ind.label and ind.label_en and ind.advice, ind.id
            assert ind.kind in ("bool", "scale", "number")

    def test_sector_specific_indicators_exist(self):
        """Every sector has indicators of its own."""
        for sector in SECTORS:
            own = [i for i in RUBRIC.indicators if i.sectors != SECTORS and sector in i.sectors]
            assert own, sector
        assert RUBRIC.indicator("halal").sectors == ("makanan-minuman",)
        assert RUBRIC.indicator("batikmark").sectors == ("batik",)

    def test_blockers_are_nib_sni_and_food_permit(self):
        """Blockers: no NIB, a mandatory SNI or a food permit missing."""
        assert {b.id for b in RUBRIC.blockers} == {"punya_nib", "sni_wajib", "izin_edar_pangan"}

    def test_every_question_has_plain_help_with_an_example(self):
        """All questions (and the gate questions) explain themselves with an example."""
        assert len(RUBRIC.indicators) >= 49
        for ind in RUBRIC.indicators:
            text = ind.help_text()
            assert len(text) >= 60 and "Contoh" in text, ind.id
            assert "{" not in text, ind.id  # register tokens are rendered
        for gate_id, ind in RUBRIC.gates.items():
            assert ind.gate is not None and "Contoh" in ind.gate.help_text(), gate_id

    def test_no_question_asks_two_things(self):
        """The two blockers that read "X, atau tidak wajib" are split by a gate question."""
        assert set(RUBRIC.gates) == {"produk_sni_wajib", "pangan_wajib_izin_edar"}
        for ind in RUBRIC.indicators:
            assert ", atau " not in ind.label and "atau tidak" not in ind.label, ind.id
        assert RUBRIC.gates["produk_sni_wajib"].id == "sni_wajib"
        assert RUBRIC.gates["pangan_wajib_izin_edar"].id == "izin_edar_pangan"

    def test_capacity_thresholds_per_sector_with_their_basis(self):
        """One capacity question per sector, each with its own unit, thresholds and basis."""
        capacity = [i for i in RUBRIC.indicators if i.id.startswith("kapasitas_")]
        assert sorted(s for i in capacity for s in i.sectors) == sorted(SECTORS)
        assert len({i.thresholds for i in capacity}) == 4 and len({i.unit for i in capacity}) == 4
        for ind in capacity:
            assert ind.kind == "number" and len(ind.thresholds) == 4, ind.id
            assert ind.basis.count("(") >= 2, ind.id  # published figures, each with a source
            assert "Ambang" in ind.basis and "Ambang" in ind.help, ind.id

    def test_hand_drawn_batik_workshop_is_not_zero_on_capacity(self):
        """120 sheets a month of hand-drawn batik reach 2 of 4 thresholds (0 in version 1)."""
        base = best("batik")
        full = score(base, "batik").dimensions["produksi"]
        workshop = score({**base, "kapasitas_batik": 120}, "batik").dimensions["produksi"]
        nothing = score({**base, "kapasitas_batik": 0}, "batik").dimensions["produksi"]
        assert nothing < workshop < full
        assert workshop - nothing == pytest.approx((full - nothing) / 2, abs=0.1)

    def test_every_recommendation_points_to_a_lesson_that_exists(self):
        """module + lesson name a real notebook of that module (e.g. 02.1)."""
        notebooks = {p.name[:4].replace("-", "."): p for p in CURRICULUM.glob("0*/*.ipynb")}
        for ind in RUBRIC.indicators:
            assert ind.module in MODULES, ind.id
            assert ind.lesson[:2] == ind.module and ind.lesson in notebooks, ind.id
            assert ind.where_taught.startswith(MODULES[ind.module]), ind.id

    def test_lesson_must_match_module(self, tmp_path: Path):
        """A lesson of another module is refused, naming the field."""
        text = Path(RUBRIC.path).read_text(encoding="utf-8")
        bad = tmp_path / "r.toml"
        bad.write_text(text.replace('lesson = "02.3"', 'lesson = "03.3"', 1), encoding="utf-8")
        with pytest.raises(RubricError, match="lesson"):
            load_rubric(bad)

    def test_gate_id_must_be_new(self, tmp_path: Path):
        """A gate named like an indicator is refused."""
        text = Path(RUBRIC.path).read_text(encoding="utf-8")
        bad = tmp_path / "r.toml"
        bad.write_text(text.replace('id = "produk_sni_wajib"', 'id = "punya_nib"'),
                       encoding="utf-8")
        with pytest.raises(RubricError, match="gate"):
            load_rubric(bad)

    def test_blank_answers_are_the_lowest_or_the_best(self):
        """blank_answers gives every question of the sector at its lowest (or best) answer."""
        for sector in SECTORS:
            assert blank_answers(sector) == worst(sector)
            assert blank_answers(sector, best=True) == {k: (int(v) if isinstance(v, float) else v)
                                                        for k, v in best(sector).items()}

    def test_teaching_tables(self):
        """Dimension, level and blocker tables for the lessons (no code on show)."""
        dims = dimension_table("makanan-minuman")
        assert list(dims.columns) == ["Dimensi", "Bobot (%)", "Jumlah pertanyaan"]
        assert int(dims["Bobot (%)"].sum()) == 100
        assert int(dims["Jumlah pertanyaan"].sum()) == len(RUBRIC.for_sector("makanan-minuman"))
        assert level_table()["Skor minimal"].tolist() == ["0", "40", "60", "80"]
        assert len(blocker_table()) == len(RUBRIC.blockers)

    def test_unknown_indicator_lookup(self):
        """Asking for an unknown indicator is the documented error."""
        with pytest.raises(AnswerError, match="tidak_ada"):
            RUBRIC.indicator("tidak_ada")

    @pytest.mark.parametrize(
        ("old", "new", "field"),
        [
            ('kind = "scale"', 'kind = "skala"', "kind"),
            ("weight = 0.15", "weight = 0.5", "dimensions.weight"),
            ('dimension = "harga"', 'dimension = "hargaa"', "dimension"),
            ("thresholds = [1, 3, 5, 10]", "thresholds = [10, 3]", "thresholds"),
            ('sectors = ["batik"]', 'sectors = ["tenun"]', "sectors"),
            ("weight = 3\nblocker = true", "wieght = 3\nblocker = true", "wieght"),
            ('label_en = "The business has an NIB', 'label_en = "" #', "label_en"),
        ],
    )
    def test_bad_rubric_names_file_field_and_value(self, tmp_path: Path, old, new, field):
        """A broken rubric file raises RubricError naming the file, the field and the value."""
        text = Path(RUBRIC.path).read_text(encoding="utf-8")
        assert old in text
        bad = tmp_path / "rubrik_saya.toml"
        bad.write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(RubricError) as info:
            load_rubric(bad)
        message = str(info.value)
        assert "rubrik_saya.toml" in message and field in message

    def test_rubric_not_toml(self, tmp_path: Path):
        """A file that is not TOML is reported, not a traceback from tomllib."""
        bad = tmp_path / "r.toml"
        bad.write_text("[[dimensions]\nid=", encoding="utf-8")
        with pytest.raises(RubricError, match="r.toml"):
            load_rubric(bad)

    def test_custom_rubric_is_used(self, tmp_path: Path):
        """An incubator's own rubric (other dimension weights) changes the score."""
        text = Path(RUBRIC.path).read_text(encoding="utf-8")
        for dim, weight in (("legalitas", "0.25"), ("manajemen", "0.05"), ("pasar", "0.05")):
            text = re.sub(rf'(id = "{dim}"\n(?:.*\n){{2}})weight = [0-9.]+',
                          rf"\g<1>weight = {weight}", text)
        path = tmp_path / "custom.toml"
        path.write_text(text, encoding="utf-8")
        custom = load_rubric(path)
        assert custom.dimension("legalitas").weight == 0.25
        answers = {**worst("batik"), **{i.id: True for i in RUBRIC.for_sector("batik")
                                        if i.dimension == "legalitas"}}
        assert score(answers, "batik", rubric=custom).total == 25.0
        assert score(answers, "batik").total == 15.0


# ------------------------------------------------------------------ one IKM


class TestScore:
    @pytest.mark.parametrize("sector", SECTORS)
    def test_best_and_worst(self, sector):
        """All yes -> 100 and export-ready; all no -> 0, pre-export, blocked."""
        top = score(best(sector), sector)
        assert top.total == 100.0 and top.level is LEVELS[-1] and not top.blockers
        assert all(v == 100.0 for v in top.dimensions.values())
        low = score(worst(sector), sector)
        assert low.total == 0.0 and low.level is LEVELS[0]
        assert "punya_nib" in {b.id for b in low.blockers}

    def test_blocker_caps_level_at_second(self):
        """Without NIB even a 97-point IKM is at most 'Rintisan ekspor'."""
        result = score({**best("makanan-minuman"), "punya_nib": False}, "makanan-minuman")
        assert result.total > 80
        assert result.uncapped_level is LEVELS[3]
        assert result.level is LEVELS[1]

    def test_food_permit_blocks_only_food(self):
        """izin_edar_pangan is asked (and blocks) only in makanan-minuman."""
        food = score({**best("makanan-minuman"), "izin_edar_pangan": False}, "makanan-minuman")
        assert [b.id for b in food.blockers] == ["izin_edar_pangan"]
        batik = score({**best("batik"), "izin_edar_pangan": None}, "batik")
        assert batik.blockers == []

    def test_recommendations_blockers_first_then_largest_gap(self):
        """Next steps: blockers first, then by points to gain, in Indonesian with a module."""
        answers = {**best("konveksi"), "sni_wajib": False, "harga_fob": False,
                   "pameran": False, "kemasan_ekspor": 1}
        recs = score(answers, "konveksi").recommendations
        assert recs[0].indicator == "sni_wajib" and recs[0].blocker
        assert "LSPro" in recs[0].text
        gains = [r.gain_points for r in recs[1:]]
        assert gains == sorted(gains, reverse=True)
        assert {r.indicator for r in recs} == {"sni_wajib", "harga_fob", "pameran",
                                               "kemasan_ekspor"}
        assert str(recs[1]).startswith(recs[1].text) and "Modul" in str(recs[1])

    def test_gain_equals_score_difference(self):
        """A recommendation's gain is what the total gains when the gap is closed."""
        answers = {**best("bordir"), "harga_fob": False}
        before = score(answers, "bordir")
        gain = before.recommendations[0].gain_points
        after = score({**answers, "harga_fob": True}, "bordir")
        assert after.total - before.total == pytest.approx(gain, abs=0.11)

    @pytest.mark.parametrize(
        ("change", "pattern"),
        [
            ({"punya_nib": "ya"}, "'punya_nib' harus ya/tidak"),
            ({"sistem_mutu": 5}, "'sistem_mutu' harus bilangan bulat 0 sampai 4: 5"),
            ({"sistem_mutu": 2.5}, "'sistem_mutu'.*2.5"),
            ({"sistem_mutu": True}, "'sistem_mutu'"),
            ({"kapasitas_batik": -1}, "'kapasitas_batik' harus angka >= 0: -1"),
            ({"kapasitas_batik": float("inf")}, "'kapasitas_batik'"),
            ({"produk_sni_wajib": "tidak"}, "'produk_sni_wajib' harus ya/tidak"),
            ({"nib": True}, "indikator tidak dikenal: 'nib'"),
            ({"punya_nib": None}, "'punya_nib' belum diisi"),
        ],
    )
    def test_invalid_answers(self, change, pattern):
        """Invalid input raises AnswerError (a ValueError) naming indicator and value."""
        with pytest.raises(AnswerError, match=pattern) as info:
            score({**best("batik"), **change}, "batik")
        assert isinstance(info.value, ValueError) and isinstance(info.value, IkmkitError)

    def test_missing_answer(self):
        """Leaving out an applicable indicator is an error naming it."""
        answers = best("batik")
        del answers["batikmark"]
        with pytest.raises(AnswerError, match="batikmark"):
            score(answers, "batik")

    def test_unknown_sector(self):
        """An unknown sector is the documented error."""
        with pytest.raises(AnswerError, match="'tenun'"):
            score(best("batik"), "tenun")

    def test_level_for_total_bounds(self):
        """Level bands: <40, 40-59.9, 60-79.9, >=80; out of range is an error."""
        assert [level_for_total(t).key for t in (0, 39.9, 40, 79.9, 80, 100)] == [
            "pra-ekspor", "pra-ekspor", "rintisan", "siap-didampingi", "siap-ekspor",
            "siap-ekspor"]
        with pytest.raises(AnswerError):
            level_for_total(100.1)

    @settings(max_examples=150, deadline=None)
    @given(sector_and_answers)
    def test_scores_stay_in_range_and_are_deterministic(self, case):
        """Totals and dimensions stay in [0, 100]; same input, same output."""
        sector, answers = case
        first = score(answers, sector)
        assert 0 <= first.total <= 100
        assert all(0 <= v <= 100 for v in first.dimensions.values())
        assert first == score(dict(answers), sector)

    @settings(max_examples=150, deadline=None)
    @given(sector_and_answers, st.data())
    def test_improving_an_answer_never_lowers_the_total(self, case, data):
        """Turning a 'no' into a 'yes' (or raising a scale or number) never lowers the total."""
        sector, answers = case
        ind = data.draw(st.sampled_from(RUBRIC.for_sector(sector)))
        better = dict(answers)
        if ind.kind == "bool":
            better[ind.id] = True
        elif ind.kind == "scale":
            better[ind.id] = ind.max
        else:
            better[ind.id] = answers[ind.id] + data.draw(st.integers(0, 5000))
        assert score(better, sector).total >= score(answers, sector).total
        assert LEVELS.index(score(better, sector).level) >= LEVELS.index(
            score(answers, sector).level)

    @settings(max_examples=200, deadline=None)
    @given(st.dictionaries(st.text(max_size=12), st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5)),
        max_size=6), st.one_of(st.sampled_from(SECTORS), st.text(max_size=8)))
    def test_garbage_raises_only_the_documented_error(self, answers, sector):
        """Garbage input raises AnswerError and nothing else."""
        try:
            score(answers, sector)
        except AnswerError:
            pass


# ------------------------------------------------------------------ a cohort


class TestCohort:
    def test_same_numbers_as_row_by_row(self):
        """score_cohort equals score() on every row: totals, levels, dimensions, blockers."""
        df = example_answers(300, seed=5)
        table = score_cohort(df)
        for i in range(len(df)):
            row = df.iloc[i]
            one = score(row.drop(META).to_dict(), row["sector"])
            got = table.iloc[i]
            assert got["total"] == one.total
            assert got["level"] == one.level.name and got["level_key"] == one.level.key
            assert got["blockers"] == ";".join(b.id for b in one.blockers)
            assert got["n_blockers"] == len(one.blockers)
            for dim, value in one.dimensions.items():
                assert got[dim] == value

    @settings(max_examples=25, deadline=None)
    @given(st.lists(sector_and_answers, min_size=1, max_size=12))
    def test_cohort_matches_score_on_generated_rows(self, cases):
        """Property: for any valid rows (plain Python values), cohort == row by row."""
        df = pd.DataFrame([{"sector": s, **a} for s, a in cases])
        table = score_cohort(df)
        for i, (sector, answers) in enumerate(cases):
            one = score(answers, sector)
            assert table["total"].iloc[i] == one.total
            assert table["level"].iloc[i] == one.level.name

    def test_result_columns_and_index(self):
        """The result keeps the index and has totals, levels and one column per dimension."""
        df = example_answers(20, seed=2).set_index("ikm_id")
        table = score_cohort(df)
        assert list(table.index) == list(df.index)
        for col in ["total", "level", "has_blocker", "n_blockers", "blockers",
                    *[d.id for d in RUBRIC.dimensions]]:
            assert col in table.columns
        assert table["level"].cat.ordered

    def test_bad_cell_names_row_and_column(self):
        """A 'mungkin' in a yes/no column is reported with its row and column."""
        df = example_answers(10, seed=1)
        df["punya_nib"] = df["punya_nib"].astype(object)
        df.loc[4, "punya_nib"] = "mungkin"
        with pytest.raises(AnswerError, match=r"baris 4, kolom 'punya_nib'.*'mungkin'"):
            score_cohort(df)

    def test_out_of_range_scale(self):
        """A scale of 7 is reported with its row."""
        df = example_answers(10, seed=1)
        df.loc[6, "sistem_mutu"] = 7
        with pytest.raises(AnswerError, match=r"baris 6, kolom 'sistem_mutu'"):
            score_cohort(df)

    def test_empty_required_cell(self):
        """An empty answer where the indicator applies is reported."""
        df = example_answers(10, seed=1)
        df.loc[3, "punya_nib"] = pd.NA
        with pytest.raises(AnswerError, match=r"baris 3, kolom 'punya_nib'.*diisi"):
            score_cohort(df)

    def test_bad_sector_and_missing_columns(self):
        """Unknown sectors and missing indicator columns are reported."""
        df = example_answers(5, seed=1)
        bad = df.assign(sector=df["sector"].astype(str))
        bad.loc[2, "sector"] = "tenun"
        with pytest.raises(AnswerError, match=r"baris 2, kolom 'sector'.*'tenun'"):
            score_cohort(bad)
        with pytest.raises(AnswerError, match="kolom 'punya_nib' tidak ada"):
            score_cohort(df.drop(columns="punya_nib"))
        with pytest.raises(AnswerError, match="'sector'"):
            score_cohort(df.drop(columns="sector"))

    def test_sector_columns_may_be_absent_when_unused(self):
        """A batik-only sheet need not carry food columns."""
        df = example_answers(200, seed=3)
        batik = df[df["sector"] == "batik"].drop(columns=["halal", "izin_edar_pangan"])
        assert len(score_cohort(batik)) == len(batik)

    def test_empty_cohort(self):
        """Zero rows give an empty table, not an error."""
        assert score_cohort(example_answers(0)).empty


class TestGates:
    def test_gate_no_means_met_and_no_blocker(self):
        """A product under no mandatory SNI: the SNI question counts as met, no blocker."""
        answers = {**best("konveksi"), "sni_wajib": None, "produk_sni_wajib": False}
        assert score(answers, "konveksi") == score(best("konveksi"), "konveksi")

    def test_gate_yes_needs_the_answer(self):
        """A baby-clothes maker must answer whether it is certified; "tidak" blocks."""
        with pytest.raises(AnswerError, match="'sni_wajib' belum diisi"):
            score({**best("konveksi"), "sni_wajib": None, "produk_sni_wajib": True}, "konveksi")
        blocked = score({**best("konveksi"), "sni_wajib": False, "produk_sni_wajib": True},
                        "konveksi")
        assert [b.id for b in blocked.blockers] == ["sni_wajib"]

    def test_gate_no_overrides_a_contradicting_answer(self):
        """Nothing mandatory: an answer "tidak" to the certificate question is not a gap."""
        effective, gates = resolve_gates({"produk_sni_wajib": False, "sni_wajib": False})
        assert effective == {"sni_wajib": True} and gates == {"produk_sni_wajib": False}

    def test_food_gate(self):
        """Food that needs no permit (kept under 7 days) is not blocked on izin edar."""
        answers = {**best("makanan-minuman"), "izin_edar_pangan": None,
                   "pangan_wajib_izin_edar": False}
        assert score(answers, "makanan-minuman").blockers == []

    def test_cohort_with_gate_columns_equals_row_by_row(self):
        """Gate columns in a cohort table give the same scores as score() per row."""
        df = example_answers(120, seed=11)
        df["produk_sni_wajib"] = pd.array([i % 3 == 0 for i in range(len(df))], dtype="boolean")
        df.loc[df.index % 4 == 1, "produk_sni_wajib"] = pd.NA
        df["sni_wajib"] = df["sni_wajib"].astype("boolean")
        df.loc[df["produk_sni_wajib"].eq(False).fillna(False), "sni_wajib"] = pd.NA
        table = score_cohort(df)
        for i in range(len(df)):
            row = df.iloc[i]
            answers = {k: (None if pd.isna(v) else v) for k, v in row.drop(META).items()}
            assert table["total"].iloc[i] == score(answers, row["sector"]).total

    def test_profile_keeps_the_gate(self, tmp_path: Path):
        """save_profile stores the gate apart from the answers; load_profile re-scores it."""
        answers = {**best("bordir"), "sni_wajib": None, "produk_sni_wajib": False}
        save_profile(tmp_path, answers, "bordir")
        stored = json.loads((tmp_path / "profil_ikm.json").read_text(encoding="utf-8"))
        assert stored["gates"] == {"produk_sni_wajib": False}
        assert stored["answers"]["sni_wajib"] is True
        assert "produk_sni_wajib" not in stored["answers"]  # the cohort reader knows no gates
        assert load_profile(tmp_path)["total"] == 100.0


class TestExampleAnswers:
    def test_deterministic_and_seeded(self):
        """Same seed, same data; another seed, other data."""
        assert example_answers(50, seed=9).equals(example_answers(50, seed=9))
        assert not example_answers(50, seed=9).equals(example_answers(50, seed=10))

    def test_realistic_structure(self):
        """All four sectors appear; non-applicable answers are empty; answers correlate."""
        df = example_answers(4000, seed=0)
        assert set(df["sector"]) == set(SECTORS)
        assert df.loc[df["sector"] != "makanan-minuman", "halal"].isna().all()
        assert df.loc[df["sector"] == "makanan-minuman", "halal"].notna().all()
        table = score_cohort(df)
        # correlated answers: dimensions move together (uniform noise would give ~0)
        assert table["legalitas"].corr(table["pasar"]) > 0.3
        # every level is represented and NIB is far more common than batikmark
        assert set(table["level_key"]) == {lv.key for lv in LEVELS}
        assert df["punya_nib"].mean() > df["batikmark"].mean()

    def test_bad_n(self):
        """A negative or non-integer size is the documented error."""
        with pytest.raises(AnswerError):
            example_answers(-1)
        with pytest.raises(AnswerError):
            example_answers(2.5)  # type: ignore[arg-type]


class TestProfiles:
    def test_roundtrip(self, tmp_path: Path):
        """save_profile writes profil_ikm.json in a folder; load_profile reads it back."""
        profile = save_profile(tmp_path, best("batik"), "batik", business="Batik Sekar Jaya",
                               participant="p01")
        path = tmp_path / "profil_ikm.json"
        stored = json.loads(path.read_text(encoding="utf-8"))
        assert stored["total"] == 100.0 and stored["level"] == "siap-ekspor"
        assert stored["business"] == "Batik Sekar Jaya" and stored["sector"] == "batik"
        loaded = load_profile(path)
        assert loaded["total"] == profile["total"] and loaded["answers"] == profile["answers"]

    def test_stored_total_is_not_trusted(self, tmp_path: Path):
        """A hand-edited total is recomputed from the answers."""
        save_profile(tmp_path, worst("bordir"), "bordir")
        path = tmp_path / "profil_ikm.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["total"] = 99
        path.write_text(json.dumps(data), encoding="utf-8")
        assert load_profile(path)["total"] == 0.0

    def test_bad_answers_write_nothing(self, tmp_path: Path):
        """Invalid answers raise and leave no file behind."""
        with pytest.raises(AnswerError):
            save_profile(tmp_path, {**best("batik"), "sistem_mutu": 9}, "batik")
        assert list(tmp_path.iterdir()) == []

    def test_broken_profile_names_file(self, tmp_path: Path):
        """A profile that is not JSON is reported with its path."""
        path = tmp_path / "profil_ikm.json"
        path.write_text("{not json", encoding="utf-8")
        with pytest.raises(AnswerError, match="profil_ikm.json"):
            load_profile(path)
        with pytest.raises(AnswerError, match="tidak ditemukan"):
            load_profile(tmp_path / "nothing.json")


def test_numpy_scalars_are_accepted():
    """Values straight from a DataFrame row (numpy scalars) are valid answers."""
    answers = {k: (np.bool_(v) if isinstance(v, bool) else np.int64(v))
               for k, v in best("makanan-minuman").items()}
    assert score(answers, "makanan-minuman").total == 100.0
