"""Grading run by a normal user (a trainer's own account) holds too.

Where the sandbox works differently for a normal user — bubblewrap then puts the kernel
in a user namespace instead of switching to ``nobody``, and no control group is made —
the attacks whose outcome depends on it are tried again with ``ikmkit grade`` run by a
system user this test creates and removes. The Python installation may live under
``/root`` (mode 0700): the test then runs the grader in a mount namespace where only the
Python installation and ikmkit are visible there, as on a machine where they are
installed for everyone.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import nbformat
import pytest

from ikmkit.grading.course import init_course, submit
from ikmkit.grading.sandbox import bwrap_path, python_paths, running_as_root

from .conftest import FIXTURE, HONEST, NB, A, attack, honest_with

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not running_as_root(), reason="creates a system user: run as root"),
    pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap (bwrap) tidak tersedia"),
]

PROBE = """
import ctypes, os, subprocess
status = open('/proc/self/status').read()
print('CAPEFF', status.split('CapEff:')[1].split()[0], 'UID', os.getuid())
libc = ctypes.CDLL(None, use_errno=True)
print('UNSHARE-USER', libc.unshare(0x10000000))
try:
    open(f'/proc/{os.getppid()}/mem', 'rb').read(16)
    print('MEM-TERBACA')
except OSError as exc:
    print('MEM', type(exc).__name__)
print('KURSUS-ADA', os.path.exists(COURSE))
"""


@pytest.fixture
def trainer():
    """A system user that exists for this test only."""
    name = f"ikmuji{uuid.uuid4().hex[:8]}"
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                    name], check=True, capture_output=True)
    try:
        yield pwd.getpwnam(name)
    finally:
        subprocess.run(["userdel", name], capture_output=True)


def _as_user(user: pwd.struct_passwd, home: Path, args: list[str]) -> list[str]:
    """``args`` run as *user*, with /root hidden except the Python installation."""
    outer = ["bwrap", "--dev-bind", "/", "/", "--perms", "0755", "--tmpfs", "/root"]
    made: set[str] = set()
    for path in python_paths():
        if path == "/root" or not path.startswith("/root/"):
            continue
        parts = path.split("/")[2:-1]
        current = "/root"
        for part in parts:
            current += "/" + part
            if current not in made:
                outer += ["--perms", "0755", "--dir", current]
                made.add(current)
        outer += ["--ro-bind", path, path]
    return outer + ["--", "setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}",
                    "--clear-groups", "--", "/usr/bin/env", "-i", f"HOME={home}",
                    "PATH=/usr/bin:/bin", *args]


def test_normal_user_grading_keeps_participants_powerless(trainer):
    """As a normal user: no capability, no further user namespace, the zygote's memory
    unreadable, the course invisible; the honest participant keeps full marks."""
    work = Path(tempfile.mkdtemp(prefix="ikmkit-pengguna-", dir="/tmp"))
    try:
        course = init_course(work / "kursus", FIXTURE)
        release = course / "release" / A / NB
        src = work / "src"
        cases = {"jujur": attack(release, HONEST),
                 "intip": attack(release, honest_with(f"COURSE = {str(course)!r}\n" + PROBE))}
        for name, nb in cases.items():
            (src / name).mkdir(parents=True)
            nbformat.write(nb, src / name / NB)
            submit(course, name, A, src / name)
        shutil.chown(work, trainer.pw_uid, trainer.pw_gid)
        for folder, dirs, files in os.walk(work):
            for name in dirs + files:
                os.chown(os.path.join(folder, name), trainer.pw_uid, trainer.pw_gid,
                         follow_symlinks=False)
        proc = subprocess.run(
            _as_user(trainer, work, [sys.executable, "-m", "ikmkit.cli", "grade", str(course),
                                     "--jobs", "2", "--no-progress"]),
            capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "jujur/s01-keamanan" in proc.stdout and "3/4" in proc.stdout
        nb = nbformat.read(course / "autograded" / "intip" / A / NB, as_version=4)
        printed = "".join(str(o.get("text", "")) for c in nb.cells for o in c.get("outputs", []))
        assert "CAPEFF 0000000000000000" in printed
        assert f"UID {trainer.pw_uid}" in printed  # its own uid, in a user namespace
        assert "UNSHARE-USER -1" in printed
        assert "MEM-TERBACA" not in printed and "MEM " in printed
        assert "KURSUS-ADA False" in printed
    finally:
        shutil.rmtree(work, ignore_errors=True)
