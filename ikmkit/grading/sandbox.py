"""Where a participant's code runs while it is graded: a sandbox built from an allow-list.

Every line a participant submits is treated as an attack. While a submission is graded its
code runs in a Jupyter kernel that ikmkit starts like this:

- **never with root's powers.** When grading runs as root, the kernel runs as the
  unprivileged user ``nobody`` (uid 65534) with no capabilities, an empty bounding set and
  ``no_new_privs`` (``setpriv``); run by a normal user, bubblewrap puts it in a user
  namespace where it has no capabilities either, and it cannot create further ones;
- **an allow-list file system** (``bwrap``, Debian package ``bubblewrap``): the sandbox
  starts empty and gets, read-only, only the system folders programs need (``/usr`` and
  its links, a few files of ``/etc``), the Python installation and the packages the kernel
  imports (:func:`python_paths`; the ``ikmkit`` package folder, never the repository
  with its solutions); a home folder and ``/tmp`` that are size-limited memory file
  systems of its own; and the kernel's socket folder. The course folder, the exchange,
  home folders, host sockets and everything else simply do not exist inside;
- **its own namespaces**: process IDs (``/proc`` shows only the sandbox), network (no
  interface at all), IPC, host name; a new session (no terminal); it dies with its worker;
- **a cleared environment**: only the variables of :func:`sandbox_env` (no tokens, no
  database URLs of the grader);
- **limits that hold** (:class:`Limits`): address space per process and largest file
  (``prlimit``), a process limit, and where the machine allows it a control group per
  grading worker (:class:`ControlGroup`) that caps memory *including* the memory file
  systems and every child process, the number of processes and CPU time.

Kernels talk to the grader over Unix sockets (``transport = "ipc"``) in a fresh folder
per kernel; run as root, that folder is handed to the kernel only while it starts and is
locked again (owned by root, read-only for the kernel) once it is ready, so a kernel can
write nowhere on the host. Interrupts are sent as messages, because a signal to the
sandbox's process group would end the sandbox itself.

Without ``bwrap``, grading as a normal user still applies the limits (the kernel works
in a scratch copy, but can read what its user can read); :func:`isolation_problem`
explains what is missing. As root, ikmkit refuses to grade without ``bwrap``.

>>> import sys
>>> from ikmkit.grading.sandbox import Limits, sandbox_command
>>> cmd = sandbox_command(["python", "-m", "ipykernel_launcher"], bwrap="bwrap",
...                       prlimit="prlimit", limits=Limits(memory_mb=512), readable=[sys.prefix],
...                       writable=["/run/k"], etc_dir="/run/etc", run_as=None)
>>> cmd[:2]
['prlimit', '--as=536870912']
>>> cmd[cmd.index("--clearenv") - 1]  # every variable is set explicitly after this
'--new-session'
>>> i = cmd.index(sys.prefix)
>>> cmd[i - 1:i + 2] == ["--ro-bind", sys.prefix, sys.prefix]
True
>>> cmd[-3:]
['python', '-m', 'ipykernel_launcher']
"""

from __future__ import annotations

import asyncio
import base64
import functools
import json
import os
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import channel_socket_types
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner
from traitlets import Bool, DottedObjectName, Integer, List, Type, Unicode

from ikmkit.errors import IkmkitError
from ikmkit.grading._zygote import HOME, collect_files, kill_all, remove_path, safe_relpath
from ikmkit.grading.events import Kind, record

__all__ = [
    "GRADING_KERNEL_OPTIONS",
    "HOME",
    "ControlGroup",
    "KernelZygote",
    "Limits",
    "SandboxError",
    "SandboxKernelManager",
    "bwrap_path",
    "close_zygotes",
    "isolation_problem",
    "python_paths",
    "sandbox_command",
    "sandbox_env",
    "set_deadline",
]

INSTALL_HINT = "apt-get install bubblewrap"
#: uid/gid participant code runs as when grading runs as root (``nobody``/``nogroup``).
SANDBOX_UID = SANDBOX_GID = 65534
#: Largest single message a kernel may send the grader (bigger ones cut the connection).
MAX_MESSAGE_BYTES = 32 * 2**20



class SandboxError(IkmkitError):
    """Participant code cannot be run safely here (the message says what to do)."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one kernel (None: no limit). Sizes in MB.

    ``memory_mb`` caps each process's address space; the worker's control group gets
    ``memory_mb + tmp_mb + home_mb + 256`` for the whole sandbox (zygote, kernel, its
    children and both memory file systems). ``processes`` caps the tasks (processes and
    threads) of one sandbox. ``files_back``/``bytes_back_mb`` cap what a kernel may leave
    in its folder to be kept with the graded notebook.
    """

    memory_mb: int | None = 1024
    file_size_mb: int | None = 64
    tmp_mb: int = 128
    home_mb: int = 128
    processes: int = 128
    cpus: float = 1.0
    files_back: int = 50
    bytes_back_mb: int = 16

    @property
    def group_memory_bytes(self) -> int | None:
        """Memory cap of a worker's control group, in bytes."""
        if self.memory_mb is None:
            return None
        return (self.memory_mb + self.tmp_mb + self.home_mb + 256) * 2**20


def running_as_root() -> bool:
    """True when this process has root's user id."""
    return os.geteuid() == 0


# ------------------------------------------------------------------ what the sandbox sees

#: Host folders every program needs, bound read-only (links such as /bin -> usr/bin are
#: recreated as links).
#: setpriv (util-linux) as the sandbox sees it: the system folders are bound at their paths.
SETPRIV = "/usr/bin/setpriv"
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
#: Files of /etc that programs read; passwd, group and hosts are the sandbox's own.
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "alternatives",
             "nsswitch.conf", "mime.types", "os-release", "fonts")


