"""The curriculum manifest (``curriculum/README.md``) agrees with the notebooks and assignments.

The manifest is what trainers plan a batch with, so it must not drift from the notebooks:

* every lesson notebook under ``curriculum/0*-*/`` is linked in the manifest exactly once, and
  every relative link in the manifest points to an existing file;
* the minutes in a notebook's manifest row ("Waktu") equal the minutes in the notebook's own
  header (the "**Perkiraan waktu**" row of its first cell: the first duration, "60 menit" or
  "1 jam 10 menit");
* each module heading's total ("± 3 jam 50 menit") and the grand total paragraph equal the sum
  of the notebooks' header minutes. Rounding rule: a stated total is the sum rounded to the
  nearest multiple of 5 minutes (halves up), so today, with every notebook in whole 5-minute
  steps, a stated total must match the sum exactly;
* in the schedule ("Jadwal yang disarankan"), every lesson notebook and every assignment folder
  under ``assessments/source/`` appears exactly once, in module order, with the minutes its own
  header gives; no meeting lists more than 195 minutes of content (a range such as "(60–75)"
  counts with its upper bound), the meetings are numbered P1, P2, … without gaps, and the
  sentence "**N pertemuan mingguan**" states their number.

Only files are read (no kernels); a failure names the notebook, module or meeting.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CURRICULUM = ROOT / "curriculum"
MANIFEST = CURRICULUM / "README.md"
ASSIGNMENTS = ROOT / "assessments" / "source"
MAX_MEETING_MINUTES = 195

DURATION = re.compile(r"(\d+)\s*jam(?:\s*(\d+)\s*menit)?|(\d+)\s*menit")
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{2,3}) (.+)$", re.M)
MODULE_HEADING = re.compile(r"^Modul (\d\d) – ")
NOTEBOOK_NUMBER = re.compile(r"\b(\d\d)\.(\d+)\b")
ASSIGNMENT_NAME = re.compile(r"`(m\d\d-[a-z0-9-]+)`")
MINUTES_IN_BRACKETS = re.compile(r"\((\d+)(?:\s*[–-]\s*(\d+))?\)\s*$")
RANGE = re.compile(r"(\d+)(?:\s*[–-]\s*(\d+))?\s*menit")


def duration(text: str) -> int | None:
    """Minutes of the first duration in ``text`` ("60 menit", "1 jam 10 menit", "5 jam")."""
    match = DURATION.search(text)
    if match is None:
        return None
    hours, minutes, only_minutes = match.groups()
    if hours is not None:
        return int(hours) * 60 + int(minutes or 0)
    return int(only_minutes)


def rounded(minutes: int) -> int:
    """The rounding rule for stated totals: nearest multiple of 5 minutes, halves up."""
    return (minutes + 2) // 5 * 5


def first_cell(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    source = cells[0]["source"]
    return "".join(source) if isinstance(source, list) else source


def header_minutes(path: Path) -> int:
    """The minutes of a lesson notebook's "**Perkiraan waktu**" header row."""
    for line in first_cell(path).splitlines():
        if "**Perkiraan waktu**" in line:
            minutes = duration(line.split("**Perkiraan waktu**", 1)[1])
            assert minutes is not None, f"{rel(path)}: no minutes in its 'Perkiraan waktu' row"
            return minutes
    raise AssertionError(f"{rel(path)}: first cell has no '**Perkiraan waktu**' row")


def assignment_range(folder: Path) -> tuple[int, int]:
    """(low, high) minutes of an assignment's "**Perkiraan waktu:**" header ("60–75 menit")."""
    notebooks = sorted(folder.glob("*.ipynb"))
    assert notebooks, f"assessments/source/{folder.name}: no notebook"
    text = first_cell(notebooks[0])
    label = "**Perkiraan waktu:**"
    assert label in text, f"{folder.name}: first cell has no '{label}'"
    match = RANGE.search(text.split(label, 1)[1])
    assert match is not None, f"{folder.name}: no minutes after '{label}'"
    low, high = match.groups()
    return int(low), int(high or low)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def number_of(path: Path) -> str:
    """'00-4-usaha-saya.ipynb' -> '00.4'."""
    module, k = path.name.split("-")[:2]
    return f"{module}.{k}"


def order_key(number: str) -> tuple[int, int]:
    module, k = number.split(".")
    return int(module), int(k)


