"""Quotations and pro forma invoices in English for a foreign buyer (HTML to print, XLSX).

A participant builds an export price with :mod:`ikmkit.costing` (module 04) and sends it to a
buyer as a **quotation** (an offer with a validity date) or, once the buyer agrees, a **pro forma
invoice** (the invoice the buyer pays a T/T deposit on or opens an L/C against). Both name the
Incoterms 2020 rule with its place, the currency, the unit price, the quantity, the total, the
payment terms, the lead time and how long the offer is valid.

The document for the buyer is in English. ``to_html(doc, participant_view=True)`` adds the
Indonesian meaning in small grey text beside each English label, for the participant's own
copy only; the file to send is ``to_html(doc)`` or ``write_xlsx``.

Money is :class:`~decimal.Decimal`: each line's amount is quantity × unit price, to the cent
(whole units for IDR and JPY), and the total is the sum of the lines, exactly what a buyer who
checks the arithmetic finds. :func:`unit_price_from` takes the unit price from a
:class:`~ikmkit.costing.PriceBuildUp` of the whole order at the stage the Incoterm names
(EXW; FCA/FAS/FOB → FOB; CFR/CPT → CFR; CIF/CIP → CIF), rounded to the cent, half up.

>>> import datetime as dt
>>> from ikmkit import costing, quotation
>>> price = costing.export_price(17_500, inland_transport=93, port_and_handling=154,
...                              documents=46, freight=336, insurance_rate="0.003")
>>> quotation.unit_price_from(price, 12_000, "FOB")
Decimal('1.48')
>>> doc = quotation.make_quotation(
...     seller=quotation.Party("Konveksi Buah Hati", "Jl. Raya Krian 12, Sidoarjo", "Indonesia",
...                            email="sales@buahhati.example"),
...     buyer=quotation.Party("Little Steps Pte Ltd", "8 Kaki Bukit Ave", "Singapore"),
...     items=[quotation.LineItem("Baby jumper, 100 % cotton, sizes 0-12 m", 12_000, "1.48",
...                               hs_code="6111.20", unit="pcs")],
...     incoterm="FCA", place="CFS Tanjung Perak, Surabaya", currency="USD",
...     number="Q-2026-014", issue_date=dt.date(2026, 12, 1), valid_days=30,
...     payment_terms="30 % T/T deposit with order, 70 % T/T before shipment",
...     lead_time_days=45)
>>> doc.total, doc.valid_until
(Decimal('17760.00'), datetime.date(2026, 12, 31))
>>> doc.incoterm_text
'FCA CFS Tanjung Perak, Surabaya, Incoterms 2020'
>>> "Total" in quotation.to_html(doc) and "Penawaran" not in quotation.to_html(doc)
True
>>> quotation.make_quotation(seller=doc.seller, buyer=doc.buyer, items=doc.items,
...                          incoterm="FOB Surabaya", place="Surabaya")
Traceback (most recent call last):
...
ikmkit.quotation.QuotationError: 'incoterm' harus salah satu aturan Incoterms 2020 (EXW, FCA, \
CPT, CIP, DAP, DPU, DDP, FAS, FOB, CFR, CIF): 'FOB Surabaya'
"""

from __future__ import annotations

import datetime as _dt
import html
import numbers
import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from ikmkit import _numbers
from ikmkit._files import atomic_write, atomic_write_text
from ikmkit.costing import PriceBuildUp
from ikmkit.errors import IkmkitError

__all__ = [
    "CURRENCIES",
    "INCOTERMS_2020",
    "KINDS",
    "SEA_ONLY",
    "BankDetails",
    "Document",
    "LineItem",
    "Party",
    "QuotationError",
    "make_proforma",
    "make_quotation",
    "to_html",
    "unit_price_from",
    "write_html",
    "write_xlsx",
]

INCOTERMS_2020 = ("EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF")
"""The 11 rules of Incoterms 2020 (ICC): seven for any mode, four for sea and inland waterway."""

SEA_ONLY = ("FAS", "FOB", "CFR", "CIF")
"""Incoterms 2020 rules for sea and inland waterway transport only."""

CURRENCIES = {"USD": 2, "EUR": 2, "SGD": 2, "MYR": 2, "AUD": 2, "GBP": 2, "JPY": 0, "IDR": 0}
"""Accepted invoice currencies (ISO 4217) and their decimals."""

