"""Reads of departments, users and API tokens, always scoped to the caller.

See :mod:`zwfw.core.selectors.scope` for the rule; these functions apply it so no caller has to
remember it.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from zwfw.core.models import ApiToken, Department, User
from zwfw.core.permissions import can
from zwfw.core.prepared import PreparedRead
from zwfw.core.selectors.regions import region_get
from zwfw.core.selectors.scope import get_object_for, scope_queryset


def department_list(
    *, user, region: str | None = None, within: str | None = None, line: str | None = None
) -> QuerySet[Department]:
    """Active departments the user may see; ``region`` = exactly there, ``within`` = its subtree."""
    qs = scope_queryset(user, Department.objects.filter(is_active=True)).select_related("region", "parent")
    if region:
        qs = qs.filter(region_id=region_get(code=region).code)
    if within:
        qs = qs.filter(region__path__startswith=region_get(code=within).path)
    if line:
        qs = qs.filter(line=line)
    return qs.order_by("region_id", "code")


def department_get_for(*, user, code: str) -> Department:
    """One department by code, or Http404 when unknown or outside the user's scope."""
    return get_object_for(user, Department.objects.select_related("region", "parent"), code=code)


# read by every licence issuance and signed notice: compiled once per process (issue 9)
_DEPARTMENT_BY_CODE: PreparedRead[Department] = PreparedRead(
    lambda code: Department.objects.select_related("region").filter(code=code).order_by()
)


def department_by_code(*, code: str) -> Department | None:
    """Unscoped lookup for services and importers that already checked the actor's rights."""
    return _DEPARTMENT_BY_CODE.first(code)


def user_list(
    *, user, role: str | None = None, region: str | None = None, department: str | None = None
) -> QuerySet[User]:
    """Accounts the caller may see (staff admins: within their scope), filtered, ordered by username."""
    qs = scope_queryset(user, User.objects.all()).select_related("region", "department")
    if role:
        qs = qs.filter(role=role)
    if region:
        qs = qs.filter(region__path__startswith=region_get(code=region).path)
    if department:
        qs = qs.filter(department__code=department)
    return qs.order_by("username")


def user_get_for(*, user, user_id: int) -> User:
    return get_object_for(user, User.objects.select_related("region", "department"), pk=user_id)


def api_token_list(*, user) -> QuerySet[ApiToken]:
    """The caller's own tokens, newest first (keys are never stored, only their prefix)."""
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-id")


def api_token_get_for(*, user, token_id: int) -> ApiToken:
    """A token the caller may manage: their own, or any for a platform admin; else Http404."""
    qs = ApiToken.objects.select_related("user")
    if not can(user, "core.token.manage_any"):
        qs = qs.filter(user_id=user.pk)
    token = qs.filter(pk=token_id).first()
    if token is None:
        raise Http404("令牌不存在")
    return token
