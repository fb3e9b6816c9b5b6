"""Follow every IKM of a cohort: one table, snapshots over time, obstacles and certificates.

:func:`load_cohort` builds one table (pandas, one row per participant) from a course
directory:

* identity and sector; readiness total, level, dimension scores and blockers, from the newest
  ``profil_ikm.json`` a participant handed in (``submitted/<participant>/<assignment>/``, or
  the ``autograded/`` copy), or from a mentor's assessment sheet (:mod:`ikmkit.sheets`) when
  one is given -- the sheet wins, it is the mentor's own check;
* the intake score beside the latest one: ``skor_awal`` is the total of the participant's own
  intake self-assessment (the profile handed in with the first meeting's assignment,
  :data:`ikmkit.vocab.INTAKE_ASSIGNMENT`), ``total`` the latest score, ``perubahan_skor`` the
  change; ``sumber_skor_awal`` and ``sumber_skor`` say who stands behind each score
  (:data:`ikmkit.vocab.SCORE_SOURCES`: ``mandiri`` = the participant's self-assessment,
  ``mentor`` = a mentor sheet);
* grades per module (percent of the points), read through nbgrader's ``Gradebook`` API;
* names, IKM names, sectors and districts from the batch roster (:func:`roster_from_course`,
  ``peserta.csv`` in the course directory, written by ``ikmkit hub init``): everyone on the
  roster has a row, and the roster fills what the profiles and the gradebook leave blank;
* certificates held (from the answers, see :data:`CERTIFICATE_INDICATORS`) against the
  mandatory ones (:func:`ikmkit.standards.required_certifications`);
* the obstacles the provincial programme monitors (see :data:`OBSTACLES`).

Snapshots (:func:`take_snapshot`) freeze the table at a named, dated moment -- intake, end of
incubation, after the internship -- as CSV inside the course directory
(``pelacakan/snapshots/<date>-<name>.csv`` plus ``pelacakan/snapshots/index.json``); an
existing snapshot is never overwritten. :func:`progress` gives the totals per snapshot and the
change between consecutive ones.

Obstacles
---------
The programme follows six obstacles: *legalitas usaha, standardisasi, kemasan, promosi,
pemasaran, pembiayaan*. Sources: Disperindag Kabupaten Pasuruan names legalitas usaha, promosi
and pemasaran as the obstacles its monitoring and evaluation looks for, and Governor Soekarwo
names standardisation and packaging as the IKM's weak points (pasuruankab.go.id and Antara
Jatim, March 2017); pembiayaan is the partner bank's concern. Each is a set of rubric indicators;
an IKM *has* the obstacle when the mean of those indicators (each scaled 0-1 as in the rubric)
is below :data:`OBSTACLE_THRESHOLD`, or when one of them is an unmet blocker.

=================  =========================================================================
obstacle           rubric indicators
=================  =========================================================================
legalitas usaha    punya_nib, punya_npwp, merek_terdaftar, sertifikat_standar,
                   izin_edar_pangan
standardisasi      sni_wajib, sni_batik, batikmark, sistem_mutu, keamanan_pangan, halal,
                   uji_produk, mutu_konsisten, sop_produksi
kemasan            kemasan_ekspor, label_lengkap, label_bahasa, barcode_gs1, karton_teruji,
                   label_serat_perawatan, label_gizi
promosi            katalog_produk, promosi_digital, pameran
pemasaran          riset_pasar, kontak_pembeli, pengalaman_ekspor, harga_fob, paham_incoterms
pembiayaan         akses_pembiayaan, pembukuan, hpp_terhitung, bep_diketahui, rekening_valas
=================  =========================================================================

>>> from ikmkit import readiness
>>> table = cohort_from_answers(readiness.example_answers(40, seed=5))
>>> len(table), {"total", "level", "hambatan_legalitas", "sertifikat_kurang"} <= set(table)
(40, True)
>>> counts = obstacle_counts(table)
>>> list(counts.index)[:2]
['Legalitas usaha', 'Standardisasi']
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ikmkit import readiness
from ikmkit._files import UnsafeFile, atomic_write, atomic_write_text, read_small_text
from ikmkit.errors import IkmkitError
from ikmkit.vocab import INTAKE_ASSIGNMENT

__all__ = [
    "CERTIFICATE_INDICATORS",
    "OBSTACLES",
    "OBSTACLE_THRESHOLD",
    "Cohort",
    "Obstacle",
    "ROSTER_COLUMNS",
    "ROSTER_NAME",
    "SnapshotInfo",
    "TrackingError",
    "certificate_counts",
    "cohort_from_answers",
    "grades_from_gradebook",
    "level_counts",
    "list_snapshots",
    "load_cohort",
    "load_snapshot",
    "next_steps",
    "obstacle_counts",
    "profiles_from_course",
    "progress",
    "roster_from_course",
    "snapshot_dir",
    "take_snapshot",
]


class TrackingError(IkmkitError):
    """Bad input to tracking (unknown snapshot, a snapshot that already exists, ...)."""


@dataclass(frozen=True)
class Obstacle:
    """One obstacle the programme monitors and the rubric indicators that measure it."""

    key: str
    name: str
    indicators: tuple[str, ...]


OBSTACLES: tuple[Obstacle, ...] = (
    Obstacle("legalitas", "Legalitas usaha", ("punya_nib", "punya_npwp", "merek_terdaftar",
                                              "sertifikat_standar", "izin_edar_pangan")),
    Obstacle("standardisasi", "Standardisasi", (
        "sni_wajib", "sni_batik", "batikmark", "sistem_mutu", "keamanan_pangan", "halal",
        "uji_produk", "mutu_konsisten", "sop_produksi")),
    Obstacle("kemasan", "Kemasan", ("kemasan_ekspor", "label_lengkap", "label_bahasa",
                                    "barcode_gs1", "karton_teruji", "label_serat_perawatan",
                                    "label_gizi")),
    Obstacle("promosi", "Promosi", ("katalog_produk", "promosi_digital", "pameran")),
    Obstacle("pemasaran", "Pemasaran", ("riset_pasar", "kontak_pembeli", "pengalaman_ekspor",
                                        "harga_fob", "paham_incoterms")),
    Obstacle("pembiayaan", "Pembiayaan", ("akses_pembiayaan", "pembukuan", "hpp_terhitung",
                                          "bep_diketahui", "rekening_valas")),
)
"""The six obstacles of the provincial monitoring (legalitas usaha, standardisasi, kemasan,
promosi, pemasaran, pembiayaan), mapped to rubric indicators (table in the module doc)."""

OBSTACLE_THRESHOLD = 0.5
"""An obstacle counts when the mean of its indicators (0-1) is below this."""

CERTIFICATE_INDICATORS: dict[str, str] = {
    "punya_nib": "nib",
    "merek_terdaftar": "merek",
    "sni_wajib": "sppt_sni",
    "sni_batik": "sppt_sni",
    "batikmark": "batikmark",
    "halal": "halal",
    "izin_edar_pangan": "pirt",
    "uji_produk": "uji_produk",
    "desain_industri": "desain_industri",
    "barcode_gs1": "gs1_barcode",
}
"""Rubric yes/no indicator -> certificate id of :mod:`ikmkit.standards` held when "ya".
``izin_edar_pangan`` counts as PIRT (the home-industry permit, the usual case for IKM; a BPOM
MD holder answers it "ya" too), or as BPOM MD where the product is under a mandatory SNI (such
food cannot use SPP-IRT). ``sni_wajib`` is "met or not applicable"; it counts as an SPPT-SNI only
where the sector's default product needs one."""

