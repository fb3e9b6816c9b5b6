"""Mentor assessment sheets: an empty template, strict parsing, scoring and safe writing.

A mentor who visits IKMs collects the readiness self-assessment on a spreadsheet, one row per
IKM. The columns are ``ikm_id``, ``nama_usaha``, ``kabupaten``, ``sector`` and one column per
rubric indicator (:mod:`ikmkit.readiness`), named by the indicator id. Cells hold:

* yes/no indicators: ``ya`` or ``tidak`` (also ``y``/``t``, ``yes``/``no``, ``1``/``0``,
  ``true``/``false``, any case);
* 0-4 scales: a whole number from 0 to the indicator's maximum;
* numbers: a number >= 0 (``1500``, ``1500,5`` or ``1500.5``);
* an empty cell (or ``-``) where the indicator does not apply to the IKM's sector.

A gate column (``produk_sni_wajib`` before ``sni_wajib``, ``pangan_wajib_izin_edar`` before
``izin_edar_pangan``) asks first whether the question applies: ``tidak`` there means the next
column may stay empty and counts as met (:func:`ikmkit.readiness.resolve_gates`). Gate columns
are optional; without them the question itself must be answered, as before.

:func:`write_template` writes the empty workbook with a second sheet "Petunjuk" that explains
each column in plain Indonesian with an example (the rubric's help), and the same help as a
comment on each column heading of the "Data" sheet. :func:`read_sheet` reads a CSV or XLSX
file and raises :class:`SheetError` naming the row *as the user sees it in Excel* (the
header is row 1, the first IKM row 2) and the column; :func:`score_sheet` returns the scored
table and :func:`write_table` writes a table to ``.xlsx`` or ``.csv`` through a temporary
file, so nothing is ever written half.

>>> import tempfile, pathlib
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> _ = write_template(tmp / "lembar.xlsx")
>>> read_sheet(tmp / "lembar.xlsx").shape[0]
0
>>> bad = tmp / "salah.csv"
>>> rows = example_sheet(2, seed=1)
>>> rows.loc[1, "punya_nib"] = "mungkin"
>>> rows.to_csv(bad, index=False)
>>> read_sheet(bad)
Traceback (most recent call last):
...
ikmkit.sheets.SheetError: salah.csv baris 3, kolom 'punya_nib' (Usaha sudah punya NIB ...): \
harus ya atau tidak: 'mungkin'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ikmkit import readiness
from ikmkit._files import atomic_write
from ikmkit._text import number as _number
from ikmkit._text import spreadsheet_safe
from ikmkit.errors import IkmkitError
from ikmkit.vocab import META_COLUMNS

__all__ = [
    "META_COLUMNS",
    "SheetError",
    "example_sheet",
    "read_sheet",
    "result_table",
    "score_sheet",
    "sheet_columns",
    "write_table",
    "write_template",
    "write_workbook",
]

"""Identity columns every sheet starts with (``sector`` is one of readiness.SECTORS)."""

_META_HELP = {
    "ikm_id": ("Kode IKM / peserta (unik, mis. IKM-000123)", "teks, wajib, tidak boleh ganda"),
    "nama_usaha": ("Nama usaha", "teks"),
    "kabupaten": ("Kabupaten/kota lokasi usaha", "teks"),
    "sector": ("Sektor usaha", "batik, konveksi, bordir atau makanan-minuman"),
}

_YES = {"ya", "y", "yes", "true", "benar", "1", "1.0"}
_NO = {"tidak", "t", "no", "n", "false", "salah", "0", "0.0"}
_EMPTY = {"", "-", "nan", "none", "<na>"}


class SheetError(IkmkitError):
    """A mentor sheet cannot be read; the message names the file, row (Excel numbering)
    and column."""


def sheet_columns(rubric: readiness.Rubric | None = None) -> list[str]:
    """Column names of a mentor sheet, in order (a gate column just before its question).

    >>> sheet_columns()[:6]
    ['ikm_id', 'nama_usaha', 'kabupaten', 'sector', 'punya_nib', 'punya_npwp']
    >>> cols = sheet_columns()
    >>> cols[cols.index("sni_wajib") - 1]
    'produk_sni_wajib'
    """
    rubric = rubric or readiness.load_rubric()
    columns = list(META_COLUMNS)
    for ind in rubric.indicators:
        if ind.gate is not None:
            columns.append(ind.gate.id)
        columns.append(ind.id)
    return columns


def _allowed(ind: readiness.Indicator) -> str:
    if ind.kind == "bool":
        extra = (f" (kosongkan bila kolom {ind.gate.id} diisi 'tidak')"
                 if ind.gate is not None else "")
        return "ya / tidak" + extra
    if ind.kind == "scale":
        return f"bilangan bulat 0 sampai {ind.max} (0 = belum sama sekali, {ind.max} = penuh)"
    steps = ", ".join(_number(t, 0) for t in ind.thresholds)
    unit = f" {ind.unit}" if ind.unit else ""
    return f"angka >= 0{unit} (ambang penilaian: {steps})"


def _guide_rows(rubric: readiness.Rubric) -> list[list[str]]:
    """One row per column of the Data sheet for the "Petunjuk" sheet."""
    rows: list[list[str]] = []
    for name in META_COLUMNS:
        label, allowed = _META_HELP[name]
        rows.append([name, label, "", allowed, "semua", "", "", ""])
    dims = {d.id: d.name for d in rubric.dimensions}
    for ind in rubric.indicators:
        sectors = ("semua" if set(ind.sectors) == set(readiness.SECTORS)
                   else ", ".join(ind.sectors))
        if ind.gate is not None:
            rows.append([ind.gate.id, ind.gate.label,
                         ind.gate.help_text() + f" Bila 'tidak', kolom {ind.id} boleh "
                         "dikosongkan (dianggap terpenuhi).",
                         "ya / tidak (boleh kosong)", sectors, dims[ind.dimension], "", ""])
        help_text = ind.help_text()
        if ind.basis:
            help_text += f" Dasar ambang: {ind.basis}"
        rows.append([ind.id, ind.label, help_text, _allowed(ind), sectors, dims[ind.dimension],
                     "ya" if ind.blocker else "", ind.source])
    return rows


def example_sheet(n: int, seed: int = 0, rubric: readiness.Rubric | None = None) -> pd.DataFrame:
    """``n`` synthetic IKMs as a mentor would type them (``ya``/``tidak`` text, empty cells
    where an indicator does not apply), from :func:`ikmkit.readiness.example_answers`.

    >>> example_sheet(1, seed=2).loc[0, "punya_nib"] in ("ya", "tidak")
    True
    """
    rubric = rubric or readiness.load_rubric()
    df = readiness.example_answers(n, seed=seed, rubric=rubric)
    out = pd.DataFrame({c: df[c].astype(str) for c in META_COLUMNS})
    for ind in rubric.indicators:
        col = df[ind.id]
        if ind.kind == "bool":
            text = np.where(col.fillna(False).to_numpy(dtype=bool), "ya", "tidak")
            out[ind.id] = pd.Series(text, dtype=object).where(col.notna().to_numpy(), "")
        else:
            out[ind.id] = col.astype("string").fillna("").astype(object)
    return out


# --------------------------------------------------------------------------- template


def write_template(path: str | Path, rubric: readiness.Rubric | None = None) -> Path:
    """Write an empty mentor sheet (``.xlsx``: sheets "Data" and "Petunjuk"; ``.csv``: the
    header only). Yes/no and 0-4 columns get drop-down lists in the workbook.

    >>> import tempfile, pathlib, openpyxl
    >>> p = write_template(pathlib.Path(tempfile.mkdtemp()) / "t.xlsx")
    >>> openpyxl.load_workbook(p).sheetnames
    ['Data', 'Petunjuk']
    """
    rubric = rubric or readiness.load_rubric()
    target = Path(path)
    columns = sheet_columns(rubric)
    suffix = target.suffix.lower()
    if suffix == ".csv":
        return write_table(pd.DataFrame(columns=columns), target)
    if suffix != ".xlsx":
        raise SheetError(f"'--out' harus berakhiran .xlsx atau .csv: {target.name!r}")

    from openpyxl import Workbook

    guide_rows = _guide_rows(rubric)
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(columns)
    _style_header(ws[1])
    _explain_header(ws[1], {row[0]: row for row in guide_rows})
    ws.freeze_panes = "B2"
    _add_validations(ws, columns, rubric)
    _guide_sheet(wb.create_sheet("Petunjuk"), guide_rows)
    return atomic_write(target, wb.save)


def _style_header(cells: Any) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for cell in cells:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(horizontal="center", vertical="center")


def _explain_header(cells: Any, meaning: dict[str, list[str]]) -> None:
    """Each heading's question, help and allowed values as a comment (shown on hover)."""
    from openpyxl.comments import Comment

    for cell in cells:
        _, question, help_text, allowed, *_rest = meaning[str(cell.value)]
        note = "\n\n".join(part for part in (question, help_text, f"Isi: {allowed}") if part)
        comment = Comment(note, "ikmkit")
        comment.width, comment.height = 420, 260
        cell.comment = comment


