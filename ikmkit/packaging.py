"""Export packaging: CBM, air chargeable weight, container loading, carton strength, label checks.

Volume and weight (DOMAIN.md §5). CBM is length × width × height in cubic metres. Air cargo
charges the greater of the actual and the volumetric weight, L × W × H (cm) ÷ 6000 (so
1 m³ = 167 kg); courier and express services often divide by 5000.

>>> from ikmkit import packaging
>>> packaging.cbm(60, 40, 30)
0.072
>>> packaging.chargeable_weight_kg(8, 50, 35, 30), packaging.chargeable_weight_kg(12, 50, 35, 30)
(8.75, 12.0)
>>> packaging.chargeable_weight_kg(5.8, 50, 35, 30, divisor=5000)
10.5

Container loading uses the inside dimensions of 20GP, 40GP and 40HC boxes (worldshipping.org)
and a conservative payload (``ikmkit/data/containers.toml``). :func:`cartons_per_container`
tries every orientation of the carton (or only the two that keep its height vertical, with
``upright=True``) in a grid, and also every split of the container length into two blocks
with different orientations; the best count wins, then the payload limit applies.

>>> load = packaging.cartons_per_container((60, 40, 30), container="20GP", carton_kg=12)
>>> load.count, load.layers, load.limited_by, load.utilisation_pct
(336, 7, 'volume', 73.0)
>>> print(load)
336 karton di 20GP (dibatasi volume): blok 1 60 × 40 × 30 cm, 9 baris × 5 kolom × 7 lapis \
= 315; blok 2 40 × 60 × 30 cm, 1 baris × 3 kolom × 7 lapis = 21; berat 4.032 kg, volume \
terpakai 73 %
>>> heavy = packaging.cartons_per_container((60, 40, 30), container="20GP", carton_kg=70)
>>> heavy.count, heavy.count_by_volume, heavy.limited_by
(310, 336, 'payload')

Carton compression strength by the simplified McKee formula, BCT = 5.87 × ECT ×
√(caliper × perimeter), perimeter = 2 (L + W) (westpak.com). ECT 32 lbf/in, caliper 0.16 in,
a 16 × 12 in box:

>>> round(packaging.mckee_bct_lbf(32, 0.16, 16, 12))
562
>>> round(packaging.mckee_bct(5.6, 4.064, 40.64, 30.48, unit="kgf"))
255
>>> packaging.max_stack_layers(255, carton_kg=12, condition="ekspor")
4

Label checklists: food labels for Indonesia (Peraturan BPOM 31/2018 jo. 20/2021) and the EU
(Reg. (EU) 1169/2011); textile labels for the EU (Reg. (EU) 1007/2011 and the GPSR, Reg. (EU)
2023/988), the US (FTC: 16 CFR 303 and 423) and Indonesia (Permendag 73/M-DAG/PER/9/2015:
labels in Bahasa Indonesia for goods sold domestically). An element can become mandatory on a
register deadline: the halal label for food is conditional until the micro/small-business
deadline of PP 42/2024 and mandatory from the next day. Checks take ``today`` (default today).

>>> import datetime as dt
>>> draft = ["nama_produk", "daftar_bahan", "berat_bersih", "nama_alamat", "kedaluwarsa",
...          "nomor_izin_edar", "bahasa_setempat"]
>>> check = packaging.check_food_label(draft, market="ID", applies=["halal"])
>>> check.ok, [e.id for e in check.missing]
(False, ['tanggal_kode_produksi', 'halal'])
>>> before = packaging.check_food_label(draft, market="ID", today=dt.date(2026, 10, 17))
>>> after = packaging.check_food_label(draft, market="ID", today=dt.date(2026, 10, 18))
>>> [e.id for e in before.missing], [e.id for e in after.missing]
(['tanggal_kode_produksi'], ['tanggal_kode_produksi', 'halal'])
>>> packaging.check_textile_label(["komposisi_serat", "bahasa_setempat", "identitas_produsen",
...                                "nomor_batch", "operator_ue"], market="EU").ok
True
>>> [e.id for e in packaging.check_textile_label(["komposisi_serat"], market="ID").missing]
['bahasa_setempat']
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikmkit import regulations
from ikmkit._files import Fields, read_toml
from ikmkit.errors import IkmkitError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "FOOD_MARKETS",
    "KGF_TO_N",
    "LBF_TO_N",
    "SAFETY_FACTORS",
    "TEXTILE_MARKETS",
    "Container",
    "ContainerLoad",
    "LabelCheck",
    "LabelRequirement",
    "LoadBlock",
    "PackagingError",
    "Shipment",
    "StackCheck",
    "cartons_needed",
    "cartons_per_container",
    "cbm",
    "chargeable_weight_kg",
    "check_food_label",
    "check_textile_label",
    "compare_shipments",
    "get_container",
    "label_requirements",
    "label_table",
    "load_containers",
    "load_labels",
    "max_stack_layers",
    "max_stack_load",
    "mckee_bct",
    "mckee_bct_lbf",
    "plan_shipment",
    "safety_factor",
    "stack_check",
    "stack_height_ok",
    "volumetric_weight_kg",
]

LBF_TO_N = 4.4482216152605
"""Newtons per pound-force (exact by definition)."""
KGF_TO_N = 9.80665
"""Newtons per kilogram-force (standard gravity)."""

SAFETY_FACTORS: dict[str, int] = {"kering": 3, "normal": 4, "lembap": 5, "ekspor": 6}
"""Stacking safety factor on BCT per condition: dry 3, normal 4, humid 5, export 6. The
factors are a rule of thumb from industry practice (westpak.com, hypecalculator, propactools);
no primary source was found for 6 = sea export. English keys are accepted too."""
_CONDITION_ALIASES = {"dry": "kering", "humid": "lembap", "export": "ekspor"}

FOOD_MARKETS: tuple[str, ...] = ("ID", "EU")
"""Markets of :func:`check_food_label`: Indonesia (BPOM) and the European Union."""
TEXTILE_MARKETS: tuple[str, ...] = ("EU", "US", "ID")
"""Markets of :func:`check_textile_label` ("ID": Permendag 73/M-DAG/PER/9/2015)."""

_MCKEE_K = 5.87  # dimensionless: BCT = k × ECT × √(caliper × perimeter) in any consistent units
_EPS = 1e-9


class PackagingError(IkmkitError):
    """Bad input to :mod:`ikmkit.packaging` or invalid packaging reference data."""


# --------------------------------------------------------------------------- numbers


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise PackagingError(f"'{name}' harus berupa angka: {value!r}")
    result = float(value)
    if not math.isfinite(result):
        raise PackagingError(f"'{name}' harus berupa angka yang terhingga: {value}")
    return result


def _positive(value: object, name: str) -> float:
    result = _number(value, name)
    if result <= 0:
        raise PackagingError(f"'{name}' harus lebih besar dari 0: {value}")
    return result


def _carton(carton_cm: Any) -> tuple[float, float, float]:
    """(length, width, height) of a carton in cm: three positive numbers."""
    try:
        dims = tuple(carton_cm) if not isinstance(carton_cm, str | bytes | Mapping) else ()
    except TypeError:
        dims = ()
    if len(dims) != 3:
        raise PackagingError(
            f"'carton_cm' harus berisi 3 ukuran (panjang, lebar, tinggi): {carton_cm!r}")
    return (_positive(dims[0], "panjang karton (cm)"), _positive(dims[1], "lebar karton (cm)"),
            _positive(dims[2], "tinggi karton (cm)"))


def _fmt(value: float, decimals: int = 0) -> str:
    """Indonesian number format: '.' for thousands, ',' for decimals; drop a trailing ',0'."""
    text = f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return text[:-2] if decimals == 1 and text.endswith(",0") else text


# --------------------------------------------------------------------------- volume and weight


def cbm(length_cm: float, width_cm: float, height_cm: float) -> float:
    """Volume in cubic metres (m³) of a box measured in centimetres, to 1 cm³ (6 decimals).

    >>> cbm(33.5, 22, 17)
    0.012529
    """
    volume_cm3 = (
        _positive(length_cm, "length_cm")
        * _positive(width_cm, "width_cm")
        * _positive(height_cm, "height_cm")
    )
    return round(volume_cm3 / 1_000_000, 6)


def volumetric_weight_kg(
    length_cm: float, width_cm: float, height_cm: float, divisor: float = 6000
) -> float:
    """Volumetric (dimensional) weight: L × W × H (cm) ÷ *divisor* (6000 air cargo, 5000 courier).

    >>> volumetric_weight_kg(50, 35, 30), volumetric_weight_kg(50, 35, 30, divisor=5000)
    (8.75, 10.5)
    """
    volume_cm3 = (
        _positive(length_cm, "length_cm")
        * _positive(width_cm, "width_cm")
        * _positive(height_cm, "height_cm")
    )
    return volume_cm3 / _positive(divisor, "divisor")


def chargeable_weight_kg(
    gross_kg: float, length_cm: float, width_cm: float, height_cm: float, divisor: float = 6000
) -> float:
    """Air chargeable weight: the greater of the gross weight and the volumetric weight.

    Not rounded; carriers round up further (often to the next 0.5 kg).
    """
    gross = _positive(gross_kg, "gross_kg")
    return max(gross, volumetric_weight_kg(length_cm, width_cm, height_cm, divisor))


# --------------------------------------------------------------------------- containers


@dataclass(frozen=True)
class Container:
    """A container type with its inside dimensions (mm) and a conservative payload (kg)."""

    id: str
    name: str
    inside_length_mm: int
    inside_width_mm: int
    inside_height_mm: int
    max_payload_kg: int
    practical_load_m3: tuple[float, float]
    source: str

    @property
    def inside_cm(self) -> tuple[float, float, float]:
        """Inside length, width and height in centimetres."""
        return (
            self.inside_length_mm / 10,
            self.inside_width_mm / 10,
            self.inside_height_mm / 10,
        )

    @property
    def inside_volume_m3(self) -> float:
        """Geometric inside volume in m³ (the practical load is 10-15 % less)."""
        length, width, height = self.inside_length_mm, self.inside_width_mm, self.inside_height_mm
        return round(length * width * height / 1e9, 2)


def _validate_container(entry: Any, file: str, number: int) -> Container:
    f = Fields(entry, file=file, entry=f"kontainer ke-{number}", error=PackagingError)
    sizes = {key: f.number(key, integer=True, above=0) for key in (
        "inside_length_mm", "inside_width_mm", "inside_height_mm", "max_payload_kg")}
    container = Container(id=f.text("id"), name=f.text("name"), source=f.text("source"),
                          practical_load_m3=(0.0, 0.0), **sizes)
    practical = f.raw("practical_load_m3")
    f.done()
    volume = container.inside_length_mm * container.inside_width_mm * \
        container.inside_height_mm / 1e9
    if (not isinstance(practical, list) or len(practical) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in practical)
            or not 0 < practical[0] <= practical[1] <= volume):
        raise f.fail("practical_load_m3", "harus [bawah, atas] dengan 0 < bawah <= atas <= "
                     f"{volume:.1f}", practical)
    return dataclasses.replace(container,
                               practical_load_m3=(float(practical[0]), float(practical[1])))


def _data_file(path: str | Path | None, default: str) -> tuple[dict[str, Any], str]:
    """A data file of the package (or *path*) as a dict, and the name to show."""
    target = Path(path) if path is not None else Path(
        str(resources.files("ikmkit.data").joinpath(default)))
    return read_toml(target, PackagingError), str(path) if path is not None else default


def load_containers(path: str | Path | None = None) -> dict[str, Container]:
    """Read and validate a container file (default ``ikmkit/data/containers.toml``).

    >>> sorted(load_containers())
    ['20GP', '40GP', '40HC']
    >>> load_containers()["40HC"].inside_volume_m3
    76.26
    """
    if path is None:
        return dict(_default_containers())
    return _load_containers(path)


def _load_containers(path: str | Path | None) -> dict[str, Container]:
    data, where = _data_file(path, "containers.toml")
    top = Fields(data, file=where, entry="berkas", error=PackagingError)
    entries = top.tables("container")
    top.done()
    result: dict[str, Container] = {}
    for number, entry in enumerate(entries, start=1):
        item = _validate_container(entry, where, number)
        if item.id in result:
            raise PackagingError(f"{where}: id kontainer ganda: {item.id!r}")
        result[item.id] = item
    return result


@functools.cache
def _default_containers() -> dict[str, Container]:
    return _load_containers(None)


def get_container(container: str | Container) -> Container:
    """The :class:`Container` for an id (``"20GP"``, ``"40GP"``, ``"40HC"``; any case).

    >>> get_container("20gp").max_payload_kg
    21700
    >>> get_container("45HC")
    Traceback (most recent call last):
    ...
    ikmkit.packaging.PackagingError: kontainer tidak dikenal: '45HC' (pilih: 20GP, 40GP, 40HC)
    """
    if isinstance(container, Container):
        return container
    known = _default_containers()
    key = container.strip().upper() if isinstance(container, str) else container
    if key not in known:
        raise PackagingError(f"kontainer tidak dikenal: {container!r} (pilih: {', '.join(known)})")
    return known[key]


@dataclass(frozen=True)
class LoadBlock:
    """One grid block of identically oriented cartons along the container length.

    ``orientation_cm`` is (along the container length, across its width, height).
    """

    orientation_cm: tuple[float, float, float]
    rows: int
    columns: int
    layers: int

    @property
    def count(self) -> int:
        """Cartons in this block."""
        return self.rows * self.columns * self.layers


@dataclass(frozen=True)
class ContainerLoad:
    """Result of :func:`cartons_per_container`.

    ``count`` is what fits after the payload limit; ``count_by_volume`` what fits
    geometrically; ``count_by_payload`` is None when no carton weight was given.
    ``orientation`` and ``layers`` describe the first (largest) block; ``blocks`` has one
    or two :class:`LoadBlock`. ``utilisation_pct`` is the volume of ``count`` cartons as a
    percentage of the inside volume (1 decimal). ``limited_by`` is "volume" or "payload".
    """

    container: str
    count: int
    count_by_volume: int
    count_by_payload: int | None
    orientation: tuple[float, float, float]
    layers: int
    blocks: tuple[LoadBlock, ...]
    utilisation_pct: float
    limited_by: str
    total_kg: float | None

    def __str__(self) -> str:
        reason = "dibatasi volume" if self.limited_by == "volume" else "dibatasi muatan maks."
        parts = []
        for number, block in enumerate(self.blocks, start=1):
            length, width, height = (_fmt(v, 1) for v in block.orientation_cm)
            parts.append(
                f"blok {number} {length} × {width} × {height} cm, {block.rows} baris × "
                f"{block.columns} kolom × {block.layers} lapis = {_fmt(block.count)}"
            )
        weight = "" if self.total_kg is None else f"berat {_fmt(self.total_kg)} kg, "
        return (
            f"{_fmt(self.count)} karton di {self.container} ({reason}): {'; '.join(parts)}; "
            f"{weight}volume terpakai {_fmt(self.utilisation_pct, 1)} %"
        )


def _fit(space: float, size: float) -> int:
    return int(math.floor(space / size + _EPS))


def _orientations(
    carton: tuple[float, float, float], upright: bool
) -> list[tuple[float, float, float]]:
    length, width, height = carton
    candidates = [(length, width, height), (width, length, height)]
    if not upright:
        candidates += [
            (length, height, width),
            (height, length, width),
            (width, height, length),
            (height, width, length),
        ]
    return list(dict.fromkeys(candidates))  # drop duplicates of square sides, keep order


@functools.lru_cache(maxsize=1024)
def _plan(
    inside: tuple[float, float, float],
    carton: tuple[float, float, float],
    upright: bool,
    max_layers: int | None,
) -> tuple[LoadBlock, ...]:
    """Best one- or two-block grid; empty tuple when nothing fits."""
    length, width, height = inside
    grids = []
    for orient in _orientations(carton, upright):
        columns, layers = _fit(width, orient[1]), _fit(height, orient[2])
        if max_layers is not None:
            layers = min(layers, max_layers)
        if columns and layers and _fit(length, orient[0]):
            grids.append((orient, columns, layers, columns * layers))
    plans: list[tuple[LoadBlock, ...]] = [(LoadBlock(o, _fit(length, o[0]), c, la),)
                                          for o, c, la, _ in grids]
    plans += [plan for first in grids for plan in _two_blocks(length, first, grids)]
    return max(plans, key=lambda plan: sum(b.count for b in plan), default=())


def _two_blocks(length: float, first: tuple, grids: list[tuple]
                ) -> list[tuple[LoadBlock, ...]]:
    """Two blocks along the length: some rows in *first*'s orientation, the rest in
    another."""
    orient1, columns1, layers1, _ = first
    plans: list[tuple[LoadBlock, ...]] = []
    for rows1 in range(1, _fit(length, orient1[0]) + 1):
        rest = length - rows1 * orient1[0]
        for orient2, columns2, layers2, _ in grids:
            rows2 = _fit(rest, orient2[0])
            if orient2 != orient1 and rows2:
                plans.append((LoadBlock(orient1, rows1, columns1, layers1),
                              LoadBlock(orient2, rows2, columns2, layers2)))
    return plans


def cartons_per_container(
    carton_cm: Sequence[float],
    container: str | Container = "20GP",
    carton_kg: float | None = None,
    upright: bool = False,
    *,
    max_layers: int | None = None,
) -> ContainerLoad:
    """How many cartons of *carton_cm* = (length, width, height) fit in a container.

    Loader: every orientation of the carton (6, or the 2 that keep the carton's height
    vertical when *upright*) is laid in a full-width, full-height grid; then the container
    length is also split into two blocks with different orientations (block 1 from the door
    end, block 2 filling the rest), trying every split. The highest count wins (ties: one
    block, then the carton's own orientation). Real loaders can mix orientations across the
    width too, so the count is a safe lower bound. *max_layers* caps the stack height (e.g.
    from :func:`max_stack_layers`). With *carton_kg* the count is limited to the container's
    conservative payload.

    >>> load = cartons_per_container((60, 40, 30), "40HC")
    >>> load.count, load.orientation, load.layers
    (840, (60.0, 30.0, 40.0), 6)
    >>> load = cartons_per_container((60, 40, 30), "40HC", upright=True)
    >>> load.count, load.orientation, load.layers
    (800, (60.0, 40.0, 30.0), 8)
    >>> cartons_per_container((300, 250, 100))
    Traceback (most recent call last):
    ...
    ikmkit.packaging.PackagingError: karton 300 × 250 × 100 cm tidak muat di kontainer 20GP \
(ukuran dalam 589,6 × 235 × 239,3 cm)
    """
    carton = _carton(carton_cm)
    box = get_container(container)
    if max_layers is not None and (
        isinstance(max_layers, bool) or not isinstance(max_layers, numbers.Integral)
    ):
        raise PackagingError(f"'max_layers' harus bilangan bulat: {max_layers!r}")
    if max_layers is not None and max_layers < 1:
        raise PackagingError(f"'max_layers' harus minimal 1: {max_layers}")
    blocks = _plan(
        box.inside_cm, carton, bool(upright), None if max_layers is None else int(max_layers)
    )
    if not blocks:
        size = " × ".join(_fmt(v, 1) for v in carton)
        inside = " × ".join(_fmt(v, 1) for v in box.inside_cm)
        how = " dalam posisi tegak" if upright else ""
        raise PackagingError(
            f"karton {size} cm tidak muat{how} di kontainer {box.id} (ukuran dalam {inside} cm)"
        )
    by_volume = sum(block.count for block in blocks)
    by_payload: int | None = None
    weight = None
    if carton_kg is not None:
        weight = _positive(carton_kg, "carton_kg")
        by_payload = _fit(box.max_payload_kg, weight)
        if by_payload == 0:
            raise PackagingError(
                f"'carton_kg' melebihi muatan maksimum {box.id} "
                f"({_fmt(box.max_payload_kg)} kg): {carton_kg}"
            )
    count = by_volume if by_payload is None else min(by_volume, by_payload)
    blocks = tuple(sorted(blocks, key=lambda block: -block.count))  # largest block first
    carton_cm3 = carton[0] * carton[1] * carton[2]
    inside_cm3 = box.inside_length_mm * box.inside_width_mm * box.inside_height_mm / 1000
    return ContainerLoad(
        container=box.id,
        count=count,
        count_by_volume=by_volume,
        count_by_payload=by_payload,
        orientation=blocks[0].orientation_cm,
        layers=blocks[0].layers,
        blocks=blocks,
        utilisation_pct=round(count * carton_cm3 / inside_cm3 * 100, 1),
        limited_by="payload" if by_payload is not None and by_payload < by_volume else "volume",
        total_kg=None if weight is None else round(count * weight, 3),
    )


# --------------------------------------------------------------------------- a shipment


def cartons_needed(units: int, units_per_carton: int) -> int:
    """Cartons for *units* pieces at *units_per_carton* each: rounded up (a half-full carton is
    still a carton).

    >>> cartons_needed(12_000, 120), cartons_needed(300, 40), cartons_needed(0, 24)
    (100, 8, 0)
    """
    count = _number(units, "units")
    per = _positive(units_per_carton, "units_per_carton")
    if count < 0 or not float(count).is_integer() or not float(per).is_integer():
        raise PackagingError(f"'units' dan 'units_per_carton' harus bilangan bulat, 'units' "
                             f"minimal 0: {units!r}, {units_per_carton!r}")
    return -(-int(count) // int(per))


@dataclass(frozen=True)
class Shipment:
    """One order packed in identical cartons (:func:`plan_shipment`).

    ``total_cbm`` is cartons × :func:`cbm` per carton; ``freight_tonnes`` is what a forwarder
    bills for LCL (W/M: the greater of m³ and tonnes, at least 1); ``air_kg`` and
    ``courier_kg`` are the chargeable weights of the whole shipment (÷ 6000 and ÷ 5000).
    """

    units: int
    units_per_carton: int
    cartons: int
    carton_cm: tuple[float, float, float]
    carton_kg: float
    cbm_per_carton: float
    total_cbm: float
    gross_kg: float
    freight_tonnes: float
    air_kg: float
    courier_kg: float

    def share_of_container(self, container: str = "20GP") -> float:
        """The shipment's volume as a percentage of the container's practical load (the
        lower bound in ``containers.toml``), to 0.1."""
        box = get_container(container)
        return round(self.total_cbm / box.practical_load_m3[0] * 100, 1)

    def as_row(self) -> dict[str, str]:
        """The shipment as one table row, Indonesian headings and number format."""
        return {
            "unit": _fmt(self.units),
            "karton": _fmt(self.cartons),
            "m³ per karton": _fmt(self.cbm_per_carton, 3),
            "volume (m³)": _fmt(self.total_cbm, 2),
            "berat kotor (kg)": _fmt(self.gross_kg, 1),
            "ditagih LCL (W/M)": _fmt(self.freight_tonnes, 2),
            "tertagih udara ÷6000 (kg)": _fmt(self.air_kg, 1),
            "tertagih kurir ÷5000 (kg)": _fmt(self.courier_kg, 1),
            "% muatan 20'": _fmt(self.share_of_container("20GP"), 1) + " %",
        }

    def __str__(self) -> str:
        size = " × ".join(_fmt(v, 1) for v in self.carton_cm)
        return (
            f"{_fmt(self.units)} unit = {_fmt(self.cartons)} karton {size} cm "
            f"({_fmt(self.units_per_carton)} unit per karton)\n"
            f"Volume: {_fmt(self.total_cbm, 2)} m³ ({_fmt(self.cbm_per_carton, 3)} m³ per karton); "
            f"berat kotor {_fmt(self.gross_kg, 1)} kg\n"
            f"LCL ditagih W/M: {_fmt(self.freight_tonnes, 2)} (yang lebih besar dari m³ dan ton, "
            f"minimal 1); = {_fmt(self.share_of_container('20GP'), 1)} % muatan praktis 20'\n"
            f"Berat tertagih udara (÷ 6000): {_fmt(self.air_kg, 1)} kg; kurir (÷ 5000): "
            f"{_fmt(self.courier_kg, 1)} kg"
        )


def plan_shipment(units: int, units_per_carton: int, carton_cm: Sequence[float],
                  carton_kg: float) -> Shipment:
    """Cartons, volume, weight and what each way of shipping bills, for one order.

    >>> s = plan_shipment(300, 40, (60, 40, 35), 14.5)
    >>> s.cartons, s.total_cbm, s.gross_kg, s.freight_tonnes
    (8, 0.672, 116.0, 1.0)
    >>> s.air_kg, s.courier_kg
    (116.0, 134.4)
    """
    size = _carton(carton_cm)
    weight = _positive(carton_kg, "carton_kg")
    count = cartons_needed(units, units_per_carton)
    per_carton = cbm(*size)
    total = round(count * per_carton, 6)
    gross = round(count * weight, 3)
    volume_cm3 = size[0] * size[1] * size[2] * count
    return Shipment(
        units=int(units), units_per_carton=int(units_per_carton), cartons=count,
        carton_cm=size, carton_kg=weight, cbm_per_carton=per_carton, total_cbm=total,
        gross_kg=gross, freight_tonnes=round(max(total, gross / 1000, 1.0), 3),
        air_kg=round(max(gross, volume_cm3 / 6000), 2),
        courier_kg=round(max(gross, volume_cm3 / 5000), 2),
    )


def compare_shipments(shipments: Mapping[str, Shipment]) -> pd.DataFrame:
    """Several shipments side by side (one row each, Indonesian format), for notebooks.

    >>> table = compare_shipments({"batik": plan_shipment(300, 40, (60, 40, 35), 14.5)})
    >>> table.loc["batik", "karton"], table.loc["batik", "volume (m³)"]
    ('8', '0,67')
    """
    import pandas as pd

    if not isinstance(shipments, Mapping) or not shipments:
        raise PackagingError("'shipments' harus dict {nama: plan_shipment(...)}, minimal satu")
    rows = {}
    for name, ship in shipments.items():
        if not isinstance(ship, Shipment):
            raise PackagingError(f"'{name}' harus hasil plan_shipment: {ship!r}")
        rows[name] = ship.as_row()
    return pd.DataFrame.from_dict(rows, orient="index")


# --------------------------------------------------------------------------- carton strength


def mckee_bct_lbf(
    ect_lbf_per_in: float, caliper_in: float, length_in: float, width_in: float
) -> float:
    """Box compression strength (lbf), simplified McKee: 5.87 × ECT × √(caliper × 2(L + W)).

    ECT in lbf/in, board caliper (thickness) and box length/width in inches.
    """
    ect = _positive(ect_lbf_per_in, "ect_lbf_per_in")
    caliper = _positive(caliper_in, "caliper_in")
    perimeter = 2 * (_positive(length_in, "length_in") + _positive(width_in, "width_in"))
    return _MCKEE_K * ect * math.sqrt(caliper * perimeter)


def mckee_bct(
    ect_kn_per_m: float,
    caliper_mm: float,
    length_cm: float,
    width_cm: float,
    *,
    unit: str = "N",
) -> float:
    """Box compression strength from metric inputs, in newtons (``unit="N"``) or kgf.

    The simplified McKee formula has consistent units (force/length × √(length × length) =
    force), so 5.87 holds in SI: ECT kN/m × 1000 → N/m, caliper mm ÷ 1000 → m, perimeter
    2 (L + W) cm ÷ 100 → m. 1 lbf = 4.4482216 N; 1 kgf = 9.80665 N; 1 kN/m = 5.71 lbf/in.

    >>> round(mckee_bct(5.6, 4.064, 40.64, 30.48) / LBF_TO_N)
    562
    """
    if unit not in ("N", "kgf"):
        raise PackagingError(f"'unit' harus 'N' atau 'kgf': {unit!r}")
    ect = _positive(ect_kn_per_m, "ect_kn_per_m") * 1000
    caliper = _positive(caliper_mm, "caliper_mm") / 1000
    perimeter = 2 * (_positive(length_cm, "length_cm") + _positive(width_cm, "width_cm")) / 100
    newtons = _MCKEE_K * ect * math.sqrt(caliper * perimeter)
    return newtons if unit == "N" else newtons / KGF_TO_N


def safety_factor(condition: str = "ekspor") -> int:
    """Safety factor for a storage/transport condition (kering, normal, lembap, ekspor).

    >>> safety_factor("normal"), safety_factor("export")
    (4, 6)
    """
    key = _CONDITION_ALIASES.get(condition, condition) if isinstance(condition, str) else None
    if key not in SAFETY_FACTORS:
        raise PackagingError(
            f"'condition' tidak dikenal: {condition!r} (pilih: {', '.join(SAFETY_FACTORS)})"
        )
    return SAFETY_FACTORS[key]


def _factor(condition: str, factor: float | None) -> float:
    if factor is None:
        return safety_factor(condition)
    result = _number(factor, "safety_factor")
    if result < 1:
        raise PackagingError(f"'safety_factor' harus minimal 1: {factor}")
    return result


def max_stack_load(
    bct: float, *, condition: str = "ekspor", safety_factor: float | None = None
) -> float:
    """Safe load on the bottom carton: BCT ÷ safety factor (same unit as *bct*).

    The factor covers humidity, time under load and handling (DOMAIN.md §5); give
    *safety_factor* to override the one for *condition*.

    >>> max_stack_load(600, condition="kering"), max_stack_load(600, safety_factor=2.5)
    (200.0, 240.0)
    """
    return _positive(bct, "bct") / _factor(condition, safety_factor)


def max_stack_layers(
    bct_kgf: float,
    carton_kg: float,
    *,
    condition: str = "ekspor",
    safety_factor: float | None = None,
) -> int:
    """Most cartons in one stack (bottom carton included) whose weight the bottom one bears.

    ``floor(max_stack_load ÷ carton_kg) + 1``; *bct_kgf* in kilogram-force (see
    :func:`mckee_bct` with ``unit="kgf"``).
    """
    load = max_stack_load(bct_kgf, condition=condition, safety_factor=safety_factor)
    return _fit(load, _positive(carton_kg, "carton_kg")) + 1


def stack_height_ok(
    bct_kgf: float,
    carton_kg: float,
    layers: int,
    *,
    condition: str = "ekspor",
    safety_factor: float | None = None,
) -> bool:
    """True when a stack of *layers* cartons is safe: (layers − 1) × carton_kg ≤ BCT ÷ factor.

    >>> stack_height_ok(255, 12, layers=4), stack_height_ok(255, 12, layers=5)
    (True, False)
    """
    if isinstance(layers, bool) or not isinstance(layers, numbers.Integral) or layers < 1:
        raise PackagingError(f"'layers' harus bilangan bulat minimal 1: {layers!r}")
    return int(layers) <= max_stack_layers(
        bct_kgf, carton_kg, condition=condition, safety_factor=safety_factor
    )


@dataclass(frozen=True)
class StackCheck:
    """Is a carton strong enough for its stack? (:func:`stack_check`; kgf and kg)"""

    layers: int
    carton_kg: float
    load_on_bottom_kg: float
    safety_factor: float
    needed_bct_kgf: float
    bct_kgf: float
    safe_layers: int

    @property
    def ok(self) -> bool:
        """True when the carton's BCT covers the load on the bottom carton × the factor."""
        return self.bct_kgf + _EPS >= self.needed_bct_kgf

    def __str__(self) -> str:
        verdict = "CUKUP" if self.ok else "TIDAK CUKUP"
        return (
            f"{self.layers} lapis: karton terbawah menahan {self.layers - 1} karton = "
            f"{_fmt(self.load_on_bottom_kg, 1)} kg; × faktor keamanan {_fmt(self.safety_factor, 1)}"
            f" = butuh BCT {_fmt(self.needed_bct_kgf)} kgf. Karton ini: BCT "
            f"{_fmt(self.bct_kgf)} kgf, aman sampai {self.safe_layers} lapis -> {verdict}"
        )


def stack_check(
    carton_cm: Sequence[float],
    carton_kg: float,
    *,
    ect_kn_per_m: float,
    caliper_mm: float,
    container: str | Container | None = "20GP",
    layers: int | None = None,
    condition: str = "ekspor",
    safety_factor: float | None = None,
) -> StackCheck:
    """Check one carton for one stack: the layers (those that fit the container's height,
    or *layers*), the load on the bottom carton, the BCT needed (load × safety factor) and the
    carton's BCT by McKee (:func:`mckee_bct`, metric inputs).

    >>> c = stack_check((60, 40, 35), 14.5, ect_kn_per_m=5.6, caliper_mm=4.064)
    >>> c.layers, c.load_on_bottom_kg, c.needed_bct_kgf, round(c.bct_kgf), c.ok
    (6, 72.5, 435.0, 302, False)
    >>> stack_check((60, 40, 35), 14.5, ect_kn_per_m=8.4, caliper_mm=6.86).ok
    True
    """
    length, width, height = _carton(carton_cm)
    weight = _positive(carton_kg, "carton_kg")
    if layers is None:
        if container is None:
            raise PackagingError("isi 'layers' atau 'container'")
        count = _fit(get_container(container).inside_cm[2], height)
        if count < 1:
            raise PackagingError(f"karton setinggi {_fmt(height, 1)} cm tidak muat di kontainer")
    else:
        if isinstance(layers, bool) or not isinstance(layers, numbers.Integral) or layers < 1:
            raise PackagingError(f"'layers' harus bilangan bulat minimal 1: {layers!r}")
        count = int(layers)
    factor = _factor(condition, safety_factor)
    bct = mckee_bct(ect_kn_per_m, caliper_mm, length, width, unit="kgf")
    load = round((count - 1) * weight, 3)
    return StackCheck(
        layers=count, carton_kg=weight, load_on_bottom_kg=load, safety_factor=factor,
        needed_bct_kgf=round(load * factor, 3), bct_kgf=bct,
        safe_layers=max_stack_layers(bct, weight, safety_factor=factor),
    )


# --------------------------------------------------------------------------- labels

_STATUSES = ("wajib", "bersyarat", "anjuran")
_RULE_KEYS = frozenset({"status", "condition", "source", "wajib_from"})
_KINDS = {"food": FOOD_MARKETS, "textile": TEXTILE_MARKETS}
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class LabelRequirement:
    """One label element as required in one market.

    ``status``: "wajib" (mandatory), "bersyarat" (mandatory when ``condition`` applies) or
    ``"anjuran"`` (recommended). ``source`` names the regulation. ``wajib_from``
    (``"REGISTER-ID#DEADLINE"``) makes a conditional element mandatory from the day after that
    deadline of the register; :func:`label_requirements` applies it for the date asked.
    """

    id: str
    label: str
    label_en: str
    status: str
    source: str
    condition: str = ""
    wajib_from: str = ""


@dataclass(frozen=True)
class _Market:
    name: str
    regulation: str
    legal_basis: bool
    note: str


@dataclass(frozen=True)
class _LabelData:
    markets: dict[tuple[str, str], _Market]
    requirements: dict[tuple[str, str], tuple[LabelRequirement, ...]]
    ids: dict[str, tuple[str, ...]]


def _label_markets(tables: Mapping[str, Any], where: str, kind: str
                   ) -> dict[str, _Market]:
    expected = _KINDS[kind]
    if not isinstance(tables, dict) or set(tables) != set(expected):
        found = sorted(tables) if isinstance(tables, dict) else tables
        raise PackagingError(f"{where}: [markets.{kind}] harus {list(expected)}: {found}")
    out = {}
    for market in expected:
        f = Fields(tables[market], file=where, entry=f"markets.{kind}.{market}",
                   error=PackagingError)
        out[market] = _Market(f.text("name"), f.text("regulation"), f.boolean("legal_basis"),
                              f.text("note"))
        f.done()
    return out


def _label_rule(rule: Any, where: str, entry: str, market: _Market) -> tuple[str, str, str,
                                                                           str]:
    """(status, source, condition, wajib_from) of one element in one market, checked."""
    f = Fields(rule, file=where, entry=entry, error=PackagingError)
    status = f.text("status", options=_STATUSES)
    condition, source, wajib_from = f.text("condition", ""), f.text("source"), \
        f.text("wajib_from", "")
    f.done()
    if (status == "bersyarat") != bool(condition):
        raise f.fail("condition", "wajib untuk status bersyarat, dan hanya untuk itu",
                     condition)
    if not market.legal_basis and status != "anjuran":
        raise f.fail("status", "pasar tanpa dasar hukum hanya boleh berisi 'anjuran'", status)
    if wajib_from:
        reg_id, _, name = wajib_from.partition("#")
        if status != "bersyarat" or not name:
            raise f.fail("wajib_from", "hanya untuk status bersyarat, bentuknya 'ID#TENGGAT'",
                         wajib_from)
        try:
            regulations.deadline(reg_id, name)
        except regulations.RegulationError as err:
            raise f.fail("wajib_from", f"tidak ada di register ({err})", wajib_from) from None
    return status, source, condition, wajib_from


def _label_elements(entries: Any, where: str, kind: str, markets: dict[str, _Market]
                    ) -> tuple[dict[str, list[LabelRequirement]], tuple[str, ...]]:
    requirements: dict[str, list[LabelRequirement]] = {m: [] for m in markets}
    seen: list[str] = []
    for number, entry in enumerate(entries, start=1):
        f = Fields(entry, file=where, entry=f"{kind} ke-{number}", error=PackagingError)
        element_id = f.text("id")
        if not _ID_RE.match(element_id) or element_id in seen:
            raise f.fail("id", "tidak sah atau ganda", element_id)
        seen.append(element_id)
        label, label_en = f.text("label"), f.text("label_en")
        per_market = f.table("markets")
        f.done()
        unknown = sorted(set(per_market) - set(markets))
        if not per_market or unknown:
            raise f.fail("markets", f"pasar tidak dikenal atau kosong (pilih: "
                         f"{', '.join(markets)})", unknown or per_market)
        for market, rule in per_market.items():
            status, source, condition, wajib_from = _label_rule(
                rule, where, f"{kind} '{element_id}' markets.{market}", markets[market])
            requirements[market].append(LabelRequirement(
                element_id, label, label_en, status, source, condition, wajib_from))
    return requirements, tuple(seen)


def _parse_labels(data: Mapping[str, Any], where: str) -> _LabelData:
    top = Fields(data, file=where, entry="berkas", error=PackagingError)
    market_tables = top.table("markets")
    element_tables = {kind: top.tables(kind) for kind in _KINDS}
    top.done()
    markets: dict[tuple[str, str], _Market] = {}
    requirements: dict[tuple[str, str], tuple[LabelRequirement, ...]] = {}
    ids: dict[str, tuple[str, ...]] = {}
    for kind in _KINDS:
        these = _label_markets(market_tables.get(kind), where, kind)
        reqs, ids[kind] = _label_elements(element_tables[kind], where, kind, these)
        for market, info in these.items():
            markets[kind, market] = info
            requirements[kind, market] = tuple(reqs[market])
    return _LabelData(markets, requirements, ids)


def load_labels(path: str | Path | None = None) -> _LabelData:
    """Read and validate a label-rules file (default ``ikmkit/data/labels.toml``); a
    broken one raises :class:`PackagingError` naming file, entry, field and value.

    >>> sorted(load_labels().ids)
    ['food', 'textile']
    """
    if path is None:
        return _labels()
    data, where = _data_file(path, "labels.toml")
    return _parse_labels(data, where)


@functools.cache
def _labels() -> _LabelData:
    data, where = _data_file(None, "labels.toml")
    return _parse_labels(data, where)


def _market(kind: str, market: str) -> str:
    expected = _KINDS[kind]
    key = market.strip().upper() if isinstance(market, str) else market
    if key not in expected:
        raise PackagingError(f"pasar tidak dikenal: {market!r} (pilih: {', '.join(expected)})")
    return key


def _on(req: LabelRequirement, today: dt.date | None) -> LabelRequirement:
    """``req`` as it stands on ``today``: a ``wajib_from`` deadline that has passed makes it
    mandatory."""
    if not req.wajib_from:
        return req
    reg_id, _, name = req.wajib_from.partition("#")
    if regulations.in_effect(reg_id, name, today=today):
        return dataclasses.replace(req, status="wajib", condition="")
    return req


def label_requirements(
    kind: str, market: str, *, today: dt.date | None = None
) -> tuple[LabelRequirement, ...]:
    """The label elements of *kind* ("food" or "textile") for *market*, in checklist order,
    with their status on ``today`` (default: today).

    >>> [r.id for r in label_requirements("textile", "US") if r.status == "wajib"]
    ['komposisi_serat', 'negara_asal', 'identitas_produsen', 'petunjuk_perawatan']
    >>> sum(1 for r in label_requirements("food", "EU") if r.source.startswith("Reg. (EU) \
1169/2011 Art. 9(1)"))
    12
    """
    if kind not in _KINDS:
        raise PackagingError(f"'kind' harus 'food' atau 'textile': {kind!r}")
    return tuple(_on(r, today) for r in _labels().requirements[kind, _market(kind, market)])


def label_table(kind: str, market: str, *, today: dt.date | None = None) -> pd.DataFrame:
    """:func:`label_requirements` as a table for notebooks: index ``id``; columns ``unsur``,
    ``status``, ``wajib bila`` and ``sumber``.

    >>> label_table("textile", "US").loc["negara_asal", "status"]
    'wajib'
    """
    import pandas as pd

    rows = [{"id": r.id, "unsur": r.label, "status": r.status, "wajib bila": r.condition,
             "sumber": r.source} for r in label_requirements(kind, market, today=today)]
    return pd.DataFrame(rows).set_index("id")


@dataclass(frozen=True)
class LabelCheck:
    """Result of :func:`check_food_label` / :func:`check_textile_label`.

    ``present``: listed elements found on the label; ``missing``: mandatory elements (and
    conditional ones the caller said apply) that are absent; ``to_check``: absent conditional
    elements whose condition the caller has not confirmed; ``recommended_missing``: absent
    recommended elements; ``not_in_market``: known ids given that this market does not list.
    ``legal_basis`` is False where no legal rule was found. ``today`` is the date the
    statuses were computed for.
    """

    kind: str
    market: str
    market_name: str
    regulation: str
    legal_basis: bool
    note: str
    present: tuple[LabelRequirement, ...]
    missing: tuple[LabelRequirement, ...]
    to_check: tuple[LabelRequirement, ...]
    recommended_missing: tuple[LabelRequirement, ...]
    not_in_market: tuple[str, ...]
    today: dt.date | None = None

    @property
    def ok(self) -> bool:
        """True when no mandatory (or applicable conditional) element is missing."""
        return not self.missing

    @property
    def missing_ids(self) -> list[str]:
        """The ids of the missing elements, in checklist order (an answer a participant can
        store: ``kurang = cek.missing_ids``)."""
        return [r.id for r in self.missing]

    @property
    def to_check_ids(self) -> list[str]:
        """The ids of the conditional elements still to check, in checklist order."""
        return [r.id for r in self.to_check]

    def as_table(self) -> pd.DataFrame:
        """One row per element (index ``id``): unsur, status, ada (bool), kekurangan, sumber."""
        import pandas as pd

        present = {r.id for r in self.present}
        missing = {r.id for r in self.missing}
        to_check = {r.id for r in self.to_check}
        rows = []
        for req in label_requirements(self.kind, self.market, today=self.today):
            if req.id in present:
                gap = ""
            elif req.id in missing:
                gap = "wajib, belum ada"
            elif req.id in to_check:
                gap = f"periksa: wajib bila {req.condition}"
            else:
                gap = "dianjurkan"
            rows.append(
                {
                    "id": req.id,
                    "unsur": req.label,
                    "status": req.status,
                    "ada": req.id in present,
                    "kekurangan": gap,
                    "sumber": req.source,
                }
            )
        return pd.DataFrame(rows).set_index("id")

    def __str__(self) -> str:
        head = f"Label {self.market_name} ({self.regulation}): "
        if not self.legal_basis:
            head += "tidak ada aturan wajib, hanya anjuran"
            head += "; semua anjuran sudah ada." if not self.recommended_missing else ":"
        else:
            head += ("unsur wajib lengkap." if self.ok
                     else f"{len(self.missing)} unsur wajib belum ada.")
        lines = [head]
        lines += [f"- belum ada: {r.label} ({r.id}) [{r.source}]" for r in self.missing]
        lines += [f"- periksa: {r.label} ({r.id}), wajib bila {r.condition}"
                  for r in self.to_check]
        lines += [f"- dianjurkan: {r.label} ({r.id})" for r in self.recommended_missing]
        return "\n".join(lines)


def _element_ids(values: Iterable[str] | Mapping[str, bool], kind: str, name: str) -> set[str]:
    if isinstance(values, str):
        values = [values]
    if isinstance(values, Mapping):
        values = [key for key, checked in values.items() if checked]
    known = _labels().ids[kind]
    result = set()
    for value in values:
        key = value.strip().lower() if isinstance(value, str) else value
        if key not in known:
            raise PackagingError(
                f"unsur label tidak dikenal di '{name}': {value!r} (pilih: {', '.join(known)})"
            )
        result.add(key)
    return result


def _check(
    kind: str,
    elements: Iterable[str] | Mapping[str, bool],
    market: str,
    applies: Iterable[str] | Mapping[str, bool],
    today: dt.date | None = None,
) -> LabelCheck:
    if kind not in _KINDS:  # pragma: no cover - internal
        raise PackagingError(f"'kind' harus 'food' atau 'textile': {kind!r}")
    key = _market(kind, market)
    given = _element_ids(elements, kind, "elements")
    applicable = _element_ids(applies, kind, "applies")
    requirements = label_requirements(kind, key, today=today)
    info = _labels().markets[kind, key]
    present, missing, to_check, recommended = [], [], [], []
    for req in requirements:
        if req.id in given:
            present.append(req)
        elif req.status == "wajib" or (req.status == "bersyarat" and req.id in applicable):
            missing.append(req)
        elif req.status == "bersyarat":
            to_check.append(req)
        else:
            recommended.append(req)
    listed = {req.id for req in requirements}
    return LabelCheck(
        kind=kind,
        market=key,
        market_name=info.name,
        regulation=info.regulation,
        legal_basis=info.legal_basis,
        note=info.note,
        present=tuple(present),
        missing=tuple(missing),
        to_check=tuple(to_check),
        recommended_missing=tuple(recommended),
        not_in_market=tuple(sorted(given - listed)),
        today=today,
    )


def check_food_label(
    elements: Iterable[str] | Mapping[str, bool],
    market: str = "ID",
    *,
    applies: Iterable[str] | Mapping[str, bool] = (),
    today: dt.date | None = None,
) -> LabelCheck:
    """Check a processed-food label against Indonesia (BPOM) or the EU (Reg. 1169/2011).

    *elements*: ids of the elements on the label (or ``{id: bool}`` from checkboxes); see
    :func:`label_requirements` for ids and Indonesian labels. *applies*: ids of conditional
    ("bersyarat") elements whose condition holds for this product (e.g. ``"alergen"`` for a
    soy product, ``"halal"`` once certified, ``"quid"`` for "tempeh chips"). Statuses are those
    on ``today`` (default: today): the halal label is mandatory after PP 42/2024's micro/small
    deadline.

    >>> draft_eu = ["nama_produk", "daftar_bahan", "berat_bersih", "kedaluwarsa",
    ...             "cara_penyimpanan", "nama_alamat", "bahasa_setempat"]
    >>> check = check_food_label(draft_eu, "EU", applies=["alergen", "quid"])
    >>> [r.id for r in check.missing]
    ['alergen', 'quid', 'informasi_nilai_gizi']
    >>> [r.id for r in check.to_check]
    ['negara_asal', 'cara_penggunaan', 'kadar_alkohol']
    >>> check_food_label(["nama produk"])
    Traceback (most recent call last):
    ...
    ikmkit.packaging.PackagingError: unsur label tidak dikenal di 'elements': 'nama produk' \
(pilih: nama_produk, ...)
    """
    return _check("food", elements, market, applies, today)


def check_textile_label(
    elements: Iterable[str] | Mapping[str, bool],
    market: str = "EU",
    *,
    applies: Iterable[str] | Mapping[str, bool] = (),
    today: dt.date | None = None,
) -> LabelCheck:
    """Check a textile/garment label for the EU, the US (FTC) or Indonesia.

    EU: fibre composition (Reg. 1007/2011; plus the "non-textile parts of animal origin"
    statement when it applies, and the member state's language), and under the GPSR (Reg.
    (EU) 2023/988) the manufacturer's identity and addresses, a type/batch number and the EU
    responsible operator; care symbols (ISO 3758), size and origin are recommended. US: fibre
    content, country of origin, manufacturer identity (name or RN) and care instructions
    (16 CFR 423). Indonesia: a label in Bahasa Indonesia for textile goods sold domestically
    (Permendag 73/M-DAG/PER/9/2015); the other elements are good practice.

    >>> check = check_textile_label(["komposisi_serat", "simbol_perawatan"], "US")
    >>> [r.id for r in check.missing]
    ['negara_asal', 'identitas_produsen', 'petunjuk_perawatan']
    """
    return _check("textile", elements, market, applies, today)
