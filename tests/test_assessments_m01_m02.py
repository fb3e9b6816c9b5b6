"""The graded assignments of modules 01 and 02, in the assignment format of the kit (a copy of
tests/test_assessments_m56.py for these two; a generic harness over assessments/uji/*.toml
replaces both).

The notebooks in ``assessments/source/m01-*`` and ``m02-*`` are the source of truth; the typical
mistakes with their expected points and hints are in ``assessments/uji/<assignment>.toml``.
The slow tests build one temporary nbgrader course (``NbGraderAPI``: generate_assignment, then
autograde) and hand in: the source notebook (the taught answers: full marks), the blank release
(0 points) and one submission per typical-mistake case (its expected points, and the visible
check prints the matching Indonesian hint).
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import re
import shutil
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
ASSESSMENTS = REPO / "assessments"
ASSIGNMENTS = {"m01-standardisasi": "01-standardisasi", "m02-kesiapan-ekspor": "02-kesiapan-ekspor"}
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
_REGION = re.compile(r"### BEGIN SOLUTION\n.*?### END SOLUTION", re.S)
_FORBIDDEN = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.AsyncFor,
              ast.While, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _nbg(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _source(assignment: str) -> nbformat.NotebookNode:
    path = ASSESSMENTS / "source" / assignment / f"{ASSIGNMENTS[assignment]}.ipynb"
    return nbformat.read(path, as_version=4)


def _cases(assignment: str) -> dict:
    return tomllib.loads((ASSESSMENTS / "uji" / f"{assignment}.toml").read_text("utf-8"))


def _solution(cell) -> str:
    return "\n".join(re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S))


# --------------------------------------------------------------------------- structure (fast)


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_schema_v3_points_and_one_written_item(assignment):
    """nbgrader's validator accepts the notebook; 10-20 points; 1-2 written items; no outputs;
    every answer cell is followed by its test cell whose points are in the heading above."""
    from nbgrader.nbgraderformat import MetadataValidator

    nb = _source(assignment)
    MetadataValidator().validate_nb(nb)
    total, written = 0.0, 0
    for i, cell in enumerate(nb.cells):
        assert not cell.get("outputs") and cell.get("execution_count") is None
        meta = _nbg(cell)
        if meta:
            assert meta["schema_version"] == 3
        if meta.get("solution") and cell.cell_type == "code":
            assert _nbg(nb.cells[i + 1]).get("grade"), meta["grade_id"]
        if meta.get("grade"):
            total += meta["points"]
            heading = next(c.source for c in reversed(nb.cells[:i])
                           if c.cell_type == "markdown" and "### Soal" in c.source)
            last = heading[heading.rindex("### Soal"):].splitlines()[0]
            assert re.search(rf"\({meta['points']:g} poin", last), last
            written += cell.cell_type == "markdown"
    assert 10 <= total <= 20 and 1 <= written <= 2


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_solutions_only_assign_named_variables(assignment):
    """No solution cell defines a function or class or loops (no comprehensions either);
    every answer a test cell declares is assigned by some solution cell."""
    nb = _source(assignment)
    assigned: set[str] = set()
    for cell in nb.cells:
        meta = _nbg(cell)
        if meta.get("solution") and cell.cell_type == "code":
            tree = ast.parse(_solution(cell))
            bad = [type(n).__name__ for n in ast.walk(tree) if isinstance(n, _FORBIDDEN)]
            assert not bad, f"{meta['grade_id']}: {bad}"
            assigned |= {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign)
                         for t in n.targets if isinstance(t, ast.Name)}
    declared = [name for c in nb.cells if _nbg(c).get("grade") and c.cell_type == "code"
                for name in c.metadata["ikmkit"]["answers"]]
    assert declared and set(declared) <= assigned


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_test_cells_read_only_their_declared_answers(assignment):
    """Each test cell (visible check and hidden tests) reads no notebook variable except the
    answers its metadata declares, so it can run in a kernel seeded with those answers only."""
    allowed_builtins = set(dir(builtins))
    for cell in _source(assignment).cells:
        meta = _nbg(cell)
        if not (meta.get("grade") and cell.cell_type == "code"):
            continue
        answers = set(cell.metadata["ikmkit"]["answers"])
        tree = ast.parse(cell.source)
        stored = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
                  and isinstance(n.ctx, ast.Store)}
        imported = {(a.asname or a.name).split(".")[0] for n in ast.walk(tree)
                    if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
        loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
                  and isinstance(n.ctx, ast.Load)}
        assert loaded - stored - imported - allowed_builtins == answers, meta["grade_id"]
        assert '"""Cek' in cell.source.partition("### BEGIN HIDDEN TESTS")[0]
        assert "benar" not in cell.source.partition("### BEGIN HIDDEN TESTS")[0].lower() \
            .replace("sudah benar; nilainya diperiksa saat dinilai", "")


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_cases_name_existing_cells(assignment):
    """Every case replaces existing solution cells and expects existing test cells."""
    nb = _source(assignment)
    solutions = {_nbg(c)["grade_id"] for c in nb.cells if _nbg(c).get("solution")}
    tests = {_nbg(c)["grade_id"] for c in nb.cells
             if _nbg(c).get("grade") and c.cell_type == "code"}
    data = _cases(assignment)
    assert data["assignment"] == assignment and data["notebook"] == ASSIGNMENTS[assignment]
    assert len(data["case"]) >= 4
    for case in data["case"]:
        assert set(case["answers"]) <= solutions, case["name"]
        assert set(case["expect"]) <= tests and set(case["hint"]) <= tests, case["name"]


