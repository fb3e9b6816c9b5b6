"""Cost of goods (HPP), break-even, export price build-up, ATIGA RVC and IDR/USD conversion.

Every function takes money as ``int``, :class:`~decimal.Decimal` or ``str`` (``"12500.50"``)
and computes in :class:`~decimal.Decimal`, so no binary-float error reaches a participant.
Floats (and numpy/pandas numbers) are accepted too and converted through ``str()`` first, so
``0.1`` becomes ``Decimal("0.1")``, not ``0.1000000000000000055...``. Booleans, NaN, infinity
and text that is not a number raise :class:`CostingError`.

Rounding rules (all ``ROUND_HALF_UP`` unless said otherwise):

* money results (HPP per unit, EXW, FOB, CFR, CIF, BEP in money) are ``Decimal`` quantized to
  0.01, whatever the currency: rupiah keep two decimals, dollars are to the cent;
* :func:`break_even_units` rounds **up** to a whole unit (at the break-even point the fixed
  cost must be covered);
* :func:`idr_to_usd` gives dollars to the cent, :func:`usd_to_idr` gives whole rupiah (``int``);
* RVC percentages are rounded **down** to 0.01 % so a product never looks originating because
  of rounding.

HPP (*harga pokok produksi*) = direct material + direct labour + factory overhead, divided by
the units produced. The worked example in DOMAIN.md §4 (123dok thesis): Rp212.8 juta fixed and
Rp687.1 juta variable cost over 36,000 units. The source prints Rp24,998; its inputs are
themselves rounded to Rp0.1 juta, and with these inputs the exact figure is Rp24,997.22. Round
up with :func:`math.ceil` if you want a whole-rupiah price floor.

>>> from decimal import Decimal
>>> from ikmkit import costing
>>> costing.hpp_per_unit(687_100_000, 0, 212_800_000, 36_000)
Decimal('24997.22')

Break-even: units = fixed cost ÷ (price − variable cost per unit), rounded up; money =
fixed cost ÷ (1 − variable cost ÷ price).

>>> costing.break_even_units(12_600_000, 150_000, 82_000)
186
>>> costing.break_even_revenue(12_600_000, 150_000, 82_000)
Decimal('27794117.65')
>>> costing.break_even_units(1_000_000, 19_000, 19_500)
Traceback (most recent call last):
...
ikmkit.costing.CostingError: 'price' harus lebih besar dari 'variable_cost' (harga jual di atas \
biaya variabel per unit): 19000 <= 19500

Export price build-up (Indonesian export guides; Incoterms 2020): EXW = HPP + export packing +
bank charges + margin; FOB = EXW + inland transport + port/forwarder handling + documents;
CFR = FOB + main freight; CIF = CFR + insurance. Insurance covers 110 % of CIF, so
CIF = CFR ÷ (1 − 1.1 × rate). The Scribd example: HPP Rp20,000/kg, packing Rp2,000, a US$40
T/T fee on 1,000 kg at Rp15,289 and Rp1,000 margin, quoted at the selling rate Rp15,443:

>>> costing.usd_to_idr(40, 15_289) / 1000
611.56
>>> exw = costing.exw_price(20_000, export_packing=2_000, bank_charges=612, margin=1_000)
>>> exw, costing.idr_to_usd(exw, 15_443)
(Decimal('23612.00'), Decimal('1.53'))

CFR US$10,000 with a 0.5 % premium rate (laojinchuhai.com glossary):

>>> p = costing.export_price(Decimal("10000"), insurance_rate=Decimal("0.005"))
>>> p.cfr, p.cif, p.insurance
(Decimal('10000.00'), Decimal('10055.30'), Decimal('55.30'))
>>> costing.export_price(10_000, insurance_rate=1.5)
Traceback (most recent call last):
...
ikmkit.costing.CostingError: 'insurance_rate' harus antara 0 dan 0.1 (tulis 0.005 untuk 0,5 %): 1.5

Regional value content under ATIGA Art. 29 (percent of FOB; originating at 40 % or more, Art. 28):

>>> costing.rvc_indirect(fob=100_000, non_originating=55_000)
Decimal('45.00')
>>> costing.rvc_direct(30_000, 10_000, 5_000, 2_000, 3_000, fob=100_000)
Decimal('50.00')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import TYPE_CHECKING, Any

from ikmkit import _numbers, _text
from ikmkit._text import number as _num
from ikmkit.errors import IkmkitError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "BEHAVIOURS",
    "CATEGORIES",
    "MAX_INSURANCE_RATE",
    "RVC_THRESHOLD",
    "BreakEven",
    "CostLine",
    "CostSummary",
    "CostingError",
    "FxRow",
    "FxSensitivity",
    "Money",
    "PriceBuildUp",
    "break_even_rate",
    "break_even_revenue",
    "break_even_units",
    "cif_from_cfr",
    "cost_summary",
    "export_price",
    "exw_price",
    "fx_sensitivity",
    "hpp_per_unit",
    "idr_to_usd",
    "min_price_table",
    "min_price_usd",
    "rupiah",
    "rvc_direct",
    "rvc_indirect",
    "usd",
    "usd_to_idr",
]

Money = int | Decimal | str | float
"""What the functions accept as an amount: int, Decimal, numeric str, or float (via ``str``)."""

MAX_INSURANCE_RATE = Decimal("0.1")
"""Highest accepted premium rate (10 %). Marine cargo rates are typically 0.1–1 %; the cap
catches a percentage typed as a fraction (``0.5`` meant as 0.5 %)."""

RVC_THRESHOLD = Decimal("40")
"""General ATIGA origin threshold, RVC ≥ 40 % (ATIGA Art. 28); product-specific rules may differ."""

_CENT = Decimal("0.01")
_ONE = Decimal("1")
_HUNDRED = Decimal("100")
_INSURED_SHARE = Decimal("1.1")


class CostingError(IkmkitError):
    """Bad input to :mod:`ikmkit.costing` (negative cost, zero units, price below cost...)."""


# --------------------------------------------------------------------------- helpers


def _dec(value: object, name: str) -> Decimal:
    return _numbers.decimal(value, name, CostingError)


def _non_negative(value: object, name: str) -> Decimal:
    return _numbers.non_negative(value, name, CostingError)


def _positive(value: object, name: str) -> Decimal:
    return _numbers.positive(value, name, CostingError)


def _money(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- HPP and break-even


def hpp_per_unit(
    direct_material: Money, direct_labour: Money, overhead: Money, units: Money
) -> Decimal:
    """Cost of goods per unit: (direct material + direct labour + overhead) ÷ units.

    Costs are totals for the same period as *units* (e.g. one month). *units* may be a
    fraction (kilograms). Result quantized to 0.01, half up.

    >>> hpp_per_unit(3_000_000, 1_500_000, 500_000, 400)
    Decimal('12500.00')
    >>> hpp_per_unit(3_000_000, 1_500_000, 500_000, 0)
    Traceback (most recent call last):
    ...
    ikmkit.costing.CostingError: 'units' harus lebih besar dari 0: 0
    """
    total = (
        _non_negative(direct_material, "direct_material")
        + _non_negative(direct_labour, "direct_labour")
        + _non_negative(overhead, "overhead")
    )
    return _money(total / _positive(units, "units"))


def _margin(price: Money, variable_cost: Money) -> tuple[Decimal, Decimal, Decimal]:
    p = _positive(price, "price")
    vc = _non_negative(variable_cost, "variable_cost")
    if p <= vc:
        raise CostingError(
            "'price' harus lebih besar dari 'variable_cost' (harga jual di atas biaya variabel "
            f"per unit): {price} <= {variable_cost}"
        )
    return p, vc, p - vc


def break_even_units(fixed_cost: Money, price: Money, variable_cost: Money) -> int:
    """Smallest whole number of units whose contribution covers *fixed_cost*.

    ``ceil(fixed_cost ÷ (price − variable_cost))``, computed exactly (no rounding of the
    quotient first). Raises :class:`CostingError` when price ≤ variable cost.

    >>> [break_even_units(fixed, 30, 20) for fixed in (1_000, 1_001, 0)]
    [100, 101, 0]
    """
    fc = _non_negative(fixed_cost, "fixed_cost")
    _, _, margin = _margin(price, variable_cost)
    quotient, remainder = divmod(fc, margin)
    return int(quotient) + (1 if remainder > 0 else 0)


def break_even_revenue(fixed_cost: Money, price: Money, variable_cost: Money) -> Decimal:
    """Break-even sales in money: fixed cost ÷ (1 − variable cost ÷ price), to 0.01.

    This is the exact formula, slightly below ``break_even_units(...) × price`` because units
    are rounded up.

    >>> break_even_revenue(7_180_000, 650_000, 310_000)
    Decimal('13726470.59')
    """
    fc = _non_negative(fixed_cost, "fixed_cost")
    p, _, margin = _margin(price, variable_cost)
    return _money(fc * p / margin)


# --------------------------------------------------------------------------- price build-up


def exw_price(
    hpp: Money, *, export_packing: Money = 0, bank_charges: Money = 0, margin: Money = 0
) -> Decimal:
    """EXW (Ex Works) price = HPP + export packing + bank charges + margin, to 0.01.

    All amounts per the same unit (per piece, per kg or per order) and in one currency.

    >>> exw_price(100_000, export_packing=5_000, bank_charges=400, margin=14_600)
    Decimal('120000.00')
    """
    total = (
        _non_negative(hpp, "hpp")
        + _non_negative(export_packing, "export_packing")
        + _non_negative(bank_charges, "bank_charges")
        + _non_negative(margin, "margin")
    )
    return _money(total)


_TABLE_ROWS = (
    ("EXW (Ex Works): harga di tempat penjual", "exw"),
    ("+ biaya sampai di atas kapal (truk, EMKL/THC, dokumen)", "_to_fob"),
    ("FOB (Free On Board): di atas kapal, pelabuhan muat", "fob"),
    ("+ ongkos angkut utama (freight)", "_freight"),
    ("CFR (Cost and Freight)", "cfr"),
    ("+ premi asuransi (insurance, 110 % dari CIF)", "insurance"),
    ("CIF (Cost, Insurance and Freight)", "cif"),
)


@dataclass(frozen=True)
class PriceBuildUp:
    """The EXW → FOB → CFR → CIF build-up of one export price (Decimal, to 0.01).

    ``insurance`` is ``cif − cfr``, so the parts always add up to the total shown.
    """

    exw: Decimal
    fob: Decimal
    cfr: Decimal
    cif: Decimal
    insurance: Decimal

    @property
    def insured_value(self) -> Decimal:
        """Sum insured: 110 % of CIF (cost + freight + 10 % expected profit), to 0.01."""
        return _money(self.cif * _INSURED_SHARE)

    def as_table(self) -> pd.DataFrame:
        """One column ``nilai`` (Decimal) with Indonesian row labels, for notebooks and widgets.

        >>> export_price(1000, freight=200, insurance_rate="0.005").as_table()["nilai"].tolist()
        [Decimal('1000.00'), Decimal('0.00'), Decimal('1000.00'), Decimal('200.00'), \
Decimal('1200.00'), Decimal('6.64'), Decimal('1206.64')]
        """
        import pandas as pd

        values = {
            "exw": self.exw,
            "_to_fob": self.fob - self.exw,
            "fob": self.fob,
            "_freight": self.cfr - self.fob,
            "cfr": self.cfr,
            "insurance": self.insurance,
            "cif": self.cif,
        }
        return pd.DataFrame(
            {"nilai": [values[key] for _, key in _TABLE_ROWS]},
            index=pd.Index([label for label, _ in _TABLE_ROWS], name="komponen"),
        )

    def formatted_table(self, units: int | None = None, currency: str = "USD"
                        ) -> pd.DataFrame:
        """:meth:`as_table` written the Indonesian way (``US$1.005,53`` or ``Rp...``), with a
        column per unit when *units* is given (US$ to 0.001 so small prices stay visible).

        >>> t = export_price(1000, freight=200).formatted_table(units=400)
        >>> t.loc["CFR (Cost and Freight)"].tolist()
        ['US$1.200,00', 'US$3,000']
        """
        import pandas as pd

        if currency not in ("USD", "IDR"):
            raise CostingError(f"'currency' harus 'USD' atau 'IDR': {currency!r}")
        if units is not None and (isinstance(units, bool) or not isinstance(units, int)
                                  or units <= 0):
            raise CostingError(f"'units' harus bilangan bulat lebih dari 0: {units!r}")
        table = self.as_table()
        money = usd if currency == "USD" else rupiah
        out = pd.DataFrame({"seluruh pesanan": [money(v) for v in table["nilai"]]},
                           index=table.index)
        if units is not None:
            out["per unit"] = [("US$" + _num(v / units, 3)) if currency == "USD"
                               else rupiah(v / units) for v in table["nilai"]]
        return out


def export_price(
    exw: Money,
    *,
    inland_transport: Money = 0,
    port_and_handling: Money = 0,
    documents: Money = 0,
    freight: Money = 0,
    insurance_rate: Money = 0,
) -> PriceBuildUp:
    """Build FOB, CFR and CIF up from an EXW price (one currency, any unit).

    FOB = EXW + inland transport + port and forwarder handling (EMKL, THC, loading) +
    documents (PEB, SKA/Form D, fumigation); CFR = FOB + freight; CIF = CFR ÷ (1 − 1.1 × rate),
    quantized to 0.01 half up; insurance = CIF − CFR. *insurance_rate* is a fraction
    (``0.005`` = 0.5 %) between 0 and :data:`MAX_INSURANCE_RATE`.

    >>> p = export_price(6_400, insurance_rate="0.004")
    >>> p.cif, p.insurance
    (Decimal('6428.28'), Decimal('28.28'))
    >>> p = export_price(1_000, inland_transport=50, port_and_handling=80, documents=20,
    ...                  freight=150)
    >>> [str(v) for v in (p.exw, p.fob, p.cfr, p.cif, p.insurance)]
    ['1000.00', '1150.00', '1300.00', '1300.00', '0.00']
    """
    base = _non_negative(exw, "exw")
    fob = (
        base
        + _non_negative(inland_transport, "inland_transport")
        + _non_negative(port_and_handling, "port_and_handling")
        + _non_negative(documents, "documents")
    )
    cfr = fob + _non_negative(freight, "freight")
    rate = _dec(insurance_rate, "insurance_rate")
    if not 0 <= rate <= MAX_INSURANCE_RATE:
        raise CostingError(
            f"'insurance_rate' harus antara 0 dan {MAX_INSURANCE_RATE} "
            f"(tulis 0.005 untuk 0,5 %): {insurance_rate}"
        )
    cfr_q = _money(cfr)
    cif = _money(cfr / (_ONE - _INSURED_SHARE * rate))
    return PriceBuildUp(
        exw=_money(base), fob=_money(fob), cfr=cfr_q, cif=cif, insurance=cif - cfr_q
    )


def cif_from_cfr(cfr: Money, insurance_rate: Money) -> PriceBuildUp:
    """CIF from a CFR price a buyer or forwarder already gave: CIF = CFR ÷ (1 − 1.1 × rate).

    The same as :func:`export_price` with the CFR amount as the starting price and no other
    costs; ``exw`` and ``fob`` of the result equal the CFR, since they are not known here.

    >>> p = cif_from_cfr(6_400, "0.004")
    >>> p.cif, p.insurance
    (Decimal('6428.28'), Decimal('28.28'))
    """
    return export_price(_non_negative(cfr, "cfr"), insurance_rate=insurance_rate)


# --------------------------------------------------------------------------- ATIGA RVC


def _percent_down(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * _HUNDRED).quantize(_CENT, rounding=ROUND_DOWN)


def rvc_indirect(fob: Money, non_originating: Money) -> Decimal:
    """Regional value content, indirect (build-down) method, ATIGA Art. 29, in percent.

    RVC = (FOB − value of non-originating materials) ÷ FOB × 100, rounded down to 0.01.
    Non-originating materials are valued at CIF at import (or the earliest ascertained price
    paid). Compare with :data:`RVC_THRESHOLD` (40 %).

    >>> rvc_indirect(8.50, 5.20)
    Decimal('38.82')
    >>> rvc_indirect(100, 120)
    Traceback (most recent call last):
    ...
    ikmkit.costing.CostingError: 'non_originating' tidak boleh lebih besar dari 'fob': 120 > 100
    """
    f = _positive(fob, "fob")
    vnm = _non_negative(non_originating, "non_originating")
    if vnm > f:
        raise CostingError(
            f"'non_originating' tidak boleh lebih besar dari 'fob': {non_originating} > {fob}"
        )
    return _percent_down(f - vnm, f)


def rvc_direct(
    asean_material: Money,
    direct_labour: Money,
    direct_overhead: Money,
    other_cost: Money,
    profit: Money,
    fob: Money,
) -> Decimal:
    """Regional value content, direct (build-up) method, ATIGA Art. 29, in percent.

    RVC = (ASEAN material cost + direct labour + direct overhead + other cost + profit) ÷ FOB
    × 100, rounded down to 0.01. ASEAN material cost is the CIF value of originating inputs.
    The sum cannot exceed FOB (FOB also contains the non-originating materials).
    """
    f = _positive(fob, "fob")
    parts = (
        _non_negative(asean_material, "asean_material")
        + _non_negative(direct_labour, "direct_labour")
        + _non_negative(direct_overhead, "direct_overhead")
        + _non_negative(other_cost, "other_cost")
        + _non_negative(profit, "profit")
    )
    if parts > f:
        raise CostingError(
            "jumlah biaya asal ASEAN + tenaga kerja + overhead + biaya lain + laba tidak boleh "
            f"lebih besar dari 'fob': {parts} > {fob}"
        )
    return _percent_down(parts, f)


# --------------------------------------------------------------------------- currency


def idr_to_usd(amount_idr: Money, rate_idr_per_usd: Money) -> Decimal:
    """Rupiah to US dollars at an explicit rate (Rp per US$), to the cent, half up.

    Quote export prices at a prudent rate: the bank's buying rate (*kurs beli*) at which the
    dollars will be converted, not a reference rate such as Bank Indonesia's JISDOR (BI has not
    published a "kurs tengah" since April 2021). Negative amounts (losses) are allowed.

    >>> idr_to_usd(1_500_000, 16_200)
    Decimal('92.59')
    """
    rate = _positive(rate_idr_per_usd, "rate_idr_per_usd")
    return _money(_dec(amount_idr, "amount_idr") / rate)


def usd_to_idr(amount_usd: Money, rate_idr_per_usd: Money) -> int:
    """US dollars to whole rupiah at an explicit rate (Rp per US$), half up.

    >>> usd_to_idr("1.62", 16_200), usd_to_idr(-10, "15600.5")
    (26244, -156005)
    """
    rate = _positive(rate_idr_per_usd, "rate_idr_per_usd")
    return int((_dec(amount_usd, "amount_usd") * rate).to_integral_value(rounding=ROUND_HALF_UP))


# --------------------------------------------------------------------------- a cost sheet

CATEGORIES: dict[str, str] = {
    "bbb": "bahan baku langsung",
    "btkl": "tenaga kerja langsung",
    "overhead": "overhead pabrik",
}
"""HPP categories of a cost line: direct material, direct labour, factory overhead."""

BEHAVIOURS: dict[str, str] = {"tetap": "biaya tetap", "variabel": "biaya variabel"}
"""How a cost behaves: fixed (paid every month) or variable (follows production)."""


@dataclass(frozen=True)
class CostLine:
    """One line of a monthly cost sheet: name, category, behaviour, rupiah, imported share."""

    name: str
    category: str
    behaviour: str
    amount_idr: Decimal
    import_share: Decimal = Decimal(0)


@dataclass(frozen=True)
class BreakEven:
    """Break-even at one price: units (rounded up), sales in rupiah, contribution per unit."""

    price: Decimal
    units: int
    revenue: Decimal
    contribution_per_unit: Decimal

    def __str__(self) -> str:
        return (f"Titik impas pada harga {rupiah(self.price)}: {_num(self.units)} unit per bulan "
                f"(penjualan ± {rupiah(self.revenue)}); margin kontribusi "
                f"{rupiah(self.contribution_per_unit)} per unit")


@dataclass(frozen=True)
class CostSummary:
    """A month's cost sheet summed up (:func:`cost_summary`): HPP, fixed and variable costs.

    Totals are Decimal rupiah; ``hpp_per_unit`` and ``variable_per_unit`` are quantized to
    0.01 like :func:`hpp_per_unit`.
    """

    units: Decimal
    lines: tuple[CostLine, ...]
    direct_material: Decimal
    direct_labour: Decimal
    overhead: Decimal
    fixed: Decimal
    variable: Decimal
    imported: Decimal

    @property
    def total(self) -> Decimal:
        """All production costs of the month."""
        return self.direct_material + self.direct_labour + self.overhead

    @property
    def hpp_per_unit(self) -> Decimal:
        """(direct material + direct labour + overhead) ÷ units, to 0.01."""
        return hpp_per_unit(self.direct_material, self.direct_labour, self.overhead, self.units)

    @property
    def variable_per_unit(self) -> Decimal:
        """Variable costs ÷ units, to 0.01."""
        return _money(self.variable / self.units)

    @property
    def import_share(self) -> Decimal:
        """Share of the month's costs that follows the dollar (0-1, four decimals)."""
        if not self.total:
            return Decimal(0)
        return (self.imported / self.total).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    def break_even(self, price: Money) -> BreakEven:
        """Units and sales per month at which *price* covers the fixed costs.

        Uses the exact variable cost per unit (not the rounded one), like
        :func:`break_even_units`.
        """
        variable = self.variable / self.units
        units = break_even_units(self.fixed, price, variable)
        p = _positive(price, "price")
        return BreakEven(price=_money(p), units=units,
                         revenue=break_even_revenue(self.fixed, p, variable),
                         contribution_per_unit=_money(p - variable))

    def as_table(self) -> pd.DataFrame:
        """The summary as a two-column table of Indonesian-formatted rupiah (for notebooks)."""
        import pandas as pd

        rows = [
            ("Bahan baku langsung (BBB)", rupiah(self.direct_material)),
            ("Tenaga kerja langsung (BTKL)", rupiah(self.direct_labour)),
            ("Overhead pabrik", rupiah(self.overhead)),
            ("Jumlah biaya produksi sebulan", rupiah(self.total)),
            ("Jumlah unit sebulan", _num(self.units, 2, trim=True)),
            ("HPP per unit", rupiah(self.hpp_per_unit)),
            ("Biaya tetap sebulan", rupiah(self.fixed)),
            ("Biaya variabel per unit", rupiah(self.variable_per_unit)),
        ]
        return pd.DataFrame({"nilai": [value for _, value in rows]},
                            index=pd.Index([label for label, _ in rows]))

    def lines_table(self) -> pd.DataFrame:
        """The cost lines with Indonesian headings and formatted rupiah (for notebooks)."""
        import pandas as pd

        rows = [{"pos biaya": line.name, "kelompok HPP": CATEGORIES[line.category],
                 "perilaku": line.behaviour, "biaya sebulan": rupiah(line.amount_idr),
                 "porsi impor": _num(float(line.import_share) * 100, 0) + " %"}
                for line in self.lines]
        return pd.DataFrame(rows, columns=["pos biaya", "kelompok HPP", "perilaku",
                                           "biaya sebulan", "porsi impor"]).set_index("pos biaya")

    def __str__(self) -> str:
        lines = [
            f"Biaya produksi sebulan: {rupiah(self.total)} untuk {_num(self.units, 2, trim=True)} "
            "unit",
            f"  bahan baku langsung {rupiah(self.direct_material)}, tenaga kerja langsung "
            f"{rupiah(self.direct_labour)}, overhead {rupiah(self.overhead)}",
            f"HPP per unit: {rupiah(self.hpp_per_unit)}",
            f"Biaya tetap: {rupiah(self.fixed)} sebulan; biaya variabel: "
            f"{rupiah(self.variable_per_unit)} per unit",
        ]
        if self.imported:
            lines.append("Porsi biaya yang ikut dolar (bahan impor): "
                         f"{_text.percent(float(self.import_share) * 100)}")
        return "\n".join(lines)