LESSONS = sorted(CURRICULUM.glob("0*-*/*.ipynb"), key=lambda p: order_key(number_of(p)))
ASSIGNMENT_FOLDERS = sorted(p for p in ASSIGNMENTS.iterdir()
                            if p.is_dir() and re.fullmatch(r"m\d\d-[a-z0-9-]+", p.name))


def manifest() -> str:
    return MANIFEST.read_text(encoding="utf-8")


def sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) of every ## and ### heading, the body running to the next heading."""
    found = list(HEADING.finditer(text))
    ends = [m.start() for m in found[1:]] + [len(text)]
    return [(m.group(2).strip(), text[m.end():end]) for m, end in zip(found, ends, strict=True)]


def table_rows(body: str) -> list[list[str]]:
    rows = []
    for line in body.splitlines():
        line = line.strip()
        if not line.startswith("|") or re.fullmatch(r"\|[\s|:-]*\|", line):
            continue
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def module_sections() -> dict[str, tuple[str, str]]:
    """Module number -> (heading, body) of "### Modul NN – ..." sections."""
    found = {}
    for heading, body in sections(manifest()):
        match = MODULE_HEADING.match(heading)
        if match:
            assert match.group(1) not in found, f"two headings for Modul {match.group(1)}"
            found[match.group(1)] = (heading, body)
    return found


def manifest_rows() -> dict[Path, tuple[str, str]]:
    """Lesson notebook linked in a module table -> (module of the table, its "Waktu" cell)."""
    rows: dict[Path, tuple[str, str]] = {}
    for module, (_, body) in module_sections().items():
        for cells in table_rows(body):
            links = [link for link in LINK.findall(cells[0]) if link.endswith(".ipynb")]
            for link in links:
                rows[(CURRICULUM / link).resolve()] = (module, cells[1])
    return rows


def schedule() -> list[tuple[str, str]]:
    """(meeting cell, content cell) of every meeting row (P1, P2, ...) of the schedule table."""
    body = next((b for h, b in sections(manifest()) if h.startswith("Jadwal yang disarankan")),
                None)
    assert body is not None, "curriculum/README.md has no '## Jadwal yang disarankan' section"
    return [(cells[1], cells[2]) for cells in table_rows(body)
            if len(cells) >= 3 and re.match(r"P\d+\b", cells[1])]


def schedule_items() -> list[tuple[str, str, int, int]]:
    """(meeting, item text, low, high minutes) of every comma-separated item of the schedule."""
    items = []
    for meeting, content in schedule():
        for item in (part.strip() for part in content.split(",")):
            match = MINUTES_IN_BRACKETS.search(item)
            assert match is not None, f"{meeting}: '{item}' has no minutes in brackets, e.g. (60)"
            low, high = match.groups()
            items.append((meeting, item, int(low), int(high or low)))
    return items


def test_every_lesson_notebook_is_linked_exactly_once():
    assert LESSONS, "no lesson notebooks found under curriculum/0*-*/"
    linked = Counter((CURRICULUM / link).resolve() for link in LINK.findall(manifest())
                     if link.endswith(".ipynb"))
    wrong = [f"{rel(p)} linked {linked[p.resolve()]} times" for p in LESSONS
             if linked[p.resolve()] != 1]
    assert not wrong, "curriculum/README.md must link each lesson notebook once: " + \
        "; ".join(wrong)


def test_every_link_points_to_an_existing_file():
    links = [link for link in LINK.findall(manifest())
             if not re.match(r"[a-z]+:", link) and not link.startswith("#")]
    assert links
    missing = [link for link in links if not (CURRICULUM / link.split("#")[0]).exists()]
    assert not missing, f"curriculum/README.md links to missing files: {missing}"


@pytest.mark.parametrize("notebook", LESSONS, ids=[number_of(p) for p in LESSONS])
def test_manifest_minutes_equal_the_notebook_header(notebook):
    row = manifest_rows().get(notebook.resolve())
    assert row is not None, \
        f"{rel(notebook)} has no row in a '### Modul NN' table of curriculum/README.md"
    module, waktu = row
    assert module == notebook.parent.name[:2], \
        f"{rel(notebook)} is listed under Modul {module}"
    expected = header_minutes(notebook)
    assert duration(waktu) == expected, (
        f"{number_of(notebook)} ({rel(notebook)}): manifest says '{waktu[:40]}…', "
        f"the notebook header says {expected} menit")


