"""Tests for ikmkit.markets: the shipped data, scoring by hand, weights, validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ikmkit import markets
from ikmkit.errors import IkmkitError
from ikmkit.markets import MarketError

MINI = """
[meta]
figures_status = "published"
[[requirement]]
id = "a"
label = "A"
source = "s"
module = "03"
[[requirement]]
id = "b"
label = "B"
source = "s"
module = "01"
[[market]]
hs = "0000.00"
product = "uji"
sector = "batik"
market = "X"
code = "XX"
import_usd_m = 100.0
indonesia_share_pct = 10.0
mfn_pct = 10.0
pref_pct = 0.0
agreement = "ATIGA"
origin_doc = "Form D"
requirements = ["a", "b"]
[[market]]
hs = "0000.00"
product = "uji"
sector = "batik"
market = "Y"
code = "YY"
import_usd_m = 50.0
indonesia_share_pct = 20.0
mfn_pct = 4.0
requirements = []
"""


@pytest.fixture
def mini(tmp_path: Path) -> markets.MarketData:
    path = tmp_path / "pasar.toml"
    path.write_text(MINI, encoding="utf-8")
    return markets.load_markets(path)


class TestShippedData:
    def test_loads_and_is_marked_illustrative(self):
        """The shipped figures are illustrative and the ranking says so."""
        data = markets.load_markets()
        assert data.illustrative
        assert "ILUSTRASI" in str(data.meta["figures_source"])
        table = markets.rank("6111.20")
        assert "ILUSTRASI" in table.attrs["catatan"]

    def test_every_sector_has_a_product(self):
        """Each of the four sectors has at least one HS code with candidates."""
        sectors = set(markets.products()["sektor"])
        assert sectors == {"batik", "konveksi", "bordir", "makanan-minuman"}

    def test_singapore_is_zero_with_or_without_form_d(self):
        """Singapore's MFN duty is 0 %, so Form D saves nothing there."""
        for hs in markets.products().index:
            if any(m.market == "Singapura" for m in markets.candidates(hs)):
                assert markets.tariff(hs, "SG") == markets.tariff(hs, "SG", form_d=False) == 0

    def test_every_requirement_names_a_source_and_module(self):
        """Requirements cite a source and point to a module that teaches them."""
        for req in markets.load_markets().requirements.values():
            assert req.source and req.module in {"01", "02", "03"}


class TestScoring:
    def test_scores_by_hand(self, mini):
        """X: demand 100, share 50, tariff 100 (Form D 0 %), 2 missing -> 50.
        Y: demand 50, share 100, tariff 80 (4 %), 0 missing -> 100."""
        table = markets.rank("0000.00", data=mini)
        x, y = table.loc["X"], table.loc["Y"]
        assert [x[f"skor_{f}"] for f in markets.FACTORS] == [100.0, 50.0, 100.0, 50.0]
        assert [y[f"skor_{f}"] for f in markets.FACTORS] == [50.0, 100.0, 80.0, 100.0]
        # 0.35*100 + 0.15*50 + 0.30*100 + 0.20*50 = 82.5; Y: 17.5 + 15 + 24 + 20 = 76.5
        assert (x["skor_total"], y["skor_total"]) == (82.5, 76.5)
        assert table.index.tolist() == ["X", "Y"] and table["peringkat"].tolist() == [1, 2]
        assert "catatan" not in table.attrs  # published data: no warning

    def test_without_form_d_the_mfn_duty_counts(self, mini):
        """Without the certificate of origin X pays 10 % (score 50) and falls behind Y."""
        table = markets.rank("0000.00", form_d=False, data=mini)
        assert table.loc["X", "tarif_pct"] == 10.0 and table.loc["X", "skor_tarif"] == 50.0
        assert table.loc["X", "perjanjian"].startswith("MFN")
        assert table.index.tolist() == ["Y", "X"]  # X: 35+7.5+15+10 = 67.5

    def test_requirements_held_raise_the_score(self, mini):
        """Requirements already met no longer count."""
        table = markets.rank("0000.00", held=["a", "b"], data=mini)
        assert table.loc["X", "persyaratan_kurang"] == 0
        assert [r.id for r in markets.requirements("0000.00", "X", held=["a"], data=mini)] \
            == ["b"]

    def test_weights_are_normalised_and_reported(self, mini):
        """Weights 2:2 on two factors are the same as 1:1; the table reports them."""
        a = markets.rank("0000.00", weights={"tarif": 2, "pangsa": 2}, data=mini)
        b = markets.rank("0000.00", weights={"tarif": 1, "pangsa": 1}, data=mini)
        assert a["skor_total"].tolist() == b["skor_total"].tolist()
        assert a.attrs["bobot"] == {"permintaan": 0.0, "pangsa": 0.5, "tarif": 0.5,
                                    "persyaratan": 0.0}

    @given(st.dictionaries(st.sampled_from(markets.FACTORS),
                           st.floats(0, 100, allow_nan=False), min_size=1))
    @example({"permintaan": 5e-324})  # a subnormal weight once lost precision
    def test_total_is_between_the_factor_scores(self, weights):
        """The total is a weighted mean: between the lowest and highest factor score."""
        if sum(weights.values()) <= 0:
            with pytest.raises(MarketError, match="jumlah bobot"):
                markets.rank("6111.20", weights=weights)
            return
        table = markets.rank("6111.20", weights=weights)
        cols = [f"skor_{f}" for f in markets.FACTORS if weights.get(f, 0) > 0]
        for _, row in table.iterrows():
            assert min(row[cols]) - 0.11 <= row["skor_total"] <= max(row[cols]) + 0.11


