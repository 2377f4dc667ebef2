"""Reads for the catalog's pages that :mod:`zwfw.catalog.selectors` does not offer: the portal's
filter choices and list page, search hits resolved to implementations, and the review queue.

Each runs in a fixed number of queries whatever the page size (tested with query counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q

from zwfw.catalog import selectors
from zwfw.catalog.models import (
    EnterpriseStage,
    ItemImplementation,
    ItemType,
    ItemVersion,
    LifeEvent,
    VersionStatus,
)
from zwfw.core.models import Department, DepartmentLevel, Region
from zwfw.core.selectors.scope import department_scope_q, user_scope

PAGE_SIZE = 20

#: 个人/法人 on the portal → the base item's service objects.
AUDIENCES = {"person": ("个人办事", "person"), "enterprise": ("法人办事", "enterprise")}


@dataclass(frozen=True)
class PortalFilters:
    region: str = ""
    department: str = ""
    item_type: str = ""
    audience: str = ""
    life_event: str = ""
    enterprise_stage: str = ""

    @classmethod
    def from_query(cls, query) -> PortalFilters:
        """Parse ``request.GET``; unknown values are dropped (a bad filter shows everything, not a 500)."""
        item_type = query.get("item_type", "")
        audience = query.get("audience", "")
        life_event = query.get("life_event", "")
        stage = query.get("enterprise_stage", "")
        return cls(
            region=query.get("region", "")[:12] if query.get("region", "").isdigit() else "",
            department=query.get("department", "")[:32],
            item_type=item_type if item_type in ItemType.values else "",
            audience=audience if audience in AUDIENCES else "",
            life_event=life_event if life_event in LifeEvent.values else "",
            enterprise_stage=stage if stage in EnterpriseStage.values else "",
        )

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class PortalRow:
    code: str
    name: str
    item_type_label: str
    region_name: str
    department_name: str
    promised_limit_days: int | None
    legal_limit_days: int | None
    online_depth: int
    visits: int
    fee_charged: bool


def portal_filter_options() -> dict[str, list[tuple[str, str]]]:
    """Choices for the portal's filters: regions and departments that have active items (2 queries)."""
    impls = ItemImplementation.objects.filter(is_active=True)
    regions = Region.objects.filter(pk__in=impls.values("region")).order_by("code").values_list("code", "name")
    departments = (
        Department.objects.filter(pk__in=impls.values("department"))
        .order_by("region_id", "code")
        .values_list("code", "name")
    )
    return {
        "regions": list(regions),
        "departments": list(departments),
        "item_types": list(ItemType.choices),
        "audiences": [(k, label) for k, (label, _) in AUDIENCES.items()],
        "life_events": list(LifeEvent.choices),
        "enterprise_stages": list(EnterpriseStage.choices),
    }


def _row(impl: ItemImplementation, version: ItemVersion | None) -> PortalRow:
    base = impl.base
    return PortalRow(
        code=impl.code,
        name=base.name,
        item_type_label=str(ItemType(base.item_type).label) if base.item_type in ItemType.values else "",
        region_name=impl.region.name,
        department_name=impl.department.name,
        promised_limit_days=version.promised_limit_days if version else None,
        legal_limit_days=version.legal_limit_days if version else None,
        online_depth=version.online_depth if version else 1,
        visits=version.visits if version else 0,
        fee_charged=version.fee_charged if version else False,
    )


def portal_page(filters: PortalFilters, *, page: Any = 1, per_page: int = PAGE_SIZE) -> tuple[Page, list[PortalRow]]:
    """One page of published items matching ``filters`` (count, page, versions: 3 queries)."""
    audience = AUDIENCES.get(filters.audience, ("", None))[1]
    qs = selectors.implementation_list(
        region=filters.region or None,
        department=filters.department or None,
        item_type=filters.item_type or None,
        service_object=audience,
        life_event=filters.life_event or None,
        enterprise_stage=filters.enterprise_stage or None,
    )
    page_obj = Paginator(qs, per_page).get_page(page)
    impls = list(page_obj.object_list)
    versions = selectors.versions_by_id([i.current_version_id for i in impls])
    return page_obj, [_row(i, versions.get(i.current_version_id)) for i in impls]


def rows_for_codes(codes: list[str]) -> list[PortalRow]:
    """Portal rows for implementation codes in the given order (search hits); codes that are not
    published or not active are left out. Two queries."""
    by_code = {i.code: i for i in selectors.implementation_list().filter(code__in=codes)}
    versions = selectors.versions_by_id([i.current_version_id for i in by_code.values()])
    return [_row(by_code[c], versions.get(by_code[c].current_version_id)) for c in codes if c in by_code]


def review_queue_for(*, user) -> list[ItemVersion]:
    """Versions waiting for review (待审核) that ``user`` may approve: implementations whose
    department is in the user's scope, and base items of the user's line when the user sits in
    a provincial department (the same rule as :func:`zwfw.catalog.permissions.in_scope`)."""
    scope = user_scope(user)
    q = Q(implementation__isnull=False) & department_scope_q(user, "implementation__department")
    if scope.everything:
        q = Q()
    else:
        dept = user.department if getattr(user, "department_id", None) else None
        if dept is not None and dept.level == DepartmentLevel.PROVINCE and dept.line:
            q |= Q(base_item__department_line=dept.line)
    return list(
        ItemVersion.objects.filter(status=VersionStatus.REVIEW)
        .filter(q)
        .select_related(
            "implementation__base",
            "implementation__department",
            "implementation__region",
            "base_item",
            "created_by",
        )
        .order_by("submitted_at", "pk")
    )
