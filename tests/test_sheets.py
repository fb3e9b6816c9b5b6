"""Mentor sheets: template, strict reading with Excel row numbers, scoring, safe writing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ikmkit import readiness, sheets
from ikmkit.cli import main

META = ["ikm_id", "nama_usaha", "kabupaten", "sector"]


def _cohort_answers(n: int, seed: int) -> pd.DataFrame:
    return readiness.example_answers(n, seed=seed)


def test_template_has_every_column_and_a_guide(tmp_path: Path) -> None:
    """The template's header is the rubric and "Petunjuk" explains each column."""
    path = sheets.write_template(tmp_path / "lembar.xlsx")
    wb = openpyxl.load_workbook(path)
    header = [c.value for c in wb["Data"][1]]
    rubric = readiness.load_rubric()
    gates = {ind.id: ind.gate.id for ind in rubric.indicators if ind.gate is not None}
    expected = list(META)
    for ind in rubric.indicators:
        expected += [gates[ind.id], ind.id] if ind.id in gates else [ind.id]
    assert header == expected
    guide = {row[0]: row for row in wb["Petunjuk"].iter_rows(min_row=2, values_only=True)
             if row and row[0]}
    assert guide["punya_nib"][3] == "ya / tidak"
    assert "0 sampai 4" in guide["sistem_mutu"][3]
    assert "angka" in guide["kapasitas_batik"][3] and "1.000" in guide["kapasitas_batik"][3]
    assert guide["halal"][4] == "makanan-minuman"


def test_template_shows_the_help_of_every_question(tmp_path: Path) -> None:
    """Each question's plain help (with its example) is in "Petunjuk" and on its heading."""
    path = sheets.write_template(tmp_path / "lembar.xlsx")
    wb = openpyxl.load_workbook(path)
    rubric = readiness.load_rubric()
    guide = {row[0]: row for row in wb["Petunjuk"].iter_rows(min_row=2, values_only=True)
             if row and row[0]}
    comments = {c.value: c.comment.text for c in wb["Data"][1] if c.comment is not None}
    for ind in rubric.indicators:
        assert guide[ind.id][1] == ind.label
        assert ind.help_text() in guide[ind.id][2] and "Contoh" in guide[ind.id][2]
        assert ind.help_text() in comments[ind.id]
    assert "Dasar ambang" in guide["kapasitas_konveksi"][2]
    assert "boleh dikosongkan" in guide["produk_sni_wajib"][2]
    assert "{" not in guide["halal"][2]  # the halal deadline is today's status, not a token


def test_gate_column_lets_the_question_stay_empty(tmp_path: Path) -> None:
    """produk_sni_wajib = tidak: sni_wajib may stay empty and scores as met; ya needs it."""
    typed = sheets.example_sheet(6, seed=1)
    typed.insert(typed.columns.get_loc("sni_wajib"), "produk_sni_wajib", "")
    typed.loc[0, "produk_sni_wajib"] = "tidak"
    typed.loc[0, "sni_wajib"] = ""
    typed.loc[1, "produk_sni_wajib"] = "ya"
    path = tmp_path / "gerbang.csv"
    typed.to_csv(path, index=False)
    answers = sheets.read_sheet(path)
    assert bool(answers["sni_wajib"].iloc[0]) and answers["produk_sni_wajib"].iloc[0] == False  # noqa: E712
    expected = _cohort_answers(6, seed=1)
    expected.loc[0, "sni_wajib"] = True
    assert sheets.score_sheet(path)["skor_total"].tolist() == \
        readiness.score_cohort(expected)["total"].tolist()
    typed.loc[1, "sni_wajib"] = ""
    typed.to_csv(path, index=False)
    with pytest.raises(sheets.SheetError, match=r"baris 3, kolom 'sni_wajib'.*wajib diisi"):
        sheets.read_sheet(path)
    typed.loc[1, "produk_sni_wajib"] = "mungkin"
    typed.to_csv(path, index=False)
    with pytest.raises(sheets.SheetError, match=r"baris 3, kolom 'produk_sni_wajib'.*'mungkin'"):
        sheets.read_sheet(path)


