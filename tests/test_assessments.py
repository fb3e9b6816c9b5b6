"""Every graded assignment in ``assessments/``: structure, the assignment format, real grading.

The notebooks ``assessments/source/<assignment>/<NN-slug>.ipynb`` are the source of truth (a
trainer edits them in JupyterLab). Beside them, never released, ``assessments/uji/
<assignment>.toml`` lists the typical mistakes of an assignment with the points each earns and
the hint its visible check prints (format: ``assessments/README.md``).

Fast tests read every notebook: nbgrader's schema v3, points in the headings and in the
introduction, the written items, unique grade ids; and, for every assignment, the kit's format:
solution regions only assign named variables (no function, class, loop, lambda or
comprehension), each test cell declares the answers (and files) it reads and reads nothing else.

The slow tests build one temporary nbgrader course (``NbGraderAPI``: generate_assignment, then
autograde) with every assignment that has a uji file and hand in: the source notebook (the taught
answers: full marks), the blank release (0 points), and one submission per typical mistake (its
expected points; the visible check prints the matching Indonesian hint). A ``profil`` in the uji
file is written beside the notebook as ``profil_ikm.json``, the way the SelfAssessment widget
saves it.
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
from typing import Any

import nbformat
import pytest

pytestmark = pytest.mark.filterwarnings("ignore:Object of type")  # nbgrader's own SAWarning

REPO = Path(__file__).resolve().parents[1]
ASSESSMENTS = REPO / "assessments"
SOURCE = ASSESSMENTS / "source"
UJI = ASSESSMENTS / "uji"
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
_REGION = re.compile(r"### BEGIN SOLUTION\n.*?### END SOLUTION", re.S)
_FORBIDDEN = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.AsyncFor,
              ast.While, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_FILE_NAME = re.compile(r"^[\w.-]+\.(?:json|csv|xlsx|txt|toml)$")
_POINTS_TEXT = re.compile(
    r"\*\*Nilai:\*\*\s*(\d+)\s+poin\s*\((\d+)\s+poin\s+dinilai\s+otomatis,\s*(\d+)\s+poin\s+"
    r"dinilai\s+pelatih\)")


def _assignments() -> dict[str, str]:
    """assignment id -> notebook name (without .ipynb), one notebook per assignment folder."""
    out = {}
    for folder in sorted(p for p in SOURCE.iterdir() if p.is_dir()):
        notebooks = sorted(folder.glob("*.ipynb"))
        out[folder.name] = notebooks[0].stem if len(notebooks) == 1 else ""
    return out


ASSIGNMENTS = _assignments()
WITH_UJI = sorted(a for a in ASSIGNMENTS if (UJI / f"{a}.toml").is_file())


def _format_param(assignment: str) -> Any:
    """An assignment as a test parameter; one without a uji file is not in the kit's
    assignment format yet, so the format tests may fail for it (xfail)."""
    if assignment in WITH_UJI:
        return assignment
    return pytest.param(assignment, marks=pytest.mark.xfail(
        reason=f"{assignment}: no uji file yet (assessments/uji/{assignment}.toml), so not yet "
               "in the kit's assignment format", strict=False))


def _nbg(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _source(assignment: str) -> nbformat.NotebookNode:
    return nbformat.read(SOURCE / assignment / f"{ASSIGNMENTS[assignment]}.ipynb", as_version=4)


def _uji(assignment: str) -> dict:
    return tomllib.loads((UJI / f"{assignment}.toml").read_text("utf-8"))


def _solution(cell) -> str:
    return "\n".join(re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S))


def _is_test(cell) -> bool:
    return bool(_nbg(cell).get("grade")) and cell.cell_type == "code"


# --------------------------------------------------------------------------- the tree (fast)


def test_source_tree_holds_one_notebook_per_assignment():
    """source/ holds the header and one folder per assignment, ``mNN-slug/NN-slug.ipynb``."""
    assert (SOURCE / "header.ipynb").is_file()
    assert ASSIGNMENTS
    for assignment, notebook in ASSIGNMENTS.items():
        assert notebook, f"{assignment}: exactly one notebook per assignment folder"
        assert re.fullmatch(r"m\d\d-[a-z0-9-]+", assignment), assignment
        assert assignment == f"m{notebook}", (assignment, notebook)


def test_every_assignment_has_a_uji_file():
    """Every assignment has its typical mistakes in assessments/uji/<assignment>.toml."""
    missing = sorted(set(ASSIGNMENTS) - set(WITH_UJI))
    assert not missing, f"no uji file: {', '.join(missing)}"


def test_uji_files_belong_to_assignments():
    """Every uji file names an existing assignment and its notebook, with at least 4 cases."""
    for path in sorted(UJI.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        assignment = data["assignment"]
        assert path.stem == assignment and assignment in ASSIGNMENTS, path.name
        assert data["notebook"] == ASSIGNMENTS[assignment], path.name
        assert len(data["case"]) >= 4, path.name
        names = [case["name"] for case in data["case"]]
        assert len(names) == len(set(names)) and "kunci" not in names and "kosong" not in names


def test_shared_config_loads_with_indonesian_stubs():
    """assessments/nbgrader_config.py loads; stubs are Indonesian; the header path exists."""
    from traitlets.config.loader import PyFileConfigLoader

    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(ASSESSMENTS)).load_config()
    assert cfg.ClearSolutions.code_stub["python"].startswith("# TULIS JAWABAN ANDA DI SINI")
    assert "raise NotImplementedError()" in cfg.ClearSolutions.code_stub["python"]
    assert cfg.ClearSolutions.text_stub == "TULIS JAWABAN ANDA DI SINI"
    assert Path(cfg.IncludeHeaderFooter.header).is_file()
    assert 0 < cfg.Execute.timeout <= 60
    assert "db_url" not in cfg.CourseDirectory, "the database belongs to each course"


def test_grade_ids_are_unique_and_say_what_they_check():
    """Grade ids are snake_case and unique in the whole course."""
    ids = [_nbg(c)["grade_id"] for a in ASSIGNMENTS for c in _source(a).cells if _nbg(c)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", gid) for gid in ids)


# --------------------------------------------------------------------------- structure (fast)


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_schema_v3_points_and_written_items(assignment):
    """nbgrader's validator accepts the notebook; no outputs; every answer cell is followed by
    its test cell; each test's points are in the heading above it; every test cell has a
    visible check (docstring ``Cek ...``) and hidden tests; the totals are in range (the uji
    file may set them) and equal what the introduction says."""
    from nbgrader.nbgraderformat import MetadataValidator

    nb = _source(assignment)
    MetadataValidator().validate_nb(nb)
    limits = _uji(assignment) if assignment in WITH_UJI else {}
    auto = manual = 0.0
    written = 0
    for i, cell in enumerate(nb.cells):
        assert not cell.get("outputs") and cell.get("execution_count") is None
        meta = _nbg(cell)
        if meta:
            assert meta["schema_version"] == 3
            assert set(meta) <= {"grade", "solution", "locked", "points", "grade_id",
                                 "schema_version"}
        if meta.get("solution") and cell.cell_type == "code":
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
            assert _is_test(nb.cells[i + 1]), f"{meta['grade_id']}: its check must follow"
        if not meta.get("grade"):
            continue
        heading = next(c.source for c in reversed(nb.cells[:i])
                       if c.cell_type == "markdown" and not _nbg(c) and "### Soal" in c.source)
        last = heading[heading.rindex("### Soal"):].splitlines()[0]
        assert re.search(rf"\({meta['points']:g} poin", last), f"{meta['grade_id']}: {last!r}"
        if cell.cell_type == "markdown":
            assert meta["solution"], meta["grade_id"]
            manual += meta["points"]
            written += 1
            continue
        auto += meta["points"]
        assert meta["locked"] and not meta["solution"]
        visible, _, rest = cell.source.partition("### BEGIN HIDDEN TESTS")
        assert '"""Cek' in visible, f"{meta['grade_id']}: a docstring says what is checked"
        assert "### END HIDDEN TESTS" in rest and "assert" in rest, meta["grade_id"]
    low, high = limits.get("points", [10, 20])
    assert low <= auto + manual <= high, f"{assignment}: {auto + manual:g} points"
    low, high = limits.get("written", [1, 2])
    assert low <= written <= high, f"{assignment}: {written} written items"
    intro = nb.cells[0].source
    stated = _POINTS_TEXT.search(intro)
    assert stated, f"{assignment}: the introduction says '**Nilai:** N poin (A poin dinilai " \
                   "otomatis, M poin dinilai pelatih)'"
    assert tuple(float(x) for x in stated.groups()) == (auto + manual, auto, manual), stated[0]