class TestErrors:
    @pytest.mark.parametrize(("kwargs", "match"), [
        ({"weights": {"harga": 1}}, "bobot tidak dikenal: 'harga'"),
        ({"weights": {"tarif": -1}}, "bobot 'tarif' harus angka 0 atau lebih"),
        ({"weights": {"tarif": True}}, "bobot 'tarif'"),
        ({"weights": {"tarif": 0}}, "jumlah bobot harus lebih besar dari 0"),
        ({"held": "halal"}, "daftar id persyaratan"),
        ({"held": ["sertifikat_emas"]}, "persyaratan tidak dikenal: 'sertifikat_emas'"),
    ])
    def test_bad_arguments(self, kwargs, match):
        """Unknown or negative weights, text or unknown requirements are refused."""
        with pytest.raises(MarketError, match=match):
            markets.rank("6111.20", **kwargs)

    def test_unknown_hs_lists_the_known_ones(self):
        """An HS code without data names the codes that exist."""
        with pytest.raises(MarketError, match="kode HS '9999.99' tidak ada.*6111.20"):
            markets.rank("9999.99")
        with pytest.raises(MarketError, match="'hs' harus teks"):
            markets.rank(611120)

    def test_unknown_market(self):
        """A market that is not a candidate names the candidates."""
        with pytest.raises(MarketError, match="pasar 'Mars' tidak ada untuk HS 6111.20"):
            markets.tariff("6111.20", "Mars")

    @pytest.mark.parametrize(("edit", "match"), [
        (("import_usd_m = 100.0", "import_usd_m = -1.0"), "'import_usd_m' harus"),
        (('figures_status = "published"', 'figures_status = "kira-kira"'), "figures_status"),
        (('requirements = ["a", "b"]', 'requirements = ["z"]'), "'requirements' harus daftar"),
        (('market = "Y"', 'market = "X"'), "pasar ganda"),
        (("mfn_pct = 4.0", "mfn_pct = 4.0\nharga = 1"), "'harga' kunci tidak dikenal"),
        (("[meta]", "[meta"), "tidak dapat dibaca: bukan TOML"),
    ])
    def test_bad_files(self, tmp_path, edit, match):
        """A broken or inconsistent data file gives a clear Indonesian error."""
        path = tmp_path / "pasar.toml"
        path.write_text(MINI.replace(*edit), encoding="utf-8")
        with pytest.raises(MarketError, match=match):
            markets.load_markets(path)

    def test_missing_file(self, tmp_path):
        """A missing file is a MarketError, an IkmkitError."""
        with pytest.raises(IkmkitError, match="tidak ditemukan"):
            markets.load_markets(tmp_path / "tidak-ada.toml")
