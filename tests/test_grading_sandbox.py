"""Tests for the sandbox command line, its fallback, and the gradebook lock (no kernels)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ikmkit.grading import sandbox
from ikmkit.grading.sandbox import Limits, isolation_problem, python_paths, sandbox_command


def test_sandbox_is_built_from_an_allow_list(tmp_path):
    """Nothing of the host is bound whole: system folders, Python and sockets only."""
    py = str(tmp_path)
    cmd = sandbox_command(["python"], bwrap="bwrap", prlimit="prlimit",
                          limits=Limits(memory_mb=256, file_size_mb=8),
                          readable=[py], writable=["/run/k"], etc_dir="/run/etc",
                          run_as=(65534, 65534), nproc=300)
    assert cmd[:5] == ["prlimit", f"--as={256 * 2**20}", f"--fsize={8 * 2**20}",
                       "--nproc=300", "--core=0"]
    binds = [cmd[i + 1] for i, a in enumerate(cmd) if a in ("--bind", "--ro-bind")]
    assert "/" not in binds and py in binds and "/run/k" in binds
    assert "--clearenv" in cmd and "--unshare-net" in cmd and "--unshare-pid" in cmd
    assert "--new-session" in cmd and "--die-with-parent" in cmd
    setpriv = cmd.index("/usr/bin/setpriv")
    assert cmd[setpriv + 1:setpriv + 3] == ["--reuid=65534", "--regid=65534"]
    assert "--bounding-set=-all" in cmd and "--no-new-privs" in cmd
    assert cmd[-1] == "python"


def test_without_bwrap_only_limits_apply():
    """Without bubblewrap the kernel still gets its resource limits."""
    cmd = sandbox_command(["python"], bwrap=None, prlimit="prlimit")
    assert cmd[0] == "prlimit" and "bwrap" not in cmd


def test_missing_bwrap_gives_a_clear_warning(monkeypatch):
    """When bwrap is unavailable the warning says so and how to install it."""
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    message = isolation_problem()
    assert message is not None
    assert "TANPA isolasi" in message and "apt-get install bubblewrap" in message


def test_root_without_bwrap_is_refused(monkeypatch):
    """As root, grading without bubblewrap is refused with what to do."""
    monkeypatch.setattr(sandbox, "running_as_root", lambda: True)
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    problem = sandbox.root_problem(isolate=True)
    assert problem is not None and "apt-get install bubblewrap" in problem


def test_python_paths_never_bind_the_repository():
    """The ikmkit package is bound, never the folder that holds assessments/."""
    import ikmkit

    package = Path(ikmkit.__file__).resolve().parent
    paths = python_paths()
    assert str(package) in paths or any(str(package).startswith(p + "/") for p in paths)
    assert str(package.parent) not in paths


@pytest.mark.slow
@pytest.mark.skipif(sandbox.bwrap_path() is None, reason="bubblewrap (bwrap) tidak tersedia")
def test_sandboxed_process_sees_no_course(tmp_path):
    """A process in the sandbox does not see the course; it writes only its own home."""
    course = tmp_path / "kursus"
    course.mkdir()
    (course / "gradebook.db").write_text("asli")
    code = textwrap.dedent(f"""
        import os
        print(os.path.exists({str(course)!r}))
        open('milik-saya.txt', 'w').write('ok')
        print(os.getcwd())
    """)
    probe = sandbox._bwrap_probe()
    assert probe is not None
    run_as = (65534, 65534) if sandbox.running_as_root() else None
    cmd = sandbox_command([sys.executable, "-c", code], bwrap=probe[0], prlimit=None,
                          readable=python_paths(), bwrap_flags=probe[1], run_as=run_as)
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "/home/peserta"]
    assert (course / "gradebook.db").read_text() == "asli"


WRITER = """
import sys
sys.modules["rfc3987_syntax"] = None  # as in grading workers: skip a slow optional import
from ikmkit.grading.worker import FileLock, install_gradebook_lock, reuse_engines
from nbgrader.api import Gradebook
url, lock_path, prefix = sys.argv[1:4]
reuse_engines()
install_gradebook_lock(FileLock(lock_path))
for k in range(15):
    with Gradebook(url) as gb:
        gb.update_or_create_student(f"{prefix}-{k:02d}", first_name="Peserta")
"""


@pytest.mark.slow
def test_gradebook_lock_loses_no_write(tmp_path):
    """Three processes writing one SQLite gradebook through the lock: every write is there."""
    from nbgrader.api import Gradebook

    from ikmkit.grading.course import ensure_tools_on_path

    ensure_tools_on_path()
    db = tmp_path / "gradebook.db"
    url = f"sqlite:///{db}"
    with Gradebook(url):
        pass
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, url, f"{db}.lock", f"w{i}"],
                              stderr=subprocess.PIPE, text=True) for i in range(3)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert all(p.returncode == 0 for p in procs), errors
    assert not any("database is locked" in e for e in errors)
    with Gradebook(url) as gb:
        assert len(gb.students) == 45
