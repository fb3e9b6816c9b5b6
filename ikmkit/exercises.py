"""Checks for the lesson exercises: a specific hint, never the answer.

A lesson notebook's exercise cell stores the participant's answer in a variable; the check cell
below it calls ``exercises.check("05.1-1", answer)``, which prints one Indonesian line: a hint
that names the likely mistake, or a confirmation. The expected answers live here, not in the
notebook, so the check cell does not give the answer away (the trainer guide explains them).

>>> from ikmkit import exercises
>>> exercises.check("06.2-1", None)
Belum diisi: ganti None dengan jawaban Anda, lalu jalankan sel ini lagi.
>>> exercises.check("06.2-1", 120_000_000)
Itu hanya uang untuk kain. Dana terdalam terjadi setelah upah dan biaya kirim juga keluar, \
sebelum pembeli membayar.
>>> exercises.check("06.2-1", 188_000_000)
Benar. Inilah plafon kredit modal kerja yang perlu dibicarakan dengan bank.
>>> exercises.check("06.2-1", "188 juta")
Jawaban harus angka (rupiah tanpa titik, mis. 150000000), bukan teks.

Four kinds of answer: a number (within a tolerance), one choice from the options printed in the
question, a set of options (all the right ones, nothing else) and a pick (a given number of
options, each from the acceptable ones). A choice, set or pick that names an option with a known
mistake gets that option's message. An answer that depends on today's date (a rule that starts
on a register deadline) is computed when the check runs, from the same ikmkit tool the lesson
teaches:

>>> exercises.check("03.1-3", ["quid", "nama_produk", "alergen"])
Nama produk juga ada di tabel minimum BPOM. Cari unsur yang hanya diminta aturan UE.
>>> exercises.check("03.1-3", "quid")
Jawaban harus daftar pilihan dalam tanda petik, mis. ["alergen", "quid"].
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ikmkit import packaging
from ikmkit.errors import IkmkitError

__all__ = ["EXERCISES", "LABEL_03_1", "Exercise", "ExerciseError", "check", "hint"]

_EMPTY = "Belum diisi: ganti None dengan jawaban Anda, lalu jalankan sel ini lagi."
_NUMBER = "Jawaban harus angka (rupiah tanpa titik, mis. 150000000), bukan teks."
_CHOICE = "Jawaban harus salah satu pilihan yang ditulis di soal (dalam tanda petik): {options}."
_LIST = 'Jawaban harus daftar pilihan dalam tanda petik, mis. ["alergen", "quid"].'
_UNKNOWN = "Pilihan tidak dikenal: {items}. Pilih dari: {options}."
_MISSING = "Masih ada yang kurang: bandingkan lagi dengan hasil alat ikmkit di atas."
_COUNT = "Tulis tepat {count} pilihan (sekarang {given})."


class ExerciseError(IkmkitError):
    """An exercise id that does not exist."""


@dataclass(frozen=True)
class Exercise:
    """One lesson exercise: how to compare, the right answer, the usual mistakes."""

    kind: str  # "number" (with tolerance), "choice" (one of options), "set" (exactly the
    # right options) or "pick" (``count`` options, each one of the acceptable ones in answer)
    answer: Any  # or a callable without arguments: computed when the check runs
    right: str
    mistakes: Mapping[Any, str] = field(default_factory=dict)
    options: tuple[str, ...] = ()
    tolerance: float = 0.5
    fallback: str = "Belum tepat. Baca lagi penjelasan di atas dan hitung ulang."
    extra: Callable[[Any], str | None] | None = None  # a special hint for some answers
    count: int = 0

    def expected(self) -> Any:
        """The right answer (computed now when it depends on today's date)."""
        return self.answer() if callable(self.answer) else self.answer


def _near(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol


EXERCISES: dict[str, Exercise] = {
    # 05.1 choosing a market
    "05.1-1": Exercise(
        "choice", "6111.20", "Benar: pakaian bayi rajut dari katun ada di pos 6111.20 (bab 61 = "
        "pakaian rajut). Delapan digit pos tarifnya dicari di BTKI 2022.",
        mistakes={"6109.10": "6109 adalah kaus (T-shirt), bukan pakaian bayi. Pakaian bayi "
                             "punya pos sendiri di bab 61.",
                  "6209.20": "Bab 62 untuk pakaian yang TIDAK dirajut (kain tenun). Jumper ini "
                             "dari kain rajut.",
                  "5208.52": "5208 adalah kain katun (bahan), bukan pakaian jadi."},
        options=("6109.10", "6111.20", "6209.20", "5208.52")),
    "05.1-2": Exercise(
        "number", 8.0, "Benar: tanpa Form D pembeli di Jepang membayar tarif MFN.",
        mistakes={0.0: "0 % adalah tarif dengan surat keterangan asal (IJEPA). Soal menanyakan "
                       "tarif TANPA surat keterangan asal (MFN)."},
        tolerance=0.01),
    "05.1-3": Exercise(
        "choice", "Singapura", "Benar: di Singapura bea masuk MFN sudah 0 %, jadi Form D tidak "
        "menghemat apa-apa (tetap berguna bila pembeli memintanya).",
        mistakes={"Malaysia": "Di Malaysia keripik tempe kena tarif MFN 5 % tanpa Form D dan "
                              "0 % dengan Form D: di sana Form D menghemat bea masuk.",
                  "Jepang": "Di Jepang tarif tanpa surat keterangan asal 9 %: surat asal IJEPA "
                            "justru menghemat banyak."},
        options=("Malaysia", "Singapura", "Jepang")),
    # 05.3 enquiry to order
    "05.3-1": Exercise(
        "number", 10.5, "Benar: berat tertagih kurir = yang lebih besar dari berat asli dan "
        "berat volume (÷ 5000).",
        mistakes={5.8: "Itu berat asli. Kurir menagih berat volume bila lebih besar: "
                       "P × L × T (cm) ÷ 5000.",
                  8.75: "Itu berat volume kargo udara (÷ 6000). Kurir ekspres biasanya membagi "
                        "dengan 5000."},
        tolerance=0.05),
    "05.3-2": Exercise(
        "number", 3168.0, "Benar: jumlah × harga satuan.",
        mistakes={2160.0: "Itu hanya 1.500 potong pertama. Pembeli memesan 2.200 potong.",
                  3300.0: "Harga satuan yang dipakai 1,44 (FOB), bukan 1,50."},
        tolerance=0.005),
    # 06.1 payment terms
    "06.1-1": Exercise(
        "choice", "tt_advance", "Benar: dengan T/T di muka uang datang sebelum barang dikirim, "
        "risiko tidak dibayar paling kecil untuk penjual.",
        mistakes={"open_account": "Open account berarti pembeli membayar SETELAH barang dikirim: "
                                  "risiko tidak dibayar ada di penjual.",
                  "da": "D/A: dokumen diserahkan hanya dengan tanda tangan wesel; penjual "
                        "menunggu jatuh tempo dan menanggung risiko.",
                  "dp": "D/P lebih aman dari open account, tetapi pembeli masih bisa menolak "
                        "menebus dokumen saat barang sudah di pelabuhan tujuan.",
                  "lc": "L/C aman bila dokumen sesuai, tetapi uang baru datang setelah kirim."},
        options=("tt_advance", "lc", "dp", "open_account", "da")),
    "06.1-2": Exercise(
        "choice", "lc", "Benar: L/C (UCP 600) membuat bank penerbit berjanji membayar bila "
        "dokumen sesuai, sehingga penjual tidak bergantung pada janji pembeli baru.",
        mistakes={"dp": "Pada D/P bank hanya menagih; bank tidak menjamin pembayaran (URC 522).",
                  "da": "Pada D/A bank tidak menjamin apa pun; pembeli baru malah mendapat "
                        "barang dulu.",
                  "open_account": "Open account dengan pembeli baru adalah pilihan paling "
                                  "berisiko."},
        options=("tt_advance", "lc", "dp", "open_account", "da")),
    # 06.2 financing one order
    "06.2-1": Exercise(
        "number", 188_000_000, "Benar. Inilah plafon kredit modal kerja yang perlu dibicarakan "
        "dengan bank.",
        mistakes={120_000_000: "Itu hanya uang untuk kain. Dana terdalam terjadi setelah upah "
                               "dan biaya kirim juga keluar, sebelum pembeli membayar.",
                  180_000_000: "Biaya forwarder Rp8 juta di hari ke-45 juga keluar sebelum "
                               "pembeli membayar.",
                  230_000_000: "Itu nilai pesanan (uang masuk), bukan dana yang perlu "
                               "dibiayai."}),
    "06.2-2": Exercise(
        "number", 1_990_000, "Benar: bunga dihitung per hari atas saldo yang minus.",
        mistakes={2_820_000: "Itu bunga Rp188 juta selama 90 hari penuh. Saldo minus berubah: "
                             "Rp120 juta dulu, lalu Rp180 juta, lalu Rp188 juta.",
                  1_880_000: "Itu bunga Rp188 juta selama 60 hari. Pakai saldo tiap periode, "
                             "seperti fungsi financing_need."},
        tolerance=1000),
    "06.2-3": Exercise(
        "number", 393_566, "Benar: total bunga anuitas = jumlah kolom interest.",
        mistakes={720_000: "Itu total bunga metode flat. Soal menanyakan metode anuitas.",
                  12_393_566: "Itu total angsuran (pokok + bunga). Soal menanyakan bunganya "
                              "saja."},
        tolerance=1),
    # 03.1 product labels
    "03.1-1": Exercise(
        "set", lambda: packaging.check_food_label(LABEL_03_1, "ID").missing_ids,
        "Benar: sama dengan daftar periksa ikmkit pada tanggal hari ini.",
        options=tuple(r.id for r in packaging.label_requirements("food", "ID")),
        extra=lambda v: _halal_hint(v),
        fallback="Belum sama dengan daftar periksa. Jalankan sel daftar periksa di atas dan "
                 "salin id unsur di baris 'belum ada'."),
    "03.1-2": Exercise(
        "choice", "alergen", "Benar: tempe dibuat dari kedelai, salah satu alergen. Keterangan "
                             "alergen wajib ditegaskan di label.",
        mistakes={"asal_bahan_tertentu": "Asal-usul bahan hanya wajib untuk bahan tertentu, mis. "
                                         "yang bersumber babi. Tempe dibuat dari kedelai.",
                  "kadar_alkohol": "Keripik tempe tidak mengandung alkohol.",
                  "cara_penggunaan": "Keripik langsung dimakan; tidak perlu direbus atau "
                                     "dilarutkan dulu."},
        options=("alergen", "asal_bahan_tertentu", "kadar_alkohol", "cara_penggunaan")),
    "03.1-3": Exercise(
        "pick", frozenset({"alergen", "quid", "informasi_nilai_gizi", "cara_penyimpanan"}),
        "Benar: ketiganya diminta Reg. (EU) 1169/2011 untuk keripik tempe dan tidak ada di "
        "tabel minimum BPOM.",
        mistakes={
            **dict.fromkeys(("nama_produk", "daftar_bahan", "berat_bersih", "kedaluwarsa",
                             "nama_alamat", "bahasa_setempat"),
                            "{label} juga ada di tabel minimum BPOM. Cari unsur yang hanya "
                            "diminta aturan UE."),
            "kadar_alkohol": "Kadar alkohol hanya untuk minuman dengan alkohol lebih dari "
                             "1,2 % vol.",
            "negara_asal": "Negara asal di UE hanya wajib bila tanpa keterangan itu konsumen "
                           "bisa tersesat, atau untuk pangan tertentu (daging, madu).",
            "cara_penggunaan": "Keripik tidak perlu disiapkan; petunjuk penggunaan tidak "
                               "berlaku."},
        options=tuple(r.id for r in packaging.label_requirements("food", "EU")), count=3),
    "03.1-4": Exercise(
        "choice", "C", "Benar: segitiga (pemutihan) yang disilang berarti jangan diputihkan.",
        mistakes={"A": "Bak cuci adalah simbol pencucian. Angka di dalamnya suhu air maksimum.",
                  "B": "Bak cuci dengan tangan berarti cuci tangan, bukan soal pemutih.",
                  "D": "Persegi adalah simbol pengeringan; lingkaran di dalamnya = mesin "
                       "pengering.",
                  "E": "Setrika dengan titik menunjukkan suhu setrika."},
        options=("A", "B", "C", "D", "E")),
    "03.1-5": Exercise(
        "choice", "95 % cotton, 5 % elastane",
        "Benar: nama serat Annex I Reg. (EU) 1007/2011 dengan persennya.",
        mistakes={"100 % cotton": "\"100 %\" hanya boleh untuk produk dari satu jenis serat. "
                                  "Jumper ini ada elastannya.",
                  "cotton blend": "Aturan UE meminta nama setiap serat dan persennya, bukan "
                                  "\"campuran\".",
                  "95 % katun, 5 % elastan": "Untuk pembeli di Jerman tulis dalam bahasa "
                                             "pembeli; latihan ini memakai bahasa Inggris."},
        options=("100 % cotton", "95 % cotton, 5 % elastane", "cotton blend",
                 "95 % katun, 5 % elastan")),
    # 03.2 export packaging and logistics
    "03.2-1": Exercise(
        "number", 5, "Benar: 239,3 ÷ 40 = 5,98, dibulatkan ke bawah (karton utuh).",
        mistakes={6: "239,3 ÷ 40 = 5,98: lapis keenam tidak muat. Bulatkan ke bawah."},
        tolerance=0),
    "03.2-2": Exercise(
        "number", 264, "Benar: (5 − 1) karton × 11 kg × 6.",
        mistakes={330: "Karton terbawah tidak menahan dirinya sendiri: hitung (lapis − 1) "
                       "karton di atasnya.",
                  44: "Itu beban di atas karton terbawah. Kalikan dengan faktor keamanan 6.",
                  176: "Untuk ekspor laut pakai faktor keamanan 6, bukan 4.",
                  132: "Untuk ekspor laut pakai faktor keamanan 6, bukan 3."},
        tolerance=0.5),
    "03.2-3": Exercise(
        "choice", "ya", "Benar: BCT 302 kgf lebih besar dari 264 kgf, tetapi selisihnya tipis.",
        mistakes={"tidak": "Bandingkan BCT karton (baris 'Karton ini') dengan BCT yang "
                           "dibutuhkan: mana yang lebih besar?"},
        options=("ya", "tidak")),
    "03.2-4": Exercise(
        "number", 42.0, "Benar: berat volume 10,5 kg per karton lebih besar dari 5,8 kg.",
        mistakes={23.2: "Itu berat asli. Kurir menagih berat volume bila lebih besar: "
                        "P × L × T (cm) ÷ 5000.",
                  35.0: "Itu berat volume kargo udara (÷ 6000). Kurir ekspres membagi dengan "
                        "5000.",
                  10.5: "Itu satu karton. Ada 4 karton."},
        tolerance=0.05),
    "03.2-5": Exercise(
        "number", 265, "Benar: perencana mencoba dua blok dengan arah berbeda.",
        mistakes={285: "Itu bila karton boleh direbahkan. Mukena bordir dikemas tegak: "
                       "centang 'hanya posisi tegak' (upright=True).",
                  225: "Itu satu blok saja. Baca angka total dari perencana ikmkit (dua blok).",
                  334: "Jangan membagi volume kontainer dengan volume karton: karton tidak bisa "
                       "dipotong mengikuti ruang sisa."},
        tolerance=0),
    # 04.1 HPP and break-even
    "04.1-1": Exercise(
        "number", 370_250, "Benar: (bahan baku + tenaga kerja + overhead) ÷ 120 lembar.",
        mistakes={300_500: "HPP belum termasuk overhead pabrik (listrik, kayu bakar, "
                           "penyusutan, gaji pengelola).",
                  187_333: "HPP belum termasuk tenaga kerja langsung (upah pembatik).",
                  117_583: "Itu hanya bahan baku langsung per lembar.",
                  44_430_000: "Itu biaya sebulan. Bagi dengan jumlah lembar (120)."},
        tolerance=1),
    "04.1-2": Exercise(
        "number", 22, "Benar: Rp7.180.000 ÷ margin kontribusi ± Rp339.583, dibulatkan ke atas.",
        mistakes={21: "21,1 lembar dibulatkan ke ATAS: pada 21 lembar biaya tetap belum "
                      "tertutup.",
                  12: "Biaya tetap dibagi margin kontribusi (harga − biaya variabel), bukan "
                      "harga.",
                  11: "Biaya tetap dibagi margin kontribusi (harga − biaya variabel), bukan "
                      "harga.",
                  26: "Pakai biaya variabel per lembar, bukan HPP penuh: biaya tetap sudah "
                      "ada di pembilang."},
        tolerance=0),
    "04.1-3": Exercise(
        "number", 355_292, "Benar: biaya tetap dibagi 160 lembar, biaya variabel per lembar tetap.",
        mistakes={277_688: "Biaya variabel ikut naik: 160 lembar butuh lebih banyak kain dan "
                           "upah. Hanya biaya tetap yang dibagi ke lebih banyak lembar.",
                  370_250: "Itu HPP pada 120 lembar. Hitung untuk 160 lembar."},
        tolerance=1),
    # 04.2 export price and Incoterms
    "04.2-1": Exercise(
        "number", 23_612, "Benar: 20.000 + 2.000 + 612 + 1.000.",
        mistakes={22_612: "Laba Rp1.000 juga bagian dari EXW.",
                  23_572: "Itu memakai subtotal sumber (Rp22.572) yang salah hitung. Jumlahkan "
                          "sendiri."},
        tolerance=0.5),
    "04.2-2": Exercise(
        "number", 6_428.28, "Benar: CIF = 6.400 ÷ (1 − 1,1 × 0,004).",
        mistakes={6_425.60: "Premi dihitung dari 110 % nilai CIF, bukan dari CFR saja.",
                  6_428.16: "Nilai pertanggungan 110 % dari CIF (yang sudah termasuk premi), "
                            "bukan dari CFR: CIF = CFR ÷ (1 − 1,1 × tarif).",
                  6_400.0: "Itu CFR. Tambahkan premi asuransi."},
        tolerance=0.005),
    "04.2-3": Exercise(
        "choice", "FCA", "Benar: barang diserahkan ke pengangkut pilihan pembeli di gudangnya.",
        mistakes={"FOB": "FOB berarti risiko pindah saat barang di atas kapal; di sini barang "
                         "diserahkan di gudang forwarder sebelum dimuat.",
                  "EXW": "EXW berarti pembeli mengambil di tempat Anda; di sini Anda mengantar "
                         "ke gudang forwarder.",
                  "CIF": "Pada CIF Anda membayar kapal dan asuransi; di sini forwarder pembeli "
                         "yang mengurusnya.",
                  "DDP": "DDP berarti Anda mengantar sampai tujuan dan membayar bea masuk."},
        options=("EXW", "FCA", "FOB", "CIF", "DDP")),
    # 04.3 exchange rate and margin
    "04.3-1": Exercise(
        "number", 13_700, "Benar: di bawah kurs ini harga US$1,62 tidak lagi menutup biaya.",
        mistakes={14_025: "Itu kurs impas bila semua biaya dalam rupiah. 15 % biaya (kain "
                          "impor) ikut turun saat rupiah menguat: isi import_share.",
                  15_000: "Itu hanya baris pertama tabel, bukan kurs saat laba 0."},
        tolerance=5),
    "04.3-2": Exercise(
        "choice", "lebih peka", "Benar: porsi impor batik lebih kecil, jadi peredamnya kecil.",
        mistakes={"kurang peka": "Bandingkan porsi impor: batik ± 7 %, konveksi ± 15 %. Bahan "
                                 "impor meredam perubahan laba."},
        options=("lebih peka", "kurang peka")),
    "04.3-3": Exercise(
        "number", 1.64, "Benar: 22.720 × 1,15 ÷ 16.000, dibulatkan ke atas ke sen.",
        mistakes={1.60: "Itu memakai kurs jual. Dolar Anda dicairkan pada kurs BELI bank.",
                  1.59: "Itu memakai kurs jual. Dolar Anda dicairkan pada kurs BELI bank.",
                  1.42: "Itu harga tanpa laba. Tambahkan target laba 15 %.",
                  1.63: "Harga minimum dibulatkan ke ATAS ke sen, agar tidak di bawah target."},
        tolerance=0.004),
}

LABEL_03_1: tuple[str, ...] = (
    "nama_produk", "daftar_bahan", "berat_bersih", "nama_alamat", "nomor_izin_edar",
    "kedaluwarsa", "tanggal_kode_produksi", "bahasa_setempat")
"""The new keripik tempe label of lesson 03.1, exercise 1."""


def _halal_hint(value: object) -> str | None:
    """03.1-1: the halal logo is mandatory once the register's deadline has passed."""
    today = packaging.check_food_label(LABEL_03_1, "ID")
    if "halal" in today.missing_ids and isinstance(value, (list, tuple, set, frozenset)) \
            and "halal" not in value:
        return ("Lihat tanggal hari ini: kewajiban halal untuk usaha mikro dan kecil sudah "
                "berlaku, jadi logo halal kini wajib.")
    return None
"""The exercises by id ("<notebook>-<number>")."""


def hint(exercise_id: str, value: object) -> str:
    """The Indonesian hint :func:`check` prints, as a string."""
    if exercise_id not in EXERCISES:
        raise ExerciseError(f"latihan tidak dikenal: {exercise_id!r}; pilihan: "
                            f"{', '.join(EXERCISES)}")
    ex = EXERCISES[exercise_id]
    if value is None:
        return _EMPTY
    if ex.kind == "number":
        return _number_hint(ex, value)
    if ex.kind in ("set", "pick"):
        return _many_hint(ex, value)
    if not isinstance(value, str):
        return _CHOICE.format(options=", ".join(repr(o) for o in ex.options))
    text = value.strip()
    if text not in ex.options:
        return _CHOICE.format(options=", ".join(repr(o) for o in ex.options))
    if text == ex.expected():
        return ex.right
    return ex.mistakes.get(text, ex.fallback)


def _number_hint(ex: Exercise, value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
        return _NUMBER
    number = float(value)
    if not math.isfinite(number):
        return _NUMBER
    if _near(number, float(ex.expected()), ex.tolerance):
        return ex.right
    for wrong, text in ex.mistakes.items():
        if _near(number, float(wrong), ex.tolerance):
            return text
    return ex.fallback


def _many_hint(ex: Exercise, value: object) -> str:
    if not isinstance(value, (list, tuple, set, frozenset)) \
            or not all(isinstance(v, str) for v in value):
        return _LIST
    given = [v.strip() for v in value]
    unknown = [v for v in given if v not in ex.options]
    if unknown:
        return _UNKNOWN.format(items=", ".join(map(repr, unknown)),
                               options=", ".join(map(repr, ex.options)))
    special = ex.extra(value) if ex.extra is not None else None
    if special:
        return special
    expected = set(ex.expected())
    for option in ex.options:  # a known mistake, in the order of the options
        if option in given and option not in expected and option in ex.mistakes:
            label = _LABELS.get(option, option)
            return ex.mistakes[option].format(label=label[:1].upper() + label[1:])
    if ex.kind == "pick":
        if len(set(given)) != ex.count:
            return _COUNT.format(count=ex.count, given=len(set(given)))
        return ex.right if set(given) <= expected else ex.fallback
    if set(given) == expected:
        return ex.right
    return _MISSING if set(given) < expected else ex.fallback


_LABELS = {r.id: r.label.split(" (")[0] for kind, market in
           (("food", "ID"), ("food", "EU"), ("textile", "EU"))
           for r in packaging.label_requirements(kind, market)}


def check(exercise_id: str, value: object) -> None:
    """Print the hint for an exercise answer (the check cell of a lesson)."""
    print(hint(exercise_id, value))
