"""The Python environment the batch's Jupyter servers run in, readable by every account.

Participants' servers run as their own Linux users, so everything they start must be
readable by those users. A repository (and its ``.venv``) cloned under ``/root`` is not, and
neither is a Python installed there (pyenv). So ``ikmkit hub init`` builds a virtual
environment for the batch, by default ``DIR/env``:

* from a Python interpreter every user can run (the one running ikmkit if it can,
  otherwise the system's ``/usr/bin/python3``);
* with ikmkit built from this source tree (not an editable install) and every other
  package pinned to the version installed here (a pip constraints file), so the batch runs
  exactly what the tests ran;
* checked at the end by running it as ``nobody``.

Rebuilding is skipped when nothing changed (a stamp over the pins and ikmkit's files). If
no usable interpreter exists, or pip cannot download, :class:`EnvironmentProblem` says
what to install, in Indonesian.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ikmkit.errors import IkmkitError

__all__ = [
    "EnvironmentProblem",
    "build_environment",
    "check_readable_by_others",
    "constraints",
    "lab_overrides_path",
    "source_root",
]

STAMP = ".ikmkit-env.json"
NEEDED = ("ikmkit", "jupyterhub", "jupyterlab", "nbgrader", "voila")
_CHECK = "import " + ", ".join(NEEDED)
_SERVER_STACK = ("jupyter-server", "jupyterlab-server", "jupyter-client", "ipykernel",
                 "nbconvert", "traitlets", "jupyterhub", "notebook-shim")
LAB_OVERRIDES = Path("share", "jupyter", "lab", "settings", "overrides.d", "ikmkit.json")


class EnvironmentProblem(IkmkitError):
    """The single-user environment cannot be built or is not usable by other users."""


def source_root() -> Path:
    """The source tree ikmkit runs from (holds ``pyproject.toml``), for building the wheel."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "pyproject.toml").is_file():
        raise EnvironmentProblem(
            f"ikmkit tidak dijalankan dari repositorinya ({root} tanpa pyproject.toml); "
            "jalankan `ikmkit hub init` dari salinan repositori (make install)")
    return root


def lab_overrides_path() -> Path:
    """The JupyterLab defaults file in the repository (Indonesian, no news toasts)."""
    return source_root() / "jupyter-settings" / "ikmkit.json"


def check_readable_by_others(path: Path) -> str | None:
    """Why other users cannot reach ``path`` (a folder without o+x on the way), or None."""
    path = path.resolve()
    for folder in [*reversed(path.parents), path]:
        try:
            mode = folder.stat().st_mode
        except FileNotFoundError:
            break
        if not mode & 0o001:
            return (f"folder {str(folder)!r} tidak bisa dibuka pengguna lain (izin "
                    f"{oct(mode & 0o777)})")
    return None


def constraints() -> str:
    """Pins (``name==version``) for the batch environment: ikmkit's own dependencies and the
    Jupyter server stack, at the versions installed here.

    Their dependencies are left to pip: the batch's Python may be an older patch release
    than this one (Debian's 3.11.2 beside a pyenv 3.11.7), for which some of today's
    releases of small libraries are not published.
    """
    import re

    names = {re.split(r"[\s;<>=!~\[(]", req, maxsplit=1)[0]
             for req in md.requires("ikmkit") or [] if "extra ==" not in req}
    names |= set(_SERVER_STACK)
    lines = []
    for name in sorted(names, key=str.lower):
        try:
            lines.append(f"{name}=={md.version(name)}")
        except md.PackageNotFoundError:
            continue
    return "\n".join(lines) + "\n"


