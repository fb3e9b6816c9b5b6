"""JupyterLab 4 smoke test: a curriculum notebook runs and its widget renders and reacts.

Opens ``00-4-usaha-saya.ipynb`` (the module 00 worksheet: business profile and the readiness
self-assessment) in a real JupyterLab, runs every cell from the Run menu, then answers one
question in the widget and saves the profile, as a participant would. The participant's
``usaha_saya.json`` is kept in the test folder (``IKMKIT_USAHA_FILE``).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import free_port, jupyter_bin, serve, wait_for_lab_idle
from playwright.sync_api import Page, expect

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "curriculum" / "00-pengantar" / "00-4-usaha-saya.ipynb"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory,
        jupyter_env: dict[str, str]) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copy(NOTEBOOK, root / NOTEBOOK.name)
    jupyter_env = {**jupyter_env, "IKMKIT_USAHA_FILE": str(root / "usaha_saya.json")}
    port = free_port()
    cmd = [jupyter_bin("jupyter"), "lab", "--no-browser", f"--port={port}",
           "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
           f"--ServerApp.root_dir={root}", "--allow-root"]
    with serve(cmd, port=port, env=jupyter_env, cwd=root, log=root.parent / "lab.log",
               probe="/api/status") as url:
        yield url, root


def test_self_assessment_renders_and_reacts_in_jupyterlab(
        lab: tuple[str, Path], page: Page, artifacts_dir: Path) -> None:
    url, root = lab
    page.set_default_timeout(60_000)
    page.goto(f"{url}/lab/tree/{NOTEBOOK.name}")
    wait_for_lab_idle(page, timeout=90_000)

    # JupyterLab may be in Indonesian (make install sets the language pack as the default):
    # the Run menu and its item by their command, whatever the language
    page.get_by_role("menuitem", name=re.compile(r"^(Run|Menjalankan)$")).click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()

    outputs = page.locator(".jp-OutputArea-output")
    widget = outputs.filter(has_text="Penilaian mandiri kesiapan ekspor")
    expect(widget).to_be_visible(timeout=90_000)
    # The business profile form rendered too (the first widget of the worksheet).
    expect(outputs.filter(has_text="Profil usaha saya")).to_be_visible()

    summary = widget.get_by_text(re.compile(r"Skor total: \d"))
    expect(summary).to_have_text(re.compile(r"Skor total: 0,0 dari 100"))
    expect(widget).to_contain_text("Pra-ekspor")

    # Answer "Ya" to the first question of the open accordion panel: the score goes up.
    widget.get_by_role("button", name="Ya", exact=True).first.click()
    expect(summary).not_to_have_text(re.compile(r"Skor total: 0,0 dari 100"), timeout=20_000)

    widget.get_by_role("button", name="Simpan profil").click()
    expect(widget).to_contain_text("profil_ikm.json", timeout=20_000)
    saved = json.loads((root / "profil_ikm.json").read_text())
    assert saved["sector"] == "batik"
    assert any(value is True for value in saved["answers"].values())
    usaha = json.loads((root / "usaha_saya.json").read_text())["sections"]["kesiapan"]
    assert usaha["jawaban"] == saved["answers"]  # the next modules' worksheets start from it

    page.screenshot(path=str(artifacts_dir / "jupyterlab-penilaian-awal.png"), full_page=True)
    print(f"screenshot: {artifacts_dir / 'jupyterlab-penilaian-awal.png'}", file=sys.stderr)
