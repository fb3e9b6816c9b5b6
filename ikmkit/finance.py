"""Export finance: financing one order, interest cost, instalment tables, payment terms.

An export order costs money long before it brings money in: materials are bought on day 0,
wages are paid while the goods are made, the goods are shipped, and the buyer pays days or
weeks later, depending on the payment term. This module turns that **cash-flow timeline** of
one order into the numbers a bank asks about: how much money must be financed (the deepest
point of the running balance), for how many days, and what the interest costs.

Money is whole rupiah (``int``) in every result, as on a bank statement; inputs may be
``int``, :class:`~decimal.Decimal`, numeric ``str`` or ``float`` (converted through ``str()``).
Rates are fractions per year (``0.06`` = 6 % a year). Errors are :class:`FinanceError`
(a :class:`~ikmkit.errors.IkmkitError`, so a ``ValueError``) with an Indonesian message that
names the field, the rule and the value.

Timeline, financing need and interest
-------------------------------------
A :class:`Flow` is one payment on one day counted from the order (day 0): negative = money
out, positive = money in. Interest is simple daily interest on the days the running balance is
negative: balance × rate × days ÷ ``day_basis``. Indonesian banks' working-capital loans commonly
count a 360-day year (the KUR interest-subsidy formula of the Ministry of Finance divides by
360), so ``day_basis`` defaults to 360; pass 365 if your loan agreement says so. The interest is
rounded to the rupiah once, at the end (half up).

Konveksi Buah Hati buys fabric for Rp120 juta on day 0, pays Rp60 juta wages on day 30 and
Rp8 juta to the forwarder when the goods leave on day 45; the buyer pays Rp230 juta by T/T 30
days after shipment (open account), on day 75:

>>> from ikmkit import finance
>>> flows = [finance.Flow(0, -120_000_000, "kain"), finance.Flow(30, -60_000_000, "upah"),
...          finance.Flow(45, -8_000_000, "forwarder"), finance.Flow(75, 230_000_000, "T/T")]
>>> need = finance.financing_need(flows, annual_rate="0.06")
>>> need.peak_idr, need.peak_day, need.days
(188000000, 45, 75)
>>> need.interest_idr
1990000

Rp120 juta for 30 days, Rp180 juta for 15 days and Rp188 juta for 30 days at 6 % a year ÷ 360:
(120 × 30 + 180 × 15 + 188 × 30) juta × 0,06 ÷ 360 = Rp1.990.000. ``timeline`` shows the
running balance day by day:

>>> finance.timeline(flows)["balance"].tolist()
[-120000000, -180000000, -188000000, 42000000]

Instalment tables
-----------------
:func:`instalments` gives one row per month with the columns ``payment``, ``interest``,
``principal`` and ``balance`` in whole rupiah, by the two methods Indonesian banks quote:

* ``"annuity"`` (*anuitas*, "efektif"): the same payment every month; interest is charged on the
  remaining balance (rate ÷ 12 a month), so the interest part falls and the principal part grows.
  The payment is the annuity formula P × r ÷ (1 − (1 + r)^−n), rounded to the rupiah;
* ``"flat"``: interest is charged on the *original* principal every month (P × rate ÷ 12), and the
  principal is repaid in equal parts.

Rounding is done where a bank does it: each month's interest and the monthly payment are whole
rupiah (half up); the rate itself is never rounded. The last month repays exactly the remaining
balance, so the principal parts always add up to the loan and the balance ends at 0; the last
payment may differ from the others by a few rupiah.

>>> t = finance.instalments(12_000_000, "0.06", 12)
>>> t.loc[1].tolist(), t.loc[12].tolist()
([1032797, 60000, 972797, 11027203], [1032799, 5138, 1027661, 0])
>>> int(t["interest"].sum())
393566
>>> f = finance.instalments(12_000_000, "0.06", 12, method="flat")
>>> f.loc[1].tolist(), int(f["interest"].sum())
([1060000, 60000, 1000000, 11000000], 720000)

A flat rate looks cheaper than it is. The KUR rules state the rate as "6 % efektif per tahun
atau disesuaikan dengan suku bunga flat/anuitas yang setara" (Permenko 1/2023):

>>> finance.flat_rate_equivalent("0.06", 12)
Decimal('0.0328')
>>> finance.effective_rate_of_flat("0.06", 12)
Decimal('0.1090')

Payment terms
-------------
:data:`PAYMENT_TERMS` describes the five usual terms (T/T in advance, open account, documents
against payment, documents against acceptance, letter of credit under UCP 600): when the money
arrives, who carries which risk, what the bank does. :func:`compare_terms` puts one order
through each term and returns when the cash arrives, the financing need, the interest, the bank
charges and what is left.

>>> costs = flows[:3]
>>> rows = finance.compare_terms(230_000_000, costs, ship_day=45, annual_rate="0.06",
...                              credit_days=30, transit_days=10)
>>> [(r.key, r.cash_in_day, r.days_financed) for r in rows]
[('tt_advance', 45, 45), ('lc', 52, 52), ('dp', 55, 55), ('open_account', 75, 75), \
('da', 85, 85)]
>>> finance.compare_terms(230_000_000, costs, ship_day=45, annual_rate=6)
Traceback (most recent call last):
...
ikmkit.finance.FinanceError: 'annual_rate' harus pecahan antara 0 dan 1 (tulis 0.06 untuk \
6 % setahun): 6
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import TYPE_CHECKING

from ikmkit import _numbers
from ikmkit.errors import IkmkitError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "DAY_BASIS",
    "DEFAULT_BANK_FEES_IDR",
    "METHODS",
    "PAYMENT_TERMS",
    "FinanceError",
    "FinancingNeed",
    "Flow",
    "PaymentTerm",
    "TermOutcome",
    "compare_terms",
    "effective_rate_of_flat",
    "financing_need",
    "flat_rate_equivalent",
    "instalments",
    "interest_cost",
    "terms_overview",
    "terms_table",
    "timeline",
]

DAY_BASIS = 360
"""Days per year for daily interest (360, as in Indonesian working-capital and KUR practice)."""

METHODS = ("annuity", "flat")
"""Instalment methods of :func:`instalments` (``"anuitas"`` is accepted for ``"annuity"``)."""

_METHOD_ALIASES = {"annuity": "annuity", "anuitas": "annuity", "efektif": "annuity",
                   "flat": "flat"}
_MAX_MONTHS = 600
_MAX_DAYS = 3_650
_MAX_IDR = 10**15  # one quadrillion rupiah: far above any IKM order, inside int64
_RUPIAH = Decimal("1")
_TWELVE = Decimal("12")


class FinanceError(IkmkitError):
    """Bad input to :mod:`ikmkit.finance` (negative principal, rate given in percent...)."""


# --------------------------------------------------------------------------- input helpers


def _dec(value: object, name: str) -> Decimal:
    return _numbers.decimal(value, name, FinanceError)


def _rate(value: object, name: str = "annual_rate") -> Decimal:
    rate = _dec(value, name)
    if not 0 <= rate <= 1:
        raise FinanceError(
            f"'{name}' harus pecahan antara 0 dan 1 (tulis 0.06 untuk 6 % setahun): {value}"
        )
    return rate


def _whole(value: object, name: str, *, low: int, high: int) -> int:
    """A whole number (an integer-valued float such as ``30.0`` is accepted) in a range."""
    if isinstance(value, bool):
        raise FinanceError(f"'{name}' harus bilangan bulat: {value!r}")
    if isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, numbers.Real) and math.isfinite(float(value)) \
            and float(value).is_integer():
        number = int(float(value))
    else:
        raise FinanceError(f"'{name}' harus bilangan bulat: {value!r}")
    if not low <= number <= high:
        raise FinanceError(f"'{name}' harus antara {low} dan {high}: {number}")
    return number


def _rupiah(value: Decimal) -> int:
    return int(value.quantize(_RUPIAH, rounding=ROUND_HALF_UP))


def _whole_rupiah(value: object, name: str, *, positive: bool = False) -> Decimal:
    amount = _dec(value, name)
    if amount != amount.to_integral_value():
        raise FinanceError(f"'{name}' harus rupiah bulat (tanpa sen): {value}")
    if positive and amount <= 0:
        raise FinanceError(f"'{name}' harus lebih besar dari 0: {value}")
    if abs(amount) > _MAX_IDR:
        raise FinanceError(f"'{name}' terlalu besar (paling banyak Rp{_MAX_IDR:,}): {value}"
                           .replace(",", "."))
    return amount


# --------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class Flow:
    """One payment of an order: ``day`` after the order (0 = order day), ``amount_idr`` in
    rupiah (negative = money out, positive = money in) and a short ``label``.

    >>> Flow(30, "-60000000", "upah").amount_idr
    -60000000
    >>> Flow(-1, 5)
    Traceback (most recent call last):
    ...
    ikmkit.finance.FinanceError: 'day' harus antara 0 dan 3650: -1
    """

    day: int
    amount_idr: int
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "day", _whole(self.day, "day", low=0, high=_MAX_DAYS))
        object.__setattr__(self, "amount_idr", int(_whole_rupiah(self.amount_idr, "amount_idr")))
        if not isinstance(self.label, str):
            raise FinanceError(f"'label' harus teks: {self.label!r}")


def _flows(flows: Iterable[object]) -> list[Flow]:
    if isinstance(flows, (str, bytes, Flow)) or not isinstance(flows, Iterable):
        raise FinanceError(f"'flows' harus daftar Flow(hari, jumlah, keterangan): {flows!r}")
    out = []
    for item in flows:
        if isinstance(item, Flow):
            out.append(item)
        elif isinstance(item, (tuple, list)) and len(item) in (2, 3):
            out.append(Flow(*item))
        else:
            raise FinanceError(
                f"setiap arus kas harus Flow(hari, jumlah, keterangan) atau (hari, jumlah): "
                f"{item!r}"
            )
    if not out:
        raise FinanceError("'flows' kosong: isi minimal satu arus kas")
    return sorted(out, key=lambda f: f.day)  # stable: same-day flows keep their order


def timeline(flows: Iterable[Flow | tuple]) -> pd.DataFrame:
    """The flows sorted by day with the running ``balance`` (whole rupiah).

    Columns ``day``, ``label``, ``amount`` and ``balance``; flows on the same day keep the
    order given. Tuples ``(day, amount)`` or ``(day, amount, label)`` are accepted.

    >>> timeline([(10, 500), (0, -800, "bahan")])[["day", "balance"]].values.tolist()
    [[0, -800], [10, -300]]
    """
    import pandas as pd

    items = _flows(flows)
    balance = 0
    rows = []
    for f in items:
        balance += f.amount_idr
        rows.append({"day": f.day, "label": f.label, "amount": f.amount_idr,
                     "balance": balance})
    return pd.DataFrame(rows, columns=["day", "label", "amount", "balance"])


@dataclass(frozen=True)
class FinancingNeed:
    """What one order's timeline needs from a bank (whole rupiah, days).

    ``peak_idr``: the most money out at any moment (the credit line needed), on ``peak_day``;
    ``days``: days on which the balance is below zero; ``interest_idr``: simple interest on
    the negative balance; ``end_balance_idr``: the order's result before interest (negative =
    the order loses money and the debt is never repaid by it).
    """

    peak_idr: int
    peak_day: int
    days: int
    interest_idr: int
    end_balance_idr: int
    annual_rate: Decimal
    day_basis: int


def financing_need(flows: Iterable[Flow | tuple], annual_rate: object = 0, *,
                   day_basis: int = DAY_BASIS) -> FinancingNeed:
    """Peak amount to finance, number of days and interest cost of an order's cash flows.

    Between two flows the balance stays as it is; every day it is negative costs
    balance × ``annual_rate`` ÷ ``day_basis``. The total is rounded to the rupiah (half up).
    If the balance is still negative after the last flow, interest stops there and
    ``end_balance_idr`` says how much is missing.

    >>> n = financing_need([(0, -1_000_000), (30, 400_000), (60, 700_000)], "0.12")
    >>> n.peak_idr, n.days, n.interest_idr, n.end_balance_idr
    (1000000, 60, 16000, 100000)
    >>> financing_need([(0, 500)]).days
    0
    """
    rate = _rate(annual_rate)
    basis = _whole(day_basis, "day_basis", low=360, high=366)
    items = _flows(flows)
    balance = 0
    peak, peak_day = 0, items[0].day
    days = 0
    rupiah_days = 0
    for i, f in enumerate(items):
        balance += f.amount_idr
        if -balance > peak:
            peak, peak_day = -balance, f.day
        nxt = items[i + 1].day if i + 1 < len(items) else f.day
        if balance < 0 and nxt > f.day:
            days += nxt - f.day
            rupiah_days += -balance * (nxt - f.day)
    interest = _rupiah(Decimal(rupiah_days) * rate / basis)
    return FinancingNeed(peak_idr=peak, peak_day=peak_day, days=days, interest_idr=interest,
                         end_balance_idr=balance, annual_rate=rate, day_basis=basis)


def interest_cost(amount_idr: object, annual_rate: object, days: object, *,
                  day_basis: int = DAY_BASIS) -> int:
    """Simple interest on a fixed amount: amount × rate × days ÷ day_basis, whole rupiah.

    >>> interest_cost(100_000_000, "0.06", 60)
    1000000
    >>> interest_cost(100_000_000, "0.06", 60, day_basis=365)
    986301
    """
    amount = _dec(amount_idr, "amount_idr")
    if amount < 0:
        raise FinanceError(f"'amount_idr' tidak boleh negatif: {amount_idr}")
    if amount > _MAX_IDR:
        raise FinanceError(f"'amount_idr' terlalu besar (paling banyak Rp{_MAX_IDR:,}): "
                           f"{amount_idr}".replace(",", "."))
    rate = _rate(annual_rate)
    n = _whole(days, "days", low=0, high=_MAX_DAYS)
    basis = _whole(day_basis, "day_basis", low=360, high=366)
    return _rupiah(amount * rate * n / basis)


# --------------------------------------------------------------------------- instalments


def _method(method: object) -> str:
    key = _METHOD_ALIASES.get(method) if isinstance(method, str) else None
    if key is None:
        raise FinanceError(
            f"'method' harus salah satu dari {', '.join(repr(m) for m in METHODS)} "
            f"(anuitas = 'annuity'): {method!r}"
        )
    return key


def _annuity_payment(principal: Decimal, monthly: Decimal, months: int) -> Decimal:
    if monthly == 0:
        return principal / months
    with localcontext() as ctx:
        ctx.prec = 40
        denominator = 1 - (1 + monthly) ** -months
        if denominator == 0:  # a rate too small to matter at 40 digits
            return principal / months
        return principal * monthly / denominator


def instalments(principal: object, annual_rate: object, months: object,
                method: str = "annuity") -> pd.DataFrame:
    """Monthly instalment table: one row per month (index ``bulan`` 1..months).

    Columns ``payment``, ``interest``, ``principal`` and ``balance`` (whole rupiah, ``int64``).
    ``principal`` is the loan in whole rupiah (> 0), ``annual_rate`` a fraction (``0.06``),
    ``months`` 1–600, ``method`` ``"annuity"`` (also ``"anuitas"``) or ``"flat"``. See the
    module documentation for the rounding.

    >>> instalments(1_000_000, 0, 3)["payment"].tolist()
    [333333, 333333, 333334]
    >>> instalments(1_000_000, "0.06", 0)
    Traceback (most recent call last):
    ...
    ikmkit.finance.FinanceError: 'months' harus antara 1 dan 600: 0
    """
    import pandas as pd

    p = _whole_rupiah(principal, "principal", positive=True)
    rate = _rate(annual_rate)
    n = _whole(months, "months", low=1, high=_MAX_MONTHS)
    kind = _method(method)
    monthly = rate / _TWELVE
    rows: list[tuple[int, int, int, int]] = []
    balance = p
    if kind == "annuity":
        payment = Decimal(_rupiah(_annuity_payment(p, monthly, n)))
        for month in range(1, n + 1):
            interest = Decimal(_rupiah(balance * monthly))
            part = balance if month == n else min(payment - interest, balance)
            balance -= part
            rows.append((int(interest + part), int(interest), int(part), int(balance)))
    else:
        interest = Decimal(_rupiah(p * monthly))
        part_each = Decimal(_rupiah(p / n))
        for month in range(1, n + 1):
            part = balance if month == n else min(part_each, balance)
            balance -= part
            rows.append((int(interest + part), int(interest), int(part), int(balance)))
    table = pd.DataFrame(rows, columns=["payment", "interest", "principal", "balance"],
                         index=pd.RangeIndex(1, n + 1, name="bulan"), dtype="int64")
    return table


def flat_rate_equivalent(annual_rate: object, months: object) -> Decimal:
    """The flat rate whose monthly payment equals the annuity payment at ``annual_rate``.

    flat = 12 × (A ÷ P − 1 ÷ n), with A the exact annuity payment on P = 1; 4 decimals.

    >>> flat_rate_equivalent("0.06", 36)
    Decimal('0.0317')
    """
    rate = _rate(annual_rate)
    n = _whole(months, "months", low=1, high=_MAX_MONTHS)
    payment = _annuity_payment(Decimal(1), rate / _TWELVE, n)
    return (_TWELVE * (payment - Decimal(1) / n)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def effective_rate_of_flat(flat_rate: object, months: object) -> Decimal:
    """The annuity (effective) rate that gives the same monthly payment as ``flat_rate``.

    Found by bisection on the monthly rate (the flat payment is P ÷ n + P × flat ÷ 12);
    4 decimals. A flat rate always hides a higher effective rate for loans over one month.

    >>> effective_rate_of_flat("0.0328", 12)
    Decimal('0.0600')
    """
    flat = _rate(flat_rate, "flat_rate")
    n = _whole(months, "months", low=1, high=_MAX_MONTHS)
    target = Decimal(1) / n + flat / _TWELVE
    low, high = Decimal(0), Decimal(1)  # monthly rate
    for _ in range(100):
        mid = (low + high) / 2
        if _annuity_payment(Decimal(1), mid, n) < target:
            low = mid
        else:
            high = mid
    return (_TWELVE * (low + high) / 2).quantize(Decimal("0.0001"), ROUND_HALF_UP)


# --------------------------------------------------------------------------- payment terms


@dataclass(frozen=True)
class PaymentTerm:
    """One way of being paid: names, when the money comes, the risks and the bank's role."""

    key: str
    name: str
    name_en: str
    cash_in: str
    seller_risk: str
    buyer_risk: str
    bank_role: str
    rule: str


