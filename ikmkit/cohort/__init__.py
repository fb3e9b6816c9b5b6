"""The incubator's and the partner bank's view of a cohort: tracking, reports, dashboard.

>>> import ikmkit.cohort as cohort
>>> "load_cohort" in cohort.__all__ and "write_report" in cohort.__all__
True

Modules: :mod:`~ikmkit.cohort.tracking` (the cohort table from profiles, sheets and the
gradebook; snapshots over time), :mod:`~ikmkit.cohort.report` (the static HTML dashboard,
report cards and the bank's workbook), :mod:`~ikmkit.cohort.dashboard` (the live Voilà
dashboard); :mod:`~ikmkit.cohort._charts` and :mod:`~ikmkit.cohort._html` are what the
report and the dashboard draw with.
"""

from __future__ import annotations

from ikmkit.cohort.report import ReportFiles, bank_table, write_report
from ikmkit.cohort.tracking import (
    Cohort,
    list_snapshots,
    load_cohort,
    load_snapshot,
    progress,
    take_snapshot,
)

__all__ = [
    "Cohort",
    "ReportFiles",
    "bank_table",
    "list_snapshots",
    "load_cohort",
    "load_snapshot",
    "progress",
    "take_snapshot",
    "write_report",
]
