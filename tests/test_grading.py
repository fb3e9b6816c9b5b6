"""Tests for ikmkit.grading / ikmkit.feedback: parallel, safe autograding of a cohort.

One small course (tests/fixtures/grading: one notebook, two autograded tests of 2 and 1
points with hidden tests, one manually graded essay) receives a cohort of ordinary and
adversarial submissions built from its release notebook; the cohort is graded once by
several workers and each test checks one behaviour of that run.
"""

from __future__ import annotations

import copy
import csv
import shutil
import sqlite3
from pathlib import Path

import nbformat
import pytest

from ikmkit.cli import main
from ikmkit.grading import FAILED_STATUSES, Outcome, grade
from ikmkit.grading.course import init_course, submit
from ikmkit.grading.sandbox import bwrap_path

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parent / "fixtures" / "grading"
A = "t01-latihan"
HPP_OK = "def hpp_per_unit(total_biaya_idr, jumlah_unit):\n    return total_biaya_idr / jumlah_unit"
HARGA_OK = "def harga_jual(hpp_idr, margin):\n    return math.ceil(hpp_idr * (1 + margin))"
HARGA_SALAH = "def harga_jual(hpp_idr, margin):\n    return hpp_idr"
SANDBOXED = bwrap_path() is not None


def _notebook(release: Path, answers: dict[str, str], *, drop: tuple[str, ...] = (),
              edit: dict[str, str] | None = None) -> nbformat.NotebookNode:
    nb = nbformat.read(release, as_version=4)
    cells = []
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in drop:
            continue
        cell = copy.deepcopy(cell)
        if gid in answers:
            cell.source = answers[gid]
        if edit and gid in edit:
            cell.source = edit[gid]
        cells.append(cell)
    nb.cells = cells
    return nb


