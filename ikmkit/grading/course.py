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

>>> from ikmkit.grading.course import default_assessments_dir, participant_id_problem
>>> (default_assessments_dir() / "source").name
'source'
>>> participant_id_problem("ikm-007") is None
True
>>> participant_id_problem("../ikm")
"'participant' hanya boleh berisi huruf, angka, titik, garis bawah dan tanda minus: '../ikm'"
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from ikmkit.errors import IkmkitError
from ikmkit.grading.suspicious import parse_cell
from ikmkit.vocab import COURSE_FOLDER

__all__ = [
    "CONFIG_NAME",
    "COURSE_MARKERS",
    "CourseError",
    "assignment_imports",
    "assignments",
    "course_id",
    "db_url",
    "default_assessments_dir",
    "ensure_tools_on_path",
    "init_course",
    "load_config",
    "participant_id_problem",
    "resolve_course_dir",
    "sqlite_path",
    "submit",
]

CONFIG_NAME = "nbgrader_config.py"
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# nbgrader's default CourseDirectory.timestamp_format is parsed by nbgrader.utils.parse_utc.
_TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
_IKMKIT_MARK = "# --- ikmkit course settings"


class CourseError(IkmkitError):
    """A course directory or assessments tree is missing or malformed."""


#: What marks a folder as a class folder when nbgrader's ``source/`` is not required (a
#: folder used only for reports from mentors' sheets, say).
COURSE_MARKERS = ("source", "nbgrader_config.py", "gradebook.db", "submitted", "autograded",
                  "pelacakan")


def resolve_course_dir(course_dir: str | os.PathLike[str] | None, *,
                       need: str = "source") -> Path:
    """The absolute path of a class folder; :class:`CourseError` saying why it is not one.

    Every command that takes a class folder checks it here, with one set of messages. A
    class folder has nbgrader's ``source/`` (``ikmkit course init`` makes it); with
    ``need="marker"`` any of :data:`COURSE_MARKERS` will do (the dashboard also reads
    folders that only hold snapshots), with ``need="folder"`` any folder (reports from
    mentors' sheets).

    >>> resolve_course_dir("/tidak/ada")
    Traceback (most recent call last):
    ...
    ikmkit.grading.course.CourseError: folder kelas tidak ditemukan: '/tidak/ada'
    """
    if course_dir is None or not str(course_dir).strip():
        raise CourseError(f"{COURSE_FOLDER} belum diberikan")
    root = Path(course_dir).expanduser()
    if not root.exists():
        raise CourseError(f"{COURSE_FOLDER} tidak ditemukan: {str(root)!r}")
    if not root.is_dir():
        raise CourseError(f"bukan folder: {str(root)!r}; berikan {COURSE_FOLDER}")
    if need == "folder":
        return root.resolve()
    markers = ("source",) if need == "source" else COURSE_MARKERS
    if not any((root / marker).exists() for marker in markers):
        what = "tidak ada folder source/" if need == "source" else (
            "tidak ada source/, nbgrader_config.py, gradebook.db, submitted/, autograded/ "
            "atau pelacakan/")
        raise CourseError(f"{str(root)!r} bukan {COURSE_FOLDER} ikmkit ({what}). Buat dengan "
                          "`ikmkit course init FOLDER`, atau pakai FOLDER/kelas dari "
                          "`ikmkit demo`.")
    return root.resolve()


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite gradebook URL, or None for other databases.

    >>> sqlite_path("sqlite:////srv/kelas/gradebook.db?timeout=5")
    PosixPath('/srv/kelas/gradebook.db')
    >>> sqlite_path("postgresql://penilai@db/kelas") is None
    True
    """
    m = re.match(r"^sqlite:///(.+?)(\?.*)?$", url)
    return Path(m.group(1)) if m else None


def course_id(course_dir: str | os.PathLike[str]) -> str:
    """The nbgrader course id of a course folder (``default_course`` unless configured)."""
    config = load_config(course_dir)
    return str(config.CourseDirectory.get("course_id", "") or "default_course")


def default_assessments_dir() -> Path:
    """The repository's ``assessments/`` folder (an nbgrader source tree)."""
    return Path(__file__).resolve().parents[2] / "assessments"


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
    source = resolve_course_dir(course_dir) / "source"
    return sorted(p.name for p in source.iterdir() if p.is_dir() and not p.name.startswith("."))


