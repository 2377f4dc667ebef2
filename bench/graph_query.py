"""关联图谱: "items freed by dataset X" over 10,000 items, p99 ≤ 50 ms.

Generates a catalogue of ``--items`` items (fixed seed), each with 3–8 materials drawn from 400
licence types and 600 shared datasets (about a third of materials name one), 1,000 datasets
(400 publish a licence type), 120 systems and yearly volumes (Zipf-like, 0–20,000), builds the
graph with :func:`zwfw.sharing.graph.build`, then times :meth:`Graph.items_freed_by` (ranked by
volume) for ``--queries`` random datasets and :meth:`Graph.systems_touched` for random items.
Pure Python, no database: the query is what the page and the API run on the cached graph.
Writes ``bench/results/graph_query.json`` with the load average.

    .venv/bin/python bench/graph_query.py
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zwfw.sharing.graph import build

RESULTS = Path(__file__).resolve().parent / "results"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def world(n_items: int, rng: random.Random):
    systems = [{"code": f"S{i}", "name": f"系统{i}", "department": f"D{i % 300}"} for i in range(120)]
    datasets = []
    for i in range(1000):
        datasets.append(
            {
                "code": f"ds{i}",
                "name": f"数据集{i}",
                "department": f"D{i % 300}",
                "system": f"S{i % 120}" if i % 5 else "",
                "licence_type": f"lt{i}" if i < 400 else "",
            }
        )
    items, volumes = [], {}
    for i in range(n_items):
        mats = []
        for k in range(rng.randint(3, 8)):
            roll = rng.random()
            m = {
                "key": f"m{k}",
                "name": f"材料{k}",
                "required": True,
                "source": "applicant",
                "licence_type": "",
                "shared_data": "",
            }
            if roll < 0.3:
                m["licence_type"] = f"lt{rng.randrange(400)}"
                m["source"] = "licence"
            elif roll < 0.6:
                m["shared_data"] = f"ds{400 + rng.randrange(600)}"
                m["source"] = "shared"
            elif roll < 0.65:
                m["source"] = "produced"
            mats.append(m)
        code = f"ITEM{i:05d}"
        items.append(
            {
                "code": code,
                "name": f"事项{i}",
                "department": f"D{i % 300}",
                "region": "510100",
                "result_licence_type": f"lt{rng.randrange(400)}" if i % 3 == 0 else "",
                "materials": mats,
            }
        )
        volumes[code] = int(20000 / (1 + rng.paretovariate(1.2)))
    return items, datasets, systems, volumes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=5_000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rng = random.Random(20261202)
    load_before = os.getloadavg()
    items, datasets, systems, volumes = world(args.items, rng)
    t0 = time.perf_counter()
    g = build(items=items, datasets=datasets, systems=systems, volumes=volumes)
    build_s = time.perf_counter() - t0
    print(f"built graph of {args.items:,} items in {build_s:.2f} s: {g.counts()}")

    freed_ms, sizes = [], []
    for _ in range(args.queries):
        ds = f"ds{rng.randrange(1000)}"
        t = time.perf_counter()
        rows = g.items_freed_by(ds)
        freed_ms.append((time.perf_counter() - t) * 1000)
        sizes.append(len(rows))
    touched_ms = []
    for _ in range(args.queries):
        code = f"ITEM{rng.randrange(args.items):05d}"
        t = time.perf_counter()
        g.systems_touched(code)
        touched_ms.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    g.dataset_priority()
    priority_ms = (time.perf_counter() - t) * 1000
    result = {
        "items": args.items,
        "graph": g.counts(),
        "build_seconds": round(build_s, 3),
        "items_freed_by": {
            "queries": args.queries,
            "answer_items_mean": round(sum(sizes) / len(sizes), 1),
            "answer_items_max": max(sizes),
            "p50_ms": round(percentile(freed_ms, 50), 4),
            "p99_ms": round(percentile(freed_ms, 99), 4),
            "max_ms": round(max(freed_ms), 4),
        },
        "systems_touched": {
            "queries": args.queries,
            "p50_ms": round(percentile(touched_ms, 50), 4),
            "p99_ms": round(percentile(touched_ms, 99), 4),
        },
        "dataset_priority_ms": round(priority_ms, 2),
        "target_p99_ms": 50,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "nproc": os.cpu_count(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    assert result["items_freed_by"]["p99_ms"] <= 50, "p99 over 50 ms"
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "graph_query.json").write_text(
            json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
