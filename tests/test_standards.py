"""Tests for ikmkit.standards: catalogue, sector requirements, roadmap, GTIN."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikmkit import standards
from ikmkit.errors import IkmkitError
from ikmkit.readiness import MODULES
from ikmkit.standards import StandardsError


def ids(requirements):
    return [r.cert_id for r in requirements]


# --------------------------------------------------------------------------- catalogue


class TestCatalogue:
    def test_ships_every_certificate_of_the_issue(self):
        """The shipped catalogue holds the certificates the incubator facilitates, plus NIB."""
        expected = {
            "nib",
            "sppt_sni",
            "sni_bina_umk",
            "iso_9001",
            "iso_22000",
            "haccp",
            "halal",
            "pirt",
            "bpom_md",
            "batikmark",
            "merek",
            "hak_cipta",
            "desain_industri",
            "gs1_barcode",
            "uji_produk",
        }
        assert expected <= set(standards.catalogue().ids)

    def test_every_entry_names_source_legal_basis_issuer_and_office(self):
        """No certificate without a source, a legal basis, an issuer and an office."""
        for cert in standards.catalogue():
            for field in ("source", "legal_basis", "issuer", "office", "purpose", "name"):
                assert getattr(cert, field).strip(), (cert.id, field)

    def test_every_sector_has_a_status_somewhere_and_modules_look_like_ids(self):
        """Each sector is covered and module keys are curriculum modules known to readiness."""
        cat = standards.catalogue()
        for sector in standards.SECTORS:
            assert any(c.status(sector) is not None for c in cat), sector
        for cert in cat:
            assert cert.module in MODULES, (cert.id, cert.module)

    def test_sectors_match_readiness(self):
        """The sector keys are the ones the readiness rubric uses."""
        from ikmkit.readiness import SECTORS

        assert standards.SECTORS == SECTORS

    def test_catalogue_is_cached_and_equal_to_a_fresh_load(self):
        """catalogue() returns one cached object equal to what load_catalogue() builds."""
        assert standards.catalogue() is standards.catalogue()
        assert standards.load_catalogue() == standards.catalogue()

    def test_get_unknown_id_gives_indonesian_error(self):
        """An unknown certificate id names itself and the valid choices."""
        with pytest.raises(StandardsError, match="'merk'.*merek"):
            standards.get("merk")

    def test_error_tree(self):
        """StandardsError belongs to the ikmkit error tree rooted at ValueError."""
        assert issubclass(StandardsError, IkmkitError)
        assert issubclass(StandardsError, ValueError)

    def test_figures_from_domain(self):
        """Batikmark: 30 working days; DJKI mark fee for UMK: Rp500k; halal regular: Rp650k."""
        assert standards.get("batikmark").duration_days == 30
        assert standards.get("batikmark").confidence == "L"
        assert standards.get("merek").cost_idr_min == 500_000
        assert standards.get("halal").cost_idr_max == 650_000
        assert "Rp500.000" in standards.get("merek").cost_text
        assert "cek ulang" in standards.get("batikmark").cost_text

    def test_prerequisites_from_domain(self):
        """Batikmark needs merek + NIB; halal needs NIB; Madrid needs an Indonesian mark."""
        assert {"merek", "nib"} <= set(standards.get("batikmark").prerequisites)
        assert "nib" in standards.get("halal").prerequisites
        assert "merek" in standards.get("merek_madrid").prerequisites


# --------------------------------------------------------------------------- requirements


class TestRequirements:
    def test_food_default_home_industry_needs_nib_pirt_halal(self):
        """A home-made packaged food needs NIB, PIRT and halal, not BPOM MD."""
        required = ids(standards.required_certifications("makanan-minuman"))
        assert set(required) == {"nib", "pirt", "halal"}

    @pytest.mark.parametrize(
        "flag",
        [
            {"home_industry": False},
            {"automatic_equipment": True},
            {"heat_treated": True},
            {"frozen": True},
        ],
    )
    def test_food_outside_pirt_conditions_needs_bpom_md(self, flag):
        """Outside the home, automatic equipment, UHT/pasteurised or frozen: BPOM MD, no PIRT."""
        required = ids(standards.required_certifications("makanan-minuman", **flag))
        assert "bpom_md" in required
        assert "pirt" not in required
        assert {"nib", "halal"} <= set(required)

    @pytest.mark.parametrize("flag", [{"shelf_life_days": 6}, {"ready_to_eat": True}])
    def test_food_exempt_from_izin_edar(self, flag):
        """Shelf life under 7 days, or ready-to-eat: neither PIRT nor BPOM MD."""
        required = ids(standards.required_certifications("makanan-minuman", **flag))
        assert "pirt" not in required and "bpom_md" not in required
        assert {"nib", "halal"} <= set(required)

    @pytest.mark.parametrize("days", [7, 8])
    def test_food_shelf_life_of_seven_days_or_more_needs_pirt(self, days):
        """Only a shelf life under 7 days is exempt ("kurang dari 7 hari"); 7 days is not."""
        assert "pirt" in ids(
            standards.required_certifications("makanan-minuman", shelf_life_days=days)
        )

    def test_mandatory_sni_food_needs_bpom_md_not_pirt(self):
        """Food under a mandatory SNI is excluded from SPP-IRT (Peraturan BPOM 4/2024): MD."""
        required = ids(
            standards.required_certifications("makanan-minuman", sni_wajib_product=True)
        )
        assert "bpom_md" in required and "pirt" not in required
        assert {"nib", "sppt_sni", "halal"} <= set(required)

    @pytest.mark.parametrize("flag", ["chilled", "claims", "special_dietary", "alcoholic"])
    def test_other_spp_irt_exclusions_need_bpom_md(self, flag):
        """Chilled food, claims, special dietary food and alcoholic drinks cannot use SPP-IRT."""
        required = ids(standards.required_certifications("makanan-minuman", **{flag: True}))
        assert "bpom_md" in required and "pirt" not in required

    def test_pirt_legal_basis_is_the_2024_rule(self):
        """SPP-IRT cites Peraturan BPOM 4/2024 and BPOM MD cites Peraturan BPOM 23/2023."""
        assert "Peraturan BPOM 4/2024" in standards.get("pirt").legal_basis
        assert "Peraturan BPOM 23/2023" in standards.get("bpom_md").legal_basis

    def test_sppt_sni_for_mandatory_sni_needs_an_appointed_lspro_and_a_trademark(self):
        """Mandatory SNI: the LSPro must be accredited and appointed; a mark filing first."""
        sni = standards.get("sppt_sni")
        assert "ditunjuk" in sni.issuer and "Permenperin 45/2022" in sni.legal_basis
        assert "merek" in sni.prerequisites
        assert "tipe 1b" in sni.purpose and "tanpa audit sistem mutu" in sni.purpose

    def test_batikmark_needs_a_mark_filing_not_a_prior_test(self):
        """BBSPJIKB samples and tests during the batikmark process; no separate test first."""
        assert "uji_produk" not in standards.get("batikmark").prerequisites
        assert "bukti pendaftaran merek" in standards.get("batikmark").status("batik").condition

    def test_bpjph_is_not_under_kemenag(self):
        """BPJPH is a non-ministerial agency under the President (Perpres 153/2024)."""
        issuer = standards.get("halal").issuer
        assert "Kemenag" not in issuer and "Perpres 153/2024" in issuer

    def test_gtin_rule_is_not_every_small_change(self):
        """GS1: a new GTIN for net-content change or > 20 % size/weight change."""
        purpose = standards.get("gs1_barcode").purpose
        assert "20 %" in purpose and "perubahan kecil kemasan, butuh nomor baru" not in purpose

    def test_food_export_certificate_is_in_the_catalogue(self):
        """BPOM's export certificate (SKE) is recommended for food exports, not domestic."""
        export = ids(standards.recommended_certifications("makanan-minuman", market="Uni Eropa"))
        domestic = ids(standards.recommended_certifications("makanan-minuman", market="domestik"))
        assert "ske_bpom" in export and "ske_bpom" not in domestic

    @given(
        home=st.booleans(),
        auto=st.booleans(),
        heat=st.booleans(),
        frozen=st.booleans(),
        rte=st.booleans(),
        shelf=st.one_of(st.none(), st.integers(min_value=0, max_value=3650)),
    )
    def test_food_exactly_one_izin_edar_unless_exempt(self, home, auto, heat, frozen, rte, shelf):
        """PIRT and BPOM MD never both apply; one applies unless the product is exempt."""
        required = ids(
            standards.required_certifications(
                "makanan-minuman",
                home_industry=home,
                automatic_equipment=auto,
                heat_treated=heat,
                frozen=frozen,
                ready_to_eat=rte,
                shelf_life_days=shelf,
            )
        )
        n_permits = ("pirt" in required) + ("bpom_md" in required)
        exempt = rte or (shelf is not None and shelf <= 7)
        assert n_permits == (0 if exempt else 1)

    def test_halal_reason_is_computed_from_the_register_dates(self):
        """The halal reason says whether the micro/small deadline has passed on the given day."""

        def reason(day):
            (halal,) = [
                r for r in standards.required_certifications("makanan-minuman", today=day)
                if r.cert_id == "halal"
            ]
            assert halal.mandatory
            return halal.reason

        before = reason(dt.date(2026, 9, 1))
        after = reason(dt.date(2026, 12, 3))
        assert "usaha mikro dan kecil (PP 42/2024) berlaku mulai 18 Oktober 2026" in before
        assert "usaha mikro dan kecil (PP 42/2024) sudah berlaku sejak 18 Oktober 2026" in after
        assert "{tenggat" not in after

    @pytest.mark.parametrize("sector", ["konveksi", "bordir", "batik"])
    def test_baby_clothes_need_sppt_sni_for_sni_7617(self, sector):
        """Baby clothes make SPPT-SNI mandatory, citing SNI 7617; otherwise it is voluntary."""
        with_baby = standards.required_certifications(sector, baby_clothes=True)
        (sni,) = [r for r in with_baby if r.cert_id == "sppt_sni"]
        assert "SNI 7617" in sni.reason
        assert "sppt_sni" not in ids(standards.required_certifications(sector))
        assert "sppt_sni" in ids(standards.recommended_certifications(sector))

    def test_batikmark_is_voluntary_for_batik_only(self):
        """Batikmark is recommended (never required) for batik and absent for other sectors."""
        assert "batikmark" not in ids(standards.required_certifications("batik"))
        (bm,) = [
            r for r in standards.recommended_certifications("batik") if r.cert_id == "batikmark"
        ]
        assert not bm.mandatory and bm.level == "sukarela"
        for sector in ("konveksi", "bordir", "makanan-minuman"):
            assert "batikmark" not in ids(standards.recommended_certifications(sector))

    def test_halal_for_clothing_only_with_animal_material(self):
        """Halal is mandatory for sandang only when it contains animal-derived material."""
        assert "halal" not in ids(standards.required_certifications("konveksi"))
        assert "halal" in ids(standards.required_certifications("konveksi", animal_material=True))

    def test_pirt_not_recommended_when_bpom_md_applies(self):
        """A 'tidak-perlu' fallback is neither required nor recommended."""
        rec = ids(standards.recommended_certifications("makanan-minuman", frozen=True))
        assert "pirt" not in rec and "bpom_md" not in rec

    @pytest.mark.parametrize(
        "sector,flags",
        list(
            itertools.product(
                standards.SECTORS,
                [{}, {"baby_clothes": True, "animal_material": True}, {"home_industry": False}],
            )
        ),
    )
    def test_required_and_recommended_are_disjoint(self, sector, flags):
        """A certificate is either required or recommended, never both."""
        req = ids(standards.required_certifications(sector, **flags))
        rec = ids(standards.recommended_certifications(sector, **flags))
        assert not set(req) & set(rec)
        assert "nib" in req
        assert all(r.reason for r in standards.required_certifications(sector, **flags))

    def test_market_filter(self):
        """Filtering by market keeps only certificates that help that market."""
        eu = ids(standards.recommended_certifications("makanan-minuman", market="Uni Eropa"))
        assert "haccp" in eu
        assert "sni_bina_umk" not in eu
        assert (
            ids(standards.recommended_certifications("makanan-minuman", market="uni eropa")) == eu
        )

    def test_unknown_sector(self):
        """An unknown sector is named in the error."""
        with pytest.raises(StandardsError, match="'sector'.*'tenun'"):
            standards.required_certifications("tenun")

    def test_bad_flag_value(self):
        """Flag values are checked: a negative shelf life is refused."""
        with pytest.raises(StandardsError, match="'shelf_life_days'.*-3"):
            standards.required_certifications("makanan-minuman", shelf_life_days=-3)
        with pytest.raises(StandardsError, match="'frozen'"):
            standards.required_certifications("makanan-minuman", frozen="ya")


