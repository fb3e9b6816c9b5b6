"""System accounts of a batch: one Linux user per participant and trainer, plus akun.csv.

Each person logs in to JupyterHub with the system user's name and password (JupyterHub's
PAM authenticator), so every participant's files belong to their own user and the usual
file permissions keep them apart. Passwords are random, easy to copy from a printed card
(two groups of four characters without look-alikes such as ``0/O`` or ``1/l``), and kept in
``akun.csv`` (``username,password,role``), readable by root only.

>>> password = new_password()
>>> len(password), password[4]
(9, '-')
>>> account_problem(Account("siti", "abcd-efgh", "peserta")) is None
True
"""

from __future__ import annotations

import csv
import io
import os
import pwd
import secrets
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ikmkit.errors import IkmkitError

__all__ = [
    "ACCOUNTS_NAME",
    "ROLES",
    "Account",
    "AccountError",
    "account_problem",
    "create_system_user",
    "delete_system_user",
    "new_password",
    "read_accounts",
    "set_system_password",
    "system_user",
    "write_accounts",
]

ACCOUNTS_NAME = "akun.csv"
ROLES = ("peserta", "pelatih")
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i look-alikes


class AccountError(IkmkitError):
    """An account cannot be created, read or changed."""


@dataclass(frozen=True)
class Account:
    """One login: the system user's name, its password and its role in the batch."""

    username: str
    password: str
    role: str


def new_password() -> str:
    """A random password of two groups of four characters, e.g. ``k7mq-x9pa``."""
    chars = [secrets.choice(_ALPHABET) for _ in range(8)]
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


def account_problem(account: Account) -> str | None:
    """Why ``account`` is not valid, or None."""
    from ikmkit.hub.roster import username_problem

    problem = username_problem(account.username)
    if problem:
        return f"'username' {problem}"
    if account.role not in ROLES:
        return f"'role' harus salah satu dari {', '.join(ROLES)}: {account.role!r}"
    if len(account.password) < 8 or any(c in account.password for c in ":\n"):
        return f"'password' akun {account.username!r} harus paling sedikit 8 karakter"
    return None


def read_accounts(path: str | Path) -> list[Account]:
    """The accounts in ``akun.csv`` (empty when the file does not exist yet)."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise AccountError(f"{path}: tidak bisa dibaca ({exc})") from None
    accounts = []
    for number, row in enumerate(rows, start=2):
        try:
            account = Account(row["username"], row["password"], row["role"])
        except KeyError as exc:
            raise AccountError(f"{path}: kolom {exc.args[0]!r} tidak ada") from None
        problem = account_problem(account)
        if problem:
            raise AccountError(f"{path} baris {number}: {problem}")
        accounts.append(account)
    return accounts


def write_accounts(path: str | Path, accounts: Iterable[Account]) -> Path:
    """Write ``akun.csv`` atomically, mode 0600 (readable by its owner, root, only)."""
    path = Path(path)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["username", "password", "role"])
    for a in accounts:
        writer.writerow([a.username, a.password, a.role])
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(out.getvalue())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def system_user(username: str) -> pwd.struct_passwd | None:
    """The system user of that name, or None."""
    try:
        return pwd.getpwnam(username)
    except KeyError:
        return None


def _run(cmd: list[str], what: str, stdin: str | None = None) -> None:
    tool = shutil.which(cmd[0], path="/usr/sbin:/usr/bin:/sbin:/bin")
    if tool is None:
        raise AccountError(f"perintah {cmd[0]!r} tidak ada; {what} butuh paket 'passwd' "
                           "(Debian/Ubuntu)")
    done = subprocess.run([tool, *cmd[1:]], input=stdin, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise AccountError(f"{what} gagal ({cmd[0]} keluar dengan kode {done.returncode}): "
                           + (detail[-1] if detail else "tanpa keterangan"))


def create_system_user(username: str, home: Path, full_name: str = "", *,
                       system: bool = False) -> pwd.struct_passwd:
    """Create a Linux user with its own group and a private home (mode 0700).

    ``system=True`` makes a system account (for the batch's grading service) whose
    password is locked.
    """
    gecos = "".join(c for c in full_name if c.isprintable() and c not in ":,")
    cmd = ["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
           "--user-group", "--comment", gecos]
    if system:
        cmd.append("--system")
    _run([*cmd, username], f"membuat pengguna sistem {username!r}")
    entry = pwd.getpwnam(username)
    os.chmod(home, 0o700)
    return entry


def set_system_password(username: str, password: str) -> None:
    """Set the password of a system user (``chpasswd``; JupyterHub checks it through PAM)."""
    if system_user(username) is None:
        raise AccountError(f"pengguna sistem tidak ada: {username!r}")
    _run(["chpasswd"], f"mengganti kata sandi {username!r}", stdin=f"{username}:{password}\n")


def delete_system_user(username: str) -> bool:
    """Remove a system user and its home; False when there was no such user."""
    if system_user(username) is None:
        return False
    _run(["userdel", "--remove", username], f"menghapus pengguna sistem {username!r}")
    return True
