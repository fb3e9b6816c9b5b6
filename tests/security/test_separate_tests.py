"""Scores no participant can fake: hidden tests run outside the participant's process (#14).

The security fixture's test cells declare their answers (``"ikmkit": {"answers": [...]}``),
so ``ikmkit grade`` takes the answers out of the participant's kernel as data and runs the
hidden tests in a clean kernel. Every hook attack of the security review (#3, #4, #6, #12)
and the variants the issue lists must then earn what a blank notebook earns, while an
honest submission keeps full marks, exactly as plain nbgrader scores it. A course whose tests
call participant functions (nbgrader's own quickstart course) keeps in-kernel grading,
hardened, and still grades exactly as plain nbgrader does.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from ikmkit.cli import main
from ikmkit.grading import init_course, submit

from .conftest import FIXTURE, HONEST, NB, A, attack, needs_bwrap

pytestmark = [pytest.mark.slow, needs_bwrap]

WRONG = {"jawab_harga": "harga_jual_idr = 1"}
ATTACKS = {
    # the review's hook attacks
    "r03-transformer": "get_ipython().input_transformers_cleanup.append(lambda l: ['pass\\n'])",
    "r04-ast": ("import ast\nclass _T(ast.NodeTransformer):\n"
                "    def visit_Assert(self, n):\n        return ast.Pass()\n"
                "get_ipython().ast_transformers.append(_T())\nhpp_per_unit_idr = 1"),
    "r06-kait": ("get_ipython().events.register('pre_run_cell', "
                 "lambda info: print(info.raw_cell))\nhpp_per_unit_idr = 1"),
    "r12-abs": ("class _Apa:\n    def __lt__(self, other):\n        return True\n"
                "abs = lambda x: _Apa()\nhpp_per_unit_idr = 1.0"),
    # the variants #14 asks for
    "v-run-cell": ("_ip = get_ipython()\n_asli = _ip.run_cell\n"
                   "def _palsu(raw_cell, *a, **k):\n"
                   "    return _asli('pass', *a, **k) if 'assert' in raw_cell "
                   "else _asli(raw_cell, *a, **k)\n"
                   "_ip.run_cell = _palsu\nhpp_per_unit_idr = 1"),
    "v-settrace": ("import sys\ndef _jejak(frame, event, arg):\n"
                   "    if event == 'exception':\n        frame.f_locals.clear()\n"
                   "    return _jejak\nsys.settrace(_jejak)\nhpp_per_unit_idr = 1"),
    "v-print": "print = lambda *a, **k: None\nhpp_per_unit_idr = 1",
    "v-patch-ikmkit": ("from ikmkit import costing\n"
                       "costing.hpp_per_unit = lambda *a, **k: 1\nhpp_per_unit_idr = 1"),
    "v-eq-selalu": ("class _Sama:\n    def __eq__(self, other):\n        return True\n"
                    "    def __lt__(self, other):\n        return True\n"
                    "    def __sub__(self, other):\n        return 0\n"
                    "    __rsub__ = __sub__\n    __abs__ = lambda self: 0\n"
                    "hpp_per_unit_idr = _Sama()"),
    "v-float-subclass": ("class _F(float):\n    def __eq__(self, other):\n        return True\n"
                         "    def __sub__(self, other):\n        return 0.0\n"
                         "hpp_per_unit_idr = _F(1.0)"),
}


def _grade(course: Path) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(["grade", str(course), "--jobs", "3", "--no-progress"])
    return out.getvalue()


def _auto(course: Path, participant: str, notebook: str = "keamanan",
          assignment: str = A) -> dict[str, float]:
    """Autograded points per test cell (manually graded answers left out)."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(notebook, assignment, participant)
        return {g.name: g.auto_score for g in nb.grades
                if g.auto_score is not None and g.cell.cell_type == "code"}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The fixture course with an honest, a blank and one submission per attack, graded by
    ``ikmkit grade``."""
    base = tmp_path_factory.mktemp("terpisah")
    course = init_course(base / "kursus", FIXTURE)
    release = course / "release" / A / NB
    cases = {"jujur": attack(release, HONEST), "kosong": attack(release)}
    for name, code in ATTACKS.items():
        cases[name] = attack(release, {"jawab_hpp": code, **WRONG})
    for name, nb in cases.items():
        (base / "src" / name).mkdir(parents=True)
        nbformat.write(nb, base / "src" / name / NB)
        submit(course, name, A, base / "src" / name)
    out = _grade(course)
    return course, out


def test_ikmkit_grade_names_the_mode(graded):
    """``ikmkit grade`` says the fixture's hidden tests ran in a clean kernel."""
    _, out = graded
    assert "Cara menilai s01-keamanan: tes terpisah (kernel bersih)" in out