IDENTITY = ("participant", "nama_peserta", "nama_usaha", "kabupaten", "sector", "sumber")
MENTOR_SHEET = "lembar mentor"
"""``sumber`` of a row that comes from a mentor sheet (its score counts as checked)."""

ROSTER_NAME = "peserta.csv"
"""The batch roster inside a course directory (UTF-8 CSV, one row per participant)."""

ROSTER_COLUMNS = ("participant", "nama_peserta", "nama_usaha", "sector", "kabupaten")
"""Columns of :data:`ROSTER_NAME`; ``participant`` is the nbgrader student id."""
_CSV_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


# --------------------------------------------------------------------------- the table


def _normalised(answers: pd.DataFrame, rubric: readiness.Rubric) -> dict[str, np.ndarray]:
    """Each indicator column scaled 0..1 as the rubric scores it (NaN = not asked)."""
    out: dict[str, np.ndarray] = {}
    for ind in rubric.indicators:
        if ind.id not in answers:
            continue
        raw = pd.to_numeric(answers[ind.id].astype("Float64"), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan)
        if ind.kind == "bool":
            val = raw
        elif ind.kind == "scale":
            val = raw / ind.max
        else:
            val = sum((raw >= t).astype(float) for t in ind.thresholds) / len(ind.thresholds)
            val = np.where(np.isnan(raw), np.nan, val)
        out[ind.id] = val
    return out


def _required(sector: str, sni_wajib_product: bool = False) -> tuple[str, ...]:
    from ikmkit import standards

    return tuple(
        r.cert_id
        for r in standards.required_certifications(sector, sni_wajib_product=sni_wajib_product)
    )


