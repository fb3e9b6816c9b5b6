"""Create, extend, reset and remove a batch: what ``ikmkit hub init/password/remove`` do.

:func:`init_hub` checks everything first (root, roster, trainer names, names already taken
by other system users, the folder being reachable by other users) and changes nothing when
something is wrong. Then, idempotently:

1. the Python environment of the Jupyter servers (:mod:`ikmkit.hub.environment`);
2. the nbgrader exchange (``pertukaran/``, mode 1777 as nbgrader requires);
3. the course account (``grader-<course>``, nbgrader's naming) and the course directory
   (``ikmkit course init`` with the course id, the exchange and, if given, the PostgreSQL
   gradebook), the roster in it (``peserta.csv``, read by :mod:`ikmkit.cohort.tracking`), every
   participant in nbgrader's student list, the dashboard notebook; owned by the course
   account, mode 0700, so no participant can read it;
4. one system user per participant and trainer with a random password (kept for people
   who already have one), a private home holding the curriculum (``materi/``; trainer
   notes only for trainers), ``akun.csv`` and the login cards;
5. the Jupyter settings and ``jupyterhub_config.py``.

Running it again with a longer roster adds the newcomers; nobody is removed, no password,
file or grade is touched.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ikmkit.hub import accounts as acc
from ikmkit.hub import roster as rst
from ikmkit.hub.cards import Card, write_cards
from ikmkit.hub.config import (
    HubError,
    Layout,
    Settings,
    course_nbgrader_settings,
    jupyterhub_config,
    read_settings,
    write_jupyter_settings,
    write_settings,
)
from ikmkit.hub.environment import build_environment, check_readable_by_others, source_root

__all__ = ["InitResult", "course_command", "default_curriculum", "default_proxy", "enrol",
           "gradebook_url", "init_hub", "release", "remove_hub", "reset_password"]

TRAINER_ONLY = ("panduan-pelatih",)
DASHBOARD_NAME = "dasbor.ipynb"
_SKIP = ("__pycache__", ".ipynb_checkpoints")


@dataclass
class InitResult:
    """What :func:`init_hub` did."""

    root: Path
    settings: Settings
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    not_in_roster: list[str] = field(default_factory=list)
    cards: Path | None = None
    env_installed: bool = False


def default_curriculum() -> Path:
    """The repository's ``curriculum/`` folder."""
    return source_root() / "curriculum"


def default_proxy() -> Path:
    """configurable-http-proxy as ``make hub-tools`` installs it into the repository."""
    return source_root() / ".hub-tools" / "node_modules" / ".bin" / "configurable-http-proxy"


def _dashboard_notebook() -> Path:
    """The live dashboard notebook shipped in the package (what `ikmkit dashboard` serves)."""
    import importlib.resources

    notebooks = importlib.resources.files("ikmkit") / "cohort" / "notebooks"
    return Path(str(notebooks / "dashboard.ipynb"))


def gradebook_url(url: str | None) -> str | None:
    """The ``--db`` URL with the PostgreSQL driver ikmkit installs named explicitly (a bare
    ``postgresql://`` means psycopg2 to SQLAlchemy before 2.1, psycopg 3 after).

    >>> gradebook_url("postgresql://ikm:rahasia@db.local/angkatan1")
    'postgresql+psycopg://ikm:rahasia@db.local/angkatan1'
    """
    if url is None:
        return None
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    if not url.startswith(("postgresql+", "sqlite:")):
        raise HubError(f"'--db' harus alamat PostgreSQL (postgresql://pengguna:sandi@host/"
                       f"basisdata): {url!r}")
    return url


def _require_root(what: str) -> None:
    if os.geteuid() != 0:
        raise HubError(f"`ikmkit hub {what}` harus dijalankan sebagai root (sudo): perintah "
                       "ini membuat atau mengubah pengguna sistem")


def _course_id(root: Path, given: str | None) -> str:
    course_id = given or rst.username_from_id(root.name)
    problem = rst.username_problem(course_id)
    if problem:
        raise HubError(f"'--course-id' {problem}")
    if len(course_id) > rst.MAX_USERNAME - len("grader-"):
        raise HubError(f"'--course-id' paling panjang {rst.MAX_USERNAME - len('grader-')} "
                       f"karakter: {course_id!r}")
    return course_id


