"""Imports done once in the grading fork server, before any worker is forked.

Each worker then starts with nbgrader already imported (about 1.7 s saved per worker and
run). jsonschema's optional ``rfc3987_syntax`` format checker, which builds a grammar at
import and costs seconds, is blocked here: nbformat's schema never uses the ``iri``
formats it checks. This module is only imported in the grading fork server
(``tests/test_grading.py`` grades through it).
"""

from __future__ import annotations

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import nbformat  # noqa: E402
import nbgrader.apps  # noqa: E402, F401
from nbformat.v4 import new_notebook  # noqa: E402

import ikmkit.grading.preprocessors  # noqa: E402, F401
import ikmkit.grading.sandbox  # noqa: E402, F401
import ikmkit.grading.worker  # noqa: E402, F401

nbformat.validate(new_notebook())  # build the validator once
