"""The trainer's grading pipeline on nbgrader: course folders, safe parallel autograding,
Indonesian feedback.

>>> import ikmkit.grading as grading
>>> {"grade", "init_course", "generate_feedback"} <= set(grading.__all__)
True

Modules: :mod:`~ikmkit.grading.course` (course folders: init, submit, configuration),
:mod:`~ikmkit.grading.runner` (the parallel run and its CSV), :mod:`~ikmkit.grading.worker`
(one worker), :mod:`~ikmkit.grading.submissions` (staging what participants hand in),
:mod:`~ikmkit.grading.preprocessors` (ikmkit's nbgrader preprocessors),
:mod:`~ikmkit.grading.sandbox` and :mod:`~ikmkit.grading._zygote` (where participant code
runs), :mod:`~ikmkit.grading.suspicious` (code that reaches for the grading machinery),
:mod:`~ikmkit.grading.feedback` (Indonesian feedback pages).
"""

from __future__ import annotations

from ikmkit.grading.course import (
    CourseError,
    assignments,
    course_id,
    db_url,
    default_assessments_dir,
    init_course,
    resolve_course_dir,
    sqlite_path,
    submit,
)
from ikmkit.grading.feedback import generate_feedback
from ikmkit.grading.outcome import (
    FAILED_STATUSES,
    FLAG_LABELS,
    STATUS_LABELS,
    STATUSES,
    GradeRun,
    Outcome,
    Status,
)
from ikmkit.grading.runner import CSV_NAME, default_jobs, grade
from ikmkit.grading.sandbox import SandboxError

__all__ = [
    "CSV_NAME",
    "FAILED_STATUSES",
    "FLAG_LABELS",
    "STATUSES",
    "STATUS_LABELS",
    "CourseError",
    "GradeRun",
    "Outcome",
    "SandboxError",
    "Status",
    "assignments",
    "course_id",
    "db_url",
    "default_assessments_dir",
    "default_jobs",
    "generate_feedback",
    "grade",
    "init_course",
    "resolve_course_dir",
    "sqlite_path",
    "submit",
]
