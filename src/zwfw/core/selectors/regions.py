"""Region tree reads (GB/T 2260). Regions are public reference data: no scoping here.

"Is within" rests on the materialised ``Region.path`` (``"100000/510000/510100/510107/"``): a
subtree is one indexed prefix query, an ancestor list is the path split, at any depth.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from zwfw.core.models import Region


def _as_region(region: Region | str) -> Region:
    return region if isinstance(region, Region) else region_get(code=region)


def region_get(*, code: str) -> Region:
    """The region with ``code``; Http404 (API: 404 with the error body) when there is none."""
    region = Region.objects.select_related("parent").filter(code=str(code)).first()
    if region is None:
        raise Http404(f"区划代码{code}不存在")
    return region


def region_list(*, parent: str | None = None, level: int | None = None) -> QuerySet[Region]:
    """Regions ordered by code: the children of ``parent`` when given, filtered by ``level``."""
    qs = Region.objects.all()
    if parent:
        qs = qs.filter(parent_id=_as_region(parent).code)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("code")


def region_children(code: Region | str) -> QuerySet[Region]:
    return Region.objects.filter(parent_id=_as_region(code).code).order_by("code")


def region_subtree(code: Region | str, *, include_self: bool = True) -> QuerySet[Region]:
    """The region and everything inside it (one ``path LIKE 'prefix%'`` query)."""
    region = _as_region(code)
    qs = Region.objects.filter(path__startswith=region.path)
    if not include_self:
        qs = qs.exclude(code=region.code)
    return qs.order_by("path")


def region_ancestors(code: Region | str, *, include_self: bool = False) -> list[Region]:
    """The regions above ``code``, root first (中华人民共和国 → 四川省 → 成都市 for 武侯区)."""
    region = _as_region(code)
    codes = [c for c in region.path.split("/") if c]
    if not include_self:
        codes = codes[:-1]
    by_code = Region.objects.in_bulk(codes)
    return [by_code[c] for c in codes if c in by_code]


def region_is_within(a: Region | str, b: Region | str) -> bool:
    """True when ``a`` is ``b`` or lies inside it (武侯区 is within 成都市 and 四川省)."""
    return _as_region(a).is_within(_as_region(b))
