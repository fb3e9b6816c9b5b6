"""Checks for the lesson exercises of modules 05 and 06: a specific hint, never the answer.

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
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ikmkit.errors import IkmkitError

__all__ = ["EXERCISES", "Exercise", "ExerciseError", "check", "hint"]

_EMPTY = "Belum diisi: ganti None dengan jawaban Anda, lalu jalankan sel ini lagi."
_NUMBER = "Jawaban harus angka (rupiah tanpa titik, mis. 150000000), bukan teks."
_CHOICE = "Jawaban harus salah satu pilihan yang ditulis di soal (dalam tanda petik): {options}."


class ExerciseError(IkmkitError):
    """An exercise id that does not exist."""


@dataclass(frozen=True)
class Exercise:
    """One lesson exercise: how to compare, the right answer, the usual mistakes."""

    kind: str  # "number" (with tolerance), "choice" (one of options) or "set" (list of options)
    answer: Any
    right: str
    mistakes: Mapping[Any, str] = field(default_factory=dict)
    options: tuple[str, ...] = ()
    tolerance: float = 0.5
    fallback: str = "Belum tepat. Baca lagi penjelasan di atas dan hitung ulang."
    extra: Callable[[Any], str | None] | None = None


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
}
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
        if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
            return _NUMBER
        number = float(value)
        if not math.isfinite(number):
            return _NUMBER
        if _near(number, float(ex.answer), ex.tolerance):
            return ex.right
        for wrong, text in ex.mistakes.items():
            if _near(number, float(wrong), ex.tolerance):
                return text
        return ex.fallback
    if not isinstance(value, str):
        return _CHOICE.format(options=", ".join(repr(o) for o in ex.options))
    text = value.strip()
    if text not in ex.options:
        return _CHOICE.format(options=", ".join(repr(o) for o in ex.options))
    if text == ex.answer:
        return ex.right
    return ex.mistakes.get(text, ex.fallback)


def check(exercise_id: str, value: object) -> None:
    """Print the hint for an exercise answer (the check cell of a lesson)."""
    print(hint(exercise_id, value))
