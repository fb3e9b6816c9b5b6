"""ikmkit.costing for novices: the cost sheet summary, the exchange-rate helpers, formatting."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikmkit import costing

CASES = Path(__file__).resolve().parents[1] / "curriculum" / "data" / "biaya_studi_kasus.csv"


def _line(name: str, category: str, behaviour: str, amount: int, share: float = 0) -> dict:
    return {"pos_biaya": name, "kategori": category, "perilaku": behaviour,
            "biaya_bulanan_idr": amount, "porsi_impor": share}


class TestCostSummary:
    def test_hpp_is_hpp_per_unit_of_the_category_totals(self) -> None:
        """HPP per unit equals costing.hpp_per_unit of the three category totals."""
        sheet = pd.read_csv(CASES)
        summary = costing.cost_summary(sheet, units=4_000, ikm_id="SK-KNV")
        knv = sheet[sheet["ikm_id"] == "SK-KNV"]
        by_category = knv.groupby("kategori")["biaya_bulanan_idr"].sum()
        assert summary.hpp_per_unit == costing.hpp_per_unit(
            int(by_category["bbb"]), int(by_category["btkl"]), int(by_category["overhead"]),
            4_000)
        assert summary.fixed == int(knv.loc[knv["perilaku"] == "tetap", "biaya_bulanan_idr"].sum())
        assert summary.total == summary.fixed + summary.variable

    def test_break_even_uses_the_exact_variable_cost(self) -> None:
        """The break-even of the summary is break_even_units with the unrounded variable cost."""
        sheet = [_line("kain", "bbb", "variabel", 1_000_000), _line("sewa", "overhead", "tetap",
                                                                    700_000)]
        summary = costing.cost_summary(sheet, units=3)
        result = summary.break_even(400_000)
        variable = Decimal(1_000_000) / 3
        assert result.units == costing.break_even_units(700_000, 400_000, variable) == 11
        assert result.revenue == costing.break_even_revenue(700_000, 400_000, variable)
        assert "Titik impas" in str(result) and "Rp400.000" in str(result)

    def test_import_share_is_weighted_by_amount(self) -> None:
        """The imported share is the amount-weighted share of the lines' import parts."""
        sheet = [_line("kedelai", "bbb", "variabel", 900_000, 0.9),
                 _line("upah", "btkl", "variabel", 100_000)]
        assert costing.cost_summary(sheet, units=1).import_share == Decimal("0.8100")

    def test_tables_are_indonesian_and_formatted(self) -> None:
        """The two tables show formatted rupiah, not numbers with a dtype."""
        summary = costing.cost_summary(pd.read_csv(CASES), units=120, ikm_id="SK-BTK")
        table = summary.as_table()
        assert table.loc["HPP per unit", "nilai"] == "Rp370.250"
        lines = summary.lines_table()
        assert lines.loc["pewarna naftol & indigosol", "porsi impor"] == "100 %"
        assert lines.loc["malam (lilin batik)", "biaya sebulan"] == "Rp1.430.000"
        assert "HPP per unit: Rp370.250" in str(summary)

    @pytest.mark.parametrize(("row", "message"), [
        ({"kategori": "bahan"}, "kategori harus salah satu"),
        ({"perilaku": "kadang"}, "perilaku harus 'tetap' atau 'variabel'"),
        ({"biaya_bulanan_idr": -5}, "tidak boleh negatif"),
        ({"porsi_impor": 30}, "pecahan antara 0 dan 1"),
        ({"pos_biaya": " "}, "nama pos biaya harus diisi"),
    ])
    def test_bad_lines_get_an_indonesian_error_naming_the_line(self, row, message) -> None:
        """Each bad field names the line and the rule."""
        with pytest.raises(costing.CostingError, match=message):
            costing.cost_summary([{**_line("kain", "bbb", "variabel", 10), **row}], units=1)

    def test_empty_sheets_unknown_ikm_and_zero_units_are_refused(self) -> None:
        """Nothing to sum, a wrong ikm_id or zero units: a clear error."""
        with pytest.raises(costing.CostingError, match="kosong"):
            costing.cost_summary([], units=1)
        with pytest.raises(costing.CostingError, match="SK-XXX"):
            costing.cost_summary(pd.read_csv(CASES), units=1, ikm_id="SK-XXX")
        with pytest.raises(costing.CostingError, match="'units'"):
            costing.cost_summary([_line("kain", "bbb", "variabel", 10)], units=0)
        with pytest.raises(costing.CostingError, match="'sheet'"):
            costing.cost_summary("kain 10000", units=1)


