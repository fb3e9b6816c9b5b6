"""nbgrader preprocessors that turn two formgrader buttons into a pointer to ikmkit.

On the hub, the formgrader runs as the batch's course account, which owns the gradebook
and every submission. Its "Autograde" button would run participants' code as that account,
outside ikmkit's sandbox, and its "Generate Feedback" button would overwrite ikmkit's
Indonesian feedback with nbgrader's English one, hidden tests included (nbgrader #917).
The course service's nbgrader configuration therefore puts these preprocessors first in
both pipelines: the button fails at once, before any participant code runs, with an
Indonesian message naming the command to use in the course terminal. ``ikmkit grade`` and
``ikmkit feedback`` configure their own pipelines and are not affected.

>>> UseIkmkitGrade().preprocess(None, {})
Traceback (most recent call last):
...
ikmkit.hub.formgrader.UseIkmkitCommand: Penilaian otomatis di server ini memakai ...
"""

from __future__ import annotations

from typing import Any

from nbgrader.preprocessors import NbGraderPreprocessor

from ikmkit.errors import IkmkitError

__all__ = ["FEEDBACK_MESSAGE", "GRADE_MESSAGE", "UseIkmkitCommand", "UseIkmkitFeedback",
           "UseIkmkitGrade"]

GRADE_MESSAGE = (
    "Penilaian otomatis di server ini memakai `ikmkit grade .` di Terminal kelas "
    "(aman: kode peserta dijalankan terkurung, paralel), bukan tombol Autograde formgrader. "
    "Buka Terminal kelas dari Beranda hub, ketik `ikmkit grade .`, lalu muat ulang halaman ini.")
FEEDBACK_MESSAGE = (
    "Umpan balik di server ini dibuat dengan `ikmkit feedback .` di Terminal kelas (bahasa "
    "Indonesia, tanpa kode tes tersembunyi), bukan tombol Generate Feedback. Setelah itu "
    "klik Release Feedback di formgrader.")


class UseIkmkitCommand(IkmkitError):
    """A formgrader button that ikmkit replaces with a command was pressed."""


class UseIkmkitGrade(NbGraderPreprocessor):
    """Stops nbgrader's own autograde (formgrader button, ``nbgrader autograde``)."""

    def preprocess(self, nb: Any, resources: Any) -> Any:
        raise UseIkmkitCommand(GRADE_MESSAGE)


class UseIkmkitFeedback(NbGraderPreprocessor):
    """Stops nbgrader's own feedback (formgrader button, ``nbgrader generate_feedback``)."""

    def preprocess(self, nb: Any, resources: Any) -> Any:
        raise UseIkmkitCommand(FEEDBACK_MESSAGE)
