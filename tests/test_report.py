"""Cohort report: numbers match the table, XLSX/CSV for the bank, offline HTML, snapshots."""

from __future__ import annotations

import html
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ikmkit import readiness
from ikmkit.cli import main
from ikmkit.cohort import report, tracking

META = ["ikm_id", "nama_usaha", "kabupaten", "sector"]
_REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def _profiles(root: Path, answers: pd.DataFrame) -> None:
    for _, row in answers.iterrows():
        folder = root / "submitted" / row["ikm_id"] / "m02-kesiapan-ekspor"
        folder.mkdir(parents=True)
        readiness.save_profile(folder, {k: (None if pd.isna(v) else v)
                                        for k, v in row.drop(META).items()},
                               row["sector"], business=row["nama_usaha"],
                               participant=row["ikm_id"])


@pytest.fixture
def cohort(tmp_path: Path) -> tracking.Cohort:
    """A course directory with 40 profiles, two snapshots, no gradebook."""
    root = tmp_path / "kelas"
    answers = readiness.example_answers(40, seed=21)
    answers["ikm_id"] = [f"ikm-{k:03d}" for k in range(1, 41)]
    _profiles(root, answers)
    early = tracking.cohort_from_answers(readiness.example_answers(40, seed=20).assign(
        ikm_id=answers["ikm_id"]))
    tracking.take_snapshot(root, "intake", early, date="2026-01-10")
    return tracking.load_cohort(root)


def _kunci(page: str) -> dict[str, str]:
    """Values of elements marked data-kunci="...": the dashboard's figures."""
    return {html.unescape(k): html.unescape(v) for k, v in
            re.findall(r'data-kunci="([^"]+)">([^<]*)<', page)}


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def test_dashboard_numbers_match_the_table(cohort: tracking.Cohort, tmp_path: Path) -> None:
    """Programme figures, levels, obstacles and certificates equal the cohort table's."""
    files = report.write_report(cohort, tmp_path / "laporan", progress=False)
    shown = _kunci(files.index.read_text(encoding="utf-8"))
    t = cohort.table
    assert _number(shown["ikm"]) == len(t)
    assert _number(shown["rata_skor"]) == round(t["total"].mean(), 1)
    for level, count in tracking.level_counts(t).items():
        assert _number(shown[f"level:{level}"]) == count
    for name, count in tracking.obstacle_counts(t).items():
        assert _number(shown[f"hambatan:{name}"]) == count
    certs = tracking.certificate_counts(t)
    for cid, row in certs.iterrows():
        assert _number(shown[f"cert:{cid}"]) == row["dimiliki"]
    assert _number(shown["sertifikat"]) == certs["dimiliki"].sum()


def test_cards_match_each_participant(cohort: tracking.Cohort, tmp_path: Path) -> None:
    """Each card shows the participant's total and dimension scores, and its history."""
    files = report.write_report(cohort, tmp_path / "laporan", progress=False)
    assert len(files.cards) == len(cohort.table)
    for pid in cohort.table.index[:10]:
        page = (files.root / "peserta" / report.card_filename(pid)).read_text(encoding="utf-8")
        shown = _kunci(page)
        row = cohort.table.loc[pid]
        assert _number(shown["total"]) == row["total"]
        assert _number(shown["dim:kemasan"]) == row["kemasan"]
        assert "intake (2026-01-10)" in page
        for blocker in filter(None, row["blockers"].split(";")):
            assert html.escape(readiness.load_rubric().indicator(blocker).label) in page


def test_xlsx_and_csv_match_the_table(cohort: tracking.Cohort, tmp_path: Path) -> None:
    """kohort.xlsx opens with openpyxl, one formatted row per IKM; the CSV has the same."""
    files = report.write_report(cohort, tmp_path / "laporan", progress=False)
    wb = openpyxl.load_workbook(files.xlsx)
    assert wb.sheetnames == ["Kohort", "Ringkasan", "Sertifikat", "Hambatan"]
    ws = wb["Kohort"]
    assert ws.freeze_panes == "B2" and ws[1][0].font.bold
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(cohort.table)
    col = header.index("Skor total (0-100)")
    assert [r[col] for r in rows] == cohort.table["total"].tolist()
    assert ws.cell(row=2, column=col + 1).number_format == "0.0"
    level_col = header.index("Tingkat kesiapan")
    assert [r[level_col] for r in rows] == cohort.table["level"].astype(str).tolist()
    assert ws.column_dimensions["C"].width > 8
    csv = pd.read_csv(files.csv, encoding="utf-8-sig")
    assert list(csv.columns) == header
    assert csv["Skor total (0-100)"].tolist() == cohort.table["total"].tolist()
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["IKM difasilitasi"] == len(cohort.table)


def test_html_needs_no_network(cohort: tracking.Cohort, tmp_path: Path) -> None:
    """No page loads a script, style or image from the network; charts are inline SVG."""
    files = report.write_report(cohort, tmp_path / "laporan", progress=False)
    for page in [files.index, *files.cards[:5]]:
        text = page.read_text(encoding="utf-8")
        assert not _REMOTE.search(text), page
        assert "<script" not in text and "<link" not in text
        assert "@media print" in text and 'lang="id"' in text
    assert files.index.read_text(encoding="utf-8").count("<svg") >= 5


