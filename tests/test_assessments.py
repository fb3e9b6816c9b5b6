"""The four nbgrader assignments in ``assessments/``: structure, metadata and real grading.

The slow tests build one temporary nbgrader course per session with nbgrader's own Python API
(``NbGraderAPI``: generate_assignment, then autograde) and read the scores from the gradebook.
Three participants hand in every assignment:

* ``kunci``: the instructor's source notebook (with solutions) - full marks on every
  autograded cell;
* ``kosong``: the blank release - zero on every autograded cell;
* ``sebagian``: the committed partially-correct submission in
  ``tests/fixtures/assessments/<assignment>/`` - the points documented in ``PARTIAL`` below.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
ASSESSMENTS = REPO / "assessments"
FIXTURES = REPO / "tests" / "fixtures" / "assessments"

NOTEBOOKS = {
    "m01-standardisasi": "01-standardisasi.ipynb",
    "m02-kesiapan-ekspor": "02-kesiapan-ekspor.ipynb",
    "m03-kemasan": "03-kemasan.ipynb",
    "m04-kalkulasi-biaya": "04-kalkulasi-biaya.ipynb",
}

# Autograded points the committed partial submissions earn, per grade cell, and why.
PARTIAL: dict[str, dict[str, float]] = {
    "m01-standardisasi": {
        "lembaga_sppt_sni": 2,          # LSPro / KAN: right
        "sni_7617_cakupan": 0,          # forgot the 24-36 month romper (visible check fails)
        "izin_edar_pangan": 0,          # ignores pasteurisation: passes the visible examples,
                                        # fails the hidden cases
        "gtin_check_digit": 0,          # no final "mod 10": right on the visible example,
                                        # returns "10" on hidden codes
        "biaya_merek_umk": 1,           # 2 classes x Rp500.000: right
        "jenis_perlindungan_djki": 2,   # right
        "batas_halal_umk": 0,           # left blank
    },
    "m02-kesiapan-ekspor": {
        "profil_lengkap": 2,            # complete self-assessment of a konveksi IKM
        "langkah_prioritas": 0,         # picked the largest gain, ignoring the blocker
        "rvc_tidak_langsung": 0,        # subtracted only the fabric, not buttons and zips
        "rvc_langsung": 2,              # right
        "memenuhi_rvc": 0,              # left blank
        "dokumen_ekspor": 0,            # swapped PEB and NPE
        "penerbit_ska": 1,              # right
    },
    "m03-kemasan": {
        "label_pangan_bpom": 2,         # right
        "label_pangan_eu": 0,           # missed QUID (visible check passes, hidden fails)
        "label_tekstil_eu": 0,          # added care symbols
        "cbm_total": 2,                 # right
        "karton_per_kontainer": 0,      # one orientation only: right for the visible carton,
                                        # wrong for hidden ones
        "berat_tertagih": 0,            # actual weight instead of volumetric
        "bct_mckee": 1,                 # right
        "tumpukan_maks": 0,             # no safety factor
    },
    "m04-kalkulasi-biaya": {
        "hpp_per_unit": 0,              # divided by 480 units (passes visible, fails hidden)
        "bep_units_round_up": 0,        # rounded down
        "exw_per_unit": 2,              # right
        "fob_total_idr": 0,             # forgot documents
        "fob_usd_rounding": 0,          # not rounded to the cent
        "cfr_usd": 1,                   # right
        "cif_insurance_110": 0,         # premium on CFR instead of 110 % of CIF
        "exchange_rate_margin": 2,      # right
    },
}

SOLUTION_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _nbgrader(cell: nbformat.NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _source_nb(assignment: str) -> nbformat.NotebookNode:
    return _read(ASSESSMENTS / "source" / assignment / NOTEBOOKS[assignment])


# --------------------------------------------------------------------------- structure (fast)


def test_every_assignment_has_its_notebook_and_nothing_else():
    """The source tree holds the header and exactly one notebook per assignment."""
    source = ASSESSMENTS / "source"
    assert (source / "header.ipynb").is_file()
    found = {p.name: sorted(q.name for q in p.iterdir()) for p in source.iterdir() if p.is_dir()}
    # modules 05 and 06 are tested in test_assessments_m56.py (assignment format of #15)
    newer = {"m05-pasar-promosi": ["05-pasar-promosi.ipynb"],
             "m06-pembiayaan": ["06-pembiayaan.ipynb"]}
    assert found == {**{a: [nb] for a, nb in NOTEBOOKS.items()}, **newer}
    assert set(PARTIAL) == set(NOTEBOOKS)


def test_committed_notebooks_match_their_generator():
    """build_notebooks.py --check: the committed notebooks and fixtures are up to date."""
    proc = subprocess.run(
        [sys.executable, str(ASSESSMENTS / "tools" / "build_notebooks.py"), "--check"],
        capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("assignment", sorted(NOTEBOOKS))
def test_metadata_is_valid_nbgrader_schema_v3(assignment):
    """nbgrader's own validator accepts every cell; every nbgrader cell is schema v3."""
    from nbgrader.nbgraderformat import MetadataValidator

    nb = _source_nb(assignment)
    MetadataValidator().validate_nb(nb)
    for cell in nb.cells:
        meta = _nbgrader(cell)
        if meta:
            assert meta["schema_version"] == 3
            assert set(meta) <= {"grade", "solution", "locked", "points", "grade_id",
                                 "schema_version"}


