"""Benchmark: ``score_cohort`` (vectorised) against a per-row loop over ``score``.

Both run in the same process on the same synthetic cohort from ``example_answers``. The
vectorised path scores the whole cohort (1,000,000 IKMs by default); the loop scores a
sample of rows (``--loop-rows``, default 20,000) because a million calls would take minutes,
and its per-IKM time is scaled up to the cohort size. The loop is checked to give exactly
the same totals and levels as the vectorised path on the rows it scored.

Run:  .venv/bin/python benchmarks/bench_scoring.py [--rows 1000000] [--loop-rows 20000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from ikmkit.readiness import example_answers, score, score_cohort
from ikmkit.vocab import META_COLUMNS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--loop-rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    df = example_answers(args.rows, seed=0)
    score_cohort(df.head(1000))  # warm caches (rubric parse, weight plan)
    vector_times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        table = score_cohort(df)
        vector_times.append(time.perf_counter() - start)
    vector_s = statistics.median(vector_times)

    sample = df.head(args.loop_rows)
    records = sample.drop(columns=list(META_COLUMNS)).to_dict("records")
    sectors = sample["sector"].astype(str).tolist()
    start = time.perf_counter()
    results = [score(answers, sector) for answers, sector in zip(records, sectors, strict=True)]
    loop_s = time.perf_counter() - start
    mismatches = sum(
        r.total != t or r.level.name != lv
        for r, t, lv in zip(results, table["total"], table["level"], strict=False))

    loop_per_ikm = loop_s / len(sample)
    loop_full_s = loop_per_ikm * len(df)
    ratio = loop_full_s / vector_s
    cmd = " ".join([".venv/bin/python", "benchmarks/bench_scoring.py", *sys.argv[1:]])
    print(f"command: {cmd}")
    print(f"score_cohort, {len(df):,} IKMs: {vector_s:.2f} s "
          f"(median of {args.repeat}: {', '.join(f'{t:.2f}' for t in vector_times)})")
    print(f"per-row loop over score(), {len(sample):,} IKMs: {loop_s:.2f} s "
          f"= {loop_per_ikm * 1e6:.0f} us per IKM -> {loop_full_s:.0f} s for {len(df):,}")
    print(f"speed-up: {ratio:.0f}x  (target: < 2 s and >= 100x)")
    print(f"same totals and levels on the {len(sample):,} looped rows: "
          f"{'yes' if mismatches == 0 else f'NO, {mismatches} differ'}")
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
