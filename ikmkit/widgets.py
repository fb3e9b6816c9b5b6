"""Interactive tools (ipywidgets) for the curriculum notebooks, in Bahasa Indonesia.

Five tools, each a small class built on the calculators of the package, so a notebook only
writes one line (``SelfAssessment(sector="batik")``) and the logic stays tested here:

* :class:`SelfAssessment`: the export-readiness self-assessment (:mod:`ikmkit.readiness`):
  one control per rubric indicator, grouped by dimension; live total, level, a radar chart of
  the dimensions, blockers and next steps; "Simpan profil" writes ``profil_ikm.json``.
* :class:`PriceBuildUp`: EXW → FOB → CFR → CIF in rupiah and US dollars
  (:func:`ikmkit.costing.export_price`).
* :class:`ContainerPlanner`: cartons per container, utilisation and the limiting factor
  (:func:`ikmkit.packaging.cartons_per_container`).
* :class:`LabelChecklist`: tick the elements on a label, see what is missing and its source
  (:func:`ikmkit.packaging.check_food_label`, :func:`ikmkit.packaging.check_textile_label`).
* :class:`CertificationRoadmap`: sector, certificates held and product facts → an ordered plan
  (:func:`ikmkit.standards.roadmap_table`).

Every tool has ``.widget`` (the ipywidgets container shown in JupyterLab; the object itself
displays as that widget), ``.controls`` (a dict of input widgets by key) and output widgets
(``.summary`` and others, plain :class:`ipywidgets.HTML`), plus ``.result`` with the latest
computed value. So a tool can be driven and checked from Python without a browser:

>>> tool = SelfAssessment(sector="batik", business="Batik Sekar Gedog")
>>> tool.controls["punya_nib"].value = True
>>> before = tool.result.total
>>> tool.controls["merek_terdaftar"].value = True
>>> tool.result.total > before
True
>>> tool.controls["punya_nib"].value = False
>>> tool.result.level.name, "NIB" in tool.blockers.value
('Pra-ekspor', True)

>>> zero = dict.fromkeys(["export_packing", "bank_charges", "margin", "inland_transport",
...                       "port_and_handling", "documents", "freight_usd"], 0)
>>> price = PriceBuildUp(hpp=16_000_000, kurs=16_000, units=100, insurance_rate_pct=0, **zero)
>>> price.result.cif, price.result_usd.cif
(Decimal('16000000.00'), Decimal('1000.00'))
>>> price.controls["insurance_rate_pct"].value = 0.5
>>> price.result_usd.cif, price.result_usd.insurance
(Decimal('1005.53'), Decimal('5.53'))

>>> planner = ContainerPlanner(carton_cm=(60, 40, 30), carton_kg=12, container="20GP")
>>> planner.result.count, planner.result.limited_by
(336, 'volume')

>>> label = LabelChecklist(kind="pangan", market="ID")
>>> label.result.ok
False
>>> for key in label.controls:
...     label.controls[key].value = True
>>> label.result.ok
True

>>> plan = CertificationRoadmap(sector="konveksi", held=["nib"], baby_clothes=True)
>>> [step.cert_id for step in plan.result][:2]
['merek', 'sppt_sni']
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import ipywidgets as W

from ikmkit import costing, packaging, readiness, standards
from ikmkit.errors import IkmkitError

__all__ = [
    "CertificationRoadmap",
    "ContainerPlanner",
    "LabelChecklist",
    "PriceBuildUp",
    "SelfAssessment",
]

_RED = "#b3261e"
_GREEN = "#1b5e20"
_GREY = "#555"
_WIDE = W.Layout(width="auto")
_LABEL_STYLE = {"description_width": "initial"}


# --------------------------------------------------------------------------- formatting


def _num(value: float | Decimal | int, decimals: int = 0) -> str:
    """Indonesian number format: '.' for thousands, ',' for decimals.

    >>> _num(1234567.891, 2), _num(57.3, 1), _num(Decimal("336"))
    ('1.234.567,89', '57,3', '336')
    """
    text = f"{float(value):,.{decimals}f}" if not isinstance(value, Decimal) else (
        f"{value:,.{decimals}f}"
    )
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _rp(value: Decimal | int) -> str:
    return "Rp" + _num(Decimal(value), 0)


def _usd(value: Decimal) -> str:
    return "US$" + _num(Decimal(value), 2)


def _esc(text: object) -> str:
    return html.escape(str(text))


def _missing(value: object) -> bool:
    """None, NaN or pandas NA (an unanswered cell of a cohort table)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and pd.NA
    except TypeError:
        return True  # pd.NA != pd.NA raises in bool()


def _error_html(exc: Exception) -> str:
    return (
        f"<div style='color:{_RED}'><b>Periksa isian:</b> {_esc(exc)}</div>"
    )


