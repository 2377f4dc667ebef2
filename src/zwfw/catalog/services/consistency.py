"""The consistency report: every rule broken in a region's implementation list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from zwfw.catalog.content import version_content
from zwfw.catalog.models import BaseItem, ItemImplementation
from zwfw.catalog.selectors import base_meta, in_force_version_id_subquery, versions_with_content
from zwfw.catalog.services.validation import version_violations


def catalog_consistency_report(*, region_code: str, on: dt.date | None = None) -> dict[str, Any]:
    """Check every active implementation in the region (and the regions under it) as in force
    on ``on`` (default today) against its graph rules and its base item.

    Returns ``{"region", "on", "checked", "with_violations", "violation_count", "items": [...]}``
    where each item is ``{"code", "name", "department", "version", "violations": [...]}``; items
    without a version in force are listed with the violation kind ``not_published``.
    Runs in a fixed number of queries whatever the list's size.
    """
    on = on or timezone.localdate()
    impls = list(
        ItemImplementation.objects.filter(is_active=True, region__path__contains=f"{region_code}/")
        .select_related("base", "department")
        .annotate(current_version_id=in_force_version_id_subquery(on))
        .order_by("code")
    )
    base_ids = {i.base_id for i in impls}
    bases = BaseItem.objects.filter(pk__in=base_ids).annotate(
        current_version_id=in_force_version_id_subquery(on, owner_field="base_item")
    )
    base_version_ids = {b.pk: b.current_version_id for b in bases}
    version_ids = [i.current_version_id for i in impls if i.current_version_id] + [
        vid for vid in base_version_ids.values() if vid
    ]
    versions = {v.pk: v for v in versions_with_content().filter(pk__in=version_ids)}
    contents = {pk: version_content(v) for pk, v in versions.items()}
    items = []
    for impl in impls:
        violations: list[dict[str, str]]
        v = versions.get(impl.current_version_id)
        if v is None or (v.effective_to is not None and v.effective_to < on):
            violations = [{"field": "version", "kind": "not_published", "message": f"{on}没有生效的已发布版本"}]
        else:
            base_vid = base_version_ids.get(impl.base_id)
            base_content = contents.get(base_vid)
            violations = version_violations(
                contents[v.pk],
                base_content=base_content,
                impl_meta={"code": impl.code},
                base_meta=base_meta(impl.base),
            )
            if base_content is None:
                violations.append(
                    {
                        "field": "base",
                        "kind": "base_unpublished",
                        "message": f"基本目录事项{impl.base.code}尚无生效版本",
                    }
                )
        items.append(
            {
                "code": impl.code,
                "name": impl.base.name,
                "department": impl.department.name,
                "version": v.number if v else None,
                "violations": violations,
            }
        )
    bad = [i for i in items if i["violations"]]
    return {
        "region": region_code,
        "on": on.isoformat(),
        "checked": len(items),
        "with_violations": len(bad),
        "violation_count": sum(len(i["violations"]) for i in items),
        "items": bad,
    }
