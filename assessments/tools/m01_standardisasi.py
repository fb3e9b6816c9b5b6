"""Assignment m01-standardisasi: SNI/SPPT-SNI, SNI 7617, PIRT vs BPOM MD, halal, DJKI, GS1."""

from __future__ import annotations

from _cells import SOLUTION, answer, check, md, written

ASSIGNMENT = "m01-standardisasi"
NOTEBOOK = "01-standardisasi.ipynb"

CELLS = [
    md("""
    # Tugas Modul 01 — Standardisasi & sertifikasi

    **Tujuan.** Setelah tugas ini Anda bisa:
    1. menyebut siapa yang menerbitkan sertifikat SNI dan siapa yang mengakreditasinya;
    2. menentukan produk yang wajib SNI 7617 dan izin edar pangan yang tepat (PIRT atau BPOM MD);
    3. memilih perlindungan kekayaan intelektual di DJKI dan menghitung biayanya;
    4. menghitung digit pemeriksa (*check digit*) barcode GS1 (GTIN-13).

    **Perkiraan waktu:** 60 menit. **Nilai:** 17 poin (14 poin dinilai otomatis, 3 poin dinilai
    pelatih).

    **Cara mengerjakan.** Isi setiap sel jawaban (hapus baris `raise NotImplementedError()`),
    jalankan, lalu jalankan sel **Cek** di bawahnya. Pesan cek menjelaskan apa yang keliru; saat
    penilaian ada tes tersembunyi. Anda boleh memakai `ikmkit.standards` untuk memeriksa.
    """),
    md("""
    ## Bagian A — SNI dan sertifikasi produk

    SNI ditetapkan oleh **BSN** (UU 20/2014; PP 34/2018). Sertifikat produk penggunaan tanda SNI
    (**SPPT-SNI**) diterbitkan oleh lembaga sertifikasi produk (**LSPro**) yang diakreditasi oleh
    **KAN** menurut SNI ISO/IEC 17065; untuk SNI wajib, LSPro itu juga harus ditunjuk Menteri
    Perindustrian (Permenperin 45/2022). Tahapannya mengikuti skema sertifikasi produk: untuk
    SNI 7617 (skema tipe 1b) permohonan, pengambilan contoh dari lot produksi, uji laboratorium,
    evaluasi, lalu sertifikat; skema lain menambah audit sistem mutu.

    ### Soal 1 (2 poin)
    Konveksi Mentari Kecil (Sidoarjo) ingin memasang tanda SNI pada pakaian bayinya. Isi dua
    variabel dengan salah satu pilihan: `"BSN"`, `"KAN"`, `"LSPro"`, `"BPOM"`, `"BPJPH"`, `"DJKI"`.

    * `penerbit_sppt_sni`: lembaga yang **menerbitkan** SPPT-SNI untuk konveksi ini;
    * `pemberi_akreditasi`: lembaga yang **mengakreditasi** lembaga penerbit tersebut.
    """),
    answer("jawaban_lembaga_sppt_sni", """
    penerbit_sppt_sni = "LSPro"
    pemberi_akreditasi = "KAN"
    """, prompt="""
    # penerbit_sppt_sni = "..."
    # pemberi_akreditasi = "..."
    """, partial=SOLUTION),
    check("lembaga_sppt_sni", 2, """
    \"\"\"Cek Soal 1: siapa menerbitkan SPPT-SNI dan siapa mengakreditasi penerbitnya.\"\"\"
    _pilihan = {"bsn", "kan", "lspro", "bpom", "bpjph", "djki"}
    _terbit = str(penerbit_sppt_sni).strip().lower()
    _akre = str(pemberi_akreditasi).strip().lower()
    assert _terbit in _pilihan and _akre in _pilihan, \\
        "Pilih jawaban dari daftar: BSN, KAN, LSPro, BPOM, BPJPH, DJKI"
    assert _terbit != "bsn", \\
        "BSN menetapkan SNI, tetapi sertifikatnya diterbitkan lembaga sertifikasi produk"
    assert _terbit != "kan", "KAN mengakreditasi lembaga sertifikasi, bukan menerbitkan SPPT-SNI"
    assert _terbit not in {"bpom", "bpjph", "djki"}, \\
        "BPOM, BPJPH dan DJKI tidak menerbitkan sertifikat SNI"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert _terbit == "lspro", "penerbit SPPT-SNI belum tepat"
    assert _akre == "kan", "pemberi akreditasi belum tepat"
    """),
    md("""
    ### Soal 2 (2 poin)
    SNI 7617:2013 (kain untuk pakaian bayi: batas zat warna azo, formaldehida dan logam
    terekstraksi) **wajib** menurut Permenperin 07/M-IND/PER/2/2014 (diubah
    dengan Permenperin 97/M-IND/PER/11/2015). Ruang lingkupnya: pakaian **bayi sampai umur 36
    bulan**, kain yang menyentuh kulit.

    Konveksi Mentari Kecil membuat lima produk berikut. Simpan kode produk yang **wajib**
    ber-SPPT-SNI 7617 sebagai *set* di `wajib_sni_7617`, misalnya `{"K1", "K2"}`.

    | Kode | Produk |
    |---|---|
    | K1 | Kaos oblong bayi, katun, ukuran 0–12 bulan |
    | K2 | Setelan piyama anak, 4–6 tahun |
    | K3 | *Jumper* (romper) bayi, 24–36 bulan |
    | K4 | Kemeja batik pria dewasa |
    | K5 | Celana bayi, 6–18 bulan |
    """),
    answer("jawaban_sni_7617_cakupan", """
    wajib_sni_7617 = {"K1", "K3", "K5"}
    """, prompt="# wajib_sni_7617 = {...}", partial="""
    wajib_sni_7617 = {"K1", "K5"}
    """),
    check("sni_7617_cakupan", 2, """
    \"\"\"Cek Soal 2: produk yang wajib SNI 7617 (pakaian bayi sampai 36 bulan).\"\"\"
    assert isinstance(wajib_sni_7617, (set, list, tuple, frozenset)), \\
        "wajib_sni_7617 harus set kode produk, misalnya {\\"K1\\", \\"K2\\"}"
    _kode = {str(k).strip().upper() for k in wajib_sni_7617}
    assert _kode <= {"K1", "K2", "K3", "K4", "K5"}, f"Kode produk tidak dikenal: {_kode}"
    assert "K4" not in _kode, "SNI 7617 hanya untuk pakaian bayi, bukan pakaian dewasa"
    assert "K2" not in _kode, "Anak 4–6 tahun sudah di atas batas umur SNI 7617 (36 bulan)"
    assert "K3" in _kode, "Batas umur SNI 7617 adalah 36 bulan: pakaian 24–36 bulan juga wajib"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert _kode == {"K1", "K3", "K5"}, "daftar produk wajib SNI 7617 belum tepat"
    """),
    md("""
    ## Bagian B — Izin edar pangan dan halal

    **PIRT (SPP-IRT)** diterbitkan bupati/wali kota untuk pangan olahan produksi rumah tangga
    (Peraturan BPOM 4/2024): pangan dengan masa simpan lebih dari 7 hari pada suhu ruang, dibuat
    di rumah dengan alat manual sampai semi-otomatis. Pangan olahan wajib **BPOM MD** (Peraturan
    BPOM 23/2023) bila diproduksi di luar rumah tinggal, memakai mesin otomatis, dipasteurisasi
    atau diproses UHT, atau berupa pangan beku. (Pangan wajib SNI, pangan dingin, berklaim,
    keperluan gizi khusus dan minuman beralkohol juga wajib BPOM MD; soal ini tidak memakainya.)
    Pangan dengan masa simpan kurang dari 7 hari dikecualikan dari izin edar BPOM; pangan siap
    saji diawasi Dinas Kesehatan (SLHS).

    ### Soal 3 (3 poin)
    Tulis fungsi `izin_edar(masa_simpan_hari, produksi_rumahan, mesin_otomatis, beku,
    pasteurisasi_uht)` yang mengembalikan salah satu teks `"PIRT"`, `"BPOM MD"` atau
    `"tanpa izin edar"` menurut aturan di atas. Urutannya: masa simpan kurang dari 7 hari →
    tanpa izin edar; lalu salah satu syarat BPOM MD terpenuhi → BPOM MD; selain itu PIRT.
    """),
    answer("jawaban_izin_edar", """
    def izin_edar(masa_simpan_hari, produksi_rumahan, mesin_otomatis, beku, pasteurisasi_uht):
        if masa_simpan_hari < 7:
            return "tanpa izin edar"
        if not produksi_rumahan or mesin_otomatis or beku or pasteurisasi_uht:
            return "BPOM MD"
        return "PIRT"
    """, prompt="""
    # def izin_edar(masa_simpan_hari, produksi_rumahan, mesin_otomatis, beku, pasteurisasi_uht):
    #     ...
    """, partial="""
    def izin_edar(masa_simpan_hari, produksi_rumahan, mesin_otomatis, beku, pasteurisasi_uht):
        if masa_simpan_hari < 7:
            return "tanpa izin edar"
        if beku or mesin_otomatis or not produksi_rumahan:
            return "BPOM MD"
        return "PIRT"
    """),
    check("izin_edar_pangan", 3, """
    \"\"\"Cek Soal 3: PIRT, BPOM MD atau tanpa izin edar.\"\"\"
    # sambal bawang dalam botol kaca, dibuat di dapur rumah, tahan 6 bulan
    _sambal = izin_edar(180, True, False, False, False)
    assert isinstance(_sambal, str), "izin_edar harus mengembalikan teks, misalnya \\"PIRT\\""
    assert _sambal.strip() == "PIRT", \\
        f"Sambal rumahan tahan 6 bulan tanpa mesin otomatis: seharusnya PIRT, bukan {_sambal!r}"
    # dimsum beku buatan rumah
    assert izin_edar(90, True, False, True, False) == "BPOM MD", \\
        "Pangan beku wajib BPOM MD walaupun dibuat di rumah"
    # nasi pecel bungkus, habis hari itu
    assert izin_edar(1, True, False, False, False) == "tanpa izin edar", \\
        "Pangan dengan masa simpan kurang dari 7 hari dikecualikan dari izin edar"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    import itertools
    for _hari in (1, 3, 6, 8, 30, 365):
        for _rumah, _mesin, _beku, _past in itertools.product((True, False), repeat=4):
            if _hari < 7:
                _harap = "tanpa izin edar"
            elif not _rumah or _mesin or _beku or _past:
                _harap = "BPOM MD"
            else:
                _harap = "PIRT"
            _hasil = izin_edar(_hari, _rumah, _mesin, _beku, _past)
            assert str(_hasil).strip() == _harap, \\
                "izin edar belum tepat untuk salah satu kombinasi syarat"
    """),
    md("""
    ### Soal 4 (1 poin)
    Sertifikat halal diwajibkan UU 33/2014 tentang Jaminan Produk Halal (aturan pelaksana
    PP 42/2024, menggantikan PP 39/2021). Untuk makanan dan minuman, batas tahap pertama bagi usaha
    menengah dan besar adalah 17 Oktober 2024; bagi **usaha mikro dan kecil** batas itu
    diperpanjang (BPJPH). Kewajiban berlaku sehari sesudah batas akhirnya; status hari ini
    dicetak `ikmkit.regulations.deadline_text("pp-42-2024", "halal-umk-pangan")`.

    UD Sambal Bu Tini (Malang) adalah usaha mikro. Sampai tanggal berapa sambalnya paling lambat
    harus bersertifikat halal? Simpan sebagai `datetime.date` di `batas_halal_umk`.
    """),
    answer("jawaban_batas_halal_umk", """
    import datetime

    batas_halal_umk = datetime.date(2026, 10, 17)
    """, prompt="# batas_halal_umk = datetime.date(tahun, bulan, tanggal)", partial=None),
    check("batas_halal_umk", 1, """
    \"\"\"Cek Soal 4: batas wajib halal makanan-minuman untuk usaha mikro dan kecil.\"\"\"
    import datetime
    assert isinstance(batas_halal_umk, datetime.date), \\
        "batas_halal_umk harus datetime.date, misalnya datetime.date(2025, 1, 31)"
    assert batas_halal_umk != datetime.date(2024, 10, 17), \\
        "17 Oktober 2024 adalah batas untuk usaha menengah dan besar; untuk UMK diperpanjang"
    assert batas_halal_umk > datetime.date(2024, 10, 17), \\
        "Batas untuk usaha mikro dan kecil jatuh setelah batas usaha menengah dan besar"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert batas_halal_umk == datetime.date(2026, 10, 17), "batas wajib halal UMK belum tepat"
    """),
    md("""
    ## Bagian C — Kekayaan intelektual di DJKI

    Tarif pendaftaran merek (PP 45/2024) dihitung **per kelas** barang: untuk usaha mikro dan
    kecil Rp500.000 per kelas secara elektronik (pendaftaran manual lebih mahal); pemohon umum
    Rp1.800.000 per kelas (elektronik). Merek dilindungi 10 tahun dan dapat diperpanjang
    (UU 20/2016); desain industri dilindungi 10 tahun (UU 31/2000); hak cipta melindungi karya
    seperti foto dan motif (UU 28/2014).

    ### Soal 5 (1 poin)
    Bu Tini (usaha mikro, punya surat keterangan UMK) mendaftarkan merek "Sambal Bu Tini" secara
    elektronik untuk **dua kelas**: kelas 30 (sambal) dan kelas 29 (keripik). Berapa biaya
    pendaftarannya? Simpan dalam rupiah di `biaya_merek_idr`.
    """),
    answer("jawaban_biaya_merek_umk", """
    biaya_merek_idr = 2 * 500_000
    """, prompt="# biaya_merek_idr = ...", partial=SOLUTION),
    check("biaya_merek_umk", 1, """
    \"\"\"Cek Soal 5: tarif merek UMK per kelas, elektronik (PP 45/2024).\"\"\"
    from numbers import Number
    assert isinstance(biaya_merek_idr, Number) and not isinstance(biaya_merek_idr, bool), \\
        "biaya_merek_idr harus angka (rupiah)"
    assert biaya_merek_idr not in (1_800_000, 3_600_000), \\
        "Bu Tini usaha mikro: pakai tarif UMK, bukan tarif umum"
    assert biaya_merek_idr != 500_000, "Tarif merek dihitung per kelas: Bu Tini mendaftar dua kelas"
    assert biaya_merek_idr != 1_200_000, "Pendaftaran elektronik memakai tarif elektronik"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert biaya_merek_idr == 1_000_000, "biaya pendaftaran merek belum tepat"
    """),
    md("""
    ### Soal 6 (2 poin)
    Batik Sekar Jagad (Tuban) ingin melindungi tiga hal. Untuk setiap kunci, isi jenis
    perlindungan: `"merek"`, `"desain industri"` atau `"hak cipta"`.

    * `"nama_sekar_jagad"`: nama dan logo "Sekar Jagad" pada label;
    * `"bentuk_tas"`: bentuk baru tas jinjing batik yang akan diproduksi massal;
    * `"foto_katalog"`: foto-foto produk untuk katalog ekspor.
    """),
    answer("jawaban_jenis_perlindungan_djki", """
    perlindungan = {
        "nama_sekar_jagad": "merek",
        "bentuk_tas": "desain industri",
        "foto_katalog": "hak cipta",
    }
    """, prompt="# perlindungan = {\"nama_sekar_jagad\": ..., \"bentuk_tas\": ..., "
                "\"foto_katalog\": ...}", partial=SOLUTION),
    check("jenis_perlindungan_djki", 2, """
    \"\"\"Cek Soal 6: merek, desain industri atau hak cipta.\"\"\"
    assert isinstance(perlindungan, dict), "perlindungan harus dict"
    assert set(perlindungan) == {"nama_sekar_jagad", "bentuk_tas", "foto_katalog"}, \\
        "Isi ketiga kunci: nama_sekar_jagad, bentuk_tas, foto_katalog"
    _jenis = {k: str(v).strip().lower() for k, v in perlindungan.items()}
    assert set(_jenis.values()) <= {"merek", "desain industri", "hak cipta"}, \\
        "Pilih dari: merek, desain industri, hak cipta"
    assert _jenis["nama_sekar_jagad"] != "hak cipta", \\
        "Nama dan logo dagang dilindungi sebagai merek agar pesaing tidak memakainya"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert _jenis == {"nama_sekar_jagad": "merek", "bentuk_tas": "desain industri",
                      "foto_katalog": "hak cipta"}, "jenis perlindungan belum tepat"
    """),
    md("""
    ## Bagian D — Barcode GS1

    Barcode GS1 Indonesia (GTIN-13) tersusun dari awalan **899**, nomor perusahaan, nomor
    barang, lalu satu **digit pemeriksa** (GS1). Cara menghitung digit pemeriksa (mod 10):
    kalikan 12 angka pertama bergantian dengan bobot **1, 3, 1, 3, …** mulai dari kiri,
    jumlahkan, lalu digit pemeriksa = (10 − jumlah mod 10) mod 10. Contoh: `890400021003` → `7`
    (GS1 India); `899552200001` → `5`.

    ### Soal 7 (3 poin)
    Tulis fungsi `digit_pemeriksa(dua_belas_angka)` yang menerima teks 12 angka dan
    mengembalikan digit pemeriksanya sebagai teks satu karakter (misalnya `"7"`). Jawaban akan
    dibandingkan dengan pustaka python-stdnum untuk banyak kode.
    """),
    answer("jawaban_gtin_check_digit", """
    def digit_pemeriksa(dua_belas_angka):
        total = sum(int(angka) * (1 if i % 2 == 0 else 3)
                    for i, angka in enumerate(dua_belas_angka))
        return str((10 - total % 10) % 10)
    """, prompt="""
    # def digit_pemeriksa(dua_belas_angka):
    #     ...
    """, partial="""
    def digit_pemeriksa(dua_belas_angka):
        total = 0
        for i, angka in enumerate(dua_belas_angka):
            total += int(angka) * (1 if i % 2 == 0 else 3)
        return str(10 - total % 10)
    """),
    check("gtin_check_digit", 3, """
    \"\"\"Cek Soal 7: digit pemeriksa GTIN-13 (GS1 mod 10).\"\"\"
    _hasil = digit_pemeriksa("890400021003")
    assert str(_hasil) != "5", "Bobot dimulai dari 1 untuk angka paling kiri: 1, 3, 1, 3, ..."
    assert str(_hasil) == "7", \\
        f"digit_pemeriksa(\\"890400021003\\") seharusnya \\"7\\", bukan {_hasil!r}"
    assert isinstance(_hasil, str) and len(_hasil) == 1, \\
        "Kembalikan teks satu karakter, misalnya \\"7\\" (pakai str(...))"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    import random
    from stdnum import ean
    _acak = random.Random(13)
    _kode = ["899552200001", "000000000000", "899000000019"]
    _kode += ["899" + "".join(_acak.choice("0123456789") for _ in range(9)) for _ in range(300)]
    for _k in _kode:
        assert str(digit_pemeriksa(_k)) == ean.calc_check_digit(_k), \\
            f"digit pemeriksa untuk {_k} belum tepat"
    """),
    md("""
    ## Bagian E — Jawaban tertulis

    ### Soal 8 (3 poin, dinilai pelatih)
    UD Sambal Bu Tini (Malang, usaha mikro, 3 pekerja, produksi di dapur rumah dengan alat
    semi-otomatis) ingin mengekspor sambal dalam botol ke Malaysia dalam satu tahun. Saat ini
    Bu Tini sudah punya **NIB**, tetapi belum punya PIRT, sertifikat halal, maupun merek
    terdaftar. Izin atau sertifikat mana yang Anda sarankan diurus **pertama**, dan mengapa?
    Sebutkan juga dua langkah berikutnya dan ke mana Bu Tini harus pergi. Tulis 4–6 kalimat
    dan sebutkan dasar aturannya.
    """),
    written("tulisan_sertifikat_pertama", 3, """
    **Contoh jawaban dan pedoman penilaian (pelatih).**

    Pertama **SPP-IRT (PIRT)**, diterbitkan bupati/wali kota (diajukan lewat OSS): sambal
    dalam botol tahan lama yang dibuat di rumah dengan alat semi-otomatis memenuhi syarat PIRT
    (Peraturan BPOM 4/2024), dan tanpa izin edar produk tidak boleh dijual di Indonesia; importir
    juga hampir selalu menanyakannya — ini penghambat (*blocker*). Bersamaan, ajukan **sertifikat
    halal** lewat jalur *self-declare* (SIHALAL, dengan Pendamping PPH; tarif Rp0 dalam kuota
    SEHATI) karena makanan-minuman usaha mikro wajib halal dengan batas akhir 17 Oktober 2026
    (UU 33/2014; PP 42/2024) dan pembeli di Malaysia mengutamakan produk halal. Lalu daftarkan
    **merek** di DJKI (Rp500.000 per kelas untuk UMK, PP 45/2024) sebelum memperkenalkan merek ke
    luar negeri; pendaftaran Indonesia juga menjadi dasar permohonan Madrid. Barcode GS1 dan uji
    masa simpan menyusul; untuk ekspor pangan olahan, BPOM menerbitkan Surat Keterangan Ekspor.

    Penilaian: 1 poin PIRT lebih dulu dengan alasan izin edar wajib / penghambat; 1 poin halal
    (wajib, batas 2026, self-declare atau pasar Malaysia); 1 poin langkah berikutnya dengan
    lembaga yang benar (DJKI, BPJPH, dinas/OSS) dan dasar aturan disebut.
    """, partial="""
    Menurut saya halal dulu karena Malaysia negara muslim. Setelah itu PIRT dan merek.
    """),
    md("""
    ## Poin penting
    * SPPT-SNI diterbitkan **LSPro** yang diakreditasi **KAN** (untuk SNI wajib juga ditunjuk
      Menteri Perindustrian); BSN menetapkan SNI.
    * SNI 7617 wajib untuk pakaian bayi sampai 36 bulan (Permenperin 07/M-IND/PER/2/2014).
    * PIRT untuk pangan rumahan tahan lama; BPOM MD bila di luar rumah, mesin otomatis,
      pasteurisasi/UHT atau beku; masa simpan < 7 hari tanpa izin edar.
    * Halal makanan-minuman UMK: batas akhir 17 Oktober 2026 (PP 42/2024); merek per kelas,
      Rp500.000 untuk UMK (elektronik, PP 45/2024).
    * Digit pemeriksa GTIN-13: bobot 1, 3, 1, 3, … dari kiri; (10 − jumlah mod 10) mod 10.
    """),
]
