"""The synonym table used by query understanding: colloquial word → official words.

Four sources, merged in this order (a later one overrides an earlier one with the same key):

0. the general lexicon, ``lexicon.yaml`` beside this module: everyday words for family, money,
   papers, work, study, travel, health and the law → the administrative words items use
   (老公 → 配偶, 欠条 → 借据, 国考 → 公务员录用考试, 电子眼 → 交通技术监控设备), written from
   general knowledge for questions nobody has written yet (issue 10 item 5, third round);
1. the shipped defaults, ``synonyms.yaml`` beside this module (general words residents use for
   any item, reviewed like code);
2. the 百姓体 glossary read backwards: :data:`zwfw.catalog.glossary.JARGON` turns official
   terms into plain words for the plain-language guide ("核发" → "发放", "法定代表人" → "法人代表");
   a resident who learnt the plain word from a guide searches with it, so the plain word maps
   back to the official term;
3. the editors' table, :class:`~zwfw.catalog.models.SearchSynonym` (admin, API
   ``/api/v1/catalog/search/synonyms``): an active row adds or replaces a key, an inactive row
   removes a default.

Beneath all three, :func:`zwfw.catalog.search.item_search` adds the abbreviations mined from the
catalog's aliases (:func:`zwfw.catalog.search.index.mine_abbreviations`, held by the index); an
inactive editors' row switches a mined entry off too (:func:`synonyms_switched_off`).

The merged table is cached per process and re-read when the editors' table changes (a cheap
count/max(updated_at) check at most once per :data:`CHECK_INTERVAL` seconds, at once after a
save in this process). Names and aliases of the items themselves need no table: they are in the
index (name and keyword fields), and queries are cut into the index's own vocabulary.
"""

from __future__ import annotations

import threading
import time
from functools import cache
from pathlib import Path

import yaml
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save

from zwfw.catalog.errors import CatalogError, CatalogErrorCode
from zwfw.catalog.glossary import JARGON
from zwfw.catalog.models import SearchSynonym
from zwfw.catalog.search.understand import normalise
from zwfw.core.models import RegionLevel
from zwfw.core.selectors.scope import user_scope
from zwfw.core.services.audit import audit_log_write

SYNONYMS_PATH = Path(__file__).with_name("synonyms.yaml")
LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")
# Switched off to measure the engine as it was before the third round (bench/catalog_search.py).
LEXICON_ENABLED = True
CHECK_INTERVAL = 1.0
MAX_TERM = 32
MAX_WORDS = 10


def _yaml_read(path: Path) -> dict:
    """A YAML mapping, parsed with libyaml when PyYAML has it (the lexicon parses ~8× faster:
    it is read by every new process at its first search)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506 (a safe loader)


@cache
def shipped_synonyms() -> dict[str, list[str]]:
    """The defaults of ``synonyms.yaml`` (keys lower-cased)."""
    data = _yaml_read(SYNONYMS_PATH)
    return {str(k).lower(): [str(w) for w in v] for k, v in data.items()}


@cache
def general_lexicon() -> dict[str, list[str]]:
    """The general everyday → administrative words of ``lexicon.yaml`` (keys lower-cased)."""
    data = _yaml_read(LEXICON_PATH)
    return {str(k).lower(): [str(w) for w in v] for k, v in data.items()}


@cache
def plain_language_synonyms() -> dict[str, list[str]]:
    """The 百姓体 glossary backwards: plain word (2+ characters) → the official term(s)."""
    out: dict[str, list[str]] = {}
    for official, plain in JARGON.items():
        if len(plain) >= 2 and plain != official and plain.isalpha():
            out.setdefault(plain.lower(), []).append(official)
    return out


class _Cache:
    def __init__(self) -> None:
        self.table: dict[str, list[str]] | None = None
        self.off: frozenset[str] = frozenset()
        self.stamp: tuple | None = None
        self.checked_at = 0.0
        self.dirty = True
        self.lock = threading.Lock()


_cache = _Cache()


def _stamp() -> tuple:
    agg = SearchSynonym.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    return (agg["n"], agg["changed"])


def _merge() -> dict[str, list[str]]:
    table = {**general_lexicon()} if LEXICON_ENABLED else {}
    table.update(shipped_synonyms())
    for key, words in plain_language_synonyms().items():
        table.setdefault(key, words)
    for term, official, active in SearchSynonym.objects.values_list("term", "official", "is_active"):
        key = term.strip().lower()
        if not key:
            continue
        if active and official:
            table[key] = [str(w) for w in official]
        else:
            table.pop(key, None)
    return table


def synonym_table() -> dict[str, list[str]]:
    """The merged table (read-only for callers)."""
    c = _cache
    if c.table is not None and not c.dirty and time.monotonic() - c.checked_at < CHECK_INTERVAL:
        return c.table
    with c.lock:
        c.dirty = False
        stamp = _stamp()
        if c.table is None or stamp != c.stamp:
            c.table = _merge()
            c.off = frozenset(
                t.strip().lower() for t in SearchSynonym.objects.filter(is_active=False).values_list("term", flat=True)
            )
            c.stamp = stamp
        c.checked_at = time.monotonic()
        return c.table


def synonyms_switched_off() -> frozenset[str]:
    """Terms of the editors' inactive rows (they also switch off abbreviations mined from the
    catalog, which the index holds); as of the last :func:`synonym_table` refresh."""
    return _cache.off


def synonym_table_invalidate() -> None:
    with _cache.lock:
        _cache.table = None
        _cache.dirty = True


# --- the editors' table: reads and services ---------------------------------------------------


def search_synonym_list(*, active: bool | None = None) -> list[SearchSynonym]:
    """The editors' rows (public vocabulary, no personal data), by term."""
    qs = SearchSynonym.objects.select_related("updated_by").order_by("term")
    if active is not None:
        qs = qs.filter(is_active=active)
    return list(qs)


