"""Shared helpers of the grading security suite (one test per attack of
``../shared/reviews/grading-security.md``, plus what must keep holding)."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

from ikmkit.grading.sandbox import bwrap_path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "security"
A = "s01-keamanan"
NB = "keamanan.ipynb"
HONEST = {
    "jawab_hpp": "hpp_per_unit_idr = biaya_total_idr / jumlah_unit",
    "jawab_harga": "harga_jual_idr = math.ceil(25_000 * 1.2)",
}

needs_bwrap = pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap (bwrap) tidak tersedia")


def attack(release: Path, answers: dict[str, str] | None = None, *,
           tags: dict[str, list[str]] | None = None,
           essay: str | None = None) -> nbformat.NotebookNode:
    """The released notebook with some answer cells replaced (and tags / essay set)."""
    nb = nbformat.read(release, as_version=4)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if answers and gid in answers:
            cell.source = answers[gid]
        if tags and gid in tags:
            cell.metadata["tags"] = list(tags[gid])
        if essay is not None and gid == "jawab_esai":
            cell.source = essay
    return copy.deepcopy(nb)


def honest_with(first_cell: str) -> dict[str, str]:
    """Honest answers, with *first_cell* run before the first answer."""
    return {"jawab_hpp": first_cell + "\n" + HONEST["jawab_hpp"],
            "jawab_harga": HONEST["jawab_harga"]}
