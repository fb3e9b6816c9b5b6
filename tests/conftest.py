"""Fixtures and builders shared by the test modules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ikmkit import readiness
from ikmkit.vocab import META_COLUMNS


def answers_of(row: pd.Series) -> dict:
    """One IKM's answers (a row of readiness.example_answers) as save_profile takes them."""
    return {k: (None if pd.isna(v) else v) for k, v in row.drop(list(META_COLUMNS)).items()}


def make_cohort_course(root: Path, ids: list[str], *, seed: int, with_profile: int,
                       cells: dict[str, dict[str, float]],
                       score: Callable[[int, str, str], float | None]) -> pd.DataFrame:
    """A class folder as ikmkit's cohort side reads it, without grading anything.

    The first ``with_profile`` participants hand in a readiness profile (m02's
    profil_ikm.json); the gradebook gets the assignments of ``cells`` (assignment -> grade
    cell -> points) and, per participant ``k``, ``score(k, assignment, cell)`` points (an
    assignment whose first cell scores None was not handed in). Returns the answers used.
    """
    from nbgrader.api import Gradebook

    from ikmkit.grading.course import ensure_tools_on_path

    ensure_tools_on_path()  # nbgrader calls `alembic` when it creates a gradebook
    answers = readiness.example_answers(len(ids), seed=seed)
    answers["ikm_id"] = ids
    for k in range(with_profile):
        row = answers.iloc[k]
        folder = root / "submitted" / row["ikm_id"] / "m02-kesiapan-ekspor"
        folder.mkdir(parents=True)
        readiness.save_profile(folder, answers_of(row), row["sector"],
                               business=row["nama_usaha"], participant=row["ikm_id"])
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for assignment, grade_cells in cells.items():
            gb.add_assignment(assignment)
            gb.add_notebook("nb", assignment)
            for cell, points in grade_cells.items():
                gb.add_grade_cell(cell, "nb", assignment, max_score=points, cell_type="code")
        for k, pid in enumerate(ids):
            gb.add_student(pid, first_name=f"Peserta{k}", last_name="Uji")
            for assignment, grade_cells in cells.items():
                first = next(iter(grade_cells))
                if score(k, assignment, first) is None:
                    continue
                gb.add_submission(assignment, pid)
                for cell in grade_cells:
                    points = score(k, assignment, cell)
                    if points is not None:
                        gb.find_grade(cell, "nb", assignment, pid).auto_score = points
        gb.db.commit()
    return answers
