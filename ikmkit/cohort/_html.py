"""HTML pieces shared by the static report and the live dashboard.

>>> level_badge("Siap ekspor")
'<span class="lv lv3">Siap ekspor</span>'
>>> source_badge("mentor")
'<span class="src src-mentor" title="skor dari lembar mentor">diperiksa mentor</span>'
>>> table(["A", "B"], [["1", "2"]], numeric={1})[-62:]
'<tbody><tr><td>1</td><td class="n">2</td></tr></tbody></table>'
"""

from __future__ import annotations

import datetime as _dt
import functools
import html
from typing import Any

from ikmkit import readiness, standards
from ikmkit.vocab import SCORE_SOURCES

__all__ = ["CSS", "SOURCE_CSS", "certificate_section", "level_badge", "page", "source_badge",
           "table"]

_E = html.escape

SOURCE_CSS = """.src{display:inline-block;padding:0 6px;border-radius:8px;font-size:.75em;
border:1px solid #aab;color:#566;white-space:nowrap;margin-left:4px}
.src-mentor{border-color:#1e8449;color:#1e8449;font-weight:600}
"""
"""Style of :func:`source_badge` (the report and the dashboard both use it)."""

CSS = """
body{font-family:"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;color:#1c2833;
background:#f4f6f7;line-height:1.45}
header{background:#1f4e79;color:#fff;padding:16px 28px}
header h1{margin:0;font-size:1.5em} header p{margin:4px 0 0;opacity:.9}
main{max-width:1100px;margin:0 auto;padding:18px 24px}
section{background:#fff;border-radius:6px;padding:14px 18px;margin:14px 0;
box-shadow:0 1px 2px rgba(0,0,0,.08);break-inside:avoid}
h2{font-size:1.15em;margin:0 0 8px;color:#1f4e79}
.figures{display:flex;flex-wrap:wrap;gap:12px}
.figure{flex:1 1 150px;background:#eaf2f8;border-radius:6px;padding:10px 12px}
.figure b{display:block;font-size:1.7em;color:#1f4e79}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(430px,1fr));gap:12px}
table{border-collapse:collapse;width:100%;font-size:.88em}
th,td{border-bottom:1px solid #dde;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eaf2f8} td.n{text-align:right;font-variant-numeric:tabular-nums}
.lv{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:.85em}
.lv0{background:#c0392b}.lv1{background:#e67e22}.lv2{background:#2e86c1}.lv3{background:#1e8449}
.warn{color:#a93226;font-weight:600}
svg{max-width:100%;height:auto}
a{color:#1f4e79}
footer{font-size:.8em;color:#566;padding:10px 28px 30px;text-align:center}
""" + SOURCE_CSS + """
@media print{body{background:#fff;font-size:10pt}header{background:#fff;color:#000;
border-bottom:2px solid #000;padding:6px 0}main{max-width:none;padding:0}
section{box-shadow:none;border:1px solid #ccc;page-break-inside:avoid}
.noprint{display:none} a{color:#000;text-decoration:none}
.grid{display:block}}
"""


_SOURCE_TITLES = {"mandiri": "skor dari penilaian mandiri peserta (profil_ikm.json)",
                  "mentor": "skor dari lembar mentor"}


def source_badge(kind: Any) -> str:
    """Who stands behind a score (:data:`ikmkit.vocab.SCORE_SOURCES`), as a small badge;
    empty when nobody does (no score)."""
    if kind not in SCORE_SOURCES:
        return ""
    return (f'<span class="src src-{kind}" title="{_SOURCE_TITLES[kind]}">'
            f"{_E(SCORE_SOURCES[kind])}</span>")


def page(title: str, subtitle: str, body: str) -> str:
    stamp = _dt.datetime.now().strftime("%d-%m-%Y %H:%M")
    return (
        "<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        f"<title>{_E(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{_E(title)}</h1><p>{_E(subtitle)}</p></header><main>{body}</main>"
        f"<footer>Dibuat dengan ikmkit pada {stamp}. Skor dihitung dengan rubrik kesiapan "
        "ekspor ikmkit (ikmkit/data/rubric.toml); sumber tiap indikator tercantum di "
        "rubrik.</footer></body></html>\n")


def level_badge(name: Any) -> str:
    names = [lv.name for lv in readiness.LEVELS]
    if not isinstance(name, str) or name not in names:
        return "<span>belum dinilai</span>"
    return f'<span class="lv lv{names.index(name)}">{_E(name)}</span>'


def table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{_E(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(
        f'<td class="n">{c}</td>' if k in numeric else f"<td>{c}</td>"
        for k, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"



@functools.lru_cache(maxsize=4096)
def certificate_section(sector: str, held_ids: str, needed_ids: str = "") -> str:
    """The certificate part of a card; the same for every IKM of a sector holding the same."""
    held = [x for x in held_ids.split(";") if x]
    # SPPT-SNI among the needed certificates means the product is under a mandatory SNI
    sni_product = "sppt_sni" in needed_ids.split(";")
    try:
        steps = standards.roadmap(sector, held=held, target_market="ASEAN",
                                  sni_wajib_product=sni_product)[:6]
    except standards.StandardsError:
        steps = []
    held_text = ", ".join(standards.get(c).name for c in held) or "belum ada"
    rows = [[str(s.order), _E(s.certification.name), "Wajib" if s.mandatory else "Sukarela",
             _E(s.office), _E(s.duration), _E(s.cost)] for s in steps]
    return (f"<section><h2>Sertifikat</h2><p>Sudah dimiliki: {_E(held_text)}</p>"
            + ("<p>Rencana berikutnya (pasar ASEAN):</p>" + table(
                ["No", "Sertifikat", "Status", "Tempat mengurus", "Perkiraan waktu",
                 "Perkiraan biaya"], rows) if rows else "") + "</section>")
