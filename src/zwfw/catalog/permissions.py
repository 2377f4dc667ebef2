"""Who may do what in the catalog, in one place (used by the API, pages and admin alike).

``zwfw.core`` has no permission registry yet, so the catalog keeps its table here:

- ``catalog.version.edit`` (create, update, submit a draft): 部门管理员 (dept_admin) of the
  item's department or a department above it; for a base item, a provincial dept_admin of the
  base item's line.
- ``catalog.version.approve`` / reject: 部门审批人员 (reviewer) in the same scope, never the
  version's own drafter.
- ``catalog.version.view_unpublished``: anyone who may edit or approve in that scope.
- ``catalog.report.view`` (consistency report, validation): dept_admin, reviewer.
- ``catalog.import``: platform_admin.
- everything: platform_admin (平台管理员) and superusers.

Scope: a user's own department and its sub-departments (``Department.path`` prefix), plus
unexpired :class:`~zwfw.core.models.ScopeGrant` departments.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from zwfw.core.models import Department, RegionLevel, Role, ScopeGrant

EDIT = "catalog.version.edit"
APPROVE = "catalog.version.approve"
VIEW_UNPUBLISHED = "catalog.version.view_unpublished"
REPORT = "catalog.report.view"
IMPORT = "catalog.import"

ROLES: dict[str, frozenset[str]] = {
    EDIT: frozenset({Role.DEPT_ADMIN}),
    APPROVE: frozenset({Role.REVIEWER}),
    VIEW_UNPUBLISHED: frozenset({Role.DEPT_ADMIN, Role.REVIEWER}),
    REPORT: frozenset({Role.DEPT_ADMIN, Role.REVIEWER}),
    IMPORT: frozenset(),
}


def _is_admin(user) -> bool:
    return bool(user and user.is_authenticated and getattr(user, "is_platform_admin", False))


def _scope_paths(user) -> list[str]:
    paths = []
    if user.department_id:
        paths.append(user.department.path)
    grants = ScopeGrant.objects.filter(user=user, department__isnull=False).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    )
    paths += [g.department.path for g in grants.select_related("department")]
    return paths


def _department_in_scope(user, department: Department) -> bool:
    return any(department.path.startswith(p) for p in _scope_paths(user))


def can(user, action: str, *, implementation=None, base_item=None) -> bool:
    """True when ``user`` may do ``action`` on the item (an implementation or a base item)."""
    if not (user and user.is_authenticated):
        return False
    if _is_admin(user):
        return True
    if user.role not in ROLES[action]:
        return False
    if implementation is not None:
        return _department_in_scope(user, implementation.department)
    if base_item is not None:
        dept = user.department
        return bool(
            dept is not None
            and dept.level == RegionLevel.PROVINCE
            and base_item.department_line
            and dept.line == base_item.department_line
        )
    return True


def require(user, action: str, **target) -> None:
    if not (user and user.is_authenticated):
        from ninja.errors import AuthenticationError

        raise AuthenticationError()
    if not can(user, action, **target):
        raise PermissionDenied("无权执行此操作")


def can_on_version(user, action: str, version) -> bool:
    if version.implementation_id:
        return can(user, action, implementation=version.implementation)
    return can(user, action, base_item=version.base_item)


def department_scope_q(user, prefix: str = "department__path") -> Q:
    """A filter for rows whose department is in the user's scope (everything for admins)."""
    if _is_admin(user):
        return Q()
    q = Q(pk__in=[])
    for path in _scope_paths(user):
        q |= Q(**{f"{prefix}__startswith": path})
    return q
