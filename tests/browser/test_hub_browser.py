"""The whole weekly cycle on a real hub, in Debian's Chromium.

One batch (two participants, two trainers, the gradebook in a real PostgreSQL server) is
created with ``ikmkit hub init`` and run with ``ikmkit hub start`` on a free port. A trainer
releases ``m01-standardisasi`` in the formgrader; a participant logs in with the password
of their login card, fetches it, answers every question, validates and submits; the trainer
collects, grades through ``ikmkit grade`` in the course terminal (the formgrader's own
Autograde button refuses and says so), scores the written answer by hand, writes the
feedback with ``ikmkit feedback`` (the Generate Feedback button refuses too) and releases
it; the participant reads it, total score included. Around it: a wrong password gets an
Indonesian message; a participant cannot open the formgrader, the dashboard or anything of
another participant or of the course (checked from inside the participant's own kernel);
trainers see the roster in the live dashboard.
Screenshots go to ``test-artifacts/hub-*.png``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hubkit import Batch, RunningHub, running_hub
from playwright.sync_api import Browser, Page, expect

REPO = Path(__file__).resolve().parents[2]
ASSIGNMENT = "m01-standardisasi"
SOURCE = REPO / "assessments" / "source" / ASSIGNMENT
STUB = "TULIS JAWABAN ANDA DI SINI"
WRITTEN = "Pertama PIRT dari bupati/wali kota lewat OSS, lalu sertifikat halal dari BPJPH."
MANUAL_SCORE = 2


def _solution(source: str) -> str:
    lines, inside = [], False
    for line in source.splitlines():
        if "BEGIN SOLUTION" in line:
            inside = True
        elif "END SOLUTION" in line:
            inside = False
        elif inside:
            lines.append(line)
    return "\n".join(lines)


def _source_cells() -> tuple[str, list[str], str, float]:
    """(notebook name, code answers in order, written-answer grade id, autograded points)."""
    path = sorted(SOURCE.glob("*.ipynb"))[0]
    nb = json.loads(path.read_text(encoding="utf-8"))
    answers, written, points = [], None, 0.0
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        text = "".join(cell["source"])
        if meta.get("solution") and cell["cell_type"] == "code" and not meta.get("grade"):
            answers.append(_solution(text))
        elif meta.get("solution") and meta.get("grade") and cell["cell_type"] == "markdown":
            written = meta["grade_id"]
        elif meta.get("grade") and not meta.get("solution"):
            points += float(meta.get("points", 0))
    assert written is not None and answers
    return path.stem, answers, written, points


@pytest.fixture(scope="module")
def hub(make_hub, postgres, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    url = postgres.create_database("hub_web")
    batch = make_hub("web", participants=2, trainers=("rina", "agus"), db=url)
    log = tmp_path_factory.mktemp("hub-web-log") / "hub.log"
    with running_hub(batch, log) as running:
        yield running


def _page(browser: Browser) -> Page:
    page = browser.new_context(viewport={"width": 1300, "height": 850}).new_page()
    page.set_default_timeout(60_000)
    return page


def _login(page: Page, hub: RunningHub, user: str, password: str, next_url: str = "") -> None:
    page.goto(hub.url + "/hub/login" + (f"?next={next_url}" if next_url else ""))
    try:
        page.locator("#username_input").wait_for(timeout=30_000)
    except Exception:
        raise AssertionError(f"no login form at {page.url}:\n{page.content()[:3000]}") from None
    page.fill("#username_input", user)
    page.fill("#password_input", password)
    page.click("#login_submit")


def _lab(page: Page, hub: RunningHub, user: str, password: str) -> None:
    _login(page, hub, user, password)
    page.wait_for_url(re.compile(rf".*/user/{user}/lab.*"), timeout=180_000)
    page.locator("#jp-main-statusbar").wait_for(timeout=120_000)


def _assignments(page: Page) -> None:
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    page.get_by_text("Assignment List", exact=True).click()
    expect(page.locator("#assignments")).to_be_visible()


def _modal_ok(page: Page, must_contain: str) -> str:
    modal = page.locator(".modal-dialog").filter(has_text=must_contain)
    expect(modal).to_be_visible(timeout=120_000)
    text = modal.inner_text()
    modal.get_by_role("button", name="OK").click()
    expect(page.locator(".modal-dialog")).to_have_count(0)
    return text


def _row(page: Page, assignment: str):
    return page.locator("#main-table tr").filter(
        has=page.locator(f'td.name[data-order="{assignment}"]'))


def _terminal(page: Page, hub: RunningHub, command: str) -> None:
    """Type a command in a fresh terminal of the course service's JupyterLab."""
    page.goto(f"{hub.url}/services/{hub.batch.course_id}/lab?reset")
    page.locator(".jp-LauncherCard").filter(has_text="Terminal").first.click()
    terminal = page.locator(".jp-Terminal").last
    expect(terminal).to_be_visible()
    page.wait_for_timeout(1500)  # the shell prompt
    terminal.click()
    page.keyboard.type(command + "\n")


