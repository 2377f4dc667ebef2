"""Credit grades (信用分级分类) for a whole population: vectorised Polars vs the per-subject rule.

Generates ``--events`` credit events over ``--subjects`` subjects with NumPy (fixed seed: kinds
violation 30 % / good 40 % / rating_upheld 15 % / trading_flag 7 % / pledge_untrue 5 % /
blacklist 3 %, severity 1–3, dates uniform over the last five years, 5 % repaired), then grades
every subject with :func:`zwfw.supervision.credit.grades_frame` (one lazy Polars query) and, side
by side, with the scalar rule :func:`zwfw.supervision.credit.grade_compute` looping in Python over
``--scalar-subjects`` subjects (the peer: what a per-row implementation costs). Both read the same
rule version; the scalar subsample is checked against the Polars result.

Prints wall times and the process's peak resident memory (``ru_maxrss``, which includes the
generated input), and writes JSON with ``--json FILE``. ``--scale 0.01`` runs 1 % of the sizes.

    .venv/bin/python bench/credit_grades.py                 # 1,000,000 subjects, 10,000,000 events
    .venv/bin/python bench/credit_grades.py --scale 0.01    # quick check
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zwfw.supervision.credit import grade_compute, grades_frame

KINDS = ["violation", "good", "rating_upheld", "trading_flag", "pledge_untrue", "blacklist"]
SHARES = [0.30, 0.40, 0.15, 0.07, 0.05, 0.03]
ON = dt.date(2026, 12, 1)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def generate(subjects: int, events: int, seed: int = 20261201) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    subject = rng.integers(0, subjects, size=events, dtype=np.int64)
    kind = rng.choice(len(KINDS), size=events, p=SHARES).astype(np.uint8)
    days_ago = rng.integers(0, 5 * 365, size=events, dtype=np.int32)
    base = np.datetime64(ON.isoformat(), "D")
    return pl.DataFrame(
        {
            "subject_id": subject,
            "kind": pl.Series(np.array(KINDS)[kind]).cast(pl.Categorical),
            "severity": rng.integers(1, 4, size=events, dtype=np.int8),
            "occurred_on": base - days_ago.astype("timedelta64[D]"),
            "repaired": rng.random(events) < 0.05,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply both sizes (e.g. 0.01)")
    parser.add_argument("--scalar-subjects", type=int, default=5_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    subjects = max(1, int(args.subjects * args.scale))
    events = max(1, int(args.events * args.scale))

    t0 = time.perf_counter()
    df = generate(subjects, events)
    gen_s = time.perf_counter() - t0
    mem_after_gen = peak_mib()

    t0 = time.perf_counter()
    df = df.with_columns(pl.col("kind").cast(pl.Utf8))
    graded = grades_frame(df, on=ON).collect()
    polars_s = time.perf_counter() - t0
    mem_peak = peak_mib()
    counts = dict(graded.group_by("grade").len().sort("grade").iter_rows())
    counts["B (no counted event)"] = subjects - graded.height

    # the peer: the scalar rule, subject by subject, on a subsample
    n_scalar = min(args.scalar_subjects, subjects)
    sample = df.filter(pl.col("subject_id") < n_scalar).sort("subject_id")
    t0 = time.perf_counter()
    groups = sample.partition_by("subject_id", as_dict=True)
    scalar = {}
    for (sid,), part in groups.items():
        rows = part.select("kind", "severity", "occurred_on", "repaired").to_dicts()
        scalar[sid] = grade_compute(rows, on=ON).grade
    scalar_s = time.perf_counter() - t0
    vector = dict(graded.filter(pl.col("subject_id") < n_scalar).select("subject_id", "grade").iter_rows())
    mismatches = sum(1 for sid, g in scalar.items() if vector.get(sid, "B") != g)

    result = {
        "subjects": subjects,
        "events": events,
        "generate_s": round(gen_s, 2),
        "polars_grade_s": round(polars_s, 2),
        "polars_subjects_per_s": round(subjects / polars_s),
        "scalar_subjects": len(scalar),
        "scalar_grade_s": round(scalar_s, 2),
        "scalar_subjects_per_s": round(len(scalar) / scalar_s) if scalar_s else None,
        "scalar_vs_polars_mismatches": mismatches,
        "peak_rss_mib_after_generate": round(mem_after_gen),
        "peak_rss_mib": round(mem_peak),
        "grades": counts,
        "polars": pl.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    print(f"credit grades: {subjects:,} subjects from {events:,} events (load {result['load_avg_1m']})")
    print(f"  generate input            {gen_s:8.2f} s   peak RSS {mem_after_gen:8.0f} MiB")
    rate, srate = result["polars_subjects_per_s"], result["scalar_subjects_per_s"] or 0
    print(f"  Polars grades_frame       {polars_s:8.2f} s   {rate:>12,} subjects/s   peak RSS {mem_peak:8.0f} MiB")
    print(f"  scalar rule (Python loop) {scalar_s:8.2f} s   {srate:>12,} subjects/s   on {len(scalar):,} subjects")
    print(f"  scalar vs Polars mismatches: {mismatches}")
    print(f"  grades: {counts}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
