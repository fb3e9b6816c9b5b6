"""Assignment m03-kemasan: food and textile labels, CBM, container loading, air chargeable
weight, carton strength."""

from __future__ import annotations

from _cells import SOLUTION, answer, check, locked, md, written

ASSIGNMENT = "m03-kemasan"
NOTEBOOK = "03-kemasan.ipynb"

CELLS = [
    md("""
    # Tugas Modul 03 — Kemasan & label

    **Tujuan.** Setelah tugas ini Anda bisa:
    1. memeriksa label pangan menurut BPOM dan menurut aturan Uni Eropa (Reg. 1169/2011);
    2. menyebut unsur wajib label tekstil untuk Uni Eropa (Reg. 1007/2011);
    3. menghitung volume kiriman (CBM), jumlah karton per kontainer dan berat tertagih kargo udara;
    4. menghitung kekuatan tekan karton (BCT) dan tumpukan yang aman untuk ekspor.

    **Perkiraan waktu:** 60 menit. **Nilai:** 17 poin (15 poin dinilai otomatis, 2 poin dinilai
    pelatih).

    **Cara mengerjakan.** Isi setiap sel jawaban (hapus baris `raise NotImplementedError()`),
    jalankan, lalu jalankan sel **Cek** di bawahnya. Pesan cek menjelaskan apa yang keliru; saat
    penilaian ada tes tersembunyi. Anda boleh memeriksa hasil dengan `ikmkit.packaging`.
    """),
    md("""
    ## Bagian A — Label pangan: keripik tempe "Mak Yus", Malang

    Label pangan olahan di Indonesia (Peraturan BPOM 31/2018, diubah Peraturan BPOM 20/2021)
    paling sedikit memuat: nama produk; daftar bahan; berat atau isi bersih; nama dan alamat
    produsen; **logo halal bila sudah bersertifikat**; tanggal dan kode produksi; tanggal
    kedaluwarsa (hari/bulan/tahun); nomor izin edar; asal bahan tertentu. Semua dalam bahasa
    Indonesia.

    Keripik tempe Mak Yus sudah **bersertifikat halal** dan tidak memakai bahan yang wajib diberi
    keterangan asal. Draf labelnya memuat unsur di `draf_label_indonesia` (sel berikut).
    """),
    locked("data_label", """
    UNSUR_LABEL_BPOM = {
        "nama produk", "daftar bahan", "berat bersih", "nama dan alamat produsen", "logo halal",
        "tanggal dan kode produksi", "tanggal kedaluwarsa", "nomor izin edar",
        "asal bahan tertentu",
    }
    draf_label_indonesia = {
        "nama produk", "daftar bahan", "berat bersih", "nama dan alamat produsen",
        "nomor izin edar", "tanggal kedaluwarsa",
    }

    # Unsur wajib Reg. (EU) 1169/2011 yang BERLAKU untuk keripik tempe (tanpa alkohol, tanpa
    # petunjuk khusus penggunaan, asal tidak menyesatkan)
    UNSUR_LABEL_UE = {
        "nama pangan", "daftar bahan", "alergen ditegaskan", "QUID", "jumlah bersih",
        "tanggal best before", "cara penyimpanan", "nama dan alamat operator pangan",
        "informasi nilai gizi",
    }
    # Draf label bahasa Inggris untuk importir di Belanda:
    #   "Tempeh Chips" - Ingredients: soybeans, palm oil, rice flour, garlic, salt -
    #   Net weight 100 g - Best before 30/06/2026 - Store in a cool, dry place -
    #   Imported by Toko Nusantara B.V., Rotterdam
    draf_label_ue = {
        "nama pangan", "daftar bahan", "jumlah bersih", "tanggal best before",
        "cara penyimpanan", "nama dan alamat operator pangan",
    }
    """),
    md("""
    ### Soal 1 (2 poin)
    Unsur wajib BPOM mana yang **belum ada** di draf label Indonesia? Simpan sebagai set
    `kurang_bpom` berisi nama unsur persis seperti di `UNSUR_LABEL_BPOM`.
    """),
    answer("jawaban_label_pangan_bpom", """
    kurang_bpom = {"logo halal", "tanggal dan kode produksi"}
    """, prompt="# kurang_bpom = {...}", partial=SOLUTION),
    check("label_pangan_bpom", 2, """
    \"\"\"Cek Soal 1: unsur label BPOM yang belum ada (Peraturan BPOM 31/2018).\"\"\"
    assert isinstance(kurang_bpom, (set, frozenset, list, tuple)), "kurang_bpom harus set"
    _k = set(kurang_bpom)
    assert _k <= UNSUR_LABEL_BPOM, f"Nama unsur tidak dikenal: {_k - UNSUR_LABEL_BPOM}"
    assert not (_k & draf_label_indonesia), \\
        f"Unsur ini sudah ada di draf: {_k & draf_label_indonesia}"
    assert "asal bahan tertentu" not in _k, \\
        "Keterangan asal hanya wajib untuk bahan tertentu; keripik ini tidak memakainya"
    assert "logo halal" in _k, "Produk sudah bersertifikat halal: logo halal wajib dicantumkan"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert _k == {"logo halal", "tanggal dan kode produksi"}, "unsur yang kurang belum tepat"
    """),
    md("""
    ### Soal 2 (2 poin)
    Mak Yus akan mengekspor ke Belanda. Reg. (EU) 1169/2011 (berlaku sejak 13 Desember 2014;
    informasi nilai gizi wajib sejak 13 Desember 2016) mewajibkan antara lain: daftar bahan
    dengan **alergen Annex II ditegaskan** (mis. huruf tebal; kedelai termasuk alergen);
    **QUID**, yaitu persentase bahan yang disebut di nama produk; dan tabel gizi per 100 g.
    Unsur mana dari `UNSUR_LABEL_UE` yang **belum ada** di `draf_label_ue`? Simpan sebagai set
    `kurang_ue`.
    """),
    answer("jawaban_label_pangan_eu", """
    kurang_ue = UNSUR_LABEL_UE - draf_label_ue
    """, prompt="# kurang_ue = {...}", partial="""
    kurang_ue = {"alergen ditegaskan", "informasi nilai gizi"}
    """),
    check("label_pangan_eu", 2, """
    \"\"\"Cek Soal 2: unsur label UE yang belum ada (Reg. (EU) 1169/2011).\"\"\"
    assert isinstance(kurang_ue, (set, frozenset, list, tuple)), "kurang_ue harus set"
    _k = set(kurang_ue)
    assert _k <= UNSUR_LABEL_UE, f"Nama unsur tidak dikenal: {_k - UNSUR_LABEL_UE}"
    assert not (_k & draf_label_ue), f"Unsur ini sudah ada di draf: {_k & draf_label_ue}"
    assert "alergen ditegaskan" in _k, \\
        "Kedelai (soybeans) adalah alergen Annex II: harus ditegaskan di daftar bahan"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert _k == {"alergen ditegaskan", "QUID", "informasi nilai gizi"}, \\
        "unsur yang kurang belum semuanya tepat"
    """),
    md("""
    ### Soal 3 (1 poin)
    Batik Sekar Jagad mengekspor kemeja batik katun ke Jerman. Menurut Reg. (EU) 1007/2011
    (nama serat tekstil), keterangan mana yang **wajib** ada di label? (Aturan keamanan produk
    UE, Reg. (EU) 2023/988, menambah identitas produsen dan nomor batch; soal ini hanya tentang
    Reg. 1007/2011.) Pilih dari
    `"komposisi serat"`, `"simbol perawatan"`, `"ukuran"`, `"negara asal"` dan simpan sebagai set
    `wajib_tekstil_ue`.
    """),
    answer("jawaban_label_tekstil_eu", """
    wajib_tekstil_ue = {"komposisi serat"}
    """, prompt="# wajib_tekstil_ue = {...}", partial="""
    wajib_tekstil_ue = {"komposisi serat", "simbol perawatan"}
    """),
    check("label_tekstil_eu", 1, """
    \"\"\"Cek Soal 3: label tekstil wajib menurut Reg. (EU) 1007/2011.\"\"\"
    _pilihan = {"komposisi serat", "simbol perawatan", "ukuran", "negara asal"}
    assert isinstance(wajib_tekstil_ue, (set, frozenset, list, tuple)), "wajib_tekstil_ue harus set"
    _k = {str(x).strip().lower() for x in wajib_tekstil_ue}
    assert _k <= _pilihan, f"Pilih dari: {sorted(_pilihan)}"
    assert "simbol perawatan" not in _k, \\
        "Simbol perawatan (ISO 3758) dianjurkan, tetapi tidak diwajibkan Reg. 1007/2011"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert _k == {"komposisi serat"}, "unsur wajib label tekstil UE belum tepat"
    """),
    md("""
    ## Bagian B — Volume, kontainer dan kargo udara: CV Bordir Bangil

    CV Bordir Bangil mengemas mukena bordir dalam karton berukuran **60 × 40 × 45 cm** (panjang ×
    lebar × tinggi), 12 kg per karton. Ukuran dalam kontainer (worldshipping.org):

    | Kontainer | Dalam P × L × T (cm) |
    |---|---|
    | 20' GP | 589,6 × 235,0 × 239,3 |
    | 40' GP | 1203,2 × 235,0 × 239,2 |
    | 40' HC | 1203,2 × 235,0 × 269,7 |

    Dalam praktik muatan kontainer 10–15 % di bawah kapasitas teoretisnya.

    ### Soal 4 (2 poin)
    Hitung **volume total (CBM, m³)** untuk pengiriman 120 karton dan simpan di `cbm_total_m3`.
    """),
    answer("jawaban_cbm_total", """
    cbm_total_m3 = 60 * 40 * 45 / 1_000_000 * 120
    """, prompt="# cbm_total_m3 = ...", partial=SOLUTION),
    check("cbm_total", 2, """
    \"\"\"Cek Soal 4: CBM = P × L × T (cm) ÷ 1.000.000 × jumlah karton.\"\"\"
    from numbers import Number
    assert isinstance(cbm_total_m3, Number) and not isinstance(cbm_total_m3, bool), \\
        "cbm_total_m3 harus angka (m³)"
    assert cbm_total_m3 < 1_000, "Ubah cm³ ke m³: bagi dengan 1.000.000"
    assert abs(cbm_total_m3 - 0.108) > 0.0005, "Itu volume satu karton: kalikan dengan 120 karton"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert abs(cbm_total_m3 - 12.96) < 0.001, "volume total belum tepat"
    """),
    md("""
    ### Soal 5 (3 poin)
    Tulis fungsi `karton_per_kontainer(panjang_cm, lebar_cm, tinggi_cm, dalam_cm=(589.6, 235.0,
    239.3))` yang menghitung jumlah karton **terbanyak** yang muat di kontainer dengan pola
    sederhana: semua karton **tegak** (tinggi karton tetap vertikal, tanda *this side up*),
    semua karton menghadap arah yang sama, dan karton boleh diputar 90° di lantai (pilih arah
    yang hasilnya lebih banyak). Hanya karton utuh yang dihitung. Lalu simpan hasil untuk karton
    mukena di kontainer 20' GP sebagai `karton_20gp`.
    """),
    answer("jawaban_karton_per_kontainer", """
    import math


    def karton_per_kontainer(panjang_cm, lebar_cm, tinggi_cm, dalam_cm=(589.6, 235.0, 239.3)):
        dp, dl, dt = dalam_cm
        lapisan = math.floor(dt / tinggi_cm)
        lurus = math.floor(dp / panjang_cm) * math.floor(dl / lebar_cm)
        putar = math.floor(dp / lebar_cm) * math.floor(dl / panjang_cm)
        return max(lurus, putar) * lapisan


    karton_20gp = karton_per_kontainer(60, 40, 45)
    """, prompt="""
    # def karton_per_kontainer(panjang_cm, lebar_cm, tinggi_cm, dalam_cm=(589.6, 235.0, 239.3)):
    #     ...
    # karton_20gp = karton_per_kontainer(60, 40, 45)
    """, partial="""
    def karton_per_kontainer(panjang_cm, lebar_cm, tinggi_cm, dalam_cm=(589.6, 235.0, 239.3)):
        dp, dl, dt = dalam_cm
        return (dp // panjang_cm) * (dl // lebar_cm) * (dt // tinggi_cm)


    karton_20gp = karton_per_kontainer(60, 40, 45)
    """),
    check("karton_per_kontainer", 3, """
    \"\"\"Cek Soal 5: karton tegak, baris × kolom × lapisan, arah terbaik di lantai.\"\"\"
    assert float(karton_20gp).is_integer(), "Jumlah karton harus bilangan bulat (karton utuh)"
    assert int(karton_20gp) != 307, \\
        "Jangan membagi volume kontainer dengan volume karton: hitung baris × kolom × lapisan"
    assert int(karton_20gp) != 210, "Coba juga arah karton yang lain di lantai (putar 90°)"
    assert int(karton_per_kontainer(700, 250, 30)) == 0, \\
        "Karton yang lebih besar dari kontainer: hasilnya 0"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    import math
    assert int(karton_20gp) == 225, "jumlah karton mukena di 20' GP belum tepat"
    _kasus = [((45, 35, 40), (589.6, 235.0, 239.3)), ((50, 30, 30), (589.6, 235.0, 239.3)),
              ((62, 41, 38), (1203.2, 235.0, 269.7)), ((57, 33, 29), (1203.2, 235.0, 239.2)),
              ((48, 52, 36), (589.6, 235.0, 239.3))]
    for (_p, _l, _t), _d in _kasus:
        _harap = max(math.floor(_d[0] / _p) * math.floor(_d[1] / _l),
                     math.floor(_d[0] / _l) * math.floor(_d[1] / _p)) * math.floor(_d[2] / _t)
        assert int(karton_per_kontainer(_p, _l, _t, _d)) == _harap, \\
            f"karton_per_kontainer({_p}, {_l}, {_t}, {_d}) belum tepat"
    """),
    md("""
    ### Soal 6 (2 poin)
    Sebelum kontainer dikirim, pembeli di Singapura minta contoh lewat **kargo udara**: 3 karton,
    masing-masing **50 × 40 × 30 cm** dengan berat aktual **7,5 kg**. Kargo udara memakai berat
    volume = P × L × T (cm) ÷ **6000** (jasa kurir/ekspres sering memakai 5000); berat tertagih
    (*chargeable weight*) adalah yang lebih besar antara berat aktual dan berat volume
    (pengellys.co.nz; cienlogistics). Hitung berat tertagih **seluruh kiriman** (kg) sebagai
    `berat_tertagih_kg`.
    """),
    answer("jawaban_berat_tertagih", """
    berat_aktual_kg = 3 * 7.5
    berat_volume_kg = 3 * 50 * 40 * 30 / 6000
    berat_tertagih_kg = max(berat_aktual_kg, berat_volume_kg)
    """, prompt="# berat_tertagih_kg = ...", partial="""
    berat_tertagih_kg = 3 * 7.5
    """),
    check("berat_tertagih", 2, """
    \"\"\"Cek Soal 6: berat tertagih = maks(berat aktual, berat volume ÷ 6000).\"\"\"
    from numbers import Number
    assert isinstance(berat_tertagih_kg, Number) and not isinstance(berat_tertagih_kg, bool), \\
        "berat_tertagih_kg harus angka (kg)"
    assert abs(berat_tertagih_kg - 22.5) > 0.01, \\
        "Berat volume kiriman ini lebih besar dari berat aktual: pakai yang lebih besar"
    assert abs(berat_tertagih_kg - 36.0) > 0.01, \\
        "Kargo udara memakai pembagi 6000; 5000 biasanya untuk jasa kurir"
    assert abs(berat_tertagih_kg - 10.0) > 0.01, "Hitung untuk ketiga karton"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert abs(berat_tertagih_kg - 30.0) < 0.01, "berat tertagih belum tepat"
    """),
    md("""
    ## Bagian C — Kekuatan karton: sambal dalam botol

    UD Sambal Bu Tini mengirim sambal botol dalam karton gelombang ganda (*double wall*):
    ukuran 18 × 12 in (panjang × lebar), ECT 44 lb/in, tebal (*caliper*) 0,25 in. Rumus McKee
    sederhana (westpak.com), satuan imperial: **BCT = 5,87 × ECT × √(caliper × keliling)**,
    dengan keliling = 2 × (P + L). Beban aman = BCT ÷ faktor keamanan: kira-kira 3 untuk gudang
    kering, 4 normal, 5 lembap, **6 untuk ekspor** (perkiraan praktik yang dipakai kursus ini,
    bukan standar resmi).

    ### Soal 7 (1 poin)
    Hitung kekuatan tekan karton `bct_lbf` (lbf).
    """),
    answer("jawaban_bct_mckee", """
    import math

    keliling_in = 2 * (18 + 12)
    bct_lbf = 5.87 * 44 * math.sqrt(0.25 * keliling_in)
    """, prompt="# bct_lbf = ...", partial=SOLUTION),
    check("bct_mckee", 1, """
    \"\"\"Cek Soal 7: BCT = 5,87 × ECT × √(caliper × keliling).\"\"\"
    from numbers import Number
    assert isinstance(bct_lbf, Number) and not isinstance(bct_lbf, bool), "bct_lbf harus angka"
    assert abs(bct_lbf - 5.87 * 44 * (0.25 * 30) ** 0.5) > 1, \\
        "Keliling = 2 × (panjang + lebar), bukan panjang + lebar"
    assert abs(bct_lbf - 5.87 * 44 * 0.25 * 60) > 1, "Ambil akar dari (caliper × keliling)"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert abs(bct_lbf - 1000.31) < 1, "BCT belum tepat"
    """),
    md("""
    ### Soal 8 (2 poin)
    Setiap karton berisi berat **30 lb**. Dengan faktor keamanan ekspor, berapa karton
    **paling banyak** boleh ditumpuk **di atas** karton paling bawah? Simpan sebagai bilangan
    bulat `karton_di_atas_maks`.
    """),
    answer("jawaban_tumpukan_maks", """
    import math

    karton_di_atas_maks = math.floor(bct_lbf / 6 / 30)
    """, prompt="# karton_di_atas_maks = ...", partial="""
    karton_di_atas_maks = int(bct_lbf / 30)
    """),
    check("tumpukan_maks", 2, """
    \"\"\"Cek Soal 8: beban aman = BCT ÷ 6 (ekspor) ÷ berat per karton, dibulatkan ke bawah.\"\"\"
    assert float(karton_di_atas_maks).is_integer(), \\
        "Jumlah karton harus bilangan bulat: bulatkan ke bawah"
    assert int(karton_di_atas_maks) != 33, "BCT belum dibagi faktor keamanan ekspor"
    assert int(karton_di_atas_maks) != 8, "Untuk ekspor pakai faktor keamanan 6, bukan 4"
    assert int(karton_di_atas_maks) != 11, "Untuk ekspor pakai faktor keamanan 6, bukan 3"
    print("Bagus, tidak ada kesalahan umum yang terdeteksi.")
    """, """
    assert int(karton_di_atas_maks) == 5, "jumlah karton di atas belum tepat"
    """),
    md("""
    ## Bagian D — Jawaban tertulis

    ### Soal 9 (2 poin, dinilai pelatih)
    Mengapa karton untuk kiriman ekspor lewat laut dihitung dengan faktor keamanan 6, padahal
    di gudang kering cukup 3? Sebutkan dua kondisi perjalanan yang melemahkan karton dan satu
    cara IKM mengatasinya. 3–5 kalimat.
    """),
    written("tulisan_faktor_keamanan", 2, """
    **Contoh jawaban dan pedoman penilaian (pelatih).**

    Dalam perjalanan laut karton menghadapi **kelembapan tinggi** dan pengembunan di kontainer
    (karton menyerap air dan kekuatannya turun jauh), **waktu tumpuk yang lama** (berminggu-minggu,
    karton "lelah" di bawah beban) serta **guncangan dan getaran** saat bongkar-muat, truk dan
    kapal. Karena itu beban yang diizinkan dibuat jauh lebih kecil dari BCT (faktor 6, perkiraan
    praktik yang dipakai kursus ini). Cara mengatasi: pakai karton gelombang ganda dengan ECT
    lebih tinggi, sekat dan pengisi agar botol ikut menahan beban, palet dan *stretch wrap*,
    silica gel atau pelapis tahan lembap, dan batasi tinggi tumpukan dengan tanda di karton.

    Penilaian: 1 poin dua kondisi yang benar (lembap, lama, guncangan, tumpukan tinggi);
    1 poin satu cara yang masuk akal.
    """, partial="""
    Karena perjalanan laut lama dan lembap sehingga karton bisa penyok. Caranya pakai karton
    yang lebih tebal.
    """),
    md("""
    ## Poin penting
    * Label BPOM: logo halal wajib bila sudah bersertifikat; tanggal dan kode produksi wajib.
    * Label UE (1169/2011): alergen ditegaskan, QUID bila bahan disebut di nama, tabel gizi.
    * Label tekstil UE (1007/2011): komposisi serat wajib; simbol perawatan dianjurkan; GPSR
      (2023/988) menambah identitas produsen dan nomor batch.
    * CBM = P × L × T ÷ 1.000.000 × jumlah; kontainer: baris × kolom × lapisan, karton utuh.
    * Berat tertagih udara = maks(aktual, volume ÷ 6000).
    * BCT McKee ÷ faktor keamanan 6 untuk ekspor; tumpukan dibulatkan ke bawah.
    """),
]
