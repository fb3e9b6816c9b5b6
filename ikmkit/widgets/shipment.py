"""The shipment planner: one order's cartons, volume, weight and chargeable weights
(:func:`ikmkit.packaging.plan_shipment`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as W

from ikmkit import packaging, usaha
from ikmkit.errors import IkmkitError
from ikmkit.widgets._base import GREY, Tool, carton_size, error_html, num, table_html
from ikmkit.widgets._usaha import UsahaMixin, number, set_value

__all__ = ["MODES", "ShipmentPlanner"]

MODES: dict[str, str] = {
    "lcl": "Laut LCL (digabung di gudang forwarder)",
    "fcl20": "Laut FCL kontainer 20'",
    "fcl40": "Laut FCL kontainer 40'",
    "udara": "Kargo udara",
    "kurir": "Kurir ekspres (sampel, paket kecil)",
}
"""How the participant plans to ship (``cara_kirim`` in the ``pengiriman`` section)."""


class ShipmentPlanner(UsahaMixin, Tool):
    """Cartons, m³, gross weight, LCL W/M and air/courier chargeable weight of one order.

    ``controls``: ``units`` (pieces in the order), ``units_per_carton``, ``length_cm``,
    ``width_cm``, ``height_cm``, ``carton_kg`` and ``mode`` (a key of :data:`MODES`).
    ``result`` is the :class:`ikmkit.packaging.Shipment`.

    >>> tool = ShipmentPlanner(units=300, units_per_carton=40, carton_cm=(60, 40, 35),
    ...                        carton_kg=14.5)
    >>> tool.result.cartons, tool.result.courier_kg
    (8, 134.4)

    ``ShipmentPlanner.from_usaha()`` keeps the order in the ``pengiriman`` section of
    ``usaha_saya.json`` (``jumlah_unit``, ``isi_per_karton``, ``karton_cm``,
    ``berat_karton_kg``, ``cara_kirim`` and the results ``jumlah_karton``, ``volume_m3``,
    ``berat_kotor_kg``, ``wm_lcl``, ``tertagih_udara_kg``, ``tertagih_kurir_kg``); the first
    time it takes the carton from the ``kemasan`` section.
    """

    SECTION = "pengiriman"

    def __init__(self, units: int = 1_200, units_per_carton: int = 30,
                 carton_cm: Sequence[float] = (55, 45, 40), carton_kg: float = 16.0,
                 mode: str = "lcl") -> None:
        if len(carton_cm) != 3:
            raise packaging.PackagingError(
                f"'carton_cm' harus berisi 3 ukuran (panjang, lebar, tinggi): {carton_cm!r}")
        if mode not in MODES:
            raise packaging.PackagingError(f"'mode' harus salah satu dari {', '.join(MODES)}: "
                                           f"{mode!r}")
        style = {"description_width": "220px"}
        layout = W.Layout(width="380px")

        def size(label: str, value: float) -> W.BoundedFloatText:
            return carton_size(label, value, style, layout)

        self.controls = {
            "units": W.BoundedIntText(value=int(units), min=0, max=10**9, step=100,
                                      description="Jumlah unit dalam pesanan", style=style,
                                      layout=layout),
            "units_per_carton": W.BoundedIntText(value=int(units_per_carton), min=1,
                                                 max=100_000, description="Isi per karton (unit)",
                                                 style=style, layout=layout),
            "length_cm": size("Panjang karton (cm)", carton_cm[0]),
            "width_cm": size("Lebar karton (cm)", carton_cm[1]),
            "height_cm": size("Tinggi karton (cm)", carton_cm[2]),
            "carton_kg": W.BoundedFloatText(value=float(carton_kg), min=0, max=30_000, step=0.5,
                                            description="Berat karton isi (kg)", style=style,
                                            layout=layout),
            "mode": W.Dropdown(options=[(label, key) for key, label in MODES.items()],
                               value=mode, description="Rencana cara kirim", style=style,
                               layout=W.Layout(width="480px")),
        }
        self.result: packaging.Shipment | None = None
        self.summary = W.HTML()
        self.table = W.HTML()
        c = self.controls
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Rencana pengiriman satu pesanan</h3>"
                   f"<span style='color:{GREY}'>LCL ditagih W/M: yang lebih besar dari m³ dan "
                   "ton, minimal 1. Kargo udara menagih berat volume P × L × T ÷ 6000 bila lebih "
                   "besar dari berat asli; kurir ekspres sering ÷ 5000.</span>"),
            c["units"], c["units_per_carton"], c["length_cm"], c["width_cm"], c["height_cm"],
            c["carton_kg"], c["mode"],
            W.HTML("<h4 style='margin-bottom:0'>Hasil</h4>"), self.summary, self.table,
        ])
        self._watch(self.controls.values())
        self.update()

    def update(self) -> None:
        """Recompute the shipment and refresh the outputs."""
        v = {key: control.value for key, control in self.controls.items()}
        try:
            result = packaging.plan_shipment(
                v["units"], v["units_per_carton"], (v["length_cm"], v["width_cm"],
                                                    v["height_cm"]), v["carton_kg"])
        except IkmkitError as exc:
            self.result = None
            self.summary.value = error_html(exc)
            self.table.value = ""
            return
        self.result = result
        self.summary.value = (
            f"<div style='font-size:120%'><b>{num(result.cartons)} karton</b>, "
            f"{num(result.total_cbm, 2)} m³, {num(result.gross_kg, 1, trim=True)} kg</div>"
            f"= {num(result.share_of_container('20GP'), 1)} % muatan praktis kontainer 20' "
            f"({num(result.share_of_container('40GP'), 1)} % kontainer 40')")
        rows = [
            ["Laut LCL: ditagih W/M", num(result.freight_tonnes, 2), "m³ atau ton"],
            ["Kargo udara: berat tertagih (÷ 6000)", num(result.air_kg, 1), "kg"],
            ["Kurir ekspres: berat tertagih (÷ 5000)", num(result.courier_kg, 1), "kg"],
            ["Berat asli (kotor)", num(result.gross_kg, 1), "kg"],
        ]
        self.table.value = table_html(rows, ["Cara kirim", "Yang ditagih", "Satuan"])

    # -- Usaha saya
    def usaha_values(self) -> dict[str, Any]:
        """The order as saved in ``usaha_saya.json`` (section ``pengiriman``)."""
        c, r = self.controls, self.result
        return {
            "jumlah_unit": int(c["units"].value),
            "isi_per_karton": int(c["units_per_carton"].value),
            "karton_cm": [c["length_cm"].value, c["width_cm"].value, c["height_cm"].value],
            "berat_karton_kg": c["carton_kg"].value,
            "cara_kirim": c["mode"].value,
            "jumlah_karton": r.cartons if r else None,
            "volume_m3": r.total_cbm if r else None,
            "berat_kotor_kg": r.gross_kg if r else None,
            "wm_lcl": r.freight_tonnes if r else None,
            "tertagih_udara_kg": r.air_kg if r else None,
            "tertagih_kurir_kg": r.courier_kg if r else None,
        }

    def apply_usaha(self, values: Mapping[str, Any]) -> None:
        """Set the planner from a saved ``pengiriman`` section (bad values are skipped)."""
        c = self.controls
        with self.hold():
            units = number(values, "jumlah_unit", high=10**9)
            set_value(c["units"], None if units is None else int(units))
            self._carton(values)
            set_value(c["mode"], values.get("cara_kirim"))

    def _carton(self, values: Mapping[str, Any]) -> bool:
        c = self.controls
        size = values.get("karton_cm")
        found = False
        if isinstance(size, list) and len(size) == 3:
            for key, value in zip(("length_cm", "width_cm", "height_cm"), size, strict=True):
                set_value(c[key], number({"v": value}, "v", low=0.1, high=1000))
            found = True
        set_value(c["carton_kg"], number(values, "berat_karton_kg", low=0.01, high=30_000))
        per = number(values, "isi_per_karton", low=1, high=100_000)
        set_value(c["units_per_carton"], None if per is None else int(per))
        return found

    def prefill(self, data: usaha.UsahaSaya) -> bool:
        """The first time: the carton saved with the container planner (``kemasan``)."""
        carton = data.sections.get("kemasan", {})
        if not carton:
            return False
        with self.hold():
            return self._carton(carton)
