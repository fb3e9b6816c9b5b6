"""``ikmkit dashboard``: the live cohort dashboard in the browser (Voilà on 127.0.0.1)."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from ikmkit._net import free_port, port_free
from ikmkit.commands import add_course_dir

DEFAULT_PORT = 8866
HOST = "127.0.0.1"
LAB_ONLY_EXTENSIONS = ("@jupyter/nbgrader", "@jupyter-notebook/lab-extension",
                       "@voila-dashboards/jupyterlab-preview")

DESCRIPTION = f"""\
Membuka dasbor kohort interaktif di peramban (dijalankan dengan Voilà):
  - tabel peserta dengan skor, tingkat kesiapan, penghambat dan nilai modul;
  - filter sektor, tingkat kesiapan, modul dan snapshot; grafik ikut berubah;
  - rincian satu peserta: rapor, nilai per modul, riwayat antar-snapshot, langkah berikutnya.

Dasbor hanya MEMBACA folder kelas FOLDER dan tidak pernah mengubahnya. Data dibaca setiap
kali halaman dibuka atau dimuat ulang (atau tombol "Muat ulang data" ditekan), jadi hasil
penilaian ulang langsung terlihat. Server hanya bisa dibuka dari komputer ini
(http://{HOST}:PORT/). Hentikan dengan Ctrl-C.
"""


def register(subparsers: Any) -> None:
    """Add the ``dashboard`` sub-command."""
    p = subparsers.add_parser(
        "dashboard", help="buka dasbor kohort interaktif di peramban (hanya membaca data)",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_course_dir(p)
    p.add_argument("--port", type=int, default=None, metavar="PORT",
                   help=f"port server (bawaan: {DEFAULT_PORT}; bila sudah dipakai, dipilih "
                        "port lain yang bebas)")
    p.add_argument("--no-browser", action="store_true",
                   help="jangan membuka peramban secara otomatis")
    p.set_defaults(handler=_run)


def notebook_path() -> Path:
    """The dashboard notebook shipped inside the package."""
    import ikmkit

    return Path(ikmkit.__file__).resolve().parent / "cohort" / "notebooks" / "dashboard.ipynb"


def voila_command(notebook: Path, port: int, *, open_browser: bool) -> list[str]:
    """The Voilà command line: local only, no code shown, no other file served."""
    cmd = [
        sys.executable, "-m", "voila", str(notebook),
        f"--Voila.ip={HOST}", f"--port={port}",
        "--Voila.port_retries=0",  # never move silently to a port other than the one printed
        "--theme=light", "--strip_sources=True", "--show_tracebacks=False",
        # no file of the notebook's folder is served (Voilà serves images there by default)
        "--VoilaConfiguration.file_denylist=.*",
        # JupyterLab-only extensions installed beside ikmkit: in Voilà they only log errors
        *(f"--VoilaConfiguration.extension_denylist={name}" for name in LAB_ONLY_EXTENSIONS),
        "--VoilaExporter.language_code=id",
        "--Voila.log_level=ERROR",  # no per-page "not trusted" warnings in the terminal
    ]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def choose_port(requested: int | None) -> tuple[int, str | None]:
    """The port to serve on and, when the default was taken, a note saying which instead."""
    from ikmkit.cohort.dashboard import DashboardError

    if requested is not None:
        if not 1 <= requested <= 65535:
            raise DashboardError(f"'--port' harus antara 1 dan 65535: {requested}")
        if not port_free(requested, HOST):
            raise DashboardError(f"port {requested} sudah dipakai program lain; pilih port lain "
                                 "dengan --port, atau tanpa --port agar dipilih otomatis")
        return requested, None
    if port_free(DEFAULT_PORT, HOST):
        return DEFAULT_PORT, None
    port = free_port(HOST)
    return port, f"Port {DEFAULT_PORT} sudah dipakai; dasbor memakai port {port}."


class _Terminated(Exception):
    """SIGTERM arrived while Voilà was running."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated


def _stop(proc: subprocess.Popen[bytes], *, interrupted: bool) -> None:
    """Let Voilà shut its kernels down; force it only if it does not stop."""
    if interrupted:  # Ctrl-C reached Voilà too (same process group): give it time
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _run(args: argparse.Namespace) -> int:
    from ikmkit.cohort.dashboard import COURSE_DIR_ENV, DashboardError, check_course_dir

    root = check_course_dir(args.course_dir)
    notebook = notebook_path()
    if not notebook.is_file():
        raise DashboardError(f"notebook dasbor tidak ditemukan di paket: {notebook}")
    port, note = choose_port(args.port)
    env = dict(os.environ)
    env[COURSE_DIR_ENV] = str(root)
    env["TQDM_DISABLE"] = "1"  # no progress bars in the page or the log
    env.setdefault("MPLBACKEND", "Agg")
    if note:
        print(note)
    print(f"Dasbor kohort untuk {root}")
    print(f"Buka di peramban: http://{HOST}:{port}/")
    print("Data kelas hanya dibaca, tidak diubah. Tekan Ctrl-C untuk berhenti.", flush=True)
    proc = subprocess.Popen(voila_command(notebook, port, open_browser=not args.no_browser),
                            env=env)
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: no handler, Voilà still stops with us
        previous = None
    try:
        code = proc.wait()
    except KeyboardInterrupt:
        _stop(proc, interrupted=True)
        print("Dasbor dihentikan.")
        return 0
    except _Terminated:
        _stop(proc, interrupted=False)
        return 0
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if code != 0:
        print(f"Galat: Voilà berhenti dengan kode {code} (lihat pesan di atas).",
              file=sys.stderr)
        return 1
    return 0
