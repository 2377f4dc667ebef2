"""Who may do what in the catalog: actions registered in :mod:`zwfw.core.permissions`, plus the
item scope (which items), used by the API, the admin and the services alike.

Actions (role table in :mod:`zwfw.core.permissions`, registered when the app loads):

- ``catalog.item.view`` — everybody, anonymous included: published data is public.
- ``catalog.version.edit`` (create, update, submit a draft) — 部门管理员 (dept_admin).
- ``catalog.version.approve`` (approve or reject a version in review) — 部门审批人员 (reviewer),
  never the version's own drafter (a service rule).
- ``catalog.version.view_unpublished`` — dept_admin and reviewer.
- ``catalog.report.view`` (consistency report) — dept_admin and reviewer.
- ``catalog.catalog.import`` — platform_admin.
- ``catalog.search.edit`` (the search synonym table and the query log) — dept_admin.
- ``catalog.cross_region.edit`` (the 川渝通办 / 跨域通办 item list) — platform_admin.
Platform admins (and superusers) hold all of them, everywhere.

Scope (which items): an implementation is in a user's scope when its department lies in the
user's department subtree or a granted department (:func:`zwfw.core.selectors.scope.user_scope`);
a base item when the user belongs to the provincial department of the base item's line.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from zwfw.core import permissions as core_permissions
from zwfw.core.models import RegionLevel, Role
from zwfw.core.selectors.scope import user_scope

VIEW = "catalog.item.view"
EDIT = "catalog.version.edit"
APPROVE = "catalog.version.approve"
VIEW_UNPUBLISHED = "catalog.version.view_unpublished"
REPORT = "catalog.report.view"
IMPORT = "catalog.catalog.import"
SEARCH_EDIT = "catalog.search.edit"
CROSS_REGION_EDIT = "catalog.cross_region.edit"

_ADMIN = Role.PLATFORM_ADMIN
core_permissions.register(VIEW, core_permissions.ALL_ROLES, "查看事项目录", public=True)
core_permissions.register(EDIT, {Role.DEPT_ADMIN, _ADMIN}, "编制事项版本")
core_permissions.register(APPROVE, {Role.REVIEWER, _ADMIN}, "审核事项版本")
core_permissions.register(VIEW_UNPUBLISHED, {Role.DEPT_ADMIN, Role.REVIEWER, _ADMIN}, "查看未发布的事项版本")
core_permissions.register(REPORT, {Role.DEPT_ADMIN, Role.REVIEWER, _ADMIN}, "查看目录一致性报告")
core_permissions.register(IMPORT, {_ADMIN}, "导入事项目录")
core_permissions.register(SEARCH_EDIT, {Role.DEPT_ADMIN, _ADMIN}, "维护检索同义词、查看检索日志")
core_permissions.register(CROSS_REGION_EDIT, {_ADMIN}, "维护跨域通办（川渝通办）事项清单")


def in_scope(user, *, implementation=None, base_item=None) -> bool:
    """True when the item lies in the user's department scope (always for platform admins)."""
    scope = user_scope(user)
    if scope.everything:
        return True
    if scope.applicant:
        return False
    if implementation is not None:
        dept = implementation.department
        if any(dept.path.startswith(p) for p in scope.department_paths):
            return True
        return scope.departments_by_region and any(dept.region.path.startswith(p) for p in scope.region_paths)
    if base_item is not None:
        own = user.department if user.department_id else None
        return bool(
            own is not None
            and own.level == RegionLevel.PROVINCE
            and base_item.department_line
            and own.line == base_item.department_line
        )
    return True


def can(user, action: str, *, implementation=None, base_item=None) -> bool:
    """True when ``user``'s role holds ``action`` and the item (if given) is in scope."""
    if not core_permissions.can(user, action):
        return False
    if action == VIEW or (implementation is None and base_item is None):
        return True
    return in_scope(user, implementation=implementation, base_item=base_item)


def require(user, action: str, **target) -> None:
    """401 for anonymous users, 403 when the role or the scope does not allow it."""
    if not (user and user.is_authenticated):
        from ninja.errors import AuthenticationError

        raise AuthenticationError()
    core_permissions.require(user, action)
    if not can(user, action, **target):
        raise PermissionDenied("该事项不在您的管理范围内")


def can_on_version(user, action: str, version) -> bool:
    if version.implementation_id:
        return can(user, action, implementation=version.implementation)
    return can(user, action, base_item=version.base_item)
