"""Text for people: Indonesian numbers, money and dates; names and cells made safe.

Indonesian writes ``1.234.567,89``: a dot between thousands and a decimal comma.
:func:`number` is the one formatter every report, widget and message uses, with
:func:`rupiah`, :func:`usd`, :func:`percent` and :func:`date` on top of it:

>>> number(1234567.891, 2), number(57.3, 1), number(12.0, 1, trim=True), number(336)
('1.234.567,89', '57,3', '12', '336')
>>> number(float("nan")), rupiah(25_500_000), usd(1005.532), percent(57.26)
('–', 'Rp25.500.000', 'US$1.005,53', '57,3 %')
>>> import datetime
>>> date(datetime.date(2026, 10, 18))
'18 Oktober 2026'

Participant ids, folder names, business names and notebook outputs come from people
ikmkit does not trust. Before they reach a terminal they lose their control characters
(an escape sequence could erase a line and print a fake "dinilai 18/18"); before they
reach a spreadsheet cell, a leading ``=``, ``+``, ``-``, ``@``, tab or carriage return is
neutralised with a quote, so no spreadsheet program evaluates it as a formula (OWASP,
"CSV Injection").

>>> printable("ikm-001")
'ikm-001'
>>> printable("x\\x1b[2K\\r\\x1b[32mdinilai")
'x\\\\x1b[2K\\\\r\\\\x1b[32mdinilai'
>>> spreadsheet_safe("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> spreadsheet_safe("-12"), spreadsheet_safe("Batik Sekar Jagad")
("'-12", 'Batik Sekar Jagad')
"""

from __future__ import annotations

import datetime as _dt
import math
import unicodedata
from decimal import Decimal
from typing import Any

__all__ = ["date", "number", "percent", "printable", "rupiah", "spreadsheet_safe", "usd"]

MISSING = "–"
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember")


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, pandas NA
    except TypeError:
        return True


def number(value: Any, decimals: int = 0, *, trim: bool = False) -> str:
    """*value* the Indonesian way; integers (counts) never get decimals; '–' if missing.

    ``trim`` drops a decimal part that is all zeros (``12,0`` -> ``12``).
    """
    if _is_missing(value):
        return MISSING
    if isinstance(value, int) or (hasattr(value, "dtype") and str(
            getattr(value, "dtype", "")).startswith(("int", "uint"))):
        text = f"{int(value):,}"
    elif isinstance(value, Decimal):
        text = f"{value:,.{decimals}f}"
    else:
        value = float(value)
        if math.isinf(value):
            return MISSING
        text = f"{value:,.{decimals}f}"
    text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    if trim and "," in text and set(text.split(",")[1]) == {"0"}:
        text = text.split(",")[0]
    return text


def rupiah(value: Any) -> str:
    """Whole rupiah: ``Rp25.500.000``."""
    return MISSING if _is_missing(value) else "Rp" + number(Decimal(str(value)), 0)


def usd(value: Any) -> str:
    """US dollars to the cent: ``US$1.005,53``."""
    return MISSING if _is_missing(value) else "US$" + number(Decimal(str(value)), 2)


def percent(value: Any, decimals: int = 1) -> str:
    """A percentage already in percent units: ``57,3 %``."""
    return MISSING if _is_missing(value) else number(float(value), decimals) + " %"


def date(day: _dt.date) -> str:
    """A date in words: ``18 Oktober 2026``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(text: object) -> str:
    """``text`` with every control or format character shown as an escape (``\\x1b``).

    Letters of every script stay as they are; only characters a terminal could act on
    (C0/C1 controls, bidirectional overrides and other format characters) are escaped.
    """
    out = []
    for ch in str(text):
        if unicodedata.category(ch) in ("Cc", "Cf"):
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def spreadsheet_safe(value: object) -> object:
    """A text cell that a spreadsheet will not read as a formula; other values unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