PAYMENT_TERMS: tuple[PaymentTerm, ...] = (
    PaymentTerm(
        "tt_advance", "T/T di muka (uang muka + pelunasan sebelum kirim)",
        "Cash in advance (telegraphic transfer)",
        "uang muka saat pesanan, sisa sebelum barang dikirim",
        "paling kecil: barang baru dikirim setelah dibayar",
        "besar: sudah membayar sebelum menerima barang",
        "hanya meneruskan transfer (biaya T/T kecil)",
        "perjanjian jual beli (kontrak/pro forma invoice)"),
    PaymentTerm(
        "lc", "L/C (letter of credit) atas unjuk", "Documentary credit (sight L/C)",
        "beberapa hari setelah dokumen yang sesuai diserahkan ke bank",
        "kecil selama dokumen sesuai L/C; risiko bank penerbit dan negara",
        "kecil: membayar setelah ada dokumen pengapalan",
        "bank penerbit berjanji membayar bila dokumen sesuai; bank penerus memeriksa dokumen",
        "UCP 600 (ICC)"),
    PaymentTerm(
        "dp", "D/P (documents against payment)", "Documentary collection, D/P",
        "saat pembeli membayar di bank untuk menebus dokumen (biasanya saat barang tiba)",
        "sedang: pembeli bisa menolak menebus dokumen; barang sudah di pelabuhan tujuan",
        "kecil: membayar saat dokumen ada",
        "bank hanya meneruskan dokumen dan menagih; bank tidak menjamin pembayaran",
        "URC 522 (ICC)"),
    PaymentTerm(
        "open_account", "Open account (bayar setelah barang dikirim)", "Open account",
        "sekian hari setelah pengapalan, sesuai kesepakatan",
        "besar: barang sudah diserahkan, pembayaran hanya janji",
        "paling kecil: membayar setelah menerima barang",
        "hanya meneruskan transfer",
        "perjanjian jual beli (kontrak/pro forma invoice)"),
    PaymentTerm(
        "da", "D/A (documents against acceptance)", "Documentary collection, D/A",
        "pada jatuh tempo wesel yang diaksep pembeli (mis. 60 hari)",
        "besar: pembeli mendapat dokumen dan barang hanya dengan menandatangani wesel",
        "kecil: membayar belakangan",
        "bank meneruskan dokumen dan wesel; bank tidak menjamin pembayaran",
        "URC 522 (ICC)"),
)
"""The five payment terms, from the seller's safest to its riskiest typical timing (T/T in
advance, L/C, D/P, open account, D/A). Rules: UCP 600 for documentary credits, URC 522 for
documentary collections (both ICC)."""

