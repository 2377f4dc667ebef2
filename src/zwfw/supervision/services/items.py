"""监管事项清单: a department's supervision duties, bound to catalog items (read through catalog's
selectors; one supervision item may cover several catalog items, one catalog item may be
supervised by several departments)."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from zwfw.catalog import selectors as catalog_selectors
from zwfw.core.models import User
from zwfw.core.permissions import require
from zwfw.core.selectors.scope import department_scope_q
from zwfw.core.services.audit import audit_log_write
from zwfw.supervision import permissions as perms
from zwfw.supervision.errors import SupervisionError, SupervisionErrorCode
from zwfw.supervision.models import CheckMethod, SupervisionItem
from zwfw.supervision.services._base import bad, department_required


def _catalog_name(code: str) -> str:
    try:
        return catalog_selectors.implementation_get(code=code).name
    except Http404:
        pass
    try:
        return catalog_selectors.base_item_get(code=code).name
    except Http404:
        raise SupervisionError(SupervisionErrorCode.UNKNOWN_ITEM, detail={"code": code}, value=code) from None


@transaction.atomic
def supervision_item_create(
    *,
    actor: User,
    code: str,
    name: str,
    department_code: str,
    catalog_codes: list[str],
    basis: str,
    method: str = CheckMethod.ONSITE,
    frequency_per_year: int = 1,
) -> SupervisionItem:
    """Add a 监管事项 for a department within the actor's scope (403 outside it)."""
    require(actor, perms.ITEM_MANAGE)
    code, name, basis = (code or "").strip(), (name or "").strip(), (basis or "").strip()
    if not code or len(code) > 64:
        raise bad("监管事项编码", "必填，不超过64个字符", "code")
    if not name:
        raise bad("监管事项名称", "必填", "name")
    if not basis:
        raise bad("设定依据", "必填（法律法规条款）", "basis")
    if method not in CheckMethod.values:
        raise bad("监管方式", f"可选 {'、'.join(CheckMethod.values)}", "method")
    if not isinstance(frequency_per_year, int) or not 1 <= frequency_per_year <= 52:
        raise bad("检查频次", "应为每年1至52次", "frequency_per_year")
    codes = sorted({c.strip() for c in catalog_codes or [] if c and c.strip()})
    if not codes:
        raise bad("关联审批事项", "至少关联一个审批事项", "catalog_codes")
    for c in codes:
        _catalog_name(c)
    department = department_required(department_code)
    from zwfw.core.models import Department

    if actor is not None and not Department.objects.filter(department_scope_q(actor, ""), pk=department.pk).exists():
        raise bad("监管部门", "不在您的管理范围内", "department")
    if SupervisionItem.objects.filter(code=code).exists():
        raise bad("监管事项编码", f"“{code}”已存在", "code")
    item = SupervisionItem.objects.create(
        code=code,
        name=name[:200],
        department=department,
        catalog_codes=codes,
        basis=basis,
        method=method,
        frequency_per_year=frequency_per_year,
    )
    audit_log_write(
        actor=actor,
        action="zwfw.supervision.item.created",
        obj=item,
        after={"code": code, "department": department.code, "catalog_codes": codes},
        region_code=department.region_id or "",
    )
    return item