def _add_validations(ws: Any, columns: list[str], rubric: readiness.Rubric) -> None:
    """Drop-down lists: ya/tidak, the sector, whole numbers 0..max for scales."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    yes_no = DataValidation(type="list", formula1='"ya,tidak"', allow_blank=True)
    yes_no.error = "Isi 'ya' atau 'tidak' (kosongkan jika tidak berlaku untuk sektornya)."
    sector_dv = DataValidation(type="list", formula1='"' + ",".join(readiness.SECTORS) + '"',
                               allow_blank=False)
    ws.add_data_validation(yes_no)
    ws.add_data_validation(sector_dv)
    sector_dv.add("D2:D2000")
    scales: dict[int, DataValidation] = {}
    gates = rubric.gates
    for k, name in enumerate(columns, start=1):
        letter = get_column_letter(k)
        ws.column_dimensions[letter].width = max(12, len(name) + 3)
        if name in META_COLUMNS:
            continue
        ind = None if name in gates else rubric.indicator(name)
        if ind is None or ind.kind == "bool":
            yes_no.add(f"{letter}2:{letter}2000")
        elif ind.kind == "scale":
            if ind.max not in scales:
                dv = DataValidation(type="whole", operator="between", formula1="0",
                                    formula2=str(ind.max), allow_blank=True)
                dv.error = f"Isi bilangan bulat 0 sampai {ind.max}."
                ws.add_data_validation(dv)
                scales[ind.max] = dv
            scales[ind.max].add(f"{letter}2:{letter}2000")


def _guide_sheet(guide: Any, guide_rows: list[list[str]]) -> None:
    from openpyxl.styles import Alignment

    guide.append(["Kolom", "Pertanyaan", "Penjelasan dan contoh", "Nilai yang boleh",
                  "Berlaku untuk sektor", "Dimensi", "Penghambat ekspor?", "Sumber"])
    for row in guide_rows:
        guide.append([spreadsheet_safe(v) for v in row])
    guide.append([])
    guide.append(["Catatan", "Baris 1 di lembar Data adalah judul kolom; isi satu IKM per baris "
                  "mulai baris 2. Arahkan tetikus ke judul kolom untuk membaca penjelasannya. "
                  "Kosongkan sel (atau isi '-') bila pertanyaan tidak berlaku untuk sektor IKM "
                  "tersebut. Nilai dihitung dengan `ikmkit score`."])
    _style_header(guide[1])
    for letter, width in zip("ABCDEFGH", (24, 50, 70, 36, 24, 24, 12, 40), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide.freeze_panes = "A2"


# --------------------------------------------------------------------------- reading


def _raw_frame(path: Path) -> pd.DataFrame:
    """All cells as objects (strings from CSV, Python values from XLSX), header from row 1."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise SheetError(f"berkas tidak ditemukan: {str(path)!r}")
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                               skip_blank_lines=False)
        if suffix in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True, data_only=True)
            try:
                ws = wb["Data"] if "Data" in wb.sheetnames else wb.worksheets[0]
                rows = list(ws.iter_rows(values_only=True))
            finally:
                wb.close()
            if not rows:
                raise SheetError(f"{path.name}: lembar kosong (baris judul tidak ada)")
            header = ["" if h is None else str(h).strip() for h in rows[0]]
            body = [list(r) + [None] * (len(header) - len(r)) for r in rows[1:]]
            frame = pd.DataFrame([r[: len(header)] for r in body], columns=header, dtype=object)
            return frame.loc[:, [h != "" for h in header]]
    except SheetError:
        raise
    except (OSError, ValueError, KeyError) as exc:
        raise SheetError(f"{path.name}: tidak bisa dibaca ({exc})") from None
    except Exception as exc:  # openpyxl raises zipfile/xml errors on damaged files
        raise SheetError(f"{path.name}: bukan berkas Excel yang sah ({exc})") from None
    raise SheetError(f"{path.name}: format tidak dikenal; pakai .csv atau .xlsx")


