"""The order-financing tool: one export order's cash flow under each payment term
(:func:`ikmkit.finance.compare_terms`)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import ipywidgets as W

from ikmkit import finance, usaha
from ikmkit.errors import IkmkitError
from ikmkit.widgets._base import GREY, Tool, error_html, esc, num, rp, table_html
from ikmkit.widgets._usaha import UsahaMixin, number, set_value, text

__all__ = ["OrderFinancing"]

_FLOWS = (("material", "Beli bahan"), ("wages", "Upah produksi"), ("shipping", "Truk, "
                                                                             "forwarder, dokumen"))


class OrderFinancing(UsahaMixin, Tool):
    """How much money one order needs, for how long, and what it costs, per payment term.

    ``controls``: ``order_value`` (rupiah the buyer pays), for each outgoing flow
    (``material``, ``wages``, ``shipping``) a ``<flow>_day`` and a ``<flow>_idr``,
    ``ship_day`` (the day the goods leave), ``term`` (a key of
    :data:`ikmkit.finance.PAYMENT_TERMS`), ``credit_days`` (open account / D/A),
    ``advance_pct`` (T/T deposit, %) and ``rate_pct`` (loan interest, % a year). ``comparison``
    is :func:`ikmkit.finance.compare_terms` for all five terms; ``result`` the chosen term's
    :class:`ikmkit.finance.TermOutcome`.

    >>> tool = OrderFinancing(order_value=230_000_000, material=(0, 120_000_000),
    ...                       wages=(30, 60_000_000), shipping=(45, 8_000_000), ship_day=45,
    ...                       term="open_account", credit_days=30, rate_pct=6)
    >>> tool.result.peak_idr, tool.result.cash_in_day
    (188000000, 75)

    ``OrderFinancing.from_usaha()`` keeps the plan in the ``pembiayaan`` section of
    ``usaha_saya.json`` (``nilai_pesanan_idr``, ``arus_kas``, ``hari_kirim``,
    ``syarat_pembayaran``, ``hari_kredit``, ``uang_muka_persen``, ``bunga_setahun_persen`` and
    the results ``dana_dibiayai_idr``, ``hari_dibiayai``, ``bunga_idr``, ``biaya_bank_idr``,
    ``sisa_idr``); the first time it builds the order from modules 04 and 05: the quotation's
    total (or the FOB price × units) at the build-up's rate, materials (variable direct
    material and overhead) and wages (variable direct labour) from the cost sheet per unit ×
    units, and the costs to the port from the build-up.
    """

    SECTION = "pembiayaan"

    def __init__(self, *, order_value: int = 36_000_000,
                 material: tuple[int, int] = (0, 20_000_000),
                 wages: tuple[int, int] = (20, 8_000_000),
                 shipping: tuple[int, int] = (30, 1_500_000), ship_day: int = 30,
                 term: str = "tt_advance", credit_days: int = 30, advance_pct: float = 30,
                 rate_pct: float = 6) -> None:
        keys = [t.key for t in finance.PAYMENT_TERMS]
        if term not in keys:
            raise finance.FinanceError(f"syarat pembayaran tidak dikenal: {term!r}; pilihan: "
                                       f"{', '.join(keys)}")
        style = {"description_width": "260px"}
        layout = W.Layout(width="460px")

        def rupiah(label: str, value: int) -> W.BoundedIntText:
            return W.BoundedIntText(value=int(value), min=0, max=10**14, step=1_000_000,
                                    description=label, style=style, layout=layout)

        def day(label: str, value: int) -> W.BoundedIntText:
            return W.BoundedIntText(value=int(value), min=0, max=3_650, description=label,
                                    style=style, layout=W.Layout(width="360px"))

        start = {"material": material, "wages": wages, "shipping": shipping}
        self.controls = {"order_value": rupiah("Nilai pesanan (Rp, dibayar pembeli)",
                                               order_value)}
        for key, label in _FLOWS:
            self.controls[f"{key}_day"] = day(f"{label}: hari ke-", start[key][0])
            self.controls[f"{key}_idr"] = rupiah(f"{label}: jumlah (Rp)", start[key][1])
        self.controls.update({
            "ship_day": day("Barang dikirim: hari ke-", ship_day),
            "term": W.Dropdown(options=[(t.name, t.key) for t in finance.PAYMENT_TERMS],
                               value=term, description="Syarat pembayaran", style=style,
                               layout=W.Layout(width="640px")),
            "credit_days": day("Tempo pembeli (open account, D/A), hari", credit_days),
            "advance_pct": W.BoundedFloatText(value=float(advance_pct), min=0, max=100, step=5,
                                              description="Uang muka T/T (%)", style=style,
                                              layout=W.Layout(width="360px")),
            "rate_pct": W.BoundedFloatText(value=float(rate_pct), min=0, max=100, step=0.5,
                                           description="Bunga kredit (% setahun, efektif)",
                                           style=style, layout=W.Layout(width="360px")),
        })
        self.comparison: list[finance.TermOutcome] = []
        self.result: finance.TermOutcome | None = None
        self.summary = W.HTML()
        self.table = W.HTML()
        c = self.controls
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Membiayai satu pesanan ekspor</h3>"
                   f"<span style='color:{GREY}'>Hari dihitung dari hari pesanan (hari ke-0). "
                   "Bunga = saldo minus × bunga × hari ÷ 360. Biaya bank: perkiraan "
                   "(tanyakan tarif bank Anda).</span>"),
            c["order_value"], *(c[f"{k}_{p}"] for k, _ in _FLOWS for p in ("day", "idr")),
            c["ship_day"], c["term"], c["credit_days"], c["advance_pct"], c["rate_pct"],
            W.HTML("<h4 style='margin-bottom:0'>Hasil</h4>"), self.summary, self.table,
        ])
        self._watch(self.controls.values())
        self.update()

    def flows(self) -> list[finance.Flow]:
        """The order's outgoing cash flows (negative amounts)."""
        c = self.controls
        return [finance.Flow(int(c[f"{k}_day"].value), -int(c[f"{k}_idr"].value), label)
                for k, label in _FLOWS if c[f"{k}_idr"].value]

    def update(self) -> None:
        """Compare the five terms and refresh the outputs."""
        c = self.controls
        try:
            rows = finance.compare_terms(
                int(c["order_value"].value), self.flows(), ship_day=int(c["ship_day"].value),
                annual_rate=Decimal(str(c["rate_pct"].value)) / 100,
                advance_share=Decimal(str(c["advance_pct"].value)) / 100,
                credit_days=int(c["credit_days"].value))
        except IkmkitError as exc:
            self.comparison, self.result = [], None
            self.summary.value = error_html(exc)
            self.table.value = ""
            return
        self.comparison = rows
        self.result = next(r for r in rows if r.key == c["term"].value)
        r = self.result
        self.summary.value = (
            f"Dengan <b>{esc(r.name)}</b>: uang pembeli lunas hari ke-{num(r.cash_in_day)}. "
            f"Dana yang dibiayai: <b>{rp(r.peak_idr)}</b> selama {num(r.days_financed)} hari; "
            f"bunga {rp(r.interest_idr)}, biaya bank {rp(r.bank_fee_idr)}. "
            f"Sisa untuk usaha: <b>{rp(r.net_idr)}</b>."
            f"<br><span style='color:{GREY}'>Risiko penjual: {esc(r.seller_risk)} "
            f"({esc(r.rule)}).</span>")
        self.table.value = table_html(
            [[o.name, num(o.cash_in_day), rp(o.peak_idr), rp(o.interest_idr),
              rp(o.bank_fee_idr), rp(o.net_idr)] for o in rows],
            ["Syarat pembayaran", "Lunas hari ke-", "Dana dibiayai", "Bunga", "Biaya bank",
             "Sisa"])

    # -- Usaha saya
    def usaha_values(self) -> dict[str, Any]:
        """The plan as saved in ``usaha_saya.json`` (section ``pembiayaan``)."""
        c, r = self.controls, self.result
        return {
            "nilai_pesanan_idr": int(c["order_value"].value),
            "arus_kas": [{"hari": f.day, "rp": f.amount_idr, "keterangan": f.label}
                         for f in self.flows()],
            "hari_kirim": int(c["ship_day"].value),
            "syarat_pembayaran": c["term"].value,
            "hari_kredit": int(c["credit_days"].value),
            "uang_muka_persen": float(c["advance_pct"].value),
            "bunga_setahun_persen": float(c["rate_pct"].value),
            "dana_dibiayai_idr": r.peak_idr if r else None,
            "hari_dibiayai": r.days_financed if r else None,
            "bunga_idr": r.interest_idr if r else None,
            "biaya_bank_idr": r.bank_fee_idr if r else None,
            "sisa_idr": r.net_idr if r else None,
        }

    def apply_usaha(self, values: Mapping[str, Any]) -> None:
        """Set the plan from a saved ``pembiayaan`` section (bad values are skipped)."""
        c = self.controls
        with self.hold():
            value = number(values, "nilai_pesanan_idr", high=10**14)
            set_value(c["order_value"], None if value is None else int(value))
            saved = values.get("arus_kas")
            if isinstance(saved, list):
                by_label = {text(f, "keterangan"): f for f in saved if isinstance(f, Mapping)}
                for key, label in _FLOWS:
                    flow = by_label.get(label)
                    if flow is None:
                        continue
                    when = number(flow, "hari", high=3_650)
                    amount = number(flow, "rp", low=-(10**14), high=0)
                    set_value(c[f"{key}_day"], None if when is None else int(when))
                    set_value(c[f"{key}_idr"], None if amount is None else -int(amount))
            for key, json_key, high in (("ship_day", "hari_kirim", 3_650),
                                        ("credit_days", "hari_kredit", 3_650)):
                v = number(values, json_key, high=high)
                set_value(c[key], None if v is None else int(v))
            set_value(c["term"], values.get("syarat_pembayaran"))
            set_value(c["advance_pct"], number(values, "uang_muka_persen", high=100))
            set_value(c["rate_pct"], number(values, "bunga_setahun_persen", high=100))

    def prefill(self, data: usaha.UsahaSaya) -> bool:
        """The first time: the order from the quotation/price build-up and the cost sheet."""
        price = data.sections.get("harga", {})
        costs = data.sections.get("biaya", {})
        offer = data.sections.get("pasar", {}).get("penawaran", {})
        rate = number(price, "kurs_beli", low=1, high=10**6)
        units = number(offer, "jumlah", low=1, high=10**9) if isinstance(offer, Mapping) \
            else None
        units = units or number(price, "jumlah_unit", low=1, high=10**9)
        if rate is None or units is None:
            return False
        c = self.controls
        with self.hold():
            total_usd = number(offer, "total_usd", low=0.01, high=10**10) \
                if isinstance(offer, Mapping) else None
            if total_usd is None:
                fob = number(price, "fob_usd_per_unit", low=0.0001, high=10**7)
                total_usd = None if fob is None else fob * units
            if total_usd is not None:
                c["order_value"].value = int(round(total_usd * rate))
            per_month = number(costs, "unit_per_bulan", low=1, high=10**9)
            lines = costs.get("pos") if isinstance(costs.get("pos"), list) else []
            if per_month and lines:
                def per_unit(*categories: str) -> float:
                    return sum(float(line["rp"]) for line in lines
                               if isinstance(line, Mapping)
                               and line.get("kategori") in categories
                               and line.get("perilaku") == "variabel"
                               and isinstance(line.get("rp"), (int, float))) / per_month
                c["material_idr"].value = int(round(per_unit("bbb", "overhead") * units))
                c["wages_idr"].value = int(round(per_unit("btkl") * units))
            to_port = sum(number(price, k, 0, high=10**13) or 0
                          for k in ("truk_idr", "pelabuhan_idr", "dokumen_idr"))
            if to_port:
                c["shipping_idr"].value = int(to_port)
        return True