def _under(path: str, parent: str) -> bool:
    path, parent = os.path.normpath(path), os.path.normpath(parent)
    return path == parent or path.startswith(parent.rstrip(os.sep) + os.sep)


@functools.lru_cache(maxsize=1)
def python_paths() -> tuple[str, ...]:
    """Host folders the sandboxed Python needs, besides the system folders.

    The installation (``sys.base_prefix``), the virtual environment (``sys.prefix``),
    the ``ikmkit`` package folder itself, and any other folder on the ``sys.path`` of a
    fresh interpreter started with a cleared environment (e.g. a user site folder). A
    folder that *contains* the ikmkit package (a repository checkout on ``sys.path``) is
    never bound whole: only the package is, so the assessment sources stay out of reach.
    """
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # ikmkit/
    prefixes = [os.path.abspath(p) for p in (sys.base_prefix, sys.prefix, sys.exec_prefix,
                                              sys.base_exec_prefix)]
    found = [package, os.path.dirname(os.path.realpath(sys.executable))]
    try:
        probe = subprocess.run(
            [sys.executable, "-I", "-c", "import json, sys; print(json.dumps(sys.path))"],
            capture_output=True, text=True, timeout=30, env={"PATH": "/usr/bin:/bin"})
        found += [p for p in json.loads(probe.stdout or "[]") if p]
    except (OSError, ValueError, subprocess.TimeoutExpired):
        pass
    out: list[str] = []
    for path in [*prefixes, *found]:
        path = os.path.abspath(path)
        within_prefix = any(_under(path, p) for p in prefixes)
        if not os.path.exists(path) or (
                not within_prefix and path != package and _under(package, path)):
            continue  # e.g. a repository on sys.path: only its ikmkit package is bound
        if os.path.isfile(path):
            path = os.path.dirname(path)
        if any(_under(path, s) for s in SYSTEM_PATHS if os.path.isdir(s)):
            continue
        out.append(path)
    # keep only the outermost folders
    out = sorted(set(out), key=len)
    kept: list[str] = []
    for path in out:
        if not any(_under(path, k) for k in kept):
            kept.append(path)
    return tuple(kept)


def write_etc(folder: str | os.PathLike[str], uid: int, gid: int) -> str:
    """The sandbox's own ``passwd``, ``group`` and ``hosts`` in *folder*; returns it."""
    folder = os.fspath(folder)
    os.makedirs(folder, exist_ok=True)
    files = {
        "passwd": f"root:x:0:0::/:/usr/sbin/nologin\n"
                  f"peserta:x:{uid}:{gid}:Peserta:{HOME}:/usr/sbin/nologin\n",
        "group": f"root:x:0:\npeserta:x:{gid}:\n",
        "hosts": "127.0.0.1 localhost\n",
    }
    for name, text in files.items():
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(path, 0o644)
    os.chmod(folder, 0o755)
    return folder


