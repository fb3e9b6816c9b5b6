"""Certification catalogue, per-sector requirements, certification roadmap and GTIN check digits.

The catalogue (``ikmkit/data/certifications.toml``) lists the certificates and licences an
East Java IKM meets on the way to export: NIB, SPPT-SNI, SNI Bina UMK, ISO 9001, ISO 22000,
HACCP, halal, PIRT, BPOM MD, batikmark, merek (and Madrid), hak cipta, desain industri,
GS1 barcode and laboratory product tests. Each entry says what it is for, who issues it, where
to go, its legal basis and source, whether it is mandatory per sector (and under which product
condition), typical duration and cost where known, its prerequisites and curriculum module.
The file is validated on load; an incubator can pass its own file to :func:`load_catalogue`.

Every rule the data file names is in the register ``ikmkit/data/regulations.toml`` (e.g.
Permenperin 07/M-IND/PER/2/2014 for SNI 7617 baby-clothes fabric, Permenperin 45/2022 for the
appointed LSPro, Peraturan BPOM 4/2024 for SPP-IRT, Peraturan BPOM 23/2023 for BPOM MD,
UU 33/2014 and PP 42/2024 for halal, PP 45/2024 for DJKI fees). Conditions may carry
``{tenggat:ID#NAME}`` / ``{status:ID}`` tokens that :func:`ikmkit.regulations.render` turns into
sentences computed from the register's dates, so no deadline is frozen in the text.

>>> from ikmkit import standards
>>> [r.cert_id for r in standards.required_certifications("makanan-minuman")]
['nib', 'halal', 'pirt']
>>> [r.cert_id for r in standards.required_certifications("makanan-minuman", frozen=True)]
['nib', 'halal', 'bpom_md']

Food under a mandatory SNI cannot use SPP-IRT (Peraturan BPOM 4/2024): it needs BPOM MD.

>>> [r.cert_id for r in standards.required_certifications("makanan-minuman",
...                                                      sni_wajib_product=True)]
['nib', 'sppt_sni', 'halal', 'bpom_md']
>>> [r.cert_id for r in standards.required_certifications("konveksi", baby_clothes=True)]
['nib', 'sppt_sni']
>>> standards.get("sppt_sni").prerequisites
('nib', 'merek')
>>> standards.get("batikmark").prerequisites
('nib', 'merek')
>>> steps = standards.roadmap("batik", held=["nib", "merek"], target_market="Jepang")
>>> "batikmark" in [s.cert_id for s in steps]
True

GTIN-13 check digits (GS1 mod-10; weights 1,3,1,3... from the left) use python-stdnum's
:mod:`stdnum.ean`:

>>> standards.gtin_check_digit("890400021003")
'7'
>>> standards.gtin_check_digit("899552200001")
'5'
>>> standards.is_valid_gtin("8995522000015"), standards.is_indonesian_gs1("8995522000015")
(True, True)
>>> standards.validate_gtin("8995522000016")
Traceback (most recent call last):
...
ikmkit.standards.StandardsError: digit pemeriksa (check digit) GTIN salah: '8995522000016'; \
seharusnya 5 (8995522000015)
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stdnum import ean
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

from ikmkit import regulations
from ikmkit._files import Fields, read_toml
from ikmkit.errors import IkmkitError
from ikmkit.vocab import MODULES, SECTORS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
__all__ = [
    "LEVELS",
    "MARKETS",
    "SECTORS",
    "Catalogue",
    "Certification",
    "ProductFlags",
    "Requirement",
    "RoadmapStep",
    "SectorStatus",
    "StandardsError",
    "FLAG_NAMES_ID",
    "SNI_7617_LIMITS",
    "catalogue",
    "catalogue_table",
    "food_permit",
    "get",
    "gtin_check_digit",
    "gtin_numbers",
    "is_indonesian_gs1",
    "is_valid_gtin",
    "load_catalogue",
    "recommended_certifications",
    "required_certifications",
    "roadmap",
    "roadmap_table",
    "sni_7617_report",
    "status_table",
    "validate_gtin",
]

LEVELS: tuple[str, ...] = ("wajib", "wajib-bersyarat", "sukarela")
"""Status of a certificate for a sector: mandatory, mandatory under a condition, voluntary."""

MARKETS: tuple[str, ...] = (
    "domestik",
    "ASEAN",
    "Uni Eropa",
    "Amerika Serikat",
    "Jepang",
    "Timur Tengah",
)
"""Target markets a certificate can help with (``"semua"`` in the data file means all)."""

_ALL_MARKETS = "semua"
_OTHERWISE = ("sukarela", "tidak-perlu")
_CONFIDENCE = ("H", "M", "L")
_MODULE_RE = re.compile(r"^[0-9]{2}(?:-[a-z0-9]+)*$")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_DIGITS_RE = re.compile(r"^[0-9]+$")


class StandardsError(IkmkitError):
    """Bad input to :mod:`ikmkit.standards` or an invalid certification catalogue."""


# --------------------------------------------------------------------------- product flags


@dataclass(frozen=True)
class ProductFlags:
    """What we know about the IKM's product; decides conditional requirements.

    baby_clothes: fabric or clothing for babies up to 36 months (SNI 7617 is mandatory).
    sni_wajib_product: the product is on another mandatory-SNI list (Permenperin); for food
        this also excludes SPP-IRT, so BPOM MD is needed.
    animal_material: made from or containing animal-derived material (halal for sandang).
    home_industry: produced in the owner's home, or a shop-house the owner lives in (IRTP);
        False = a separate production site.
    automatic_equipment: automatic (not manual or semi-automatic) production equipment.
    heat_treated: UHT or pasteurised product.
    frozen: frozen food.
    chilled: food that needs chilled storage or distribution ("penanganan khusus").
    claims: the label carries a claim (nutrition, health, ...).
    special_dietary: food for special dietary uses (PKGK), e.g. complementary baby food.
    alcoholic: an alcoholic drink.
    ready_to_eat: ready-to-eat food packed in front of the buyer (no izin edar; Dinas
        Kesehatan's hygiene certificate, SLHS, applies instead).
    shelf_life_days: shelf life at room temperature in days; None = not known (treated as
        7 days or more, as for a packaged product made for export). Under 7 days: no izin edar.
    umk: a micro or small business (usaha mikro atau kecil).
    """

    baby_clothes: bool = False
    sni_wajib_product: bool = False
    animal_material: bool = False
    home_industry: bool = True
    automatic_equipment: bool = False
    heat_treated: bool = False
    frozen: bool = False
    chilled: bool = False
    claims: bool = False
    special_dietary: bool = False
    alcoholic: bool = False
    ready_to_eat: bool = False
    shelf_life_days: int | None = None
    umk: bool = True

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in _INT_FLAGS:
                if value is not None and (type(value) is not int or value < 0):
                    raise StandardsError(
                        f"'{f.name}' harus bilangan bulat >= 0 (atau None): {value!r}"
                    )
            elif type(value) is not bool:
                raise StandardsError(f"'{f.name}' harus True atau False: {value!r}")

    @classmethod
    def from_kwargs(cls, values: Mapping[str, Any]) -> ProductFlags:
        """Build from keyword values (English or the Indonesian names of
        :data:`FLAG_NAMES_ID`), naming any unknown flag in the error.

        >>> ProductFlags.from_kwargs({"beku": True, "produksi_rumahan": True}).frozen
        True
        """
        known = [f.name for f in fields(cls)]
        english = {FLAG_NAMES_ID.get(k, k): v for k, v in values.items()}
        unknown = sorted(k for k in values if FLAG_NAMES_ID.get(k, k) not in known)
        if unknown or len(english) < len(values):
            raise StandardsError(
                f"tanda produk tidak dikenal atau ganda: {', '.join(repr(u) for u in unknown)}"
                f"; pilihan: {', '.join(FLAG_NAMES_ID)}"
            )
        return cls(**english)


FLAG_NAMES_ID: dict[str, str] = {
    "pakaian_bayi": "baby_clothes",
    "wajib_sni": "sni_wajib_product",
    "bahan_hewani": "animal_material",
    "produksi_rumahan": "home_industry",
    "mesin_otomatis": "automatic_equipment",
    "pasteurisasi_uht": "heat_treated",
    "beku": "frozen",
    "dingin": "chilled",
    "berklaim": "claims",
    "gizi_khusus": "special_dietary",
    "beralkohol": "alcoholic",
    "siap_saji": "ready_to_eat",
    "masa_simpan_hari": "shelf_life_days",
    "usaha_mikro_kecil": "umk",
}
"""Indonesian keyword names for the product flags, so a lesson writes
``food_permit(beku=True)`` instead of guessing ``frozen``."""


_INT_FLAGS = frozenset({"shelf_life_days"})
_FLAG_NAMES = tuple(f.name for f in fields(ProductFlags))
_BOOL_RE = re.compile(r"^(not\s+)?([a-z_]+)$")
_CMP_RE = re.compile(r"^([a-z_]+)\s*(<=|>=|==|<|>)\s*([0-9]+)$")
_OPS: dict[str, Callable[[int, int], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
}


@functools.lru_cache(maxsize=256)
def _predicate(text: str) -> Callable[[ProductFlags], bool]:
    """Compile ``"flag"``, ``"not flag"`` or ``"int_flag <op> N"``; raise ValueError if bad.

    A comparison on an unknown (None) value is False.
    """
    text = text.strip()
    m = _BOOL_RE.match(text)
    if m and m.group(2) in _FLAG_NAMES and m.group(2) not in _INT_FLAGS:
        name, negate = m.group(2), bool(m.group(1))
        return lambda flags: bool(getattr(flags, name)) != negate
    m = _CMP_RE.match(text)
    if m and m.group(1) in _INT_FLAGS:
        name, op, bound = m.group(1), _OPS[m.group(2)], int(m.group(3))

        def compare(flags: ProductFlags) -> bool:
            value = getattr(flags, name)
            return value is not None and op(value, bound)

        return compare
    raise ValueError(text)


# --------------------------------------------------------------------------- data objects


@dataclass(frozen=True)
class SectorStatus:
    """How a certificate applies to one sector.

    ``level`` is one of :data:`LEVELS`; ``condition`` explains it in Indonesian. The optional
    predicates decide, for "wajib-bersyarat", whether it is mandatory for a product, and for
    "sukarela", whether it is worth recommending. ``otherwise`` ("sukarela"/"tidak-perlu") says
    what a "wajib-bersyarat" certificate becomes when its condition does not hold.
    ``priority`` (1 first .. 9 last) orders voluntary steps in a roadmap for this sector.
    """

    sector: str
    level: str
    condition: str
    when_all: tuple[str, ...] = ()
    when_any: tuple[str, ...] = ()
    unless_any: tuple[str, ...] = ()
    otherwise: str | None = None
    otherwise_note: str = ""
    priority: int = 5

    def holds(self, flags: ProductFlags) -> bool:
        """Whether the product condition of this status holds for ``flags``."""
        if any(_predicate(p)(flags) for p in self.unless_any):
            return False
        if not all(_predicate(p)(flags) for p in self.when_all):
            return False
        return not self.when_any or any(_predicate(p)(flags) for p in self.when_any)


@dataclass(frozen=True)
class Certification:
    """One certificate or licence of the catalogue (all texts in Indonesian)."""

    id: str
    name: str
    purpose: str
    issuer: str
    office: str
    legal_basis: str
    source: str
    module: str
    markets: tuple[str, ...]
    benefit: str
    prerequisites: tuple[str, ...] = ()
    statuses: tuple[SectorStatus, ...] = ()
    duration_days: int | None = None
    duration_note: str = ""
    cost_idr_min: int | None = None
    cost_idr_max: int | None = None
    cost_note: str = ""
    validity: str = ""
    confidence: str = "H"

    @property
    def sectors(self) -> tuple[str, ...]:
        """Sectors the certificate applies to."""
        return tuple(s.sector for s in self.statuses)

    def status(self, sector: str) -> SectorStatus | None:
        """The status for ``sector``, or None when it does not apply there."""
        for s in self.statuses:
            if s.sector == sector:
                return s
        return None

    def helps(self, market: str) -> bool:
        """Whether the certificate helps with ``market`` (one of :data:`MARKETS`)."""
        return _ALL_MARKETS in self.markets or _market(market) in self.markets

    @property
    def duration_text(self) -> str:
        """Typical duration in Indonesian, or "belum ada data"."""
        if self.duration_days is not None:
            text = f"{self.duration_days} hari kerja"
        elif self.duration_note:
            text = self.duration_note
        else:
            return "belum ada data"
        return text + _confidence_note(self.confidence)

    @property
    def cost_text(self) -> str:
        """Typical cost in Indonesian (rupiah), or "belum ada data"."""
        lo, hi = self.cost_idr_min, self.cost_idr_max
        if lo is None or hi is None:
            if not self.cost_note:
                return "belum ada data"
            text = self.cost_note
        else:
            if hi == 0:
                text = "gratis"
            elif lo == hi:
                text = _rupiah(lo)
            else:
                text = f"{_rupiah(lo)}–{_rupiah(hi)}"
            if self.cost_note:
                text += f" ({self.cost_note})"
        return text + _confidence_note(self.confidence)


@dataclass(frozen=True)
class Requirement:
    """A certificate that one IKM must have (``mandatory``) or is advised to get."""

    certification: Certification
    mandatory: bool
    level: str
    reason: str

    @property
    def cert_id(self) -> str:
        """Shortcut for ``certification.id``."""
        return self.certification.id


@dataclass(frozen=True)
class RoadmapStep:
    """One step of a certification roadmap (texts in Indonesian)."""

    order: int
    certification: Certification
    mandatory: bool
    reason: str
    office: str
    duration: str
    cost: str
    module: str

    @property
    def cert_id(self) -> str:
        """Shortcut for ``certification.id``."""
        return self.certification.id


@dataclass(frozen=True)
class Catalogue:
    """The validated certification catalogue, in file order."""

    certifications: tuple[Certification, ...]
    path: str = ""
    title: str = ""

    def __iter__(self) -> Iterator[Certification]:
        return iter(self.certifications)

    def __len__(self) -> int:
        return len(self.certifications)

    def __contains__(self, cert_id: object) -> bool:
        return any(c.id == cert_id for c in self.certifications)

    @property
    def ids(self) -> tuple[str, ...]:
        """Certificate ids in file order."""
        return tuple(c.id for c in self.certifications)

    def get(self, cert_id: str) -> Certification:
        """The certificate with id ``cert_id``; StandardsError if unknown."""
        for c in self.certifications:
            if c.id == cert_id:
                return c
        raise StandardsError(
            f"'cert_id' tidak ada di katalog: {cert_id!r}; pilihan: {', '.join(self.ids)}"
        )


# --------------------------------------------------------------------------- loading


_REQUIRED_TEXT = ("name", "purpose", "issuer", "office", "legal_basis", "source", "benefit")
_TOP_KEYS = frozenset({"schema", "title"})
_PREDICATE_KEYS = ("when_all", "when_any", "unless_any")


def _default_path() -> Path:
    return Path(str(resources.files("ikmkit") / "data" / "certifications.toml"))


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read and validate a certification catalogue (default: the one shipped with ikmkit).

    Raises :class:`StandardsError` naming the file, the entry, the field and the bad value.
    """
    file = Path(path) if path is not None else _default_path()
    return _build(read_toml(file, StandardsError), str(file))


def _build(raw: dict[str, Any], where: str) -> Catalogue:
    top = Fields(raw, file=where, entry="katalog", error=StandardsError)
    schema = top.raw("schema", 1)
    if schema != 1:
        raise top.fail("schema", "harus 1", schema)
    title = _optional_text(top, "title")
    certs: list[Certification] = []
    for cert_id in [k for k in raw if k not in _TOP_KEYS]:
        entry = top.raw(cert_id)
        if not _ID_RE.match(cert_id):
            raise top.fail(cert_id, "id harus huruf kecil, angka dan garis bawah", cert_id)
        certs.append(_build_cert(Fields(entry, file=where, entry=cert_id, error=StandardsError)))
    if not certs:
        raise StandardsError(f"{where}: tidak berisi satu sertifikat pun")
    _check_prerequisites(certs, where)
    return Catalogue(certifications=tuple(certs), path=where, title=title)


def _check_prerequisites(certs: list[Certification], where: str) -> None:
    known = {c.id for c in certs}
    for c in certs:
        for p in c.prerequisites:
            rule = ("tidak boleh berisi dirinya sendiri" if p == c.id else
                    "berisi sertifikat yang tidak ada" if p not in known else "")
            if rule:
                raise StandardsError(f"{where}: {c.id}: 'prerequisites' {rule}: {p!r}",
                                     field="prerequisites", rule=rule, value=p)
    cycle = _find_cycle({c.id: c.prerequisites for c in certs})
    if cycle:
        raise StandardsError(f"{where}: {cycle[0]}: 'prerequisites' membentuk lingkaran "
                             f"prasyarat: {' -> '.join(cycle)!r}")


def _optional_text(f: Fields, key: str) -> str:
    value = f.raw(key, "")
    if not isinstance(value, str):
        raise f.fail(key, "harus teks", value)
    return value.strip()


def _costs(f: Fields) -> tuple[int | None, int | None]:
    lo = f.number("cost_idr_min", None, minimum=0, integer=True)
    hi = f.number("cost_idr_max", None, minimum=0, integer=True)
    if (lo is None) != (hi is None):
        raise f.fail("cost_idr_max", "harus diisi bersama cost_idr_min", hi)
    if lo is not None and hi is not None and lo > hi:
        raise f.fail("cost_idr_min", f"tidak boleh lebih dari cost_idr_max ({hi})", lo)
    return lo, hi


def _build_cert(f: Fields) -> Certification:
    texts = {key: f.text(key).strip() for key in _REQUIRED_TEXT}
    texts |= {key: _optional_text(f, key) for key in ("duration_note", "cost_note", "validity")}
    module = f.text("module")
    if not _MODULE_RE.match(module):
        raise f.fail("module", "harus kunci modul seperti '01' (atau '01-standardisasi')", module)
    markets = f.texts("markets", options=[_ALL_MARKETS, *MARKETS])
    prerequisites = f.texts("prerequisites", (), nonempty=False)
    lo, hi = _costs(f)
    statuses = f.table("status")
    if not statuses:
        raise f.fail("status", "wajib berisi status minimal satu sektor", statuses)
    cert = Certification(
        id=f.entry,
        module=module,
        markets=tuple(markets),
        prerequisites=tuple(prerequisites),
        statuses=tuple(_build_status(f, sector, value) for sector, value in statuses.items()),
        duration_days=f.number("duration_days", None, minimum=0, integer=True),
        cost_idr_min=lo,
        cost_idr_max=hi,
        confidence=f.text("confidence", "H", options=_CONFIDENCE),
        **texts,
    )
    f.done()
    return cert


def _predicates(s: Fields) -> dict[str, tuple[str, ...]]:
    """when_all / when_any / unless_any: product flags the status depends on."""
    preds: dict[str, tuple[str, ...]] = {}
    for key in _PREDICATE_KEYS:
        items = s.texts(key, (), nonempty=False)
        for item in items:
            try:
                _predicate(item)
            except ValueError:
                raise s.fail(key, f"syarat tidak dikenal (tanda yang ada: "
                                  f"{', '.join(_FLAG_NAMES)})", item) from None
        preds[key] = tuple(items)
    return preds


def _check_notes(s: Fields, condition: str, note: object) -> None:
    """The status texts cite only rules of the regulations register."""
    for key, value in (("condition", condition), ("otherwise_note", note)):
        if isinstance(value, str):
            try:
                regulations.check_references(value)
            except regulations.RegulationError as exc:
                raise s.fail(key, f"menyebut register peraturan: {exc}", value) from None


def _check_otherwise(s: Fields, level: str, preds: dict[str, tuple[str, ...]],
                     otherwise: object, note: object) -> None:
    """'wajib' has no condition; 'wajib-bersyarat' has one and says what holds otherwise."""
    if level == "wajib" and (any(preds.values()) or otherwise is not None):
        raise s.fail("level", "level 'wajib' tidak boleh punya syarat atau 'otherwise'", level)
    if level != "wajib-bersyarat":
        if otherwise is not None:
            raise s.fail("otherwise", "hanya untuk level 'wajib-bersyarat'", otherwise)
        return
    if not (preds["when_all"] or preds["when_any"]):
        raise s.fail("when_all", "wajib-bersyarat butuh when_all atau when_any", [])
    if otherwise not in _OTHERWISE:
        raise s.fail("otherwise", "harus 'sukarela' atau 'tidak-perlu'", otherwise)
    if otherwise == "sukarela" and not (isinstance(note, str) and note.strip()):
        raise s.fail("otherwise_note", "wajib diisi bila otherwise = 'sukarela'", note)


def _build_status(f: Fields, sector: str, raw: object) -> SectorStatus:
    if sector not in SECTORS:
        raise f.fail("status", f"sektor harus salah satu dari {', '.join(SECTORS)}", sector)
    s = Fields(raw, file=f.file, entry=f"{f.entry}.status.{sector}", error=StandardsError)
    level = s.text("level", options=LEVELS)
    condition = s.text("condition").strip()
    note = s.raw("otherwise_note", "")
    _check_notes(s, condition, note)
    preds = _predicates(s)
    otherwise = s.raw("otherwise", None)
    _check_otherwise(s, level, preds, otherwise, note)
    if not isinstance(note, str):
        raise s.fail("otherwise_note", "harus teks", note)
    status = SectorStatus(
        sector=sector,
        level=level,
        condition=condition,
        when_all=preds["when_all"],
        when_any=preds["when_any"],
        unless_any=preds["unless_any"],
        otherwise=otherwise,
        otherwise_note=note.strip(),
        priority=s.number("priority", 5, minimum=1, maximum=9, integer=True),
    )
    s.done()
    return status


def _find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A prerequisite cycle as a path ``[a, b, ..., a]``, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in graph:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


@functools.lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The shipped catalogue, loaded and validated once."""
    return load_catalogue()


def _resolve(cat: Catalogue | None) -> Catalogue:
    return cat if cat is not None else catalogue()


def get(cert_id: str) -> Certification:
    """One certificate of the shipped catalogue by id (e.g. ``"halal"``)."""
    return catalogue().get(cert_id)


# --------------------------------------------------------------------------- requirements


def _sector(sector: str) -> str:
    if sector not in SECTORS:
        raise StandardsError(f"'sector' harus salah satu dari {', '.join(SECTORS)}: {sector!r}")
    return sector


def _market(market: str) -> str:
    if isinstance(market, str):
        for m in MARKETS:
            if m.casefold() == market.strip().casefold():
                return m
    raise StandardsError(f"'target_market' harus salah satu dari {', '.join(MARKETS)}: {market!r}")


def _split(
    sector: str, flags: ProductFlags, cat: Catalogue | None, today: dt.date | None = None
) -> tuple[list[Requirement], list[Requirement]]:
    """(mandatory, recommended) requirements for one sector and product, in catalogue order.

    Reasons are rendered with :func:`ikmkit.regulations.render` on ``today`` (default: today).
    """
    sector = _sector(sector)
    mandatory: list[Requirement] = []
    recommended: list[Requirement] = []

    def text(value: str) -> str:
        return regulations.render(value, today=today)

    for cert in _resolve(cat):
        status = cert.status(sector)
        if status is None:
            continue
        if status.level == "wajib":
            mandatory.append(Requirement(cert, True, status.level, text(status.condition)))
        elif status.level == "wajib-bersyarat":
            if status.holds(flags):
                mandatory.append(Requirement(cert, True, status.level, text(status.condition)))
            elif status.otherwise == "sukarela":
                recommended.append(
                    Requirement(cert, False, "sukarela", text(status.otherwise_note))
                )
        elif status.holds(flags):
            recommended.append(Requirement(cert, False, status.level, text(status.condition)))
    return mandatory, recommended


def required_certifications(
    sector: str,
    *,
    catalogue: Catalogue | None = None,
    today: dt.date | None = None,
    **product_flags: Any,
) -> list[Requirement]:
    """Certificates and licences an IKM of ``sector`` must hold for its product.

    The keyword flags describe the product: the fields of :class:`ProductFlags` (e.g.
    ``baby_clothes=True``), or their Indonesian names (:data:`FLAG_NAMES_ID`). Each
    :class:`Requirement` carries the Indonesian reason, computed on ``today`` (default:
    today) where it names a deadline; order is catalogue order.

    >>> [r.cert_id for r in required_certifications("makanan-minuman", shelf_life_days=3)]
    ['nib', 'halal']
    >>> halal = required_certifications("makanan-minuman", today=dt.date(2026, 12, 3))[1]
    >>> "usaha mikro dan kecil (PP 42/2024) sudah berlaku sejak 18 Oktober 2026" in halal.reason
    True
    """
    flags = ProductFlags.from_kwargs(product_flags)
    return _split(sector, flags, catalogue, today)[0]


def recommended_certifications(
    sector: str,
    *,
    market: str | None = None,
    catalogue: Catalogue | None = None,
    today: dt.date | None = None,
    **product_flags: Any,
) -> list[Requirement]:
    """Voluntary certificates worth getting for ``sector`` (optionally only those that help
    ``market``, one of :data:`MARKETS`); never includes a mandatory one.

    >>> "batikmark" in [r.cert_id for r in recommended_certifications("batik")]
    True
    """
    flags = ProductFlags.from_kwargs(product_flags)
    recommended = _split(sector, flags, catalogue, today)[1]
    if market is None:
        return recommended
    market = _market(market)
    return [r for r in recommended if r.certification.helps(market)]


# --------------------------------------------------------------------------- roadmap


def roadmap(
    sector: str,
    *,
    held: Iterable[str] = (),
    target_market: str | None = "ASEAN",
    catalogue: Catalogue | None = None,
    today: dt.date | None = None,
    **product_flags: Any,
) -> list[RoadmapStep]:
    """An ordered certification plan for one IKM.

    Steps: every mandatory certificate, plus voluntary ones that help ``target_market``
    (None = any market), plus any prerequisite they need; certificates in ``held`` are
    skipped (and count as met prerequisites). Order: prerequisites first (topological
    order); among the steps ready at a time, mandatory ones (and prerequisites of mandatory
    ones) before voluntary ones; voluntary ones by the sector's ``priority`` in the catalogue
    (what a small IKM usually needs first: trademark, batikmark, HACCP, barcode, tests; ISO
    management systems and voluntary SPPT-SNI last), then the shortest known duration first,
    then catalogue order.
    ``product_flags`` are the keyword flags of :class:`ProductFlags`.

    >>> steps = roadmap("makanan-minuman", held=["nib"], target_market="domestik")
    >>> [(s.cert_id, s.mandatory) for s in steps][:3]
    [('halal', True), ('pirt', True), ('merek', False)]

    A prerequisite of a mandatory certificate comes first and is itself urgent: SPPT-SNI needs
    at least a trademark filing (LSPros ask for it).

    >>> [(s.cert_id, s.mandatory) for s in roadmap("konveksi", held=["nib"], baby_clothes=True)][:2]
    [('merek', True), ('sppt_sni', True)]
    """
    cat = _resolve(catalogue)
    flags = ProductFlags.from_kwargs(product_flags)
    market = None if target_market is None else _market(target_market)
    held_ids = _held(held, cat)
    mandatory, recommended = _split(sector, flags, cat, today)
    chosen: dict[str, Requirement | None] = {
        req.cert_id: req for req in [*mandatory, *recommended]
        if req.cert_id not in held_ids
        and (req.mandatory or market is None or req.certification.helps(market))}
    needed_by = _add_prerequisites(chosen, held_ids, cat)
    urgent = _urgent(chosen, cat)
    index = {cid: i for i, cid in enumerate(cat.ids)}

    def key(cid: str) -> tuple[int, int, float, int]:
        cert = cat.get(cid)
        days = cert.duration_days
        status = cert.status(sector)
        priority = 0 if cid in urgent or status is None else status.priority
        return (0 if cid in urgent else 1, priority, math.inf if days is None else days,
                index[cid])

    return [
        RoadmapStep(
            order=n, certification=cat.get(cid), mandatory=cid in urgent,
            reason=_reason(chosen[cid], [cat.get(x).name for x in needed_by.get(cid, [])]),
            office=cat.get(cid).office, duration=cat.get(cid).duration_text,
            cost=cat.get(cid).cost_text, module=cat.get(cid).module)
        for n, cid in enumerate(_in_order(chosen, cat, key), start=1)
    ]


def _held(held: Iterable[str], cat: Catalogue) -> set[str]:
    """The certificates an IKM already holds, each checked against the catalogue."""
    if isinstance(held, str):
        held = [held]
    held_ids = set()
    for cert_id in held:
        if cert_id not in cat:
            raise StandardsError(
                f"'held' berisi sertifikat yang tidak dikenal: {cert_id!r}; "
                f"pilihan: {', '.join(cat.ids)}"
            )
        held_ids.add(cert_id)
    return held_ids


def _add_prerequisites(chosen: dict[str, Requirement | None], held_ids: set[str],
                       cat: Catalogue) -> dict[str, list[str]]:
    """Add every prerequisite not held to *chosen* (as None); which step needs which."""
    needed_by: dict[str, list[str]] = {}
    stack = list(chosen)
    while stack:
        cert_id = stack.pop()
        for pre in cat.get(cert_id).prerequisites:
            if pre in held_ids:
                continue
            needed_by.setdefault(pre, []).append(cert_id)
            if pre not in chosen:
                chosen[pre] = None
                stack.append(pre)
    return needed_by


def _urgent(chosen: dict[str, Requirement | None], cat: Catalogue) -> set[str]:
    """Mandatory steps and, transitively, the prerequisites they need."""
    urgent = {cid for cid, req in chosen.items() if req is not None and req.mandatory}
    stack = list(urgent)
    while stack:
        for pre in cat.get(stack.pop()).prerequisites:
            if pre in chosen and pre not in urgent:
                urgent.add(pre)
                stack.append(pre)
    return urgent


def _in_order(chosen: dict[str, Requirement | None], cat: Catalogue,
              key: Callable[[str], tuple[int, int, float, int]]) -> list[str]:
    """Topological order of *chosen* (prerequisites first), ties broken by *key*."""
    waiting = {cid: {p for p in cat.get(cid).prerequisites if p in chosen} for cid in chosen}
    ready = [(key(cid), cid) for cid, pres in waiting.items() if not pres]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, cid = heapq.heappop(ready)
        order.append(cid)
        for other, pres in waiting.items():
            if cid in pres:
                pres.discard(cid)
                if not pres:
                    heapq.heappush(ready, (key(other), other))
    return order


def _reason(req: Requirement | None, needed_by: list[str]) -> str:
    parts = []
    if req is not None:
        parts.append(req.reason)
    if needed_by:
        parts.append("Prasyarat untuk: " + ", ".join(sorted(set(needed_by))) + ".")
    return " ".join(parts)


_TABLE_COLUMNS = (
    "Urutan",
    "Sertifikat",
    "Status",
    "Alasan",
    "Tempat mengurus",
    "Perkiraan waktu",
    "Perkiraan biaya",
    "Modul",
)


def roadmap_table(
    sector: str,
    *,
    held: Iterable[str] = (),
    target_market: str | None = "ASEAN",
    catalogue: Catalogue | None = None,
    today: dt.date | None = None,
    **product_flags: Any,
) -> pd.DataFrame:
    """:func:`roadmap` as a pandas DataFrame with Indonesian column names, for notebooks.

    The "Modul" column shows the module name from ``ikmkit.vocab.MODULES``.

    >>> roadmap_table("konveksi", held=["nib", "merek"], baby_clothes=True).iloc[0]["Sertifikat"]
    'SPPT-SNI (Sertifikat Produk Penggunaan Tanda SNI)'
    """
    import pandas as pd

    steps = roadmap(
        sector,
        held=held,
        target_market=target_market,
        catalogue=catalogue,
        today=today,
        **product_flags,
    )
    rows = [
        (
            s.order,
            s.certification.name,
            "Wajib" if s.mandatory else "Sukarela",
            s.reason,
            s.office,
            s.duration,
            s.cost,
            MODULES.get(s.module, s.module),
        )
        for s in steps
    ]
    return pd.DataFrame(rows, columns=list(_TABLE_COLUMNS)).set_index("Urutan")


def food_permit(**product_flags: Any) -> str:
    """The food marketing authorisation a product needs: ``"PIRT"``, ``"BPOM MD"`` or
    ``"tanpa izin edar"`` (:func:`required_certifications` for makanan-minuman).

    Flags by their Indonesian names (:data:`FLAG_NAMES_ID`) or English ones.

    >>> food_permit()
    'PIRT'
    >>> food_permit(beku=True), food_permit(produksi_rumahan=False), food_permit(masa_simpan_hari=3)
    ('BPOM MD', 'BPOM MD', 'tanpa izin edar')
    """
    flags = ProductFlags.from_kwargs(product_flags)
    ids = {r.cert_id for r in _split("makanan-minuman", flags, None, None)[0]}
    if "bpom_md" in ids:
        return "BPOM MD"
    if "pirt" in ids:
        return "PIRT"
    return "tanpa izin edar"


def gtin_numbers(company: str, variants: Iterable[str], first_item: int = 1) -> pd.DataFrame:
    """One GTIN-13 per variant: ``899`` + company number + item number + check digit.

    The item numbers count up from *first_item*, padded so the first 12 digits are complete.

    >>> gtin_numbers("5522", ["original 100 g", "balado 100 g"])["GTIN-13"].tolist()
    ['8995522000015', '8995522000022']
    """
    import pandas as pd

    prefix = "899" + _digits(company, "company")
    width = 12 - len(prefix)
    if width < 1:
        raise StandardsError(f"'company' terlalu panjang untuk GTIN-13: {company!r}")
    rows = []
    for k, variant in enumerate(variants):
        item = first_item + k
        if not 0 <= item < 10**width:
            raise StandardsError(f"nomor barang {item} tidak muat dalam {width} digit")
        body = prefix + str(item).zfill(width)
        rows.append((str(variant), body + gtin_check_digit(body)))
    return pd.DataFrame(rows, columns=["Varian", "GTIN-13"]).set_index(
        pd.RangeIndex(1, len(rows) + 1))


def catalogue_table(catalogue: Catalogue | None = None) -> pd.DataFrame:
    """The catalogue for people: name, issuer, legal basis.

    >>> catalogue_table().columns.tolist()
    ['Sertifikat/izin', 'Penerbit', 'Dasar hukum']
    """
    import pandas as pd

    rows = [(c.name, c.issuer, c.legal_basis) for c in _resolve(catalogue)]
    return pd.DataFrame(rows, columns=["Sertifikat/izin", "Penerbit", "Dasar hukum"]).set_index(
        pd.RangeIndex(1, len(rows) + 1))


def status_table(catalogue: Catalogue | None = None) -> pd.DataFrame:
    """Each certificate's status per sector ("wajib", "wajib-bersyarat", "sukarela", "-").

    >>> status_table().loc["NIB (Nomor Induk Berusaha)", "batik"]
    'wajib'
    """
    import pandas as pd

    cat = _resolve(catalogue)
    data = {s: {c.name: (st.level if (st := c.status(s)) else "-") for c in cat}
            for s in SECTORS}
    return pd.DataFrame(data)


SNI_7617_LIMITS: dict[str, float] = {
    "formaldehida": 20.0,
    "kadmium": 0.1,
    "tembaga": 25.0,
    "timbal": 0.2,
    "nikel": 1.0,
}
"""SNI 7617:2013 limits for baby-clothes fabric, mg/kg: formaldehyde must be "not detected"
(below 20 mg/kg by SNI ISO 14184-1); extractable metals at most these values
(lsprointertek.com; standarku.com; curriculum 01.1)."""

_SNI_7617_NAMES = {"formaldehida": "formaldehida", "kadmium": "kadmium (Cd)",
                   "tembaga": "tembaga (Cu)", "timbal": "timbal (Pb)", "nikel": "nikel (Ni)"}


def sni_7617_report(*, azo_terlarang: bool = False, **results_mg_per_kg: float) -> pd.DataFrame:
    """A laboratory result for baby-clothes fabric against SNI 7617:2013, one row per
    parameter (Indonesian names: formaldehida, kadmium, tembaga, timbal, nikel, in mg/kg)
    and a row for banned azo dyes; column "Memenuhi" is "ya" or "TIDAK".

    >>> r = sni_7617_report(formaldehida=0, kadmium=0.02, tembaga=3.1, timbal=0.35, nikel=0.4)
    >>> r.loc[r["Memenuhi"] == "TIDAK", "Parameter"].tolist()
    ['timbal (Pb)']
    """
    import pandas as pd

    unknown = sorted(set(results_mg_per_kg) - set(SNI_7617_LIMITS))
    missing = sorted(set(SNI_7617_LIMITS) - set(results_mg_per_kg))
    if unknown or missing:
        raise StandardsError(
            f"hasil uji harus berisi {', '.join(SNI_7617_LIMITS)}"
            + (f"; tidak dikenal: {', '.join(unknown)}" if unknown else "")
            + (f"; belum diisi: {', '.join(missing)}" if missing else ""))
    rows: list[tuple[str, float | str, str, str]] = []
    for key, limit in SNI_7617_LIMITS.items():
        value = results_mg_per_kg[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 \
                or not math.isfinite(value):
            raise StandardsError(f"'{key}' harus angka >= 0 (mg/kg): {value!r}")
        ok = value < limit if key == "formaldehida" else value <= limit
        shown = (f"< {limit:g} (tidak terdeteksi)" if key == "formaldehida"
                 else f"paling banyak {limit:g}")
        rows.append((_SNI_7617_NAMES[key], value, shown, "ya" if ok else "TIDAK"))
    if not isinstance(azo_terlarang, bool):
        raise StandardsError(f"'azo_terlarang' harus True atau False: {azo_terlarang!r}")
    rows.append(("zat warna azo terlarang", "terdeteksi" if azo_terlarang else "tidak terdeteksi",
                 "tidak boleh ada", "TIDAK" if azo_terlarang else "ya"))
    return pd.DataFrame(rows, columns=["Parameter", "Hasil (mg/kg)", "Batas SNI 7617",
                                       "Memenuhi"]).set_index(pd.RangeIndex(1, len(rows) + 1))


# --------------------------------------------------------------------------- texts


def _rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def _confidence_note(confidence: str) -> str:
    if confidence == "L":
        return " [data belum pasti, cek ulang]"
    if confidence == "M":
        return " [satu sumber sekunder]"
    return ""


# --------------------------------------------------------------------------- GTIN


def _digits(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise StandardsError(f"'{field}' harus teks (str) berisi angka: {value!r}")
    code = ean.compact(value)
    if not _DIGITS_RE.match(code):
        raise StandardsError(f"'{field}' hanya boleh berisi angka: {value!r}")
    return code


def gtin_check_digit(first12: str) -> str:
    """The GS1 check digit for a GTIN-13 without its last digit (12 digits).

    Also works for the bodies of GTIN-8 (7 digits), UPC-A (11) and GTIN-14 (13).
    Spaces and hyphens are ignored.

    >>> gtin_check_digit("899 5522 00001")
    '5'
    """
    body = _digits(first12, "first12")
    if len(body) not in (7, 11, 12, 13):
        raise StandardsError(
            f"'first12' harus 12 angka (GTIN-13 tanpa digit pemeriksa): {first12!r} "
            f"({len(body)} angka)"
        )
    return ean.calc_check_digit(body)


def validate_gtin(code: str) -> str:
    """Check a GTIN-8/12/13/14 and return it without spaces or hyphens.

    Raises :class:`StandardsError` with an Indonesian message.

    >>> validate_gtin("890-4000-21003-7")
    '8904000210037'
    """
    compact = _digits(code, "GTIN")
    try:
        return ean.validate(compact)
    except InvalidLength:
        raise StandardsError(
            f"GTIN harus 8, 12, 13 atau 14 angka: {code!r} ({len(compact)} angka)"
        ) from None
    except InvalidChecksum:
        expected = ean.calc_check_digit(compact[:-1])
        raise StandardsError(
            f"digit pemeriksa (check digit) GTIN salah: {code!r}; seharusnya {expected} "
            f"({compact[:-1]}{expected})"
        ) from None
    except (InvalidFormat, ValidationError):  # pragma: no cover - digits checked above
        raise StandardsError(f"GTIN tidak sah: {code!r}") from None


def is_valid_gtin(code: object) -> bool:
    """Whether ``code`` is a valid GTIN-8/12/13/14 (length and check digit).

    >>> is_valid_gtin("8904000210037"), is_valid_gtin("8904000210038"), is_valid_gtin(None)
    (True, False, False)
    """
    return isinstance(code, str) and ean.is_valid(code)


def is_indonesian_gs1(code: object) -> bool:
    """Whether ``code`` is a valid GTIN-13 (or GTIN-14) with the GS1 Indonesia prefix 899.

    >>> is_indonesian_gs1("8904000210037")
    False
    """
    if not isinstance(code, str) or not is_valid_gtin(code):
        return False
    compact = ean.compact(code)
    if len(compact) == 13:
        return compact.startswith("899")
    return len(compact) == 14 and compact[1:4] == "899"