# --------------------------------------------------------------------------- roadmap


def _assert_prerequisites_first(steps, held=()):
    position = {s.cert_id: s.order for s in steps}
    for s in steps:
        for pre in s.certification.prerequisites:
            if pre in held:
                continue
            assert pre in position, (s.cert_id, pre)
            assert position[pre] < s.order, (pre, s.cert_id)


class TestRoadmap:
    @pytest.mark.parametrize(
        "sector,market", list(itertools.product(standards.SECTORS, standards.MARKETS))
    )
    def test_prerequisites_first_then_mandatory_first(self, sector, market):
        """Every prerequisite comes before its certificate; all mandatory steps come first."""
        steps = standards.roadmap(sector, target_market=market, baby_clothes=True)
        assert [s.order for s in steps] == list(range(1, len(steps) + 1))
        _assert_prerequisites_first(steps)
        flags = [s.mandatory for s in steps]
        assert flags == sorted(flags, reverse=True)
        assert steps[0].cert_id == "nib"

    def test_held_certificates_are_skipped(self):
        """Held certificates are left out and count as met prerequisites."""
        held = ["nib", "merek"]
        steps = standards.roadmap("batik", held=held, target_market="ASEAN")
        got = [s.cert_id for s in steps]
        assert "nib" not in got and "merek" not in got
        assert "batikmark" in got
        _assert_prerequisites_first(steps, held=held)

    def test_batik_roadmap_orders_batikmark_after_merek(self):
        """Batikmark comes after merek (a filing is enough) and points to BBSPJIKB."""
        steps = {s.cert_id: s for s in standards.roadmap("batik", target_market="Jepang")}
        bm = steps["batikmark"]
        assert steps["merek"].order < bm.order
        assert "BBSPJIKB" in bm.office
        assert bm.duration.startswith("30 hari kerja")
        assert not bm.mandatory

    def test_voluntary_steps_follow_the_sector_priority(self):
        """A small IKM's plan starts with what buyers ask first; ISO 9001 and voluntary
        SPPT-SNI or halal for cloth come last (no "ISO 9001 first" for a batik workshop)."""
        batik = [s.cert_id for s in standards.roadmap("batik", held=["nib"])]
        assert batik[:2] == ["merek", "batikmark"]
        assert batik.index("iso_9001") > batik.index("uji_produk")
        assert batik[-2:] == ["sppt_sni", "halal"]
        food = [s.cert_id for s in standards.roadmap("makanan-minuman", held=["nib"],
                                                     target_market="Uni Eropa")]
        assert food.index("haccp") < food.index("iso_22000") < food.index("iso_9001")

    def test_priority_must_be_1_to_9(self, tmp_path):
        """A priority outside 1..9 is refused, naming the field."""
        text = Path(standards.catalogue().path).read_text(encoding="utf-8")
        bad = tmp_path / "katalog.toml"
        bad.write_text(text.replace("priority = 7", "priority = 12", 1), encoding="utf-8")
        with pytest.raises(StandardsError, match="priority"):
            standards.load_catalogue(bad)

    def test_food_roadmap_uses_product_flags(self):
        """Product flags change the roadmap: frozen food gets BPOM MD instead of PIRT."""
        got = [s.cert_id for s in standards.roadmap("makanan-minuman", frozen=True)]
        assert "bpom_md" in got and "pirt" not in got

    def test_target_market_none_includes_every_recommendation(self):
        """Without a target market every applicable voluntary certificate is planned."""
        got = {s.cert_id for s in standards.roadmap("makanan-minuman", target_market=None)}
        rec = set(ids(standards.recommended_certifications("makanan-minuman")))
        assert rec <= got

    def test_bad_inputs(self):
        """Unknown held ids, markets and product flags give clear errors."""
        with pytest.raises(StandardsError, match="'held'.*'sni'"):
            standards.roadmap("batik", held=["sni"])
        with pytest.raises(StandardsError, match="'target_market'.*'Mars'"):
            standards.roadmap("batik", target_market="Mars")
        with pytest.raises(StandardsError, match="'bayi'"):
            standards.roadmap("konveksi", bayi=True)

    def test_roadmap_table(self):
        """The table has Indonesian columns and one row per step."""
        steps = standards.roadmap("konveksi", baby_clothes=True)
        df = standards.roadmap_table("konveksi", baby_clothes=True)
        assert list(df.columns) == [
            "Sertifikat",
            "Status",
            "Alasan",
            "Tempat mengurus",
            "Perkiraan waktu",
            "Perkiraan biaya",
            "Modul",
        ]
        assert df.index.name == "Urutan"
        assert len(df) == len(steps)
        assert set(df["Status"]) == {"Wajib", "Sukarela"}
        sni_row = df[df["Sertifikat"].str.startswith("SPPT-SNI")].iloc[0]
        assert sni_row["Status"] == "Wajib"
        assert sni_row["Modul"] == MODULES["01"]