def process_limit(limits: Limits, run_as: tuple[int, int] | None) -> int:
    """``RLIMIT_NPROC`` for sandboxed code: the kernel counts it per user (threads too).

    As root the code runs as ``nobody``, shared by every sandbox of the run; as a normal
    user the grader's own processes count too, so the limit is what runs now plus room.
    """
    if run_as is not None:
        return max(256, limits.processes * 8)
    uid, tasks = os.getuid(), 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            status = Path("/proc", name, "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("Uid", "-1").split()[0]) == uid:
            tasks += int(fields.get("Threads", "1"))
    return tasks + limits.processes * 4


def sandbox_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The whole environment of sandboxed code: an allow-list, nothing of the grader's.

    >>> env = sandbox_env()
    >>> env["HOME"], "JUPYTERHUB_API_TOKEN" in env
    ('/home/peserta', False)
    """
    env = {
        "PATH": os.pathsep.join([os.path.dirname(sys.executable), "/usr/local/bin",
                                 "/usr/bin", "/bin"]),
        "HOME": HOME,
        "USER": "peserta",
        "LOGNAME": "peserta",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "IPYTHONDIR": "/tmp/.ipython",
        "MPLCONFIGDIR": "/tmp/.matplotlib",
        "JUPYTER_CONFIG_DIR": "/tmp/.jupyter",
        "JUPYTER_DATA_DIR": "/tmp/.jupyter-data",
        "JUPYTER_RUNTIME_DIR": "/tmp/.jupyter-runtime",
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        # glibc reserves 64 MB of address space per thread arena; the kernel's threads
        # would spend half of a 512 MB cap before the first cell
        "MALLOC_ARENA_MAX": "2",
    }
    if os.environ.get("TZ"):
        env["TZ"] = os.environ["TZ"]
    env.update(extra or {})
    return env


def _system_binds() -> list[str]:
    out: list[str] = []
    for path in SYSTEM_PATHS:
        if os.path.islink(path):
            out += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            out += ["--ro-bind", path, path]
    for name in ETC_FILES:
        path = os.path.join("/etc", name)
        if os.path.exists(path):
            out += ["--ro-bind", path, path]
    return out


def _parent_dirs(path: str, bound: list[str], done: set[str]) -> list[str]:
    """bwrap arguments creating the folders above *path* that are not there yet, each
    readable by everyone (bwrap would otherwise copy the host's mode, e.g. /root's 0700).
    Nothing is created inside a read-only *bound* folder."""
    out: list[str] = []
    parts = os.path.normpath(path).split(os.sep)[1:-1]
    current = ""
    for part in parts:
        current += os.sep + part
        if current in done or any(_under(current, m) for m in bound):
            continue
        out += ["--perms", "0755", "--dir", current]
        done.add(current)
    return out


def sandbox_command(
    cmd: Sequence[str],
    *,
    bwrap: str | None,
    prlimit: str | None,
    limits: Limits = Limits(),
    readable: Sequence[str] = (),
    writable: Sequence[str] = (),
    etc_dir: str | None = None,
    env: dict[str, str] | None = None,
    run_as: tuple[int, int] | None = None,
    cgroup_procs: Sequence[str] = (),
    setpriv: str = SETPRIV,
    bwrap_flags: Sequence[str] = (),
    nproc: int | None = None,
) -> list[str]:
    """The command line that runs ``cmd`` sandboxed (see the module docstring).

    ``readable`` host folders are bound read-only, ``writable`` ones read-write (the
    kernel's socket folder), both at their own path. ``run_as`` (root only) is the
    ``(uid, gid)`` the code runs as, ``nproc`` the limit of that user's processes
    (:func:`process_limit`). ``cgroup_procs`` are control-group ``cgroup.procs``
    files the command enters before anything else starts. Without ``bwrap`` only the
    limits (and ``run_as``) apply.
    """
    out: list[str] = []
    if cgroup_procs:
        moves = "; ".join(f"echo $$ > {shlex.quote(p)}" for p in cgroup_procs)
        out += ["/bin/sh", "-c", f'{moves}; exec "$@"', "ikmkit-sandbox"]
    if prlimit:
        out += _prlimit_args(prlimit, limits, nproc)
    if bwrap:
        out += _bwrap_args(bwrap, limits=limits, readable=readable, writable=writable,
                           etc_dir=etc_dir, env=env, bwrap_flags=bwrap_flags)
    if run_as is not None:
        uid, gid = run_as
        out += [setpriv, f"--reuid={uid}", f"--regid={gid}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    return out + list(cmd)


def _prlimit_args(prlimit: str, limits: Limits, nproc: int | None) -> list[str]:
    out = [prlimit]
    if limits.memory_mb:
        out.append(f"--as={limits.memory_mb * 2**20}")
    if limits.file_size_mb:
        out.append(f"--fsize={limits.file_size_mb * 2**20}")
    if nproc:
        out.append(f"--nproc={nproc}")
    return [*out, "--core=0", "--"]


def _bwrap_args(bwrap: str, *, limits: Limits, readable: Sequence[str],
                writable: Sequence[str], etc_dir: str | None, env: dict[str, str] | None,
                bwrap_flags: Sequence[str]) -> list[str]:
    out = [bwrap, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
           "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv",
           *bwrap_flags]
    for key, value in sorted((env or sandbox_env()).items()):
        out += ["--setenv", key, value]
    out += ["--perms", "1777", "--size", str(limits.tmp_mb * 2**20), "--tmpfs", "/tmp"]
    out += _system_binds()
    if etc_dir:
        for name in ("passwd", "group", "hosts"):
            out += ["--ro-bind", os.path.join(etc_dir, name), f"/etc/{name}"]
    out += ["--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--size", str(16 * 2**20), "--tmpfs", "/dev/shm"]
    bound = [p for p in SYSTEM_PATHS if os.path.isdir(p)]
    done = {"/tmp", "/dev", "/proc", "/etc"}
    for kind, path in ([("ro", p) for p in readable if os.path.exists(p)]
                       + [("home", HOME)] + [("rw", p) for p in writable]):
        out += _parent_dirs(path, bound, done)
        if kind == "home":
            out += ["--perms", "1777", "--size", str(limits.home_mb * 2**20), "--tmpfs", HOME]
        else:
            out += ["--ro-bind" if kind == "ro" else "--bind", path, path]
        bound.append(path)
        done.add(path)
    return [*out, "--chdir", HOME, "--"]


@functools.lru_cache(maxsize=1)
def _bwrap_probe() -> tuple[str, tuple[str, ...]] | None:
    """(bwrap path, extra flags) if bubblewrap works here with ikmkit's sandbox, else None."""
    path = shutil.which("bwrap")
    if not path:
        return None
    candidates: list[tuple[str, ...]] = [()]
    if not running_as_root():  # normal users: no further user namespaces inside
        candidates = [("--unshare-user", "--disable-userns"), ()]
    for flags in candidates:
        probe = sandbox_command(["/bin/true"], bwrap=path, prlimit=None, limits=Limits(),
                                bwrap_flags=flags)
        try:
            result = subprocess.run(probe, capture_output=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            return None
        if result.returncode == 0:
            return path, flags
    return None


def bwrap_path() -> str | None:
    """Path of a working ``bwrap``, or None (missing, or not allowed on this machine)."""
    probe = _bwrap_probe()
    return probe[0] if probe else None


def isolation_problem() -> str | None:
    """An Indonesian warning if participant code cannot be isolated here, else None."""
    if sys.platform != "linux":
        return ("Isolasi kode peserta hanya tersedia di Linux; kode peserta dijalankan tanpa "
                "isolasi berkas.")
    if bwrap_path() is None:
        return ("bubblewrap (bwrap) tidak tersedia atau tidak diizinkan di mesin ini: kode "
                "peserta dijalankan TANPA isolasi berkas (hanya batas memori dan proses). "
                f"Pasang dengan: {INSTALL_HINT}")
    return None


def root_problem(isolate: bool) -> str | None:
    """Why grading as root must not start here (Indonesian, says what to do), or None."""
    if not running_as_root():
        return None
    if not os.access(SETPRIV, os.X_OK):
        return ("Penilaian sebagai root membutuhkan setpriv (paket util-linux) agar kode "
                "peserta berjalan sebagai pengguna tanpa hak (nobody). Pasang util-linux "
                "atau jalankan `ikmkit grade` sebagai pengguna biasa.")
    if isolate and bwrap_path() is None:
        return ("Penilaian sebagai root tanpa bubblewrap ditolak: kode peserta bisa membaca "
                f"berkas folder kelas. Pasang dengan `{INSTALL_HINT}`, atau jalankan "
                "`ikmkit grade` sebagai pengguna biasa.")
    return None


# ------------------------------------------------------------------ control groups

class ControlGroup:
    """A control group for one grading worker's sandbox: memory (with tmpfs), tasks, CPU.

    Works with cgroup v2 (where this process may create children with the memory and
    pids controllers) and with the v1 hierarchies (``memory``, ``pids``, ``cpu``).
    :meth:`create` returns None where neither is writable (e.g. a normal user without
    delegation); the per-process limits still apply then.
    """

    def __init__(self, dirs: dict[str, str], version: int) -> None:
        self.dirs = dirs
        self.version = version

    @property
    def procs_files(self) -> list[str]:
        """The ``cgroup.procs`` files a process writes itself into."""
        return [os.path.join(d, "cgroup.procs") for d in dict.fromkeys(self.dirs.values())]

    @staticmethod
    def _own(controller: str) -> str | None:
        try:
            lines = Path("/proc/self/cgroup").read_text().splitlines()
        except OSError:
            return None
        for line in lines:
            _, names, path = line.split(":", 2)
            if controller in names.split(","):
                return path
        return None

    @classmethod
    def create(cls, name: str, limits: Limits) -> ControlGroup | None:
        """A new control group called *name* with *limits*, or None if not possible."""
        if sys.platform != "linux":
            return None
        for make in (cls._create_v2, cls._create_v1):
            try:
                group = make(name, limits)
            except OSError:
                group = None
            if group is not None:
                return group
        return None

    @classmethod
    def _create_v1(cls, name: str, limits: Limits) -> ControlGroup | None:
        dirs: dict[str, str] = {}
        for controller in ("memory", "pids", "cpu"):
            base = f"/sys/fs/cgroup/{controller}"
            own = cls._own(controller)
            if own is None or not os.path.isfile(os.path.join(base, "cgroup.procs")):
                if controller == "cpu":
                    continue
                return None
            path = os.path.join(base + own, name)
            os.makedirs(path, exist_ok=True)
            dirs[controller] = path
        group = cls(dirs, 1)
        memory = limits.group_memory_bytes
        if memory:
            group._write("memory", "memory.limit_in_bytes", str(memory))
            for knob in ("memory.memsw.limit_in_bytes", "memory.swappiness"):
                if os.path.exists(os.path.join(dirs["memory"], knob)):
                    try:
                        group._write("memory", knob, str(memory) if "memsw" in knob else "0")
                    except OSError:
                        pass
        group._write("pids", "pids.max", str(limits.processes))
        if "cpu" in dirs:
            try:
                group._write("cpu", "cpu.cfs_period_us", "100000")
                group._write("cpu", "cpu.cfs_quota_us", str(int(100000 * limits.cpus)))
            except OSError:
                pass
        return group

    @classmethod
    def _create_v2(cls, name: str, limits: Limits) -> ControlGroup | None:
        root = "/sys/fs/cgroup"
        own = cls._own("")
        if own is None or not os.path.isfile(os.path.join(root, "cgroup.controllers")):
            return None
        parent = os.path.join(root + own)
        available = Path(parent, "cgroup.subtree_control").read_text().split()
        if not {"memory", "pids"} <= set(available):
            return None
        path = os.path.join(parent, name)
        os.makedirs(path, exist_ok=True)
        group = cls({"memory": path, "pids": path}, 2)
        memory = limits.group_memory_bytes
        if memory:
            group._write("memory", "memory.max", str(memory))
            try:
                group._write("memory", "memory.swap.max", "0")
            except OSError:
                pass
        group._write("pids", "pids.max", str(limits.processes))
        if "cpu" in available:
            try:
                group._write("memory", "cpu.max", f"{int(100000 * limits.cpus)} 100000")
            except OSError:
                pass
        return group

    def _write(self, controller: str, knob: str, value: str) -> None:
        with open(os.path.join(self.dirs[controller], knob), "w") as fh:
            fh.write(value)

    def oom_kills(self) -> int:
        """How many processes the kernel has killed in this group for lack of memory."""
        knob = "memory.oom_control" if self.version == 1 else "memory.events"
        try:
            text = Path(self.dirs["memory"], knob).read_text()
        except OSError:
            return 0
        for line in text.splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
        return 0

    def pids(self) -> list[int]:
        """Processes in the group now."""
        out: set[int] = set()
        for path in self.procs_files:
            try:
                out |= {int(x) for x in Path(path).read_text().split()}
            except OSError:
                pass
        return sorted(out)

    @classmethod
    def sweep(cls, prefix: str) -> None:
        """Remove every group of this process's hierarchy whose name starts with *prefix*
        (what a killed worker left behind)."""
        bases = []
        for controller in ("memory", "pids", "cpu"):
            own = cls._own(controller)
            if own is not None:
                bases.append(f"/sys/fs/cgroup/{controller}{own}")
        own = cls._own("")
        if own is not None:
            bases.append(f"/sys/fs/cgroup{own}")
        for base in dict.fromkeys(bases):
            try:
                names = [n for n in os.listdir(base) if n.startswith(prefix)]
            except OSError:
                continue
            for name in names:
                cls({"memory": os.path.join(base, name)}, 0).destroy()

    def destroy(self) -> None:
        """Kill what is left in the group and remove it."""
        for _ in range(20):
            pids = self.pids()
            if not pids:
                break
            kill_all(pids)
            time.sleep(0.05)
        for path in dict.fromkeys(self.dirs.values()):
            try:
                os.rmdir(path)
            except OSError:
                pass


# ------------------------------------------------------------------ handing files over

def _hand_over(path: str, run_as: tuple[int, int] | None, mode: int = 0o700) -> None:
    """Give *path* (a folder, and the files in it) to the sandbox user."""
    if run_as is None:
        return
    for current, _, files in os.walk(path):
        os.chown(current, *run_as, follow_symlinks=False)
        os.chmod(current, mode)
        for name in files:
            os.chown(os.path.join(current, name), *run_as, follow_symlinks=False)


def lock_folder(path: str) -> None:
    """Take *path* back from the sandbox user: root's, read-only for everyone else."""
    if not running_as_root():
        return
    try:
        os.chown(path, 0, 0, follow_symlinks=False)
        os.chmod(path, 0o755)
    except OSError:
        pass


def read_files(folder: str, limits: Limits, *, notebooks: bool = True
               ) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The files of a working folder as the kernel should get them, within the caps."""
    return collect_files(folder, max_files=200, max_bytes=64 * 2**20,
                         skip_suffix=() if notebooks else (".ipynb",))


def deliver_files(files: Iterable[tuple[str, bytes]], folder: str) -> list[str]:
    """Write files a kernel left into *folder* (never through a symlink); what was refused."""
    refused = []
    for rel, data in files:
        safe = safe_relpath(rel)
        if safe is None:
            refused.append(f"{rel!r}: jalur tidak sah")
            continue
        target = folder
        ok = True
        for part in safe.split("/")[:-1]:
            target = os.path.join(target, part)
            if os.path.islink(target) or (os.path.exists(target) and not os.path.isdir(target)):
                ok = False
                break
            os.makedirs(target, exist_ok=True)
        path = os.path.join(folder, safe)
        if not ok or os.path.islink(path) or os.path.isdir(path):
            refused.append(f"{safe}: ditolak")
            continue
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    return refused


# ------------------------------------------------------------------ the kernel zygote

class ZygoteDied(RuntimeError):
    """The kernel fork server stopped or stopped answering (e.g. participant code)."""


#: Seconds the worker waits for each kind of zygote answer (a stopped zygote costs no more).
REQUEST_TIMEOUTS = {"spawn": 60.0, "reset": 15.0, "collect": 15.0, "poll": 5.0, "signal": 5.0}
#: Seconds after the end of the notebook budget in which copying files back must end.
GRACE_SECONDS = 10.0
_deadline = [float("inf")]


def set_deadline(when: float) -> None:
    """The ``time.monotonic()`` by which the current notebook's budget ends: no zygote
    request (e.g. copying files back from a stopped zygote) waits beyond it plus
    :data:`GRACE_SECONDS`."""
    _deadline[0] = when


def _keep_args(paths: Iterable[str]) -> list[str]:
    out: list[str] = []
    for path in paths:
        if _under(path, "/tmp") or _under(path, HOME):
            out += ["--keep", path]
    return out


class KernelZygote:
    """A kernel fork server (:mod:`ikmkit.grading._zygote`) in its own sandbox.

    One per grading worker. It lives in a sandbox like a kernel's (see the module
    docstring), with ``kernels`` (a host folder for the kernels' socket folders) as its only
    writable host folder. Before each kernel starts, the zygote kills every process left in
    its sandbox and empties its ``/tmp`` and home folder. If it dies or stops answering it
    is killed, and started again for the next kernel. ``fork=False`` imports nothing in
    advance and is closed after every kernel: a fresh Python per kernel.
    """

    def __init__(self, root: str, *, limits: Limits, bwrap: str, bwrap_flags: Sequence[str] = (),
                 preload: Sequence[str] = (), run_as: tuple[int, int] | None = None,
                 cgroup: ControlGroup | None = None) -> None:
        self.root = os.path.abspath(root)
        self.kernels = os.path.join(self.root, "k")
        self.etc = os.path.join(self.root, "etc")
        self.limits = limits
        self.bwrap = bwrap
        self.bwrap_flags = tuple(bwrap_flags)
        self.preload = list(preload)
        self.run_as = run_as
        self.cgroup = cgroup
        self.proc: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        os.makedirs(self.kernels, exist_ok=True)
        uid, gid = self.run_as or (os.getuid(), os.getgid())
        write_etc(self.etc, uid, gid)
        os.chmod(self.root, 0o755)
        if self.run_as is not None:  # the kernels' socket folders: root's, given one by one
            os.chown(self.kernels, 0, 0)
            os.chmod(self.kernels, 0o755)
        cmd = sandbox_command(
            [sys.executable, "-c", "from ikmkit.grading._zygote import main; main()",
             *_keep_args([self.kernels, *python_paths()]), *self.preload],
            bwrap=self.bwrap, prlimit=shutil.which("prlimit"), limits=self.limits,
            readable=python_paths(), writable=[self.kernels], etc_dir=self.etc,
            env=sandbox_env({"IKMKIT_ZYGOTE_SANDBOXED": "1"}), run_as=self.run_as,
            cgroup_procs=self.cgroup.procs_files if self.cgroup else (),
            bwrap_flags=self.bwrap_flags, nproc=process_limit(self.limits, self.run_as),
        )
        return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, env={"PATH": "/usr/bin:/bin"},
                                start_new_session=True)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def request(self, **req: Any) -> dict[str, Any]:
        """Send one request and wait (at most :data:`REQUEST_TIMEOUTS`) for its answer.

        Raises :class:`ZygoteDied` if the zygote is gone or does not answer in time (it is
        then killed).
        """
        op = str(req.get("op"))
        if not self.alive:
            if op not in ("spawn", "reset"):
                raise ZygoteDied("kernel zygote is not running")
            self.close()
            self.proc = self._start()
        proc = self.proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        now = time.monotonic()
        deadline = min(now + REQUEST_TIMEOUTS.get(op, 30.0),
                       max(now + 1.0, _deadline[0] + GRACE_SECONDS))
        try:
            proc.stdin.write((json.dumps(req) + "\n").encode())
            proc.stdin.flush()
            line = b""
            while not line.endswith(b"\n"):
                left = deadline - time.monotonic()
                ready, _, _ = select.select([proc.stdout], [], [], max(0.0, left))
                if not ready:
                    break
                chunk = os.read(proc.stdout.fileno(), 1 << 20)
                if not chunk:
                    break
                line += chunk
        except (BrokenPipeError, OSError) as exc:
            self.close()
            raise ZygoteDied(str(exc)) from None
        if not line.endswith(b"\n"):
            self.close()
            record(Kind.SANDBOX_STOPPED, "server kernel berhenti menanggapi dan dihentikan")
            raise ZygoteDied(f"kernel zygote did not answer {op!r} in time")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"kernel zygote: {answer['error']}")
        return dict(answer)

    def reset(self) -> None:
        """Kill every process but the zygote in its sandbox; empty /tmp and home."""
        self.request(op="reset")

    def spawn(self, argv: Sequence[str], env: dict[str, str],
              files: Iterable[tuple[str, bytes]]) -> int:
        """Start a kernel with *files* in its (emptied) home folder; its PID."""
        payload = [[rel, base64.b64encode(data).decode("ascii")] for rel, data in files]
        return int(self.request(op="spawn", argv=list(argv), env=env, files=payload)["pid"])

    def collect(self) -> tuple[list[tuple[str, bytes]], list[str]]:
        """End every process, then the files the kernel left (within the limits)."""
        answer = self.request(op="collect", max_files=self.limits.files_back,
                              max_bytes=self.limits.bytes_back_mb * 2**20)
        files = [(rel, base64.b64decode(b64)) for rel, b64 in answer.get("files", [])]
        return files, [str(d) for d in answer.get("dropped", [])]

    def clear_kernels(self, keep: str | None = None) -> None:
        """Remove every socket folder (and anything else) a kernel left in ``kernels``."""
        try:
            names = os.listdir(self.kernels)
        except OSError:
            return
        for name in names:
            path = os.path.join(self.kernels, name)
            if keep and os.path.normpath(path) == os.path.normpath(keep):
                continue
            remove_path(path)

    def close(self) -> None:
        """Stop the zygote and every kernel it started."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()
        if self.cgroup is not None:  # nothing of this sandbox may outlive it
            kill_all(self.cgroup.pids())


class _ZygoteKernel:
    """The small part of ``subprocess.Popen`` jupyter_client uses, for a forked kernel."""

    stdin = stdout = stderr = None

    def __init__(self, zygote: KernelZygote, pid: int) -> None:
        self.zygote = zygote
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                self.returncode = self.zygote.request(op="poll", pid=self.pid)["returncode"]
            except (ZygoteDied, RuntimeError):
                self.returncode = -9
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            try:
                self.zygote.request(op="signal", pid=self.pid, sig=int(sig))
            except (ZygoteDied, RuntimeError):
                self.returncode = -9

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def cgroup_name(root: str) -> str:
    """Control-group name of the sandbox whose folder is *root* (``<run>-<worker>``)."""
    root = os.path.abspath(root)
    return f"{os.path.basename(os.path.dirname(root))}-{os.path.basename(root)}"


class _Sandboxes:
    """Per grading process: its zygote(s) and control group, created on first use."""

    zygotes: dict[tuple[Any, ...], KernelZygote] = {}
    cgroups: dict[str, ControlGroup | None] = {}

    @classmethod
    def cgroup(cls, root: str, limits: Limits) -> ControlGroup | None:
        if root not in cls.cgroups:
            name = cgroup_name(root)
            cls.cgroups[root] = ControlGroup.create(name, limits) if running_as_root() else None
        return cls.cgroups[root]

    @classmethod
    def zygote(cls, root: str, limits: Limits, bwrap: str, flags: Sequence[str],
               preload: Sequence[str], fork: bool) -> KernelZygote:
        run_as = (SANDBOX_UID, SANDBOX_GID) if running_as_root() else None
        key = (root, limits, bwrap, tuple(preload), fork)
        if key not in cls.zygotes:
            cls.zygotes[key] = KernelZygote(
                root, limits=limits, bwrap=bwrap, bwrap_flags=flags,
                preload=preload if fork else (), run_as=run_as,
                cgroup=cls.cgroup(root, limits))
        return cls.zygotes[key]


def close_zygotes() -> None:
    """Stop every kernel zygote of this process and remove its control groups."""
    for zygote in _Sandboxes.zygotes.values():
        zygote.close()
    _Sandboxes.zygotes.clear()
    for group in _Sandboxes.cgroups.values():
        if group is not None:
            group.destroy()
    _Sandboxes.cgroups.clear()


# ------------------------------------------------------------------ jupyter_client glue

class _SandboxProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner for sandboxed kernels.

    With a zygote the kernel is forked inside the zygote's sandbox; otherwise (no
    bubblewrap) it is started by jupyter_client with the limits, in a scratch folder. In
    both cases the kernel works on a copy of the real working folder and the files it
    leaves are copied back, within the caps of :class:`Limits`, when it is cleaned up.
    """

    zygote: KernelZygote | None = None
    workdir: str = ""
    scratch: str | None = None
    limits: Limits = Limits()
    run_as: tuple[int, int] | None = None
    ooms_before: int = 0
    pending: bool = False  # files still to be collected from the kernel

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        zygote = self.zygote
        self.pending = True
        files, _ = read_files(self.workdir, self.limits)
        kernel_dir = os.path.dirname(self.connection_info.get("ip") or
                                     str(kwargs.get("connection_file", "")))
        if zygote is None:
            assert self.scratch is not None
            deliver_files(files, self.scratch)
            _hand_over(self.scratch, self.run_as)
            _hand_over(kernel_dir, self.run_as)
            return await super().launch_kernel(cmd, **kwargs)
        zygote.clear_kernels(keep=kernel_dir)
        _hand_over(kernel_dir, self.run_as)
        if zygote.cgroup is not None:
            self.ooms_before = zygote.cgroup.oom_kills()
        argv = cmd[cmd.index("-f"):] if "-f" in cmd else []
        env = sandbox_env()
        try:
            pid = zygote.spawn(argv, env, files)
        except ZygoteDied as exc:
            raise RuntimeError(f"kernel sandbox did not start: {exc}") from None
        self.process = _ZygoteKernel(zygote, pid)  # type: ignore[assignment]
        self.pid = pid
        self.pgid = None  # signals go through the zygote (PIDs of its namespace)
        self.cwd = HOME
        return self.connection_info

    async def wait(self) -> int | None:
        """Wait for the kernel to end, polling every 10 ms (the base class sleeps 0.1 s)."""
        process = self.process
        if process is None:
            return 0
        while process.poll() is None:
            await asyncio.sleep(0.01)
        self.process = None
        return process.returncode

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart=restart)
        if restart or not self.pending:
            return
        self.pending = False
        zygote = self.zygote
        if zygote is None:
            if self.scratch is None:
                return
            files, dropped = collect_files(self.scratch, max_files=self.limits.files_back,
                                           max_bytes=self.limits.bytes_back_mb * 2**20)
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None
        else:
            try:
                files, dropped = zygote.collect()
            except (ZygoteDied, RuntimeError) as exc:
                files, dropped = [], []
                record(Kind.FILES_NOT_COLLECTED, f"berkas keluaran tidak diambil ({exc})")
            if zygote.cgroup is not None and zygote.cgroup.oom_kills() > self.ooms_before:
                record(Kind.MEMORY_EXCEEDED, "proses kernel dihentikan karena memori habis")
        refused = deliver_files(files, self.workdir)
        if dropped or refused:
            record(Kind.FILES_DROPPED, "berkas keluaran tidak disimpan: "
                   + "; ".join([*dropped, *refused][:5]))


class SandboxKernelClient(AsyncKernelClient):
    """jupyter_client's async client for sandboxed kernels.

    - Messages bigger than :data:`MAX_MESSAGE_BYTES` cut the connection instead of being
      read into the grader's memory.
    - No fixed 0.2 s wait after start-up: ``wait_for_ready`` ends by draining IOPub until
      nothing arrives for 0.2 s; nbclient ignores messages that do not answer its own
      requests, so a short drain does (per kernel 0.2 s saved).
    - Once the kernel is ready its socket folder is locked (root only, see
      :func:`lock_folder`).
    """

    def _create_connected_socket(self, channel: str, identity: bytes | None = None) -> Any:
        sock = self.context.socket(channel_socket_types[channel])
        sock.linger = 1000
        sock.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        if identity:
            sock.identity = identity
        sock.connect(self._make_url(channel))
        return sock

    async def _ready_once(self) -> bool:
        """Ask for kernel_info once; True when the reply came and IOPub is connected."""
        self.kernel_info()
        try:
            msg = await self.shell_channel.get_msg(timeout=1)
        except Empty:
            return False
        if msg["msg_type"] != "kernel_info_reply":
            return False
        try:  # IOPub is connected once it carries the reply's status
            await self.iopub_channel.get_msg(timeout=0.2)
        except Empty:
            return False
        self._handle_kernel_info_reply(msg)
        return True

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while not await self._ready_once():
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=0.01)
            except Empty:
                break
        if self.connection_file:
            lock_folder(os.path.dirname(self.connection_file))

    wait_for_ready = _async_wait_for_ready


class SandboxKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` that starts every kernel inside the sandbox.

    Each kernel gets a fresh folder under ``runtime_root`` for its connection file and
    Unix sockets; the folder is removed when the kernel's resources are cleaned up.
    """

    runtime_root = Unicode("", help="Folder of this worker's sandbox (sockets, scratch)."
                           ).tag(config=True)
    memory_mb = Integer(1024, allow_none=True, help="Address-space cap in MB.").tag(config=True)
    file_size_mb = Integer(64, allow_none=True, help="Largest file in MB.").tag(config=True)
    isolate = Bool(True, help="Use bubblewrap when it works on this machine.").tag(config=True)
    zygote = Bool(True, help="Fork kernels from a pre-imported kernel server in the sandbox "
                  "(only with bubblewrap and a runtime_root; one kernel at a time per "
                  "runtime_root, since each new kernel ends the previous one).").tag(config=True)
    zygote_preload = List(Unicode(), help="Modules the zygote imports once for all kernels."
                          ).tag(config=True)

    client_class = DottedObjectName("ikmkit.grading.sandbox.SandboxKernelClient")
    client_factory = Type(default_value=SandboxKernelClient, klass=AsyncKernelClient)

    _kernel_dir: str | None = None

    @property
    def limits(self) -> Limits:
        return Limits(memory_mb=self.memory_mb, file_size_mb=self.file_size_mb)

    async def _async_pre_start_kernel(self, **kw):
        probe = _bwrap_probe() if self.isolate else None
        limits = self.limits
        run_as = (SANDBOX_UID, SANDBOX_GID) if running_as_root() else None
        root = os.path.abspath(self.runtime_root or tempfile.mkdtemp(prefix="ikmkit-"))
        zygote = None
        if probe is not None:
            zygote = _Sandboxes.zygote(root, limits, probe[0], probe[1], self.zygote_preload,
                                    self.zygote)
            parent = zygote.kernels
        else:
            parent = os.path.join(root, "k")
        os.makedirs(parent, exist_ok=True)
        self._kernel_dir = tempfile.mkdtemp(prefix="k", dir=parent)
        self.transport = "ipc"
        self.ip = os.path.join(self._kernel_dir, "s")
        self.connection_file = os.path.join(self._kernel_dir, "kernel.json")
        if self.kernel_spec is not None:
            # a SIGINT to the sandbox's process group would end bwrap itself
            self.kernel_spec.interrupt_mode = "message"
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        kernel_cmd = _grading_kernel(kernel_cmd)
        workdir = os.path.abspath(kw.get("cwd") or os.getcwd())
        prov: Any = self.provisioner
        if type(prov) is not LocalProvisioner:  # pragma: no cover - foreign provisioner
            raise SandboxError("penyedia kernel lain tidak didukung saat menilai")
        prov.__class__ = _SandboxProvisioner
        prov.zygote = zygote
        prov.workdir = workdir
        prov.limits = limits
        prov.run_as = run_as
        if zygote is not None:
            return kernel_cmd, kw
        # No bubblewrap: the limits (and, as root, another user) in a scratch folder.
        scratch = tempfile.mkdtemp(prefix="s", dir=root)
        prov.scratch = scratch
        group = _Sandboxes.cgroup(root, limits)
        cmd = sandbox_command(kernel_cmd, bwrap=None, prlimit=shutil.which("prlimit"),
                              limits=limits, run_as=run_as,
                              cgroup_procs=group.procs_files if group else (),
                              nproc=process_limit(limits, run_as))
        kw["cwd"] = scratch
        kw["env"] = sandbox_env({"HOME": scratch, "IPYTHONDIR": os.path.join(scratch, ".ipy"),
                                 "MPLCONFIGDIR": os.path.join(scratch, ".mpl")})
        # the kernel's own stdout/stderr carry only launcher noise; cell output uses iopub
        kw.setdefault("stdout", subprocess.DEVNULL)
        kw.setdefault("stderr", subprocess.DEVNULL)
        return cmd, kw

    async def _async_wait(self, pollinterval: float = 0.01) -> None:
        # the base class polls a killed kernel every 0.1 s; grading kills one per notebook
        while await self._async_is_alive():
            await asyncio.sleep(pollinterval)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if self._kernel_dir and not restart:
            shutil.rmtree(self._kernel_dir, ignore_errors=True)
            self._kernel_dir = None
        if not restart:
            prov: Any = self.provisioner
            zygote = getattr(prov, "zygote", None)
            if zygote is not None and not self.zygote:
                zygote.close()  # --no-fork: a fresh Python for the next kernel

    def kill_now(self) -> None:
        """Kill the kernel's whole process tree at once (no graceful shutdown)."""
        provisioner = self.provisioner
        pgid = getattr(provisioner, "pgid", None)
        proc = getattr(provisioner, "process", None)
        try:
            if pgid:
                os.killpg(pgid, signal.SIGKILL)
            elif proc is not None:
                proc.kill()
        except (ProcessLookupError, PermissionError):
            pass


# Grading kernels never use the debugger; hiding debugpy saves ~0.15 s per kernel start
# (ipykernel then runs without its debugger, as it does where debugpy is not installed).
#: Options of every IPython kernel that grades: plain tracebacks (the default "Context"
#: mode formats each error with stack_data and pygments, about 17 ms an error, and
#: feedback shows only ``ename: evalue`` anyway) and no input history database.
GRADING_KERNEL_OPTIONS = ["--InteractiveShell.xmode=Plain", "--HistoryManager.enabled=False"]

_NO_DEBUGGER_LAUNCHER = ("import sys; sys.modules['debugpy'] = None\n"
                         "from ipykernel import kernelapp; kernelapp.launch_new_instance()")


def _grading_kernel(cmd: Sequence[str]) -> list[str]:
    """``python -m ipykernel_launcher ...`` as a grading kernel: without debugpy, with
    :data:`GRADING_KERNEL_OPTIONS`; any other kernel unchanged.

    >>> cmd = _grading_kernel(["py", "-m", "ipykernel_launcher", "-f", "c.json"])
    >>> cmd[1], cmd[3:5], cmd[5:] == GRADING_KERNEL_OPTIONS
    ('-c', ['-f', 'c.json'], True)
    >>> _grading_kernel(["julia", "kernel.jl"])
    ['julia', 'kernel.jl']
    """
    cmd = list(cmd)
    for i in range(len(cmd) - 1):
        if cmd[i] == "-m" and cmd[i + 1] == "ipykernel_launcher":
            return [*cmd[:i], "-c", _NO_DEBUGGER_LAUNCHER, *cmd[i + 2:],
                    *GRADING_KERNEL_OPTIONS]
    return cmd
