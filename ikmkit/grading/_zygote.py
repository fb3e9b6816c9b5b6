"""A kernel fork server ("zygote") that runs inside one grading worker's sandbox.

Starting a Python kernel costs about 0.2 CPU-seconds of imports (ipykernel, IPython,
jupyter_client, zmq, tornado) before it runs a single cell; with four workers on two
cores that is a fifth of the grading time. The zygote imports all of that once, inside
the sandbox (:mod:`ikmkit.grading.sandbox`), and forks a fresh kernel process for every notebook.
Each kernel is still a new process: nothing a participant's code does reaches the next
participant's kernel, and before every kernel starts the zygote

- kills every other process in its PID namespace (a daemon left behind by the previous
  participant cannot watch the next one),
- empties its private ``/tmp``, ``/dev/shm`` and the home folder the kernels work in (all
  size-limited memory file systems of the sandbox, invisible from outside),
- is not dumpable, so kernel code cannot ptrace it.

The zygote is also the courier for the kernel's working files: the worker sends the
submission's files with the ``spawn`` request, and after the kernel has ended it asks for
the files the kernel wrote (``collect``), which are sent back with caps on their number
and size. No folder of the host is writable by a kernel except its own socket folder.

Protocol: one JSON object per line on stdin, one JSON answer per line on stdout.

- ``{"op": "spawn", "argv": [...], "env": {...}, "files": [[PATH, BASE64], ...]}`` ->
  ``{"pid": PID}``: kill every other process, empty ``/tmp`` and the home folder, write the
  files there and fork a kernel working in the home folder;
- ``{"op": "poll", "pid": PID}`` -> ``{"returncode": RC_or_null}``;
- ``{"op": "signal", "pid": PID, "sig": N}`` -> ``{"ok": true}``;
- ``{"op": "reset"}`` -> ``{"ok": true}``: kill every other process, empty ``/tmp`` and
  the home folder;
- ``{"op": "collect", "max_files": N, "max_bytes": B}`` -> ``{"files": [[PATH, BASE64],
  ...], "dropped": [REASON, ...]}``: kill every other process, then the regular files the
  kernel left in the home folder (never symlinks, notebooks, ``timestamp.txt`` or hidden
  names), within the caps.

``keep`` paths given on the command line (``--keep PATH``) are never emptied: the host
folder bound for the kernels' sockets may lie under ``/tmp``. ``reset``, ``spawn`` and
``collect`` are refused outside a sandbox. PIDs are those of the sandbox's PID namespace.
Run as ``python -c "from ikmkit.grading._zygote import main; main()" [--keep PATH] [module
...]`` where the module names are imported once (e.g. ``numpy``).

>>> from ikmkit.grading._zygote import safe_relpath
>>> safe_relpath("data/harga.csv"), safe_relpath("../x"), safe_relpath("/etc/passwd")
('data/harga.csv', None, None)
"""

from __future__ import annotations

import base64
import ctypes
import json
import os
import shutil
import signal
import stat
import sys
from collections.abc import Iterable
from typing import Any

#: The kernels' working folder inside the sandbox (a size-limited tmpfs).
HOME = "/home/peserta"
#: Names never collected from a kernel's folder (nbgrader's own files, notebooks).
NEVER_COLLECTED = ("timestamp.txt",)
_PR_SET_DUMPABLE = 4
_PR_SET_PDEATHSIG = 1
_MAX_DEPTH = 4


def safe_relpath(path: str) -> str | None:
    """``path`` if it is a plain relative path inside a folder, else None."""
    if not isinstance(path, str) or not path or path.startswith("/") or "\x00" in path:
        return None
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts) or len(parts) > _MAX_DEPTH:
        return None
    return path


def _kept_dirs(current: str, rel_dir: str, dirs: list[str], dropped: list[str]) -> list[str]:
    """The sub-folders :func:`collect_files` walks into (no links, no hidden, not too deep)."""
    depth = 0 if rel_dir == "." else rel_dir.count("/") + 1
    kept = []
    for d in sorted(dirs):
        if d.startswith("."):
            continue
        if os.path.islink(os.path.join(current, d)) or depth + 1 >= _MAX_DEPTH:
            dropped.append(f"folder {os.path.join(rel_dir, d)} dilewati")
            continue
        kept.append(d)
    return kept


