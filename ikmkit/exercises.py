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

Lessons 00-02 add three kinds for novices: ``"angka"`` (a number, with hints for the ways
Indonesian writing trips Python up: ``15,50`` is two numbers, ``650.000`` is 650),
``"sendiri"`` (a number about the participant's own business: no right answer, only the
format and a plausible size are checked) and ``"urutan"`` (steps in order: says how many are
in place and where the first wrong one is, never the order itself):

>>> exercises.check("00.1-2", (15, 50))
Di Python koma memisahkan dua nilai: 15,50 terbaca sebagai dua angka (15 dan 50). Tulis \
desimal dengan titik: 15.50.
>>> exercises.check("00.1-3", 650.000)
Titik di Python adalah tanda desimal: 650.000 terbaca 650. Tulis rupiah tanpa titik: 650000 \
atau 650_000.

Participants write numbers the Indonesian way with :func:`rupiah`, :func:`angka` and
:func:`persen`:

>>> exercises.rupiah(936_000_000), exercises.angka(52.142857, 1), exercises.persen(36.77)
('Rp936.000.000', '52,1', '36,8 %')
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ikmkit import packaging
from ikmkit._text import number as _number
from ikmkit._text import percent as _percent
from ikmkit._text import rupiah as _rupiah
from ikmkit.errors import IkmkitError

__all__ = ["EXERCISES", "LABEL_03_1", "Exercise", "ExerciseError", "angka", "check", "hint",
           "persen", "rupiah", "tabel"]

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


def rupiah(value: Any) -> str:
    """Whole rupiah the Indonesian way: ``Rp650.000``."""
    return _rupiah(value)


def angka(value: Any, desimal: int = 0) -> str:
    """A number the Indonesian way (dot between thousands, decimal comma): ``1.234,5``."""
    return _number(value, desimal)


def persen(value: Any, desimal: int = 1) -> str:
    """A percentage the Indonesian way: ``36,8 %``."""
    return _percent(value, desimal)


def tabel(frame: Any) -> Any:
    """A table shown whole in a notebook: no text cut to "...", numbers the Indonesian way.

    pandas shortens long text (more than 50 characters) in a cell; a participant reading a
    roadmap's reasons or a level's meaning needs all of it.

    >>> import pandas as pd
    >>> html = tabel(pd.DataFrame({"Artinya": ["x" * 80], "Skor": [64.7], "tahun": [2023],
    ...                            "Jumlah": [12000]})).data
    >>> "x" * 80 in html, "64,7" in html, "2023" in html, "12.000" in html
    (True, True, True, True)
    """
    import pandas as pd
    from IPython.display import HTML

    def fmt(value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
            return str(value)
        return _number(value, 0 if float(value).is_integer() else 1, trim=True)

    plain = ("tahun", "year", "kode", "id", "urutan")  # years and codes keep their digits
    formatters = {c: (str if any(w in str(c).lower() for w in plain) else fmt)
                  for c in frame.columns}
    with pd.option_context("display.max_colwidth", None):
        html = frame.to_html(formatters=formatters, escape=True, border=0, justify="left")
    return HTML(html.replace("<td>", "<td style='text-align:left'>"))


_COMMA = ("Di Python koma memisahkan dua nilai: {shown} terbaca sebagai dua angka ({parts}). "
          "Tulis desimal dengan titik: {fixed}.")
_QUOTED = "Tulis angkanya tanpa tanda petik, mis. 650000 (bukan \"650000\")."
_ZERO = "Belum diisi: ganti angka 0 dengan angka usaha Anda, lalu jalankan sel ini lagi."


def _format_hint(value: object) -> str | None:
    """A hint for a number typed the Indonesian way, or None when it is a plain number."""
    if isinstance(value, tuple) and len(value) == 2 and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value):
        whole, frac = value
        return _COMMA.format(shown=f"{whole},{frac:0{len(str(frac))}d}",
                             parts=f"{whole} dan {frac}", fixed=f"{whole}.{frac}")
    if isinstance(value, str):
        return _QUOTED
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)) \
            or not math.isfinite(float(value)):
        return _NUMBER
    return None


