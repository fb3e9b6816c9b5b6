"""The label checklist: what a label still lacks, with its source (:mod:`ikmkit.packaging`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import ipywidgets as W

from ikmkit import packaging, usaha
from ikmkit.widgets._base import (
    GREEN as _GREEN,
)
from ikmkit.widgets._base import (
    GREY as _GREY,
)
from ikmkit.widgets._base import (
    LABEL_STYLE as _LABEL_STYLE,
)
from ikmkit.widgets._base import (
    RED as _RED,
)
from ikmkit.widgets._base import (
    WIDE as _WIDE,
)
from ikmkit.widgets._base import (
    Tool as _Tool,
)
from ikmkit.widgets._base import (
    esc as _esc,
)
from ikmkit.widgets._base import (
    table_html as _table_html,
)
from ikmkit.widgets._usaha import UsahaMixin as _UsahaMixin
from ikmkit.widgets._usaha import set_value as _set_value
from ikmkit.widgets._usaha import strings as _strings
from ikmkit.widgets._usaha import text as _text

_LABEL_KINDS = {"pangan": "food", "food": "food", "tekstil": "textile", "textile": "textile"}
_DEFAULT_MARKET = {"food": "ID", "textile": "EU"}
_MARKET_MARKETS = {"food": packaging.FOOD_MARKETS, "textile": packaging.TEXTILE_MARKETS}
_MARKET_NAMES = {"ID": "Indonesia", "EU": "Uni Eropa", "US": "Amerika Serikat"}


def _label_elements(kind: str) -> dict[str, packaging.LabelRequirement]:
    """Every element of *kind* over all its markets, in checklist order."""
    found: dict[str, packaging.LabelRequirement] = {}
    for market in _MARKET_MARKETS[kind]:
        for req in packaging.label_requirements(kind, market):
            found.setdefault(req.id, req)
    return found


class LabelChecklist(_UsahaMixin, _Tool):
    """Tick the elements on a label; see the missing ones with their source.

    ``kind`` is "pangan" (food: Indonesia BPOM or EU 1169/2011) or "tekstil" (EU 1007/2011,
    GPSR, US FTC, Indonesia Permendag 73/2015). ``controls`` maps element ids to "ada di label"
    checkboxes; ``applies`` maps conditional element ids to "berlaku untuk produk saya"
    checkboxes. ``kind_input`` and ``market_input`` switch the checklist. ``result`` is the
    :class:`ikmkit.packaging.LabelCheck`.

    ``LabelChecklist.from_usaha()`` (the "Usaha saya" worksheet of module 03) starts from the
    participant's saved label (section ``label``: ``jenis``, ``pasar``, ``ada``, ``berlaku``;
    the result is saved too: ``kurang``, ``periksa``, ``dianjurkan``) or, the first time, from
    the sector saved in module 00 (food label for makanan-minuman, textile label otherwise).
    """

    SECTION = "label"

    def __init__(self, kind: str = "pangan", market: str | None = None,
                 elements: Iterable[str] = (), applies: Iterable[str] = ()) -> None:
        if kind not in _LABEL_KINDS:
            raise packaging.PackagingError(f"'kind' harus 'pangan' atau 'tekstil': {kind!r}")
        internal = _LABEL_KINDS[kind]
        self._elements = {k: _label_elements(k) for k in ("food", "textile")}
        self._checks = {
            k: {eid: W.Checkbox(value=False, description=req.label, indent=False, layout=_WIDE)
                for eid, req in elems.items()}
            for k, elems in self._elements.items()
        }
        self._applies = {
            k: {eid: W.Checkbox(value=False, description=f"{req.label}", indent=False,
                                layout=_WIDE)
                for eid, req in elems.items()}
            for k, elems in self._elements.items()
        }
        self.kind_input = W.ToggleButtons(
            options=[("Label pangan", "food"), ("Label tekstil", "textile")], value=internal)
        self.market_input = W.Dropdown(description="Pasar tujuan", style=_LABEL_STYLE)
        self._set_market_options(internal, market)
        self.summary = W.HTML()
        self.table = W.HTML()
        self.result: packaging.LabelCheck | None = None
        self._elements_box = W.VBox()
        self._applies_box = W.VBox()
        self.controls = self._checks[internal]
        self.applies = self._applies[internal]
        for key in elements:
            self._control(self.controls, key).value = True
        for key in applies:
            self._control(self.applies, key).value = True
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Daftar periksa label</h3>"),
            self.kind_input, self.market_input,
            W.HTML("<b>Unsur yang sudah ada di label Anda</b>"), self._elements_box,
            W.HTML("<b>Unsur bersyarat: centang bila syaratnya berlaku untuk produk Anda</b>"),
            self._applies_box,
            W.HTML("<h4 style='margin-bottom:0'>Hasil</h4>"), self.summary, self.table,
        ])
        for group in (*self._checks.values(), *self._applies.values()):
            self._watch(group.values())
        self.kind_input.observe(self._on_kind, names="value")
        self.market_input.observe(self._on_change, names="value")
        self.update()

    @staticmethod
    def _control(group: Mapping[str, W.Checkbox], key: str) -> W.Checkbox:
        if key not in group:
            raise packaging.PackagingError(
                f"unsur label tidak dikenal: {key!r} (pilih: {', '.join(group)})")
        return group[key]

    def _set_market_options(self, kind: str, market: str | None) -> None:
        markets = _MARKET_MARKETS[kind]
        chosen = (market or _DEFAULT_MARKET[kind]).strip().upper()
        if chosen not in markets:
            raise packaging.PackagingError(
                f"pasar tidak dikenal: {market!r} (pilih: {', '.join(markets)})")
        self._switching = True
        try:
            self.market_input.options = [(_MARKET_NAMES.get(m, m), m) for m in markets]
            self.market_input.value = chosen
        finally:
            self._switching = False

    @property
    def kind(self) -> str:
        """"food" or "textile"."""
        return str(self.kind_input.value)

    @property
    def market(self) -> str:
        """The market code ("ID", "EU", "US")."""
        return str(self.market_input.value)

    def _on_kind(self, change: Mapping[str, Any] | None = None) -> None:
        self.controls = self._checks[self.kind]
        self.applies = self._applies[self.kind]
        self._set_market_options(self.kind, None)
        self.update()

    def _on_change(self, change: Mapping[str, Any] | None = None) -> None:
        if not getattr(self, "_switching", False) and not self._held:
            self.update()

    # -- Usaha saya
    def usaha_values(self) -> dict[str, Any]:
        """The label as saved in ``usaha_saya.json`` (section ``label``)."""
        listed = {r.id for r in packaging.label_requirements(self.kind, self.market)}
        check = self.result
        return {
            "jenis": "pangan" if self.kind == "food" else "tekstil",
            "pasar": self.market,
            "ada": [k for k, c in self.controls.items() if c.value and k in listed],
            "berlaku": [k for k, c in self.applies.items() if c.value and k in listed],
            "kurang": check.missing_ids if check else [],
            "periksa": check.to_check_ids if check else [],
            "dianjurkan": [r.id for r in check.recommended_missing] if check else [],
        }

    def apply_usaha(self, values: Mapping[str, Any]) -> None:
        """Set the checklist from a saved ``label`` section (unknown ids are skipped)."""
        with self.hold():
            kind = _LABEL_KINDS.get(_text(values, "jenis"))
            if kind is not None and kind != self.kind:
                self.kind_input.value = kind
            _set_value(self.market_input, _text(values, "pasar").upper() or None)
            present, applies = set(_strings(values, "ada")), set(_strings(values, "berlaku"))
            for key, control in self.controls.items():
                control.value = key in present
            for key, control in self.applies.items():
                control.value = key in applies

    def prefill(self, data: usaha.UsahaSaya) -> bool:
        """The first time: a food label for a food business, a textile label otherwise."""
        sector = _text(data.sections.get("bisnis", {}), "sektor")
        if not sector:
            return False
        kind = "food" if sector == "makanan-minuman" else "textile"
        if kind != self.kind:
            self.kind_input.value = kind
        return True

    def update(self) -> None:
        """Re-check the label and refresh the outputs."""
        kind, market = self.kind, self.market
        reqs = packaging.label_requirements(kind, market)
        listed = {req.id for req in reqs}
        self._elements_box.children = [self.controls[r.id] for r in reqs]
        self._applies_box.children = [
            self.applies[r.id] for r in reqs if r.status == "bersyarat"
        ]
        elements = {k: c.value for k, c in self.controls.items() if k in listed}
        applies = {k: c.value for k, c in self.applies.items() if k in listed}
        check = (packaging.check_food_label if kind == "food"
                 else packaging.check_textile_label)(elements, market, applies=applies)
        self.result = check
        if not check.legal_basis:
            head = (f"<div style='color:{_GREY}'><b>{_esc(check.market_name)}:</b> "
                    f"{_esc(check.note)}</div>")
        elif check.ok:
            head = (f"<div style='color:{_GREEN}'><b>Lengkap:</b> semua unsur wajib untuk "
                    f"{_esc(check.market_name)} ({_esc(check.regulation)}) sudah ada.</div>")
        else:
            head = (f"<div style='color:{_RED}'><b>{len(check.missing)} unsur wajib belum "
                    f"ada</b> untuk {_esc(check.market_name)} ({_esc(check.regulation)}).</div>")
        rows = (
            [[r.label, "wajib, belum ada", r.source] for r in check.missing]
            + [[r.label, f"periksa: wajib bila {r.condition}", r.source] for r in check.to_check]
            + [[r.label, "dianjurkan", r.source] for r in check.recommended_missing]
        )
        self.summary.value = head
        self.table.value = (
            _table_html(rows, ["Unsur", "Keterangan", "Sumber"]) if rows
            else "<div>Tidak ada unsur yang kurang.</div>"
        )
