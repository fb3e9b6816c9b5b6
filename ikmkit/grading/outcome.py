"""The outcome of grading one submission, and its vocabulary.

>>> from ikmkit.grading import Outcome
>>> o = Outcome("ikm-001", "m01-standardisasi", "timeout", 3.0, 10.0, "sel 4 melewati batas waktu")
>>> o.failed, o.label
(False, 'melewati batas waktu')
>>> Outcome("ikm-002", "m01-standardisasi", "invalid_notebook").failed
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ikmkit.grading.suspicious import FLAG_LABELS as _CODE_FLAGS
from ikmkit.vocab import Status

__all__ = ["FAILED_STATUSES", "FLAG_LABELS", "STATUSES", "STATUS_LABELS", "GradeRun",
           "Outcome", "Status"]

STATUSES = tuple(s.value for s in Status)
#: Outcomes that mean the submission has no (complete) grade: ``ikmkit grade`` exits 1.
FAILED_STATUSES = frozenset(s.value for s in Status if s.failed)
STATUS_LABELS = {s.value: s.label for s in Status}
#: Flags an outcome may carry (see also :data:`ikmkit.grading.suspicious.FLAG_LABELS`).
FLAG_LABELS = {
    **_CODE_FLAGS,
    "tag_eksekusi": "tag yang mengatur eksekusi sel dihapus",
    "keluaran_dipotong": "keluaran sel terlalu panjang dan dipotong",
    "berkas_keluaran": "berkas yang ditulis kernel tidak disimpan semua",
    "timestamp": "timestamp.txt tidak sah dan diabaikan",
    "server_kernel_macet": "server kernel berhenti menanggapi dan dihentikan",
    "jawaban_bukan_data": "jawaban tidak bisa dinilai sebagai data (bukan angka/teks/daftar)",
    "pemulihan_kernel_gagal": "kernel peserta tidak bisa dipulihkan sebelum tes",
}


@dataclass(frozen=True)
class Outcome:
    """What happened to one submission (participant x assignment)."""

    participant: str
    assignment: str
    status: str
    score: float | None = None
    max_score: float | None = None
    detail: str = ""
    restored_cells: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        """True if the submission could not be graded (see :data:`FAILED_STATUSES`)."""
        return Status(self.status).failed

    @property
    def label(self) -> str:
        """The status in Indonesian words."""
        return Status(self.status).label


@dataclass
class GradeRun:
    """The result of :func:`grade`."""

    outcomes: list[Outcome]
    csv_path: Path
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    jobs: int = 0
    seconds: float = 0.0
    modes: dict[str, str] = field(default_factory=dict)  # assignment -> how it was graded

    @property
    def ok(self) -> bool:
        """True if no submission failed to be graded."""
        return not any(o.failed for o in self.outcomes)
