"""Cohort reports: an HTML dashboard, one report card per participant, XLSX/CSV for the bank.

:func:`write_report` turns a :class:`ikmkit.tracking.Cohort` into a folder (by default
``<course>/laporan/``)::

    index.html          cohort dashboard: programme figures, charts, the participant list
    peserta/<id>.html   one report card per participant (radar chart, blockers, next steps,
                        certificates, grades, history over the snapshots)
    kohort.xlsx         sheets Kohort (one row per IKM), Ringkasan, Sertifikat, Hambatan
    kohort.csv          the Kohort sheet as CSV (UTF-8)

The HTML is self-contained: charts are inline SVG (matplotlib for the dashboard, a small
hand-written SVG radar for the cards, so a thousand cards take a second or two), CSS is
inline, nothing is fetched from the network, and ``@media print`` rules make each page print
cleanly. All text is Indonesian.

Numbers shown are the cohort table's: each figure of the dashboard carries a
``data-kunci`` attribute (e.g. ``level:Siap ekspor``) so tests can compare it with the table.

>>> import tempfile, pathlib
>>> from ikmkit import readiness, tracking
>>> table = tracking.cohort_from_answers(readiness.example_answers(6, seed=2))
>>> cohort = tracking.Cohort(table=table, course_dir=None, rubric=readiness.load_rubric())
>>> files = write_report(cohort, pathlib.Path(tempfile.mkdtemp()), progress=False)
>>> sorted(p.name for p in files.root.iterdir())
['index.html', 'kohort.csv', 'kohort.xlsx', 'peserta']
>>> len(files.cards)
6
"""

from __future__ import annotations

import datetime as _dt
import functools
import html
import io
import math
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ikmkit import readiness, tracking
from ikmkit.errors import IkmkitError

__all__ = [
    "ReportError",
    "ReportFiles",
    "bank_table",
    "card_filename",
    "radar_svg",
    "write_report",
]


class ReportError(IkmkitError):
    """A report cannot be written (e.g. an empty cohort)."""


@dataclass
class ReportFiles:
    """What :func:`write_report` wrote."""

    root: Path
    index: Path
    xlsx: Path
    csv: Path
    cards: list[Path] = field(default_factory=list)


_E = html.escape
_SAFE = re.compile(r"[^A-Za-z0-9._-]")
_LEVEL_COLOURS = ("#c0392b", "#e67e22", "#2e86c1", "#1e8449")
_SECTOR_NAMES = {"batik": "Batik", "konveksi": "Konveksi", "bordir": "Bordir",
                 "makanan-minuman": "Makanan-minuman"}


def card_filename(participant: str) -> str:
    """File name of a participant's card (characters outside ``A-Za-z0-9._-`` become ``_``).

    >>> card_filename("IKM 001/ü")
    'IKM_001__.html'
    """
    return _SAFE.sub("_", str(participant)) + ".html"


def _fmt(value: Any, digits: int = 1) -> str:
    """A number Indonesian style (decimal comma), '–' for missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}".replace(",", ".")
    text = f"{float(value):,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


# --------------------------------------------------------------------------- charts


def _svg(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    text = text[text.find("<svg"):]
    # drop the RDF metadata block (creator, date): not needed, and it names web URIs
    return re.sub(r"<metadata>.*?</metadata>", "", text, count=1, flags=re.DOTALL)


def _charts_setup() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.size": 9, "axes.spines.top": False,
                         "axes.spines.right": False, "svg.hashsalt": "ikmkit"})
    return plt


def _whole_ticks(axis: Any) -> None:
    """Tick a count axis in whole numbers only (three IKMs: no ticks at 0.5, 1.5)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _barh(plt: Any, labels: list[str], values: list[float], title: str, colour: str = "#2e86c1",
          xlabel: str = "jumlah IKM", *, counts: bool = True) -> str:
    """Horizontal bars; ``counts`` (the default) ticks the value axis in whole numbers."""
    fig, ax = plt.subplots(figsize=(6.2, 0.35 * max(len(labels), 2) + 0.9))
    if counts:
        _whole_ticks(ax.xaxis)
    ax.barh(labels[::-1], values[::-1], color=colour)
    for y, v in enumerate(values[::-1]):
        ax.text(v, y, f" {_fmt(v) if isinstance(v, float) else v}", va="center", fontsize=8)
    ax.set_title(title, loc="left", fontsize=10)
    ax.set_xlabel(xlabel)
    return _svg(fig)


