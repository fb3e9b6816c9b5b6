"""Choosing a target market: candidate markets for an HS code, ranked with editable weights.

A first export market is a trade-off between four things a participant can look up:

* **demand** (*permintaan*): how much of the product the country imports a year (US$ million);
* **Indonesia's share** (*pangsa Indonesia*) of those imports: buyers there already know and
  buy Indonesian goods;
* **the import duty** (*tarif bea masuk*) the buyer pays, with the certificate of origin that an
  agreement gives (Form D under ATIGA, IJEPA, IA-CEPA...) or without it (MFN);
* **requirements** (*persyaratan*): labels, certificates and documents the market needs that
  the IKM does not have yet (modules 01 and 03).

:func:`rank` turns each factor into a 0-100 score, transparently:

* demand and share: the candidate's value ÷ the largest value among the candidates × 100;
* tariff: 100 − 5 × duty in percent (0 % → 100, 20 % or more → 0);
* requirements: 100 − 25 × the number of requirements not met yet (4 or more → 0);

and the total is the weighted mean with :data:`DEFAULT_WEIGHTS` (demand 0.35, share 0.15,
tariff 0.30, requirements 0.20) or the participant's own weights (any non-negative numbers;
they are divided by their sum).

The candidates come from ``ikmkit/data/markets.toml``. **Its import values and shares are
illustrative** (the authors could not retrieve the published Trade Map / UN Comtrade figures);
the file says so, every table :func:`rank` makes carries the note, and an incubator replaces
them with the newest published figures. Tariffs say whether they were checked.

>>> from ikmkit import markets
>>> table = markets.rank("6111.20")
>>> table.index.tolist()
['Jepang', 'Australia', 'Malaysia', 'Singapura', 'Belanda (Uni Eropa)']
>>> row = table.loc["Malaysia"]
>>> float(row["tarif_pct"]), float(row["skor_tarif"]), int(row["persyaratan_kurang"])
(0.0, 100.0, 3)
>>> table.attrs["catatan"][:40]
'Angka impor dan pangsa adalah ILUSTRASI '

Without Form D (or another certificate of origin) the MFN duty applies:

>>> markets.tariff("6111.20", "Jepang"), markets.tariff("6111.20", "Jepang", form_d=False)
(0.0, 8.0)

What the IKM already meets lowers the burden; weights are the participant's choice:

>>> table = markets.rank("6111.20", held=["label_serat_asal", "uji_azo_formaldehida"],
...                      weights={"permintaan": 0, "pangsa": 0, "tarif": 1, "persyaratan": 1})
>>> table["skor_total"].head(2).tolist()
[100.0, 100.0]
>>> markets.rank("6111.20", weights={"harga": 1})
Traceback (most recent call last):
...
ikmkit.markets.MarketError: bobot tidak dikenal: 'harga'; pilihan: permintaan, pangsa, tarif, \
persyaratan
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikmkit._files import Fields, read_toml
from ikmkit.errors import IkmkitError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "DEFAULT_WEIGHTS",
    "FACTORS",
    "Market",
    "MarketData",
    "MarketError",
    "Requirement",
    "candidates",
    "data_path",
    "load_markets",
    "products",
    "rank",
    "requirements",
    "tariff",
]

FACTORS = ("permintaan", "pangsa", "tarif", "persyaratan")
"""The four factors of :func:`rank`, in table order."""

DEFAULT_WEIGHTS: Mapping[str, float] = {"permintaan": 0.35, "pangsa": 0.15, "tarif": 0.30,
                                        "persyaratan": 0.20}
"""Default weights: demand first, then the duty the buyer pays, the requirements still to meet,
and Indonesia's presence. An incubator may change them; they are shown in every ranking."""

_TARIFF_POINTS_PER_PCT = 5
_REQUIREMENT_POINTS = 25
_ILLUSTRATIVE_NOTE = ("Angka impor dan pangsa adalah ILUSTRASI (bukan angka resmi): ganti dengan "
                      "angka terbaru dari ITC Trade Map atau UN Comtrade sebelum memutuskan.")


class MarketError(IkmkitError):
    """Bad market data or a bad question to :mod:`ikmkit.markets` (unknown HS code, weight...)."""


@dataclass(frozen=True)
class Requirement:
    """A label, certificate or document a market asks for, with its source and module."""

    id: str
    label: str
    source: str
    module: str


@dataclass(frozen=True)
class Market:
    """One candidate market for one HS subheading (see ``markets.toml`` for the fields)."""

    hs: str
    product: str
    sector: str
    hs_status: str
    market: str
    code: str
    import_usd_m: float
    indonesia_share_pct: float
    mfn_pct: float
    pref_pct: float | None
    agreement: str
    origin_doc: str
    tariff_status: str
    tariff_source: str
    requirements: tuple[str, ...]

    def tariff(self, form_d: bool = True) -> float:
        """The duty in percent: with the certificate of origin if one exists and is used."""
        if form_d and self.pref_pct is not None:
            return self.pref_pct
        return self.mfn_pct


