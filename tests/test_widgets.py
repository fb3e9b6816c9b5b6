"""Tests for ikmkit.widgets: drive each tool from Python and check what it shows."""

from __future__ import annotations

import base64
import html
import json
from decimal import Decimal

import pytest

from ikmkit import costing, packaging, readiness, standards, usaha
from ikmkit.widgets import (
    BusinessProfile,
    CertificationRoadmap,
    ContainerPlanner,
    LabelChecklist,
    PriceBuildUp,
    SelfAssessment,
)

RUBRIC = readiness.load_rubric()


def _best_answers(sector: str) -> dict[str, bool | int]:
    return {
        ind.id: (True if ind.kind == "bool" else ind.max if ind.kind == "scale"
                 else int(ind.thresholds[-1]))
        for ind in RUBRIC.for_sector(sector)
    }


# --------------------------------------------------------------------------- SelfAssessment


class TestSelfAssessment:
    def test_one_control_per_indicator_shown_for_the_sector(self) -> None:
        """Every rubric indicator has a control; only the sector's indicators are shown."""
        tool = SelfAssessment(sector="batik", chart=False)
        assert set(tool.controls) == {ind.id for ind in RUBRIC.indicators}
        shown = [row for group in tool.accordion.children for row in group.children]
        expected = [tool._rows[ind.id] for ind in RUBRIC.for_sector("batik")]
        assert sorted(map(id, shown)) == sorted(map(id, expected))
        assert set(tool.answers()) == {ind.id for ind in RUBRIC.for_sector("batik")}

    def test_groups_are_dimensions_with_indonesian_titles(self) -> None:
        """Accordion sections are the rubric dimensions, named in Indonesian."""
        tool = SelfAssessment(sector="konveksi", chart=False)
        assert len(tool.accordion.titles) == len(RUBRIC.dimensions)
        for title, dim in zip(tool.accordion.titles, RUBRIC.dimensions, strict=True):
            assert title.startswith(dim.name)

    def test_result_matches_readiness_score(self) -> None:
        """The live result is readiness.score of the current answers."""
        tool = SelfAssessment(sector="bordir", chart=False)
        tool.controls["punya_nib"].value = True
        tool.controls["sistem_mutu"].value = 3
        tool.controls["kapasitas_bordir"].value = 1500
        expected = readiness.score(tool.answers(), sector="bordir")
        assert tool.result == expected
        assert tool.answers()["sistem_mutu"] == 3

    def test_blocker_changes_level_and_summary(self) -> None:
        """Turning NIB off caps the level and the HTML summary says so."""
        tool = SelfAssessment(sector="batik", answers=_best_answers("batik"), chart=False)
        assert tool.result.level.key == "siap-ekspor"
        assert "Siap ekspor" in tool.summary.value
        assert "Tidak ada penghambat" in tool.blockers.value
        summary_before = tool.summary.value
        tool.controls["punya_nib"].value = False
        assert tool.result.level.key == "rintisan"
        assert tool.summary.value != summary_before
        assert "Rintisan ekspor" in tool.summary.value
        assert "NIB" in tool.blockers.value
        assert "WAJIB DULU" in tool.next_steps.value

    def test_next_steps_follow_recommendations(self) -> None:
        """Next steps list the largest gaps first, at most max_steps, with module names."""
        tool = SelfAssessment(sector="makanan-minuman", chart=False, max_steps=3)
        recs = tool.result.recommendations
        assert tool.next_steps.value.count("<li>") == 3
        first = tool.next_steps.value.index(recs[0].text[:30])
        second = tool.next_steps.value.index(recs[1].text[:30])
        assert first < second
        assert readiness.MODULES[recs[0].module] in tool.next_steps.value

    def test_prefill_from_example_answers_row(self) -> None:
        """A row of example_answers (with NA for other sectors) fills the form as scored."""
        cohort = readiness.example_answers(5, seed=2)
        table = readiness.score_cohort(cohort)
        row = cohort.iloc[3]
        tool = SelfAssessment(sector=row["sector"], answers=row.to_dict(), chart=False)
        assert tool.result.total == pytest.approx(float(table["total"].iloc[3]))

    def test_sector_switch_changes_questions(self) -> None:
        """Switching to makanan-minuman shows the halal question and hides batikmark."""
        tool = SelfAssessment(sector="batik", chart=False)
        assert "batikmark" in tool.answers() and "halal" not in tool.answers()
        tool.sector_input.value = "makanan-minuman"
        assert "halal" in tool.answers() and "batikmark" not in tool.answers()
        assert tool.result.sector == "makanan-minuman"

    def test_scale_options_carry_their_meaning(self) -> None:
        """A scale control offers 0..max, labelled with the rubric's descriptions."""
        tool = SelfAssessment(sector="batik", chart=False)
        options = tool.controls["sistem_mutu"].options
        assert [value for _, value in options] == [0, 1, 2, 3, 4]
        assert "ISO 9001" in options[4][0]

    def test_radar_chart_is_a_png_that_follows_the_answers(self) -> None:
        """The chart output holds a PNG and alt text with the dimension scores."""
        tool = SelfAssessment(sector="konveksi")
        (out,) = tool.chart.outputs
        png = base64.b64decode(out["data"]["image/png"])
        assert png.startswith(b"\x89PNG")
        assert "Legalitas usaha 0" in out["data"]["text/plain"]
        tool.controls["punya_nib"].value = True
        (after,) = tool.chart.outputs
        assert after["data"]["image/png"] != out["data"]["image/png"]
        assert "Legalitas usaha 0;" not in after["data"]["text/plain"]

    def test_save_button_writes_profile_beside_the_notebook(self, tmp_path, monkeypatch) -> None:
        """'Simpan profil' writes profil_ikm.json in the working directory, loadable again."""
        monkeypatch.chdir(tmp_path)
        tool = SelfAssessment(sector="batik", business="Batik Sekar Gedog", chart=False)
        tool.controls["punya_nib"].value = True
        tool.participant_input.value = "P-007"
        tool.save_button.click()
        saved = json.loads((tmp_path / "profil_ikm.json").read_text(encoding="utf-8"))
        assert saved["business"] == "Batik Sekar Gedog"
        assert saved["participant"] == "P-007"
        assert saved["answers"]["punya_nib"] is True
        assert readiness.load_profile(tmp_path)["total"] == tool.result.total
        assert "Profil tersimpan" in tool.status.value

    def test_save_reports_errors_in_status(self, tmp_path) -> None:
        """An unwritable path gives a message in the form, not a traceback."""
        tool = SelfAssessment(sector="batik", chart=False,
                              path=tmp_path / "tidak-ada" / "profil_ikm.json")
        assert tool.save() is None
        assert "Periksa isian" in tool.status.value

    def test_unknown_sector_is_rejected(self) -> None:
        """A sector outside readiness.SECTORS raises the documented error."""
        with pytest.raises(readiness.AnswerError, match="sector"):
            SelfAssessment(sector="kerajinan")

    def test_every_question_shows_its_plain_help(self) -> None:
        """The help text (with its example) of every question is shown under it."""
        tool = SelfAssessment(sector="makanan-minuman", chart=False)
        for ind in RUBRIC.for_sector("makanan-minuman"):
            shown = html.unescape(tool._rows[ind.id].children[-1].children[0].value)
            assert ind.help_text() in shown and "Contoh" in shown, ind.id
        gate_text = html.unescape(tool._rows["izin_edar_pangan"].children[0].value)
        assert RUBRIC.indicator("izin_edar_pangan").gate.help_text() in gate_text

    def test_gate_question_hides_the_certificate_question(self) -> None:
        """"Is any product under a mandatory SNI?" = Tidak: the SPPT-SNI question goes away,
        counts as met, and the blocker disappears."""
        answers = {**_best_answers("konveksi"), "sni_wajib": False}
        tool = SelfAssessment(sector="konveksi", answers=answers, chart=False)
        assert tool.asked("sni_wajib") and [b.id for b in tool.result.blockers] == ["sni_wajib"]
        tool.gates["produk_sni_wajib"].value = False
        assert not tool.asked("sni_wajib") and tool.result.blockers == []
        assert tool.result == readiness.score({**answers, "produk_sni_wajib": False}, "konveksi")
        assert tool.gate_answers() == {"produk_sni_wajib": False}

    def test_next_steps_name_the_notebook_that_teaches_them(self) -> None:
        """A step shows the module and the notebook (e.g. "notebook 02.1")."""
        answers = {**_best_answers("batik"), "kapasitas_batik": 0}
        tool = SelfAssessment(sector="batik", answers=answers, chart=False)
        assert "Modul 02 Kesiapan ekspor, notebook 02.1" in tool.next_steps.value

    def test_from_usaha_and_save_keep_the_answers_in_usaha_saya(self, tmp_path,
                                                                  monkeypatch) -> None:
        """from_usaha takes sector and name from "bisnis", capacity from its output; Simpan
        writes profil_ikm.json and the "kesiapan" section; the next form reloads it."""
        monkeypatch.chdir(tmp_path)
        path = tmp_path / "usaha_saya.json"
        usaha.save("bisnis", {"nama_usaha": "Bordir Melati", "sektor": "bordir",
                              "produksi_bulanan": 600}, path=path)
        tool = SelfAssessment.from_usaha(path, chart=False)
        assert tool.sector == "bordir" and tool.business_input.value == "Bordir Melati"
        assert tool.answers()["kapasitas_bordir"] == 600
        tool.controls["punya_nib"].value = True
        tool.gates["produk_sni_wajib"].value = False
        assert tool.save() is not None
        saved = usaha.load(path).section("kesiapan")
        assert saved["jawaban"]["punya_nib"] is True and saved["sektor"] == "bordir"
        assert saved["gerbang"] == {"produk_sni_wajib": False}
        assert saved["skor_total"] == tool.result.total
        assert (tmp_path / "profil_ikm.json").is_file()
        again = SelfAssessment.from_usaha(path, chart=False)
        assert again.answers() == tool.answers() and again.gate_answers() == tool.gate_answers()
        assert "dimuat" in again.note.value

    def test_from_usaha_takes_a_fallback_sector_and_name(self, tmp_path) -> None:
        """A sector and name passed in (the intake's Soal 1) win over the file's, and are
        never passed twice; without them the file's are used."""
        path = tmp_path / "usaha_saya.json"
        empty = SelfAssessment.from_usaha(path, sector="konveksi", business="Buah Hati",
                                          chart=False)
        assert empty.sector == "konveksi" and empty.business_input.value == "Buah Hati"
        usaha.save("bisnis", {"nama_usaha": "Bordir Melati", "sektor": "bordir"}, path=path)
        filled = SelfAssessment.from_usaha(path, sector="konveksi", business="Buah Hati",
                                           chart=False)
        assert filled.sector == "konveksi" and filled.business_input.value == "Buah Hati"
        own = SelfAssessment.from_usaha(path, chart=False)
        assert own.sector == "bordir" and own.business_input.value == "Bordir Melati"

    def test_from_usaha_with_a_broken_file_starts_empty_and_overwrites_nothing(
            self, tmp_path) -> None:
        """A damaged usaha_saya.json is reported in the form and left as it is."""
        path = tmp_path / "usaha_saya.json"
        path.write_text("{rusak", encoding="utf-8")
        tool = SelfAssessment.from_usaha(path, chart=False)
        assert "bukan JSON" in html.unescape(tool.note.value)
        assert tool.result is not None and path.read_text(encoding="utf-8") == "{rusak"

    def test_from_usaha_skips_questions_the_rubric_no_longer_has(self, tmp_path) -> None:
        """Answers to a retired question (kapasitas_bulanan) are named and skipped."""
        path = tmp_path / "usaha_saya.json"
        usaha.save("kesiapan", {"sektor": "batik", "jawaban": {"punya_nib": True,
                                                                "kapasitas_bulanan": 120}},
                   path=path)
        tool = SelfAssessment.from_usaha(path, chart=False)
        assert tool.answers()["punya_nib"] is True
        assert "kapasitas_bulanan" in tool.note.value


