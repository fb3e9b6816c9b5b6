"""Which released cells the clean kernel runs: ``ikmkit.grading.answers.cells_for_tests``.

The clean kernel skips released cells no test needs (forms, charts, example data the tests
do not read); everything a test reads, directly or through other cells, must still run,
and any cell the name walk cannot follow makes every released cell run.
"""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell

from ikmkit.grading.answers import cells_for_tests


def _locked(source: str) -> dict:
    return new_code_cell(source, metadata={"nbgrader": {"locked": True, "grade": False,
                                                        "solution": False}})


def _test(source: str, answers: list[str] | None = None, files: list[str] | None = None):
    meta: dict = {"nbgrader": {"locked": True, "grade": True, "solution": False}}
    ikmkit: dict = {}
    if answers is not None:
        ikmkit["answers"] = answers
    if files is not None:
        ikmkit["files"] = files
    if ikmkit:
        meta["ikmkit"] = ikmkit
    return new_code_cell(source, metadata=meta)


def _answer(source: str) -> dict:
    return new_code_cell(source, metadata={"nbgrader": {"solution": True, "grade": False}})


def test_self_contained_tests_run_alone():
    cells = [_locked("from ikmkit import readiness"),
             _locked("form = readiness.SelfAssessment()\nform"),
             _answer("hpp = 1"),
             _test("assert hpp > 0", answers=["hpp"])]
    assert cells_for_tests(cells) == [3]


def test_dependencies_are_followed_through_other_cells():
    """A test needs harga, harga needs math; a cell that uses harga might change it, so it
    runs too, with what it needs (kurs); the table cell touches none of them."""
    cells = [_locked("import math"),
             _locked("def harga(x):\n    return math.ceil(x * 1.2)"),
             _locked("kurs = 16_000\nongkir = 5"),
             _locked("tabel = [ongkir * 2]"),
             _locked("grafik = harga(kurs)"),
             new_markdown_cell("teks"),
             _test("assert harga(hpp) == harga_jual", answers=["hpp", "harga_jual"])]
    assert cells_for_tests(cells) == [0, 1, 2, 4, 6]


def test_a_cell_changing_something_a_test_reads_runs():
    cells = [_locked("aturan = {'minimum': 1}"),
             _locked("aturan['minimum'] = 5"),
             _locked("contoh = 3"),
             _test("assert nilai >= aturan['minimum']", answers=["nilai"])]
    assert cells_for_tests(cells) == [0, 1, 3]


def test_a_name_used_before_the_cell_stores_it_is_needed():
    cells = [_locked("total = 10"),
             _locked("total = total + 5"),
             _test("assert jawaban == total", answers=["jawaban"])]
    assert cells_for_tests(cells) == [0, 1, 2]


def test_files_link_cells_unless_the_participant_provides_them():
    written = [_locked("import json"),
               _locked("json.dump({'a': 1}, open('harga.json', 'w'))"),
               _test("import json\nassert json.load(open('harga.json'))['a'] == a",
                     answers=["a"])]
    assert cells_for_tests(written) == [0, 1, 2]
    provided = [_locked("from pathlib import Path"),
                _locked("ada = Path('profil_ikm.json').exists()"),
                _test("from pathlib import Path\nassert Path('profil_ikm.json').exists()",
                      answers=[], files=["profil_ikm.json"])]
    assert cells_for_tests(provided) == [2]


def test_declared_answers_come_from_the_seed_not_from_released_cells():
    cells = [_locked("sektor = 'batik'"),
             _test("assert sektor in ('batik', 'bordir')", answers=["sektor"])]
    assert cells_for_tests(cells) == [1]


def test_released_cells_after_the_last_test_never_run():
    cells = [_locked("a = 1"), _test("assert x == a", answers=["x"]), _locked("b = a")]
    assert cells_for_tests(cells) == [0, 1]


def test_cells_the_walk_cannot_follow_make_everything_run():
    for source in ("exec('y = 1')", "globals()['y'] = 1", "from math import *",
                   "%matplotlib inline", "import sys\nsys.modules['x'] = None",
                   "get_ipython().user_ns['y'] = 1", "setattr(obj, 'y', 1)"):
        cells = [_locked("a = 1"), _locked(source), _test("assert x", answers=["x"])]
        assert cells_for_tests(cells) == [0, 1, 2], source


def test_unlocked_cells_are_never_part_of_the_clean_run():
    cells = [_answer("import math"), _locked("kurs = 16_000"),
             _test("assert math.isclose(x, kurs)", answers=["x"])]
    assert cells_for_tests(cells) == [1, 2]