KINDS = ("quotation", "proforma")

_STAGE = {"EXW": "exw", "FCA": "fob", "FAS": "fob", "FOB": "fob", "CFR": "cfr", "CPT": "cfr",
          "CIF": "cif", "CIP": "cif"}


class QuotationError(IkmkitError):
    """Bad input for a quotation or pro forma invoice (unknown Incoterm, no items...)."""


def _text(value: object, name: str, *, required: bool = True, limit: int = 300) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise QuotationError(f"'{name}' harus teks: {value!r}")
    text = value.strip()
    if required and not text:
        raise QuotationError(f"'{name}' tidak boleh kosong")
    if len(text) > limit:
        raise QuotationError(f"'{name}' terlalu panjang (paling banyak {limit} huruf): "
                             f"{len(text)} huruf")
    return text


def _dec(value: object, name: str) -> Decimal:
    return _numbers.decimal(value, name, QuotationError)


@dataclass(frozen=True)
class Party:
    """Seller or buyer: name, address, country and optional contacts (English or names)."""

    name: str
    address: str
    country: str
    contact: str = ""
    email: str = ""
    phone: str = ""

    def __post_init__(self) -> None:
        for key in ("name", "address", "country"):
            object.__setattr__(self, key, _text(getattr(self, key), key))
        for key in ("contact", "email", "phone"):
            object.__setattr__(self, key, _text(getattr(self, key), key, required=False))


@dataclass(frozen=True)
class BankDetails:
    """Where the buyer sends a T/T (printed on the pro forma invoice)."""

    bank: str
    account_name: str
    account_number: str
    swift: str
    branch: str = ""

    def __post_init__(self) -> None:
        for key in ("bank", "account_name", "account_number", "swift"):
            object.__setattr__(self, key, _text(getattr(self, key), key))
        object.__setattr__(self, "branch", _text(self.branch, "branch", required=False))
        swift = self.swift.replace(" ", "").upper()
        if not (len(swift) in (8, 11) and swift.isalnum()):
            raise QuotationError(f"'swift' harus 8 atau 11 huruf/angka (kode SWIFT/BIC bank): "
                                 f"{self.swift!r}")
        object.__setattr__(self, "swift", swift)


@dataclass(frozen=True)
class LineItem:
    """One product line: English description, quantity (whole units), unit price."""

    description: str
    quantity: int
    unit_price: Decimal
    hs_code: str = ""
    unit: str = "pcs"

    def __post_init__(self) -> None:
        object.__setattr__(self, "description", _text(self.description, "description"))
        qty = self.quantity
        if isinstance(qty, bool) or not isinstance(qty, numbers.Integral) or int(qty) <= 0:
            raise QuotationError(f"'quantity' harus bilangan bulat lebih dari 0: {qty!r}")
        object.__setattr__(self, "quantity", int(qty))
        price = _dec(self.unit_price, "unit_price")
        if price <= 0:
            raise QuotationError(f"'unit_price' harus lebih besar dari 0: {self.unit_price}")
        object.__setattr__(self, "unit_price", price)
        object.__setattr__(self, "hs_code", _text(self.hs_code, "hs_code", required=False))
        object.__setattr__(self, "unit", _text(self.unit, "unit", limit=20))


@dataclass(frozen=True)
class Document:
    """A quotation or pro forma invoice; build it with :func:`make_quotation` or
    :func:`make_proforma`."""

    kind: str
    number: str
    issue_date: _dt.date
    valid_days: int
    seller: Party
    buyer: Party
    items: tuple[LineItem, ...]
    incoterm: str
    place: str
    currency: str
    payment_terms: str
    lead_time_days: int | None
    notes: tuple[str, ...] = ()
    bank: BankDetails | None = None
    packing: str = ""
    moq: int | None = None
    origin: str = "Indonesia"
    _amounts: tuple[Decimal, ...] = field(default=(), repr=False)

    @property
    def title(self) -> str:
        """``Quotation`` or ``Proforma Invoice``."""
        return "Quotation" if self.kind == "quotation" else "Proforma Invoice"

    @property
    def amounts(self) -> tuple[Decimal, ...]:
        """Each line's amount: quantity × unit price, to the currency's decimals, half up."""
        return self._amounts

    @property
    def total(self) -> Decimal:
        """The sum of the line amounts."""
        return sum(self._amounts, Decimal(0)).quantize(_quantum(self.currency))

    @property
    def total_quantity(self) -> int:
        """All units together."""
        return sum(i.quantity for i in self.items)

    @property
    def valid_until(self) -> _dt.date:
        """Issue date + validity days."""
        return self.issue_date + _dt.timedelta(days=self.valid_days)

    @property
    def incoterm_text(self) -> str:
        """The rule, the named place and the edition, as the ICC recommends writing it."""
        return f"{self.incoterm} {self.place}, Incoterms 2020"