def cohort_from_answers(answers: pd.DataFrame, *, rubric: readiness.Rubric | None = None,
                        grades: pd.DataFrame | None = None, id_column: str = "ikm_id",
                        intake: pd.DataFrame | None = None) -> pd.DataFrame:
    """The cohort table from answers (one row per IKM, as :func:`readiness.example_answers`
    or :func:`ikmkit.sheets.read_sheet` give them) and optional grades (index = participant,
    columns ``nilai_<assignment>``) and intake answers (same form as ``answers``: the
    participants' intake self-assessments).

    Columns: ``participant``, ``nama_peserta``, ``nama_usaha``, ``kabupaten``, ``sector``,
    ``sumber``; ``total`` (the latest score), ``level`` (ordered categorical), ``level_key``,
    ``has_blocker``, ``n_blockers``, ``blockers``; ``sumber_skor`` (``mentor`` for a row from a
    mentor sheet -- ``sumber`` "lembar mentor" --, ``mandiri`` for a participant's profile --
    ``sumber`` "profil ..." --, else empty); with ``intake``: ``skor_awal``,
    ``sumber_skor_awal`` (``mandiri``) and ``perubahan_skor`` (total - skor_awal); one column
    per dimension id; ``nilai_*``; ``sertifikat_dimiliki``, ``sertifikat_dibutuhkan``,
    ``sertifikat_kurang`` (ids joined by ``;``); ``hambatan_<obstacle>`` (bool); then the
    answers, one column per indicator. The index is the participant id.

    >>> answers = readiness.example_answers(3, seed=1).assign(sumber="lembar mentor")
    >>> table = cohort_from_answers(answers, intake=answers.head(2))
    >>> table["sumber_skor"].tolist(), table["sumber_skor_awal"].tolist()
    (['mentor', 'mentor', 'mentor'], ['mandiri', 'mandiri', ''])
    >>> bool(table["perubahan_skor"].iloc[0] == 0), bool(pd.isna(table["skor_awal"].iloc[2]))
    (True, True)
    """
    rubric = rubric or readiness.load_rubric()
    answers = answers.reset_index(drop=True)
    ids = answers[id_column].astype(str) if len(answers) else pd.Series([], dtype=str)
    scored = readiness.score_cohort(answers, rubric=rubric)
    table = pd.DataFrame(index=pd.Index(ids.to_numpy(), name="participant"))
    table["participant"] = ids.to_numpy()
    for col in ("nama_peserta", "nama_usaha", "kabupaten", "sumber"):
        table[col] = (answers[col].fillna("").astype(str).to_numpy() if col in answers
                      else np.full(len(answers), "", dtype=object))
    table["sector"] = pd.Categorical(answers["sector"].astype(str),
                                     categories=list(readiness.SECTORS))
    for col in ("total", "has_blocker", "n_blockers"):
        table[col] = scored[col].to_numpy()
    for col in ("level", "level_key"):
        table[col] = pd.Categorical(scored[col].astype(str), ordered=True,
                                    categories=list(scored[col].cat.categories))
    table["blockers"] = scored["blockers"].astype(str).to_numpy()
    source = table["sumber"].astype(str)
    table["sumber_skor"] = np.where(
        source == MENTOR_SHEET, "mentor",
        np.where(source.str.startswith("profil") & pd.notna(table["total"]), "mandiri", ""))
    if intake is not None:
        _add_intake(table, intake, rubric, id_column)
    for d in rubric.dimensions:
        table[d.id] = scored[d.id].to_numpy()
    if grades is not None and len(grades.columns):
        g = grades.reindex(table.index)
        for col in grades.columns:
            table[col] = g[col].to_numpy(dtype=float)
    norm = _normalised(answers, rubric)
    _add_certificates(table, answers, norm)
    _add_obstacles(table, norm, rubric)
    for ind in rubric.indicators:
        if ind.id in answers:
            table[ind.id] = answers[ind.id].to_numpy()
    return table


def _add_intake(table: pd.DataFrame, intake: pd.DataFrame, rubric: readiness.Rubric,
                id_column: str = "ikm_id") -> None:
    """``skor_awal``, ``sumber_skor_awal``, ``perubahan_skor`` from the intake answers."""
    totals: dict[str, float] = {}
    if len(intake):
        scored = readiness.score_cohort(intake.reset_index(drop=True), rubric=rubric)
        totals = dict(zip(intake[id_column].astype(str), scored["total"].astype(float),
                          strict=True))
    first = pd.Series([totals.get(str(p), np.nan) for p in table.index], index=table.index,
                      dtype=float)
    table["skor_awal"] = first.to_numpy()
    table["sumber_skor_awal"] = np.where(first.notna(), "mandiri", "")
    latest = pd.to_numeric(table["total"], errors="coerce")
    table["perubahan_skor"] = (latest - first).round(1).to_numpy()


def _add_certificates(table: pd.DataFrame, answers: pd.DataFrame,
                      norm: Mapping[str, np.ndarray]) -> None:
    n = len(table)
    held: list[list[str]] = [[] for _ in range(n)]
    sectors = table["sector"].astype(str).to_numpy()
    needed_by_sector = {s: _required(s) for s in readiness.SECTORS}
    for ind_id, cert in CERTIFICATE_INDICATORS.items():
        if ind_id not in norm:
            continue
        yes = norm[ind_id] >= 1
        for i in np.flatnonzero(yes):
            if ind_id == "sni_wajib" and cert not in needed_by_sector[sectors[i]]:
                continue  # "met or not applicable": no certificate to count
            if cert not in held[i]:
                held[i].append(cert)
    needed = [needed_by_sector.get(s, ()) for s in sectors]
    # "sni_wajib" answered no: the product is under a mandatory SNI and not yet certified, so
    # the catalogue's requirements for a mandatory-SNI product apply (the rubric's blocker):
    # SPPT-SNI, and for food BPOM MD instead of SPP-IRT.
    if "sni_wajib" in norm:
        with_sni = {s: _required(s, sni_wajib_product=True) for s in readiness.SECTORS}
        for i in np.flatnonzero(norm["sni_wajib"] == 0):
            needed[i] = with_sni.get(sectors[i], needed[i])
            if "bpom_md" in needed[i] and "pirt" in held[i]:
                held[i] = ["bpom_md" if c == "pirt" else c for c in held[i]]
    table["sertifikat_dimiliki"] = [";".join(h) for h in held]
    table["sertifikat_dibutuhkan"] = [";".join(x) for x in needed]
    table["sertifikat_kurang"] = [";".join(c for c in x if c not in h)
                                  for x, h in zip(needed, held, strict=True)]
    table["jumlah_sertifikat"] = np.array([len(h) for h in held], dtype=int)