_SHEET_KEYS = {"name": ("pos_biaya", "nama", "name"),
               "category": ("kategori", "category"),
               "behaviour": ("perilaku", "behaviour"),
               "amount_idr": ("biaya_bulanan_idr", "rp", "amount_idr"),
               "import_share": ("porsi_impor", "import_share")}


def _field(row: Mapping[str, object], key: str, where: str) -> object:
    for name in _SHEET_KEYS[key]:
        if name in row:
            return row[name]
    if key == "import_share":
        return 0
    raise CostingError(f"{where}: kolom '{_SHEET_KEYS[key][0]}' tidak ada")


def _cost_line(row: object, where: str) -> CostLine:
    if isinstance(row, CostLine):
        return row
    if not isinstance(row, Mapping):
        raise CostingError(f"{where}: harus berupa tabel (pos_biaya, kategori, perilaku, "
                           f"biaya_bulanan_idr): {row!r}")
    name = _field(row, "name", where)
    if not isinstance(name, str) or not name.strip():
        raise CostingError(f"{where}: nama pos biaya harus diisi: {name!r}")
    category = _field(row, "category", where)
    if category not in CATEGORIES:
        raise CostingError(f"{where} ({name}): kategori harus salah satu dari "
                           f"{', '.join(CATEGORIES)}: {category!r}")
    behaviour = _field(row, "behaviour", where)
    if behaviour not in BEHAVIOURS:
        raise CostingError(f"{where} ({name}): perilaku harus 'tetap' atau 'variabel': "
                           f"{behaviour!r}")
    amount = _non_negative(_field(row, "amount_idr", where), f"{name}: biaya_bulanan_idr")
    share = _non_negative(_field(row, "import_share", where), f"{name}: porsi_impor")
    if share > 1:
        raise CostingError(f"'{name}: porsi_impor' harus pecahan antara 0 dan 1 (0.3 = 30 %): "
                           f"{share}")
    return CostLine(name.strip(), str(category), str(behaviour), amount, share)


