"""Tests for ikmkit.grading.course: building a course directory and placing submissions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ikmkit.cli import main
from ikmkit.errors import IkmkitError
from ikmkit.grading.course import CourseError, assignments, db_url, init_course, submit

pytestmark = pytest.mark.slow  # every test here builds a course with nbgrader (seconds)

FIXTURE = Path(__file__).parent / "fixtures" / "grading"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course directory built once from the fixture assessments."""
    return init_course(tmp_path_factory.mktemp("kursus") / "kursus", FIXTURE)


def test_init_builds_a_working_course(course):
    """init writes config, gradebook and a release copy without solutions or hidden tests."""
    assert (course / "nbgrader_config.py").is_file()
    assert (course / "gradebook.db").is_file()
    assert assignments(course) == ["t01-latihan"]
    release = (course / "release" / "t01-latihan" / "latihan.ipynb").read_text()
    assert "TULIS JAWABAN ANDA DI SINI" in release
    assert "BEGIN SOLUTION" not in release
    assert "RAHASIA_KODE_TERSEMBUNYI" not in release


def test_plain_nbgrader_works_inside_the_course(course):
    """The course's nbgrader_config.py is enough for the plain nbgrader command."""
    import subprocess
    import sys

    bindir = Path(sys.executable).parent
    proc = subprocess.run([str(bindir / "nbgrader"), "db", "assignment", "list"], cwd=course,
                          capture_output=True, text=True,
                          env={"PATH": f"{bindir}:/usr/bin:/bin", "HOME": str(course)})
    assert proc.returncode == 0, proc.stderr
    assert "t01-latihan" in proc.stdout + proc.stderr


def test_init_is_idempotent_and_keeps_participant_work(course):
    """A second init changes no file, neither sources, config nor submissions."""
    sub = submit(course, "ikm-001", "t01-latihan", [course / "release/t01-latihan/latihan.ipynb"])
    edited = sub / "latihan.ipynb"
    edited.write_text(edited.read_text().replace("raise NotImplementedError()", "return 1"))
    (course / "source" / "t01-latihan" / "catatan-pelatih.txt").write_text("milik pelatih")
    before = {p: p.read_bytes() for p in course.rglob("*") if p.is_file() and p.suffix != ".db"}
    init_course(course, FIXTURE)
    after = {p: p.read_bytes() for p in course.rglob("*") if p.is_file() and p.suffix != ".db"}
    assert before == after


def test_submit_writes_nbgrader_timestamp(course, tmp_path):
    """submit copies a folder's files and writes a timestamp nbgrader can parse."""
    from nbgrader.utils import parse_utc

    src = tmp_path / "kiriman"
    src.mkdir()
    (src / "latihan.ipynb").write_text(json.dumps({"cells": []}))
    dest = submit(course, "ikm-002", "t01-latihan", src)
    assert (dest / "latihan.ipynb").is_file()
    assert parse_utc((dest / "timestamp.txt").read_text()).year >= 2024


@pytest.mark.parametrize("bad", ["", "../x", "a/b", " spasi"])
def test_submit_rejects_unsafe_ids(course, tmp_path, bad):
    """Participant ids that could escape submitted/ are refused with an Indonesian message."""
    with pytest.raises(IkmkitError, match="hanya boleh"):
        submit(course, bad, "t01-latihan", [FIXTURE / "nbgrader_config.py"])


def test_init_rejects_a_folder_without_source(tmp_path):
    """An assessments folder without source/ is a clear input error."""
    with pytest.raises(CourseError, match="source/"):
        init_course(tmp_path / "k", tmp_path)


def test_db_url_from_configuration(tmp_path):
    """A database URL given at init is written to the course config and read back."""
    url = f"sqlite:///{tmp_path / 'lain' / 'nilai.db'}"
    (tmp_path / "lain").mkdir()
    course = init_course(tmp_path / "k", FIXTURE, db_url=url)
    assert db_url(course) == url
    assert (tmp_path / "lain" / "nilai.db").is_file()
    assert not (course / "gradebook.db").exists()


def test_cli_course_init(tmp_path, capsys):
    """`ikmkit course init DIR --assessments PATH` exits 0; a bad path exits 2 without traceback."""
    assert main(["course", "init", str(tmp_path / "k"), "--assessments", str(FIXTURE)]) == 0
    assert "t01-latihan" in capsys.readouterr().out
    assert main(["course", "init", str(tmp_path / "k2"), "--assessments", str(tmp_path)]) == 2
    assert "Galat" in capsys.readouterr().err
