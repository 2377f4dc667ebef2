"""诉求事项目录 (the category tree) and the versioned 权责清单 (responsibility table).

Routing is data: a published :class:`ResponsibilityVersion` maps category × region → department
(派单目录, 国办函〔2025〕66号). A new version is drafted, filled and published; publishing retires
the previous one in the same transaction, so exactly one version routes at any time, and orders
already dispatched keep their department.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from zwfw.core.models import Department, Region
from zwfw.core.permissions import require
from zwfw.core.services.audit import audit_log_write
from zwfw.hotline import permissions as perms
from zwfw.hotline.errors import HotlineError, HotlineErrorCode
from zwfw.hotline.models import Category, ResponsibilityRule, ResponsibilityVersion, ResponsibilityVersionStatus


def _child_code(parent: Category | None, siblings: int, prefix: str) -> str:
    if parent is None:
        return f"{prefix}{siblings + 1:02d}"
    width = 2 if parent.level == 1 else 3
    return f"{parent.code}.{siblings + 1:0{width}d}"


def category_ensure(*, name: str, parent: Category | None = None, source: str = "", prefix: str = "C") -> Category:
    """The category ``name`` under ``parent``, created with the next free code when missing."""
    name = name.strip()
    existing = Category.objects.filter(parent=parent, name=name).first()
    if existing is not None:
        return existing
    siblings = Category.objects.filter(parent=parent)
    if parent is None:
        siblings = siblings.filter(code__startswith=prefix)
    code = _child_code(parent, siblings.count(), prefix)
    while Category.objects.filter(code=code).exists():  # a gap left by a removed node
        code = code + "x"
    return Category.objects.create(
        code=code, name=name, parent=parent, level=(parent.level + 1) if parent else 1, source=source
    )


def category_tree_import(*, actor, rows: Iterable[Iterable[str]], source: str, prefix: str = "C") -> dict:
    """Import a multi-level tree given as rows of names (一级分类, 二级分类, 三级分类 …).

    Empty cells end a row early; rows that repeat a path are no-ops (idempotent import).
    Returns ``{"rows": n, "created": n, "levels": {1: n, 2: n, 3: n}}``.
    """
    if actor is not None:
        require(actor, perms.CATALOG_MANAGE)
    before = Category.objects.count()
    n = 0
    with transaction.atomic():
        for row in rows:
            parent = None
            for cell in row:
                name = str(cell or "").strip()
                if not name:
                    break
                parent = category_ensure(name=name, parent=parent, source=source, prefix=prefix)
            n += 1
        created = Category.objects.count() - before
        levels = {lvl: Category.objects.filter(level=lvl).count() for lvl in (1, 2, 3)}
        audit_log_write(
            actor=actor,
            action="zwfw.hotline.category.imported",
            object_type="hotline.category",
            object_id=source,
            after={"rows": n, "created": created, "source": source},
        )
    return {"rows": n, "created": created, "levels": levels}


def category_tree_read_xlsx(path) -> list[list[str]]:
    """Rows of the three-level tree workbook (header 一级分类, 二级分类, 三级分类)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    ws = wb.worksheets[0]
    rows = []
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        cells = [str(c).strip() if c is not None else "" for c in row[:3]]
        if i == 0 and cells and cells[0] == "一级分类":
            continue
        if any(cells):
            rows.append(cells)
    wb.close()
    return rows


def responsibility_version_create(
    *, actor, rules: Iterable[tuple[str, str, str]], note: str = "", copy_current: bool = False
) -> ResponsibilityVersion:
    """A new draft version from ``(category_code, region_code, department_code)`` triples.

    ``copy_current`` starts from the published version's rules (the triples then add or replace).
    Unknown codes are 422 naming the code.
    """
    if actor is not None:
        require(actor, perms.CATALOG_MANAGE)
    with transaction.atomic():
        last = ResponsibilityVersion.objects.select_for_update().order_by("-number").first()
        version = ResponsibilityVersion.objects.create(number=(last.number + 1) if last else 1, note=note[:200])
        cells: dict[tuple[int, str], int] = {}
        if copy_current:
            current = ResponsibilityVersion.objects.filter(status=ResponsibilityVersionStatus.PUBLISHED).first()
            if current is not None:
                for r in current.rules.all():
                    cells[(r.category_id, r.region_id)] = r.department_id
        categories = {c.code: c.pk for c in Category.objects.only("id", "code")}
        for category_code, region_code, department_code in rules:
            if category_code not in categories:
                raise HotlineError(HotlineErrorCode.UNKNOWN_CATEGORY, value=category_code)
            if not Region.objects.filter(code=region_code).exists():
                raise HotlineError(HotlineErrorCode.UNKNOWN_REGION, value=region_code)
            dept = Department.objects.filter(code=department_code).values_list("pk", flat=True).first()
            if dept is None:
                raise HotlineError(HotlineErrorCode.UNKNOWN_DEPARTMENT, value=department_code)
            cells[(categories[category_code], region_code)] = dept
        ResponsibilityRule.objects.bulk_create(
            ResponsibilityRule(version=version, category_id=c, region_id=r, department_id=d)
            for (c, r), d in cells.items()
        )
        audit_log_write(
            actor=actor,
            action="zwfw.hotline.responsibility.version_created",
            obj=version,
            after={"number": version.number, "rules": len(cells), "note": note},
        )
    return version


def responsibility_version_publish(*, actor, version_id: int) -> ResponsibilityVersion:
    """Publish a draft; the version in force until now is retired in the same transaction."""
    if actor is not None:
        require(actor, perms.CATALOG_MANAGE)
    with transaction.atomic():
        version = ResponsibilityVersion.objects.select_for_update().get(pk=version_id)
        if version.status != ResponsibilityVersionStatus.DRAFT:
            raise HotlineError(
                HotlineErrorCode.VERSION_STATE,
                number=version.number,
                status=version.get_status_display(),
                action="发布",
            )
        previous = list(
            ResponsibilityVersion.objects.select_for_update()
            .filter(status=ResponsibilityVersionStatus.PUBLISHED)
            .values_list("number", flat=True)
        )
        ResponsibilityVersion.objects.filter(status=ResponsibilityVersionStatus.PUBLISHED).update(
            status=ResponsibilityVersionStatus.RETIRED
        )
        version.status = ResponsibilityVersionStatus.PUBLISHED
        version.published_at = timezone.now()
        version.save(update_fields=["status", "published_at"])
        audit_log_write(
            actor=actor,
            action="zwfw.hotline.responsibility.version_published",
            obj=version,
            before={"published": previous},
            after={"published": version.number},
        )
    return version