def cost_summary(sheet: object, units: Money, *, ikm_id: str | None = None) -> CostSummary:
    """Sum up a monthly cost sheet: HPP per unit, fixed costs, variable cost per unit.

    *sheet* is a table with the columns of ``curriculum/data/biaya_studi_kasus.csv``
    (``pos_biaya``, ``kategori`` = bbb / btkl / overhead, ``perilaku`` = tetap / variabel,
    ``biaya_bulanan_idr`` and optionally ``porsi_impor``): a pandas DataFrame, a list of dicts
    or of :class:`CostLine`. *units* is the month's production. ``ikm_id`` keeps only that
    IKM's rows of a sheet with an ``ikm_id`` column (the case-study file holds four IKMs).

    >>> sheet = [
    ...     {"pos_biaya": "kain", "kategori": "bbb", "perilaku": "variabel",
    ...      "biaya_bulanan_idr": 3_000_000, "porsi_impor": 0.5},
    ...     {"pos_biaya": "upah jahit", "kategori": "btkl", "perilaku": "variabel",
    ...      "biaya_bulanan_idr": 1_500_000},
    ...     {"pos_biaya": "sewa", "kategori": "overhead", "perilaku": "tetap",
    ...      "biaya_bulanan_idr": 500_000},
    ... ]
    >>> s = cost_summary(sheet, units=400)
    >>> s.hpp_per_unit, s.fixed, s.variable_per_unit, s.import_share
    (Decimal('12500.00'), Decimal('500000'), Decimal('11250.00'), Decimal('0.3000'))
    >>> s.break_even(15_000).units
    134
    >>> cost_summary([{**sheet[0], "kategori": "bahan"}], units=1)
    Traceback (most recent call last):
    ...
    ikmkit.costing.CostingError: baris 1 (kain): kategori harus salah satu dari bbb, btkl, \
overhead: 'bahan'
    """
    rows: list[object]
    if hasattr(sheet, "to_dict") and hasattr(sheet, "columns"):  # a pandas DataFrame
        rows = list(sheet.to_dict("records"))
    elif isinstance(sheet, (str, bytes, Mapping)) or not isinstance(sheet, Iterable):
        raise CostingError(f"'sheet' harus tabel atau daftar pos biaya: {sheet!r}")
    else:
        rows = list(sheet)
    if ikm_id is not None:
        rows = [r for r in rows if isinstance(r, Mapping) and r.get("ikm_id") == ikm_id]
        if not rows:
            raise CostingError(f"tidak ada pos biaya untuk ikm_id {ikm_id!r}")
    lines = tuple(_cost_line(row, f"baris {i}") for i, row in enumerate(rows, start=1))
    if not lines:
        raise CostingError("lembar biaya kosong: isi minimal satu pos biaya")
    count = _positive(units, "units")

    def total(**where: str) -> Decimal:
        return sum((line.amount_idr for line in lines
                    if all(getattr(line, k) == v for k, v in where.items())), Decimal(0))

    return CostSummary(
        units=count, lines=lines,
        direct_material=total(category="bbb"), direct_labour=total(category="btkl"),
        overhead=total(category="overhead"), fixed=total(behaviour="tetap"),
        variable=total(behaviour="variabel"),
        imported=sum((line.amount_idr * line.import_share for line in lines), Decimal(0)),
    )


