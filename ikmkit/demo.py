"""The whole incubator cycle on synthetic participants, in one command (``ikmkit demo``).

Steps, all inside ``OUT/`` (default ``./demo-out``):

1. build the course directory ``OUT/kelas/`` from the repository's ``assessments/``
   (:func:`ikmkit.grading.init_course`: copy sources, generate the release copies);
2. make ``N`` synthetic participants spread over the four sectors, each with an intake
   self-assessment and a better one at the end of incubation (drawn from
   :func:`ikmkit.readiness.example_answers`, improved indicator by indicator);
3. let each participant hand in every assignment (all folders under ``assessments/source``:
   the intake ``m00-penilaian-awal`` and the six modules m01-m06): the *release* notebook with
   each solution cell filled programmatically -- with the source notebook's solution (the
   code between ``BEGIN SOLUTION`` and ``END SOLUTION``) with probability = the participant's
   skill, else left as the release stub (``raise NotImplementedError()``) or given a wrong
   value. The intake gets the participant's own sector and business name and, beside it, the
   ``profil_ikm.json`` of the intake answers, as the SelfAssessment widget's "Simpan profil"
   saves it; ``m02-kesiapan-ekspor`` gets the end-of-incubation answers and its
   ``profil_ikm.json``. A few submissions of the first module are adversarial: one solution
   is an endless loop, one notebook file is broken JSON, one participant edits a locked test
   cell;
4. store the intake profiles handed in as the snapshot ``intake`` dated 120 days ago;
5. grade all submissions in parallel (:func:`ikmkit.grading.grade`, nbgrader underneath);
6. a mentor checks every second participant at the end of incubation (a mentor sheet,
   ``OUT/lembar-mentor-akhir.xlsx``); build the cohort table with it (intake score beside the
   latest, each marked self-assessed or mentor-checked), store the snapshot
   ``akhir-inkubasi`` and write the report (``OUT/kelas/laporan/``); return a short
   Indonesian summary.

Everything is seeded, so two runs with the same arguments make the same participants.

>>> plan = participant_plan(8, seed=1)
>>> sorted(set(plan["sector"])) == sorted(readiness.SECTORS)
True
>>> bool((plan["skill"].between(0, 1)).all())
True
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import shutil
import tempfile
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ikmkit import readiness
from ikmkit._text import number
from ikmkit.errors import IkmkitError
from ikmkit.vocab import INTAKE_ASSIGNMENT, META_COLUMNS

__all__ = [
    "DemoError",
    "DemoResult",
    "fill_notebook",
    "improve_answers",
    "participant_plan",
    "run_demo",
]

_MARKER = ".ikmkit-demo"
_PROFILE_CELL = "jawaban_profil_saya"
# what a participant writes there: the profile the form's "Simpan profil" saved
_LOAD_PROFILE = 'profil_saya = readiness.load_profile("profil_ikm.json")'
_INTAKE_CELL = "jawaban_identitas"
_SOLUTION_LINE = re.compile(r"^\s*#+\s*(BEGIN|END) SOLUTION\s*$")


class DemoError(IkmkitError):
    """The demo cannot run (e.g. the output folder holds something that is not a demo)."""


@dataclass
class DemoResult:
    """What the demo did."""

    out: Path
    course_dir: Path
    report_index: Path | None
    xlsx: Path | None
    participants: int
    grading: dict[str, int] = field(default_factory=dict)
    summary: str = ""
    skipped: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- participants


def participant_plan(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` synthetic participants, sectors in turn (batik, konveksi, bordir,
    makanan-minuman, ...), with intake answers and a skill 0-1 for the exercises.

    Columns: ``ikm_id`` (``ikm-001``...), ``nama_usaha``, ``kabupaten``, ``sector``,
    ``skill`` and one column per indicator (the intake answers).
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise DemoError(f"'--participants' harus bilangan bulat >= 1: {n!r}")
    pool = readiness.example_answers(max(40, 12 * n), seed=seed)
    rows = []
    used: set[int] = set()
    for k in range(n):
        sector = readiness.SECTORS[k % len(readiness.SECTORS)]
        candidates = [i for i in np.flatnonzero((pool["sector"] == sector).to_numpy())
                      if i not in used]
        pick = int(candidates[0])
        used.add(pick)
        rows.append(pool.iloc[pick])
    plan = pd.DataFrame(rows).reset_index(drop=True)
    plan["ikm_id"] = [f"ikm-{k + 1:03d}" for k in range(n)]
    plan["sector"] = plan["sector"].astype(str)
    rng = np.random.default_rng(seed + 1)
    plan.insert(4, "skill", np.round(rng.beta(2.2, 1.6, size=n), 2))
    return plan


def improve_answers(plan: pd.DataFrame, seed: int = 0,
                    rubric: readiness.Rubric | None = None) -> pd.DataFrame:
    """End-of-incubation answers: each gap closes with a probability that grows with the
    participant's skill (yes/no may become "ya", a scale rises by 1-2, a number by half).

    >>> plan = participant_plan(4, seed=2)
    >>> after = improve_answers(plan, seed=2)
    >>> before_t = readiness.score_cohort(plan)["total"]
    >>> after_t = readiness.score_cohort(after)["total"]
    >>> bool((after_t >= before_t).all())
    True
    """
    rubric = rubric or readiness.load_rubric()
    rng = np.random.default_rng(seed + 2)
    out = plan.copy()
    p = 0.25 + 0.5 * plan["skill"].to_numpy(dtype=float)
    for ind in rubric.indicators:
        col = plan[ind.id]
        present = col.notna().to_numpy()
        move = (rng.random(len(plan)) < p) & present
        if ind.kind == "bool":
            values = col.fillna(False).to_numpy(dtype=bool) | move
            out[ind.id] = pd.arrays.BooleanArray(values, ~present)
        elif ind.kind == "scale":
            base = col.fillna(0).to_numpy(dtype=int)
            step = rng.integers(1, 3, size=len(plan)) * move
            out[ind.id] = pd.arrays.IntegerArray(np.minimum(base + step, ind.max), ~present)
        else:
            base = col.fillna(0).to_numpy(dtype=float)
            grown = np.where(move, np.ceil(base * 1.5 + 1), base).astype("int64")
            out[ind.id] = pd.arrays.IntegerArray(grown, ~present)
    return out


def _answers_dict(row: pd.Series, rubric: readiness.Rubric) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for ind in rubric.for_sector(str(row["sector"])):
        v = row[ind.id]
        out[ind.id] = bool(v) if ind.kind == "bool" else int(v)
    return out


def _sheet_frame(plan: pd.DataFrame, rubric: readiness.Rubric) -> pd.DataFrame:
    """The intake answers as a mentor types them (ya/tidak, empty where not asked)."""
    out = plan[list(META_COLUMNS)].copy()
    for ind in rubric.indicators:
        col = plan[ind.id]
        if ind.kind == "bool":
            out[ind.id] = [("ya" if v else "tidak") if pd.notna(v) else "" for v in col]
        else:
            out[ind.id] = ["" if pd.isna(v) else int(v) for v in col]
    return out


# --------------------------------------------------------------------------- notebooks


def _solution_code(source: str) -> str:
    """The source cell's answer: its text without the solution delimiter lines."""
    return "\n".join(line for line in source.splitlines() if not _SOLUTION_LINE.match(line))