def _short(text: str, width: int = 42) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _level_chart(plt: Any, counts: pd.Series) -> str:
    fig, ax = plt.subplots(figsize=(6.2, 2.6))
    _whole_ticks(ax.yaxis)
    ax.bar(range(len(counts)), counts.to_numpy(), color=_LEVEL_COLOURS[: len(counts)])
    ax.set_xticks(range(len(counts)), [n.replace(" dengan ", "\ndengan ") for n in counts.index])
    for x, v in enumerate(counts.to_numpy()):
        ax.text(x, v, str(int(v)), ha="center", va="bottom")
    ax.set_ylabel("jumlah IKM")
    ax.set_title("Sebaran tingkat kesiapan ekspor", loc="left", fontsize=10)
    return _svg(fig)


def _sector_chart(plt: Any, pivot: pd.DataFrame, dim_names: list[str]) -> str:
    fig, ax = plt.subplots(figsize=(7.2, 3.2))
    n = len(pivot.index)
    width = 0.8 / max(n, 1)
    x = np.arange(len(dim_names))
    colours = ("#8e44ad", "#2e86c1", "#16a085", "#d35400")
    for k, sector in enumerate(pivot.index):
        ax.bar(x + k * width - 0.4 + width / 2, pivot.loc[sector].to_numpy(dtype=float), width,
               label=_SECTOR_NAMES.get(str(sector), str(sector)), color=colours[k % 4])
    ax.set_xticks(x, dim_names, fontsize=7, rotation=30, ha="right")
    ax.set_ylim(0, 100)
    ax.set_ylabel("skor rata-rata (0-100)")
    ax.legend(fontsize=7, ncols=4, loc="upper center", bbox_to_anchor=(0.5, 1.18), frameon=False)
    return _svg(fig)


def _progress_chart(plt: Any, labels: list[str], level_tables: list[pd.Series],
                    means: list[float]) -> str:
    fig, ax = plt.subplots(figsize=(6.2, 2.8))
    bottom = np.zeros(len(labels))
    for k, level in enumerate(readiness.LEVELS):
        values = np.array([float(t.get(level.name, 0)) for t in level_tables])
        ax.bar(labels, values, bottom=bottom, color=_LEVEL_COLOURS[k], label=level.name)
        bottom += values
    ax.set_ylabel("jumlah IKM")
    ax2 = ax.twinx()
    ax2.plot(labels, means, color="black", marker="o", label="skor rata-rata")
    ax2.set_ylim(0, 100)
    ax2.set_ylabel("skor rata-rata")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.12, 1), frameon=False)
    ax.set_title("Kemajuan antar-snapshot", loc="left", fontsize=10)
    return _svg(fig)


def _cert_chart(plt: Any, certs: pd.DataFrame) -> str:
    fig, ax = plt.subplots(figsize=(6.2, 0.38 * max(len(certs), 2) + 0.9))
    _whole_ticks(ax.xaxis)
    y = np.arange(len(certs))[::-1]
    ax.barh(y + 0.2, certs["dimiliki"], 0.4, color="#1e8449", label="dimiliki")
    ax.barh(y - 0.2, certs["dibutuhkan"], 0.4, color="#c0392b", label="wajib (dibutuhkan)")
    ax.set_yticks(y, [_short(str(s), 40) for s in certs["sertifikat"]], fontsize=7)
    ax.legend(fontsize=7, frameon=False)
    ax.set_xlabel("jumlah IKM")
    ax.set_title("Sertifikat: dimiliki vs wajib", loc="left", fontsize=10)
    return _svg(fig)


def _grades_chart(plt: Any, grades: pd.DataFrame) -> str:
    fig, ax = plt.subplots(figsize=(6.2, 2.6))
    data = [grades[c].dropna().to_numpy() for c in grades.columns]
    labels = [c[len("nilai_"):] for c in grades.columns]
    ax.boxplot([d if len(d) else [np.nan] for d in data], tick_labels=labels, vert=True)
    means = [float(d.mean()) if len(d) else np.nan for d in data]
    ax.plot(range(1, len(labels) + 1), means, "D", color="#c0392b", label="rata-rata")
    ax.set_ylim(-5, 105)
    ax.set_ylabel("nilai (%)")
    ax.tick_params(axis="x", labelsize=7)
    ax.legend(fontsize=7, frameon=False)
    ax.set_title("Nilai per modul", loc="left", fontsize=10)
    return _svg(fig)


