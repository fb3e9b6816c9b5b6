"""The cost sheet: a month's costs → HPP per unit, fixed and variable costs, break-even
(:func:`ikmkit.costing.cost_summary`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import ipywidgets as W

from ikmkit import costing, usaha
from ikmkit.errors import IkmkitError
from ikmkit.widgets._base import GREY, RED, Tool, error_html, esc, num, rp, table_html
from ikmkit.widgets._usaha import UsahaMixin, number, set_value, text

__all__ = ["DEFAULT_LINES", "ROWS", "CostSheet"]

ROWS = 14
"""Lines on the form; empty lines (Rp0) are left out of the sums."""

DEFAULT_LINES: tuple[tuple[str, str, str], ...] = (
    ("Bahan baku utama (kain, kedelai, ...)", "bbb", "variabel"),
    ("Bahan baku lain", "bbb", "variabel"),
    ("Bahan penolong (benang, kancing, label, plastik)", "overhead", "variabel"),
    ("Upah borongan / harian pekerja", "btkl", "variabel"),
    ("Upah Anda sendiri (pemilik yang ikut bekerja)", "btkl", "tetap"),
    ("Listrik, air, gas", "overhead", "tetap"),
    ("Sewa tempat", "overhead", "tetap"),
    ("Penyusutan mesin dan alat", "overhead", "tetap"),
    ("Gaji admin / pengawas", "overhead", "tetap"),
    ("Lain-lain", "overhead", "tetap"),
)
"""The starting lines of an empty sheet: a reminder of the costs owners forget (their own wage,
depreciation)."""

_CATEGORY_OPTIONS = [("bahan baku langsung", "bbb"), ("tenaga kerja langsung", "btkl"),
                     ("overhead pabrik", "overhead")]
_BEHAVIOUR_OPTIONS = [("variabel (ikut jumlah produksi)", "variabel"),
                      ("tetap (tiap bulan sama)", "tetap")]
_REMINDERS = (
    ("upah anda sendiri", "Upah Anda sendiri belum diisi: tanpa itu HPP terlalu rendah."),
    ("penyusutan", "Penyusutan mesin dan alat belum diisi: mesin juga ada harganya."),
)


class CostSheet(UsahaMixin, Tool):
    """A month's cost sheet on a form: one line per cost, HPP and break-even live.

    ``controls``: per line ``i`` (0 to :data:`ROWS` − 1) ``nama_i`` (text), ``kategori_i``
    (bbb / btkl / overhead), ``perilaku_i`` (tetap / variabel), ``rp_i`` (rupiah a month) and
    ``impor_i`` (percent of the line bought in dollars); plus ``units`` (units made a month),
    ``unit_name`` and ``price`` (today's selling price per unit, for the break-even). Lines of
    Rp0 are ignored. ``result`` is the :class:`ikmkit.costing.CostSummary`, ``break_even`` the
    :class:`ikmkit.costing.BreakEven` at ``price`` (None when the price does not cover the
    variable cost).

    >>> sheet = CostSheet(lines=[("kain", "bbb", "variabel", 3_000_000),
    ...                          ("upah", "btkl", "variabel", 1_500_000),
    ...                          ("sewa", "overhead", "tetap", 500_000)], units=400, price=15_000)
    >>> sheet.result.hpp_per_unit, sheet.break_even.units
    (Decimal('12500.00'), 134)

    ``CostSheet.from_usaha()`` keeps the sheet in the ``biaya`` section of ``usaha_saya.json``:
    ``pos`` (a list of ``nama``, ``kategori``, ``perilaku``, ``rp``, ``porsi_impor``),
    ``unit_per_bulan``, ``satuan``, ``harga_jual_domestik_idr`` and the results
    ``hpp_per_unit_idr``, ``biaya_tetap_idr``, ``biaya_variabel_per_unit_idr``, ``bep_unit``,
    ``porsi_impor``.
    """

    SECTION = "biaya"

    def __init__(self, lines: Iterable[tuple[Any, ...]] | None = None, units: int = 100,
                 unit_name: str = "potong", price: int = 0) -> None:
        given = list(DEFAULT_LINES if lines is None else lines)
        if len(given) > ROWS:
            raise costing.CostingError(f"paling banyak {ROWS} pos biaya: {len(given)}")
        self.controls = {}
        rows = []
        for i in range(ROWS):
            line = given[i] if i < len(given) else ("", "overhead", "tetap")
            name, category, behaviour = line[0], line[1], line[2]
            amount = line[3] if len(line) > 3 else 0
            share = line[4] if len(line) > 4 else 0
            self.controls[f"nama_{i}"] = W.Text(value=str(name), placeholder="nama pos biaya",
                                                layout=W.Layout(width="300px"))
            self.controls[f"kategori_{i}"] = W.Dropdown(options=_CATEGORY_OPTIONS,
                                                        value=category,
                                                        layout=W.Layout(width="190px"))
            self.controls[f"perilaku_{i}"] = W.Dropdown(options=_BEHAVIOUR_OPTIONS,
                                                        value=behaviour,
                                                        layout=W.Layout(width="230px"))
            self.controls[f"rp_{i}"] = W.BoundedIntText(value=int(amount), min=0, max=10**12,
                                                        step=100_000,
                                                        layout=W.Layout(width="150px"))
            self.controls[f"impor_{i}"] = W.BoundedFloatText(value=float(share) * 100, min=0,
                                                             max=100, step=5,
                                                             layout=W.Layout(width="80px"))
            rows.append(W.HBox([self.controls[f"{k}_{i}"] for k in
                                ("nama", "kategori", "perilaku", "rp", "impor")]))
        style = {"description_width": "260px"}
        self.controls["units"] = W.BoundedIntText(
            value=int(units), min=0, max=10**9, description="Jumlah unit dibuat sebulan",
            style=style, layout=W.Layout(width="420px"))
        self.controls["unit_name"] = W.Text(value=unit_name, description="Satuan (potong, "
                                            "lembar, pouch, kg)", style=style,
                                            layout=W.Layout(width="420px"))
        self.controls["price"] = W.BoundedIntText(
            value=int(price), min=0, max=10**12, step=1_000,
            description="Harga jual sekarang per unit (Rp)", style=style,
            layout=W.Layout(width="420px"))
        self.result: costing.CostSummary | None = None
        self.break_even: costing.BreakEven | None = None
        self.summary = W.HTML()
        self.table = W.HTML()
        head = W.HTML("<div style='display:flex;font-weight:bold'>"
                      "<span style='width:300px'>Pos biaya</span>"
                      "<span style='width:190px'>Kelompok HPP</span>"
                      "<span style='width:230px'>Perilaku</span>"
                      "<span style='width:150px'>Rp sebulan</span>"
                      "<span style='width:80px'>% impor</span></div>")
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Lembar biaya usaha saya (satu bulan)</h3>"
                   f"<span style='color:{GREY}'>Isi dari nota dan catatan satu bulan. Baris "
                   "yang Rp0 tidak dihitung. % impor: bagian yang harganya ikut dolar.</span>"),
            head, *rows, self.controls["units"], self.controls["unit_name"],
            self.controls["price"],
            W.HTML("<h4 style='margin-bottom:0'>Hasil</h4>"), self.summary, self.table,
        ])
        self._watch(self.controls.values())
        self.update()

    @classmethod
    def from_summary(cls, summary: costing.CostSummary, price: int = 0,
                     unit_name: str = "potong") -> CostSheet:
        """The sheet filled with the lines of a :func:`costing.cost_summary` (a lesson's case).

        >>> from ikmkit import costing
        >>> s = costing.cost_summary([{"pos_biaya": "kain", "kategori": "bbb",
        ...                            "perilaku": "variabel", "biaya_bulanan_idr": 800}], 4)
        >>> CostSheet.from_summary(s, price=300).break_even.units
        0
        """
        return cls(lines=[(line.name, line.category, line.behaviour, int(line.amount_idr),
                           float(line.import_share)) for line in summary.lines],
                   units=int(summary.units), unit_name=unit_name, price=int(price))

    def lines(self) -> list[dict[str, Any]]:
        """The filled lines (Rp more than 0) in the keys of :func:`costing.cost_summary`."""
        c = self.controls
        out = []
        for i in range(ROWS):
            if c[f"rp_{i}"].value > 0:
                out.append({"pos_biaya": c[f"nama_{i}"].value.strip() or f"pos {i + 1}",
                            "kategori": c[f"kategori_{i}"].value,
                            "perilaku": c[f"perilaku_{i}"].value,
                            "biaya_bulanan_idr": int(c[f"rp_{i}"].value),
                            "porsi_impor": round(c[f"impor_{i}"].value / 100, 4)})
        return out

    def update(self) -> None:
        """Recompute the summary and the break-even; refresh the outputs."""
        price = int(self.controls["price"].value)
        unit = esc(self.controls["unit_name"].value.strip() or "unit")
        try:
            result = costing.cost_summary(self.lines(), units=self.controls["units"].value)
        except IkmkitError as exc:
            self.result = self.break_even = None
            self.summary.value = error_html(exc)
            self.table.value = ""
            return
        self.result = result
        self.break_even = None
        if price > 0:
            try:
                self.break_even = result.break_even(price)
            except IkmkitError:
                self.break_even = None
        parts = [f"<div style='font-size:120%'>HPP per {unit}: <b>{rp(result.hpp_per_unit)}</b>"
                 "</div>"]
        if self.break_even is not None:
            parts.append(f"Titik impas: <b>{num(self.break_even.units)} {unit}</b> sebulan pada "
                         f"harga {rp(price)} (margin kontribusi "
                         f"{rp(self.break_even.contribution_per_unit)} per {unit}).")
        elif price > 0:
            parts.append(f"<span style='color:{RED}'>Harga {rp(price)} tidak menutup biaya "
                         f"variabel {rp(result.variable_per_unit)} per {unit}: tidak pernah "
                         "impas.</span>")
        names = " ".join(line.name.lower() for line in result.lines)
        for key, message in _REMINDERS:
            if key not in names:
                parts.append(f"<br><span style='color:{RED}'>{esc(message)}</span>")
        self.summary.value = "<br>".join(parts[:2]) + "".join(parts[2:])
        self.table.value = table_html(
            [[label, value] for label, value in result.as_table()["nilai"].items()],
            ["", "Nilai"], bold_rows=(5,))

    # -- Usaha saya
    def usaha_values(self) -> dict[str, Any]:
        """The sheet as saved in ``usaha_saya.json`` (section ``biaya``)."""
        r, c = self.result, self.controls
        return {
            "pos": [{"nama": line["pos_biaya"], "kategori": line["kategori"],
                     "perilaku": line["perilaku"], "rp": line["biaya_bulanan_idr"],
                     "porsi_impor": line["porsi_impor"]} for line in self.lines()],
            "unit_per_bulan": int(c["units"].value),
            "satuan": c["unit_name"].value.strip(),
            "harga_jual_domestik_idr": int(c["price"].value),
            "hpp_per_unit_idr": float(r.hpp_per_unit) if r else None,
            "biaya_tetap_idr": int(r.fixed) if r else None,
            "biaya_variabel_per_unit_idr": float(r.variable_per_unit) if r else None,
            "bep_unit": self.break_even.units if self.break_even else None,
            "porsi_impor": float(r.import_share) if r else None,
        }

    def apply_usaha(self, values: Mapping[str, Any]) -> None:
        """Set the form from a saved ``biaya`` section (bad lines are skipped)."""
        c = self.controls
        saved = [line for line in values.get("pos", []) if isinstance(line, Mapping)] \
            if isinstance(values.get("pos"), list) else []
        with self.hold():
            for i in range(ROWS):
                line = saved[i] if i < len(saved) else {}
                c[f"nama_{i}"].value = text(line, "nama")
                set_value(c[f"kategori_{i}"], line.get("kategori", "overhead"))
                set_value(c[f"perilaku_{i}"], line.get("perilaku", "tetap"))
                amount = number(line, "rp", 0, high=10**12)
                c[f"rp_{i}"].value = int(amount or 0)
                share = number(line, "porsi_impor", 0, high=1)
                c[f"impor_{i}"].value = round(float(share or 0) * 100, 2)
            units = number(values, "unit_per_bulan", high=10**9)
            set_value(c["units"], None if units is None else int(units))
            c["unit_name"].value = text(values, "satuan", c["unit_name"].value)
            price = number(values, "harga_jual_domestik_idr", high=10**12)
            set_value(c["price"], None if price is None else int(price))

    def prefill(self, data: usaha.UsahaSaya) -> bool:
        """Nothing to take over from earlier modules (costs are first asked here)."""
        return False