# --------------------------------------------------------------------------- PriceBuildUp

_ZERO = dict.fromkeys(
    ["export_packing", "bank_charges", "margin", "inland_transport", "port_and_handling",
     "documents", "freight_usd", "insurance_rate_pct"], 0)


class TestPriceBuildUp:
    def test_rupiah_column_is_costing_export_price(self) -> None:
        """The rupiah build-up equals costing.exw_price + export_price on the same inputs."""
        tool = PriceBuildUp()
        v = {key: c.value for key, c in tool.controls.items()}
        exw = costing.exw_price(v["hpp"], export_packing=v["export_packing"],
                                bank_charges=v["bank_charges"], margin=v["margin"])
        expected = costing.export_price(
            exw, inland_transport=v["inland_transport"],
            port_and_handling=v["port_and_handling"], documents=v["documents"],
            freight=costing.usd_to_idr(Decimal(str(v["freight_usd"])), v["kurs"]),
            insurance_rate=Decimal(str(v["insurance_rate_pct"])) / 100)
        assert tool.result == expected

    def test_dollar_column_converts_at_the_rate(self) -> None:
        """With only HPP, the dollar price is HPP ÷ kurs, and per unit in the summary."""
        tool = PriceBuildUp(hpp=32_400_000, kurs=16_200, units=1000, **_ZERO)
        assert tool.result_usd.fob == Decimal("2000.00")
        assert "FOB US$2,00" in tool.summary.value
        tool.controls["kurs"].value = 16_000
        assert tool.result_usd.fob == Decimal("2025.00")

    def test_freight_and_insurance_move_cfr_and_cif(self) -> None:
        """Freight raises CFR by its dollar amount; insurance follows CIF = CFR/(1-1.1r)."""
        tool = PriceBuildUp(hpp=16_000_000, kurs=16_000, units=1, **_ZERO)
        tool.controls["freight_usd"].value = 250
        assert tool.result_usd.cfr - tool.result_usd.fob == Decimal("250.00")
        assert tool.result.cfr - tool.result.fob == Decimal("4000000.00")
        tool.controls["insurance_rate_pct"].value = 0.5
        assert tool.result_usd.cif == costing.export_price(1250, insurance_rate="0.005").cif
        assert "1.256,91" in tool.table.value

    def test_table_shows_every_step(self) -> None:
        """The table lists EXW, FOB, CFR and CIF rows in rupiah and dollars."""
        tool = PriceBuildUp()
        for term in ("EXW", "FOB", "CFR", "CIF", "Rp", "US$"):
            assert term in tool.table.value

    def test_unknown_input_is_rejected(self) -> None:
        """A misspelt keyword names the allowed ones."""
        with pytest.raises(costing.CostingError, match="freight_usd"):
            PriceBuildUp(freight=100)