@pytest.mark.parametrize("assignment", sorted(NOTEBOOKS))
def test_points_structure_and_headings(assignment):
    """10-20 points; one written answer at least; every answer is followed by its check, whose
    points appear in the heading above; every check has a visible part and hidden tests."""
    nb = _source_nb(assignment)
    cells = nb.cells
    total = 0.0
    manual = 0
    for i, cell in enumerate(cells):
        meta = _nbgrader(cell)
        assert not cell.get("outputs"), "notebooks are committed without outputs"
        if cell.cell_type == "code":
            assert cell.execution_count is None
        if not meta.get("grade"):
            if meta.get("solution"):
                assert cells[i + 1].cell_type == "code" and _nbgrader(cells[i + 1]).get("grade"), \
                    f"{meta['grade_id']}: a visible check must follow each answer"
                assert "BEGIN SOLUTION" in cell.source and "END SOLUTION" in cell.source
            continue
        points = meta["points"]
        total += points
        heading = next(c.source for c in reversed(cells[:i]) if c.cell_type == "markdown"
                       and not _nbgrader(c) and "### Soal" in c.source)
        last = heading[heading.rindex("### Soal"):].splitlines()[0]
        assert re.search(rf"\({points:g} poin", last), f"{meta['grade_id']}: heading {last!r}"
        if cell.cell_type == "markdown":
            manual += 1
            assert meta["solution"]
            continue
        assert meta["locked"] and not meta["solution"]
        visible, _, rest = cell.source.partition("### BEGIN HIDDEN TESTS")
        assert "assert" in visible and "### END HIDDEN TESTS" in rest and "assert" in rest, \
            meta["grade_id"]
        assert '"""Cek' in visible, f"{meta['grade_id']}: a docstring says what is checked"
    assert 10 <= total <= 20, f"{assignment}: {total} points"
    assert manual >= 1


