"""Base items (基本目录) and implementations (实施清单): create and update, audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zwfw.catalog.errors import CatalogError, CatalogErrorCode
from zwfw.catalog.models import (
    BaseItem,
    EnterpriseStage,
    ItemImplementation,
    ItemType,
    LicenceType,
    LifeEvent,
    ServiceObject,
)
from zwfw.core.models import Department, Region
from zwfw.core.services.audit import audit_log_write

BASE_FIELDS = (
    "name",
    "item_type",
    "legal_basis",
    "department_line",
    "levels",
    "service_objects",
    "keywords",
    "life_events",
    "enterprise_stages",
)


def base_item_snapshot(item: BaseItem) -> dict[str, Any]:
    return {"code": item.code, **{f: getattr(item, f) for f in BASE_FIELDS}}


def _check_base_fields(fields: dict[str, Any]) -> None:
    problems: dict[str, str] = {}
    if "item_type" in fields and fields["item_type"] not in ItemType.values:
        problems["item_type"] = f"事项类型“{fields['item_type']}”无效"
    if "name" in fields and not str(fields["name"]).strip():
        problems["name"] = "事项名称不能为空"
    for key, allowed in (
        ("service_objects", ServiceObject.values),
        ("life_events", LifeEvent.values),
        ("enterprise_stages", EnterpriseStage.values),
    ):
        bad = [v for v in fields.get(key, []) if v not in allowed]
        if bad:
            problems[key] = f"取值无效：{'、'.join(map(str, bad))}"
    bad_levels = [v for v in fields.get("levels", []) if v not in range(1, 8)]
    if bad_levels:
        problems["levels"] = "行使层级应为1–7"
    if problems:
        raise CatalogError(CatalogErrorCode.DRAFT_INVALID, detail=problems, count=len(problems))


@transaction.atomic
def base_item_create(
    *,
    actor,
    code: str,
    name: str,
    item_type: str,
    legal_basis: str = "",
    department_line: str = "",
    levels: list[int] | None = None,
    service_objects: list[str] | None = None,
    keywords: list[str] | None = None,
    life_events: list[str] | None = None,
    enterprise_stages: list[str] | None = None,
) -> BaseItem:
    """Add an entry to the base catalog. Its element table and graph come as a version."""
    fields = {
        "name": name,
        "item_type": item_type,
        "legal_basis": legal_basis,
        "department_line": department_line,
        "levels": list(levels or []),
        "service_objects": list(service_objects or []),
        "keywords": list(keywords or []),
        "life_events": list(life_events or []),
        "enterprise_stages": list(enterprise_stages or []),
    }
    _check_base_fields(fields)
    if BaseItem.objects.filter(code=code).exists():
        raise CatalogError(CatalogErrorCode.DUPLICATE_CODE, detail={"code": code}, code=code)
    item = BaseItem(code=code, **fields)
    item.save()
    audit_log_write(actor=actor, action="zwfw.catalog.base_item.created", obj=item, after=base_item_snapshot(item))
    return item


@transaction.atomic
def base_item_update(*, actor, base_item: BaseItem, **changes: Any) -> BaseItem:
    """Change a base item's list fields (name, type, basis, themes…). Implementations inherit
    name, type and basis, so a change here shows on every implementation at once."""
    unknown = set(changes) - set(BASE_FIELDS)
    if unknown:
        raise TypeError(f"unknown base item fields: {sorted(unknown)}")
    _check_base_fields(changes)
    item = BaseItem.objects.select_for_update().get(pk=base_item.pk)
    before = base_item_snapshot(item)
    for key, value in changes.items():
        setattr(item, key, value)
    after = base_item_snapshot(item)
    if before != after:
        item.save()
        audit_log_write(actor=actor, action="zwfw.catalog.base_item.updated", obj=item, before=before, after=after)
    return item


def implementation_snapshot(impl: ItemImplementation) -> dict[str, Any]:
    return {
        "code": impl.code,
        "base_code": impl.base.code,
        "region": impl.region_id,
        "level": impl.level,
        "department": impl.department.code,
        "is_active": impl.is_active,
    }


@transaction.atomic
def implementation_create(
    *, actor, base_item: BaseItem, code: str, region: Region, department: Department, level: int | None = None
) -> ItemImplementation:
    """Add an entry to a region's implementation list. Its content comes as a version, checked
    against the base item's when published."""
    if ItemImplementation.objects.filter(code=code).exists():
        raise CatalogError(CatalogErrorCode.DUPLICATE_CODE, detail={"code": code}, code=code)
    impl = ItemImplementation(
        base=base_item, code=code, region=region, department=department, level=level or region.level
    )
    impl.save()
    audit_log_write(
        actor=actor,
        action="zwfw.catalog.implementation.created",
        obj=impl,
        after=implementation_snapshot(impl),
        region_code=region.code,
    )
    return impl


@transaction.atomic
def implementation_update(
    *,
    actor,
    implementation: ItemImplementation,
    region: Region | None = None,
    department: Department | None = None,
    level: int | None = None,
    is_active: bool | None = None,
) -> ItemImplementation:
    impl = ItemImplementation.objects.select_for_update().select_related("base", "department").get(pk=implementation.pk)
    before = implementation_snapshot(impl)
    if region is not None:
        impl.region = region
    if department is not None:
        impl.department = department
    if level is not None:
        impl.level = level
    if is_active is not None:
        impl.is_active = is_active
    after = implementation_snapshot(impl)
    if before != after:
        impl.save()
        audit_log_write(
            actor=actor,
            action="zwfw.catalog.implementation.updated",
            obj=impl,
            before=before,
            after=after,
            region_code=impl.region_id,
        )
    return impl


@transaction.atomic
def licence_type_ensure(*, actor, code: str, name: str, issuer_line: str = "") -> LicenceType:
    """Create or update an e-licence type by code (audited when anything changes)."""
    row = LicenceType.objects.select_for_update().filter(code=code).first()
    before = None if row is None else {"code": row.code, "name": row.name, "issuer_line": row.issuer_line}
    after = {"code": code, "name": name, "issuer_line": issuer_line}
    if before == after:
        return row  # type: ignore[return-value]
    row = row or LicenceType(code=code)
    row.name, row.issuer_line = name, issuer_line
    row.save()
    verb = "created" if before is None else "updated"
    audit_log_write(actor=actor, action=f"zwfw.catalog.licence_type.{verb}", obj=row, before=before, after=after)
    return row