# --------------------------------------------------------------------------- ContainerPlanner


class TestContainerPlanner:
    def test_result_is_cartons_per_container(self) -> None:
        """The count equals packaging.cartons_per_container for the same carton."""
        tool = ContainerPlanner(carton_cm=(60, 40, 30), carton_kg=12, container="20GP")
        expected = packaging.cartons_per_container((60, 40, 30), "20GP", carton_kg=12)
        assert tool.result == expected
        assert f"{expected.count} karton" in tool.summary.value
        assert set(tool.comparison) == {"20GP", "40GP", "40HC"}

    def test_container_and_upright_controls(self) -> None:
        """Changing container and 'upright' recomputes with those settings."""
        tool = ContainerPlanner(carton_cm=(60, 40, 30), carton_kg=None)
        tool.controls["container"].value = "40HC"
        tool.controls["upright"].value = True
        expected = packaging.cartons_per_container((60, 40, 30), "40HC", upright=True)
        assert tool.result.count == expected.count
        assert tool.result.container == "40HC"

    def test_heavy_cartons_are_limited_by_payload(self) -> None:
        """Very heavy cartons: limited by weight, and the summary says so."""
        tool = ContainerPlanner(carton_cm=(60, 40, 30), carton_kg=12)
        tool.controls["carton_kg"].value = 70
        assert tool.result.limited_by == "payload"
        assert "berat" in tool.summary.value

    def test_units_per_carton(self) -> None:
        """Units per container = cartons × units per carton."""
        tool = ContainerPlanner(carton_cm=(60, 40, 40), units_per_carton=120)
        shown = f"{tool.result.count * 120:,}".replace(",", ".")
        assert f"{shown} unit" in tool.summary.value

    def test_carton_too_big_shows_an_error(self) -> None:
        """A carton that fits nowhere gives the Indonesian error message and no result."""
        tool = ContainerPlanner()
        tool.controls["length_cm"].value = 700
        tool.controls["width_cm"].value = 250
        assert tool.result is None
        assert "tidak muat" in tool.summary.value