# --------------------------------------------------------------------------- exchange rate


def min_price_usd(cost_idr: Money, rate_idr_per_usd: Money, margin: Money = 0) -> Decimal:
    """Lowest US$ price that brings in *cost_idr* × (1 + *margin*) at the bank's buying rate.

    Rounded **up** to the cent, so the price is never below the target. *margin* is a
    fraction (0.15 = 15 % on cost).

    >>> min_price_usd(22_720, 16_200, "0.15")
    Decimal('1.62')
    >>> min_price_usd(22_720, 16_200)
    Decimal('1.41')
    """
    cost = _non_negative(cost_idr, "cost_idr")
    rate = _positive(rate_idr_per_usd, "rate_idr_per_usd")
    m = _dec(margin, "margin")
    if not 0 <= m < 10:
        raise CostingError(f"'margin' harus pecahan 0 atau lebih (0.15 = 15 %): {margin}")
    return (cost * (1 + m) / rate).quantize(_CENT, rounding=ROUND_UP)


def _fx_inputs(cost_idr: object, price_usd: object, import_share: object,
               quote_rate: object) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Checked (cost, price, import share, quote rate) of the exchange-rate tools; the quote
    rate is 1 when nothing is imported and none was given."""
    cost = _non_negative(cost_idr, "cost_idr")
    price = _positive(price_usd, "price_usd")
    share = _non_negative(import_share, "import_share")
    if share > 1:
        raise CostingError(f"'import_share' harus pecahan antara 0 dan 1: {import_share}")
    if share and quote_rate is None:
        raise CostingError("'quote_rate' wajib diisi bila ada porsi impor")
    quote = _positive(quote_rate, "quote_rate") if quote_rate is not None else Decimal(1)
    return cost, price, share, quote


def break_even_rate(cost_idr: Money, price_usd: Money, *, import_share: Money = 0,
                    quote_rate: Money | None = None) -> Decimal:
    """The buying rate (Rp per US$) at which *price_usd* just covers *cost_idr*, to the rupiah.

    Without imported inputs: cost ÷ price. With a share of the cost bought in dollars at
    *quote_rate* (that part moves with the rate): local ÷ (price − imported ÷ quote_rate).

    >>> break_even_rate(22_720, "1.62")
    Decimal('14025')
    >>> break_even_rate(22_720, "1.62", import_share="0.15", quote_rate=16_200)
    Decimal('13700')
    """
    cost, price, share, quote = _fx_inputs(cost_idr, price_usd, import_share, quote_rate)
    imported_usd = cost * share / quote if share else Decimal(0)
    if price <= imported_usd:
        raise CostingError(f"harga US${price} bahkan tidak menutup bahan impor: tidak ada kurs "
                           "impas")
    return (cost * (1 - share) / (price - imported_usd)).quantize(_ONE, ROUND_HALF_UP)


@dataclass(frozen=True)
class FxRow:
    """One buying rate of :func:`fx_sensitivity` (rupiah per unit)."""

    rate: int
    revenue_idr: Decimal
    cost_idr: Decimal
    profit_idr: Decimal
    profit_pct: Decimal


@dataclass(frozen=True)
class FxSensitivity:
    """Profit per unit of one US$ price at several buying rates (:func:`fx_sensitivity`)."""

    price_usd: Decimal
    cost_idr: Decimal
    import_share: Decimal
    quote_rate: Decimal
    rows: tuple[FxRow, ...]

    @property
    def break_even_rate(self) -> Decimal:
        """The buying rate at which profit is 0 (see :func:`break_even_rate`)."""
        return break_even_rate(self.cost_idr, self.price_usd, import_share=self.import_share,
                               quote_rate=self.quote_rate)

    def as_table(self) -> pd.DataFrame:
        """One row per rate, Indonesian-formatted (for notebooks)."""
        import pandas as pd

        rows = [{"kurs beli (Rp per US$)": _num(r.rate),
                 "rupiah diterima per unit": rupiah(r.revenue_idr),
                 "biaya per unit": rupiah(r.cost_idr),
                 "laba per unit": rupiah(r.profit_idr),
                 "laba (% dari biaya)": _num(r.profit_pct, 1) + " %"} for r in self.rows]
        return pd.DataFrame(rows).set_index("kurs beli (Rp per US$)")

    def plot(self, ax: Any = None, *, label: str | None = None) -> Any:
        """Profit % against the buying rate on a matplotlib axis (a new figure if none)."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(7, 4))
        ax.plot([r.rate for r in self.rows], [float(r.profit_pct) for r in self.rows],
                marker="o", label=label or f"porsi impor {_num(float(self.import_share) * 100)} %")
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xlabel("Kurs beli bank saat dolar dicairkan (Rp per US$)")
        ax.set_ylabel("Laba per unit (% dari biaya)")
        ax.set_title(f"Harga {usd(self.price_usd)} per unit")
        ax.xaxis.set_major_formatter(lambda x, _pos: _num(int(x)))
        ax.yaxis.set_major_formatter(lambda y, _pos: _num(y, 0) + " %")
        ax.legend()
        return ax


