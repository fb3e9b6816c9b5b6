"""Tests for ikmkit.regulations (the register) and the `ikmkit regulations` command."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ikmkit import regulations
from ikmkit.cli import main
from ikmkit.errors import IkmkitError
from ikmkit.regulations import RegulationError

ROOT = Path(__file__).resolve().parents[1]
DEC_2026 = dt.date(2026, 12, 3)

# A small valid register used to build broken variants.
ENTRY_A = """
[[regulation]]
id = "pp-1-2020"
short = "PP 1/2020"
title = "Peraturan Pemerintah Nomor 1 Tahun 2020 tentang Contoh Lama"
issuer = "Presiden RI"
kind = "pp"
governs = "contoh"
status = "replaced"
replaced_by = "pp-2-2022"
source = "https://example.org/pp-1-2020"
checked = 2026-01-01
checked_by = "uji"
confidence = "primary"
"""
ENTRY_B = """
[[regulation]]
id = "pp-2-2022"
short = "PP 2/2022"
title = "Peraturan Pemerintah Nomor 2 Tahun 2022 tentang Contoh Tengah"
issuer = "Presiden RI"
kind = "pp"
governs = "contoh"
status = "replaced"
replaced_by = "pp-3-2024"
source = "https://example.org/pp-2-2022"
checked = 2026-01-01
checked_by = "uji"
confidence = "primary"
"""
ENTRY_C = """
[[regulation]]
id = "pp-3-2024"
short = "PP 3/2024"
aliases = ["Peraturan Pemerintah Nomor 3 Tahun 2024"]
title = "Peraturan Pemerintah Nomor 3 Tahun 2024 tentang Contoh Baru"
issuer = "Presiden RI"
kind = "pp"
governs = "contoh"
status = "in_force"
in_force = 2027-01-01
deadlines = [{ name = "tenggat-uji", date = 2027-06-30, applies_to = "mencoba tenggat" }]
source = "https://example.org/pp-3-2024"
checked = 2024-01-01
checked_by = "uji"
confidence = "secondary"
"""
ENTRY_D = """
[[regulation]]
id = "perpres-9-2019"
short = "Perpres 9/2019"
title = "Peraturan Presiden Nomor 9 Tahun 2019 tentang Contoh Dicabut"
issuer = "Presiden RI"
kind = "perpres"
governs = "contoh"
status = "revoked"
source = "https://example.org/perpres-9-2019"
checked = 2026-01-01
checked_by = "uji"
confidence = "primary"
"""
VALID = 'schema = 1\ntitle = "uji"\n' + ENTRY_A + ENTRY_B + ENTRY_C + ENTRY_D


def write(tmp_path: Path, text: str, name: str = "reg.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path: Path) -> regulations.Register:
    return regulations.load_register(write(tmp_path, VALID))


def notebook(path: Path, cells: list[tuple[str, str]]) -> Path:
    nb = {
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True)}
            | ({"outputs": [], "execution_count": None} if kind == "code" else {})
            for kind, text in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the shipped register


class TestShippedRegister:
    def test_loads_and_is_cached(self):
        """The shipped register validates and is loaded once."""
        reg = regulations.register()
        assert reg is regulations.register()
        assert len(reg) > 40
        assert reg.path == "ikmkit/data/regulations.toml"

    def test_every_entry_is_sourced_dated_and_rated(self):
        """Each entry has a public address, a check date not in the future and a confidence."""
        for reg in regulations.register():
            assert reg.source.startswith(("http://", "https://")), reg.id
            assert reg.checked <= DEC_2026 or reg.checked <= dt.date.today(), reg.id
            assert reg.confidence in regulations.CONFIDENCES
            assert reg.checked_by.strip()

    def test_replaced_rules_lead_to_rules_in_force(self):
        """Every replaced entry's chain ends at a rule in force."""
        for reg in regulations.register():
            if reg.status == "replaced":
                assert regulations.current(reg.id).is_current, reg.id

    @pytest.mark.parametrize(
        ("old", "new"),
        [
            ("perban-bpom-22-2018", "perban-bpom-4-2024"),
            ("perban-bpom-27-2017", "perban-bpom-23-2023"),
            ("perban-bpom-22-2019", "perban-bpom-26-2021"),
            ("pp-39-2021", "pp-42-2024"),
            ("pp-5-2021", "pp-28-2025"),
            ("pp-28-2019", "pp-45-2024"),
        ],
    )
    def test_known_replacements(self, old, new):
        """The replacements found by the December 2026 fact-checks are in the register."""
        assert regulations.get(old).status == "replaced"
        assert regulations.current(old).id == new

    def test_halal_obligation_for_micro_and_small_food_dates(self):
        """PP 42/2024: deadline 17 Oct 2026, obligation from 18 Oct 2026."""
        item = regulations.deadline("pp-42-2024", "halal-umk-pangan")
        assert item.date == dt.date(2026, 10, 17)
        assert item.applies_from == dt.date(2026, 10, 18)

    def test_error_tree(self):
        """RegulationError belongs to the ikmkit error tree."""
        assert issubclass(RegulationError, IkmkitError)
        assert issubclass(RegulationError, ValueError)


