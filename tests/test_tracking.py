"""Cohort table, gradebook grades, certificates, obstacles, snapshots and progress."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ikmkit import readiness, sheets
from ikmkit.cohort import tracking

from .conftest import answers_of, make_cohort_course

pytestmark = pytest.mark.filterwarnings("ignore:Object of type")  # nbgrader's own SAWarning

META = ["ikm_id", "nama_usaha", "kabupaten", "sector"]


def _answers(row: pd.Series) -> dict:
    return answers_of(row)


def _m01_m02(k: int, assignment: str, cell: str) -> float | None:
    if assignment == "m01-standardisasi":
        return k % 3 if cell == "q1" else 3
    if k % 2:  # odd participants did not hand in m02
        return None
    return 2 if cell == "q1" else None


def make_course(root: Path, n: int = 6, seed: int = 11) -> pd.DataFrame:
    """A course directory with profiles for the first n-1 participants and a gradebook
    in which participant ``n`` has grades but no profile. Returns the answers used."""
    return make_cohort_course(
        root, [f"p{k:02d}" for k in range(1, n + 1)], seed=seed, with_profile=n - 1,
        cells={a: {"q1": 2, "q2": 3} for a in ("m01-standardisasi", "m02-kesiapan-ekspor")},
        score=_m01_m02)


def test_table_numbers_equal_score_cohort() -> None:
    """Totals, levels, dimensions and blockers in the table are readiness.score_cohort's."""
    answers = readiness.example_answers(120, seed=3)
    table = tracking.cohort_from_answers(answers)
    expected = readiness.score_cohort(answers)
    assert table["total"].tolist() == expected["total"].tolist()
    assert table["level"].astype(str).tolist() == expected["level"].astype(str).tolist()
    assert table["standardisasi"].tolist() == expected["standardisasi"].tolist()
    assert table["blockers"].tolist() == expected["blockers"].astype(str).tolist()
    assert list(table.index) == answers["ikm_id"].tolist()


def test_certificates_held_follow_the_answers() -> None:
    """NIB held iff punya_nib; missing mandatory certificates are needed minus held."""
    answers = readiness.example_answers(80, seed=4)
    table = tracking.cohort_from_answers(answers)
    held_nib = table["sertifikat_dimiliki"].str.split(";").map(lambda x: "nib" in x)
    assert held_nib.tolist() == answers["punya_nib"].astype(bool).tolist()
    food = table[table["sector"] == "makanan-minuman"]
    sni_met = food["sni_wajib"].astype(bool)
    assert set(food.loc[sni_met, "sertifikat_dibutuhkan"]) == {"nib;halal;pirt"}
    # food under a mandatory SNI needs SPPT-SNI and BPOM MD, not SPP-IRT (Peraturan BPOM 4/2024)
    assert set(food.loc[~sni_met, "sertifikat_dibutuhkan"]) == {"nib;sppt_sni;halal;bpom_md"}
    for _, row in food.iterrows():
        needed = set(row["sertifikat_dibutuhkan"].split(";"))
        held = set(filter(None, row["sertifikat_dimiliki"].split(";")))
        assert set(filter(None, row["sertifikat_kurang"].split(";"))) == needed - held
    counts = tracking.certificate_counts(table)
    assert counts.loc["nib", "dimiliki"] == int(answers["punya_nib"].sum())
    assert counts.loc["nib", "dibutuhkan"] == len(table)


def test_obstacles_follow_the_documented_rule() -> None:
    """An obstacle counts when its indicators average below 0.5 or a blocker in it fails."""
    answers = readiness.example_answers(150, seed=6)
    table = tracking.cohort_from_answers(answers)
    no_nib = ~answers["punya_nib"].astype(bool).to_numpy()
    assert table["hambatan_legalitas"].to_numpy()[no_nib].all()
    promo = answers[["katalog_produk", "promosi_digital", "pameran"]].astype(float)
    mean = (promo["katalog_produk"] + promo["promosi_digital"] / 4 + promo["pameran"]) / 3
    assert table["hambatan_promosi"].tolist() == (mean < 0.5).tolist()
    counts = tracking.obstacle_counts(table)
    assert list(counts.index) == ["Legalitas usaha", "Standardisasi", "Kemasan", "Promosi",
                                  "Pemasaran", "Pembiayaan"]
    assert counts["Promosi"] == int((mean < 0.5).sum())


def test_next_steps_equal_readiness_recommendations() -> None:
    """The vectorised next steps are readiness.score's recommendations, row by row."""
    answers = readiness.example_answers(150, seed=12)
    steps = tracking.next_steps(tracking.cohort_from_answers(answers), limit=6)
    for k in range(len(answers)):
        row = answers.iloc[k]
        result = readiness.score(_answers(row), row["sector"])
        assert steps[k] == result.recommendations[:6], k


