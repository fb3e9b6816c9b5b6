"""Run a batch's JupyterHub in the foreground and stop it, and everything it started.

:func:`start` picks the ports (the public one as asked, the internal ones free), starts
JupyterHub from the batch environment (JupyterHub starts configurable-http-proxy, the
course service and, on login, everyone's server), waits until it answers, and then waits
for Ctrl-C or SIGTERM. Stopping asks JupyterHub to shut down (it stops the servers, the
service and the proxy), waits, and then ends whatever of the batch is still running: the
proxy from its pid file and any process of the batch's accounts. Nothing is left behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ikmkit._net import free_port, port_free
from ikmkit.hub.accounts import system_user
from ikmkit.hub.config import HubError, Layout, Settings

__all__ = ["account_processes", "alive", "free_port", "port_free", "start", "stop_leftovers"]


def _uids(usernames: Iterable[str]) -> set[int]:
    out = set()
    for name in usernames:
        entry = system_user(name)
        if entry is not None:
            out.add(entry.pw_uid)
    return out


def account_processes(usernames: Iterable[str]) -> list[int]:
    """PIDs of the live (not zombie) processes running as any of these system users."""
    uids = _uids(usernames)
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = dict(line.split(":", 1) for line in
                          (entry / "status").read_text().splitlines() if ":" in line)
            if int(fields["Uid"].split()[0]) in uids and not fields["State"].strip(
                    ).startswith("Z"):
                found.append(int(entry.name))
        except (OSError, ValueError, KeyError):
            continue
    return found


def alive(pid: int) -> bool:
    """Whether process *pid* runs (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _end(pids: Iterable[int], grace: float = 5.0) -> list[int]:
    pids = [p for p in pids if alive(p)]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    for pid in pids:
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    return pids


def stop_leftovers(settings: Settings, layout: Layout) -> list[int]:
    """End what a stopped hub may have left: its proxy and the batch accounts' processes."""
    pids: list[int] = []
    pid_file = layout.data / "proxy.pid"
    if pid_file.is_file():
        with contextlib.suppress(ValueError, OSError):
            pids.append(int(pid_file.read_text().strip()))
        pid_file.unlink(missing_ok=True)
    pids += account_processes([*settings.participants, *settings.trainers,
                               settings.course_user])
    return _end(pids)


class _Stop(Exception):
    """SIGTERM or SIGINT arrived."""


def _on_signal(signum: int, frame: Any) -> None:
    raise _Stop


def _wait_until_up(proc: subprocess.Popen[bytes], url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise HubError(f"JupyterHub berhenti dengan kode {proc.returncode} sebelum siap "
                           "(lihat catatan JupyterHub)")
        try:  # the proxy answers 404 until JupyterHub has added its own route
            with urllib.request.urlopen(url, timeout=2) as answer:
                if b'"version"' in answer.read():
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise HubError(f"JupyterHub belum menjawab di {url} setelah {timeout:.0f} "
                               "detik") from None
            time.sleep(0.3)


def _shutdown(proc: subprocess.Popen[bytes], settings: Settings, layout: Layout,
              say: Callable[[str], Any]) -> None:
    if proc.poll() is None:
        say("Menghentikan JupyterHub dan semua server peserta ...")
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # anything of its own process group
    ended = stop_leftovers(settings, layout)
    if ended:
        say(f"{len(ended)} proses sisa dihentikan.")


def _check_start(settings: Settings, port: int, ip: str) -> Path:
    """JupyterHub's program, once everything a start needs is there."""
    if os.geteuid() != 0:
        raise HubError("`ikmkit hub start` harus dijalankan sebagai root (sudo): JupyterHub "
                       "menjalankan server tiap peserta sebagai pengguna sistemnya sendiri")
    hub_bin = Path(settings.env_bin) / "jupyterhub"
    if not hub_bin.exists():
        raise HubError(f"JupyterHub tidak ada di {hub_bin}; jalankan ulang `ikmkit hub init`")
    if not Path(settings.proxy).exists():
        raise HubError(f"configurable-http-proxy tidak ada di {settings.proxy}; jalankan "
                       "`make hub-tools` di repositori ikmkit lalu `ikmkit hub init` lagi")
    if not 1 <= port <= 65535:
        raise HubError(f"'--port' harus antara 1 dan 65535: {port}")
    if not port_free(port, ip):
        raise HubError(f"port {port} sudah dipakai program lain; pilih port lain dengan --port")
    return hub_bin


def _hub_environment(settings: Settings, port: int, ip: str) -> dict[str, str]:
    """JupyterHub's environment: the batch's tools first, free internal ports."""
    ports = {"IKMKIT_HUB_API_PORT": free_port(), "IKMKIT_PROXY_API_PORT": free_port(),
             "IKMKIT_SERVICE_PORT": free_port()}
    while len(set(ports.values()) | {port}) < 4:
        ports["IKMKIT_SERVICE_PORT"] = free_port()
    return {
        "PATH": f"{settings.env_bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8",
        "HOME": os.environ.get("HOME", "/root"),
        "PYTHONUNBUFFERED": "1",
        "IKMKIT_HUB_IP": ip,
        "IKMKIT_HUB_PORT": str(port),
        **{k: str(v) for k, v in ports.items()},
    }


def _announce(settings: Settings, port: int, ip: str, log: Path | None,
              say: Callable[[str], Any]) -> str:
    """Tell the trainer where the hub is; its address."""
    shown = "localhost" if ip == "127.0.0.1" else (socket.gethostname()
                                                    if ip == "0.0.0.0" else ip)
    address = f"http://{shown}:{port}/"
    say(f"Hub angkatan {settings.title} siap: {address}")
    say("Akun dan kata sandi: akun.csv dan kartu-login/semua.html di folder hub "
        "(hanya root).")
    if log is not None:
        say(f"Catatan JupyterHub: {log}")
    say("Tekan Ctrl-C untuk menghentikan hub.")
    return address


def _run(proc: subprocess.Popen[bytes], settings: Settings, port: int, ip: str,
         log: Path | None, say: Callable[[str], Any],
         ready: Callable[[str], Any] | None) -> int:
    """Wait for the running hub until it ends by itself (its code) or a signal (0)."""
    try:
        host = "127.0.0.1" if ip in ("0.0.0.0", "") else ip
        _wait_until_up(proc, f"http://{host}:{port}/hub/api", timeout=120)
        address = _announce(settings, port, ip, log, say)
        if ready is not None:
            ready(address)
        code = proc.wait()
        say(f"JupyterHub berhenti sendiri (kode {code}).")
        return code
    except _Stop:
        return 0


def start(root: Path, settings: Settings, *, port: int = 8000, ip: str = "0.0.0.0",
          log: Path | None = None, say: Callable[[str], Any] = print,
          ready: Callable[[str], Any] | None = None) -> int:
    """Run the hub until SIGINT/SIGTERM; returns JupyterHub's exit status (0 when stopped).

    ``log`` receives JupyterHub's output (None: this terminal). ``ready`` is called with
    the hub's address once it answers.
    """
    layout = Layout(root)
    hub_bin = _check_start(settings, port, ip)
    leftovers = stop_leftovers(settings, layout)
    if leftovers:
        say(f"{len(leftovers)} proses dari hub sebelumnya dihentikan dulu.")
    env = _hub_environment(settings, port, ip)
    layout.data.mkdir(mode=0o700, exist_ok=True)
    out = open(log, "ab") if log is not None else None  # noqa: SIM115 (closed below)
    previous = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(ValueError):  # not the main thread
                previous[sig] = signal.signal(sig, _on_signal)
        proc = subprocess.Popen([str(hub_bin), "-f", str(layout.jupyterhub_config)],
                                cwd=layout.data, env=env, stdout=out, stderr=out,
                                start_new_session=True)
        try:
            return _run(proc, settings, port, ip, log, say, ready)
        finally:
            for sig in previous:  # a second Ctrl-C must not cut the clean-up short
                signal.signal(sig, signal.SIG_IGN)
            _shutdown(proc, settings, layout, say)
            say("Hub berhenti; tidak ada proses hub yang tersisa.")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if out is not None:
            out.close()
        sys.stdout.flush()