def _trainer_names(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for raw in names:
        for part in str(raw).split(","):
            if not part.strip():
                continue
            username = rst.username_from_id(part.strip())
            problem = rst.username_problem(username)
            if problem:
                raise HubError(f"'--trainers' nama pelatih {part.strip()!r}: {problem}")
            if username not in out:
                out.append(username)
    return out


def _course_roster(course: Path) -> list[rst.Participant]:
    from ikmkit.cohort import tracking

    if not (course / tracking.ROSTER_NAME).is_file():
        return []
    import pandas as pd

    frame = pd.read_csv(course / tracking.ROSTER_NAME, dtype=str, keep_default_na=False)
    return [rst.Participant(participant_id=r.get("id_peserta") or r["participant"],
                            name=r["nama_peserta"], business=r["nama_usaha"],
                            sector=r["sector"], district=r["kabupaten"],
                            username=r["participant"])
            for r in frame.to_dict("records")]


def enrol(course: str | os.PathLike[str], people: Sequence[rst.Participant]) -> None:
    """Put the roster into a course directory: ``peserta.csv`` (names, IKM names, sectors
    and districts for :mod:`ikmkit.cohort.tracking`) and nbgrader's student list (gradebook)."""
    course = Path(course)
    _write_course_roster(course, people)
    _fill_student_list(course, people)


def _write_course_roster(course: Path, people: Sequence[rst.Participant]) -> None:
    import csv

    from ikmkit.cohort import tracking

    path = course / tracking.ROSTER_NAME
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([*tracking.ROSTER_COLUMNS, "id_peserta"])
        for p in people:
            writer.writerow([p.username, p.name, p.business, p.sector, p.district,
                             p.participant_id])
    os.replace(tmp, path)


def _fill_student_list(course: Path, people: Sequence[rst.Participant]) -> None:
    """Every roster participant in nbgrader's gradebook (names; roster id as LMS id)."""
    import warnings

    from nbgrader.api import Gradebook

    from ikmkit.grading import course as crs

    config = crs.load_config(course)
    course_id = config.CourseDirectory.get("course_id") or "default_course"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(crs.db_url(course), str(course_id)) as gb:
            for p in people:
                first, _, last = p.name.rpartition(" ")
                if not first:
                    first, last = last, ""
                gb.update_or_create_student(p.username, first_name=first, last_name=last,
                                            lms_user_id=p.participant_id)


def _copy_missing(src: Path, dest: Path, *, skip: Sequence[str] = ()) -> int:
    """Copy files of ``src`` that ``dest`` does not have yet; returns how many."""
    copied = 0
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if any(part in _SKIP or part in skip for part in rel.parts):
            continue
        target = dest / rel
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            copied += 1
    return copied


def _chown_tree(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    for folder, dirs, files in os.walk(path):
        os.lchown(folder, entry.pw_uid, entry.pw_gid)
        for name in [*dirs, *files]:
            os.lchown(os.path.join(folder, name), entry.pw_uid, entry.pw_gid)


def _ensure_account(username: str, home: Path, full_name: str, curriculum: Path | None,
                    trainer: bool) -> bool:
    """Create the system user if needed and give the home the curriculum it lacks; True
    when the user was created."""
    created = False
    if acc.system_user(username) is None:
        home.parent.mkdir(parents=True, exist_ok=True)
        acc.create_system_user(username, home, full_name)
        created = True
    if curriculum is not None and curriculum.is_dir():
        materi = home / "materi"
        _copy_missing(curriculum, materi, skip=() if trainer else TRAINER_ONLY)
        _chown_tree(materi, username)
    return created


def _check_names(settings_old: Settings | None, accounts: Sequence[acc.Account],
                 wanted: Iterable[str]) -> None:
    """Refuse names that belong to system users this batch did not create."""
    ours = {a.username for a in accounts}
    if settings_old is not None:
        ours |= {*settings_old.participants, *settings_old.trainers, settings_old.course_user}
    for name in wanted:
        if name not in ours and acc.system_user(name) is not None:
            raise HubError(
                f"nama pengguna {name!r} sudah dipakai pengguna sistem lain di server ini "
                "(bukan akun angkatan ini). Ubah id peserta/nama pelatih itu, atau pakai "
                "--course-id lain bila ini angkatan lain.")


def _check_folder(root: Path, layout: Layout) -> None:
    """The hub folder is new, empty or an earlier hub, and participants can reach it."""
    if root.exists() and not root.is_dir():
        raise HubError(f"'DIR' sudah ada dan bukan folder: {root}")
    if root.exists() and not layout.settings.exists() and any(root.iterdir()):
        raise HubError(f"'DIR' sudah berisi berkas lain dan bukan folder hub: {root}; pilih "
                       "folder baru atau kosong")
    reach = check_readable_by_others(root.parent)
    if reach:
        raise HubError(
            f"pengguna peserta harus bisa masuk ke folder hub, tetapi {reach}. Pilih folder "
            "lain, mis. /srv/ikmkit/angkatan-1")


def _find_proxy(proxy: str | os.PathLike[str] | None, old: Settings | None) -> Path:
    path = Path(proxy) if proxy else (Path(old.proxy) if old else default_proxy())
    if path.exists():
        return path
    found = shutil.which("configurable-http-proxy")
    if found is None:
        raise HubError(
            f"configurable-http-proxy tidak ditemukan ({path}); jalankan "
            "`make hub-tools` di repositori ikmkit (memasangnya dengan npm)")
    return Path(found)


def _people(layout: Layout, old: Settings | None, roster: str | os.PathLike[str],
            trainers: Iterable[str], course_user: str
            ) -> tuple[list[rst.Participant], list[rst.Participant], list[str]]:
    """(everyone on the merged roster, those missing from the new one, trainer names)."""
    people_new = rst.read_roster(roster)
    trainer_names = _trainer_names(trainers)
    if not trainer_names and not (old and old.trainers):
        raise HubError("'--trainers' harus berisi paling sedikit satu nama pelatih")
    people, missing = rst.merge_rosters(_course_roster(layout.course), people_new)
    trainer_names = list(dict.fromkeys([*(old.trainers if old else []), *trainer_names]))
    clash = {p.username for p in people} & set(trainer_names)
    if clash:
        raise HubError(f"nama pengguna dipakai peserta dan pelatih sekaligus: {sorted(clash)[0]!r}")
    if course_user in {p.username for p in people} | set(trainer_names):
        raise HubError(f"nama pengguna {course_user!r} dipakai untuk akun kelas")
    return people, missing, trainer_names


def _set_up_course(layout: Layout, settings: Settings, people: list[rst.Participant],
                   assessments: str | os.PathLike[str] | None, db_url: str | None,
                   progress: Callable[[str], Any]) -> None:
    """The course account and the course directory (gradebook, students, dashboard)."""
    from ikmkit.grading import course as crs

    course_user = settings.course_user
    if acc.system_user(course_user) is None:
        acc.create_system_user(course_user, layout.course_home,
                               f"Akun kelas {settings.course_id} (formgrader)", system=True)
    progress(f"Menyiapkan folder kursus {layout.course} ...")
    crs.init_course(layout.course, assessments, db_url=gradebook_url(db_url),
                    settings=course_nbgrader_settings(settings, layout))
    enrol(layout.course, people)
    shutil.copyfile(_dashboard_notebook(), layout.course / DASHBOARD_NAME)
    _chown_tree(layout.course, course_user)
    _chown_tree(layout.course_home, course_user)
    os.chmod(layout.course, 0o700)


def _set_up_accounts(settings: Settings, people: list[rst.Participant],
                     accounts: list[acc.Account], curriculum_dir: Path,
                     result: InitResult) -> list[acc.Account]:
    """A system user per participant and trainer; new ones get a password. All accounts of
    the batch, in roster order (trainers last, earlier accounts kept)."""
    by_name = {a.username: a for a in accounts}
    home_root = Path(settings.home_root)
    everyone = [*(("peserta", p.username, p.name) for p in people),
                *(("pelatih", t, t) for t in settings.trainers)]
    for role, name, full_name in everyone:
        created = _ensure_account(name, home_root / name, full_name, curriculum_dir,
                                  trainer=role == "pelatih")
        if name not in by_name or created:
            account = acc.Account(name, acc.new_password(), role)
            acc.set_system_password(name, account.password)
            by_name[name] = account
            result.created.append(name)
        else:
            result.kept.append(name)
    ordered = [by_name[n] for n in [*settings.participants, *settings.trainers]]
    ordered += [a for a in accounts if a.username not in {o.username for o in ordered}]
    return ordered


def init_hub(root: str | os.PathLike[str], roster: str | os.PathLike[str],
             trainers: Iterable[str], *, db_url: str | None = None,
             course_id: str | None = None, title: str | None = None,
             url: str | None = None, env: str | os.PathLike[str] | None = None,
             home_root: str | os.PathLike[str] | None = None,
             assessments: str | os.PathLike[str] | None = None,
             curriculum: str | os.PathLike[str] | None = None,
             proxy: str | os.PathLike[str] | None = None,
             progress: Callable[[str], Any] = print) -> InitResult:
    """Create or extend the hub folder ``root`` for one batch (see the module docstring)."""
    _require_root("init")
    root = Path(root).resolve()
    layout = Layout(root)
    # ---- checks: nothing is changed before all of them pass
    _check_folder(root, layout)
    old = read_settings(root)
    gradebook_url(db_url)  # a wrong URL stops here, before anything is created
    cid = _course_id(root, course_id or (old.course_id if old else None))
    if old is not None and old.course_id != cid:
        raise HubError(f"folder hub ini untuk kelas {old.course_id!r}, bukan {cid!r}")
    course_user = old.course_user if old else f"grader-{cid}"
    people, missing, trainer_names = _people(layout, old, roster, trainers, course_user)
    accounts = acc.read_accounts(layout.accounts)
    _check_names(old, accounts, [*(p.username for p in people), *trainer_names, course_user])
    proxy_path = _find_proxy(proxy, old)
    curriculum_dir = Path(curriculum) if curriculum else default_curriculum()
    env_dir = Path(env).resolve() if env else (Path(old.env) if old else layout.default_env)
    settings = Settings(
        course_id=cid, title=title or (old.title if old else f"Angkatan {cid}"),
        course_user=course_user, trainers=trainer_names,
        participants=[p.username for p in people], env=str(env_dir),
        home_root=str(Path(home_root).resolve()) if home_root is not None
        else (old.home_root if old else "/home"),
        url=url or (old.url if old else f"http://{socket.getfqdn()}:8000/"),
        proxy=str(proxy_path.resolve()))
    result = InitResult(root=root, settings=settings,
                        not_in_roster=[p.username for p in missing])

    # ---- the folder and the environment
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o711)
    for private in (layout.data, layout.cards):
        private.mkdir(exist_ok=True)
        os.chmod(private, 0o700)
    # written first, so that `ikmkit hub remove` finds the accounts even if a step fails
    write_settings(root, settings)
    result.env_installed = build_environment(env_dir, progress=progress)
    layout.exchange.mkdir(exist_ok=True)
    os.chmod(layout.exchange, 0o1777)
    _set_up_course(layout, settings, people, assessments, db_url, progress)

    # ---- people
    progress(f"Menyiapkan akun {len(people)} peserta dan {len(trainer_names)} pelatih ...")
    ordered = _set_up_accounts(settings, people, accounts, curriculum_dir, result)
    acc.write_accounts(layout.accounts, ordered)
    result.cards = _write_all_cards(layout, settings, ordered, people)

    # ---- configuration
    write_jupyter_settings(settings, layout)
    layout.jupyterhub_config.write_text(
        jupyterhub_config(settings, layout, [a.username for a in ordered]), encoding="utf-8")
    os.chmod(layout.jupyterhub_config, 0o600)
    write_settings(root, settings)
    return result


def _write_all_cards(layout: Layout, settings: Settings, accounts: Sequence[acc.Account],
                     people: Sequence[rst.Participant]) -> Path:
    info = {p.username: p for p in people}
    cards = []
    for a in accounts:
        p = info.get(a.username)
        cards.append(Card(a, name=p.name if p else a.username, business=p.business if p else "",
                          sector=p.sector if p else "", district=p.district if p else ""))
    return write_cards(layout.cards, cards, settings.url, settings.title)


def _load(root: str | os.PathLike[str]) -> tuple[Path, Layout, Settings]:
    path = Path(root).resolve()
    settings = read_settings(path)
    if settings is None:
        raise HubError(f"{str(path)!r} bukan folder hub (tidak ada hub.json); buat dengan "
                       "`ikmkit hub init DIR --roster ... --trainers ...`")
    return path, Layout(path), settings


def reset_password(root: str | os.PathLike[str], username: str) -> acc.Account:
    """Give ``username`` a new random password (system user, akun.csv, login card)."""
    _require_root("password")
    path, layout, settings = _load(root)
    accounts = acc.read_accounts(layout.accounts)
    if username not in {a.username for a in accounts}:
        known = ", ".join(a.username for a in accounts[:5])
        raise HubError(f"akun {username!r} bukan akun angkatan ini ({path}); contoh akun: "
                       f"{known}")
    updated: list[acc.Account] = []
    new: acc.Account | None = None
    for a in accounts:
        if a.username == username:
            new = acc.Account(a.username, acc.new_password(), a.role)
            acc.set_system_password(username, new.password)
            updated.append(new)
        else:
            updated.append(a)
    acc.write_accounts(layout.accounts, updated)
    _write_all_cards(layout, settings, updated, _course_roster(layout.course))
    assert new is not None
    return new


def remove_hub(root: str | os.PathLike[str]) -> list[str]:
    """Remove the batch's system users (homes included) and the hub folder; returns the
    users removed. The hub must be stopped; running processes of its accounts are ended."""
    from ikmkit.hub.server import stop_leftovers

    _require_root("remove")
    path, layout, settings = _load(root)
    stop_leftovers(settings, layout)
    removed = []
    names = [*settings.participants, *settings.trainers]
    names += [a.username for a in acc.read_accounts(layout.accounts) if a.username not in names]
    for name in [*names, settings.course_user]:
        if acc.delete_system_user(name):
            removed.append(name)
    for name in names:  # homes outside /home that userdel may have left
        home = Path(settings.home_root) / name
        if home.is_dir():
            shutil.rmtree(home, ignore_errors=True)
    shutil.rmtree(path, ignore_errors=True)
    return removed


def course_command(root: str | os.PathLike[str], args: Sequence[str],
                   ) -> subprocess.CompletedProcess[str]:
    """Run a command of the batch environment (``nbgrader``, ``ikmkit``) as the course
    account, in the course directory, with the course service's settings: what a trainer
    typing it in the course terminal gets."""
    _require_root("init")
    path, layout, settings = _load(root)
    tool = Path(settings.env_bin) / args[0]
    env = {"PATH": f"{settings.env_bin}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
           "HOME": str(layout.course_home), "JUPYTER_CONFIG_PATH": str(layout.course_config),
           "TQDM_DISABLE": "1"}
    runuser = shutil.which("runuser", path="/usr/sbin:/usr/bin:/sbin:/bin") or "runuser"
    return subprocess.run([runuser, "-u", settings.course_user, "--", str(tool), *args[1:]],
                          cwd=layout.course, env=env, capture_output=True, text=True,
                          check=False)


def release(root: str | os.PathLike[str], assignment: str) -> None:
    """Release an assignment to the participants (``nbgrader release_assignment``, as the
    formgrader's Release button does)."""
    done = course_command(root, ["nbgrader", "release_assignment", assignment, "--force"])
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise HubError(f"tugas {assignment!r} tidak bisa dibagikan: "
                       + (detail[-1] if detail else f"kode {done.returncode}"))
