"""The one-command demo: synthetic participants, filled notebooks, the whole cycle."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
import openpyxl
import pytest

from ikmkit import demo, readiness
from ikmkit.cli import main
from ikmkit.cohort import tracking


def _cell(source: str, **nbgrader: object) -> dict:
    meta = {"nbgrader": {"schema_version": 3, **nbgrader}} if nbgrader else {}
    return {"cell_type": "code", "source": source, "metadata": meta, "outputs": [],
            "execution_count": None}


SOURCE = {"cells": [
    _cell("x = 2", grade_id="data", locked=True, solution=False, grade=False),
    _cell("# y = ...\n### BEGIN SOLUTION\ny = x * 21\n### END SOLUTION", grade_id="jawab_y",
          solution=True, grade=False, locked=False),
    _cell("assert y == 42", grade_id="cek_y", grade=True, locked=True, solution=False, points=1),
], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
RELEASE = json.loads(json.dumps(SOURCE))
STUB = "# y = ...\n# TULIS JAWABAN ANDA DI SINI\nraise NotImplementedError()"
RELEASE["cells"][1]["source"] = STUB


def test_skilled_participant_gets_the_solution_without_markers() -> None:
    """Skill 1: the release stub is replaced by the source solution, delimiters removed."""
    nb = demo.fill_notebook(RELEASE, SOURCE, skill=1.0, rng=np.random.default_rng(0))
    assert nb["cells"][1]["source"] == "# y = ...\ny = x * 21"
    assert nb["cells"][2]["source"] == "assert y == 42"
    assert RELEASE["cells"][1]["source"].endswith("NotImplementedError()")  # not mutated


def test_unskilled_participant_keeps_stub_or_wrong_value() -> None:
    """Skill 0: either the stub stays or the first number of the solution is changed."""
    seen = set()
    for seed in range(12):
        nb = demo.fill_notebook(RELEASE, SOURCE, skill=0.0, rng=np.random.default_rng(seed))
        seen.add(nb["cells"][1]["source"])
    assert RELEASE["cells"][1]["source"] in seen
    wrong = [s for s in seen if s != RELEASE["cells"][1]["source"]]
    assert wrong and all("y = x * 21" not in s for s in wrong)


def test_adversarial_variants() -> None:
    """An endless loop replaces the first answer; tampering edits the first locked test."""
    nb = demo.fill_notebook(RELEASE, SOURCE, skill=1.0, rng=np.random.default_rng(0),
                            endless_loop=True, tamper=True)
    assert "while True" in nb["cells"][1]["source"]
    assert nb["cells"][2]["source"].endswith("assert True")
    nbformat.validate(nbformat.from_dict(nb))


def test_plan_spreads_sectors_and_improvement_never_lowers_scores() -> None:
    """Participants cycle through the sectors; the end answers never score lower."""
    plan = demo.participant_plan(9, seed=4)
    assert plan["sector"].tolist()[:4] == list(readiness.SECTORS)
    assert plan["ikm_id"].tolist()[0] == "ikm-001" and plan["ikm_id"].is_unique
    after = demo.improve_answers(plan, seed=4)
    before_t = readiness.score_cohort(plan)["total"].to_numpy()
    after_t = readiness.score_cohort(after)["total"].to_numpy()
    assert (after_t >= before_t).all() and after_t.mean() > before_t.mean()
    with pytest.raises(demo.DemoError):
        demo.participant_plan(0)


def test_demo_refuses_a_folder_it_did_not_make(tmp_path: Path,
                                                capsys: pytest.CaptureFixture) -> None:
    """`ikmkit demo --out` on a folder with other files stops with exit 2, deleting nothing."""
    (tmp_path / "penting.txt").write_text("jangan dihapus")
    assert main(["demo", "--out", str(tmp_path), "--participants", "2"]) == 2
    assert "sudah berisi" in capsys.readouterr().err
    assert (tmp_path / "penting.txt").exists()


@pytest.mark.slow
def test_demo_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The demo on 5 participants: grading outcomes, two snapshots, report matching the table."""
    out = tmp_path / "demo"
    assert main(["demo", "--participants", "5", "--out", str(out), "--jobs", "2",
                 "--no-progress"]) == 0
    printed = capsys.readouterr().out
    course = out / "kelas"
    assert "Demo selesai: 5 peserta" in printed
    assert str(course / "laporan" / "index.html") in printed
    assert f"ikmkit dashboard {course}" in printed
    # adversarial submissions are reported, the rest graded
    assert re.search(r"dinilai \d+", printed)
    assert "notebook rusak 1" in printed
    assert [s.name for s in tracking.list_snapshots(course)] == ["intake", "akhir-inkubasi"]
    assert "saat intake (penilaian mandiri, tugas m00-penilaian-awal)" in printed
    cohort = tracking.load_cohort(course)
    t = cohort.table
    assert len(t) == 5 and set(t["sector"].astype(str)) == set(readiness.SECTORS)
    assert t["total"].notna().all()
    # every module's assignment is handed in and graded, m05 and m06 included
    assert len(cohort.assignments) == 6
    assert {"m05-pasar-promosi", "m06-pembiayaan"} <= set(cohort.assignments)
    assert t["nilai_m06-pembiayaan"].notna().any()
    grades = t[cohort.grade_columns]
    assert grades.notna().any().any() and ((grades >= 0) & (grades <= 100) | grades.isna()).all(
        ).all()
    ws = openpyxl.load_workbook(course / "laporan" / "kohort.xlsx")["Kohort"]
    header = [c.value for c in ws[1]]
    totals = [r[header.index("Skor total (0-100)")] for r in ws.iter_rows(min_row=2,
                                                                         values_only=True)]
    assert "Nilai m05-pasar-promosi (%)" in header and "Nilai m06-pembiayaan (%)" in header
    assert totals == t["total"].tolist()
    _intake_beside_latest(course, out, ws, header)
    page = (course / "laporan" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert len(list((course / "laporan" / "peserta").glob("*.html"))) == 5
    # a second demo run replaces its own folder
    assert main(["demo", "--participants", "1", "--out", str(out), "--no-progress"]) == 0


def _intake_beside_latest(course: Path, out: Path, ws: Any, header: list[Any]) -> None:
    """The demo course holds the intake assignment; every participant's intake score stands
    beside the latest one in the report, the bank workbook and the live dashboard, marked
    self-assessed or mentor-checked (the demo's mentor checks every second participant)."""
    from nbgrader.api import Gradebook

    from ikmkit.cohort import dashboard
    from ikmkit.vocab import INTAKE_ASSIGNMENT

    assert (course / "source" / INTAKE_ASSIGNMENT / "00-penilaian-awal.ipynb").is_file()
    assert (course / "release" / INTAKE_ASSIGNMENT / "00-penilaian-awal.ipynb").is_file()
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        handed_in = {s["student"]: s["score"] for s in gb.submission_dicts(INTAKE_ASSIGNMENT)}
    assert len(handed_in) == 5 and all(score >= 2 for score in handed_in.values())
    # the intake scores are the profiles the participants handed in with m00
    intake = {p.parent.parent.name: readiness.load_profile(p)["total"] for p in
              (course / "submitted").glob(f"*/{INTAKE_ASSIGNMENT}/profil_ikm.json")}
    checked = tracking.load_cohort(course, sheet=out / "lembar-mentor-akhir.xlsx").table
    assert checked["skor_awal"].to_dict() == intake
    assert checked["sumber_skor"].tolist() == ["mentor", "mandiri"] * 2 + ["mentor"]
    assert (checked["sumber_skor_awal"] == "mandiri").all()
    assert (checked["perubahan_skor"] > 0).all()  # the demo's participants improve
    # the report (written with the mentor sheet) and the bank's workbook
    page = (course / "laporan" / "index.html").read_text(encoding="utf-8")
    for pid, row in checked.iterrows():
        shown_first = re.search(rf'data-kunci="skor_awal:{pid}">([^<]*)</span>(<span[^>]*>'
                                r'([^<]*)</span>)', page)
        shown_last = re.search(rf'data-kunci="skor_terakhir:{pid}">([^<]*)</span>(<span[^>]*>'
                               r'([^<]*)</span>)', page)
        assert shown_first and shown_last, pid
        assert shown_first[1] == f"{row['skor_awal']:.1f}".replace(".", ",")
        assert shown_last[1] == f"{row['total']:.1f}".replace(".", ",")
        assert shown_first[3] == "penilaian mandiri"
        assert shown_last[3] == {"mentor": "diperiksa mentor",
                                 "mandiri": "penilaian mandiri"}[row["sumber_skor"]]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    first = [r[header.index("Skor awal saat masuk (0-100)")] for r in rows]
    source = [r[header.index("Skor total: penilaian mandiri / diperiksa mentor")] for r in rows]
    assert first == checked["skor_awal"].tolist()
    assert source == ["diperiksa mentor", "penilaian mandiri"] * 2 + ["diperiksa mentor"]
    # the live dashboard: the participants' own latest profiles; the end-of-incubation
    # snapshot: with the mentor's checks
    dash = dashboard.Dashboard(course)
    live = tracking.load_cohort(course).table
    assert "rata-rata skor awal <b>" in dash.summary.value

    def cells(kolom: str) -> dict[str, str]:
        return dict(re.findall(rf'<tr data-peserta="([^"]+)">.*?<td class="n" '
                               rf'data-kolom="{kolom}">(.*?)</td>', dash.table.value))

    assert set(cells("skor_awal")) == set(live.index) and len(live) == 5
    for pid, cell in cells("skor_awal").items():
        assert cell.startswith(f"{live.loc[pid, 'skor_awal']:.1f}".replace(".", ","))
        assert "penilaian mandiri" in cell
    assert all("penilaian mandiri" in c for c in cells("skor_terakhir").values())
    dash.filters["snapshot"].value = "akhir-inkubasi"
    mentor = {pid for pid, c in cells("skor_terakhir").items() if "diperiksa mentor" in c}
    assert mentor == set(checked.index[checked["sumber_skor"] == "mentor"])
    assert len(cells("skor_awal")) == 5
    dash.participant.value = "ikm-001"
    assert 'data-kunci="skor_awal"' in dash.card.value and "diperiksa mentor" in dash.card.value
