"""Tests for ikmkit.finance: order cash flow, financing need, interest, instalments, terms."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikmkit import finance
from ikmkit.errors import IkmkitError
from ikmkit.finance import FinanceError, Flow

principals = st.integers(min_value=1, max_value=10**11)
rates = st.decimals(min_value=0, max_value=Decimal("0.5"), places=4, allow_nan=False,
                    allow_infinity=False)
months = st.integers(min_value=1, max_value=120)


# --------------------------------------------------------------------------- inputs


class TestInputs:
    def test_error_is_ikmkit_value_error(self):
        """FinanceError belongs to the one exception tree rooted at ValueError."""
        assert issubclass(FinanceError, IkmkitError)
        assert issubclass(FinanceError, ValueError)

    def test_rate_in_percent_is_refused_with_a_hint(self):
        """A rate typed as a percentage (6) gets a message saying to write 0.06."""
        with pytest.raises(FinanceError, match=r"^'annual_rate' harus pecahan antara 0 dan 1 "
                                               r"\(tulis 0.06 untuk 6 % setahun\): 6$"):
            finance.instalments(1_000_000, 6, 12)

    @pytest.mark.parametrize("bad", [True, None, float("nan"), "1.000.000", [1], "-5"])
    def test_bad_principal(self, bad):
        """Booleans, None, NaN, dotted thousands, lists and negatives raise FinanceError."""
        with pytest.raises(FinanceError, match="'principal'"):
            finance.instalments(bad, "0.06", 12)

    def test_principal_with_cents_refused(self):
        """Loans are whole rupiah."""
        with pytest.raises(FinanceError, match="rupiah bulat"):
            finance.instalments("1000000.50", "0.06", 12)

    @pytest.mark.parametrize("bad", [0, 601, 1.5, "12", True])
    def test_bad_months(self, bad):
        """Months are a whole number 1-600."""
        with pytest.raises(FinanceError, match="'months'"):
            finance.instalments(1_000_000, "0.06", bad)

    def test_integer_valued_float_months_accepted(self):
        """12.0 (e.g. from a pandas cell) counts as 12."""
        assert len(finance.instalments(1_000_000, "0.06", 12.0)) == 12

    @pytest.mark.parametrize("bad", ["bulanan", "", None, 1])
    def test_bad_method(self, bad):
        """Unknown methods name the choices."""
        with pytest.raises(FinanceError, match="'method' harus salah satu dari 'annuity', 'flat'"):
            finance.instalments(1_000_000, "0.06", 12, method=bad)

    def test_indonesian_alias(self):
        """'anuitas' is the same as 'annuity'."""
        a = finance.instalments(5_000_000, "0.09", 10, method="anuitas")
        b = finance.instalments(5_000_000, "0.09", 10, method="annuity")
        assert a.equals(b)

    def test_numpy_and_float_inputs(self):
        """numpy numbers and floats (through str) are accepted."""
        t = finance.instalments(np.int64(6_000_000), 0.06, np.int64(6))
        assert int(t["principal"].sum()) == 6_000_000

    @given(garbage=st.one_of(st.text(max_size=8), st.none(), st.booleans(),
                             st.floats(allow_nan=True, allow_infinity=True),
                             st.lists(st.integers(), max_size=2)))
    def test_garbage_raises_only_finance_error(self, garbage):
        """Whatever is passed, the only exception is the documented FinanceError."""
        for call in (lambda: finance.instalments(garbage, "0.06", 12),
                     lambda: finance.instalments(1_000_000, garbage, 12),
                     lambda: finance.instalments(1_000_000, "0.06", garbage),
                     lambda: finance.interest_cost(garbage, "0.06", 30),
                     lambda: finance.financing_need([(0, garbage)], "0.06"),
                     lambda: finance.financing_need(garbage, "0.06")):
            try:
                call()
            except FinanceError:
                pass


# --------------------------------------------------------------------------- timeline


class TestFinancingNeed:
    FLOWS = [Flow(0, -120_000_000, "kain"), Flow(30, -60_000_000, "upah"),
             Flow(45, -8_000_000, "forwarder"), Flow(75, 230_000_000, "T/T")]

    def test_worked_example_by_hand(self):
        """(120 × 30 + 180 × 15 + 188 × 30) juta × 6 % ÷ 360 = Rp1.990.000."""
        need = finance.financing_need(self.FLOWS, "0.06")
        assert (need.peak_idr, need.peak_day, need.days) == (188_000_000, 45, 75)
        assert need.interest_idr == 1_990_000
        assert need.end_balance_idr == 42_000_000

    def test_365_day_year(self):
        """The same balance on a 365-day year costs 360/365 of it."""
        need = finance.financing_need(self.FLOWS, "0.06", day_basis=365)
        assert need.interest_idr == 1_962_740  # 716.4 juta ÷ 365 = 1.962.739,7

    def test_order_of_input_does_not_matter(self):
        """Flows are sorted by day."""
        a = finance.financing_need(list(reversed(self.FLOWS)), "0.06")
        assert a == finance.financing_need(self.FLOWS, "0.06")

    def test_zero_rate_costs_nothing_but_needs_money(self):
        """At 0 % the need is still there; only the interest is 0."""
        need = finance.financing_need(self.FLOWS)
        assert need.interest_idr == 0 and need.peak_idr == 188_000_000

    def test_loss_making_order_reports_the_missing_money(self):
        """If the buyer pays less than the costs, the end balance is negative."""
        need = finance.financing_need([(0, -100), (10, 60)], "0.1")
        assert need.end_balance_idr == -40 and need.days == 10

    def test_timeline_balance(self):
        """timeline() gives the running balance in day order."""
        t = finance.timeline(self.FLOWS)
        assert t["balance"].tolist() == [-120_000_000, -180_000_000, -188_000_000, 42_000_000]
        assert t["label"].tolist() == ["kain", "upah", "forwarder", "T/T"]

    @pytest.mark.parametrize("bad", [[], "abc", [(1,)], [(1, 2, 3, 4)], [Flow(0, 1), 5]])
    def test_bad_flows(self, bad):
        """Empty or malformed flow lists raise FinanceError."""
        with pytest.raises(FinanceError):
            finance.financing_need(bad)

    def test_interest_cost_by_hand(self):
        """Rp100 juta × 6 % × 60 ÷ 360 = Rp1 juta."""
        assert finance.interest_cost(100_000_000, "0.06", 60) == 1_000_000
        with pytest.raises(FinanceError, match="'amount_idr' tidak boleh negatif"):
            finance.interest_cost(-1, "0.06", 60)

    @given(st.lists(st.tuples(st.integers(0, 400), st.integers(-10**9, 10**9)), min_size=1,
                    max_size=12), rates)
    def test_interest_matches_rupiah_days(self, flows, rate):
        """Interest equals the rupiah-days below zero × rate ÷ 360, rounded once."""
        need = finance.financing_need(flows, rate)
        ordered = sorted(flows, key=lambda f: f[0])
        balance, area, peak = 0, 0, 0
        for i, (day, amount) in enumerate(ordered):
            balance += amount
            peak = max(peak, -balance)
            if i + 1 < len(ordered) and balance < 0:
                area += -balance * (ordered[i + 1][0] - day)
        expected = (Decimal(area) * rate / 360).quantize(Decimal(1), rounding="ROUND_HALF_UP")
        assert need.interest_idr == int(expected)
        assert need.peak_idr == peak


# --------------------------------------------------------------------------- instalments


class TestInstalments:
    def test_annuity_by_hand(self):
        """Rp12 juta, 6 %, 12 months: 12 juta × 0,005 ÷ (1 − 1,005^−12) = Rp1.032.797."""
        t = finance.instalments(12_000_000, "0.06", 12)
        assert list(t.columns) == ["payment", "interest", "principal", "balance"]
        assert t.index.name == "bulan" and list(t.index) == list(range(1, 13))
        assert t.loc[1].tolist() == [1_032_797, 60_000, 972_797, 11_027_203]
        assert (t["payment"].iloc[:-1] == 1_032_797).all()
        assert t.loc[2, "interest"] == 55_136  # 11.027.203 × 0,005 = 55.136,015
        assert t.loc[12, "balance"] == 0

    def test_flat_by_hand(self):
        """Flat: interest on the original loan every month (12 juta × 6 % ÷ 12 = 60.000)."""
        t = finance.instalments(12_000_000, "0.06", 12, method="flat")
        assert (t["interest"] == 60_000).all()
        assert (t["principal"] == 1_000_000).all()
        assert (t["payment"] == 1_060_000).all()
        assert t["balance"].tolist()[-1] == 0

    def test_kur_example(self):
        """KUR Rp100 juta, 6 % effective, 36 months: payment Rp3.042.194 a month."""
        t = finance.instalments(100_000_000, "0.06", 36)
        # 100 juta × 0,005 ÷ (1 − 1,005^−36) = 3.042.193,87
        assert t.loc[1, "payment"] == 3_042_194
        assert t.loc[1, "interest"] == 500_000

    def test_zero_rate_splits_the_principal(self):
        """At 0 % both methods repay principal ÷ months, the remainder in the last month."""
        for method in finance.METHODS:
            t = finance.instalments(1_000_000, 0, 3, method=method)
            assert t["payment"].tolist() == [333_333, 333_333, 333_334]
            assert int(t["interest"].sum()) == 0

    def test_dtype_is_whole_rupiah(self):
        """Every column is int64 (whole rupiah)."""
        t = finance.instalments(7_500_000, "0.115", 18, method="flat")
        assert all(str(d) == "int64" for d in t.dtypes)

    @given(principals, rates, months, st.sampled_from(finance.METHODS))
    def test_balance_reaches_zero_and_parts_add_up(self, p, rate, n, method):
        """The balance ends at 0, never rises, never goes below 0; principal parts sum to P;
        each payment is its interest plus its principal."""
        t = finance.instalments(p, rate, n, method=method)
        assert len(t) == n
        assert int(t["balance"].iloc[-1]) == 0
        assert int(t["principal"].sum()) == p
        assert (t["balance"] >= 0).all() and t["balance"].is_monotonic_decreasing
        assert (t["payment"] == t["interest"] + t["principal"]).all()
        assert (t["principal"] >= 0).all() and (t["interest"] >= 0).all()

    @given(principals, rates, months)
    def test_annuity_interest_is_on_the_remaining_balance(self, p, rate, n):
        """Annuity: each month's interest is the previous balance × rate ÷ 12 (rupiah)."""
        t = finance.instalments(p, rate, n)
        before = [p] + t["balance"].tolist()[:-1]
        for owed, interest in zip(before, t["interest"], strict=True):
            exact = Decimal(owed) * rate / 12
            assert abs(Decimal(int(interest)) - exact) <= Decimal("0.5")

    @given(st.integers(10**5, 10**11), st.decimals(Decimal("0.01"), Decimal("0.5"), places=4),
           st.integers(2, 120))
    def test_flat_costs_more_interest_than_annuity(self, p, rate, n):
        """At the same quoted rate (over 1 month, rate > 0), flat always costs more interest,
        and the flat payment is constant apart from the last month's rounding."""
        flat = finance.instalments(p, rate, n, method="flat")
        annuity = finance.instalments(p, rate, n)
        assert int(flat["interest"].sum()) > int(annuity["interest"].sum())
        assert flat["interest"].nunique() == 1
        assert flat["payment"].iloc[:-1].nunique() == 1

    @given(st.decimals(Decimal("0.01"), Decimal("0.3"), places=3), st.integers(2, 60))
    def test_flat_and_effective_rates_round_trip(self, rate, n):
        """effective_rate_of_flat undoes flat_rate_equivalent (to the 4 decimals kept) and a
        flat rate is always below the effective rate it stands for."""
        flat = finance.flat_rate_equivalent(rate, n)
        assert flat < rate
        back = finance.effective_rate_of_flat(flat, n)
        assert abs(back - rate) <= Decimal("0.0012")

    def test_one_month_flat_equals_annuity(self):
        """For one month the two methods are the same loan."""
        a = finance.instalments(3_000_000, "0.12", 1)
        f = finance.instalments(3_000_000, "0.12", 1, method="flat")
        assert a.equals(f) and a.loc[1].tolist() == [3_030_000, 30_000, 3_000_000, 0]