# --------------------------------------------------------------------------- LabelChecklist


class TestLabelChecklist:
    def test_missing_elements_match_check_food_label(self) -> None:
        """Ticked boxes are checked with packaging.check_food_label."""
        tool = LabelChecklist(kind="pangan", market="ID")
        ticked = ["nama_produk", "daftar_bahan", "berat_bersih"]
        with tool.hold():
            for key in ticked:
                tool.controls[key].value = True
        expected = packaging.check_food_label(ticked, "ID")
        assert tool.result.missing == expected.missing
        assert f"{len(expected.missing)} unsur wajib belum" in tool.summary.value
        assert "Perban BPOM" in tool.table.value or "BPOM" in tool.table.value

    def test_complete_label_is_ok(self) -> None:
        """All mandatory elements ticked: the summary says the label is complete."""
        required = [r.id for r in packaging.label_requirements("food", "ID")
                    if r.status == "wajib"]
        tool = LabelChecklist(kind="pangan", market="ID", elements=required)
        assert tool.result.ok
        assert "Lengkap" in tool.summary.value

    def test_conditional_element_that_applies_becomes_missing(self) -> None:
        """Ticking 'berlaku' for allergens moves them from 'periksa' to missing."""
        tool = LabelChecklist(kind="pangan", market="EU")
        assert "alergen" in [r.id for r in tool.result.to_check]
        tool.applies["alergen"].value = True
        assert "alergen" in [r.id for r in tool.result.missing]

    def test_market_switch_shows_that_market_elements(self) -> None:
        """The EU food checklist shows QUID; the Indonesian one does not."""
        tool = LabelChecklist(kind="pangan", market="ID")
        shown = set(map(id, tool._elements_box.children))
        assert id(tool.controls["quid"]) not in shown
        tool.market_input.value = "EU"
        assert id(tool.controls["quid"]) in set(map(id, tool._elements_box.children))
        assert tool.result.market == "EU"

    def test_textile_kind(self) -> None:
        """Textile labels: EU by default; US requires origin; Indonesia requires Bahasa."""
        tool = LabelChecklist(kind="tekstil")
        assert tool.market == "EU" and tool.result.kind == "textile"
        tool.controls["komposisi_serat"].value = True
        tool.market_input.value = "US"
        assert "negara_asal" in [r.id for r in tool.result.missing]
        tool.market_input.value = "ID"
        assert tool.result.legal_basis is True
        assert [r.id for r in tool.result.missing] == ["bahasa_setempat"]
        tool.controls["bahasa_setempat"].value = True
        assert tool.result.ok

    def test_kind_switch_replaces_the_checkboxes(self) -> None:
        """Switching food → textile swaps the controls and the market list."""
        tool = LabelChecklist(kind="pangan")
        tool.kind_input.value = "textile"
        assert "komposisi_serat" in tool.controls and "daftar_bahan" not in tool.controls
        assert tool.market == "EU"

    def test_bad_arguments(self) -> None:
        """Unknown kind, market or element raise PackagingError."""
        with pytest.raises(packaging.PackagingError):
            LabelChecklist(kind="kosmetik")
        with pytest.raises(packaging.PackagingError):
            LabelChecklist(kind="pangan", market="US")
        with pytest.raises(packaging.PackagingError):
            LabelChecklist(kind="pangan", elements=["nama produk"])


