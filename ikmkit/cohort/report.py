"""Cohort reports: an HTML dashboard, one report card per participant, XLSX/CSV for the bank.

:func:`write_report` turns a :class:`ikmkit.cohort.tracking.Cohort` into a folder (by default
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
>>> from ikmkit import readiness
>>> from ikmkit.cohort import tracking
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
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ikmkit import readiness
from ikmkit._files import atomic_write, atomic_write_text
from ikmkit._text import number
from ikmkit.cohort import _charts, _html, tracking
from ikmkit.cohort._charts import radar_svg
from ikmkit.errors import IkmkitError
from ikmkit.vocab import SCORE_SOURCES, SECTOR_NAMES

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
_number = functools.partial(number, decimals=1)  # scores: one decimal
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def card_filename(participant: str) -> str:
    """File name of a participant's card (characters outside ``A-Za-z0-9._-`` become ``_``).

    >>> card_filename("IKM 001/ü")
    'IKM_001__.html'
    """
    return _SAFE.sub("_", str(participant)) + ".html"


# --------------------------------------------------------------------------- bank table


def _names(ids: str, lookup: dict[str, str]) -> str:
    return "; ".join(lookup.get(i, i) for i in str(ids).split(";") if i)


def _column(t: pd.DataFrame, name: str, numeric: bool = False) -> np.ndarray:
    """A column of the cohort table, or empty values when the table has none (a table built
    without intake data, an older snapshot)."""
    if name not in t:
        return np.full(len(t), np.nan if numeric else "", dtype=float if numeric else object)
    if numeric:
        return pd.to_numeric(t[name], errors="coerce").to_numpy(dtype=float)
    return t[name].fillna("").astype(str).to_numpy()


def bank_table(cohort: tracking.Cohort) -> tuple[pd.DataFrame, dict[str, str]]:
    """The one-row-per-IKM table for the bank: (table with stable column keys, Indonesian
    headers). Keys starting ``skor_``/``nilai_``/``jumlah_`` are numbers.

    The latest score (``skor_total``) stands beside the intake score (``skor_awal``) and the
    change (``skor_perubahan``); ``sumber_skor_total``/``sumber_skor_awal`` say who stands
    behind each (:data:`ikmkit.vocab.SCORE_SOURCES`: the participant's self-assessment or a
    mentor's check)."""
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
    sources = SCORE_SOURCES
    out.insert(6, "sumber_skor_total", [sources.get(x, "") for x in _column(t, "sumber_skor")])
    out.insert(7, "skor_awal", _column(t, "skor_awal", numeric=True))
    out.insert(8, "sumber_skor_awal",
               [sources.get(x, "") for x in _column(t, "sumber_skor_awal")])
    out.insert(9, "skor_perubahan", _column(t, "perubahan_skor", numeric=True))
    headers = {"participant": "ID peserta", "nama_peserta": "Nama peserta",
               "nama_usaha": "Nama usaha", "kabupaten": "Kabupaten/kota", "sektor": "Sektor",
               "skor_total": "Skor total (0-100)",
               "sumber_skor_total": "Skor total: penilaian mandiri / diperiksa mentor",
               "skor_awal": "Skor awal saat masuk (0-100)",
               "sumber_skor_awal": "Skor awal: penilaian mandiri / diperiksa mentor",
               "skor_perubahan": "Perubahan skor sejak masuk (poin)",
               "tingkat": "Tingkat kesiapan",
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
    first = _column(t, "skor_awal", numeric=True)
    return {
        "ikm": int(len(t)),
        "dinilai": int(scored.sum()),
        "rata_skor": float(pd.to_numeric(t["total"], errors="coerce").mean())
        if scored.any() else float("nan"),
        "rata_skor_awal": float(np.nanmean(first)) if np.isfinite(first).any()
        else float("nan"),
        "diperiksa_mentor": int((_column(t, "sumber_skor") == "mentor").sum()),
        "sertifikat": int(certs["dimiliki"].sum()) if len(certs) else 0,
        "penghambat": int(t["has_blocker"].fillna(False).astype(bool).sum()),
    }


def _dashboard(cohort: tracking.Cohort, title: str, history: list[tuple[str, pd.DataFrame]]
               ) -> str:
    t = cohort.table
    scored = t[t["total"].notna()]
    certs = tracking.certificate_counts(t)
    figs = _program_figures(t, certs)
    sections = [_figures_section(cohort, scored, certs, figs),
                _charts_section(cohort, scored, certs, history)]
    if len(scored):
        sections += _sector_sections(cohort, scored)
    if len(history) >= 1:
        sections.append(_history_section(history))
    if cohort.warnings:
        items = "".join(f"<li>{_E(w)}</li>" for w in cohort.warnings)
        sections.append(f"<section><h2>Perhatian</h2><ul class=\"warn\">{items}</ul></section>")
    sections.append(_participants_section(cohort))
    subtitle = (f"{figs['ikm']} IKM; tingkat kesiapan, hambatan, sertifikat dan nilai modul. "
                f"Data per {_dt.date.today():%d-%m-%Y}.")
    return _html.page(title, subtitle, "".join(sections))


def _figures_section(cohort: tracking.Cohort, scored: pd.DataFrame, certs: pd.DataFrame,
                     figs: dict[str, Any]) -> str:
    levels = tracking.level_counts(scored)

    cards = [("IKM difasilitasi", _number(figs["ikm"]), "ikm"),
             ("IKM sudah dinilai", _number(figs["dinilai"]), "dinilai"),
             ("Skor rata-rata saat masuk", _number(figs["rata_skor_awal"]), "rata_skor_awal"),
             ("Skor rata-rata terakhir", _number(figs["rata_skor"]), "rata_skor"),
             ("Skor terakhir diperiksa mentor", _number(figs["diperiksa_mentor"]),
              "diperiksa_mentor"),
             ("Sertifikat dimiliki", _number(figs["sertifikat"]), "sertifikat"),
             ("IKM dengan penghambat", _number(figs["penghambat"]), "penghambat")]
    boxes = "".join(f'<div class="figure"><b data-kunci="{k}">{v}</b>{_E(label)}</div>'
                    for label, v, k in cards)
    level_rows = [[_html.level_badge(name), f'<span data-kunci="level:{_E(name)}">{int(n)}</span>']
                  for name, n in levels.items()]
    cert_rows = [[_E(row.sertifikat), f'<span data-kunci="cert:{cid}">{int(row.dimiliki)}</span>',
                  str(int(row.dibutuhkan)), str(int(row.kurang))]
                 for cid, row in certs.iterrows()]
    return (
        f"<section><h2>Angka program</h2><div class=\"figures\">{boxes}</div>"
        "<div class=\"grid\"><div><h3>IKM per tingkat</h3>"
        + _html.table(["Tingkat", "Jumlah IKM"], level_rows, {1})
        + "</div><div><h3>Sertifikat per jenis</h3>"
        + _html.table(["Sertifikat", "Dimiliki", "Wajib", "Belum ada"], cert_rows, {1, 2, 3})
        + "</div></div></section>")


def _charts_section(cohort: tracking.Cohort, scored: pd.DataFrame, certs: pd.DataFrame,
                    history: list[tuple[str, pd.DataFrame]]) -> str:
    plt = _charts.setup()
    t, rubric = cohort.table, cohort.rubric
    levels = tracking.level_counts(scored)
    obstacles = tracking.obstacle_counts(scored)
    charts: list[str] = []
    if len(scored):
        charts.append(_charts.level_chart(plt, levels))
        dim_ids = [d.id for d in rubric.dimensions]
        pivot = scored.groupby("sector", observed=True)[dim_ids].mean()
        charts.append(_charts.sector_chart(plt, pivot, [d.name for d in rubric.dimensions]))
        blocker_counts = scored["blockers"].fillna("").astype(str).str.split(";").explode()
        blocker_counts = blocker_counts[blocker_counts != ""].value_counts()
        if len(blocker_counts):
            labels = [_charts.short(rubric.indicator(i).label) for i in blocker_counts.index]
            charts.append(_charts.barh(plt, labels, [int(v) for v in blocker_counts],
                                "Penghambat paling sering", "#c0392b"))
        charts.append(_charts.barh(plt, list(obstacles.index), [int(v) for v in obstacles],
                            "Hambatan yang dipantau program", "#e67e22"))
        if len(certs):
            charts.append(_charts.cert_chart(plt, certs))
    grade_cols = [c for c in cohort.grade_columns if c in t]
    if grade_cols:
        charts.append(_charts.grades_chart(plt, t[grade_cols]))
    if len(history) >= 2:
        labels = [name for name, _ in history]
        level_tables = [tracking.level_counts(f[f["total"].notna()]) for _, f in history]
        means = [float(pd.to_numeric(f["total"], errors="coerce").mean()) for _, f in history]
        charts.append(_charts.progress_chart(plt, labels, level_tables, means))
    return ("<section><h2>Grafik</h2><div class=\"grid\">"
            + "".join(f"<div>{c}</div>" for c in charts) + "</div></section>")


def _sector_sections(cohort: tracking.Cohort, scored: pd.DataFrame) -> list[str]:
    """Dimension averages by sector and the watched obstacles, as tables (printing, screen
    readers)."""
    rubric = cohort.rubric
    obstacles = tracking.obstacle_counts(scored)
    dim_ids = [d.id for d in rubric.dimensions]
    pivot = scored.groupby("sector", observed=True)[[*dim_ids, "total"]].mean()
    rows = [[_E(SECTOR_NAMES.get(str(s), str(s))),
             *[_number(v) for v in pivot.loc[s].to_numpy(dtype=float)]] for s in pivot.index]
    by_sector = ("<section><h2>Skor rata-rata per dimensi dan sektor</h2>" + _html.table(
        ["Sektor", *[d.name for d in rubric.dimensions], "Total"], rows,
        set(range(1, len(dim_ids) + 2))) + "</section>")
    ob_rows = [[_E(name), f'<span data-kunci="hambatan:{_E(name)}">{int(n)}</span>',
                _E(", ".join(next(o for o in tracking.OBSTACLES if o.name == name).indicators))]
               for name, n in obstacles.items()]
    watched = (
        "<section><h2>Hambatan yang dipantau</h2><p>Satu IKM dihitung punya hambatan bila "
        f"rata-rata indikatornya di bawah {int(tracking.OBSTACLE_THRESHOLD * 100)}% atau "
        "ada penghambat yang belum terpenuhi.</p>"
        + _html.table(["Hambatan", "Jumlah IKM", "Indikator rubrik"], ob_rows, {1})
        + "</section>")
    return [by_sector, watched]


def _history_section(history: list[tuple[str, pd.DataFrame]]) -> str:
    rows = []
    prev: pd.DataFrame | None = None
    prev_mean = float("nan")
    for name, frame in history:
        mean = float(pd.to_numeric(frame["total"], errors="coerce").mean())
        delta = up = down = "–"
        if prev is not None:
            delta = _number(mean - prev_mean)
            both = frame.index.intersection(prev.index)
            now = frame.loc[both, "level"].cat.codes.to_numpy()
            before = prev.loc[both, "level"].cat.codes.to_numpy()
            ok = (now >= 0) & (before >= 0)
            up = str(int(((now > before) & ok).sum()))
            down = str(int(((now < before) & ok).sum()))
        rows.append([_E(name), str(int(frame["total"].notna().sum())), _number(mean), delta,
                     f'<span data-kunci="naik:{_E(name)}">{up}</span>', down])
        prev, prev_mean = frame, mean
    return ("<section><h2>Riwayat snapshot</h2>" + _html.table(
        ["Snapshot", "IKM dinilai", "Skor rata-rata", "Perubahan skor", "IKM naik tingkat",
         "IKM turun tingkat"], rows, {1, 2, 3, 4, 5}) + "</section>")


def _participants_section(cohort: tracking.Cohort) -> str:
    t, rubric = cohort.table, cohort.rubric
    part_rows = []
    for pid, row in t.iterrows():
        blockers = _names(row["blockers"] or "", {i.id: i.label for i in rubric.indicators})
        key = _E(str(pid))
        part_rows.append([
            f'<a href="peserta/{_E(card_filename(str(pid)))}">{key}</a>',
            _E(str(row.get("nama_usaha") or "")),
            _E(SECTOR_NAMES.get(str(row["sector"]), "–") if isinstance(row["sector"], str)
               else "–"),
            f'<span data-kunci="skor_awal:{key}">{_number(row.get("skor_awal"))}</span>'
            + _html.source_badge(row.get("sumber_skor_awal")),
            f'<span data-kunci="skor_terakhir:{key}">{_number(row["total"])}</span>'
            + _html.source_badge(row.get("sumber_skor")),
            _number(row.get("perubahan_skor")),
            _html.level_badge(row["level"]), _E(blockers)])
    return (
        "<section><h2>Daftar peserta</h2><p>Skor awal: penilaian mandiri peserta di pertemuan "
        "pertama. Skor terakhir: profil terbaru peserta, atau lembar mentor bila ada. Label "
        "<i>penilaian mandiri</i> atau <i>diperiksa mentor</i> menyebut siapa yang menjawab."
        "</p>" + _html.table(
            ["ID", "Usaha", "Sektor", "Skor awal", "Skor terakhir", "Perubahan", "Tingkat",
             "Penghambat"], part_rows, {3, 4, 5}) + "</section>")


# --------------------------------------------------------------------------- cards


def _signed(value: Any) -> str:
    """A change in points with its sign: "+6,4", "-1,0", "0,0"; "–" when unknown.

    >>> _signed(6.4), _signed(-1), _signed(float("nan"))
    ('+6,4', '-1,0', '–')
    """
    if value is None or pd.isna(value):
        return "–"
    return ("+" if value > 0 else "") + _number(float(value))


def _card(pid: str, row: dict[str, Any], cohort: tracking.Cohort,
          history: list[tuple[str, Any, Any]], averages: dict[str, float],
          recs: list[readiness.Recommendation]) -> str:
    rubric = cohort.rubric
    name = str(row.get("nama_usaha") or "")
    person = str(row.get("nama_peserta") or "")
    sector = row["sector"] if isinstance(row.get("sector"), str) else None
    title = f"Rapor kesiapan ekspor: {name or pid}"
    subtitle = " · ".join(x for x in (f"ID {pid}", person,
                                      SECTOR_NAMES.get(sector or "", ""),
                                      str(row.get("kabupaten") or "")) if x)
    parts = ['<p class="noprint"><a href="../index.html">&larr; kembali ke dasbor kohort</a></p>']
    if sector is None or pd.isna(row["total"]):
        parts.append("<section><h2>Kesiapan ekspor</h2><p>Belum ada profil kesiapan ekspor "
                     "(profil_ikm.json atau lembar mentor) untuk peserta ini.</p></section>")
    else:
        blockers = [rubric.indicator(i) for i in str(row.get("blockers") or "").split(";") if i]
        dims = {d.id: float(row[d.id]) for d in rubric.dimensions}
        radar = radar_svg(dims, {d.id: d.name for d in rubric.dimensions}, compare=averages)
        dim_rows = [[_E(d.name), f'<span data-kunci="dim:{d.id}">{_number(dims[d.id])}</span>',
                     _number(averages.get(d.id))] for d in rubric.dimensions]
        first = row.get("skor_awal")
        first_line = (
            f"Skor awal saat masuk: <b data-kunci=\"skor_awal\">{_number(first)}</b>"
            f"{_html.source_badge(row.get('sumber_skor_awal'))} · perubahan "
            f"{_signed(row.get('perubahan_skor'))} poin<br>"
            if first is not None and pd.notna(first) else
            "Skor awal saat masuk: belum ada (penilaian awal belum dikumpulkan)<br>")
        parts.append(
            "<section><h2>Kesiapan ekspor</h2><div class=\"grid\"><div>"
            f"<p>Skor total: <b data-kunci=\"total\">{_number(row['total'])}</b> dari 100"
            f"{_html.source_badge(row.get('sumber_skor'))}<br>{first_line}"
            f"Tingkat: {_html.level_badge(row['level'])}</p>"
            f"<p>{_E(readiness.LEVELS[[lv.name for lv in readiness.LEVELS].index(row['level'])].description)}</p>"  # noqa: E501
            + _html.table(["Dimensi", "Skor", "Rata-rata kohort"], dim_rows, {1, 2})
            + f"</div><div>{radar}<p><small>Garis putus-putus: rata-rata kohort.</small></p>"
            "</div></div></section>")
        if blockers:
            items = "".join(f"<li><b>{_E(b.label)}</b> — {_E(b.advice)} <small>(sumber: "
                            f"{_E(b.source)})</small></li>" for b in blockers)
            parts.append("<section><h2>Penghambat (harus diselesaikan dulu)</h2>"
                         f"<ul class=\"warn\">{items}</ul></section>")
        if recs:
            rows = [[str(k), _E(r.label), _E(r.text), _E(readiness.MODULES.get(r.module, r.module)),
                     _number(r.gain_points)] for k, r in enumerate(recs, start=1)]
            parts.append("<section><h2>Langkah berikutnya</h2>" + _html.table(
                ["No", "Yang belum", "Langkah", "Modul", "Tambahan poin"], rows, {4})
                + "</section>")
        parts.append(_html.certificate_section(sector, str(row.get("sertifikat_dimiliki") or ""),
                                          str(row.get("sertifikat_dibutuhkan") or "")))
    grade_cols = [c for c in cohort.grade_columns if c in row]
    if grade_cols:
        rows = [[_E(c[len("nilai_"):]),
                 f'<span data-kunci="{_E(c)}">{_number(row[c])}</span>' if pd.notna(row[c])
                 else "belum dikumpulkan"] for c in grade_cols]
        parts.append("<section><h2>Nilai modul</h2>"
                     + _html.table(["Tugas", "Nilai (%)"], rows, {1}) + "</section>")
    hist_rows = [[_E(snap_name), _number(total), _html.level_badge(level)]
                 for snap_name, total, level in history]
    if hist_rows:
        parts.append("<section><h2>Riwayat</h2>" + _html.table(["Snapshot", "Skor", "Tingkat"],
                                                           hist_rows, {1}) + "</section>")
    return _html.page(title, subtitle, "".join(parts))


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
    atomic_write(xlsx, lambda tmp: sheets.write_workbook(tmp, [
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
    atomic_write_text(index, page)

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
