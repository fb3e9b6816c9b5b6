"""nbgrader settings shared by every ikmkit course directory.

`ikmkit course init` builds a course from this folder; a course directory's own
``nbgrader_config.py`` loads this file and adds what belongs to the course (root, course id,
``CourseDirectory.db_url``: SQLite for one incubator, PostgreSQL on a province-wide hub).
Nothing here depends on the machine: paths are relative to this file.
"""

import os

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads the file

_HERE = os.path.dirname(os.path.abspath(__file__))

# The assignments, in teaching order, are the folders under source/: the intake
# m00-penilaian-awal (first meeting, lightly graded), then one per module: m01-standardisasi,
# m02-kesiapan-ekspor, m03-kemasan, m04-kalkulasi-biaya, m05-pasar-promosi, m06-pembiayaan.

# Header prepended to every released notebook (Indonesian instructions).
c.IncludeHeaderFooter.header = os.path.join(_HERE, "source", "header.ipynb")

# What replaces solutions in the participants' copy (Indonesian).
c.ClearSolutions.code_stub = {"python": "# TULIS JAWABAN ANDA DI SINI\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "TULIS JAWABAN ANDA DI SINI"

# Only code between these markers is removed from the participants' copy; hidden tests
# between ### BEGIN/END HIDDEN TESTS are removed too (nbgrader defaults, spelled out).
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"

# Release notebooks carry no outputs; each notebook runs in a few seconds, so a generous
# per-cell limit still stops an endless loop quickly. ikmkit grade may override these.
c.ClearOutput.enabled = True
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
c.Execute.execute_retries = 0
