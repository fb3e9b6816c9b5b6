"""Benchmark: ``ikmkit score`` and ``ikmkit report`` on 1,058 IKMs, against the plain way.

1,058 is East Java's yearly figure of IKMs facilitated with standardisation (Antara Jatim,
17 Mar 2017). Setup (not timed): a mentor sheet of 1,058 synthetic IKMs
(:func:`ikmkit.sheets.example_sheet`) as XLSX, and a course directory with 1,058
``profil_ikm.json`` files, a gradebook with four assignments (three graded cells each) and
one earlier snapshot.

Timed, each as the real command in a fresh process (start-up and imports included):

* ``ikmkit score lembar.xlsx --out skor.xlsx``
* ``ikmkit report kelas --no-progress``

The alternatives, timed in this process on the same data:

* score: read the workbook, turn each row's cells into answers in Python, call
  ``readiness.score()`` row by row, write the results with openpyxl cell by cell (normal
  mode, a style per cell). Checked to give the same totals as the command.
* report: per participant, ``readiness.score()`` for the next steps and a matplotlib radar
  chart as a base64 PNG (the usual way to put a chart in a self-contained page), measured on
  ``--sample`` cards and scaled to 1,058; plus the same XLSX written cell by cell. Reading the
  grades with ``Gradebook.submission_dicts()`` instead of ikmkit's grouped query is measured
  only with ``--submission-dicts`` (it takes minutes at this size).

Run:  .venv/bin/python benchmarks/bench_report.py [--ikm 1058] [--sample 60]
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ikmkit import readiness, sheets
from ikmkit.cohort import tracking
from ikmkit.vocab import META_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
_SCRIPT = Path(sys.executable).parent / "ikmkit"
IKMKIT = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "ikmkit.cli"]


def _setup(out: Path, n: int) -> tuple[Path, Path]:
    from nbgrader.api import Gradebook, Student, SubmittedAssignment, SubmittedNotebook

    from ikmkit.grading.course import ensure_tools_on_path

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    sheet = out / "lembar.xlsx"
    sheets.write_table(sheets.example_sheet(n, seed=1), sheet, sheet_name="Data")

    course = out / "kelas"
    answers = readiness.example_answers(n, seed=2)
    ids = [f"ikm-{k:04d}" for k in range(1, n + 1)]
    answers["ikm_id"] = ids
    records = answers.drop(columns=list(META_COLUMNS)).to_dict("records")
    for pid, row, sector, name in zip(ids, records, answers["sector"].astype(str),
                                      answers["nama_usaha"], strict=True):
        folder = course / "submitted" / pid / "m02-kesiapan-ekspor"
        folder.mkdir(parents=True)
        readiness.save_profile(folder, {k: (None if pd.isna(v) else v) for k, v in row.items()},
                               sector, business=name, participant=pid)
    early = tracking.cohort_from_answers(readiness.example_answers(n, seed=3).assign(ikm_id=ids))
    tracking.take_snapshot(course, "intake", early, date="2026-01-15")

    ensure_tools_on_path()
    from nbgrader.api import Grade

    rng = np.random.default_rng(4)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        parts = {}
        for a in ("m01-standardisasi", "m02-kesiapan-ekspor", "m03-kemasan",
                  "m04-kalkulasi-biaya"):
            gb.add_assignment(a)
            gb.add_notebook("nb", a)
            cells = [gb.add_grade_cell(f"q{i}", "nb", a, max_score=2, cell_type="code")
                     for i in range(3)]
            parts[a] = (gb.find_assignment(a), gb.find_notebook("nb", a), cells)
        objects: list[object] = []
        for pid in ids:  # bulk insert: Gradebook.add_submission takes ~0.1 s each
            student = Student(id=pid)
            objects.append(student)
            for assignment, notebook, cells in parts.values():
                sub = SubmittedAssignment(assignment=assignment, student=student)
                snb = SubmittedNotebook(assignment=sub, notebook=notebook)
                objects += [sub, snb]
                objects += [Grade(cell=c, notebook=snb, auto_score=float(rng.integers(0, 3)),
                                  needs_manual_grade=False) for c in cells]
        gb.db.add_all(objects)
        gb.db.commit()
    return sheet, course


def _timed(cmd: list[str]) -> float:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
           f"{os.environ.get('PATH', '')}"}
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _cell_by_cell(path: Path, table: pd.DataFrame) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    for k, name in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=k, value=str(name))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    for r, row in enumerate(table.itertuples(index=False), start=2):
        for k, value in enumerate(row, start=1):
            if isinstance(value, np.generic):
                value = value.item()
            if value is pd.NA or (isinstance(value, float) and np.isnan(value)):
                value = None
            cell = ws.cell(row=r, column=k, value=value)
            if isinstance(value, float):
                cell.number_format = "0.0"
    ws.freeze_panes = "B2"
    wb.save(path)


def _naive_score(sheet: Path, out: Path) -> list[float]:
    from openpyxl import load_workbook

    rubric = readiness.load_rubric()
    wb = load_workbook(sheet, read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    header = list(rows[0])
    results = []
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=False))
        answers = {}
        for ind in rubric.indicators:
            v = cells.get(ind.id)
            if v in (None, "", "-"):
                answers[ind.id] = None
            elif ind.kind == "bool":
                answers[ind.id] = str(v).strip().lower() == "ya"
            else:
                answers[ind.id] = int(float(v)) if ind.kind == "scale" else float(v)
        r = readiness.score(answers, str(cells["sector"]))
        results.append({"ikm_id": cells["ikm_id"], "skor_total": r.total,
                        "tingkat": r.level.name, **{f"skor_{k}": v
                                                    for k, v in r.dimensions.items()}})
    table = pd.DataFrame(results)
    _cell_by_cell(out, table)
    return table["skor_total"].tolist()


def _naive_cards(cohort: tracking.Cohort, sample: int) -> float:
    """Seconds per card for score() + a matplotlib radar PNG (base64) + the HTML."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rubric = cohort.rubric
    t = cohort.table.head(sample)
    start = time.perf_counter()
    for _, row in t.iterrows():
        answers = {ind.id: (None if pd.isna(row[ind.id]) else row[ind.id])
                   for ind in rubric.indicators}
        result = readiness.score(answers, str(row["sector"]))
        values = list(result.dimensions.values())
        angles = np.linspace(0, 2 * np.pi, len(values), endpoint=False).tolist()
        fig, ax = plt.subplots(figsize=(3.5, 3.5), subplot_kw={"polar": True})
        ax.plot(angles + angles[:1], values + values[:1])
        ax.fill(angles + angles[:1], values + values[:1], alpha=0.3)
        ax.set_xticks(angles, [d.name for d in rubric.dimensions], fontsize=7)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100)
        plt.close(fig)
        png = base64.b64encode(buf.getvalue()).decode()
        html = (f"<html><body><h1>{row['nama_usaha']}</h1><img src='data:image/png;base64,"
                f"{png}'><ul>{''.join(f'<li>{r.text}</li>' for r in result.recommendations)}"
                "</ul></body></html>")
        assert html
    return (time.perf_counter() - start) / len(t)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ikm", type=int, default=1058, help="number of IKMs (default 1058)")
    parser.add_argument("--sample", type=int, default=60,
                        help="cards drawn the naive way, scaled up (default 60)")
    parser.add_argument("--out", default=str(ROOT / "bench-out" / "report"))
    parser.add_argument("--submission-dicts", action="store_true",
                        help="also time Gradebook.submission_dicts() (minutes)")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    print(f"setup: {args.ikm:,} IKMs (sheet, profiles, gradebook, one snapshot) in {out} ...",
          flush=True)
    sheet, course = _setup(out, args.ikm)

    score_cmd = [*IKMKIT, "score", str(sheet), "--out", str(out / "skor.xlsx")]
    report_cmd = [*IKMKIT, "report", str(course), "--no-progress"]
    score_s = _timed(score_cmd)
    report_s = _timed(report_cmd)

    start = time.perf_counter()
    naive_totals = _naive_score(sheet, out / "skor-naive.xlsx")
    naive_score_s = time.perf_counter() - start
    start = time.perf_counter()  # the same work as the command, in this process
    sheets.write_table(sheets.score_sheet(sheet), out / "skor-inproc.xlsx")
    inproc_score_s = time.perf_counter() - start
    csv_sheet = out / "lembar.csv"
    sheets.example_sheet(args.ikm, seed=1).to_csv(csv_sheet, index=False)
    csv_cmd = [*IKMKIT, "score", str(csv_sheet), "--out", str(out / "skor.csv")]
    csv_s = _timed(csv_cmd)
    from openpyxl import load_workbook

    ws = load_workbook(out / "skor.xlsx", read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    col = list(rows[0]).index("skor_total")
    same = [r[col] for r in rows[1:]] == naive_totals

    cohort = tracking.load_cohort(course)
    per_card = _naive_cards(cohort, args.sample)
    from ikmkit.cohort.report import bank_table

    bank, _ = bank_table(cohort)
    start = time.perf_counter()
    _cell_by_cell(out / "kohort-naive.xlsx", bank)
    naive_xlsx_s = time.perf_counter() - start
    naive_report_s = per_card * len(cohort.table) + naive_xlsx_s

    def shown(cmd: list[str]) -> str:
        return " ".join(["ikmkit", *cmd[len(IKMKIT):]]).replace(str(ROOT) + os.sep, "")

    print(f"command: {' '.join(['.venv/bin/python', 'benchmarks/bench_report.py', *sys.argv[1:]])}")
    print(f"`{shown(score_cmd)}`: {score_s:.2f} s  (target < 10 s)")
    print(f"  in this process (no start-up): {inproc_score_s:.2f} s; alternative, row-by-row "
          f"score() + openpyxl cell by cell: {naive_score_s:.2f} s -> ratio "
          f"{naive_score_s / inproc_score_s:.1f}x (command vs alternative "
          f"{naive_score_s / score_s:.1f}x); same totals: {'yes' if same else 'NO'}")
    print(f"`{shown(csv_cmd)}`: {csv_s:.2f} s  (the same sheet as CSV; reading XLSX is "
          "openpyxl's XML parsing)")
    print(f"`{shown(report_cmd)}`: {report_s:.2f} s  (target < 10 s; "
          f"{len(cohort.table):,} cards + dashboard + XLSX/CSV)")
    print(f"  alternative, score() + matplotlib radar PNG per card "
          f"({per_card * 1000:.0f} ms x {len(cohort.table):,}, from {args.sample} cards) "
          f"+ XLSX cell by cell ({naive_xlsx_s:.2f} s): {naive_report_s:.1f} s "
          f"-> ratio {naive_report_s / report_s:.1f}x")
    if args.submission_dicts:
        from nbgrader.api import Gradebook

        start = time.perf_counter()
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            for a in cohort.assignments:
                gb.submission_dicts(a)
        sd_s = time.perf_counter() - start
        start = time.perf_counter()
        tracking.grades_from_gradebook(course)
        ours_s = time.perf_counter() - start
        print(f"  grades: Gradebook.submission_dicts() {sd_s:.1f} s vs grouped query "
              f"{ours_s:.2f} s -> ratio {sd_s / ours_s:.0f}x")
    print(json.dumps({"score_s": round(score_s, 2), "report_s": round(report_s, 2)}))
    return 0 if same and score_s < 10 and report_s < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
