"""Tests for ikmkit.costing: HPP, break-even, export price build-up, ATIGA RVC, IDR/USD."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikmkit import costing
from ikmkit.costing import CostingError
from ikmkit.errors import IkmkitError

CENT = Decimal("0.01")

money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
positive_money = st.decimals(
    min_value=CENT, max_value=10**9, places=2, allow_nan=False, allow_infinity=False
)
rates = st.decimals(
    min_value=0,
    max_value=costing.MAX_INSURANCE_RATE,
    places=4,
    allow_nan=False,
    allow_infinity=False,
)


# --------------------------------------------------------------------------- inputs


class TestInputs:
    def test_error_is_ikmkit_value_error(self):
        """CostingError belongs to the one exception tree rooted at ValueError."""
        assert issubclass(CostingError, IkmkitError)
        assert issubclass(CostingError, ValueError)

    def test_float_goes_through_str(self):
        """A float is converted via str(), so 0.1 + 0.2 gives exactly 0.30."""
        assert costing.hpp_per_unit(0.1, 0.2, 0, 1) == Decimal("0.30")

    def test_str_and_numpy_accepted(self):
        """Numeric strings, underscores and numpy numbers (pandas cells) are accepted."""
        a = costing.hpp_per_unit("1_000_000", np.int64(500_000), np.float64(250_000.5), 10)
        assert a == Decimal("175000.05")

    @pytest.mark.parametrize("bad", [True, None, float("nan"), float("inf"), "1.500.000", [1]])
    def test_non_numbers_rejected(self, bad):
        """Booleans, None, NaN, infinity, dotted thousands and lists raise CostingError."""
        with pytest.raises(CostingError, match="'direct_material'"):
            costing.hpp_per_unit(bad, 0, 0, 1)

    def test_message_names_parameter_and_value(self):
        """Messages name the parameter, the rule and the value received, in Indonesian."""
        with pytest.raises(CostingError, match=r"^'overhead' tidak boleh negatif: -5$"):
            costing.hpp_per_unit(1, 1, -5, 1)


# --------------------------------------------------------------------------- HPP and BEP


class TestHpp:
    def test_domain_example(self):
        """Rp212.8 jt fixed + Rp687.1 jt variable over 36,000 units: Rp24,997.22 (≈ Rp24,998)."""
        hpp = costing.hpp_per_unit(687_100_000, 0, 212_800_000, 36_000)
        assert hpp == Decimal("24997.22")
        assert abs(hpp - 24_998) < 1

    def test_sum_of_parts_divided_by_units(self):
        """HPP is the sum of the three cost groups divided by units, to the cent."""
        assert costing.hpp_per_unit(3_000_000, 1_500_000, 500_000, 400) == Decimal("12500.00")
        assert costing.hpp_per_unit(10, 0, 0, 3) == Decimal("3.33")
        assert costing.hpp_per_unit(20, 0, 0, 3) == Decimal("6.67")

    def test_fractional_units(self):
        """Units may be kilograms with decimals."""
        assert costing.hpp_per_unit(1000, 0, 0, "2.5") == Decimal("400.00")

    @pytest.mark.parametrize("units", [0, -1])
    def test_units_must_be_positive(self, units):
        """Zero or negative units raise."""
        with pytest.raises(CostingError, match="'units' harus lebih besar dari 0"):
            costing.hpp_per_unit(1, 1, 1, units)


class TestBreakEven:
    def test_examples(self):
        """BEP rounds up: 12.6 jt ÷ (150,000 − 82,000) = 185.3 → 186 units."""
        assert costing.break_even_units(12_600_000, 150_000, 82_000) == 186
        assert costing.break_even_units(1_000, 30, 20) == 100
        assert costing.break_even_units(0, 30, 20) == 0

    def test_returns_int(self):
        """The unit count is a plain int."""
        assert type(costing.break_even_units(1_001, "30.5", 20)) is int

    @pytest.mark.parametrize(("price", "variable"), [(19_000, 19_500), (20, 20)])
    def test_price_not_above_variable_cost(self, price, variable):
        """Price at or below variable cost has no break-even point."""
        with pytest.raises(CostingError, match="'price' harus lebih besar dari 'variable_cost'"):
            costing.break_even_units(1_000, price, variable)
        with pytest.raises(CostingError, match="'price' harus lebih besar"):
            costing.break_even_revenue(1_000, price, variable)

    def test_negative_fixed_cost(self):
        """Negative fixed cost raises."""
        with pytest.raises(CostingError, match="'fixed_cost' tidak boleh negatif"):
            costing.break_even_units(-1, 30, 20)

    @given(
        fc=st.integers(0, 10**10),
        vc=st.decimals(0, 10**6, places=2),
        extra=st.decimals(CENT, 10**6, places=2),
    )
    def test_smallest_whole_number(self, fc, vc, extra):
        """The result covers the fixed cost and one unit fewer does not."""
        price = vc + extra
        n = costing.break_even_units(fc, price, vc)
        assert n * (price - vc) >= fc
        if n > 0:
            assert (n - 1) * (price - vc) < fc

    def test_revenue_examples(self):
        """BEP in money = FC ÷ (1 − VC/P), to the cent."""
        assert costing.break_even_revenue(7_180_000, 650_000, 310_000) == Decimal("13726470.59")
        assert costing.break_even_revenue(0, 10, 5) == Decimal("0.00")

    @given(fc=st.integers(0, 10**10), vc=st.integers(0, 10**6), extra=st.integers(1, 10**6))
    def test_revenue_not_above_units_times_price(self, fc, vc, extra):
        """Exact BEP revenue never exceeds (rounded-up BEP units) × price."""
        price = vc + extra
        revenue = costing.break_even_revenue(fc, price, vc)
        assert revenue <= costing.break_even_units(fc, price, vc) * price + CENT


# --------------------------------------------------------------------------- price build-up


class TestExwPrice:
    def test_scribd_example(self):
        """Rp20,000 + 2,000 + 612 + 1,000 = Rp23,612/kg ≈ US$1.53 at Rp15,443."""
        exw = costing.exw_price(20_000, export_packing=2_000, bank_charges=612, margin=1_000)
        assert exw == Decimal("23612.00")
        assert costing.idr_to_usd(exw, 15_443) == Decimal("1.53")

    def test_hpp_only(self):
        """Without extras EXW equals HPP."""
        assert costing.exw_price("12500.5") == Decimal("12500.50")

    def test_negative_margin(self):
        """A negative margin raises."""
        with pytest.raises(CostingError, match="'margin' tidak boleh negatif: -1"):
            costing.exw_price(100, margin=-1)


class TestExportPrice:
    def test_domain_insurance_example(self):
        """CFR US$10,000 at 0.5 %: CIF 10,055.30, premium 55.30."""
        p = costing.export_price(Decimal("10000"), insurance_rate=Decimal("0.005"))
        assert (p.exw, p.fob, p.cfr, p.cif, p.insurance) == (
            Decimal("10000.00"),
            Decimal("10000.00"),
            Decimal("10000.00"),
            Decimal("10055.30"),
            Decimal("55.30"),
        )

    def test_trainer_exercise(self):
        """CFR 6,400 at 0.4 %: CIF 6,428.28 (trainer guide, module 04)."""
        p = costing.export_price(6_400, insurance_rate="0.004")
        assert (p.cif, p.insurance) == (Decimal("6428.28"), Decimal("28.28"))

    def test_components_add_up(self):
        """FOB adds inland, port and document costs; CFR adds freight."""
        p = costing.export_price(
            1_000, inland_transport=50, port_and_handling=80, documents=20, freight=150
        )
        assert (p.fob, p.cfr, p.cif, p.insurance) == (1150, 1300, 1300, 0)

    def test_insured_value(self):
        """Insured value is 110 % of CIF."""
        p = costing.export_price(10_000, insurance_rate="0.005")
        assert p.insured_value == Decimal("11060.83")

    @pytest.mark.parametrize("rate", [-0.001, 0.5, 1.5, "0.11"])
    def test_rate_out_of_range(self, rate):
        """Rates below 0 or above 10 % (a percent typed as a fraction) raise."""
        with pytest.raises(CostingError, match=r"'insurance_rate' harus antara 0 dan 0\.1"):
            costing.export_price(100, insurance_rate=rate)

    @pytest.mark.parametrize(
        "name", ["inland_transport", "port_and_handling", "documents", "freight"]
    )
    def test_negative_costs(self, name):
        """Every cost is checked and named."""
        with pytest.raises(CostingError, match=f"'{name}' tidak boleh negatif"):
            costing.export_price(100, **{name: -1})

    def test_frozen(self):
        """PriceBuildUp is an immutable value object."""
        p = costing.export_price(100)
        with pytest.raises(dataclasses.FrozenInstanceError):
            p.cif = Decimal(1)  # type: ignore[misc]

    def test_as_table(self):
        """The table has Indonesian labels and steps that add up to each total."""
        p = costing.export_price(
            1000, inland_transport=30, documents=20, freight=200, insurance_rate="0.005"
        )
        table = p.as_table()
        assert table.index.name == "komponen"
        assert list(table.columns) == ["nilai"]
        assert table.index[0].startswith("EXW") and table.index[-1].startswith("CIF")
        values = table["nilai"].tolist()
        assert all(isinstance(v, Decimal) for v in values)
        exw, to_fob, fob, freight, cfr, premium, cif = values
        assert exw + to_fob == fob == p.fob
        assert fob + freight == cfr == p.cfr
        assert cfr + premium == cif == p.cif

    @given(exw=money, inland=money, port=money, docs=money, freight=money, rate=rates)
    def test_build_up_properties(self, exw, inland, port, docs, freight, rate):
        """CIF ≥ CFR ≥ FOB ≥ EXW; premium = CIF − CFR ≈ 1.1 × rate × CIF; all to the cent."""
        p = costing.export_price(
            exw,
            inland_transport=inland,
            port_and_handling=port,
            documents=docs,
            freight=freight,
            insurance_rate=rate,
        )
        assert p.cif >= p.cfr >= p.fob >= p.exw >= 0
        assert p.insurance == p.cif - p.cfr
        assert abs(p.insurance - Decimal("1.1") * rate * p.cif) <= CENT
        for value in (p.exw, p.fob, p.cfr, p.cif, p.insurance):
            assert value == value.quantize(CENT)


# --------------------------------------------------------------------------- RVC


class TestRvc:
    def test_indirect(self):
        """(FOB − non-originating) ÷ FOB, rounded down to 0.01 %."""
        assert costing.rvc_indirect(100_000, 55_000) == Decimal("45.00")
        assert costing.rvc_indirect(8.50, 5.20) == Decimal("38.82")
        assert costing.rvc_indirect(3, 2) == Decimal("33.33")
        assert costing.rvc_indirect(3, 1) == Decimal("66.66")  # down, not 66.67

    def test_direct(self):
        """Sum of ASEAN cost elements and profit ÷ FOB."""
        assert costing.rvc_direct(30_000, 10_000, 5_000, 2_000, 3_000, fob=100_000) == 50

    def test_rounding_never_reaches_threshold(self):
        """39.999 % stays below the 40 % threshold."""
        rvc = costing.rvc_indirect(100_000, "60000.99")
        assert rvc < costing.RVC_THRESHOLD

    def test_errors(self):
        """Zero FOB, non-originating above FOB and ASEAN parts above FOB raise."""
        with pytest.raises(CostingError, match="'fob' harus lebih besar dari 0: 0"):
            costing.rvc_indirect(0, 0)
        with pytest.raises(CostingError, match="'non_originating' tidak boleh lebih besar"):
            costing.rvc_indirect(100, 101)
        with pytest.raises(CostingError, match="tidak boleh lebih besar dari 'fob'"):
            costing.rvc_direct(60, 30, 10, 5, 5, fob=100.5)
        with pytest.raises(CostingError, match="'profit' tidak boleh negatif"):
            costing.rvc_direct(60, 30, 10, 5, -5, fob=200)

    @given(fob=positive_money, share=st.decimals(0, 1, places=3), split=st.decimals(0, 1, places=2))
    def test_direct_and_indirect_agree(self, fob, share, split):
        """When FOB = ASEAN parts + non-originating materials, both methods agree (± 0.01 %)."""
        non_originating = (fob * share).quantize(CENT)
        local = fob - non_originating
        material = (local * split).quantize(CENT)
        direct = costing.rvc_direct(material, local - material, 0, 0, 0, fob=fob)
        indirect = costing.rvc_indirect(fob, non_originating)
        assert 0 <= indirect <= 100
        assert abs(direct - indirect) <= CENT


# --------------------------------------------------------------------------- currency


class TestCurrency:
    def test_examples(self):
        """IDR → USD to the cent; USD → IDR whole rupiah, half up."""
        assert costing.idr_to_usd(1_500_000, 16_200) == Decimal("92.59")
        assert costing.usd_to_idr("1.62", 16_200) == 26_244
        assert costing.usd_to_idr("0.5", 1) == 1
        assert costing.usd_to_idr(40, 15_289) == 611_560

    def test_types(self):
        """Dollars are Decimal with two places; rupiah are int."""
        assert costing.idr_to_usd(100, 3).as_tuple().exponent == -2
        assert type(costing.usd_to_idr(1, 3)) is int

    def test_negative_amount_allowed(self):
        """A loss converts like any amount."""
        assert costing.usd_to_idr(-10, "15600.5") == -156_005

    @pytest.mark.parametrize("rate", [0, -15_000])
    def test_rate_must_be_positive(self, rate):
        """A zero or negative exchange rate raises."""
        with pytest.raises(CostingError, match="'rate_idr_per_usd' harus lebih besar dari 0"):
            costing.idr_to_usd(100, rate)
        with pytest.raises(CostingError, match="'rate_idr_per_usd'"):
            costing.usd_to_idr(100, rate)

    @given(amount=st.integers(0, 10**12), rate=st.integers(5_000, 30_000))
    def test_round_trip(self, amount, rate):
        """Rupiah → dollars → rupiah is off by at most half a cent's worth of rupiah."""
        back = costing.usd_to_idr(costing.idr_to_usd(amount, rate), rate)
        assert abs(back - amount) <= rate / 200 + 1
