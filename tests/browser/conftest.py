"""Fixtures for the browser tests: Debian's Chromium driven by Python Playwright.

Servers (Voilà, JupyterLab) are started on free local ports in their own session and
stopped by process group, also when the readiness wait fails. Jupyter's data, config and
runtime folders point into a temporary directory, so nothing is written to ``~``.
Settings follow ``../shared/BROWSER-TESTING.md``.

Chromium comes from the system package manager (``make test`` installs it); Playwright's
own browser download is never used. Without Chromium the tests fail with a message saying
how to install it, unless ``IKMKIT_SKIP_BROWSER=1`` is set on purpose.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from browserkit import BIN

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("IKMKIT_CHROMIUM", "/usr/bin/chromium")

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright launch options: the system Chromium, headless, no network chatter."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("IKMKIT_SKIP_BROWSER") == "1":
            pytest.skip("IKMKIT_SKIP_BROWSER=1: browser tests skipped on purpose")
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs the "
                    "Debian package) or `bash scripts/apt-install.sh chromium`.")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """``test-artifacts/`` in the repository (git-ignored): screenshots land here."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def jupyter_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for Jupyter servers with every per-user folder in a temporary directory."""
    root = tmp_path_factory.mktemp("jupyter-home")
    env = dict(os.environ)
    for var, sub in [("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                     ("JUPYTERLAB_SETTINGS_DIR", "lab-settings"),
                     ("JUPYTERLAB_WORKSPACES_DIR", "lab-workspaces")]:
        (root / sub).mkdir()
        env[var] = str(root / sub)
    # Lab's news/update toast can cover elements (BROWSER-TESTING.md, pitfall 5).
    notif = root / "lab-settings" / "@jupyterlab" / "apputils-extension"
    notif.mkdir(parents=True)
    (notif / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("JUPYTER_PLATFORM_DIRS", None)
    return env
