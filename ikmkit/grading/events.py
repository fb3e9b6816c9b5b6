"""What happened while one submission was graded, for its outcome.

The preprocessors (:mod:`ikmkit.grading.preprocessors`) and the sandbox
(:mod:`ikmkit.grading.sandbox`) run deep inside nbgrader's pipeline, where no return
value reaches the worker. They :func:`record` an :class:`Event` instead; the worker clears
the list before each submission and reads it after (one worker grades one submission at a
time, so one list per process is enough).

>>> from ikmkit.grading.events import EVENTS, Kind, record
>>> EVENTS.clear()
>>> record(Kind.TIMEOUT, "sel 4 melewati batas waktu", notebook="04-kalkulasi-biaya")
>>> EVENTS[0].kind.value, EVENTS[0].detail
('timeout', 'sel 4 melewati batas waktu')
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["EVENTS", "Event", "Kind", "record"]


class Kind(StrEnum):
    """Kinds of events; those that name a status have the status's value."""

    RESTORED = "restored"  # a test cell the participant edited or deleted, put back
    TAGS_STRIPPED = "tags_stripped"  # execution-control tags removed from a cell
    TIMEOUT = "timeout"  # a cell ran out of time (the notebook went on)
    NOTEBOOK_TIMEOUT = "notebook_timeout"  # the notebook's budget ran out
    KERNEL_CRASHED = "kernel_crashed"
    MEMORY_EXCEEDED = "memory_exceeded"
    OUTPUT_TRUNCATED = "output_truncated"
    FILES_DROPPED = "files_dropped"  # files the kernel wrote, not kept (caps, links)
    FILES_NOT_COLLECTED = "files_not_collected"
    SANDBOX_STOPPED = "sandbox_stopped"  # the kernel server stopped answering
    ANSWER_NOT_DATA = "answer_not_data"  # an answer could not leave the kernel as data
    GUARD_FAILED = "guard_failed"  # in-kernel mode: the shell could not be restored


@dataclass(frozen=True)
class Event:
    """One thing that happened: its kind, an Indonesian detail, the notebook if known."""

    kind: Kind
    detail: str
    notebook: str = ""


#: Events of the submission being graded.
EVENTS: list[Event] = []


def record(kind: Kind, detail: str, *, notebook: str = "") -> None:
    """Note an event of the current submission."""
    EVENTS.append(Event(kind, detail, notebook))