def _wait_for(check, timeout: float = 300, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached in {timeout:.0f} s: {what}")
        time.sleep(1)


def _answer_notebook(page: Page, answers: list[str]) -> None:
    cells = page.locator(".jp-Notebook .jp-CodeCell")
    expect(cells.first).to_be_visible()
    stubs = [i for i in range(cells.count())
             if STUB in (cells.nth(i).locator(".cm-content").text_content() or "")]
    assert len(stubs) == len(answers), (stubs, len(answers))
    for i, answer in zip(stubs, answers, strict=True):
        cells.nth(i).locator(".cm-content").click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(answer)
    markdown = page.locator(".jp-Notebook .jp-MarkdownCell")
    expect(markdown.filter(has_text=re.compile(rf"^{STUB}"))).to_have_count(1)
    index = [k for k in range(markdown.count())
             if (markdown.nth(k).text_content() or "").startswith(STUB)][0]
    cell = markdown.nth(index)
    cell.dblclick()
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(WRITTEN)
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Control+S")
    expect(page.locator(".jp-mod-dirty")).to_have_count(0)


def test_wrong_password_gets_an_indonesian_message(hub: RunningHub, browser: Browser,
                                                   artifacts_dir: Path) -> None:
    """A wrong password keeps the person on the login page with a plain Indonesian hint."""
    page = _page(browser)
    user = hub.batch.participants[0]
    _login(page, hub, user, hub.batch.accounts[user] + "x")
    error = page.locator("#ikmkit-login-error")
    expect(error).to_contain_text("Nama pengguna atau kata sandi salah")
    expect(page.locator("#login_submit")).to_have_value("Masuk")
    assert "Invalid username" not in page.content()
    page.screenshot(path=str(artifacts_dir / "hub-login-salah.png"))
    page.context.close()


def test_whole_cycle(hub: RunningHub, browser: Browser, artifacts_dir: Path) -> None:
    """Release -> fetch, answer, validate, submit -> collect, grade, manual score, feedback
    -> the participant reads the feedback with the total score."""
    batch: Batch = hub.batch
    course = batch.root / "kelas"
    notebook, answers, written_id, auto_points = _source_cells()
    student, trainer = batch.participants[0], batch.trainers[0]
    accounts = batch.accounts
    service = f"{hub.url}/services/{batch.course_id}"

    # ---- the trainer releases the assignment in the formgrader
    coach = _page(browser)
    _login(coach, hub, trainer, accounts[trainer], next_url="/hub/home")
    coach.wait_for_url(re.compile(r".*/hub/home"))
    expect(coach.locator("#ikmkit-pelatih")).to_contain_text("Untuk pelatih")
    coach.click("#ikmkit-formgrader")
    _row(coach, ASSIGNMENT).locator("td.release a").click()
    _modal_ok(coach, "Success")

    # ---- the participant: card password, Lab in Indonesian, fetch, answer, validate, submit
    page = _page(browser)
    _lab(page, hub, student, accounts[student])
    expect(page.locator(".jp-DirListing-header")).to_contain_text("Nama")  # id_ID pack
    expect(page.locator(".jp-DirListing-content")).to_contain_text("materi")
    _assignments(page)
    page.locator("#released_assignments_list").get_by_role("button", name="Fetch").click()
    fetched = page.locator("#fetched_assignments_list")
    fetched.get_by_role("button", name=re.compile(ASSIGNMENT)).click()
    fetched.get_by_role("link", name=notebook).click()
    page.locator("#jp-main-statusbar").get_by_text("| Idle").wait_for(timeout=120_000)
    _answer_notebook(page, answers)
    page.get_by_role("tab", name=re.compile("Assignments")).click()
    fetched.get_by_role("button", name="Validate").click()
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_contain_text("passes all the tests", timeout=120_000)
    dialog.get_by_role("button").last.click()
    fetched.get_by_role("button", name="Submit").click()
    expect(page.locator("#submitted_assignments_list")).to_contain_text(ASSIGNMENT)
    page.screenshot(path=str(artifacts_dir / "hub-peserta-tugas.png"))

    # ---- the trainer collects; the formgrader's Autograde points to ikmkit grade
    coach.goto(f"{service}/formgrader/manage_assignments")
    _row(coach, ASSIGNMENT).locator("td.collect a").click()
    assert student in _modal_ok(coach, "Success")
    coach.goto(f"{service}/formgrader/manage_submissions/{ASSIGNMENT}")
    coach.locator("tr").filter(has_text=student).locator("td.autograde a").click()
    assert "ikmkit grade" in _modal_ok(coach, "ikmkit grade")
    assert not (course / "autograded" / student / ASSIGNMENT).exists()

    # ---- grading through ikmkit in the course terminal
    _terminal(coach, hub, "ikmkit grade . --no-progress")
    results = course / "hasil-penilaian.csv"
    _wait_for(lambda: results.exists(), what="ikmkit grade wrote hasil-penilaian.csv")
    row = next(csv.DictReader(results.open(encoding="utf-8")))
    assert (row["participant"], row["status"]) == (student, "graded"), row
    assert float(row["score"]) == auto_points  # every taught answer earns full marks
    coach.screenshot(path=str(artifacts_dir / "hub-terminal-nilai.png"))

    # ---- the written answer, scored by hand in the formgrader
    coach.goto(f"{service}/formgrader/gradebook/{ASSIGNMENT}/{notebook}")
    coach.get_by_role("link", name=re.compile(r"Submission #\d")).first.click()
    expect(coach.locator("body")).to_contain_text(WRITTEN[:40])
    # the page loads its grade models after the notebook; a score typed earlier is not saved
    coach.wait_for_function(
        "() => !!(window.formgrader && formgrader.grades && formgrader.grades.loaded)")
    score = coach.locator(f"#{written_id}")
    with coach.expect_response(lambda r: "/api/grade/" in r.url
                               and r.request.method in ("PUT", "POST")) as saved:
        score.fill(str(MANUAL_SCORE))
        score.press("Tab")
    assert saved.value.ok
    total = auto_points + MANUAL_SCORE
    coach.goto(f"{service}/formgrader/gradebook/{ASSIGNMENT}")
    expect(coach.locator("body")).to_contain_text(f"{total:g} / ")
    coach.screenshot(path=str(artifacts_dir / "hub-formgrader.png"))

    # ---- Indonesian feedback from ikmkit (the formgrader's own button says so), released
    # with the formgrader
    coach.goto(f"{service}/formgrader/manage_assignments")
    _row(coach, ASSIGNMENT).locator("td.generate-feedback a").click()
    assert "ikmkit feedback" in _modal_ok(coach, "ikmkit feedback")
    assert not (course / "feedback" / student / ASSIGNMENT).exists()
    _terminal(coach, hub, "ikmkit feedback .")
    html = course / "feedback" / student / ASSIGNMENT / f"{notebook}.html"
    _wait_for(lambda: html.exists() and (html.parent / "timestamp.txt").exists(),
              what="ikmkit feedback wrote the page")
    coach.goto(f"{service}/formgrader/manage_assignments")
    _row(coach, ASSIGNMENT).locator("td.release-feedback a").click()
    _modal_ok(coach, "Success")

    # ---- the participant reads it
    page.get_by_role("tab", name=re.compile("Assignments")).click()
    page.locator("#refresh_assignments_list").click()
    submitted = page.locator("#submitted_assignments_list")
    submitted.get_by_role("button", name="Fetch Feedback").click()
    submitted.get_by_text("(view feedback)").click()
    page.locator(".jp-DirListing-content").get_by_text(f"{notebook}.html").dblclick()
    viewer = page.frame_locator(".jp-HTMLViewer iframe")
    expect(viewer.locator("body")).to_contain_text(f"Nilai: {total:.1f} / ", timeout=60_000)
    expect(viewer.locator("body")).to_contain_text("Umpan balik")
    assert "BEGIN HIDDEN TESTS" not in (viewer.locator("body").inner_text())
    page.screenshot(path=str(artifacts_dir / "hub-umpan-balik.png"))
    print(f"screenshots: {artifacts_dir}/hub-*.png", file=sys.stderr)
    page.context.close()
    coach.context.close()


def test_participant_cannot_open_formgrader_dashboard_or_others(
        hub: RunningHub, browser: Browser) -> None:
    """The course service answers a participant with 403; their own server has no
    formgrader; and their kernel can read nothing of the course, the accounts or another
    participant."""
    batch = hub.batch
    me, other = batch.participants
    page = _page(browser)
    _lab(page, hub, me, batch.accounts[me])
    for path in ("formgrader", "voila/render/dasbor.ipynb", "lab"):
        response = page.goto(f"{hub.url}/services/{batch.course_id}/{path}")
        assert response is not None and response.status == 403, path
    response = page.goto(f"{hub.url}/user/{me}/formgrader")
    assert response is not None and response.status == 404

    home = Path(json.loads((batch.root / "hub.json").read_text())["home_root"])
    targets = {
        "rumah peserta lain": str(home / other),
        "tugas peserta lain": str(home / other / ASSIGNMENT),
        "folder kursus": str(batch.root / "kelas"),
        "konfigurasi kursus": str(batch.root / "kelas" / "nbgrader_config.py"),
        "akun.csv": str(batch.root / "akun.csv"),
        "kartu masuk": str(batch.root / "kartu-login" / "semua.html"),
        "pengaturan hub": str(batch.root / "hub.json"),
        "kiriman di pertukaran": str(batch.root / "pertukaran" / batch.course_id / "inbound"),
        "rumah akun kelas": str(batch.root / "rumah-kelas"),
    }
    code = (
        "import json, os\n"
        f"targets = {targets!r}\n"
        "hasil = {}\n"
        "for nama, path in targets.items():\n"
        "    try:\n"
        "        os.listdir(path) if os.path.isdir(path) else open(path).read(1)\n"
        "        hasil[nama] = 'terbaca'\n"
        "    except PermissionError:\n"
        "        hasil[nama] = 'ditolak'\n"
        "try:\n"
        f"    open({str(batch.root / 'kelas' / 'coba.txt')!r}, 'w')\n"
        "    hasil['tulis ke kursus'] = 'bisa'\n"
        "except PermissionError:\n"
        "    hasil['tulis ke kursus'] = 'ditolak'\n"
        "print('HASIL=' + json.dumps(hasil))\n"
    )
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "source": code, "outputs": [],
                     "execution_count": None}],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    put = page.request.put(f"{hub.url}/user/{me}/api/contents/cek-akses.ipynb",
                           data=json.dumps({"type": "notebook", "content": nb}),
                           headers={"X-XSRFToken": xsrf, "Content-Type": "application/json"})
    assert put.ok, put.text()
    page.goto(f"{hub.url}/user/{me}/lab/workspaces/cek/tree/cek-akses.ipynb")
    page.locator("#jp-main-statusbar").get_by_text("| Idle").wait_for(timeout=120_000)
    page.locator(".jp-NotebookPanel:visible .jp-CodeCell .cm-content").first.click()
    page.keyboard.press("Shift+Enter")
    output = page.locator(".jp-OutputArea-output").filter(has_text="HASIL=")
    expect(output).to_be_visible(timeout=60_000)
    result = json.loads(output.inner_text().split("HASIL=", 1)[1])
    assert set(result) == {*targets, "tulis ke kursus"}
    assert set(result.values()) == {"ditolak"}, result
    page.context.close()


def test_trainers_reach_the_dashboard_with_the_roster(hub: RunningHub,
                                                      browser: Browser,
                                                      artifacts_dir: Path) -> None:
    """The live dashboard, as a page of the course service: every roster participant with
    name and district, for trainers only."""
    batch = hub.batch
    page = _page(browser)
    trainer = batch.trainers[1]
    _login(page, hub, trainer, batch.accounts[trainer], next_url="/hub/home")
    page.wait_for_url(re.compile(r".*/hub/home"))
    page.click("#ikmkit-dasbor")
    table = page.locator(".ikm-table table")
    expect(table).to_be_visible(timeout=120_000)
    rows = page.locator(".ikm-table tbody tr")
    expect(rows).to_have_count(len(batch.participants))
    roster = list(csv.DictReader(batch.roster.open(encoding="utf-8")))
    for person in roster:
        expect(table).to_contain_text(person["nama"])
        expect(table).to_contain_text(person["nama_ikm"])
    card = page.locator(".ikm-card")  # the first participant's card, district included
    expect(card).to_contain_text(roster[0]["kabupaten"])
    page.screenshot(path=str(artifacts_dir / "hub-dasbor.png"), full_page=True)
    page.context.close()