def _gradebook_assignments(course_dir: Path) -> set[str]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url(course_dir), course_id(course_dir)) as gb:
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
        raise CourseError(f"{root} sudah ada dan bukan folder; pilih nama {COURSE_FOLDER} lain")
    root.mkdir(parents=True, exist_ok=True)
    _write_config(root, src_root, db_url, settings)
    _copy_sources(root, src_root)
    names = assignments(root)
    if not names:
        raise CourseError(f"'assessments' tidak berisi satu tugas pun di source/: {src_root}")
    ensure_tools_on_path()  # before any Gradebook: nbgrader runs `alembic` (PostgreSQL too)
    known = _gradebook_assignments(root) if _gradebook_exists(root) else set()
    todo = [a for a in names if a not in known or not (root / "release" / a).is_dir()]
    if todo:
        _generate(root, todo)
    return root


def _write_config(root: Path, src_root: Path, url: str | None,
                  settings: Mapping[str, object] | None) -> None:
    """The course's nbgrader_config.py, written once; a different database or setting is
    refused (the trainer changes the file by hand when a move is really meant)."""
    config_path = root / CONFIG_NAME
    if not config_path.exists():
        config_path.write_text(_config_text(src_root / CONFIG_NAME, url, settings),
                               encoding="utf-8")
        return
    written = config_path.read_text(encoding="utf-8")
    if url and url not in written:
        raise CourseError(
            f"'db_url' berbeda dari yang tertulis di {config_path}; ubah berkas itu secara "
            f"manual bila memang ingin pindah basis data: {url}"
        )
    for line in _setting_lines(settings):
        if line not in written:
            raise CourseError(
                f"pengaturan berbeda dari yang tertulis di {config_path}; ubah berkas itu "
                f"secara manual bila memang perlu: {line.strip()}")


def _copy_sources(root: Path, src_root: Path) -> None:
    """Copy every assignment (and file) of ``source/`` the course does not have yet."""
    (root / "source").mkdir(exist_ok=True)
    for item in sorted((src_root / "source").iterdir()):
        target = root / "source" / item.name
        if item.name.startswith(".") or item.name == "__pycache__" or target.exists():
            continue
        if item.is_dir():
            shutil.copytree(item, target, ignore=shutil.ignore_patterns(
                ".ipynb_checkpoints", "__pycache__", "*.pyc"))
        else:
            shutil.copy2(item, target)


def _generate(root: Path, todo: list[str]) -> None:
    """nbgrader's generate_assignment for each of *todo* (the release copies)."""
    api = _api(root)
    for name in todo:
        result = api.generate_assignment(name, force=True, create=True)
        if not result.get("success"):
            detail = (result.get("error") or result.get("log") or "").strip().splitlines()
            raise CourseError(
                f"nbgrader generate_assignment gagal untuk tugas '{name}': "
                + (detail[-1] if detail else "tanpa keterangan")
            )


def _gradebook_exists(root: Path) -> bool:
    path = sqlite_path(db_url(root))
    return path.exists() if path is not None else True


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
#: Modules a kernel imports later for a module a notebook imports (a form draws its chart
#: with matplotlib when it first shows): the zygote loads them too.
_IMPORTS_LATER = {"ikmkit.widgets": ("ipywidgets", "matplotlib.figure",
                                     "matplotlib.backends.backend_agg",
                                     "matplotlib.projections.polar")}


def _cell_imports(text: str) -> list[str]:
    """Modules one cell imports; ``from a import b`` also names ``a.b`` (maybe a submodule)."""
    tree = parse_cell(text)
    if tree is None:
        return []
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names += [f"{node.module}.{a.name}" for a in node.names if a.name != "*"]
    return names


def assignment_imports(course_dir: str | os.PathLike[str]) -> list[str]:
    """Modules the course's source notebooks import (e.g. ``ikmkit.readiness``, ``math``).

    Grading workers import these once in their kernel zygote, so each participant's
    kernel starts with them loaded instead of importing them again (``import pandas``
    alone costs about 0.3 s). Modules of the course folder itself are left out; a name
    that is not a module (``from pathlib import Path`` gives ``pathlib.Path``) is tried
    and skipped.
    """
    root = Path(course_dir)
    found: dict[str, None] = {}
    for path in sorted((root / "source").glob("*/*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            for name in _cell_imports(text):
                found.setdefault(name, None)
                for later in _IMPORTS_LATER.get(name, ()):
                    found.setdefault(later, None)
    source_dir = root / "source"
    local = {p.stem for p in source_dir.rglob("*.py")} | {
        p.name for p in source_dir.rglob("*") if (p / "__init__.py").is_file()}
    return [n for n in found if n and n.split(".")[0] not in local]