# --------------------------------------------------------------------------- loader errors


BROKEN = [
    ("extra top-level key", VALID + "\nowner = 'x'\n", ["kunci tidak dikenal", "owner"]),
    ("unknown entry key", VALID.replace('governs = "contoh"\nstatus = "revoked"',
                                        'governs = "contoh"\nstatus = "revoked"\nurl = "x"'),
     ["'perpres-9-2019'", "'url'", "kunci tidak dikenal"]),
    ("missing field", VALID.replace('issuer = "Presiden RI"\nkind = "perpres"',
                                    'kind = "perpres"'),
     ["'perpres-9-2019'", "'issuer'", "wajib diisi"]),
    ("bad kind", VALID.replace('kind = "perpres"', 'kind = "keputusan"'),
     ["'perpres-9-2019'", "'kind'", "'keputusan'"]),
    ("bad status", VALID.replace('status = "revoked"', 'status = "mati"'),
     ["'perpres-9-2019'", "'status'", "'mati'"]),
    ("date as text", VALID.replace("in_force = 2027-01-01", 'in_force = "2027-01-01"'),
     ["'pp-3-2024'", "'in_force'", "'2027-01-01'"]),
    ("datetime instead of date", VALID.replace("in_force = 2027-01-01",
                                               "in_force = 2027-01-01T10:00:00"),
     ["'pp-3-2024'", "'in_force'", "tanggal TOML"]),
    ("replaced without successor", VALID.replace('replaced_by = "pp-2-2022"\n', ""),
     ["'pp-1-2020'", "'replaced_by'", "wajib diisi"]),
    ("successor unknown", VALID.replace('replaced_by = "pp-2-2022"', 'replaced_by = "pp-9-2099"'),
     ["'pp-1-2020'", "'replaced_by'", "'pp-9-2099'"]),
    ("replaced_by on a rule in force",
     VALID.replace('status = "in_force"\nin_force',
                   'status = "in_force"\nreplaced_by = "pp-1-2020"\nin_force'),
     ["'pp-3-2024'", "'replaced_by'", "'pp-1-2020'"]),
    ("amended without amending entry", VALID.replace('status = "in_force"\nin_force',
                                                     'status = "amended"\nin_force'),
     ["'pp-3-2024'", "'amended_by'"]),
    ("bad id", VALID.replace('id = "perpres-9-2019"', 'id = "Perpres 9/2019"'),
     ["'id'", "'Perpres 9/2019'", "kebab"]),
    ("duplicate id", VALID + ENTRY_D, ["'id' ganda", "'perpres-9-2019'"]),
    ("citation form used twice", VALID.replace('short = "Perpres 9/2019"',
                                               'short = "Perpres 9/2019"\naliases = ["PP 3/2024"]'),
     ["'perpres-9-2019'", "'aliases'", "pp-3-2024", "'PP 3/2024'"]),
    ("source is not an address", VALID.replace('"https://example.org/perpres-9-2019"',
                                               '"kata pak lurah"'),
     ["'perpres-9-2019'", "'source'", "'kata pak lurah'"]),
    ("bad confidence", VALID.replace('confidence = "secondary"', 'confidence = "H"'),
     ["'pp-3-2024'", "'confidence'", "'H'"]),
    ("deadline with unknown key", VALID.replace('applies_to = "mencoba tenggat"',
                                                'applies_to = "mencoba tenggat", kapan = 1'),
     ["'pp-3-2024'", "'deadlines'", "kapan"]),
    ("no entries", 'schema = 1\ntitle = "kosong"\n', ["[[regulation]]"]),
]


