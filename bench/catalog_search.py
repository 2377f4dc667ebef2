"""Benchmark: catalog search over the demo catalog + 2,262 real Guangdong items + synthetic items.

    .venv/bin/python bench/catalog_search.py [--total 10000] [--rounds 3] [--json FILE]

Sets up a fresh SQLite database (or the one ``ZWFW_DATABASE_URL`` names; with ``--reuse`` an
already filled one is not imported again), imports the Sichuan demo catalog and the Guangdong
items through the catalog's import services, adds synthetic items (names recombined from real
Guangdong name parts, real departments) up to ``--total`` implementations, then measures, side by
side in one run:

* three engines: **search** (today's: query understanding + shared memory-mapped index + the
  relevance cut-off), **legacy** (the engine before issue 10, frozen in
  ``bench/search_legacy_engine.py``: per-process build, no understanding layer, no cut-off) and
  the naive peer, Django ``icontains`` (SQL ``LIKE``) over name + keywords;
* today's engine also with its third-round levers switched off (``search_before``: the engine
  before that round, same index) and without the general lexicon (``search_no_lexicon``), see
  ``bench/_search_modes.py``;
* quality on four query files: ``search_queries.yaml`` (the project's first file),
  ``search_queries_colloquial_heldout.yaml`` (written before tuning, never tuned on),
  ``search_queries_colloquial_tuning.yaml`` (what the understanding layer was tuned on) and
  ``search_queries_colloquial_heldout2.yaml`` (a second held-out file, written before the third
  round's changes): top-1, top-3 and the zero-result rate, misses printed;
* latency p50/p99 over a query mix (the colloquial queries + fragments of real Guangdong names);
* the index: one shared build, and the cold start of a fresh process (Django set up, then the
  index ready and one query answered) — loading the shared build (memory-mapped) against
  building it in the process as the legacy engine does. Each cold start runs in a child process.

Writes ``bench/results/catalog_search.json`` (or ``--json FILE``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, django_setup, latency_ms, machine, peak_rss_mib, timed, write_results

SHARED = Path(os.environ.get("ZWFW_SHARED_DATA", REPO.parent / "shared" / "data"))
GD_FILE = SHARED / "gd-service-items" / "items.jsonl"
QUERIES = REPO / "bench" / "search_queries.yaml"
HELDOUT = REPO / "bench" / "search_queries_colloquial_heldout.yaml"
TUNING = REPO / "bench" / "search_queries_colloquial_tuning.yaml"
HELDOUT2 = REPO / "bench" / "search_queries_colloquial_heldout2.yaml"
TAILS = ("许可", "登记", "备案", "审批", "查询", "核发", "认定", "变更", "注销", "补领", "申请", "审核", "证明", "服务")


def synthetic_payload(records: list[dict], count: int, seed: int = 20261123) -> dict:
    """``count`` base items with one 广州市 implementation each; names = a real name's head +
    another real name's tail (…许可/…登记/…查询), departments = the real Guangdong ones."""
    from zwfw.catalog.interchange.gd_import import GENERIC_GRAPH, ITEM_TYPES, gd_department_code

    rng = random.Random(seed)
    heads, tails = [], []
    for r in records:
        name = re.sub(r"[（(].*?[)）]", "", r["TASK_NAME"])
        for tail in TAILS:
            if name.endswith(tail) and len(name) > len(tail) + 2:
                heads.append(name[: -len(tail)])
                tails.append(tail)
                break
    depts = []
    for r in records:
        code, _ = gd_department_code(r["TASK_CODE"], r["DEPT_NAME"])
        depts.append((code, r["AREACODE"], r["TASK_TYPE_TEXT"]))
    bases, impls, seen = [], [], set()
    n = 0
    while len(bases) < count:
        name = rng.choice(heads) + rng.choice(tails)
        if name in seen:
            name = f"{name}（{rng.choice(['新办', '变更', '延续', '补办', '注销'])}{n}）"
        seen.add(name)
        dept, region, type_text = rng.choice(depts)
        base_code = f"99{n:010d}"
        bases.append(
            {
                "code": base_code,
                "name": name,
                "item_type": ITEM_TYPES[type_text],
                "keywords": [],
                "service_objects": ["person"],
                "elements": {"conditions": "", "promised_limit_days": 5},
                "graph": GENERIC_GRAPH,
            }
        )
        impls.append(
            {
                "base_code": base_code,
                "code": f"SYN{base_code}",
                "region": region,
                "level": 2 if region == "440000" else 3,
                "department": dept,
                "elements": {"conditions": "", "promised_limit_days": 5},
                "graph": GENERIC_GRAPH,
            }
        )
        n += 1
    return {
        "format": "zwfw-catalog",
        "format_version": 1,
        "licence_types": [],
        "base_items": bases,
        "implementations": impls,
    }