def _read_regular(path: str, room: int) -> bytes | str:
    """The bytes of a regular file of at most *room* bytes, or why it is not taken."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return "bukan berkas biasa"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "bukan berkas biasa"
        if info.st_size > room:
            return "melewati batas ukuran"
        chunks, size = [], 0
        while size < info.st_size:
            chunk = os.read(fd, info.st_size - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def collect_files(folder: str, *, max_files: int, max_bytes: int,
                  skip_suffix: tuple[str, ...] = (".ipynb",)) -> tuple[list[tuple[str, bytes]],
                                                                      list[str]]:
    """Regular files under ``folder`` (relative path, bytes) within the caps, and why
    anything else was left out. Symlinks, devices, FIFOs, hidden names, notebooks and
    :data:`NEVER_COLLECTED` names are never taken; nothing is followed or opened
    without ``O_NOFOLLOW``.
    """
    files: list[tuple[str, bytes]] = []
    dropped: list[str] = []
    total = 0
    for current, dirs, names in os.walk(folder, followlinks=False):
        rel_dir = os.path.relpath(current, folder)
        dirs[:] = _kept_dirs(current, rel_dir, dirs, dropped)
        for name in sorted(names):
            if name.startswith(".") or name.endswith(skip_suffix) or name in NEVER_COLLECTED:
                continue
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if len(files) >= max_files:
                dropped.append(f"{rel}: lebih dari {max_files} berkas")
                continue
            data = _read_regular(os.path.join(current, name), max_bytes - total)
            if isinstance(data, str):
                dropped.append(f"{rel}: {data}")
                continue
            total += len(data)
            files.append((rel, data))
    if len(dropped) > 20:
        dropped = [*dropped[:20], f"... dan {len(dropped) - 20} lagi"]
    return files, dropped


def _preload(extra: list[str]) -> None:
    sys.modules["debugpy"] = None  # type: ignore[assignment]  # no debugger in grading
    import importlib

    import ipykernel.ipkernel  # noqa: F401
    import ipykernel.kernelapp  # noqa: F401
    import ipykernel.zmqshell  # noqa: F401
    import IPython  # noqa: F401
    import jupyter_client.session  # noqa: F401

    for name in extra:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a missing optional module is no reason to fail
            pass


def _not_dumpable() -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _die_with_zygote() -> None:
    """A kernel dies when the zygote dies (killed by participant code, or stopped): nothing
    keeps running unwatched in the sandbox."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the zygote died before the line above ran
        os._exit(1)


def _sandboxed() -> bool:
    """True inside the bwrap sandbox ikmkit starts (own PID namespace, bwrap as init)."""
    try:
        with open("/proc/1/comm") as fh:
            init = fh.read().strip()
    except OSError:
        return False
    return os.environ.get("IKMKIT_ZYGOTE_SANDBOXED") == "1" and init == "bwrap"


def kill_all(pids: Iterable[int]) -> None:
    """SIGKILL each process; one already gone (or not ours to signal) is skipped."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _kill_others() -> None:
    """SIGKILL every process of this PID namespace except its init (1) and us."""
    me = os.getpid()
    for _ in range(3):
        victims = []
        for name in os.listdir("/proc"):
            if name.isdigit() and int(name) not in (1, me):
                victims.append(int(name))
        if not victims:
            return
        kill_all(victims)
        for pid in victims:  # reap our own children; init reaps the orphans
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def _empty(folder: str, keep: Iterable[str] = ()) -> None:
    """Delete everything in *folder* except the *keep* paths (and the folders above them)."""
    keep = tuple(keep)
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for name in entries:
        path = os.path.join(folder, name)
        if any(k == path for k in keep):
            continue
        if any(k.startswith(path + os.sep) for k in keep):
            if os.path.isdir(path) and not os.path.islink(path):
                _empty(path, keep)
            continue
        remove_path(path)


def remove_path(path: str) -> None:
    """Remove a file, link or whole folder (never following a link); errors are ignored."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def _write_files(folder: str, files: list[list[str]]) -> None:
    for rel, b64 in files:
        safe = safe_relpath(rel)
        if safe is None:
            raise ValueError(f"unsafe path {rel!r}")
        path = os.path.join(folder, safe)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(base64.b64decode(b64))