def _wrong_code(solution: str) -> str:
    """A plausible wrong answer: the solution with its first number off by a bit."""
    match = re.search(r"(?<![\w.])(\d+(?:_\d{3})*(?:\.\d+)?)(?![\w.])", solution)
    if not match:
        return "# belum selesai\nraise NotImplementedError()"
    number = float(match.group(1).replace("_", ""))
    wrong = repr(int(number * 1.1) + 1) if "." not in match.group(1) else repr(number * 1.1)
    return solution[: match.start()] + wrong + solution[match.end():]


def fill_notebook(release: dict[str, Any], source: dict[str, Any], *, skill: float,
                  rng: np.random.Generator, profile_code: str | None = None,
                  fixed: dict[str, str] | None = None,
                  endless_loop: bool = False, tamper: bool = False) -> dict[str, Any]:
    """A participant's copy of a release notebook (nbformat dict) with solution cells filled.

    Each code solution cell gets the source's solution with probability ``skill``; otherwise
    a wrong value (half the time) or the release stub is left. Written-answer (markdown)
    solution cells get a short answer. ``profile_code`` replaces the cell that loads the
    participant's saved readiness profile (module 02);
    ``fixed`` maps other solution cells (grade ids) to the code the participant writes there
    whatever their skill (their own business, say). ``endless_loop`` makes the first code
    answer ``while True: pass``; ``tamper`` replaces the first locked test cell with
    ``assert True`` (nbgrader restores it when grading).
    """
    fixed = dict(fixed or {})
    if profile_code is not None:
        fixed[_PROFILE_CELL] = profile_code
    solutions = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): c
                 for c in source["cells"] if c.get("metadata", {}).get("nbgrader")}
    nb = json.loads(json.dumps(release))
    looped = tampered = False
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            if endless_loop and not looped and cell["cell_type"] == "code" \
                    and meta.get("grade_id") not in fixed:
                cell["source"] = "# coba-coba\nwhile True:\n    pass"
                looped = True
            else:
                _answer(cell, meta.get("grade_id"), solutions, fixed, skill, rng)
        elif tamper and not tampered and meta.get("grade") and meta.get("locked") \
                and cell["cell_type"] == "code":
            cell["source"] = "# tes dihapus peserta\nassert True"
            tampered = True
    return nb


