"""Fixtures of the hub tests (a pytest plugin, loaded by the repository's conftest.py):

* ``postgres``: a PostgreSQL server of its own (Debian's binaries, ``initdb`` + ``pg_ctl``
  as an unprivileged user in a temporary folder, a free port on 127.0.0.1, a password as on
  a real server), stopped by its PID at the end of the session. Never a mock.
* ``hub_env``: the Python environment of the batches' Jupyter servers, built once per
  session with :func:`ikmkit.hub.environment.build_environment` in a folder every user can
  read (as ``ikmkit hub init`` does), and shared by every test batch (``--env``).
* ``make_hub``: creates batches with ``ikmkit hub init`` (system users with a per-session
  prefix, homes inside the batch's temporary folder) and removes them with
  ``ikmkit hub remove`` afterwards, checking that no system user is left.

The hub fixtures need root (they create system users); elsewhere they skip with the reason.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hubkit import Batch, alive, free_port, roster_text, run_ikmkit, traversable_tmp

REPO = Path(__file__).resolve().parents[1]


def _need_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("hub tests create system users: run them as root (CI does)")


# --------------------------------------------------------------------------- PostgreSQL


def pg_bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.fail("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run "
                    "`make hub-tools` (it installs Debian's postgresql package)")
    return Path(found[-1]).parent


@dataclass
class Postgres:
    """A running PostgreSQL server of the test session."""

    port: int
    pid: int
    password: str
    user: str = "ikmkit"

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        return self.url(name)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A real PostgreSQL server, started here and stopped by PID at the end."""
    bindir = pg_bindir()
    base = Path(tempfile.mkdtemp(prefix="ikmkit-pg-"))
    pid: int | None = None
    try:
        data, sockets = base / "data", base / "run"
        data.mkdir()
        sockets.mkdir()
        run_as: list[str] = []
        owner = pwd.getpwnam("nobody")
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            for path in (base, data, sockets):
                os.chown(path, owner.pw_uid, owner.pw_gid)
            run_as = [shutil.which("runuser", path="/usr/sbin:/usr/bin:/sbin:/bin")
                      or "runuser", "-u", "nobody", "--"]
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(base)}
        password = secrets.token_hex(8)
        pwfile = base / "sandi"
        pwfile.write_text(password + "\n")
        if run_as:
            os.chown(pwfile, owner.pw_uid, owner.pw_gid)
        subprocess.run([*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "ikmkit",
                        f"--pwfile={pwfile}", "--auth-host=scram-sha-256", "--auth-local=peer",
                        "-E", "UTF8", "--locale=C.UTF-8"],
                       check=True, capture_output=True, env=env)
        pwfile.unlink()
        port = free_port()
        log = base / "postgres.log"
        subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w",
                        "-o", f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 "
                              "-c max_connections=100 -c fsync=off",
                        "start"], check=True, capture_output=True, env=env)
        pid = int((data / "postmaster.pid").read_text().splitlines()[0])
        yield Postgres(port=port, pid=pid, password=password)
    finally:
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGINT)  # fast shutdown
            deadline = time.monotonic() + 30
            while alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(base, ignore_errors=True)


# --------------------------------------------------------------------------- hub batches


@pytest.fixture(scope="session")
def hub_session_tag() -> str:
    """A short random tag that makes this session's user names unique on the machine."""
    return "u" + secrets.token_hex(2)


@pytest.fixture(scope="session")
def hub_env() -> Iterator[Path]:
    """The batches' Jupyter environment, built once (about a minute the first time)."""
    _need_root()
    from ikmkit.hub.environment import build_environment

    base = traversable_tmp("ikmkit-hubenv-")
    try:
        env = base / "env"
        build_environment(env, progress=lambda _msg: None)
        yield env
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def make_hub(hub_env: Path, hub_session_tag: str) -> Iterator[Callable[..., Batch]]:
    """``make_hub(name, participants=2, trainers=("rina",), db=None)`` -> a new batch."""
    made: list[Batch] = []
    bases: list[Path] = []

    def make(name: str, participants: int = 2, trainers: tuple[str, ...] = ("rina",),
             db: str | None = None) -> Batch:
        tag = f"{hub_session_tag}{name}"
        base = traversable_tmp(f"ikmkit-hub-{name}-")
        bases.append(base)
        roster = base / "peserta.csv"
        roster.write_text(roster_text(tag, participants), encoding="utf-8")
        trainer_names = [f"{tag}-{t}" for t in trainers]
        course_id = f"kelas-{tag}"
        args = ["hub", "init", str(base / "hub"), "--roster", str(roster), "--trainers",
                ",".join(trainer_names), "--env", str(hub_env), "--home-root",
                str(base / "home"), "--course-id", course_id, "--title", f"Uji {name}",
                "--url", "http://localhost/"]
        if db:
            args += ["--db", db]
        done = run_ikmkit(*args)
        batch = Batch(root=base / "hub", roster=roster, course_id=course_id,
                      participants=[f"{tag}-{k:02d}" for k in range(1, participants + 1)],
                      trainers=trainer_names)
        made.append(batch)
        assert done.returncode == 0, done.stdout + done.stderr
        return batch

    yield make
    leftovers = []
    for batch in made:
        if (batch.root / "hub.json").exists():
            done = run_ikmkit("hub", "remove", str(batch.root), "--yes")
            assert done.returncode == 0, done.stdout + done.stderr
        for name in [*batch.participants, *batch.trainers, f"grader-{batch.course_id}"]:
            with contextlib.suppress(KeyError):
                pwd.getpwnam(name)
                leftovers.append(name)
                subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)
    for base in bases:
        shutil.rmtree(base, ignore_errors=True)
    assert not leftovers, f"system users left behind: {leftovers}"


