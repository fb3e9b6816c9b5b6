"""The quotation form: an English quotation for a buyer from one's own price build-up
(:mod:`ikmkit.quotation`)."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import ipywidgets as W

from ikmkit import quotation, usaha
from ikmkit.errors import IkmkitError
from ikmkit.widgets._base import GREEN, GREY, Tool, error_html, esc, usd
from ikmkit.widgets._usaha import UsahaMixin, number, set_value, text

__all__ = ["INCOTERMS", "QuotationForm"]

INCOTERMS = ("EXW", "FCA", "FOB", "CPT", "CFR", "CIP", "CIF")
"""The rules the form offers: those a price build-up EXW → FOB → CFR → CIF can price."""

_STAGE = {"EXW": "exw", "FCA": "fob", "FOB": "fob", "CPT": "cfr", "CFR": "cfr",
          "CIP": "cif", "CIF": "cif"}
_TEXT_FIELDS = (
    # key, Indonesian label, JSON key in usaha_saya.json
    ("seller_name", "Nama usaha Anda (penjual)", "penjual"),
    ("seller_address", "Alamat Anda", "alamat_penjual"),
    ("seller_email", "Email Anda", "email_penjual"),
    ("buyer_name", "Nama pembeli (perusahaan)", "pembeli"),
    ("buyer_address", "Alamat pembeli", "alamat_pembeli"),
    ("buyer_country", "Negara pembeli", "negara_pembeli"),
    ("description", "Uraian barang (bahasa Inggris)", "uraian"),
    ("hs_code", "Kode HS", "kode_hs"),
    ("place", "Tempat Incoterm (mis. CFS Tanjung Perak, Surabaya)", "tempat"),
    ("payment_terms", "Syarat pembayaran (bahasa Inggris)", "syarat_pembayaran"),
    ("number", "Nomor penawaran", "nomor"),
)


class QuotationForm(UsahaMixin, Tool):
    """Fill in a quotation; see it as the buyer will (with the Indonesian meaning for you).

    ``controls``: the texts of ``_TEXT_FIELDS`` (seller, buyer, description, HS code, place,
    payment terms, number), ``quantity``, ``unit_price`` (US$), ``incoterm`` (one of
    :data:`INCOTERMS`), ``valid_days``, ``lead_time_days`` and ``moq``. ``result`` is the
    :class:`ikmkit.quotation.Document`; ``preview`` shows it (participant's view).
    ``prices`` holds the unit price per Incoterm stage taken from the price build-up: when the
    participant switches the Incoterm, the unit price follows.

    >>> form = QuotationForm(quantity=600, unit_price="8.34", issue_date=_dt.date(2026, 12, 1))
    >>> form.result.total, form.result.valid_until
    (Decimal('5004.00'), datetime.date(2026, 12, 31))

    ``QuotationForm.from_usaha()`` saves the quotation under the key ``penawaran`` of the
    ``pasar`` section (the market choice's keys are kept); the first time it takes the seller
    from module 00 (``bisnis``), the HS code and market from the market choice, and the
    quantity and unit prices from module 04's price build-up (``harga``).
    """

    SECTION = "pasar"
    MERGE = True

    def __init__(self, *, quantity: int = 1_000, unit_price: object = "1.00",
                 incoterm: str = "FCA", issue_date: _dt.date | None = None,
                 **texts: str) -> None:
        unknown = sorted(set(texts) - {k for k, _, _ in _TEXT_FIELDS})
        if unknown:
            raise quotation.QuotationError(f"isian tidak dikenal: {', '.join(unknown)}")
        if incoterm not in INCOTERMS:
            raise quotation.QuotationError(f"'incoterm' harus salah satu dari "
                                           f"{', '.join(INCOTERMS)}: {incoterm!r}")
        self.issue_date = issue_date
        defaults = {"seller_name": "Usaha Saya", "seller_address": "Jawa Timur",
                    "buyer_name": "Buyer Co. Ltd", "buyer_address": "-",
                    "buyer_country": "Malaysia", "description": "Product",
                    "place": "CFS Tanjung Perak, Surabaya",
                    "payment_terms": "30 % T/T deposit with order, 70 % T/T before shipment"}
        style = {"description_width": "300px"}
        layout = W.Layout(width="640px")
        self.controls = {
            key: W.Text(value=texts.get(key, defaults.get(key, "")), description=label,
                        style=style, layout=layout)
            for key, label, _ in _TEXT_FIELDS
        }
        self.controls.update({
            "quantity": W.BoundedIntText(value=int(quantity), min=1, max=10**9,
                                         description="Jumlah (unit)", style=style,
                                         layout=W.Layout(width="460px")),
            "incoterm": W.Dropdown(options=list(INCOTERMS), value=incoterm,
                                   description="Incoterm (Incoterms 2020)", style=style,
                                   layout=W.Layout(width="460px")),
            "unit_price": W.BoundedFloatText(value=float(Decimal(str(unit_price))), min=0,
                                             max=10**7, step=0.01,
                                             description="Harga satuan (US$)", style=style,
                                             layout=W.Layout(width="460px")),
            "valid_days": W.BoundedIntText(value=30, min=1, max=365,
                                           description="Berlaku (hari)", style=style,
                                           layout=W.Layout(width="460px")),
            "lead_time_days": W.BoundedIntText(value=45, min=1, max=365,
                                               description="Lead time (hari)", style=style,
                                               layout=W.Layout(width="460px")),
            "moq": W.BoundedIntText(value=0, min=0, max=10**9,
                                    description="Pesanan minimum, MOQ (0 = tidak disebut)",
                                    style=style, layout=W.Layout(width="460px")),
        })
        self.prices: dict[str, Decimal] = {}
        self.result: quotation.Document | None = None
        self.preview = W.HTML()
        self.status = W.HTML()
        self.files_button = W.Button(description="Buat berkas untuk pembeli", icon="file",
                                     tooltip="HTML (cetak ke PDF) dan XLSX, bahasa Inggris")
        self.files_button.on_click(lambda _button: self.write_files())
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Penawaran harga (quotation) untuk pembeli</h3>"
                   f"<span style='color:{GREY}'>Dokumen untuk pembeli berbahasa Inggris; arti "
                   "bahasa Indonesia (abu-abu) hanya di salinan Anda.</span>"),
            *self.controls.values(),
            W.HTML("<h4 style='margin-bottom:0'>Pratinjau</h4>"), self.preview,
            W.HBox([self.files_button, self.status]),
        ])
        self._watch(self.controls.values())
        self.controls["incoterm"].observe(self._on_incoterm, names="value")
        self.update()

    def _on_incoterm(self, change: Mapping[str, Any] | None = None) -> None:
        stage = _STAGE[self.controls["incoterm"].value]
        if stage in self.prices:
            self.controls["unit_price"].value = float(self.prices[stage])

    def update(self) -> None:
        """Rebuild the quotation and its preview."""
        c = self.controls
        try:
            self.result = quotation.make_quotation(
                seller=quotation.Party(c["seller_name"].value, c["seller_address"].value,
                                       "Indonesia", email=c["seller_email"].value),
                buyer=quotation.Party(c["buyer_name"].value, c["buyer_address"].value,
                                      c["buyer_country"].value),
                items=[quotation.LineItem(c["description"].value, int(c["quantity"].value),
                                          Decimal(str(c["unit_price"].value)),
                                          hs_code=c["hs_code"].value)],
                incoterm=c["incoterm"].value, place=c["place"].value, currency="USD",
                number=c["number"].value.strip(), issue_date=self.issue_date,
                valid_days=int(c["valid_days"].value),
                payment_terms=c["payment_terms"].value,
                lead_time_days=int(c["lead_time_days"].value),
                moq=int(c["moq"].value) or None,
            )
        except IkmkitError as exc:
            self.result = None
            self.preview.value = error_html(exc)
            return
        self.preview.value = quotation.to_html(self.result, participant_view=True)

    def write_files(self, folder: str | os.PathLike[str] | None = None) -> list[Path]:
        """Write the buyer's copy (HTML and XLSX) into *folder* (default: beside
        ``usaha_saya.json``); report in ``status``."""
        if self.result is None:
            self.status.value = error_html(quotation.QuotationError(
                "penawaran belum lengkap: periksa isian di atas"))
            return []
        if folder is not None:
            target = Path(folder)
        elif self.usaha_path is not None:
            target = Path(self.usaha_path).parent
        else:
            target = usaha.locate().parent
        stem = "penawaran-" + "".join(ch if ch.isalnum() or ch in "-_" else "-"
                                      for ch in self.result.number)
        try:
            written = [quotation.write_html(self.result, target / f"{stem}.html"),
                       quotation.write_xlsx(self.result, target / f"{stem}.xlsx")]
        except (IkmkitError, OSError) as exc:
            self.status.value = error_html(exc)
            return []
        self.status.value = (f"<span style='color:{GREEN}'>Tersimpan: "
                             f"{esc(', '.join(p.name for p in written))}</span>")
        return written

    # -- Usaha saya
    def usaha_values(self) -> dict[str, Any]:
        """``{"penawaran": {...}}`` for the ``pasar`` section of ``usaha_saya.json``."""
        c, doc = self.controls, self.result
        offer: dict[str, Any] = {json_key: c[key].value for key, _, json_key in _TEXT_FIELDS}
        offer.update({
            "jumlah": int(c["quantity"].value), "incoterm": c["incoterm"].value,
            "harga_satuan_usd": float(c["unit_price"].value),
            "berlaku_hari": int(c["valid_days"].value),
            "lead_time_hari": int(c["lead_time_days"].value), "moq": int(c["moq"].value),
            "total_usd": None if doc is None else float(doc.total),
            "tanggal": None if doc is None else doc.issue_date.isoformat(),
            "berlaku_sampai": None if doc is None else doc.valid_until.isoformat(),
        })
        return {"penawaran": offer}

    def own_values(self, data: usaha.UsahaSaya) -> Mapping[str, Any] | None:
        """The quotation saved before (``pasar.penawaran``), or None the first time."""
        offer = data.sections.get(self.SECTION, {}).get("penawaran")
        return {"penawaran": offer} if isinstance(offer, Mapping) and offer else None

    def apply_usaha(self, values: Mapping[str, Any]) -> None:
        """Set the form from ``pasar.penawaran``."""
        offer = values.get("penawaran")
        if not isinstance(offer, Mapping):
            return
        c = self.controls
        with self.hold():
            for key, _, json_key in _TEXT_FIELDS:
                if isinstance(offer.get(json_key), str):
                    c[key].value = offer[json_key]
            qty = number(offer, "jumlah", low=1, high=10**9)
            set_value(c["quantity"], None if qty is None else int(qty))
            set_value(c["incoterm"], offer.get("incoterm"))
            set_value(c["unit_price"], number(offer, "harga_satuan_usd", high=10**7))
            for key, json_key in (("valid_days", "berlaku_hari"),
                                  ("lead_time_days", "lead_time_hari"), ("moq", "moq")):
                value = number(offer, json_key, high=10**9)
                set_value(c[key], None if value is None else int(value))

    def _from_market(self, values: Mapping[str, Any]) -> bool:
        c = self.controls
        found = False
        if text(values, "kode_hs"):
            c["hs_code"].value = text(values, "kode_hs")
            found = True
        market = text(values, "pasar_pertama")
        if market:
            c["buyer_country"].value = market.split(" (")[0]
            found = True
        return found

    def prefill(self, data: usaha.UsahaSaya) -> bool:
        """The first time: seller (``bisnis``), market (``pasar``), prices (``harga``)."""
        c = self.controls
        found = False
        with self.hold():
            business = data.sections.get("bisnis", {})
            if text(business, "nama_usaha"):
                c["seller_name"].value = text(business, "nama_usaha")
                found = True
            place = ", ".join(p for p in (text(business, "alamat"),
                                          text(business, "kabupaten")) if p)
            if place:
                c["seller_address"].value = place
            found = self._from_market(data.sections.get("pasar", {})) or found
            price = data.sections.get("harga", {})
            units = number(price, "jumlah_unit", low=1, high=10**9)
            if units is not None:
                c["quantity"].value = int(units)
            for stage in ("exw", "fob", "cfr", "cif"):
                value = number(price, f"{stage}_usd_per_unit", low=0.0001, high=10**7)
                if value is not None:
                    self.prices[stage] = Decimal(str(value))
            if self.prices:
                found = True
                self._on_incoterm()
        return found

    def describe_prices(self) -> str:
        """The unit prices taken from the build-up, one line (for the worksheet)."""
        if not self.prices:
            return "Belum ada harga dari modul 04."
        return " · ".join(f"{stage.upper()} {usd(v)}" for stage, v in self.prices.items())