def _table_html(rows: Sequence[Sequence[str]], header: Sequence[str], *,
                bold_rows: Iterable[int] = ()) -> str:
    """A small HTML table; cells are escaped here."""
    bold = set(bold_rows)
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{_esc(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        weight = "font-weight:bold;" if i in bold else ""
        cells = "".join(
            f"<td style='{weight}padding:2px 8px;text-align:{'right' if j else 'left'}'>"
            f"{_esc(cell)}</td>"
            for j, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        "<table style='border-collapse:collapse'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


class _Tool:
    """Base: holds ``widget``, ``controls`` and displays as the widget in Jupyter."""

    widget: W.Widget
    controls: dict[str, W.ValueWidget]

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _watch(self, widgets: Iterable[W.Widget]) -> None:
        for control in widgets:
            control.observe(self._on_change, names="value")

    _held: bool = False

    def _on_change(self, change: Mapping[str, Any] | None = None) -> None:
        if not self._held:
            self.update()

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Change several controls and recompute once, at the end.

        >>> tool = ContainerPlanner()
        >>> with tool.hold():
        ...     tool.controls["length_cm"].value = 50
        ...     tool.controls["width_cm"].value = 30
        >>> tool.result.count_by_volume > 0
        True
        """
        was = self._held
        self._held = True
        try:
            yield
        finally:
            self._held = was
        if not was:
            self.update()

    def update(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


# --------------------------------------------------------------------------- self-assessment

_SCALE_RE = re.compile(r"(\d+) (.*?)(?=, \d+ |$)")


def _scale_options(ind: readiness.Indicator) -> tuple[str, list[tuple[str, int]]]:
    """Split a scale label "Topic: 0 none, 2 some, 4 all" into the topic and dropdown options.

    >>> ind = readiness.load_rubric().indicator("mutu_konsisten")
    >>> topic, options = _scale_options(ind)
    >>> topic, options[0], options[2]
    ('Mutu produk antar-batch', ('0 – sangat berbeda-beda', 0), ('2', 2))
    """
    topic, sep, tail = ind.label.partition(": ")
    texts = {int(n): text.strip() for n, text in _SCALE_RE.findall(tail)} if sep else {}
    if not texts:
        topic = ind.label
    options = [(f"{n} – {texts[n]}" if n in texts else str(n), n) for n in range(ind.max + 1)]
    return topic, options


def _indicator_control(ind: readiness.Indicator) -> tuple[str, W.ValueWidget]:
    """The question text and an input widget for one indicator (lowest answer selected)."""
    if ind.kind == "bool":
        control: W.ValueWidget = W.ToggleButtons(
            options=[("Ya", True), ("Tidak", False)], value=False,
            style={"button_width": "70px"},
        )
        return ind.label, control
    if ind.kind == "scale":
        topic, options = _scale_options(ind)
        control = W.Dropdown(options=options, value=0, layout=W.Layout(width="420px"))
        return topic, control
    unit = f" ({ind.unit})" if ind.unit else ""
    control = W.BoundedIntText(value=0, min=0, max=10**9, layout=W.Layout(width="160px"))
    return ind.label + unit, control


class SelfAssessment(_Tool):
    """The export-readiness self-assessment form (:mod:`ikmkit.readiness`).

    One control per rubric indicator of the chosen sector, grouped by dimension in an
    accordion; every change re-scores. Outputs: ``summary`` (total and level), ``chart``
    (an Output widget with the radar chart of dimensions), ``blockers``, ``next_steps``
    and ``status`` (the result of "Simpan profil"). ``result`` is the
    :class:`ikmkit.readiness.Result`; ``answers()`` gives the current answers.

    ``path`` is where "Simpan profil" writes; the default ``profil_ikm.json`` in the current
    directory is beside the notebook in JupyterLab. ``answers`` pre-fills the form (e.g. from
    :func:`ikmkit.readiness.load_profile`). ``chart=False`` skips the radar chart.
    """

    def __init__(
        self,
        sector: str = "batik",
        business: str | None = None,
        *,
        participant: str | None = None,
        answers: Mapping[str, Any] | None = None,
        path: str | Path = "profil_ikm.json",
        rubric: readiness.Rubric | None = None,
        chart: bool = True,
        max_steps: int = 6,
    ) -> None:
        if sector not in readiness.SECTORS:
            raise readiness.AnswerError(
                f"'sector' harus salah satu dari {', '.join(readiness.SECTORS)}: {sector!r}"
            )
        self.rubric = rubric or readiness.load_rubric()
        self.path = Path(path)
        self.max_steps = max_steps
        self._chart_enabled = chart
        self.result: readiness.Result | None = None
        self.figure: Any = None

        self.sector_input = W.Dropdown(
            options=[(_SECTOR_NAMES.get(s, s), s) for s in readiness.SECTORS], value=sector,
            description="Sektor", style=_LABEL_STYLE,
        )
        self.business_input = W.Text(
            value=business or "", description="Nama usaha", placeholder="mis. Batik Sekar Gedog",
            style=_LABEL_STYLE, layout=W.Layout(width="420px"),
        )
        self.participant_input = W.Text(
            value=participant or "", description="Nama/ID peserta", style=_LABEL_STYLE,
            layout=W.Layout(width="420px"),
        )
        self.controls: dict[str, W.ValueWidget] = {}
        self._rows: dict[str, W.Widget] = {}
        for ind in self.rubric.indicators:
            question, control = _indicator_control(ind)
            self.controls[ind.id] = control
            flag = (f" <span style='color:{_RED}'>(penghambat: wajib dipenuhi)</span>"
                    if ind.blocker else "")
            help_text = (f"<br><span style='color:{_GREY};font-size:90%'>{_esc(ind.help)}</span>"
                         if ind.help else "")
            self._rows[ind.id] = W.VBox(
                [W.HTML(f"<b>{_esc(question)}</b>{flag}{help_text}"), control],
                layout=W.Layout(margin="0 0 10px 0"),
            )
        if answers:
            self._apply(answers)

        self.accordion = W.Accordion()
        self.summary = W.HTML()
        self.blockers = W.HTML()
        self.next_steps = W.HTML()
        self.chart = W.Output(layout=W.Layout(min_height="60px"))
        self.status = W.HTML()
        self.save_button = W.Button(
            description="Simpan profil", icon="save", button_style="success",
            tooltip=f"Menyimpan jawaban ke {self.path.name} di folder notebook ini",
        )
        self.save_button.on_click(lambda _button: self.save())

        self._layout()
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Penilaian mandiri kesiapan ekspor</h3>"
                   f"<span style='color:{_GREY}'>Jawab dengan jujur: hasilnya untuk Anda "
                   "sendiri dan pendamping, bukan ujian.</span>"),
            W.HBox([self.sector_input]), self.business_input, self.participant_input,
            self.accordion,
            W.HTML("<h4 style='margin-bottom:0'>Hasil</h4>"),
            W.HBox([self.summary, self.chart]),
            self.blockers, self.next_steps,
            W.HBox([self.save_button, self.status]),
        ])
        self._watch(self.controls.values())
        self.sector_input.observe(self._on_sector, names="value")
        self.update()

    # -- state
    @property
    def sector(self) -> str:
        """The sector chosen in the form."""
        return str(self.sector_input.value)

    def indicators(self) -> tuple[readiness.Indicator, ...]:
        """The rubric indicators that apply to the chosen sector."""
        return self.rubric.for_sector(self.sector)

    def answers(self) -> dict[str, bool | int]:
        """Current answers for the indicators of the chosen sector."""
        return {ind.id: self.controls[ind.id].value for ind in self.indicators()}

    def set_answers(self, answers: Mapping[str, Any]) -> None:
        """Fill the form from a mapping of indicator id → answer (unknown ids raise).

        Missing values (None, NaN, ``pd.NA``) are skipped, so a row of
        :func:`ikmkit.readiness.example_answers` can be passed as it is.
        """
        with self.hold():
            self._apply(answers)

    def _apply(self, answers: Mapping[str, Any]) -> None:
        for key, value in answers.items():
            if key in readiness.META_COLUMNS:
                continue
            ind = self.rubric.indicator(key)
            if _missing(value):
                continue
            control = self.controls[key]
            if ind.kind == "bool":
                control.value = bool(value)
            else:
                control.value = int(value)

    # -- layout and updates
    def _layout(self) -> None:
        groups: list[W.Widget] = []
        titles: list[str] = []
        for dim in self.rubric.dimensions:
            rows = [self._rows[ind.id] for ind in self.indicators() if ind.dimension == dim.id]
            if not rows:
                continue
            groups.append(W.VBox(rows))
            titles.append(f"{dim.name} (bobot {_num(dim.weight * 100)} %)")
        self.accordion.children = groups
        self.accordion.titles = tuple(titles)
        self.accordion.selected_index = 0 if groups else None

    def _on_sector(self, change: Mapping[str, Any] | None = None) -> None:
        self._layout()
        self.update()

    def update(self) -> None:
        """Re-score the current answers and refresh every output."""
        try:
            result = readiness.score(self.answers(), sector=self.sector, rubric=self.rubric)
        except IkmkitError as exc:
            self.result = None
            self.summary.value = _error_html(exc)
            self.blockers.value = self.next_steps.value = ""
            return
        self.result = result
        level = result.level
        capped = ""
        if result.blockers and result.uncapped_level != level:
            capped = (f"<br><span style='color:{_RED}'>Skor Anda sebenarnya setara "
                      f"'{_esc(result.uncapped_level.name)}', tetapi ada penghambat.</span>")
        dims = "".join(
            f"<tr><td style='padding:1px 8px'>{_esc(d.name)}</td>"
            f"<td style='text-align:right;padding:1px 8px'>"
            f"{_num(result.dimensions[d.id])}</td></tr>"
            for d in self.rubric.dimensions
        )
        self.summary.value = (
            f"<div style='font-size:120%'>Skor total: <b>{_num(result.total, 1)}</b> dari 100</div>"
            f"<div>Tingkat: <b>{_esc(level.name)}</b><br>"
            f"<span style='color:{_GREY}'>{_esc(level.description)}</span>{capped}</div>"
            f"<table style='margin-top:6px'><tr><th style='text-align:left;padding:1px 8px'>"
            f"Dimensi</th><th style='padding:1px 8px'>Skor (0–100)</th></tr>{dims}</table>"
        )
        if result.blockers:
            items = "".join(f"<li>{_esc(ind.label)}</li>" for ind in result.blockers)
            self.blockers.value = (
                f"<div style='color:{_RED}'><b>Penghambat yang harus diselesaikan dulu:</b>"
                f"<ul>{items}</ul></div>"
            )
        else:
            self.blockers.value = (
                f"<div style='color:{_GREEN}'>Tidak ada penghambat ekspor.</div>"
            )
        self.next_steps.value = self._steps_html(result)
        self._draw_chart(result)

    def _steps_html(self, result: readiness.Result) -> str:
        recs = result.recommendations[: self.max_steps]
        if not recs:
            return "<div><b>Langkah berikutnya:</b> semua indikator sudah terpenuhi.</div>"
        items = []
        for rec in recs:
            module = readiness.MODULES.get(rec.module, rec.module)
            prefix = f"<b style='color:{_RED}'>WAJIB DULU:</b> " if rec.blocker else ""
            items.append(
                f"<li>{prefix}{_esc(rec.text)} <span style='color:{_GREY}'>"
                f"({_esc(module)}; +{_num(rec.gain_points, 1)} poin)</span></li>"
            )
        more = len(result.recommendations) - len(recs)
        tail = f"<div style='color:{_GREY}'>… dan {more} langkah lain.</div>" if more > 0 else ""
        return (f"<div><b>Langkah berikutnya</b> (yang paling menambah skor lebih dulu):"
                f"<ol>{''.join(items)}</ol>{tail}</div>")

    def _draw_chart(self, result: readiness.Result) -> None:
        if not self._chart_enabled:
            return
        dims = self.rubric.dimensions
        values = [result.dimensions[d.id] for d in dims]
        angles = [2 * math.pi * i / len(dims) for i in range(len(dims))]
        closed = (angles + angles[:1], values + values[:1])
        if self.figure is None:  # built once; later updates only move the polygon (fast)
            from matplotlib.figure import Figure

            fig = Figure(figsize=(4.6, 4.2), dpi=80)
            ax = fig.add_subplot(projection="polar")
            (self._line,) = ax.plot(*closed, color="#1565c0", linewidth=2)
            (self._area,) = ax.fill(*closed, color="#1565c0", alpha=0.25)
            ax.set_xticks(angles)
            ax.set_xticklabels([_short(d.name) for d in dims], fontsize=8)
            ax.set_ylim(0, 100)
            ax.set_yticks([20, 40, 60, 80, 100])
            ax.set_yticklabels(["20", "40", "60", "80", ""], fontsize=7, color=_GREY)
            fig.subplots_adjust(left=0.18, right=0.82, top=0.84, bottom=0.1)
            self.figure = fig
        self._line.set_data(*closed)
        self._area.set_xy(list(zip(*closed, strict=True)))
        self.figure.axes[0].set_title(
            f"Skor per dimensi (total {_num(result.total, 1)})", fontsize=10)
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        alt = "; ".join(f"{d.name} {_num(v)}" for d, v in zip(dims, values, strict=True))
        self.chart.outputs = ({
            "output_type": "display_data",
            "data": {
                "image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
                "text/plain": f"Grafik radar skor dimensi: {alt}",
            },
            "metadata": {},
        },)

    # -- saving
    def save(self, path: str | Path | None = None) -> dict[str, Any] | None:
        """Write the profile (``profil_ikm.json``) and report in ``status``; None on error."""
        target = Path(path) if path is not None else self.path
        try:
            profile = readiness.save_profile(
                target, self.answers(), self.sector,
                business=self.business_input.value.strip() or None,
                participant=self.participant_input.value.strip() or None,
                rubric=self.rubric,
            )
        except (IkmkitError, OSError) as exc:
            self.status.value = _error_html(exc)
            return None
        shown = target / "profil_ikm.json" if target.is_dir() else target
        self.status.value = (
            f"<span style='color:{_GREEN}'>Profil tersimpan di <code>{_esc(shown.name)}</code> "
            f"(skor {_num(profile['total'], 1)}, {_esc(profile['level_name'])}).</span>"
        )
        return profile


_SECTOR_NAMES = {
    "batik": "Batik",
    "konveksi": "Konveksi (pakaian jadi)",
    "bordir": "Bordir",
    "makanan-minuman": "Makanan dan minuman",
}


def _short(name: str) -> str:
    """Break a dimension name into two lines for the radar chart."""
    words = name.split()
    if len(words) < 3:
        return name
    half = (len(words) + 1) // 2
    return " ".join(words[:half]) + "\n" + " ".join(words[half:])


# --------------------------------------------------------------------------- price build-up

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


class PriceBuildUp(_Tool):
    """Export price build-up EXW → FOB → CFR → CIF (:func:`ikmkit.costing.export_price`).

    Inputs (``controls``): the EXW components in rupiah (``hpp``, ``export_packing``,
    ``bank_charges``, ``margin``; per order), the costs up to the ship in rupiah
    (``inland_transport``, ``port_and_handling``, ``documents``), ``freight_usd`` in US
    dollars (forwarders quote ocean freight in dollars), ``insurance_rate_pct`` in percent,
    ``kurs`` (Rp per US$) and ``units`` (pieces in the order). The build-up is computed once in
    rupiah (``result``) and once in dollars (``result_usd``, each amount converted at ``kurs``
    to the cent), so each column adds up; ``table`` shows both and the price per unit.
    Keyword arguments override the defaults (an illustrative order of 12,000 baby jumpers).
    """

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
        except IkmkitError as exc:
            self.result = self.result_usd = None
            self.summary.value = _error_html(exc)
            self.table.value = ""
            return
        self.result, self.result_usd = idr, usd
        units = int(v["units"])
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
        )


# --------------------------------------------------------------------------- container planner


class ContainerPlanner(_Tool):
    """How many cartons fit in a container (:func:`ikmkit.packaging.cartons_per_container`).

    ``controls``: ``length_cm``, ``width_cm``, ``height_cm``, ``carton_kg`` (0 = not known),
    ``container`` (20GP / 40GP / 40HC), ``upright`` ("this side up") and ``units_per_carton``.
    ``result`` is the :class:`ikmkit.packaging.ContainerLoad` for the chosen container;
    ``comparison`` lists all container types for the same carton.
    """

    def __init__(
        self,
        carton_cm: Sequence[float] = (60, 40, 40),
        carton_kg: float | None = 11.0,
        container: str = "20GP",
        upright: bool = False,
        units_per_carton: int = 120,
    ) -> None:
        if len(carton_cm) != 3:
            raise packaging.PackagingError(
                f"'carton_cm' harus berisi 3 ukuran (panjang, lebar, tinggi): {carton_cm!r}"
            )
        self.containers = packaging.load_containers()
        if container not in self.containers:
            raise packaging.PackagingError(
                f"kontainer tidak dikenal: {container!r} (pilih: {', '.join(self.containers)})"
            )
        style = {"description_width": "220px"}
        layout = W.Layout(width="380px")

        def size(label: str, value: float) -> W.BoundedFloatText:
            return W.BoundedFloatText(value=float(value), min=0, max=1000, step=1,
                                      description=label, style=style, layout=layout)

        self.controls = {
            "length_cm": size("Panjang karton (cm)", carton_cm[0]),
            "width_cm": size("Lebar karton (cm)", carton_cm[1]),
            "height_cm": size("Tinggi karton (cm)", carton_cm[2]),
            "carton_kg": W.BoundedFloatText(
                value=float(carton_kg or 0), min=0, max=30_000, step=0.5,
                description="Berat karton isi (kg, 0 = belum tahu)", style=style, layout=layout),
            "units_per_carton": W.BoundedIntText(
                value=int(units_per_carton), min=1, max=100_000,
                description="Isi per karton (unit)", style=style, layout=layout),
            "container": W.Dropdown(
                options=[(f"{c.id}: {c.name}", c.id) for c in self.containers.values()],
                value=container, description="Kontainer", style=style,
                layout=W.Layout(width="480px")),
            "upright": W.Checkbox(
                value=bool(upright), description="Hanya posisi tegak (tanda 'this side up')",
                indent=False, layout=_WIDE),
        }
        self.result: packaging.ContainerLoad | None = None
        self.comparison: dict[str, packaging.ContainerLoad] = {}
        self.summary = W.HTML()
        self.table = W.HTML()
        c = self.controls
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Perencana muatan kontainer</h3>"
                   f"<span style='color:{_GREY}'>Ukuran dalam kontainer: worldshipping.org; "
                   "muatan maksimum dibuat hati-hati (angka terendah dari beberapa sumber). "
                   "Hasil adalah perkiraan aman: pemuat berpengalaman kadang bisa lebih.</span>"),
            c["length_cm"], c["width_cm"], c["height_cm"], c["carton_kg"],
            c["units_per_carton"], c["container"], c["upright"],
            W.HTML("<h4 style='margin-bottom:0'>Hasil</h4>"),
            self.summary, self.table,
        ])
        self._watch(self.controls.values())
        self.update()

    def _load(self, container: str) -> packaging.ContainerLoad:
        v = {key: control.value for key, control in self.controls.items()}
        return packaging.cartons_per_container(
            (v["length_cm"], v["width_cm"], v["height_cm"]), container,
            carton_kg=v["carton_kg"] or None, upright=v["upright"],
        )

    def update(self) -> None:
        """Recompute the load for every container type and refresh the outputs."""
        chosen = self.controls["container"].value
        units = int(self.controls["units_per_carton"].value)
        comparison: dict[str, packaging.ContainerLoad] = {}
        try:
            for cid in self.containers:
                try:
                    comparison[cid] = self._load(cid)
                except packaging.PackagingError:
                    if cid == chosen:
                        raise
            result = comparison[chosen]
        except IkmkitError as exc:
            self.result, self.comparison = None, {}
            self.summary.value = _error_html(exc)
            self.table.value = ""
            return
        self.result, self.comparison = result, comparison
        limit = ("volume (ruang)" if result.limited_by == "volume"
                 else "berat (muatan maksimum kontainer)")
        weight = ("" if result.total_kg is None
                  else f"<br>Berat muatan: {_num(result.total_kg)} kg")
        per_carton = packaging.cbm(*(self.controls[k].value
                                     for k in ("length_cm", "width_cm", "height_cm")))
        self.summary.value = (
            f"<div style='font-size:120%'><b>{_num(result.count)} karton</b> di "
            f"{_esc(result.container)} = {_num(result.count * units)} unit</div>"
            f"Volume terpakai: <b>{_num(result.utilisation_pct, 1)} %</b> · "
            f"Dibatasi oleh: <b>{_esc(limit)}</b> · {_num(result.layers)} lapis (blok utama)"
            f"{weight}<br>Volume per karton: {_num(per_carton, 3)} m³"
            f"<br><span style='color:{_GREY}'>{_esc(result)}</span>"
        )
        rows = [
            [cid, _num(load.count), _num(load.count * units), _num(load.utilisation_pct, 1) + " %",
             "volume" if load.limited_by == "volume" else "berat"]
            for cid, load in comparison.items()
        ]
        self.table.value = _table_html(
            rows, ["Kontainer", "Karton", "Unit", "Volume terpakai", "Dibatasi oleh"])


# --------------------------------------------------------------------------- label checklist

_LABEL_KINDS = {"pangan": "food", "food": "food", "tekstil": "textile", "textile": "textile"}
_DEFAULT_MARKET = {"food": "ID", "textile": "EU"}
_MARKET_MARKETS = {"food": packaging.FOOD_MARKETS, "textile": packaging.TEXTILE_MARKETS}
_MARKET_NAMES = {"ID": "Indonesia", "EU": "Uni Eropa", "US": "Amerika Serikat"}


def _label_elements(kind: str) -> dict[str, packaging.LabelRequirement]:
    """Every element of *kind* over all its markets, in checklist order."""
    found: dict[str, packaging.LabelRequirement] = {}
    for market in _MARKET_MARKETS[kind]:
        for req in packaging.label_requirements(kind, market):
            found.setdefault(req.id, req)
    return found


class LabelChecklist(_Tool):
    """Tick the elements on a label; see the missing ones with their source.

    ``kind`` is "pangan" (food: Indonesia BPOM or EU 1169/2011) or "tekstil" (EU 1007/2011,
    US FTC, Indonesia good practice). ``controls`` maps element ids to "ada di label"
    checkboxes; ``applies`` maps conditional element ids to "berlaku untuk produk saya"
    checkboxes. ``kind_input`` and ``market_input`` switch the checklist. ``result`` is the
    :class:`ikmkit.packaging.LabelCheck`.
    """

    def __init__(self, kind: str = "pangan", market: str | None = None,
                 elements: Iterable[str] = (), applies: Iterable[str] = ()) -> None:
        if kind not in _LABEL_KINDS:
            raise packaging.PackagingError(f"'kind' harus 'pangan' atau 'tekstil': {kind!r}")
        internal = _LABEL_KINDS[kind]
        self._elements = {k: _label_elements(k) for k in ("food", "textile")}
        self._checks = {
            k: {eid: W.Checkbox(value=False, description=req.label, indent=False, layout=_WIDE)
                for eid, req in elems.items()}
            for k, elems in self._elements.items()
        }
        self._applies = {
            k: {eid: W.Checkbox(value=False, description=f"{req.label}", indent=False,
                                layout=_WIDE)
                for eid, req in elems.items()}
            for k, elems in self._elements.items()
        }
        self.kind_input = W.ToggleButtons(
            options=[("Label pangan", "food"), ("Label tekstil", "textile")], value=internal)
        self.market_input = W.Dropdown(description="Pasar tujuan", style=_LABEL_STYLE)
        self._set_market_options(internal, market)
        self.summary = W.HTML()
        self.table = W.HTML()
        self.result: packaging.LabelCheck | None = None
        self._elements_box = W.VBox()
        self._applies_box = W.VBox()
        self.controls = self._checks[internal]
        self.applies = self._applies[internal]
        for key in elements:
            self._control(self.controls, key).value = True
        for key in applies:
            self._control(self.applies, key).value = True
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Daftar periksa label</h3>"),
            self.kind_input, self.market_input,
            W.HTML("<b>Unsur yang sudah ada di label Anda</b>"), self._elements_box,
            W.HTML("<b>Unsur bersyarat: centang bila syaratnya berlaku untuk produk Anda</b>"),
            self._applies_box,
            W.HTML("<h4 style='margin-bottom:0'>Hasil</h4>"), self.summary, self.table,
        ])
        for group in (*self._checks.values(), *self._applies.values()):
            self._watch(group.values())
        self.kind_input.observe(self._on_kind, names="value")
        self.market_input.observe(self._on_change, names="value")
        self.update()

    @staticmethod
    def _control(group: Mapping[str, W.Checkbox], key: str) -> W.Checkbox:
        if key not in group:
            raise packaging.PackagingError(
                f"unsur label tidak dikenal: {key!r} (pilih: {', '.join(group)})")
        return group[key]

    def _set_market_options(self, kind: str, market: str | None) -> None:
        markets = _MARKET_MARKETS[kind]
        chosen = (market or _DEFAULT_MARKET[kind]).strip().upper()
        if chosen not in markets:
            raise packaging.PackagingError(
                f"pasar tidak dikenal: {market!r} (pilih: {', '.join(markets)})")
        self._switching = True
        try:
            self.market_input.options = [(_MARKET_NAMES.get(m, m), m) for m in markets]
            self.market_input.value = chosen
        finally:
            self._switching = False

    @property
    def kind(self) -> str:
        """"food" or "textile"."""
        return str(self.kind_input.value)

    @property
    def market(self) -> str:
        """The market code ("ID", "EU", "US")."""
        return str(self.market_input.value)

    def _on_kind(self, change: Mapping[str, Any] | None = None) -> None:
        self.controls = self._checks[self.kind]
        self.applies = self._applies[self.kind]
        self._set_market_options(self.kind, None)
        self.update()

    def _on_change(self, change: Mapping[str, Any] | None = None) -> None:
        if not getattr(self, "_switching", False):
            self.update()

    def update(self) -> None:
        """Re-check the label and refresh the outputs."""
        kind, market = self.kind, self.market
        reqs = packaging.label_requirements(kind, market)
        listed = {req.id for req in reqs}
        self._elements_box.children = [self.controls[r.id] for r in reqs]
        self._applies_box.children = [
            self.applies[r.id] for r in reqs if r.status == "bersyarat"
        ]
        elements = {k: c.value for k, c in self.controls.items() if k in listed}
        applies = {k: c.value for k, c in self.applies.items() if k in listed}
        check = (packaging.check_food_label if kind == "food"
                 else packaging.check_textile_label)(elements, market, applies=applies)
        self.result = check
        if not check.legal_basis:
            head = (f"<div style='color:{_GREY}'><b>{_esc(check.market_name)}:</b> "
                    f"{_esc(check.note)}</div>")
        elif check.ok:
            head = (f"<div style='color:{_GREEN}'><b>Lengkap:</b> semua unsur wajib untuk "
                    f"{_esc(check.market_name)} ({_esc(check.regulation)}) sudah ada.</div>")
        else:
            head = (f"<div style='color:{_RED}'><b>{len(check.missing)} unsur wajib belum "
                    f"ada</b> untuk {_esc(check.market_name)} ({_esc(check.regulation)}).</div>")
        rows = (
            [[r.label, "wajib, belum ada", r.source] for r in check.missing]
            + [[r.label, f"periksa: wajib bila {r.condition}", r.source] for r in check.to_check]
            + [[r.label, "dianjurkan", r.source] for r in check.recommended_missing]
        )
        self.summary.value = head
        self.table.value = (
            _table_html(rows, ["Unsur", "Keterangan", "Sumber"]) if rows
            else "<div>Tidak ada unsur yang kurang.</div>"
        )


# --------------------------------------------------------------------------- certification roadmap

_FLAG_LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    # flag: (Indonesian question, sectors where it is shown)
    "baby_clothes": ("Produk untuk bayi sampai 36 bulan (SNI 7617 wajib)",
                     ("batik", "konveksi", "bordir")),
    "sni_wajib_product": ("Produk termasuk daftar SNI wajib lain (Permenperin)",
                          readiness.SECTORS),
    "animal_material": ("Mengandung bahan dari hewan (mis. kulit, sutra)",
                        ("batik", "konveksi", "bordir")),
    "home_industry": ("Diproduksi di rumah (industri rumah tangga)", ("makanan-minuman",)),
    "automatic_equipment": ("Memakai mesin otomatis", ("makanan-minuman",)),
    "heat_treated": ("Diproses UHT atau pasteurisasi", ("makanan-minuman",)),
    "frozen": ("Pangan beku", ("makanan-minuman",)),
    "chilled": ("Harus disimpan atau dikirim dingin", ("makanan-minuman",)),
    "claims": ("Label memuat klaim (mis. gizi, kesehatan)", ("makanan-minuman",)),
    "special_dietary": ("Pangan keperluan gizi khusus (mis. MP-ASI)", ("makanan-minuman",)),
    "alcoholic": ("Minuman beralkohol", ("makanan-minuman",)),
    "ready_to_eat": ("Siap saji, dikemas di depan pembeli", ("makanan-minuman",)),
    "umk": ("Usaha mikro atau kecil", readiness.SECTORS),
}


class CertificationRoadmap(_Tool):
    """An ordered certification plan for one IKM (:func:`ikmkit.standards.roadmap_table`).

    ``controls``: ``sector``, ``target_market`` (None = all markets), ``shelf_life_days``
    (0 = not known) and one checkbox per product flag of :class:`ikmkit.standards.ProductFlags`;
    ``held`` maps certificate ids to "sudah punya" checkboxes. ``result`` is the list of
    :class:`ikmkit.standards.RoadmapStep`; ``table`` shows them.
    """

    def __init__(self, sector: str = "batik", *, held: Iterable[str] = (),
                 target_market: str | None = "ASEAN", **product_flags: Any) -> None:
        if sector not in standards.SECTORS:
            raise standards.StandardsError(
                f"'sector' harus salah satu dari {', '.join(standards.SECTORS)}: {sector!r}")
        flags = standards.ProductFlags.from_kwargs(product_flags)
        self.catalogue = standards.catalogue()
        if target_market is not None and target_market not in standards.MARKETS:
            raise standards.StandardsError(
                f"pasar tujuan tidak dikenal: {target_market!r} "
                f"(pilih: {', '.join(standards.MARKETS)} atau None)")
        self.controls: dict[str, W.ValueWidget] = {
            "sector": W.Dropdown(options=[(_SECTOR_NAMES[s], s) for s in standards.SECTORS],
                                 value=sector, description="Sektor", style=_LABEL_STYLE),
            "target_market": W.Dropdown(
                options=[("semua pasar", None), *((m, m) for m in standards.MARKETS)],
                value=target_market, description="Pasar tujuan", style=_LABEL_STYLE),
        }
        for name, (question, _sectors) in _FLAG_LABELS.items():
            self.controls[name] = W.Checkbox(value=getattr(flags, name), description=question,
                                             indent=False, layout=_WIDE)
        self.controls["shelf_life_days"] = W.BoundedIntText(
            value=flags.shelf_life_days or 0, min=0, max=3650,
            description="Masa simpan pada suhu ruang (hari, 0 = belum tahu)",
            style=_LABEL_STYLE, layout=W.Layout(width="420px"))
        held_ids = [held] if isinstance(held, str) else list(held)
        unknown = [h for h in held_ids if h not in self.catalogue]
        if unknown:
            raise standards.StandardsError(
                f"'held' berisi sertifikat yang tidak dikenal: {unknown[0]!r}; "
                f"pilihan: {', '.join(self.catalogue.ids)}")
        self.held = {
            cert.id: W.Checkbox(value=cert.id in held_ids, description=cert.name, indent=False,
                                layout=_WIDE)
            for cert in self.catalogue
        }
        self.result: list[standards.RoadmapStep] | None = None
        self.summary = W.HTML()
        self.table = W.HTML()
        self._flags_box = W.VBox()
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Peta jalan sertifikasi</h3>"),
            self.controls["sector"], self.controls["target_market"],
            W.HTML("<b>Tentang produk Anda</b>"), self._flags_box,
            W.Accordion(children=[W.VBox(list(self.held.values()))],
                        titles=("Sertifikat/izin yang sudah Anda punya",)),
            W.HTML("<h4 style='margin-bottom:0'>Langkah yang disarankan</h4>"),
            self.summary, self.table,
        ])
        self._watch(self.controls.values())
        self._watch(self.held.values())
        self.update()

    def flags(self) -> dict[str, Any]:
        """The product flags as keyword arguments for :func:`ikmkit.standards.roadmap`."""
        values: dict[str, Any] = {name: bool(self.controls[name].value) for name in _FLAG_LABELS}
        days = int(self.controls["shelf_life_days"].value)
        values["shelf_life_days"] = days or None
        return values

    def update(self) -> None:
        """Rebuild the roadmap and refresh the outputs."""
        sector = str(self.controls["sector"].value)
        shown = [self.controls[name] for name, (_q, sectors) in _FLAG_LABELS.items()
                 if sector in sectors]
        if sector == "makanan-minuman":
            shown.append(self.controls["shelf_life_days"])
        self._flags_box.children = shown
        held = [cid for cid, box in self.held.items() if box.value]
        try:
            kwargs = {"held": held, "target_market": self.controls["target_market"].value,
                      **self.flags()}
            steps = standards.roadmap(sector, **kwargs)
            table = standards.roadmap_table(sector, **kwargs)
        except IkmkitError as exc:
            self.result = None
            self.summary.value = _error_html(exc)
            self.table.value = ""
            return
        self.result = steps
        mandatory = sum(1 for s in steps if s.mandatory)
        if not steps:
            self.summary.value = ("<div>Semua sertifikat yang relevan sudah Anda punya.</div>")
            self.table.value = ""
            return
        self.summary.value = (
            f"<div>{len(steps)} langkah: <b style='color:{_RED}'>{mandatory} wajib</b>, "
            f"{len(steps) - mandatory} sukarela (membantu pasar tujuan). "
            "Urutan: prasyarat dulu, lalu yang wajib, lalu yang paling cepat selesai.</div>"
        )
        columns = ["Sertifikat", "Status", "Alasan", "Tempat mengurus", "Perkiraan waktu",
                   "Perkiraan biaya", "Modul"]
        rows = [[str(i), *(str(row[c]) for c in columns)] for i, row in table.iterrows()]
        self.table.value = _table_html(rows, ["No.", *columns]).replace(
            "text-align:right", "text-align:left")