def _texts(col: pd.Series) -> pd.Series:
    """Cells as stripped lower-case text; floats that are whole numbers lose their '.0'."""

    def one(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float):
            if math.isnan(v):
                return ""
            return repr(int(v)) if v.is_integer() else repr(v)
        return str(v).strip().lower()

    return col.map(one)


def _to_number(text: pd.Series) -> pd.Series:
    """Parse numbers written ``1500``, ``1500.5`` or ``1500,5``; NaN where not a number."""
    fixed = text.where(text.str.contains(".", regex=False), text.str.replace(",", ".",
                                                                          regex=False))
    return pd.to_numeric(fixed, errors="coerce")


def _cell_text(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v).strip()


class _SheetReader:
    """One mentor sheet being checked: its cells as text, Excel row numbers, and messages
    that name file, row, column (with the question) and the cell as typed."""

    def __init__(self, name: str, raw: pd.DataFrame, rubric: readiness.Rubric) -> None:
        self.name, self.raw, self.rubric = name, raw, rubric
        raw.columns = [str(c).strip() for c in raw.columns]
        dupes = raw.columns[raw.columns.duplicated()].tolist()
        if dupes:
            raise SheetError(f"{name}: kolom ganda di baris judul: {dupes[0]!r}")
        # drop rows that are entirely empty (Excel often keeps formatted blank rows)
        texts = {c: _texts(raw[c]) for c in raw.columns}
        filled = np.zeros(len(raw), dtype=bool)
        for t in texts.values():
            filled |= ~t.isin(_EMPTY).to_numpy()
        self.filled = filled
        self.rows = pd.RangeIndex(2, len(raw) + 2)[filled]
        self.texts = {c: t[filled].set_axis(self.rows) for c, t in texts.items()}
        for col in ("ikm_id", "sector"):
            if col not in self.texts:
                raise SheetError(f"{name}: kolom {col!r} tidak ada di baris judul (baris 1); "
                                 f"unduh templat dengan `ikmkit template --out lembar.xlsx`")

    def fail(self, row: int, column: str, rule: str, value: Any = None) -> SheetError:
        if value is None:
            value = self.raw[column].iloc[row - 2]
        if column in META_COLUMNS:
            label = ""
        elif column in self.rubric.gates:
            label = f" ({self.rubric.gates[column].gate.label})"  # type: ignore[union-attr]
        else:
            label = f" ({self.rubric.indicator(column).label})"
        return SheetError(f"{self.name} baris {row}, kolom {column!r}{label}: {rule}: {value!r}")

    def column(self, name: str) -> pd.Series:
        """A column's cells as typed, stripped (rows with something in them only)."""
        if name not in self.raw.columns:
            return pd.Series("", index=self.rows, dtype=object)
        return self.raw[name][self.filled].set_axis(self.rows).map(_cell_text).astype(object)

    def identity(self, out: pd.DataFrame) -> None:
        ids = self.column("ikm_id").map(
            lambda s: s[:-2] if s.endswith(".0") and s[:-2].isdigit() else s)
        empty_id = ids == ""
        if empty_id.any():
            raise self.fail(int(ids.index[empty_id.to_numpy()][0]), "ikm_id", "wajib diisi", "")
        dup = ids.duplicated()
        if dup.any():
            row = int(ids.index[dup.to_numpy()][0])
            first = int(ids.index[(ids == ids[row]).to_numpy()][0])
            raise self.fail(row, "ikm_id", f"tidak boleh ganda (sama dengan baris {first})",
                            ids[row])
        out["ikm_id"] = ids.astype(object)
        for col in ("nama_usaha", "kabupaten"):
            out[col] = self.column(col)

    def sector(self, out: pd.DataFrame) -> np.ndarray:
        sector = self.texts["sector"].str.replace(" ", "-", regex=False).str.replace(
            "_", "-", regex=False)
        bad = ~sector.isin(readiness.SECTORS)
        if bad.any():
            raise self.fail(int(sector.index[bad.to_numpy()][0]), "sector",
                            "harus salah satu dari " + ", ".join(readiness.SECTORS))
        out["sector"] = pd.Categorical(sector, categories=list(readiness.SECTORS))
        return out["sector"].cat.codes.to_numpy()

    def gate(self, ind: readiness.Indicator, applies: np.ndarray, out: pd.DataFrame
             ) -> np.ndarray:
        """Rows whose gate question says "tidak" (the question counts as met)."""
        met = np.zeros(len(out), dtype=bool)
        if ind.gate is None or ind.gate.id not in self.texts:
            return met
        gate_text = self.texts[ind.gate.id]
        gate_empty = gate_text.isin(_EMPTY).to_numpy()
        yes, wrong, rule = _parse_bool(gate_text, ind)
        wrong = wrong & applies & ~gate_empty
        if wrong.any():
            raise self.fail(int(gate_text.index[wrong][0]), ind.gate.id, rule)
        given = applies & ~gate_empty
        out[ind.gate.id] = pd.arrays.BooleanArray(np.asarray(yes, dtype=bool) & given, ~given)
        return given & ~np.asarray(yes, dtype=bool)

    def indicator(self, ind: readiness.Indicator, codes: np.ndarray, out: pd.DataFrame) -> None:
        applies = np.isin(codes, [readiness.SECTORS.index(s) for s in ind.sectors])
        met = self.gate(ind, applies, out)
        applies = applies & ~met
        if ind.id not in self.texts:
            if applies.any():
                raise SheetError(f"{self.name}: kolom {ind.id!r} ({ind.label}) tidak ada di "
                                 f"baris judul; wajib untuk sektor {', '.join(ind.sectors)}")
            out[ind.id] = (pd.arrays.BooleanArray(met.copy(), ~met) if met.any()
                           else pd.array([pd.NA] * len(out), dtype=_DTYPES[ind.kind]))
            return
        text = self.texts[ind.id]
        empty = text.isin(_EMPTY).to_numpy()
        missing = applies & empty
        if missing.any():
            row = int(text.index[missing][0])
            raise self.fail(row, ind.id, f"wajib diisi untuk sektor {out['sector'][row]}", "")
        check = applies & ~empty  # cells of other sectors are ignored
        values, wrong, rule = _PARSERS[ind.kind](text, ind)
        wrong = wrong & check
        if wrong.any():
            raise self.fail(int(text.index[wrong][0]), ind.id, rule)
        if ind.kind != "bool":
            out[ind.id] = pd.array(np.where(check, values, np.nan), dtype="Float64").astype(
                _DTYPES[ind.kind])
        else:  # a gate answered "tidak" makes the question count as met ("ya")
            out[ind.id] = pd.arrays.BooleanArray(
                (np.asarray(values, dtype=bool) & check) | met, ~(check | met))


