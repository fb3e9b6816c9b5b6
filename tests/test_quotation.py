"""Tests for ikmkit.quotation: totals, Incoterm, currency, validity, HTML and XLSX output."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikmkit import costing, quotation
from ikmkit.quotation import BankDetails, LineItem, Party, QuotationError

SELLER = Party("Bordir Melati Bangil", "Jl. Melati 5, Bangil, Pasuruan", "Indonesia",
               email="melati@example.id")
BUYER = Party("Johor Modest Wear Sdn Bhd", "12 Jalan Wong Ah Fook, Johor Bahru", "Malaysia",
              contact="Pn. Aisyah")
ITEMS = [LineItem("Embroidered mukena, cotton, white", 300, "11.75", hs_code="6211.42"),
         LineItem("Embroidered mukena, cotton, pastel", 200, Decimal("12.10"),
                  hs_code="6211.42")]
BANK = BankDetails("Bank Mitra Jatim", "CV Bordir Melati", "0123456789", "bmjt id ja",
                   branch="Bangil")


def _quote(**over):
    args = {"seller": SELLER, "buyer": BUYER, "items": ITEMS, "incoterm": "FOB",
            "place": "Tanjung Perak, Surabaya", "currency": "USD", "number": "Q-0007",
            "issue_date": dt.date(2026, 11, 20), "valid_days": 14,
            "payment_terms": "30 % T/T deposit, 70 % T/T before shipment",
            "lead_time_days": 40, "moq": 200}
    args.update(over)
    return quotation.make_quotation(**args)


class TestDocument:
    def test_totals_by_hand(self):
        """300 × 11.75 = 3,525.00; 200 × 12.10 = 2,420.00; total 5,945.00."""
        doc = _quote()
        assert doc.amounts == (Decimal("3525.00"), Decimal("2420.00"))
        assert doc.total == Decimal("5945.00") and doc.total_quantity == 500

    def test_validity_and_incoterm_text(self):
        """Valid 14 days from 20 Nov 2026 = 4 Dec 2026; Incoterm written as the ICC says."""
        doc = _quote()
        assert doc.valid_until == dt.date(2026, 12, 4)
        assert doc.incoterm_text == "FOB Tanjung Perak, Surabaya, Incoterms 2020"

    def test_lower_case_incoterm_and_currency_accepted(self):
        """'fca' and 'usd' are normalised."""
        doc = _quote(incoterm="fca", currency="usd", place="CFS Tanjung Perak, Surabaya")
        assert (doc.incoterm, doc.currency) == ("FCA", "USD")

    def test_whole_unit_currencies(self):
        """JPY amounts have no decimals."""
        doc = _quote(currency="JPY", items=[LineItem("Batik cloth", 3, "1999.5")])
        assert doc.total == Decimal("5999") and str(doc.total) == "5999"

    @given(st.lists(st.tuples(st.integers(1, 10**6), st.decimals(Decimal("0.01"), 10**4,
                                                                 places=3)),
                    min_size=1, max_size=6))
    def test_total_is_the_sum_of_rounded_lines(self, lines):
        """The total equals the sum of the line amounts, each to the cent."""
        items = [LineItem(f"item {i}", q, p) for i, (q, p) in enumerate(lines)]
        doc = _quote(items=items)
        expected = sum((Decimal(q) * p).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
                       for q, p in lines)
        assert doc.total == expected

    def test_default_number_and_date(self):
        """Without a number the document gets Q-<date> / PI-<date>; date defaults to today."""
        doc = _quote(number="", issue_date=None)
        assert doc.issue_date == dt.date.today() and doc.number.startswith("Q-")
        pi = quotation.make_proforma(seller=SELLER, buyer=BUYER, items=ITEMS, incoterm="CIF",
                                     place="Pasir Gudang", payment_terms="T/T in advance")
        assert pi.number.startswith("PI-") and pi.title == "Proforma Invoice"


class TestPriceFromCosting:
    def test_stage_per_incoterm(self):
        """EXW/FOB/CFR/CIF prices per unit come from the matching stage of the build-up."""
        build = costing.export_price(7_000, inland_transport=150, port_and_handling=180,
                                     documents=70, freight=320, insurance_rate="0.0035")
        units = 500
        assert quotation.unit_price_from(build, units, "EXW") == Decimal("14.00")
        assert quotation.unit_price_from(build, units, "FOB") == Decimal("14.80")
        assert quotation.unit_price_from(build, units, "FCA") == Decimal("14.80")
        assert quotation.unit_price_from(build, units, "CFR") == Decimal("15.44")
        assert quotation.unit_price_from(build, units, "CIF") == (build.cif / units).quantize(
            Decimal("0.01"), rounding="ROUND_HALF_UP")

    @pytest.mark.parametrize(("args", "match"), [
        ((None, 10, "FOB"), "costing.export_price"),
        ((costing.export_price(10), 0, "FOB"), "'units'"),
        ((costing.export_price(10), 10, "DAP"), "harga untuk DAP tidak ada"),
    ])
    def test_bad_arguments(self, args, match):
        """Wrong build-up, zero units or a delivered term without destination costs."""
        with pytest.raises(QuotationError, match=match):
            quotation.unit_price_from(*args)


class TestValidation:
    @pytest.mark.parametrize(("over", "match"), [
        ({"incoterm": "FOB Surabaya"}, "aturan Incoterms 2020"),
        ({"incoterm": "DAT"}, "aturan Incoterms 2020"),  # replaced by DPU in 2020
        ({"currency": "RP"}, "'currency' harus salah satu"),
        ({"valid_days": 0}, "'valid_days'"),
        ({"valid_days": True}, "'valid_days'"),
        ({"items": []}, "minimal satu LineItem"),
        ({"items": ITEMS[0]}, "daftar LineItem"),
        ({"place": " "}, "'place' tidak boleh kosong"),
        ({"issue_date": "2026-11-20"}, "'issue_date' harus tanggal"),
        ({"lead_time_days": -3}, "'lead_time_days'"),
        ({"moq": 0}, "'moq'"),
    ])
    def test_bad_documents(self, over, match):
        """Every documented rule gives an Indonesian message naming the field."""
        with pytest.raises(QuotationError, match=match):
            _quote(**over)

    @pytest.mark.parametrize(("args", "match"), [
        (("", 1, "1"), "'description' tidak boleh kosong"),
        (("x", 0, "1"), "'quantity'"),
        (("x", 1.5, "1"), "'quantity'"),
        (("x", 1, "1,50"), "pakai titik untuk desimal"),
        (("x", 1, "-2"), "'unit_price' harus lebih besar dari 0"),
        (("x", 1, float("nan")), "terhingga"),
    ])
    def test_bad_lines(self, args, match):
        """Line items check description, quantity and price."""
        with pytest.raises(QuotationError, match=match):
            LineItem(*args)

    def test_proforma_needs_payment_terms(self):
        """A pro forma invoice without payment terms is refused."""
        with pytest.raises(QuotationError, match="payment_terms"):
            quotation.make_proforma(seller=SELLER, buyer=BUYER, items=ITEMS, incoterm="FOB",
                                    place="Surabaya")

    def test_swift_is_normalised_and_checked(self):
        """SWIFT/BIC: 8 or 11 letters and digits, upper case."""
        assert BANK.swift == "BMJTIDJA"
        with pytest.raises(QuotationError, match="'swift'"):
            BankDetails("B", "N", "1", "ABC")


class TestOutput:
    def test_html_is_english_self_contained_and_escaped(self):
        """The buyer's HTML: English, no external links, print CSS, user text escaped."""
        buyer = Party("<script>alert(1)</script> Ltd", "Road 1", "Singapore")
        page = quotation.to_html(_quote(buyer=buyer))
        assert "<script>alert(1)" not in page and html.escape("<script>") in page
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
        assert "@media print" in page and "@page" in page
        assert "QUOTATION" in page and "FOB Tanjung Perak, Surabaya, Incoterms 2020" in page
        assert "USD 5,945.00" in page and "04 December 2026" in page
        assert "Penawaran" not in page and "Pembeli" not in page

    def test_participant_view_adds_indonesian_labels(self):
        """The participant's copy shows the Indonesian meaning beside the English labels."""
        page = quotation.to_html(_quote(), participant_view=True)
        assert "Buyer <span class=\"id\">(Pembeli)</span>" in page
        assert "Syarat pembayaran" in page and "Berlaku sampai" in page

    def test_proforma_prints_bank_and_no_validity(self, tmp_path):
        """A pro forma shows the bank for the T/T and no 'valid until'."""
        pi = quotation.make_proforma(seller=SELLER, buyer=BUYER, items=ITEMS, incoterm="CIF",
                                     place="Pasir Gudang, Johor", bank=BANK,
                                     payment_terms="100 % T/T in advance",
                                     issue_date=dt.date(2026, 12, 1))
        path = quotation.write_html(pi, tmp_path / "pi.html")
        page = path.read_text(encoding="utf-8")
        assert "PROFORMA INVOICE" in page and "BMJTIDJA" in page and "Valid until" not in page

    def test_xlsx_numbers_match_the_document(self, tmp_path):
        """The workbook holds the same items, amounts, total and validity as numbers."""
        doc = _quote()
        path = quotation.write_xlsx(doc, tmp_path / "sub" / "q.xlsx")
        ws = openpyxl.load_workbook(path)["Quotation"]
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0][0] == "QUOTATION"
        valid = next(r for r in rows if r[0] == "Valid until")
        assert valid[1].date() == dt.date(2026, 12, 4)
        lines = [r for r in rows if isinstance(r[0], int)]
        assert [(r[3], Decimal(str(r[6]))) for r in lines] == [
            (300, Decimal("3525")), (200, Decimal("2420"))]
        total = next(r for r in rows if isinstance(r[1], str) and r[1].startswith("Total"))
        assert Decimal(str(total[6])) == Decimal("5945") and total[5] == "USD"
        assert total[1] == "Total FOB Tanjung Perak, Surabaya, Incoterms 2020"

    def test_write_replaces_atomically(self, tmp_path):
        """Writing twice leaves one complete file and no temporary files."""
        target = tmp_path / "q.html"
        quotation.write_html(_quote(), target)
        quotation.write_html(_quote(number="Q-0008"), target)
        assert "Q-0008" in target.read_text(encoding="utf-8")
        assert [p.name for p in tmp_path.iterdir()] == ["q.html"]
