"""The kernel fork server (zygote) used by grading workers keeps participants apart.

Each worker forks every participant's kernel from one pre-imported process in its
sandbox. These tests grade with one worker, so the participants below share a zygote,
and check that nothing of one participant (a background process, files in /tmp or in
the working folder) is there when the next one's kernel runs; that a participant who
kills the zygote loses only their own notebook; that files a kernel writes still land in
the autograded folder; and that the plain start-a-new-Python path still works.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from ikmkit.cli import main
from ikmkit.grading import grade
from ikmkit.grading.course import assignment_imports, init_course
from ikmkit.grading.sandbox import bwrap_path

from .test_grading import FIXTURE, HARGA_OK, HPP_OK, A, _notebook, _submit_nb

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(bwrap_path() is None,
                                 reason="bubblewrap (bwrap) tidak tersedia")]

LEAVE_TRACES = HPP_OK + """
import subprocess
subprocess.Popen(["sleep", "600"], start_new_session=True)
open("/tmp/rahasia-peserta-a.txt", "w").write("rahasia")
open("catatan-a.txt", "w").write("ditulis saat dinilai")
"""

LOOK_FOR_TRACES = HPP_OK + """
import os
others = [p for p in os.listdir("/proc")
          if p.isdigit() and int(p) not in (1, os.getpid(), os.getppid())]
print("PROSES-LAIN", others)
print("RAHASIA-A", os.path.exists("/tmp/rahasia-peserta-a.txt"))
print("CATATAN-A", os.path.exists("catatan-a.txt"))
"""

KILL_ZYGOTE = HPP_OK + "\nimport os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"


def _output(course: Path, participant: str) -> str:
    nb = nbformat.read(course / "autograded" / participant / A / "latihan.ipynb", as_version=4)
    return "\n".join(str(o.get("text", "")) for c in nb.cells for o in c.get("outputs", []))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("zygote")
    course = init_course(base / "kursus", FIXTURE)
    release = course / "release" / A / "latihan.ipynb"
    src = base / "src"
    src.mkdir()
    cases = {  # one worker grades them in this (sorted) order
        "a-jejak": {"jawab_hpp": LEAVE_TRACES, "jawab_harga": HARGA_OK},
        "b-periksa": {"jawab_hpp": LOOK_FOR_TRACES, "jawab_harga": HARGA_OK},
        "c-bunuh": {"jawab_hpp": KILL_ZYGOTE, "jawab_harga": HARGA_OK},
        "d-biasa": {"jawab_hpp": HPP_OK, "jawab_harga": HARGA_OK},
    }
    for participant, answers in cases.items():
        _submit_nb(course, participant, _notebook(release, answers), src)
    run = grade(course, jobs=1, cell_timeout=10, notebook_timeout=60, progress=False)
    return course, {o.participant: o for o in run.outcomes}


def test_nothing_of_the_previous_participant_is_left(graded):
    course, by = graded
    assert by["a-jejak"].status == "graded" and by["b-periksa"].status == "graded"
    out = _output(course, "b-periksa")
    assert re.search(r"PROSES-LAIN \[\]", out), out  # the `sleep` daemon was killed
    assert "RAHASIA-A False" in out and "CATATAN-A False" in out, out
    assert by["b-periksa"].score == by["b-periksa"].max_score - 1  # essay: manual


def test_files_written_while_graded_land_in_the_autograded_folder(graded):
    course, _ = graded
    written = course / "autograded" / "a-jejak" / A / "catatan-a.txt"
    assert written.read_text() == "ditulis saat dinilai"
    assert not (course / "autograded" / "b-periksa" / A / "catatan-a.txt").exists()


def test_killing_the_zygote_costs_only_that_notebook(graded):
    _, by = graded
    assert by["c-bunuh"].status == "kernel_crashed", by["c-bunuh"]
    assert by["d-biasa"].status == "graded" and by["d-biasa"].score == 3.0


def test_plain_kernel_start_still_works(tmp_path, capsys):
    """`ikmkit grade --no-fork` starts a new Python per kernel, in the sandbox as before."""
    course = init_course(tmp_path / "kursus", FIXTURE)
    release = course / "release" / A / "latihan.ipynb"
    (tmp_path / "src").mkdir()
    _submit_nb(course, "kunci", _notebook(release, {"jawab_hpp": HPP_OK,
                                                    "jawab_harga": HARGA_OK}), tmp_path / "src")
    crash = {"jawab_hpp": HPP_OK, "jawab_harga": "import os\nos._exit(1)"}
    _submit_nb(course, "crash", _notebook(release, crash), tmp_path / "src")
    assert main(["grade", str(course), "--no-fork", "--no-progress", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"kunci/t01-latihan\s.*3/4", out), out
    assert "kernel berhenti mendadak" in out


def test_assignment_imports_lists_modules_and_submodules(tmp_path):
    course = init_course(tmp_path / "kursus", FIXTURE)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import math, os.path\nfrom ikmkit import readiness, costing\nfrom . import lokal\n"
        "import modul_lokal\n")])
    folder = course / "source" / "t02-lain"
    folder.mkdir()
    nbformat.write(nb, folder / "lain.ipynb")
    (folder / "modul_lokal.py").write_text("X = 1\n")
    names = assignment_imports(course)
    assert {"math", "os.path", "ikmkit", "ikmkit.readiness", "ikmkit.costing"} <= set(names)
    assert "modul_lokal" not in names and not any(n.startswith(".") for n in names)


def test_assignment_imports_reads_every_line_of_a_cell(tmp_path):
    """Each import of a cell counts, however the lines follow each other (a blank line
    after ``from pathlib import Path`` once hid the next two imports), magics included;
    a form's chart library comes with the form."""
    course = init_course(tmp_path / "kursus", FIXTURE)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "%matplotlib inline\nfrom pathlib import Path\n\nfrom ikmkit import readiness\n"
        "from ikmkit.widgets import (\n    SelfAssessment,\n)\nimport pandas as pd")])
    folder = course / "source" / "t02-lain"
    folder.mkdir()
    nbformat.write(nb, folder / "lain.ipynb")
    names = assignment_imports(course)
    assert {"pathlib", "ikmkit.readiness", "ikmkit.widgets", "pandas",
            "matplotlib.figure"} <= set(names)
