"""The batch roster: who takes part, read from the incubator's CSV or XLSX list.

One row per participant, a header row first. Columns (header names are matched without
regard to case, spaces or dashes; the Indonesian name or one of its aliases):

==============  ========================================  ===============================
column          meaning                                   aliases
==============  ========================================  ===============================
``id_peserta``  the programme's participant number        id, no_peserta, participant_id
``nama``        the participant's name                    nama_peserta, name
``nama_ikm``    the business (IKM) name                   nama_usaha, usaha, ikm
``sektor``      batik, konveksi, bordir, makanan-minuman  sector
``kabupaten``   district or city                          kabupaten_kota, kota, district
==============  ========================================  ===============================

Every participant gets a username derived from ``id_peserta``: lower-case ASCII letters,
digits and dashes (``IKM/2026-007`` becomes ``ikm-2026-007``; an id that starts with a
digit gets ``p-`` in front), which is also the nbgrader student id and the participant id
in reports. Bad rows stop the whole roster with an Indonesian message naming the file, the
row (as in Excel: the header is row 1) and the column; nothing is written then.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "peserta.csv"
>>> _ = path.write_text("ID Peserta,Nama,Nama IKM,Sektor,Kabupaten\\n"
...                     "IKM-001,Siti Rahayu,Batik Sekar,Batik,Tuban\\n", encoding="utf-8")
>>> [(p.username, p.name, p.sector) for p in read_roster(path)]
[('ikm-001', 'Siti Rahayu', 'batik')]
>>> username_from_id("07/Jatim")
'p-07-jatim'
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ikmkit import vocab
from ikmkit.errors import IkmkitError

__all__ = [
    "COLUMNS",
    "Participant",
    "RosterError",
    "merge_rosters",
    "read_roster",
    "username_from_id",
    "username_problem",
]

COLUMNS: dict[str, tuple[str, ...]] = {
    "id_peserta": ("id", "no_peserta", "nomor_peserta", "participant", "participant_id",
                   "ikm_id"),
    "nama": ("nama_peserta", "name", "nama_lengkap"),
    "nama_ikm": ("nama_usaha", "usaha", "ikm", "business", "nama_ukm"),
    "sektor": ("sector",),
    "kabupaten": ("kabupaten_kota", "kab_kota", "kota", "district"),
}
"""Roster columns (Indonesian name) and the other header names accepted for them."""

MAX_USERNAME = 32  # Linux user names (useradd) are at most 32 characters
_USERNAME_RE = re.compile(r"^[a-z][a-z0-9-]*$")


class RosterError(IkmkitError):
    """The roster file cannot be used (missing column, bad value, duplicate id, ...)."""


@dataclass(frozen=True)
class Participant:
    """One roster row."""

    participant_id: str
    name: str
    business: str
    sector: str
    district: str
    username: str


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def username_from_id(participant_id: str) -> str:
    """The login name for a participant id: lower-case ASCII letters, digits and dashes.

    >>> username_from_id("IKM 2026/007"), username_from_id("Bordir-Sidoarjo_3")
    ('ikm-2026-007', 'bordir-sidoarjo-3')
    """
    name = re.sub(r"[^a-z0-9]+", "-", _ascii(participant_id).lower()).strip("-")
    if name and not name[0].isalpha():
        name = f"p-{name}"
    return name


def username_problem(username: str) -> str | None:
    """Why ``username`` cannot be a login name on the server, or None if it can.

    >>> username_problem("rina") is None, username_problem("Rina")
    (True, "harus huruf kecil a-z, angka dan '-', diawali huruf: 'Rina'")
    """
    if not _USERNAME_RE.match(username or ""):
        return f"harus huruf kecil a-z, angka dan '-', diawali huruf: {username!r}"
    if len(username) > MAX_USERNAME:
        return f"paling panjang {MAX_USERNAME} karakter: {username!r}"
    return None


def _header_key(text: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "_", _ascii(str(text or "")).lower()).strip("_")


def _sector(value: str) -> str | None:
    key = re.sub(r"[^a-z]+", "-", _ascii(value).lower()).strip("-")
    key = {"makanan-dan-minuman": "makanan-minuman", "mamin": "makanan-minuman"}.get(key, key)
    return key if key in vocab.SECTORS else None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
    return " ".join(str(value).split())


def _rows(path: Path) -> tuple[list[str], list[list[Any]]]:
    """Header and body of a CSV or XLSX file, as the file holds them."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise RosterError(f"berkas daftar peserta tidak ditemukan: {str(path)!r}")
    try:
        if suffix == ".csv":
            import csv

            text = path.read_text(encoding="utf-8-sig")
            try:
                dialect: Any = csv.Sniffer().sniff(text.splitlines()[0] if text else ",",
                                                   delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            rows = list(csv.reader(text.splitlines(), dialect))
        elif suffix in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True, data_only=True)
            try:
                rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
            finally:
                wb.close()
        else:
            raise RosterError(f"{path.name}: format tidak dikenal; pakai .csv atau .xlsx")
    except RosterError:
        raise
    except UnicodeDecodeError:
        raise RosterError(f"{path.name}: bukan teks UTF-8; simpan ulang sebagai "
                          "'CSV UTF-8' dari Excel") from None
    except Exception as exc:  # openpyxl raises zipfile/xml errors on damaged files
        raise RosterError(f"{path.name}: tidak bisa dibaca ({exc})") from None
    if not rows:
        raise RosterError(f"{path.name}: berkas kosong (baris judul tidak ada)")
    return [_cell(h) for h in rows[0]], rows[1:]