def search_synonym_get(*, synonym_id: int) -> SearchSynonym:
    row = SearchSynonym.objects.filter(pk=synonym_id).first()
    if row is None:
        raise CatalogError(CatalogErrorCode.SYNONYM_NOT_FOUND)
    return row


def synonym_clean(term: str, official: list[str]) -> tuple[str, list[str]]:
    """``(term, official words)`` normalised; :class:`CatalogError` ``catalog_synonym_invalid``."""
    key = normalise(term)
    if not key:
        raise CatalogError(CatalogErrorCode.SYNONYM_INVALID, reason="口语说法不能为空")
    if len(key) > MAX_TERM:
        raise CatalogError(CatalogErrorCode.SYNONYM_INVALID, reason=f"口语说法不能超过{MAX_TERM}字")
    if len(official or []) > MAX_WORDS:
        raise CatalogError(CatalogErrorCode.SYNONYM_INVALID, reason=f"规范用语最多{MAX_WORDS}个")
    words: list[str] = []
    for w in official or []:
        w = normalise(str(w))
        if w and w not in words:
            words.append(w)
    if not words:
        raise CatalogError(CatalogErrorCode.SYNONYM_INVALID, reason="至少填写一个规范用语")
    if len(words) > MAX_WORDS or any(len(w) > MAX_TERM for w in words):
        raise CatalogError(
            CatalogErrorCode.SYNONYM_INVALID, reason=f"规范用语最多{MAX_WORDS}个，每个不超过{MAX_TERM}字"
        )
    if words == [key]:
        raise CatalogError(CatalogErrorCode.SYNONYM_INVALID, reason="规范用语与口语说法相同")
    return key, words


def synonyms_changeable_by(actor) -> bool:
    """The table changes what every city's search finds: a city's or county's department admin may
    read it and the query log, only a provincial one (or the platform admin) may change it. ``None``
    is the system (commands, the demo loader)."""
    if actor is None or user_scope(actor).everything:
        return True
    region = getattr(actor, "region", None)
    return region is not None and region.level <= RegionLevel.PROVINCE


def _require_province_wide(actor) -> None:
    if not synonyms_changeable_by(actor):
        raise CatalogError(CatalogErrorCode.SYNONYM_NOT_PROVINCE_WIDE)


def _snapshot(row: SearchSynonym) -> dict:
    return {"term": row.term, "official": row.official, "note": row.note, "is_active": row.is_active}


@transaction.atomic
def search_synonym_create(
    *, actor, term: str, official: list[str], note: str = "", is_active: bool = True
) -> SearchSynonym:
    """Add a row to the editors' table (audited); the next search in every process uses it."""
    _require_province_wide(actor)
    key, words = synonym_clean(term, official)
    row = SearchSynonym(term=key, official=words, note=(note or "")[:200], is_active=is_active, updated_by=actor)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise CatalogError(CatalogErrorCode.SYNONYM_EXISTS, term=key) from exc
    audit_log_write(actor=actor, action="zwfw.catalog.search_synonym.created", obj=row, after=_snapshot(row))
    return row


@transaction.atomic
def search_synonym_update(
    *,
    actor,
    synonym_id: int,
    term: str | None = None,
    official: list[str] | None = None,
    note: str | None = None,
    is_active: bool | None = None,
) -> SearchSynonym:
    """Change a row (locked while it changes, audited with before and after)."""
    _require_province_wide(actor)
    row = SearchSynonym.objects.select_for_update().filter(pk=synonym_id).first()
    if row is None:
        raise CatalogError(CatalogErrorCode.SYNONYM_NOT_FOUND)
    before = _snapshot(row)
    key, words = synonym_clean(row.term if term is None else term, row.official if official is None else official)
    row.term, row.official = key, words
    if note is not None:
        row.note = note[:200]
    if is_active is not None:
        row.is_active = is_active
    row.updated_by = actor
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise CatalogError(CatalogErrorCode.SYNONYM_EXISTS, term=key) from exc
    audit_log_write(
        actor=actor, action="zwfw.catalog.search_synonym.updated", obj=row, before=before, after=_snapshot(row)
    )
    return row


@transaction.atomic
def search_synonym_delete(*, actor, synonym_id: int) -> None:
    _require_province_wide(actor)
    row = SearchSynonym.objects.select_for_update().filter(pk=synonym_id).first()
    if row is None:
        raise CatalogError(CatalogErrorCode.SYNONYM_NOT_FOUND)
    audit_log_write(actor=actor, action="zwfw.catalog.search_synonym.deleted", obj=row, before=_snapshot(row))
    row.delete()


def _mark_dirty(sender, **kwargs) -> None:
    _cache.dirty = True


post_save.connect(_mark_dirty, sender=SearchSynonym, dispatch_uid="catalog_search_synonym_saved")
post_delete.connect(_mark_dirty, sender=SearchSynonym, dispatch_uid="catalog_search_synonym_deleted")