def _angka_hint(ex: Exercise, value: object) -> str:
    """kind "angka": a number, with hints for Indonesian-style typing."""
    if value is None:
        return _EMPTY
    special = _format_hint(value)
    if special:
        return special
    number = float(value)  # type: ignore[arg-type]
    if _near(number, float(ex.answer), ex.tolerance):
        return ex.right
    for wrong, text in ex.mistakes.items():
        if _near(number, float(wrong), ex.tolerance):
            return text
    return ex.fallback


def _sendiri_hint(ex: Exercise, value: object) -> str:
    """kind "sendiri": the participant's own number; format and plausibility only."""
    if value is None:
        return _EMPTY
    special = _format_hint(value)
    if special:
        return special
    if float(value) == 0:  # type: ignore[arg-type]
        return _ZERO
    extra = ex.extra(value) if ex.extra is not None else None
    return extra or ex.right


def _urutan_hint(ex: Exercise, value: object) -> str:
    """kind "urutan": the steps of ``ex.options`` in the right order (``ex.answer``)."""
    if value is None:
        return _EMPTY
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        return "Jawaban harus daftar langkah dalam tanda petik, dipisah koma, di dalam [ ]."
    given = tuple(v.strip() for v in value)
    if sorted(given) != sorted(ex.options):
        return ("Pakai setiap langkah dari daftar di soal tepat satu kali (salin tulisannya "
                "persis); ubah urutannya saja.")
    if given == tuple(ex.answer):
        return ex.right
    if given in ex.mistakes:
        return ex.mistakes[given]
    wrong = [k + 1 for k, (a, b) in enumerate(zip(given, ex.answer, strict=True)) if a != b]
    return (f"{len(given) - len(wrong)} dari {len(given)} langkah sudah di tempatnya. Langkah "
            f"ke-{wrong[0]} belum tepat: {ex.fallback}")


_KINDS: dict[str, Callable[[Exercise, object], str]] = {
    "angka": _angka_hint, "sendiri": _sendiri_hint, "urutan": _urutan_hint}
"""Kinds of lessons 00-02, checked before the general ones below."""


