"""The container planner: cartons per container (:mod:`ikmkit.packaging`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as W

from ikmkit import packaging
from ikmkit.errors import IkmkitError
from ikmkit.widgets._base import GREY as _GREY
from ikmkit.widgets._base import WIDE as _WIDE
from ikmkit.widgets._base import Tool as _Tool
from ikmkit.widgets._base import carton_size
from ikmkit.widgets._base import error_html as _error_html
from ikmkit.widgets._base import esc as _esc
from ikmkit.widgets._base import num as _num
from ikmkit.widgets._base import table_html as _table_html
from ikmkit.widgets._usaha import UsahaMixin as _UsahaMixin
from ikmkit.widgets._usaha import number as _number
from ikmkit.widgets._usaha import set_value as _set_value


class ContainerPlanner(_UsahaMixin, _Tool):
    """How many cartons fit in a container (:func:`ikmkit.packaging.cartons_per_container`).

    ``controls``: ``length_cm``, ``width_cm``, ``height_cm``, ``carton_kg`` (0 = not known),
    ``container`` (20GP / 40GP / 40HC), ``upright`` ("this side up") and ``units_per_carton``.
    ``result`` is the :class:`ikmkit.packaging.ContainerLoad` for the chosen container;
    ``comparison`` lists all container types for the same carton.

    ``ContainerPlanner.from_usaha()`` keeps the participant's own carton in the ``kemasan``
    section of ``usaha_saya.json``: ``karton_cm``, ``berat_karton_kg``, ``isi_per_karton``,
    ``kontainer``, ``hanya_tegak`` and the result ``karton_per_kontainer``,
    ``unit_per_kontainer``.
    """

    SECTION = "kemasan"

    def __init__(
        self,
        carton_cm: Sequence[float] = (60, 40, 40),
        carton_kg: float | None = 11.0,
        container: str = "20GP",
        upright: bool = False,
        units_per_carton: int = 120,
    ) -> None:
        if len(carton_cm) != 3:
            raise packaging.PackagingError(
                f"'carton_cm' harus berisi 3 ukuran (panjang, lebar, tinggi): {carton_cm!r}"
            )
        self.containers = packaging.load_containers()
        if container not in self.containers:
            raise packaging.PackagingError(
                f"kontainer tidak dikenal: {container!r} (pilih: {', '.join(self.containers)})"
            )
        style = {"description_width": "220px"}
        layout = W.Layout(width="380px")

        def size(label: str, value: float) -> W.BoundedFloatText:
            return carton_size(label, value, style, layout)

        self.controls = {
            "length_cm": size("Panjang karton (cm)", carton_cm[0]),
            "width_cm": size("Lebar karton (cm)", carton_cm[1]),
            "height_cm": size("Tinggi karton (cm)", carton_cm[2]),
            "carton_kg": W.BoundedFloatText(
                value=float(carton_kg or 0), min=0, max=30_000, step=0.5,
                description="Berat karton isi (kg, 0 = belum tahu)", style=style, layout=layout),
            "units_per_carton": W.BoundedIntText(
                value=int(units_per_carton), min=1, max=100_000,
                description="Isi per karton (unit)", style=style, layout=layout),
            "container": W.Dropdown(
                options=[(f"{c.id}: {c.name}", c.id) for c in self.containers.values()],
                value=container, description="Kontainer", style=style,
                layout=W.Layout(width="480px")),
            "upright": W.Checkbox(
                value=bool(upright), description="Hanya posisi tegak (tanda 'this side up')",
                indent=False, layout=_WIDE),
        }
        self.result: packaging.ContainerLoad | None = None
        self.comparison: dict[str, packaging.ContainerLoad] = {}
        self.summary = W.HTML()
        self.table = W.HTML()
        c = self.controls
        self.widget = W.VBox([
            W.HTML("<h3 style='margin:0'>Perencana muatan kontainer</h3>"
                   f"<span style='color:{_GREY}'>Ukuran dalam kontainer: worldshipping.org; "
                   "muatan maksimum dibuat hati-hati (angka terendah dari beberapa sumber). "
                   "Hasil adalah perkiraan aman: pemuat berpengalaman kadang bisa lebih.</span>"),
            c["length_cm"], c["width_cm"], c["height_cm"], c["carton_kg"],
            c["units_per_carton"], c["container"], c["upright"],
            W.HTML("<h4 style='margin-bottom:0'>Hasil</h4>"),
            self.summary, self.table,
        ])
        self._watch(self.controls.values())
        self.update()

    # -- Usaha saya
    def usaha_values(self) -> dict[str, Any]:
        """The carton and its load as saved in ``usaha_saya.json`` (section ``kemasan``)."""
        c = self.controls
        units = int(c["units_per_carton"].value)
        count = self.result.count if self.result else None
        return {
            "karton_cm": [c["length_cm"].value, c["width_cm"].value, c["height_cm"].value],
            "berat_karton_kg": c["carton_kg"].value,
            "isi_per_karton": units,
            "kontainer": c["container"].value,
            "hanya_tegak": bool(c["upright"].value),
            "karton_per_kontainer": count,
            "unit_per_kontainer": None if count is None else count * units,
        }

    def apply_usaha(self, values: Mapping[str, Any]) -> None:
        """Set the planner from a saved ``kemasan`` section (bad values are skipped)."""
        c = self.controls
        with self.hold():
            size = values.get("karton_cm")
            if isinstance(size, list) and len(size) == 3:
                for key, value in zip(("length_cm", "width_cm", "height_cm"), size,
                                      strict=True):
                    _set_value(c[key], _number({"v": value}, "v", low=0.1, high=1000))
            _set_value(c["carton_kg"], _number(values, "berat_karton_kg", high=30_000))
            units = _number(values, "isi_per_karton", low=1, high=100_000)
            _set_value(c["units_per_carton"], None if units is None else int(units))
            _set_value(c["container"], values.get("kontainer"))
            if isinstance(values.get("hanya_tegak"), bool):
                c["upright"].value = values["hanya_tegak"]

    def _load(self, container: str) -> packaging.ContainerLoad:
        v = {key: control.value for key, control in self.controls.items()}
        return packaging.cartons_per_container(
            (v["length_cm"], v["width_cm"], v["height_cm"]), container,
            carton_kg=v["carton_kg"] or None, upright=v["upright"],
        )

    def update(self) -> None:
        """Recompute the load for every container type and refresh the outputs."""
        chosen = self.controls["container"].value
        units = int(self.controls["units_per_carton"].value)
        comparison: dict[str, packaging.ContainerLoad] = {}
        try:
            for cid in self.containers:
                try:
                    comparison[cid] = self._load(cid)
                except packaging.PackagingError:
                    if cid == chosen:
                        raise
            result = comparison[chosen]
        except IkmkitError as exc:
            self.result, self.comparison = None, {}
            self.summary.value = _error_html(exc)
            self.table.value = ""
            return
        self.result, self.comparison = result, comparison
        limit = ("volume (ruang)" if result.limited_by == "volume"
                 else "berat (muatan maksimum kontainer)")
        weight = ("" if result.total_kg is None
                  else f"<br>Berat muatan: {_num(result.total_kg)} kg")
        per_carton = packaging.cbm(*(self.controls[k].value
                                     for k in ("length_cm", "width_cm", "height_cm")))
        self.summary.value = (
            f"<div style='font-size:120%'><b>{_num(result.count)} karton</b> di "
            f"{_esc(result.container)} = {_num(result.count * units)} unit</div>"
            f"Volume terpakai: <b>{_num(result.utilisation_pct, 1)} %</b> · "
            f"Dibatasi oleh: <b>{_esc(limit)}</b> · {_num(result.layers)} lapis (blok utama)"
            f"{weight}<br>Volume per karton: {_num(per_carton, 3)} m³"
            f"<br><span style='color:{_GREY}'>{_esc(result)}</span>"
        )
        rows = [
            [cid, _num(load.count), _num(load.count * units), _num(load.utilisation_pct, 1) + " %",
             "volume" if load.limited_by == "volume" else "berat"]
            for cid, load in comparison.items()
        ]
        self.table.value = _table_html(
            rows, ["Kontainer", "Karton", "Unit", "Volume terpakai", "Dibatasi oleh"])
