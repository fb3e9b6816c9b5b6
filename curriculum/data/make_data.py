"""Regenerate the synthetic datasets used by the case studies (curriculum/studi-kasus).

Run from anywhere:  python curriculum/data/make_data.py
Writes, next to this script:
  ikm_studi_kasus.csv   one row per fictional IKM (product, capacity, carton, target market)
  biaya_studi_kasus.csv monthly cost sheet per IKM (one row per cost item)

The IKMs are fictional. The base costs are round figures chosen by the ikmkit authors to be
plausible for East Java small industry in 2024-2026; they are NOT survey data. A fixed seed adds
small noise so the numbers look like a real ledger; the same seed gives the same files.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

SEED = 20240517
HERE = Path(__file__).resolve().parent

# sektor, ikm_id, nama_usaha, kabupaten, produk, satuan, produksi_bulanan, harga_jual_domestik_idr,
# unit_per_karton, karton p/l/t (cm), berat_karton_kg, pasar_tujuan, pelabuhan_muat
IKM = [
    ("batik", "SK-BTK", "Batik Tulis Sekar Gedog", "Kab. Tuban",
     "kain batik tulis gedog 2,2 x 1,1 m", "lembar", 120, 650_000,
     40, (60, 40, 35), 14.5, "Malaysia (Kuala Lumpur)", "Tanjung Perak, Surabaya"),
    ("konveksi", "SK-KNV", "Konveksi Buah Hati", "Kab. Sidoarjo",
     "jumper bayi katun 0-12 bulan", "potong", 4_000, 32_000,
     120, (60, 40, 40), 11.0, "Singapura", "Tanjung Perak, Surabaya"),
    ("bordir", "SK-BDR", "Bordir Melati Bangil", "Kab. Pasuruan",
     "mukena bordir katun rayon (1 set)", "set", 600, 235_000,
     30, (55, 45, 40), 16.0, "Malaysia (Johor Bahru)", "Tanjung Perak, Surabaya"),
    ("makanan-minuman", "SK-MKN", "Keripik Tempe Sanan Jaya", "Kota Malang",
     "keripik tempe 200 g (standing pouch)", "pouch", 10_000, 12_000,
     24, (50, 35, 30), 5.8, "Belanda (Rotterdam)", "Tanjung Perak, Surabaya"),
]

# ikm_id, pos_biaya, kategori, perilaku, base monthly cost (Rp), porsi_impor (share paid in USD)
# kategori: bbb = bahan baku langsung, btkl = tenaga kerja langsung, overhead = overhead pabrik
# (includes bahan penolong such as thread, buttons, labels, packaging).
# perilaku: variabel (moves with output) or tetap (fixed per month).
COSTS = [
    ("SK-BTK", "kain mori / tenun gedog", "bbb", "variabel", 10_200_000, 0.0),
    ("SK-BTK", "malam (lilin batik)", "bbb", "variabel", 1_500_000, 0.0),
    ("SK-BTK", "pewarna naftol & indigosol", "bbb", "variabel", 3_000_000, 1.0),
    ("SK-BTK", "upah pembatik (borongan)", "btkl", "variabel", 18_000_000, 0.0),
    ("SK-BTK", "upah pewarnaan & pelorodan", "btkl", "variabel", 4_000_000, 0.0),
    ("SK-BTK", "kayu bakar & gas pelorodan", "overhead", "variabel", 1_200_000, 0.0),
    ("SK-BTK", "listrik & air", "overhead", "tetap", 800_000, 0.0),
    ("SK-BTK", "penyusutan tempat & peralatan", "overhead", "tetap", 1_500_000, 0.0),
    ("SK-BTK", "gaji pengelola & admin", "overhead", "tetap", 4_000_000, 0.0),
    ("SK-BTK", "promosi & lain-lain", "overhead", "tetap", 1_000_000, 0.0),
    ("SK-KNV", "kain katun combed 30s", "bbb", "variabel", 40_000_000, 0.3),
    ("SK-KNV", "kain rib (manset & leher)", "bbb", "variabel", 4_000_000, 0.3),
    ("SK-KNV", "benang, kancing kait, label (bahan penolong)", "overhead", "variabel",
     6_000_000, 0.0),
    ("SK-KNV", "upah jahit (borongan)", "btkl", "variabel", 18_000_000, 0.0),
    ("SK-KNV", "upah potong, QC & finishing", "btkl", "variabel", 6_000_000, 0.0),
    ("SK-KNV", "polybag & hangtag", "overhead", "variabel", 2_000_000, 0.0),
    ("SK-KNV", "listrik", "overhead", "tetap", 1_500_000, 0.0),
    ("SK-KNV", "penyusutan mesin jahit & obras", "overhead", "tetap", 2_000_000, 0.0),
    ("SK-KNV", "sewa tempat", "overhead", "tetap", 2_500_000, 0.0),
    ("SK-KNV", "gaji pengawas & admin", "overhead", "tetap", 5_000_000, 0.0),
    ("SK-KNV", "uji lab SNI 7617 (dicicil per bulan)", "overhead", "tetap", 500_000, 0.0),
    ("SK-BDR", "kain katun rayon", "bbb", "variabel", 36_000_000, 0.0),
    ("SK-BDR", "benang bordir", "bbb", "variabel", 6_000_000, 0.5),
    ("SK-BDR", "upah bordir", "btkl", "variabel", 21_000_000, 0.0),
    ("SK-BDR", "upah jahit & finishing", "btkl", "variabel", 9_000_000, 0.0),
    ("SK-BDR", "tas mika & label (bahan penolong)", "overhead", "variabel", 3_000_000, 0.0),
    ("SK-BDR", "listrik mesin bordir", "overhead", "tetap", 2_500_000, 0.0),
    ("SK-BDR", "penyusutan mesin bordir komputer", "overhead", "tetap", 5_000_000, 0.0),
    ("SK-BDR", "sewa tempat", "overhead", "tetap", 2_000_000, 0.0),
    ("SK-BDR", "gaji desainer & admin", "overhead", "tetap", 5_000_000, 0.0),
    ("SK-MKN", "kedelai", "bbb", "variabel", 12_000_000, 0.9),
    ("SK-MKN", "tepung beras & bumbu", "bbb", "variabel", 5_000_000, 0.0),
    ("SK-MKN", "minyak goreng", "bbb", "variabel", 8_000_000, 0.0),
    ("SK-MKN", "upah pembuat tempe & penggoreng", "btkl", "variabel", 15_000_000, 0.0),
    ("SK-MKN", "upah pengemasan", "btkl", "variabel", 4_000_000, 0.0),
    ("SK-MKN", "standing pouch & label", "overhead", "variabel", 15_000_000, 0.0),
    ("SK-MKN", "gas LPG", "overhead", "variabel", 3_000_000, 0.0),
    ("SK-MKN", "listrik & air", "overhead", "tetap", 1_000_000, 0.0),
    ("SK-MKN", "penyusutan spinner, sealer, kompor", "overhead", "tetap", 1_500_000, 0.0),
    ("SK-MKN", "sewa tempat", "overhead", "tetap", 1_500_000, 0.0),
    ("SK-MKN", "gaji admin & pemasaran", "overhead", "tetap", 4_000_000, 0.0),
]


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    rng = np.random.default_rng(SEED)
    ikm_rows = [
        [s, i, n, k, p, u, q, price, upc, *dims, w, pasar, pel]
        for (s, i, n, k, p, u, q, price, upc, dims, w, pasar, pel) in IKM
    ]
    _write(
        HERE / "ikm_studi_kasus.csv",
        ["sektor", "ikm_id", "nama_usaha", "kabupaten", "produk", "satuan", "produksi_bulanan",
         "harga_jual_domestik_idr", "unit_per_karton", "karton_p_cm", "karton_l_cm",
         "karton_t_cm", "berat_karton_kg", "pasar_tujuan", "pelabuhan_muat"],
        ikm_rows,
    )
    cost_rows = []
    for ikm_id, item, kategori, perilaku, base, impor in COSTS:
        # +-4 % noise, rounded to Rp10.000 like a hand-kept ledger
        value = int(round(base * rng.normal(1.0, 0.04), -4))
        cost_rows.append([ikm_id, item, kategori, perilaku, value, impor])
    _write(
        HERE / "biaya_studi_kasus.csv",
        ["ikm_id", "pos_biaya", "kategori", "perilaku", "biaya_bulanan_idr", "porsi_impor"],
        cost_rows,
    )


if __name__ == "__main__":
    main()
