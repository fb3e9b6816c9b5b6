"""Interactive tools (ipywidgets) for the curriculum notebooks, in Bahasa Indonesia.

Eight tools, each a small class built on the calculators of the package, so a notebook only
writes one line (``SelfAssessment(sector="batik")``) and the logic stays tested here:

* :class:`SelfAssessment`: the export-readiness self-assessment (:mod:`ikmkit.readiness`):
  one control per rubric indicator, grouped by dimension; live total, level, a radar chart of
  the dimensions, blockers and next steps; "Simpan profil" writes ``profil_ikm.json``.
* :class:`PriceBuildUp`: EXW → FOB → CFR → CIF in rupiah and US dollars
  (:func:`ikmkit.costing.export_price`).
* :class:`ContainerPlanner`: cartons per container, utilisation and the limiting factor
  (:func:`ikmkit.packaging.cartons_per_container`).
* :class:`LabelChecklist`: tick the elements on a label, see what is missing and its source
  (:func:`ikmkit.packaging.check_food_label`, :func:`ikmkit.packaging.check_textile_label`).
* :class:`CertificationRoadmap`: sector, certificates held and product facts → an ordered plan
  (:func:`ikmkit.standards.roadmap_table`).
* :class:`BusinessProfile`: who the participant's own business is (name, sector, product,
  output, price): the "bisnis" section of the "Usaha saya" file (:mod:`ikmkit.usaha`).
* :class:`ActionPlan`: three steps for the next 90 days, from one's own next steps (kept in
  the "kesiapan" section).

The "Usaha saya" worksheets chain them: ``BusinessProfile.from_usaha()`` and
``SelfAssessment.from_usaha()`` in module 00, ``CertificationRoadmap.from_usaha()`` in
module 01, the saved self-assessment and ``ActionPlan.from_usaha()`` in module 02; each
"Simpan" writes its section of ``usaha_saya.json``, so nobody types the same data twice.

The "Usaha saya" worksheets (the participant's own business, one file ``usaha_saya.json``, see
:mod:`ikmkit.usaha`) add five tools, and every tool of modules 03-06 builds from that file with
``Tool.from_usaha()`` and saves back with its "Simpan ke Usaha saya" button:

* :class:`ShipmentPlanner`: one order's cartons, m³, weight, LCL W/M and air/courier
  chargeable weight (:func:`ikmkit.packaging.plan_shipment`);
* :class:`CostSheet`: a month's costs → HPP, fixed and variable costs, break-even
  (:func:`ikmkit.costing.cost_summary`);
* :class:`MarketChooser`: candidate markets ranked with one's own weights
  (:func:`ikmkit.markets.rank`);
* :class:`QuotationForm`: an English quotation from one's own price (:mod:`ikmkit.quotation`);
* :class:`OrderFinancing`: one order's financing need under each payment term
  (:func:`ikmkit.finance.compare_terms`).

Every tool has ``.widget`` (the ipywidgets container shown in JupyterLab; the object itself
displays as that widget), ``.controls`` (a dict of input widgets by key) and output widgets
(``.summary`` and others, plain :class:`ipywidgets.HTML`), plus ``.result`` with the latest
computed value. So a tool can be driven and checked from Python without a browser:

>>> tool = SelfAssessment(sector="batik", business="Batik Sekar Gedog")
>>> tool.controls["punya_nib"].value = True
>>> before = tool.result.total
>>> tool.controls["merek_terdaftar"].value = True
>>> tool.result.total > before
True
>>> tool.controls["punya_nib"].value = False
>>> tool.result.level.name, "NIB" in tool.blockers.value
('Pra-ekspor', True)

>>> zero = dict.fromkeys(["export_packing", "bank_charges", "margin", "inland_transport",
...                       "port_and_handling", "documents", "freight_usd"], 0)
>>> price = PriceBuildUp(hpp=16_000_000, kurs=16_000, units=100, insurance_rate_pct=0, **zero)
>>> price.result.cif, price.result_usd.cif
(Decimal('16000000.00'), Decimal('1000.00'))
>>> price.controls["insurance_rate_pct"].value = 0.5
>>> price.result_usd.cif, price.result_usd.insurance
(Decimal('1005.53'), Decimal('5.53'))

>>> planner = ContainerPlanner(carton_cm=(60, 40, 30), carton_kg=12, container="20GP")
>>> planner.result.count, planner.result.limited_by
(336, 'volume')

>>> label = LabelChecklist(kind="pangan", market="ID")
>>> label.result.ok
False
>>> for key in label.controls:
...     label.controls[key].value = True
>>> label.result.ok
True

>>> plan = CertificationRoadmap(sector="konveksi", held=["nib"], baby_clothes=True)
>>> [step.cert_id for step in plan.result][:2]
['merek', 'sppt_sni']
"""

from __future__ import annotations

from ikmkit.widgets.business import BusinessProfile
from ikmkit.widgets.container import ContainerPlanner
from ikmkit.widgets.costs import CostSheet
from ikmkit.widgets.financing import OrderFinancing
from ikmkit.widgets.labels import LabelChecklist
from ikmkit.widgets.markets import MarketChooser
from ikmkit.widgets.plan import ActionPlan
from ikmkit.widgets.price import PriceBuildUp
from ikmkit.widgets.quotation_form import QuotationForm
from ikmkit.widgets.roadmap import CertificationRoadmap
from ikmkit.widgets.self_assessment import SelfAssessment
from ikmkit.widgets.shipment import ShipmentPlanner

__all__ = [
    "ActionPlan",
    "BusinessProfile",
    "CertificationRoadmap",
    "ContainerPlanner",
    "CostSheet",
    "LabelChecklist",
    "MarketChooser",
    "OrderFinancing",
    "PriceBuildUp",
    "QuotationForm",
    "SelfAssessment",
    "ShipmentPlanner",
]
