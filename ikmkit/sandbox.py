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
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner
from traitlets import Bool, DottedObjectName, Integer, List, Type, Unicode

__all__ = [
    "KernelZygote",
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


def _one_thread(env: dict[str, str]) -> dict[str, str]:
    """``env`` with numeric libraries on one thread unless set: a fair share of the cores
    and less address space per kernel."""
    env = dict(env)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    return env


def _kernel_env(env: dict[str, str]) -> dict[str, str]:
    """The environment bwrap gives a kernel (see :func:`wrap_command`)."""
    env = _one_thread(env)
    env.update(HOME="/tmp", IPYTHONDIR="/tmp/.ipython", MPLCONFIGDIR="/tmp/.matplotlib")
    env.pop("JPY_PARENT_PID", None)
    return env


def _readable_paths() -> list[str]:
    """Python and ikmkit must stay readable in the sandbox when they live under /tmp."""
    package_dir = os.path.dirname(os.path.abspath(__file__))
    return [p for p in {sys.prefix, sys.base_prefix, package_dir, *sys.path}
            if p and os.path.isabs(p)]


class ZygoteDied(RuntimeError):
    """The kernel fork server stopped (e.g. participant code killed it)."""


class KernelZygote:
    """A kernel fork server (:mod:`ikmkit._kernel_zygote`) in its own sandbox.

    One per grading worker. It lives in a bwrap sandbox like a kernel's (course hidden,
    private ``/tmp``, own PID and network namespaces, resource limits), with ``root`` as
    its only writable folder: kernels get their socket folders and their working copy
    (``root/work``) there. Before each kernel starts, the zygote kills every process left
    in its sandbox and empties ``/tmp`` and ``root/work``. If it dies it is started again
    for the next kernel.
    """

    def __init__(self, root: str, *, hidden: Sequence[str], limits: Limits,
                 bwrap: str, preload: Sequence[str] = ()) -> None:
        self.root = os.path.abspath(root)
        self.work = os.path.join(self.root, "work")
        self.kernels = os.path.join(self.root, "kernels")
        self.hidden = list(hidden)
        self.limits = limits
        self.bwrap = bwrap
        self.preload = list(preload)
        self.proc: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        os.makedirs(self.work, exist_ok=True)
        os.makedirs(self.kernels, exist_ok=True)
        cmd = wrap_command(
            [sys.executable, "-c", "from ikmkit._kernel_zygote import main; main()",
             *self.preload],
            workdir=self.root, kernel_dir=self.root, hidden=self.hidden, limits=self.limits,
            bwrap=self.bwrap, prlimit=shutil.which("prlimit"), readable=_readable_paths(),
        )
        env = _kernel_env(dict(os.environ))
        env["IKMKIT_ZYGOTE_SANDBOXED"] = "1"
        return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, env=env, start_new_session=True)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def request(self, timeout: float = 120, **req: Any) -> dict[str, Any]:
        """Send one request and wait for its answer; ZygoteDied if the zygote is gone."""
        import json
        import select

        if not self.alive:
            if req.get("op") != "spawn" and req.get("op") != "reset":
                raise ZygoteDied("kernel zygote is not running")
            self.close()
            self.proc = self._start()
        proc = self.proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write((json.dumps(req) + "\n").encode())
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], timeout)
            line = proc.stdout.readline() if ready else b""
        except (BrokenPipeError, OSError) as exc:
            self.close()
            raise ZygoteDied(str(exc)) from None
        if not line:
            self.close()
            raise ZygoteDied("kernel zygote did not answer")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"kernel zygote: {answer['error']}")
        return dict(answer)

    def reset(self, wipe_work: bool = True) -> None:
        """Kill every process but the zygote in its sandbox; empty /tmp (and ``work``)."""
        self.request(op="reset", wipe=[self.work] if wipe_work else [],
                     keep=[self.root, *_readable_paths()])

    def close(self) -> None:
        """Stop the zygote and every kernel it started."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        import signal

        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()


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
            except ZygoteDied:
                self.returncode = -9
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            try:
                self.zygote.request(op="signal", pid=self.pid, sig=int(sig))
            except ZygoteDied:
                self.returncode = -9

    def kill(self) -> None:
        import signal

        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        import signal

        self.send_signal(signal.SIGTERM)


def _copy_tree(src: str, dst: str, *, skip_suffix: tuple[str, ...] = ()) -> None:
    """Copy regular files (never symlinks) from src into dst, keeping sub-folders."""
    for folder, dirs, files in os.walk(src):
        rel = os.path.relpath(folder, src)
        target = dst if rel == "." else os.path.join(dst, rel)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
        os.makedirs(target, exist_ok=True)
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path) or not os.path.isfile(path) or name.endswith(skip_suffix):
                continue
            out = os.path.join(target, name)
            if os.path.isfile(out) and not os.path.islink(out):
                a, b = os.stat(path), os.stat(out)
                if a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime):
                    continue
            if os.path.islink(out):
                os.unlink(out)
            shutil.copy2(path, out)


_ZYGOTES: dict[tuple[Any, ...], KernelZygote] = {}


def _zygote_for(root: str, hidden: Sequence[str], limits: Limits, bwrap: str,
                preload: Sequence[str]) -> KernelZygote:
    key = (root, tuple(hidden), limits, bwrap, tuple(preload))
    if key not in _ZYGOTES:
        _ZYGOTES[key] = KernelZygote(root, hidden=hidden, limits=limits, bwrap=bwrap,
                                     preload=preload)
    return _ZYGOTES[key]


def close_zygotes() -> None:
    """Stop every kernel zygote of this process (a grading worker calls it at exit)."""
    for zygote in _ZYGOTES.values():
        zygote.close()
    _ZYGOTES.clear()


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


class _ZygoteProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, with the kernel forked by a :class:`KernelZygote`.

    The kernel works in the zygote's scratch folder: the files of the real working folder
    are copied in before it starts, and files it wrote (notebooks excepted) are copied
    back when it is cleaned up.
    """

    zygote: KernelZygote
    workdir: str

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        zygote = self.zygote
        zygote.reset()
        _copy_tree(self.workdir, zygote.work)
        argv = cmd[cmd.index("-f"):] if "-f" in cmd else []
        env = _kernel_env(dict(kwargs.get("env") or os.environ))
        pid = int(zygote.request(op="spawn", argv=argv, cwd=zygote.work, env=env)["pid"])
        self.process = _ZygoteKernel(zygote, pid)  # type: ignore[assignment]
        self.pid = pid
        self.pgid = None  # signals go through the zygote (PIDs of its namespace)
        self.cwd = zygote.work
        return self.connection_info

    async def wait(self) -> int | None:
        """Wait for the kernel to end, polling every 10 ms (the base class sleeps 0.1 s)."""
        import asyncio

        process = self.process
        if process is None:
            return 0
        while process.poll() is None:
            await asyncio.sleep(0.01)
        self.process = None
        return process.returncode

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart=restart)
        if restart:
            return
        zygote = self.zygote
        try:
            zygote.reset(wipe_work=False)  # nothing of this kernel keeps running
        except (ZygoteDied, RuntimeError):
            pass
        _copy_tree(zygote.work, self.workdir, skip_suffix=(".ipynb",))