def test_module_totals_equal_the_sum_of_their_notebooks():
    modules = module_sections()
    folders = sorted({p.parent.name[:2] for p in LESSONS})
    assert sorted(modules) == folders, \
        f"module headings {sorted(modules)} do not match module folders {folders}"
    wrong = []
    for module, (heading, _) in modules.items():
        total = sum(header_minutes(p) for p in LESSONS if p.parent.name[:2] == module)
        stated = duration(heading.split("±", 1)[1]) if "±" in heading else None
        if stated != rounded(total):
            wrong.append(f"Modul {module} heading states {stated} menit, its notebooks sum to "
                         f"{total} menit (expected ± {rounded(total) // 60} jam "
                         f"{rounded(total) % 60} menit)")
    assert not wrong, "; ".join(wrong)


def test_grand_total_equals_the_sum_of_all_notebooks():
    match = re.search(r"Total waktu notebook[^±]*±([^:.]+)", manifest())
    assert match is not None, "curriculum/README.md has no 'Total waktu notebook … ± …' sentence"
    total = sum(header_minutes(p) for p in LESSONS)
    assert duration(match.group(1)) == rounded(total), (
        f"grand total says '{match.group(1).strip()}', the notebooks sum to {total} menit "
        f"({total // 60} jam {total % 60} menit)")


def test_every_assignment_is_scheduled_exactly_once_with_its_minutes():
    assert ASSIGNMENT_FOLDERS, "no assignment folders under assessments/source/"
    items = schedule_items()
    seen = Counter(name for _, item, _, _ in items for name in ASSIGNMENT_NAME.findall(item))
    names = {p.name for p in ASSIGNMENT_FOLDERS}
    wrong = [f"{name} appears {seen[name]} times" for name in sorted(names) if seen[name] != 1]
    wrong += [f"{name} is not an assignment folder" for name in sorted(set(seen) - names)]
    assert not wrong, "schedule of curriculum/README.md: " + "; ".join(wrong)
    for meeting, item, low, high in items:
        for name in ASSIGNMENT_NAME.findall(item):
            expected = assignment_range(ASSIGNMENTS / name)
            assert (low, high) == expected, (
                f"{meeting}: {name} is scheduled for {low}–{high} menit, its header says "
                f"{expected[0]}–{expected[1]} menit")


def test_every_notebook_is_scheduled_once_in_module_order_with_its_minutes():
    items = schedule_items()
    by_number = {number_of(p): p for p in LESSONS}
    seen = Counter()
    sequence = []
    for meeting, item, low, high in items:
        assignment = ASSIGNMENT_NAME.search(item)
        if assignment:
            sequence.append((int(assignment.group(1)[1:3]), 10_000, meeting, item))
            continue
        match = NOTEBOOK_NUMBER.search(item)
        if match is None:
            continue  # guest session, case studies
        number = match.group(0)
        assert number in by_number, f"{meeting}: {number} is not a lesson notebook"
        seen[number] += 1
        expected = header_minutes(by_number[number])
        assert low == high == expected, \
            f"{meeting}: {number} is scheduled for '{item}', its header says {expected} menit"
        sequence.append((*order_key(number), meeting, item))
    wrong = [f"{n} appears {seen[n]} times" for n in by_number if seen[n] != 1]
    assert not wrong, "schedule of curriculum/README.md: " + "; ".join(wrong)
    for before, after in zip(sequence, sequence[1:], strict=False):
        assert before[:2] < after[:2], \
            f"schedule out of module order: '{after[3]}' ({after[2]}) after '{before[3]}' " \
            f"({before[2]})"


def test_no_meeting_exceeds_the_time_limit_and_meetings_are_counted():
    meetings = schedule()
    assert meetings, "the schedule lists no meetings (P1, P2, ...)"
    numbers = [int(re.match(r"P(\d+)", m).group(1)) for m, _ in meetings]
    assert numbers == list(range(1, len(meetings) + 1)), f"meetings are numbered {numbers}"
    load = Counter()
    for meeting, _, _, high in schedule_items():
        load[meeting] += high
    over = [f"{m}: {minutes} menit" for m, minutes in load.items()
            if minutes > MAX_MEETING_MINUTES]
    assert not over, f"meetings over {MAX_MEETING_MINUTES} menit of content: " + "; ".join(over)
    stated = re.search(r"\*\*(\d+) pertemuan mingguan\*\*", manifest())
    assert stated is not None, "curriculum/README.md does not say '**N pertemuan mingguan**'"
    assert int(stated.group(1)) == len(meetings), \
        f"the text says {stated.group(1)} meetings, the schedule has {len(meetings)}"