def read_sheet(path: str | Path, rubric: readiness.Rubric | None = None) -> pd.DataFrame:
    """Read and validate a mentor sheet (CSV or XLSX) into typed answers.

    Returns one row per IKM with the :data:`META_COLUMNS` (``sector`` normalised) and one
    column per indicator: nullable boolean for yes/no, ``Int64`` for scales, ``Float64``
    for numbers; empty where the indicator does not apply. The index is the Excel row
    number. Raises :class:`SheetError` on the first bad cell, naming row and column.
    """
    rubric = rubric or readiness.load_rubric()
    source = Path(path)
    reader = _SheetReader(source.name, _raw_frame(source), rubric)
    out = pd.DataFrame(index=reader.rows)
    out.index.name = "baris"
    reader.identity(out)
    codes = reader.sector(out)
    for ind in rubric.indicators:
        reader.indicator(ind, codes, out)
    return out


_DTYPES = {"bool": "boolean", "scale": "Int64", "number": "Float64"}


def _parse_bool(text: pd.Series, ind: readiness.Indicator) -> tuple[Any, np.ndarray, str]:
    yes = text.isin(_YES).to_numpy()
    no = text.isin(_NO).to_numpy()
    return yes, ~(yes | no), "harus ya atau tidak"


def _parse_scale(text: pd.Series, ind: readiness.Indicator) -> tuple[Any, np.ndarray, str]:
    num = _to_number(text).to_numpy(dtype=float)
    wrong = ~((num >= 0) & (num <= ind.max) & (np.floor(num) == num))
    return num, wrong, f"harus bilangan bulat 0 sampai {ind.max}"


