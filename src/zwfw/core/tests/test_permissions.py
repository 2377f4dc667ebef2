"""The permission table: roles → actions, registration rules, the view decorator."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from zwfw.core import permissions
from zwfw.core.models import Role, User
from zwfw.core.permissions import action_required, actions_for, can, grant, register, require, roles_for


@pytest.fixture
def scratch_actions():
    """Register test actions and remove them afterwards, so tests do not leak into the table."""
    before = dict(permissions._ACTIONS)
    yield
    permissions._ACTIONS.clear()
    permissions._ACTIONS.update(before)


def _user(role: Role, **kw) -> User:
    return User(username=f"u_{role}", role=role, is_active=kw.pop("is_active", True), **kw)


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        (Role.PERSON, "core.me.view", True),
        (Role.PERSON, "core.department.view", False),
        (Role.ENTERPRISE, "core.user.view", False),
        (Role.WINDOW_CLERK, "core.department.view", True),
        (Role.WINDOW_CLERK, "core.user.view", False),
        (Role.DEPT_ADMIN, "core.user.create", True),
        (Role.DEPT_ADMIN, "core.token.manage_any", False),
        (Role.PLATFORM_ADMIN, "core.token.manage_any", True),
        (Role.HOTLINE_OPERATOR, "core.scope_grant.create", False),
    ],
)
def test_role_table(role, action, allowed):
    assert can(_user(role), action) is allowed


def test_anonymous_holds_public_actions_only():
    assert can(AnonymousUser(), "core.region.view")
    assert not can(AnonymousUser(), "core.me.view")
    assert not can(None, "core.me.view")


def test_superuser_counts_as_platform_admin():
    assert can(_user(Role.PERSON, is_superuser=True), "core.token.manage_any")


def test_inactive_user_holds_nothing_private():
    assert not can(_user(Role.PLATFORM_ADMIN, is_active=False), "core.user.view")


def test_unknown_action_raises_instead_of_denying():
    with pytest.raises(permissions.UnknownAction):
        can(_user(Role.PERSON), "core.regoin.view")


def test_require_names_the_action():
    with pytest.raises(PermissionDenied, match=r"core\.user\.view"):
        require(_user(Role.PERSON), "core.user.view")
    require(_user(Role.DEPT_ADMIN), "core.user.view")


def test_register_is_idempotent_and_rejects_conflicts(scratch_actions):
    register("demo.thing.do", {Role.REVIEWER}, "做事")
    register("demo.thing.do", {Role.REVIEWER}, "做事")
    assert roles_for("demo.thing.do") == frozenset({"reviewer"})
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        register("demo.thing.do", {Role.WINDOW_CLERK})
    grant("demo.thing.do", {Role.WINDOW_CLERK})
    assert can(_user(Role.WINDOW_CLERK), "demo.thing.do")


def test_register_validates_names_and_roles(scratch_actions):
    with pytest.raises(ImproperlyConfigured, match="dotted"):
        register("nodots", {Role.REVIEWER})
    with pytest.raises(ImproperlyConfigured, match="unknown roles"):
        register("demo.thing.x", {"wizard"})


def test_actions_for_lists_what_the_user_holds():
    held = actions_for(_user(Role.WINDOW_CLERK))
    assert "core.department.view" in held and "core.user.view" not in held
    assert held == sorted(held)


def test_action_required_decorator():
    @action_required("core.user.view")
    def view(request):
        return HttpResponse("ok")

    rf = RequestFactory()
    request = rf.get("/x")
    request.user = AnonymousUser()
    assert view(request).status_code == 302
    request.user = _user(Role.PERSON)
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = _user(Role.DEPT_ADMIN)
    assert view(request).content == b"ok"