def test_grade_ids_are_unique_across_the_course():
    """Grade ids say what they check and are unique in the whole course."""
    ids = [_nbgrader(c)["grade_id"] for a in NOTEBOOKS for c in _source_nb(a).cells
           if _nbgrader(c)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", gid) for gid in ids)


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


def test_partial_fixtures_look_like_submissions():
    """Committed submissions start with the header and contain no hidden tests or solutions."""
    header = _read(ASSESSMENTS / "source" / "header.ipynb")
    for assignment, name in NOTEBOOKS.items():
        nb = _read(FIXTURES / assignment / name)
        assert nb.cells[0].source == header.cells[0].source
        text = json.dumps(nb)
        for marker in SOLUTION_MARKERS:
            assert marker not in text


# --------------------------------------------------------------------------- grading (slow)


class GradedCourse:
    """A temporary nbgrader course with every assignment released and three graded
    participants."""

    def __init__(self, root: Path, scores: dict[tuple[str, str], dict[str, dict]]):
        self.root = root
        self.scores = scores  # (participant, assignment) -> grade_id -> Grade.to_dict()

    def auto(self, participant: str, assignment: str) -> dict[str, dict]:
        return {gid: g for gid, g in self.scores[(participant, assignment)].items()
                if g["cell_type"] == "code"}


@pytest.fixture(scope="session")
def course(tmp_path_factory) -> GradedCourse:
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    root = tmp_path_factory.mktemp("kursus")
    shutil.copytree(ASSESSMENTS / "source", root / "source")
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ASSESSMENTS)).load_config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.course_id = "uji-asesmen"
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    config.CourseDirectory.db_url = db_url
    config.IncludeHeaderFooter.header = str(root / "source" / "header.ipynb")
    config.Execute.timeout = 60

    # nbgrader runs `alembic` (next to this Python) when it opens a new gradebook
    old_path = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), old_path])
    cwd = os.getcwd()
    os.chdir(root)
    try:
        api = NbGraderAPI(config=config)
        for assignment in NOTEBOOKS:
            result = api.generate_assignment(assignment)
            assert result["success"], result.get("log", "") + result.get("error", "")
        handins = {
            "kunci": lambda a: root / "source" / a / NOTEBOOKS[a],
            "kosong": lambda a: root / "release" / a / NOTEBOOKS[a],
            "sebagian": lambda a: FIXTURES / a / NOTEBOOKS[a],
        }
        for participant, origin in handins.items():
            for assignment, name in NOTEBOOKS.items():
                target = root / "submitted" / participant / assignment
                target.mkdir(parents=True)
                shutil.copy(origin(assignment), target / name)
                result = api.autograde(assignment, participant)
                assert result["success"], result.get("log", "") + result.get("error", "")
    finally:
        os.chdir(cwd)
        os.environ["PATH"] = old_path

    scores = {}
    with Gradebook(db_url) as gb:
        for participant in handins:
            for assignment, name in NOTEBOOKS.items():
                nb = gb.find_submission_notebook(name.removesuffix(".ipynb"), assignment,
                                                 participant)
                scores[(participant, assignment)] = {g.name: g.to_dict() for g in nb.grades}
    return GradedCourse(root, scores)


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(NOTEBOOKS))
def test_source_notebook_scores_full_marks(course, assignment):
    """The instructor's notebook (with solutions) earns every autograded point."""
    grades = course.auto("kunci", assignment)
    assert grades
    lost = {gid: (g["auto_score"], g["max_score"]) for gid, g in grades.items()
            if g["auto_score"] != g["max_score"]}
    assert not lost


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(NOTEBOOKS))
def test_blank_release_scores_zero(course, assignment):
    """The untouched release earns nothing on any autograded cell."""
    grades = course.auto("kosong", assignment)
    assert grades
    assert {gid: g["auto_score"] for gid, g in grades.items() if g["auto_score"]} == {}


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(NOTEBOOKS))
def test_partial_submission_scores_documented_points(course, assignment):
    """The committed partially-correct submission earns exactly the documented points."""
    grades = course.auto("sebagian", assignment)
    assert {gid: g["auto_score"] for gid, g in grades.items()} == PARTIAL[assignment]
    assert 0 < sum(PARTIAL[assignment].values()) < sum(g["max_score"] for g in grades.values())


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(NOTEBOOKS))
def test_written_answers_wait_for_the_trainer(course, assignment):
    """Written answers are graded by hand: they need a manual grade after autograding."""
    written = {gid: g for gid, g in course.scores[("sebagian", assignment)].items()
               if g["cell_type"] == "markdown"}
    assert written and all(g["needs_manual_grade"] for g in written.values())


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(NOTEBOOKS))
def test_release_has_no_solutions_and_no_outputs(course, assignment):
    """The participants' copy: no outputs, no solution or hidden-test text, header first."""
    release = _read(course.root / "release" / assignment / NOTEBOOKS[assignment])
    header = _read(ASSESSMENTS / "source" / "header.ipynb")
    assert release.cells[0].source == header.cells[0].source
    text = "\n".join(c.source for c in release.cells)
    for marker in SOLUTION_MARKERS:
        assert marker not in text
    for cell in release.cells:
        assert not cell.get("outputs")
    source = _source_nb(assignment)
    outside = "\n".join(_outside_solutions(c) for c in source.cells)
    for cell in source.cells:
        meta = _nbgrader(cell)
        if meta.get("solution"):
            for line in _solution_lines(cell):
                if line not in outside:
                    assert line not in text, f"solution text leaked: {line!r}"
            stub = ("TULIS JAWABAN ANDA DI SINI" if cell.cell_type == "markdown"
                    else "raise NotImplementedError()")
            released = next(c for c in release.cells if _nbgrader(c).get("grade_id")
                            == meta["grade_id"])
            assert stub in released.source
        if meta.get("grade") and cell.cell_type == "code":
            hidden = cell.source.partition("### BEGIN HIDDEN TESTS")[2]
            for line in hidden.splitlines():
                line = line.strip()
                if len(line) > 20 and line not in outside and "### END" not in line:
                    assert line not in text, f"hidden test leaked: {line!r}"


