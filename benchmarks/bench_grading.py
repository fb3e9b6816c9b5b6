"""Benchmark: `ikmkit grade` against plain serial `nbgrader autograde`, in one run.

A synthetic cohort (N participants x every assignment of the assessments tree; half of
the participants fill every answer cell of the release copy with the instructor's
solution, half hand in the blank release copy, so scores differ) is placed in one course
directory, which is then copied. Plain nbgrader grades
one copy the way a trainer would type it (`nbgrader autograde <assignment> --create`,
one command per assignment, in a subprocess); `ikmkit grade` grades the other copy with
its default number of workers. The script prints notebooks per minute for both, the
ratio, and checks that every autograded score is identical in the two gradebooks.

The cost of grading hidden tests in a clean kernel (assignments whose test cells declare
their answers, ``ikmkit.grading.answers``) is measured on a third copy graded with
``grade(separate_tests=False)`` (every notebook in the participant's kernel); ``--no-clean-cost``
skips that run.

Run:  .venv/bin/python benchmarks/bench_grading.py [--participants 12]
      [--assessments tests/fixtures/grading] [--jobs N] [--out bench-out/grading]
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from ikmkit.grading import (
    assignments,
    default_assessments_dir,
    default_jobs,
    grade,
    init_course,
    submit,
)


def _answered(release: Path, source: Path) -> nbformat.NotebookNode:
    """The release notebook with every answer cell filled in from the source."""
    answers = {}
    for cell in nbformat.read(source, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            answers[meta["grade_id"]] = cell.source
    nb = nbformat.read(release, as_version=4)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    return nb


def _cohort(course: Path, participants: int, scratch: Path) -> int:
    """Submit the synthetic cohort; returns the number of notebooks submitted.

    Even-numbered participants answer everything as the instructor's solution does,
    odd-numbered ones hand in the blank release copy.
    """
    count = 0
    for i in range(participants):
        pid = f"ikm-{i + 1:03d}"
        for assignment in assignments(course):
            release = sorted((course / "release" / assignment).glob("*.ipynb"))
            folder = scratch / pid / assignment
            folder.mkdir(parents=True)
            for nb_path in release:
                if i % 2 == 0:
                    nb = _answered(nb_path, course / "source" / assignment / nb_path.name)
                    nbformat.write(nb, folder / nb_path.name)
                else:
                    shutil.copy(nb_path, folder / nb_path.name)
            submit(course, pid, assignment, folder)
            count += len(release)
    return count


def _scores(course: Path) -> dict[tuple[str, str, str, str], float | None]:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                for nb in sub.notebooks:
                    for g in nb.grades:
                        out[(sub.student.id, assignment.name, nb.name, g.name)] = g.auto_score
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=12)
    parser.add_argument("--assessments", default=str(default_assessments_dir()))
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--out", default="bench-out/grading")
    parser.add_argument("--no-clean-cost", action="store_true",
                        help="skip the run that measures the clean-kernel cost")
    args = parser.parse_args(argv)

    out = Path(args.out).resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    course_ikmkit = init_course(out / "kursus-ikmkit", args.assessments)
    n_notebooks = _cohort(course_ikmkit, args.participants, out / "kiriman")
    course_plain = out / "kursus-nbgrader"
    shutil.copytree(course_ikmkit, course_plain)
    course_inkernel = out / "kursus-tanpa-kernel-bersih"
    if not args.no_clean_cost:
        shutil.copytree(course_ikmkit, course_inkernel)
    names = assignments(course_ikmkit)
    print(f"cohort: {args.participants} participants x {len(names)} assignments "
          f"({', '.join(names)}) = {n_notebooks} notebooks; {os.cpu_count()} CPUs")

    bindir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    commands = [[str(bindir / "nbgrader"), "autograde", name, "--create"] for name in names]
    t0 = time.perf_counter()
    for cmd in commands:
        proc = subprocess.run(cmd, cwd=course_plain, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            print(f"plain nbgrader failed: {shlex.join(cmd)}", file=sys.stderr)
            return 1
    plain_s = time.perf_counter() - t0

    jobs = args.jobs or default_jobs()
    t0 = time.perf_counter()
    run = grade(course_ikmkit, jobs=jobs, progress=False)
    ikmkit_s = time.perf_counter() - t0
    if not run.ok:
        for o in run.outcomes:
            if o.failed:
                print(f"  {o.participant}/{o.assignment}: {o.status} {o.detail}", file=sys.stderr)
        return 1

    plain_scores, ikmkit_scores = _scores(course_plain), _scores(course_ikmkit)
    same = plain_scores == ikmkit_scores and len(plain_scores) > 0
    plain_rate = n_notebooks / plain_s * 60
    ikmkit_rate = n_notebooks / ikmkit_s * 60
    print(f"plain nbgrader (serial, {len(commands)} commands, e.g. "
          f"`cd COURSE && nbgrader autograde {names[0]} --create`): "
          f"{plain_s:.1f} s, {plain_rate:.0f} notebooks/min")
    print(f"ikmkit grade (jobs={jobs}, sandbox={'bwrap' if not run.warnings else 'none'}): "
          f"{ikmkit_s:.1f} s, {ikmkit_rate:.0f} notebooks/min")
    print(f"ratio: {ikmkit_rate / plain_rate:.2f}x   scores identical: {same} "
          f"({len(ikmkit_scores)} grade cells)")
    clean = [a for a, mode in run.modes.items() if "bersih" in mode]
    print(f"hidden tests in a clean kernel: {len(clean)} of {len(names)} assignments "
          f"({', '.join(clean) or '-'})")
    if not args.no_clean_cost:
        t0 = time.perf_counter()
        grade(course_inkernel, jobs=jobs, progress=False, separate_tests=False)
        inkernel_s = time.perf_counter() - t0
        print(f"cost of the clean run: {ikmkit_s:.1f} s with vs {inkernel_s:.1f} s without "
              f"(in the participant's kernel): {ikmkit_s / inkernel_s - 1:+.0%}")
    argv_text = " ".join(sys.argv[1:])
    print(f"command: .venv/bin/python benchmarks/bench_grading.py {argv_text}".rstrip())
    if not same:
        diff = [k for k in set(plain_scores) | set(ikmkit_scores)
                if plain_scores.get(k) != ikmkit_scores.get(k)]
        for key in sorted(diff)[:20]:
            print(f"  differs: {key}: nbgrader={plain_scores.get(key)} "
                  f"ikmkit={ikmkit_scores.get(key)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