@pytest.mark.parametrize(("case", "text", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_loader_rejects_bad_files_naming_file_entry_field_value(tmp_path, case, text, expected):
    """Every bad register raises RegulationError naming the file, entry, field and value."""
    path = write(tmp_path, text)
    with pytest.raises(RegulationError) as info:
        regulations.load_register(path)
    message = str(info.value)
    assert str(path) in message, case
    for part in expected:
        assert part in message, (case, part, message)


def test_loader_rejects_replacement_cycle(tmp_path):
    """A replaced_by chain that loops is refused, with the loop shown."""
    text = VALID.replace('replaced_by = "pp-2-2022"', 'replaced_by = "pp-2-2022"').replace(
        'replaced_by = "pp-3-2024"', 'replaced_by = "pp-1-2020"'
    )
    with pytest.raises(RegulationError, match=r"berputar.*pp-1-2020 -> pp-2-2022 -> pp-1-2020"):
        regulations.load_register(write(tmp_path, text))


def test_loader_missing_and_invalid_files(tmp_path):
    """A missing file and a non-TOML file give clear Indonesian errors."""
    with pytest.raises(RegulationError, match="tidak ditemukan"):
        regulations.load_register(tmp_path / "tidak-ada.toml")
    with pytest.raises(RegulationError, match="bukan TOML"):
        regulations.load_register(write(tmp_path, "[[regulation]\nid="))


# --------------------------------------------------------------------------- look-ups and chains


class TestChains:
    def test_current_follows_a_two_step_chain(self, small):
        """PP 1/2020 -> PP 2/2022 -> PP 3/2024."""
        assert small.current("pp-1-2020").id == "pp-3-2024"
        assert small.current("pp-2-2022").id == "pp-3-2024"
        assert small.current("pp-3-2024").id == "pp-3-2024"

    def test_revoked_without_successor_has_no_current_rule(self, small):
        """A rule revoked without successor cannot be resolved to a current one."""
        with pytest.raises(RegulationError, match="dicabut tanpa aturan pengganti"):
            small.current("perpres-9-2019")

    def test_unknown_id(self, small):
        """An unknown id names itself and the register."""
        with pytest.raises(RegulationError, match="'pp-7-2007' tidak ada di register"):
            small.get("pp-7-2007")


CITATION_FORMS = [
    ("UU 33/2014", "uu-33-2014"),
    ("UU No. 33 Tahun 2014", "uu-33-2014"),
    ("PP 42/2024", "pp-42-2024"),
    ("Perpres 153/2024", "perpres-153-2024"),
    ("Permendag 32/2022", "permendag-32-2022"),
    ("Permenperin 45/2022", "permenperin-45-2022"),
    ("Peraturan BPOM 4/2024", "perban-bpom-4-2024"),
    ("Perban BPOM 26/2021", "perban-bpom-26-2021"),
    ("Peraturan BPOM Nomor 31 Tahun 2018", "perban-bpom-31-2018"),
    ("Kepkaban 146/2025", "kepka-bpjph-146-2025"),
    ("KMA 748/2021", "kma-748-2021"),
    ("Peraturan BSN 28/2021", "perban-bsn-28-2021"),
    ("SNI 7617:2013", "sni-7617-2013"),
    ("SNI 7617", "sni-7617-2013"),
    ("SNI 8303", "sni-8303-2016"),
    ("SNI ISO/IEC 17065", "sni-iso-iec-17065"),
    ("Permendag 73/M-DAG/PER/9/2015", "permendag-73-2015"),
    ("Permenperin 07/M-IND/PER/2/2014", "permenperin-07-2014"),
    ("Regulation (EU) 1169/2011", "eu-1169-2011"),
    ("Regulation (EU) No 1007/2011", "eu-1007-2011"),
    ("Reg. (EU) 2023/988", "eu-2023-988"),
    ("ISO 3758:2023", "iso-3758-2023"),
    ("ISO 3758", "iso-3758-2023"),
    ("16 CFR 423", "us-16-cfr-423"),
    ("CXC 1-1969", "codex-cxc-1-1969"),
    ("Incoterms® 2020", "incoterms-2020"),
    ("ISPM-15", "ispm-15"),
    ("ATIGA", "atiga"),
]


@pytest.mark.parametrize(("text", "reg_id"), CITATION_FORMS)
def test_find_recognises_citation_forms(text, reg_id):
    """Indonesian, SNI/ISO, EU and international citation forms resolve to their entry."""
    found = regulations.find(text)
    assert found is not None, text
    assert found.id == reg_id


@pytest.mark.parametrize(
    "text",
    ["PPH 2021 di desa", "nomor P-IRT 15 digit", "US$2,60 per potong", "2023/2024",
     "SNI Bina UMK", "ISO-nya belum", "(UU) saja"],
)
def test_plain_text_is_not_a_citation(text):
    """Numbers, prices, programme names and bare acronyms are not citations."""
    assert regulations.citations(text) == []


def test_find_unknown_citation_is_none():
    """A well-formed citation of a rule not in the register gives None."""
    assert regulations.find("PP 99/2030") is None


def test_citations_continue_after_jo():
    """'... 31/2018 jo. 20/2021' and 'SNI 8302, 8303 dan 8304' yield one citation per rule."""
    found = regulations.citations("Perban BPOM 31/2018 jo. 20/2021")
    assert [regulations.register().lookup(c).id for c in found] == [
        "perban-bpom-31-2018",
        "perban-bpom-20-2021",
    ]
    keys = [c.key for c in regulations.citations("SNI 8302:2016, 8303 dan 8304")]
    assert [k[1] for k in keys] == ["8302", "8303", "8304"]


# --------------------------------------------------------------------------- checking text


class TestCheckText:
    def test_replaced_rule_cited_as_current_is_a_finding(self):
        """'Perban BPOM 22/2018' as the basis of PIRT is stale and names its successor."""
        (finding,) = regulations.check_text("SPP-IRT, Perban BPOM 22/2018: wajib.")
        assert finding.problem == "replaced"
        assert finding.regulation == "perban-bpom-22-2018"
        assert "Peraturan BPOM 4/2024" in finding.message

    @pytest.mark.parametrize(
        "text",
        [
            "PP 42/2024 (menggantikan PP 39/2021)",
            "Peraturan BPOM 4/2024, pengganti Perban BPOM 22/2018",
            "sebelumnya diatur PP 28/2019",
            "PP 39/2021 (diganti PP 42/2024)",
            "PP 5/2021, sudah dicabut",
            "Perban BPOM 22/2019 (lama)",
        ],
    )
    def test_history_mentions_are_allowed(self, text):
        """The documented history markers before or after a citation are accepted."""
        assert regulations.check_text(text) == []

    def test_marker_must_be_close(self):
        """'paling lama' far from an explicit marker does not excuse a stale citation."""
        text = "berlaku paling lama 5 tahun (Perban BPOM 22/2018)"
        assert [f.problem for f in regulations.check_text(text)] == ["replaced"]

    def test_revoked_rule(self, small):
        """A revoked rule cited as current is reported as 'revoked'."""
        (finding,) = small.check_text("dasar: Perpres 9/2019")
        assert finding.problem == "revoked"
        assert "dicabut tanpa pengganti" in finding.message

    def test_unknown_rule(self):
        """A citation missing from the register is reported with the register's name."""
        (finding,) = regulations.check_text("Permendag 24/2018 tentang SKA", path="x.md")
        assert finding.problem == "unknown"
        assert str(finding).startswith("x.md (baris 1): ")
        assert "regulations.toml" in finding.message


# --------------------------------------------------------------------------- checking files


def test_notebook_citing_replaced_rule_fails_naming_file_cell_and_citation(tmp_path):
    """A notebook that cites Perban BPOM 22/2018 as current fails, naming file, cell and line."""
    nb = notebook(
        tmp_path / "pelajaran.ipynb",
        [
            ("markdown", "# Izin edar pangan\n\nPIRT diatur Peraturan BPOM 4/2024."),
            ("code", "print('tanpa kutipan')"),
            ("markdown", "Ringkasan:\n- SPP-IRT: **Perban BPOM 22/2018**, Bupati/Walikota."),
        ],
    )
    findings = regulations.check_paths([nb])
    assert len(findings) == 1
    (finding,) = findings
    assert finding.cell == 2 and finding.line == 2
    assert finding.citation == "Perban BPOM 22/2018"
    text = str(finding)
    assert "pelajaran.ipynb" in text and "sel ke-3, baris 2" in text
    assert "Perban BPOM 22/2018" in text


def test_code_cells_markdown_and_toml_are_checked(tmp_path):
    """Citations in code cells, .md and .toml files are checked; other files are ignored."""
    notebook(tmp_path / "a.ipynb", [("code", "# dasar: PP 39/2021\nx = 1")])
    (tmp_path / "b.md").write_text("Baris 1\nDasar PP 5/2021.\n", encoding="utf-8")
    (tmp_path / "c.toml").write_text('source = "Permendag 24/2018"\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text("PP 39/2021\n", encoding="utf-8")
    hidden = tmp_path / ".ipynb_checkpoints"
    hidden.mkdir()
    notebook(hidden / "a-checkpoint.ipynb", [("code", "# PP 39/2021")])
    found = {(Path(f.path).name, f.line, f.problem) for f in regulations.check_paths([tmp_path])}
    assert found == {("a.ipynb", 1, "replaced"), ("b.md", 2, "replaced"),
                     ("c.toml", 1, "unknown")}


def test_check_paths_refuses_missing_path(tmp_path):
    """A path that does not exist is an error, not a silent pass."""
    with pytest.raises(RegulationError, match="tidak ditemukan"):
        regulations.check_paths([tmp_path / "tidak-ada"])


def test_the_register_itself_is_not_checked():
    """The register lists replaced rules; checking the data folder skips it."""
    data = Path(regulations.__file__).parent / "data"
    assert not [f for f in regulations.check_paths([data]) if f.path.endswith("regulations.toml")]


def test_repository_citations_are_clean():
    """Every citation in the curriculum, assessments and data resolves to a current rule."""
    paths = [ROOT / "curriculum", ROOT / "assessments", Path(regulations.__file__).parent / "data"]
    findings = regulations.check_paths(paths)
    assert findings == [], "\n".join(str(f) for f in findings)


# --------------------------------------------------------------------------- dates and phrases


class TestDates:
    def test_deadline_text_before_on_and_after(self):
        """The phrase is computed from the register and the date given."""
        before = regulations.deadline_text("pp-42-2024", "halal-umk-pangan",
                                           today=dt.date(2026, 10, 16))
        last = regulations.deadline_text("pp-42-2024", "halal-umk-pangan",
                                         today=dt.date(2026, 10, 17))
        after = regulations.deadline_text("pp-42-2024", "halal-umk-pangan",
                                          today=dt.date(2026, 10, 18))
        assert "berlaku mulai 18 Oktober 2026" in before and "1 hari lagi" in before
        assert "hari ini hari terakhir" in last
        assert "sudah berlaku sejak 18 Oktober 2026" in after and "lewat 1 hari" in after

    def test_in_effect(self, small):
        """Deadlines apply from the next day; rules from their in-force date."""
        assert regulations.in_effect("pp-3-2024", today=dt.date(2026, 12, 31),
                                     register=small) is False
        assert regulations.in_effect("pp-3-2024", today=dt.date(2027, 1, 1), register=small)
        assert not regulations.in_effect("pp-3-2024", "tenggat-uji", today=dt.date(2027, 6, 30),
                                         register=small)
        assert regulations.in_effect("pp-3-2024", "tenggat-uji", today=dt.date(2027, 7, 1),
                                     register=small)
        assert not regulations.in_effect("pp-1-2020", today=DEC_2026, register=small)

    def test_status_text(self, small):
        """'berlaku mulai', 'sudah berlaku sejak', 'diubah' and 'diganti' phrases."""
        assert regulations.status_text("pp-3-2024", today=dt.date(2026, 12, 1),
                                       register=small) == "PP 3/2024 berlaku mulai 1 Januari 2027."
        assert regulations.status_text("pp-3-2024", today=dt.date(2027, 2, 1), register=small) \
            == "PP 3/2024 sudah berlaku sejak 1 Januari 2027."
        assert regulations.status_text("pp-1-2020", register=small) \
            == "PP 1/2020 sudah tidak berlaku: diganti PP 3/2024."
        assert regulations.status_text("perpres-9-2019", register=small) \
            == "Perpres 9/2019 sudah dicabut."
        text = regulations.status_text("uu-33-2014", today=DEC_2026)
        assert "sebagaimana diubah UU 6/2023" in text

    def test_unknown_deadline_lists_the_known_ones(self):
        """Asking for a deadline a rule does not have names the ones it has."""
        with pytest.raises(RegulationError, match="halal-umk-pangan"):
            regulations.deadline("pp-42-2024", "halal-kosmetik")

    def test_today_must_be_a_date(self):
        """A datetime or text for 'today' is refused."""
        with pytest.raises(RegulationError, match="'today'"):
            regulations.deadline_text("pp-42-2024", "halal-umk-pangan", today="2026-12-03")

    def test_stale_entries(self, small):
        """Entries last checked more than N days before 'today' are stale."""
        stale = small.stale(365, dt.date(2026, 6, 1))
        assert [r.id for r in stale] == ["pp-3-2024"]
        assert small.stale(365, dt.date(2024, 6, 1)) == []
        with pytest.raises(RegulationError, match="'days'"):
            small.stale(-1)

    def test_table_for_sumber_sections(self):
        """table() gives the entries with their computed status and source address."""
        table = regulations.table(["pp-42-2024", "perban-bpom-22-2018"], today=DEC_2026)
        assert list(table.columns) == ["aturan", "judul", "status", "sumber", "dicek"]
        assert table.loc[0, "aturan"] == "PP 42/2024"
        assert table.loc[1, "status"].startswith("Peraturan BPOM 22/2018 sudah tidak berlaku")
        assert table.loc[0, "sumber"].startswith("https://")


# --------------------------------------------------------------------------- the command


class TestCommand:
    def test_check_clean_folder_exits_0(self, tmp_path, capsys):
        """A folder whose citations are all current passes."""
        (tmp_path / "ok.md").write_text("Halal: UU 33/2014 dan PP 42/2024.\n", encoding="utf-8")
        assert main(["regulations", "check", str(tmp_path)]) == 0
        assert "cocok dengan register" in capsys.readouterr().out

    def test_check_stale_notebook_exits_1_naming_file_cell_citation(self, tmp_path, capsys):
        """A notebook citing a replaced rule as current fails with file, cell and citation."""
        nb = notebook(tmp_path / "halal.ipynb",
                      [("markdown", "Judul"), ("markdown", "Dasar: PP 39/2021.")])
        assert main(["regulations", "check", str(nb)]) == 1
        out = capsys.readouterr().out
        assert "halal.ipynb (sel ke-2, baris 1)" in out
        assert '"PP 39/2021"' in out and "PP 42/2024" in out

    def test_check_missing_path_exits_2(self, tmp_path, capsys):
        """A path that does not exist is bad usage."""
        assert main(["regulations", "check", str(tmp_path / "tidak-ada")]) == 2
        assert "tidak ditemukan" in capsys.readouterr().err

    def test_check_bad_register_exits_2(self, tmp_path, capsys):
        """A broken register file is bad input (2), with the file named."""
        bad = write(tmp_path, VALID.replace('kind = "perpres"', 'kind = "surat"'))
        assert main(["regulations", "check", "--register", str(bad), str(tmp_path)]) == 2
        assert "'kind'" in capsys.readouterr().err

    def test_no_action_is_usage_error(self, capsys):
        """`ikmkit regulations` alone prints help and exits 2."""
        assert main(["regulations"]) == 2
        assert "check" in capsys.readouterr().out

    def test_list_and_stale_after(self, tmp_path, capsys):
        """`list` shows every entry; --stale-after marks the ones to re-check."""
        path = write(tmp_path, VALID)
        assert main(["regulations", "list", "--register", str(path)]) == 0
        out = capsys.readouterr().out
        assert all(i in out for i in ("pp-1-2020", "pp-3-2024", "perpres-9-2019"))
        assert "PERLU DICEK ULANG" not in out
        assert main(["regulations", "list", "--register", str(path), "--stale-after", "365",
                     "--today", "2026-06-01"]) == 0
        out = capsys.readouterr().out
        marked = [line for line in out.splitlines() if "PERLU DICEK ULANG" in line]
        assert len(marked) == 1 and marked[0].startswith("pp-3-2024")
        assert "1 dari 4 entri" in out

    def test_list_bad_days_is_usage_error(self):
        """A negative or non-numeric --stale-after exits 2 without a traceback."""
        proc = subprocess.run(
            [sys.executable, "-m", "ikmkit.cli", "regulations", "list", "--stale-after", "-3"],
            capture_output=True, text=True,
        )
        assert proc.returncode == 2
        assert "Traceback" not in proc.stderr and "negatif" in proc.stderr

    def test_default_paths_from_repository_root_pass(self):
        """`ikmkit regulations check` from the repository root is clean (as in `make test`)."""
        proc = subprocess.run([sys.executable, "-m", "ikmkit.cli", "regulations", "check"],
                              capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 0, proc.stdout + proc.stderr