@dataclass(frozen=True)
class MarketData:
    """The validated contents of a markets file."""

    meta: Mapping[str, Any]
    requirements: Mapping[str, Requirement]
    markets: tuple[Market, ...]

    @property
    def illustrative(self) -> bool:
        """True when the import figures are not published figures."""
        return self.meta.get("figures_status") != "published"


def data_path() -> Path:
    """The markets file shipped with ikmkit."""
    return Path(str(resources.files("ikmkit") / "data" / "markets.toml"))


_MARKET_KEYS = {"hs", "product", "sector", "hs_status", "market", "code", "import_usd_m",
                "indonesia_share_pct", "mfn_pct", "pref_pct", "agreement", "origin_doc",
                "tariff_status", "tariff_source", "requirements"}


def _requirement(item: Any, k: int, source: str) -> Requirement:
    f = Fields(item, file=source, entry=f"[[requirement]] ke-{k + 1}", error=MarketError)
    req = Requirement(id=f.text("id"), label=f.text("label"), source=f.text("source"),
                      module=f.text("module"))
    f.done()
    return req


def _market_entry(item: Any, k: int, source: str, reqs: Mapping[str, Requirement]) -> Market:
    f = Fields(item, file=source, entry=f"[[market]] ke-{k + 1}", error=MarketError)
    market = Market(
        hs=f.text("hs").strip(), product=f.text("product"), sector=f.text("sector"),
        hs_status=f.text("hs_status", "to_confirm"), market=f.text("market"),
        code=f.text("code"),
        import_usd_m=f.number("import_usd_m", minimum=0, maximum=1e7),
        indonesia_share_pct=f.number("indonesia_share_pct", minimum=0, maximum=100),
        mfn_pct=f.number("mfn_pct", minimum=0, maximum=1000),
        pref_pct=f.number("pref_pct", None, minimum=0, maximum=1000),
        agreement=f.text("agreement", ""), origin_doc=f.text("origin_doc", ""),
        tariff_status=f.text("tariff_status", "to_check"),
        tariff_source=f.text("tariff_source", ""),
        requirements=f.texts("requirements", (), options=list(reqs), nonempty=False))
    f.done()
    return market


def _parse(raw: Mapping[str, Any], source: str) -> MarketData:
    top = Fields(raw, file=source, entry="berkas", error=MarketError)
    meta = top.table("meta")
    f = Fields(meta, file=source, entry="[meta]", error=MarketError)
    f.text("figures_status", options=("illustrative", "published"))
    reqs: dict[str, Requirement] = {}
    for k, item in enumerate(top.tables("requirement", [], nonempty=False)):
        req = _requirement(item, k, source)
        if req.id in reqs:
            raise MarketError(f"{source}: id persyaratan ganda: {req.id!r}")
        reqs[req.id] = req
    markets = [_market_entry(item, k, source, reqs)
               for k, item in enumerate(top.tables("market"))]
    top.done()
    seen = set()
    for m in markets:
        if (m.hs, m.market) in seen:
            raise MarketError(f"{source}: pasar ganda untuk HS {m.hs}: {m.market}")
        seen.add((m.hs, m.market))
    return MarketData(meta=meta, requirements=reqs, markets=tuple(markets))


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> MarketData:
    return _parse(read_toml(path, MarketError), Path(path).name)


def load_markets(path: str | Path | None = None) -> MarketData:
    """Load and validate a markets file (default: the one shipped with ikmkit).

    >>> data = load_markets()
    >>> data.illustrative, len(data.markets) > 10
    (True, True)
    """
    file = Path(path) if path is not None else data_path()
    try:
        mtime = file.stat().st_mtime
    except OSError:
        raise MarketError(f"{file}: tidak dapat dibaca: berkas tidak ditemukan") from None
    return _load_cached(str(file.resolve()), mtime)


def _hs(hs: object) -> str:
    if not isinstance(hs, str):
        raise MarketError(f"'hs' harus teks seperti '6111.20': {hs!r}")
    return hs.strip()


def products(data: MarketData | None = None) -> pd.DataFrame:
    """The HS subheadings in the data: one row per code with product, sector and status.

    >>> products().loc["6111.20", "sektor"]
    'konveksi'
    """
    import pandas as pd

    data = data or load_markets()
    rows: dict[str, dict[str, str]] = {}
    for m in data.markets:
        rows.setdefault(m.hs, {"produk": m.product, "sektor": m.sector,
                               "status_kode": ("sudah dicek" if m.hs_status == "checked"
                                               else "perlu dipastikan ke Bea Cukai")})
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("hs")


def candidates(hs: str, data: MarketData | None = None) -> list[Market]:
    """The candidate markets for one HS subheading, in file order."""
    data = data or load_markets()
    code = _hs(hs)
    found = [m for m in data.markets if m.hs == code]
    if not found:
        known = ", ".join(sorted({m.hs for m in data.markets}))
        raise MarketError(f"kode HS {code!r} tidak ada di data pasar; yang ada: {known}")
    return found