def _column_positions(name: str, header: list[str]) -> dict[str, int]:
    """Column -> index in the header row; every column once, none missing."""
    where: dict[str, int] = {}
    for index, title in enumerate(header):
        key = _header_key(title)
        for column, aliases in COLUMNS.items():
            if key != column and key not in aliases:
                continue
            if column in where:
                raise RosterError(f"{name}: kolom {column!r} ada dua kali di baris "
                                  f"judul (baris 1): {title!r}")
            where[column] = index
    for column in COLUMNS:
        if column not in where:
            raise RosterError(
                f"{name}: kolom {column!r} tidak ada di baris judul (baris 1); kolom "
                f"yang dibutuhkan: {', '.join(COLUMNS)}")
    return where


class _Rows:
    """Checks one roster row at a time, remembering ids and usernames already given."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.ids: dict[str, int] = {}
        self.users: dict[str, tuple[int, str]] = {}

    def fail(self, row: int, column: str, message: str) -> RosterError:
        return RosterError(f"{self.name} baris {row}, kolom {column!r}: {message}")

    def participant(self, row: int, cells: dict[str, str]) -> Participant:
        for column in COLUMNS:
            if not cells[column]:
                raise self.fail(row, column, "tidak boleh kosong")
        pid = cells["id_peserta"]
        if pid in self.ids:
            raise self.fail(row, "id_peserta", f"sudah dipakai di baris {self.ids[pid]}: {pid!r}")
        self.ids[pid] = row
        sector = _sector(cells["sektor"])
        if sector is None:
            raise self.fail(row, "sektor", f"harus salah satu dari {', '.join(vocab.SECTORS)}: "
                                           f"{cells['sektor']!r}")
        username = username_from_id(pid)
        problem = username_problem(username) if username else "tidak berisi huruf atau angka"
        if problem:
            raise self.fail(row, "id_peserta", f"nama pengguna dari id ini {problem}")
        if username in self.users:
            other_row, other_id = self.users[username]
            raise self.fail(row, "id_peserta", f"{pid!r} dan {other_id!r} (baris {other_row}) "
                                               f"menjadi nama pengguna yang sama: {username!r}")
        self.users[username] = (row, pid)
        return Participant(participant_id=pid, name=cells["nama"], business=cells["nama_ikm"],
                           sector=sector, district=cells["kabupaten"], username=username)


def read_roster(path: str | os.PathLike[str]) -> list[Participant]:
    """Read and check a roster file; the participants in file order.

    Raises :class:`RosterError` naming the file, row and column of the first problem:
    a required column missing, an empty cell, an unknown sector, a participant id given
    twice or two ids that give the same username.
    """
    path = Path(path)
    header, body = _rows(path)
    where = _column_positions(path.name, header)
    rows = _Rows(path.name)
    participants: list[Participant] = []
    for offset, raw in enumerate(body):
        if not any(_cell(v) for v in raw):
            continue  # an empty line
        cells = {c: _cell(raw[i]) if i < len(raw) else "" for c, i in where.items()}
        participants.append(rows.participant(offset + 2, cells))
    if not participants:
        raise RosterError(f"{path.name}: tidak ada satu peserta pun (hanya baris judul)")
    return participants


def merge_rosters(old: Iterable[Participant], new: Iterable[Participant]
                  ) -> tuple[list[Participant], list[Participant]]:
    """(merged roster, participants of ``old`` missing from ``new``).

    Nobody is dropped: everyone in ``old`` stays (with the newer details when ``new`` has
    them), newcomers are appended in ``new``'s order.
    """
    newer = {p.username: p for p in new}
    merged: list[Participant] = []
    missing: list[Participant] = []
    for p in old:
        if p.username in newer:
            merged.append(newer.pop(p.username))
        else:
            merged.append(p)
            missing.append(p)
    merged.extend(newer.values())
    return merged, missing
