"""pytest plugins for the whole suite.

The hub fixtures (a PostgreSQL server of their own, real hub batches) live in
``tests/hubfixtures.py`` and are loaded here, so that ``tests/*.py`` and
``tests/browser/*.py`` share one session-wide server and environment. (A second
``conftest.py`` under ``tests/`` would clash with ``tests/browser/conftest.py`` when
``--doctest-modules`` imports both as the module ``conftest``.)
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "tests"))

pytest_plugins = ["hubfixtures"]