def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-CURRENCIES[currency])


def _check_int(value: object, name: str, low: int, high: int | None, rule: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < low \
            or (high is not None and value > high):
        raise QuotationError(f"'{name}' harus bilangan bulat {rule}: {value!r}")


def _choice(value: object, allowed: Collection[str], message: str) -> str:
    key = value.strip().upper() if isinstance(value, str) else value
    if key not in allowed:
        raise QuotationError(f"{message} ({', '.join(allowed)}): {value!r}")
    return key  # type: ignore[return-value]


def _lines(seller: object, buyer: object, items: object) -> tuple[LineItem, ...]:
    if not isinstance(seller, Party) or not isinstance(buyer, Party):
        raise QuotationError("'seller' dan 'buyer' harus Party(nama, alamat, negara)")
    if isinstance(items, (str, bytes, LineItem)):
        raise QuotationError("'items' harus daftar LineItem, walau hanya satu")
    lines: tuple[LineItem, ...] = tuple(items)  # type: ignore[arg-type]
    if not lines or not all(isinstance(i, LineItem) for i in lines):
        raise QuotationError("'items' harus berisi minimal satu LineItem(uraian, jumlah, harga)")
    return lines


def _issue_date(issue_date: object) -> _dt.date:
    day = _dt.date.today() if issue_date is None else issue_date
    if not isinstance(day, _dt.date) or isinstance(day, _dt.datetime):
        raise QuotationError(f"'issue_date' harus tanggal (datetime.date): {issue_date!r}")
    return day


def _make(kind: str, *, seller: Party, buyer: Party, items: Iterable[LineItem], incoterm: str,
          place: str, currency: str = "USD", number: str = "", issue_date: _dt.date | None = None,
          valid_days: int = 30, payment_terms: str = "", lead_time_days: int | None = None,
          notes: Iterable[str] = (), bank: BankDetails | None = None, packing: str = "",
          moq: int | None = None, origin: str = "Indonesia") -> Document:
    lines = _lines(seller, buyer, items)
    term = _choice(incoterm, INCOTERMS_2020, "'incoterm' harus salah satu aturan Incoterms 2020")
    cur = _choice(currency, CURRENCIES, "'currency' harus salah satu dari")
    day = _issue_date(issue_date)
    _check_int(valid_days, "valid_days", 1, 365, "1 sampai 365")
    _check_int(lead_time_days, "lead_time_days", 1, 365, "1 sampai 365")
    _check_int(moq, "moq", 1, None, "lebih dari 0")
    if bank is not None and not isinstance(bank, BankDetails):
        raise QuotationError("'bank' harus BankDetails(bank, nama rekening, nomor, SWIFT)")
    if isinstance(notes, str):
        notes = [notes]
    note_list = tuple(_text(n, "notes") for n in notes)
    quantum = _quantum(cur)
    amounts = tuple((i.unit_price * i.quantity).quantize(quantum, rounding=ROUND_HALF_UP)
                    for i in lines)
    prefix = "Q" if kind == "quotation" else "PI"
    return Document(
        kind=kind, number=_text(number, "number", limit=40) if number else
        f"{prefix}-{day:%Y%m%d}", issue_date=day, valid_days=valid_days, seller=seller,
        buyer=buyer, items=lines, incoterm=term, place=_text(place, "place", limit=120),
        currency=cur, payment_terms=_text(payment_terms, "payment_terms", required=False),
        lead_time_days=lead_time_days, notes=note_list, bank=bank,
        packing=_text(packing, "packing", required=False), moq=moq,
        origin=_text(origin, "origin", limit=60), _amounts=amounts)


def make_quotation(**kwargs: object) -> Document:
    """A quotation (an offer valid ``valid_days`` days, 30 by default). Keyword arguments:
    ``seller``, ``buyer`` (:class:`Party`), ``items`` (list of :class:`LineItem`), ``incoterm``
    (an Incoterms 2020 rule) and ``place``; optional ``currency`` ("USD"), ``number``,
    ``issue_date`` (today), ``valid_days``, ``payment_terms``, ``lead_time_days``, ``moq``,
    ``packing``, ``notes``, ``bank``, ``origin``."""
    return _make("quotation", **kwargs)  # type: ignore[arg-type]


def make_proforma(**kwargs: object) -> Document:
    """A pro forma invoice (same arguments as :func:`make_quotation`; ``bank`` is printed so
    the buyer can pay the T/T). A pro forma without payment terms is refused."""
    doc = _make("proforma", **kwargs)  # type: ignore[arg-type]
    if not doc.payment_terms:
        raise QuotationError("pro forma invoice perlu 'payment_terms' (mis. '30 % T/T deposit, "
                             "70 % before shipment')")
    return doc


def unit_price_from(price: PriceBuildUp, units: object, incoterm: str) -> Decimal:
    """Unit price at the stage of the build-up the Incoterm names, to the cent, half up.

    >>> from ikmkit import costing
    >>> p = costing.export_price(1000, freight=200, insurance_rate="0.005")
    >>> [str(unit_price_from(p, 3, t)) for t in ("EXW", "FOB", "CFR", "CIP")]
    ['333.33', '333.33', '400.00', '402.21']
    >>> unit_price_from(p, 3, "DDP")
    Traceback (most recent call last):
    ...
    ikmkit.quotation.QuotationError: harga untuk DDP tidak ada di susunan EXW-FOB-CFR-CIF: \
tambahkan biaya di negara tujuan dulu (pilihan: EXW, FCA, FAS, FOB, CFR, CPT, CIF, CIP)
    """
    if not isinstance(price, PriceBuildUp):
        raise QuotationError(f"'price' harus hasil costing.export_price: {price!r}")
    if isinstance(units, bool) or not isinstance(units, numbers.Integral) or int(units) <= 0:
        raise QuotationError(f"'units' harus bilangan bulat lebih dari 0: {units!r}")
    term = incoterm.strip().upper() if isinstance(incoterm, str) else incoterm
    if term not in _STAGE:
        raise QuotationError(f"harga untuk {term} tidak ada di susunan EXW-FOB-CFR-CIF: "
                             f"tambahkan biaya di negara tujuan dulu (pilihan: "
                             f"{', '.join(_STAGE)})")
    total: Decimal = getattr(price, _STAGE[str(term)])
    return (total / int(units)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- rendering

_ID = {  # the participant's copy only: Indonesian meaning beside the English label
    "Quotation": "Penawaran harga", "Proforma Invoice": "Faktur pro forma",
    "Seller": "Penjual", "Buyer": "Pembeli", "No.": "Nomor", "Date": "Tanggal",
    "Valid until": "Berlaku sampai", "Terms of delivery": "Syarat penyerahan (Incoterms)",
    "Payment terms": "Syarat pembayaran", "Lead time": "Waktu produksi sampai kirim",
    "Description": "Uraian barang", "HS code": "Kode HS", "Quantity": "Jumlah",
    "Unit price": "Harga satuan", "Amount": "Nilai",
    "Country of origin": "Negara asal", "Packing": "Kemasan", "Minimum order": "Pesanan minimum",
    "Bank details": "Rekening bank untuk T/T", "Notes": "Catatan",
}


def _money(value: Decimal, currency: str) -> str:
    return f"{value:,.{CURRENCIES[currency]}f}"


def _price(value: Decimal, currency: str) -> str:
    """A unit price with the currency's decimals, or more if the price has more (0.125)."""
    exponent = value.as_tuple().exponent
    places = max(CURRENCIES[currency], -exponent if isinstance(exponent, int) else 0)
    return f"{value:,.{places}f}"


def _label(text: str, participant_view: bool) -> str:
    esc = html.escape(text)
    if participant_view and text in _ID:
        return f'{esc} <span class="id">({html.escape(_ID[text])})</span>'
    return esc


def _party_html(party: Party) -> str:
    lines = [f"<strong>{html.escape(party.name)}</strong>", html.escape(party.address),
             html.escape(party.country)]
    lines += [html.escape(x) for x in (party.contact, party.email, party.phone) if x]
    return "<br>".join(lines)


_CSS = """
body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;color:#111;margin:24px}
h1{font-size:20pt;margin:0 0 12px 0;letter-spacing:1px}
table{border-collapse:collapse;width:100%}
.meta td{padding:2px 6px;vertical-align:top}
.items th,.items td{border:1px solid #999;padding:4px 6px}
.items th{background:#eee;text-align:left}
.num{text-align:right;white-space:nowrap}
.total td{font-weight:bold}
.id{color:#777;font-size:8.5pt;font-weight:normal}
.note-id{border:1px dashed #999;padding:6px;color:#555;font-size:9pt;margin-bottom:12px}
.sign{margin-top:36px}
@page{size:A4;margin:15mm}
@media print{body{margin:0}.note-id,.id{display:none}}
"""


def _terms(doc: Document) -> list[tuple[str, str]]:
    """The terms under the item table, as (English label, plain text) in print order."""
    terms = [("Terms of delivery", doc.incoterm_text)]
    if doc.payment_terms:
        terms.append(("Payment terms", doc.payment_terms))
    if doc.lead_time_days:
        deposit = " and deposit" if "deposit" in doc.payment_terms.lower() else ""
        terms.append(("Lead time",
                      f"{doc.lead_time_days} days after order confirmation{deposit}"))
    if doc.moq:
        terms.append(("Minimum order", f"{doc.moq:,} {doc.items[0].unit}"))
    if doc.packing:
        terms.append(("Packing", doc.packing))
    terms.append(("Country of origin", doc.origin))
    return terms


def _bank_lines(bank: BankDetails) -> list[tuple[str, str]]:
    return [("Bank", bank.bank + (f", {bank.branch}" if bank.branch else "")),
            ("Account name", bank.account_name), ("Account no.", bank.account_number),
            ("SWIFT", bank.swift)]


def _item_rows_html(doc: Document) -> str:
    cur = doc.currency
    return "".join(
        f"<tr><td>{n}</td><td>{html.escape(item.description)}</td>"
        f"<td>{html.escape(item.hs_code)}</td>"
        f"<td class='num'>{item.quantity:,} {html.escape(item.unit)}</td>"
        f"<td class='num'>{_price(item.unit_price, cur)}</td>"
        f"<td class='num'>{_money(amount, cur)}</td></tr>"
        for n, (item, amount) in enumerate(zip(doc.items, doc.amounts, strict=True), start=1))


def _extras_html(doc: Document, pv: bool) -> str:
    """Bank details and notes, when the document has them."""
    out = ""
    if doc.bank is not None:
        body = "<br>".join(f"{k}: {html.escape(v)}" for k, v in _bank_lines(doc.bank))
        out += f"<h3>{_label('Bank details', pv)}</h3><p>{body}</p>"
    if doc.notes:
        items = "".join(f"<li>{html.escape(n)}</li>" for n in doc.notes)
        out += f"<h3>{_label('Notes', pv)}</h3><ul>{items}</ul>"
    return out


def to_html(doc: Document, *, participant_view: bool = False) -> str:
    """The document as one self-contained HTML page (inline CSS, no external files) with print
    CSS for A4. ``participant_view`` adds Indonesian labels (hidden when printed)."""
    if not isinstance(doc, Document):
        raise QuotationError(f"'doc' harus Document: {doc!r}")
    pv = participant_view
    lab = lambda text: _label(text, pv)  # noqa: E731 - a local shorthand
    cur = doc.currency
    terms = [(lab(k), html.escape(v)) for k, v in _terms(doc)]
    if doc.kind == "quotation":
        terms.append((lab("Valid until"), f"{doc.valid_until:%d %B %Y}"))
    term_rows = "".join(f"<tr><td><strong>{k}</strong></td><td>{v}</td></tr>" for k, v in terms)
    hint = ""
    if pv:
        hint = ("<div class='note-id'>Salinan untuk Anda: teks abu-abu dalam kurung adalah arti "
                "bahasa Indonesia dan tidak ikut tercetak. Kirim ke pembeli berkas tanpa "
                "terjemahan (<code>to_html(doc)</code> atau XLSX).</div>")
    validity = "" if doc.kind != "quotation" else (
        f"<tr><td>{lab('Valid until')}</td><td>{doc.valid_until:%d %B %Y}</td></tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(doc.title)} {html.escape(doc.number)} - {html.escape(doc.seller.name)}</title>
<style>{_CSS}</style></head><body>
{hint}
<h1>{lab(doc.title).upper() if not pv else lab(doc.title)}</h1>
<table class="meta"><tr>
<td style="width:50%"><em>{lab('Seller')}</em><br>{_party_html(doc.seller)}</td>
<td><em>{lab('Buyer')}</em><br>{_party_html(doc.buyer)}</td></tr></table>
<table class="meta" style="margin:12px 0"><tr><td>{lab('No.')}</td><td>{html.escape(doc.number)}
</td></tr><tr><td>{lab('Date')}</td><td>{doc.issue_date:%d %B %Y}</td></tr>{validity}</table>
<table class="items"><thead><tr><th>#</th><th>{lab('Description')}</th><th>{lab('HS code')}</th>
<th class="num">{lab('Quantity')}</th><th class="num">{lab('Unit price')} ({cur})</th>
<th class="num">{lab('Amount')} ({cur})</th></tr></thead><tbody>{_item_rows_html(doc)}
<tr class="total"><td colspan="3">{lab('Total')} {html.escape(doc.incoterm_text)}</td>
<td class="num">{doc.total_quantity:,}</td><td></td>
<td class="num">{cur} {_money(doc.total, cur)}</td></tr></tbody></table>
<table class="meta" style="margin-top:12px">{term_rows}</table>
{_extras_html(doc, pv)}
<p class="sign">For and on behalf of {html.escape(doc.seller.name)}<br><br><br>
______________________</p>
</body></html>
"""


def write_html(doc: Document, path: str | os.PathLike[str], *,
               participant_view: bool = False) -> Path:
    """Write :func:`to_html` to ``path`` (atomically) and return the path."""
    return atomic_write_text(path, to_html(doc, participant_view=participant_view))


def _xlsx_items(ws: Any, doc: Document, fmt: str) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    ws.append(["#", "Description", "HS code", "Quantity", "Unit",
               f"Unit price ({doc.currency})", f"Amount ({doc.currency})"])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for n, (item, amount) in enumerate(zip(doc.items, doc.amounts, strict=True), start=1):
        ws.append([n, item.description, item.hs_code, item.quantity, item.unit,
                   item.unit_price, amount])
        ws.cell(ws.max_row, 6).number_format = fmt
        ws.cell(ws.max_row, 7).number_format = fmt
    ws.append(["", f"Total {doc.incoterm_text}", "", doc.total_quantity, "", doc.currency,
               doc.total])
    for cell in ws[ws.max_row]:
        cell.font = bold
    ws.cell(ws.max_row, 7).number_format = fmt


def write_xlsx(doc: Document, path: str | os.PathLike[str]) -> Path:
    """The document as an Excel workbook (one sheet, English, numbers as numbers).

    The line amounts and the total are written as values (not formulas) so every program
    shows the same figures the HTML shows.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    if not isinstance(doc, Document):
        raise QuotationError(f"'doc' harus Document: {doc!r}")
    wb = Workbook()
    ws = wb.active
    ws.title = doc.title
    ws["A1"] = doc.title.upper()
    ws["A1"].font = Font(bold=True, size=16)
    for row in ([], ["Seller", doc.seller.name, "", "Buyer", doc.buyer.name],
                ["", doc.seller.address, "", "", doc.buyer.address],
                ["", doc.seller.country, "", "", doc.buyer.country], [], ["No.", doc.number]):
        ws.append(row)
    dates = [("Date", doc.issue_date)]
    if doc.kind == "quotation":
        dates.append(("Valid until", doc.valid_until))
    for label, day in dates:
        ws.append([label, day])
        ws.cell(ws.max_row, 2).number_format = "dd mmm yyyy"
    ws.append([])
    _xlsx_items(ws, doc, "#,##0.00" if CURRENCIES[doc.currency] else "#,##0")
    ws.append([])
    rows = _terms(doc)
    if doc.bank is not None:
        rows += [("", ""), *_bank_lines(doc.bank)]
    rows += [("Note", note) for note in doc.notes]
    for label, text in rows:
        ws.append([label, text] if label else [])
    for col, width in zip("ABCDEFG", (18, 44, 12, 12, 8, 18, 18), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column == 2)
    return atomic_write(path, wb.save)