_TERMS = {t.key: t for t in PAYMENT_TERMS}

DEFAULT_BANK_FEES_IDR: Mapping[str, int] = {
    "tt_advance": 160_000,
    "open_account": 160_000,
    "dp": 1_200_000,
    "da": 1_200_000,
    "lc": 2_400_000,
}
"""Illustrative bank charges per order, rupiah: a T/T about US$10, a collection about US$75, an
L/C about US$150, at Rp16.000 per US$ (ranges: T/T US$5–10, L/C or CAD US$75–150, marmara.id
and inaproduct via DOMAIN.md §4). Ask the partner bank for its tariff."""


@dataclass(frozen=True)
class TermOutcome:
    """One order under one payment term (whole rupiah)."""

    key: str
    name: str
    cash_in_day: int
    days_financed: int
    peak_idr: int
    interest_idr: int
    bank_fee_idr: int
    net_idr: int
    seller_risk: str
    rule: str


def _term_key(key: object) -> str:
    if key not in _TERMS:
        raise FinanceError(f"syarat pembayaran tidak dikenal: {key!r}; pilihan: "
                           f"{', '.join(_TERMS)}")
    return str(key)


def _bank_fees(bank_fees_idr: Mapping[str, object] | None) -> dict[str, int]:
    """The bank charge of each payment term: the defaults, with the bank's own figures."""
    fees = dict(DEFAULT_BANK_FEES_IDR)
    for key, fee in (bank_fees_idr or {}).items():
        amount = _whole_rupiah(fee, f"bank_fees_idr[{_term_key(key)!r}]")
        if amount < 0:
            raise FinanceError(f"'bank_fees_idr[{key!r}]' tidak boleh negatif: {fee}")
        fees[key] = int(amount)
    return fees


