"""The register of regulations, standards and programmes the kit cites.

Every rule the curriculum, the assessments, the trainer guides and the data files name lives
once in ``ikmkit/data/regulations.toml``: its official short name and other citation forms, its
title, issuer, what it governs, its status (``in_force``, ``amended``, ``replaced`` or
``revoked``), its dates and deadlines, the public source it was checked against, when, by whom,
and how sure we are (``primary`` source or only ``secondary`` ones). The file is validated on
load; errors name the file, the entry, the field and the value.

>>> from datetime import date
>>> from ikmkit import regulations
>>> regulations.get("pp-42-2024").short
'PP 42/2024'
>>> regulations.find("Peraturan BPOM Nomor 22 Tahun 2018").id
'perban-bpom-22-2018'
>>> regulations.current("perban-bpom-22-2018").short
'Peraturan BPOM 4/2024'

Deadlines are dates in the register, never frozen text; the phrases are computed against a
date (default: today). A deadline's ``date`` is the last day of the transition as the rule
states it ("paling lambat ..."); the obligation applies from the next day.

>>> print(regulations.deadline_text("pp-42-2024", "halal-umk-pangan", today=date(2026, 12, 3)))
Kewajiban bersertifikat halal untuk makanan dan minuman usaha mikro dan kecil (PP 42/2024) \
sudah berlaku sejak 18 Oktober 2026 (batas akhir 17 Oktober 2026 sudah lewat 47 hari).
>>> print(regulations.deadline_text("pp-42-2024", "halal-umk-pangan", today=date(2026, 10, 1)))
Kewajiban bersertifikat halal untuk makanan dan minuman usaha mikro dan kecil (PP 42/2024) \
berlaku mulai 18 Oktober 2026 (batas akhir 17 Oktober 2026, 16 hari lagi).
>>> regulations.in_effect("pp-42-2024", "halal-umk-pangan", today=date(2026, 10, 17))
False

Finding citations. :func:`citations` recognises Indonesian forms (``UU 33/2014``,
``PP 42/2024``, ``Perpres 153/2024``, ``Permendag 73/M-DAG/PER/9/2015``, ``Permenperin
45/2022``, ``Peraturan BPOM 4/2024`` / ``Perban BPOM 26/2021``, ``Kepkaban 146/2025``, ``KMA
748/2021``, ``Peraturan BSN 28/2021``, long forms such as ``Peraturan BPOM Nomor 31 Tahun
2018``, and continuations such as ``... 31/2018 jo. 20/2021``), standards (``SNI 7617:2013``,
``SNI ISO/IEC 17065``, ``ISO 3758:2023``), EU acts (``Regulation (EU) 1169/2011``, ``Reg. (EU)
2023/988``), ``16 CFR 423``, ``CXC 1-1969``, ``Incoterms 2020`` and ``ISPM 15``.

>>> text = "Label: Perban BPOM 31/2018 jo. 20/2021; SNI 7617:2013."
>>> [c.text for c in regulations.citations(text)]
['Perban BPOM 31/2018', '20/2021', 'SNI 7617:2013']

A citation of a replaced or revoked rule is allowed when it is marked as history: one of the
words *menggantikan*, *mengganti*, *pengganti*, *mencabut*, *sebelumnya*, *semula*, *dahulu*,
*dulu*, *historis* or *riwayat* among the six words before it (same line), or a parenthesis or
clause right after it that starts with *dicabut*, *diganti*, *digantikan*, *tidak berlaku*,
*lama* or *historis* ("PP 39/2021 (diganti PP 42/2024)").

>>> [f.problem for f in regulations.check_text("Izin edar: Perban BPOM 22/2018.")]
['replaced']
>>> regulations.check_text("SPP-IRT: Peraturan BPOM 4/2024 (menggantikan Perban BPOM 22/2018).")
[]
>>> print(regulations.check_text("Dasar: PP 99/2030.")[0].message)
"PP 99/2030" tidak ada di register peraturan (ikmkit/data/regulations.toml); tambahkan \
entrinya dengan sumbernya, atau perbaiki kutipannya
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikmkit._files import Fields, read_toml
from ikmkit.errors import IkmkitError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "CHECKED_SUFFIXES",
    "CONFIDENCES",
    "KINDS",
    "STATUSES",
    "Citation",
    "Deadline",
    "Finding",
    "Regulation",
    "RegulationError",
    "Register",
    "check_paths",
    "check_text",
    "citations",
    "current",
    "deadline",
    "deadline_text",
    "find",
    "get",
    "check_references",
    "in_effect",
    "load_register",
    "register",
    "render",
    "stale",
    "status_text",
    "table",
]

KINDS: tuple[str, ...] = (
    "uu",
    "pp",
    "perpres",
    "permen",
    "perban",
    "kepka",
    "kepmen",
    "sni",
    "iso",
    "eu",
    "intl",
    "programme",
)
"""Kinds of entry: Indonesian laws and regulations (UU, PP, Perpres, ministerial regulations
and decisions, agency regulations and head-of-agency decisions), SNI, ISO, EU acts, other
international or foreign rules and standards, and programmes."""

STATUSES: tuple[str, ...] = ("in_force", "amended", "replaced", "revoked")
"""``amended`` rules are still in force (as amended); ``replaced`` and ``revoked`` ones are not."""

CONFIDENCES: tuple[str, ...] = ("primary", "secondary")
"""``primary``: checked against the rule's text or the issuing body; ``secondary``: only
secondary sources (news, law firms, consultants) were found."""

CHECKED_SUFFIXES: tuple[str, ...] = (".ipynb", ".md", ".toml")
"""File types :func:`check_paths` reads."""

_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DEADLINE_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REQUIRED = (
    "id",
    "short",
    "title",
    "issuer",
    "kind",
    "governs",
    "status",
    "source",
    "checked",
    "checked_by",
    "confidence",
)
_OPTIONAL = ("aliases", "amended_by", "replaced_by", "enacted", "in_force", "deadlines", "note")
_KEYS = frozenset(_REQUIRED + _OPTIONAL)
_DEADLINE_KEYS = frozenset({"name", "date", "applies_to"})
_TOP_KEYS = frozenset({"schema", "title", "regulation"})
_DEFAULT_NAME = "ikmkit/data/regulations.toml"


class RegulationError(IkmkitError):
    """An invalid register file, an unknown entry, or bad input to :mod:`ikmkit.regulations`."""


# --------------------------------------------------------------------------- data objects


@dataclass(frozen=True)
class Deadline:
    """A dated obligation of a rule. ``date`` is the last day of the transition as the rule
    states it; the obligation applies from :attr:`applies_from`, the next day."""

    name: str
    date: dt.date
    applies_to: str

    @property
    def applies_from(self) -> dt.date:
        """The first day the obligation applies."""
        return self.date + dt.timedelta(days=1)


@dataclass(frozen=True)
class Regulation:
    """One entry of the register (texts in Indonesian, as in the file)."""

    id: str
    short: str
    title: str
    issuer: str
    kind: str
    governs: str
    status: str
    source: str
    checked: dt.date
    checked_by: str
    confidence: str
    aliases: tuple[str, ...] = ()
    amended_by: tuple[str, ...] = ()
    replaced_by: str | None = None
    enacted: dt.date | None = None
    in_force: dt.date | None = None
    deadlines: tuple[Deadline, ...] = ()
    note: str = ""

    @property
    def is_current(self) -> bool:
        """True when the rule is in force (possibly as amended)."""
        return self.status in ("in_force", "amended")

    def deadline(self, name: str | None = None) -> Deadline:
        """The deadline called ``name`` (or the only one when ``name`` is None)."""
        if name is None and len(self.deadlines) == 1:
            return self.deadlines[0]
        for item in self.deadlines:
            if item.name == name:
                return item
        names = ", ".join(d.name for d in self.deadlines) or "tidak ada"
        raise RegulationError(
            f"'{self.id}' tidak punya tenggat {name!r}; tenggat yang ada: {names}"
        )


@dataclass(frozen=True)
class Citation:
    """A citation found in a text: the matched text, its normalised key and its offsets."""

    text: str
    key: tuple[str, str, str | None]
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    """A citation the checker rejects.

    ``problem`` is ``"unknown"`` (not in the register), ``"replaced"`` or ``"revoked"``
    (cited as current although it is no longer in force). ``cell`` is the 0-based index of the
    notebook cell (None outside notebooks); ``line`` is 1-based within the cell or file.
    """

    path: str
    cell: int | None
    line: int
    citation: str
    problem: str
    regulation: str | None
    message: str

    def __str__(self) -> str:
        where = self.path or "<teks>"
        if self.cell is not None:
            where += f" (sel ke-{self.cell + 1}, baris {self.line})"
        else:
            where += f" (baris {self.line})"
        return f"{where}: {self.message}"


# --------------------------------------------------------------------------- citations


_NUM = r"\d{1,4}(?:/[A-Z]+(?:-[A-Z]+)?(?:/[A-Z]+)?/\d{1,2})?"
_YEAR = r"(?:19|20)\d{2}"
_NUMBER = rf"(?:No(?:mor|\.)?\s*)?(?P<num>{_NUM})\s*(?:/|\s+[Tt]ahun\s+)(?P<year>{_YEAR})"
_CONTINUATION = re.compile(
    rf"\s*(?:,|jo\.?|juncto|dan|atau)\s*(?:No(?:mor|\.)?\s*)?(?P<num>{_NUM})/(?P<year>{_YEAR})\b"
)
_SERIES: tuple[tuple[str, str], ...] = (
    ("uu", r"UU|Undang-[Uu]ndang"),
    ("pp", r"PP|Peraturan Pemerintah"),
    ("perpres", r"Perpres|Peraturan Presiden"),
    ("keppres", r"Keppres|Keputusan Presiden"),
    ("permendag", r"Permendag|Peraturan Menteri Perdagangan"),
    ("kepmendag", r"Kepmendag|Keputusan Menteri Perdagangan"),
    ("permenperin", r"Permenperin|Peraturan Menteri Perindustrian"),
    (
        "perban-bpom",
        r"Perban\s+BPOM|Peraturan\s+BPOM|Peraturan\s+Badan\s+POM"
        r"|Peraturan\s+Badan\s+Pengawas\s+Obat\s+dan\s+Makanan",
    ),
    ("perban-bsn", r"Perban\s+BSN|Peraturan\s+BSN|Peraturan\s+Badan\s+Standardisasi\s+Nasional"),
    (
        "kepka-bpjph",
        r"Kepkaban|Kepka\s+BPJPH|Kep\.\s*Ka\.?\s*BPJPH|Keputusan\s+Kepala\s+BPJPH"
        r"|Keputusan\s+Kepala\s+Badan\s+Penyelenggara\s+Jaminan\s+Produk\s+Halal",
    ),
    ("kma", r"KMA|Keputusan\s+Menteri\s+Agama"),
)
_ID_PATTERNS = tuple(
    (series, re.compile(rf"(?<![\w-])(?:{prefix})\s+{_NUMBER}\b")) for series, prefix in _SERIES
)
_SNI = re.compile(
    r"(?<![\w-])SNI\s+(?P<num>(?:ISO/IEC|ISO)\s+\d+(?:-\d+)?|\d{3,5}(?:-\d+)?)"
    r"(?::(?P<year>\d{4}))?(?:/Amd\.?\s?\d(?::\d{4})?)?"
)
_SNI_MORE = re.compile(
    r"\s*(?:,|/|dan|atau)\s*(?P<num>\d{4,5})(?::(?P<year>\d{4}))?(?:/Amd\.?\s?\d(?::\d{4})?)?\b"
)
_ISO = re.compile(r"(?<![\w/-])(?P<num>ISO(?:/IEC)?\s+\d+(?:-\d+)?)(?::(?P<year>\d{4}))?")
_EU = re.compile(
    r"(?:(?:Regulation|Reg\.|Peraturan|Regulasi|Directive|Direktif)\s*)?"
    r"\((?:EU|EC|EEC)\)\s*(?:No\.?\s*)?(?P<a>\d{1,4})/(?P<b>\d{1,4})"
    r"|(?<![\w/])(?:Reg\.|Regulation|EU)\s+(?:No\.?\s*)?(?P<c>\d{3,4})/(?P<d>(?:19|20)\d{2})\b"
)
_CFR = re.compile(r"(?<!\w)(?P<title>\d{1,2})\s+CFR\s+(?:Part\s+)?(?P<part>\d{1,4})\b")
_CXC = re.compile(r"(?<!\w)CXC\s+(?P<num>\d+)-(?P<year>\d{4})")
_INCOTERMS = re.compile(r"(?<!\w)Incoterms(?:®)?\s*(?P<year>\d{4})")
_ISPM = re.compile(r"(?<!\w)ISPM[\s-]?(?P<num>\d{1,2})\b")

_HISTORY_BEFORE = frozenset(
    {
        "menggantikan",
        "mengganti",
        "pengganti",
        "mencabut",
        "sebelumnya",
        "semula",
        "dahulu",
        "dulu",
        "historis",
        "riwayat",
    }
)
_HISTORY_AFTER = re.compile(
    r"^\s*[(,;:—–-]?\s*(?:yang\s+)?(?:sudah\s+|telah\s+)?"
    r"(?:dicabut|diganti|digantikan|tidak\s+berlaku|lama\b|historis)",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[A-Za-z]+")


def _norm_num(num: str) -> str:
    """Lower-case, collapse spaces, drop the leading zeros of the first number."""
    text = re.sub(r"\s+", " ", num.strip()).lower()
    return re.sub(r"^0+(?=\d)", "", text)


def _eu_key(a: str, b: str) -> tuple[str, str, str | None]:
    # before 2015 EU acts are number/year (1169/2011); from 2015 on, year/number (2023/988)
    first, second = int(a), int(b)
    if 1950 <= first <= 2100 and not 1950 <= second <= 2100:
        return ("eu", str(second), str(first))
    return ("eu", str(first), str(second))


def _continued(text: str, pos: int, series: str, more: re.Pattern[str],
               stop: Any = None) -> list[Citation]:
    """Numbers that continue a citation ("PP 5/2021 dan 6/2021", "SNI 1, 2:2013")."""
    found = []
    while (m := more.match(text, pos)) and not (stop and stop(m)):
        start = m.start("num")
        found.append(Citation(text[start:m.end()], (series, _norm_num(m["num"]), m["year"]),
                              start, m.end()))
        pos = m.end()
    return found


def _keyed(text: str) -> list[Citation]:
    """Citations of the standards and international forms, each with its key."""
    forms: list[tuple[re.Pattern[str], Any]] = [
        (_ISO, lambda m: ("iso", _norm_num(m["num"]), m["year"])),
        (_EU, lambda m: _eu_key(m["a"], m["b"]) if m["a"] is not None
         else _eu_key(m["c"], m["d"])),
        (_CFR, lambda m: ("cfr", f"{int(m['title'])}/{int(m['part'])}", None)),
        (_CXC, lambda m: ("codex", f"cxc {int(m['num'])}", m["year"])),
        (_INCOTERMS, lambda m: ("incoterms", "", m["year"])),
        (_ISPM, lambda m: ("ispm", str(int(m["num"])), None)),
    ]
    return [Citation(m.group(0), key(m), m.start(), m.end())
            for pattern, key in forms for m in pattern.finditer(text)]


def _raw_matches(text: str) -> list[Citation]:
    found: list[Citation] = []
    for series, pattern in _ID_PATTERNS:
        for m in pattern.finditer(text):
            found.append(Citation(m.group(0), (series, _norm_num(m["num"]), m["year"]),
                                  m.start(), m.end()))
            found += _continued(text, m.end(), series, _CONTINUATION)
    for m in _SNI.finditer(text):
        found.append(Citation(m.group(0), ("sni", _norm_num(m["num"]), m["year"]),
                              m.start(), m.end()))
        found += _continued(text, m.end(), "sni", _SNI_MORE,
                            stop=lambda more: 1900 <= int(more["num"]) <= 2099)
    return found + _keyed(text)


def citations(text: str) -> list[Citation]:
    """All citations in ``text``, in order; overlapping matches keep the earliest, longest.

    >>> [c.key for c in citations("UU No. 33 Tahun 2014 dan Permenperin 07/M-IND/PER/2/2014")]
    [('uu', '33', '2014'), ('permenperin', '7/m-ind/per/2', '2014')]
    >>> [c.key for c in citations("SNI ISO/IEC 17065 dan Regulation (EU) 2023/988")]
    [('sni', 'iso/iec 17065', None), ('eu', '988', '2023')]
    >>> [c.text for c in citations("SNI 8302:2016/Amd.1:2019, 8303 dan 8304")]
    ['SNI 8302:2016/Amd.1:2019', '8303', '8304']
    """
    if not isinstance(text, str):
        raise RegulationError(f"'text' harus teks (str): {text!r}")
    accepted: list[Citation] = []
    for cit in sorted(_raw_matches(text), key=lambda c: (c.start, -(c.end - c.start))):
        if accepted and cit.start < accepted[-1].end:
            continue
        accepted.append(cit)
    return accepted


def _is_history(line: str, start: int, end: int) -> bool:
    before = _WORD_RE.findall(line[:start])[-6:]
    if any(word.casefold() in _HISTORY_BEFORE for word in before):
        return True
    return bool(_HISTORY_AFTER.match(line[end : end + 60]))


# --------------------------------------------------------------------------- register


@dataclass(frozen=True)
class Register:
    """The validated register, in file order, with citation look-up."""

    regulations: tuple[Regulation, ...]
    path: str = ""
    title: str = ""
    _by_id: Mapping[str, Regulation] = field(default_factory=dict, repr=False, compare=False)
    _by_key: Mapping[tuple[str, str, str | None], Regulation] = field(
        default_factory=dict, repr=False, compare=False
    )
    _by_name: Mapping[str, Regulation] = field(default_factory=dict, repr=False, compare=False)

    def __iter__(self) -> Iterator[Regulation]:
        return iter(self.regulations)

    def __len__(self) -> int:
        return len(self.regulations)

    def __contains__(self, reg_id: object) -> bool:
        return reg_id in self._by_id

    @property
    def ids(self) -> tuple[str, ...]:
        """Entry ids in file order."""
        return tuple(r.id for r in self.regulations)

    def get(self, reg_id: str) -> Regulation:
        """The entry with id ``reg_id``; RegulationError if there is none."""
        try:
            return self._by_id[reg_id]
        except (KeyError, TypeError):
            raise RegulationError(
                f"'{reg_id}' tidak ada di register peraturan ({self.path or _DEFAULT_NAME})"
            ) from None

    def current(self, reg_id: str) -> Regulation:
        """Follow ``replaced_by`` from ``reg_id`` to the rule in force (itself if current).

        A revoked rule without a successor raises RegulationError.
        """
        reg = self.get(reg_id)
        seen = {reg.id}
        while not reg.is_current:
            if reg.replaced_by is None:
                raise RegulationError(
                    f"'{reg.id}' ({reg.short}) sudah dicabut tanpa aturan pengganti di register"
                )
            reg = self.get(reg.replaced_by)
            if reg.id in seen:  # pragma: no cover - the loader rejects cycles
                raise RegulationError(f"rantai 'replaced_by' berputar di '{reg.id}'")
            seen.add(reg.id)
        return reg

    def lookup(self, citation: Citation) -> Regulation | None:
        """The entry a parsed citation refers to, or None."""
        series, number, year = citation.key
        exact = self._by_key.get(citation.key)
        if exact is not None:
            return exact
        if year is not None:
            return self._by_key.get((series, number, None))
        candidates = [r for (s, n, _), r in self._by_key.items() if (s, n) == (series, number)]
        if not candidates:
            return None
        current = [r for r in candidates if r.is_current]
        return (current or candidates)[0]

    def find(self, text: str) -> Regulation | None:
        """The entry cited by ``text`` (its first citation, else an exact name), or None."""
        found = citations(text)
        if found:
            return self.lookup(found[0])
        return self._by_name.get(" ".join(text.split()).casefold())

    def check_text(self, text: str, *, path: str = "", cell: int | None = None) -> list[Finding]:
        """Findings for every unknown or stale citation in ``text`` (see :func:`check_text`)."""
        findings: list[Finding] = []
        for number, line in enumerate(text.splitlines(), start=1):
            for cit in citations(line):
                reg = self.lookup(cit)
                if reg is None:
                    findings.append(
                        Finding(
                            path,
                            cell,
                            number,
                            cit.text,
                            "unknown",
                            None,
                            f'"{cit.text}" tidak ada di register peraturan ({_DEFAULT_NAME}); '
                            "tambahkan entrinya dengan sumbernya, atau perbaiki kutipannya",
                        )
                    )
                elif not reg.is_current and not _is_history(line, cit.start, cit.end):
                    findings.append(self._stale_finding(reg, cit, path, cell, number))
        return findings

    def _stale_finding(
        self, reg: Regulation, cit: Citation, path: str, cell: int | None, line: int
    ) -> Finding:
        if reg.replaced_by is not None:
            successor = self.current(reg.id)
            verb = "sudah dicabut" if reg.status == "revoked" else "sudah diganti"
            what = f"{verb}; yang berlaku: {successor.short} ({successor.id})"
        else:
            what = "sudah dicabut tanpa pengganti"
        return Finding(
            path,
            cell,
            line,
            cit.text,
            reg.status,
            reg.id,
            f'"{cit.text}" dikutip sebagai aturan yang berlaku, padahal {what}. Kutip aturan '
            'yang berlaku, atau tandai sebagai sejarah (mis. "menggantikan …", "(dicabut)")',
        )

    def stale(self, days: int, today: dt.date | None = None) -> list[Regulation]:
        """Entries last checked more than ``days`` days before ``today``."""
        if type(days) is not int or days < 0:
            raise RegulationError(f"'days' harus bilangan bulat >= 0: {days!r}")
        day = _today(today)
        return [r for r in self.regulations if (day - r.checked).days > days]


def _default_path() -> Path:
    return Path(str(resources.files("ikmkit") / "data" / "regulations.toml"))


def load_register(path: str | Path | None = None) -> Register:
    """Read and validate a register (default: the one shipped with ikmkit).

    Raises :class:`RegulationError` naming the file, the entry, the field and the bad value.

    >>> len(load_register()) > 40
    True
    """
    file = Path(path) if path is not None else _default_path()
    where = str(path) if path is not None else _DEFAULT_NAME
    return _build(read_toml(file, RegulationError), where)


def _build(raw: Mapping[str, Any], where: str) -> Register:
    top = Fields(raw, file=where, entry="tingkat atas", error=RegulationError)
    if top.number("schema", 1, integer=True) != 1:
        raise top.fail("schema", "harus 1", raw.get("schema"))
    title = top.text("title", "")
    entries = top.tables("regulation")
    top.done()
    regs: list[Regulation] = []
    by_id: dict[str, Regulation] = {}
    for number, entry in enumerate(entries, start=1):
        reg = _build_entry(entry, number, where)
        if reg.id in by_id:
            raise RegulationError(f"{where}: entri ke-{number}: 'id' ganda: {reg.id!r}")
        by_id[reg.id] = reg
        regs.append(reg)
    for reg in regs:
        _check_links(reg, by_id, where)
    for reg in regs:
        _check_chain(reg, by_id, where)
    by_key, by_name = _citation_forms(regs, where)
    return Register(tuple(regs), where, title, by_id, by_key, by_name)


def _fail(where: str, reg: Regulation, fld: str, rule: str, value: object) -> RegulationError:
    return RegulationError(f"{where}: entri '{reg.id}': '{fld}' {rule}: {value!r}",
                           field=fld, rule=rule, value=value)


def _check_links(reg: Regulation, by_id: Mapping[str, Regulation], where: str) -> None:
    """amended_by / replaced_by point to entries that exist, agree with the status and
    never loop."""
    for other in reg.amended_by:
        if other not in by_id:
            raise _fail(where, reg, "amended_by", "menyebut entri yang tidak ada", other)
    if reg.status == "amended" and not reg.amended_by:
        raise _fail(where, reg, "amended_by", "wajib diisi bila status = 'amended'", [])
    if reg.replaced_by is None:
        if reg.status == "replaced":
            raise _fail(where, reg, "replaced_by", "wajib diisi bila status = 'replaced'", None)
        return
    if reg.replaced_by not in by_id:
        raise _fail(where, reg, "replaced_by", "menyebut entri yang tidak ada", reg.replaced_by)
    if reg.is_current:
        raise _fail(where, reg, "replaced_by", "hanya untuk aturan yang diganti/dicabut, "
                    f"bukan status {reg.status!r}", reg.replaced_by)



def _check_chain(reg: Regulation, by_id: Mapping[str, Regulation], where: str) -> None:
    """Following replaced_by from *reg* ends at a rule in force, never back at itself."""
    seen = [reg.id]
    nxt: str | None = reg.replaced_by
    while nxt is not None:
        if nxt in seen:
            raise _fail(where, reg, "replaced_by", "membentuk rantai yang berputar",
                        " -> ".join([*seen, nxt]))
        seen.append(nxt)
        nxt = by_id[nxt].replaced_by


def _citation_forms(regs: list[Regulation], where: str
                    ) -> tuple[dict[tuple[str, str, str | None], Regulation],
                               dict[str, Regulation]]:
    """Every citation form and name of every entry, each owned by one entry only."""
    by_key: dict[tuple[str, str, str | None], Regulation] = {}
    by_name: dict[str, Regulation] = {}
    for reg in regs:
        for form in (reg.short, *reg.aliases):
            found = citations(form)
            if len(found) > 1:
                raise _fail(where, reg, "aliases",
                            "setiap bentuk kutipan harus berisi satu kutipan", form)
            if found:
                owner = by_key.setdefault(found[0].key, reg)
                if owner.id != reg.id:
                    raise _fail(where, reg, "aliases",
                                f"bentuk kutipan sudah dipakai entri '{owner.id}'", form)
            owner = by_name.setdefault(" ".join(form.split()).casefold(), reg)
            if owner.id != reg.id:
                raise _fail(where, reg, "aliases", f"nama sudah dipakai entri '{owner.id}'",
                            form)
    return by_key, by_name


_TEXT_KEYS = ("short", "title", "issuer", "governs", "checked_by")


def _build_entry(entry: object, number: int, where: str) -> Regulation:
    reg_id = entry.get("id") if isinstance(entry, dict) else None
    label = f"entri '{reg_id}'" if isinstance(reg_id, str) and reg_id else f"entri ke-{number}"
    f = Fields(entry, file=where, entry=label, error=RegulationError)
    ident = f.text("id")
    if not _ID_RE.match(ident):
        raise f.fail("id", "harus huruf kecil, angka dan tanda hubung (kebab-case)", ident)
    texts = {key: f.text(key).strip() for key in _TEXT_KEYS}
    source = f.text("source").strip()
    if not re.match(r"^https?://\S+$", source):
        raise f.fail("source", "harus alamat web publik (http:// atau https://)", source)
    replaced_by = f.text("replaced_by", None)
    reg = Regulation(
        id=ident, kind=f.text("kind", options=KINDS), status=f.text("status", options=STATUSES),
        source=source, checked=f.date("checked"),
        confidence=f.text("confidence", options=CONFIDENCES),
        aliases=tuple(a.strip() for a in f.texts("aliases", (), nonempty=False)),
        amended_by=tuple(a.strip() for a in f.texts("amended_by", (), nonempty=False)),
        replaced_by=replaced_by.strip() if replaced_by else None,
        enacted=f.date("enacted", None), in_force=f.date("in_force", None),
        deadlines=_build_deadlines(f.raw("deadlines", []), f),
        note=f.text("note", "").strip(), **texts)
    f.done()
    return reg


def _build_deadlines(value: object, parent: Fields) -> tuple[Deadline, ...]:
    if not isinstance(value, list):
        raise parent.fail("deadlines", "harus daftar tabel {name, date, applies_to}", value)
    result: list[Deadline] = []
    for k, item in enumerate(value):
        f = Fields(item, file=parent.file, entry=f"{parent.entry}, 'deadlines'[{k}]",
                   error=RegulationError)
        name = f.text("name")
        if not _DEADLINE_NAME_RE.match(name) or any(d.name == name for d in result):
            raise f.fail("name", "harus huruf kecil, angka dan tanda hubung, tidak ganda", name)
        result.append(Deadline(name, f.date("date"), f.text("applies_to").strip()))
        f.done()
    return tuple(result)


@functools.lru_cache(maxsize=1)
def register() -> Register:
    """The shipped register, loaded and validated once."""
    return load_register()


def _resolve(reg: Register | None) -> Register:
    return reg if reg is not None else register()


def get(reg_id: str, *, register: Register | None = None) -> Regulation:
    """One entry by id (e.g. ``"pp-42-2024"``)."""
    return _resolve(register).get(reg_id)


def current(reg_id: str, *, register: Register | None = None) -> Regulation:
    """The rule in force that ``reg_id`` is, or was replaced by (follows ``replaced_by``)."""
    return _resolve(register).current(reg_id)


def find(text: str, *, register: Register | None = None) -> Regulation | None:
    """The entry a citation such as ``"Perban BPOM 26/2021"`` refers to, or None."""
    return _resolve(register).find(text)


def check_text(
    text: str, *, path: str = "", cell: int | None = None, register: Register | None = None
) -> list[Finding]:
    """Findings for every citation in ``text`` that is not in the register, or that cites a
    replaced or revoked rule as current (history mentions are allowed, see the module doc)."""
    return _resolve(register).check_text(text, path=path, cell=cell)


# --------------------------------------------------------------------------- files


def _iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                parts = sub.relative_to(path).parts
                if any(p.startswith(".") for p in parts) or sub.suffix not in CHECKED_SUFFIXES:
                    continue
                if sub.is_file():
                    yield sub
        elif path.is_file():
            yield path
        else:
            raise RegulationError(f"berkas atau folder tidak ditemukan: '{path}'")


def _check_file(path: Path, reg: Register, shown: str) -> list[Finding]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegulationError(f"{shown}: berkas tidak dapat dibaca: {exc}") from None
    if path.suffix != ".ipynb":
        return reg.check_text(text, path=shown)
    try:
        notebook = json.loads(text)
        cells = notebook["cells"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise RegulationError(f"{shown}: bukan notebook Jupyter yang sah") from None
    findings: list[Finding] = []
    for index, cell in enumerate(cells):
        source = cell.get("source", "") if isinstance(cell, dict) else ""
        if isinstance(source, list):
            source = "".join(source)
        if cell.get("cell_type") in ("markdown", "code") and isinstance(source, str):
            findings += reg.check_text(source, path=shown, cell=index)
    return findings


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when it lies inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def check_paths(
    paths: Sequence[str | Path],
    *,
    register: Register | None = None,
    skip: Iterable[str | Path] = (),
) -> list[Finding]:
    """Check every ``.ipynb`` (markdown and code cells), ``.md`` and ``.toml`` file under
    ``paths`` (files or folders; hidden folders are skipped, and so is every file in ``skip``).

    Raises RegulationError for a path that does not exist or a file that cannot be read.
    """
    reg = _resolve(register)
    skipped = {Path(s).resolve() for s in skip}
    if reg.path and Path(reg.path).exists():
        skipped.add(Path(reg.path).resolve())
    skipped.add(_default_path().resolve())
    findings: list[Finding] = []
    for path in _iter_files(paths):
        if path.resolve() in skipped:
            continue
        findings += _check_file(path, reg, _shown(path))
    return findings


# --------------------------------------------------------------------------- dates and phrases


def _today(today: dt.date | None) -> dt.date:
    if today is None:
        return dt.date.today()
    if not isinstance(today, dt.date) or isinstance(today, dt.datetime):
        raise RegulationError(f"'today' harus datetime.date: {today!r}")
    return today


def _tanggal(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def deadline(reg_id: str, name: str | None = None, *, register: Register | None = None) -> Deadline:
    """The deadline ``name`` of entry ``reg_id`` (the only one when ``name`` is None)."""
    return get(reg_id, register=register).deadline(name)


def in_effect(
    reg_id: str,
    name: str | None = None,
    *,
    today: dt.date | None = None,
    register: Register | None = None,
) -> bool:
    """Whether the obligation applies on ``today`` (default: today's date).

    With a deadline ``name``: True from the day after the deadline. Without: True when the
    rule is current and in force on ``today`` (an unknown ``in_force`` date counts as in force).
    """
    day = _today(today)
    reg = get(reg_id, register=register)
    if name is not None:
        return day >= reg.deadline(name).applies_from
    return reg.is_current and (reg.in_force is None or day >= reg.in_force)


def deadline_text(
    reg_id: str,
    name: str | None = None,
    *,
    today: dt.date | None = None,
    register: Register | None = None,
) -> str:
    """An Indonesian sentence saying whether a deadline's obligation applies yet, for notebooks."""
    day = _today(today)
    reg = get(reg_id, register=register)
    item = reg.deadline(name)
    start = item.applies_from
    head = f"Kewajiban {item.applies_to} ({reg.short})"
    if day >= start:
        passed = (day - item.date).days
        return (
            f"{head} sudah berlaku sejak {_tanggal(start)} "
            f"(batas akhir {_tanggal(item.date)} sudah lewat {passed} hari)."
        )
    left = (item.date - day).days
    when = "hari ini hari terakhir" if left == 0 else f"{left} hari lagi"
    return f"{head} berlaku mulai {_tanggal(start)} (batas akhir {_tanggal(item.date)}, {when})."


def status_text(
    reg_id: str, *, today: dt.date | None = None, register: Register | None = None
) -> str:
    """An Indonesian phrase for a rule's status on ``today`` ("sudah berlaku sejak …").

    >>> status_text("perban-bpom-22-2018", today=dt.date(2026, 12, 3))
    'Peraturan BPOM 22/2018 sudah tidak berlaku: diganti Peraturan BPOM 4/2024.'
    """
    day = _today(today)
    reg = get(reg_id, register=register)
    if not reg.is_current:
        if reg.replaced_by is None:
            return f"{reg.short} sudah dicabut."
        verb = "dicabut dan diganti" if reg.status == "revoked" else "diganti"
        return (
            f"{reg.short} sudah tidak berlaku: {verb} {current(reg.id, register=register).short}."
        )
    amended = ""
    if reg.amended_by:
        names = ", ".join(get(a, register=register).short for a in reg.amended_by)
        amended = f" (sebagaimana diubah {names})"
    if reg.in_force is None:
        return f"{reg.short}{amended} berlaku (tanggal mulai berlaku belum dicatat di register)."
    if day >= reg.in_force:
        return f"{reg.short}{amended} sudah berlaku sejak {_tanggal(reg.in_force)}."
    return f"{reg.short}{amended} berlaku mulai {_tanggal(reg.in_force)}."


def stale(
    days: int = 365, *, today: dt.date | None = None, register: Register | None = None
) -> list[Regulation]:
    """Entries not re-checked for more than ``days`` days (default a year), for the yearly
    refresh."""
    return _resolve(register).stale(days, today)


def table(
    ids: Iterable[str], *, today: dt.date | None = None, register: Register | None = None
) -> pd.DataFrame:
    """The entries ``ids`` as a pandas table with Indonesian columns, for "Sumber" sections:
    aturan, judul, status (computed on ``today``), sumber (address), dicek (date, confidence)."""
    import pandas as pd

    reg = _resolve(register)
    rows = []
    for reg_id in ids:
        item = reg.get(reg_id)
        sure = "sumber primer" if item.confidence == "primary" else "hanya sumber sekunder"
        rows.append(
            {
                "aturan": item.short,
                "judul": item.title,
                "status": status_text(reg_id, today=today, register=reg),
                "sumber": item.source,
                "dicek": f"{_tanggal(item.checked)} ({sure})",
            }
        )
    return pd.DataFrame(rows, columns=["aturan", "judul", "status", "sumber", "dicek"])


# --------------------------------------------------------------------------- templated texts

_TOKEN_RE = re.compile(r"\{(tenggat|status):([^{}#\s]+)(?:#([^{}\s]+))?\}")


def check_references(text: str, *, register: Register | None = None) -> None:
    """Raise RegulationError when ``text`` has a ``{tenggat:ID#NAME}`` or ``{status:ID}`` token
    that names no entry or deadline of the register (data files call this on load)."""
    reg = _resolve(register)
    for match in _TOKEN_RE.finditer(text):
        kind, reg_id, name = match.groups()
        item = reg.get(reg_id)
        if kind == "tenggat":
            if name is None:
                raise RegulationError(f"token {match.group(0)!r} harus menyebut nama tenggat")
            item.deadline(name)
        elif name is not None:
            raise RegulationError(f"token {match.group(0)!r} tidak memakai '#'")


def render(text: str, *, today: dt.date | None = None, register: Register | None = None) -> str:
    """Replace ``{tenggat:ID#NAME}`` with :func:`deadline_text` and ``{status:ID}`` with
    :func:`status_text`, computed on ``today``: data files keep dates in the register only.

    >>> render("Halal: {tenggat:pp-42-2024#halal-umk-pangan}", today=dt.date(2026, 12, 3))[:66]
    'Halal: Kewajiban bersertifikat halal untuk makanan dan minuman usa'
    """

    def one(match: re.Match[str]) -> str:
        kind, reg_id, name = match.groups()
        if kind == "tenggat":
            return deadline_text(reg_id, name, today=today, register=register)
        return status_text(reg_id, today=today, register=register)

    return _TOKEN_RE.sub(one, text)
