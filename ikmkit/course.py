"""Build and use an nbgrader course directory from the repository's ``assessments/``.

A *course directory* is the unit a trainer backs up: nbgrader's own layout
(``source/``, ``release/``, ``submitted/``, ``autograded/``, ``feedback/``, the gradebook)
plus an ``nbgrader_config.py`` so that plain ``nbgrader`` commands also work inside it.
:func:`init_course` creates or completes one; it is idempotent and never touches
participant work (``submitted/``, ``autograded/``, ``feedback/``, existing grades).

The gradebook defaults to SQLite (``gradebook.db`` inside the course directory). Pass
``db_url`` (any SQLAlchemy URL, e.g. ``postgresql://...`` on a JupyterHub) and it is
written into the course's ``nbgrader_config.py``; every ikmkit command then reads it
from there, as nbgrader does.

>>> from ikmkit.course import default_assessments_dir, participant_id_problem
>>> (default_assessments_dir() / "source").name
'source'
>>> participant_id_problem("ikm-007") is None
True
>>> participant_id_problem("../ikm")
"'participant' hanya boleh berisi huruf, angka, titik, garis bawah dan tanda minus: '../ikm'"
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from ikmkit.errors import IkmkitError

__all__ = [
    "CONFIG_NAME",
    "CourseError",
    "assignments",
    "db_url",
    "default_assessments_dir",
    "ensure_tools_on_path",
    "init_course",
    "load_config",
    "participant_id_problem",
    "submit",
]

CONFIG_NAME = "nbgrader_config.py"
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# nbgrader's default CourseDirectory.timestamp_format is parsed by nbgrader.utils.parse_utc.
_TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
_IKMKIT_MARK = "# --- ikmkit course settings"


class CourseError(IkmkitError):
    """A course directory or assessments tree is missing or malformed."""


def default_assessments_dir() -> Path:
    """The repository's ``assessments/`` folder (an nbgrader source tree)."""
    return Path(__file__).resolve().parent.parent / "assessments"


def participant_id_problem(value: str) -> str | None:
    """Why ``value`` cannot be a participant or assignment id, or None if it can."""
    if not _ID_RE.match(value or ""):
        return (
            "'participant' hanya boleh berisi huruf, angka, titik, garis bawah dan tanda "
            f"minus: {value!r}"
        )
    return None


def _check_id(kind: str, value: str) -> None:
    problem = participant_id_problem(value)
    if problem:
        raise CourseError(problem.replace("'participant'", f"'{kind}'"))


def _setting_lines(settings: Mapping[str, object] | None) -> list[str]:
    lines = []
    for key, value in (settings or {}).items():
        if not re.match(r"^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$", key):
            raise CourseError(f"'settings' harus bernama Kelas.opsi (mis. "
                              f"CourseDirectory.course_id): {key!r}")
        lines.append(f"c.{key} = {value!r}\n")
    return lines


def _config_text(assessments_config: Path | None, db_url: str | None,
                 settings: Mapping[str, object] | None = None) -> str:
    parts = []
    if assessments_config is not None and assessments_config.is_file():
        parts.append(assessments_config.read_text(encoding="utf-8").rstrip() + "\n\n")
    else:
        parts.append("c = get_config()  # noqa: F821\n\n")
    parts.append(
        f"{_IKMKIT_MARK} (written by `ikmkit course init`) ---\n"
        "import os as _os\n\n"
        "c = get_config()  # noqa: F821\n"
        "# The course directory is the folder of this file, wherever it is moved.\n"
        "c.CourseDirectory.root = _os.path.dirname(_os.path.abspath(__file__))\n"
    )
    if db_url:
        parts.append(
            "# Gradebook: any SQLAlchemy URL (SQLite file or PostgreSQL on a JupyterHub).\n"
            f"c.CourseDirectory.db_url = {db_url!r}\n"
        )
    lines = _setting_lines(settings)
    if lines:
        parts.append("# Set by the program that created this course (e.g. `ikmkit hub init`).\n")
        parts.extend(lines)
    return "".join(parts)


def load_config(course_dir: str | os.PathLike[str]):  # -> traitlets.config.Config
    """The traitlets ``Config`` of a course directory, with ``CourseDirectory.root`` set.

    Reads the course's ``nbgrader_config.py`` the way nbgrader does; relative paths in it
    are relative to the course directory.
    """
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(course_dir).resolve()
    config = Config()
    if (root / CONFIG_NAME).is_file():
        cwd = os.getcwd()
        try:
            os.chdir(root)
            config.merge(PyFileConfigLoader(CONFIG_NAME, path=str(root)).load_config())
        finally:
            os.chdir(cwd)
    config.CourseDirectory.root = str(root)
    return config


def db_url(course_dir: str | os.PathLike[str]) -> str:
    """The gradebook URL of a course directory (configured, or nbgrader's SQLite default)."""
    config = load_config(course_dir)
    url = config.CourseDirectory.get("db_url")
    if url:
        return str(url)
    return f"sqlite:///{Path(course_dir).resolve() / 'gradebook.db'}"


def ensure_tools_on_path() -> None:
    """Put this Python's ``bin/`` first on PATH.

    nbgrader runs the ``alembic`` executable when it creates a gradebook; inside a
    virtual environment that is not activated (``.venv/bin/python -m ...``) it is
    otherwise not found.
    """
    bindir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if bindir not in parts:
        os.environ["PATH"] = os.pathsep.join([bindir, *parts])


def _api(course_dir: Path):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = load_config(course_dir)
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


