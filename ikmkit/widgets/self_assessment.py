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

from ikmkit import readiness, usaha
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


def _yes_no(value: bool) -> W.ToggleButtons:
    return W.ToggleButtons(options=[("Ya", True), ("Tidak", False)], value=value,
                           style={"button_width": "70px"})


def _question_html(question: str, help_text: str, flag: str = "") -> str:
    help_html = (f"<br><span style='color:{_GREY};font-size:90%'>{_esc(help_text)}</span>"
                 if help_text else "")
    return f"<b>{_esc(question)}</b>{flag}{help_html}"


def _indicator_control(ind: readiness.Indicator) -> tuple[str, W.ValueWidget]:
    """The question text and an input widget for one indicator (lowest answer selected)."""
    if ind.kind == "bool":
        control: W.ValueWidget = _yes_no(False)
        return ind.label, control
    if ind.kind == "scale":
        topic, options = _scale_options(ind)
        control = W.Dropdown(options=options, value=0, layout=W.Layout(width="420px"))
        return topic, control
    unit = f" ({ind.unit})" if ind.unit else ""
    control = W.BoundedIntText(value=0, min=0, max=10**9, layout=W.Layout(width="160px"))
    return ind.label + unit, control


def _usaha_sections(path: str | Path | None) -> tuple[dict[str, Any], dict[str, Any], str]:
    """The "bisnis" and "kesiapan" sections of the Usaha saya file, and why not if broken."""
    try:
        data = usaha.load(path)
        return data.section("bisnis"), data.section("kesiapan"), ""
    except usaha.UsahaError as exc:
        return {}, {}, str(exc)


