"""Per-participant HTML feedback in Indonesian, without hidden-test code.

nbgrader's ``generate_feedback`` writes ``COURSE/feedback/<participant>/<assignment>/
<notebook>.html`` from the autograded notebooks. ikmkit runs it with:

- :class:`ikmkit.grading.preprocessors.HideHiddenTests` after nbgrader's ``GetGrades``: hidden-test
  regions (``### BEGIN/END HIDDEN TESTS``) are removed from every test cell, and error
  tracebacks are reduced to ``ename: evalue``, so the participant keeps the assertion
  message ("HPP per unit belum termasuk overhead") but never sees hidden test code, not
  even in a traceback's context lines (nbgrader issue #917);
- an Indonesian version of nbgrader's feedback template (``ikmkit/templates/
  ikmkit_umpan_balik``): "Nilai", "Jawaban Anda", "Sel tes", "Komentar pengajar";
- one ``COURSE/feedback/<participant>/index.html`` per participant listing every
  assignment with its score and a link to each notebook's page;
- pages that run no participant code in a reader's browser: an HTML sanitiser
  (:func:`clean_html`, bleach with an allow-list that keeps headings, paragraphs and
  tables) on every markdown cell and output, and a Content-Security-Policy that forbids
  scripts.

>>> from ikmkit.grading.feedback import TEMPLATE_NAME, template_dir
>>> (template_dir() / TEMPLATE_NAME / "index.html.j2").is_file()
True
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from pathlib import Path

from ikmkit._files import atomic_write_text
from ikmkit.grading.course import (
    course_id,
    db_url,
    ensure_tools_on_path,
    load_config,
    resolve_course_dir,
)

__all__ = ["TEMPLATE_NAME", "clean_html", "generate_feedback", "template_dir"]

TEMPLATE_NAME = "ikmkit_umpan_balik"


def template_dir() -> Path:
    """Folder holding ikmkit's nbconvert templates."""
    return Path(__file__).resolve().parent / "templates"


#: What a lesson's markdown and a cell's HTML output may use on a feedback page. nbconvert's
#: own ``clean_html`` keeps only bleach's inline defaults, so headings, paragraphs and table
#: headers of every markdown cell showed up as escaped ``<h1>`` / ``<p>`` text.
_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd",
    "li", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"})
_ATTRIBUTES = {"*": ["class", "id", "title"], "a": ["href", "title"],
               "td": ["colspan", "rowspan"], "th": ["colspan", "rowspan", "scope"]}


def clean_html(element: str | bytes) -> str:
    """The HTML of a markdown cell or an output, safe for a feedback page.

    Headings, paragraphs, lists, tables and inline markup stay; anything else (``script``,
    ``iframe``, ``style``, ``img``, forms) is shown as text, and no event handler, inline
    style or ``javascript:`` link survives.

    >>> clean_html('<h2 id="s">Soal 1</h2><p>Isi <b>HPP</b></p>')
    '<h2 id="s">Soal 1</h2><p>Isi <b>HPP</b></p>'
    >>> clean_html('<p onclick="x()">a</p><script>alert(1)</script>')
    '<p>a</p>&lt;script&gt;alert(1)&lt;/script&gt;'
    >>> clean_html('<a href="javascript:alert(1)">x</a>')
    '<a>x</a>'
    """
    import bleach

    text = element.decode() if isinstance(element, bytes) else str(element)
    return bleach.clean(text, tags=_TAGS, attributes=_ATTRIBUTES,
                        protocols={"http", "https", "mailto"})


def _api(root: Path):
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import GetGrades

    from ikmkit.grading.preprocessors import HideHiddenTests  # imports nbgrader: seconds

    ensure_tools_on_path()
    config = load_config(root)
    config.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests,
                                             CSSHTMLHeaderPreprocessor]
    config.HTMLExporter.template_name = TEMPLATE_NAME
    # answers and essays are a participant's: no script or event handler reaches the page
    config.HTMLExporter.sanitize_html = True
    config.HTMLExporter.filters = {"clean_html": clean_html}
    config.HTMLExporter.extra_template_basedirs = [str(template_dir())]
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


def _index_page(participant: str, rows: list[tuple[str, float, float, list[Path]]],
                base: Path) -> str:
    items = []
    for assignment, score, max_score, pages in rows:
        links = ", ".join(
            f'<a href="{html.escape(p.relative_to(base).as_posix())}">'
            f"{html.escape(p.stem)}</a>" for p in pages)
        items.append(f"<tr><td>{html.escape(assignment)}</td><td>{score:g} / {max_score:g}</td>"
                     f"<td>{links}</td></tr>")
    return (
        '<!DOCTYPE html>\n<html lang="id">\n<head><meta charset="utf-8">'
        f"<title>Umpan balik {html.escape(participant)}</title>"
        "<style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em 1em;"
        "border-bottom:1px solid #ddd;text-align:left}</style></head>\n<body>\n"
        f"<h1>Umpan balik untuk {html.escape(participant)}</h1>\n"
        "<p>Nilai di bawah ini dari penilaian otomatis; jawaban tertulis dinilai oleh "
        "pengajar. Buka tiap notebook untuk melihat pesan dari setiap tes.</p>\n"
        "<table><tr><th>Tugas</th><th>Nilai</th><th>Notebook</th></tr>\n"
        + "\n".join(items) + "\n</table>\n</body>\n</html>\n"
    )


def _run_feedback(api, assignment: str, participant: str) -> dict:
    """nbgrader's GenerateFeedback for one submission, keeping ikmkit's template.

    (``NbGraderAPI.generate_feedback`` would force nbgrader's English template.)
    """
    from nbgrader.converters import GenerateFeedback
    from nbgrader.utils import capture_log, temp_attrs

    with temp_attrs(api.coursedir, assignment_id=assignment, student_id=participant):
        app = GenerateFeedback(coursedir=api.coursedir, parent=api)
        app.force = True
        return capture_log(app)


def generate_feedback(course_dir: str | os.PathLike[str],
                      participants: Iterable[str] | None = None) -> list[Path]:
    """Write feedback for every autograded submission; returns the HTML files written.

    ``participants`` limits it to some participants. Existing feedback is regenerated
    (grades may have changed after manual grading).
    """
    from nbgrader.api import Gradebook

    root = resolve_course_dir(course_dir)
    autograded = root / "autograded"
    wanted = set(participants) if participants is not None else None
    written: list[Path] = []
    if not autograded.is_dir():
        return written
    api = _api(root)
    gradebook = (db_url(root), course_id(root))
    for pdir in sorted(p for p in autograded.iterdir() if p.is_dir()):
        participant = pdir.name
        if wanted is not None and participant not in wanted:
            continue
        rows = []
        for adir in sorted(a for a in pdir.iterdir() if a.is_dir()):
            result = _run_feedback(api, adir.name, participant)
            if not result.get("success"):
                continue
            out = root / "feedback" / participant / adir.name
            pages = sorted(out.glob("*.html"))
            written += pages
            with Gradebook(*gradebook) as gb:
                sub = gb.find_submission(adir.name, participant)
                rows.append((adir.name, float(sub.score), float(sub.max_score), pages))
        if rows:
            index = root / "feedback" / participant / "index.html"
            atomic_write_text(index, _index_page(participant, rows, index.parent))
            written.append(index)
    return written
