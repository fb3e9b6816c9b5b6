"""Assignment m02-kesiapan-ekspor: readiness self-assessment (profil_ikm.json), ATIGA RVC,
export documents."""

from __future__ import annotations

from _cells import SOLUTION, answer, check, locked, md, written

ASSIGNMENT = "m02-kesiapan-ekspor"
NOTEBOOK = "02-kesiapan-ekspor.ipynb"

_JAWABAN_KUNCI = """
nama_usaha = "UD Sambal Bu Tini"
sektor = "makanan-minuman"
jawaban = {
    "punya_nib": True,
    "punya_npwp": True,
    "merek_terdaftar": False,
    "sertifikat_standar": True,
    "izin_edar_pangan": True,
    "sni_wajib": True,
    "sistem_mutu": 1,
    "keamanan_pangan": 2,
    "halal": False,
    "uji_produk": False,
    "kapasitas_bulanan": 1_200,
    "mutu_konsisten": 3,
    "sop_produksi": True,
    "bahan_baku_stabil": 2,
    "tenaga_terlatih": False,
    "masa_simpan_teruji": True,
    "kemasan_ekspor": 2,
    "label_lengkap": True,
    "label_bahasa": False,
    "barcode_gs1": False,
    "karton_teruji": False,
    "label_gizi": False,
    "hpp_terhitung": True,
    "bep_diketahui": False,
    "harga_fob": False,
    "paham_incoterms": 1,
    "margin_kurs": False,
    "riset_pasar": 1,
    "katalog_produk": False,
    "promosi_digital": 2,
    "pameran": True,
    "kontak_pembeli": 2,
    "pengalaman_ekspor": 1,
    "paham_dokumen": 1,
    "ska_form_d": False,
    "mitra_forwarder": False,
    "rekening_valas": True,
    "pembukuan": 2,
    "rencana_ekspor": False,
    "komitmen_pimpinan": 3,
    "akses_pembiayaan": True,
    "sdm_bahasa": False,
}
"""

_JAWABAN_SEBAGIAN = """
nama_usaha = "Konveksi Mentari Kecil"
sektor = "konveksi"
jawaban = {
    "punya_nib": True, "punya_npwp": True, "merek_terdaftar": True,
    "sertifikat_standar": True, "sni_wajib": False, "sistem_mutu": 2, "uji_produk": False,
    "desain_industri": False, "kapasitas_bulanan": 4_000, "mutu_konsisten": 3,
    "sop_produksi": True, "bahan_baku_stabil": 3, "tenaga_terlatih": True,
    "ukuran_standar": True, "kemasan_ekspor": 2, "label_lengkap": False, "label_bahasa": True,
    "barcode_gs1": True, "karton_teruji": False, "label_serat_perawatan": True,
    "hpp_terhitung": True, "bep_diketahui": True, "harga_fob": False, "paham_incoterms": 2,
    "margin_kurs": False, "riset_pasar": 2, "katalog_produk": True, "promosi_digital": 3,
    "pameran": True, "kontak_pembeli": 4, "pengalaman_ekspor": 2, "paham_dokumen": 2,
    "ska_form_d": False, "mitra_forwarder": True, "rekening_valas": True, "pembukuan": 3,
    "rencana_ekspor": True, "komitmen_pimpinan": 4, "akses_pembiayaan": True,
    "sdm_bahasa": True,
}
"""

