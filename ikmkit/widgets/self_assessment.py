"""The export-readiness self-assessment tool (:mod:`ikmkit.readiness`)."""

from __future__ import annotations

import base64
import io
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as W

from ikmkit import readiness
from ikmkit.errors import IkmkitError
from ikmkit.vocab import META_COLUMNS, SECTOR_NAMES, SECTORS
from ikmkit.widgets._base import (
    GREEN as _GREEN,
)
from ikmkit.widgets._base import (
    GREY as _GREY,
)
from ikmkit.widgets._base import (
    LABEL_STYLE as _LABEL_STYLE,
)
from ikmkit.widgets._base import (
    RED as _RED,
)
from ikmkit.widgets._base import (
    Tool as _Tool,
)
from ikmkit.widgets._base import (
    error_html as _error_html,
)
from ikmkit.widgets._base import (
    esc as _esc,
)
from ikmkit.widgets._base import (
    missing as _missing,
)
from ikmkit.widgets._base import (
    num as _num,
)

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
        if sector not in SECTORS:
            raise readiness.AnswerError(
                f"'sector' harus salah satu dari {', '.join(SECTORS)}: {sector!r}"
            )
        self.rubric = rubric or readiness.load_rubric()
        self.path = Path(path)
        self.max_steps = max_steps
        self._chart_enabled = chart
        self.result: readiness.Result | None = None
        self.figure: Any = None

        self.sector_input = W.Dropdown(
            options=[(SECTOR_NAMES.get(s, s), s) for s in SECTORS], value=sector,
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
            if key in META_COLUMNS:
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




def _short(name: str) -> str:
    """Break a dimension name into two lines for the radar chart."""
    words = name.split()
    if len(words) < 3:
        return name
    half = (len(words) + 1) // 2
    return " ".join(words[:half]) + "\n" + " ".join(words[half:])