# --------------------------------------------------------------------------- grading (slow)


def _with_answers(nb: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    out = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in out.cells:
        gid = _nbg(cell).get("grade_id")
        if gid in answers:
            cell.source = _REGION.sub(lambda _m, gid=gid: answers[gid], cell.source)
    return out


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Course with m01/m02 released; kunci, kosong and every case handed in and autograded."""
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    root = tmp_path_factory.mktemp("kursus0102")
    (root / "source").mkdir()
    shutil.copy(ASSESSMENTS / "source" / "header.ipynb", root / "source" / "header.ipynb")
    for assignment in ASSIGNMENTS:
        shutil.copytree(ASSESSMENTS / "source" / assignment, root / "source" / assignment)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ASSESSMENTS)).load_config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.course_id = "uji-m0102"
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    config.CourseDirectory.db_url = db_url
    config.IncludeHeaderFooter.header = str(root / "source" / "header.ipynb")
    config.Execute.timeout = 60

    handins: dict[tuple[str, str], nbformat.NotebookNode] = {}
    old_path = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), old_path])
    cwd = os.getcwd()
    os.chdir(root)
    try:
        api = NbGraderAPI(config=config)
        for assignment, name in ASSIGNMENTS.items():
            result = api.generate_assignment(assignment)
            assert result["success"], result.get("log", "") + result.get("error", "")
            source = _source(assignment)
            handins[("kunci", assignment)] = source
            handins[("kosong", assignment)] = nbformat.read(
                root / "release" / assignment / f"{name}.ipynb", as_version=4)
            for case in _cases(assignment)["case"]:
                handins[(case["name"], assignment)] = _with_answers(source, case["answers"])
        for (student, assignment), nb in handins.items():
            target = root / "submitted" / student / assignment
            target.mkdir(parents=True)
            nbformat.write(nb, target / f"{ASSIGNMENTS[assignment]}.ipynb")
            result = api.autograde(assignment, student)
            assert result["success"], result.get("log", "") + result.get("error", "")
    finally:
        os.chdir(cwd)
        os.environ["PATH"] = old_path

    scores = {}
    with Gradebook(db_url) as gb:
        for student, assignment in handins:
            nb = gb.find_submission_notebook(ASSIGNMENTS[assignment], assignment, student)
            scores[(student, assignment)] = {g.name: g.to_dict() for g in nb.grades}
    return root, scores


def _auto(scores: dict, student: str, assignment: str) -> dict[str, float]:
    return {gid: g["auto_score"] for gid, g in scores[(student, assignment)].items()
            if g["cell_type"] == "code"}


def _outputs(root: Path, student: str, assignment: str, grade_id: str) -> str:
    nb = nbformat.read(root / "autograded" / student / assignment /
                       f"{ASSIGNMENTS[assignment]}.ipynb", as_version=4)
    cell = next(c for c in nb.cells if _nbg(c).get("grade_id") == grade_id)
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", ""))
        parts.append(out.get("evalue", ""))
        parts.extend(out.get("traceback", []))
    return "\n".join(parts)


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_taught_answers_score_full_marks(graded, assignment):
    """The source notebook (answers as the lessons teach them, with ikmkit) earns every point."""
    _, scores = graded
    grades = scores[("kunci", assignment)]
    lost = {gid: (g["auto_score"], g["max_score"]) for gid, g in grades.items()
            if g["cell_type"] == "code" and g["auto_score"] != g["max_score"]}
    assert grades and not lost


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_blank_release_scores_zero(graded, assignment):
    """The untouched release earns nothing (an untouched written answer neither); a written
    answer that was filled in waits for the trainer."""
    _, scores = graded
    assert {gid: s for gid, s in _auto(scores, "kosong", assignment).items() if s} == {}
    blank = [g for g in scores[("kosong", assignment)].values() if g["cell_type"] == "markdown"]
    assert blank and all(not g["auto_score"] and not g["manual_score"] for g in blank)
    filled = [g for g in scores[("kunci", assignment)].values() if g["cell_type"] == "markdown"]
    assert filled and all(g["needs_manual_grade"] for g in filled)


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_typical_mistakes_get_their_points_and_hint(graded, assignment):
    """Each typical mistake earns its expected points (full marks elsewhere) and the visible
    check prints the matching Indonesian hint."""
    root, scores = graded
    for case in _cases(assignment)["case"]:
        auto = _auto(scores, case["name"], assignment)
        full = {gid: g["max_score"] for gid, g in scores[("kunci", assignment)].items()
                if g["cell_type"] == "code"}
        assert auto == {**full, **case["expect"]}, case["name"]
        for gid, text in case["hint"].items():
            assert text in _outputs(root, case["name"], assignment, gid), (case["name"], gid)


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_release_holds_no_solutions_hidden_tests_or_outputs(graded, assignment):
    """The participants' copy: header first, stubs instead of solutions, no hidden tests, no
    outputs, no solution text."""
    root, _ = graded
    release = nbformat.read(root / "release" / assignment / f"{ASSIGNMENTS[assignment]}.ipynb",
                            as_version=4)
    header = nbformat.read(ASSESSMENTS / "source" / "header.ipynb", as_version=4)
    assert release.cells[0].source == header.cells[0].source
    text = "\n".join(c.source for c in release.cells)
    for marker in MARKERS:
        assert marker not in text
    assert all(not c.get("outputs") for c in release.cells)
    source = _source(assignment)
    for cell in source.cells:
        meta = _nbg(cell)
        if meta.get("solution") and cell.cell_type == "code":
            for line in _solution(cell).splitlines():
                if len(line.strip()) > 12:
                    assert line.strip() not in text, line
        if meta.get("solution") and cell.cell_type == "markdown":
            released = next(c for c in release.cells
                            if _nbg(c).get("grade_id") == meta["grade_id"])
            assert released.source.strip() == "TULIS JAWABAN ANDA DI SINI"
        if meta.get("grade") and cell.cell_type == "code":
            for line in cell.source.partition("### BEGIN HIDDEN TESTS")[2].splitlines():
                if len(line.strip()) > 20 and "### END" not in line:
                    assert line.strip() not in text, line
