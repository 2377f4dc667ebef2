"""Benchmark: catalog search over the demo catalog + 2,262 real Guangdong items + synthetic items.

    .venv/bin/python bench/catalog_search.py [--total 10000] [--rounds 3]

Sets up a fresh SQLite database (or the one ``ZWFW_DATABASE_URL`` names), imports the Sichuan
demo catalog and the Guangdong items through the catalog's import services, adds synthetic items
(names recombined from real Guangdong name parts, real departments) up to ``--total``
implementations, then measures: index build time, search latency p50/p99 over a query mix (the
colloquial queries of ``bench/search_queries.yaml`` + fragments of real Guangdong item names), the
top-3 hit rate on ``search_queries.yaml`` (each miss printed) — and the same latency and hit rate
for a naive peer, Django ``icontains`` (SQL ``LIKE``) over name + keywords. Writes
``bench/results/catalog_search.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, django_setup, latency_ms, machine, peak_rss_mib, timed, write_results

SHARED = Path(os.environ.get("ZWFW_SHARED_DATA", REPO.parent / "shared" / "data"))
GD_FILE = SHARED / "gd-service-items" / "items.jsonl"
QUERIES = REPO / "bench" / "search_queries.yaml"
TAILS = ("许可", "登记", "备案", "审批", "查询", "核发", "认定", "变更", "注销", "补领", "申请", "审核", "证明", "服务")


def synthetic_payload(records: list[dict], count: int, seed: int = 20261123) -> dict:
    """``count`` base items with one 广州市 implementation each; names = a real name's head +
    another real name's tail (…许可/…登记/…查询), departments = the real Guangdong ones."""
    from zwfw.catalog.services.gd_import import GENERIC_GRAPH, ITEM_TYPES, gd_department_code

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
        # keywords are JSON text; SQLite stores it with \uXXXX escapes, so look for both spellings
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


def hit_rate(search, cases: list[dict], label: str) -> dict:
    hits, misses = 0, []
    for case in cases:
        top = search(case["q"])[:3]
        if "expected" in case:
            ok = any(code in case["expected"] for code, _ in top)
        else:
            ok = any(any(s in name for s in case["expected_names"]) for _, name in top)
        hits += ok
        if not ok:
            misses.append({"q": case["q"], "top3": [name for _, name in top]})
    rate = hits / len(cases) if cases else 0.0
    print(f"{label}: top-3 hit rate {hits}/{len(cases)} = {rate:.1%}")
    for m in misses:
        print(f"  miss {m['q']!r}: {m['top3']}")
    return {"hits": hits, "queries": len(cases), "rate": round(rate, 4), "misses": misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=10_000, help="implementations in all (default 10000)")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the query mix (default 3)")
    parser.add_argument("--fragments", type=int, default=200, help="Guangdong name fragments in the mix")
    args = parser.parse_args()
    if not GD_FILE.exists():
        sys.exit(f"Guangdong data not found at {GD_FILE} (set ZWFW_SHARED_DATA)")

    db_url = django_setup()
    import yaml

    from zwfw.catalog.demo import build_catalog
    from zwfw.catalog.models import ItemImplementation
    from zwfw.catalog.search import item_search, search_index_invalidate
    from zwfw.catalog.search.index import search_index
    from zwfw.catalog.services import catalog_import
    from zwfw.catalog.services.gd_import import gd_catalog_import, gd_records_read
    from zwfw.core.services.seed import seed_reference_data

    print(f"database: {db_url}")
    times: dict[str, float] = {}
    with timed("seed reference data", times):
        seed_reference_data(actor=None)
    with timed("import Sichuan demo catalog", times):
        catalog_import(actor=None, data=build_catalog(), publish=True)
    with timed("import Guangdong items (import-gd --publish)", times):
        gd_report = gd_catalog_import(actor=None, path=GD_FILE, publish=True)
    records = gd_records_read(GD_FILE)
    have = ItemImplementation.objects.count()
    synthetic = max(0, args.total - have)
    with timed(f"import {synthetic} synthetic items", times):
        if synthetic:
            catalog_import(actor=None, data=synthetic_payload(records, synthetic), publish=True)
    total = ItemImplementation.objects.count()
    print(f"implementations in the catalog: {total}")

    search_index_invalidate()
    with timed("search index build (cold, incl. jieba start)", times):
        index = search_index()
    search_index_invalidate()
    with timed("search index build (warm jieba)", times):
        index = search_index()
    print(f"indexed documents: {len(index)}")

    cases = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    sichuan, guangdong = cases["sichuan"], cases["guangdong"]
    rng = random.Random(7)
    fragments = []
    for r in rng.sample(records, args.fragments):
        name = r["TASK_NAME"]
        size = min(len(name), rng.randint(3, 6))
        start = rng.randint(0, len(name) - size)
        fragments.append(name[start : start + size])
    mix = [c["q"] for c in sichuan + guangdong] + fragments

    def engine(q: str) -> list[tuple[str, str]]:
        return [(h.base_code, h.name) for h in item_search(query=q, limit=20)]

    for q in mix[:20]:
        engine(q)  # warm caches
    print(f"query mix: {len(mix)} queries ({len(sichuan) + len(guangdong)} colloquial, {len(fragments)} fragments)")
    ours = latency_ms(engine, mix, rounds=args.rounds)
    print(f"search latency: p50 {ours['p50_ms']} ms, p99 {ours['p99_ms']} ms (n={ours['calls']})")
    peer = latency_ms(naive_search, mix, rounds=args.rounds)
    print(f"naive icontains latency: p50 {peer['p50_ms']} ms, p99 {peer['p99_ms']} ms (n={peer['calls']})")

    quality = {
        "sichuan": hit_rate(engine, sichuan, "search, Sichuan demo queries"),
        "guangdong": hit_rate(engine, guangdong, "search, Guangdong queries"),
    }
    all_q = sichuan + guangdong
    quality["all"] = hit_rate(engine, all_q, "search, all colloquial queries")
    peer_quality = hit_rate(naive_search, all_q, "naive icontains, all colloquial queries")

    ratios = {
        "p50_naive_over_search": round(peer["p50_ms"] / ours["p50_ms"], 2) if ours["p50_ms"] else None,
        "p99_naive_over_search": round(peer["p99_ms"] / ours["p99_ms"], 2) if ours["p99_ms"] else None,
        "hit_rate_search_minus_naive": round(quality["all"]["rate"] - peer_quality["rate"], 4),
    }
    print(
        f"ratios: naive/search latency p50 ×{ratios['p50_naive_over_search']}, p99 ×{ratios['p99_naive_over_search']}; "
        f"top-3 hit rate {quality['all']['rate']:.1%} vs {peer_quality['rate']:.1%}"
    )
    results = {
        "machine": machine(),
        "implementations": total,
        "indexed_documents": len(index),
        "synthetic_items": synthetic,
        "timings_s": times,
        "gd_import": {k: gd_report[k] for k in ("records", "base_items", "implementations", "departments")},
        "search_latency": ours,
        "naive_icontains_latency": peer,
        "top3_hit_rate": quality,
        "naive_icontains_top3_hit_rate": peer_quality,
        "ratios": ratios,
        "peak_rss_mib": peak_rss_mib(),
    }
    print(f"peak RSS: {results['peak_rss_mib']} MiB")
    write_results("catalog_search", results)


if __name__ == "__main__":
    main()