def _add_obstacles(table: pd.DataFrame, norm: Mapping[str, np.ndarray],
                   rubric: readiness.Rubric) -> None:
    n = len(table)
    blockers = {ind.id for ind in rubric.indicators if ind.blocker}
    for obstacle in OBSTACLES:
        cols = [norm[i] for i in obstacle.indicators if i in norm]
        if not cols:
            table[f"hambatan_{obstacle.key}"] = np.zeros(n, dtype=bool)
            continue
        stack = np.vstack(cols)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows: no profile
            mean = np.nanmean(stack, axis=0)
        blocked = np.zeros(n, dtype=bool)
        for i in obstacle.indicators:
            if i in blockers and i in norm:
                blocked |= norm[i] < 1  # NaN compares False
        table[f"hambatan_{obstacle.key}"] = (mean < OBSTACLE_THRESHOLD) | blocked


def next_steps(table: pd.DataFrame, rubric: readiness.Rubric | None = None, limit: int = 6
               ) -> list[list[readiness.Recommendation]]:
    """The first ``limit`` recommendations of every row, as :func:`readiness.score` orders
    them (blockers first, then the largest gain), computed for the whole table at once.

    Rows without answers (no profile) get an empty list.

    >>> answers = readiness.example_answers(30, seed=8)
    >>> steps = next_steps(cohort_from_answers(answers), limit=3)
    >>> row = answers.iloc[4]
    >>> one = readiness.score({k: (None if pd.isna(v) else v) for k, v in
    ...     row.drop(["ikm_id", "nama_usaha", "kabupaten", "sector"]).items()}, row["sector"])
    >>> steps[4] == one.recommendations[:3]
    True
    """
    rubric = rubric or readiness.load_rubric()
    n = len(table)
    inds = rubric.indicators
    norm = _normalised(table, rubric)
    sectors = table["sector"].astype(object).to_numpy()
    # points per indicator and sector: dimension weight x share of the indicator in it
    contrib = np.zeros((len(readiness.SECTORS), len(inds)))
    dim_w = {d.id: d.weight for d in rubric.dimensions}
    for s, sector in enumerate(readiness.SECTORS):
        for dim in rubric.dimensions:
            members = [j for j, ind in enumerate(inds)
                       if ind.dimension == dim.id and ind.applies_to(sector)]
            total = sum(inds[j].weight for j in members)
            for j in members:
                contrib[s, j] = inds[j].weight / total * dim_w[dim.id] * 100.0  # as readiness
    codes = np.array([readiness.SECTORS.index(x) if x in readiness.SECTORS else -1
                      for x in sectors], dtype=int)
    values = np.vstack([norm.get(ind.id, np.full(n, np.nan)) for ind in inds]).T \
        if n else np.zeros((0, len(inds)))
    gains = np.round(contrib[np.maximum(codes, 0)] * (1 - np.nan_to_num(values, nan=1.0)), 1)
    open_gap = ~np.isnan(values) & (values < 1)
    not_blocker = np.array([not ind.blocker for ind in inds])
    order_index = np.arange(len(inds))
    out: list[list[readiness.Recommendation]] = []
    for i in range(n):
        if codes[i] < 0:
            out.append([])
            continue
        js = np.flatnonzero(open_gap[i])
        keys = np.lexsort((order_index[js], -gains[i, js], not_blocker[js]))
        steps = []
        for j in js[keys][:limit]:
            ind = inds[j]
            steps.append(readiness.Recommendation(
                indicator=ind.id, label=ind.label, text=ind.advice,
                gain_points=float(gains[i, j]), module=ind.module, blocker=ind.blocker))
        out.append(steps)
    return out


# --------------------------------------------------------------------------- sources


def roster_from_course(course_dir: str | Path) -> pd.DataFrame:
    """The batch roster of a course directory (:data:`ROSTER_NAME`), index = participant.

    Columns :data:`ROSTER_COLUMNS` (without ``participant``), all text. A course without a
    roster gives an empty table; a roster that cannot be read raises :class:`TrackingError`.
    """
    path = Path(course_dir) / ROSTER_NAME
    empty = pd.DataFrame(columns=list(ROSTER_COLUMNS[1:]),
                         index=pd.Index([], name="participant"), dtype=str)
    if not path.is_file():
        return empty
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise TrackingError(f"{path}: daftar peserta tidak bisa dibaca ({exc})") from None
    missing = [c for c in ROSTER_COLUMNS if c not in frame.columns]
    if missing:
        raise TrackingError(f"{path}: kolom {missing[0]!r} tidak ada di daftar peserta")
    frame = frame[list(ROSTER_COLUMNS)].drop_duplicates("participant", keep="last")
    frame = frame[frame["participant"].str.strip() != ""]
    return frame.set_index("participant").sort_index()


#: Largest ``profil_ikm.json`` read (a real one is a few kilobytes).
MAX_PROFILE_BYTES = 2**20


