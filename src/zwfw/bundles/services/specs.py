"""Engine inputs from the catalog: one :class:`~zwfw.bundles.engine.ItemSpec` per implementation,
from its version **in force today** (PLATFORM.md "one source").

Released versions are frozen (docs/catalog.md: from review on, content never changes), so a spec
built from version *v* stays right for as long as *v* exists: specs are cached by version id and
publication time (the second part guards against an id reused after a test database rollback).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from threading import Lock
from typing import Any

from zwfw.bundles.engine import ItemSpec
from zwfw.bundles.errors import BundleError, BundleErrorCode
from zwfw.catalog.selectors import implementation_list, version_content_get, versions_by_id, versions_with_content

MAX_ITEMS = 40
_CACHE_SIZE = 4096
_cache: dict[tuple, ItemSpec] = {}
_lock = Lock()


@dataclass(frozen=True)
class ItemSource:
    """An implementation and the version in force its spec was built from."""

    implementation_code: str
    base_code: str
    name: str
    region_code: str
    department_code: str
    department_name: str
    version_id: int
    version_number: int
    spec: ItemSpec


def item_sources(implementation_codes: Sequence[str]) -> list[ItemSource]:
    """Specs for the given implementation codes, in the given order.

    Raises 422 ``bundle_no_items`` / ``bundle_too_many_items`` / ``bundle_unknown_item`` (an
    unknown, inactive or unpublished item) / ``bundle_duplicate_item`` (two implementations of one
    base item). Two queries plus one content load per version not seen before.
    """
    codes = [str(c).strip() for c in implementation_codes if str(c).strip()]
    if not codes:
        raise BundleError(BundleErrorCode.NO_ITEMS)
    if len(codes) > MAX_ITEMS:
        raise BundleError(BundleErrorCode.TOO_MANY_ITEMS, detail={"limit": MAX_ITEMS}, limit=MAX_ITEMS)
    rows = {impl.code: impl for impl in implementation_list().filter(code__in=set(codes))}
    missing = [c for c in codes if c not in rows]
    if missing:
        raise BundleError(BundleErrorCode.UNKNOWN_ITEM, detail={"codes": missing}, item="、".join(missing))
    seen: dict[str, str] = {}
    for code in codes:
        base = rows[code].base
        if base.code in seen:
            raise BundleError(BundleErrorCode.DUPLICATE_ITEM, detail={"codes": [seen[base.code], code]}, name=base.name)
        seen[base.code] = code
    # current_version_id: annotated by catalog's implementation_list(), which django-stubs cannot see
    wanted = {rows[c].current_version_id for c in codes}  # type: ignore[attr-defined]
    versions: dict[int, Any] = {}
    light = versions_by_id(list(wanted))
    for vid, version in light.items():
        if _key(version) not in _cache:
            versions[vid] = None
    if versions:
        for version in versions_with_content().filter(pk__in=list(versions)):
            versions[version.pk] = version
    out = []
    for code in codes:
        impl = rows[code]
        version = light[impl.current_version_id]  # type: ignore[attr-defined]  # annotated, see above
        key = _key(version)
        spec = _cache.get(key)
        if spec is None:
            spec = _spec(impl, versions[version.pk])
            with _lock:
                if len(_cache) >= _CACHE_SIZE:
                    _cache.clear()
                _cache[key] = spec
        out.append(
            ItemSource(
                implementation_code=impl.code,
                base_code=impl.base.code,
                name=impl.base.name,
                region_code=impl.region_id,
                department_code=impl.department.code,
                department_name=impl.department.name,
                version_id=version.pk,
                version_number=version.number,
                spec=spec,
            )
        )
    return out


def versions_in_force(implementation_codes: Sequence[str]) -> dict[str, int]:
    """Implementation code → id of its version in force today (codes without one left out)."""
    rows = implementation_list().filter(code__in=set(implementation_codes))
    return {impl.code: impl.current_version_id for impl in rows}  # type: ignore[attr-defined]  # annotated


def _key(version) -> tuple:
    return (version.pk, version.number, version.published_at)


def _spec(impl, version) -> ItemSpec:
    content = version_content_get(version)
    base = {"code": impl.base.code, "name": impl.base.name, "department_line": impl.base.department_line}
    implementation = {
        "base_code": impl.base.code,
        "code": impl.code,
        "department": impl.department.code,
        "elements": content["elements"],
        "graph": content["graph"],
    }
    return ItemSpec.from_interchange(base, implementation)


def spec_cache_clear() -> None:
    """Forget every cached spec (tests that rewrite versions behind the services' back)."""
    with _lock:
        _cache.clear()