def compare_terms(order_value_idr: object, costs: Iterable[Flow | tuple], *, ship_day: object,
                  annual_rate: object = 0, advance_share: object = "0.3",
                  credit_days: object = 60, transit_days: object = 14, docs_days: object = 7,
                  bank_fees_idr: Mapping[str, object] | None = None,
                  terms: Sequence[str] | None = None,
                  day_basis: int = DAY_BASIS) -> list[TermOutcome]:
    """One order under each payment term, sorted by the day the last money arrives.

    ``costs``: the order's outgoing flows (negative amounts). The buyer's money arrives:
    T/T in advance ``advance_share`` of the value on day 0 and the rest on ``ship_day``; L/C at
    sight ``docs_days`` after shipment (documents to the bank and examined); D/P when the
    documents reach the buyer's bank, ``transit_days`` after shipment; open account
    ``credit_days`` after shipment; D/A ``transit_days + credit_days`` after shipment. The bank
    charge of each term is paid when the money arrives. ``net_idr`` = value − costs − bank
    charge − interest.
    """
    value = _whole_rupiah(order_value_idr, "order_value_idr", positive=True)
    outgoing = _flows(costs)
    for f in outgoing:
        if f.amount_idr > 0:
            raise FinanceError(f"'costs' hanya berisi uang keluar (angka negatif): {f}")
    ship = _whole(ship_day, "ship_day", low=0, high=_MAX_DAYS)
    share = _dec(advance_share, "advance_share")
    if not 0 <= share <= 1:
        raise FinanceError(
            f"'advance_share' harus pecahan antara 0 dan 1 (0.3 = 30 %): {advance_share}")
    credit = _whole(credit_days, "credit_days", low=0, high=_MAX_DAYS)
    transit = _whole(transit_days, "transit_days", low=0, high=_MAX_DAYS)
    docs = _whole(docs_days, "docs_days", low=0, high=_MAX_DAYS)
    _rate(annual_rate)
    fees = _bank_fees(bank_fees_idr)
    keys = list(_TERMS) if terms is None else [_term_key(key) for key in terms]
    total = int(value)
    receipts: dict[str, list[tuple[int, int]]] = {
        "tt_advance": [(0, _rupiah(value * share)), (ship, total - _rupiah(value * share))],
        "lc": [(ship + docs, total)],
        "dp": [(ship + transit, total)],
        "open_account": [(ship + credit, total)],
        "da": [(ship + transit + credit, total)],
    }
    cost_total = -sum(f.amount_idr for f in outgoing)
    out = []
    for key in keys:
        inflows = [Flow(day, amount, "pembayaran pembeli") for day, amount in receipts[key]
                   if amount]
        last = max(day for day, _ in receipts[key])
        fee = Flow(last, -fees[key], "biaya bank")
        # money in before money out on the same day: the buyer's payment settles first
        flows = sorted(inflows + [fee] + outgoing, key=lambda f: (f.day, f.amount_idr < 0))
        need = financing_need(flows, annual_rate, day_basis=day_basis)
        term = _TERMS[key]
        out.append(TermOutcome(
            key=key, name=term.name, cash_in_day=last, days_financed=need.days,
            peak_idr=need.peak_idr, interest_idr=need.interest_idr, bank_fee_idr=fees[key],
            net_idr=total - cost_total - fees[key] - need.interest_idr,
            seller_risk=term.seller_risk, rule=term.rule))
    return sorted(out, key=lambda o: (o.cash_in_day, o.key))


