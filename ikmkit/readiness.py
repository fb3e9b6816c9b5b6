"""Export-readiness scoring for IKM on a transparent rubric.

The rubric is data (``ikmkit/data/rubric.toml``): eight dimensions with weights that sum
to 1, and indicators of three kinds, each with its source:

* ``bool``: a yes/no answer (``True`` is "ya");
* ``scale``: an integer from 0 to ``max`` (4 by default), higher is better;
* ``number``: a quantity compared with ``thresholds`` (the share of thresholds reached).

An indicator may apply to some sectors only (``halal`` to makanan-minuman, ``batikmark`` to
batik). A dimension score is the weighted mean of the indicators that apply, times 100; the
total is the weighted sum of dimension scores. The level follows from the total
(:data:`LEVELS`); a *blocker* answered "tidak" (no NIB; a mandatory SNI or food permit
missing) caps the level at the second one, whatever the rest says.

Some indicators have a *gate*, a yes/no question asked first so that no question asks two
things: "Apakah ada produk Anda yang termasuk SNI wajib?" (``produk_sni_wajib``) before
"sudah ber-SPPT-SNI?" (``sni_wajib``). A gate answered "tidak" means the indicator does not
apply and counts as met; a gate left out keeps the indicator's own answer (:func:`resolve_gates`).

>>> full = blank_answers("konveksi", best=True)
>>> score({**full, "sni_wajib": False}, sector="konveksi").level.name
'Rintisan ekspor'
>>> score({**full, "sni_wajib": None, "produk_sni_wajib": False}, sector="konveksi").level.name
'Siap ekspor'

>>> answers = example_answers(1, seed=3).iloc[0]
>>> result = score(answers.drop(["ikm_id", "nama_usaha", "kabupaten", "sector"]).to_dict(),
...                sector=answers["sector"])
>>> 0 <= result.total <= 100
True
>>> result.level in LEVELS
True

A whole cohort at once gives the same numbers, row by row:

>>> cohort = example_answers(200, seed=1)
>>> table = score_cohort(cohort)
>>> row = cohort.iloc[7]
>>> one = score(row.drop(["ikm_id", "nama_usaha", "kabupaten", "sector"]).to_dict(),
...             sector=row["sector"])
>>> float(table["total"].iloc[7]) == one.total, table["level"].iloc[7] == one.level.name
(True, True)

Bad answers raise :class:`AnswerError` (a :class:`ValueError`) naming the indicator and value:

>>> score({"punya_nib": "mungkin"}, sector="batik")
Traceback (most recent call last):
...
ikmkit.readiness.AnswerError: 'punya_nib' harus ya/tidak (True/False): 'mungkin'
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import numbers
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ikmkit._files import Fields, atomic_write_text, read_toml
from ikmkit._text import number as _num
from ikmkit.errors import IkmkitError
from ikmkit.vocab import MODULES, SECTORS

__all__ = [
    "LEVELS",
    "MODULES",
    "SECTORS",
    "AnswerError",
    "Dimension",
    "Gate",
    "Indicator",
    "Level",
    "Recommendation",
    "Result",
    "Rubric",
    "RubricError",
    "blank_answers",
    "blocker_table",
    "dimension_table",
    "example_answers",
    "level_for_total",
    "level_table",
    "load_profile",
    "load_rubric",
    "resolve_gates",
    "save_profile",
    "score",
    "score_cohort",
]

KINDS = ("bool", "scale", "number")


class AnswerError(IkmkitError):
    """An answer (or a cohort cell) is unknown, missing, of the wrong type or out of range."""


class RubricError(IkmkitError):
    """A rubric file is malformed; the message names the file, the field and the value."""


@dataclass(frozen=True)
class Level:
    """A readiness level: ``key`` for data, ``name`` (Indonesian) for people."""

    key: str
    name: str
    name_en: str
    min_total: float
    description: str

    def __str__(self) -> str:
        return self.name


LEVELS: tuple[Level, ...] = (
    Level("pra-ekspor", "Pra-ekspor", "Pre-export", 0.0,
          "Dasar usaha dan legalitas perlu dibenahi sebelum memikirkan ekspor."),
    Level("rintisan", "Rintisan ekspor", "Emerging exporter", 40.0,
          "Fondasi ada; sertifikasi, kemasan dan harga ekspor perlu dilengkapi."),
    Level("siap-didampingi", "Siap ekspor dengan pendampingan", "Export-ready with support", 60.0,
          "Bisa mulai ekspor dengan pendampingan (mis. lewat agregator atau pameran)."),
    Level("siap-ekspor", "Siap ekspor", "Export-ready", 80.0,
          "Siap menerima dan melayani pesanan ekspor secara mandiri."),
)
"""The four readiness levels, lowest first. Bands follow the ITC benchmarking idea of
fixed 0-100 bands; a blocker caps the level at ``LEVELS[1]``."""

_LEVEL_MINS = np.array([lv.min_total for lv in LEVELS])
_BLOCKER_CAP = 1


@dataclass(frozen=True)
class Dimension:
    """A rubric dimension with its weight in the total."""

    id: str
    name: str
    name_en: str
    weight: float


@dataclass(frozen=True)
class Gate:
    """A yes/no question asked before an indicator; "tidak" means the indicator is met.

    ``produk_sni_wajib`` ("Is any of your products under a mandatory SNI?") gates
    ``sni_wajib`` ("... certified?"): one idea per question.
    """

    id: str
    label: str
    label_en: str
    help: str

    def help_text(self, today: _dt.date | None = None) -> str:
        """The help with register tokens rendered for *today*."""
        return _render(self.help, today)


@dataclass(frozen=True)
class Indicator:
    """One question of the rubric."""

    id: str
    dimension: str
    kind: str
    label: str
    label_en: str
    source: str
    advice: str
    module: str
    sectors: tuple[str, ...] = SECTORS
    weight: float = 1.0
    blocker: bool = False
    help: str = ""
    max: int = 4
    thresholds: tuple[float, ...] = ()
    unit: str = ""
    gate: Gate | None = None
    lesson: str = ""
    basis: str = ""

    def applies_to(self, sector: str) -> bool:
        """Whether the indicator is asked of an IKM in ``sector``."""
        return sector in self.sectors

    def help_text(self, today: _dt.date | None = None) -> str:
        """The plain-language help with register tokens ({tenggat:...}) rendered for *today*.

        >>> "sudah berlaku" in load_rubric().indicator("halal").help_text(_dt.date(2027, 1, 1))
        True
        """
        return _render(self.help, today)

    @property
    def where_taught(self) -> str:
        """The module (and notebook) that teaches the recommended step, for people.

        >>> load_rubric().indicator("kapasitas_batik").where_taught
        'Modul 02 Kesiapan ekspor, notebook 02.1'
        """
        module = MODULES.get(self.module, self.module)
        return f"{module}, notebook {self.lesson}" if self.lesson else module


def _render(text: str, today: _dt.date | None) -> str:
    if "{" not in text:
        return text
    from ikmkit import regulations

    return regulations.render(text, today=today)


@dataclass(frozen=True)
class Rubric:
    """A validated rubric: dimensions, indicators and where it came from."""

    name: str
    source: str
    dimensions: tuple[Dimension, ...]
    indicators: tuple[Indicator, ...]
    path: str
    _by_id: dict[str, Indicator] = field(default_factory=dict, repr=False, compare=False)

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator called ``indicator_id``; :class:`AnswerError` if there is none."""
        try:
            return self._by_id[indicator_id]
        except KeyError:
            raise AnswerError(f"indikator tidak dikenal: {indicator_id!r}") from None

    def dimension(self, dimension_id: str) -> Dimension:
        """The dimension called ``dimension_id``."""
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        raise AnswerError(f"dimensi tidak dikenal: {dimension_id!r}")

    def for_sector(self, sector: str) -> tuple[Indicator, ...]:
        """The indicators asked of an IKM in ``sector``, in rubric order."""
        _check_sector(sector)
        return tuple(ind for ind in self.indicators if ind.applies_to(sector))

    @property
    def blockers(self) -> tuple[Indicator, ...]:
        """Indicators that cap the level when answered "tidak"."""
        return tuple(ind for ind in self.indicators if ind.blocker)

    @property
    def gates(self) -> dict[str, Indicator]:
        """Gate id -> the indicator it gates."""
        return {ind.gate.id: ind for ind in self.indicators if ind.gate is not None}


