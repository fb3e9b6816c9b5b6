"""The lesson checks of modules 00-02: answers agree with the taught tools, hints for novices."""

from __future__ import annotations

import math

import pytest

from ikmkit import costing, exercises, readiness, standards
from ikmkit.exercises import EXERCISES

OURS = sorted(k for k in EXERCISES if k[:2] in ("00", "01", "02"))


def test_answers_agree_with_the_tools():
    """Each expected answer is what the ikmkit tool taught in the lesson gives."""
    report = standards.sni_7617_report(formaldehida=0, kadmium=0.05, tembaga=12, timbal=0.35,
                                       nikel=0.8)
    failed = report.loc[report["Memenuhi"] == "TIDAK", "Parameter"].tolist()
    assert failed == [EXERCISES["01.1-1"].answer]
    assert standards.food_permit(beku=True) == EXERCISES["01.2-3"].answer
    assert standards.is_valid_gtin("8995522000016") is False
    assert EXERCISES["01.3-2"].answer == "tidak"
    variants = [f"{r} {u}" for r in ("original", "balado", "keju") for u in ("100 g", "200 g")]
    assert len(standards.gtin_numbers("5522", variants)) == EXERCISES["01.3-3"].answer
    first = standards.roadmap("konveksi", held=["nib"], target_market="ASEAN",
                              baby_clothes=True)[0]
    assert first.cert_id == EXERCISES["01.4-1"].answer
    home = {s.cert_id for s in standards.roadmap("makanan-minuman", held=["nib", "pirt"],
                                                  target_market="domestik")}
    eu = {s.cert_id for s in standards.roadmap("makanan-minuman", held=["nib", "pirt"],
                                                target_market="Uni Eropa")}
    only_eu = [o for o in EXERCISES["01.4-2"].options if o in eu - home]
    assert only_eu == [EXERCISES["01.4-2"].answer]
    assert float(costing.rvc_indirect(15.50, 9.80)) == EXERCISES["02.2-1"].answer
    assert float(costing.rvc_direct(0.95, 0.40, 0.15, 0.05, 0.25, 1.90)) == \
        EXERCISES["02.2-3"].answer
    cartons = math.ceil(5000 / 24)
    assert cartons == EXERCISES["02.3-2"].answer
    assert cartons * 5.8 == pytest.approx(EXERCISES["02.3-3"].answer)
    from ikmkit import packaging
    assert cartons * packaging.cbm(50, 35, 30) == pytest.approx(EXERCISES["02.3-4"].answer,
                                                               abs=0.01)


def test_readiness_answers_follow_the_rubric():
    """The level and weakest-dimension answers of 00.3 and 02.1 are what the rubric gives."""
    knv = readiness.blank_answers("konveksi")
    knv.update(punya_nib=True, punya_npwp=True, merek_terdaftar=True, sertifikat_standar=True,
               produk_sni_wajib=True, sni_wajib=False, sistem_mutu=2, uji_produk=True,
               kapasitas_konveksi=4000, mutu_konsisten=3, sop_produksi=True,
               bahan_baku_stabil=3, tenaga_terlatih=True, ukuran_standar=True,
               kemasan_ekspor=3, label_lengkap=True, label_serat_perawatan=True,
               barcode_gs1=True, hpp_terhitung=True, bep_diketahui=True, harga_fob=True,
               paham_incoterms=2, riset_pasar=2, katalog_produk=True, promosi_digital=2,
               kontak_pembeli=3, pengalaman_ekspor=1, paham_dokumen=2, mitra_forwarder=True,
               rekening_valas=True, pembukuan=2, komitmen_pimpinan=3, akses_pembiayaan=True)
    result = readiness.score(knv, "konveksi")
    assert result.weakest()[0][0] == EXERCISES["00.3-1"].answer
    fixed = readiness.score({**knv, "sni_wajib": True}, "konveksi")
    assert fixed.level.name == EXERCISES["00.3-2"].answer
    bdr = readiness.blank_answers("bordir")
    bdr.update(punya_nib=True, punya_npwp=True, merek_terdaftar=True, sertifikat_standar=True,
               produk_sni_wajib=False, sistem_mutu=2, desain_industri=True,
               kapasitas_bordir=600, mutu_konsisten=3, sop_produksi=True, bahan_baku_stabil=2,
               tenaga_terlatih=True, pola_baku_bordir=True, kemasan_ekspor=3,
               label_lengkap=True, label_serat_perawatan=True, hpp_terhitung=True,
               bep_diketahui=True, harga_fob=True, paham_incoterms=2, riset_pasar=2,
               katalog_produk=True, promosi_digital=2, pameran=True, kontak_pembeli=2,
               pengalaman_ekspor=1, paham_dokumen=1, pembukuan=3, rencana_ekspor=True,
               komitmen_pimpinan=3, akses_pembiayaan=True, sdm_bahasa=False)
    assert readiness.score(bdr, "bordir").weakest()[0][0] == EXERCISES["02.1-1"].answer
    baby = readiness.score({**bdr, "produk_sni_wajib": True, "sni_wajib": False}, "bordir")
    assert baby.level.name == EXERCISES["02.1-4"].answer
    assert baby.total >= 60  # the score alone would not hold it back: the blocker does


@pytest.mark.parametrize("key", [k for k in OURS if EXERCISES[k].kind == "urutan"])
def test_order_hints_say_where_without_giving_the_order(key):
    """Swapping two steps names how many are in place and the first wrong position."""
    ex = EXERCISES[key]
    swapped = list(ex.answer)
    swapped[2], swapped[3] = swapped[3], swapped[2]
    text = exercises.hint(key, swapped)
    assert "langkah ke-3" in text.lower() and f"{len(swapped) - 2} dari" in text
    assert swapped[2] not in text and swapped[3] not in text
    assert "tepat satu kali" in exercises.hint(key, swapped[:-1])
    assert "daftar langkah" in exercises.hint(key, "ajukan PEB")


def test_own_numbers_get_format_hints_not_grades():
    """The participant's own price: dots, commas and quotes get a hint; no 'Benar'."""
    assert "6.500.000" not in exercises.hint("00.1-5", 650_000)
    assert "Benar" not in exercises.hint("00.1-5", 650_000)
    assert "650000" in exercises.hint("00.1-5", 650.0)  # typed 650.000
    assert "dua angka" in exercises.hint("00.1-5", (650, 0))  # typed 650,000
    assert "tanpa tanda petik" in exercises.hint("00.1-4", "120")
    assert exercises.hint("00.1-4", 0).startswith("Belum diisi")
    assert "bilangan bulat" in exercises.hint("00.1-4", 12.5)


def test_indonesian_formatters():
    """rupiah, angka and persen write numbers the Indonesian way."""
    assert exercises.rupiah(1_212_000) == "Rp1.212.000"
    assert exercises.angka(1212.2, 1) == "1.212,2"
    assert exercises.persen(94.736, 2) == "94,74 %"