# --------------------------------------------------------------------------- custom catalogues


def _entry(cert_id, *, prerequisites=(), level="sukarela", duration=None, markets='["semua"]'):
    pre = ", ".join(f'"{p}"' for p in prerequisites)
    lines = [
        f"[{cert_id}]",
        f'name = "Sertifikat {cert_id}"',
        'purpose = "tujuan"',
        'issuer = "penerbit"',
        'office = "kantor"',
        'legal_basis = "UU 1/2000"',
        'source = "sumber"',
        'benefit = "manfaat"',
        'module = "01"',
        f"markets = {markets}",
        f"prerequisites = [{pre}]",
    ]
    if duration is not None:
        lines.append(f"duration_days = {duration}")
    lines += [f"[{cert_id}.status.batik]", f'level = "{level}"', 'condition = "alasan"', ""]
    return "\n".join(lines)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "katalog.toml"
    path.write_text("schema = 1\n" + text, encoding="utf-8")
    return path


class TestCustomCatalogue:
    def test_pulled_in_prerequisite_gets_a_reason_and_mandatory_priority(self, tmp_path):
        """A prerequisite of a mandatory certificate is planned first, with the reason why."""
        text = (
            _entry("izin", level="wajib", prerequisites=["dasar"])
            + _entry("dasar", markets='["Jepang"]')
            + _entry("lain")
        )
        cat = standards.load_catalogue(_write(tmp_path, text))
        steps = standards.roadmap("batik", target_market="ASEAN", catalogue=cat)
        assert [s.cert_id for s in steps] == ["dasar", "izin", "lain"]
        assert steps[0].mandatory
        assert "Prasyarat untuk: Sertifikat izin" in steps[0].reason

    def test_voluntary_steps_by_duration_unknown_last(self, tmp_path):
        """Among voluntary steps the shortest known duration comes first, unknown ones last."""
        text = _entry("tanpa_data") + _entry("lama", duration=30) + _entry("cepat", duration=5)
        cat = standards.load_catalogue(_write(tmp_path, text))
        steps = standards.roadmap("batik", catalogue=cat)
        assert [s.cert_id for s in steps] == ["cepat", "lama", "tanpa_data"]

    def test_required_from_custom_catalogue(self, tmp_path):
        """required_certifications reads the catalogue it is given."""
        cat = standards.load_catalogue(_write(tmp_path, _entry("izin", level="wajib")))
        assert ids(standards.required_certifications("batik", catalogue=cat)) == ["izin"]
        assert standards.required_certifications("konveksi", catalogue=cat) == []


