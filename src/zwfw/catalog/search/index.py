"""The in-memory search index: one document per active implementation with a version in force.

Each document has five fields, each a BM25 index (``bm25s``, sparse matrices) over the tokens of
:mod:`~zwfw.catalog.search.tokenize`; a query's score is the weighted sum of the field scores
(:data:`FIELD_WEIGHTS`, name > keywords > life events/stages > department > conditions), plus
the synonym expansion's scores at :data:`EXPANSION_WEIGHT`. Filters become a boolean mask over
the documents and are applied before ranking.

The index is built lazily from the published versions in force, once per process, and rebuilt
when the catalog changes: a cheap *stamp* (a few aggregates over versions, base items and
implementations, plus today's date, since "in force" depends on it) is compared at most once per
:data:`CHECK_INTERVAL` seconds, and at once after a catalog row was saved in this process.
A built index is never mutated, so readers need no lock; building is serialised by a lock.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import bm25s
import numpy as np
import yaml
from django.db.models import Count, Max, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from zwfw.catalog.models import (
    BaseItem,
    EnterpriseStage,
    ItemImplementation,
    ItemVersion,
    LifeEvent,
    ServiceObject,
    VersionStatus,
)
from zwfw.catalog.search import tokenize
from zwfw.catalog.selectors import implementation_list

FIELDS = ("name", "keywords", "themes", "department", "conditions")
FIELD_WEIGHTS = {"name": 3.0, "keywords": 2.0, "themes": 1.2, "department": 0.8, "conditions": 0.3}
EXPANSION_WEIGHT = 0.6
# A query that appears whole in an item's name is what the resident typed from the guide.
NAME_CONTAINS_BONUS = 0.5
CHECK_INTERVAL = 1.0
SYNONYMS_PATH = Path(__file__).with_name("synonyms.yaml")
logging.getLogger("bm25s").setLevel(logging.WARNING)

# Extra words for the theme fields: the label and what people call it.
THEME_WORDS = {
    LifeEvent.BIRTH: "出生 生育 新生儿",
    LifeEvent.EDUCATION: "教育 上学 入学",
    LifeEvent.EMPLOYMENT: "就业 工作 创业",
    LifeEvent.LIVING: "生活 居住",
    LifeEvent.HOUSING: "置业 买房 住房",
    LifeEvent.TRAVEL: "出行 交通",
    LifeEvent.MEDICAL: "就医 医疗 看病",
    LifeEvent.RELIEF: "救助 社会救助 困难",
    LifeEvent.ELDERLY: "养老 退休 老年人",
    LifeEvent.AFTER_DEATH: "身后 死亡 丧葬",
    EnterpriseStage.ACCESS: "准入准营 开办企业 设立",
    EnterpriseStage.HIRING: "招聘用工 招工 用工",
    EnterpriseStage.TAX: "纳税缴费 税务 缴费",
    EnterpriseStage.OPERATION: "经营发展 经营",
    EnterpriseStage.CONSTRUCTION: "工程建设 建设项目",
    EnterpriseStage.EXIT: "注销退出 注销 关闭",
}


def load_synonyms(path: Path = SYNONYMS_PATH) -> dict[str, list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k).lower(): [str(w) for w in v] for k, v in data.items()}


def _bits(values, universe: list[str]) -> int:
    return sum(1 << universe.index(v) for v in values or [] if v in universe)


SERVICE_OBJECTS = list(ServiceObject.values)
LIFE_EVENTS = list(LifeEvent.values)
STAGES = list(EnterpriseStage.values)


@dataclass
class Doc:
    implementation_code: str
    base_id: int
    base_code: str
    name: str
    item_type: str
    department_code: str
    department_name: str
    region_code: str
    region_name: str
    region_path: str
    level: int
    keywords: list[str] = field(default_factory=list)


class SearchIndex:
    """An immutable snapshot of the searchable catalog."""

    def __init__(self, docs: list[Doc], texts: dict[str, list[str]], arrays: dict[str, np.ndarray], stamp):
        self.docs = docs
        self.stamp = stamp
        self.arrays = arrays
        self.names = [d.name.lower() for d in docs]
        self.synonyms = load_synonyms()
        tokenize.add_words(w for d in docs for w in d.keywords)
        tokenize.add_words(self.synonyms)
        tokenize.add_words(w for ws in self.synonyms.values() for w in ws)
        self.retrievers: dict[str, bm25s.BM25] = {}
        for name in FIELDS if docs else ():
            retriever = bm25s.BM25()
            retriever.index([tokenize.tokens(t) for t in texts[name]], show_progress=False)
            self.retrievers[name] = retriever

    def __len__(self) -> int:
        return len(self.docs)

    def expansion(self, query: str) -> list[str]:
        q = query.lower()
        return [w for key, words in self.synonyms.items() if key in q for w in words]

    def scores(self, terms: list[str], expanded: list[str]) -> np.ndarray:
        total = np.zeros(len(self.docs), dtype=np.float32)
        if not self.docs:
            return total
        for name, weight in FIELD_WEIGHTS.items():
            retriever = self.retrievers[name]
            if terms:
                total += weight * retriever.get_scores(terms)
            if expanded:
                total += weight * EXPANSION_WEIGHT * retriever.get_scores(expanded)
        return total


def _stamp() -> tuple:
    versions = ItemVersion.objects.aggregate(
        max_id=Max("id"),
        published=Max("published_at"),
        released=Count("id", filter=Q(status__in=[VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED])),
        retired=Count("id", filter=Q(status=VersionStatus.RETIRED)),
        closed=Count("effective_to"),
    )
    bases = BaseItem.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    impls = ItemImplementation.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    return (timezone.localdate(), tuple(versions.values()), tuple(bases.values()), tuple(impls.values()))


def _build(stamp) -> SearchIndex:
    today = timezone.localdate()
    rows = list(implementation_list(on=today).select_related("region", "department", "base"))
    version_ids = [r.current_version_id for r in rows]
    version_rows: dict[int, tuple[str, object]] = {}
    for start in range(0, len(version_ids), 2000):
        chunk = version_ids[start : start + 2000]
        for vid, conditions, effective_to in ItemVersion.objects.filter(pk__in=chunk).values_list(
            "id", "conditions", "effective_to"
        ):
            version_rows[vid] = (conditions, effective_to)
    docs: list[Doc] = []
    texts: dict[str, list[str]] = {f: [] for f in FIELDS}
    item_types: list[str] = []
    dept_codes: list[str] = []
    region_codes: list[str] = []
    objects, events, stages = [], [], []
    for r in rows:
        conditions, effective_to = version_rows.get(r.current_version_id, ("", None))
        if effective_to is not None and effective_to < today:
            continue  # withdrawn
        b = r.base
        docs.append(
            Doc(
                implementation_code=r.code,
                base_id=b.pk,
                base_code=b.code,
                name=b.name,
                item_type=b.item_type,
                department_code=r.department.code,
                department_name=r.department.name,
                region_code=r.region_id,
                region_name=r.region.name,
                region_path=r.region.path,
                level=r.level,
                keywords=list(b.keywords or []),
            )
        )
        texts["name"].append(b.name)
        texts["keywords"].append(" ".join(b.keywords or []))
        themes = [*(b.life_events or []), *(b.enterprise_stages or [])]
        theme_text = []
        for t in themes:
            label = LifeEvent(t).label if t in LIFE_EVENTS else (EnterpriseStage(t).label if t in STAGES else "")
            theme_text.append(f"{label} {THEME_WORDS.get(t, '')}")
        texts["themes"].append(" ".join(theme_text))
        texts["department"].append(f"{r.department.name} {r.department.short_name}")
        texts["conditions"].append(conditions or "")
        item_types.append(b.item_type)
        dept_codes.append(r.department.code)
        region_codes.append(r.region_id)
        objects.append(_bits(b.service_objects, SERVICE_OBJECTS))
        events.append(_bits(b.life_events, LIFE_EVENTS))
        stages.append(_bits(b.enterprise_stages, STAGES))
    arrays = {
        "item_type": np.array(item_types, dtype=object),
        "department": np.array(dept_codes, dtype=object),
        "region": np.array(region_codes, dtype=object),
        "objects": np.array(objects, dtype=np.int64),
        "events": np.array(events, dtype=np.int64),
        "stages": np.array(stages, dtype=np.int64),
        "base_id": np.array([d.base_id for d in docs], dtype=np.int64),
    }
    return SearchIndex(docs, texts, arrays, stamp)


class _Holder:
    def __init__(self) -> None:
        self.index: SearchIndex | None = None
        self.checked_at = 0.0
        self.dirty = True
        self.lock = threading.Lock()
        self.builds = 0
        self.last_build_seconds = 0.0


_holder = _Holder()


def search_index() -> SearchIndex:
    """The current index: built on first use, rebuilt when the catalog's stamp changed."""
    h = _holder
    now = time.monotonic()
    current = h.index
    if current is not None and not h.dirty and now - h.checked_at < CHECK_INTERVAL:
        return current
    with h.lock:
        if h.index is not None and not h.dirty and time.monotonic() - h.checked_at < CHECK_INTERVAL:
            return h.index
        h.dirty = False
        stamp = _stamp()
        if h.index is None or h.index.stamp != stamp:
            started = time.perf_counter()
            h.index = _build(stamp)
            h.last_build_seconds = time.perf_counter() - started
            h.builds += 1
        h.checked_at = time.monotonic()
        return h.index


def search_index_invalidate() -> None:
    """Drop this process's index; the next search rebuilds it."""
    with _holder.lock:
        _holder.index = None
        _holder.dirty = True


def search_index_stats() -> dict[str, float | int]:
    """Builds so far in this process, the last build's seconds and the number of documents."""
    index = _holder.index
    return {
        "builds": _holder.builds,
        "last_build_seconds": _holder.last_build_seconds,
        "documents": len(index) if index is not None else 0,
    }


def _mark_dirty(sender, **kwargs) -> None:
    _holder.dirty = True


for _model in (ItemVersion, BaseItem, ItemImplementation):
    post_save.connect(_mark_dirty, sender=_model, dispatch_uid=f"catalog_search_dirty_save_{_model.__name__}")
    post_delete.connect(_mark_dirty, sender=_model, dispatch_uid=f"catalog_search_dirty_delete_{_model.__name__}")