def _scan_profiles(root: Path) -> tuple[dict[str, dict[str, tuple[str, Path, Any]]],
                                         dict[tuple[str, str], tuple[Path, str]]]:
    """Every readable ``profil_ikm.json`` handed in: participant -> assignment -> (saved_at,
    path, data), the submitted copy winning over the autograded one on equal time; and the
    unreadable ones: (participant, assignment) -> (path, why)."""
    found: dict[str, dict[str, tuple[str, Path, Any]]] = {}
    unreadable: dict[tuple[str, str], tuple[Path, str]] = {}
    for area in ("autograded", "submitted"):  # submitted last: it wins on equal time
        for path in sorted(root.glob(f"{area}/*/*/profil_ikm.json")):
            participant, assignment = path.parent.parent.name, path.parent.name
            try:  # written by participants' code: a link, a FIFO, huge or deeply nested
                data = json.loads(read_small_text(path, MAX_PROFILE_BYTES))
                if not isinstance(data, dict):
                    raise ValueError("bukan objek JSON")
                stamp = str(data.get("saved_at") or "")[:40]
            except UnsafeFile as exc:
                unreadable.setdefault((participant, assignment), (path, str(exc)))
                continue
            except (ValueError, RecursionError) as exc:
                why = "bersarang terlalu dalam" if isinstance(exc, RecursionError) else exc
                unreadable.setdefault((participant, assignment),
                                      (path, f"bukan JSON yang sah ({why})"))
                continue
            mine = found.setdefault(participant, {})
            best = mine.get(assignment)
            if best is None or stamp >= best[0]:
                mine[assignment] = (stamp, path, data)
    return found, unreadable