@dataclass(frozen=True)
class Recommendation:
    """A next step, with the points the total would gain if the gap were closed."""

    indicator: str
    label: str
    text: str
    gain_points: float
    module: str
    blocker: bool

    def __str__(self) -> str:
        prefix = "WAJIB DULU: " if self.blocker else ""
        module = MODULES.get(self.module, self.module)
        return f"{prefix}{self.text} ({module}; +{_num(self.gain_points, 1, trim=True)} poin)"


@dataclass(frozen=True)
class Result:
    """The readiness of one IKM."""

    sector: str
    total: float
    level: Level
    dimensions: dict[str, float]
    blockers: list[Indicator]
    recommendations: list[Recommendation]

    @property
    def uncapped_level(self) -> Level:
        """The level the total alone would give."""
        return level_for_total(self.total)

    def weakest(self, n: int = 1, rubric: Rubric | None = None) -> list[tuple[str, float]]:
        """The *n* lowest dimensions as (Indonesian name, score), lowest first.

        >>> r = score(blank_answers("batik", best=True) | {"pameran": False}, "batik")
        >>> r.weakest()
        [('Pasar & promosi', 83.3)]
        """
        rubric = rubric or load_rubric()
        names = {d.id: d.name for d in rubric.dimensions}
        order = sorted(self.dimensions, key=lambda d: (self.dimensions[d], list(names).index(d)))
        return [(names[d], self.dimensions[d]) for d in order[:n]]

    def summary(self) -> str:
        """A short Indonesian summary, one line per fact (numbers written the Indonesian way)."""
        lines = [f"Skor total: {_num(self.total, 1, trim=True)} dari 100",
                 f"Tingkat: {self.level.name}"]
        if self.blockers:
            names = "; ".join(ind.label for ind in self.blockers)
            lines.append(f"Penghambat utama (harus diselesaikan dulu): {names}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- rubric loading


def _default_rubric_path() -> Path:
    return Path(str(resources.files("ikmkit") / "data" / "rubric.toml"))


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Load and validate a rubric; the bundled default when ``path`` is None.

    >>> rubric = load_rubric()
    >>> len(rubric.dimensions), len(rubric.indicators) >= 30
    (8, True)
    >>> rubric.indicator("punya_nib").blocker
    True
    """
    if path is None:
        return _default_rubric()
    return _load_rubric_file(Path(path))


@lru_cache(maxsize=1)
def _default_rubric() -> Rubric:
    return _load_rubric_file(_default_rubric_path())


def _load_rubric_file(path: Path) -> Rubric:
    name = path.name
    top = Fields(read_toml(path, RubricError), file=name, entry="rubrik", error=RubricError)
    meta = top.table("meta", {})
    dimensions = [_dimension(Fields(d, file=name, entry=f"dimensions[{i}]", error=RubricError))
                  for i, d in enumerate(top.tables("dimensions"))]
    dim_ids = [d.id for d in dimensions]
    if len(set(dim_ids)) != len(dim_ids):
        raise RubricError(f"{name}: dimensions.id tidak boleh ganda: {dim_ids!r}")
    total_weight = sum(d.weight for d in dimensions)
    if not math.isclose(total_weight, 1.0, abs_tol=1e-6):
        raise RubricError(f"{name}: dimensions.weight harus berjumlah 1: "
                          f"{round(total_weight, 6)!r}")
    indicators: list[Indicator] = []
    seen: set[str] = set()
    for i, d in enumerate(top.tables("indicators")):
        ident = d.get("id") if isinstance(d, dict) else None
        entry = Fields(d, file=name, entry=f"indicators[{i}] ({ident})", error=RubricError)
        indicators.append(_indicator(entry, dim_ids, seen))
    top.done()
    _check_coverage(name, dimensions, indicators)
    return Rubric(
        name=str(meta.get("name", name)), source=str(meta.get("source", "")),
        dimensions=tuple(dimensions), indicators=tuple(indicators), path=str(path),
        _by_id={ind.id: ind for ind in indicators},
    )


def _dimension(f: Fields) -> Dimension:
    dim = Dimension(f.text("id"), f.text("name"), f.text("name_en"), f.number("weight", above=0))
    f.done()
    return dim


def _optional_text(f: Fields, key: str) -> str:
    value = f.raw(key, "")
    if not isinstance(value, str):
        raise f.fail(key, "harus berupa teks", value)
    return value


def _thresholds(f: Fields, kind: str) -> tuple[float, ...]:
    """The ascending thresholds of a number question (none for the other kinds)."""
    values = f.raw("thresholds", [])
    if kind == "number" and (
            not isinstance(values, list) or not values
            or any(isinstance(t, bool) or not isinstance(t, (int, float)) or t < 0
                   for t in values)
            or sorted(values) != values or len(set(values)) != len(values)):
        raise f.fail("thresholds", "harus daftar angka >= 0 yang naik tanpa ganda", values)
    return tuple(float(t) for t in values) if isinstance(values, list) else ()


def _lesson(f: Fields, module: str) -> str:
    lesson = _optional_text(f, "lesson")
    if lesson and not (re.fullmatch(r"\d\d\.\d+", lesson) and lesson[:2] == module):
        raise f.fail("lesson", f"harus nomor notebook modul {module}, mis. \"{module}.1\"",
                     lesson)
    return lesson


def _gate(f: Fields, kind: str, seen: set[str]) -> Gate | None:
    table = f.raw("gate", None)
    if table is None:
        return None
    if kind != "bool" or not isinstance(table, dict):
        raise f.fail("gate", "hanya tabel untuk indikator ya/tidak", table)
    g = Fields(table, file=f.file, entry=f"{f.entry}.gate", error=RubricError)
    gate = Gate(g.text("id", identifier=True), g.text("label"), g.text("label_en"),
                g.text("help"))
    g.done()
    if gate.id in seen:
        raise g.fail("id", "harus nama baru, bukan id lain di rubrik", gate.id)
    seen.add(gate.id)
    return gate


def _indicator(f: Fields, dim_ids: list[str], seen: set[str]) -> Indicator:
    """One [[indicators]] entry, checked; its id (and its gate's) added to *seen*."""
    ident = f.text("id", identifier=True)
    if ident in seen:
        raise f.fail("id", "tidak boleh ganda", ident)
    seen.add(ident)
    kind = f.text("kind", options=list(KINDS))
    blocker = f.boolean("blocker", False)
    if blocker and kind != "bool":
        raise f.fail("blocker", "hanya untuk indikator ya/tidak (kind = \"bool\")", kind)
    module = str(f.text("module"))
    ind = Indicator(
        id=ident, dimension=f.text("dimension", options=dim_ids), kind=kind,
        label=f.text("label"), label_en=f.text("label_en"), source=f.text("source"),
        advice=f.text("advice"), module=module,
        sectors=tuple(f.texts("sectors", list(SECTORS), options=list(SECTORS))),
        weight=float(f.number("weight", 1, above=0)), blocker=blocker,
        help=_optional_text(f, "help"),
        max=f.number("max", 4, minimum=1, integer=True) if kind == "scale" else 4,
        thresholds=_thresholds(f, kind), unit=_optional_text(f, "unit"),
        gate=_gate(f, kind, seen), lesson=_lesson(f, module), basis=_optional_text(f, "basis"),
    )
    f.done()
    return ind


def _check_coverage(name: str, dimensions: list[Dimension], indicators: list[Indicator]) -> None:
    """Gate ids are not indicator ids; every dimension asks something of every sector."""
    gate_ids = {ind.gate.id for ind in indicators if ind.gate is not None}
    clash = sorted(gate_ids & {ind.id for ind in indicators})
    if clash:
        raise RubricError(f"{name}: indicators.gate.id tidak boleh sama dengan id indikator: "
                          f"{clash[0]!r}")
    for dim in dimensions:
        for sector in SECTORS:
            if not any(ind.dimension == dim.id and ind.applies_to(sector) for ind in indicators):
                raise RubricError(f"{name}: dimensions ({dim.id}) tidak punya indikator untuk "
                                  f"sektor {sector}: {dim.id!r}")


# --------------------------------------------------------------------------- the kernel


@dataclass(frozen=True)
class _Plan:
    """Pre-computed weights: the scoring kernel shared by :func:`score` and the cohort."""

    rubric: Rubric
    # weight[s, j] = dimension weight x indicator weight share within its dimension, for
    # sector s, 0 where indicator j does not apply; dim_weight[s, j] the share in its dimension
    contrib: np.ndarray  # (sectors, indicators): points per unit of normalised answer
    share: np.ndarray  # (sectors, indicators): share of indicator within its dimension
    dim_index: np.ndarray  # (indicators,): index of the indicator's dimension


@lru_cache(maxsize=8)
def _plan(rubric: Rubric) -> _Plan:
    n_s, n_i = len(SECTORS), len(rubric.indicators)
    dim_pos = {d.id: k for k, d in enumerate(rubric.dimensions)}
    dim_index = np.array([dim_pos[ind.dimension] for ind in rubric.indicators])
    share = np.zeros((n_s, n_i))
    for s, sector in enumerate(SECTORS):
        for dim in rubric.dimensions:
            members = [j for j, ind in enumerate(rubric.indicators)
                       if ind.dimension == dim.id and ind.applies_to(sector)]
            total = sum(rubric.indicators[j].weight for j in members)
            for j in members:
                share[s, j] = rubric.indicators[j].weight / total
    dim_w = np.array([d.weight for d in rubric.dimensions])
    contrib = share * dim_w[dim_index][None, :] * 100.0
    return _Plan(rubric, contrib, share, dim_index)


def _normalise(values: np.ndarray, ind: Indicator) -> np.ndarray:
    """Map raw answers (float array, NaN allowed) to 0..1."""
    if ind.kind == "bool":
        return values
    if ind.kind == "scale":
        return values / ind.max
    reached = np.zeros(values.shape)
    for t in ind.thresholds:
        reached += values >= t
    return reached / len(ind.thresholds)


def _kernel(rubric: Rubric, column: Callable[[int], np.ndarray], sector_codes: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Score validated answers, one indicator column at a time.

    ``column(j)`` gives the raw answers to indicator ``j`` (rubric order) for every row as a
    float array, NaN where the indicator is not asked. Returns dimension scores (dims, rows,
    rounded to 0.1), totals (rounded to 0.1), level codes before the blocker cap, and which
    blockers each row has (rows, blockers in rubric order). The same loop, in the same order,
    scores one row or a million, so the arithmetic is identical.
    """
    plan = _plan(rubric)
    n_rows = len(sector_codes)
    dims = np.zeros((len(rubric.dimensions), n_rows))
    blocked = np.zeros((n_rows, len(rubric.blockers)), dtype=bool)
    b = 0
    for j, ind in enumerate(rubric.indicators):
        raw = column(j)
        norm = np.fmax(_normalise(raw, ind), 0.0)  # NaN (not asked) -> 0, in a new array
        dims[plan.dim_index[j]] += plan.share[:, j][sector_codes] * norm
        if ind.blocker:
            blocked[:, b] = (norm < 1) & ~np.isnan(raw)
            b += 1
    dims *= 100.0
    total = np.zeros(n_rows)
    for k, dim in enumerate(rubric.dimensions):
        total += dim.weight * dims[k]
    total = np.clip(np.round(total, 1), 0.0, 100.0)
    dims = np.clip(np.round(dims, 1), 0.0, 100.0)
    levels = np.searchsorted(_LEVEL_MINS, total, side="right") - 1
    return dims, total, levels, blocked


def level_for_total(total: float) -> Level:
    """The level a total gives on its own (without the blocker cap).

    >>> level_for_total(59.9).name, level_for_total(60).name
    ('Rintisan ekspor', 'Siap ekspor dengan pendampingan')
    """
    if not 0 <= total <= 100:
        raise AnswerError(f"'total' harus antara 0 dan 100: {total!r}")
    return LEVELS[int(np.searchsorted(_LEVEL_MINS, total, side="right") - 1)]


# --------------------------------------------------------------------------- one IKM


def _check_sector(sector: Any) -> int:
    try:
        return SECTORS.index(sector)
    except (ValueError, TypeError):
        raise AnswerError(
            f"'sector' harus salah satu dari {', '.join(SECTORS)}: {sector!r}") from None


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _validate_value(ind: Indicator, value: Any) -> float:
    """One answer as a float, or :class:`AnswerError` naming the indicator and value."""
    if ind.kind == "bool":
        if isinstance(value, (bool, np.bool_)):
            return float(value)
        raise AnswerError(f"{ind.id!r} harus ya/tidak (True/False): {value!r}")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        rule = f"bilangan bulat 0 sampai {ind.max}" if ind.kind == "scale" else "angka >= 0"
        raise AnswerError(f"{ind.id!r} harus {rule}: {value!r}")
    number = float(value)
    if ind.kind == "scale":
        if not number.is_integer() or not 0 <= number <= ind.max:
            raise AnswerError(f"{ind.id!r} harus bilangan bulat 0 sampai {ind.max}: {value!r}")
        return number
    if not math.isfinite(number) or number < 0:
        raise AnswerError(f"{ind.id!r} harus angka >= 0: {value!r}")
    return number


def resolve_gates(answers: Mapping[str, Any], rubric: Rubric | None = None
                  ) -> tuple[dict[str, Any], dict[str, bool]]:
    """Split gate answers off *answers* and apply them: (indicator answers, gate answers).

    A gate answered False (``"tidak"``) makes its indicator count as met (True), whatever
    the indicator's own answer was; a gate answered True, or left out (None), keeps it.

    >>> resolve_gates({"produk_sni_wajib": False, "sni_wajib": None, "punya_nib": True})
    ({'sni_wajib': True, 'punya_nib': True}, {'produk_sni_wajib': False})
    >>> resolve_gates({"produk_sni_wajib": "mungkin"})
    Traceback (most recent call last):
    ...
    ikmkit.readiness.AnswerError: 'produk_sni_wajib' harus ya/tidak (True/False): 'mungkin'
    """
    rubric = rubric or load_rubric()
    if not isinstance(answers, Mapping):
        raise AnswerError(f"'answers' harus berupa dict indikator -> jawaban: {answers!r}")
    gated = rubric.gates
    out: dict[str, Any] = {}
    gates: dict[str, bool] = {}
    for key, value in answers.items():
        if key in gated:
            if _is_missing(value):
                continue
            if not isinstance(value, (bool, np.bool_)):
                raise AnswerError(f"{key!r} harus ya/tidak (True/False): {value!r}")
            gates[key] = bool(value)
        else:
            out[key] = value
    for gate_id, applies in gates.items():
        if not applies:
            out[gated[gate_id].id] = True
    return out, gates


def blank_answers(sector: str, rubric: Rubric | None = None, *, best: bool = False
                  ) -> dict[str, Any]:
    """Every question of *sector* answered "tidak"/0 (or, with ``best``, at its best).

    A starting point for an example: change a few answers with ``.update(...)``.

    >>> blank = blank_answers("batik")
    >>> blank["punya_nib"], blank["sistem_mutu"], blank["kapasitas_batik"]
    (False, 0, 0)
    >>> score(blank_answers("batik", best=True), "batik").total
    100.0
    """
    rubric = rubric or load_rubric()
    out: dict[str, Any] = {}
    for ind in rubric.for_sector(sector):
        if ind.kind == "bool":
            out[ind.id] = best
        elif ind.kind == "scale":
            out[ind.id] = ind.max if best else 0
        else:
            out[ind.id] = int(ind.thresholds[-1]) if best else 0
    return out


def dimension_table(sector: str | None = None, rubric: Rubric | None = None) -> pd.DataFrame:
    """The dimensions with their weight and number of questions (for *sector*, or all).

    >>> table = dimension_table("batik")
    >>> table.loc[1, "Dimensi"], int(table.loc[1, "Jumlah pertanyaan"])
    ('Legalitas usaha', 4)
    """
    rubric = rubric or load_rubric()
    asked = rubric.for_sector(sector) if sector else rubric.indicators
    rows = [(d.name, round(d.weight * 100), sum(1 for i in asked if i.dimension == d.id))
            for d in rubric.dimensions]
    return pd.DataFrame(rows, columns=["Dimensi", "Bobot (%)", "Jumlah pertanyaan"]).set_index(
        pd.RangeIndex(1, len(rows) + 1))


def level_table() -> pd.DataFrame:
    """The four readiness levels: name, lowest total, meaning.

    >>> level_table()["Tingkat"].tolist()[-1]
    'Siap ekspor'
    """
    rows = [(lv.name, _num(lv.min_total), lv.description) for lv in LEVELS]
    return pd.DataFrame(rows, columns=["Tingkat", "Skor minimal", "Artinya"]).set_index(
        pd.RangeIndex(1, len(rows) + 1))


def blocker_table(rubric: Rubric | None = None) -> pd.DataFrame:
    """The blockers: the question, the sectors it is asked in, its source.

    >>> blocker_table()["Berlaku untuk"].tolist()
    ['semua sektor', 'makanan-minuman', 'semua sektor']
    """
    rubric = rubric or load_rubric()
    rows = [(ind.label, "semua sektor" if set(ind.sectors) == set(SECTORS)
             else ", ".join(ind.sectors), ind.source) for ind in rubric.blockers]
    return pd.DataFrame(rows, columns=["Penghambat", "Berlaku untuk", "Sumber"]).set_index(
        pd.RangeIndex(1, len(rows) + 1))


def score(answers: Mapping[str, Any], sector: str, rubric: Rubric | None = None) -> Result:
    """Score one IKM's self-assessment.

    ``answers`` maps indicator ids to answers; every indicator that applies to ``sector``
    must be answered. Answers to indicators of other sectors may be present (ignored) or None.

    >>> rubric = load_rubric()
    >>> full = {ind.id: (True if ind.kind == "bool" else
    ...                  ind.max if ind.kind == "scale" else ind.thresholds[-1])
    ...         for ind in rubric.for_sector("batik")}
    >>> r = score(full, sector="batik")
    >>> r.total, r.level.name, r.blockers, r.recommendations
    (100.0, 'Siap ekspor', [], [])
    >>> r = score({**full, "punya_nib": False}, sector="batik")
    >>> r.level.name, [b.id for b in r.blockers]
    ('Rintisan ekspor', ['punya_nib'])
    >>> print(r.recommendations[0])
    WAJIB DULU: Daftarkan NIB gratis lewat OSS ...
    """
    rubric = rubric or load_rubric()
    s = _check_sector(sector)
    answers, _gates = resolve_gates(answers, rubric)
    for key in answers:
        rubric.indicator(key)  # raises on unknown ids
    raw = np.full((len(rubric.indicators), 1), np.nan)
    for j, ind in enumerate(rubric.indicators):
        value = answers.get(ind.id)
        if _is_missing(value):
            if ind.applies_to(sector):
                raise AnswerError(f"jawaban untuk {ind.id!r} belum diisi: {value!r}")
            continue
        number = _validate_value(ind, value)
        if ind.applies_to(sector):
            raw[j, 0] = number
    dims, total, levels, blocked = _kernel(rubric, lambda j: raw[j], np.array([s]))
    plan = _plan(rubric)
    blockers = [ind for ind, hit in zip(rubric.blockers, blocked[0], strict=True) if hit]
    level_code = int(levels[0])
    if blockers:
        level_code = min(level_code, _BLOCKER_CAP)
    norm = [float(_normalise(raw[j], ind)[0]) for j, ind in enumerate(rubric.indicators)]
    recs = []
    for j, ind in enumerate(rubric.indicators):
        if not ind.applies_to(sector) or norm[j] >= 1:
            continue
        gain = round(float(plan.contrib[s, j] * (1 - norm[j])), 1)
        recs.append((not ind.blocker, -gain, j, Recommendation(
            indicator=ind.id, label=ind.label, text=ind.advice, gain_points=gain,
            module=ind.module, blocker=ind.blocker)))
    recs.sort(key=lambda t: t[:3])
    return Result(
        sector=sector,
        total=float(total[0]),
        level=LEVELS[level_code],
        dimensions={d.id: float(dims[k, 0]) for k, d in enumerate(rubric.dimensions)},
        blockers=blockers,
        recommendations=[r[3] for r in recs],
    )


# --------------------------------------------------------------------------- a cohort


def _raw_column(series: pd.Series, ind: Indicator) -> np.ndarray:
    """A column as floats (NaN = empty); object columns (mixed input) checked cell by cell."""
    if pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_numeric_dtype(series.dtype):
        return series.to_numpy(dtype=float, na_value=np.nan)
    values = np.full(len(series), np.nan)
    for pos, value in enumerate(series.tolist()):
        if _is_missing(value):
            continue
        try:
            values[pos] = _validate_value(ind, value)
        except AnswerError as exc:
            raise AnswerError(f"baris {series.index[pos]!r}, kolom {ind.id!r}: {exc}") from None
    return values


def _wrong_values(values: np.ndarray, ind: Indicator, dtype: Any) -> tuple[np.ndarray, str]:
    """Cells that break the indicator's kind (mask) and the rule they break."""
    present = ~np.isnan(values)
    is_bool = pd.api.types.is_bool_dtype(dtype)
    if ind.kind == "bool":
        wrong = np.zeros(len(values), dtype=bool) if is_bool else \
            present & (values != 0) & (values != 1)
        return wrong, "ya/tidak (True/False)"
    if is_bool:
        return present, "angka, bukan ya/tidak"
    if ind.kind == "scale":
        wrong = (values < 0) | (values > ind.max)  # NaN compares False
        if not pd.api.types.is_integer_dtype(dtype):
            wrong |= present & (values != np.floor(values))
        return wrong, f"bilangan bulat 0 sampai {ind.max}"
    return (values < 0) | np.isinf(values), "angka >= 0"


def _column_values(series: pd.Series, ind: Indicator, applies: np.ndarray,
                   required: np.ndarray | None = None) -> np.ndarray:
    """A cohort column as floats (NaN = empty), validated; errors name row and column.

    Values are kept where *applies*; an empty cell is an error where *required* (default:
    where *applies*).
    """

    def bad(mask: np.ndarray, rule: str) -> AnswerError:
        pos = int(np.flatnonzero(mask)[0])
        return AnswerError(
            f"baris {series.index[pos]!r}, kolom {ind.id!r}: harus {rule}: "
            f"{series.iloc[pos]!r}")

    values = _raw_column(series, ind)
    wrong, rule = _wrong_values(values, ind, series.dtype)
    if wrong.any():
        raise bad(wrong, rule)
    missing = (applies if required is None else required) & np.isnan(values)
    if missing.any():
        raise bad(missing, "diisi (indikator ini berlaku untuk sektornya)")
    return np.where(applies, values, np.nan)


def _sector_codes(df: pd.DataFrame) -> np.ndarray:
    """Each row's index into SECTORS; an unknown sector is an error naming its row."""
    if "sector" not in df.columns:
        raise AnswerError("kolom 'sector' tidak ada")
    # codes by lookup (-1 for anything else): a Categorical built from unknown values warns
    lookup = {sector: k for k, sector in enumerate(SECTORS)}
    codes = np.fromiter((lookup.get(v, -1) if isinstance(v, str) else -1 for v in df["sector"]),
                        dtype=np.int64, count=len(df))
    if (codes < 0).any():
        pos = int(np.flatnonzero(codes < 0)[0])
        raise AnswerError(f"baris {df.index[pos]!r}, kolom 'sector': harus salah satu dari "
                          f"{', '.join(SECTORS)}: {df['sector'].iloc[pos]!r}")
    return codes


def _gate_columns(df: pd.DataFrame, rubric: Rubric, applies_table: np.ndarray,
                  codes: np.ndarray) -> dict[int, np.ndarray]:
    """Indicator index -> its gate's answers (1, 0, NaN) where the frame has the gate."""
    gates: dict[int, np.ndarray] = {}
    for j, ind in enumerate(rubric.indicators):
        if ind.gate is not None and ind.gate.id in df.columns:
            probe = Indicator(id=ind.gate.id, dimension=ind.dimension, kind="bool",
                              label=ind.gate.label, label_en=ind.gate.label_en, source="",
                              advice="", module=ind.module)
            gates[j] = _column_values(df[ind.gate.id], probe, applies_table[j][codes],
                                      np.zeros(len(df), dtype=bool))
    return gates


def score_cohort(df: pd.DataFrame, rubric: Rubric | None = None) -> pd.DataFrame:
    """Score many IKMs at once: one row per IKM, a ``sector`` column and one column per
    indicator (empty where the indicator does not apply to the row's sector). Other columns
    (``ikm_id``, names, ...) are ignored.

    Returns a DataFrame with the same index: ``total``, ``level`` (ordered categorical of
    level names), ``level_key``, ``has_blocker``, ``n_blockers``, ``blockers`` (ids joined by
    ``;``) and one column per dimension id (0-100). The numbers equal :func:`score`'s.
    """
    rubric = rubric or load_rubric()
    if not isinstance(df, pd.DataFrame):
        raise AnswerError(f"'df' harus berupa pandas DataFrame: {type(df).__name__}")
    codes = _sector_codes(df)
    n = len(df)
    applies_table = np.array([[ind.applies_to(s) for s in SECTORS] for ind in rubric.indicators])
    gates = _gate_columns(df, rubric, applies_table, codes)
    for j, ind in enumerate(rubric.indicators):  # report a missing column before any work
        needed = applies_table[j][codes] & ~(gates[j] == 0 if j in gates else False)
        if ind.id not in df.columns and needed.any():
            raise AnswerError(f"kolom {ind.id!r} tidak ada (wajib untuk sektor "
                              f"{', '.join(ind.sectors)})")

    def column(j: int) -> np.ndarray:
        ind = rubric.indicators[j]
        applies = applies_table[j][codes]
        met = applies & (gates[j] == 0) if j in gates else np.zeros(n, dtype=bool)
        if ind.id not in df.columns:
            return np.where(met, 1.0, np.nan)
        values = _column_values(df[ind.id], ind, applies, applies & ~met)
        return np.where(met, 1.0, values)

    dims, total, levels, blocked = _kernel(rubric, column, codes)
    blocker_js = [rubric.indicators.index(ind) for ind in rubric.blockers]
    n_blockers = blocked.sum(axis=1)
    has_blocker = n_blockers > 0
    levels = np.where(has_blocker, np.minimum(levels, _BLOCKER_CAP), levels)
    # blocker ids as text without a per-row loop: one label per combination of blockers
    combo = (blocked * (1 << np.arange(len(blocker_js)))).sum(axis=1)
    labels = [";".join(rubric.indicators[blocker_js[b]].id for b in range(len(blocker_js))
                       if c >> b & 1) for c in range(1 << len(blocker_js))]
    out = pd.DataFrame(index=df.index)
    out["total"] = total
    out["level"] = pd.Categorical.from_codes(levels, categories=[lv.name for lv in LEVELS],
                                             ordered=True)
    out["level_key"] = pd.Categorical.from_codes(levels, categories=[lv.key for lv in LEVELS],
                                                 ordered=True)
    out["has_blocker"] = has_blocker
    out["n_blockers"] = n_blockers
    out["blockers"] = pd.Categorical.from_codes(combo, categories=labels)
    for k, dim in enumerate(rubric.dimensions):
        out[dim.id] = dims[k]
    return out


# --------------------------------------------------------------------------- synthetic data

_KABUPATEN = {
    "batik": ["Tuban", "Pamekasan", "Bangkalan", "Sidoarjo", "Tulungagung", "Banyuwangi"],
    "konveksi": ["Sidoarjo", "Surabaya", "Kediri", "Gresik", "Malang", "Jombang"],
    "bordir": ["Pasuruan", "Sidoarjo", "Probolinggo", "Surabaya", "Jember", "Lamongan"],
    "makanan-minuman": ["Malang", "Kota Batu", "Blitar", "Kediri", "Lumajang", "Surabaya"],
}
_NAME_WORDS = {
    "batik": ["Batik", "Canting", "Sekar", "Lintang", "Gedog"],
    "konveksi": ["Konveksi", "Busana", "Garmen", "Mode", "Sandang"],
    "bordir": ["Bordir", "Sulam", "Kerawang", "Renda", "Jahit"],
    "makanan-minuman": ["Keripik", "Sambal", "Kopi", "Kue", "Jamu"],
}
_NAME_TAILS = ["Sari", "Jaya", "Makmur", "Lestari", "Abadi", "Mandiri", "Barokah", "Sejahtera",
               "Arum", "Melati", "Cahaya", "Berkah"]
_SECTOR_SHARES = (0.2, 0.3, 0.15, 0.35)
# How hard an indicator is to reach (0 easy .. 1 hard); unlisted ones are 0.5.
_DIFFICULTY = {
    "punya_nib": 0.05, "punya_npwp": 0.1, "izin_edar_pangan": 0.15, "sni_wajib": 0.2,
    "sertifikat_standar": 0.35, "merek_terdaftar": 0.45, "halal": 0.4, "tenaga_terlatih": 0.35,
    "sop_produksi": 0.45, "batikmark": 0.75, "desain_industri": 0.75, "uji_produk": 0.6,
    "sistem_mutu": 0.6, "keamanan_pangan": 0.55, "barcode_gs1": 0.55, "karton_teruji": 0.75,
    "label_bahasa": 0.6, "harga_fob": 0.6, "paham_incoterms": 0.65, "ska_form_d": 0.7,
    "pengalaman_ekspor": 0.7, "paham_dokumen": 0.65, "rekening_valas": 0.6, "pameran": 0.5,
    "kontak_pembeli": 0.65, "rencana_ekspor": 0.65, "akses_pembiayaan": 0.45,
}


def example_answers(n: int, seed: int = 0, rubric: Rubric | None = None) -> pd.DataFrame:
    """``n`` realistic synthetic self-assessments across the four sectors.

    Answers are correlated: each IKM has a latent maturity, each dimension a noisy copy of
    it, and each indicator a difficulty; a mature IKM says "ya" to hard questions more
    often. Columns: ``ikm_id``, ``nama_usaha``, ``kabupaten``, ``sector`` and one column per
    indicator (nullable dtypes; empty where the indicator does not apply to the sector).

    >>> df = example_answers(5, seed=42)
    >>> list(df.columns[:4])
    ['ikm_id', 'nama_usaha', 'kabupaten', 'sector']
    >>> df.equals(example_answers(5, seed=42))
    True
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
        raise AnswerError(f"'n' harus bilangan bulat >= 0: {n!r}")
    rubric = rubric or load_rubric()
    rng = np.random.default_rng(seed)
    n = int(n)
    codes = rng.choice(len(SECTORS), size=n, p=_SECTOR_SHARES)
    maturity = rng.beta(2.0, 2.4, size=n)
    dim_ids = [d.id for d in rubric.dimensions]
    dim_latent = np.clip(maturity[:, None] + rng.normal(0, 0.12, size=(n, len(dim_ids))), 0, 1)
    data: dict[str, Any] = {}
    data["ikm_id"] = (np.char.add("IKM-", np.char.zfill(np.arange(1, n + 1).astype(str), 6))
                      if n else np.array([], dtype=str))
    words = np.array([_NAME_WORDS[s] for s in SECTORS])  # (sectors, 5)
    first = words[codes, rng.integers(0, words.shape[1], size=n)]
    tail = np.array(_NAME_TAILS)[rng.integers(0, len(_NAME_TAILS), size=n)]
    data["nama_usaha"] = np.char.add(np.char.add(first.astype(str), " "), tail)
    kab = np.array([_KABUPATEN[s] for s in SECTORS])
    data["kabupaten"] = kab[codes, rng.integers(0, kab.shape[1], size=n)]
    data["sector"] = pd.Categorical.from_codes(codes, categories=list(SECTORS))
    for ind in rubric.indicators:
        applies = np.isin(codes, [SECTORS.index(s) for s in ind.sectors])
        z = dim_latent[:, dim_ids.index(ind.dimension)]
        p = 1.0 / (1.0 + np.exp(-9.0 * (z - _DIFFICULTY.get(ind.id, 0.5))))
        if ind.kind == "bool":
            values = rng.random(n) < p
            data[ind.id] = pd.arrays.BooleanArray(values, ~applies)
        elif ind.kind == "scale":
            values = rng.binomial(ind.max, p)
            data[ind.id] = pd.arrays.IntegerArray(values.astype("int64"), ~applies)
        else:
            lo, hi = math.log(max(ind.thresholds[0], 1.0) / 2), math.log(ind.thresholds[-1] * 1.5)
            log_v = lo + p * (hi - lo) + rng.normal(0, 0.35, size=n)
            values = np.floor(np.exp(log_v)).astype("int64")
            data[ind.id] = pd.arrays.IntegerArray(values, ~applies)
    return pd.DataFrame(data)


# --------------------------------------------------------------------------- profiles

PROFILE_SCHEMA = 1


def save_profile(path: str | Path, answers: Mapping[str, Any], sector: str, *,
                 business: str | None = None, participant: str | None = None,
                 rubric: Rubric | None = None) -> dict[str, Any]:
    """Score ``answers`` and write them as ``profil_ikm.json`` (or ``path`` if it is a file).

    ``path`` may be a directory, in which case ``profil_ikm.json`` is written inside it.
    Returns the profile dict that was written. Bad answers raise :class:`AnswerError` and
    nothing is written.
    """
    result = score(answers, sector=sector, rubric=rubric)
    rubric = rubric or load_rubric()
    effective, gates = resolve_gates(answers, rubric)
    target = Path(path)
    if target.is_dir():
        target = target / "profil_ikm.json"
    clean: dict[str, Any] = {}
    for ind in rubric.for_sector(sector):
        value = effective[ind.id]
        clean[ind.id] = (bool(value) if ind.kind == "bool"
                         else int(value) if ind.kind == "scale" else float(value))
    profile = {
        "schema": PROFILE_SCHEMA,
        "participant": participant,
        "business": business,
        "sector": sector,
        "answers": clean,
        "gates": {g: v for g, v in gates.items()
                  if rubric.gates[g].applies_to(sector)},
        "total": result.total,
        "level": result.level.key,
        "level_name": result.level.name,
        "dimensions": result.dimensions,
        "blockers": [ind.id for ind in result.blockers],
        "saved_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
    }
    if not target.parent.is_dir():
        raise AnswerError(f"folder untuk profil tidak ada: {target.parent}")
    atomic_write_text(target, json.dumps(profile, ensure_ascii=False, indent=2))
    return profile


def load_profile(path: str | Path, rubric: Rubric | None = None) -> dict[str, Any]:
    """Read a ``profil_ikm.json`` and re-score its answers (the stored total is not trusted).

    Raises :class:`AnswerError` naming the file when it is not a valid profile.
    """
    target = Path(path)
    if target.is_dir():
        target = target / "profil_ikm.json"
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AnswerError(f"{target}: profil tidak ditemukan") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnswerError(f"{target}: bukan JSON yang sah ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise AnswerError(f"{target}: bukan profil ikmkit (kunci 'answers' tidak ada)")
    gates = data.get("gates", {})
    if not isinstance(gates, dict):
        raise AnswerError(f"{target}: 'gates' harus berupa tabel")
    try:
        result = score({**data["answers"], **gates}, sector=str(data.get("sector")),
                       rubric=rubric)
    except AnswerError as exc:
        raise AnswerError(f"{target}: {exc}") from None
    data.update(total=result.total, level=result.level.key, level_name=result.level.name,
                dimensions=result.dimensions, blockers=[ind.id for ind in result.blockers])
    return data
