"""The certification roadmap tool (:mod:`ikmkit.standards`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ipywidgets as W

from ikmkit import standards
from ikmkit.errors import IkmkitError
from ikmkit.vocab import SECTOR_NAMES, SECTORS
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
    error_html as _error_html,
)
from ikmkit.widgets._base import (
    table_html as _table_html,
)

_FLAG_LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    # flag: (Indonesian question, sectors where it is shown)
    "baby_clothes": ("Produk untuk bayi sampai 36 bulan (SNI 7617 wajib)",
                     ("batik", "konveksi", "bordir")),
    "sni_wajib_product": ("Produk termasuk daftar SNI wajib lain (Permenperin)", SECTORS),
    "animal_material": ("Mengandung bahan dari hewan (mis. kulit, sutra)",
                        ("batik", "konveksi", "bordir")),
    "home_industry": ("Diproduksi di rumah (industri rumah tangga)", ("makanan-minuman",)),
    "automatic_equipment": ("Memakai mesin otomatis", ("makanan-minuman",)),
    "heat_treated": ("Diproses UHT atau pasteurisasi", ("makanan-minuman",)),
    "frozen": ("Pangan beku", ("makanan-minuman",)),
    "chilled": ("Harus disimpan atau dikirim dingin", ("makanan-minuman",)),
    "claims": ("Label memuat klaim (mis. gizi, kesehatan)", ("makanan-minuman",)),
    "special_dietary": ("Pangan keperluan gizi khusus (mis. MP-ASI)", ("makanan-minuman",)),
    "alcoholic": ("Minuman beralkohol", ("makanan-minuman",)),
    "ready_to_eat": ("Siap saji, dikemas di depan pembeli", ("makanan-minuman",)),
    "umk": ("Usaha mikro atau kecil", SECTORS),
}


class CertificationRoadmap(_Tool):
    """An ordered certification plan for one IKM (:func:`ikmkit.standards.roadmap_table`).

    ``controls``: ``sector``, ``target_market`` (None = all markets), ``shelf_life_days``
    (0 = not known) and one checkbox per product flag of :class:`ikmkit.standards.ProductFlags`;
    ``held`` maps certificate ids to "sudah punya" checkboxes. ``result`` is the list of
    :class:`ikmkit.standards.RoadmapStep`; ``table`` shows them.
    """

    def __init__(self, sector: str = "batik", *, held: Iterable[str] = (),
                 target_market: str | None = "ASEAN", **product_flags: Any) -> None:
        if sector not in SECTORS:
            raise standards.StandardsError(
                f"'sector' harus salah satu dari {', '.join(SECTORS)}: {sector!r}")
        flags = standards.ProductFlags.from_kwargs(product_flags)
        self.catalogue = standards.catalogue()
        if target_market is not None and target_market not in standards.MARKETS:
            raise standards.StandardsError(
                f"pasar tujuan tidak dikenal: {target_market!r} "
                f"(pilih: {', '.join(standards.MARKETS)} atau None)")
        self.controls: dict[str, W.ValueWidget] = {
            "sector": W.Dropdown(options=[(SECTOR_NAMES[s], s) for s in SECTORS],
                                 value=sector, description="Sektor", style=_LABEL_STYLE),
            "target_market": W.Dropdown(
                options=[("semua pasar", None), *((m, m) for m in standards.MARKETS)],
                value=target_market, description="Pasar tujuan", style=_LABEL_STYLE),
        }
        for name, (question, _sectors) in _FLAG_LABELS.items():
            self.controls[name] = W.Checkbox(value=getattr(flags, name), description=question,
                                             indent=False, layout=_WIDE)
        self.controls["shelf_life_days"] = W.BoundedIntText(
            value=flags.shelf_life_days or 0, min=0, max=3650,
            description="Masa simpan pada suhu ruang (hari, 0 = belum tahu)",
            style=_LABEL_STYLE, layout=W.Layout(width="420px"))
        held_ids = [held] if isinstance(held, str) else list(held)
        unknown = [h for h in held_ids if h not in self.catalogue]
        if unknown:
            raise standards.StandardsError(
                f"'held' berisi sertifikat yang tidak dikenal: {unknown[0]!r}; "
                f"pilihan: {', '.join(self.catalogue.ids)}")
        self.held = {
            cert.id: W.Checkbox(value=cert.id in held_ids, description=cert.name, indent=False,
                                layout=_WIDE)
            for cert in self.catalogue
        }
        self.result: list[standards.RoadmapStep] | None = None
        self.summary = W.HTML()
        self.table = W.HTML()
        self._flags_box = W.VBox()
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Peta jalan sertifikasi</h3>"),
            self.controls["sector"], self.controls["target_market"],
            W.HTML("<b>Tentang produk Anda</b>"), self._flags_box,
            W.Accordion(children=[W.VBox(list(self.held.values()))],
                        titles=("Sertifikat/izin yang sudah Anda punya",)),
            W.HTML("<h4 style='margin-bottom:0'>Langkah yang disarankan</h4>"),
            self.summary, self.table,
        ])
        self._watch(self.controls.values())
        self._watch(self.held.values())
        self.update()

    def flags(self) -> dict[str, Any]:
        """The product flags as keyword arguments for :func:`ikmkit.standards.roadmap`."""
        values: dict[str, Any] = {name: bool(self.controls[name].value) for name in _FLAG_LABELS}
        days = int(self.controls["shelf_life_days"].value)
        values["shelf_life_days"] = days or None
        return values

    def update(self) -> None:
        """Rebuild the roadmap and refresh the outputs."""
        sector = str(self.controls["sector"].value)
        shown = [self.controls[name] for name, (_q, sectors) in _FLAG_LABELS.items()
                 if sector in sectors]
        if sector == "makanan-minuman":
            shown.append(self.controls["shelf_life_days"])
        self._flags_box.children = shown
        held = [cid for cid, box in self.held.items() if box.value]
        try:
            kwargs = {"held": held, "target_market": self.controls["target_market"].value,
                      **self.flags()}
            steps = standards.roadmap(sector, **kwargs)
            table = standards.roadmap_table(sector, **kwargs)
        except IkmkitError as exc:
            self.result = None
            self.summary.value = _error_html(exc)
            self.table.value = ""
            return
        self.result = steps
        mandatory = sum(1 for s in steps if s.mandatory)
        if not steps:
            self.summary.value = ("<div>Semua sertifikat yang relevan sudah Anda punya.</div>")
            self.table.value = ""
            return
        self.summary.value = (
            f"<div>{len(steps)} langkah: <b style='color:{_RED}'>{mandatory} wajib</b>, "
            f"{len(steps) - mandatory} sukarela (membantu pasar tujuan). "
            "Urutan: prasyarat dulu, lalu yang wajib, lalu yang paling cepat selesai.</div>"
        )
        columns = ["Sertifikat", "Status", "Alasan", "Tempat mengurus", "Perkiraan waktu",
                   "Perkiraan biaya", "Modul"]
        rows = [[str(i), *(str(row[c]) for c in columns)] for i, row in table.iterrows()]
        self.table.value = _table_html(rows, ["No.", *columns]).replace(
            "text-align:right", "text-align:left")
