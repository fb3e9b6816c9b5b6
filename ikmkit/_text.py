"""Text that leaves ikmkit safely: names printed to a terminal, cells of CSV/XLSX files.

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

import unicodedata

__all__ = ["printable", "spreadsheet_safe"]

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