def test_cli_template_writes_the_workbook(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """`ikmkit template --out` writes a workbook that reads back as an empty sheet."""
    out = tmp_path / "kosong.xlsx"
    assert main(["template", "--out", str(out)]) == 0
    assert sheets.read_sheet(out).empty


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_scores_equal_score_cohort(tmp_path: Path, suffix: str) -> None:
    """A typed-in sheet scores exactly like the same answers given to score_cohort."""
    typed = sheets.example_sheet(60, seed=3)
    path = tmp_path / f"kunjungan{suffix}"
    if suffix == ".csv":
        typed.to_csv(path, index=False)
    else:
        sheets.write_table(typed, path, sheet_name="Data")
    result = sheets.score_sheet(path)
    expected = readiness.score_cohort(_cohort_answers(60, seed=3))
    assert result["skor_total"].tolist() == expected["total"].tolist()
    assert result["tingkat"].tolist() == expected["level"].astype(str).tolist()
    assert result["skor_legalitas"].tolist() == expected["legalitas"].tolist()


def test_variant_spellings_are_accepted(tmp_path: Path) -> None:
    """Ya/TIDAK in any case, decimal commas and '-' for not-applicable cells are fine."""
    typed = sheets.example_sheet(8, seed=4)
    typed = typed.replace({"ya": "Ya", "tidak": "TIDAK"})
    typed["sector"] = typed["sector"].str.replace("-", " ").str.title()
    typed["halal"] = typed["halal"].replace("", "-")
    for column in ("kapasitas_batik", "kapasitas_konveksi", "kapasitas_bordir",
                   "kapasitas_pangan"):
        filled = typed[column].astype(str) != ""
        typed.loc[filled, column] = typed.loc[filled, column].astype(str) + ",0"
    path = tmp_path / "variasi.csv"
    typed.to_csv(path, index=False)
    result = sheets.score_sheet(path)
    expected = readiness.score_cohort(_cohort_answers(8, seed=4))
    assert result["skor_total"].tolist() == expected["total"].tolist()


def _bad_sheet(tmp_path: Path, suffix: str, column: str, row_pos: int, value: object) -> Path:
    typed = sheets.example_sheet(6, seed=1)
    typed[column] = typed[column].astype(object)
    typed.loc[row_pos, column] = value
    path = tmp_path / f"salah{suffix}"
    if suffix == ".csv":
        typed.to_csv(path, index=False)
    else:
        sheets.write_table(typed, path, sheet_name="Data")
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_bad_yes_no_cell_names_excel_row_and_column(tmp_path: Path, suffix: str) -> None:
    """'mungkin' in a yes/no column: the error names the row as Excel shows it (header = 1)."""
    path = _bad_sheet(tmp_path, suffix, "punya_nib", 3, "mungkin")
    with pytest.raises(sheets.SheetError) as err:
        sheets.read_sheet(path)
    message = str(err.value)
    assert "baris 5" in message and "'punya_nib'" in message and "'mungkin'" in message


def test_scale_out_of_range_and_negative_number(tmp_path: Path) -> None:
    """A 5 on a 0-4 scale and a negative capacity are refused with the rule in the message."""
    with pytest.raises(sheets.SheetError, match=r"baris 2, kolom 'sistem_mutu'.*0 sampai 4"):
        sheets.read_sheet(_bad_sheet(tmp_path, ".csv", "sistem_mutu", 0, "5"))
    sector = sheets.example_sheet(6, seed=1).loc[5, "sector"]
    column = {"batik": "kapasitas_batik", "konveksi": "kapasitas_konveksi",
              "bordir": "kapasitas_bordir", "makanan-minuman": "kapasitas_pangan"}[sector]
    with pytest.raises(sheets.SheetError, match=rf"baris 7, kolom '{column}'.*>= 0"):
        sheets.read_sheet(_bad_sheet(tmp_path, ".csv", column, 5, "-3"))


def test_missing_answer_for_the_sector_is_refused(tmp_path: Path) -> None:
    """An empty cell where the indicator applies to the row's sector is an error."""
    typed = sheets.example_sheet(12, seed=2)
    row = int(typed.index[typed["sector"] == "makanan-minuman"][0])
    typed.loc[row, "halal"] = ""
    path = tmp_path / "kosong.csv"
    typed.to_csv(path, index=False)
    with pytest.raises(sheets.SheetError,
                       match=rf"baris {row + 2}, kolom 'halal'.*wajib diisi untuk sektor"):
        sheets.read_sheet(path)


def test_bad_sector_duplicate_id_and_missing_column(tmp_path: Path) -> None:
    """Unknown sector, a repeated ikm_id and a missing required column are named."""
    with pytest.raises(sheets.SheetError, match=r"baris 3, kolom 'sector'.*'kerajinan'"):
        sheets.read_sheet(_bad_sheet(tmp_path, ".csv", "sector", 1, "kerajinan"))
    typed = sheets.example_sheet(4, seed=1)
    typed.loc[3, "ikm_id"] = typed.loc[1, "ikm_id"]
    path = tmp_path / "ganda.csv"
    typed.to_csv(path, index=False)
    with pytest.raises(sheets.SheetError, match=r"baris 5, kolom 'ikm_id'.*baris 3"):
        sheets.read_sheet(path)
    typed = sheets.example_sheet(4, seed=1).drop(columns=["punya_nib"])
    typed.to_csv(path, index=False)
    with pytest.raises(sheets.SheetError, match=r"kolom 'punya_nib'.*tidak ada"):
        sheets.read_sheet(path)


def test_cli_score_bad_sheet_exits_2_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """`ikmkit score` on a bad sheet: exit 2, message with row and column, no output file."""
    path = _bad_sheet(tmp_path, ".xlsx", "label_lengkap", 2, "mungkin")
    out = tmp_path / "hasil" / "skor.xlsx"
    assert main(["score", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Galat: ") and "baris 4" in err and "'label_lengkap'" in err
    assert "Traceback" not in err
    assert not out.exists()
    if out.parent.exists():
        assert list(out.parent.iterdir()) == []


def test_cli_score_writes_formatted_xlsx(tmp_path: Path) -> None:
    """`ikmkit score` writes a workbook with a frozen header and the cohort's numbers."""
    typed = sheets.example_sheet(25, seed=9)
    path = tmp_path / "kunjungan.csv"
    typed.to_csv(path, index=False)
    out = tmp_path / "skor.xlsx"
    assert main(["score", str(path), "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out).active
    assert ws.freeze_panes == "B2"
    header = [c.value for c in ws[1]]
    assert ws[1][0].font.bold
    totals = [row[header.index("skor_total")] for row in ws.iter_rows(min_row=2, values_only=True)]
    expected = readiness.score_cohort(_cohort_answers(25, seed=9))["total"].tolist()
    assert totals == expected
    col = header.index("skor_total") + 1
    assert ws.cell(row=2, column=col).number_format == "0.0"


@pytest.mark.parametrize("command", ["score", "template"])
def test_help_is_plain_indonesian(command: str, capsys: pytest.CaptureFixture) -> None:
    """Every command explains itself with --help."""
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "--out" in capsys.readouterr().out


def test_write_table_handles_empty_columns(tmp_path: Path) -> None:
    """A column with no values at all (e.g. no participant has a profile yet) still writes."""
    table = pd.DataFrame({"ikm_id": ["a", "b"], "skor_total": [None, None],
                          "tingkat": pd.Series([None, None], dtype=object)})
    path = sheets.write_table(table, tmp_path / "kosong.xlsx")
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows == [("ikm_id", "skor_total", "tingkat"), ("a", None, None), ("b", None, None)]
