"""The lesson checks of modules 05/06: hints, and answers that agree with the taught tools."""

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


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_right_answer_and_every_mistake_get_their_own_message(key):
    """The right answer is confirmed; each known mistake gets its own, different hint."""
    ex = EXERCISES[key]
    assert exercises.hint(key, ex.answer) == ex.right
    for wrong, text in ex.mistakes.items():
        assert exercises.hint(key, wrong) == text != ex.right
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