CELLS = [
    md("""
    # Tugas Modul 02 — Kesiapan ekspor

    **Tujuan.** Setelah tugas ini Anda bisa:
    1. menilai kesiapan ekspor usaha Anda sendiri dan menyimpannya sebagai `profil_ikm.json`;
    2. menentukan langkah pertama dari hasil penilaian (penghambat lebih dulu);
    3. menghitung nilai kandungan regional (RVC) ATIGA cara langsung dan tidak langsung;
    4. mengenali dokumen ekspor (PEB, NPE, invoice, packing list, B/L, SKA Form D).

    **Perkiraan waktu:** 75 menit. **Nilai:** 14 poin (11 poin dinilai otomatis, 3 poin dinilai
    pelatih).

    **Cara mengerjakan.** Isi setiap sel jawaban (hapus baris `raise NotImplementedError()`),
    jalankan, lalu jalankan sel **Cek** di bawahnya. Pesan cek menjelaskan apa yang keliru; saat
    penilaian ada tes tersembunyi.
    """),
    md("""
    ## Bagian A — Swa-nilai kesiapan ekspor (*self-assessment*)

    Rubrik kesiapan ekspor ikmkit menilai delapan dimensi (legalitas, standardisasi, mutu dan
    kapasitas, kemasan dan label, harga, pasar, dokumen ekspor, manajemen). Setiap pertanyaan
    menyebut sumbernya di rubrik (`ikmkit/data/rubric.toml`). Beberapa pertanyaan adalah
    **penghambat** (*blocker*): misalnya belum punya NIB, atau izin edar pangan / SNI wajib
    belum ada. Selama penghambat belum beres, tingkat kesiapan paling tinggi "Rintisan ekspor".

    Jalankan sel berikut, lalu panggil `cetak_templat("sektor Anda")` untuk mencetak templat
    jawaban. Sektor: `"batik"`, `"konveksi"`, `"bordir"` atau `"makanan-minuman"`. Jika pelatih
    memakai formulir interaktif dari kurikulum modul 02, Anda boleh mengisinya lebih dulu lalu
    menyalin jawabannya ke sini.
    """),
    locked("alat_swanilai", """
    from ikmkit import readiness


    def cetak_templat(sektor):
        \"\"\"Cetak templat `jawaban = {...}`: salin ke sel jawaban, lalu isi.\"\"\"
        rubrik = readiness.load_rubric()
        print("jawaban = {")
        for ind in rubrik.for_sector(sektor):
            if ind.kind == "bool":
                petunjuk = "True (ya) / False (tidak)"
            elif ind.kind == "scale":
                petunjuk = f"angka 0 sampai {ind.max}"
            else:
                petunjuk = "angka, misalnya 500"
            print(f'    "{ind.id}": None,  # {ind.label} [{petunjuk}]')
        print("}")
    """),
    md("""
    ### Soal 1 (2 poin)
    Isi `nama_usaha`, `sektor` dan `jawaban` (salin templat, ganti setiap `None` dengan jawaban
    jujur untuk usaha Anda). Ya/tidak ditulis `True`/`False`, skala ditulis angka bulat.
    Nilai soal ini diberikan untuk swa-nilai yang **lengkap dan sah**, bukan untuk skor yang
    tinggi.
    """),
    answer("jawaban_profil", _JAWABAN_KUNCI, prompt="""
    # cetak_templat("makanan-minuman")   # ganti dengan sektor Anda, jalankan, salin hasilnya
    # nama_usaha = "..."
    # sektor = "..."
    # jawaban = {...}
    """, partial=_JAWABAN_SEBAGIAN),
    check("profil_lengkap", 2, """
    \"\"\"Cek Soal 1: swa-nilai lengkap dan sah untuk sektor Anda.\"\"\"
    assert isinstance(nama_usaha, str) and nama_usaha.strip(), \\
        "Isi nama_usaha dengan nama usaha Anda"
    assert sektor in readiness.SECTORS, \\
        f"sektor harus salah satu dari {readiness.SECTORS}: {sektor!r}"
    assert isinstance(jawaban, dict), "jawaban harus dict, misalnya {\\"punya_nib\\": True, ...}"
    _wajib = [ind.id for ind in readiness.load_rubric().for_sector(sektor)]
    _kosong = [k for k in _wajib if jawaban.get(k) is None]
    assert not _kosong, "Pertanyaan berikut belum dijawab: " + ", ".join(_kosong)
    readiness.score(jawaban, sector=sektor)   # pesan galat menyebut pertanyaan yang keliru
    print("Swa-nilai lengkap. Jalankan sel berikut untuk menyimpan profil Anda.")
    """, """
    for _ind in readiness.load_rubric().for_sector(sektor):
        _nilai = jawaban[_ind.id]
        if _ind.kind == "bool":
            assert isinstance(_nilai, bool), f"{_ind.id}: jawab True atau False"
        elif _ind.kind == "scale":
            assert isinstance(_nilai, int) and 0 <= _nilai <= _ind.max, f"{_ind.id}: skala 0-4"
    """),
    md("""
    Sel berikut (terkunci) menyimpan hasil Anda sebagai **`profil_ikm.json`** di samping notebook
    ini, lalu menampilkan skor, tingkat kesiapan dan lima rekomendasi teratas. Pelatih dan bank
    mitra memakai berkas ini untuk memantau kemajuan Anda; jalankan lagi setiap kali jawaban
    berubah.
    """),
    locked("simpan_profil", """
    profil = readiness.save_profile("profil_ikm.json", jawaban, sektor, business=nama_usaha)
    hasil = readiness.score(jawaban, sector=sektor)
    print(hasil.summary())
    print("Rekomendasi (urut prioritas):")
    for _no, _rek in enumerate(hasil.recommendations[:5], start=1):
        print(f"{_no}. [{_rek.indicator}] {_rek}")
    """),
    md("""
    ### Soal 2 (1 poin)
    Rekomendasi diurutkan: **penghambat lebih dulu**, lalu celah dengan tambahan poin terbesar.
    Simpan id indikator (teks di dalam `[...]`) rekomendasi pertama Anda di `prioritas_pertama`.
    Jika tidak ada rekomendasi sama sekali, isi `None`.
    """),
    answer("jawaban_langkah_prioritas", """
    prioritas_pertama = hasil.recommendations[0].indicator if hasil.recommendations else None
    """, prompt="# prioritas_pertama = \"...\"", partial="""
    prioritas_pertama = "label_lengkap"   # SNI nanti saja, label dulu
    """),
    check("langkah_prioritas", 1, """
    \"\"\"Cek Soal 2: langkah pertama = rekomendasi teratas (penghambat lebih dulu).\"\"\"
    _hasil = readiness.score(jawaban, sector=sektor)
    _penghambat = [ind.id for ind in _hasil.blockers]
    if _hasil.recommendations:
        assert isinstance(prioritas_pertama, str), \\
            "prioritas_pertama harus teks id indikator, misalnya \\"punya_nib\\""
        assert prioritas_pertama in {r.indicator for r in _hasil.recommendations}, \\
            f"{prioritas_pertama!r} tidak ada di daftar rekomendasi Anda"
        assert not _penghambat or prioritas_pertama in _penghambat, \\
            "Masih ada penghambat (blocker): selesaikan penghambat lebih dulu"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    _harap = _hasil.recommendations[0].indicator if _hasil.recommendations else None
    assert prioritas_pertama == _harap, "langkah pertama belum tepat"
    """),
    md("""
    ## Bagian B — Aturan asal barang ATIGA (RVC)

    Menurut ATIGA (ditandatangani di Cha-am, 26 Februari 2009) Pasal 28, barang dianggap berasal
    dari ASEAN bila seluruhnya diperoleh di ASEAN, atau memenuhi **nilai kandungan regional (RVC)
    paling sedikit 40 %** atau perubahan pos tarif (CTH, 4 digit); sebagian barang punya aturan
    khusus produk (PSR). Dalam tugas ini kita memakai aturan umum RVC ≥ 40 %.
    Rumus Pasal 29:

    * **Langsung:** RVC = (bahan ASEAN + tenaga kerja langsung + overhead langsung + biaya lain
      + laba) ÷ FOB × 100 %
    * **Tidak langsung:** RVC = (FOB − nilai bahan non-ASEAN) ÷ FOB × 100 %

    Bahan non-ASEAN dinilai dengan harga CIF saat diimpor. Jawab dalam **persen** (misalnya
    `47.25`, bukan `0.4725`).
    """),
    locked("data_rvc", """
    # Produk A: kemeja katun, Konveksi Arek (Sidoarjo) -> Malaysia (US$ per pengiriman)
    fob_a_usd = 15_000
    kain_katun_tiongkok_cif_usd = 6_300      # bahan non-ASEAN
    kancing_ritsleting_jepang_cif_usd = 750  # bahan non-ASEAN

    # Produk B: mukena bordir, CV Bordir Bangil (Pasuruan) -> Thailand (US$ per pengiriman)
    fob_b_usd = 14_000
    bahan_asean_usd = 2_100          # kain rayon dan benang dari Indonesia dan Thailand
    tenaga_kerja_langsung_usd = 1_650
    overhead_langsung_usd = 420
    biaya_lain_usd = 230
    laba_usd = 600
    """),
    md("""
    ### Soal 3 (2 poin)
    Hitung RVC produk A dengan **cara tidak langsung** dan simpan di `rvc_a_persen`.
    """),
    answer("jawaban_rvc_tidak_langsung", """
    non_asean_a_usd = kain_katun_tiongkok_cif_usd + kancing_ritsleting_jepang_cif_usd
    rvc_a_persen = (fob_a_usd - non_asean_a_usd) / fob_a_usd * 100
    """, prompt="# rvc_a_persen = ...", partial="""
    rvc_a_persen = (fob_a_usd - kain_katun_tiongkok_cif_usd) / fob_a_usd * 100
    """),
    check("rvc_tidak_langsung", 2, """
    \"\"\"Cek Soal 3: RVC tidak langsung = (FOB − bahan non-ASEAN) ÷ FOB × 100.\"\"\"
    from numbers import Number
    assert isinstance(rvc_a_persen, Number) and not isinstance(rvc_a_persen, bool), \\
        "rvc_a_persen harus angka (persen)"
    assert rvc_a_persen > 1, "Nyatakan RVC dalam persen: kalikan 100"
    assert abs(rvc_a_persen - 58.0) > 0.01, \\
        "Semua bahan non-ASEAN dikurangkan: kancing dan ritsleting dari Jepang juga"
    assert abs(rvc_a_persen - 47.0) > 0.01, "Itu porsi bahan non-ASEAN, bukan kandungan regional"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert abs(rvc_a_persen - 53.0) < 0.01, "RVC produk A belum tepat"
    """),
    md("""
    ### Soal 4 (2 poin)
    Hitung RVC produk B dengan **cara langsung** dan simpan di `rvc_b_persen`.
    """),
    answer("jawaban_rvc_langsung", """
    rvc_b_persen = (bahan_asean_usd + tenaga_kerja_langsung_usd + overhead_langsung_usd
                    + biaya_lain_usd + laba_usd) / fob_b_usd * 100
    """, prompt="# rvc_b_persen = ...", partial=SOLUTION),
    check("rvc_langsung", 2, """
    \"\"\"Cek Soal 4: RVC langsung = (bahan ASEAN + TKL + overhead + biaya lain + laba) ÷ FOB.\"\"\"
    from numbers import Number
    assert isinstance(rvc_b_persen, Number) and not isinstance(rvc_b_persen, bool), \\
        "rvc_b_persen harus angka (persen)"
    assert rvc_b_persen > 1, "Nyatakan RVC dalam persen: kalikan 100"
    assert abs(rvc_b_persen - 4_400 / 14_000 * 100) > 0.01, \\
        "Rumus langsung juga menjumlahkan laba (profit)"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert abs(rvc_b_persen - 5_000 / 14_000 * 100) < 0.01, "RVC produk B belum tepat"
    """),
    md("""
    ### Soal 5 (1 poin)
    Dengan aturan umum RVC ≥ 40 %, produk mana yang berhak atas tarif preferensi ATIGA (dengan
    SKA Form D)? Simpan sebagai dict `memenuhi_rvc = {"A": True/False, "B": True/False}`.
    """),
    answer("jawaban_memenuhi_rvc", """
    memenuhi_rvc = {"A": rvc_a_persen >= 40, "B": rvc_b_persen >= 40}
    """, prompt="# memenuhi_rvc = {\"A\": ..., \"B\": ...}", partial=None),
    check("memenuhi_rvc", 1, """
    \"\"\"Cek Soal 5: RVC paling sedikit 40 % (ATIGA Pasal 28).\"\"\"
    assert isinstance(memenuhi_rvc, dict) and set(memenuhi_rvc) == {"A", "B"}, \\
        "memenuhi_rvc harus dict dengan kunci \\"A\\" dan \\"B\\""
    assert all(isinstance(v, bool) for v in memenuhi_rvc.values()), "Isi dengan True atau False"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert memenuhi_rvc == {"A": True, "B": False}, "penilaian asal barang belum tepat"
    """),
    md("""
    ## Bagian C — Dokumen ekspor

    Eksportir mengajukan **PEB** (Pemberitahuan Ekspor Barang) secara elektronik ke Bea Cukai
    sebelum barang diekspor, didukung invoice, *packing list* dan B/L atau AWB; Bea Cukai lalu
    menerbitkan **NPE** (Nota Pelayanan Ekspor) yang diperlukan agar kontainer bisa masuk
    terminal. **SKA Form D** (e-SKA) diterbitkan **IPSKA** (Permendag 32/2022) dan memberi
    pembeli tarif preferensi ASEAN; Form D elektronik dikirim lewat ASEAN Single Window sejak
    2018 (Kemendag; INSW). Eksportir Tersertifikasi boleh membuat Deklarasi Asal Barang sendiri.

    ### Soal 6 (2 poin)
    Pasangkan setiap uraian dengan dokumennya. Isi dict `dokumen` dengan kunci `"a"`–`"f"` dan
    nilai salah satu dari: `"PEB"`, `"NPE"`, `"commercial invoice"`, `"packing list"`, `"B/L"`,
    `"SKA Form D"` (masing-masing dipakai sekali).

    * a. Pemberitahuan pabean yang diajukan eksportir secara elektronik sebelum barang diekspor.
    * b. Persetujuan Bea Cukai yang diperlukan agar kontainer boleh masuk terminal pelabuhan.
    * c. Rincian isi setiap koli: jumlah karton, berat bersih dan kotor, ukuran.
    * d. Tanda terima barang dari perusahaan pelayaran, sekaligus bukti hak atas barang.
    * e. Surat keterangan asal agar pembeli di Malaysia mendapat tarif preferensi ATIGA.
    * f. Tagihan penjual kepada pembeli: harga, Incoterms, syarat pembayaran.
    """),
    answer("jawaban_dokumen_ekspor", """
    dokumen = {
        "a": "PEB",
        "b": "NPE",
        "c": "packing list",
        "d": "B/L",
        "e": "SKA Form D",
        "f": "commercial invoice",
    }
    """, prompt="# dokumen = {\"a\": ..., ...}", partial="""
    dokumen = {"a": "NPE", "b": "PEB", "c": "packing list", "d": "B/L", "e": "SKA Form D",
               "f": "commercial invoice"}
    """),
    check("dokumen_ekspor", 2, """
    \"\"\"Cek Soal 6: fungsi setiap dokumen ekspor.\"\"\"
    _nama = {"PEB", "NPE", "commercial invoice", "packing list", "B/L", "SKA Form D"}
    assert isinstance(dokumen, dict) and set(dokumen) == set("abcdef"), \\
        "dokumen harus dict dengan kunci \\"a\\" sampai \\"f\\""
    assert set(dokumen.values()) <= _nama, f"Pilih nama dokumen dari: {sorted(_nama)}"
    assert len(set(dokumen.values())) == 6, "Setiap dokumen dipakai tepat satu kali"
    assert not (dokumen["a"] == "NPE" and dokumen["b"] == "PEB"), \\
        "PEB diajukan eksportir; NPE adalah persetujuan yang diterbitkan Bea Cukai sesudahnya"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert dokumen == {"a": "PEB", "b": "NPE", "c": "packing list", "d": "B/L",
                       "e": "SKA Form D", "f": "commercial invoice"}, \\
        "pasangan dokumen belum semuanya tepat"
    """),
    md("""
    ### Soal 7 (1 poin)
    Siapa yang menerbitkan SKA Form D? Isi `penerbit_ska` dengan salah satu: `"Bea Cukai"`,
    `"IPSKA"`, `"BPOM"`, `"perusahaan pelayaran"`.
    """),
    answer("jawaban_penerbit_ska", """
    penerbit_ska = "IPSKA"
    """, prompt="# penerbit_ska = \"...\"", partial=SOLUTION),
    check("penerbit_ska", 1, """
    \"\"\"Cek Soal 7: penerbit SKA Form D (Permendag 32/2022).\"\"\"
    _p = str(penerbit_ska).strip().lower()
    assert _p in {"bea cukai", "ipska", "bpom", "perusahaan pelayaran"}, \\
        "Pilih dari: Bea Cukai, IPSKA, BPOM, perusahaan pelayaran"
    assert _p != "bea cukai", "Bea Cukai menerima PEB dan menerbitkan NPE, bukan SKA"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert _p == "ipska", "penerbit SKA Form D belum tepat"
    """),
    md("""
    ## Bagian D — Jawaban tertulis

    ### Soal 8 (3 poin, dinilai pelatih)
    Lihat profil kesiapan Anda di Bagian A. Tuliskan **dua langkah** yang akan Anda kerjakan
    dalam 90 hari ke depan untuk menaikkan kesiapan ekspor: apa langkahnya, mengapa itu didahulukan
    (sebut penghambat atau dimensi terlemah), lembaga mana yang Anda datangi, dan bagaimana Anda
    tahu langkah itu selesai. 4–6 kalimat.
    """),
    written("tulisan_rencana_90_hari", 3, """
    **Contoh jawaban dan pedoman penilaian (pelatih).** (Untuk profil UD Sambal Bu Tini di atas.)

    Profil saya tidak punya penghambat (skor 48,2, "Rintisan ekspor"); dimensi terlemah adalah
    dokumen ekspor (29) dan harga (32). Langkah 1 (salah satu dari dua rekomendasi teratas,
    +3 poin): dalam 60 hari saya mengajukan sertifikat halal lewat *self-declare* di SIHALAL
    dengan Pendamping PPH (BPJPH), karena halal wajib untuk makanan-minuman UMK yang dijual di
    Indonesia (PP 42/2024, batas akhir 17 Oktober 2026) dan diminta pembeli Malaysia; selesai
    bila sertifikat terbit dan logo halal ada di label.
    Langkah 2: saya mencari mitra forwarder/EMKL di Surabaya dan belajar mengurus SKA Form D
    lewat e-SKA (IPSKA, Disperindag Jatim); selesai bila forwarder sudah memberi penawaran
    tertulis dan saya bisa mengisi draf Form D untuk satu pengiriman contoh.

    Penilaian: 1 poin langkah sesuai profil (penghambat dulu bila ada); 1 poin lembaga/alat yang
    tepat; 1 poin ukuran selesai yang jelas dan jadwal realistis.
    """, partial="""
    Saya akan mengurus SNI untuk baju bayi ke LSPro dan ikut pameran.
    """),
    md("""
    ## Poin penting
    * `profil_ikm.json` menyimpan swa-nilai Anda; jalankan ulang sel penyimpan setiap kali
      jawaban berubah.
    * Penghambat (NIB, izin edar pangan, SNI wajib) didahulukan sebelum celah lain.
    * ATIGA: RVC ≥ 40 %; cara tidak langsung mengurangkan **semua** bahan non-ASEAN (nilai CIF);
      cara langsung menjumlahkan bahan ASEAN, tenaga kerja, overhead, biaya lain **dan laba**.
    * PEB diajukan eksportir → NPE dari Bea Cukai → barang masuk terminal dan dimuat → B/L;
      SKA Form D dari IPSKA.
    """),
]
