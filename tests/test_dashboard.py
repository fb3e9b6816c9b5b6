"""Live dashboard without a browser: filters drive table, charts and card; read-only; CLI."""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import socket
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from ikmkit import readiness
from ikmkit.cli import main
from ikmkit.cohort import dashboard, tracking
from ikmkit.commands import dashboard as dashboard_cmd

from .conftest import make_cohort_course

pytestmark = pytest.mark.filterwarnings("ignore:Object of type")  # nbgrader's own SAWarning

META = ["ikm_id", "nama_usaha", "kabupaten", "sector"]
N = 12
IDS = [f"ikm-{k:03d}" for k in range(1, N + 1)]
NO_PROFILE = IDS[-1]  # grades in the gradebook, no readiness profile yet
NOTEBOOK = Path(dashboard.__file__).parent / "notebooks" / "dashboard.ipynb"


def _scores(k: int, assignment: str, cell: str) -> float | None:
    if assignment == "m01-standardisasi":
        return k % 5
    return 4 - k % 4 if k % 3 == 0 else None  # m03: every third participant only


def _make_course(root: Path) -> None:
    """Profiles for all but the last participant, a gradebook with two assignments (one
    handed in by every third participant only) and an ``intake`` snapshot."""
    make_cohort_course(root, IDS, seed=31, with_profile=N - 1,
                       cells={"m01-standardisasi": {"q1": 4}, "m03-kemasan": {"q1": 4}},
                       score=_scores)
    intake = tracking.cohort_from_answers(
        readiness.example_answers(N, seed=30).assign(ikm_id=IDS))
    tracking.take_snapshot(root, "intake", intake, date="2026-01-10")


@pytest.fixture(scope="module")
def course_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dasbor") / "kelas"
    _make_course(root)
    return root