class SelfAssessment(_Tool):
    """The export-readiness self-assessment form (:mod:`ikmkit.readiness`).

    One control per rubric indicator of the chosen sector, grouped by dimension in an
    accordion; every change re-scores. Outputs: ``summary`` (total and level), ``chart``
    (an Output widget with the radar chart of dimensions), ``blockers``, ``next_steps``
    and ``status`` (the result of "Simpan profil"). ``result`` is the
    :class:`ikmkit.readiness.Result`; ``answers()`` gives the current answers.

    ``path`` is where "Simpan profil" writes; the default ``profil_ikm.json`` in the current
    directory is beside the notebook in JupyterLab. ``answers`` pre-fills the form (e.g. from
    :func:`ikmkit.readiness.load_profile`; gate answers such as ``produk_sni_wajib`` too).
    ``chart=False`` skips the radar chart; ``saving=False`` hides "Simpan" (a lesson's worked
    example). With ``usaha`` (True, or the path of a
    ``usaha_saya.json``) "Simpan" also keeps the answers in the "kesiapan" section of the
    participant's Usaha saya file (:mod:`ikmkit.usaha`); :meth:`from_usaha` starts from it.

    A gated question (``sni_wajib``) is shown only when its gate question
    (``produk_sni_wajib``) is answered "Ya"; "Tidak" means nothing is mandatory, so the
    question counts as met (:func:`ikmkit.readiness.resolve_gates`).

    >>> tool = SelfAssessment(sector="konveksi", chart=False)
    >>> tool.gates["produk_sni_wajib"].value, tool.result.blockers[0].id
    (True, 'punya_nib')
    >>> tool.gates["produk_sni_wajib"].value = False
    >>> tool.answers()["sni_wajib"], tool.asked("sni_wajib")
    (True, False)
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
        usaha: bool | str | Path = False,
        saving: bool = True,
    ) -> None:
        if sector not in SECTORS:
            raise readiness.AnswerError(
                f"'sector' harus salah satu dari {', '.join(SECTORS)}: {sector!r}"
            )
        self.rubric = rubric or readiness.load_rubric()
        self.path = Path(path)
        self.usaha_path: Path | None = (
            None if usaha is False else
            None if usaha is True else Path(usaha))
        self._to_usaha = usaha is not False
        self.max_steps = max_steps
        self._chart_enabled = chart
        self.result: readiness.Result | None = None
        self.previous: readiness.Result | None = None  # as saved before (from_usaha)
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
        self.gates: dict[str, W.ToggleButtons] = {}
        self._rows: dict[str, W.Widget] = {}
        for ind in self.rubric.indicators:
            question, control = _indicator_control(ind)
            self.controls[ind.id] = control
            flag = (f" <span style='color:{_RED}'>(penghambat: wajib dipenuhi)</span>"
                    if ind.blocker else "")
            inner = W.VBox([W.HTML(_question_html(question, ind.help_text(), flag)), control])
            parts: list[W.Widget] = [inner]
            if ind.gate is not None:
                gate = _yes_no(True)  # "ya": the question is asked (the lowest answer first)
                self.gates[ind.gate.id] = gate
                parts = [W.HTML(_question_html(ind.gate.label, ind.gate.help_text())), gate,
                         inner]
                inner.layout = W.Layout(margin="6px 0 0 18px")
            self._rows[ind.id] = W.VBox(parts, layout=W.Layout(margin="0 0 10px 0"))
        self.note = W.HTML()
        if answers:
            self._apply(answers)
        self._show_gated()

        self.accordion = W.Accordion()
        self.summary = W.HTML()
        self.blockers = W.HTML()
        self.next_steps = W.HTML()
        self.chart = W.Output(layout=W.Layout(min_height="60px"))
        self.status = W.HTML()
        self.save_button = W.Button(
            description="Simpan profil", icon="save", button_style="success",
            tooltip=f"Menyimpan jawaban ke {self.path.name} di folder notebook ini"
            + (" dan ke berkas Usaha saya" if self._to_usaha else ""),
            layout=W.Layout(width="auto"),
        )
        self.save_button.on_click(lambda _button: self.save())
        if not saving:
            self.save_button.layout.display = "none"

        self._layout()
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Penilaian mandiri kesiapan ekspor</h3>"
                   f"<span style='color:{_GREY}'>Jawab dengan jujur: hasilnya untuk Anda "
                   "sendiri dan pendamping, bukan ujian.</span>"),
            self.note,
            W.HBox([self.sector_input]), self.business_input, self.participant_input,
            self.accordion,
            W.HTML("<h4 style='margin-bottom:0'>Hasil</h4>"),
            W.HBox([self.summary, self.chart]),
            self.blockers, self.next_steps,
            W.HBox([self.save_button, self.status]),
        ])
        self._watch(self.controls.values())
        self._watch(self.gates.values())
        self.sector_input.observe(self._on_sector, names="value")
        self.update()

    @classmethod
    def from_usaha(cls, path: str | Path | None = None, **kwargs: Any) -> SelfAssessment:
        """The form filled from the participant's Usaha saya file, saving back to it.

        Sector and business name come from the arguments when given (the intake's Soal 1),
        else from the "kesiapan" section (or else "bisnis"); the
        answers and gate answers from "kesiapan"; with no answers yet, the sector's monthly
        capacity comes from ``bisnis.produksi_bulanan``. A broken file is reported in the
        form (``note``) and the form starts empty: nothing is overwritten until "Simpan".
        """
        bisnis, kesiapan, note = _usaha_sections(path)
        sector = (kwargs.pop("sector", None) or kesiapan.get("sektor") or bisnis.get("sektor")
                  or "batik")
        if sector not in SECTORS:
            note, sector = f"sektor di berkas Usaha saya tidak dikenal: {sector!r}", "batik"
        kwargs.setdefault("business", kesiapan.get("nama_usaha") or bisnis.get("nama_usaha"))
        tool = cls(sector=sector, usaha=True if path is None else path, **kwargs)
        known, unknown = tool._saved_answers(bisnis, kesiapan)
        try:
            tool.set_answers(known)
            if kesiapan.get("jawaban"):
                tool.previous = tool.result
                tool.update()
        except (IkmkitError, ValueError, TypeError) as exc:
            note = f"jawaban tersimpan tidak bisa dipakai: {exc}"
        if unknown:
            note = note or ("pertanyaan lama yang tidak ada lagi di rubrik dilewati: "
                            + ", ".join(unknown))
        tool._loaded_note(note, bool(known))
        return tool

    def _saved_answers(self, bisnis: dict[str, Any], kesiapan: dict[str, Any]
                       ) -> tuple[dict[str, Any], list[str]]:
        """(answers this form knows, ids it no longer asks); with no answers saved yet, the
        monthly output of the business profile fills the sector's capacity question."""
        saved = {**(kesiapan.get("jawaban") or {}), **(kesiapan.get("gerbang") or {})}
        known = {k: v for k, v in saved.items() if k in self.controls or k in self.gates}
        unknown = sorted(set(saved) - set(known))
        if not known and isinstance(bisnis.get("produksi_bulanan"), (int, float)):
            for ind in self.indicators():
                if ind.kind == "number" and ind.dimension == "produksi":
                    known[ind.id] = int(bisnis["produksi_bulanan"])
        return known, unknown

    def _loaded_note(self, note: str, loaded: bool) -> None:
        if note:
            self.note.value = (f"<div style='color:{_RED}'><b>Berkas Usaha saya:</b> "
                               f"{_esc(note)}. Formulir dimulai dari jawaban yang bisa "
                               "dipakai; tidak ada yang ditimpa sebelum Anda klik Simpan.</div>")
        elif loaded:
            self.note.value = (f"<div style='color:{_GREEN}'>Jawaban dari berkas Usaha saya "
                               "dimuat. Perbarui yang berubah, lalu klik Simpan.</div>")

    # -- state
    @property
    def sector(self) -> str:
        """The sector chosen in the form."""
        return str(self.sector_input.value)

    def indicators(self) -> tuple[readiness.Indicator, ...]:
        """The rubric indicators that apply to the chosen sector."""
        return self.rubric.for_sector(self.sector)

    def answers(self) -> dict[str, bool | int]:
        """Current answers for the indicators of the chosen sector; a question whose gate is
        answered "Tidak" counts as met (True)."""
        out, _ = readiness.resolve_gates(
            {**{ind.id: self.controls[ind.id].value for ind in self.indicators()},
             **self.gate_answers()}, self.rubric)
        return out

    def gate_answers(self) -> dict[str, bool]:
        """The answers to the gate questions of the chosen sector."""
        return {ind.gate.id: bool(self.gates[ind.gate.id].value)
                for ind in self.indicators() if ind.gate is not None}

    def set_answers(self, answers: Mapping[str, Any]) -> None:
        """Fill the form from a mapping of indicator id (or gate id) → answer (unknown ids
        raise).

        Missing values (None, NaN, ``pd.NA``) are skipped, so a row of
        :func:`ikmkit.readiness.example_answers` can be passed as it is.
        """
        with self.hold():
            self._apply(answers)

    def _apply(self, answers: Mapping[str, Any]) -> None:
        for key, value in answers.items():
            if key in META_COLUMNS:
                continue
            if key in self.gates:
                if not _missing(value):
                    self.gates[key].value = bool(value)
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

    def asked(self, indicator_id: str) -> bool:
        """Whether the question is shown: it applies to the sector and its gate is "Ya"."""
        ind = self.rubric.indicator(indicator_id)
        if not ind.applies_to(self.sector):
            return False
        return ind.gate is None or bool(self.gates[ind.gate.id].value)

    def _show_gated(self) -> None:
        """Hide a gated question while its gate is answered "Tidak"."""
        for ind in self.rubric.indicators:
            if ind.gate is not None:
                shown = bool(self.gates[ind.gate.id].value)
                self._rows[ind.id].children[-1].layout.display = None if shown else "none"

    def update(self) -> None:
        """Re-score the current answers and refresh every output."""
        self._show_gated()
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
        before = self.previous
        if before is not None and before.sector == result.sector:
            dims = "".join(
                f"<tr><td style='padding:1px 8px'>{_esc(d.name)}</td>"
                f"<td style='text-align:right;padding:1px 8px'>"
                f"{_num(before.dimensions[d.id])}</td>"
                f"<td style='text-align:right;padding:1px 8px'>"
                f"{_num(result.dimensions[d.id])}</td></tr>"
                for d in self.rubric.dimensions)
            head = ("<th style='padding:1px 8px'>Tersimpan</th>"
                    "<th style='padding:1px 8px'>Sekarang</th>")
            change = result.total - before.total
            capped += (f"<br><span style='color:{_GREY}'>Tersimpan sebelumnya: "
                       f"{_num(before.total, 1)} ({_esc(before.level.name)}); perubahan "
                       f"{'+' if change >= 0 else '−'}{_num(abs(change), 1)} poin.</span>")
        else:
            dims = "".join(
                f"<tr><td style='padding:1px 8px'>{_esc(d.name)}</td>"
                f"<td style='text-align:right;padding:1px 8px'>"
                f"{_num(result.dimensions[d.id])}</td></tr>"
                for d in self.rubric.dimensions
            )
            head = "<th style='padding:1px 8px'>Skor (0–100)</th>"
        self.summary.value = (
            f"<div style='font-size:120%'>Skor total: <b>{_num(result.total, 1)}</b> dari 100</div>"
            f"<div>Tingkat: <b>{_esc(level.name)}</b><br>"
            f"<span style='color:{_GREY}'>{_esc(level.description)}</span>{capped}</div>"
            f"<table style='margin-top:6px'><tr><th style='text-align:left;padding:1px 8px'>"
            f"Dimensi</th>{head}</tr>{dims}</table>"
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
            try:
                module = self.rubric.indicator(rec.indicator).where_taught
            except readiness.AnswerError:  # pragma: no cover - recommendations come from it
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
        """Write the profile (``profil_ikm.json``), and the "kesiapan" section of Usaha saya
        when the form was made with ``usaha``; report in ``status``; None on error."""
        target = Path(path) if path is not None else self.path
        business = self.business_input.value.strip() or None
        try:
            profile = readiness.save_profile(
                target, {**self.answers(), **self.gate_answers()}, self.sector,
                business=business,
                participant=self.participant_input.value.strip() or None,
                rubric=self.rubric,
            )
            if self._to_usaha:  # other keys of the section (the 90-day plan) are kept
                kept = usaha.load(self.usaha_path).section("kesiapan")
                usaha.save("kesiapan", {
                    **kept, "sektor": self.sector, "nama_usaha": business,
                    "jawaban": profile["answers"], "gerbang": profile.get("gates", {}),
                    "skor_total": profile["total"], "tingkat": profile["level_name"],
                }, path=self.usaha_path)
        except (IkmkitError, OSError) as exc:
            self.status.value = _error_html(exc)
            return None
        shown = target / "profil_ikm.json" if target.is_dir() else target
        also = " dan di berkas Usaha saya" if self._to_usaha else ""
        self.status.value = (
            f"<span style='color:{_GREEN}'>Profil tersimpan di <code>{_esc(shown.name)}</code>"
            f"{also} (skor {_num(profile['total'], 1)}, {_esc(profile['level_name'])}).</span>"
        )
        return profile




def _short(name: str) -> str:
    """Break a dimension name into two lines for the radar chart."""
    words = name.split()
    if len(words) < 3:
        return name
    half = (len(words) + 1) // 2
    return " ".join(words[:half]) + "\n" + " ".join(words[half:])
