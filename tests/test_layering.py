"""The package's layers, read from its imports.

ikmkit is three wings over shared ground (``../shared/DESIGN.md``, "Layout"):

- the participant-facing calculators (``readiness``, ``costing``, ``packaging``, ...),
  the widgets and the shared helpers (``errors``, ``vocab``, ``_text``, ``_files``) never
  import the grading pipeline, the cohort reporting, the hub or the command line;
- ``ikmkit.grading`` and ``ikmkit.cohort`` do not reach into each other's internals:
  across a wing's border only its package (``ikmkit.grading``) or its public modules are
  imported, never a private module (``_zygote``) or a private name (``_Worker``);
- no module anywhere imports a private name from another module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ikmkit"
WINGS = ("grading", "cohort", "hub")
TOP = ("cli", "commands", "demo")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, str | None, int]]:
    """(module imported, name imported or None, line) for every ikmkit import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, None, node.lineno) for a in node.names
                      if a.name.startswith("ikmkit")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ikmkit"):
            module = node.module or ""
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                is_module = (PACKAGE.parent / sub.replace(".", "/")).with_suffix(".py").exists() \
                    or (PACKAGE.parent / sub.replace(".", "/") / "__init__.py").exists()
                found.append((sub, None, node.lineno) if is_module
                             else (module, alias.name, node.lineno))
    return found


def _area(module: str) -> str:
    """Which part of the package a module belongs to."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in WINGS + TOP:
        return parts[1]
    return "calculators"


MODULES = sorted(PACKAGE.rglob("*.py"))


def _problems(me: str, imports: list[tuple[str, str | None, int]]) -> list[str]:
    mine = _area(me)
    problems = []
    for target, name, line in imports:
        theirs = _area(target)
        if mine == "calculators" and theirs != "calculators":
            problems.append(f"{line}: calculator imports {target}")
        crossing = theirs != mine and theirs in WINGS
        private_module = any(p.startswith("_") and p != "__init__" for p in target.split(".")[1:])
        if crossing and private_module:
            problems.append(f"{line}: private module {target} of another wing")
        if name is not None and name.startswith("_") and not name.startswith("__") \
                and target != me:
            problems.append(f"{line}: private name {target}.{name}")
        if theirs == "cohort" and mine == "grading":
            problems.append(f"{line}: grading imports the cohort wing ({target})")
    return problems


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layers(path: Path) -> None:
    """Calculators import no wing; wings meet only through public names."""
    me = _module_name(path)
    problems = _problems(me, _imports(path))
    assert problems == [], f"{me}: " + "; ".join(problems)


def test_the_rule_catches_violations() -> None:
    """The check is not vacuous: each kind of violation is found."""
    assert _problems("ikmkit.readiness", [("ikmkit.cohort.tracking", None, 1)])
    assert _problems("ikmkit.cohort.dashboard", [("ikmkit.grading._zygote", None, 2)])
    assert _problems("ikmkit.cohort.dashboard", [("ikmkit.cohort.report", "_fmt", 3)])
    assert _problems("ikmkit.grading.worker", [("ikmkit.cohort", None, 4)])
    assert not _problems("ikmkit.cohort.tracking", [("ikmkit.grading", "db_url", 5)])
    assert _imports(PACKAGE / "cohort" / "tracking.py")  # imports are read at all
