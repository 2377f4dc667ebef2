"""Create regions and departments on behalf of other apps (imports of another province's data).

Reference data for Sichuan is seeded by migration 0003 and ``zwfw seed``; these services let an
importer (e.g. ``zwfw catalog import-gd``) add the regions and departments it needs without
reaching into core's models.
"""

from __future__ import annotations

from django.db import transaction

from zwfw.core.models import Department, Region
from zwfw.core.services.audit import audit_log_write
from zwfw.core.types import Actor


@transaction.atomic
def region_ensure(*, actor: Actor, code: str, name: str, level: int, parent_code: str | None = None) -> Region:
    """Return the region with ``code``, creating it (audited) when it does not exist yet."""
    region = Region.objects.filter(code=code).first()
    if region is not None:
        return region
    parent = Region.objects.get(code=parent_code) if parent_code else None
    region = Region(code=code, name=name, level=level, parent=parent)
    region.save()
    audit_log_write(
        actor=actor,
        action="zwfw.core.region.created",
        obj=region,
        after={"code": code, "name": name, "level": level, "parent": parent_code},
        region_code=code,
    )
    return region


@transaction.atomic
def department_ensure(
    *,
    actor: Actor,
    code: str,
    name: str,
    region_code: str,
    level: int,
    line: str = "",
    short_name: str = "",
    uscc: str = "",
    parent_code: str | None = None,
) -> Department:
    """Return the department with ``code``, creating it (audited) when it does not exist yet."""
    department = Department.objects.filter(code=code).first()
    if department is not None:
        return department
    parent = Department.objects.get(code=parent_code) if parent_code else None
    department = Department(
        code=code,
        name=name,
        short_name=short_name,
        uscc=uscc,
        region=Region.objects.get(code=region_code),
        level=level,
        line=line,
        parent=parent,
    )
    department.save()
    audit_log_write(
        actor=actor,
        action="zwfw.core.department.created",
        obj=department,
        after={"code": code, "name": name, "region": region_code, "level": level, "line": line},
        region_code=region_code,
    )
    return department