def _tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((root / "ikmkit").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    for name in ("pyproject.toml", str(Path("jupyter-settings", "ikmkit.json"))):
        if (root / name).is_file():
            digest.update((root / name).read_bytes())
    return digest.hexdigest()


def _runs_as_nobody(python: str, code: str) -> bool:
    runuser = shutil.which("runuser", path="/usr/sbin:/usr/bin:/sbin:/bin")
    if runuser is None:
        return False
    done = subprocess.run([runuser, "-u", "nobody", "--", python, "-c", code],
                          capture_output=True, cwd="/", check=False,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"})
    return done.returncode == 0


def _base_interpreter() -> str:
    """A Python >= 3.11 with venv that other users can run."""
    candidates = [os.path.realpath(getattr(sys, "_base_executable", sys.executable))]
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates += [f"/usr/bin/python{version}", "/usr/bin/python3", "/usr/local/bin/python3"]
    check = ("import sys, venv, ensurepip; "
             "sys.exit(0 if sys.version_info >= (3, 11) else 1)")
    for candidate in dict.fromkeys(candidates):
        if os.access(candidate, os.X_OK) and _runs_as_nobody(candidate, check):
            return candidate
    raise EnvironmentProblem(
        "tidak ada Python 3.11+ dengan modul venv yang bisa dijalankan pengguna lain "
        f"(dicoba: {', '.join(dict.fromkeys(candidates))}). Pasang dari Debian/Ubuntu: "
        "`apt-get install python3 python3-venv` (atau `make hub-tools`), lalu ulangi.")


def _pip(env: Path, *args: str) -> None:
    done = subprocess.run([str(env / "bin" / "python"), "-m", "pip", "--quiet",
                           "--disable-pip-version-check", *args],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-5:])
        raise EnvironmentProblem(
            f"pip gagal memasang paket ke {env} (kode {done.returncode}). Periksa koneksi "
            f"ke PyPI (atau proxy pip), lalu jalankan ulang. Pesan pip:\n{tail}")


def build_environment(env: Path, *, progress=print) -> bool:
    """Create or update the batch environment at ``env``; True when something was installed.

    Raises :class:`EnvironmentProblem` when it cannot be built or other users cannot use it.
    """
    env = Path(env).resolve()
    problem = check_readable_by_others(env.parent)
    if problem:
        raise EnvironmentProblem(
            f"lingkungan Python untuk peserta harus bisa dibaca semua pengguna, tetapi "
            f"{problem}. Pilih folder hub di luar folder itu (mis. /srv/ikmkit/angkatan-1) "
            "atau beri --env FOLDER yang bisa dibaca semua pengguna.")
    root = source_root()
    pins = constraints()
    stamp = {"ikmkit": _tree_digest(root), "pins": hashlib.sha256(pins.encode()).hexdigest()}
    stamp_path = env / STAMP
    python = env / "bin" / "python"
    if stamp_path.is_file() and python.exists():
        try:
            if json.loads(stamp_path.read_text(encoding="utf-8")) == stamp and \
                    _runs_as_nobody(str(python), _CHECK):
                return False
        except ValueError:
            pass
    if not python.exists():
        base = _base_interpreter()
        progress(f"Membuat lingkungan Python peserta di {env} (dari {base}) ...")
        env.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([base, "-m", "venv", str(env)], capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            raise EnvironmentProblem(
                f"python -m venv gagal ({done.stderr.strip()[-300:]}); pasang "
                "`apt-get install python3-venv` lalu ulangi")
    progress("Memasang ikmkit, JupyterHub, JupyterLab dan nbgrader ke lingkungan itu "
             "(pertama kali: beberapa menit) ...")
    constraint_file = env / "ikmkit-constraints.txt"
    constraint_file.write_text(pins, encoding="utf-8")
    wheels = env / "ikmkit-wheel"
    shutil.rmtree(wheels, ignore_errors=True)
    _pip(env, "wheel", "--no-deps", "--wheel-dir", str(wheels), str(root))
    wheel = str(next(wheels.glob("ikmkit-*.whl")))
    # ikmkit itself always (its files may have changed at the same version), then whatever
    # it needs that is not there yet, at the versions pinned from this environment
    _pip(env, "install", "--force-reinstall", "--no-deps", wheel)
    _pip(env, "install", "--constraint", str(constraint_file), wheel)
    shutil.rmtree(wheels, ignore_errors=True)
    # The JupyterLab defaults also come with the wheel (data files); write them in any case.
    target = env / LAB_OVERRIDES
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(lab_overrides_path(), target)
    subprocess.run(["chmod", "-R", "go+rX", str(env)], check=False)
    if not _runs_as_nobody(str(python), _CHECK):
        raise EnvironmentProblem(
            f"lingkungan {env} sudah dipasang tetapi tidak bisa dipakai pengguna lain "
            f"(`runuser -u nobody -- {python} -c '{_CHECK}'` gagal). Periksa izin folder "
            "di atasnya atau pilih folder hub lain (mis. /srv/ikmkit/angkatan-1).")
    stamp_path.write_text(json.dumps(stamp), encoding="utf-8")
    return True