def fx_sensitivity(cost_idr: Money, price_usd: Money, rates: Iterable[Money], *,
                   import_share: Money = 0, quote_rate: Money | None = None) -> FxSensitivity:
    """Profit per unit at each buying rate in *rates*, for a fixed US$ price.

    Revenue = price × rate. The imported share of the cost (bought in dollars at *quote_rate*)
    moves with the rate: cost = cost × (1 − share) + cost × share × rate ÷ quote_rate.
    Rupiah amounts to the rupiah, profit % to 0.1.

    >>> t = fx_sensitivity(22_720, "1.62", [15_000, 16_200], import_share="0.15",
    ...                    quote_rate=16_200)
    >>> [(r.rate, r.profit_idr, r.profit_pct) for r in t.rows]
    [(15000, Decimal('1832'), Decimal('8.2')), (16200, Decimal('3524'), Decimal('15.5'))]
    """
    cost, price, share, quote = _fx_inputs(cost_idr, price_usd, import_share, quote_rate)
    if isinstance(rates, (str, bytes)) or not isinstance(rates, Iterable):
        raise CostingError(f"'rates' harus daftar kurs: {rates!r}")
    rows = []
    for value in rates:
        rate = _positive(value, "rate")
        unit_cost = cost * (1 - share) + (cost * share * rate / quote if share else 0)
        revenue = price * rate
        profit = revenue - unit_cost
        pct = (profit / unit_cost * 100) if unit_cost else Decimal(0)
        rows.append(FxRow(rate=int(rate), revenue_idr=revenue.quantize(_ONE, ROUND_HALF_UP),
                          cost_idr=unit_cost.quantize(_ONE, ROUND_HALF_UP),
                          profit_idr=profit.quantize(_ONE, ROUND_HALF_UP),
                          profit_pct=pct.quantize(Decimal("0.1"), ROUND_HALF_UP)))
    if not rows:
        raise CostingError("'rates' kosong: isi minimal satu kurs")
    return FxSensitivity(price_usd=price, cost_idr=cost, import_share=share,
                         quote_rate=quote, rows=tuple(rows))


