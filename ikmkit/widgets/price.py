"""The export price build-up tool: EXW -> FOB -> CFR -> CIF (:mod:`ikmkit.costing`)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import ipywidgets as W

from ikmkit import costing, usaha
from ikmkit.errors import IkmkitError
from ikmkit.widgets._base import (
    GREY as _GREY,
)
from ikmkit.widgets._base import (
    Tool as _Tool,
)
from ikmkit.widgets._base import (
    error_html as _error_html,
)
from ikmkit.widgets._base import (
    num as _num,
)
from ikmkit.widgets._base import (
    rp as _rp,
)
from ikmkit.widgets._base import (
    table_html as _table_html,
)
from ikmkit.widgets._base import (
    usd as _usd,
)
from ikmkit.widgets._usaha import UsahaMixin as _UsahaMixin
from ikmkit.widgets._usaha import number as _number
from ikmkit.widgets._usaha import set_value as _set_value

_PRICE_FIELDS: tuple[tuple[str, str, str], ...] = (
    # key, Indonesian label, kind ("idr", "usd", "pct", "rate", "units")
    ("hpp", "HPP seluruh pesanan (Rp)", "idr"),
    ("export_packing", "Kemasan ekspor (Rp)", "idr"),
    ("bank_charges", "Biaya bank, mis. T/T (Rp)", "idr"),
    ("margin", "Laba (Rp)", "idr"),
    ("inland_transport", "Truk ke pelabuhan (Rp)", "idr"),
    ("port_and_handling", "EMKL/forwarder, THC, muat (Rp)", "idr"),
    ("documents", "Dokumen: PEB, SKA, fumigasi (Rp)", "idr"),
    ("freight_usd", "Ongkos angkut laut (freight, US$)", "usd"),
    ("insurance_rate_pct", "Tarif asuransi (% dari nilai pertanggungan)", "pct"),
    ("kurs", "Kurs (Rp per US$, pakai kurs beli bank)", "rate"),
    ("units", "Jumlah unit dalam pesanan", "units"),
)

_PRICE_DEFAULTS: dict[str, float] = {
    # Konveksi Buah Hati, 12.000 jumper bayi ke Singapura (notebook 04.2; angka ilustrasi)
    "hpp": 264_696_000,
    "export_packing": 3_000_000,
    "bank_charges": 162_000,
    "margin": 39_704_400,
    "inland_transport": 1_500_000,
    "port_and_handling": 2_500_000,
    "documents": 750_000,
    "freight_usd": 336.0,
    "insurance_rate_pct": 0.3,
    "kurs": 16_200,
    "units": 12_000,
}


def _price_control(kind: str, label: str, value: float) -> W.ValueWidget:
    style = {"description_width": "300px"}
    layout = W.Layout(width="480px")
    if kind == "idr":
        return W.BoundedIntText(value=int(value), min=0, max=10**13, step=100_000,
                                description=label, style=style, layout=layout)
    if kind == "usd":
        return W.BoundedFloatText(value=float(value), min=0, max=10**9, step=10,
                                  description=label, style=style, layout=layout)
    if kind == "pct":
        return W.BoundedFloatText(value=float(value), min=0, max=10, step=0.05,
                                  description=label, style=style, layout=layout)
    return W.BoundedIntText(value=int(value), min=1, max=10**9, step=100 if kind == "rate" else 1,
                            description=label, style=style, layout=layout)


#: JSON keys of the ``harga`` section for each input (Indonesian, as in usaha_saya.json).
_USAHA_KEYS = {
    "hpp": "hpp_pesanan_idr", "export_packing": "kemasan_ekspor_idr",
    "bank_charges": "biaya_bank_idr", "margin": "laba_idr", "inland_transport": "truk_idr",
    "port_and_handling": "pelabuhan_idr", "documents": "dokumen_idr",
    "freight_usd": "freight_usd", "insurance_rate_pct": "asuransi_persen", "kurs": "kurs_beli",
    "units": "jumlah_unit",
}
_CENT = Decimal("0.01")


class PriceBuildUp(_UsahaMixin, _Tool):
    """Export price build-up EXW → FOB → CFR → CIF (:func:`ikmkit.costing.export_price`).

    Inputs (``controls``): the EXW components in rupiah (``hpp``, ``export_packing``,
    ``bank_charges``, ``margin``; per order), the costs up to the ship in rupiah
    (``inland_transport``, ``port_and_handling``, ``documents``), ``freight_usd`` in US
    dollars (forwarders quote ocean freight in dollars), ``insurance_rate_pct`` in percent,
    ``kurs`` (Rp per US$) and ``units`` (pieces in the order). The build-up is computed once in
    rupiah (``result``) and once in dollars (``result_usd``, each amount converted at ``kurs``
    to the cent), so each column adds up; ``table`` shows both and the price per unit.
    Keyword arguments override the defaults (an illustrative order of 12,000 baby jumpers).

    ``minimum_usd`` is the FOB price per unit **without profit** (margin 0): below it the
    order loses money. ``PriceBuildUp.from_usaha()`` keeps the participant's own build-up in
    the ``harga`` section of ``usaha_saya.json`` (the inputs, plus ``exw_usd_per_unit``,
    ``fob_usd_per_unit``, ``cfr_usd_per_unit``, ``cif_usd_per_unit``,
    ``fob_minimum_usd_per_unit``); the first time it starts from module 04's cost sheet (HPP
    per unit × the order) and module 03's shipment (the order's units).
    """

    SECTION = "harga"

    def __init__(self, **values: float) -> None:
        unknown = sorted(set(values) - set(_PRICE_DEFAULTS))
        if unknown:
            raise costing.CostingError(
                f"isian tidak dikenal: {', '.join(unknown)}; pilihan: {', '.join(_PRICE_DEFAULTS)}"
            )
        merged = {**_PRICE_DEFAULTS, **values}
        self.controls = {
            key: _price_control(kind, label, merged[key]) for key, label, kind in _PRICE_FIELDS
        }
        self.result: costing.PriceBuildUp | None = None
        self.result_usd: costing.PriceBuildUp | None = None
        self.minimum_usd: Decimal | None = None
        self.domestic_price_idr: int | None = None
        self.summary = W.HTML()
        self.table = W.HTML()
        c = self.controls
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Susun harga ekspor: EXW → FOB → CFR → CIF</h3>"
                   f"<span style='color:{_GREY}'>Incoterms 2020 (ICC). Asuransi menutup 110 % "
                   "dari CIF, jadi CIF = CFR ÷ (1 − 1,1 × tarif).</span>"),
            W.HTML("<b>1. Harga EXW (di tempat Anda)</b>"),
            c["hpp"], c["export_packing"], c["bank_charges"], c["margin"],
            W.HTML("<b>2. Biaya sampai barang di atas kapal (FOB)</b>"),
            c["inland_transport"], c["port_and_handling"], c["documents"],
            W.HTML("<b>3. Ongkos angkut, asuransi, kurs</b>"),
            c["freight_usd"], c["insurance_rate_pct"], c["kurs"], c["units"],
            W.HTML("<h4 style='margin-bottom:0'>Hasil</h4>"),
            self.summary, self.table,
        ])
        self._watch(self.controls.values())
        self.update()

    def update(self) -> None:
        """Recompute both build-ups and refresh ``summary`` and ``table``."""
        v = {key: control.value for key, control in self.controls.items()}
        try:
            rate = Decimal(str(v["insurance_rate_pct"])) / 100
            kurs = v["kurs"]
            freight_usd = Decimal(str(v["freight_usd"]))
            exw_idr = costing.exw_price(
                v["hpp"], export_packing=v["export_packing"],
                bank_charges=v["bank_charges"], margin=v["margin"],
            )
            idr = costing.export_price(
                exw_idr, inland_transport=v["inland_transport"],
                port_and_handling=v["port_and_handling"], documents=v["documents"],
                freight=costing.usd_to_idr(freight_usd, kurs), insurance_rate=rate,
            )
            usd = costing.export_price(
                costing.idr_to_usd(exw_idr, kurs),
                inland_transport=costing.idr_to_usd(v["inland_transport"], kurs),
                port_and_handling=costing.idr_to_usd(v["port_and_handling"], kurs),
                documents=costing.idr_to_usd(v["documents"], kurs),
                freight=freight_usd, insurance_rate=rate,
            )
            no_profit = costing.export_price(
                costing.idr_to_usd(exw_idr - Decimal(v["margin"]), kurs),
                inland_transport=costing.idr_to_usd(v["inland_transport"], kurs),
                port_and_handling=costing.idr_to_usd(v["port_and_handling"], kurs),
                documents=costing.idr_to_usd(v["documents"], kurs))
        except IkmkitError as exc:
            self.result = self.result_usd = self.minimum_usd = None
            self.summary.value = _error_html(exc)
            self.table.value = ""
            return
        self.result, self.result_usd = idr, usd
        units = int(v["units"])
        self.minimum_usd = (no_profit.fob / units).quantize(_CENT, ROUND_HALF_UP)
        labels = idr.as_table().index.tolist()
        rows = []
        for label, a, b in zip(labels, idr.as_table()["nilai"], usd.as_table()["nilai"],
                               strict=True):
            per_unit = "US$" + _num(b / units, 3)
            rows.append([label, _rp(a), _usd(b), per_unit])
        self.table.value = _table_html(
            rows, ["Komponen", "Rupiah", "US$", f"US$ per unit ({_num(units)} unit)"],
            bold_rows=(0, 2, 4, 6),
        )
        self.summary.value = (
            f"Penawaran per unit: <b>FOB {_usd(usd.fob / units)}</b> · CFR {_usd(usd.cfr / units)}"
            f" · <b>CIF {_usd(usd.cif / units)}</b> (kurs {_rp(kurs)} per US$). "
            f"Premi asuransi seluruh kiriman: {_usd(usd.insurance)}."
            f"<br>Harga FOB minimum tanpa laba: <b>{_usd(self.minimum_usd)}</b> per unit "
            "(di bawah harga ini pesanan rugi)."
            + self._domestic_text(usd.fob / units, kurs)
        )

    def _domestic_text(self, fob_usd: Decimal, kurs: int) -> str:
        if not self.domestic_price_idr:
            return ""
        fob_idr = costing.usd_to_idr(fob_usd, kurs)
        ratio = Decimal(fob_idr) / Decimal(self.domestic_price_idr) * 100
        return (f"<br>FOB per unit ≈ {_rp(fob_idr)} pada kurs ini, atau {_num(ratio, 0)} % dari "
                f"harga jual dalam negeri Anda ({_rp(self.domestic_price_idr)}). Harga ekspor "
                "sering lebih rendah dari harga eceran dalam negeri: bandingkan juga jumlah "
                "pesanan, kepastian bayar dan biaya pemasaran.")

    # -- Usaha saya
    def per_unit_usd(self, stage: str) -> Decimal | None:
        """The price per unit in US$ at ``"exw"``, ``"fob"``, ``"cfr"`` or ``"cif"``."""
        if self.result_usd is None:
            return None
        total: Decimal = getattr(self.result_usd, stage)
        return (total / int(self.controls["units"].value)).quantize(_CENT, ROUND_HALF_UP)

    def usaha_values(self) -> dict[str, Any]:
        """The build-up as saved in ``usaha_saya.json`` (section ``harga``)."""
        out: dict[str, Any] = {_USAHA_KEYS[k]: c.value for k, c in self.controls.items()}
        for stage in ("exw", "fob", "cfr", "cif"):
            value = self.per_unit_usd(stage)
            out[f"{stage}_usd_per_unit"] = None if value is None else float(value)
        out["fob_minimum_usd_per_unit"] = (None if self.minimum_usd is None
                                           else float(self.minimum_usd))
        return out

    def apply_usaha(self, values: Mapping[str, Any]) -> None:
        """Set the inputs from a saved ``harga`` section (bad values are skipped)."""
        with self.hold():
            for key, control in self.controls.items():
                value = _number(values, _USAHA_KEYS[key], high=10**13)
                if value is not None and key not in ("freight_usd", "insurance_rate_pct"):
                    value = int(value)
                _set_value(control, value)

    def after_load(self, data: usaha.UsahaSaya) -> None:
        """The domestic price of the cost sheet (``biaya``), to compare the FOB price with."""
        price = _number(data.sections.get("biaya", {}), "harga_jual_domestik_idr", low=1)
        self.domestic_price_idr = None if price is None else int(price)
        self.update()

    def prefill(self, data: usaha.UsahaSaya) -> bool:
        """The first time: HPP × units from the cost sheet (``biaya``), units from the shipment
        (``pengiriman``), no profit and no costs yet."""
        costs = data.sections.get("biaya", {})
        shipment = data.sections.get("pengiriman", {})
        hpp = _number(costs, "hpp_per_unit_idr", low=0.01)
        units = _number(shipment, "jumlah_unit", low=1, high=10**9) or _number(
            costs, "unit_per_bulan", low=1, high=10**9)
        if hpp is None or units is None:
            return False
        c = self.controls
        with self.hold():
            c["units"].value = int(units)
            c["hpp"].value = int(round(hpp * units))
            for key in ("export_packing", "bank_charges", "margin", "inland_transport",
                        "port_and_handling", "documents"):
                c[key].value = 0
            c["freight_usd"].value = 0.0
        return True