# --------------------------------------------------------------------------- payment terms


class TestPaymentTerms:
    COSTS = [(0, -120_000_000, "kain"), (30, -60_000_000, "upah"), (45, -8_000_000, "kirim")]

    def test_five_terms_with_rules(self):
        """Five terms; L/C cites UCP 600 and collections URC 522."""
        keys = {t.key: t for t in finance.PAYMENT_TERMS}
        assert set(keys) == {"tt_advance", "open_account", "dp", "da", "lc"}
        assert keys["lc"].rule.startswith("UCP 600")
        assert keys["dp"].rule.startswith("URC 522") and keys["da"].rule.startswith("URC 522")

    def test_cash_in_days_and_need_by_hand(self):
        """Ship day 45, 30 days credit, 10 days transit, documents 7 days."""
        rows = {r.key: r for r in finance.compare_terms(
            230_000_000, self.COSTS, ship_day=45, annual_rate="0.06", credit_days=30,
            transit_days=10, docs_days=7)}
        assert {k: r.cash_in_day for k, r in rows.items()} == {
            "tt_advance": 45, "lc": 52, "dp": 55, "open_account": 75, "da": 85}
        # T/T 30 %: 69 juta on day 0 -> -51 juta for 30 days, -111 juta for 15 days
        tt = rows["tt_advance"]
        assert tt.peak_idr == 111_000_000  # the rest arrives on day 45 before the 8 juta leaves
        assert tt.interest_idr == int((Decimal(51_000_000 * 30 + 111_000_000 * 15) *
                                       Decimal("0.06") / 360).quantize(Decimal(1)))
        # open account: the example of financing_need plus the T/T charge on day 75
        oa = rows["open_account"]
        assert oa.peak_idr == 188_000_000 and oa.interest_idr == 1_990_000
        assert oa.net_idr == 230_000_000 - 188_000_000 - 160_000 - 1_990_000

    def test_later_money_costs_more_interest(self):
        """With the same costs, the later the money arrives the more interest it costs."""
        rows = finance.compare_terms(230_000_000, self.COSTS, ship_day=45, annual_rate="0.08",
                                     advance_share=0)
        by_day = sorted(rows, key=lambda r: r.cash_in_day)
        interest = [r.interest_idr for r in by_day]
        assert interest == sorted(interest)

    def test_full_advance_needs_no_financing(self):
        """100 % paid with the order: nothing to finance."""
        rows = finance.compare_terms(230_000_000, self.COSTS, ship_day=45, annual_rate="0.06",
                                     advance_share=1, terms=["tt_advance"])
        assert rows[0].days_financed == 0 and rows[0].interest_idr == 0

    def test_bank_fees_can_be_the_banks_own(self):
        """The partner bank's tariff replaces the illustrative defaults."""
        rows = finance.compare_terms(230_000_000, self.COSTS, ship_day=45,
                                     bank_fees_idr={"lc": 3_000_000}, terms=["lc"])
        assert rows[0].bank_fee_idr == 3_000_000

    @pytest.mark.parametrize(("kwargs", "match"), [
        ({"terms": ["cod"]}, "syarat pembayaran tidak dikenal: 'cod'"),
        ({"bank_fees_idr": {"lc": -1}}, "tidak boleh negatif"),
        ({"advance_share": 30}, "'advance_share' harus pecahan"),
        ({"ship_day": -1}, "'ship_day' harus antara 0"),
    ])
    def test_bad_arguments(self, kwargs, match):
        """Unknown terms, negative fees, shares in percent and negative days are refused."""
        args = {"ship_day": 45, **kwargs}
        with pytest.raises(FinanceError, match=match):
            finance.compare_terms(230_000_000, self.COSTS, **args)

    def test_costs_must_be_outgoing(self):
        """A positive amount among the costs is refused."""
        with pytest.raises(FinanceError, match="uang keluar"):
            finance.compare_terms(1_000, [(0, 500)], ship_day=10)

    def test_table_has_indonesian_columns(self):
        """terms_table gives one row per term with Indonesian headings."""
        table = finance.terms_table(finance.compare_terms(230_000_000, self.COSTS, ship_day=45))
        assert len(table) == 5 and "bunga (Rp)" in table.columns
        assert table.index[0].startswith("T/T di muka")