BAD_CATALOGUES = {
    "unknown sector": (
        _entry("a").replace("[a.status.batik]", "[a.status.tenun]"),
        ["a: 'status'", "'tenun'"],
    ),
    "missing source": (_entry("a").replace('source = "sumber"\n', ""), ["a: 'source'"]),
    "empty source": (_entry("a").replace('source = "sumber"', 'source = " "'), ["a: 'source'"]),
    "unknown prerequisite": (
        _entry("a", prerequisites=["merk"]),
        ["a: 'prerequisites'", "'merk'"],
    ),
    "cycle": (
        _entry("a", prerequisites=["b"]) + _entry("b", prerequisites=["a"]),
        ["lingkaran", "a -> b -> a"],
    ),
    "self prerequisite": (_entry("a", prerequisites=["a"]), ["a: 'prerequisites'", "'a'"]),
    "bad level": (_entry("a", level="perlu"), ["a.status.batik: 'level'", "'perlu'"]),
    "misspelt field": (
        _entry("a").replace('source = "sumber"', 'source = "s"\nsorce = "x"'),
        ["a: 'sorce'"],
    ),
    "bad market": (_entry("a", markets='["Mars"]'), ["a: 'markets'", "'Mars'"]),
    "bad module": (
        _entry("a").replace('module = "01"', 'module = "standardisasi"'),
        ["a: 'module'", "'standardisasi'"],
    ),
    "negative duration": (_entry("a", duration=-1), ["a: 'duration_days'", "-1"]),
    "conditional without otherwise": (
        _entry("a", level="wajib-bersyarat") + 'when_all = ["baby_clothes"]\n',
        ["a.status.batik: 'otherwise'"],
    ),
    "conditional without condition": (
        _entry("a", level="wajib-bersyarat") + 'otherwise = "tidak-perlu"\n',
        ["a.status.batik: 'when_all'"],
    ),
    "unknown product flag": (
        _entry("a") + 'when_all = ["baju_bayi"]\n',
        ["a.status.batik: 'when_all'", "'baju_bayi'"],
    ),
    "not toml": ("[a\nname = ", ["bukan TOML"]),
}


