"""Grading the written answers: a trainer's manual score reaches the feedback and the report.

The trainer grades written answers in nbgrader's formgrader, which stores the score and the
comment in the gradebook (``Grade.manual_score``, ``Comment.manual_comment``). Here the same is
done through nbgrader's ``Gradebook`` API on a course built by ``ikmkit course init`` with the
real ``m05-pasar-promosi`` assignment, after ``ikmkit grade``; then ``ikmkit feedback`` and
``ikmkit report`` must show it.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from ikmkit.cli import main
from ikmkit.grading import submit

pytestmark = pytest.mark.filterwarnings("ignore:Object of type")  # nbgrader's own SAWarning

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "m05-pasar-promosi"
NOTEBOOK = "05-pasar-promosi"
WRITTEN = "tulisan_balasan_pembeli"  # 3 points, graded by the trainer
COMMENT = "Sopan dan jelas; sebutkan tanggal kirim penawaran."


def _nilai(course: Path, capsys: pytest.CaptureFixture) -> str:
    """The participant's m05 grade in the bank's CSV, after `ikmkit report`."""
    assert main(["report", str(course), "--no-progress"]) == 0
    capsys.readouterr()
    with open(course / "laporan" / "kohort.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["ID peserta"] for r in rows] == ["ikm-007"]
    return rows[0][f"Nilai {ASSIGNMENT} (%)"]


@pytest.mark.slow
def test_manual_score_reaches_feedback_and_report(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    """Autograded 13 of 16 points (the written answer waits); the trainer gives it 2 of 3 with
    a comment: the feedback page shows 2 / 3, the comment and 15 / 16; the bank's table and the
    report card 15 / 16 as a percentage."""
    from nbgrader.api import Gradebook

    assessments = tmp_path / "asesmen"
    (assessments / "source").mkdir(parents=True)
    shutil.copy(REPO / "assessments" / "nbgrader_config.py", assessments)
    shutil.copy(REPO / "assessments" / "source" / "header.ipynb", assessments / "source")
    shutil.copytree(REPO / "assessments" / "source" / ASSIGNMENT,
                    assessments / "source" / ASSIGNMENT)
    course = tmp_path / "kelas"
    assert main(["course", "init", str(course), "--assessments", str(assessments)]) == 0
    # the taught answers, handed in by one participant
    submit(course, "ikm-007", ASSIGNMENT,
           [REPO / "assessments" / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"])
    assert main(["grade", str(course), "--jobs", "1", "--no-progress"]) == 0
    capsys.readouterr()
    # 13 of 16 points: the written answer is not graded yet
    assert _nilai(course, capsys) == str(round(100 * 13 / 16, 1))

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        grade = gb.find_grade(WRITTEN, NOTEBOOK, ASSIGNMENT, "ikm-007")
        assert grade.needs_manual_grade and grade.max_score == 3
        grade.manual_score = 2
        gb.find_comment(WRITTEN, NOTEBOOK, ASSIGNMENT, "ikm-007").manual_comment = COMMENT
        gb.db.commit()

    assert main(["feedback", str(course)]) == 0
    capsys.readouterr()
    page = (course / "feedback" / "ikm-007" / ASSIGNMENT / f"{NOTEBOOK}.html").read_text(
        encoding="utf-8")
    assert re.search(r"\(Nilai: 15\.0 / 16\.0\)", page)
    written = page[page.index(f'name="{WRITTEN}"'):]
    assert re.search(r"Nilai: 2\.0 / 3\.0", written[:2000])
    assert "Komentar pengajar" in page and COMMENT in page
    index = (course / "feedback" / "ikm-007" / "index.html").read_text(encoding="utf-8")
    assert f"<td>{ASSIGNMENT}</td><td>15 / 16</td>" in index

    percent = round(100 * (13 + 2) / 16, 1)
    assert _nilai(course, capsys) == str(percent)
    card = (course / "laporan" / "peserta" / "ikm-007.html").read_text(encoding="utf-8")
    shown = str(percent).replace(".", ",")
    assert f'data-kunci="nilai_{ASSIGNMENT}">{shown}<' in card
