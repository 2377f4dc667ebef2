"""Chinese full-text search over the catalog (issue 3 item 6); see docs/search.md.

``item_search(query=…)`` ranks the implementations whose published version is in force, by
BM25 over jieba words and character bigrams, with field weights and colloquial synonyms
(:mod:`~zwfw.catalog.search.index`). Results are one hit per base item: the implementation
nearest to the caller's region (that region itself, then the closest level above it, then one
below it), so "生孩子" in 成都 does not list the same 出生医学证明 three times.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import numpy as np

from zwfw.catalog.models import EnterpriseStage, ItemType, LifeEvent, ServiceObject
from zwfw.catalog.search import tokenize
from zwfw.catalog.search.index import (
    LIFE_EVENTS,
    NAME_CONTAINS_BONUS,
    SERVICE_OBJECTS,
    STAGES,
    search_index,
    search_index_invalidate,
    search_index_stats,
)

MAX_QUERY_LENGTH = 100
MAX_LIMIT = 100
_CANDIDATES = 300

__all__ = [
    "MAX_LIMIT",
    "MAX_QUERY_LENGTH",
    "SearchHit",
    "item_search",
    "search_index_invalidate",
    "search_index_stats",
]


@dataclass
class SearchHit:
    """One ranked result: an implementation (and its base item) with what matched."""

    implementation_code: str
    base_code: str
    name: str
    item_type: str
    item_type_label: str
    department_code: str
    department_name: str
    region_code: str
    region_name: str
    level: int
    score: float
    matched: list[str] = field(default_factory=list)
    name_highlighted: str = ""


def _region_rank(path: str, caller_path: str | None) -> int:
    """Nearness to the caller's region: higher is nearer; 0 = unrelated."""
    if caller_path is None:
        return 1
    if path == caller_path:
        return 1000
    if caller_path.startswith(path):
        return 100 + path.count("/")  # an ancestor: the deeper, the nearer
    if path.startswith(caller_path):
        return 50 - path.count("/")  # inside the caller's region
    return 0


def _highlight(name: str, terms: list[str]) -> tuple[str, list[str]]:
    lowered = name.lower()
    found = sorted({t for t in terms if len(t) >= 2 and t in lowered}, key=len, reverse=True)
    if not found:
        return html.escape(name), []
    pattern = re.compile("|".join(re.escape(t) for t in found), re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(name):
        out.append(html.escape(name[pos : m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        pos = m.end()
    out.append(html.escape(name[pos:]))
    return "".join(out), found


def item_search(
    *,
    query: str,
    region_code: str | None = None,
    department: str | None = None,
    item_type: str | None = None,
    service_object: str | None = None,
    life_event: str | None = None,
    enterprise_stage: str | None = None,
    limit: int = 20,
) -> list[SearchHit]:
    """Ranked hits for ``query`` among published items in force, best first.

    Filters narrow the documents before ranking: ``region_code`` keeps items of that region, of
    the regions above it (a 武侯区 resident can use 成都市 and 四川省 items) and below it;
    ``department`` is a department code; the others are the catalog's codes (``licence``,
    ``person``, ``birth``, ``access`` …). An unknown code matches nothing. A query without any
    searchable word, or without matches, gives ``[]``. Public data only: no user scoping.
    """
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    limit = max(1, min(int(limit), MAX_LIMIT))
    terms = tokenize.query_terms(query)
    index = search_index()
    expanded = [t for w in index.expansion(query) for t in tokenize.tokens(w)]
    if (not terms and not expanded) or not len(index):
        return []
    a = index.arrays
    mask = np.ones(len(index), dtype=bool)
    caller_path = None
    if region_code:
        paths = {d.region_code: d.region_path for d in index.docs}
        caller_path = paths.get(region_code) or _region_path(region_code)
        if caller_path is None:
            return []
        allowed = [code for code, p in paths.items() if _region_rank(p, caller_path) > 0]
        mask &= np.isin(a["region"], allowed)
    if department:
        mask &= a["department"] == department
    if item_type:
        mask &= a["item_type"] == item_type
    for value, universe, key in (
        (service_object, SERVICE_OBJECTS, "objects"),
        (life_event, LIFE_EVENTS, "events"),
        (enterprise_stage, STAGES, "stages"),
    ):
        if value:
            if value not in universe:
                return []
            mask &= (a[key] & (1 << universe.index(value))) != 0
    scores = index.scores(terms, expanded)
    scores[~mask] = 0.0
    positive = np.flatnonzero(scores > 0)
    if positive.size == 0:
        return []
    if positive.size > _CANDIDATES:
        top = np.argpartition(-scores[positive], _CANDIDATES)[:_CANDIDATES]
        positive = positive[top]
    best_score = float(scores[positive].max())
    phrase = re.sub(r"\s+", "", query.lower())
    ranked: dict[int, tuple[float, int, int]] = {}
    for i in positive.tolist():
        doc = index.docs[i]
        score = float(scores[i])
        if len(phrase) >= 2 and phrase in index.names[i]:
            score += NAME_CONTAINS_BONUS * best_score
        key = (score, _region_rank(doc.region_path, caller_path), -i)
        held = ranked.get(doc.base_id)
        if held is None or key > held:
            ranked[doc.base_id] = key
    order = sorted(ranked.values(), reverse=True)[:limit]
    highlight_terms = [*terms, *expanded]
    hits = []
    for score, _rank, neg_i in order:
        doc = index.docs[-neg_i]
        marked, matched = _highlight(doc.name, highlight_terms)
        hits.append(
            SearchHit(
                implementation_code=doc.implementation_code,
                base_code=doc.base_code,
                name=doc.name,
                item_type=doc.item_type,
                item_type_label=str(ItemType(doc.item_type).label) if doc.item_type in ItemType.values else "",
                department_code=doc.department_code,
                department_name=doc.department_name,
                region_code=doc.region_code,
                region_name=doc.region_name,
                level=doc.level,
                score=round(score, 4),
                matched=matched,
                name_highlighted=marked,
            )
        )
    return hits


def _region_path(code: str) -> str | None:
    """The path of a region that has no items itself (a county under an indexed city)."""
    from zwfw.core.models import Region

    return Region.objects.filter(code=code).values_list("path", flat=True).first()


# Codes accepted by the filters, for the API's documentation and validation.
FILTER_CODES = {
    "item_type": list(ItemType.values),
    "service_object": list(ServiceObject.values),
    "life_event": list(LifeEvent.values),
    "enterprise_stage": list(EnterpriseStage.values),
}
