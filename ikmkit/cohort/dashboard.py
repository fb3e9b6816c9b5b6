"""The live cohort dashboard: ipywidgets over :mod:`ikmkit.cohort.tracking`, served by Voilà.

``ikmkit dashboard FOLDER`` serves ``ikmkit/cohort/notebooks/dashboard.ipynb`` with Voilà;
the notebook shows :func:`app`, which builds a :class:`Dashboard` for the course directory
named in the environment variable ``IKMKIT_COURSE_DIR``. Everything shown is read from the
course directory when the page opens (or when "Muat ulang data" is pressed), so a regrade
shows up on reload. The dashboard only reads: :func:`ikmkit.cohort.tracking.load_cohort`,
:func:`~ikmkit.cohort.tracking.list_snapshots` and
:func:`~ikmkit.cohort.tracking.load_snapshot` open files
and the gradebook for reading and never create anything in the course directory.

What the page holds (each widget has a stable CSS class, for browser tests and custom CSS):

* filters (``ikm-filter-sector``, ``ikm-filter-level``, ``ikm-filter-module``,
  ``ikm-filter-snapshot``), all dropdowns that start at "Semua ..." / "Sekarang":

  - *Sektor*: one of the four sectors;
  - *Tingkat kesiapan*: one of the four readiness levels, or "Belum dinilai" (participants
    without a readiness profile);
  - *Modul*: an assignment. Choosing one keeps only the participants **who have a grade for
    it** (handed in and graded), shows that grade in the table and the grade distribution of
    that module in the chart; "Semua modul" keeps everyone and shows every module's grades;
  - *Data*: "Sekarang" (the course directory as it is now) or a stored snapshot
    (:func:`ikmkit.cohort.tracking.take_snapshot`), which then feeds the table, charts and card;

* a summary line (``ikm-summary``), e.g. "16 peserta · rata-rata skor 65,2 · ...";
* four charts that follow the filters, inline SVG drawn with :mod:`ikmkit.cohort._charts`'s chart
  helpers: readiness levels (``ikm-chart-level``), mean score per rubric dimension
  (``ikm-chart-dimensions``), grades (``ikm-chart-grades``) and the monitored obstacles
  (``ikm-chart-obstacles``); each wraps its SVG in an element whose ``data-nilai``
  attribute lists the plotted numbers (``label=value;...``);
* the participant table (``ikm-table``; one ``<tr data-peserta="ID">`` per participant) with
  the intake score (``skor_awal``) beside the latest one, each marked *penilaian mandiri* or
  *diperiksa mentor* (cells ``data-kolom="skor_awal"`` / ``data-kolom="skor_terakhir"``);
* a drill-down: a participant dropdown (``ikm-drill``) whose options follow the filters and
  the participant's card (``ikm-card``): score, level, blockers, radar chart against the
  cohort average, grades per module, history over the snapshots, next steps, certificates.

An empty filter result gives a friendly message, never an error. All text is Indonesian.

The class is plain Python: setting a dropdown's ``value`` recomputes everything synchronously,
so it can be tested without a browser. The summary line is updated last, so in a browser a
new summary means the table, charts and card are up to date as well.

>>> import tempfile, pathlib
>>> from ikmkit import readiness
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> answers = readiness.example_answers(8, seed=3)
>>> for _, row in answers.iterrows():
...     folder = root / "submitted" / row["ikm_id"] / "m02-kesiapan-ekspor"
...     folder.mkdir(parents=True)
...     _ = readiness.save_profile(folder, {k: (None if pd.isna(v) else v) for k, v in
...         row.drop(["ikm_id", "nama_usaha", "kabupaten", "sector"]).items()},
...         row["sector"], business=row["nama_usaha"], participant=row["ikm_id"])
>>> dash = Dashboard(root)
>>> len(dash.rows)
8
>>> dash.filters["sector"].value = "batik"
>>> len(dash.rows) == int((answers["sector"] == "batik").sum())
True
>>> dash.table.value.count("<tr data-peserta=") == len(dash.rows)
True
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import html
import os
import re
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import ipywidgets as W
import numpy as np
import pandas as pd

from ikmkit import readiness
from ikmkit._text import number
from ikmkit.cohort import _charts, _html, tracking
from ikmkit.errors import IkmkitError
from ikmkit.grading import CourseError, resolve_course_dir
from ikmkit.vocab import COURSE_FOLDER, SECTOR_NAMES, SECTORS

__all__ = [
    "ALL",
    "COURSE_DIR_ENV",
    "NOT_SCORED",
    "Dashboard",
    "DashboardError",
    "app",
    "check_course_dir",
    "module_label",
]

COURSE_DIR_ENV = "IKMKIT_COURSE_DIR"
"""Environment variable the shipped notebook reads the course directory from."""

ALL = ""
"""Filter value meaning "no filter" ("Semua ..."); for the snapshot filter: "Sekarang"."""

NOT_SCORED = "(belum dinilai)"
"""Level filter value: participants without a readiness profile."""


# The dashboard draws with the report's charts and HTML pieces (ikmkit.cohort._charts,
# _html) and its number format: it looks and counts like the report.
_E = html.escape
_fmt = functools.partial(number, decimals=1)
_GRADE_BINS = (0.0, 20.0, 40.0, 60.0, 80.0)
_GRADE_BIN_LABELS = ("< 20", "20–40", "40–60", "60–80", "≥ 80")
_MODULE_ID = re.compile(r"^m(\d{2})(?:[-_]|$)")


class DashboardError(IkmkitError):
    """The dashboard cannot open (no course directory, not a course directory)."""


def check_course_dir(path: str | os.PathLike[str] | None) -> Path:
    """The class folder as an absolute path, or :class:`DashboardError` saying why not.

    >>> check_course_dir("/tidak/ada")
    Traceback (most recent call last):
    ...
    ikmkit.cohort.dashboard.DashboardError: folder kelas tidak ditemukan: '/tidak/ada'
    """
    if path is None or not str(path).strip():
        raise DashboardError(
            f"{COURSE_FOLDER} belum diberikan (variabel lingkungan {COURSE_DIR_ENV} kosong); "
            "buka dasbor dengan perintah `ikmkit dashboard FOLDER`")
    try:
        return resolve_course_dir(path, need="marker")
    except CourseError as exc:
        raise DashboardError(str(exc)) from None


def module_label(assignment: str) -> str:
    """People's name of an assignment: its curriculum module when the id says which.

    >>> module_label("m01-standardisasi"), module_label("latihan-x")
    ('Modul 01 Standardisasi & sertifikasi', 'latihan-x')
    """
    match = _MODULE_ID.match(assignment)
    if match and match.group(1) in readiness.MODULES:
        return readiness.MODULES[match.group(1)]
    return assignment


def _module_short(assignment: str) -> str:
    match = _MODULE_ID.match(assignment)
    return f"M{match.group(1)}" if match else assignment


def _sector_name(sector: Any) -> str:
    if not isinstance(sector, str) or not sector:
        return "–"
    return SECTOR_NAMES.get(sector, sector)


def _text(value: Any) -> str:
    """A table cell as text: '' for NaN/None."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def _empty(message: str) -> str:
    return f'<div class="ikm-empty">{_E(message)}</div>'


