"""A JupyterHub for one incubator batch: accounts, course service, exchange, login cards.

``ikmkit hub init DIR --roster peserta.csv --trainers rina,agus`` writes a complete
deployment into DIR (see :mod:`ikmkit.hub.config` for the layout): one system user per
participant and trainer with a printable login card, the nbgrader course directory and
exchange, a shared formgrader service for the trainers, JupyterLab in Bahasa Indonesia
for everyone. ``ikmkit hub start DIR`` runs it; ``ikmkit hub password USER`` gives someone
a new password. Modules: :mod:`~ikmkit.hub.roster` (the roster file),
:mod:`~ikmkit.hub.accounts` (system users, ``akun.csv``), :mod:`~ikmkit.hub.cards`,
:mod:`~ikmkit.hub.environment` (the servers' Python environment),
:mod:`~ikmkit.hub.config` (layout and configuration files), :mod:`~ikmkit.hub.formgrader`,
:mod:`~ikmkit.hub.server` (start and stop), :mod:`~ikmkit.hub.batch` (init, reset, remove).

>>> templates_dir().joinpath("login.html").is_file()
True
"""

from __future__ import annotations

from pathlib import Path

from ikmkit.hub.accounts import Account, AccountError
from ikmkit.hub.batch import InitResult, enrol, init_hub, release, remove_hub, reset_password
from ikmkit.hub.config import HubError, Layout, Settings, read_settings
from ikmkit.hub.environment import EnvironmentProblem
from ikmkit.hub.roster import Participant, RosterError, read_roster

__all__ = [
    "Account",
    "AccountError",
    "EnvironmentProblem",
    "HubError",
    "InitResult",
    "Layout",
    "Participant",
    "RosterError",
    "Settings",
    "enrol",
    "init_hub",
    "read_roster",
    "read_settings",
    "release",
    "remove_hub",
    "reset_password",
    "start_hub",
    "templates_dir",
]


def templates_dir() -> Path:
    """JupyterHub page templates in Indonesian (login, home, waiting page)."""
    return Path(__file__).resolve().parent / "templates"


def start_hub(root: str | Path, *, port: int = 8000, ip: str = "0.0.0.0",
              log: str | Path | None = "", **kwargs) -> int:
    """Run the hub of folder ``root`` until Ctrl-C/SIGTERM (see :func:`ikmkit.hub.server.start`).

    JupyterHub's own log goes to ``DIR/data/jupyterhub.log`` (root only) unless ``log``
    names another file, or is None for this terminal.
    """
    from ikmkit.hub.server import start

    path = Path(root).resolve()
    settings = read_settings(path)
    if settings is None:
        raise HubError(f"{str(path)!r} bukan folder hub (tidak ada hub.json); buat dengan "
                       "`ikmkit hub init DIR --roster ... --trainers ...`")
    target = Layout(path).data / "jupyterhub.log" if log == "" else (
        Path(log) if log is not None else None)
    return start(path, settings, port=port, ip=ip, log=target, **kwargs)