@pytest.fixture
def course(course_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the course for one test."""
    root = tmp_path / "kelas"
    shutil.copytree(course_template, root)
    return root


@pytest.fixture
def cohort(course: Path) -> pd.DataFrame:
    """The live cohort table, read independently of the dashboard."""
    return tracking.load_cohort(course).table


def _ids(dash: dashboard.Dashboard) -> list[str]:
    return re.findall(r'<tr data-peserta="([^"]+)"', dash.table.value)


def _plotted(widget_value: str) -> dict[str, str]:
    """The numbers a chart says it plots (its ``data-nilai`` attribute)."""
    match = re.search(r'data-nilai="([^"]*)"', widget_value)
    assert match, widget_value[:200]
    return dict(item.split("=", 1) for item in html.unescape(match.group(1)).split(";"))


def _id_fmt(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _level_numbers(table: pd.DataFrame) -> dict[str, str]:
    scored = table[table["total"].notna()]
    return {k: str(v) for k, v in tracking.level_counts(scored).items()}


def _snapshot_of_course(root: Path) -> dict[str, tuple[int, int, str]]:
    """Every file and folder under root: (size, mtime_ns, sha256)."""
    out: dict[str, tuple[int, int, str]] = {}
    for path in sorted(root.rglob("*")):
        stat = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        out[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns, digest)
    return out


# --------------------------------------------------------------------------- the widgets


def test_lists_the_cohort_with_a_summary(course: Path, cohort: pd.DataFrame) -> None:
    """Unfiltered: one table row per participant, summary count and mean score."""
    dash = dashboard.Dashboard(course)
    assert _ids(dash) == sorted(cohort.index) == IDS
    text = dash.summary.value
    assert f"{N} peserta" in text
    assert f"rata-rata skor <b>{_id_fmt(cohort['total'].mean())}</b>" in text
    assert _plotted(dash.charts["level"].value) == _level_numbers(cohort)
    assert [o for _, o in dash.participant.options] == IDS
    assert [v for _, v in dash.filters["snapshot"].options] == [dashboard.ALL, "intake"]
    assert [v for _, v in dash.filters["module"].options] == [
        dashboard.ALL, "m01-standardisasi", "m03-kemasan"]


def test_sector_filter_changes_table_and_charts(course: Path, cohort: pd.DataFrame) -> None:
    """Choosing a sector keeps its participants; counts, charts and drill list follow."""
    dash = dashboard.Dashboard(course)
    before = {key: w.value for key, w in dash.charts.items()}
    sector = cohort["sector"].value_counts().index[0]  # the most common sector
    expected = cohort[cohort["sector"] == sector]
    assert 0 < len(expected) < len(cohort)

    dash.filters["sector"].value = sector
    assert _ids(dash) == sorted(expected.index)
    assert f"{len(expected)} peserta" in dash.summary.value
    assert _plotted(dash.charts["level"].value) == _level_numbers(expected)
    dims = _plotted(dash.charts["dimensions"].value)
    assert dims["Legalitas usaha"] == _id_fmt(round(expected["legalitas"].mean(), 1))
    for key in ("level", "dimensions", "obstacles"):
        assert "<svg" in dash.charts[key].value and dash.charts[key].value != before[key]
    assert [v for _, v in dash.participant.options] == sorted(expected.index)

    dash.filters["sector"].value = dashboard.ALL
    assert _ids(dash) == IDS and dash.charts["level"].value == before["level"]


def test_level_filter_and_participants_without_profile(course: Path,
                                                       cohort: pd.DataFrame) -> None:
    """A level keeps that level; "Belum dinilai" keeps who has grades but no profile."""
    dash = dashboard.Dashboard(course)
    level = cohort["level"].value_counts().index[0]
    dash.filters["level"].value = level
    assert _ids(dash) == sorted(cohort.index[cohort["level"] == level])
    assert set(_plotted(dash.charts["level"].value).values()) == {"0", str(len(_ids(dash)))}

    dash.filters["level"].value = dashboard.NOT_SCORED
    assert _ids(dash) == [NO_PROFILE]
    assert "Belum ada skor kesiapan" in dash.charts["level"].value
    assert "<svg" in dash.charts["grades"].value  # the grades are there
    dash.participant.value = NO_PROFILE
    assert "Belum ada profil kesiapan ekspor" in dash.card.value
    assert "Peserta11 Uji" in dash.card.value


def test_module_filter_keeps_who_has_that_grade(course: Path, cohort: pd.DataFrame) -> None:
    """A module keeps participants graded in it and shows its grade and distribution."""
    dash = dashboard.Dashboard(course)
    assert dash.table.value.count("</th>") == 7 + 2  # every module's grade column
    dash.filters["module"].value = "m03-kemasan"
    graded = cohort[cohort["nilai_m03-kemasan"].notna()]
    assert 0 < len(graded) < len(cohort)
    assert _ids(dash) == sorted(graded.index)
    assert "Nilai M03" in dash.table.value and "Nilai M01" not in dash.table.value
    assert "Modul 03 Kemasan &amp; label" in dash.summary.value
    assert _id_fmt(graded["nilai_m03-kemasan"].mean()) in dash.summary.value
    bins = _plotted(dash.charts["grades"].value)
    assert sum(int(v) for v in bins.values()) == len(graded)
    assert int(bins["≥ 80"]) == int((graded["nilai_m03-kemasan"] >= 80).sum())


def test_snapshot_filter_shows_the_snapshot(course: Path) -> None:
    """"Data: intake" shows the snapshot's totals and levels, in table, charts and card."""
    intake = tracking.load_snapshot(course, "intake")
    dash = dashboard.Dashboard(course)
    dash.filters["snapshot"].value = "intake"
    assert _ids(dash) == sorted(intake.index)
    assert "snapshot intake (2026-01-10)" in dash.summary.value
    assert f"rata-rata skor <b>{_id_fmt(intake['total'].mean())}</b>" in dash.summary.value
    assert _plotted(dash.charts["level"].value) == _level_numbers(intake)
    pid = IDS[2]
    dash.participant.value = pid
    shown = re.search(r'data-kunci="total">([^<]+)<', dash.card.value)
    assert shown and shown.group(1) == _id_fmt(intake.loc[pid, "total"])
    # the snapshot holds no grades: a module filter then finds nobody, and says why
    dash.filters["module"].value = "m01-standardisasi"
    assert _ids(dash) == [] and "tidak menyimpan nilai modul" in dash.table.value


def test_drill_down_shows_the_chosen_participant(course: Path, cohort: pd.DataFrame) -> None:
    """The card names the participant and shows total, level, grades and history."""
    intake = tracking.load_snapshot(course, "intake")
    dash = dashboard.Dashboard(course)
    pid = IDS[3]
    row = cohort.loc[pid]
    dash.participant.value = pid
    card = dash.card.value
    assert html.escape(row["nama_usaha"]) in card and "Peserta3 Uji" in card
    assert f'data-kunci="total">{_id_fmt(row["total"])}<' in card
    assert html.escape(str(row["level"])) in card
    assert f'data-kunci="nilai_m01-standardisasi">{_id_fmt(row["nilai_m01-standardisasi"])}<' \
        in card
    assert "Snapshot intake (2026-01-10)" in card and _id_fmt(intake.loc[pid, "total"]) in card
    steps = tracking.next_steps(cohort.loc[[pid]], limit=5)[0]
    assert "Langkah berikutnya" in card and html.escape(steps[0].text) in card
    for blocker in filter(None, row["blockers"].split(";")):
        assert html.escape(readiness.load_rubric().indicator(blocker).label) in card
    assert "<svg" in card  # the radar

    other = IDS[5]
    dash.participant.value = other
    assert html.escape(cohort.loc[other, "nama_usaha"]) in dash.card.value
    assert 'data-kunci="total">' + _id_fmt(cohort.loc[other, "total"]) in dash.card.value


def test_empty_result_is_a_friendly_message(course: Path, cohort: pd.DataFrame) -> None:
    """A filter combination nobody matches gives messages, not an error or empty charts."""
    scored = cohort[cohort["total"].notna()]
    present = set(zip(scored["sector"].astype(str), scored["level"].astype(str), strict=True))
    sector, level = next((s, lv.name) for s in readiness.SECTORS for lv in readiness.LEVELS
                         if (s, lv.name) not in present)
    dash = dashboard.Dashboard(course)
    dash.filters["sector"].value = sector
    dash.filters["level"].value = level
    assert _ids(dash) == [] and len(dash.rows) == 0
    assert "Tidak ada peserta yang cocok" in dash.table.value
    assert "0 peserta" in dash.summary.value
    for chart in dash.charts.values():
        assert "ikm-empty" in chart.value and "<svg" not in chart.value
    assert dash.participant.value == "" and "ikm-empty" in dash.card.value
    dash.filters["level"].value = dashboard.ALL
    assert len(_ids(dash)) == int((cohort["sector"] == sector).sum())


def test_empty_course_and_unreadable_data(tmp_path: Path) -> None:
    """A new course with nobody yet: messages. A broken snapshot index: app() says so."""
    root = tmp_path / "kelas"
    root.mkdir()
    (root / "nbgrader_config.py").write_text("c = get_config()\n")
    dash = dashboard.Dashboard(root)
    assert "0 peserta" in dash.summary.value and "Belum ada peserta" in dash.table.value
    assert all("ikm-empty" in c.value for c in dash.charts.values())
    assert "Belum ada peserta" in dash.card.value
    index = tracking.snapshot_dir(root) / "index.json"
    index.parent.mkdir(parents=True)
    index.write_text("{rusak")
    dash.reload_button.click()  # broken meanwhile: the open dashboard says so
    assert "indeks snapshot rusak" in dash.notices.value
    message = dashboard.app(root)
    assert "ikm-error" in message._dom_classes
    assert "indeks snapshot rusak" in message.value and "Traceback" not in message.value


def test_course_directory_is_never_written(course: Path) -> None:
    """Building, filtering every way, opening every card and reloading leaves DIR as it was."""
    before = _snapshot_of_course(course)
    dash = dashboard.Dashboard(course)
    for key, dropdown in dash.filters.items():
        for _, value in dropdown.options:
            dropdown.value = value
            for _, pid in dash.participant.options:
                dash.participant.value = pid
        dash.filters[key].value = dashboard.ALL
    dash.reload_button.click()
    assert _snapshot_of_course(course) == before


def test_reload_reads_the_course_as_it_is_now(course: Path, cohort: pd.DataFrame) -> None:
    """A regrade and a new snapshot show up after "Muat ulang data", filters kept."""
    from nbgrader.api import Gradebook

    dash = dashboard.Dashboard(course)
    dash.filters["module"].value = "m01-standardisasi"
    pid = IDS[1]  # 1 of 4 points
    assert cohort.loc[pid, "nilai_m01-standardisasi"] == 25.0
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.find_grade("q1", "nb", "m01-standardisasi", pid).manual_score = 3
        gb.db.commit()
    tracking.take_snapshot(course, "akhir-inkubasi", cohort, date="2026-06-30")

    def grade_cell() -> str:
        row = re.search(rf'<tr data-peserta="{pid}">.*?</tr>', dash.table.value)
        assert row
        return re.findall(r'<td class="n">([^<]*)</td>', row.group(0))[-1]

    assert grade_cell() == "25,0"  # nothing re-read yet
    dash.reload_button.click()
    assert dash.filters["module"].value == "m01-standardisasi"
    assert grade_cell() == "75,0"
    assert "akhir-inkubasi" in [v for _, v in dash.filters["snapshot"].options]


def test_course_dir_is_checked() -> None:
    """No folder, a file, or a folder that is no course: DashboardError naming it."""
    with pytest.raises(dashboard.DashboardError, match="belum diberikan"):
        dashboard.check_course_dir(None)
    with pytest.raises(dashboard.DashboardError, match="tidak ditemukan"):
        dashboard.check_course_dir("/tidak/ada/kelas")
    with pytest.raises(dashboard.DashboardError, match="bukan folder kelas"):
        dashboard.check_course_dir(Path(__file__).parent / "fixtures")


# --------------------------------------------------------------------------- command


def test_cli_help(capsys: pytest.CaptureFixture) -> None:
    """`ikmkit dashboard --help` explains DIR, --port and --no-browser in Indonesian."""
    with pytest.raises(SystemExit) as info:
        main(["dashboard", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "--port" in out and "--no-browser" in out and "hanya MEMBACA" in out


def test_cli_bad_course_dir_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A missing folder or one that is no course dir: exit 2 and a message, no server."""
    assert main(["dashboard", str(tmp_path / "tidak-ada"), "--no-browser"]) == 2
    assert "folder kelas tidak ditemukan" in capsys.readouterr().err
    assert main(["dashboard", str(tmp_path), "--no-browser"]) == 2
    assert "bukan folder kelas" in capsys.readouterr().err


def test_cli_port_in_use_or_invalid_exits_2(course: Path, capsys: pytest.CaptureFixture) -> None:
    """An explicit --port that is taken or out of range is refused before Voilà starts."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["dashboard", str(course), "--port", str(port), "--no-browser"]) == 2
        assert f"port {port} sudah dipakai" in capsys.readouterr().err
    assert main(["dashboard", str(course), "--port", "70000", "--no-browser"]) == 2
    assert "antara 1 dan 65535" in capsys.readouterr().err


def test_default_port_taken_picks_another() -> None:
    """Without --port: 8866 if free, else another free port and a note saying so."""
    with socket.socket() as busy:
        try:
            busy.bind(("127.0.0.1", dashboard_cmd.DEFAULT_PORT))
            busy.listen()
        except OSError:
            pass  # something else holds 8866 already: the same situation
        port, note = dashboard_cmd.choose_port(None)
    assert port != dashboard_cmd.DEFAULT_PORT
    assert note and f"Port {dashboard_cmd.DEFAULT_PORT} sudah dipakai" in note and str(port) in note


def test_voila_command_is_local_and_hides_code() -> None:
    """Voilà listens on 127.0.0.1 only, strips code, serves no files, passes --no-browser."""
    cmd = dashboard_cmd.voila_command(NOTEBOOK, 9999, open_browser=False)
    assert cmd[1:4] == ["-m", "voila", str(NOTEBOOK)]
    assert "--Voila.ip=127.0.0.1" in cmd and "--port=9999" in cmd
    assert "--strip_sources=True" in cmd and "--no-browser" in cmd
    assert "--VoilaConfiguration.file_denylist=.*" in cmd
    assert "--no-browser" not in dashboard_cmd.voila_command(NOTEBOOK, 9999, open_browser=True)
    assert dashboard_cmd.notebook_path() == NOTEBOOK.resolve()


# --------------------------------------------------------------------------- notebook


def _execute(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
             course_dir: Path | None) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    for var, sub in [("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")]:
        (tmp_path / sub).mkdir(exist_ok=True)
        monkeypatch.setenv(var, str(tmp_path / sub))
    monkeypatch.setenv("TQDM_DISABLE", "1")
    if course_dir is None:
        monkeypatch.delenv(dashboard.COURSE_DIR_ENV, raising=False)
    else:
        monkeypatch.setenv(dashboard.COURSE_DIR_ENV, str(course_dir))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


def _widget_values(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Value of every HTML widget with an ikm-* class, by class."""
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    out = {}
    for model in state.values():
        st = model["state"]
        for cls in st.get("_dom_classes", []):
            if cls.startswith("ikm-") and isinstance(st.get("value"), str):
                out[cls] = st["value"]
    return out


def test_shipped_notebook_has_no_outputs_and_hides_nothing_important() -> None:
    """Committed without outputs: one title cell, one code cell, an Indonesian title."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code")
    assert nb.cells[0].source.startswith("# Dasbor kohort")
    assert dashboard.COURSE_DIR_ENV in nb.cells[1].source


@pytest.mark.slow
def test_notebook_runs_for_a_course(course: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Executed with IKMKIT_COURSE_DIR set: the dashboard widget, no error, no stderr."""
    before = _snapshot_of_course(course)
    nb = _execute(monkeypatch, tmp_path, course)
    outputs = nb.cells[1].outputs
    assert [o.output_type for o in outputs] == ["display_data"], outputs
    assert "application/vnd.jupyter.widget-view+json" in outputs[0].data
    values = _widget_values(nb)
    assert f"{N} peserta" in values["ikm-summary"]
    assert values["ikm-table"].count("<tr data-peserta=") == N
    assert "<svg" in values["ikm-chart-level"]
    assert _snapshot_of_course(course) == before


@pytest.mark.slow
def test_notebook_without_course_dir_says_so(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Without IKMKIT_COURSE_DIR: a friendly Indonesian message, no traceback."""
    nb = _execute(monkeypatch, tmp_path, None)
    outputs = nb.cells[1].outputs
    assert [o.output_type for o in outputs] == ["display_data"], outputs
    message = _widget_values(nb)["ikm-error"]
    assert "Dasbor belum bisa dibuka" in message and "ikmkit dashboard FOLDER" in message
    assert "Traceback" not in message
