"""Tests for the sandbox command line, its fallback, and the gradebook lock (no kernels)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from ikmkit import sandbox
from ikmkit.sandbox import Limits, isolation_problem, wrap_command


def test_wrap_command_hides_course_and_keeps_workdir_writable(tmp_path):
    """The course is an empty read-only folder; only the work copy and sockets are writable."""
    course = tmp_path / "kursus"
    work = course / "autograded" / "p" / "a"
    work.mkdir(parents=True)
    cmd = wrap_command(["python"], workdir=str(work), kernel_dir="/run/k", hidden=[str(course)],
                       limits=Limits(memory_mb=256, file_size_mb=8), bwrap="bwrap",
                       prlimit="prlimit")
    assert cmd[:4] == ["prlimit", f"--as={256 * 2**20}", f"--fsize={8 * 2**20}", "--core=0"]
    joined = " ".join(cmd)
    assert f"--tmpfs {course}" in joined and f"--remount-ro {course}" in joined
    assert joined.index(f"--bind {work} {work}") < joined.index(f"--remount-ro {course}")
    assert "--unshare-net" in cmd and "--unshare-pid" in cmd and "--die-with-parent" in cmd
    assert cmd[-1] == "python"


def test_without_bwrap_only_limits_apply():
    """Without bubblewrap the kernel still gets its resource limits."""
    cmd = wrap_command(["python"], workdir="/w", kernel_dir="/k", bwrap=None, prlimit="prlimit")
    assert cmd[0] == "prlimit" and "bwrap" not in cmd


def test_missing_bwrap_gives_a_clear_warning(monkeypatch):
    """When bwrap is unavailable the warning says so and how to install it."""
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    message = isolation_problem()
    assert message is not None
    assert "TANPA isolasi" in message and "apt-get install bubblewrap" in message


@pytest.mark.slow
@pytest.mark.skipif(sandbox.bwrap_path() is None, reason="bubblewrap (bwrap) tidak tersedia")
def test_sandboxed_process_cannot_write_hidden_folder(tmp_path):
    """A process in the sandbox sees the course empty and cannot write there."""
    course = tmp_path / "kursus"
    work = course / "autograded" / "p" / "a"
    work.mkdir(parents=True)
    (course / "gradebook.db").write_text("asli")
    kernel_dir = tmp_path / "k"
    kernel_dir.mkdir()
    code = textwrap.dedent(f"""
        import os
        print(sorted(os.listdir({str(course)!r})))
        try:
            open({str(course / 'gradebook.db')!r}, 'w').write('x')
        except OSError as e:
            print('ditolak', e.errno)
        open('milik-saya.txt', 'w').write('ok')
    """)
    cmd = wrap_command([sys.executable, "-c", code], workdir=str(work),
                       kernel_dir=str(kernel_dir), hidden=[str(course)],
                       bwrap=sandbox.bwrap_path(), prlimit=None,
                       readable=[sys.prefix, sys.base_prefix])  # Python may live in /tmp
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "['autograded']" in proc.stdout and "ditolak 30" in proc.stdout
    assert (course / "gradebook.db").read_text() == "asli"
    assert (work / "milik-saya.txt").read_text() == "ok"


WRITER = """
import sys
sys.modules["rfc3987_syntax"] = None  # as in grading workers: skip a slow optional import
from ikmkit.grading import _FileLock, _install_gradebook_lock, _reuse_engines
from nbgrader.api import Gradebook
url, lock_path, prefix = sys.argv[1:4]
_reuse_engines()
_install_gradebook_lock(_FileLock(lock_path))
for k in range(15):
    with Gradebook(url) as gb:
        gb.update_or_create_student(f"{prefix}-{k:02d}", first_name="Peserta")
"""


@pytest.mark.slow
def test_gradebook_lock_loses_no_write(tmp_path):
    """Three processes writing one SQLite gradebook through the lock: every write is there."""
    from nbgrader.api import Gradebook

    from ikmkit.course import ensure_tools_on_path

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