def _answer(cell: dict[str, Any], grade_id: str | None, solutions: dict[Any, Any],
            fixed: dict[str, str], skill: float, rng: np.random.Generator) -> None:
    """Fill one solution cell as a participant of this skill would."""
    if cell["cell_type"] == "markdown":
        if rng.random() < skill:
            cell["source"] = ("Jawaban singkat peserta: langkah, angka dan alasannya "
                              "ditulis sesuai pelajaran modul ini.")
        return
    if grade_id in fixed:
        cell["source"] = fixed[grade_id]
        return
    src = solutions.get(grade_id)
    if src is None:
        return
    solution = _solution_code("".join(src["source"]) if isinstance(src["source"], list)
                              else src["source"])
    draw = rng.random()
    if draw < skill:
        cell["source"] = solution
    elif draw < skill + (1 - skill) / 2:
        cell["source"] = _wrong_code(solution)
    # else: keep the release stub


def _read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the run


def _prepare_out(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / _MARKER).exists():
            raise DemoError(f"folder {str(out)!r} sudah berisi berkas lain; pilih --out yang "
                            "kosong atau folder demo sebelumnya")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / _MARKER).write_text("Folder ini dibuat oleh `ikmkit demo` dan boleh dihapus.\n",
                               encoding="utf-8")


def _grade(course_dir: Path, jobs: int | None, progress: bool) -> dict[str, int]:
    """Grade every submission in parallel with :func:`ikmkit.grading.grade`; outcome counts."""
    from ikmkit import grading

    run = grading.grade(course_dir, jobs=jobs, cell_timeout=10, progress=progress)
    counts = Counter(o.status for o in run.outcomes)
    restored = sum(1 for o in run.outcomes if o.restored_cells)
    if restored:
        counts["restored"] = restored
    return dict(counts)


def run_demo(out: str | Path = "demo-out", *, participants: int = 16, jobs: int | None = None,
             seed: int = 0, progress: bool = True) -> DemoResult:
    """Run the whole cycle (see the module documentation) and return what was made."""
    from tqdm.auto import tqdm

    from ikmkit import sheets
    from ikmkit.cohort import report, tracking
    from ikmkit.grading import course

    rubric = readiness.load_rubric()
    out = Path(out).resolve()
    plan = participant_plan(participants, seed=seed)
    _prepare_out(out)
    course_dir = out / "kelas"
    skipped: list[str] = []

    course.init_course(course_dir)
    assignments = course.assignments(course_dir)
    modules = [a for a in assignments if a != INTAKE_ASSIGNMENT]
    # where the end-of-incubation self-assessment is saved: the readiness module's assignment
    profile_assignment = next((a for a in modules if "kesiapan" in a),
                              modules[-1] if modules else None)

    today = _dt.date.today()
    after = improve_answers(plan, seed=seed, rubric=rubric)
    rng = np.random.default_rng(seed + 3)
    n = len(plan)
    # adversarial participants (when the cohort is big enough to spare them)
    loop_p, broken_p, tamper_p = (n - 1, n - 2, n - 3) if n >= 4 else (-1, -1, -1)
    with tempfile.TemporaryDirectory(prefix="ikmkit-demo-") as tmp:
        tmpdir = Path(tmp)
        work = [(i, a) for i in range(n) for a in assignments]
        for i, assignment in tqdm(work, desc="Kiriman peserta", unit="tugas",
                                  disable=not progress):
            row, end = plan.iloc[i], after.iloc[i]
            pid = str(row["ikm_id"])
            folder = tmpdir / pid / assignment
            folder.mkdir(parents=True)
            answers = _answers_dict(end, rubric)
            first = bool(modules) and assignment == modules[0]
            identity = f"sektor = {str(row['sector'])!r}\nnama_usaha = {str(row['nama_usaha'])!r}"
            for release_nb in sorted((course_dir / "release" / assignment).glob("*.ipynb")):
                source_nb = course_dir / "source" / assignment / release_nb.name
                target = folder / release_nb.name
                if i == broken_p and first:
                    target.write_text('{"cells": [ rusak', encoding="utf-8")
                    continue
                filled = fill_notebook(
                    _read_json(release_nb), _read_json(source_nb),
                    skill=float(row["skill"]), rng=rng,
                    profile_code=_LOAD_PROFILE,
                    fixed={_INTAKE_CELL: identity},
                    endless_loop=(i == loop_p and first), tamper=(i == tamper_p and first))
                target.write_text(json.dumps(filled, ensure_ascii=False, indent=1),
                                  encoding="utf-8")
            if assignment == INTAKE_ASSIGNMENT:  # "Simpan profil" in the intake's form
                readiness.save_profile(folder, _answers_dict(row, rubric), str(row["sector"]),
                                       business=str(row["nama_usaha"]), rubric=rubric)
            elif assignment == profile_assignment:
                readiness.save_profile(folder, answers, str(row["sector"]),
                                       business=str(row["nama_usaha"]), participant=pid,
                                       rubric=rubric)
            course.submit(course_dir, pid, assignment, folder)

    # the intake as the participants handed it in (their own m00 profiles)
    handed_in, _ = tracking.profiles_from_course(course_dir, rubric=rubric,
                                                 assignment=INTAKE_ASSIGNMENT)
    intake = tracking.cohort_from_answers(handed_in, rubric=rubric, intake=handed_in)
    kab = dict(zip(plan["ikm_id"], plan["kabupaten"], strict=True))
    intake["kabupaten"] = [kab.get(p, "") for p in intake.index]
    tracking.take_snapshot(course_dir, "intake", intake, date=today - _dt.timedelta(days=120))

    with warnings.catch_warnings():
        # nbgrader's gradebook emits SQLAlchemy "not in session" noise while autograding
        warnings.filterwarnings("ignore", message="Object of type")
        grading_counts = _grade(course_dir, jobs, progress)
    # end of incubation: a mentor checks every second participant with the sheet
    mentor_sheet = out / "lembar-mentor-akhir.xlsx"
    sheets.write_table(_sheet_frame(after.iloc[::2], rubric), mentor_sheet, sheet_name="Data")
    cohort = tracking.load_cohort(course_dir, sheet=mentor_sheet, rubric=rubric)
    # kabupaten is not in the notebook profile: take it from the enrolment data
    cohort.table["kabupaten"] = [kab.get(p, "") for p in cohort.table.index]
    tracking.take_snapshot(course_dir, "akhir-inkubasi", cohort.table, date=today)
    files = report.write_report(cohort, course_dir / "laporan",
                                title="Laporan kohort demo inkubator ekspor IKM",
                                progress=progress)
    summary = _summary(intake, cohort.table, grading_counts, files, out)
    return DemoResult(out=out, course_dir=course_dir, report_index=files.index, xlsx=files.xlsx,
                      participants=n, grading=grading_counts, summary=summary, skipped=skipped)