# --------------------------------------------------------------------------- CertificationRoadmap


class TestCertificationRoadmap:
    def test_result_is_standards_roadmap(self) -> None:
        """Steps equal standards.roadmap for the same sector, held set and flags."""
        tool = CertificationRoadmap(sector="batik", held=["nib", "merek"], target_market="Jepang")
        expected = standards.roadmap("batik", held=["nib", "merek"], target_market="Jepang")
        assert [s.cert_id for s in tool.result] == [s.cert_id for s in expected]
        assert html.escape(expected[0].certification.name) in tool.table.value

    def test_held_certificate_leaves_the_plan(self) -> None:
        """Ticking 'sudah punya' removes that certificate from the steps."""
        tool = CertificationRoadmap(sector="makanan-minuman")
        assert "halal" in [s.cert_id for s in tool.result]
        tool.held["halal"].value = True
        assert "halal" not in [s.cert_id for s in tool.result]

    def test_baby_clothes_make_sppt_sni_mandatory(self) -> None:
        """The baby-clothes flag puts SPPT-SNI (SNI 7617) in the plan as mandatory."""
        tool = CertificationRoadmap(sector="konveksi", held=["nib"], target_market=None)
        before = {s.cert_id: s.mandatory for s in tool.result}
        tool.controls["baby_clothes"].value = True
        after = {s.cert_id: s.mandatory for s in tool.result}
        assert before.get("sppt_sni") is not True
        assert after["sppt_sni"] is True
        assert "wajib" in tool.summary.value

    def test_food_flags_shown_only_for_food(self) -> None:
        """Food questions (frozen, shelf life) appear only for makanan-minuman."""
        tool = CertificationRoadmap(sector="batik")
        shown = lambda: set(map(id, tool._flags_box.children))  # noqa: E731
        assert id(tool.controls["frozen"]) not in shown()
        tool.controls["sector"].value = "makanan-minuman"
        assert id(tool.controls["frozen"]) in shown()
        assert id(tool.controls["shelf_life_days"]) in shown()

    def test_frozen_food_needs_bpom_md(self) -> None:
        """Frozen food: BPOM MD instead of PIRT, as in standards.required_certifications."""
        tool = CertificationRoadmap(sector="makanan-minuman", held=["nib"])
        tool.controls["frozen"].value = True
        ids = [s.cert_id for s in tool.result]
        assert "bpom_md" in ids and "pirt" not in ids
        assert tool.flags()["shelf_life_days"] is None

    def test_bad_arguments(self) -> None:
        """Unknown sector, certificate or flag raise StandardsError."""
        with pytest.raises(standards.StandardsError):
            CertificationRoadmap(sector="kerajinan")
        with pytest.raises(standards.StandardsError):
            CertificationRoadmap(held=["sni"])
        with pytest.raises(standards.StandardsError):
            CertificationRoadmap(bayi=True)


