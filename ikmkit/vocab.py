"""One vocabulary: the words every ikmkit command, report and widget uses for the same thing.

Sectors, curriculum modules, grading statuses and the name of the course folder are
defined here once; code elsewhere imports them, so a trainer reads the same Indonesian
word in ``ikmkit grade``, the bank's workbook, the dashboard and the widgets.

>>> from ikmkit.vocab import SECTORS, SECTOR_NAMES, Status
>>> [SECTOR_NAMES[s] for s in SECTORS]
['Batik', 'Konveksi', 'Bordir', 'Makanan-minuman']
>>> Status.TIMEOUT.label, Status.TIMEOUT.failed
('melewati batas waktu', False)
>>> Status("invalid_notebook").failed
True
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "COURSE_FOLDER",
    "INTAKE_ASSIGNMENT",
    "MODULES",
    "META_COLUMNS",
    "SCORE_SOURCES",
    "SECTORS",
    "SECTOR_NAMES",
    "Status",
]

SECTORS: tuple[str, ...] = ("batik", "konveksi", "bordir", "makanan-minuman")
"""The four IKM sectors of the incubator, as spelled in data files and columns."""

SECTOR_NAMES: dict[str, str] = {
    "batik": "Batik",
    "konveksi": "Konveksi",
    "bordir": "Bordir",
    "makanan-minuman": "Makanan-minuman",
}
"""How a sector is shown to people (reports, dashboard, widgets, workbooks)."""

MODULES: dict[str, str] = {
    "00": "Modul 00 Pengantar",
    "01": "Modul 01 Standardisasi & sertifikasi",
    "02": "Modul 02 Kesiapan ekspor",
    "03": "Modul 03 Kemasan & label",
    "04": "Modul 04 Kalkulasi biaya & harga",
    "05": "Modul 05 Pasar, promosi & pembeli",
    "06": "Modul 06 Pembiayaan & pembayaran ekspor",
}
"""Curriculum modules that recommendations point to."""

META_COLUMNS: tuple[str, ...] = ("ikm_id", "nama_usaha", "kabupaten", "sector")
"""The columns that name an IKM in answer tables, sheets and the cohort table."""

COURSE_FOLDER = "folder kelas"
"""The word for an nbgrader course directory in every message and help text."""

INTAKE_ASSIGNMENT = "m00-penilaian-awal"
"""The first meeting's assignment: the participant's own intake self-assessment, whose
``profil_ikm.json`` gives every participant's intake score (``skor_awal``)."""

SCORE_SOURCES: dict[str, str] = {
    "mandiri": "penilaian mandiri",
    "mentor": "diperiksa mentor",
}
"""Who stands behind a readiness score: the participant's own self-assessment (a
``profil_ikm.json`` handed in), or a mentor who checked the answers (a mentor sheet)."""


class Status(StrEnum):
    """What happened to one submission when it was graded (``ikmkit grade``)."""

    GRADED = "graded"
    TIMEOUT = "timeout"
    KERNEL_CRASHED = "kernel_crashed"
    MEMORY_EXCEEDED = "memory_exceeded"
    INVALID_NOTEBOOK = "invalid_notebook"
    MISSING_NOTEBOOK = "missing_notebook"
    UNSAFE_SUBMISSION = "unsafe_submission"
    ERROR = "error"

    @property
    def label(self) -> str:
        """The Indonesian words for this status."""
        return _STATUS_LABELS[self]

    @property
    def failed(self) -> bool:
        """True if the submission has no (complete) grade: ``ikmkit grade`` exits 1."""
        return self in (Status.INVALID_NOTEBOOK, Status.MISSING_NOTEBOOK,
                        Status.UNSAFE_SUBMISSION, Status.ERROR)


_STATUS_LABELS = {
    Status.GRADED: "dinilai",
    Status.TIMEOUT: "melewati batas waktu",
    Status.KERNEL_CRASHED: "kernel berhenti mendadak",
    Status.MEMORY_EXCEEDED: "melewati batas memori",
    Status.INVALID_NOTEBOOK: "notebook rusak",
    Status.MISSING_NOTEBOOK: "notebook tidak ada",
    Status.UNSAFE_SUBMISSION: "kiriman ditolak (berkas tidak aman)",
    Status.ERROR: "gagal dinilai",
}
