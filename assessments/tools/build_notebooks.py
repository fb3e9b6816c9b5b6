"""Build the assessment notebooks and the partially-correct test fixtures from their specs.

The committed notebooks under ``assessments/source/`` are the source of truth for nbgrader;
this script is how they are written, so that the nbgrader metadata (schema v3), the solution
and hidden-test delimiters and the partial submissions stay consistent. Edit the content in
``assessments/tools/m0N_*.py`` and run::

    .venv/bin/python assessments/tools/build_notebooks.py          # write
    .venv/bin/python assessments/tools/build_notebooks.py --check  # exit 1 if out of date

Outputs:

* ``assessments/source/<assignment>/<notebook>.ipynb`` (with solutions and hidden tests);
* ``tests/fixtures/assessments/<assignment>/<notebook>.ipynb``: what a participant might hand
  in - the release (header cells, no hidden tests) with some answers right, some wrong and
  some left blank (the expected points are documented in ``tests/test_assessments.py``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ASSESSMENTS = HERE.parent
REPO = ASSESSMENTS.parent
FIXTURES = REPO / "tests" / "fixtures" / "assessments"

sys.path.insert(0, str(HERE))
from _cells import SOLUTION, Cell  # noqa: E402

CODE_STUB = "# TULIS JAWABAN ANDA DI SINI\nraise NotImplementedError()"
TEXT_STUB = "TULIS JAWABAN ANDA DI SINI"
SPEC_MODULES = ("m01_standardisasi", "m02_kesiapan_ekspor", "m03_kemasan", "m04_kalkulasi_biaya")

NB_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                   "name": "python3"},
    "language_info": {"name": "python"},
}


def _new_cell(cell: Cell, source: str, cell_id: str) -> nbformat.NotebookNode:
    if cell.cell_type == "markdown":
        nb_cell = nbformat.v4.new_markdown_cell(source)
    else:
        nb_cell = nbformat.v4.new_code_cell(source)
    nb_cell["id"] = cell_id
    if cell.nbgrader is not None:
        nb_cell.metadata["nbgrader"] = dict(cell.nbgrader)
    return nb_cell


def _notebook(cells: list[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata.update(NB_METADATA)
    nb.cells = cells
    return nb


def _ids(spec_cells: list[Cell], prefix: str) -> list[str]:
    out = []
    n = 0
    for cell in spec_cells:
        if cell.cell_id:
            out.append(cell.cell_id)
        else:
            n += 1
            out.append(f"{prefix}-{n:02d}")
    return out


def source_notebook(spec_cells: list[Cell], prefix: str) -> nbformat.NotebookNode:
    """The instructor's notebook: solutions and hidden tests included."""
    ids = _ids(spec_cells, prefix)
    return _notebook([_new_cell(c, c.source, i) for c, i in zip(spec_cells, ids, strict=True)])


def partial_notebook(spec_cells: list[Cell], prefix: str,
                     header: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A participant's submission: the release with some answers filled in."""
    cells = [nbformat.from_dict(c) for c in header.cells]
    for cell, cid in zip(spec_cells, _ids(spec_cells, prefix), strict=True):
        meta = cell.nbgrader or {}
        if meta.get("solution") and cell.cell_type == "code":
            if cell.partial is SOLUTION:
                body = cell.solution
            elif cell.partial is None:
                body = CODE_STUB
            else:
                body = str(cell.partial).strip("\n")
            source = "\n".join(p for p in (cell.prompt, body) if p)
        elif meta.get("solution"):
            source = TEXT_STUB if cell.partial is None else str(cell.partial).strip("\n")
        elif meta.get("grade"):
            source = cell.visible
        else:
            source = cell.source
        cells.append(_new_cell(cell, source, cid))
    return _notebook(cells)


def build() -> dict[Path, str]:
    """Render every notebook; returns {path: text}."""
    header = nbformat.read(ASSESSMENTS / "source" / "header.ipynb", as_version=4)
    out: dict[Path, str] = {}
    for name in SPEC_MODULES:
        spec = importlib.import_module(name)
        rel = Path(spec.ASSIGNMENT) / spec.NOTEBOOK
        prefix = spec.NOTEBOOK.split("-")[0]
        src = source_notebook(spec.CELLS, f"m{prefix}")
        out[ASSESSMENTS / "source" / rel] = nbformat.writes(src) + "\n"
        part = partial_notebook(spec.CELLS, f"m{prefix}", header)
        out[FIXTURES / rel] = nbformat.writes(part) + "\n"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a committed notebook differs")
    args = parser.parse_args(argv)
    stale = []
    for path, text in build().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(("out of date: " if args.check else "wrote ") + str(path.relative_to(REPO)))
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    raise SystemExit(main())