@pytest.mark.parametrize("assignment", [_format_param(a) for a in sorted(ASSIGNMENTS)])
def test_solutions_only_assign_named_variables(assignment):
    """No solution region defines a function or class or loops (no lambda or comprehension
    either); every answer a test cell declares is assigned by a solution region."""
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
    declared = [name for c in nb.cells if _is_test(c)
                for name in c.metadata["ikmkit"]["answers"]]
    assert declared and set(declared) <= assigned, sorted(set(declared) - assigned)


@pytest.mark.parametrize("assignment", [_format_param(a) for a in sorted(ASSIGNMENTS)])
def test_test_cells_read_only_their_declared_answers(assignment):
    """Each test cell reads no notebook variable except the answers its metadata declares
    (``"ikmkit": {"answers": [...]}``) and no file except those it declares (``"files"``), so
    it runs in a kernel seeded with those answers only; the visible check never says "benar"
    about a value only the hidden tests check."""
    allowed_builtins = set(dir(builtins))
    for cell in _source(assignment).cells:
        if not _is_test(cell):
            continue
        gid = _nbg(cell)["grade_id"]
        declared = cell.metadata["ikmkit"]
        answers = set(declared["answers"])
        assert answers, gid
        tree = ast.parse(cell.source)
        stored = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
                  and isinstance(n.ctx, ast.Store)}
        stored |= {n.name for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler) and n.name}
        imported = {(a.asname or a.name).split(".")[0] for n in ast.walk(tree)
                    if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
        loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
                  and isinstance(n.ctx, ast.Load)}
        assert loaded - stored - imported - allowed_builtins == answers, gid
        files = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                 and isinstance(n.value, str) and _FILE_NAME.match(n.value)}
        assert files == set(declared.get("files", [])), gid
        visible = cell.source.partition("### BEGIN HIDDEN TESTS")[0]
        assert '"""Cek' in visible, gid
        assert "benar" not in visible.lower().replace(
            "sudah benar; nilainya diperiksa saat dinilai", ""), gid