# --------------------------------------------------------------------------- display


@pytest.mark.parametrize(
    "make",
    [lambda: SelfAssessment(chart=False), PriceBuildUp, ContainerPlanner, LabelChecklist,
     CertificationRoadmap, BusinessProfile],
)
def test_tools_display_as_widgets(make) -> None:
    """Each tool renders as an ipywidgets view in Jupyter (last expression of a cell)."""
    bundle = make()._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data


# --------------------------------------------------------------------------- BusinessProfile


class TestBusinessProfile:
    def test_turnover_and_save_roundtrip(self, tmp_path) -> None:
        """Production x price is the monthly turnover in rupiah; Simpan writes "bisnis"."""
        path = tmp_path / "usaha_saya.json"
        form = BusinessProfile(path=path)
        form.controls["nama_usaha"].value = "  Keripik Tempe Sanan Jaya "
        form.controls["sektor"].value = "makanan-minuman"
        form.controls["produksi_bulanan"].value = 10_000
        form.controls["harga_jual_idr"].value = 12_000
        assert form.controls["satuan"].value == "kemasan"
        assert "Rp120.000.000" in form.summary.value
        saved = form.save()
        assert saved is not None and saved["nama_usaha"] == "Keripik Tempe Sanan Jaya"
        assert usaha.load(path).section("bisnis") == saved
        again = BusinessProfile.from_usaha(path)
        assert again.values() == saved and "Dimuat" in again.status.value

    def test_a_name_is_needed_and_a_broken_file_is_reported(self, tmp_path) -> None:
        """No name: nothing saved; a damaged file: a message, the file left alone."""
        path = tmp_path / "usaha_saya.json"
        form = BusinessProfile(path=path)
        assert form.save() is None and "nama usaha" in form.status.value
        assert not path.exists()
        path.write_text("[]", encoding="utf-8")
        broken = BusinessProfile.from_usaha(path)
        assert "Periksa isian" in broken.status.value and path.read_text() == "[]"


