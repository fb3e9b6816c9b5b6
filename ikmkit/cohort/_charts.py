"""Charts shared by the static report and the live dashboard (matplotlib, inline SVG).

Every chart returns an ``<svg>`` string that a page embeds as it is: reports stay one
self-contained file, and the dashboard shows the same pictures as the report.

>>> svg = radar_svg({"a": 50, "b": 100, "c": 0}, {"a": "A", "b": "B", "c": "C"})
>>> svg.startswith("<svg") and "polygon" in svg
True
"""

from __future__ import annotations

import html
import io
import math
import re
from typing import Any

import numpy as np
import pandas as pd

from ikmkit import readiness
from ikmkit._text import number
from ikmkit.vocab import SECTOR_NAMES

__all__ = ["LEVEL_COLOURS", "barh", "cert_chart", "grades_chart", "level_chart",
           "progress_chart", "radar_svg", "sector_chart", "setup", "short", "svg"]

LEVEL_COLOURS = ("#c0392b", "#e67e22", "#2e86c1", "#1e8449")
_E = html.escape


def svg(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    text = text[text.find("<svg"):]
    # drop the RDF metadata block (creator, date): not needed, and it names web URIs
    return re.sub(r"<metadata>.*?</metadata>", "", text, count=1, flags=re.DOTALL)


def setup() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.size": 9, "axes.spines.top": False,
                         "axes.spines.right": False, "svg.hashsalt": "ikmkit"})
    return plt


def whole_ticks(axis: Any) -> None:
    """Tick a count axis in whole numbers only (three IKMs: no ticks at 0.5, 1.5)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def barh(plt: Any, labels: list[str], values: list[float], title: str, colour: str = "#2e86c1",
          xlabel: str = "jumlah IKM", *, counts: bool = True) -> str:
    """Horizontal bars; ``counts`` (the default) ticks the value axis in whole numbers."""
    fig, ax = plt.subplots(figsize=(6.2, 0.35 * max(len(labels), 2) + 0.9))
    if counts:
        whole_ticks(ax.xaxis)
    ax.barh(labels[::-1], values[::-1], color=colour)
    for y, v in enumerate(values[::-1]):
        ax.text(v, y, f" {number(v, 1) if isinstance(v, float) else v}", va="center", fontsize=8)
    ax.set_title(title, loc="left", fontsize=10)
    ax.set_xlabel(xlabel)
    return svg(fig)


def short(text: str, width: int = 42) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def level_chart(plt: Any, counts: pd.Series) -> str:
    fig, ax = plt.subplots(figsize=(6.2, 2.6))
    whole_ticks(ax.yaxis)
    ax.bar(range(len(counts)), counts.to_numpy(), color=LEVEL_COLOURS[: len(counts)])
    ax.set_xticks(range(len(counts)), [n.replace(" dengan ", "\ndengan ") for n in counts.index])
    for x, v in enumerate(counts.to_numpy()):
        ax.text(x, v, str(int(v)), ha="center", va="bottom")
    ax.set_ylabel("jumlah IKM")
    ax.set_title("Sebaran tingkat kesiapan ekspor", loc="left", fontsize=10)
    return svg(fig)


def sector_chart(plt: Any, pivot: pd.DataFrame, dim_names: list[str]) -> str:
    fig, ax = plt.subplots(figsize=(7.2, 3.2))
    n = len(pivot.index)
    width = 0.8 / max(n, 1)
    x = np.arange(len(dim_names))
    colours = ("#8e44ad", "#2e86c1", "#16a085", "#d35400")
    for k, sector in enumerate(pivot.index):
        ax.bar(x + k * width - 0.4 + width / 2, pivot.loc[sector].to_numpy(dtype=float), width,
               label=SECTOR_NAMES.get(str(sector), str(sector)), color=colours[k % 4])
    ax.set_xticks(x, dim_names, fontsize=7, rotation=30, ha="right")
    ax.set_ylim(0, 100)
    ax.set_ylabel("skor rata-rata (0-100)")
    ax.legend(fontsize=7, ncols=4, loc="upper center", bbox_to_anchor=(0.5, 1.18), frameon=False)
    return svg(fig)


def progress_chart(plt: Any, labels: list[str], level_tables: list[pd.Series],
                    means: list[float]) -> str:
    fig, ax = plt.subplots(figsize=(6.2, 2.8))
    bottom = np.zeros(len(labels))
    for k, level in enumerate(readiness.LEVELS):
        values = np.array([float(t.get(level.name, 0)) for t in level_tables])
        ax.bar(labels, values, bottom=bottom, color=LEVEL_COLOURS[k], label=level.name)
        bottom += values
    ax.set_ylabel("jumlah IKM")
    ax2 = ax.twinx()
    ax2.plot(labels, means, color="black", marker="o", label="skor rata-rata")
    ax2.set_ylim(0, 100)
    ax2.set_ylabel("skor rata-rata")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.12, 1), frameon=False)
    ax.set_title("Kemajuan antar-snapshot", loc="left", fontsize=10)
    return svg(fig)


def cert_chart(plt: Any, certs: pd.DataFrame) -> str:
    fig, ax = plt.subplots(figsize=(6.2, 0.38 * max(len(certs), 2) + 0.9))
    whole_ticks(ax.xaxis)
    y = np.arange(len(certs))[::-1]
    ax.barh(y + 0.2, certs["dimiliki"], 0.4, color="#1e8449", label="dimiliki")
    ax.barh(y - 0.2, certs["dibutuhkan"], 0.4, color="#c0392b", label="wajib (dibutuhkan)")
    ax.set_yticks(y, [short(str(s), 40) for s in certs["sertifikat"]], fontsize=7)
    ax.legend(fontsize=7, frameon=False)
    ax.set_xlabel("jumlah IKM")
    ax.set_title("Sertifikat: dimiliki vs wajib", loc="left", fontsize=10)
    return svg(fig)


def grades_chart(plt: Any, grades: pd.DataFrame) -> str:
    fig, ax = plt.subplots(figsize=(6.2, 2.6))
    data = [grades[c].dropna().to_numpy() for c in grades.columns]
    labels = [c[len("nilai_"):] for c in grades.columns]
    ax.boxplot([d if len(d) else [np.nan] for d in data], tick_labels=labels)
    means = [float(d.mean()) if len(d) else np.nan for d in data]
    ax.plot(range(1, len(labels) + 1), means, "D", color="#c0392b", label="rata-rata")
    ax.set_ylim(-5, 105)
    ax.set_ylabel("nilai (%)")
    ax.tick_params(axis="x", labelsize=7)
    ax.legend(fontsize=7, frameon=False)
    ax.set_title("Nilai per modul", loc="left", fontsize=10)
    return svg(fig)


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