class SandboxKernelClient(AsyncKernelClient):
    """jupyter_client's async client, without its fixed 0.2 s wait after start-up.

    ``wait_for_ready`` ends by draining IOPub until nothing arrives for 0.2 s; nbclient
    ignores messages that do not answer its own requests, so a short drain does. Per
    kernel that is 0.2 s of waiting saved, which matters when every notebook gets a
    fresh kernel.
    """

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        import time
        from queue import Empty

        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                pass
            else:
                if msg["msg_type"] == "kernel_info_reply":
                    try:  # IOPub is connected once it carries the reply's status
                        await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(msg)
                        break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=0.01)
            except Empty:
                break

    wait_for_ready = _async_wait_for_ready


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
    zygote = Bool(True, help="Fork kernels from a pre-imported kernel server in the sandbox "
                  "(only with bubblewrap and a runtime_root; one kernel at a time per "
                  "runtime_root, since each new kernel ends the previous one).").tag(config=True)
    zygote_preload = List(Unicode(), help="Modules the zygote imports once for all kernels."
                          ).tag(config=True)

    client_class = DottedObjectName("ikmkit.sandbox.SandboxKernelClient")
    client_factory = Type(default_value=SandboxKernelClient, klass=AsyncKernelClient)

    _kernel_dir: str | None = None

    async def _async_pre_start_kernel(self, **kw):
        bwrap = bwrap_path() if self.isolate else None
        limits = Limits(memory_mb=self.memory_mb, file_size_mb=self.file_size_mb)
        hidden = [os.path.abspath(p) for p in self.hidden_paths]
        # The zygote needs a folder of its own (it empties its work folder before every
        # kernel), so it is used only with a dedicated runtime_root, as grading sets.
        zygote = (_zygote_for(os.path.join(self.runtime_root, "z"), hidden, limits, bwrap,
                              self.zygote_preload)
                  if bwrap and self.zygote and self.runtime_root else None)
        root = zygote.kernels if zygote else (self.runtime_root or tempfile.gettempdir())
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
        if zygote is not None and type(self.provisioner) is LocalProvisioner:
            prov: Any = self.provisioner
            prov.__class__ = _ZygoteProvisioner
            prov.zygote = zygote
            prov.workdir = workdir
            return kernel_cmd, kw
        # Python and ikmkit itself must stay readable when they live under /tmp (e.g. a
        # clone in /tmp with an editable install): bind their folders back read-only.
        readable = _readable_paths()
        cmd = wrap_command(
            kernel_cmd,
            workdir=workdir,
            kernel_dir=self._kernel_dir,
            hidden=hidden,
            limits=limits,
            bwrap=bwrap,
            prlimit=shutil.which("prlimit"),
            readable=readable,
        )
        kw["env"] = _one_thread(dict(kw.get("env") or os.environ))
        # the kernel's own stdout/stderr carry only launcher noise; cell output uses iopub
        kw.setdefault("stdout", subprocess.DEVNULL)
        kw.setdefault("stderr", subprocess.DEVNULL)
        return cmd, kw

    async def _async_wait(self, pollinterval: float = 0.01) -> None:
        # the base class polls a killed kernel every 0.1 s; grading kills one per notebook
        import asyncio

        while await self._async_is_alive():
            await asyncio.sleep(pollinterval)

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