_STATUS_ID = {"graded": "dinilai", "timeout": "melewati batas waktu",
              "kernel_crashed": "kernel mogok", "memory_exceeded": "melewati batas memori",
              "invalid_notebook": "notebook rusak", "missing_notebook": "notebook tidak ada",
              "error": "galat lain",
              "restored": "sel tes yang diubah peserta dipulihkan (tetap dinilai)"}


def _summary(intake: pd.DataFrame, end: pd.DataFrame, grading_counts: dict[str, int],
             files: Any, out: Path) -> str:
    from ikmkit.cohort import tracking

    before = tracking.level_counts(intake)
    after = tracking.level_counts(end[end["total"].notna()])
    mean_before = float(intake["total"].mean())
    mean_after = float(pd.to_numeric(end["total"], errors="coerce").mean())
    checked = int((end["sumber_skor"] == "mentor").sum())
    lines = [f"Demo selesai: {len(end)} peserta dari 4 sektor.",
             f"Skor kesiapan rata-rata: {number(mean_before, decimals=1)} saat intake "
             f"(penilaian mandiri, tugas {INTAKE_ASSIGNMENT}) -> {number(mean_after, decimals=1)}"
             f" di akhir inkubasi ({'+' if mean_after >= mean_before else ''}"
             f"{number(mean_after - mean_before, decimals=1)} poin); {checked} dari {len(end)} "
             "skor akhir diperiksa mentor.",
             "Tingkat kesiapan (intake -> akhir inkubasi):"]
    for name in before.index:
        lines.append(f"  {name}: {int(before[name])} -> {int(after.get(name, 0))}")
    graded = ", ".join(f"{_STATUS_ID.get(k, k)} {v}" for k, v in sorted(grading_counts.items()))
    lines.append(f"Penilaian kiriman: {graded or 'tidak ada'}.")
    lines.append(f"Buka dasbor di peramban: {files.index}")
    lines.append(f"Dasbor langsung (live): ikmkit dashboard {out / 'kelas'}")
    lines.append(f"Berkas untuk bank: {files.xlsx}")
    lines.append(f"Semua hasil demo ada di {out}")
    return "\n".join(lines)