def radar_svg(values: dict[str, float], labels: dict[str, str], *, size: int = 300,
              compare: dict[str, float] | None = None) -> str:
    """A small radar (spider) chart as inline SVG, 0-100 on each axis.

    ``compare`` draws a second, dashed polygon (e.g. the cohort average).

    >>> svg = radar_svg({"a": 50, "b": 100, "c": 0}, {"a": "A", "b": "B", "c": "C"})
    >>> svg.startswith("<svg") and "polygon" in svg
    True
    """
    keys = list(values)
    n = len(keys)
    pad = 80  # room left and right for axis labels
    cx, cy = size / 2 + pad, size / 2
    r = size / 2 - 55

    def point(k: int, v: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * k / n
        v = 0.0 if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
        return cx + r * v / 100 * math.cos(angle), cy + r * v / 100 * math.sin(angle)

    width = size + 2 * pad
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {size}" '
             f'width="{width}" height="{size}" role="img" aria-label="Diagram radar skor dimensi">']
    for ring in (25, 50, 75, 100):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(k, ring) for k in range(n)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#ccc" stroke-width="1"/>')
    for k, key in enumerate(keys):
        x, y = point(k, 100)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#ccc"/>')
        lx, ly = point(k, 118)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        # long names ("Standardisasi & sertifikasi") go on two lines
        lines = str(labels.get(key, key)).replace(" & ", " &\n", 1).split("\n")
        spans = "".join(
            f'<tspan x="{lx:.1f}" dy="{0 if i == 0 else 1.1}em">{_E(line)}</tspan>'
            for i, line in enumerate(lines))
        top = ly - (len(lines) - 1) * 5.5
        parts.append(f'<text x="{lx:.1f}" y="{top:.1f}" font-size="10" text-anchor="{anchor}" '
                     f'dominant-baseline="middle">{spans}</text>')
    if compare:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                       (point(k, compare.get(key, 0)) for k, key in enumerate(keys)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#7f8c8d" '
                     'stroke-dasharray="4 3" stroke-width="1.5"/>')
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                   (point(k, values[key]) for k, key in enumerate(keys)))
    parts.append(f'<polygon points="{pts}" fill="rgba(46,134,193,0.35)" stroke="#2e86c1" '
                 'stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------- page shell

_CSS = """
body{font-family:"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;color:#1c2833;
background:#f4f6f7;line-height:1.45}
header{background:#1f4e79;color:#fff;padding:16px 28px}
header h1{margin:0;font-size:1.5em} header p{margin:4px 0 0;opacity:.9}
main{max-width:1100px;margin:0 auto;padding:18px 24px}
section{background:#fff;border-radius:6px;padding:14px 18px;margin:14px 0;
box-shadow:0 1px 2px rgba(0,0,0,.08);break-inside:avoid}
h2{font-size:1.15em;margin:0 0 8px;color:#1f4e79}
.figures{display:flex;flex-wrap:wrap;gap:12px}
.figure{flex:1 1 150px;background:#eaf2f8;border-radius:6px;padding:10px 12px}
.figure b{display:block;font-size:1.7em;color:#1f4e79}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(430px,1fr));gap:12px}
table{border-collapse:collapse;width:100%;font-size:.88em}
th,td{border-bottom:1px solid #dde;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eaf2f8} td.n{text-align:right;font-variant-numeric:tabular-nums}
.lv{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:.85em}
.lv0{background:#c0392b}.lv1{background:#e67e22}.lv2{background:#2e86c1}.lv3{background:#1e8449}
.warn{color:#a93226;font-weight:600}
svg{max-width:100%;height:auto}
a{color:#1f4e79}
footer{font-size:.8em;color:#566;padding:10px 28px 30px;text-align:center}
@media print{body{background:#fff;font-size:10pt}header{background:#fff;color:#000;
border-bottom:2px solid #000;padding:6px 0}main{max-width:none;padding:0}
section{box-shadow:none;border:1px solid #ccc;page-break-inside:avoid}
.noprint{display:none} a{color:#000;text-decoration:none}
.grid{display:block}}
"""


def _page(title: str, subtitle: str, body: str) -> str:
    stamp = _dt.datetime.now().strftime("%d-%m-%Y %H:%M")
    return (
        "<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        f"<title>{_E(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{_E(title)}</h1><p>{_E(subtitle)}</p></header><main>{body}</main>"
        f"<footer>Dibuat dengan ikmkit pada {stamp}. Skor dihitung dengan rubrik kesiapan "
        "ekspor ikmkit (ikmkit/data/rubric.toml); sumber tiap indikator tercantum di "
        "rubrik.</footer></body></html>\n")


def _level_badge(name: Any) -> str:
    names = [lv.name for lv in readiness.LEVELS]
    if not isinstance(name, str) or name not in names:
        return "<span>belum dinilai</span>"
    return f'<span class="lv lv{names.index(name)}">{_E(name)}</span>'


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{_E(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(
        f'<td class="n">{c}</td>' if k in numeric else f"<td>{c}</td>"
        for k, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# --------------------------------------------------------------------------- bank table


def _names(ids: str, lookup: dict[str, str]) -> str:
    return "; ".join(lookup.get(i, i) for i in str(ids).split(";") if i)


def bank_table(cohort: tracking.Cohort) -> tuple[pd.DataFrame, dict[str, str]]:
    """The one-row-per-IKM table for the bank: (table with stable column keys, Indonesian
    headers). Keys starting ``skor_``/``nilai_``/``jumlah_`` are numbers."""
    from ikmkit import standards

    t = cohort.table
    rubric = cohort.rubric
    ind_labels = {ind.id: ind.label for ind in rubric.indicators}
    cert_names = {c.id: c.name for c in standards.catalogue()}
    obstacle_cols = [f"hambatan_{o.key}" for o in tracking.OBSTACLES]
    out = pd.DataFrame({
        "participant": t["participant"].astype(str).to_numpy(),
        "nama_peserta": t["nama_peserta"].fillna("").astype(str).to_numpy(),
        "nama_usaha": t["nama_usaha"].fillna("").astype(str).to_numpy(),
        "kabupaten": t["kabupaten"].fillna("").astype(str).to_numpy(),
        "sektor": t["sector"].astype(object).where(t["sector"].notna(), "").to_numpy(),
        "skor_total": pd.to_numeric(t["total"], errors="coerce").to_numpy(),
        "tingkat": t["level"].astype(object).where(t["level"].notna(), "").to_numpy(),
        "jumlah_penghambat": pd.to_numeric(t["n_blockers"], errors="coerce").to_numpy(),
        "penghambat": [_names(b, ind_labels) for b in t["blockers"].fillna("")],
    })
    headers = {"participant": "ID peserta", "nama_peserta": "Nama peserta",
               "nama_usaha": "Nama usaha", "kabupaten": "Kabupaten/kota", "sektor": "Sektor",
               "skor_total": "Skor total (0-100)", "tingkat": "Tingkat kesiapan",
               "jumlah_penghambat": "Jumlah penghambat", "penghambat": "Penghambat"}
    for d in rubric.dimensions:
        out[f"skor_{d.id}"] = pd.to_numeric(t[d.id], errors="coerce").to_numpy()
        headers[f"skor_{d.id}"] = f"Skor {d.name}"
    for a in cohort.assignments:
        col = f"nilai_{a}"
        if col in t:
            out[col] = pd.to_numeric(t[col], errors="coerce").to_numpy()
            headers[col] = f"Nilai {a} (%)"
    out["jumlah_sertifikat"] = pd.to_numeric(t["jumlah_sertifikat"], errors="coerce").to_numpy()
    headers["jumlah_sertifikat"] = "Jumlah sertifikat dimiliki"
    out["sertifikat_dimiliki"] = [_names(x, cert_names) for x in t["sertifikat_dimiliki"]]
    out["sertifikat_kurang"] = [_names(x, cert_names) for x in t["sertifikat_kurang"]]
    headers["sertifikat_dimiliki"] = "Sertifikat dimiliki"
    headers["sertifikat_kurang"] = "Sertifikat wajib yang belum ada"
    obstacle_names = np.array([o.name for o in tracking.OBSTACLES], dtype=object)
    flags = np.column_stack([t[c].fillna(False).astype(bool).to_numpy() for c in obstacle_cols]) \
        if len(t) else np.zeros((0, len(obstacle_cols)), dtype=bool)
    out["hambatan"] = ["; ".join(obstacle_names[row]) for row in flags]
    headers["hambatan"] = "Hambatan (pemantauan program)"
    return out, headers


# --------------------------------------------------------------------------- dashboard


def _program_figures(t: pd.DataFrame, certs: pd.DataFrame) -> dict[str, Any]:
    scored = t["total"].notna()
    return {
        "ikm": int(len(t)),
        "dinilai": int(scored.sum()),
        "rata_skor": float(pd.to_numeric(t["total"], errors="coerce").mean())
        if scored.any() else float("nan"),
        "sertifikat": int(certs["dimiliki"].sum()) if len(certs) else 0,
        "penghambat": int(t["has_blocker"].fillna(False).astype(bool).sum()),
    }


def _dashboard(cohort: tracking.Cohort, title: str, history: list[tuple[str, pd.DataFrame]]
               ) -> str:
    plt = _charts_setup()
    t = cohort.table
    rubric = cohort.rubric
    scored = t[t["total"].notna()]
    levels = tracking.level_counts(scored)
    certs = tracking.certificate_counts(t)
    obstacles = tracking.obstacle_counts(scored)
    figs = _program_figures(t, certs)
    sections: list[str] = []

    cards = [("IKM difasilitasi", _fmt(figs["ikm"]), "ikm"),
             ("IKM sudah dinilai", _fmt(figs["dinilai"]), "dinilai"),
             ("Skor rata-rata", _fmt(figs["rata_skor"]), "rata_skor"),
             ("Sertifikat dimiliki", _fmt(figs["sertifikat"]), "sertifikat"),
             ("IKM dengan penghambat", _fmt(figs["penghambat"]), "penghambat")]
    boxes = "".join(f'<div class="figure"><b data-kunci="{k}">{v}</b>{_E(label)}</div>'
                    for label, v, k in cards)
    level_rows = [[_level_badge(name), f'<span data-kunci="level:{_E(name)}">{int(n)}</span>']
                  for name, n in levels.items()]
    cert_rows = [[_E(row.sertifikat), f'<span data-kunci="cert:{cid}">{int(row.dimiliki)}</span>',
                  str(int(row.dibutuhkan)), str(int(row.kurang))]
                 for cid, row in certs.iterrows()]
    sections.append(
        f"<section><h2>Angka program</h2><div class=\"figures\">{boxes}</div>"
        "<div class=\"grid\"><div><h3>IKM per tingkat</h3>"
        + _table(["Tingkat", "Jumlah IKM"], level_rows, {1})
        + "</div><div><h3>Sertifikat per jenis</h3>"
        + _table(["Sertifikat", "Dimiliki", "Wajib", "Belum ada"], cert_rows, {1, 2, 3})
        + "</div></div></section>")

    charts: list[str] = []
    if len(scored):
        charts.append(_level_chart(plt, levels))
        dim_ids = [d.id for d in rubric.dimensions]
        pivot = scored.groupby("sector", observed=True)[dim_ids].mean()
        charts.append(_sector_chart(plt, pivot, [d.name for d in rubric.dimensions]))
        blocker_counts = scored["blockers"].fillna("").astype(str).str.split(";").explode()
        blocker_counts = blocker_counts[blocker_counts != ""].value_counts()
        if len(blocker_counts):
            labels = [_short(rubric.indicator(i).label) for i in blocker_counts.index]
            charts.append(_barh(plt, labels, [int(v) for v in blocker_counts],
                                "Penghambat paling sering", "#c0392b"))
        charts.append(_barh(plt, list(obstacles.index), [int(v) for v in obstacles],
                            "Hambatan yang dipantau program", "#e67e22"))
        if len(certs):
            charts.append(_cert_chart(plt, certs))
    grade_cols = [c for c in cohort.grade_columns if c in t]
    if grade_cols:
        charts.append(_grades_chart(plt, t[grade_cols]))
    if len(history) >= 2:
        labels = [name for name, _ in history]
        level_tables = [tracking.level_counts(f[f["total"].notna()]) for _, f in history]
        means = [float(pd.to_numeric(f["total"], errors="coerce").mean()) for _, f in history]
        charts.append(_progress_chart(plt, labels, level_tables, means))
    sections.append("<section><h2>Grafik</h2><div class=\"grid\">"
                    + "".join(f"<div>{c}</div>" for c in charts) + "</div></section>")

    # dimension averages by sector as a table too (printing, screen readers)
    if len(scored):
        dim_ids = [d.id for d in rubric.dimensions]
        pivot = scored.groupby("sector", observed=True)[[*dim_ids, "total"]].mean()
        rows = [[_E(_SECTOR_NAMES.get(str(s), str(s))),
                 *[_fmt(v) for v in pivot.loc[s].to_numpy(dtype=float)]] for s in pivot.index]
        sections.append("<section><h2>Skor rata-rata per dimensi dan sektor</h2>" + _table(
            ["Sektor", *[d.name for d in rubric.dimensions], "Total"], rows,
            set(range(1, len(dim_ids) + 2))) + "</section>")
        ob_rows = [[_E(name), f'<span data-kunci="hambatan:{_E(name)}">{int(n)}</span>',
                    _E(", ".join(next(o for o in tracking.OBSTACLES if o.name == name).indicators))]
                   for name, n in obstacles.items()]
        sections.append(
            "<section><h2>Hambatan yang dipantau</h2><p>Satu IKM dihitung punya hambatan bila "
            f"rata-rata indikatornya di bawah {int(tracking.OBSTACLE_THRESHOLD * 100)}% atau "
            "ada penghambat yang belum terpenuhi.</p>"
            + _table(["Hambatan", "Jumlah IKM", "Indikator rubrik"], ob_rows, {1}) + "</section>")

    if len(history) >= 1:
        rows = []
        prev: pd.DataFrame | None = None
        prev_mean = float("nan")
        for name, frame in history:
            mean = float(pd.to_numeric(frame["total"], errors="coerce").mean())
            delta = up = down = "–"
            if prev is not None:
                delta = _fmt(mean - prev_mean)
                both = frame.index.intersection(prev.index)
                now = frame.loc[both, "level"].cat.codes.to_numpy()
                before = prev.loc[both, "level"].cat.codes.to_numpy()
                ok = (now >= 0) & (before >= 0)
                up = str(int(((now > before) & ok).sum()))
                down = str(int(((now < before) & ok).sum()))
            rows.append([_E(name), str(int(frame["total"].notna().sum())), _fmt(mean), delta,
                         f'<span data-kunci="naik:{_E(name)}">{up}</span>', down])
            prev, prev_mean = frame, mean
        sections.append("<section><h2>Riwayat snapshot</h2>" + _table(
            ["Snapshot", "IKM dinilai", "Skor rata-rata", "Perubahan skor", "IKM naik tingkat",
             "IKM turun tingkat"], rows, {1, 2, 3, 4, 5}) + "</section>")

    if cohort.warnings:
        items = "".join(f"<li>{_E(w)}</li>" for w in cohort.warnings)
        sections.append(f"<section><h2>Perhatian</h2><ul class=\"warn\">{items}</ul></section>")

    part_rows = []
    for pid, row in t.iterrows():
        blockers = _names(row["blockers"] or "", {i.id: i.label for i in rubric.indicators})
        part_rows.append([
            f'<a href="peserta/{_E(card_filename(str(pid)))}">{_E(str(pid))}</a>',
            _E(str(row.get("nama_usaha") or "")),
            _E(_SECTOR_NAMES.get(str(row["sector"]), "–") if isinstance(row["sector"], str)
               else "–"),
            _fmt(row["total"]), _level_badge(row["level"]), _E(blockers)])
    sections.append("<section><h2>Daftar peserta</h2>" + _table(
        ["ID", "Usaha", "Sektor", "Skor", "Tingkat", "Penghambat"], part_rows, {3})
        + "</section>")
    subtitle = (f"{figs['ikm']} IKM; tingkat kesiapan, hambatan, sertifikat dan nilai modul. "
                f"Data per {_dt.date.today():%d-%m-%Y}.")
    return _page(title, subtitle, "".join(sections))


# --------------------------------------------------------------------------- cards


@functools.lru_cache(maxsize=4096)
def _certificate_section(sector: str, held_ids: str, needed_ids: str = "") -> str:
    """The certificate part of a card; the same for every IKM of a sector holding the same."""
    from ikmkit import standards

    held = [x for x in held_ids.split(";") if x]
    # SPPT-SNI among the needed certificates means the product is under a mandatory SNI
    sni_product = "sppt_sni" in needed_ids.split(";")
    try:
        steps = standards.roadmap(sector, held=held, target_market="ASEAN",
                                  sni_wajib_product=sni_product)[:6]
    except standards.StandardsError:
        steps = []
    held_text = ", ".join(standards.get(c).name for c in held) or "belum ada"
    rows = [[str(s.order), _E(s.certification.name), "Wajib" if s.mandatory else "Sukarela",
             _E(s.office), _E(s.duration), _E(s.cost)] for s in steps]
    return (f"<section><h2>Sertifikat</h2><p>Sudah dimiliki: {_E(held_text)}</p>"
            + ("<p>Rencana berikutnya (pasar ASEAN):</p>" + _table(
                ["No", "Sertifikat", "Status", "Tempat mengurus", "Perkiraan waktu",
                 "Perkiraan biaya"], rows) if rows else "") + "</section>")


def _card(pid: str, row: dict[str, Any], cohort: tracking.Cohort,
          history: list[tuple[str, Any, Any]], averages: dict[str, float],
          recs: list[readiness.Recommendation]) -> str:
    rubric = cohort.rubric
    name = str(row.get("nama_usaha") or "")
    person = str(row.get("nama_peserta") or "")
    sector = row["sector"] if isinstance(row.get("sector"), str) else None
    title = f"Rapor kesiapan ekspor: {name or pid}"
    subtitle = " · ".join(x for x in (f"ID {pid}", person,
                                      _SECTOR_NAMES.get(sector or "", ""),
                                      str(row.get("kabupaten") or "")) if x)
    parts = ['<p class="noprint"><a href="../index.html">&larr; kembali ke dasbor kohort</a></p>']
    if sector is None or pd.isna(row["total"]):
        parts.append("<section><h2>Kesiapan ekspor</h2><p>Belum ada profil kesiapan ekspor "
                     "(profil_ikm.json atau lembar mentor) untuk peserta ini.</p></section>")
    else:
        blockers = [rubric.indicator(i) for i in str(row.get("blockers") or "").split(";") if i]
        dims = {d.id: float(row[d.id]) for d in rubric.dimensions}
        radar = radar_svg(dims, {d.id: d.name for d in rubric.dimensions}, compare=averages)
        dim_rows = [[_E(d.name), f'<span data-kunci="dim:{d.id}">{_fmt(dims[d.id])}</span>',
                     _fmt(averages.get(d.id))] for d in rubric.dimensions]
        parts.append(
            "<section><h2>Kesiapan ekspor</h2><div class=\"grid\"><div>"
            f"<p>Skor total: <b data-kunci=\"total\">{_fmt(row['total'])}</b> dari 100<br>"
            f"Tingkat: {_level_badge(row['level'])}</p>"
            f"<p>{_E(readiness.LEVELS[[lv.name for lv in readiness.LEVELS].index(row['level'])].description)}</p>"  # noqa: E501
            + _table(["Dimensi", "Skor", "Rata-rata kohort"], dim_rows, {1, 2})
            + f"</div><div>{radar}<p><small>Garis putus-putus: rata-rata kohort.</small></p>"
            "</div></div></section>")
        if blockers:
            items = "".join(f"<li><b>{_E(b.label)}</b> — {_E(b.advice)} <small>(sumber: "
                            f"{_E(b.source)})</small></li>" for b in blockers)
            parts.append("<section><h2>Penghambat (harus diselesaikan dulu)</h2>"
                         f"<ul class=\"warn\">{items}</ul></section>")
        if recs:
            rows = [[str(k), _E(r.label), _E(r.text), _E(readiness.MODULES.get(r.module, r.module)),
                     _fmt(r.gain_points)] for k, r in enumerate(recs, start=1)]
            parts.append("<section><h2>Langkah berikutnya</h2>" + _table(
                ["No", "Yang belum", "Langkah", "Modul", "Tambahan poin"], rows, {4})
                + "</section>")
        parts.append(_certificate_section(sector, str(row.get("sertifikat_dimiliki") or ""),
                                          str(row.get("sertifikat_dibutuhkan") or "")))
    grade_cols = [c for c in cohort.grade_columns if c in row]
    if grade_cols:
        rows = [[_E(c[len("nilai_"):]),
                 f'<span data-kunci="{_E(c)}">{_fmt(row[c])}</span>' if pd.notna(row[c])
                 else "belum dikumpulkan"] for c in grade_cols]
        parts.append("<section><h2>Nilai modul</h2>"
                     + _table(["Tugas", "Nilai (%)"], rows, {1}) + "</section>")
    hist_rows = [[_E(snap_name), _fmt(total), _level_badge(level)]
                 for snap_name, total, level in history]
    if hist_rows:
        parts.append("<section><h2>Riwayat</h2>" + _table(["Snapshot", "Skor", "Tingkat"],
                                                           hist_rows, {1}) + "</section>")
    return _page(title, subtitle, "".join(parts))


# --------------------------------------------------------------------------- write


def write_report(cohort: tracking.Cohort, out_dir: str | Path, *,
                 title: str = "Laporan kohort inkubator ekspor IKM",
                 progress: bool = True) -> ReportFiles:
    """Write the dashboard, the report cards and the XLSX/CSV for the bank into ``out_dir``.

    History comes from the snapshots stored in the cohort's course directory (if any); they
    are read, never changed. Each file is written through a temporary file and renamed.
    """
    from tqdm.auto import tqdm

    from ikmkit import sheets

    root = Path(out_dir)
    t = cohort.table
    if len(t) == 0:
        raise ReportError("kohort kosong: belum ada profil, lembar mentor atau nilai untuk "
                          "dilaporkan")
    history: list[tuple[str, pd.DataFrame]] = []
    if cohort.course_dir is not None:
        for snap in tracking.list_snapshots(cohort.course_dir):
            history.append((snap.label, tracking.load_snapshot(cohort.course_dir, snap.name)))
    cards_dir = root / "peserta"
    cards_dir.mkdir(parents=True, exist_ok=True)

    bank, headers = bank_table(cohort)
    certs = tracking.certificate_counts(t)
    figs = _program_figures(t, certs)
    summary = pd.DataFrame({
        "ukuran": ["IKM difasilitasi", "IKM sudah dinilai", "Skor rata-rata",
                   "Sertifikat dimiliki (total)", "IKM dengan penghambat",
                   *[f"IKM tingkat {n}" for n in tracking.level_counts(t).index]],
        "angka": [figs["ikm"], figs["dinilai"], round(figs["rata_skor"], 1),
                         figs["sertifikat"], figs["penghambat"],
                         *[int(v) for v in tracking.level_counts(t)]],
    })
    obstacles = tracking.obstacle_counts(t).rename("jumlah_ikm").rename_axis("hambatan")
    xlsx = root / "kohort.xlsx"
    sheets._atomic(xlsx, lambda tmp: sheets.write_workbook(tmp, [
        ("Kohort", bank, headers),
        ("Ringkasan", summary, {"ukuran": "Ukuran", "angka": "Nilai"}),
        ("Sertifikat", certs.reset_index(names="id"),
         {"id": "Kode", "sertifikat": "Sertifikat", "dimiliki": "IKM memiliki",
          "dibutuhkan": "IKM wajib memiliki", "kurang": "IKM belum memiliki (wajib)"}),
        ("Hambatan", obstacles.reset_index(),
         {"hambatan": "Hambatan", "jumlah_ikm": "Jumlah IKM"}),
    ]))
    csv = sheets.write_table(bank, root / "kohort.csv", headers=headers)

    index = root / "index.html"
    page = _dashboard(cohort, title, history)
    sheets._atomic(index, lambda tmp: Path(tmp).write_text(page, encoding="utf-8"))

    scored = t[t["total"].notna()]
    averages = {d.id: float(scored[d.id].mean()) for d in cohort.rubric.dimensions} \
        if len(scored) else {}
    # per-participant history as plain tuples: one pass per snapshot, not one per card
    per_person: dict[str, list[tuple[str, Any, Any]]] = {}
    for label, frame in history:
        for pid, total, level in zip(frame.index, frame["total"], frame["level"], strict=True):
            per_person.setdefault(str(pid), []).append((label, total, level))
    cards: list[Path] = []
    records = t.to_dict("records")
    steps = tracking.next_steps(t, cohort.rubric, limit=6)
    # Opening a file costs milliseconds on some file systems and releases the GIL: build the
    # pages here and let a few threads write them.
    with ThreadPoolExecutor(max_workers=8) as pool:
        pending = []
        for pid, row, recs in tqdm(zip(t.index, records, steps, strict=True), total=len(t),
                                   desc="Rapor peserta", unit="IKM", disable=not progress):
            target = cards_dir / card_filename(str(pid))
            page = _card(str(pid), row, cohort, per_person.get(str(pid), []), averages, recs)
            pending.append(pool.submit(target.write_text, page, encoding="utf-8"))
            cards.append(target)
        for job in pending:
            job.result()
    return ReportFiles(root=root, index=index, xlsx=xlsx, csv=csv, cards=cards)
