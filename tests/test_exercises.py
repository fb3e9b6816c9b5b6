"""The lesson checks of modules 03-06: hints, and answers that agree with the taught tools."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from ikmkit import exercises, finance, markets, packaging, quotation
from ikmkit.exercises import EXERCISES

CURRICULUM = Path(__file__).resolve().parents[1] / "curriculum"


def test_answers_agree_with_the_tools():
    """Each expected answer is what the ikmkit tool taught in the lesson gives."""
    order = [finance.Flow(0, -120_000_000), finance.Flow(30, -60_000_000),
             finance.Flow(45, -8_000_000), finance.Flow(75, 230_000_000)]
    need = finance.financing_need(order, "0.06")
    assert EXERCISES["06.2-1"].answer == need.peak_idr
    assert EXERCISES["06.2-2"].answer == need.interest_idr
    table = finance.instalments(12_000_000, "0.06", 12)
    assert EXERCISES["06.2-3"].answer == int(table["interest"].sum())
    assert EXERCISES["05.1-2"].answer == markets.tariff("6111.20", "Jepang", form_d=False)
    same = [m.market for m in markets.candidates("2008.19")
            if m.market in EXERCISES["05.1-3"].options and m.tariff(True) == m.tariff(False)]
    assert same == [EXERCISES["05.1-3"].answer]
    assert EXERCISES["05.3-1"].answer == packaging.chargeable_weight_kg(5.8, 50, 35, 30,
                                                                        divisor=5000)
    pi = quotation.make_proforma(
        seller=quotation.Party("A", "B", "Indonesia"), buyer=quotation.Party("C", "D", "SG"),
        items=[quotation.LineItem("jumper", 2_200, "1.44")], incoterm="FOB", place="Surabaya",
        payment_terms="T/T")
    assert pi.total == Decimal(str(EXERCISES["05.3-2"].answer))
    safest = [t.key for t in finance.PAYMENT_TERMS][0]
    assert EXERCISES["06.1-1"].answer == safest


def _right(ex: exercises.Exercise) -> object:
    expected = ex.expected()
    if ex.kind == "pick":
        return sorted(expected)[:ex.count]
    return sorted(expected) if ex.kind == "set" else expected


def _wrong(ex: exercises.Exercise, wrong: object) -> object:
    if ex.kind == "pick":
        return sorted(ex.expected())[:ex.count - 1] + [wrong]
    return sorted(ex.expected()) + [wrong] if ex.kind == "set" else wrong


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_right_answer_and_every_mistake_get_their_own_message(key):
    """The right answer is confirmed; each known mistake gets its own, different hint."""
    ex = EXERCISES[key]
    assert exercises.hint(key, _right(ex)) == ex.right
    for wrong, text in ex.mistakes.items():
        got = exercises.hint(key, _wrong(ex, wrong))
        assert got != ex.right and got != ex.fallback
        assert got == text or ("{label}" in text and got.endswith(text.split("{label}")[1]))
    assert exercises.hint(key, None).startswith("Belum diisi")


def test_wrong_types_get_a_format_hint():
    """Text for a number, a number for a choice, an unknown option: a format hint."""
    assert "harus angka" in exercises.hint("06.2-1", "188.000.000")
    assert "harus angka" in exercises.hint("06.2-1", True)
    assert "salah satu pilihan" in exercises.hint("06.1-1", 3)
    assert "salah satu pilihan" in exercises.hint("06.1-1", "transfer")
    with pytest.raises(exercises.ExerciseError, match="latihan tidak dikenal"):
        exercises.hint("99.9-9", 1)


def test_every_check_in_the_lessons_exists():
    """Every exercises.check(...) in the lesson notebooks names an existing exercise, and every
    exercise is used."""
    used = set()
    for nb in sorted(CURRICULUM.glob("0[0-9]-*/*.ipynb")):
        text = "".join("".join(c["source"]) for c in json.loads(nb.read_text())["cells"])
        used |= set(re.findall(r'exercises\.check\("([^"]+)"', text))
    assert used == set(EXERCISES)


def test_module_03_04_answers_agree_with_the_tools():
    """The expected answers of lessons 03-04 are what the taught ikmkit tools give."""
    import pandas as pd

    from ikmkit import costing

    sheet = pd.read_csv(CURRICULUM / "data" / "biaya_studi_kasus.csv")
    batik = costing.cost_summary(sheet, units=120, ikm_id="SK-BTK")
    assert EXERCISES["04.1-1"].answer == batik.hpp_per_unit
    assert EXERCISES["04.1-2"].answer == batik.break_even(650_000).units
    at_160 = batik.fixed / 160 + batik.variable / 120
    assert abs(EXERCISES["04.1-3"].answer - at_160) < 1
    assert EXERCISES["04.2-1"].answer == costing.exw_price(
        20_000, export_packing=2_000, bank_charges=612, margin=1_000)
    assert Decimal(str(EXERCISES["04.2-2"].answer)) == costing.cif_from_cfr(6_400, "0.004").cif
    knv = costing.cost_summary(sheet, units=4_000, ikm_id="SK-KNV")
    assert EXERCISES["04.3-1"].answer == costing.break_even_rate(
        22_720, "1.62", import_share=round(knv.import_share, 2), quote_rate=16_200)
    assert batik.import_share < knv.import_share  # 04.3-2: batik is more sensitive
    assert Decimal(str(EXERCISES["04.3-3"].answer)) == costing.min_price_usd(22_720, 16_000,
                                                                            "0.15")
    check = packaging.stack_check((60, 40, 40), 11, ect_kn_per_m=5.6, caliper_mm=4.064)
    assert (EXERCISES["03.2-1"].answer, EXERCISES["03.2-2"].answer) == (
        check.layers, check.needed_bct_kgf)
    assert EXERCISES["03.2-3"].answer == ("ya" if check.ok else "tidak")
    assert EXERCISES["03.2-4"].answer == 4 * packaging.chargeable_weight_kg(5.8, 50, 35, 30,
                                                                            divisor=5000)
    assert EXERCISES["03.2-5"].answer == packaging.cartons_per_container(
        (55, 45, 40), "20GP", upright=True).count
    eu = packaging.check_food_label(["nama_produk"], "EU", applies=["alergen", "quid",
                                                                     "cara_penyimpanan"])
    assert EXERCISES["03.1-3"].answer <= set(eu.missing_ids)


def test_date_dependent_label_answer_follows_the_register(monkeypatch):
    """03.1-1 is computed from the checklist when the check runs: before the halal deadline
    the logo is not yet missing, after it is (and forgetting it gets the halal hint)."""
    import datetime as dt

    from ikmkit.exercises import LABEL_03_1

    real = packaging.check_food_label

    def on(day):
        monkeypatch.setattr(packaging, "check_food_label",
                            lambda *a, **k: real(*a, **{**k, "today": day}))

    on(dt.date(2026, 10, 17))
    assert exercises.hint("03.1-1", []) == EXERCISES["03.1-1"].right
    on(dt.date(2026, 10, 18))
    assert exercises.hint("03.1-1", ["halal"]) == EXERCISES["03.1-1"].right
    assert "halal" in exercises.hint("03.1-1", [])
    assert len(LABEL_03_1) == 8


def test_set_and_pick_hints():
    """Lists: a format hint for text, unknown ids named, a count hint for picks, a hint for
    a set with something missing."""
    assert "daftar pilihan" in exercises.hint("03.1-3", "quid")
    assert "'salt'" in exercises.hint("03.1-3", ["salt"])
    assert "tepat 3" in exercises.hint("03.1-3", ["quid", "alergen"])
    assert exercises.hint("03.1-1", ["halal"]) in (_MISSING_TEXT, EXERCISES["03.1-1"].right)


_MISSING_TEXT = "Masih ada yang kurang: bandingkan lagi dengan hasil alat ikmkit di atas."


def test_lesson_label_is_the_checked_label():
    """The new label of lesson 03.1 (exercise 1) is exercises.LABEL_03_1, whose checklist the
    check computes."""
    import ast

    from ikmkit.exercises import LABEL_03_1

    nb = json.loads((CURRICULUM / "03-kemasan-label" / "03-1-label-produk.ipynb").read_text())
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and source.startswith("label_baru = "):
            first = ast.parse(source).body[0]
            assert isinstance(first, ast.Assign)
            assert tuple(ast.literal_eval(first.value)) == LABEL_03_1
            return
    raise AssertionError("lesson 03.1 has no label_baru cell")
