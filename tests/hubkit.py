"""Helpers of the hub tests (imported by ``tests/conftest.py`` and the hub test modules):
free ports, the test batches and a running ``ikmkit hub start``."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ikmkit.hub.server import alive, free_port  # the hub's own, shared with the tests

BIN = Path(sys.executable).parent


def traversable_tmp(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o711)  # accounts must reach their homes and the batch environment
    return path


@dataclass
class Batch:
    """A hub batch made for a test."""

    root: Path
    roster: Path
    course_id: str
    participants: list[str]
    trainers: list[str]

    @property
    def accounts(self) -> dict[str, str]:
        from ikmkit.hub.accounts import read_accounts

        return {a.username: a.password for a in read_accounts(self.root / "akun.csv")}


def roster_text(tag: str, n: int, start: int = 1) -> str:
    sectors = ["batik", "konveksi", "bordir", "makanan-minuman"]
    districts = ["Tuban", "Sidoarjo", "Pasuruan", "Malang"]
    names = ["Siti Rahayu", "Budi Santoso", "Dewi Lestari", "Tini Wulandari", "Agus Salim",
             "Rina Kusuma"]
    rows = ["id_peserta,nama,nama_ikm,sektor,kabupaten"]
    for k in range(start, start + n):
        rows.append(f"{tag.upper()}-{k:02d},{names[(k - 1) % len(names)]} {k},"
                    f"IKM Uji {k},{sectors[(k - 1) % 4]},{districts[(k - 1) % 4]}")
    return "\n".join(rows) + "\n"


def run_ikmkit(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "ikmkit"), *args], capture_output=True, text=True,
                          timeout=timeout, check=False)


@dataclass
class RunningHub:
    """A hub started with ``ikmkit hub start`` for a test."""

    batch: Batch
    url: str
    pid: int
    log: Path


def _hub_log(batch: Batch) -> str:
    path = batch.root / "data" / "jupyterhub.log"
    return "\n-- jupyterhub.log:\n" + path.read_text(errors="replace")[-6000:] \
        if path.exists() else ""


@contextlib.contextmanager
def running_hub(batch: Batch, log: Path, timeout: float = 120) -> Iterator[RunningHub]:
    """Start ``ikmkit hub start`` on a free port; stop it by PID (SIGTERM) and check that
    neither JupyterHub, its proxy nor any process of the batch's accounts is left."""
    from ikmkit.hub.server import account_processes

    port = free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(BIN / "ikmkit"), "hub", "start", str(batch.root),
                                 "--port", str(port), "--ip", "127.0.0.1"],
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        import urllib.request

        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"hub exited with {proc.returncode}:\n"
                                   + log.read_text(errors="replace")[-4000:]
                                   + _hub_log(batch))
            try:  # 404 from the proxy until JupyterHub has added its route
                with urllib.request.urlopen(url + "/hub/api", timeout=2) as answer:
                    if b'"version"' in answer.read():
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("hub not up:\n" + log.read_text(errors="replace")[-4000:]
                                       + _hub_log(batch)) from None
                time.sleep(0.3)
        yield RunningHub(batch=batch, url=url, pid=proc.pid, log=log)
    finally:
        proxy_pid_file = batch.root / "data" / "proxy.pid"
        proxy_pid = int(proxy_pid_file.read_text()) if proxy_pid_file.exists() else None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        names = [*batch.participants, *batch.trainers, f"grader-{batch.course_id}"]
        left = {pid: Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")[:200]
                for pid in account_processes(names)}
        assert left == {}, f"processes of the batch left running: {left}"
        assert proxy_pid is None or not alive(proxy_pid), "proxy left running"