EXERCISES: dict[str, Exercise] = {
    # 00.1 working in a notebook
    "00.1-1": Exercise(
        "angka", 936_000_000, "Benar: 120 lembar × Rp650.000 × 12 bulan.",
        mistakes={78_000_000: "Itu omzet sebulan. Setahun ada 12 bulan: kalikan omzet_bulanan "
                              "dengan 12.",
                  28_470_000_000: "Itu dikalikan 365 hari. omzet_bulanan sudah omzet satu "
                                  "bulan: kalikan dengan 12 bulan."}),
    "00.1-2": Exercise(
        "angka", 15.5, "Benar: desimal ditulis dengan titik di Python (15.50), walau di "
                       "tulisan Indonesia pakai koma (15,50).",
        mistakes={1550: "Itu seribu lima ratus lima puluh. Koma desimal tidak dihapus, tetapi "
                        "diganti titik: 15.50."},
        tolerance=0.001),
    "00.1-3": Exercise(
        "angka", 650_000, "Benar: rupiah ditulis tanpa titik ribuan (650000 atau 650_000).",
        mistakes={650: "Titik di Python adalah tanda desimal: 650.000 terbaca 650. Tulis rupiah "
                       "tanpa titik: 650000 atau 650_000."},
        tolerance=0.001),
    "00.1-4": Exercise(
        "sendiri", 120, "Angka produksi terbaca. Lanjutkan dengan harga jual di baris "
                        "berikutnya.",
        extra=lambda v: ("Produksi tidak bisa negatif." if float(v) < 0 else
                         "Tulis produksi sebagai bilangan bulat, mis. 120."
                         if not float(v).is_integer() else None)),
    "00.1-5": Exercise(
        "sendiri", 650_000, "Harga terbaca. Lihat omzet di bawah: masuk akal untuk usaha Anda?",
        extra=lambda v: ("Harga tidak bisa negatif." if float(v) < 0 else
                         f"Terbaca Rp{angka(float(v), 3 if not float(v).is_integer() else 0)}:"
                         " terlalu kecil untuk harga jual. Bila maksud Anda "
                         f"{angka(float(v) * 1000)} rupiah, tulis tanpa titik: "
                         f"{int(round(float(v) * 1000))}."
                         if float(v) < 1000 else None)),
    # 00.2 the incubator programme
    "00.2-1": Exercise(
        "angka", 52.14, "Benar: 73 ÷ 140 × 100 = 52,1 %.",
        mistakes={191.78: "Pembagiannya terbalik: yang sudah ekspor (73) dibagi jumlah peserta "
                          "(140).",
                  0.5214: "Itu pecahan. Kalikan 100 untuk mendapat persen."},
        tolerance=0.05),
    "00.2-2": Exercise(
        "angka", 53.33, "Benar: 16 ÷ 30 × 100 = 53,3 % dari lulusan.",
        mistakes={17.78: "Itu dibagi 90 calon peserta. Soal menanyakan persen dari 30 lulusan.",
                  187.5: "Pembagiannya terbalik: yang sudah ekspor (16) dibagi jumlah lulusan "
                         "(30).",
                  0.5333: "Itu pecahan. Kalikan 100 untuk mendapat persen."},
        tolerance=0.05),
    # 00.3 the readiness rubric
    "00.3-1": Exercise(
        "choice", "Standardisasi & sertifikasi", "Benar: dimensi ini paling rendah karena "
        "SPPT-SNI belum ada dan belum ada uji, desain dan sistem mutu tersertifikat.",
        mistakes={"Manajemen & keuangan": "Itu terendah kedua. Lihat tabel skor per dimensi "
                                          "di widget contoh.",
                  "Pasar & promosi": "Lihat lagi tabel skor per dimensi: ada yang lebih rendah."},
        options=("Legalitas usaha", "Standardisasi & sertifikasi", "Mutu & kapasitas produksi",
                 "Kemasan & label", "Kalkulasi biaya & harga", "Pasar & promosi",
                 "Dokumen & prosedur ekspor", "Manajemen & keuangan")),
    "00.3-2": Exercise(
        "choice", "Siap ekspor dengan pendampingan", "Benar: penghambat hilang, tingkat tidak "
        "lagi ditahan.",
        mistakes={"Rintisan ekspor": "Tingkat masih ditahan? Pastikan pertanyaan \"sudah "
                                     "ber-SPPT-SNI\" di widget contoh Anda ubah menjadi Ya.",
                  "Siap ekspor": "Tingkat \"Siap ekspor\" mulai skor 80. Baca skor total di "
                                 "widget.",
                  "Pra-ekspor": "Pra-ekspor untuk skor di bawah 40. Baca skor total di widget."},
        options=("Pra-ekspor", "Rintisan ekspor", "Siap ekspor dengan pendampingan",
                 "Siap ekspor")),
    # 01.1 SNI and SPPT-SNI
    "01.1-1": Exercise(
        "choice", "timbal (Pb)", "Benar: timbal 0,35 mg/kg di atas batas 0,2 mg/kg.",
        mistakes={"nikel (Ni)": "Nikel 0,8 mg/kg masih di bawah batasnya. Bandingkan setiap baris "
                                "dengan kolom batas.",
                  "kadmium (Cd)": "Kadmium 0,05 mg/kg di bawah batasnya. Bandingkan setiap baris "
                                  "dengan kolom batas.",
                  "tembaga (Cu)": "Tembaga 12 mg/kg jauh di bawah batasnya.",
                  "formaldehida": "Formaldehida tidak terdeteksi: itu memenuhi."},
        options=("formaldehida", "kadmium (Cd)", "tembaga (Cu)", "timbal (Pb)", "nikel (Ni)")),
    "01.1-2": Exercise(
        "choice", "putih", "Benar: putih untuk batik cap.",
        mistakes={"emas": "Emas untuk batik tulis. Lihat lagi warna untuk batik cap.",
                  "perak": "Perak untuk batik kombinasi tulis dan cap."},
        options=("emas", "putih", "perak")),
    "01.1-3": Exercise(
        "choice", "tidak", "Benar: SNI Bina UMK adalah pendampingan, bukan sertifikat.",
        mistakes={"ya": "SNI Bina UMK adalah pendampingan menerapkan SNI. Untuk produk SNI wajib "
                        "tetap perlu SPPT-SNI dari LSPro yang ditunjuk Menteri Perindustrian."},
        options=("ya", "tidak")),
    # 01.2 quality systems, halal and food permits
    "01.2-1": Exercise(
        "urutan",
        ("melakukan analisis bahaya", "menentukan titik kendali kritis (CCP)",
         "menetapkan batas kritis", "menetapkan cara pemantauan", "menetapkan tindakan koreksi",
         "menetapkan verifikasi", "menyimpan catatan"),
        "Benar: urutan tujuh prinsip HACCP Codex.",
        options=("melakukan analisis bahaya", "menentukan titik kendali kritis (CCP)",
                 "menetapkan batas kritis", "menetapkan cara pemantauan",
                 "menetapkan tindakan koreksi", "menetapkan verifikasi", "menyimpan catatan"),
        fallback="tanyakan pada diri sendiri: apa yang harus sudah ada sebelum langkah ini "
                 "bisa dikerjakan?"),
    "01.2-2": Exercise(
        "choice", "aluminium foil", "Benar: digit pertama 5 = aluminium foil.",
        mistakes={"kaleng": "Kaleng adalah angka 4. Baca lagi tabel jenis kemasan.",
                  "lainnya": "\"Lainnya\" adalah angka 6. Baca lagi tabel jenis kemasan."},
        options=("kaca", "plastik", "kertas/karton", "kaleng", "aluminium foil", "lainnya",
                 "komposit", "kemasan ganda (multi)")),
    "01.2-3": Exercise(
        "choice", "BPOM MD", "Benar: pangan beku perlu penanganan khusus, jadi BPOM MD.",
        mistakes={"PIRT": "Pangan beku perlu penanganan khusus (rantai dingin), jadi tidak bisa "
                          "memakai SPP-IRT walau dibuat di rumah.",
                  "tanpa izin edar": "Tempe beku dalam kemasan tahan lebih dari 7 hari: perlu "
                                     "izin edar."},
        options=("PIRT", "BPOM MD", "tanpa izin edar")),
    # 01.3 trademarks and barcodes
    "01.3-1": Exercise(
        "angka", 1_500_000, "Benar: 3 kelas × Rp500.000 (tarif UMK, daring).",
        mistakes={500_000: "Itu satu kelas. Tarif dihitung per kelas: pakaian, kain dan tas ada "
                           "di kelas berbeda.",
                  5_400_000: "Itu tarif umum. Usaha mikro dan kecil memakai tarif UMK.",
                  1_800_000: "Itu tarif umum untuk satu kelas. Pakai tarif UMK, dikali jumlah "
                             "kelas."}),
    "01.3-2": Exercise(
        "choice", "tidak", "Benar: digit pemeriksanya tidak cocok, kasir akan menolaknya.",
        mistakes={"ya": "Jalankan standards.is_valid_gtin(...) dan baca hasilnya: False berarti "
                        "tidak sah."},
        options=("ya", "tidak")),
    "01.3-3": Exercise(
        "angka", 6, "Benar: setiap pasangan rasa dan ukuran adalah varian sendiri, 3 × 2.",
        mistakes={5: "Rasa dan ukuran tidak dijumlahkan: setiap pasangan (mis. balado 200 g) "
                     "adalah varian sendiri.",
                  1: "Satu nomor untuk semua varian membuat kasir tidak bisa membedakan rasa dan "
                     "ukuran.",
                  3: "Ukuran berbeda juga perlu nomor sendiri (isi bersih berbeda).",
                  2: "Rasa berbeda juga perlu nomor sendiri."},
        tolerance=0),
    # 01.4 certification roadmap
    "01.4-1": Exercise(
        "choice", "merek", "Benar: LSPro meminta bukti pendaftaran merek sebelum SPPT-SNI.",
        mistakes={"sppt_sni": "SPPT-SNI memang wajib, tetapi LSPro meminta bukti pendaftaran "
                              "merek lebih dulu: baca kolom Alasan (\"Prasyarat untuk\").",
                  "iso_9001": "ISO 9001 sukarela. Yang wajib dan prasyaratnya didahulukan.",
                  "gs1_barcode": "Barcode sukarela. Yang wajib dan prasyaratnya didahulukan."},
        options=("merek", "sppt_sni", "iso_9001", "gs1_barcode")),
    "01.4-2": Exercise(
        "choice", "haccp", "Benar: importir pangan Eropa biasanya meminta HACCP.",
        mistakes={"merek": "Merek muncul di kedua peta jalan. Cari yang hanya ada di peta jalan "
                           "Uni Eropa.",
                  "gs1_barcode": "Barcode muncul di kedua peta jalan.",
                  "uji_produk": "Uji produk muncul di kedua peta jalan."},
        options=("haccp", "merek", "gs1_barcode", "uji_produk")),
    # 02.1 readiness: score, blockers, 3K
    "02.1-1": Exercise(
        "choice", "Dokumen & prosedur ekspor", "Benar: usaha ini belum pernah ekspor sendiri.",
        mistakes={"Kemasan & label": "Itu terendah kedua. Cari sisi grafik radar yang paling "
                                     "kempis, atau angka terkecil di tabel dimensi.",
                  "Pasar & promosi": "Lihat lagi tabel dimensi: ada yang lebih rendah."},
        options=("Legalitas usaha", "Standardisasi & sertifikasi", "Mutu & kapasitas produksi",
                 "Kemasan & label", "Kalkulasi biaya & harga", "Pasar & promosi",
                 "Dokumen & prosedur ekspor", "Manajemen & keuangan")),
    "02.1-2": Exercise(
        "angka", 120, "Benar: 10 pembordir × (24 hari ÷ 2 hari per mukena).",
        mistakes={240: "Satu mukena butuh DUA hari: setiap pembordir menyelesaikan 24 ÷ 2 = 12 "
                       "mukena sebulan.",
                  5: "Itu per hari (10 ÷ 2). Kalikan dengan 24 hari kerja.",
                  12: "Itu satu pembordir. Ada 10 pembordir."},
        tolerance=0),
    "02.1-3": Exercise(
        "angka", 10, "Benar: 1.200 ÷ 120 = 10 bulan, terlalu lama untuk satu pesanan.",
        mistakes={0.1: "Pembagiannya terbalik: pesanan (1.200) dibagi kapasitas sebulan (120).",
                  2: "Itu memakai kapasitas 600 dari data studi kasus. Soal ini memakai kapasitas "
                     "nyata yang baru Anda hitung."},
        tolerance=0.01),
    "02.1-4": Exercise(
        "choice", "Rintisan ekspor", "Benar: skor hanya turun sedikit, tetapi penghambat menahan "
        "tingkat.",
        mistakes={"Siap ekspor dengan pendampingan": "Skor memang masih di atas 60, tetapi ada "
                  "penghambat baru. Baca baris Tingkat dan daftar penghambat di widget.",
                  "Pra-ekspor": "Pra-ekspor untuk skor di bawah 40. Baca skor total di widget.",
                  "Siap ekspor": "Tingkat \"Siap ekspor\" mulai skor 80."},
        options=("Pra-ekspor", "Rintisan ekspor", "Siap ekspor dengan pendampingan",
                 "Siap ekspor")),
    # 02.2 ATIGA origin rules
    "02.2-1": Exercise(
        "angka", 36.77, "Benar: (15,50 − 9,80) ÷ 15,50 × 100, dibulatkan ke bawah.",
        mistakes={63.22: "Itu porsi bahan non-ASEAN (9,80 ÷ 15,50). RVC = FOB dikurangi bahan "
                         "non-ASEAN, lalu dibagi FOB.",
                  63.23: "Itu porsi bahan non-ASEAN (9,80 ÷ 15,50). RVC = FOB dikurangi bahan "
                         "non-ASEAN, lalu dibagi FOB.",
                  0.3677: "Itu pecahan. Nyatakan RVC dalam persen (kalikan 100)."},
        tolerance=0.01),
    "02.2-2": Exercise(
        "choice", "tidak", "Benar: RVC di bawah 40 %. Cek dulu kriteria lain (perubahan pos "
                           "tarif/PSR) sebelum menyerah.",
        mistakes={"ya": "Bandingkan RVC yang Anda hitung dengan ambang ATIGA 40 %."},
        options=("ya", "tidak")),
    "02.2-3": Exercise(
        "angka", 94.73, "Benar: (0,95 + 0,40 + 0,15 + 0,05 + 0,25) ÷ 1,90 × 100.",
        mistakes={81.57: "Rumus langsung juga menjumlahkan laba (0,25).",
                  100: "Kedelai impor (bahan non-ASEAN) tidak masuk pembilang."},
        tolerance=0.01),
    # 02.3 export documents
    "02.3-1": Exercise(
        "urutan",
        ("buat invoice dan packing list", "booking kapal lewat forwarder", "ajukan PEB",
         "terima NPE", "barang dimuat ke kapal", "terima B/L"),
        "Benar: dokumen dulu, booking, PEB → NPE, barang masuk terminal dan dimuat, B/L terbit.",
        mistakes={("booking kapal lewat forwarder", "buat invoice dan packing list", "ajukan PEB",
                   "terima NPE", "barang dimuat ke kapal", "terima B/L"):
                  "Bisa juga: dalam praktik booking dan invoice boleh bertukar. Yang penting "
                  "PEB → NPE sebelum muat, dan B/L sesudah barang di atas kapal."},
        options=("buat invoice dan packing list", "booking kapal lewat forwarder", "ajukan PEB",
                 "terima NPE", "barang dimuat ke kapal", "terima B/L"),
        fallback="ingat, NPE diperlukan agar barang boleh masuk terminal, dan B/L terbit setelah "
                 "barang di atas kapal."),
    "02.3-2": Exercise(
        "angka", 209, "Benar: 5.000 ÷ 24 = 208,3, dibulatkan ke atas: karton terakhir tidak "
                      "penuh.",
        mistakes={208: "8 pouch sisanya juga perlu karton: bulatkan ke ATAS.",
                  208.33: "Karton dihitung utuh: bulatkan ke atas.",
                  120_000: "Itu dikalikan. Jumlah pouch dibagi isi per karton."},
        tolerance=0.01),
    "02.3-3": Exercise(
        "angka", 1212.2, "Benar: 209 karton × 5,8 kg.",
        mistakes={1206.4: "Pakai jumlah karton yang sudah dibulatkan ke atas (209).",
                  29_000: "Berat 5,8 kg adalah berat satu karton penuh, bukan satu pouch.",
                  5.8: "Itu satu karton. Kalikan dengan jumlah karton."},
        tolerance=0.05),
    "02.3-4": Exercise(
        "angka", 10.97, "Benar: 209 × (0,50 × 0,35 × 0,30) m³.",
        mistakes={0.0525: "Itu satu karton. Kalikan dengan jumlah karton.",
                  10.92: "Pakai jumlah karton yang sudah dibulatkan ke atas (209).",
                  109_725: "Ukuran karton dalam cm: ubah ke meter dulu (packaging.cbm "
                           "melakukannya)."},
        tolerance=0.01),
    # 02.4 reading East Java export figures
    "02.4-1": Exercise(
        "angka", 96.22, "Benar: 20,64 ÷ 21,45 × 100 = 96,2 %.",
        mistakes={103.92: "Pembagiannya terbalik: nonmigas (20,64) dibagi total (21,45).",
                  0.9622: "Itu pecahan. Kalikan 100 untuk mendapat persen.",
                  95.03: "Itu memakai angka 2022 (22,94 ÷ 24,14). Soal menanyakan 2023."},
        tolerance=0.05),
    "02.4-2": Exercise(
        "angka", -10.03, "Benar: (20,64 ÷ 22,94 − 1) × 100 = −10,03 %, sedikit lebih kecil "
                         "dari turunnya ekspor total (−11,13 %).",
        mistakes={10.03: "Ekspor turun, jadi perubahannya negatif: tahun 2023 dibagi 2022, "
                         "dikurangi 1.",
                  -11.13: "Itu ekspor total. Soal menanyakan ekspor nonmigas.",
                  11.14: "Itu dibagi terbalik: 2023 dibagi 2022, lalu dikurangi 1."},
        tolerance=0.05),
    "02.4-3": Exercise(
        "angka", 0.356, "Benar: 16,55 % × US$2,15 miliar = US$0,356 miliar.",
        mistakes={0.36: "Itu angka publikasi yang sudah dibulatkan. Hitung dari pangsa "
                        "publikasi (16,55 %) dan total (2,15).",
                  35.58: "Pangsa dalam persen: bagi 100 dulu (16,55 ÷ 100 × 2,15).",
                  0.337: "Itu memakai pangsa Uni Eropa atau angka lain. Pakai pangsa ASEAN "
                         "16,55 %."},
        tolerance=0.0005),
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
    if ex.kind in _KINDS:  # the kinds of lessons 00-02
        return _KINDS[ex.kind](ex, value)
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
