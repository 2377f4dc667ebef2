"""Benchmark: composing a 一件事 bundle of 30 items, 400 materials and 600 form fields.

    .venv/bin/python bench/bundle_compose.py [--runs 200] [--seed 7]
    .venv/bin/python bench/bundle_compose.py --calibrate

The bundle is generated (seeded) from realistic names: the demo catalog's standard materials
(``zwfw/catalog/interchange/demo_data/materials.yaml``), loose wordings of them as real guides write them
(身份证复印件, 申请人身份证明, …, no standard code: they become suggestions), and item-specific
documents (申请表, 情况说明, 承诺书 … of each item); form fields from the demo's data elements with
a few type variants (conflicts); a dependency DAG where some items consume an earlier item's
e-licence result. :func:`zwfw.bundles.engine.compose` then runs ``--runs`` times; p50/p99 in
milliseconds are printed and written to ``bench/results/bundle_compose.json``.

``--calibrate`` prints the similarity calibration (``zwfw.bundles.engine.calibration``): for each
labelled pair the engine's score and the character edit ratio rapidfuzz's ``fuzz.ratio`` computes
(2·LCS/(|a|+|b|), here in pure Python), on raw and normalised names, and the errors per threshold;
JSON goes to ``bench/results/bundle_similarity_calibration.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zwfw.bundles.engine import (  # noqa: E402
    DEFAULT_THRESHOLD,
    Dependency,
    FieldSpec,
    ItemSpec,
    MaterialSpec,
    MergeDecision,
    compose,
    normalise_name,
    score,
)
from zwfw.bundles.engine.calibration import HARD_POSITIVES, NEGATIVES, POSITIVES  # noqa: E402

DEMO = ROOT / "src" / "zwfw" / "catalog" / "interchange" / "demo_data"
RESULTS = ROOT / "bench" / "results"

VARIANT_PATTERNS = ("{}复印件", "申请人{}", "{}（加盖公章）", "本人{}原件", "{}复印件（核对原件）", "有效{}")
OWN_DOCUMENTS = (
    "申请表",
    "情况说明",
    "承诺书",
    "登记表",
    "证明材料",
    "核查意见表",
    "平面示意图",
    "合同",
    "自查报告",
    "审批表",
    "清单",
    "备案表",
)
DEPARTMENTS = ("510107-ga", "510107-wjw", "510100-rst", "510100-yb", "510100-scjg", "510100-sw", "510100-zj")


def _standard_materials() -> list[dict]:
    raw = yaml.safe_load((DEMO / "materials.yaml").read_text(encoding="utf-8"))
    return [{"key": key, **value} for key, value in raw.items()]


def _elements() -> list[tuple[str, str, str, tuple[str, ...]]]:
    raw = yaml.safe_load((DEMO / "form_fields.yaml").read_text(encoding="utf-8"))["elements"]
    return [(k, v["label"], v["type"], tuple(v.get("choices") or ())) for k, v in raw.items()]


def _topics() -> list[str]:
    names = []
    for path in sorted((DEMO / "items").glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            names.append(item["name"].split("（")[0])
    return names


def generate(seed: int, items: int = 30, materials: int = 400, fields: int = 600):
    rng = random.Random(seed)
    standard = _standard_materials()
    elements = _elements()
    topics = rng.sample(_topics(), items)
    licence_types = sorted({m["licence_type"] for m in standard if m.get("licence_type")})
    per_item_materials = [materials // items + (1 if n < materials % items else 0) for n in range(items)]
    per_item_fields = [fields // items + (1 if n < fields % items else 0) for n in range(items)]
    specs: list[ItemSpec] = []
    dependencies: list[Dependency] = []
    for n, topic in enumerate(topics):
        code = f"5100{n:02d}001000"
        chosen: list[MaterialSpec] = []
        while len(chosen) < per_item_materials[n]:
            k = len(chosen)
            roll = rng.random()
            if roll < 0.45:  # a standard material, with its codes
                m = rng.choice(standard)
                chosen.append(
                    MaterialSpec(
                        key=f"m{k}",
                        name=m["name"],
                        standard_code=m.get("standard_code", m.get("licence_type", "")),
                        licence_type=m.get("licence_type", ""),
                        source=m.get("source", "applicant"),
                        originals=m.get("originals", 1),
                        copies=m.get("copies", 0),
                    )
                )
            elif roll < 0.7:  # a loose wording of a standard material, no code
                base = rng.choice(standard)["name"].split("（")[0]
                chosen.append(MaterialSpec(key=f"m{k}", name=rng.choice(VARIANT_PATTERNS).format(base)))
            else:  # a document of this item (or, sometimes, of a neighbour: overlaps across items)
                owner = topic if rng.random() < 0.8 else rng.choice(topics)
                chosen.append(MaterialSpec(key=f"m{k}", name=f"{owner}{rng.choice(OWN_DOCUMENTS)}"))
        form = []
        for k in range(per_item_fields[n]):
            element, label, kind, choices = elements[(n * 7 + k * 3) % len(elements)]  # distinct within an item
            if rng.random() < 0.03:  # a type variant: a form conflict for review
                kind = "textarea" if kind != "textarea" else "text"
            form.append(FieldSpec(element=element, label=label, type=kind, choices=choices))
        specs.append(
            ItemSpec(
                code=code,
                name=topic,
                department=rng.choice(DEPARTMENTS),
                place="",
                visits=rng.choice((0, 1, 1, 2)),
                promised_limit_days=rng.choice((0, 1, 3, 5, 10, 15, 20)),
                materials=tuple(chosen),
                form=tuple(form),
                result_name=f"{topic}结果",
                result_licence_type=rng.choice(licence_types) if rng.random() < 0.3 else "",
            )
        )
        for prerequisite in rng.sample(range(n), min(n, rng.choice((0, 1, 1, 2)))):
            dependencies.append(Dependency(prerequisite=f"5100{prerequisite:02d}001000", dependent=code))
    return specs, dependencies


def _time(runs: int, **kwargs) -> list[float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        compose(**kwargs)
        timings.append((time.perf_counter_ns() - start) / 1e6)
    return sorted(timings)


def _percentiles(timings: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(timings), 2),
        "p99_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.99))], 2),
        "max_ms": round(timings[-1], 2),
    }


def bench(runs: int, seed: int) -> dict:
    items, dependencies = generate(seed)
    plan = compose(items, dependencies=dependencies)  # warm-up (and the figures reported)
    timings = _time(runs, items=items, dependencies=dependencies)
    # The publish path: every first-round suggestion decided (accepted) and passed back in.
    decisions = [MergeDecision(s.material_a_key, s.material_b_key, True) for s in plan.open_suggestions]
    reviewed = compose(items, dependencies=dependencies, decisions=decisions)
    reviewed_timings = _time(runs, items=items, dependencies=dependencies, decisions=decisions)
    distinct_names = len({normalise_name(m.name) for i in items for m in i.materials})
    return {
        "benchmark": "bundle_compose",
        "items": len(items),
        "materials": sum(len(i.materials) for i in items),
        "form_fields": sum(len(i.form) for i in items),
        "dependencies": len(dependencies),
        "distinct_normalised_names": distinct_names,
        "runs": runs,
        "seed": seed,
        "threshold": DEFAULT_THRESHOLD,
        **_percentiles(timings),
        "with_decisions": {
            "decisions": len(decisions),
            **_percentiles(reviewed_timings),
            "after_materials": reviewed.after.materials,
            "open_suggestions": len(reviewed.open_suggestions),
        },
        "plan": {
            "before": plan.to_dict()["before"],
            "after": plan.to_dict()["after"],
            "stages": len(plan.stages),
            "open_suggestions": len(plan.open_suggestions),
            "conflicts": len(plan.conflicts),
            "produced": sum(1 for m in plan.materials if not m.provided_by_applicant),
        },
        "python": platform.python_version(),
        "machine": platform.machine(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def _indel_ratio(a: str, b: str) -> float:
    """rapidfuzz ``fuzz.ratio`` / 100: 2·LCS(a, b) / (|a| + |b|)."""
    if not a and not b:
        return 1.0
    previous = [0] * (len(b) + 1)
    for ca in a:
        current = [0]
        for j, cb in enumerate(b):
            current.append(previous[j] + 1 if ca == cb else max(previous[j + 1], current[j]))
        previous = current
    return 2 * previous[-1] / (len(a) + len(b))


def calibrate() -> dict:
    scorers = {
        "engine (normalised, bigram Dice, head check)": lambda a, b: score(normalise_name(a), normalise_name(b)),
        "edit ratio on raw names": _indel_ratio,
        "edit ratio on normalised names": lambda a, b: _indel_ratio(normalise_name(a), normalise_name(b)),
    }
    labelled = [(a, b, True) for a, b in POSITIVES + HARD_POSITIVES] + [(a, b, False) for a, b in NEGATIVES]
    result: dict = {"pairs": [], "sweep": {}}
    for a, b, same in labelled:
        result["pairs"].append(
            {"a": a, "b": b, "same": same, **{name: round(f(a, b), 3) for name, f in scorers.items()}}
        )
    for name in scorers:
        rows = []
        for t in (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9):
            missed = sum(1 for p in result["pairs"] if p["same"] and p[name] < t)
            false = sum(1 for p in result["pairs"] if not p["same"] and p[name] >= t)
            rows.append({"threshold": t, "missed": missed, "false_suggestions": false, "errors": missed + false})
        result["sweep"][name] = rows
    result["positives"] = len(POSITIVES) + len(HARD_POSITIVES)
    result["negatives"] = len(NEGATIVES)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--calibrate", action="store_true")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.calibrate:
        result = calibrate()
        print(f"{result['positives']} same-document pairs, {result['negatives']} different-document pairs")
        for name, rows in result["sweep"].items():
            print(name)
            for row in rows:
                print(f"  t={row['threshold']:.2f}  missed {row['missed']:2d}  false {row['false_suggestions']:2d}")
        (RESULTS / "bundle_similarity_calibration.json").write_text(
            json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        return
    result = bench(args.runs, args.seed)
    print(
        f"compose: {result['items']} items, {result['materials']} materials, {result['form_fields']} fields, "
        f"{result['dependencies']} dependencies, {result['distinct_normalised_names']} distinct normalised names"
    )
    print(
        f"  p50 {result['p50_ms']} ms   p99 {result['p99_ms']} ms   max {result['max_ms']} ms   ({result['runs']} runs)"
    )
    reviewed = result["with_decisions"]
    print(
        f"  with {reviewed['decisions']} decisions: p50 {reviewed['p50_ms']} ms   p99 {reviewed['p99_ms']} ms   "
        f"(materials -> {reviewed['after_materials']}, {reviewed['open_suggestions']} still open)"
    )
    print(f"  machine: {result['cpus']} CPUs, load average {result['load_average_1m']}, Python {result['python']}")
    plan = result["plan"]
    print(
        f"  materials {plan['before']['materials']} -> {plan['after']['materials']}, "
        f"fields {plan['before']['form_fields']} -> {plan['after']['form_fields']}, "
        f"days {plan['before']['time_limit_days']} -> {plan['after']['time_limit_days']}, "
        f"{plan['stages']} stages, {plan['open_suggestions']} open suggestions, {plan['conflicts']} conflicts"
    )
    (RESULTS / "bundle_compose.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