@pytest.mark.slow
def test_load_cohort_reads_profiles_and_gradebook(tmp_path: Path) -> None:
    """Profiles give readiness, the gradebook gives percent grades and names."""
    answers = make_course(tmp_path)
    cohort = tracking.load_cohort(tmp_path)
    t = cohort.table
    assert cohort.assignments == ["m01-standardisasi", "m02-kesiapan-ekspor"]
    assert list(t.index) == answers["ikm_id"].tolist()
    expected = readiness.score_cohort(answers.iloc[:-1])
    assert t["total"].iloc[:-1].tolist() == expected["total"].tolist()
    assert pd.isna(t["total"].iloc[-1]) and t["sumber"].iloc[-1] == "belum ada profil"
    # q1 = k % 3 of 2, q2 = 3 of 3
    assert t["nilai_m01-standardisasi"].tolist() == [60.0, 80.0, 100.0, 60.0, 80.0, 100.0]
    # m02: only even participants handed in, q1 = 2 of 5 points
    m02 = t["nilai_m02-kesiapan-ekspor"].to_numpy()
    assert m02[::2].tolist() == [40.0, 40.0, 40.0] and np.isnan(m02[1::2]).all()
    assert t["nama_peserta"].iloc[0] == "Peserta0 Uji"
    # the grouped query agrees with nbgrader's own Gradebook.submission_dicts()
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        for a in cohort.assignments:
            for sub in gb.submission_dicts(a):
                expected_pct = round(100 * sub["score"] / sub["max_score"], 1)
                assert t.loc[sub["student"], f"nilai_{a}"] == expected_pct


@pytest.mark.slow
def test_broken_profile_is_skipped_with_a_warning(tmp_path: Path) -> None:
    """A damaged profil_ikm.json does not stop the cohort; it is reported."""
    make_course(tmp_path)
    bad = tmp_path / "submitted" / "p02" / "m02-kesiapan-ekspor" / "profil_ikm.json"
    bad.write_text("{ rusak", encoding="utf-8")
    odd = tmp_path / "submitted" / "p03" / "m02-kesiapan-ekspor" / "profil_ikm.json"
    data = json.loads(odd.read_text(encoding="utf-8"))
    data["answers"]["punya_nib"] = "mungkin"
    odd.write_text(json.dumps(data), encoding="utf-8")
    cohort = tracking.load_cohort(tmp_path)
    assert any("p02" in w for w in cohort.warnings)
    assert any("p03" in w and "punya_nib" in w for w in cohort.warnings)
    assert pd.isna(cohort.table.loc["p02", "total"]) and pd.isna(cohort.table.loc["p03", "total"])
    assert cohort.table["total"].notna().sum() == 3


@pytest.mark.slow
def test_mentor_sheet_replaces_profiles(tmp_path: Path) -> None:
    """A mentor sheet row wins over the participant's own profile of the same id."""
    answers = make_course(tmp_path)
    typed = sheets.example_sheet(1, seed=99)
    typed.loc[0, "ikm_id"] = "p01"
    path = tmp_path / "mentor.csv"
    typed.to_csv(path, index=False)
    cohort = tracking.load_cohort(tmp_path, sheet=path)
    row = cohort.table.loc["p01"]
    assert row["sumber"] == "lembar mentor"
    assert row["total"] == readiness.score_cohort(readiness.example_answers(1, seed=99))[
        "total"].iloc[0]
    assert len(cohort.table) == len(answers)


