"""Tune the search's ranking weights on the TUNING query file only (issue 10 item 5).

    ZWFW_DATABASE_URL=sqlite:////path/bench.sqlite3 .venv/bin/python bench/search_tune.py

Runs on a database that ``bench/catalog_search.py`` filled (it imports nothing). Tries a grid of
the ranking constants (coverage weights, the character field's weight, the materials field's
weight, the synonyms' weight, the candidates re-weighted, name precision) and prints the best
settings by top-3 (then top-1) on ``search_queries_colloquial_tuning.yaml``.
``--without-tuned-synonyms`` drops the synonyms written while tuning on that file (it is nearly
saturated with them), ``--misses`` prints its misses, ``--rebuild`` rebuilds the shared index,
``--no-cutoff`` lists every match, ``--before`` measures the engine before the third round,
``--no-lexicon`` the third round without its general lexicon. The held-out file is never read here: its figures come
from ``bench/catalog_search.py`` with the constants chosen.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, django_setup

TUNING = REPO / "bench" / "search_queries_colloquial_tuning.yaml"

CUTOFF = 0.0 if "--no-cutoff" in sys.argv else None
# The values chosen (the search's constants). Explored on 2026-12-02, with and without the tuned
# synonyms: COVERAGE_WEIGHT 2/4/6, CHAR_COVERAGE_WEIGHT 0/1/2/4, CHAR_WEIGHT 0/0.3/0.6/1.2,
# MATERIALS 0/0.3/0.8, CANDIDATES 100/150/300, PRECISION_WEIGHT 0/0.5/1/2/4 (docs/search.md);
# third round (lexicon, Cantonese, sound-alikes on): --grid EXPANSION_WEIGHT 0.6/0.8/1.0 ×
# COVERAGE_WEIGHT 3/4/6 × PRECISION_WEIGHT 0.5/1/2 (no setting more than 2 of 111 better: kept),
# --candidates 40/60/100 (the same top-3 and top-1: 60, for speed).
GRID = {
    "COVERAGE_WEIGHT": [4],
    "CHAR_COVERAGE_WEIGHT": [2.0],
    "CHAR_WEIGHT": [1.2],
    "MATERIALS": [0.8],
    "EXPANSION_WEIGHT": [0.8],
    "CANDIDATES": [60],
    "PRECISION_WEIGHT": [1.0],
}
if "--candidates" in sys.argv:
    GRID.update(CANDIDATES=[40, 60, 100])
if "--grid" in sys.argv:  # the third round's grid (docs/search.md)
    GRID.update(EXPANSION_WEIGHT=[0.6, 0.8, 1.0], COVERAGE_WEIGHT=[3, 4, 6], PRECISION_WEIGHT=[0.5, 1.0, 2.0])


def main() -> None:
    django_setup(fresh_sqlite=False)
    import yaml

    import zwfw.catalog.search as search
    from zwfw.catalog.search import index as index_module

    cases = yaml.safe_load(TUNING.read_text(encoding="utf-8"))["queries"]
    if "--without-tuned-synonyms" in sys.argv:
        # The synonyms added while tuning on this file make it nearly saturated (they were written
        # for its questions); without them, the file behaves like questions nobody tuned for, so
        # the generic levers (fields, character fallback, weights) can be compared on it.
        from zwfw.catalog.search import synonyms

        text = synonyms.SYNONYMS_PATH.read_text(encoding="utf-8")
        tuned = yaml.safe_load(text.split("# --- added for issue 10 item 5", 1)[1].split("\n", 1)[1]) or {}
        merge = synonyms._merge
        synonyms._merge = lambda: {k: v for k, v in merge().items() if k not in {str(t).lower() for t in tuned}}
        synonyms.synonym_table_invalidate()
        print(f"without the {len(tuned)} synonyms tuned on this file")
    if "--rebuild" in sys.argv:
        from zwfw.catalog.search.index import search_index_build

        search_index_build(force=True)
    from _search_modes import search_mode

    search_mode(third_round="--before" not in sys.argv, lexicon=None if "--no-lexicon" not in sys.argv else False)
    search.item_search(query="开饭店")  # load (or build) the shared index

    def evaluate() -> tuple[int, int]:
        top1 = top3 = 0
        for case in cases:
            codes = [h.base_code for h in search.item_search(query=case["q"], limit=3, cutoff=CUTOFF)]
            top1 += bool(codes[:1]) and codes[0] in case["expected"]
            top3 += any(c in case["expected"] for c in codes)
        return top3, top1

    if "--misses" in sys.argv:
        for case in cases:
            hits = search.item_search(query=case["q"], limit=3)
            if not any(h.base_code in case["expected"] for h in hits):
                print(f"miss {case['q']} (want {case.get('item')}): {[h.name for h in hits]}")
        return
    results = []
    keys = list(GRID)
    for values in itertools.product(*(GRID[k] for k in keys)):
        setting = dict(zip(keys, values, strict=True))
        search.COVERAGE_WEIGHT = setting["COVERAGE_WEIGHT"]
        search.CHAR_COVERAGE_WEIGHT = setting["CHAR_COVERAGE_WEIGHT"]
        search._CANDIDATES = setting["CANDIDATES"]
        search.PRECISION_WEIGHT = setting["PRECISION_WEIGHT"]
        search.CHAR_WEIGHT = setting["CHAR_WEIGHT"]
        index_module.FIELD_WEIGHTS["materials"] = setting["MATERIALS"]
        index_module.EXPANSION_WEIGHT = setting["EXPANSION_WEIGHT"]
        top3, top1 = evaluate()
        results.append((top3, top1, setting))
        print(f"top-3 {top3}/{len(cases)} top-1 {top1}/{len(cases)} {setting}", flush=True)
    results.sort(key=lambda r: (r[0], r[1]), reverse=True)
    print("best:")
    for top3, top1, setting in results[:10]:
        print(f"  top-3 {top3}/{len(cases)} top-1 {top1}/{len(cases)} {setting}")


if __name__ == "__main__":
    main()
