"""The business profile form of the "Usaha saya" worksheet (:mod:`ikmkit.usaha`, "bisnis")."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as W

from ikmkit import usaha
from ikmkit.errors import IkmkitError
from ikmkit.vocab import SECTOR_NAMES, SECTORS
from ikmkit.widgets._base import (
    GREEN as _GREEN,
)
from ikmkit.widgets._base import (
    LABEL_STYLE as _LABEL_STYLE,
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
    num as _num,
)
from ikmkit.widgets._base import (
    rp as _rp,
)

#: The units a sector usually counts its output in (the first is the default).
UNITS: dict[str, tuple[str, ...]] = {
    "batik": ("lembar", "potong"),
    "konveksi": ("potong", "lusin"),
    "bordir": ("potong", "set"),
    "makanan-minuman": ("kemasan", "pouch", "botol", "kotak", "kg"),
}

_TEXT_FIELDS = {  # key: (label, placeholder)
    "nama_usaha": ("Nama usaha", "mis. Batik Tulis Sekar Gedog"),
    "pemilik": ("Nama pemilik", "mis. Ibu Sri Wahyuni"),
    "kabupaten": ("Kabupaten/kota", "mis. Kab. Tuban"),
    "produk_utama": ("Produk utama", "mis. kain batik tulis 2,2 x 1,1 m"),
    "pasar_tujuan": ("Negara tujuan ekspor yang diincar", "mis. Malaysia"),
}
_NUMBER_FIELDS = {  # key: (label, max)
    "produksi_bulanan": ("Produksi sebulan (jumlah)", 10_000_000),
    "harga_jual_idr": ("Harga jual per satuan di dalam negeri (Rp)", 10**10),
    "jumlah_pekerja": ("Jumlah pekerja (termasuk pemilik)", 100_000),
}


class BusinessProfile(_Tool):
    """Who the participant's business is: the "bisnis" section of Usaha saya.

    ``controls``: ``nama_usaha``, ``pemilik``, ``kabupaten``, ``sektor``, ``produk_utama``,
    ``satuan``, ``produksi_bulanan``, ``harga_jual_idr``, ``jumlah_pekerja``,
    ``pasar_tujuan``. ``summary`` shows the monthly turnover (produksi x harga) in rupiah;
    "Simpan ke Usaha saya" (:meth:`save`) writes the section, and :meth:`from_usaha` fills
    the form from the file again in a later module. ``saving=False`` hides the button (an
    example in a lesson).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "usaha_saya.json"
    >>> form = BusinessProfile(path=path)
    >>> form.controls["nama_usaha"].value = "Batik Tulis Sekar Gedog"
    >>> form.controls["produksi_bulanan"].value = 120
    >>> form.controls["harga_jual_idr"].value = 650_000
    >>> form.result["omzet_bulanan_idr"]
    78000000
    >>> form.save()["nama_usaha"]
    'Batik Tulis Sekar Gedog'
    >>> BusinessProfile.from_usaha(path).controls["produksi_bulanan"].value
    120
    """

    def __init__(self, values: Mapping[str, Any] | None = None, *,
                 path: str | Path | None = None, saving: bool = True) -> None:
        self.path = Path(path) if path is not None else None
        self.controls: dict[str, W.ValueWidget] = {}
        for key, (label, hint) in _TEXT_FIELDS.items():
            self.controls[key] = W.Text(description=label, placeholder=hint,
                                        style=_LABEL_STYLE, layout=W.Layout(width="480px"))
        self.controls["sektor"] = W.Dropdown(
            options=[(SECTOR_NAMES[s], s) for s in SECTORS], value="batik",
            description="Sektor", style=_LABEL_STYLE)
        self.controls["satuan"] = W.Combobox(
            options=list(UNITS["batik"]), value=UNITS["batik"][0], ensure_option=False,
            description="Satuan produk", style=_LABEL_STYLE)
        for key, (label, maximum) in _NUMBER_FIELDS.items():
            self.controls[key] = W.BoundedIntText(value=0, min=0, max=maximum,
                                                  description=label, style=_LABEL_STYLE,
                                                  layout=W.Layout(width="420px"))
        self.result: dict[str, Any] = {}
        self.summary = W.HTML()
        self.status = W.HTML()
        self.save_button = W.Button(description="Simpan ke Usaha saya", icon="save",
                                    button_style="success", layout=W.Layout(width="auto"))
        self.save_button.on_click(lambda _b: self.save())
        if not saving:  # a lesson's example: nothing lands in the participant's file
            self.save_button.layout.display = "none"
        if values:
            self.set_values(values)
        c = self.controls
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Profil usaha saya</h3>"),
            c["nama_usaha"], c["pemilik"], c["kabupaten"], c["sektor"], c["produk_utama"],
            c["satuan"], c["produksi_bulanan"], c["harga_jual_idr"], c["jumlah_pekerja"],
            c["pasar_tujuan"], self.summary, W.HBox([self.save_button, self.status]),
        ])
        self._watch(self.controls.values())
        c["sektor"].observe(self._on_sector, names="value")
        self.update()

    @classmethod
    def from_usaha(cls, path: str | Path | None = None) -> BusinessProfile:
        """The form filled from the "bisnis" section of Usaha saya (empty if there is none;
        a broken file is reported in ``status`` and nothing is overwritten)."""
        try:
            values = usaha.load(path).section("bisnis")
        except usaha.UsahaError as exc:
            form = cls(path=path)
            form.status.value = _error_html(exc)
            return form
        form = cls(values, path=path)
        if values:
            form.status.value = (f"<span style='color:{_GREEN}'>Dimuat dari berkas Usaha saya."
                                 "</span>")
        return form

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Fill the form from a "bisnis" section (unknown keys are ignored)."""
        with self.hold():
            if values.get("sektor") in SECTORS:
                self.controls["sektor"].value = values["sektor"]
                self._on_sector()
            for key, control in self.controls.items():
                value = values.get(key)
                if value is None or key == "sektor":
                    continue
                if key in _NUMBER_FIELDS:
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        control.value = max(0, min(int(value), control.max))
                else:
                    control.value = str(value)

    def values(self) -> dict[str, Any]:
        """The section as saved: text fields stripped, numbers as integers."""
        out: dict[str, Any] = {}
        for key, control in self.controls.items():
            value = control.value
            out[key] = value.strip() if isinstance(value, str) else int(value)
        return out

    def _on_sector(self, change: Mapping[str, Any] | None = None) -> None:
        unit = self.controls["satuan"]
        options = UNITS[str(self.controls["sektor"].value)]
        unit.options = list(options)
        if unit.value not in options:
            unit.value = options[0]

    def update(self) -> None:
        """Recompute the monthly turnover shown under the form."""
        v = self.values()
        omzet = v["produksi_bulanan"] * v["harga_jual_idr"]
        self.result = {**v, "omzet_bulanan_idr": omzet}
        if not v["produksi_bulanan"] or not v["harga_jual_idr"]:
            self.summary.value = ("<div>Isi produksi sebulan dan harga jual untuk melihat "
                                  "omzet sebulan.</div>")
            return
        self.summary.value = (
            f"<div>Omzet sebulan: <b>{_rp(omzet)}</b> ({_num(v['produksi_bulanan'])} "
            f"{_esc(v['satuan'])} × {_rp(v['harga_jual_idr'])}); setahun ± "
            f"<b>{_rp(omzet * 12)}</b>.</div>")

    def save(self) -> dict[str, Any] | None:
        """Write the "bisnis" section of Usaha saya; the saved values, or None (the reason
        is shown in ``status``)."""
        values = self.values()
        if not values["nama_usaha"]:
            self.status.value = _error_html(ValueError("isi dulu nama usaha Anda"))
            return None
        try:
            data = usaha.save("bisnis", values, path=self.path)
        except (IkmkitError, OSError) as exc:
            self.status.value = _error_html(exc)
            return None
        where = data.path.name if data.path is not None else usaha.FILE_NAME
        self.status.value = (f"<span style='color:{_GREEN}'>Tersimpan di <code>{_esc(where)}"
                             "</code>. Modul berikutnya memakai data ini.</span>")
        return values