def profiles_from_course(course_dir: str | Path, rubric: readiness.Rubric | None = None, *,
                         assignment: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """One readable ``profil_ikm.json`` of each participant as an answers table (``ikm_id`` =
    participant id, ``nama_usaha``, ``sector``, ``sumber``, indicators), and a list of
    Indonesian warnings for profiles that could not be read (they are skipped).

    Looks in ``submitted/<participant>/<assignment>/`` and ``autograded/...``; the
    participant's own submitted copy wins over the autograded one of the same assignment.
    Without ``assignment``: each participant's newest profile (``saved_at``), where the intake
    assignment's (:data:`ikmkit.vocab.INTAKE_ASSIGNMENT`) counts only when there is no other --
    the latest score. With ``assignment``: that assignment's profile only (e.g. the intake).
    """
    rubric = rubric or readiness.load_rubric()
    root = Path(course_dir)
    scanned, unreadable = _scan_profiles(root)
    found: dict[str, tuple[str, Path, Any]] = {}
    for participant, mine in scanned.items():
        if assignment is not None:
            if assignment in mine:
                found[participant] = mine[assignment]
            continue
        later = {a: v for a, v in mine.items() if a != INTAKE_ASSIGNMENT} or mine
        found[participant] = later[max(later, key=lambda a: (later[a][0], a))]
    problems = [f"profil {p} dilewati: {path}: {why}"
                for (p, a), (path, why) in sorted(unreadable.items())
                if p not in found and (assignment is None or a == assignment)]
    problems = list(dict.fromkeys(problems))
    rows: list[dict[str, Any]] = []
    for participant, (_, path, data) in sorted(found.items()):
        row, problem = _profile_row(participant, path, data, rubric)
        if problem:
            problems.append(problem)
        else:
            rows.append(row)
    columns = ["ikm_id", "nama_usaha", "sector", "sumber",
               *(ind.id for ind in rubric.indicators)]
    frame = pd.DataFrame(rows, columns=columns)
    return _valid_profiles(frame, found, rubric, problems), problems


def _profile_row(participant: str, path: Path, data: Any, rubric: readiness.Rubric
                 ) -> tuple[dict[str, Any], str | None]:
    """One profile as a row of the answers table, or why it is skipped."""
    answers = data.get("answers")
    if not isinstance(answers, dict) or data.get("sector") not in readiness.SECTORS:
        return {}, (f"profil {participant} dilewati: {path}: bukan profil ikmkit "
                    "(kunci 'answers' atau 'sector' tidak sah)")
    unknown = sorted(set(answers) - {ind.id for ind in rubric.indicators})
    if unknown:
        return {}, (f"profil {participant} dilewati: {path}: indikator tidak dikenal: "
                    f"{unknown[0]!r}")
    row: dict[str, Any] = {"ikm_id": participant, "nama_usaha": str(data.get("business") or ""),
                           "sector": data["sector"], "sumber": f"profil {path.parent.name}"}
    row.update(answers)
    return row, None


def _valid_profiles(frame: pd.DataFrame, found: dict[str, tuple[str, Path, Any]],
                    rubric: readiness.Rubric, problems: list[str]) -> pd.DataFrame:
    """The typed answers; all profiles are validated at once, and only if that fails the
    bad ones are found one by one (readiness.load_profile names file and indicator)."""
    try:
        typed = _typed_answers(frame, rubric)
        readiness.score_cohort(typed, rubric=rubric)
        return typed
    except (readiness.AnswerError, TypeError, ValueError):
        pass
    keep = []
    for k, participant in enumerate(frame["ikm_id"]):
        path = found[participant][1]
        try:
            readiness.load_profile(path, rubric=rubric)
            keep.append(k)
        except readiness.AnswerError as exc:
            problems.append(f"profil {participant} dilewati: {exc}")
        except (OSError, ValueError, TypeError, RecursionError) as exc:
            problems.append(f"profil {participant} dilewati: {path}: {exc}")
    return _typed_answers(frame.iloc[keep].reset_index(drop=True), rubric)


def _typed_answers(frame: pd.DataFrame, rubric: readiness.Rubric) -> pd.DataFrame:
    frame = frame.copy()
    for ind in rubric.indicators:
        col = frame[ind.id]
        if ind.kind == "bool" and len(col) and not col.dropna().map(
                lambda v: isinstance(v, bool)).all():
            raise readiness.AnswerError(f"kolom {ind.id!r} harus ya/tidak")
        frame[ind.id] = col.astype(readiness_dtype(ind))
    return frame


def readiness_dtype(ind: readiness.Indicator) -> str:
    """The nullable pandas dtype of an indicator column."""
    return {"bool": "boolean", "scale": "Int64", "number": "Float64"}[ind.kind]


def _default_db_url(course_dir: Path) -> str:
    return f"sqlite:///{(course_dir / 'gradebook.db').resolve()}"


_GRADES_SQL = """
SELECT sa.student_id AS student, a.name AS assignment,
       SUM(CASE WHEN g.manual_score IS NOT NULL THEN g.manual_score + COALESCE(g.extra_credit, 0)
                WHEN g.auto_score IS NOT NULL THEN g.auto_score + COALESCE(g.extra_credit, 0)
                ELSE 0 END) AS score,
       SUM(COALESCE(gc.max_score, tc.max_score, 0)) AS max_score
FROM submitted_assignment sa
JOIN assignment a ON a.id = sa.assignment_id
LEFT JOIN submitted_notebook sn ON sn.assignment_id = sa.id
LEFT JOIN grade g ON g.notebook_id = sn.id
LEFT JOIN grade_cells gc ON gc.id = g.cell_id
LEFT JOIN task_cells tc ON tc.id = g.cell_id
{where}
GROUP BY sa.student_id, a.name
"""


def grades_from_gradebook(course_dir: str | Path, *, db_url: str | None = None,
                          course_id: str | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Grades per assignment from the course's nbgrader gradebook: (table, names).

    The table has one row per student (index = student id) and a column
    ``nilai_<assignment>`` with the percent of points scored (NaN = not submitted or not
    graded yet). ``names``
    maps student ids to "first last" names. ``db_url`` defaults to the course's configured
    gradebook (``CourseDirectory.db_url`` in its ``nbgrader_config.py``, else
    ``gradebook.db``); a PostgreSQL URL works the same. An absent SQLite gradebook gives an
    empty table.

    The numbers are nbgrader's (score = manual score if set, else the autograder's, plus extra
    credit; maximum = the graded cells' points), computed in one grouped SQL query over the
    gradebook through SQLAlchemy. Importing ``nbgrader.api`` would cost about 4.5 s (it loads
    the Jupyter server extensions) and ``Gradebook.submission_dicts()`` 264 s for 1,058
    participants; ``tests/test_tracking.py`` checks that both give the same percentages.
    """
    root = Path(course_dir)
    if db_url is None and (root / "nbgrader_config.py").is_file():
        from ikmkit.grading import course

        db_url = course.db_url(root)
        if course_id is None:
            configured = course.load_config(root).CourseDirectory.get("course_id")
            course_id = str(configured) if configured else None
    url = db_url or _default_db_url(root)
    empty = pd.DataFrame(index=pd.Index([], name="participant"))
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):].split("?")[0]).exists():
        return empty, {}
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if "submitted_assignment" not in inspect(conn).get_table_names():
                return empty, {}
            params: dict[str, str] = {}
            where = ""
            if course_id:
                where, params["course"] = "WHERE a.course_id = :course", course_id
            names = {sid: " ".join(x for x in (first, last) if x) for sid, first, last in
                     conn.execute(text("SELECT id, first_name, last_name FROM student"))}
            assignment_sql = "SELECT name FROM assignment" + (
                " WHERE course_id = :course" if course_id else "")
            data: dict[str, dict[str, float]] = {
                f"nilai_{name}": {} for (name,) in
                sorted(conn.execute(text(assignment_sql), params).all())}
            for student, assignment, score, max_score in conn.execute(
                    text(_GRADES_SQL.format(where=where)), params):
                data.setdefault(f"nilai_{assignment}", {})[student] = (
                    round(100 * float(score or 0) / float(max_score), 1) if max_score
                    else np.nan)
    finally:
        engine.dispose()
    table = pd.DataFrame(data)
    table.index.name = "participant"
    return table.sort_index(), names


# --------------------------------------------------------------------------- cohort


@dataclass
class Cohort:
    """A cohort table with what it came from."""

    table: pd.DataFrame
    course_dir: Path | None
    rubric: readiness.Rubric
    assignments: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def grade_columns(self) -> list[str]:
        """``nilai_<assignment>`` columns, in assignment order."""
        return [f"nilai_{a}" for a in self.assignments]


def load_cohort(course_dir: str | Path, *, sheet: str | Path | pd.DataFrame | None = None,
                db_url: str | None = None, course_id: str | None = None,
                rubric: readiness.Rubric | None = None) -> Cohort:
    """Build the cohort of a course directory (see the module documentation).

    ``sheet`` is a mentor sheet (path or the DataFrame from :func:`ikmkit.sheets.read_sheet`)
    whose rows replace the profiles of the same ``ikm_id``; participants who only appear in
    the gradebook get a row with empty readiness columns.
    """
    rubric = rubric or readiness.load_rubric()
    root = Path(course_dir)
    answers, problems = profiles_from_course(root, rubric=rubric)
    intake, intake_problems = profiles_from_course(root, rubric=rubric,
                                                   assignment=INTAKE_ASSIGNMENT)
    problems += [p for p in intake_problems if p not in problems]
    if sheet is not None:
        from ikmkit import sheets

        mentor = sheet if isinstance(sheet, pd.DataFrame) else sheets.read_sheet(sheet, rubric)
        mentor = mentor.reset_index(drop=True).copy()
        mentor["sumber"] = MENTOR_SHEET
        answers = answers[~answers["ikm_id"].isin(mentor["ikm_id"].astype(str))]
        mentor_cols = [c for c in answers.columns if c in mentor.columns] + (
            ["kabupaten"] if "kabupaten" in mentor else [])
        answers = pd.concat([answers, mentor[mentor_cols]], ignore_index=True)
        for ind in rubric.indicators:
            answers[ind.id] = answers[ind.id].astype(readiness_dtype(ind))
    grades, names = grades_from_gradebook(root, db_url=db_url, course_id=course_id)
    roster = roster_from_course(root)
    # the intake's points only say it was filled in: its score is skor_awal, not a module grade
    grades = grades.drop(columns=[f"nilai_{INTAKE_ASSIGNMENT}"], errors="ignore")
    table = cohort_from_answers(answers, rubric=rubric, grades=grades, intake=intake)
    # participants known only to the gradebook or the roster (no profile yet)
    extra = [p for p in grades.index if p not in table.index]
    extra += [p for p in roster.index if p not in table.index and p not in extra]
    if extra:
        filler = pd.DataFrame(index=pd.Index(extra, name="participant"))
        filler["participant"] = extra
        filler["sumber"] = "belum ada profil"
        filler["sumber_skor"] = filler["sumber_skor_awal"] = ""
        for col in grades.columns:
            filler[col] = grades.reindex(extra)[col].to_numpy(dtype=float)
        table = pd.concat([table, filler])
        for col in ("level", "level_key"):
            cats = [lv.name for lv in readiness.LEVELS] if col == "level" else [
                lv.key for lv in readiness.LEVELS]
            table[col] = pd.Categorical(table[col], categories=cats, ordered=True)
        table["sector"] = pd.Categorical(table["sector"], categories=list(readiness.SECTORS))
        for col in ("nama_usaha", "kabupaten", "blockers", "sertifikat_dimiliki",
                    "sertifikat_dibutuhkan", "sertifikat_kurang"):
            table[col] = table[col].astype(object).fillna("")
        for col in ["has_blocker", *(f"hambatan_{o.key}" for o in OBSTACLES)]:
            table[col] = table[col].astype("boolean")
        for col in ("n_blockers", "jumlah_sertifikat"):
            table[col] = table[col].astype("Int64")
    table["nama_peserta"] = [names.get(p) or "" for p in table.index]
    if len(roster):
        _fill_from_roster(table, roster)
    table = table.sort_index()
    return Cohort(table=table, course_dir=root, rubric=rubric,
                  assignments=[c[len("nilai_"):] for c in grades.columns],
                  warnings=problems)


def _fill_from_roster(table: pd.DataFrame, roster: pd.DataFrame) -> None:
    """Names, IKM names, districts and sectors the profiles and gradebook left blank."""
    known = roster.reindex(table.index)
    for col in ("nama_peserta", "nama_usaha", "kabupaten"):
        blank = table[col].fillna("").astype(str).str.strip() == ""
        table[col] = table[col].fillna("").astype(str).where(~blank, known[col].fillna(""))
    sectors = known["sector"].where(known["sector"].isin(readiness.SECTORS))
    table["sector"] = table["sector"].fillna(sectors)


# --------------------------------------------------------------------------- summaries


def level_counts(table: pd.DataFrame) -> pd.Series:
    """IKMs per readiness level (all four levels, lowest first)."""
    return table["level"].value_counts(sort=False).reindex(
        [lv.name for lv in readiness.LEVELS], fill_value=0).astype(int)


def obstacle_counts(table: pd.DataFrame) -> pd.Series:
    """IKMs that have each obstacle, in :data:`OBSTACLES` order (index = Indonesian name)."""
    return pd.Series({o.name: int(table[f"hambatan_{o.key}"].fillna(False).astype(bool).sum())
                      for o in OBSTACLES if f"hambatan_{o.key}" in table}, dtype=int)


def certificate_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Per certificate id: IKMs that hold it, that need it (mandatory) and that lack it."""

    def count(col: str) -> pd.Series:
        parts = table[col].fillna("").astype(str).str.split(";").explode()
        return parts[parts != ""].value_counts()

    out = pd.DataFrame({"dimiliki": count("sertifikat_dimiliki"),
                        "dibutuhkan": count("sertifikat_dibutuhkan"),
                        "kurang": count("sertifikat_kurang")}).fillna(0).astype(int)
    from ikmkit import standards

    cat = standards.catalogue()
    order = [c for c in cat.ids if c in out.index]
    out = out.loc[order]
    out.insert(0, "sertifikat", [cat.get(c).name for c in order])
    return out


# --------------------------------------------------------------------------- snapshots


@dataclass(frozen=True)
class SnapshotInfo:
    """One stored snapshot."""

    name: str
    date: str
    file: str
    created_at: str
    participants: int

    @property
    def label(self) -> str:
        """``name (date)`` for people."""
        return f"{self.name} ({self.date})"


def snapshot_dir(course_dir: str | Path) -> Path:
    """Where snapshots of a course live: ``<course>/pelacakan/snapshots``."""
    return Path(course_dir) / "pelacakan" / "snapshots"


def _index_path(course_dir: str | Path) -> Path:
    return snapshot_dir(course_dir) / "index.json"


def list_snapshots(course_dir: str | Path) -> list[SnapshotInfo]:
    """Stored snapshots, oldest first (by date, then by creation time)."""
    path = _index_path(course_dir)
    if not path.exists():
        return []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        items = [SnapshotInfo(**item) for item in raw["snapshots"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise TrackingError(f"{path}: indeks snapshot rusak ({exc})") from None
    return sorted(items, key=lambda s: (s.date, s.created_at))


def take_snapshot(course_dir: str | Path, name: str, table: pd.DataFrame, *,
                  date: str | _dt.date | None = None) -> SnapshotInfo:
    """Store ``table`` as snapshot ``name`` (lowercase letters, digits, dashes; e.g.
    ``intake``, ``akhir-inkubasi``, ``pasca-magang``) dated ``date`` (ISO, default today).

    Raises :class:`TrackingError` if a snapshot of that name already exists: snapshots are a
    record and are never overwritten.
    """
    if not isinstance(name, str) or not _CSV_NAME.match(name):
        raise TrackingError(
            "'nama snapshot' harus huruf kecil, angka dan tanda '-' (mis. intake, "
            f"akhir-inkubasi): {name!r}")
    if date is None:
        day = _dt.date.today()
    elif isinstance(date, _dt.date):
        day = date
    else:
        try:
            day = _dt.date.fromisoformat(str(date))
        except ValueError:
            raise TrackingError(f"'tanggal' harus berformat TTTT-BB-HH: {date!r}") from None
    existing = list_snapshots(course_dir)
    for snap in existing:
        if snap.name == name:
            raise TrackingError(
                f"snapshot {name!r} sudah ada (tanggal {snap.date}); snapshot tidak pernah "
                "ditimpa -- pakai nama lain, mis. f'{name}-2'")
    folder = snapshot_dir(course_dir)
    folder.mkdir(parents=True, exist_ok=True)
    file = f"{day.isoformat()}-{name}.csv"
    target = folder / file
    if target.exists():
        raise TrackingError(f"berkas snapshot sudah ada, tidak ditimpa: {target}")
    atomic_write(target, lambda tmp: table.to_csv(tmp, index=False))
    info = SnapshotInfo(name=name, date=day.isoformat(), file=file,
                        created_at=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
                        participants=int(len(table)))
    items = [*existing, info]
    payload = {"schema": 1, "snapshots": [vars(s) for s in items]}
    atomic_write_text(_index_path(course_dir), json.dumps(payload, ensure_ascii=False, indent=2))
    return info


def load_snapshot(course_dir: str | Path, name: str) -> pd.DataFrame:
    """A stored snapshot as a cohort table (index = participant, ``level`` categorical)."""
    for snap in list_snapshots(course_dir):
        if snap.name == name:
            frame = pd.read_csv(snapshot_dir(course_dir) / snap.file,
                                dtype={"participant": str}, keep_default_na=True)
            frame.index = pd.Index(frame["participant"].astype(str), name="participant")
            if "level" in frame:
                frame["level"] = pd.Categorical(frame["level"], ordered=True,
                                                categories=[lv.name for lv in readiness.LEVELS])
            for col in ("blockers", "sertifikat_dimiliki", "sertifikat_dibutuhkan",
                        "sertifikat_kurang", "nama_usaha", "kabupaten", "nama_peserta",
                        "sumber", "sumber_skor", "sumber_skor_awal"):
                if col in frame:
                    frame[col] = frame[col].astype(object).fillna("").astype(str)
            return frame
    known = ", ".join(s.name for s in list_snapshots(course_dir)) or "belum ada"
    raise TrackingError(f"snapshot tidak dikenal: {name!r}; yang ada: {known}")


def progress(course_dir: str | Path, current: pd.DataFrame | None = None,
             columns: Iterable[str] = ("total",)) -> pd.DataFrame:
    """Totals (or other ``columns``) per snapshot side by side, and their changes.

    One row per participant; for each column ``c`` and snapshot ``s`` a column ``c@s``, and
    ``delta_c@s`` = the change from the previous snapshot. ``current`` (a cohort table) is
    added last as ``sekarang`` when given.
    """
    snaps = [(s.name, load_snapshot(course_dir, s.name)) for s in list_snapshots(course_dir)]
    if current is not None:
        snaps.append(("sekarang", current))
    columns = list(columns)
    parts: dict[str, pd.Series] = {}
    previous: str | None = None
    for name, frame in snaps:
        for col in columns:
            if col in frame:
                parts[f"{col}@{name}"] = pd.to_numeric(frame[col], errors="coerce")
        if previous is not None:
            for col in columns:
                a, b = f"{col}@{previous}", f"{col}@{name}"
                if a in parts and b in parts:
                    parts[f"delta_{col}@{name}"] = parts[b].sub(parts[a])
        previous = name
    out = pd.DataFrame(parts)
    out.index.name = "participant"
    return out.round(1)