@pytest.mark.slow
def test_cli_report_keeps_snapshots(cohort: tracking.Cohort, capsys: pytest.CaptureFixture
                                    ) -> None:
    """`ikmkit report` twice: the first snapshot survives; reusing its name is refused."""
    root = cohort.course_dir
    assert root is not None
    index = tracking.snapshot_dir(root) / "index.json"
    before = (tracking.snapshot_dir(root) / "2026-01-10-intake.csv").read_bytes()
    assert main(["report", str(root), "--no-progress", "--snapshot", "akhir-inkubasi",
                 "--date", "2026-06-30"]) == 0
    assert (root / "laporan" / "index.html").exists()
    assert main(["report", str(root), "--no-progress"]) == 0
    assert main(["report", str(root), "--no-progress", "--snapshot", "intake"]) == 2
    assert "sudah ada" in capsys.readouterr().err
    assert [s.name for s in tracking.list_snapshots(root)] == ["intake", "akhir-inkubasi"]
    assert (tracking.snapshot_dir(root) / "2026-01-10-intake.csv").read_bytes() == before
    assert index.exists()
    page = (root / "laporan" / "index.html").read_text(encoding="utf-8")
    assert "akhir-inkubasi (2026-06-30)" in page and "Kemajuan antar-snapshot" in page
    first = tracking.load_snapshot(root, "intake")
    second = tracking.load_snapshot(root, "akhir-inkubasi")
    rose = int((second["level"].cat.codes > first.loc[second.index, "level"].cat.codes).sum())
    assert _kunci(page)["naik:akhir-inkubasi (2026-06-30)"] == str(rose)


def test_cli_report_on_missing_or_empty_course(tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    """A missing folder or a course with nothing to report gives exit 2 and a message."""
    assert main(["report", str(tmp_path / "tidak-ada")]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err
    (tmp_path / "kosong").mkdir()
    assert main(["report", str(tmp_path / "kosong")]) == 2
    assert "kohort kosong" in capsys.readouterr().err


def test_radar_svg_scales_values() -> None:
    """The radar polygon reaches the outer ring for 100 and the centre for 0."""
    svg = report.radar_svg({"a": 100, "b": 0, "c": 100}, {"a": "A", "b": "B", "c": "C"},
                           size=300)
    polygons = re.findall(r'<polygon points="([^"]+)"', svg)
    outer = [tuple(map(float, p.split(","))) for p in polygons[3].split()]  # the 100 ring
    centre_x = outer[0][0]
    last = [tuple(map(float, p.split(","))) for p in polygons[-1].split()]
    assert last[0] == outer[0] and last[2] == outer[2]  # 100 reaches the outer ring
    assert last[1] == (centre_x, 150.0)  # 0 sits at the centre (height 300)
    width = float(re.search(r'viewBox="0 0 ([0-9.]+) ', svg).group(1))
    assert width > 300  # room for the axis labels beside the chart


def test_report_help(capsys: pytest.CaptureFixture) -> None:
    """`ikmkit report --help` explains the outputs in Indonesian."""
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = capsys.readouterr().out
    assert "kohort.xlsx" in out and "--snapshot" in out


def test_card_roadmap_marks_sppt_sni_mandatory_when_sni_is_missing(
        cohort: tracking.Cohort, tmp_path: Path) -> None:
    """A card whose blocker is a missing mandatory SNI lists SPPT-SNI as 'Wajib'."""
    files = report.write_report(cohort, tmp_path / "laporan", progress=False)
    table = cohort.table
    missing = table[table["sertifikat_kurang"].str.split(";").map(lambda x: "sppt_sni" in x)]
    assert not missing.empty
    for pid in missing.index:
        page = (files.root / "peserta" / report.card_filename(pid)).read_text(encoding="utf-8")
        row = re.search(r"<tr><td>\d+</td><td>SPPT-SNI[^<]*</td><td>(\w+)</td>", page)
        assert row and row.group(1) == "Wajib", pid


def test_count_axes_tick_whole_numbers_for_a_small_cohort(tmp_path: Path) -> None:
    """Three IKMs: the count charts (levels, obstacles, certificates) have no 0.5 ticks."""
    root = tmp_path / "kelas"
    answers = readiness.example_answers(3, seed=5)
    answers["ikm_id"] = ["ikm-001", "ikm-002", "ikm-003"]
    _profiles(root, answers)
    files = report.write_report(tracking.load_cohort(root), tmp_path / "laporan",
                                progress=False)
    page = files.index.read_text(encoding="utf-8")
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    counted = [s for s in svgs if "jumlah IKM" in s]
    assert len(counted) >= 2
    for svg in counted:
        ticks = [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
        assert not [t for t in ticks if re.fullmatch(r"\d+[.,]\d+", t)], ticks
