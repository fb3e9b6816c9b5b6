"""`ikmkit dashboard` in a real browser: the demo cohort served by Voilà, driven by Chromium.

The demo course (16 participants, graded notebooks, two snapshots) is built once for the
module with :func:`ikmkit.demo.run_demo`; one ``ikmkit dashboard DIR --no-browser`` server
on a free port serves every test. Each page load runs the notebook in a fresh kernel, so
what a test sees is the course directory as it is at that moment.
"""

from __future__ import annotations

import hashlib
import html
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from browserkit import free_port, jupyter_bin, serve
from playwright.sync_api import Page, expect

from ikmkit import demo, readiness
from ikmkit.cohort import tracking

LOAD_TIMEOUT = 90_000  # first page load starts a kernel and reads the course


@dataclass
class Served:
    url: str
    course: Path
    table: pd.DataFrame  # the live cohort, read by the test itself
    files: dict[str, tuple[int, int, str]]  # the course directory right after the demo


def _files(root: Path) -> dict[str, tuple[int, int, str]]:
    out: dict[str, tuple[int, int, str]] = {}
    for path in sorted(root.rglob("*")):
        stat = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        out[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns, digest)
    return out


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory,
           jupyter_env: dict[str, str]) -> Iterator[Served]:
    out = tmp_path_factory.mktemp("dasbor-demo") / "demo"
    result = demo.run_demo(out, participants=16, seed=0, progress=False)
    course = result.course_dir
    table = tracking.load_cohort(course).table
    files = _files(course)
    port = free_port()
    cmd = [jupyter_bin("ikmkit"), "dashboard", str(course), "--port", str(port),
           "--no-browser"]
    with serve(cmd, port=port, env=jupyter_env, cwd=out.parent,
               log=out.parent / "dashboard.log") as url:
        yield Served(url=url, course=course, table=table, files=files)


def _open(page: Page, url: str) -> None:
    page.set_default_timeout(30_000)
    page.goto(url + "/")
    expect(page.locator(".ikm-table table")).to_be_visible(timeout=LOAD_TIMEOUT)


def _row_ids(page: Page) -> list[str]:
    return page.locator(".ikm-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.peserta)")


def _plotted(page: Page, chart: str) -> dict[str, str]:
    raw = page.locator(f".ikm-chart-{chart} .ikm-chart").get_attribute("data-nilai") or ""
    return dict(item.split("=", 1) for item in html.unescape(raw).split(";") if item)


def _expect_count(page: Page, n: int) -> None:
    """Wait until the summary (updated after table, charts and card) names n participants."""
    expect(page.locator(".ikm-summary")).to_have_text(re.compile(rf"^\s*{n} peserta\b"))


def _levels(table: pd.DataFrame) -> dict[str, str]:
    return {k: str(v) for k, v in tracking.level_counts(table[table["total"].notna()]).items()}


def test_dashboard_lists_the_demo_cohort(served: Served, page: Page) -> None:
    """All 16 demo participants in the table, summary and level chart match the cohort."""
    _open(page, served.url)
    assert page.title() == "Dasbor kohort IKM"
    expect(page.get_by_role("heading", name="Dasbor kohort inkubator ekspor IKM")).to_be_visible()
    assert _row_ids(page) == sorted(served.table.index)
    assert len(_row_ids(page)) == 16
    _expect_count(page, 16)
    mean = f"{served.table['total'].mean():.1f}".replace(".", ",")
    expect(page.locator(".ikm-summary")).to_contain_text(f"rata-rata skor {mean}")
    assert _plotted(page, "level") == _levels(served.table)
    for chart in ("level", "dimensions", "grades", "obstacles"):
        expect(page.locator(f".ikm-chart-{chart} svg")).to_be_visible()
    # Voilà shows no code, no traceback and no progress bars (tqdm.auto would draw widgets)
    assert page.locator("html").get_attribute("lang") == "id"
    assert "from ikmkit.cohort.dashboard import app" not in page.content()
    expect(page.locator(".widget-hprogress")).to_have_count(0)
    expect(page.get_by_text("Traceback")).to_have_count(0)