def test_roadmap_from_usaha_and_save(tmp_path) -> None:
    """The roadmap starts from "bisnis" (sector, market), saves "sertifikasi", reloads it."""
    path = tmp_path / "usaha_saya.json"
    usaha.save("bisnis", {"nama_usaha": "Keripik", "sektor": "makanan-minuman",
                          "pasar_tujuan": "Belanda"}, path=path)
    plan = CertificationRoadmap.from_usaha(path)
    assert plan.controls["target_market"].value == "Uni Eropa"
    plan.held["nib"].value = True
    plan.controls["frozen"].value = True
    saved = plan.save()
    assert saved is not None and saved["sifat_produk"]["frozen"] is True
    assert [s["sertifikat_id"] for s in saved["langkah"]][:2] == ["halal", "bpom_md"]
    assert usaha.load(path).section("sertifikasi")["langkah"] == saved["langkah"]
    again = CertificationRoadmap.from_usaha(path)
    assert again.values() == saved


def test_self_assessment_shows_the_saved_score_and_keeps_the_plan(tmp_path, monkeypatch) -> None:
    """Reloaded answers show "Tersimpan sebelumnya"; Simpan keeps the 90-day plan's key."""
    from ikmkit.widgets import ActionPlan

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "usaha_saya.json"
    first = SelfAssessment.from_usaha(path, sector="batik", chart=False)
    first.controls["punya_nib"].value = True
    assert first.save() is not None and first.previous is None
    plan = ActionPlan.from_usaha(path)
    assert "NIB gratis" not in plan.suggestions.value  # NIB done: no NIB step any more
    assert "WAJIB DULU" in plan.suggestions.value  # the mandatory-SNI question is still open
    plan.controls["langkah_1"].value = "Daftar merek di DJKI"
    plan.controls["tempat_1"].value = "dgip.go.id"
    assert plan.save() == [{"langkah": "Daftar merek di DJKI", "tempat": "dgip.go.id",
                            "selesai": "", "biaya": "", "tanda_selesai": ""}]
    again = SelfAssessment.from_usaha(path, chart=False)
    assert again.previous is not None and again.previous.total == first.result.total
    again.controls["merek_terdaftar"].value = True
    assert "Tersimpan sebelumnya" in again.summary.value
    assert again.save() is not None
    section = usaha.load(path).section("kesiapan")
    assert section["rencana_90_hari"][0]["langkah"] == "Daftar merek di DJKI"
    assert section["jawaban"]["merek_terdaftar"] is True
    assert ActionPlan.from_usaha(path).controls["tempat_1"].value == "dgip.go.id"


def test_lesson_examples_can_hide_the_save_button() -> None:
    """saving=False: a worked example cannot land in the participant's file."""
    assert SelfAssessment(chart=False, saving=False).save_button.layout.display == "none"
    assert BusinessProfile(saving=False).save_button.layout.display == "none"