def _child(argv: list[str], env: dict[str, str], keep_fds: tuple[int, ...]) -> None:
    """In the forked kernel process: become a fresh kernel and never return."""
    code = 1
    try:
        _die_with_zygote()
        os.setsid()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        for fd in keep_fds:
            if fd > 2:
                try:
                    os.close(fd)
                except OSError:
                    pass
        os.chdir(HOME)
        os.environ.clear()
        os.environ.update(env)
        sys.argv = ["ipykernel_launcher", *argv]
        sys.stdin = open(os.devnull)  # noqa: SIM115
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001
        code = 1
    finally:
        os._exit(code)


class _Server:
    def __init__(self, keep: tuple[str, ...], keep_fds: tuple[int, ...]) -> None:
        self.keep = tuple(os.path.normpath(k) for k in keep)
        self.keep_fds = keep_fds
        self.finished: dict[int, int] = {}

    def _clean(self) -> None:
        if not _sandboxed():
            raise RuntimeError("refusing to reset outside a sandbox")
        _kill_others()
        self.finished.clear()
        for folder in ("/tmp", HOME, "/dev/shm"):
            _empty(folder, self.keep)

    def _spawn(self, req: dict[str, Any]) -> dict[str, Any]:
        self._clean()
        _write_files(HOME, list(req.get("files", [])))
        pid = os.fork()
        if pid == 0:
            _child(list(req["argv"]), dict(req["env"]), self.keep_fds)
        return {"pid": pid}

    def _poll(self, req: dict[str, Any]) -> dict[str, Any]:
        pid = int(req["pid"])
        if pid not in self.finished:
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, status = pid, 0
            if done:
                self.finished[pid] = os.waitstatus_to_exitcode(status)
        return {"returncode": self.finished.get(pid)}

    def _signal(self, req: dict[str, Any]) -> dict[str, Any]:
        pid, sig = int(req["pid"]), int(req["sig"])
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, sig)
                break
            except (ProcessLookupError, PermissionError):
                continue
        return {"ok": True}

    def _reset(self, req: dict[str, Any]) -> dict[str, Any]:
        self._clean()
        return {"ok": True}

    def _collect(self, req: dict[str, Any]) -> dict[str, Any]:
        if not _sandboxed():
            raise RuntimeError("refusing to collect outside a sandbox")
        _kill_others()
        files, dropped = collect_files(HOME, max_files=int(req["max_files"]),
                                       max_bytes=int(req["max_bytes"]))
        return {"files": [[rel, base64.b64encode(data).decode("ascii")]
                          for rel, data in files], "dropped": dropped}

    def handle(self, req: dict[str, Any]) -> dict[str, Any]:
        ops = {"spawn": self._spawn, "poll": self._poll, "signal": self._signal,
               "reset": self._reset, "collect": self._collect}
        op = ops.get(str(req.get("op")))
        if op is None:
            return {"error": f"unknown op {req.get('op')!r}"}
        return op(req)


def serve(requests: Any, answers: Any, keep: tuple[str, ...],
          keep_fds: tuple[int, ...]) -> None:
    """Answer requests until stdin closes."""
    server = _Server(keep, keep_fds)
    for line in requests:
        try:
            answer = server.handle(json.loads(line))
        except Exception as exc:  # noqa: BLE001 - answer, never die on one request
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


def main() -> None:
    """Entry point inside the sandbox (see the module docstring)."""
    args = sys.argv[1:]
    keep: list[str] = []
    while len(args) >= 2 and args[0] == "--keep":
        keep.append(args[1])
        args = args[2:]
    _preload(args)
    _not_dumpable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # answers go to the real stdout; anything else printed goes nowhere
    answers = os.fdopen(os.dup(1), "w")
    requests = os.fdopen(os.dup(0), "r")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    serve(requests, answers, tuple(keep), keep_fds=(requests.fileno(), answers.fileno(),
                                                    devnull))


if __name__ == "__main__":  # pragma: no cover
    main()
