"""Run a participant's kernel in a sandbox: resource limits and filesystem isolation.

While a submission is graded, the participant's code runs in a Jupyter kernel. ikmkit
launches that kernel through two thin wrappers from the operating system:

- ``prlimit`` (util-linux) sets resource limits: address space (the memory cap, so a
  memory bomb ends in ``MemoryError``), the largest file the kernel may write, no core
  dumps;
- ``bwrap`` (bubblewrap, Debian package ``bubblewrap``) gives the kernel its own view of
  the filesystem: everything read-only, the course directory (gradebook, sources with
  solutions, other participants' submissions) replaced by an empty read-only folder,
  ``/tmp`` private, and only the submission's own working copy and the kernel's socket
  folder writable. The kernel also gets its own process, network and IPC namespaces, so
  it can neither signal other kernels nor reach the network, and it dies with its parent.

Without ``bwrap`` the kernel still runs with the resource limits, and
:func:`isolation_problem` explains what is missing (ikmkit prints it as a warning).

Kernels talk to the grader over Unix sockets (``transport = "ipc"``) in a fresh folder
per kernel: no TCP port can clash between parallel workers, and the network namespace
needs no loopback. Interrupts are sent as messages, because a signal to the sandbox's
process group would end the sandbox itself.

>>> from ikmkit.sandbox import Limits, wrap_command
>>> cmd = wrap_command(["python", "-m", "ipykernel_launcher"], workdir="/usr/share/a",
...                    kernel_dir="/r/k1", hidden=["/usr/share"], limits=Limits(memory_mb=512),
...                    bwrap="bwrap", prlimit="prlimit")
>>> cmd[:3]
['prlimit', '--as=536870912', '--fsize=268435456']
>>> cmd[cmd.index("--bind") + 1:cmd.index("--bind") + 3]
['/usr/share/a', '/usr/share/a']
>>> cmd[cmd.index("--remount-ro") + 1]
'/usr/share'

>>> cmd[-3:]
['python', '-m', 'ipykernel_launcher']
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Integer, List, Unicode

__all__ = [
    "Limits",
    "SandboxKernelManager",
    "bwrap_path",
    "isolation_problem",
    "wrap_command",
]

INSTALL_HINT = "apt-get install bubblewrap"


@dataclass(frozen=True)
class Limits:
    """Resource limits of one kernel process tree (None: no limit)."""

    memory_mb: int | None = 1024
    file_size_mb: int | None = 256


def _under(path: str, parent: str) -> bool:
    path, parent = os.path.normpath(path), os.path.normpath(parent)
    return path == parent or path.startswith(parent.rstrip(os.sep) + os.sep)


def wrap_command(
    cmd: Sequence[str],
    *,
    workdir: str,
    kernel_dir: str,
    hidden: Sequence[str] = (),
    limits: Limits = Limits(),
    bwrap: str | None = None,
    prlimit: str | None = None,
    readable: Sequence[str] = (),
) -> list[str]:
    """The kernel command ``cmd`` wrapped in ``prlimit`` and (if given) ``bwrap``.

    ``workdir`` (the submission's working copy) and ``kernel_dir`` (connection file and
    sockets) are the only writable places besides a private ``/tmp``. ``hidden`` folders
    appear empty and read-only. ``readable`` folders under ``/tmp`` (e.g. a Python
    installation there) are bound back read-only unless they lie in, or contain, a hidden
    folder.
    """
    out: list[str] = []
    if prlimit:
        out.append(prlimit)
        if limits.memory_mb:
            out.append(f"--as={limits.memory_mb * 1024 * 1024}")
        if limits.file_size_mb:
            out.append(f"--fsize={limits.file_size_mb * 1024 * 1024}")
        out += ["--core=0", "--"]
    if bwrap:
        out += [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                "--tmpfs", "/tmp"]
        hide = [p for p in sorted(set(hidden), key=len) if p and os.path.isdir(p)]
        for path in hide:
            out += ["--tmpfs", path]
        for path in readable:
            if (os.path.isdir(path) and _under(path, "/tmp")
                    and not any(_under(path, h) or _under(h, path) for h in hide)):
                out += ["--ro-bind", path, path]
        out += ["--bind", workdir, workdir, "--bind", kernel_dir, kernel_dir]
        for path in hide:  # read-only only now: the binds above needed their mount points
            out += ["--remount-ro", path]
        out += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                "--unshare-cgroup-try", "--die-with-parent", "--chdir", workdir,
                "--setenv", "HOME", "/tmp", "--setenv", "IPYTHONDIR", "/tmp/.ipython",
                "--setenv", "MPLCONFIGDIR", "/tmp/.matplotlib",
                "--unsetenv", "JPY_PARENT_PID", "--"]
    return out + list(cmd)


# Grading kernels never use the debugger; hiding debugpy saves ~0.15 s per kernel start
# (ipykernel then runs without its debugger, as it does where debugpy is not installed).
_NO_DEBUGGER_LAUNCHER = ("import sys; sys.modules['debugpy'] = None\n"
                         "from ipykernel import kernelapp; kernelapp.launch_new_instance()")


def _without_debugger(cmd: Sequence[str]) -> list[str]:
    """``python -m ipykernel_launcher ...`` as the same kernel without debugpy.

    >>> _without_debugger(["py", "-m", "ipykernel_launcher", "-f", "c.json"])[1]
    '-c'
    >>> _without_debugger(["julia", "kernel.jl"])
    ['julia', 'kernel.jl']
    """
    cmd = list(cmd)
    for i in range(len(cmd) - 1):
        if cmd[i] == "-m" and cmd[i + 1] == "ipykernel_launcher":
            return [*cmd[:i], "-c", _NO_DEBUGGER_LAUNCHER, *cmd[i + 2:]]
    return cmd


@functools.lru_cache(maxsize=1)
def bwrap_path() -> str | None:
    """Path of a working ``bwrap``, or None (missing, or not allowed on this machine)."""
    path = shutil.which("bwrap")
    if not path:
        return None
    try:
        probe = subprocess.run(
            [path, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
             "--unshare-pid", "--unshare-net", "--die-with-parent", "--", "true"],
            capture_output=True, timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return path if probe.returncode == 0 else None


def isolation_problem() -> str | None:
    """An Indonesian warning if participant code cannot be isolated here, else None."""
    if sys.platform != "linux":
        return ("Isolasi kode peserta hanya tersedia di Linux; kode peserta dijalankan tanpa "
                "isolasi berkas.")
    if bwrap_path() is None:
        return ("bubblewrap (bwrap) tidak tersedia atau tidak diizinkan di mesin ini: kode "
                "peserta dijalankan TANPA isolasi berkas (hanya batas memori). Pasang dengan: "
                f"{INSTALL_HINT}")
    return None


class SandboxKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` that starts every kernel inside the sandbox.

    Each kernel gets a fresh folder under ``runtime_root`` for its connection file and
    Unix sockets; the folder is removed when the kernel's resources are cleaned up.
    """

    runtime_root = Unicode("", help="Folder for per-kernel socket folders.").tag(config=True)
    memory_mb = Integer(1024, allow_none=True, help="Address-space cap in MB.").tag(config=True)
    file_size_mb = Integer(256, allow_none=True, help="Largest file in MB.").tag(config=True)
    hidden_paths = List(Unicode(), help="Folders the kernel sees empty.").tag(config=True)
    isolate = Bool(True, help="Use bubblewrap when it works on this machine.").tag(config=True)

    _kernel_dir: str | None = None

    async def _async_pre_start_kernel(self, **kw):
        root = self.runtime_root or tempfile.gettempdir()
        os.makedirs(root, exist_ok=True)
        self._kernel_dir = tempfile.mkdtemp(prefix="k", dir=root)
        self.transport = "ipc"
        self.ip = os.path.join(self._kernel_dir, "s")
        self.connection_file = os.path.join(self._kernel_dir, "kernel.json")
        if self.kernel_spec is not None:
            # a SIGINT to the sandbox's process group would end bwrap itself
            self.kernel_spec.interrupt_mode = "message"
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        kernel_cmd = _without_debugger(kernel_cmd)
        workdir = os.path.abspath(kw.get("cwd") or os.getcwd())
        bwrap = bwrap_path() if self.isolate else None
        # Python and ikmkit itself must stay readable when they live under /tmp (e.g. a
        # clone in /tmp with an editable install): bind their folders back read-only.
        package_dir = os.path.dirname(os.path.abspath(__file__))
        readable = [p for p in {sys.prefix, sys.base_prefix, package_dir, *sys.path}
                    if p and os.path.isabs(p)]
        cmd = wrap_command(
            kernel_cmd,
            workdir=workdir,
            kernel_dir=self._kernel_dir,
            hidden=[os.path.abspath(p) for p in self.hidden_paths],
            limits=Limits(memory_mb=self.memory_mb, file_size_mb=self.file_size_mb),
            bwrap=bwrap,
            prlimit=shutil.which("prlimit"),
            readable=readable,
        )
        env = dict(kw.get("env") or os.environ)
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(var, "1")  # fair share of the cores; less address space per kernel
        kw["env"] = env
        # the kernel's own stdout/stderr carry only launcher noise; cell output uses iopub
        kw.setdefault("stdout", subprocess.DEVNULL)
        kw.setdefault("stderr", subprocess.DEVNULL)
        return cmd, kw

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if self._kernel_dir and not restart:
            shutil.rmtree(self._kernel_dir, ignore_errors=True)
            self._kernel_dir = None

    def kill_now(self) -> None:
        """Kill the kernel's whole process tree at once (no graceful shutdown)."""
        import signal

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

