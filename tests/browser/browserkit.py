"""Helpers for the browser tests: start/stop Jupyter servers, free ports, Lab waits.

Imported by the tests in this folder as ``from browserkit import ...`` (pytest puts this
folder on ``sys.path``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

from ikmkit.hub.server import free_port  # noqa: F401 - the browser tests take it from here

BIN = Path(sys.executable).parent


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


@contextlib.contextmanager
def serve(cmd: Sequence[str], *, port: int, env: dict[str, str], cwd: Path, log: Path,
          probe: str = "/ikmkit-probe", timeout: float = 60) -> Iterator[str]:
    """Start a server, wait until it answers HTTP on *probe*, yield its base URL, stop it.

    Any HTTP answer (a 404 too) means the server is up; the probe path must not be one
    that starts a kernel (Voilà runs the notebook on ``GET /``).
    """
    base = f"http://127.0.0.1:{port}"
    with open(log, "wb") as out:
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}: {cmd}\n"
                                   + log.read_text(errors="replace")[-3000:])
            try:
                urllib.request.urlopen(base + probe, timeout=2).close()
                break
            except urllib.error.HTTPError:
                break  # the server answered
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server not up after {timeout:.0f} s: {cmd}\n"
                                       + log.read_text(errors="replace")[-3000:]) from None
                time.sleep(0.2)
        yield base
    finally:
        _stop(proc)


def jupyter_bin(name: str) -> str:
    """Path of a console script (voila, jupyter) installed beside this Python."""
    path = BIN / name
    return str(path) if path.exists() else (shutil.which(name) or name)


def wait_for_lab_idle(page, timeout: float = 60_000) -> None:
    """Wait until JupyterLab's status bar says the kernel is idle (pitfall 3)."""
    page.locator("#jp-main-statusbar").get_by_text("| Idle").wait_for(timeout=timeout)