def _outside_solutions(cell) -> str:
    meta = _nbgrader(cell)
    if meta.get("solution") and cell.cell_type == "markdown":
        return ""
    if meta.get("solution"):
        return re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "", cell.source, flags=re.S)
    return cell.source.partition("### BEGIN HIDDEN TESTS")[0]


def _solution_lines(cell) -> list[str]:
    if cell.cell_type == "markdown":
        body = cell.source
    else:
        body = "\n".join(re.findall(r"### BEGIN SOLUTION(.*?)### END SOLUTION", cell.source,
                                    flags=re.S))
    return [ln.strip() for ln in body.splitlines() if len(ln.strip()) > 12]


@pytest.mark.slow
def test_m02_saves_the_readiness_profile_when_executed(course):
    """Executing m02 writes profil_ikm.json beside the notebook; a blank release does not."""
    from ikmkit import readiness

    graded = course.root / "autograded"
    profile = graded / "kunci" / "m02-kesiapan-ekspor" / "profil_ikm.json"
    data = readiness.load_profile(profile)
    assert data["sector"] in readiness.SECTORS
    assert data["business"]
    assert 0 <= data["total"] <= 100
    partial = readiness.load_profile(graded / "sebagian" / "m02-kesiapan-ekspor")
    assert partial["sector"] == "konveksi"
    assert not (graded / "kosong" / "m02-kesiapan-ekspor" / "profil_ikm.json").exists()


def test_answer_key_agrees_with_ikmkit_costing():
    """The m02/m04 answer keys (asserted in the hidden tests) match ikmkit.costing."""
    from decimal import Decimal

    costing = pytest.importorskip("ikmkit.costing")
    assert costing.hpp_per_unit(25_500_000, 15_000_000, 7_250_000, 500) == 95_500
    assert costing.break_even_units(12_600_000, 150_000, 82_000) == 186
    price = costing.export_price(Decimal("7450.00"), freight=Decimal("320.00"),
                                 insurance_rate=Decimal("0.0035"))
    assert (price.cfr, price.cif) == (Decimal("7770.00"), Decimal("7800.03"))
    assert costing.rvc_indirect(15_000, 6_300 + 750) == Decimal("53.00")
    assert costing.rvc_direct(2_100, 1_650, 420, 230, 600, 14_000) == Decimal("35.71")
