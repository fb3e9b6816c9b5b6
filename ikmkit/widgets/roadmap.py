"""The certification roadmap tool (:mod:`ikmkit.standards`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import ipywidgets as W

from ikmkit import standards, usaha
from ikmkit.errors import IkmkitError
from ikmkit.vocab import SECTOR_NAMES, SECTORS
from ikmkit.widgets._base import (
    GREEN as _GREEN,
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
    error_html as _error_html,
)
from ikmkit.widgets._base import (
    esc as _esc,
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
    :class:`ikmkit.standards.RoadmapStep`; ``table`` shows them. "Simpan ke Usaha saya"
    (:meth:`save`) keeps the plan in the "sertifikasi" section of the participant's Usaha
    saya file; :meth:`from_usaha` starts from the "bisnis" and "sertifikasi" sections.

    >>> import tempfile, pathlib
    >>> from ikmkit import usaha
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "usaha_saya.json"
    >>> _ = usaha.save("bisnis", {"nama_usaha": "Konveksi Buah Hati", "sektor": "konveksi",
    ...                           "pasar_tujuan": "Singapura"}, path=path)
    >>> plan = CertificationRoadmap.from_usaha(path)
    >>> plan.controls["sector"].value, plan.controls["target_market"].value
    ('konveksi', 'ASEAN')
    >>> plan.held["nib"].value = True
    >>> plan.controls["baby_clothes"].value = True
    >>> saved = plan.save()
    >>> [step["sertifikat_id"] for step in saved["langkah"]][:2]
    ['merek', 'sppt_sni']
    >>> CertificationRoadmap.from_usaha(path).held["nib"].value
    True
    """

    def __init__(self, sector: str = "batik", *, held: Iterable[str] = (),
                 target_market: str | None = "ASEAN", usaha_path: str | Path | None = None,
                 **product_flags: Any) -> None:
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
        self.usaha_path = Path(usaha_path) if usaha_path is not None else None
        self.summary = W.HTML()
        self.table = W.HTML()
        self.status = W.HTML()
        self.save_button = W.Button(description="Simpan ke Usaha saya", icon="save",
                                    button_style="success", layout=W.Layout(width="auto"))
        self.save_button.on_click(lambda _b: self.save())
        self._flags_box = W.VBox()
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Peta jalan sertifikasi</h3>"),
            self.controls["sector"], self.controls["target_market"],
            W.HTML("<b>Tentang produk Anda</b>"), self._flags_box,
            W.Accordion(children=[W.VBox(list(self.held.values()))],
                        titles=("Sertifikat/izin yang sudah Anda punya",)),
            W.HTML("<h4 style='margin-bottom:0'>Langkah yang disarankan</h4>"),
            self.summary, self.table, W.HBox([self.save_button, self.status]),
        ])
        self._watch(self.controls.values())
        self._watch(self.held.values())
        self.update()

    @classmethod
    def from_usaha(cls, path: str | Path | None = None) -> CertificationRoadmap:
        """The plan for the participant's own business, from the Usaha saya file: sector and
        target market from "bisnis", certificates held and product facts from
        "sertifikasi" (if saved before). A broken file is reported in ``status``."""
        problem = ""
        try:
            data = usaha.load(path)
            bisnis, saved = data.section("bisnis"), data.section("sertifikasi")
        except usaha.UsahaError as exc:
            bisnis, saved, problem = {}, {}, str(exc)
        sector = saved.get("sektor") or bisnis.get("sektor") or "batik"
        if sector not in SECTORS:
            sector = "batik"
        market = saved.get("pasar_tujuan", _market_of(bisnis.get("pasar_tujuan")))
        if market is not None and market not in standards.MARKETS:
            market = "ASEAN"
        known = {f for f in (*_FLAG_LABELS, "shelf_life_days")}
        flags = {k: v for k, v in (saved.get("sifat_produk") or {}).items() if k in known}
        catalogue = standards.catalogue()
        held = [h for h in saved.get("sudah_punya", []) if h in catalogue]
        try:
            tool = cls(sector, held=held, target_market=market, usaha_path=path, **flags)
        except IkmkitError as exc:
            tool, problem = cls(sector, target_market=market, usaha_path=path), str(exc)
        if problem:
            tool.status.value = _error_html(ValueError(f"berkas Usaha saya: {problem}"))
        elif saved:
            tool.status.value = (f"<span style='color:{_GREEN}'>Dimuat dari berkas Usaha saya."
                                 "</span>")
        return tool

    def values(self) -> dict[str, Any]:
        """The plan as saved in Usaha saya ("sertifikasi" section)."""
        steps = self.result or []
        return {
            "sektor": str(self.controls["sector"].value),
            "pasar_tujuan": self.controls["target_market"].value,
            "sudah_punya": [cid for cid, box in self.held.items() if box.value],
            "sifat_produk": self.flags(),
            "langkah": [{"urutan": s.order, "sertifikat_id": s.cert_id,
                         "sertifikat": s.certification.name, "wajib": s.mandatory,
                         "tempat": s.office, "perkiraan_waktu": s.duration,
                         "perkiraan_biaya": s.cost} for s in steps],
        }

    def save(self) -> dict[str, Any] | None:
        """Write the "sertifikasi" section of Usaha saya; the saved values or None."""
        if self.result is None:
            self.status.value = _error_html(ValueError("peta jalan belum bisa disusun"))
            return None
        values = self.values()
        try:
            data = usaha.save("sertifikasi", values, path=self.usaha_path)
        except (IkmkitError, OSError) as exc:
            self.status.value = _error_html(exc)
            return None
        where = data.path.name if data.path is not None else usaha.FILE_NAME
        self.status.value = (f"<span style='color:{_GREEN}'>Peta jalan ({len(values['langkah'])}"
                             f" langkah) tersimpan di <code>{_esc(where)}</code>.</span>")
        return values

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


_ASEAN = {"brunei", "brunei darussalam", "filipina", "kamboja", "laos", "malaysia", "myanmar",
          "singapura", "thailand", "vietnam", "timor-leste"}
_EU = {"belanda", "jerman", "prancis", "perancis", "italia", "spanyol", "belgia", "uni eropa"}


def _market_of(country: object) -> str | None:
    """The roadmap market for a country typed in the business profile ("Malaysia" ->
    "ASEAN"); None (every market) when it is unknown."""
    if not isinstance(country, str) or not country.strip():
        return "ASEAN"
    name = country.strip().lower()
    for market in standards.MARKETS:
        if name == market.lower():
            return market
    if name in _ASEAN:
        return "ASEAN"
    if name in _EU:
        return "Uni Eropa"
    if name in ("amerika", "as", "usa", "amerika serikat"):
        return "Amerika Serikat"
    if name in ("arab saudi", "uni emirat arab", "uea", "qatar", "kuwait", "oman", "bahrain"):
        return "Timur Tengah"
    return None
