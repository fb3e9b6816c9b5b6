"""Cell builders for the ikmkit assessment notebooks (nbgrader cell metadata schema v3).

Used by ``build_notebooks.py``; kept apart so each assignment file reads as content.

Kinds of cells:

* :func:`md` - plain markdown (no nbgrader metadata);
* :func:`locked` - read-only code (scenario data, helpers); restored by nbgrader at autograde;
* :func:`answer` - a code solution cell; the solution sits between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION`` and ``partial`` is what the committed partially-correct submission has;
* :func:`check` - an autograded test cell: a visible check plus hidden tests;
* :func:`written` - a manually graded markdown answer (grade + solution).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

SCHEMA_VERSION = 3
SOLUTION = object()
"""Marker for :func:`answer`: the partial submission has the correct solution here."""


def _dedent(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


@dataclass
class Cell:
    cell_type: str
    source: str
    nbgrader: dict | None = None
    cell_id: str | None = None
    # for answer cells: the code the partially-correct submission has (None = left blank)
    partial: object = None
    # for answer cells: the text outside the solution region (kept in the release)
    prompt: str = ""
    solution: str = ""
    # for check cells
    visible: str = ""
    hidden: str = ""
    extra: dict = field(default_factory=dict)


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool,
          points: float | None = None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
    }
    if grade:
        meta["points"] = points
    return meta


def md(text: str) -> Cell:
    """A plain markdown cell."""
    return Cell("markdown", _dedent(text))


def locked(grade_id: str, code: str) -> Cell:
    """A read-only code cell (data or helpers)."""
    return Cell("code", _dedent(code), _meta(grade_id, grade=False, solution=False, locked=True),
                cell_id=grade_id)


def answer(grade_id: str, solution: str, *, prompt: str = "", partial: object = None) -> Cell:
    """A code cell the participant fills in; ``prompt`` lines stay in the release."""
    sol = _dedent(solution)
    pro = _dedent(prompt)
    if isinstance(partial, str):
        partial = _dedent(partial)
    parts = [pro] if pro else []
    parts += ["### BEGIN SOLUTION", sol, "### END SOLUTION"]
    return Cell("code", "\n".join(parts),
                _meta(grade_id, grade=False, solution=True, locked=False),
                cell_id=grade_id, partial=partial, prompt=pro, solution=sol)


def check(grade_id: str, points: float, visible: str, hidden: str) -> Cell:
    """An autograded test cell: visible checks, then hidden tests."""
    vis = _dedent(visible)
    hid = _dedent(hidden)
    source = "\n".join([vis, "### BEGIN HIDDEN TESTS", hid, "### END HIDDEN TESTS"])
    return Cell("code", source, _meta(grade_id, grade=True, solution=False, locked=True,
                                      points=points),
                cell_id=grade_id, visible=vis, hidden=hid)


def written(grade_id: str, points: float, model_answer: str, *, partial: object = None) -> Cell:
    """A manually graded written answer; the source holds the model answer / marking guide."""
    if isinstance(partial, str):
        partial = _dedent(partial)
    return Cell("markdown", _dedent(model_answer),
                _meta(grade_id, grade=True, solution=True, locked=False, points=points),
                cell_id=grade_id, partial=partial)
