"""ikmkit: curriculum and assessment kit for an IKM export incubator.

Modules: :mod:`ikmkit.readiness` (export-readiness rubric and scoring),
:mod:`ikmkit.costing` (HPP, break-even, export price build-up, ATIGA RVC),
:mod:`ikmkit.packaging` (CBM, container loading, chargeable weight, carton strength,
label checklists), :mod:`ikmkit.standards` (certification catalogue, roadmap, GTIN),
:mod:`ikmkit.markets` (target-market ranking), :mod:`ikmkit.quotation` (English quotation
and pro forma invoice), :mod:`ikmkit.finance` (order financing, instalments, payment
terms), :mod:`ikmkit.widgets` (the notebooks' tools); the wings :mod:`ikmkit.grading` (the
trainer's nbgrader pipeline) and :mod:`ikmkit.cohort` (tracking, reports and the dashboard
for the incubator and the bank); and the ``ikmkit`` command.
"""

from __future__ import annotations

from ikmkit.errors import IkmkitError

__all__ = ["IkmkitError", "__version__"]
__version__ = "0.1.0"