@pytest.mark.parametrize("case", sorted(BAD_CATALOGUES))
def test_invalid_catalogue_errors_name_file_field_and_value(tmp_path, case):
    """Each broken catalogue gives a StandardsError naming the file, the entry, the field and
    the value, in the shape every ikmkit data file uses (``file: entry: 'field' rule: value``)."""
    text, expected = BAD_CATALOGUES[case]
    path = _write(tmp_path, text)
    with pytest.raises(StandardsError) as info:
        standards.load_catalogue(path)
    message = str(info.value)
    assert str(path) in message
    for part in expected:
        assert part in message, (part, message)


def test_missing_catalogue_file(tmp_path):
    """A missing file is reported with its path."""
    with pytest.raises(StandardsError, match="tidak ditemukan"):
        standards.load_catalogue(tmp_path / "tidak-ada.toml")


# --------------------------------------------------------------------------- GTIN


def _mod10(body: str) -> str:
    """Independent GS1 mod-10 (DOMAIN.md §2): weights 3,1,... from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


twelve_digits = st.text(alphabet="0123456789", min_size=12, max_size=12)


class TestGtin:
    @pytest.mark.parametrize("body,check", [("890400021003", "7"), ("899552200001", "5")])
    def test_worked_examples(self, body, check):
        """The GS1 India example and the course example from DOMAIN.md."""
        assert standards.gtin_check_digit(body) == check
        assert standards.is_valid_gtin(body + check)

    @given(twelve_digits)
    def test_computed_check_digit_makes_a_valid_gtin(self, body):
        """Any 12 digits plus the computed check digit form a valid GTIN-13."""
        check = standards.gtin_check_digit(body)
        assert check == _mod10(body)
        assert standards.is_valid_gtin(body + check)
        assert standards.validate_gtin(body + check) == body + check

    @given(twelve_digits, st.integers(0, 12), st.integers(1, 9))
    def test_changing_one_digit_makes_it_invalid(self, body, position, shift):
        """A single changed digit (check digit included) is always detected."""
        code = body + standards.gtin_check_digit(body)
        changed = code[:position] + str((int(code[position]) + shift) % 10) + code[position + 1 :]
        assert not standards.is_valid_gtin(changed)
        with pytest.raises(StandardsError):
            standards.validate_gtin(changed)

    def test_validate_gtin_messages(self):
        """validate_gtin explains what is wrong, in Indonesian."""
        with pytest.raises(StandardsError, match="seharusnya 5"):
            standards.validate_gtin("8995522000016")
        with pytest.raises(StandardsError, match="hanya boleh berisi angka"):
            standards.validate_gtin("89955220000A5")
        with pytest.raises(StandardsError, match="8, 12, 13 atau 14 angka"):
            standards.validate_gtin("8995522000")
        with pytest.raises(StandardsError, match="harus teks"):
            standards.validate_gtin(8995522000015)

    def test_check_digit_input_errors(self):
        """gtin_check_digit refuses wrong lengths, letters and non-text."""
        with pytest.raises(StandardsError, match="12 angka"):
            standards.gtin_check_digit("8995522000")
        with pytest.raises(StandardsError, match="hanya boleh berisi angka"):
            standards.gtin_check_digit("89955220000X")
        with pytest.raises(StandardsError, match="harus teks"):
            standards.gtin_check_digit(899552200001)

    def test_is_indonesian_gs1(self):
        """Only valid GTINs with prefix 899 count as GS1 Indonesia numbers."""
        assert standards.is_indonesian_gs1("8995522000015")
        assert standards.is_indonesian_gs1("899-5522-00001-5")
        assert not standards.is_indonesian_gs1("8904000210037")
        assert not standards.is_indonesian_gs1("8995522000016")
        body14 = "1899552200001"
        assert standards.is_indonesian_gs1(body14 + standards.gtin_check_digit(body14))
        assert not standards.is_indonesian_gs1(None)


class TestLessonHelpers:
    """Helpers that keep pandas and English flag names out of the module 01 lessons."""

    def test_indonesian_flag_names_mean_the_same(self):
        """beku=True is frozen=True; an unknown Indonesian name is named in the error."""
        assert standards.ProductFlags.from_kwargs({"beku": True}) == \
            standards.ProductFlags(frozen=True)
        with pytest.raises(StandardsError, match="beku"):
            standards.ProductFlags.from_kwargs({"bekuu": True})
        with pytest.raises(StandardsError, match="ganda"):
            standards.ProductFlags.from_kwargs({"beku": True, "frozen": False})

    @pytest.mark.parametrize(("flags", "permit"), [
        ({}, "PIRT"), ({"beku": True}, "BPOM MD"), ({"mesin_otomatis": True}, "BPOM MD"),
        ({"pasteurisasi_uht": True}, "BPOM MD"), ({"produksi_rumahan": False}, "BPOM MD"),
        ({"wajib_sni": True}, "BPOM MD"), ({"masa_simpan_hari": 3}, "tanpa izin edar"),
        ({"siap_saji": True}, "tanpa izin edar")])
    def test_food_permit_follows_the_catalogue(self, flags, permit):
        """food_permit reads required_certifications: PIRT, BPOM MD or no permit."""
        assert standards.food_permit(**flags) == permit

    def test_gtin_numbers_are_valid_and_one_per_variant(self):
        """Every number is a valid Indonesian GTIN-13; items count up."""
        table = standards.gtin_numbers("5522", ["a", "b", "c"], first_item=7)
        assert table["GTIN-13"].map(standards.is_valid_gtin).all()
        assert table["GTIN-13"].str.startswith("8995522").all()
        assert table["GTIN-13"].str[7:12].tolist() == ["00007", "00008", "00009"]
        with pytest.raises(StandardsError):
            standards.gtin_numbers("55x2", ["a"])

    def test_sni_7617_report(self):
        """Formaldehyde must stay below 20; metals at most their limit; azo is a failure."""
        ok = standards.sni_7617_report(formaldehida=19.9, kadmium=0.1, tembaga=25, timbal=0.2,
                                       nikel=1.0)
        assert (ok["Memenuhi"] == "ya").all()
        bad = standards.sni_7617_report(formaldehida=20, kadmium=0, tembaga=0, timbal=0,
                                        nikel=0, azo_terlarang=True)
        assert bad.loc[bad["Memenuhi"] == "TIDAK", "Parameter"].tolist() == [
            "formaldehida", "zat warna azo terlarang"]
        with pytest.raises(StandardsError, match="belum diisi: nikel"):
            standards.sni_7617_report(formaldehida=0, kadmium=0, tembaga=0, timbal=0)
        with pytest.raises(StandardsError, match="'timbal'"):
            standards.sni_7617_report(formaldehida=0, kadmium=0, tembaga=0, timbal=-1, nikel=0)

    def test_catalogue_and_status_tables(self):
        """One row per certificate; statuses per sector in Indonesian."""
        assert len(standards.catalogue_table()) == len(standards.catalogue())
        status = standards.status_table()
        assert list(status.columns) == list(standards.SECTORS)
        assert set(status.to_numpy().ravel()) <= {*standards.LEVELS, "-"}
