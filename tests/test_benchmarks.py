"""The benchmarks still run: each one at a tiny size, through its command line.

Nothing here times anything (these machines are shared and noisy); the point is that a
rename inside ikmkit cannot leave ``make bench`` broken, and that each benchmark's own
correctness check (same totals, identical grading scores) still passes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"


def _run(script: str, *args: str) -> str:
    proc = subprocess.run([sys.executable, str(BENCH / script), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    return proc.stdout


def test_scoring_benchmark_runs_and_agrees_with_the_loop():
    out = _run("bench_scoring.py", "--rows", "3000", "--loop-rows", "300", "--repeat", "1")
    assert "same totals and levels on the 300 looped rows: yes" in out
    assert "speed-up:" in out


@pytest.mark.slow
def test_report_benchmark_runs(tmp_path):
    out = _run("bench_report.py", "--ikm", "12", "--sample", "3", "--out", str(tmp_path / "r"))
    assert "same totals: yes" in out
    assert "ratio" in out
    assert (tmp_path / "r" / "skor.xlsx").exists()


@pytest.mark.slow
def test_grading_benchmark_runs_and_scores_match_plain_nbgrader(tmp_path):
    out = _run("bench_grading.py", "--participants", "2", "--jobs", "2",
               "--assessments", str(ROOT / "tests" / "fixtures" / "grading"),
               "--out", str(tmp_path / "g"))
    assert "scores identical: True" in out
    assert "cost of the clean run" in out
