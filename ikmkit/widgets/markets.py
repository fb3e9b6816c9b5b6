"""The market chooser: rank candidate markets for one HS code with one's own weights
(:func:`ikmkit.markets.rank`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import ipywidgets as W
import pandas as pd

from ikmkit import markets, usaha
from ikmkit.errors import IkmkitError
from ikmkit.widgets._base import GREY, WIDE, Tool, error_html, esc, num, table_html
from ikmkit.widgets._usaha import UsahaMixin, number, set_value, strings, text

__all__ = ["FACTOR_LABELS", "SECTOR_HS", "MarketChooser"]

FACTOR_LABELS = {"permintaan": "Permintaan (impor negara itu)",
                 "pangsa": "Pangsa Indonesia (pembeli sudah kenal)",
                 "tarif": "Tarif bea masuk rendah",
                 "persyaratan": "Persyaratan sedikit"}

SECTOR_HS = {"konveksi": "6111.20", "batik": "5208.52", "bordir": "6211.42",
             "makanan-minuman": "2008.19"}
"""The example HS subheading of each sector in ``markets.toml`` (a first guess when the
participant's business is known; they change it)."""


class MarketChooser(UsahaMixin, Tool):
    """Rank the candidate markets of an HS code (:func:`ikmkit.markets.rank`) and choose one.

    ``controls``: ``hs`` (an HS subheading of ``markets.toml``), ``form_d`` (the certificate of
    origin will be sent), one weight per factor (``permintaan``, ``pangsa``, ``tarif``,
    ``persyaratan``; any numbers ≥ 0) and ``first`` (the market the participant chooses,
    the top one by default). ``held`` maps requirement ids to "sudah saya penuhi" checkboxes.
    ``result`` is the ranking table (a DataFrame, as :func:`markets.rank` gives it).

    >>> tool = MarketChooser(hs="2008.19", held=["halal", "sertifikat_kesehatan"],
    ...                      weights={"permintaan": 1, "pangsa": 1, "tarif": 1, "persyaratan": 2})
    >>> tool.result.index[0] == tool.controls["first"].value
    True

    ``MarketChooser.from_usaha()`` keeps the choice in the ``pasar`` section of
    ``usaha_saya.json`` (``kode_hs``, ``dengan_form_d``, ``bobot``, ``sudah_dipenuhi``,
    ``peringkat``, ``skor``, ``pasar_pertama``; the quotation's key ``penawaran`` is kept);
    the first time it guesses the HS code from the sector (module 00) and ticks the
    requirements met in modules 01 and 03.
    """

    SECTION = "pasar"
    MERGE = True

    def __init__(self, hs: str = "6111.20", *, held: Iterable[str] = (),
                 weights: Mapping[str, float] | None = None, form_d: bool = True) -> None:
        self.data = markets.load_markets()
        codes = markets.products(self.data)
        if hs not in codes.index:
            raise markets.MarketError(f"kode HS {hs!r} tidak ada di data pasar; yang ada: "
                                      f"{', '.join(codes.index)}")
        style = {"description_width": "260px"}
        start = dict(markets.DEFAULT_WEIGHTS if weights is None else weights)
        unknown = sorted(set(start) - set(markets.FACTORS))
        if unknown:
            raise markets.MarketError(f"bobot tidak dikenal: {', '.join(unknown)}; pilihan: "
                                      f"{', '.join(markets.FACTORS)}")
        scale = 10 if weights is None else 1
        self.controls = {
            "hs": W.Dropdown(options=[(f"{hs_code}: {row['produk']}", hs_code)
                                      for hs_code, row in codes.iterrows()],
                             value=hs, description="Kode HS produk", style=style,
                             layout=W.Layout(width="640px")),
            "form_d": W.Checkbox(value=bool(form_d), indent=False, layout=WIDE,
                                 description="Saya akan mengirim surat keterangan asal (Form D, "
                                             "IJEPA, IA-CEPA) bila ada perjanjiannya"),
            **{f: W.BoundedFloatText(value=float(start.get(f, 0)) * scale, min=0, max=100,
                                     step=1, description=f"Bobot: {FACTOR_LABELS[f]}",
                                     style=style, layout=W.Layout(width="380px"))
               for f in markets.FACTORS},
            "first": W.Dropdown(options=[], description="Pasar pertama pilihan saya",
                                style=style, layout=W.Layout(width="520px")),
        }
        self.held = {
            rid: W.Checkbox(value=False, description=f"{req.label} ({req.source})",
                            indent=False, layout=WIDE)
            for rid, req in self.data.requirements.items()
        }
        for rid in held:
            if rid not in self.held:
                raise markets.MarketError(f"persyaratan tidak dikenal: {rid!r}; pilihan: "
                                          f"{', '.join(self.held)}")
            self.held[rid].value = True
        self.result: pd.DataFrame | None = None
        self.summary = W.HTML()
        self.table = W.HTML()
        c = self.controls
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Memilih pasar tujuan</h3>"
                   f"<span style='color:{GREY}'>Skor 0–100 per faktor; skor total = rata-rata "
                   "berbobot. Bobot adalah pilihan Anda.</span>"),
            c["hs"], c["form_d"],
            W.HTML("<b>Persyaratan yang sudah saya penuhi</b>"), W.VBox(list(self.held.values())),
            W.HTML("<b>Bobot (angka berapa saja ≥ 0; dibagi jumlahnya)</b>"),
            *(c[f] for f in markets.FACTORS),
            W.HTML("<h4 style='margin-bottom:0'>Hasil</h4>"), self.summary, self.table,
            c["first"],
        ])
        self._watch([c[k] for k in ("hs", "form_d", *markets.FACTORS)])
        self._watch(self.held.values())
        self.update()

    def held_ids(self) -> list[str]:
        """The requirements ticked as met."""
        return [rid for rid, box in self.held.items() if box.value]

    def weights(self) -> dict[str, float]:
        """The weights as typed."""
        return {f: float(self.controls[f].value) for f in markets.FACTORS}

    def update(self) -> None:
        """Rank again and refresh the table and the choice."""
        c = self.controls
        try:
            table = markets.rank(c["hs"].value, form_d=bool(c["form_d"].value),
                                 held=self.held_ids(), weights=self.weights(), data=self.data)
        except IkmkitError as exc:
            self.result = None
            self.summary.value = error_html(exc)
            self.table.value = ""
            return
        self.result = table
        names = list(table.index)
        chosen = c["first"].value
        c["first"].options = names
        c["first"].value = chosen if chosen in names else names[0]
        rows = [[name, num(int(r["peringkat"])), num(float(r["skor_total"]), 1),
                 num(float(r["tarif_pct"]), 1, trim=True) + " %", str(r["perjanjian"]),
                 num(int(r["persyaratan_kurang"])), num(float(r["impor_usd_juta"]), 1)]
                for name, r in table.iterrows()]
        self.table.value = table_html(rows, ["Pasar", "Peringkat", "Skor total", "Tarif",
                                             "Perjanjian", "Persyaratan kurang",
                                             "Impor (US$ juta)"])
        note = table.attrs.get("catatan", "")
        self.summary.value = (f"Peringkat 1: <b>{esc(names[0])}</b>."
                              + (f"<br><span style='color:{GREY}'>{esc(note)}</span>"
                                 if note else ""))

    # -- Usaha saya
    def usaha_values(self) -> dict[str, Any]:
        """The choice as saved in ``usaha_saya.json`` (section ``pasar``)."""
        table = self.result
        return {
            "kode_hs": self.controls["hs"].value,
            "dengan_form_d": bool(self.controls["form_d"].value),
            "bobot": self.weights(),
            "sudah_dipenuhi": self.held_ids(),
            "peringkat": [] if table is None else list(table.index),
            "skor": {} if table is None else {name: float(r["skor_total"])
                                              for name, r in table.iterrows()},
            "pasar_pertama": self.controls["first"].value,
        }

    def own_values(self, data: usaha.UsahaSaya) -> Mapping[str, Any] | None:
        """The choice saved before (a ``pasar`` section with ``kode_hs``), or None."""
        values = data.sections.get(self.SECTION, {})
        return values if text(values, "kode_hs") else None

    def apply_usaha(self, values: Mapping[str, Any]) -> None:
        """Set the chooser from a saved ``pasar`` section (bad values are skipped)."""
        c = self.controls
        with self.hold():
            set_value(c["hs"], text(values, "kode_hs") or None)
            if isinstance(values.get("dengan_form_d"), bool):
                c["form_d"].value = values["dengan_form_d"]
            weights = values.get("bobot")
            if isinstance(weights, Mapping):
                for f in markets.FACTORS:
                    set_value(c[f], number(weights, f, high=100))
            met = set(strings(values, "sudah_dipenuhi"))
            for rid, box in self.held.items():
                box.value = rid in met
        first = text(values, "pasar_pertama")
        if first in list(c["first"].options):
            c["first"].value = first

    def prefill(self, data: usaha.UsahaSaya) -> bool:
        """The first time: the sector's HS code; halal and labels already met ticked."""
        sector = text(data.sections.get("bisnis", {}), "sektor")
        found = False
        with self.hold():
            if SECTOR_HS.get(sector) in list(o[1] for o in self.controls["hs"].options):
                self.controls["hs"].value = SECTOR_HS[sector]
                found = True
            certs = data.sections.get("sertifikasi", {})
            held = set(strings(certs, "dimiliki")) | set(strings(certs, "held"))
            if "halal" in held:
                self.held["halal"].value = found = True
            label = data.sections.get("label", {})
            if label and not strings(label, "kurang"):
                market, kind = text(label, "pasar"), text(label, "jenis")
                key = {("EU", "pangan"): "label_pangan_ue", ("EU", "tekstil"): "label_serat_ue",
                       ("US", "tekstil"): "label_serat_asal"}.get((market, kind))
                if key:
                    self.held[key].value = found = True
        return found