def min_price_table(cost_idr: Money, rates: Iterable[Money], margins: Iterable[Money]
                    ) -> pd.DataFrame:
    """Lowest US$ price (:func:`min_price_usd`) for each buying rate (rows) and target margin
    (columns), formatted the Indonesian way, for negotiating.

    >>> min_price_table(22_720, [16_000, 16_200], ["0.10", "0.15"]).loc["16.200"].tolist()
    ['US$1,55', 'US$1,62']
    """
    import pandas as pd

    margin_list = [_dec(m, "margin") for m in margins]
    table = {f"laba {_num(float(m) * 100, 0)} %": [usd(min_price_usd(cost_idr, r, m))
                                                  for r in rates]
             for m in margin_list}
    index = pd.Index([_num(int(_positive(r, "rate"))) for r in rates], name="kurs beli")
    return pd.DataFrame(table, index=index)


# --------------------------------------------------------------------------- formatting


def rupiah(value: Money) -> str:
    """An amount the Indonesian way, whole rupiah: ``Rp25.500.000``.

    >>> rupiah(22_058.3), rupiah(Decimal("95500.00"))
    ('Rp22.058', 'Rp95.500')
    """
    return _text.rupiah(value)


def usd(value: Money) -> str:
    """US dollars to the cent, the Indonesian way: ``US$1.005,53``.

    >>> usd(Decimal("8.34")), usd(10055.3)
    ('US$8,34', 'US$10.055,30')
    """
    return _text.usd(value)
