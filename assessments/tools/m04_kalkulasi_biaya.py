"""Assignment m04-kalkulasi-biaya: HPP, break-even, EXW -> FOB -> CFR -> CIF, exchange rate."""

from __future__ import annotations

from _cells import SOLUTION, answer, check, locked, md, written

ASSIGNMENT = "m04-kalkulasi-biaya"
NOTEBOOK = "04-kalkulasi-biaya.ipynb"

CELLS = [
    md("""
    # Tugas Modul 04 — Kalkulasi biaya & harga ekspor

    **Tujuan.** Setelah tugas ini Anda bisa:
    1. menghitung HPP (harga pokok produksi) per unit dan titik impas (*break-even*);
    2. menyusun harga ekspor EXW → FOB → CFR → CIF (Incoterms 2020);
    3. menghitung asuransi CIF dan pengaruh kurs rupiah pada laba.

    **Perkiraan waktu:** 60 menit. **Nilai:** 18 poin (15 poin dinilai otomatis, 3 poin dinilai
    pelatih).

    **Cara mengerjakan.** Isi setiap sel jawaban (hapus baris `raise NotImplementedError()`),
    jalankan, lalu jalankan sel **Cek** di bawahnya. Jika cek gagal, pesannya menjelaskan apa yang
    keliru. Cek yang terlihat belum semuanya: ada tes tersembunyi saat penilaian. Anda boleh
    menghitung dengan Python biasa atau memeriksa hasil dengan `ikmkit.costing`.

    **Sumber rumus:** HPP = bahan baku langsung + tenaga kerja langsung + overhead pabrik
    (*Manajemen Usaha Busana*); titik impas = biaya tetap ÷ (harga − biaya variabel per unit);
    susunan harga EXW → FOB → CFR → CIF dari panduan ekspor Indonesia; Incoterms 2020 (ICC);
    asuransi 110 % dari nilai CIF (konvensi asuransi kargo).
    """),
    md("""
    ## Bagian A — HPP dan titik impas: UD Batik Sekar Jagad, Tuban

    UD Batik Sekar Jagad membuat kemeja batik cap. Data satu batch produksi (500 potong)
    ada di sel berikut. Sel ini terkunci; jalankan saja.
    """),
    locked("data_sekar_jagad", """
    # Data satu batch produksi UD Batik Sekar Jagad (rupiah)
    jumlah_unit = 500                       # potong kemeja per batch
    bahan_baku_langsung_idr = 25_500_000    # kain mori Rp19.000.000 + malam & pewarna Rp6.500.000
    tenaga_kerja_langsung_idr = 15_000_000  # upah cap, celup dan jahit: 500 × Rp30.000
    overhead_pabrik_idr = 7_250_000         # listrik, bahan bakar, penyusutan cap tembaga, sewa
    """),
    md("""
    ### Soal 1 (2 poin)
    Hitung **HPP per unit** (rupiah per potong) untuk batch ini dan simpan di
    `hpp_per_unit_idr`. HPP memakai ketiga unsur biaya produksi.
    """),
    answer("jawaban_hpp_per_unit", """
    hpp_per_unit_idr = (bahan_baku_langsung_idr + tenaga_kerja_langsung_idr
                        + overhead_pabrik_idr) / jumlah_unit
    """, prompt="# hpp_per_unit_idr = ...", partial="""
    # 500 potong dikurangi perkiraan 4 % cacat
    hpp_per_unit_idr = (bahan_baku_langsung_idr + tenaga_kerja_langsung_idr
                        + overhead_pabrik_idr) / 480
    """),
    check("hpp_per_unit", 2, """
    \"\"\"Cek Soal 1: HPP per unit = (bahan + tenaga kerja + overhead) ÷ jumlah unit.\"\"\"
    from numbers import Number
    assert isinstance(hpp_per_unit_idr, Number) and not isinstance(hpp_per_unit_idr, bool), \\
        "hpp_per_unit_idr harus berupa angka (rupiah per potong), bukan teks"
    _hpp = float(hpp_per_unit_idr)
    assert _hpp < 200_000, \\
        "HPP per unit terlalu besar: apakah total biaya sudah dibagi jumlah unit?"
    assert abs(_hpp - 81_000) > 0.5, "HPP per unit belum termasuk overhead pabrik"
    assert abs(_hpp - 65_500) > 0.5, "HPP per unit belum termasuk tenaga kerja langsung"
    assert abs(_hpp - 44_500) > 0.5, "HPP per unit belum termasuk bahan baku langsung"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert abs(_hpp - 95_500) <= 0.5, "HPP per unit belum tepat"
    """),
    md("""
    ### Soal 2 (2 poin)
    Untuk penjualan dalam negeri, biaya tetap UD Sekar Jagad Rp12.600.000 per bulan (gaji admin,
    sewa, penyusutan), harga jual Rp150.000 per potong, dan biaya variabel Rp82.000 per potong.

    Tulis fungsi `titik_impas_unit(biaya_tetap, harga, biaya_variabel)` yang mengembalikan
    **jumlah unit terkecil (bilangan bulat)** yang harus terjual agar tidak rugi. Jika harga
    tidak lebih besar dari biaya variabel, titik impas tidak ada: fungsi harus memunculkan
    `ValueError`. Lalu simpan titik impas UD Sekar Jagad di `bep_unit`.
    """),
    answer("jawaban_titik_impas", """
    def titik_impas_unit(biaya_tetap, harga, biaya_variabel):
        margin_kontribusi = harga - biaya_variabel
        if margin_kontribusi <= 0:
            raise ValueError("harga harus lebih besar dari biaya variabel per unit")
        return -(-biaya_tetap // margin_kontribusi)   # pembulatan ke atas


    bep_unit = titik_impas_unit(12_600_000, 150_000, 82_000)
    """, prompt="""
    # def titik_impas_unit(biaya_tetap, harga, biaya_variabel):
    #     ...
    # bep_unit = titik_impas_unit(12_600_000, 150_000, 82_000)
    """, partial="""
    def titik_impas_unit(biaya_tetap, harga, biaya_variabel):
        return int(biaya_tetap / (harga - biaya_variabel))


    bep_unit = titik_impas_unit(12_600_000, 150_000, 82_000)
    """),
    check("bep_units_round_up", 2, """
    \"\"\"Cek Soal 2: titik impas = biaya tetap ÷ (harga − biaya variabel), bulatkan ke atas.\"\"\"
    assert isinstance(bep_unit, int) or float(bep_unit).is_integer(), \\
        "bep_unit harus bilangan bulat (jumlah potong), bukan pecahan"
    assert bep_unit != 84, \\
        "Biaya tetap dibagi margin kontribusi (harga − biaya variabel), bukan harga"
    assert bep_unit != 185, \\
        "Titik impas dibulatkan ke atas: pada 185 potong biaya tetap belum tertutup"
    assert titik_impas_unit(1_000, 30, 20) == 100, "titik_impas_unit(1000, 30, 20) seharusnya 100"
    try:
        titik_impas_unit(1_000, 20, 20)
    except ValueError:
        pass
    else:
        raise AssertionError(
            "Jika harga tidak lebih besar dari biaya variabel, munculkan ValueError")
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    import math
    import random
    assert int(bep_unit) == 186, "titik impas UD Sekar Jagad belum tepat"
    _acak = random.Random(4)
    for _ in range(200):
        _vc = _acak.randrange(1_000, 200_000)
        _p = _vc + _acak.randrange(1, 100_000)
        _fc = _acak.randrange(0, 50_000_000)
        _harap = -(-_fc // (_p - _vc))
        assert int(titik_impas_unit(_fc, _p, _vc)) == _harap, \\
            f"titik_impas_unit({_fc}, {_p}, {_vc}) seharusnya {_harap}"
    for _p, _vc in [(10, 15), (5, 5)]:
        try:
            titik_impas_unit(100, _p, _vc)
        except ValueError:
            continue
        raise AssertionError("harga <= biaya variabel harus memunculkan ValueError")
    """),
    md("""
    ## Bagian B — Harga ekspor: pesanan 400 kemeja ke Malaysia

    Seorang pembeli di Kuala Lumpur memesan 400 kemeja batik cap. Barang dikirim lewat laut
    dari Tanjung Perak (Surabaya) ke Port Klang. Menurut panduan ekspor, harga disusun
    bertahap:

    * **EXW** = HPP + kemasan ekspor + biaya bank + margin (biaya T/T sekitar US$5–10 per
      transfer menurut marmara.id; L/C jauh lebih mahal);
    * **FOB** = EXW + angkutan ke pelabuhan + forwarder/EMKL + THC asal + dokumen (PEB, SKA);
    * **CFR** = FOB + ongkos angkut laut (*freight*);
    * **CIF** = CFR + asuransi.
    """),
    locked("data_pesanan_malaysia", """
    jumlah_pesanan = 400                  # potong
    hpp_per_unit_idr_ekspor = 95_500      # HPP per potong (rupiah)
    kemasan_ekspor_per_unit_idr = 5_000   # polybag, hangtag, karton ekspor per potong
    biaya_bank_tt_usd = 10                # biaya T/T per transfer (US$5-10 menurut bank)
    kurs_biaya_bank = 16_000              # kurs untuk menghitung biaya bank (Rp per US$)
    margin_persen_hpp = 20                # margin 20 % dari HPP

    # biaya dari gudang Tuban sampai barang di atas kapal (rupiah, untuk seluruh pesanan)
    truk_ke_pelabuhan_idr = 1_750_000
    forwarder_emkl_idr = 1_200_000
    thc_asal_idr = 1_650_000
    dokumen_ekspor_idr = 800_000          # PEB lewat PPJK, SKA Form D

    # kurs hari ini (Rp per US$)
    kurs_tengah_bi = 16_250               # kurs referensi BI (JISDOR)
    kurs_beli_bank = 16_000               # bank membeli dolar dari eksportir
    kurs_jual_bank = 16_500               # bank menjual dolar
    """),
    md("""
    ### Soal 3 (2 poin)
    Hitung **harga EXW per potong** dalam rupiah dan simpan di `exw_per_unit_idr`.
    Biaya bank T/T dibagi rata ke 400 potong; margin 20 % dihitung dari HPP.
    """),
    answer("jawaban_exw", """
    biaya_bank_per_unit_idr = biaya_bank_tt_usd * kurs_biaya_bank / jumlah_pesanan
    margin_per_unit_idr = hpp_per_unit_idr_ekspor * margin_persen_hpp / 100
    exw_per_unit_idr = (hpp_per_unit_idr_ekspor + kemasan_ekspor_per_unit_idr
                        + biaya_bank_per_unit_idr + margin_per_unit_idr)
    """, prompt="# exw_per_unit_idr = ...", partial=SOLUTION),
    check("exw_per_unit", 2, """
    \"\"\"Cek Soal 3: EXW = HPP + kemasan ekspor + biaya bank + margin (per potong).\"\"\"
    from numbers import Number
    assert isinstance(exw_per_unit_idr, Number) and not isinstance(exw_per_unit_idr, bool), \\
        "exw_per_unit_idr harus berupa angka (rupiah per potong)"
    _exw = float(exw_per_unit_idr)
    assert abs(_exw - 119_600) > 0.5, "EXW belum termasuk biaya bank (T/T) per potong"
    assert abs(_exw - 115_000) > 0.5, "EXW belum termasuk kemasan ekspor"
    assert abs(_exw - 100_900) > 0.5, "EXW belum termasuk margin"
    assert _exw < 200_000, "EXW terlalu besar: biaya bank harus dibagi 400 potong"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert abs(_exw - 120_000) <= 0.5, "harga EXW per potong belum tepat"
    """),
    md("""
    ### Soal 4 (1 poin)
    Hitung **nilai FOB seluruh pesanan** dalam rupiah (`fob_total_idr`): EXW untuk 400 potong
    ditambah semua biaya sampai barang di atas kapal di Tanjung Perak.
    """),
    answer("jawaban_fob_total", """
    fob_total_idr = (exw_per_unit_idr * jumlah_pesanan + truk_ke_pelabuhan_idr
                     + forwarder_emkl_idr + thc_asal_idr + dokumen_ekspor_idr)
    """, prompt="# fob_total_idr = ...", partial="""
    fob_total_idr = (exw_per_unit_idr * jumlah_pesanan + truk_ke_pelabuhan_idr
                     + forwarder_emkl_idr + thc_asal_idr)
    """),
    check("fob_total_idr", 1, """
    \"\"\"Cek Soal 4: FOB = EXW × jumlah + truk + forwarder/EMKL + THC + dokumen.\"\"\"
    from numbers import Number
    assert isinstance(fob_total_idr, Number) and not isinstance(fob_total_idr, bool), \\
        "fob_total_idr harus berupa angka (rupiah)"
    _fob = float(fob_total_idr)
    assert _fob > 10_000_000, "Kalikan EXW per potong dengan jumlah pesanan (400) dulu"
    assert abs(_fob - 52_600_000) > 0.5, "Biaya dokumen ekspor (PEB, SKA) termasuk dalam FOB"
    assert abs(_fob - 48_000_000) > 0.5, "FOB = EXW + biaya sampai barang di atas kapal"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert abs(_fob - 53_400_000) <= 0.5, "nilai FOB seluruh pesanan belum tepat"
    """),
    md("""
    ### Soal 5 (2 poin)
    Tawarkan **harga FOB per potong dalam dolar AS** (`fob_per_unit_usd`). Pembeli akan membayar
    dalam dolar dan bank membeli dolar itu dari Anda, jadi pakailah kurs yang hati-hati: **kurs
    beli bank**. Bulatkan ke sen (2 desimal, setengah ke atas), misalnya dengan
    `Decimal(...).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)` atau `round(x, 2)`.
    Pakai nilai FOB yang benar: Rp53.400.000 untuk 400 potong.
    """),
    answer("jawaban_fob_usd", """
    from decimal import ROUND_HALF_UP, Decimal

    fob_per_unit_usd = (Decimal(53_400_000) / jumlah_pesanan / kurs_beli_bank).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)
    """, prompt="# fob_per_unit_usd = ...", partial="""
    fob_per_unit_usd = 53_400_000 / jumlah_pesanan / kurs_beli_bank
    """),
    check("fob_usd_rounding", 2, """
    \"\"\"Cek Soal 5: FOB per potong ÷ kurs beli bank, dibulatkan ke sen.\"\"\"
    from decimal import Decimal
    from numbers import Number
    assert isinstance(fob_per_unit_usd, Number) and not isinstance(fob_per_unit_usd, bool), \\
        "fob_per_unit_usd harus berupa angka (dolar AS)"
    _usd = Decimal(str(fob_per_unit_usd))
    assert _usd == _usd.quantize(Decimal("0.01")), \\
        f"Bulatkan harga dolar ke sen (2 desimal): {fob_per_unit_usd}"
    assert _usd != Decimal("8.22"), "Pakai kurs beli bank, bukan kurs referensi BI (JISDOR)"
    assert _usd != Decimal("8.09"), "Pakai kurs beli bank, bukan kurs jual bank"
    assert _usd < 100, "Harga per potong terlalu besar: bagi dengan jumlah pesanan dan kurs"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert _usd == Decimal("8.34"), "harga FOB per potong (US$) belum tepat"
    """),
    md("""
    ## Bagian C — CFR dan CIF: Bordir Bangil mengirim mukena ke Port Klang

    CV Bordir Bangil (Pasuruan) menjual mukena bordir dengan nilai FOB **US$7.450,00**.
    Pembeli meminta harga CIF Port Klang. Ongkos angkut laut (*freight*) US$320,00; tarif premi
    asuransi 0,35 %.

    Konvensi asuransi kargo: nilai pertanggungan = **110 % dari nilai CIF** (biaya + freight +
    10 % perkiraan laba) dan premi = nilai pertanggungan × tarif. Karena premi ikut masuk ke
    CIF, rumus tertutupnya **CIF = CFR ÷ (1 − 1,1 × tarif)**. Contoh: CFR US$10.000 dengan tarif
    0,5 % → CIF US$10.055,30 (premi US$55,30). Menurut Incoterms 2020 (ICC), dengan CIF penjual
    wajib mengasuransikan minimal sesuai *Institute Cargo Clauses* (C).
    """),
    md("""
    ### Soal 6 (1 poin)
    Hitung **CFR** (`cfr_usd`) untuk pengiriman mukena ini.
    """),
    answer("jawaban_cfr", """
    cfr_usd = 7_450.00 + 320.00
    """, prompt="# cfr_usd = ...", partial=SOLUTION),
    check("cfr_usd", 1, """
    \"\"\"Cek Soal 6: CFR = FOB + freight.\"\"\"
    from numbers import Number
    from decimal import Decimal
    assert isinstance(cfr_usd, (Number, Decimal)) and not isinstance(cfr_usd, bool), \\
        "cfr_usd harus berupa angka (dolar AS)"
    assert float(cfr_usd) != 7_450.00, "CFR = FOB ditambah ongkos angkut laut (freight)"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert abs(float(cfr_usd) - 7_770.00) < 0.005, "CFR belum tepat"
    """),
    md("""
    ### Soal 7 (3 poin)
    Tulis fungsi `hitung_cif(cfr_usd, tarif_asuransi)` yang mengembalikan nilai CIF dalam dolar,
    **dibulatkan ke sen**, dengan asuransi atas 110 % nilai CIF. `tarif_asuransi` berupa pecahan
    (0,35 % ditulis `0.0035`). Jika tarif di luar 0 sampai 0,1, munculkan `ValueError`.
    Lalu simpan CIF pengiriman mukena di `cif_usd`.
    """),
    answer("jawaban_cif", """
    from decimal import ROUND_HALF_UP, Decimal


    def hitung_cif(cfr_usd, tarif_asuransi):
        if not 0 <= tarif_asuransi <= 0.1:
            raise ValueError(f"tarif_asuransi harus antara 0 dan 0.1: {tarif_asuransi}")
        cif = Decimal(str(cfr_usd)) / (1 - Decimal("1.1") * Decimal(str(tarif_asuransi)))
        return cif.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


    cif_usd = hitung_cif(cfr_usd, 0.0035)
    """, prompt="""
    # def hitung_cif(cfr_usd, tarif_asuransi):
    #     ...
    # cif_usd = hitung_cif(cfr_usd, 0.0035)
    """, partial="""
    def hitung_cif(cfr_usd, tarif_asuransi):
        return round(cfr_usd + 1.1 * tarif_asuransi * cfr_usd, 2)


    cif_usd = hitung_cif(cfr_usd, 0.0035)
    """),
    check("cif_insurance_110", 3, """
    \"\"\"Cek Soal 7: CIF = CFR ÷ (1 − 1,1 × tarif), dibulatkan ke sen.\"\"\"
    _contoh = float(hitung_cif(10_000, 0.005))
    assert abs(_contoh - 10_050.00) > 0.004, \\
        "Premi dihitung dari 110 % nilai CIF, bukan dari CFR saja (dan bukan 100 %)"
    assert abs(_contoh - 10_055.00) > 0.004, \\
        "Nilai pertanggungan 110 % dari CIF (yang sudah termasuk premi), bukan dari CFR: " \\
        "CIF = CFR ÷ (1 − 1,1 × tarif)"
    assert abs(_contoh - 10_055.30) < 0.005, \\
        "hitung_cif(10000, 0.005) seharusnya 10055.30 (contoh di atas)"
    try:
        hitung_cif(10_000, 1.5)
    except ValueError:
        pass
    else:
        raise AssertionError("Tarif asuransi 1.5 (150 %) harus memunculkan ValueError")
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    from decimal import ROUND_HALF_UP, Decimal
    assert abs(float(cif_usd) - 7_800.03) < 0.005, "CIF pengiriman mukena belum tepat"
    for _cfr, _r in [(3_516, 0.003), (25_480.5, 0.0042), (980.4, 0.0), (12_345.67, 0.0075),
                     (50_000, 0.01), (7_770, 0.0035)]:
        _harap = (Decimal(str(_cfr)) / (1 - Decimal("1.1") * Decimal(str(_r)))).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP)
        _hasil = hitung_cif(_cfr, _r)
        assert abs(Decimal(str(_hasil)) - _harap) < Decimal("0.005"), \\
            f"hitung_cif({_cfr}, {_r}) belum tepat"
        assert Decimal(str(_hasil)) == Decimal(str(_hasil)).quantize(Decimal("0.01")), \\
            "hasil hitung_cif harus dibulatkan ke sen"
    try:
        hitung_cif(1_000, -0.01)
    except ValueError:
        pass
    else:
        raise AssertionError("tarif negatif harus memunculkan ValueError")
    """),
    md("""
    ## Bagian D — Kurs dan laba: Konveksi Arek Sidoarjo

    Konveksi Arek (Sidoarjo) menjual kaos polo FOB **US$6,80** per potong. Semua biayanya dalam
    rupiah: **Rp92.000** per potong sampai di atas kapal. Pembayaran diterima 60 hari kemudian dan
    dirupiahkan dengan kurs beli bank pada hari itu.

    ### Soal 8 (2 poin)
    Hitung **laba per potong dalam rupiah** untuk dua kemungkinan kurs beli bank saat
    pembayaran: Rp16.400 (rupiah melemah) dan Rp15.600 (rupiah menguat). Simpan sebagai dict
    `laba_per_unit_idr = {16_400: ..., 15_600: ...}`.
    """),
    answer("jawaban_laba_kurs", """
    laba_per_unit_idr = {kurs: 6.80 * kurs - 92_000 for kurs in (16_400, 15_600)}
    """, prompt="# laba_per_unit_idr = {16_400: ..., 15_600: ...}", partial=SOLUTION),
    check("exchange_rate_margin", 2, """
    \"\"\"Cek Soal 8: laba = harga US$ × kurs beli − biaya rupiah.\"\"\"
    assert isinstance(laba_per_unit_idr, dict), "laba_per_unit_idr harus dict {kurs: laba}"
    assert set(laba_per_unit_idr) == {16_400, 15_600}, \\
        "Kunci dict harus kedua kurs: 16_400 dan 15_600"
    _lemah, _kuat = float(laba_per_unit_idr[16_400]), float(laba_per_unit_idr[15_600])
    assert _lemah > _kuat, \\
        "Jika biaya dalam rupiah dan harga dalam dolar, rupiah melemah justru menaikkan laba rupiah"
    assert _lemah < 100_000, "Laba per potong = pendapatan rupiah dikurangi biaya Rp92.000"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert abs(_lemah - 19_520) <= 0.5 and abs(_kuat - 14_080) <= 0.5, \\
        "laba per potong pada salah satu kurs belum tepat"
    """),
    md("""
    ## Bagian E — Jawaban tertulis

    ### Soal 9 (3 poin, dinilai pelatih)
    Biasanya CV Bordir Bangil menjual **FOB Tanjung Perak**. Pembeli di Malaysia kini meminta
    harga **CIF Port Klang**. Jelaskan dalam 4–6 kalimat: (a) biaya tambahan apa yang kini Anda
    tanggung, (b) di titik mana risiko kerusakan barang berpindah ke pembeli menurut Incoterms
    2020, dan (c) asuransi minimal apa yang wajib Anda belikan. Tulis jawaban di sel di bawah.
    """),
    written("tulisan_fob_ke_cif", 3, """
    **Contoh jawaban dan pedoman penilaian (pelatih).**

    (a) Dengan CIF, penjual menambah dua biaya di atas FOB: ongkos angkut laut sampai Port Klang
    (*freight*) dan premi asuransi kargo; biaya bongkar dan impor di Malaysia tetap milik pembeli.
    (b) Risiko tetap berpindah ke pembeli saat barang **sudah di atas kapal di pelabuhan muat**
    (Tanjung Perak), sama seperti FOB, walaupun penjual membayar angkutan sampai tujuan
    (Incoterms 2020, ICC). (c) Penjual wajib membeli asuransi minimal *Institute Cargo Clauses*
    (C) dengan nilai pertanggungan 110 % dari nilai CIF, atas nama/untuk kepentingan pembeli.

    Penilaian: 1 poin untuk (a) freight + asuransi; 1 poin untuk (b) risiko pindah di atas
    kapal di pelabuhan muat (bukan di Port Klang); 1 poin untuk (c) ICC (C), 110 %.
    """, partial="""
    Kalau CIF saya bayar kapal dan asuransi. Risiko pindah ke pembeli waktu barang sampai di
    Port Klang. Asuransinya all risk.
    """),
    md("""
    ## Poin penting
    * HPP per unit memakai bahan baku langsung, tenaga kerja langsung **dan** overhead.
    * Titik impas dibulatkan **ke atas**; tanpa margin kontribusi positif tidak ada titik impas.
    * EXW → FOB → CFR → CIF: setiap tahap menambah biaya yang ditanggung penjual; dengan CFR dan
      CIF risiko tetap pindah di atas kapal di pelabuhan muat (Incoterms 2020).
    * CIF = CFR ÷ (1 − 1,1 × tarif); harga dolar dibulatkan ke sen dengan kurs beli bank.
    """),
]