class TestExchangeRate:
    def test_min_price_never_falls_below_the_target(self) -> None:
        """Rounded up to the cent: price × rate always covers cost × (1 + margin)."""
        price = costing.min_price_usd(22_720, 16_200, "0.15")
        assert price * 16_200 >= Decimal(22_720) * Decimal("1.15")
        assert (price - Decimal("0.01")) * 16_200 < Decimal(22_720) * Decimal("1.15")

    @given(cost=st.integers(1, 10**9), rate=st.integers(1_000, 30_000),
           margin=st.decimals("0", "2", places=2))
    def test_min_price_is_the_smallest_covering_cent(self, cost, rate, margin) -> None:
        """For any cost, rate and margin the result is the smallest covering cent."""
        price = costing.min_price_usd(cost, rate, margin)
        target = Decimal(cost) * (1 + margin)
        assert price * rate >= target > (price - Decimal("0.01")) * rate

    def test_break_even_rate_zeroes_the_profit(self) -> None:
        """At the break-even rate the sensitivity table's profit is (about) zero."""
        rate = costing.break_even_rate(22_720, "1.62", import_share="0.15", quote_rate=16_200)
        table = costing.fx_sensitivity(22_720, "1.62", [rate], import_share="0.15",
                                       quote_rate=16_200)
        assert abs(table.rows[0].profit_idr) <= 1
        assert table.break_even_rate == rate

    def test_imports_dampen_the_profit_swing(self) -> None:
        """With imported inputs profit moves less with the rate than without."""
        rates = [15_000, 17_000]
        local = costing.fx_sensitivity(22_720, "1.62", rates)
        mixed = costing.fx_sensitivity(22_720, "1.62", rates, import_share="0.3",
                                       quote_rate=16_200)
        swing = [t.rows[1].profit_idr - t.rows[0].profit_idr for t in (local, mixed)]
        assert swing[0] > swing[1] > 0

    def test_tables_are_formatted_the_indonesian_way(self) -> None:
        """Rates with a thousands dot, rupiah and percent with a decimal comma."""
        table = costing.fx_sensitivity(22_720, "1.62", [16_200]).as_table()
        row = table.loc["16.200"]
        assert row["rupiah diterima per unit"] == "Rp26.244"
        assert row["laba (% dari biaya)"] == "15,5 %"
        grid = costing.min_price_table(22_720, [16_000], ["0.2"])
        assert grid.loc["16.000", "laba 20 %"] == "US$1,71"

    def test_bad_inputs(self) -> None:
        """Shares above 1, missing quote rate, a price below the imported part: errors."""
        with pytest.raises(costing.CostingError, match="quote_rate"):
            costing.fx_sensitivity(1_000, 1, [15_000], import_share="0.5")
        with pytest.raises(costing.CostingError, match="import_share"):
            costing.break_even_rate(1_000, 1, import_share=2, quote_rate=15_000)
        with pytest.raises(costing.CostingError, match="tidak ada kurs impas"):
            costing.break_even_rate(30_000, 1, import_share=1, quote_rate=15_000)
        with pytest.raises(costing.CostingError, match="'margin'"):
            costing.min_price_usd(1_000, 15_000, -1)


def test_formatters_are_the_kits_indonesian_format() -> None:
    """costing.rupiah and costing.usd format like the widgets and reports."""
    assert costing.rupiah(25_500_000) == "Rp25.500.000"
    assert costing.usd(Decimal("1005.53")) == "US$1.005,53"