def assignments(course_dir: str | os.PathLike[str]) -> list[str]:
    """Assignment ids of a course directory (the folders under ``source/``), sorted."""
    source = Path(course_dir) / "source"
    if not source.is_dir():
        raise CourseError(
            f"'course_dir' bukan folder kursus nbgrader (tidak ada source/): {source}"
        )
    return sorted(p.name for p in source.iterdir() if p.is_dir() and not p.name.startswith("."))


def _gradebook_assignments(course_dir: Path) -> set[str]:
    from nbgrader.api import Gradebook

    url = db_url(course_dir)
    config = load_config(course_dir)
    course_id = config.CourseDirectory.get("course_id", "default_course") or "default_course"
    with Gradebook(url, course_id) as gb:
        return {a.name for a in gb.assignments}


def init_course(
    course_dir: str | os.PathLike[str],
    assessments: str | os.PathLike[str] | None = None,
    *,
    db_url: str | None = None,
    settings: Mapping[str, object] | None = None,
) -> Path:
    """Create or complete a course directory; returns its absolute path.

    Copies the assessments' ``nbgrader_config.py`` (plus the course root and, if given,
    the gradebook URL and any other nbgrader ``settings``, e.g.
    ``{"CourseDirectory.course_id": "angkatan-1"}``) and every assignment under
    ``assessments/source`` that the course
    does not have yet, then runs nbgrader's ``generate_assignment`` for every assignment
    that has no ``release/`` copy or is not in the gradebook. Files that already exist in
    the course directory are left as they are, so running it again changes nothing.
    """
    src_root = Path(assessments) if assessments is not None else default_assessments_dir()
    src_root = src_root.resolve()
    if not (src_root / "source").is_dir():
        raise CourseError(f"'assessments' harus berisi folder source/ nbgrader: {src_root}")
    root = Path(course_dir).resolve()
    if root.exists() and not root.is_dir():
        raise CourseError(f"'course_dir' sudah ada dan bukan folder: {root}")
    root.mkdir(parents=True, exist_ok=True)

    config_path = root / CONFIG_NAME
    if not config_path.exists():
        config_path.write_text(_config_text(src_root / CONFIG_NAME, db_url, settings),
                               encoding="utf-8")
    else:
        written = config_path.read_text(encoding="utf-8")
        if db_url and db_url not in written:
            raise CourseError(
                f"'db_url' berbeda dari yang tertulis di {config_path}; ubah berkas itu secara "
                f"manual bila memang ingin pindah basis data: {db_url}"
            )
        for line in _setting_lines(settings):
            if line not in written:
                raise CourseError(
                    f"pengaturan berbeda dari yang tertulis di {config_path}; ubah berkas itu "
                    f"secara manual bila memang perlu: {line.strip()}")

    (root / "source").mkdir(exist_ok=True)
    for item in sorted((src_root / "source").iterdir()):
        if item.name.startswith(".") or item.name == "__pycache__":
            continue
        target = root / "source" / item.name
        if target.exists():
            continue
        if item.is_dir():
            shutil.copytree(item, target, ignore=shutil.ignore_patterns(
                ".ipynb_checkpoints", "__pycache__", "*.pyc"))
        else:
            shutil.copy2(item, target)

    names = assignments(root)
    if not names:
        raise CourseError(f"'assessments' tidak berisi satu tugas pun di source/: {src_root}")
    ensure_tools_on_path()  # before any Gradebook: nbgrader runs `alembic` (PostgreSQL too)
    known = _gradebook_assignments(root) if _gradebook_exists(root) else set()
    todo = [a for a in names if a not in known or not (root / "release" / a).is_dir()]
    if todo:
        api = _api(root)
        for name in todo:
            result = api.generate_assignment(name, force=True, create=True)
            if not result.get("success"):
                detail = (result.get("error") or result.get("log") or "").strip().splitlines()
                raise CourseError(
                    f"nbgrader generate_assignment gagal untuk tugas '{name}': "
                    + (detail[-1] if detail else "tanpa keterangan")
                )
    return root


def _gradebook_exists(root: Path) -> bool:
    url = db_url(root)
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///"):].split("?")[0]).exists()
    return True


def _notebook_sources(src: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    if isinstance(src, (str, os.PathLike)):
        path = Path(src)
        if path.is_dir():
            return sorted(p for p in path.iterdir() if p.is_file() and p.name != "timestamp.txt")
        return [path]
    return [Path(p) for p in src]


def submit(
    course_dir: str | os.PathLike[str],
    participant: str,
    assignment: str,
    src: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    timestamp: datetime | None = None,
) -> Path:
    """Place a participant's files in ``submitted/<participant>/<assignment>/``.

    ``src`` is a folder (its files are copied) or a list of files. A previous submission
    of the same assignment by the same participant is replaced, as ``nbgrader collect``
    does with a newer submission. Writes nbgrader's ``timestamp.txt`` (UTC, now unless
    ``timestamp`` is given). Returns the submission folder.
    """
    root = Path(course_dir).resolve()
    _check_id("participant", participant)
    _check_id("assignment", assignment)
    files = _notebook_sources(src)
    for f in files:
        if not f.is_file():
            raise CourseError(f"'src' berkas kiriman tidak ditemukan: {f}")
    dest = root / "submitted" / participant / assignment
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for f in files:
        shutil.copy2(f, dest / f.name)
    when = timestamp or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    stamp = when.astimezone(UTC).strftime(_TIMESTAMP_FORMAT)
    (dest / "timestamp.txt").write_text(stamp, encoding="utf-8")
    return dest
