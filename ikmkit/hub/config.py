"""The files of a hub folder: where everything lives, and the configuration written there.

``ikmkit hub init DIR`` lays out one batch like this (owner, mode)::

    DIR/                      root 0711: accounts can pass through, not list
      hub.json                what init decided (course id, accounts, paths); root 0600
      jupyterhub_config.py    JupyterHub's configuration, root 0600 (rewritten by every
                              init; put own additions in jupyterhub_config_lokal.py)
      akun.csv                username,password,role (root 0600)
      kartu-login/            printable login cards (root 0700)
      kelas/                  the nbgrader course directory (course account 0700):
                              source/, release/, submitted/, gradebook, peserta.csv, dasbor.ipynb
      pertukaran/             nbgrader's exchange (root 1777, as nbgrader requires)
      env/                    the Python environment of every Jupyter server (0755)
      jupyter/peserta/        Jupyter + nbgrader settings of participants' and trainers' servers
      jupyter/kelas/          the same for the shared course service (formgrader, terminal,
                              dashboard)
      data/                   JupyterHub's database, cookie secret, proxy pid (root 0700)
      rumah-kelas/            home of the course account

The Jupyter settings folders are put first on ``JUPYTER_CONFIG_PATH`` of each server: for
participants the formgrader, course list and assignment-creation panels are switched off;
the course service has the formgrader and not the participants' panels.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ikmkit.errors import IkmkitError

__all__ = [
    "HubError",
    "Layout",
    "Settings",
    "course_nbgrader_settings",
    "jupyterhub_config",
    "read_settings",
    "write_jupyter_settings",
    "write_settings",
]

SETTINGS_NAME = "hub.json"
LOCAL_CONFIG = "jupyterhub_config_lokal.py"
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"

_PARTICIPANT_SERVER_EXTENSIONS = {
    "nbgrader.server_extensions.formgrader": False,
    "nbgrader.server_extensions.course_list": False,
    "nbgrader.server_extensions.assignment_list": True,
    "nbgrader.server_extensions.validate_assignment": True,
    "voila.server_extension": False,
}
_PARTICIPANT_LAB_DISABLED = {
    "@jupyter/nbgrader:formgrader": True,
    "@jupyter/nbgrader:course-list": True,
    "@jupyter/nbgrader:create-assignment": True,
    "@voila-dashboards/jupyterlab-preview": True,
}
_COURSE_SERVER_EXTENSIONS = {
    "nbgrader.server_extensions.formgrader": True,
    "nbgrader.server_extensions.course_list": False,
    "nbgrader.server_extensions.assignment_list": False,
    "nbgrader.server_extensions.validate_assignment": True,
    "voila.server_extension": True,
}
_COURSE_LAB_DISABLED = {
    "@jupyter/nbgrader:formgrader": False,
    "@jupyter/nbgrader:create-assignment": False,
    "@jupyter/nbgrader:course-list": True,
    "@jupyter/nbgrader:assignment-list": True,
}


class HubError(IkmkitError):
    """A hub folder cannot be created, read or started."""


@dataclass(frozen=True)
class Layout:
    """Paths inside a hub folder."""

    root: Path

    @property
    def settings(self) -> Path:
        return self.root / SETTINGS_NAME

    @property
    def jupyterhub_config(self) -> Path:
        return self.root / "jupyterhub_config.py"

    @property
    def accounts(self) -> Path:
        return self.root / "akun.csv"

    @property
    def cards(self) -> Path:
        return self.root / "kartu-login"

    @property
    def course(self) -> Path:
        return self.root / "kelas"

    @property
    def exchange(self) -> Path:
        return self.root / "pertukaran"

    @property
    def default_env(self) -> Path:
        return self.root / "env"

    @property
    def participant_config(self) -> Path:
        return self.root / "jupyter" / "peserta"

    @property
    def course_config(self) -> Path:
        return self.root / "jupyter" / "kelas"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def course_home(self) -> Path:
        return self.root / "rumah-kelas"


@dataclass
class Settings:
    """What ``hub init`` decided for a batch (``hub.json``); no passwords, no database URL."""

    course_id: str
    title: str
    course_user: str
    trainers: list[str]
    participants: list[str]
    env: str
    home_root: str
    url: str
    proxy: str
    schema: int = 1
    created_by: str = "ikmkit hub init"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def group(self) -> str:
        """The JupyterHub group of the batch's trainers (nbgrader's naming)."""
        return f"formgrade-{self.course_id}"

    @property
    def service(self) -> str:
        """The shared course service's name (nbgrader's rule: the course id)."""
        return self.course_id

    @property
    def env_bin(self) -> str:
        return str(Path(self.env) / "bin")

    def home(self, username: str) -> Path:
        return Path(self.home_root) / username


def read_settings(root: Path) -> Settings | None:
    """The settings of an existing hub folder, or None for a new one."""
    path = Layout(root).settings
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Settings(**data)
    except (OSError, ValueError, TypeError) as exc:
        raise HubError(f"{path}: bukan berkas pengaturan hub yang sah ({exc})") from None


def write_settings(root: Path, settings: Settings) -> Path:
    path = Layout(root).settings
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2) + "\n",
                   encoding="utf-8")
    os.chmod(tmp, 0o600)  # the batch's user list is nobody else's business
    os.replace(tmp, path)
    return path


def _py(value: object) -> str:
    return repr(value)


def course_nbgrader_settings(settings: Settings, layout: Layout) -> dict[str, str]:
    """nbgrader settings the course directory's own ``nbgrader_config.py`` must carry, so
    that ``ikmkit grade``/``feedback``/``report`` and the formgrader agree on them (and the
    grading sandbox hides the exchange)."""
    return {"CourseDirectory.course_id": settings.course_id,
            "Exchange.root": str(layout.exchange)}


def _nbgrader_common(settings: Settings, layout: Layout) -> str:
    return (
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {_py(settings.course_id)}\n"
        f"c.Exchange.root = {_py(str(layout.exchange))}\n"
    )


def write_jupyter_settings(settings: Settings, layout: Layout) -> None:
    """The Jupyter/nbgrader settings folders for participants' servers and the course
    service (world-readable, owned by root)."""
    header = "# Ditulis oleh `ikmkit hub init` (ditulis ulang setiap kali perintah itu jalan).\n"
    for folder, server_ext, lab_disabled, nbgrader in (
        (layout.participant_config, _PARTICIPANT_SERVER_EXTENSIONS, _PARTICIPANT_LAB_DISABLED,
         _nbgrader_common(settings, layout)),
        (layout.course_config, _COURSE_SERVER_EXTENSIONS, _COURSE_LAB_DISABLED,
         _nbgrader_common(settings, layout) + (
             f"c.CourseDirectory.root = {_py(str(layout.course))}\n"
             "# Autograde and feedback go through ikmkit (sandboxed, Indonesian): the\n"
             "# formgrader's own buttons for them say which command to use instead.\n"
             "from ikmkit.hub.formgrader import UseIkmkitFeedback, UseIkmkitGrade\n"
             "c.Autograde.sanitize_preprocessors = [UseIkmkitGrade]\n"
             "c.GenerateFeedback.preprocessors = [UseIkmkitFeedback]\n"
         )),
    ):
        (folder / "labconfig").mkdir(parents=True, exist_ok=True)
        (folder / "nbgrader_config.py").write_text(header + nbgrader, encoding="utf-8")
        # Terminals: bash without a login profile, which would reset PATH and lose the
        # batch environment's commands (ikmkit, nbgrader).
        (folder / "jupyter_server_config.json").write_text(json.dumps(
            {"ServerApp": {"jpserver_extensions": server_ext,
                           "terminado_settings": {"shell_command": ["/bin/bash"]}}},
            indent=2) + "\n", encoding="utf-8")
        (folder / "labconfig" / "page_config.json").write_text(json.dumps(
            {"disabledExtensions": lab_disabled}, indent=2) + "\n", encoding="utf-8")
        for path in [folder.parent, folder, folder / "labconfig", *folder.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)


def jupyterhub_config(settings: Settings, layout: Layout, allowed: Iterable[str]) -> str:
    """The text of ``jupyterhub_config.py`` for the batch."""
    env_bin = settings.env_bin
    path = f"{env_bin}:{SYSTEM_PATH}"
    allowed_users = sorted(set(allowed))
    course = str(layout.course)
    data = str(layout.data)
    lines = [
        f'"""JupyterHub untuk angkatan {settings.title!s} ({settings.course_id}).',
        "",
        "Ditulis oleh `ikmkit hub init`, dan DITULIS ULANG setiap kali perintah itu",
        f"dijalankan. Pengaturan tambahan (mis. HTTPS) taruh di {LOCAL_CONFIG} di folder ini.",
        "Jalankan dengan `ikmkit hub start DIR` (memilih port dan menghentikan semuanya",
        'dengan rapi).',
        '"""',
        "import os",
        "",
        "import ikmkit.hub",
        "",
        "c = get_config()  # noqa: F821",
        f"HUB_DIR = {_py(str(layout.root))}",
        "",
        "# Addresses: `ikmkit hub start` sets these variables (free ports, chosen at start).",
        "_ip = os.environ.get('IKMKIT_HUB_IP', '0.0.0.0')",
        "_port = os.environ.get('IKMKIT_HUB_PORT', '8000')",
        "c.JupyterHub.bind_url = f'http://{_ip}:{_port}/'",
        "c.JupyterHub.hub_ip = '127.0.0.1'",
        "c.JupyterHub.hub_port = int(os.environ.get('IKMKIT_HUB_API_PORT', '8081'))",
        "c.ConfigurableHTTPProxy.api_url = "
        "'http://127.0.0.1:' + os.environ.get('IKMKIT_PROXY_API_PORT', '8001')",
        f"c.ConfigurableHTTPProxy.command = [{_py(settings.proxy)}]",
        f"c.ConfigurableHTTPProxy.pid_file = {_py(data + '/proxy.pid')}",
        f"c.JupyterHub.pid_file = {_py(data + '/jupyterhub.pid')}",
        f"c.JupyterHub.db_url = {_py('sqlite:///' + data + '/jupyterhub.sqlite')}",
        f"c.JupyterHub.cookie_secret_file = {_py(data + '/jupyterhub_cookie_secret')}",
        "c.JupyterHub.cleanup_servers = True  # stopping the hub stops every server",
        "c.JupyterHub.cleanup_proxy = True",
        "",
        "# Pages in Indonesian (login, home, waiting); links for trainers on the home page.",
        "c.JupyterHub.template_paths = [ikmkit.hub.templates_dir()]",
        "c.JupyterHub.template_vars = {",
        f"    'ikmkit_title': {_py(settings.title)},",
        f"    'ikmkit_course': {_py(settings.course_id)},",
        "}",
        "",
        "# Accounts: system users with the passwords of akun.csv (PAM). Nobody else can log in,",
        "# nobody can sign up; `ikmkit hub password USER` resets a password.",
        "c.JupyterHub.authenticator_class = 'pam'",
        f"c.Authenticator.allowed_users = {_py(set(allowed_users)) if allowed_users else 'set()'}",
        "c.Authenticator.admin_users = set()",
        "c.PAMAuthenticator.open_sessions = False",
        "",
        "# Trainers: nbgrader's 'formgrade-<course>' group; they reach the shared course",
        "# service (formgrader, course terminal, dashboard). Participants cannot.",
        f"c.JupyterHub.load_groups = {{{_py(settings.group)}: "
        f"{{'users': {_py(sorted(settings.trainers))}}}}}",
        "c.JupyterHub.load_roles = [",
        "    {",
        f"        'name': {_py(settings.group)},",
        f"        'groups': [{_py(settings.group)}],",
        f"        'scopes': ['access:services!service={settings.service}', 'list:services',",
        f"                   'read:services!service={settings.service}'],",
        "    },",
        "]",
        "",
        "# The shared course service: one Jupyter server, run as the course account, over the",
        "# course directory. Every trainer works on the same gradebook through it.",
        "c.JupyterHub.services = [",
        "    {",
        f"        'name': {_py(settings.service)},",
        "        'url': 'http://127.0.0.1:' + os.environ.get('IKMKIT_SERVICE_PORT', '8082'),",
        f"        'command': [{_py(env_bin + '/jupyterhub-singleuser')},",
        f"                    {_py('--ServerApp.root_dir=' + course)}],",
        f"        'user': {_py(settings.course_user)},",
        f"        'cwd': {_py(course)},",
        "        'oauth_no_confirm': True,",
        "        'environment': {",
        f"            'PATH': {_py(path)},",
        f"            'JUPYTER_CONFIG_PATH': {_py(str(layout.course_config))},",
        f"            'IKMKIT_COURSE_DIR': {_py(course)},",
        "            'JUPYTERHUB_DEFAULT_URL': '/lab',",
        "            'TQDM_DISABLE': '1',",
        "            'MPLBACKEND': 'Agg',",
        "            'LANG': 'C.UTF-8',",
        "        },",
        "    },",
        "]",
        "",
        "# Everyone's own server: JupyterLab in Indonesian, run as their own system user.",
        f"c.Spawner.cmd = [{_py(env_bin + '/jupyterhub-singleuser')}]",
        "c.Spawner.default_url = '/lab'",
        "c.Spawner.notebook_dir = '~'",
        "c.Spawner.environment = {",
        f"    'PATH': {_py(path)},",
        f"    'JUPYTER_CONFIG_PATH': {_py(str(layout.participant_config))},",
        "    'LANG': 'C.UTF-8',",
        "}",
        "c.Spawner.start_timeout = 120",
        "c.Spawner.http_timeout = 90",
        "",
        f"_local = os.path.join(HUB_DIR, {_py(LOCAL_CONFIG)})",
        "if os.path.exists(_local):",
        "    load_subconfig(_local)  # noqa: F821",
        "",
    ]
    return "\n".join(lines)