def _chart(key: str, numbers: Mapping[str, float | int], svg: str) -> str:
    listed = ";".join(f"{k}={_fmt(v) if isinstance(v, float) else v}"
                      for k, v in numbers.items())
    return f'<div class="ikm-chart" data-chart="{key}" data-nilai="{_E(listed)}">{svg}</div>'


_CSS = """
<style>
.ikm-dashboard{color:#1c2833;max-width:1250px;font-size:14px}
.ikm-dashboard .widget-html-content{line-height:1.45}
.ikm-dashboard h2{font-size:1.2em;color:#1f4e79;margin:18px 0 6px}
.ikm-dashboard h3{font-size:1.05em;color:#1f4e79;margin:12px 0 4px}
.ikm-dashboard .ikm-filters{flex-wrap:wrap;gap:4px 16px;background:#eaf2f8;border-radius:6px;
padding:8px 10px}
.ikm-dashboard .ikm-source{color:#566;font-size:.92em}
.ikm-dashboard .ikm-summary{font-size:1.08em;padding:6px 2px}
.ikm-dashboard table{border-collapse:collapse;width:100%;font-size:13px}
.ikm-dashboard th,.ikm-dashboard td{border-bottom:1px solid #dde;padding:3px 6px;
text-align:left;vertical-align:top}
.ikm-dashboard th{background:#eaf2f8}
.ikm-dashboard td.n,.ikm-dashboard th.n{text-align:right;font-variant-numeric:tabular-nums}
.ikm-dashboard .ikm-table .widget-html-content{max-height:560px;overflow:auto}
.ikm-dashboard .lv{display:inline-block;padding:0 8px;border-radius:10px;color:#fff;
font-size:.85em;white-space:nowrap}
.ikm-dashboard .lv0{background:#c0392b}.ikm-dashboard .lv1{background:#e67e22}
.ikm-dashboard .lv2{background:#2e86c1}.ikm-dashboard .lv3{background:#1e8449}
.ikm-dashboard .warn{color:#a93226}
.ikm-dashboard .ikm-empty{background:#fef9e7;border:1px solid #f5d76e;border-radius:6px;
padding:10px 14px;margin:4px 0}
.ikm-dashboard .ikm-chart{background:#fff;border:1px solid #e5e8e8;border-radius:6px;
padding:6px}
.ikm-dashboard svg{max-width:100%;height:auto}
.ikm-dashboard .ikm-card .widget-html-content{background:#fff;border:1px solid #d6dbdf;
border-radius:6px;padding:10px 16px}
.ikm-dashboard .ikm-card section{margin:8px 0}
.ikm-dashboard .ikm-card h2{font-size:1.05em;margin:12px 0 4px}
.ikm-dashboard .ikm-grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));
gap:12px}
""" + "".join(f".ikm-dashboard {rule.strip()}}}\n" for rule in _html.SOURCE_CSS.split("}")
              if rule.strip()) + """</style>
"""


