"""Today's (pre-issue-10) search engine, frozen for side-by-side comparison in the benchmark.

What ``zwfw.catalog.search.item_search`` did before the query-understanding layer and the
shared index: per-process in-memory BM25 (jieba search mode + CJK bigrams), the query's filler
words dropped by a fixed list, colloquial synonyms from ``bench/search_legacy_synonyms.yaml``
(a copy of the shipped table at that time) at weight 0.6, the name-contains bonus, one hit per
base item, no relevance cut-off. No filters (the benchmark does not use them).
Bench code only: never imported by the product.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import bm25s
import numpy as np
import yaml

SYNONYMS = Path(__file__).with_name("search_legacy_synonyms.yaml")
FIELD_WEIGHTS = {"name": 3.0, "keywords": 2.0, "themes": 1.2, "department": 0.8, "conditions": 0.3}
EXPANSION_WEIGHT = 0.6
NAME_CONTAINS_BONUS = 0.5
CANDIDATES = 300


class LegacyEngine:
    """Build with :meth:`build` (measures the per-process build), then call :meth:`search`."""

    def __init__(self) -> None:
        self.build_seconds = 0.0

    def build(self) -> LegacyEngine:
        from django.utils import timezone

        from zwfw.catalog.search import tokenize
        from zwfw.catalog.search.index import FIELDS, _collect

        started = time.perf_counter()
        docs, texts, _ = _collect(timezone.localdate())
        data = yaml.safe_load(SYNONYMS.read_text(encoding="utf-8")) or {}
        self.synonyms = {str(k).lower(): [str(w) for w in v] for k, v in data.items()}
        tokenize.add_words(w for d in docs for w in d.keywords)
        tokenize.add_words(self.synonyms)
        tokenize.add_words(w for ws in self.synonyms.values() for w in ws)
        self.docs = docs
        self.names = [d.name.lower() for d in docs]
        self.retrievers = {}
        for name in FIELDS:
            r = bm25s.BM25()
            r.index([tokenize.tokens(t) for t in texts[name]], show_progress=False)
            self.retrievers[name] = r
        self.build_seconds = time.perf_counter() - started
        return self

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        from zwfw.catalog.search import tokenize

        query = (query or "").strip()[:100]
        terms = tokenize.query_terms(query)
        q = query.lower()
        expanded = [t for key, words in self.synonyms.items() if key in q for w in words for t in tokenize.tokens(w)]
        if not terms and not expanded:
            return []
        scores = np.zeros(len(self.docs), dtype=np.float32)
        for name, weight in FIELD_WEIGHTS.items():
            if terms:
                scores += weight * self.retrievers[name].get_scores(terms)
            if expanded:
                scores += weight * EXPANSION_WEIGHT * self.retrievers[name].get_scores(expanded)
        positive = np.flatnonzero(scores > 0)
        if positive.size == 0:
            return []
        if positive.size > CANDIDATES:
            positive = positive[np.argpartition(-scores[positive], CANDIDATES)[:CANDIDATES]]
        best = float(scores[positive].max())
        phrase = re.sub(r"\s+", "", q)
        ranked: dict[int, tuple[float, int]] = {}
        for i in positive.tolist():
            score = float(scores[i])
            if len(phrase) >= 2 and phrase in self.names[i]:
                score += NAME_CONTAINS_BONUS * best
            doc = self.docs[i]
            held = ranked.get(doc.base_id)
            if held is None or (score, -i) > held:
                ranked[doc.base_id] = (score, -i)
        order = sorted(ranked.values(), reverse=True)[:limit]
        return [(self.docs[-i].base_code, self.docs[-i].name) for _, i in order]