def terms_table(outcomes: Iterable[TermOutcome]) -> pd.DataFrame:
    """:func:`compare_terms` results as a table with Indonesian column names, for notebooks.

    >>> rows = compare_terms(10_000_000, [(0, -8_000_000)], ship_day=20, annual_rate="0.1",
    ...                      terms=["tt_advance", "open_account"])
    >>> table = terms_table(rows)
    >>> table.index.name, table.columns.tolist()[:3]
    ('syarat pembayaran', ['uang masuk hari ke-', 'hari dibiayai', 'dana yang dibiayai (Rp)'])
    """
    import pandas as pd

    rows = [{
        "syarat pembayaran": o.name,
        "uang masuk hari ke-": o.cash_in_day,
        "hari dibiayai": o.days_financed,
        "dana yang dibiayai (Rp)": o.peak_idr,
        "bunga (Rp)": o.interest_idr,
        "biaya bank (Rp)": o.bank_fee_idr,
        "sisa untuk usaha (Rp)": o.net_idr,
        "risiko penjual": o.seller_risk,
        "aturan": o.rule,
    } for o in outcomes]
    return pd.DataFrame(rows).set_index("syarat pembayaran")


def terms_overview() -> pd.DataFrame:
    """:data:`PAYMENT_TERMS` as a table with Indonesian column names (one row per term).

    >>> terms_overview().loc["D/P (documents against payment)", "aturan"]
    'URC 522 (ICC)'
    """
    import pandas as pd

    rows = [{"syarat": t.name, "uang masuk": t.cash_in, "risiko penjual": t.seller_risk,
             "risiko pembeli": t.buyer_risk, "peran bank": t.bank_role, "aturan": t.rule}
            for t in PAYMENT_TERMS]
    return pd.DataFrame(rows).set_index("syarat")
