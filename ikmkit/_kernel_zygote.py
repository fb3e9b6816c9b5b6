"""A kernel fork server ("zygote") that runs inside one grading worker's sandbox.

Starting a Python kernel costs about 0.2 CPU-seconds of imports (ipykernel, IPython,
jupyter_client, zmq, tornado) before it runs a single cell; with four workers on two
cores that is a fifth of the grading time. The zygote imports all of that once, inside
the sandbox (:mod:`ikmkit.sandbox`), and forks a fresh kernel process for every notebook.
Each kernel is still a new process: nothing a participant's code does reaches the next
participant's kernel, and before every kernel starts the zygote

- kills every other process in its PID namespace (a daemon left behind by the previous
  participant cannot watch the next one),
- empties its private ``/tmp`` and the scratch folder the kernels work in,
- is not dumpable, so kernel code cannot ptrace it (bwrap drops all capabilities).

Protocol: one JSON object per line on stdin, one JSON answer per line on stdout.

- ``{"op": "spawn", "argv": [...], "cwd": DIR, "env": {...}}`` -> ``{"pid": PID}``
- ``{"op": "poll", "pid": PID}`` -> ``{"returncode": RC_or_null}``
- ``{"op": "signal", "pid": PID, "sig": N}`` -> ``{"ok": true}``
- ``{"op": "reset", "wipe": [DIR, ...], "keep": [PATH, ...]}`` -> ``{"ok": true}``: kill
  every other process, then empty ``/tmp`` and the *wipe* folders, sparing the *keep*
  paths (bind mounts such as the zygote's own folder). Refused outside a sandbox.

PIDs are those of the sandbox's PID namespace. Run as
``python -c "from ikmkit._kernel_zygote import main; main()" [module ...]`` where the
optional module names are imported once more (e.g. ``numpy``).
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import sys
from typing import Any

_PR_SET_DUMPABLE = 4


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


def _sandboxed() -> bool:
    """True inside the bwrap sandbox ikmkit starts (own PID namespace, bwrap as init)."""
    try:
        with open("/proc/1/comm") as fh:
            init = fh.read().strip()
    except OSError:
        return False
    return os.environ.get("IKMKIT_ZYGOTE_SANDBOXED") == "1" and init == "bwrap"


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
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        for pid in victims:  # reap our own children; init reaps the orphans
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def _empty(folder: str, keep: tuple[str, ...] = ()) -> None:
    """Delete everything in *folder* except the *keep* paths (and the folders above them)."""
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
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass


def _child(argv: list[str], cwd: str, env: dict[str, str], keep_fds: tuple[int, ...]) -> None:
    """In the forked kernel process: become a fresh kernel and never return."""
    code = 1
    try:
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
        os.chdir(cwd)
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


def serve(requests: Any, answers: Any, keep_fds: tuple[int, ...]) -> None:
    """Answer requests until stdin closes."""
    finished: dict[int, int] = {}
    for line in requests:
        try:
            req = json.loads(line)
            op = req.get("op")
            answer: dict[str, Any]
            if op == "spawn":
                pid = os.fork()
                if pid == 0:
                    _child(list(req["argv"]), req["cwd"], dict(req["env"]), keep_fds)
                answer = {"pid": pid}
            elif op == "poll":
                pid = int(req["pid"])
                if pid not in finished:
                    try:
                        done, status = os.waitpid(pid, os.WNOHANG)
                    except ChildProcessError:
                        done, status = pid, 0
                    if done:
                        finished[pid] = os.waitstatus_to_exitcode(status)
                answer = {"returncode": finished.get(pid)}
            elif op == "signal":
                pid, sig = int(req["pid"]), int(req["sig"])
                try:
                    os.killpg(pid, sig)
                except (ProcessLookupError, PermissionError):
                    try:
                        os.kill(pid, sig)
                    except (ProcessLookupError, PermissionError):
                        pass
                answer = {"ok": True}
            elif op == "reset":
                if not _sandboxed():
                    raise RuntimeError("refusing to reset outside a sandbox")
                _kill_others()
                finished.clear()
                keep = tuple(os.path.normpath(k) for k in req.get("keep", []))
                for folder in ["/tmp", *req.get("wipe", [])]:
                    _empty(folder, keep)
                answer = {"ok": True}
            else:
                answer = {"error": f"unknown op {op!r}"}
        except Exception as exc:  # noqa: BLE001 - answer, never die on one request
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


def main() -> None:
    """Entry point inside the sandbox (see the module docstring)."""
    _preload(sys.argv[1:])
    _not_dumpable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # answers go to the real stdout; anything else printed goes nowhere
    answers = os.fdopen(os.dup(1), "w")
    requests = os.fdopen(os.dup(0), "r")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    serve(requests, answers, keep_fds=(requests.fileno(), answers.fileno(), devnull))


if __name__ == "__main__":  # pragma: no cover
    main()
