"""The gradebook in PostgreSQL: a real server (started by the ``postgres`` fixture), two
``ikmkit grade --assignment`` runs on different assignments of one course at the same time,
nothing lost, and the same grades and report as the same cohort graded into SQLite.

Two trainers grade one assignment each at the same moment, in the same course directory.
Two participants handed in before they were enrolled, so both runs need to create the same
students (ikmkit creates every participant of a run before its workers start); they are
enrolled with their names afterwards, as a late ``ikmkit hub init`` would. The reference is
one SQLite course directory holding every submission, graded once.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ikmkit import demo, grading
from ikmkit.cohort import tracking
from ikmkit.grading import course as crs
from ikmkit.hub import enrol
from ikmkit.hub.roster import Participant

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::RuntimeWarning")]

ASSIGNMENTS = ("m01-standardisasi", "m02-kesiapan-ekspor")
COURSE_ID = "angkatan-pg"
PEOPLE = [Participant(f"PG-{k:02d}", f"Peserta {k}", f"IKM {k}", sector, district,
                      f"pg-{k:02d}")
          for k, (sector, district) in enumerate(
              [("batik", "Tuban"), ("konveksi", "Sidoarjo"), ("bordir", "Pasuruan"),
               ("makanan-minuman", "Malang"), ("batik", "Pekalongan"),
               ("konveksi", "Gresik")], start=1)]
IKMKIT = str(Path(sys.executable).parent / "ikmkit")


def _fill_all(reference: Path, out: Path) -> dict[tuple[str, str], Path]:
    """One folder per participant x assignment with that participant's notebooks."""
    folders = {}
    for a in ASSIGNMENTS:
        for k, person in enumerate(PEOPLE):
            folder = out / person.username / a
            folder.mkdir(parents=True)
            for release in sorted((reference / "release" / a).glob("*.ipynb")):
                source = json.loads((reference / "source" / a / release.name).read_text())
                nb = demo.fill_notebook(json.loads(release.read_text()), source,
                                        skill=0.2 + 0.15 * k,
                                        rng=np.random.default_rng(100 + k))
                (folder / release.name).write_text(json.dumps(nb), encoding="utf-8")
            folders[(person.username, a)] = folder
    return folders


def _course(path: Path, db_url: str | None, people: list[Participant] = PEOPLE) -> Path:
    root = crs.init_course(path, db_url=db_url,
                           settings={"CourseDirectory.course_id": COURSE_ID})
    enrol(root, people)
    return root


def _scores(course_dir: Path) -> dict[tuple[str, str], tuple[float, float]]:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(crs.db_url(course_dir), COURSE_ID) as gb:
        for a in ASSIGNMENTS:
            for sub in gb.assignment_submissions(a):
                out[(sub.student_id, a)] = (float(sub.score), float(sub.max_score))
    return out


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory, postgres) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("pg")
    sqlite = _course(base / "sqlite", None)
    work = _fill_all(sqlite, base / "kiriman")
    for (participant, a), folder in work.items():
        crs.submit(sqlite, participant, a, folder)
    run = grading.grade(sqlite, jobs=2, progress=False)
    assert run.ok, [o for o in run.outcomes if o.failed]

    url = postgres.create_database("gradebook_uji")
    pg = _course(base / "pg", url, PEOPLE[:-2])
    for (participant, a), folder in work.items():
        crs.submit(pg, participant, a, folder)
    # both trainers press enter at the same time: two real `ikmkit grade` processes
    procs = [subprocess.Popen([IKMKIT, "grade", str(pg), "--assignment", a, "--jobs", "2",
                               "--no-progress"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True) for a in ASSIGNMENTS]
    outputs = [p.communicate(timeout=900)[0] for p in procs]
    for p, text in zip(procs, outputs, strict=True):
        assert p.returncode == 0, text
    for a, text in zip(ASSIGNMENTS, outputs, strict=True):  # each run kept to its assignment
        other = next(x for x in ASSIGNMENTS if x != a)
        assert f"/{a}" in text and f"/{other}" not in text, text
    enrol(pg, PEOPLE)  # the late ones get their names
    return {"sqlite": sqlite, "pg": pg, "base": base}


def test_postgres_course_config_names_the_server(graded, postgres) -> None:
    """The course's own nbgrader_config.py carries the PostgreSQL URL and the course id."""
    text = (graded["pg"] / crs.CONFIG_NAME).read_text()
    assert f"127.0.0.1:{postgres.port}/gradebook_uji" in crs.db_url(graded["pg"])
    assert f"c.CourseDirectory.course_id = {COURSE_ID!r}" in text
    assert not (graded["pg"] / "gradebook.db").exists()


def test_concurrent_runs_lose_nothing(graded) -> None:
    """Every submission of both assignments is in the shared gradebook, scored as in SQLite,
    and in the course's results CSV (both runs upserted it)."""
    expected = _scores(graded["sqlite"])
    assert len(expected) == len(PEOPLE) * len(ASSIGNMENTS)
    assert _scores(graded["pg"]) == expected
    rows = pd.read_csv(graded["pg"] / grading.CSV_NAME, dtype=str)
    assert sorted(zip(rows["participant"], rows["assignment"], strict=True)) == sorted(expected)
    assert set(rows["status"]) == {"graded"}
    assert any(score > 0 for score, _ in expected.values())
    assert len({score for score, _ in expected.values()}) > 2  # the cohort is not uniform


def test_gradebook_reader_same_on_both(graded) -> None:
    """ikmkit.cohort.tracking reads the same grades and names from PostgreSQL and from SQLite."""
    pg_table, pg_names = tracking.grades_from_gradebook(graded["pg"])
    sq_table, sq_names = tracking.grades_from_gradebook(graded["sqlite"])
    pd.testing.assert_frame_equal(pg_table, sq_table)
    assert pg_names == sq_names
    assert pg_names["pg-03"] == "Peserta 3"


def test_report_identical_to_sqlite(graded) -> None:
    """`ikmkit report` on a PostgreSQL course gives the SQLite course's bank table, with the
    roster's names, IKM names, sectors and districts (the profiles the graded notebooks saved
    live in the course folder, the grades in PostgreSQL)."""
    outs = {}
    for key in ("sqlite", "pg"):
        out = graded["base"] / f"laporan-{key}"
        done = subprocess.run([IKMKIT, "report", str(graded[key]), "--out", str(out),
                               "--no-progress"], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        outs[key] = out
    pg = (outs["pg"] / "kohort.csv").read_text(encoding="utf-8")
    assert pg == (outs["sqlite"] / "kohort.csv").read_text(encoding="utf-8")
    table = pd.read_csv(outs["pg"] / "kohort.csv", dtype=str)
    assert len(table) == len(PEOPLE)
    first = table.iloc[0].to_dict()
    assert {"Peserta 1", "IKM 1", "Tuban"} <= set(first.values())
    shutil.rmtree(outs["pg"])
