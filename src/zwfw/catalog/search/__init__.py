"""Chinese full-text search over the catalog (issue 3 item 6, issue 10 item 5); see docs/search.md.

``item_search(query=…)`` first works out what the question means
(:mod:`~zwfw.catalog.search.understand`: normalise, strip intent words such as 要办什么/怎么申请,
map colloquial words to official ones through the synonym table), then ranks the
implementations whose published version is in force by BM25 over the shared index
(:mod:`~zwfw.catalog.search.index`), and drops what scores far below the best hit (the
relevance cut-off, :data:`RELATIVE_CUTOFF`). Results are one hit per base item: the
implementation nearest to the caller's region (that region itself, then the closest level above
it, then one below it), so "生孩子" in 成都 does not list the same 出生医学证明 three times.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

import numpy as np

from zwfw.catalog.models import EnterpriseStage, ItemType, LifeEvent, ServiceObject
from zwfw.catalog.search.index import (
    LIFE_EVENTS,
    NAME_CONTAINS_BONUS,
    SERVICE_OBJECTS,
    STAGES,
    search_index,
    search_index_invalidate,
    search_index_stats,
)
from zwfw.catalog.search.synonyms import synonym_table, synonyms_switched_off
from zwfw.catalog.search.understand import Understanding, understand

MAX_QUERY_LENGTH = 100
MAX_LIMIT = 100
_CANDIDATES = 60
# A hit scoring below this share of the best hit's score is not listed (the relevance cut-off).
RELATIVE_CUTOFF = 0.2
# Weight of the share of the question an item's name and aliases answer (see _Coverage).
COVERAGE_WEIGHT = 4
# Weight of the share of the question's characters (rare ones count more) that an item's name
# and aliases contain (see _char_coverage): the fallback for words the index does not know.
CHAR_COVERAGE_WEIGHT = 2.0
# Weight of the share of an item's name that the question (with its synonyms) explains: of two
# items matching the same words, the one whose name says little else is nearer (see _precision).
PRECISION_WEIGHT = 1.0
# Weight of the character field (BM25 over single characters of names and aliases), added to the
# items the question's words found.
CHAR_WEIGHT = 1.2
# A question none of whose words the index knows is matched by its characters; an item is then
# listed only when its name and aliases hold this share of the question's CJK characters.
CHAR_FALLBACK_MIN = 0.6
# Switched off to measure the engine as it was before the third round (bench/catalog_search.py).
SOUND_ALIKES_ENABLED = True

__all__ = [
    "MAX_LIMIT",
    "MAX_QUERY_LENGTH",
    "SearchHit",
    "SearchResult",
    "Understanding",
    "item_search",
    "item_search_explained",
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


class _Coverage:
    """How much of the question an item's name and aliases answer: the share of the query's
    matchable characters (those inside a token the index knows or a synonym key) that the
    item's title covers, directly or through a synonym's official words. 0–1."""

    def __init__(self, meaning: Understanding, terms: list[str], index) -> None:
        core = meaning.normalised
        self.spans: list[tuple[list[str], list[int]]] = []
        for t in terms:
            positions = [p for s in _find_all(core, t) for p in range(s, s + len(t))]
            if positions:
                self.spans.append(([t], positions))
        for key, words in meaning.expansions.items():
            tokens = index.query_tokens(" ".join(words)) or [w.lower() for w in words]
            positions = [p for s in _find_all(core, key) for p in range(s, s + len(key))]
            if positions:
                self.spans.append((tokens, positions))
        self.total = len({p for _, ps in self.spans for p in ps})
        self.masks = [(tokens, sum(1 << p for p in set(positions))) for tokens, positions in self.spans]

    def of_all(self, titles: list[str]) -> list[float]:
        """The coverage of each title (same as checking ``token in title`` one by one, done with
        one ``str.find`` scan per token over all titles joined)."""
        if not self.total:
            return [0.0] * len(titles)
        joined = "\x00".join(titles)
        starts, at = [], 0
        for title in titles:
            starts.append(at)
            at += len(title) + 1
        containing: dict[str, set[int]] = {}
        for tokens, _ in self.masks:
            for t in tokens:
                if t not in containing:
                    containing[t] = {bisect_right(starts, i) - 1 for i in _find_all(joined, t)}
        covered = [0] * len(titles)
        for tokens, mask in self.masks:
            for c in set().union(*(containing[t] for t in tokens)):
                covered[c] |= mask
        return [m.bit_count() / self.total for m in covered]


def _char_coverage(chars: list[str], titles: list[str], index) -> list[float]:
    """Per title: the IDF-weighted share of ``chars`` it contains (0–1)."""
    if not chars:
        return [0.0] * len(titles)
    idf = index.char_idf
    weights = [idf.get(ch, 0.0) for ch in chars]
    total = sum(weights) or 1.0
    return [sum(w for ch, w in zip(chars, weights, strict=True) if ch in title) / total for title in titles]


def _precision(query_text: str, rows: list[int], index) -> list[float]:
    """Per document row: the IDF-weighted share of its name's CJK characters found in
    ``query_text`` (0–1)."""
    present = set(query_text)
    out = []
    for i in rows:
        weights, total = index.name_char_weights(i)
        out.append(sum(w for ch, w in weights if ch in present) / total if total else 0.0)
    return out


def _share_present(text: str, title: str) -> float:
    """The share of the CJK characters of ``text`` that ``title`` contains (0 when fewer than two
    are found)."""
    chars = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    found = sum(ch in title for ch in chars)
    return found / len(chars) if chars and found >= 2 else 0.0


def _find_all(text: str, sub: str) -> list[int]:
    out, start = [], text.find(sub)
    while start != -1:
        out.append(start)
        start = text.find(sub, start + 1)
    return out


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


def _highlighter(terms: list[str]) -> tuple[list[str], re.Pattern | None]:
    """The terms worth marking (2+ characters, longest first) and one pattern for all of them."""
    words = sorted({t for t in terms if len(t) >= 2}, key=len, reverse=True)
    return words, (re.compile("|".join(re.escape(t) for t in words), re.IGNORECASE) if words else None)


def _highlight(name: str, words: list[str], pattern: re.Pattern | None) -> tuple[str, list[str]]:
    lowered = name.lower()
    found = [t for t in words if t in lowered]
    if not found or pattern is None:
        return html.escape(name), []
    out, pos = [], 0
    for m in pattern.finditer(name):
        out.append(html.escape(name[pos : m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        pos = m.end()
    out.append(html.escape(name[pos:]))
    return "".join(out), found


@dataclass
class SearchResult:
    """Hits and what the engine understood (for the API, the page and the query log)."""

    hits: list[SearchHit]
    understanding: Understanding
    cut_off: int = 0  # hits dropped by the relevance cut-off


def item_search(**kwargs) -> list[SearchHit]:
    """Ranked hits for ``query`` among published items in force, best first (see
    :func:`item_search_explained` for the arguments)."""
    return item_search_explained(**kwargs).hits


def item_search_explained(
    *,
    query: str,
    region_code: str | None = None,
    department: str | None = None,
    item_type: str | None = None,
    service_object: str | None = None,
    life_event: str | None = None,
    enterprise_stage: str | None = None,
    limit: int = 20,
    cutoff: float | None = None,
) -> SearchResult:
    """Ranked hits for ``query`` among published items in force, best first, with what the
    query was understood to mean.

    Filters narrow the documents before ranking: ``region_code`` keeps items of that region, of
    the regions above it (a 武侯区 resident can use 成都市 and 四川省 items) and below it;
    ``department`` is a department code; the others are the catalog's codes (``licence``,
    ``person``, ``birth``, ``access`` …). An unknown code matches nothing. A query without any
    searchable word, or without matches, gives no hits. ``cutoff`` overrides
    :data:`RELATIVE_CUTOFF` (0 lists every match). Public data only: no user scoping.
    """
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    limit = max(1, min(int(limit), MAX_LIMIT))
    cutoff = RELATIVE_CUTOFF if cutoff is None else cutoff
    index = search_index()
    meaning = understand(query, _table(index, synonym_table()))
    if SOUND_ALIKES_ENABLED:
        # Sound-alike typos (抱名 → 报名): the catalog word is added like a synonym's.
        typos = {k: v for k, v in index.sound_alikes(meaning.core).items() if k not in meaning.expansions}
        if typos:
            meaning = replace(meaning, expansions={**meaning.expansions, **typos})
    terms = index.query_tokens(meaning.core)
    expanded = [t for t in index.query_tokens(" ".join(meaning.official_words)) if t not in terms]
    chars = index.query_chars(meaning.core)
    empty = SearchResult(hits=[], understanding=meaning)
    # No word of the question is known: fall back to its characters (at least two of them), and
    # list only items whose name or aliases hold most of them (see CHAR_FALLBACK_MIN).
    fallback = not terms and not expanded
    if (fallback and len(chars) < 2) or not len(index):
        return empty
    a = index.arrays
    mask = np.ones(len(index), dtype=bool)
    caller_path = None
    if region_code:
        paths = index.region_paths
        caller_path = paths.get(region_code) or _region_path(region_code)
        if caller_path is None:
            return empty
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
                return empty
            mask &= (a[key] & (1 << universe.index(value))) != 0
    if fallback:
        scores = index.char_scores(chars)
    else:
        # The character field re-weights the items the words found; it adds none of its own.
        scores = index.scores(terms, expanded)
        if CHAR_WEIGHT:
            scores = np.where(scores > 0, scores + CHAR_WEIGHT * index.char_scores(chars), 0.0)
    scores[~mask] = 0.0
    positive = np.flatnonzero(scores > 0)
    if positive.size == 0:
        return empty
    if positive.size > _CANDIDATES:
        top = np.argpartition(-scores[positive], _CANDIDATES)[:_CANDIDATES]
        positive = positive[top]
    best_score = float(scores[positive].max())
    phrase = re.sub(r"\s+", "", meaning.core)
    coverage = _Coverage(meaning, terms, index)
    ranked: dict[int, tuple[float, int, int]] = {}
    candidates = positive.tolist()
    titles = [index.titles[i] for i in candidates]
    covers = dict(zip(candidates, coverage.of_all(titles), strict=True))
    char_covers = dict(zip(candidates, _char_coverage(chars, titles, index), strict=True))
    said = meaning.normalised + "".join(meaning.official_words)
    precision = dict(zip(candidates, _precision(said, candidates, index), strict=True))
    for i in candidates:
        doc = index.docs[i]
        score = float(scores[i]) * (
            1.0 + COVERAGE_WEIGHT * covers[i] + CHAR_COVERAGE_WEIGHT * char_covers[i] + PRECISION_WEIGHT * precision[i]
        )
        if len(phrase) >= 2 and phrase in index.names[i]:
            score += NAME_CONTAINS_BONUS * best_score
        key = (score, _region_rank(doc.region_path, caller_path), -i)
        held = ranked.get(doc.base_id)
        if held is None or key > held:
            ranked[doc.base_id] = key
    order = sorted(ranked.values(), reverse=True)
    if fallback:
        order = [o for o in order if _share_present(meaning.core, index.titles[-o[2]]) >= CHAR_FALLBACK_MIN]
    cut = 0
    if order and cutoff > 0:
        # Unrelated items go: far below the best score, or (when some item's name or alias
        # answers part of the question) answering none of it themselves.
        floor = order[0][0] * cutoff
        named = max(covers[-o[2]] for o in order) > 0
        kept = [o for o in order if o[0] >= floor and (covers[-o[2]] > 0 or not named)]
        cut = len(order) - len(kept)
        order = kept
    order = order[:limit]
    words, pattern = _highlighter([*terms, *expanded])
    type_labels = {value: str(label) for value, label in ItemType.choices}
    hits = []
    for score, _rank, neg_i in order:
        doc = index.docs[-neg_i]
        marked, matched = _highlight(doc.name, words, pattern)
        hits.append(
            SearchHit(
                implementation_code=doc.implementation_code,
                base_code=doc.base_code,
                name=doc.name,
                item_type=doc.item_type,
                item_type_label=type_labels.get(doc.item_type, ""),
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
    return SearchResult(hits=hits, understanding=meaning, cut_off=cut)


_merged: list = [None, None, {}]  # [index, synonym table, both merged] (held, compared by identity)


def _table(index, synonyms: dict[str, list[str]]) -> dict[str, list[str]]:
    """The synonym table plus the abbreviations mined from the indexed catalog's aliases (the
    table wins; a key an editor switched off stays off, mined or not)."""
    if not index.abbreviations:
        return synonyms
    held_index, held_synonyms, table = _merged
    if held_index is index and held_synonyms is synonyms:
        return table
    off = synonyms_switched_off()
    table = {k: v for k, v in index.abbreviations.items() if k not in off}
    table.update(synonyms)
    _merged[:] = [index, synonyms, table]
    return table


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
