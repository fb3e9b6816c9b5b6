"""Usaha saya: what a participant enters about their own business, kept from module to module.

Every module ends with a worksheet for the participant's own IKM ("Usaha saya"): own
costs, own product, own label, own carton, own market. What they enter is saved in one
file, ``usaha_saya.json``, and the next module's worksheet starts from it, so nobody types
the same data twice.

Where the file lives: :func:`locate` looks for ``usaha_saya.json`` in the notebook's folder
and the folders above it (up to the home folder), so the curriculum in
``~/curriculum/NN-modul/`` and the assignments in ``~/mNN-tugas/`` all find
``~/usaha_saya.json``; ``IKMKIT_USAHA_FILE`` names another file. When there is none yet it
is created in the home folder (or, outside it, beside the notebook).

The file, version 1 (``schema = 1``)::

    {"schema": 1, "saved_at": "2026-12-03T08:00:00+00:00",
     "sections": {"bisnis": {"nama_usaha": "...", "sektor": "batik", ...},
                  "biaya": {...}, "kemasan": {...}, ...}}

Sections are named in :data:`SECTIONS`; the values of a section are plain data (text,
numbers, true/false, lists and tables of them). A broken file gives a clear Indonesian
:class:`UsahaError` naming the file and what is wrong; nothing is overwritten until the
participant saves again.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "usaha_saya.json"
>>> data = save("bisnis", {"nama_usaha": "Batik Sekar Jagad", "sektor": "batik"}, path=path)
>>> load(path).section("bisnis")["sektor"]
'batik'
>>> save("biaya", {"bahan_baku_idr": 25_500_000}, path=path).sections["bisnis"]["nama_usaha"]
'Batik Sekar Jagad'
>>> load(path).section("kemasan")
{}
>>> try:
...     save("harga_rahasia", {}, path=path)
... except UsahaError as exc:
...     print(exc.field, exc.value)
bagian harga_rahasia
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ikmkit._files import UnsafeFile, atomic_write_text, read_small_text
from ikmkit.errors import IkmkitError

__all__ = ["FILE_NAME", "SCHEMA", "SECTIONS", "UsahaError", "UsahaSaya", "load", "locate",
           "save"]

FILE_NAME = "usaha_saya.json"
SCHEMA = 1
ENV = "IKMKIT_USAHA_FILE"
#: The worksheet sections, in the order the modules fill them (name: what it holds).
SECTIONS: dict[str, str] = {
    "bisnis": "nama usaha, sektor, kabupaten/kota, produk utama (modul 00)",
    "kesiapan": "jawaban penilaian kesiapan ekspor (modul 00 dan 02)",
    "sertifikasi": "sertifikat yang dimiliki dan sifat produk (modul 01)",
    "label": "unsur label yang sudah ada (modul 03)",
    "kemasan": "ukuran dan berat karton, pengiriman (modul 03)",
    "pengiriman": "rencana pengiriman: kontainer, udara, kurir (modul 03)",
    "biaya": "biaya produksi, HPP, titik impas (modul 04)",
    "harga": "susunan harga ekspor EXW-FOB-CFR-CIF (modul 04)",
    "pasar": "pasar tujuan dan penawaran harga (modul 05)",
    "pembiayaan": "syarat pembayaran dan kebutuhan modal pesanan (modul 06)",
}
MAX_BYTES = 512 * 1024
_MAX_DEPTH = 6


class UsahaError(IkmkitError):
    """``usaha_saya.json`` cannot be read or a section cannot be saved."""


@dataclass
class UsahaSaya:
    """The worksheet data of one participant (:func:`load` reads it)."""

    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    saved_at: str = ""
    path: Path | None = None

    def section(self, name: str) -> dict[str, Any]:
        """A copy of one section (empty if not filled yet)."""
        _check_section(name)
        return json.loads(json.dumps(self.sections.get(name, {})))

    def filled(self) -> list[str]:
        """The sections filled so far, in module order."""
        return [name for name in SECTIONS if self.sections.get(name)]


def locate(start: str | os.PathLike[str] | None = None) -> Path:
    """Where ``usaha_saya.json`` is (or will be) for a notebook working in *start*."""
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    here = Path(start or os.getcwd()).resolve()
    home = Path.home().resolve()
    for folder in (here, *here.parents):
        if (folder / FILE_NAME).is_file():
            return folder / FILE_NAME
        if folder == home:
            break
    return home / FILE_NAME if home in (here, *here.parents) else here / FILE_NAME


def _check_section(name: str) -> None:
    if name not in SECTIONS:
        raise UsahaError(field="bagian", rule="harus salah satu dari " + ", ".join(SECTIONS),
                         value=name)


def _plain(value: Any, where: str, depth: int = 0) -> Any:
    """*value* as JSON data (text, numbers, true/false, lists, tables); UsahaError if not."""
    if depth > _MAX_DEPTH:
        raise UsahaError(f"'{where}' bersarang terlalu dalam")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise UsahaError(field=where, rule="harus angka yang sah", value=value)
        return value
    if hasattr(value, "item") and not isinstance(value, (list, dict)):  # numpy, Decimal-likes
        return _plain(value.item(), where, depth)
    if type(value).__name__ == "Decimal":
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v, f"{where}[{k}]", depth + 1) for k, v in enumerate(value)]
    if isinstance(value, Mapping):
        return {str(k): _plain(v, f"{where}.{k}", depth + 1) for k, v in value.items()}
    raise UsahaError(field=where, rule="harus teks, angka, ya/tidak, daftar atau tabel",
                     value=type(value).__name__)


def load(path: str | os.PathLike[str] | None = None) -> UsahaSaya:
    """The participant's worksheet data (empty if the file does not exist yet)."""
    target = Path(path) if path is not None else locate()
    try:
        text = read_small_text(target, MAX_BYTES)
    except UnsafeFile as exc:
        if str(exc) == "tidak ditemukan":
            return UsahaSaya(path=target)
        raise UsahaError(f"{target}: {exc}") from None
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise UsahaError(f"{target}: bukan JSON yang sah ({exc}); perbaiki atau hapus berkas "
                         "ini, lalu simpan lagi dari lembar kerja") from None
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        raise UsahaError(f"{target}: bukan berkas Usaha saya versi {SCHEMA} "
                         f"(schema: {raw.get('schema') if isinstance(raw, dict) else None!r})")
    sections = raw.get("sections", {})
    if not isinstance(sections, dict):
        raise UsahaError(f"{target}: 'sections' harus berupa tabel")
    clean: dict[str, dict[str, Any]] = {}
    for name, value in sections.items():
        try:
            _check_section(name)
            if not isinstance(value, dict):
                raise UsahaError(field=name, rule="harus berupa tabel", value=value)
            clean[name] = _plain(value, name)
        except UsahaError as exc:
            raise UsahaError(f"{target}: {exc}") from None
    return UsahaSaya(sections=clean, saved_at=str(raw.get("saved_at", "")), path=target)


def save(name: str, values: Mapping[str, Any], *, path: str | os.PathLike[str] | None = None
         ) -> UsahaSaya:
    """Save one section (replacing what it held), keep the others; the new data."""
    _check_section(name)
    if not isinstance(values, Mapping):
        raise UsahaError(field=name, rule="harus berupa tabel (dict)", value=values)
    data = load(path)
    data.sections[name] = _plain(dict(values), name)
    data.saved_at = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    target = data.path or locate()
    if not target.parent.is_dir():
        raise UsahaError(f"folder untuk {FILE_NAME} tidak ada: {target.parent}")
    payload = {"schema": SCHEMA, "saved_at": data.saved_at,
               "sections": {k: data.sections[k] for k in SECTIONS if k in data.sections}}
    atomic_write_text(target, json.dumps(payload, ensure_ascii=False, indent=2))
    return data