def _parse_number(text: pd.Series, ind: readiness.Indicator) -> tuple[Any, np.ndarray, str]:
    num = _to_number(text).to_numpy(dtype=float)
    wrong = ~((num >= 0) & np.isfinite(num))
    unit = f" ({ind.unit})" if ind.unit else ""
    return num, wrong, f"harus angka >= 0{unit}"


_PARSERS: dict[str, Callable[[pd.Series, readiness.Indicator], tuple[Any, np.ndarray, str]]] = {
    "bool": _parse_bool, "scale": _parse_scale, "number": _parse_number,
}


# --------------------------------------------------------------------------- scoring


def result_table(answers: pd.DataFrame, rubric: readiness.Rubric | None = None) -> pd.DataFrame:
    """Score a validated sheet (from :func:`read_sheet`) into the table a mentor hands on:
    identity, total, level, blockers (labels), the weakest dimension and one column per
    dimension, with Indonesian column names.
    """
    rubric = rubric or readiness.load_rubric()
    scored = readiness.score_cohort(answers, rubric=rubric)
    labels = {ind.id: ind.label for ind in rubric.indicators}
    blocker_text = scored["blockers"].astype(str).map(
        lambda ids: "; ".join(labels[i] for i in ids.split(";") if i))
    dim_ids = [d.id for d in rubric.dimensions]
    dims = scored[dim_ids].to_numpy(dtype=float)
    weakest = np.array([d.name for d in rubric.dimensions], dtype=object)[
        dims.argmin(axis=1)] if len(scored) else np.array([], dtype=object)
    out = pd.DataFrame({
        "ikm_id": answers["ikm_id"].to_numpy(),
        "nama_usaha": answers["nama_usaha"].to_numpy(),
        "kabupaten": answers["kabupaten"].to_numpy(),
        "sektor": answers["sector"].astype(str).to_numpy(),
        "skor_total": scored["total"].to_numpy(),
        "tingkat": scored["level"].astype(str).to_numpy(),
        "jumlah_penghambat": scored["n_blockers"].to_numpy(),
        "penghambat": blocker_text.to_numpy(),
        "dimensi_terlemah": weakest,
    })
    for d in rubric.dimensions:
        out[f"skor_{d.id}"] = scored[d.id].to_numpy()
    return out


