"""Printable login cards, in Indonesian: one per person, two per A4 page.

``DIR/kartu-login/semua.html`` holds every card of the batch (print it from the browser:
each card stays on one page, two cards per A4 sheet); ``DIR/kartu-login/<username>.html``
holds one card, for a reprint after ``ikmkit hub password``. The folder is readable by root
only: the cards carry the passwords.

The card explains the few nbgrader buttons that stay in English inside the Indonesian
JupyterLab (Assignment List, Fetch, Validate, Submit, Fetch Feedback).

>>> from ikmkit.hub.accounts import Account
>>> page = card_page([Card(Account("ikm-001", "abcd-efgh", "peserta"), "Siti Rahayu",
...                        "Batik Sekar", "batik", "Tuban")], "http://server:8000/", "Angkatan 1")
>>> "abcd-efgh" in page and "Kata sandi" in page and 'lang="id"' in page
True
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ikmkit.hub.accounts import Account

__all__ = ["CARDS_DIR", "Card", "card_page", "write_cards"]

CARDS_DIR = "kartu-login"
_E = html.escape

_SECTOR_NAMES = {"batik": "Batik", "konveksi": "Konveksi", "bordir": "Bordir",
                 "makanan-minuman": "Makanan-minuman"}

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1c2833;margin:0;padding:12px;
background:#eef2f5}
.kartu{background:#fff;border:2px solid #1f4e79;border-radius:10px;padding:14px 18px;
margin:0 auto 14px;max-width:180mm;box-sizing:border-box;page-break-inside:avoid;
break-inside:avoid}
.kartu h1{font-size:17px;margin:0 0 2px;color:#1f4e79}
.kartu .kelas{font-size:12px;color:#566;margin-bottom:8px}
.kartu table{border-collapse:collapse;width:100%;margin:6px 0}
.kartu td{padding:3px 6px;vertical-align:top;font-size:13px}
.kartu td.k{width:34%;color:#566}
.kartu .login td{font-size:18px}
.kartu .login code{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:20px;
font-weight:bold;letter-spacing:1px;background:#eaf2f8;padding:1px 6px;border-radius:4px}
.kartu ol{margin:6px 0 4px 18px;padding:0;font-size:12.5px;line-height:1.45}
.kartu .istilah{font-size:12px;margin-top:6px}
.kartu .istilah td{font-size:12px;padding:1px 6px;border-bottom:1px solid #dde}
.kartu .catatan{font-size:11.5px;color:#566;margin-top:6px}
@page{size:A4;margin:12mm}
@media print{body{background:#fff;padding:0}.kartu{margin:0 0 10mm;border-width:1.5px}
.kartu:nth-of-type(2n){page-break-after:always;break-after:page}}
"""

# nbgrader's panels stay English in the Indonesian JupyterLab: what each label means.
_TERMS = (
    ("Nbgrader → Assignment List", "daftar tugas"),
    ("Released assignments / Fetch", "tugas yang dibagikan / ambil tugas"),
    ("Downloaded assignments / Validate", "tugas yang sudah diambil / periksa jawaban"),
    ("Submit", "kirim tugas ke pelatih"),
    ("Submitted assignments / Fetch Feedback", "tugas terkirim / ambil umpan balik"),
)


@dataclass(frozen=True)
class Card:
    """What one card shows."""

    account: Account
    name: str = ""
    business: str = ""
    sector: str = ""
    district: str = ""


def _one(card: Card, url: str, batch: str) -> str:
    a = card.account
    rows = [("Nama", card.name or a.username)]
    if card.business:
        about = ", ".join(x for x in (_SECTOR_NAMES.get(card.sector, card.sector),
                                      card.district) if x)
        rows.append(("IKM", card.business + (f" ({about})" if about else "")))
    rows.append(("Peran", "Pelatih" if a.role == "pelatih" else "Peserta"))
    rows.append(("Alamat server", f'<a href="{_E(url)}">{_E(url)}</a>'))
    body = "".join(
        f'<tr><td class="k">{_E(k)}</td><td>{v if k == "Alamat server" else _E(v)}</td></tr>'
        for k, v in rows)
    steps = [
        "Buka <b>alamat server</b> di peramban (Chrome, Firefox atau Edge).",
        "Ketik <b>nama pengguna</b> dan <b>kata sandi</b> persis seperti di kartu ini "
        "(huruf kecil semua, tanda minus ikut diketik), lalu klik <b>Masuk</b>.",
        "JupyterLab terbuka dalam bahasa Indonesia. Materi pelatihan ada di folder "
        "<b>materi</b>.",
    ]
    if a.role == "pelatih":
        steps += [
            "Penilaian: di halaman <b>Beranda</b> hub pilih <b>Formgrader</b> (bagikan, "
            "kumpulkan, nilai tulisan, kirim umpan balik) atau <b>Terminal kelas</b> "
            "(perintah <code>ikmkit grade .</code> dan <code>ikmkit feedback .</code>).",
            "Dasbor kohort: di halaman <b>Beranda</b> pilih <b>Dasbor kohort</b>.",
        ]
    else:
        steps += [
            "Tugas: menu <b>Nbgrader → Assignment List</b>. Ambil tugas (<b>Fetch</b>), "
            "kerjakan, periksa (<b>Validate</b>), lalu kirim (<b>Submit</b>). Umpan balik: "
            "<b>Fetch Feedback</b>, klik <b>(view feedback)</b>, lalu klik dua kali berkas "
            "<b>.html</b> di panel berkas kiri.",
        ]
    terms = "".join(f"<tr><td><b>{_E(en)}</b></td><td>{_E(idn)}</td></tr>"
                    for en, idn in _TERMS)
    return (
        f'<section class="kartu" data-username="{_E(a.username)}">\n'
        "<h1>Kartu masuk server pelatihan ekspor IKM</h1>\n"
        f'<div class="kelas">{_E(batch)}</div>\n'
        f"<table>{body}</table>\n"
        '<table class="login">'
        f'<tr><td class="k">Nama pengguna</td><td><code>{_E(a.username)}</code></td></tr>'
        f'<tr><td class="k">Kata sandi</td><td><code class="sandi">{_E(a.password)}</code>'
        "</td></tr></table>\n"
        "<ol>" + "".join(f"<li>{s}</li>" for s in steps) + "</ol>\n"
        '<table class="istilah"><tr><td colspan="2">Tombol berbahasa Inggris di JupyterLab:'
        f"</td></tr>{terms}</table>\n"
        '<div class="catatan">Simpan kartu ini dan jangan berikan kata sandi kepada orang '
        "lain. Lupa kata sandi? Minta pelatih membuat yang baru.</div>\n"
        "</section>\n"
    )


def card_page(cards: Iterable[Card], url: str, batch: str) -> str:
    """A whole HTML page with the given cards."""
    body = "".join(_one(c, url, batch) for c in cards)
    return (
        '<!DOCTYPE html>\n<html lang="id">\n<head><meta charset="utf-8">'
        f"<title>Kartu masuk — {_E(batch)}</title><style>{_CSS}</style></head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(path, 0o600)


def write_cards(folder: Path, cards: Iterable[Card], url: str, batch: str) -> Path:
    """Write ``semua.html`` and one page per person into ``folder`` (mode 0700); returns
    the path of ``semua.html``."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    cards = list(cards)
    for card in cards:
        _write_private(folder / f"{card.account.username}.html", card_page([card], url, batch))
    everyone = folder / "semua.html"
    _write_private(everyone, card_page(cards, url, batch))
    return everyone