def test_intake_score_stands_beside_the_latest(tmp_path: Path) -> None:
    """The intake assignment's profile gives skor_awal; the newest other profile (or a mentor
    sheet) gives the latest score; each says who stands behind it; the intake's points are not
    a module grade."""
    from nbgrader.api import Gradebook

    from ikmkit.vocab import INTAKE_ASSIGNMENT

    answers = make_course(tmp_path)
    start = readiness.example_answers(6, seed=12)
    for k, pid in enumerate(answers["ikm_id"][:4]):
        folder = tmp_path / "submitted" / pid / INTAKE_ASSIGNMENT
        folder.mkdir(parents=True)
        row = start.iloc[k]
        readiness.save_profile(folder, _answers(row), row["sector"], business="Usaha awal")
    # p01's intake was saved after its m02 profile: still only the intake (skor_awal)
    # p05 has the intake only: it is its latest score too
    folder = tmp_path / "submitted" / "p05" / INTAKE_ASSIGNMENT
    folder.mkdir(parents=True)
    readiness.save_profile(folder, _answers(start.iloc[4]), start.iloc[4]["sector"])
    (tmp_path / "submitted" / "p05" / "m02-kesiapan-ekspor" / "profil_ikm.json").unlink()
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        gb.add_assignment(INTAKE_ASSIGNMENT)
        gb.add_notebook("nb", INTAKE_ASSIGNMENT)
        gb.add_grade_cell("q1", "nb", INTAKE_ASSIGNMENT, max_score=2, cell_type="code")
        gb.add_submission(INTAKE_ASSIGNMENT, "p01")
        gb.db.commit()

    intake_totals = readiness.score_cohort(start)["total"].tolist()
    latest_totals = readiness.score_cohort(answers)["total"].tolist()
    mentor = sheets.example_sheet(1, seed=98)
    mentor.loc[0, "ikm_id"] = "p02"
    mentor.to_csv(tmp_path / "mentor.csv", index=False)
    cohort = tracking.load_cohort(tmp_path, sheet=tmp_path / "mentor.csv")
    t = cohort.table
    assert cohort.assignments == ["m01-standardisasi", "m02-kesiapan-ekspor"]
    assert f"nilai_{INTAKE_ASSIGNMENT}" not in t
    assert t["skor_awal"].tolist()[:5] == intake_totals[:5] and pd.isna(t.loc["p06", "skor_awal"])
    assert t["sumber_skor_awal"].tolist() == ["mandiri"] * 5 + [""]
    assert t.loc["p01", "total"] == latest_totals[0] and t.loc["p01", "sumber_skor"] == "mandiri"
    assert t.loc["p01", "sumber"] == "profil m02-kesiapan-ekspor"
    assert t.loc["p02", "sumber_skor"] == "mentor"
    assert t.loc["p02", "total"] == readiness.score_cohort(
        readiness.example_answers(1, seed=98))["total"].iloc[0]
    assert t.loc["p05", "total"] == intake_totals[4] and t.loc["p05", "perubahan_skor"] == 0
    assert t.loc["p05", "sumber"] == f"profil {INTAKE_ASSIGNMENT}"
    assert t.loc["p06", "sumber_skor"] == "" and pd.isna(t.loc["p06", "total"])
    assert t.loc["p03", "perubahan_skor"] == round(latest_totals[2] - intake_totals[2], 1)
    # a snapshot keeps both scores and who stands behind them
    tracking.take_snapshot(tmp_path, "akhir-inkubasi", t, date="2026-06-30")
    back = tracking.load_snapshot(tmp_path, "akhir-inkubasi")
    assert back["skor_awal"].tolist()[:5] == intake_totals[:5]
    assert back["sumber_skor"].tolist() == t["sumber_skor"].tolist()


def test_snapshots_are_never_overwritten(tmp_path: Path) -> None:
    """A second snapshot of the same name is refused; files and index stay intact."""
    table = tracking.cohort_from_answers(readiness.example_answers(10, seed=1))
    info = tracking.take_snapshot(tmp_path, "intake", table, date="2026-01-05")
    path = tracking.snapshot_dir(tmp_path) / info.file
    before = path.read_bytes()
    with pytest.raises(tracking.TrackingError, match="sudah ada"):
        tracking.take_snapshot(tmp_path, "intake", table.iloc[:3], date="2026-02-01")
    assert path.read_bytes() == before
    assert [s.name for s in tracking.list_snapshots(tmp_path)] == ["intake"]
    with pytest.raises(tracking.TrackingError, match="huruf kecil"):
        tracking.take_snapshot(tmp_path, "Akhir Inkubasi", table)
    with pytest.raises(tracking.TrackingError, match="TTTT-BB-HH"):
        tracking.take_snapshot(tmp_path, "akhir", table, date="5/1/2026")


def test_snapshot_round_trip_and_progress(tmp_path: Path) -> None:
    """A snapshot reads back with the same totals; progress gives per-snapshot deltas."""
    first = tracking.cohort_from_answers(readiness.example_answers(30, seed=1))
    second = tracking.cohort_from_answers(readiness.example_answers(30, seed=2))
    tracking.take_snapshot(tmp_path, "intake", first, date="2026-01-05")
    tracking.take_snapshot(tmp_path, "akhir-inkubasi", second, date="2026-06-05")
    back = tracking.load_snapshot(tmp_path, "intake")
    assert back["total"].tolist() == first["total"].tolist()
    assert back["level"].astype(str).tolist() == first["level"].astype(str).tolist()
    assert tracking.level_counts(back).tolist() == tracking.level_counts(first).tolist()
    prog = tracking.progress(tmp_path)
    delta = (second["total"] - first["total"]).round(1)
    assert prog["delta_total@akhir-inkubasi"].tolist() == delta.tolist()
    index = json.loads((tracking.snapshot_dir(tmp_path) / "index.json").read_text())
    assert [s["file"] for s in index["snapshots"]] == ["2026-01-05-intake.csv",
                                                       "2026-06-05-akhir-inkubasi.csv"]
    with pytest.raises(tracking.TrackingError, match="tidak dikenal"):
        tracking.load_snapshot(tmp_path, "pasca-magang")


def test_missing_mandatory_sni_makes_sppt_sni_needed() -> None:
    """An IKM that answered no to sni_wajib (the blocker) needs SPPT-SNI; others do not."""
    answers = readiness.example_answers(200, seed=6)
    table = tracking.cohort_from_answers(answers)
    asked = answers["sni_wajib"].notna()
    needs = table["sertifikat_dibutuhkan"].str.split(";").map(lambda x: "sppt_sni" in x)
    missing_sni = asked & ~answers["sni_wajib"].fillna(True).astype(bool)
    assert missing_sni.any() and (asked & ~missing_sni).any()
    assert needs.tolist() == missing_sni.tolist()