def test_honest_full_marks_blank_zero(graded):
    """The honest submission keeps its 3 autograded points; the blank one gets 0."""
    course, _ = graded
    assert _auto(course, "jujur") == {"tes_hpp": 2.0, "tes_harga": 1.0}
    assert sum(_auto(course, "kosong").values()) == 0


@pytest.mark.parametrize("who", sorted(ATTACKS))
def test_hook_attacks_earn_the_blank_score(graded, who):
    """Each hook attack (and each variant) earns what a blank notebook earns."""
    course, _ = graded
    assert _auto(course, who) == _auto(course, "kosong"), who


def test_hidden_tests_never_ran_where_a_hook_could_echo_them(graded):
    """The echoing hook saw no test cell: no hidden line in what participant cells printed,
    nor in the participant's feedback."""
    course, _ = graded
    nb = nbformat.read(course / "autograded" / "r06-kait" / A / NB, as_version=4)
    printed = "".join(str(o) for c in nb.cells if c.cell_type == "code"
                      and not c.metadata.get("nbgrader", {}).get("grade")
                      for o in c.get("outputs", []))
    assert "pre_run_cell" in nb.cells[3].source  # the hook was there
    assert "RAHASIA_UJI" not in printed and "costing.hpp_per_unit" not in printed
    with contextlib.redirect_stdout(io.StringIO()):
        main(["feedback", str(course), "--participant", "r06-kait"])
    page = (course / "feedback" / "r06-kait" / A / "keamanan.html").read_text()
    assert "RAHASIA_UJI" not in page


def test_an_answer_that_is_not_data_is_named(graded):
    """An object that is not data fails its test with an Indonesian message and a flag."""
    course, _ = graded
    nb = nbformat.read(course / "autograded" / "v-eq-selalu" / A / NB, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert any(o.ename == "JawabanTidakBisaDinilai" and "hpp_per_unit_idr" in o.evalue
               and "bukan data" in o.evalue for o in errors)
    csv = (course / "hasil-penilaian.csv").read_text()
    assert "jawaban_bukan_data" in csv


def test_scores_equal_plain_nbgrader_for_honest_work(tmp_path):
    """The honest and the blank submission get, cell by cell, what plain nbgrader gives."""
    from ikmkit.grading.course import ensure_tools_on_path

    ensure_tools_on_path()
    ours = init_course(tmp_path / "a", FIXTURE)
    theirs = init_course(tmp_path / "b", FIXTURE)
    release = ours / "release" / A / NB
    for name, nb in (("jujur", attack(release, HONEST)), ("kosong", attack(release))):
        (tmp_path / "src" / name).mkdir(parents=True)
        nbformat.write(nb, tmp_path / "src" / name / NB)
        submit(ours, name, A, tmp_path / "src" / name)
        submit(theirs, name, A, tmp_path / "src" / name)
    _grade(ours)
    subprocess.run([sys.executable, "-m", "nbgrader", "autograde", A, "--create"],
                   cwd=theirs, check=True, capture_output=True)
    for name in ("jujur", "kosong"):
        assert _auto(ours, name) == _auto(theirs, name)


def test_nbgraders_quickstart_course_grades_as_plain_nbgrader(tmp_path):
    """A course whose tests call participant functions keeps in-kernel grading (hardened)
    and gets, cell by cell, the scores plain nbgrader gives."""
    from ikmkit.grading.course import ensure_tools_on_path

    ensure_tools_on_path()
    subprocess.run([sys.executable, "-m", "nbgrader", "quickstart", "kuliah"], cwd=tmp_path,
                   check=True, capture_output=True)
    quick = tmp_path / "kuliah"
    assessments = tmp_path / "aset"
    assessments.mkdir()
    shutil.copytree(quick / "source", assessments / "source")
    shutil.copy(quick / "nbgrader_config.py", assessments / "nbgrader_config.py")
    ours = init_course(tmp_path / "ikmkit", assessments)
    theirs = init_course(tmp_path / "polos", assessments)
    for name, folder in (("kunci", assessments / "source" / "ps1"),
                         ("kosong", ours / "release" / "ps1")):
        submit(ours, name, "ps1", folder)
        submit(theirs, name, "ps1", folder)
    out = _grade(ours)
    assert "Cara menilai ps1: tes di kernel peserta (diperkuat)" in out
    subprocess.run([sys.executable, "-m", "nbgrader", "autograde", "ps1", "--create"],
                   cwd=theirs, check=True, capture_output=True)
    for name in ("kunci", "kosong"):
        for notebook in ("problem1", "problem2"):
            assert _auto(ours, name, notebook, "ps1") == _auto(theirs, name, notebook, "ps1")
    assert sum(_auto(ours, "kunci", "problem1", "ps1").values()) > 0