def naive_search(query: str, limit: int = 20) -> list[tuple[str, str]]:
    """The peer: every word must occur in the name or the keywords (SQL LIKE '%word%'), by code.
    Favoured: it skips the 'version in force' rule the real search applies."""
    from django.db.models import Q

    from zwfw.catalog.models import ItemImplementation

    qs = ItemImplementation.objects.filter(is_active=True)
    for word in query.split():
        # keywords are JSON text; SQLite stores it with \\uXXXX escapes, so look for both spellings
        escaped = json.dumps(word)[1:-1]
        qs = qs.filter(
            Q(base__name__icontains=word) | Q(base__keywords__icontains=word) | Q(base__keywords__icontains=escaped)
        )
    out, seen = [], set()
    for code, name in qs.order_by("code").values_list("base__code", "base__name")[: limit * 5]:
        if code not in seen:
            seen.add(code)
            out.append((code, name))
        if len(out) == limit:
            break
    return out


def _hit(case: dict, results: list[tuple[str, str]]) -> bool:
    if "expected" in case:
        return any(code in case["expected"] for code, _ in results)
    return any(any(s in name for s in case["expected_names"]) for _, name in results)


def quality(search, cases: list[dict], label: str, *, show_misses: bool = True) -> dict:
    """top-1, top-3 and zero-result rate of ``search`` on ``cases`` (misses printed)."""
    top1 = top3 = zero = 0
    misses = []
    for case in cases:
        results = search(case["q"])
        zero += not results
        top1 += _hit(case, results[:1])
        ok = _hit(case, results[:3])
        top3 += ok
        if not ok:
            misses.append({"q": case["q"], "top3": [name for _, name in results[:3]]})
    n = len(cases) or 1
    out = {
        "queries": len(cases),
        "top1": top1,
        "top3": top3,
        "zero": zero,
        "top1_rate": round(top1 / n, 4),
        "top3_rate": round(top3 / n, 4),
        "zero_rate": round(zero / n, 4),
        "misses": misses,
    }
    print(
        f"{label}: top-1 {top1}/{len(cases)} = {top1 / n:.1%}, top-3 {top3}/{len(cases)} = {top3 / n:.1%}, "
        f"zero results {zero}/{len(cases)} = {zero / n:.1%}"
    )
    if show_misses:
        for m in misses:
            print(f"  miss {m['q']!r}: {m['top3']}")
    return out


def child(mode: str) -> None:
    """Cold start of a fresh process: Django set up, then the index ready and one query answered."""
    django_setup(fresh_sqlite=False)
    started = time.perf_counter()
    if mode == "legacy":
        from search_legacy_engine import LegacyEngine

        engine = LegacyEngine().build()
        engine.search("开饭店")
    else:
        from zwfw.catalog.search import item_search, search_index_stats

        item_search(query="开饭店")
        stats = search_index_stats()
        assert stats["builds"] == 0, "the child should load the shared index, not build it"
    seconds = round(time.perf_counter() - started, 3)
    print(json.dumps({"mode": mode, "cold_start_s": seconds, "rss_mib": _own_peak_rss_mib()}))