def _submit_nb(course: Path, participant: str, nb: nbformat.NotebookNode, tmp: Path) -> None:
    folder = tmp / participant
    folder.mkdir()
    nbformat.write(nb, folder / "latihan.ipynb")
    submit(course, participant, A, folder)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """Course + adversarial cohort, graded once with three workers."""
    base = tmp_path_factory.mktemp("grading")
    course = init_course(base / "kursus", FIXTURE)
    release = course / "release" / A / "latihan.ipynb"
    tmp = base / "src"
    tmp.mkdir()
    good = {"jawab_hpp": HPP_OK, "jawab_harga": HARGA_OK}
    cases = {
        "kunci": _notebook(release, good),
        "kosong": _notebook(release, {}),
        "sebagian": _notebook(release, {"jawab_hpp": HPP_OK, "jawab_harga": HARGA_SALAH}),
        # passes the visible test, fails the hidden one
        "curang": _notebook(release, {"jawab_hpp": "def hpp_per_unit(t, j):\n    return 25",
                                      "jawab_harga": HARGA_OK}),
        "loop": _notebook(release, {"jawab_hpp": HPP_OK, "jawab_harga": "while True:\n    pass"}),
        "keras-kepala": _notebook(release, {"jawab_hpp": HPP_OK, "jawab_harga": (
            "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            "while True:\n    pass")}),
        "crash": _notebook(release, {"jawab_hpp": HPP_OK,
                                     "jawab_harga": "import os\nos._exit(1)"}),
        "memori": _notebook(release, {"jawab_hpp": HPP_OK, "jawab_harga": (
            "sampah = []\nwhile True:\n    sampah.append(bytearray(50_000_000))")}),
        "ubah-tes": _notebook(release, {"jawab_hpp": HPP_OK, "jawab_harga": HARGA_SALAH},
                              edit={"tes_harga": "assert True  # diubah peserta"}),
        "hapus-tes": _notebook(release, {"jawab_hpp": "def hpp_per_unit(t, j):\n    return 0",
                                         "jawab_harga": HARGA_OK},
                               drop=("setup", "tes_hpp")),
    }
    if SANDBOXED:
        cases["intip"] = _notebook(release, {"jawab_hpp": HPP_OK, "jawab_harga": (
            f"ROOT = {str(course)!r}\n"
            "open(ROOT + '/gradebook.db', 'ab').write(b'rusak')\n")})
        nb = cases["intip"]
        nb.cells.insert(3, nbformat.v4.new_code_cell(
            f"open({str(course)!r} + '/submitted/kunci/{A}/latihan.ipynb').read()"))
    for participant, nb in cases.items():
        _submit_nb(course, participant, nb, tmp)
    submit(course, "rusak", A, [FIXTURE / "kiriman" / "latihan-rusak.ipynb"])
    (course / "submitted" / "rusak" / A / "latihan-rusak.ipynb").rename(
        course / "submitted" / "rusak" / A / "latihan.ipynb")
    wrong = tmp / "salah-nama"
    wrong.mkdir()
    shutil.copy(release, wrong / "latihan (1).ipynb")
    submit(course, "hilang", A, wrong)
    kunci_before = (course / "submitted" / "kunci" / A / "latihan.ipynb").read_bytes()
    run = grade(course, jobs=3, cell_timeout=3, notebook_timeout=25, memory_mb=512,
                progress=False)
    return {"course": course, "run": run, "by": {o.participant: o for o in run.outcomes},
            "kunci_before": kunci_before}


def _auto_scores(course: Path, participant: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook("latihan", A, participant)
        return {g.name: g.auto_score for g in nb.grades}


def test_every_submission_has_an_outcome(cohort):
    """One outcome per submission, written to the CSV with the same statuses."""
    by = cohort["by"]
    assert len(by) == (13 if SANDBOXED else 12)
    with cohort["run"].csv_path.open(newline="") as fh:
        rows = {r["participant"]: r for r in csv.DictReader(fh)}
    assert {p: r["status"] for p, r in rows.items()} == {p: o.status for p, o in by.items()}
    assert rows["loop"]["keterangan_status"] == "melewati batas waktu"


def test_correct_blank_and_partial_scores(cohort):
    """Correct answers earn the autograded points, the blank release zero, partial in between."""
    by = cohort["by"]
    assert (by["kunci"].status, by["kunci"].score, by["kunci"].max_score) == ("graded", 3, 4)
    assert by["kosong"].score == 0
    assert by["sebagian"].score == 2
    assert _auto_scores(cohort["course"], "sebagian") == {
        "tes_hpp": 2, "tes_harga": 0, "jawab_esai": 0}  # unchanged essay: zero, nothing to read


def test_hidden_tests_count(cohort):
    """Passing only the visible test does not earn the points: hidden tests ran."""
    assert _auto_scores(cohort["course"], "curang")["tes_hpp"] == 0
    assert cohort["by"]["curang"].score == 1


def test_infinite_loop_costs_one_question(cohort):
    """An endless loop is interrupted at the cell timeout; earlier questions keep their points."""
    o = cohort["by"]["loop"]
    assert o.status == "timeout" and o.score == 2
    assert not o.failed


def test_loop_ignoring_interrupts_is_stopped(cohort):
    """A loop that ignores SIGINT is killed; the submission is still graded."""
    o = cohort["by"]["keras-kepala"]
    assert o.status == "timeout" and o.score == 2


def test_kernel_crash_is_recorded(cohort):
    """os._exit in a cell: recorded as kernel_crashed, points before the crash kept."""
    o = cohort["by"]["crash"]
    assert o.status == "kernel_crashed" and o.score == 2


def test_memory_bomb_is_stopped(cohort):
    """A memory bomb hits the cap (MemoryError), costs that question only."""
    o = cohort["by"]["memori"]
    assert o.status == "memory_exceeded" and o.score == 2


def test_invalid_and_missing_notebooks_are_reported_by_file(cohort):
    """Broken JSON and a wrongly named notebook are reported by participant and file."""
    by = cohort["by"]
    assert by["rusak"].status == "invalid_notebook"
    assert "latihan.ipynb" in by["rusak"].detail
    assert by["hilang"].status == "missing_notebook"
    assert "latihan.ipynb" in by["hilang"].detail and "latihan (1).ipynb" in by["hilang"].detail
    assert {o.participant for o in cohort["run"].outcomes if o.failed} == {"rusak", "hilang"}


def test_edited_test_cell_is_restored(cohort):
    """A test cell replaced by `assert True` is restored from the gradebook and reported."""
    o = cohort["by"]["ubah-tes"]
    assert o.restored_cells == ("tes_harga",)
    assert _auto_scores(cohort["course"], "ubah-tes")["tes_harga"] == 0
    graded = (cohort["course"] / "autograded" / "ubah-tes" / A / "latihan.ipynb").read_text()
    assert "diubah peserta" not in graded


def test_deleted_cells_are_restored_in_place(cohort):
    """Deleted test and setup cells come back, in released order, and grade the answer."""
    o = cohort["by"]["hapus-tes"]
    assert o.status == "graded", o.detail
    assert set(o.restored_cells) == {"setup", "tes_hpp"}
    assert _auto_scores(cohort["course"], "hapus-tes") == {
        "tes_hpp": 0, "tes_harga": 1, "jawab_esai": 0}
    nb = nbformat.read(cohort["course"] / "autograded" / "hapus-tes" / A / "latihan.ipynb", 4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    assert ids.index("setup") < ids.index("jawab_hpp") < ids.index("tes_hpp") < ids.index(
        "jawab_harga")


@pytest.mark.skipif(not SANDBOXED, reason="bubblewrap (bwrap) tidak tersedia")
def test_participant_cannot_touch_gradebook_or_others(cohort):
    """Writing the gradebook and reading another participant's notebook fail: in the
    sandbox the course folder does not exist at all."""
    course = cohort["course"]
    o = cohort["by"]["intip"]
    assert o.status == "graded" and o.score == 2
    assert (course / "submitted" / "kunci" / A / "latihan.ipynb").read_bytes() == cohort[
        "kunci_before"]
    db = sqlite3.connect(course / "gradebook.db")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    assert b"rusak" not in (course / "gradebook.db").read_bytes()[-4096:]
    graded = (course / "autograded" / "intip" / A / "latihan.ipynb").read_text()
    assert graded.count("No such file or directory") >= 2


def test_no_grade_lost_with_several_workers(cohort):
    """Every graded submission has all its grades in the gradebook (three workers wrote it)."""
    from nbgrader.api import Gradebook

    graded = [o for o in cohort["run"].outcomes if not o.failed]
    with Gradebook(f"sqlite:///{cohort['course'] / 'gradebook.db'}") as gb:
        for o in graded:
            sub = gb.find_submission(A, o.participant)
            assert len(sub.notebooks[0].grades) == 3
            assert sub.score == o.score


def test_rerun_is_idempotent_and_cli_exit_codes(cohort, capsys):
    """A second run grades only what failed, keeps scores, exits 1 while failures remain."""
    course = cohort["course"]
    code = main(["grade", str(course), "--no-progress", "--timeout", "3", "--memory", "512"])
    out = capsys.readouterr().out
    assert code == 1
    assert "notebook rusak" in out and "rusak/t01-latihan" in out
    assert "Traceback" not in out
    graded = {o.participant for o in cohort["run"].outcomes if not o.failed}
    for participant in graded:
        assert (course / "autograded" / participant / A).is_dir()
    assert _auto_scores(course, "sebagian")["tes_hpp"] == 2
    code = main(["grade", str(course), "--no-progress", "--participant", "kunci", "--regrade"])
    assert code == 0
    assert "kunci/t01-latihan" in capsys.readouterr().out
    code = main(["grade", str(course), "--no-progress", "--participant", "kunci", "--regrade",
                 "--assignment", A])
    assert code == 0
    assert "kunci/t01-latihan" in capsys.readouterr().out
    code = main(["grade", str(course), "--no-progress", "--assignment", "m99-tidak-ada"])
    captured = capsys.readouterr()
    assert code == 2
    assert "tugas 'm99-tidak-ada' tidak ada di folder kelas ini" in captured.err
    assert "t01-latihan" in captured.err and "Traceback" not in captured.err


def test_notebook_budget(cohort):
    """Slow cells that each fit the cell timeout still stop at the per-notebook budget."""
    course = cohort["course"]
    release = course / "release" / A / "latihan.ipynb"
    nb = _notebook(release, {"jawab_hpp": "import time\ntime.sleep(2.5)\n" + HPP_OK,
                             "jawab_harga": "time.sleep(2.5)\n" + HARGA_OK})
    folder = course.parent / "lambat"
    folder.mkdir()
    nbformat.write(nb, folder / "latihan.ipynb")
    submit(course, "lambat", A, folder)
    run = grade(course, participants=["lambat"], cell_timeout=3, notebook_timeout=5,
                progress=False)
    (o,) = run.outcomes
    assert o.status == "timeout"
    assert "batas waktu notebook" in o.detail
    assert o.score == 2


def test_feedback_is_indonesian_and_hides_hidden_tests(cohort, capsys):
    """Feedback keeps assertion messages, never hidden-test code, and is in Indonesian."""
    course = cohort["course"]
    assert main(["feedback", str(course), "--participant", "curang",
                 "--participant", "sebagian"]) == 0
    page = (course / "feedback" / "curang" / A / "latihan.html").read_text()
    assert "Cek lagi: HPP harus berlaku" in page  # the hidden test's message is kept
    assert "RAHASIA_KODE_TERSEMBUNYI" not in page
    assert "hpp_per_unit(90, 9)" not in page  # not even in a traceback
    assert "Nilai" in page and "Jawaban Anda" in page and "Score" not in page
    # the lesson's markdown is rendered (sanitised), not shown as escaped tags
    assert "<p>" in page and "&lt;p&gt;" not in page and "&lt;h" not in page
    page = (course / "feedback" / "sebagian" / A / "latihan.html").read_text()
    assert "Harga jual = HPP x (1 + margin)" in page
    index = (course / "feedback" / "sebagian" / "index.html").read_text()
    assert "Umpan balik untuk sebagian" in index and "2 / 4" in index
    assert not (course / "feedback" / "kunci").exists()


def test_outcome_failed_statuses():
    """Only notebooks that could not be graded count as failures."""
    assert FAILED_STATUSES == {"invalid_notebook", "missing_notebook", "unsafe_submission",
                               "error"}
    assert not Outcome("a", "b", "kernel_crashed").failed


@pytest.mark.slow
def test_a_participant_created_by_another_run_at_the_same_moment(tmp_path, monkeypatch):
    """Two runs on one PostgreSQL gradebook (no file lock) may both find a participant
    missing and both add them; the run that loses the insert grades on, it does not stop."""
    from nbgrader.api import Gradebook, MissingEntry

    course = init_course(tmp_path / "kursus", FIXTURE)
    release = course / "release" / "t01-latihan" / "latihan.ipynb"
    _submit_nb(course, "kembar", _notebook(release, {}), tmp_path)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.add_student("kembar")  # the other run's insert, after our run looked
    original = Gradebook.find_student
    raced: list[str] = []

    def not_yet(self, student_id):
        if student_id == "kembar" and not raced:
            raced.append(student_id)
            raise MissingEntry()
        return original(self, student_id)

    monkeypatch.setattr(Gradebook, "students", property(lambda self: []))
    monkeypatch.setattr(Gradebook, "find_student", not_yet)
    run = grade(course, jobs=1, progress=False)
    assert raced == ["kembar"]
    assert [o.status for o in run.outcomes] == ["graded"]


def test_the_cached_metadata_validator_rejects_what_nbgrader_rejects(monkeypatch):
    """A grading worker builds nbgrader's metadata validator once; it still refuses bad
    metadata with nbgrader's own error and accepts good metadata."""
    from jsonschema import ValidationError
    from nbgrader.nbgraderformat import common
    from nbgrader.nbgraderformat.v3 import MetadataValidatorV3

    from ikmkit.grading.worker import reuse_validators

    # the patch is for worker processes: put nbgrader back for the rest of this one
    monkeypatch.setattr(common, "jsonschema", common.jsonschema)
    monkeypatch.setattr(common, "_ikmkit_validators", None, raising=False)
    reuse_validators()
    assert common._ikmkit_validators is not None
    good = nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": {
        "grade": False, "solution": True, "locked": False, "grade_id": "jawab",
        "schema_version": 3}})
    MetadataValidatorV3().validate_cell(good)
    bad = nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": {
        "grade": "ya", "solution": True, "locked": False, "grade_id": "jawab",
        "schema_version": 3}})
    with pytest.raises(ValidationError):
        MetadataValidatorV3().validate_cell(bad)