def test_filters_change_table_and_charts(served: Served, page: Page) -> None:
    """Sector, then level: the table rows and the level chart follow; back to "Semua"."""
    _open(page, served.url)
    t = served.table
    before_svg = page.locator(".ikm-chart-level svg").inner_html()

    page.locator(".ikm-filter-sector select").select_option(label="Bordir")
    bordir = t[t["sector"] == "bordir"]
    # the summary is updated last: once it shows the new count, the rest is up to date
    _expect_count(page, len(bordir))
    expect(page.locator(".ikm-table tbody tr")).to_have_count(len(bordir))
    assert _row_ids(page) == sorted(bordir.index)
    assert _plotted(page, "level") == _levels(bordir)
    assert page.locator(".ikm-chart-level svg").inner_html() != before_svg

    level = str(bordir["level"].value_counts().index[0])
    page.locator(".ikm-filter-level select").select_option(label=level)
    both = bordir[bordir["level"] == level]
    _expect_count(page, len(both))
    expect(page.locator(".ikm-table tbody tr")).to_have_count(len(both))
    assert _row_ids(page) == sorted(both.index)
    expected = {name: (str(len(both)) if name == level else "0") for name in _levels(t)}
    expect(page.locator(".ikm-chart-level .ikm-chart")).to_have_attribute(
        "data-nilai", ";".join(f"{k}={v}" for k, v in expected.items()))

    page.locator(".ikm-filter-module select").select_option(label=readiness.MODULES["03"])
    graded = both[both["nilai_m03-kemasan"].notna()]
    expect(page.locator(".ikm-summary")).to_contain_text("Modul 03")
    _expect_count(page, len(graded))
    expect(page.locator(".ikm-table tbody tr")).to_have_count(len(graded))
    expect(page.locator(".ikm-chart-grades")).to_contain_text("Sebaran nilai Modul 03")

    for name in ("sector", "level", "module"):
        page.locator(f".ikm-filter-{name} select").select_option(index=0)
    _expect_count(page, len(t))
    expect(page.locator(".ikm-table tbody tr")).to_have_count(len(t))


def test_drill_down_shows_the_participant(served: Served, page: Page,
                                          artifacts_dir: Path) -> None:
    """Choosing a participant shows their card; a full-page screenshot is saved."""
    _open(page, served.url)
    t = served.table
    page.locator(".ikm-filter-sector select").select_option(label="Makanan-minuman")
    food = t[t["sector"] == "makanan-minuman"].sort_index()
    _expect_count(page, len(food))
    expect(page.locator(".ikm-table tbody tr")).to_have_count(len(food))
    drill = page.locator(".ikm-drill select")
    expect(drill.locator("option")).to_have_count(len(food))
    pid = str(food.index[-1])
    row = food.loc[pid]
    drill.select_option(label=f"{pid} – {row['nama_usaha']}")
    card = page.locator(".ikm-card")
    expect(card.locator("h3").first).to_have_text(str(row["nama_usaha"]))
    expect(card).to_contain_text(f"ID {pid}")
    expect(card.locator("[data-kunci=total]")).to_have_text(
        f"{row['total']:.1f}".replace(".", ","))
    expect(card).to_contain_text(str(row["level"]))
    expect(card).to_contain_text("Snapshot intake")
    expect(card).to_contain_text("Langkah berikutnya")
    expect(card.locator("svg")).to_be_visible()  # radar

    # Voilà scrolls inside #rendered_cells: make the viewport as tall as the content
    height = page.evaluate("document.querySelector('#rendered_cells').scrollHeight")
    page.set_viewport_size({"width": 1300, "height": int(height) + 40})
    shot = artifacts_dir / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    print(f"screenshot: {shot}", file=sys.stderr)


def test_reload_shows_the_course_as_it_is_now(served: Served, page: Page) -> None:
    """The dashboard left the course untouched; a snapshot the test adds shows on reload."""
    _open(page, served.url)
    page.locator(".ikm-filter-snapshot select").select_option(index=1)
    expect(page.locator(".ikm-summary")).to_contain_text("snapshot intake")
    assert _files(served.course) == served.files  # nothing written by the dashboard

    snapshot = page.locator(".ikm-filter-snapshot select option")
    count = snapshot.count()
    assert not any("uji-peramban" in t for t in snapshot.all_inner_texts())
    tracking.take_snapshot(served.course, "uji-peramban", served.table, date="2027-01-05")
    page.reload()
    expect(page.locator(".ikm-table table")).to_be_visible(timeout=LOAD_TIMEOUT)
    expect(snapshot).to_have_count(count + 1)
    page.locator(".ikm-filter-snapshot select").select_option(
        label="Snapshot uji-peramban (2027-01-05)")
    expect(page.locator(".ikm-summary")).to_contain_text("snapshot uji-peramban (2027-01-05)")
    _expect_count(page, len(served.table))
    expect(page.locator(".ikm-table tbody tr")).to_have_count(len(served.table))