def _market(hs: str, market: str, data: MarketData | None) -> Market:
    for m in candidates(hs, data):
        if market in (m.market, m.code):
            return m
    names = ", ".join(m.market for m in candidates(hs, data))
    raise MarketError(f"pasar {market!r} tidak ada untuk HS {hs}; pilihan: {names}")


def tariff(hs: str, market: str, *, form_d: bool = True,
           data: MarketData | None = None) -> float:
    """The import duty in percent for one market (by name or code): with the certificate of
    origin (``form_d=True``, the preferential rate if an agreement exists) or MFN."""
    return _market(hs, market, data).tariff(form_d)


def requirements(hs: str, market: str, *, held: Iterable[str] = (),
                 data: MarketData | None = None) -> list[Requirement]:
    """The requirements of one market that are not in ``held`` yet.

    >>> [r.id for r in requirements("2008.19", "Singapura", held=["sertifikat_kesehatan"])]
    ['label_pangan_tujuan']
    """
    data = data or load_markets()
    have = _held(held, data)
    return [data.requirements[r] for r in _market(hs, market, data).requirements
            if r not in have]


def _held(held: Iterable[str], data: MarketData) -> set[str]:
    if isinstance(held, str):
        raise MarketError(f"'held' harus daftar id persyaratan, bukan teks: {held!r}")
    have = set(held)
    unknown = sorted(have - set(data.requirements))
    if unknown:
        raise MarketError(f"persyaratan tidak dikenal: {', '.join(map(repr, unknown))}; "
                          f"pilihan: {', '.join(data.requirements)}")
    return have


def _weights(weights: Mapping[str, object] | None) -> dict[str, float]:
    if weights is None:
        return dict(DEFAULT_WEIGHTS)
    if not isinstance(weights, Mapping):
        raise MarketError(f"'weights' harus dict {{faktor: bobot}}: {weights!r}")
    out = {}
    for key, value in weights.items():
        if key not in FACTORS:
            raise MarketError(f"bobot tidak dikenal: {key!r}; pilihan: {', '.join(FACTORS)}")
        if isinstance(value, bool) or not isinstance(value, numbers.Real) \
                or not math.isfinite(float(value)) or float(value) < 0:
            raise MarketError(f"bobot '{key}' harus angka 0 atau lebih: {value!r}")
        out[key] = float(value)
    full = {f: out.get(f, 0.0) for f in FACTORS}
    top = max(full.values())
    if top <= 0:
        raise MarketError("jumlah bobot harus lebih besar dari 0")
    return {f: v / top for f, v in full.items()}  # scaled to the largest: no tiny-float loss


def rank(hs: str, *, form_d: bool = True, held: Iterable[str] = (),
         weights: Mapping[str, object] | None = None,
         data: MarketData | None = None) -> pd.DataFrame:
    """Candidate markets for ``hs`` ranked by the weighted score (highest first).

    Index: market name. Columns: ``impor_usd_juta``, ``pangsa_indonesia_pct``, ``tarif_pct``
    (with the certificate of origin when ``form_d``), ``perjanjian``, ``persyaratan_kurang``
    (how many), ``skor_permintaan``, ``skor_pangsa``, ``skor_tarif``, ``skor_persyaratan``,
    ``skor_total`` (0-100, one decimal) and ``peringkat``. ``table.attrs`` holds the weights
    used and, for illustrative data, a ``catatan`` to show with the table.
    """
    import pandas as pd

    data = data or load_markets()
    found = candidates(hs, data)
    have = _held(held, data)
    w = _weights(weights)
    total_w = sum(w.values())
    top_demand = max(m.import_usd_m for m in found) or 1.0
    top_share = max(m.indonesia_share_pct for m in found) or 1.0
    rows = []
    for m in found:
        duty = m.tariff(form_d)
        missing = [r for r in m.requirements if r not in have]
        scores = {
            "permintaan": 100 * m.import_usd_m / top_demand,
            "pangsa": 100 * m.indonesia_share_pct / top_share,
            "tarif": max(0.0, 100 - _TARIFF_POINTS_PER_PCT * duty),
            "persyaratan": max(0.0, 100.0 - _REQUIREMENT_POINTS * len(missing)),
        }
        total = sum(w[f] * scores[f] for f in FACTORS) / total_w
        rows.append({
            "pasar": m.market,
            "impor_usd_juta": m.import_usd_m,
            "pangsa_indonesia_pct": m.indonesia_share_pct,
            "tarif_pct": duty,
            "perjanjian": (f"{m.agreement} ({m.origin_doc})" if form_d and m.agreement
                           else "MFN (tanpa SKA preferensi)"),
            "persyaratan_kurang": len(missing),
            **{f"skor_{f}": round(scores[f], 1) for f in FACTORS},
            "skor_total": round(total, 1),
        })
    table = pd.DataFrame(rows).set_index("pasar")
    table = table.sort_values(["skor_total", "impor_usd_juta"], ascending=[False, False],
                              kind="stable")
    table["peringkat"] = range(1, len(table) + 1)
    table.attrs["bobot"] = {f: w[f] / total_w for f in FACTORS}
    if data.illustrative:
        table.attrs["catatan"] = _ILLUSTRATIVE_NOTE
    return table