def _own_peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return peak_rss_mib()


def cold_start(mode: str, runs: int) -> dict:
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, __file__, "--child", mode], capture_output=True, text=True, check=True, env=os.environ
        ).stdout
        samples.append(json.loads(out.strip().splitlines()[-1]))
    seconds = [s["cold_start_s"] for s in samples]
    rss = max(s["rss_mib"] for s in samples)
    result = {"runs": runs, "min_s": min(seconds), "max_s": max(seconds), "rss_mib": rss}
    print(f"cold start of a process, {mode}: {min(seconds):.2f}–{max(seconds):.2f} s (n={runs}), RSS {rss} MiB")
    return result


def populate(total: int, reuse: bool, times: dict) -> tuple[list[dict], dict | None]:
    from zwfw.catalog.demo import build_catalog
    from zwfw.catalog.interchange.catalog_json import catalog_import
    from zwfw.catalog.interchange.gd_import import gd_catalog_import, gd_records_read
    from zwfw.catalog.models import ItemImplementation
    from zwfw.core.services.seed import seed_reference_data

    records = gd_records_read(GD_FILE)
    if reuse and ItemImplementation.objects.count() >= total:
        print(f"reusing the database: {ItemImplementation.objects.count()} implementations")
        return records, None
    with timed("seed reference data", times):
        seed_reference_data(actor=None)
    with timed("import Sichuan demo catalog", times):
        catalog_import(actor=None, data=build_catalog(), publish=True)
    with timed("import Guangdong items (import-gd --publish)", times):
        gd_report = gd_catalog_import(actor=None, path=GD_FILE, publish=True)
    synthetic = max(0, total - ItemImplementation.objects.count())
    with timed(f"import {synthetic} synthetic items", times):
        if synthetic:
            catalog_import(actor=None, data=synthetic_payload(records, synthetic), publish=True)
    return records, gd_report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=10_000, help="implementations in all (default 10000)")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the query mix (default 3)")
    parser.add_argument("--fragments", type=int, default=200, help="Guangdong name fragments in the mix")
    parser.add_argument("--cold-runs", type=int, default=3, help="child processes per cold-start figure")
    parser.add_argument("--reuse", action="store_true", help="do not import again into a filled database")
    parser.add_argument("--quality-only", action="store_true", help="only the hit rates (for tuning)")
    parser.add_argument(
        "--show-misses",
        default="original,heldout,tuning",
        help="query files whose misses are printed (comma-separated; tune with 'tuning' only)",
    )
    parser.add_argument("--json", default=None, help="results file (default bench/results/…)")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if not GD_FILE.exists():
        sys.exit(f"Guangdong data not found at {GD_FILE} (set ZWFW_SHARED_DATA)")

    db_url = django_setup()
    os.environ["ZWFW_DATABASE_URL"] = db_url  # the children use the same database
    import yaml

    from _search_modes import search_mode
    from search_legacy_engine import LegacyEngine
    from zwfw.catalog.models import ItemImplementation
    from zwfw.catalog.search import item_search, search_index_invalidate, search_index_stats
    from zwfw.catalog.search.index import search_index, search_index_build

    print(f"database: {db_url}")
    times: dict[str, float] = {}
    records, gd_report = populate(args.total, args.reuse, times)
    total = ItemImplementation.objects.count()
    print(f"implementations in the catalog: {total}")

    with timed("shared index build (once per catalog state, incl. jieba start)", times):
        built = search_index_build(force=True)
    search_index_invalidate()
    with timed("shared index load in this process (mmap)", times):
        index = search_index()
    assert search_index_stats()["builds"] == 1
    print(f"indexed documents: {len(index)}; build {built['build_id']}")
    with timed("legacy per-process index build (jieba warm)", times):
        legacy = LegacyEngine().build()

    def engine(q: str) -> list[tuple[str, str]]:
        return [(h.base_code, h.name) for h in item_search(query=q, limit=20)]

    def legacy_engine(q: str) -> list[tuple[str, str]]:
        return legacy.search(q, limit=20)

    old = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    files = {
        "original": old["sichuan"] + old["guangdong"],
        "heldout": yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))["queries"],
        "tuning": yaml.safe_load(TUNING.read_text(encoding="utf-8"))["queries"],
        "heldout2": yaml.safe_load(HELDOUT2.read_text(encoding="utf-8"))["queries"],
    }
    results: dict = {"machine": machine(), "implementations": total, "indexed_documents": len(index)}
    # Today's engine, the same engine with its third-round levers switched off (= the engine
    # before this round: same index, same code path) and with them on but without the general
    # lexicon, the legacy engine (before issue 10) and the naive peer, in the same process.
    peers = {"search": engine, "search_before": engine, "search_no_lexicon": engine, "legacy": legacy_engine}
    modes = {"search_before": {"third_round": False}, "search_no_lexicon": {"third_round": True, "lexicon": False}}
    if not args.quality_only:
        peers["naive_icontains"] = naive_search
    results["quality"] = {label: {} for label in files}
    for name, fn in peers.items():
        search_mode(**modes.get(name, {"third_round": True}))
        for label, cases in files.items():
            results["quality"][label][name] = quality(
                fn,
                cases,
                f"{label:>9} | {name}",
                show_misses=(name == "search" and label in args.show_misses.split(",")),
            )
    search_mode(third_round=True)
    print("summary (top-1 / top-3 / zero-result rate):")
    for label in files:
        row = "  ".join(
            f"{name} {q['top1_rate']:.1%}/{q['top3_rate']:.1%}/{q['zero_rate']:.1%}"
            for name, q in ((n, results["quality"][label][n]) for n in peers)
        )
        print(f"  {label:>9}: {row}")
    if args.quality_only:
        return

    rng = random.Random(7)
    fragments = []
    for r in rng.sample(records, args.fragments):
        name = r["TASK_NAME"]
        size = min(len(name), rng.randint(3, 6))
        start = rng.randint(0, len(name) - size)
        fragments.append(name[start : start + size])
    mix = [c["q"] for c in files["original"] + files["heldout"]] + fragments  # as in earlier rounds
    for q in mix[:20]:
        engine(q)  # warm caches
        legacy_engine(q)
    print(f"query mix: {len(mix)} queries ({len(mix) - len(fragments)} colloquial, {len(fragments)} fragments)")
    latency = {}
    for name, fn in peers.items():
        if name == "search_no_lexicon":
            continue
        search_mode(**modes.get(name, {"third_round": True}))
        fn("开饭店")  # the synonym table merged again after the switch
        latency[name] = latency_ms(fn, mix, rounds=args.rounds if name != "naive_icontains" else 1)
        load = os.getloadavg()
        latency[name]["load_average"] = [round(x, 2) for x in load]
        got = latency[name]
        print(
            f"latency {name}: p50 {got['p50_ms']} ms, p99 {got['p99_ms']} ms (n={got['calls']}), "
            f"load average after it {got['load_average']}"
        )
    search_mode(third_round=True)
    results["latency"] = latency
    results["cold_start"] = {
        "shared_mmap": cold_start("shared", args.cold_runs),
        "legacy_build": cold_start("legacy", args.cold_runs),
    }
    results["timings_s"] = times
    results["legacy_build_seconds"] = round(legacy.build_seconds, 3)
    results["shared_build"] = {k: built.get(k) for k in ("documents", "build_seconds")}
    if gd_report is not None:
        results["gd_import"] = {k: gd_report[k] for k in ("records", "base_items", "implementations", "departments")}
    results["peak_rss_mib"] = peak_rss_mib()
    print(f"peak RSS: {results['peak_rss_mib']} MiB")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    else:
        write_results("catalog_search", results)


if __name__ == "__main__":
    main()