@pytest.mark.parametrize("assignment", WITH_UJI)
def test_cases_name_existing_cells(assignment):
    """Every case replaces existing solution cells and expects existing test cells. A case
    with nothing under ``expect`` is another right way to answer (full marks everywhere); it
    must still change an answer."""
    nb = _source(assignment)
    solutions = {_nbg(c)["grade_id"] for c in nb.cells if _nbg(c).get("solution")}
    tests = {_nbg(c)["grade_id"] for c in nb.cells if _is_test(c)}
    for case in _uji(assignment)["case"]:
        assert set(case.get("answers", {})) <= solutions, case["name"]
        assert case["expect"] or case.get("answers") or case.get("profil"), case["name"]
        assert set(case["expect"]) <= tests, case["name"]
        assert set(case["hint"]) <= tests, case["name"]
        assert set(case) <= {"name", "description", "answers", "expect", "hint", "profil"}


# --------------------------------------------------------------------------- grading (slow)


def _with_answers(nb: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    out = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in out.cells:
        gid = _nbg(cell).get("grade_id")
        if gid in answers:
            cell.source = _REGION.sub(lambda _m, gid=gid: answers[gid], cell.source)
    return out


def _write_profile(folder: Path, spec: dict) -> None:
    """profil_ikm.json as the SelfAssessment widget saves it (unnamed answers: the lowest)."""
    from ikmkit import readiness

    sector = spec["sector"]
    answers = {ind.id: (False if ind.kind == "bool" else 0)
               for ind in readiness.load_rubric().for_sector(sector)}
    answers.update(spec.get("answers", {}))
    readiness.save_profile(folder, answers, sector, business=spec.get("business"))


class _Handin:
    def __init__(self, assignment: str, nb: nbformat.NotebookNode, profil: dict | None):
        self.assignment, self.nb, self.profil = assignment, nb, profil


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A course with every assignment that has a uji file released; the taught answers
    (kunci), the blank release (kosong) and every case handed in and autograded."""
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    root = tmp_path_factory.mktemp("kursus")
    (root / "source").mkdir()
    shutil.copy(SOURCE / "header.ipynb", root / "source" / "header.ipynb")
    for assignment in WITH_UJI:
        shutil.copytree(SOURCE / assignment, root / "source" / assignment)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ASSESSMENTS)).load_config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.course_id = "uji-asesmen"
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    config.CourseDirectory.db_url = db_url
    config.IncludeHeaderFooter.header = str(root / "source" / "header.ipynb")
    config.Execute.timeout = 60

    handins: dict[tuple[str, str], _Handin] = {}
    old_path = os.environ.get("PATH", "")
    # nbgrader runs `alembic` (next to this Python) when it opens a new gradebook
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), old_path])
    cwd = os.getcwd()
    os.chdir(root)
    try:
        api = NbGraderAPI(config=config)
        for assignment in WITH_UJI:
            result = api.generate_assignment(assignment)
            assert result["success"], result.get("log", "") + result.get("error", "")
            source, uji = _source(assignment), _uji(assignment)
            profil = uji.get("kunci", {}).get("profil")
            handins[("kunci", assignment)] = _Handin(assignment, source, profil)
            handins[("kosong", assignment)] = _Handin(assignment, nbformat.read(
                root / "release" / assignment / f"{ASSIGNMENTS[assignment]}.ipynb",
                as_version=4), None)
            for case in uji["case"]:
                own = case.get("profil", profil)
                handins[(case["name"], assignment)] = _Handin(
                    assignment, _with_answers(source, case.get("answers", {})),
                    own if own is not False else None)
        for (student, assignment), handin in handins.items():
            target = root / "submitted" / student / assignment
            target.mkdir(parents=True)
            nbformat.write(handin.nb, target / f"{ASSIGNMENTS[assignment]}.ipynb")
            if handin.profil:
                _write_profile(target, handin.profil)
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
@pytest.mark.parametrize("assignment", WITH_UJI)
def test_taught_answers_score_full_marks(graded, assignment):
    """The source notebook (answers as the lessons teach them, with ikmkit) earns every point."""
    _, scores = graded
    grades = scores[("kunci", assignment)]
    lost = {gid: (g["auto_score"], g["max_score"]) for gid, g in grades.items()
            if g["cell_type"] == "code" and g["auto_score"] != g["max_score"]}
    assert grades and not lost


@pytest.mark.slow
@pytest.mark.parametrize("assignment", WITH_UJI)
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
@pytest.mark.parametrize("assignment", WITH_UJI)
def test_typical_mistakes_get_their_points_and_hint(graded, assignment):
    """Each typical mistake earns its expected points (full marks elsewhere) and the visible
    check prints the matching Indonesian hint."""
    root, scores = graded
    full = {gid: g["max_score"] for gid, g in scores[("kunci", assignment)].items()
            if g["cell_type"] == "code"}
    for case in _uji(assignment)["case"]:
        auto = _auto(scores, case["name"], assignment)
        assert auto == {**full, **case["expect"]}, case["name"]
        for gid, text in case["hint"].items():
            assert text in _outputs(root, case["name"], assignment, gid), (case["name"], gid)


@pytest.mark.slow
@pytest.mark.parametrize("assignment", WITH_UJI)
def test_release_holds_no_solutions_hidden_tests_or_outputs(graded, assignment):
    """The participants' copy: header first, stubs instead of solutions, no hidden tests, no
    outputs, no solution text (unless the question itself shows that line)."""
    root, _ = graded
    release = nbformat.read(root / "release" / assignment / f"{ASSIGNMENTS[assignment]}.ipynb",
                            as_version=4)
    header = nbformat.read(SOURCE / "header.ipynb", as_version=4)
    assert release.cells[0].source == header.cells[0].source
    text = "\n".join(c.source for c in release.cells)
    for marker in MARKERS:
        assert marker not in text
    assert all(not c.get("outputs") for c in release.cells)
    source = _source(assignment)
    outside = "\n".join(_outside_solutions(c) for c in source.cells)
    for cell in source.cells:
        meta = _nbg(cell)
        if meta.get("solution") and cell.cell_type == "code":
            for line in _solution(cell).splitlines():
                if len(line.strip()) > 12 and line.strip() not in outside:
                    assert line.strip() not in text, line
            released = next(c for c in release.cells
                            if _nbg(c).get("grade_id") == meta["grade_id"])
            assert "raise NotImplementedError()" in released.source
        if meta.get("solution") and cell.cell_type == "markdown":
            released = next(c for c in release.cells
                            if _nbg(c).get("grade_id") == meta["grade_id"])
            assert released.source.strip() == "TULIS JAWABAN ANDA DI SINI"
        if _is_test(cell):
            for line in cell.source.partition("### BEGIN HIDDEN TESTS")[2].splitlines():
                line = line.strip()
                if len(line) > 20 and "### END" not in line and line not in outside:
                    assert line not in text, line


def _outside_solutions(cell) -> str:
    """What the participants see of a source cell anyway (not solutions, not hidden tests)."""
    meta = _nbg(cell)
    if meta.get("solution") and cell.cell_type == "markdown":
        return ""
    if meta.get("solution"):
        return _REGION.sub("", cell.source)
    return cell.source.partition("### BEGIN HIDDEN TESTS")[0]


@pytest.fixture(scope="module")
def graded_by_ikmkit(graded, tmp_path_factory):
    """The same hand-ins graded by ``ikmkit.grading`` (sandbox, hidden tests in a clean kernel
    that runs only the released cells the tests need)."""
    from nbgrader.api import Gradebook

    from ikmkit.grading import grade, init_course, submit

    plain_root, _ = graded
    course = init_course(tmp_path_factory.mktemp("kelas") / "kelas", ASSESSMENTS)
    handed = sorted((p.parent.parent.name, p.parent.name)
                    for p in (plain_root / "submitted").glob("*/*/*.ipynb"))
    for student, assignment in handed:
        submit(course, student, assignment, plain_root / "submitted" / student / assignment)
    run = grade(course, jobs=2, progress=False, assignments=list(WITH_UJI))
    assert run.ok, [(o.participant, o.assignment, o.status, o.detail)
                    for o in run.outcomes if o.failed]
    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student, assignment in handed:
            nb = gb.find_submission_notebook(ASSIGNMENTS[assignment], assignment, student)
            scores[(student, assignment)] = {g.name: g.to_dict() for g in nb.grades}
    return course, scores, run


@pytest.mark.slow
@pytest.mark.parametrize("assignment", WITH_UJI)
def test_ikmkit_grading_scores_like_plain_nbgrader(graded, graded_by_ikmkit, assignment):
    """Every hand-in (taught answers, blank release, each typical mistake) earns the same
    points from ``ikmkit grade`` as from plain nbgrader, hidden tests in a clean kernel, and
    its check shows the same Indonesian hint."""
    _, plain = graded
    course, ours, run = graded_by_ikmkit
    assert "bersih" in run.modes[assignment]
    students = [s for s, a in plain if a == assignment]
    assert len(students) >= 3
    for student in students:
        assert _auto(ours, student, assignment) == _auto(plain, student, assignment), student
    for case in _uji(assignment)["case"]:
        for gid, text in case["hint"].items():
            assert text in _outputs(course, case["name"], assignment, gid), (case["name"], gid)