class Dashboard:
    """The cohort dashboard of one course directory (see the module documentation).

    Attributes: ``widget`` (the container to display; the object displays as it too),
    ``filters`` (dict of the four dropdowns: ``sector``, ``level``, ``module``, ``snapshot``),
    ``summary``, ``table``, ``charts`` (dict: ``level``, ``dimensions``, ``grades``,
    ``obstacles``), ``participant`` (the drill-down dropdown), ``card``, ``reload_button``;
    ``cohort`` (the live :class:`ikmkit.cohort.tracking.Cohort`), ``snapshots`` and ``rows`` (the
    participants the filters let through, a slice of the chosen table).
    """

    def __init__(self, course_dir: str | os.PathLike[str], *,
                 rubric: readiness.Rubric | None = None) -> None:
        self.course_dir = check_course_dir(course_dir)
        self.rubric = rubric or readiness.load_rubric()
        self._busy = False
        self._plt: Any = None
        self.cohort: tracking.Cohort
        self.snapshots: list[tracking.SnapshotInfo] = []
        self._frames: dict[str, pd.DataFrame] = {}
        self.rows = pd.DataFrame()
        self.modules: list[str] = []
        self.loaded_at = ""

        style = {"description_width": "initial"}
        self.filters: dict[str, W.Dropdown] = {
            "sector": W.Dropdown(description="Sektor", style=style,
                                 layout=W.Layout(width="230px")),
            "level": W.Dropdown(description="Tingkat kesiapan", style=style,
                                layout=W.Layout(width="360px")),
            "module": W.Dropdown(description="Modul", style=style,
                                 layout=W.Layout(width="380px")),
            "snapshot": W.Dropdown(description="Data", style=style,
                                   layout=W.Layout(width="330px")),
        }
        for key, dropdown in self.filters.items():
            dropdown.add_class(f"ikm-filter-{key}")
        self.reload_button = W.Button(description="Muat ulang data", icon="refresh",
                                      tooltip="Baca lagi folder kelas (hanya membaca)",
                                      layout=W.Layout(width="auto"))
        self.reload_button.add_class("ikm-reload")
        self.source = W.HTML().add_class("ikm-source")
        self.summary = W.HTML().add_class("ikm-summary")
        self.notices = W.HTML().add_class("ikm-notices")
        self.table = W.HTML().add_class("ikm-table")
        self.charts: dict[str, W.HTML] = {key: W.HTML().add_class(f"ikm-chart-{key}")
                                          for key in ("level", "dimensions", "grades",
                                                      "obstacles")}
        self.participant = W.Dropdown(description="Peserta", style=style,
                                      layout=W.Layout(width="520px"))
        self.participant.add_class("ikm-drill")
        self.card = W.HTML().add_class("ikm-card")

        filters = W.HBox(list(self.filters.values()),
                         layout=W.Layout(flex_flow="row wrap")).add_class("ikm-filters")
        grid = W.GridBox(list(self.charts.values()), layout=W.Layout(
            grid_template_columns="repeat(auto-fit, minmax(430px, 1fr))", grid_gap="12px"))
        grid.add_class("ikm-charts")
        self.widget = W.VBox([
            W.HTML(_CSS),
            W.HBox([self.source, self.reload_button],
                   layout=W.Layout(justify_content="space-between", align_items="center")),
            filters,
            self.summary,
            self.notices,
            W.HTML("<h2>Grafik</h2>"),
            grid,
            W.HTML("<h2>Daftar peserta</h2>"),
            self.table,
            W.HTML("<h2>Rincian satu peserta</h2><p>Pilih peserta (daftar mengikuti filter "
                   "di atas) untuk melihat rapornya.</p>"),
            self.participant,
            self.card,
        ]).add_class("ikm-dashboard")

        self.load()
        for dropdown in self.filters.values():
            dropdown.observe(self._on_filter, names="value")
        self.participant.observe(self._on_participant, names="value")
        self.reload_button.on_click(self._on_reload)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    # ------------------------------------------------------------------ data

    def load(self) -> None:
        """(Re)read the course directory: cohort, snapshots; keep the filters where possible."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbgrader/SQLAlchemy noise is not for the page
            self.cohort = tracking.load_cohort(self.course_dir, rubric=self.rubric)
            self.snapshots = tracking.list_snapshots(self.course_dir)
            self._frames = {info.name: tracking.load_snapshot(self.course_dir, info.name)
                            for info in self.snapshots}
        self._frames[ALL] = self.cohort.table
        self.loaded_at = _dt.datetime.now().strftime("%d-%m-%Y %H:%M:%S")
        self.source.value = (
            f"Kelas: <code>{_E(str(self.course_dir))}</code> · dibaca {self.loaded_at} · "
            "dasbor ini hanya membaca data, tidak mengubah apa pun")
        modules = list(self.cohort.assignments)
        for frame in self._frames.values():
            for col in frame.columns:
                name = str(col)[len("nilai_"):]
                if str(col).startswith("nilai_") and name not in modules:
                    modules.append(name)
        self.modules = modules
        with self._quiet():
            self._set_options(self.filters["sector"], [("Semua sektor", ALL)] + [
                (_sector_name(s), s) for s in SECTORS])
            self._set_options(self.filters["level"], [("Semua tingkat", ALL)] + [
                (lv.name, lv.name) for lv in readiness.LEVELS] + [("Belum dinilai", NOT_SCORED)])
            self._set_options(self.filters["module"], [("Semua modul", ALL)] + [
                (module_label(m), m) for m in modules])
            self._set_options(self.filters["snapshot"], [("Sekarang (data terkini)", ALL)] + [
                (f"Snapshot {info.label}", info.name) for info in self.snapshots])
        self.refresh()

    @staticmethod
    def _set_options(dropdown: W.Dropdown, options: list[tuple[str, str]]) -> None:
        keep = dropdown.value
        dropdown.options = options
        values = [v for _, v in options]
        dropdown.value = keep if keep in values else values[0]

    @contextlib.contextmanager
    def _quiet(self) -> Iterator[None]:
        was, self._busy = self._busy, True
        try:
            yield
        finally:
            self._busy = was

    @property
    def frame(self) -> pd.DataFrame:
        """The whole table the "Data" filter chose (the live cohort or a snapshot)."""
        return self._frames.get(self.filters["snapshot"].value or ALL, self.cohort.table)

    def _snapshot_title(self) -> str:
        name = self.filters["snapshot"].value or ALL
        for info in self.snapshots:
            if info.name == name:
                return f"snapshot {info.label}"
        return "data terkini"

    def _filtered(self) -> pd.DataFrame:
        frame = self.frame
        keep = np.ones(len(frame), dtype=bool)
        sector = self.filters["sector"].value
        if sector:
            keep &= (frame["sector"].astype(object) == sector).to_numpy(dtype=bool)
        level = self.filters["level"].value
        if level == NOT_SCORED:
            keep &= pd.to_numeric(frame["total"], errors="coerce").isna().to_numpy()
        elif level:
            keep &= (frame["level"].astype(object) == level).to_numpy(dtype=bool)
        module = self.filters["module"].value
        if module:
            col = f"nilai_{module}"
            if col in frame:
                keep &= pd.to_numeric(frame[col], errors="coerce").notna().to_numpy()
            else:
                keep &= False
        return frame[keep].sort_index()

    # ------------------------------------------------------------------ refresh

    def _on_reload(self, _button: Any = None) -> None:
        try:
            self.load()
        except Exception as exc:  # e.g. a snapshot index broken meanwhile: say so, keep going
            self.notices.value = (f'<div class="warn"><b>Data belum bisa dimuat ulang:</b> '
                                  f"{_E(str(exc))}</div>")

    def _on_filter(self, change: Any = None) -> None:
        if not self._busy:
            self.refresh()

    def _on_participant(self, change: Any = None) -> None:
        if not self._busy:
            self._show_card()

    def refresh(self) -> None:
        """Recompute summary, table, charts and the drill-down from the filters."""
        rows = self._filtered()
        self.rows = rows
        notes = [f"Perhatian: {w}" for w in self.cohort.warnings]
        self.notices.value = "".join(f'<div class="warn">{_E(n)}</div>' for n in notes)
        for key, value in self._charts_html(rows).items():
            self.charts[key].value = value
        self.table.value = self._table_html(rows)
        options = [(self._participant_label(pid, row), str(pid)) for pid, row in rows.iterrows()]
        with self._quiet():
            self._set_options(self.participant,
                              options or [("— tidak ada peserta yang cocok —", "")])
        self._show_card()
        # last: in a browser, a new summary means every other part is up to date too
        self.summary.value = self._summary_html(rows)

    def _module_grades(self, rows: pd.DataFrame) -> list[str]:
        module = self.filters["module"].value
        wanted = [module] if module else self.modules
        return [m for m in wanted if f"nilai_{m}" in rows]

    def _summary_html(self, rows: pd.DataFrame) -> str:
        where = self._snapshot_title()
        if not len(self.frame):
            return (f"<b>0 peserta</b> ({_E(where)}): belum ada profil kesiapan ekspor atau "
                    "nilai di kelas ini.")
        if not len(rows):
            return f"<b>0 peserta</b> cocok dengan filter ini ({_E(where)})."
        totals = pd.to_numeric(rows["total"], errors="coerce")
        parts = [f"<b>{len(rows)} peserta</b>"]
        if totals.notna().any():
            parts.append(f"rata-rata skor <b>{_fmt(float(totals.mean()))}</b>")
        if "skor_awal" in rows:
            first = pd.to_numeric(rows["skor_awal"], errors="coerce")
            if first.notna().any():
                parts.append(f"rata-rata skor awal <b>{_fmt(float(first.mean()))}</b>")
        if "sumber_skor" in rows:
            checked = int((rows["sumber_skor"].astype(str) == "mentor").sum())
            parts.append(f"{checked} skor diperiksa mentor")
        scored = int(totals.notna().sum())
        if scored < len(rows):
            parts.append(f"{scored} sudah punya skor kesiapan")
        blockers = int(rows["has_blocker"].fillna(False).astype(bool).sum()) \
            if "has_blocker" in rows else 0
        parts.append(f"{blockers} dengan penghambat")
        module = self.filters["module"].value
        if module:
            grades = pd.to_numeric(rows[f"nilai_{module}"], errors="coerce")
            parts.append(f"rata-rata nilai {_E(module_label(module))}: "
                         f"<b>{_fmt(float(grades.mean()))}</b> "
                         "(hanya peserta yang sudah punya nilai modul ini)")
        return " · ".join(parts) + f" <small>({_E(where)})</small>"

    def _table_html(self, rows: pd.DataFrame) -> str:
        if not len(self.frame):
            return _empty("Belum ada peserta di kelas ini: belum ada profil_ikm.json yang "
                          "dikumpulkan dan belum ada nilai di gradebook.")
        if not len(rows):
            module = self.filters["module"].value
            extra = ""
            if module and f"nilai_{module}" not in self.frame:
                extra = " Data yang dipilih tidak menyimpan nilai modul ini."
            return _empty("Tidak ada peserta yang cocok dengan pilihan filter ini." + extra
                          + " Ubah salah satu filter, atau pilih lagi 'Semua'.")
        modules = self._module_grades(rows)
        head = ["<th>ID</th>", "<th>Usaha / peserta</th>", "<th>Sektor</th>",
                '<th class="n" title="penilaian mandiri di pertemuan pertama">Skor awal</th>',
                '<th class="n" title="profil terbaru, atau lembar mentor">Skor terakhir</th>',
                "<th>Tingkat</th>", '<th class="n">Penghambat</th>']
        head += [f'<th class="n" title="{_E(module_label(m))}">Nilai {_E(_module_short(m))}'
                 "</th>" for m in modules]
        body = []
        for pid, row in rows.iterrows():
            business = _text(row.get("nama_usaha"))
            person = _text(row.get("nama_peserta"))
            who = _E(business or "–") + (f"<br><small>{_E(person)}</small>" if person else "")
            blockers = [b for b in _text(row.get("blockers")).split(";") if b]
            blocker_names = "; ".join(self._indicator_label(b) for b in blockers)
            cells = [
                f"<td>{_E(str(pid))}</td>", f"<td>{who}</td>",
                f"<td>{_E(_sector_name(row.get('sector')))}</td>",
                f'<td class="n" data-kolom="skor_awal">{_fmt(row.get("skor_awal"))}'
                f'{_html.source_badge(row.get("sumber_skor_awal"))}</td>',
                f'<td class="n" data-kolom="skor_terakhir">{_fmt(row.get("total"))}'
                f'{_html.source_badge(row.get("sumber_skor"))}</td>',
                f"<td>{_html.level_badge(row.get('level'))}</td>",
                f'<td class="n" title="{_E(blocker_names)}">{len(blockers) or "–"}</td>',
            ]
            cells += [f'<td class="n">{_fmt(row.get(f"nilai_{m}"))}</td>' for m in modules]
            body.append(f'<tr data-peserta="{_E(str(pid))}">{"".join(cells)}</tr>')
        return (f"<table><thead><tr>{''.join(head)}</tr></thead>"
                f"<tbody>{''.join(body)}</tbody></table>")

    def _indicator_label(self, indicator_id: str) -> str:
        try:
            return self.rubric.indicator(indicator_id).label
        except (KeyError, IkmkitError):
            return indicator_id

    def _charts_html(self, rows: pd.DataFrame) -> dict[str, str]:
        none = _empty("Tidak ada peserta yang cocok dengan filter ini, jadi tidak ada grafik."
                      if len(self.frame) else "Belum ada data peserta untuk grafik.")
        if not len(rows):
            return dict.fromkeys(self.charts, none)
        if self._plt is None:
            self._plt = _charts.setup()
        plt = self._plt
        out: dict[str, str] = {}
        scored = rows[pd.to_numeric(rows["total"], errors="coerce").notna()]
        no_score = _empty("Belum ada skor kesiapan ekspor untuk peserta yang dipilih.")
        if len(scored):
            levels = tracking.level_counts(scored)
            out["level"] = _chart("level", {str(k): int(v) for k, v in levels.items()},
                                  _charts.level_chart(plt, levels))
            dims = {d.name: round(float(pd.to_numeric(scored[d.id], errors="coerce").mean()), 1)
                    for d in self.rubric.dimensions if d.id in scored}
            out["dimensions"] = _chart("dimensions", dims, _charts.barh(
                plt, list(dims), list(dims.values()), "Skor rata-rata per dimensi",
                xlabel="skor rata-rata (0-100)", counts=False))
            obstacles = tracking.obstacle_counts(scored)
            out["obstacles"] = _chart(
                "obstacles", {str(k): int(v) for k, v in obstacles.items()},
                _charts.barh(plt, [str(k) for k in obstacles.index],
                             [int(v) for v in obstacles], "Hambatan yang dipantau program",
                             "#e67e22"))
        else:
            out["level"] = out["dimensions"] = out["obstacles"] = no_score
        out["grades"] = self._grades_chart(plt, rows)
        return out

    def _grades_chart(self, plt: Any, rows: pd.DataFrame) -> str:
        module = self.filters["module"].value
        if module:
            grades = pd.to_numeric(rows[f"nilai_{module}"], errors="coerce").dropna()
            bins = np.searchsorted(np.array(_GRADE_BINS), grades.to_numpy(), side="right") - 1
            counts = {label: int((bins == k).sum()) for k, label in enumerate(_GRADE_BIN_LABELS)}
            return _chart("grades", counts, _charts.barh(
                plt, list(counts), list(counts.values()),
                f"Sebaran nilai {module_label(module)} (%)", "#16a085",
                xlabel="jumlah peserta"))
        cols = [f"nilai_{m}" for m in self._module_grades(rows)]
        grades = rows[cols].apply(pd.to_numeric, errors="coerce") if cols else pd.DataFrame()
        if not cols or not grades.notna().any().any():
            return _empty("Belum ada nilai modul untuk peserta yang dipilih.")
        means = {module_label(c[len("nilai_"):]): round(float(grades[c].mean()), 1)
                 for c in cols if grades[c].notna().any()}
        return _chart("grades", means, _charts.grades_chart(plt, grades))

    # ------------------------------------------------------------------ drill-down

    @staticmethod
    def _participant_label(pid: Any, row: pd.Series) -> str:
        business = _text(row.get("nama_usaha"))
        person = _text(row.get("nama_peserta"))
        label = f"{pid} – {business}" if business else str(pid)
        return f"{label} ({person})" if person else label

    def _show_card(self) -> None:
        pid = self.participant.value
        if not pid or pid not in self.rows.index:
            self.card.value = _empty("Tidak ada peserta yang cocok dengan filter ini."
                                     if len(self.frame) else "Belum ada peserta di kelas ini.")
            return
        self.card.value = self.card_html(str(pid))

    def card_html(self, pid: str) -> str:
        """The report card of one participant, from the table the "Data" filter chose."""
        frame = self.frame
        row = frame.loc[pid]
        if isinstance(row, pd.DataFrame):  # duplicated id in a hand-edited snapshot
            row = row.iloc[0]
        business = _text(row.get("nama_usaha"))
        person = _text(row.get("nama_peserta"))
        sector = row.get("sector") if isinstance(row.get("sector"), str) else None
        facts = " · ".join(x for x in (f"ID {pid}", person, _sector_name(sector) if sector
                                       else "", _text(row.get("kabupaten")),
                                       _text(row.get("sumber"))) if x)
        parts = [f'<h3 data-kunci="peserta">{_E(business or pid)}</h3>',
                 f"<p>{_E(facts)}<br><small>Sumber: {_E(self._snapshot_title())}</small></p>"]
        total = pd.to_numeric(pd.Series([row.get("total")]), errors="coerce").iloc[0]
        if sector is None or pd.isna(total):
            parts.append(_empty("Belum ada profil kesiapan ekspor (profil_ikm.json atau lembar "
                                "mentor) untuk peserta ini."))
        else:
            parts.append(self._readiness_html(pid, row, frame))
        parts.append(self._grades_html(row))
        parts.append(self._history_html(pid))
        if sector is not None and not pd.isna(total):
            parts.append(_html.certificate_section(
                sector, _text(row.get("sertifikat_dimiliki")),
                _text(row.get("sertifikat_dibutuhkan"))))
        return "".join(parts)

    def _readiness_html(self, pid: str, row: pd.Series, frame: pd.DataFrame) -> str:
        rubric = self.rubric
        scored = frame[pd.to_numeric(frame["total"], errors="coerce").notna()]
        dims = {d.id: float(pd.to_numeric(pd.Series([row.get(d.id)]), errors="coerce").iloc[0])
                for d in rubric.dimensions}
        averages = {d.id: float(pd.to_numeric(scored[d.id], errors="coerce").mean())
                    for d in rubric.dimensions if d.id in scored}
        radar = _charts.radar_svg(dims, {d.id: d.name for d in rubric.dimensions},
                                 compare=averages)
        level = row.get("level")
        names = [lv.name for lv in readiness.LEVELS]
        description = readiness.LEVELS[names.index(level)].description if level in names else ""
        dim_rows = "".join(
            f'<tr><td>{_E(d.name)}</td><td class="n">{_fmt(dims[d.id])}</td>'
            f'<td class="n">{_fmt(averages.get(d.id))}</td></tr>' for d in rubric.dimensions)
        first = pd.to_numeric(pd.Series([row.get("skor_awal")]), errors="coerce").iloc[0]
        if pd.notna(first):
            change = float(pd.to_numeric(pd.Series([row.get("total")])).iloc[0]) - first
            first_line = (f'Skor awal saat masuk: <b data-kunci="skor_awal">{_fmt(first)}</b>'
                          f'{_html.source_badge(row.get("sumber_skor_awal"))} · perubahan '
                          f'{"+" if change > 0 else ""}{_fmt(change)} poin<br>')
        else:
            first_line = "Skor awal saat masuk: belum ada (penilaian awal belum dikumpulkan)<br>"
        out = [
            '<div class="ikm-grid2"><div>',
            f'<p>Skor total: <b data-kunci="total">{_fmt(row.get("total"))}</b> dari 100'
            f'{_html.source_badge(row.get("sumber_skor"))}<br>{first_line}'
            f"Tingkat: {_html.level_badge(level)}</p><p>{_E(description)}</p>",
            "<table><thead><tr><th>Dimensi</th><th class=\"n\">Skor</th>"
            "<th class=\"n\">Rata-rata kohort</th></tr></thead>"
            f"<tbody>{dim_rows}</tbody></table></div>",
            f"<div>{radar}<p><small>Garis putus-putus: rata-rata kohort.</small></p></div>"
            "</div>"]
        blockers = [b for b in _text(row.get("blockers")).split(";") if b]
        if blockers:
            items = []
            for b in blockers:
                try:
                    ind = rubric.indicator(b)
                except (KeyError, IkmkitError):
                    items.append(f"<li>{_E(b)}</li>")
                    continue
                items.append(f"<li><b>{_E(ind.label)}</b> — {_E(ind.advice)}</li>")
            out.append("<h3>Penghambat (harus diselesaikan dulu)</h3>"
                       f'<ul class="warn">{"".join(items)}</ul>')
        else:
            out.append("<h3>Penghambat</h3><p>Tidak ada penghambat.</p>")
        steps = tracking.next_steps(frame.loc[[pid]].iloc[:1], rubric, limit=5)[0]
        if steps:
            step_rows = "".join(
                f"<tr><td>{k}</td><td>{_E(s.label)}</td><td>{_E(s.text)}</td>"
                f"<td>{_E(readiness.MODULES.get(s.module, s.module))}</td>"
                f'<td class="n">{_fmt(s.gain_points)}</td></tr>'
                for k, s in enumerate(steps, start=1))
            out.append("<h3>Langkah berikutnya</h3><table><thead><tr><th>No</th>"
                       "<th>Yang belum</th><th>Langkah</th><th>Modul</th>"
                       '<th class="n">Tambahan poin</th></tr></thead>'
                       f"<tbody>{step_rows}</tbody></table>")
        return "".join(out)

    def _grades_html(self, row: pd.Series) -> str:
        modules = [m for m in self.modules if f"nilai_{m}" in row.index]
        if not modules:
            return "<h3>Nilai modul</h3><p>Data ini tidak menyimpan nilai modul.</p>"
        cells = []
        for m in modules:
            value = pd.to_numeric(pd.Series([row.get(f"nilai_{m}")]), errors="coerce").iloc[0]
            shown = (f'<span data-kunci="nilai_{_E(m)}">{_fmt(float(value))}</span>'
                     if pd.notna(value) else "belum dikumpulkan / belum dinilai")
            cells.append(f"<tr><td>{_E(module_label(m))}</td><td>{_E(m)}</td>"
                         f'<td class="n">{shown}</td></tr>')
        return ("<h3>Nilai modul</h3><table><thead><tr><th>Modul</th><th>Tugas</th>"
                f'<th class="n">Nilai (%)</th></tr></thead><tbody>{"".join(cells)}</tbody>'
                "</table>")

    def _history_html(self, pid: str) -> str:
        entries: list[tuple[str, Any, Any]] = []
        for info in self.snapshots:
            frame = self._frames[info.name]
            if pid in frame.index:
                row = frame.loc[pid]
                if isinstance(row, pd.DataFrame):
                    row = row.iloc[0]
                entries.append((f"Snapshot {info.label}", row.get("total"), row.get("level")))
            else:
                entries.append((f"Snapshot {info.label}", None, None))
        live = self.cohort.table
        if pid in live.index:
            entries.append(("Sekarang", live.loc[pid, "total"], live.loc[pid, "level"]))
        rows = "".join(f'<tr><td>{_E(name)}</td><td class="n">{_fmt(total)}</td>'
                       f"<td>{_html.level_badge(level)}</td></tr>"
                       for name, total, level in entries)
        if not self.snapshots:
            note = "<p><small>Belum ada snapshot tersimpan untuk kelas ini.</small></p>"
        else:
            note = ""
        return ("<h3>Riwayat</h3><table><thead><tr><th>Saat</th><th class=\"n\">Skor</th>"
                f"<th>Tingkat</th></tr></thead><tbody>{rows}</tbody></table>{note}")


def app(course_dir: str | os.PathLike[str] | None = None) -> W.Widget:
    """What the shipped notebook displays: the dashboard of ``course_dir`` (default: the
    environment variable ``IKMKIT_COURSE_DIR``), or a friendly Indonesian message (an HTML
    widget with CSS class ``ikm-error``) when it cannot be opened.

    >>> message = app("/tidak/ada")
    >>> "ikm-error" in message._dom_classes, "tidak ditemukan" in message.value
    (True, True)
    """
    if course_dir is None:
        course_dir = os.environ.get(COURSE_DIR_ENV)
    try:
        return Dashboard(check_course_dir(course_dir)).widget
    except IkmkitError as exc:
        message = str(exc)
    except Exception as exc:  # a broken gradebook or snapshot: say so, no traceback
        message = f"data kelas tidak bisa dibaca ({type(exc).__name__}: {exc})"
    return W.HTML(
        '<div style="border:1px solid #c0392b;border-radius:6px;padding:12px 16px;'
        'background:#fdedec;color:#1c2833;max-width:900px">'
        f"<b>Dasbor belum bisa dibuka.</b> {_E(message)}<br>"
        "Jalankan dasbor dengan <code>ikmkit dashboard FOLDER</code>, dengan DIR = direktori "
        "kelas (mis. <code>demo-out/kelas</code> setelah <code>ikmkit demo</code>).</div>"
    ).add_class("ikm-error")