def score_sheet(path: str | Path, rubric: readiness.Rubric | None = None) -> pd.DataFrame:
    """Read, validate and score a mentor sheet; see :func:`result_table`.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kunjungan.csv"
    >>> example_sheet(3, seed=4).to_csv(p, index=False)
    >>> score_sheet(p)[["ikm_id", "skor_total"]].shape
    (3, 2)
    """
    rubric = rubric or readiness.load_rubric()
    answers = read_sheet(path, rubric=rubric)
    try:
        return result_table(answers, rubric=rubric)
    except readiness.AnswerError as exc:  # pragma: no cover - read_sheet validates first
        raise SheetError(f"{Path(path).name}: {exc}") from None


# --------------------------------------------------------------------------- writing


_NUMBER_FORMATS = {"skor_": "0.0", "nilai_": "0.0", "jumlah_": "0"}


def write_table(table: pd.DataFrame, path: str | Path, *, sheet_name: str = "Hasil",
                headers: dict[str, str] | None = None) -> Path:
    """Write ``table`` to ``.csv`` (UTF-8 with BOM, so Excel shows accents) or ``.xlsx``
    (bold coloured header, frozen header row, column widths, one decimal for scores),
    atomically. ``headers`` optionally renames columns for people.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise SheetError(f"berkas keluaran harus berakhiran .xlsx atau .csv: {target.name!r}")
    if suffix == ".csv":
        safe = table.copy()
        for col in safe.columns:  # names come from participants: never a formula
            if safe[col].dtype == object:
                safe[col] = safe[col].map(spreadsheet_safe)
        return atomic_write(target, lambda tmp: safe.rename(columns=headers or {}).to_csv(
            tmp, index=False, encoding="utf-8-sig"))
    return atomic_write(target, lambda tmp: write_workbook(tmp, [(sheet_name, table, headers)]))


def write_workbook(path: str | Path,
                   sheets: list[tuple[str, pd.DataFrame, dict[str, str] | None]]) -> None:
    """Write formatted sheets with openpyxl's write-only mode (streams rows; fast for
    thousands of IKMs). Not atomic by itself: :func:`write_table` wraps it."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    font = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E79")
    align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for name, table, headers in sheets:
        ws = wb.create_sheet(name)
        ws.freeze_panes = "B2"
        columns = [str(c) for c in table.columns]
        shown = [(headers or {}).get(c, c) for c in columns]
        for k, (col, title) in enumerate(zip(columns, shown, strict=True), start=1):
            values = table[col]
            lengths = values.astype(str).str.len().fillna(0)
            longest = int(lengths.max()) if len(lengths) else 0
            width = min(60, max(len(title) + 2, longest + 2, 8))
            ws.column_dimensions[get_column_letter(k)].width = width
        header_cells = []
        for title in shown:
            cell = WriteOnlyCell(ws, value=title)
            cell.font, cell.fill, cell.alignment = font, fill, align
            header_cells.append(cell)
        ws.append(header_cells)
        formats = [next((f for p, f in _NUMBER_FORMATS.items() if c.startswith(p)), None)
                   for c in columns]
        pycols = [_python_values(table[c]) for c in columns]
        styled = [k for k, f in enumerate(formats) if f]
        for row in zip(*pycols, strict=True):
            out: list[Any] = list(row)
            for k in styled:
                if out[k] is not None:
                    cell = WriteOnlyCell(ws, value=out[k])
                    cell.number_format = formats[k]
                    out[k] = cell
            ws.append(out)
    wb.save(str(path))


def _python_values(col: pd.Series) -> list[Any]:
    """A column as plain Python values (None for missing) that openpyxl accepts."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        col = col.astype(object)
    values = col.astype(object).where(col.notna(), None).tolist()
    # text from participants is never written as a formula (openpyxl treats "=..." as one)
    return [v.item() if isinstance(v, np.generic) else spreadsheet_safe(v) for v in values]
