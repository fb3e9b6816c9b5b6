"""What the five notebook tools share: the :class:`Tool` base, HTML helpers, colours."""

from __future__ import annotations

import contextlib
import html
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import ipywidgets as W

from ikmkit._text import number as _num
from ikmkit._text import rupiah as _rp
from ikmkit._text import usd as _usd

__all__ = ["GREEN", "GREY", "LABEL_STYLE", "RED", "WIDE", "Tool", "error_html", "esc",
           "missing", "num", "rp", "table_html", "usd"]

num, rp, usd = _num, _rp, _usd

RED = "#b3261e"
GREEN = "#1b5e20"
GREY = "#555"
WIDE = W.Layout(width="auto")
LABEL_STYLE = {"description_width": "initial"}


def carton_size(label: str, value: float, style: dict[str, str],
                layout: W.Layout) -> W.BoundedFloatText:
    """A carton dimension in cm (0-1000, step 1)."""
    return W.BoundedFloatText(value=float(value), min=0, max=1000, step=1,
                              description=label, style=style, layout=layout)


def esc(text: object) -> str:
    return html.escape(str(text))


def missing(value: object) -> bool:
    """None, NaN or pandas NA (an unanswered cell of a cohort table)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and pd.NA
    except TypeError:
        return True  # pd.NA != pd.NA raises in bool()


def error_html(exc: Exception) -> str:
    return (
        f"<div style='color:{RED}'><b>Periksa isian:</b> {esc(exc)}</div>"
    )


def table_html(rows: Sequence[Sequence[str]], header: Sequence[str], *,
                bold_rows: Iterable[int] = ()) -> str:
    """A small HTML table; cells are escaped here."""
    bold = set(bold_rows)
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{esc(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        weight = "font-weight:bold;" if i in bold else ""
        cells = "".join(
            f"<td style='{weight}padding:2px 8px;text-align:{'right' if j else 'left'}'>"
            f"{esc(cell)}</td>"
            for j, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        "<table style='border-collapse:collapse'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


class Tool:
    """Base: holds ``widget``, ``controls`` and displays as the widget in Jupyter."""

    widget: W.Widget
    controls: dict[str, W.ValueWidget]

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _watch(self, widgets: Iterable[W.Widget]) -> None:
        for control in widgets:
            control.observe(self._on_change, names="value")

    _held: bool = False

    def _on_change(self, change: Mapping[str, Any] | None = None) -> None:
        if not self._held:
            self.update()

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Change several controls and recompute once, at the end.

        >>> from ikmkit.widgets import ContainerPlanner
        >>> tool = ContainerPlanner()
        >>> with tool.hold():
        ...     tool.controls["length_cm"].value = 50
        ...     tool.controls["width_cm"].value = 30
        >>> tool.result.count_by_volume > 0
        True
        """
        was = self._held
        self._held = True
        try:
            yield
        finally:
            self._held = was
        if not was:
            self.update()

    def update(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
