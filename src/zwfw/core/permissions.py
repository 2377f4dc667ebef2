"""Who may do what: one table of actions → roles, used by the API and the pages alike.

An *action* is a dotted string ``<app>.<entity>.<verb>`` (``core.region.view``,
``cases.case.accept``). :func:`can` answers whether a user's role holds an action;
:func:`require` raises :class:`~django.core.exceptions.PermissionDenied` (the API answers 403
with the one error body). *Which objects* a user may act on is a separate question, answered by
the scope selectors in :mod:`zwfw.core.selectors.scope` (region, department, own objects): a
role check says "clerks may accept cases", the scope says "…of 成都市".

Registering actions (for other apps)
------------------------------------
Each app declares its actions once, in its own ``permissions.py``, and imports that module from
its ``AppConfig.ready()`` so the table is complete before the first request::

    # zwfw/cases/permissions.py
    from zwfw.core.models import Role
    from zwfw.core.permissions import STAFF, register

    register("cases.case.accept", {Role.WINDOW_CLERK}, "受理办件")
    register("cases.case.view", STAFF | {Role.PERSON, Role.ENTERPRISE}, "查看办件")

    # zwfw/cases/apps.py
    class CasesConfig(AppConfig):
        def ready(self):
            from zwfw.cases import permissions  # noqa: F401  (registers the actions)

Rules of the table:

- Registering the same action again with the same roles is a no-op (module re-import); with
  different roles it raises :class:`~django.core.exceptions.ImproperlyConfigured`, so two apps
  cannot silently disagree about one action. Use :func:`grant` to add roles on purpose.
- Asking about an action nobody registered raises :class:`UnknownAction`: a typo must fail
  loudly, never read as "denied" (or worse, "allowed").
- ``public=True`` lets anonymous visitors hold the action too (public reference data).
- A superuser counts as :attr:`Role.PLATFORM_ADMIN`. Inactive users hold nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from zwfw.core.models import APPLICANT_ROLES, STAFF_ROLES, Role

ALL_ROLES: frozenset[Role] = frozenset(Role)
STAFF: frozenset[Role] = frozenset(STAFF_ROLES)
APPLICANTS: frozenset[Role] = frozenset(APPLICANT_ROLES)
STAFF_ADMINS: frozenset[Role] = frozenset({Role.DEPT_ADMIN, Role.PLATFORM_ADMIN})


class UnknownAction(LookupError):
    """An action string that no app registered (usually a typo)."""


@dataclass(frozen=True)
class Action:
    code: str
    roles: frozenset[str]
    label: str = ""
    public: bool = False


_ACTIONS: dict[str, Action] = {}


def _role_values(roles: Iterable[Role | str]) -> frozenset[str]:
    values = frozenset(str(getattr(r, "value", r)) for r in roles)
    unknown = values - {r.value for r in Role}
    if unknown:
        raise ImproperlyConfigured(f"unknown roles {sorted(unknown)}")
    return values


def register(code: str, roles: Iterable[Role | str], label: str = "", *, public: bool = False) -> Action:
    """Declare ``code`` and the roles that hold it. See the module docstring for the rules."""
    if code.count(".") < 2:
        raise ImproperlyConfigured(f"action {code!r} must be dotted as <app>.<entity>.<verb>")
    action = Action(code=code, roles=_role_values(roles), label=label, public=public)
    existing = _ACTIONS.get(code)
    if existing is not None:
        if (existing.roles, existing.public) != (action.roles, action.public):
            raise ImproperlyConfigured(
                f"action {code!r} is already registered with other roles; use grant() to extend it"
            )
        return existing
    _ACTIONS[code] = action
    return action


def grant(code: str, roles: Iterable[Role | str]) -> Action:
    """Add roles to an action registered elsewhere (an app extending core's table on purpose)."""
    existing = _action(code)
    updated = Action(
        code=code, roles=existing.roles | _role_values(roles), label=existing.label, public=existing.public
    )
    _ACTIONS[code] = updated
    return updated


def _action(code: str) -> Action:
    try:
        return _ACTIONS[code]
    except KeyError:
        raise UnknownAction(f"permission action {code!r} is not registered") from None


def effective_role(user) -> str | None:
    """The role that permissions are checked against, or None for anonymous/inactive users."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return None
    if getattr(user, "is_superuser", False):
        return Role.PLATFORM_ADMIN.value
    return str(user.role)


def can(user, action: str) -> bool:
    """True when ``user``'s role holds ``action`` (anonymous users hold public actions only)."""
    spec = _action(action)
    role = effective_role(user)
    if role is None:
        return spec.public
    return spec.public or role in spec.roles


def require(user, action: str) -> None:
    """Raise PermissionDenied unless :func:`can`; the message names the action."""
    if not can(user, action):
        spec = _action(action)
        raise PermissionDenied(f"需要权限：{spec.label or spec.code}（{spec.code}）")


def roles_for(action: str) -> frozenset[str]:
    return _action(action).roles


def actions_for(user) -> list[str]:
    """Every registered action the user holds, sorted (shown by ``GET /api/v1/me``)."""
    return sorted(code for code in _ACTIONS if can(user, code))


def registered_actions() -> dict[str, Action]:
    return dict(_ACTIONS)


def action_required(action: str) -> Callable:
    """View decorator: anonymous → login page; logged in without the action → 403."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated and not _action(action).public:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            require(request.user, action)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# ---- core's own actions -------------------------------------------------------------------
register("core.region.view", ALL_ROLES, "查看行政区划", public=True)
register("core.me.view", ALL_ROLES, "查看本人账号")
register("core.department.view", STAFF, "查看部门")
register("core.user.view", STAFF_ADMINS, "查看用户")
register("core.user.create", STAFF_ADMINS, "创建用户")
register("core.scope_grant.create", STAFF_ADMINS, "授予查看范围")
register("core.token.create", ALL_ROLES, "创建本人API令牌")
register("core.token.revoke", ALL_ROLES, "吊销本人API令牌")
register("core.token.manage_any", {Role.PLATFORM_ADMIN}, "管理他人API令牌")
