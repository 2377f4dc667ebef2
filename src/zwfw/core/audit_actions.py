"""Audit action codes → display text, in one registry (STYLE.md convention 2).

Services write dotted codes (``zwfw.cases.case.accepted``) into the audit log; pages, exports and
``zwfw audit verify`` show people the Chinese (or English) text registered here. Each app registers
its codes once, at import time of the module that writes them (or its ``AppConfig.ready``)::

    from zwfw.core import audit_actions

    audit_actions.register("zwfw.cases.case.accepted", "受理办件", "Case accepted")

Rules:

- A code is dotted as ``zwfw.<app>.<entity>.<verb>`` (at least four parts).
- Registering the same code again with the same texts is a no-op (module re-import); with other
  texts it raises ``ImproperlyConfigured``: two apps must not disagree about what a row means.
- :func:`describe` never fails for display: an unregistered code is shown as the code itself, so
  an old row written by a since-renamed action stays readable. :func:`unregistered` lists such
  codes for a test or an operator to catch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language


@dataclass(frozen=True)
class ActionText:
    code: str
    zh: str
    en: str


_ACTIONS: dict[str, ActionText] = {}


def register(code: str, zh: str, en: str) -> ActionText:
    """Declare the display texts of ``code``. See the module docstring for the rules."""
    if not code.startswith("zwfw.") or code.count(".") < 3:
        raise ImproperlyConfigured(f"audit action {code!r} must be dotted as zwfw.<app>.<entity>.<verb>")
    if not zh or not en:
        raise ImproperlyConfigured(f"audit action {code!r} needs both a Chinese and an English text")
    text = ActionText(code=code, zh=zh, en=en)
    existing = _ACTIONS.get(code)
    if existing is not None and existing != text:
        raise ImproperlyConfigured(f"audit action {code!r} is already registered as {existing.zh!r}/{existing.en!r}")
    _ACTIONS[code] = text
    return text


def describe(code: str, lang: str | None = None) -> str:
    """The display text of ``code`` in ``lang`` (default: the active language; Chinese first)."""
    text = _ACTIONS.get(code)
    if text is None:
        return code
    lang = (lang or get_language() or "zh-hans").lower()
    return text.en if lang.startswith("en") else text.zh


def is_registered(code: str) -> bool:
    return code in _ACTIONS


def registered() -> dict[str, ActionText]:
    return dict(_ACTIONS)


def unregistered(codes: Iterable[str]) -> list[str]:
    """The codes among ``codes`` that nobody registered (sorted, distinct)."""
    return sorted({c for c in codes if c not in _ACTIONS})


# ---- core's own actions ------------------------------------------------------------------------
for _code, _zh, _en in [
    ("zwfw.core.user.created", "创建用户", "User created"),
    ("zwfw.core.user.preferences_updated", "修改个人偏好", "Preferences updated"),
    ("zwfw.core.user.login_failed", "登录失败（密码错误）", "Login failed"),
    ("zwfw.core.user.login_locked", "多次登录失败，临时锁定", "Login locked out"),
    ("zwfw.core.scope_grant.created", "授予查看范围", "Scope granted"),
    ("zwfw.core.scope_grant.revoked", "收回查看范围", "Scope revoked"),
    ("zwfw.core.api_token.created", "创建API令牌", "API token created"),
    ("zwfw.core.api_token.revoked", "吊销API令牌", "API token revoked"),
    ("zwfw.core.calendar.year_loaded", "载入年度节假日安排", "Holiday schedule loaded"),
    ("zwfw.core.region.created", "新增行政区划", "Region created"),
    ("zwfw.core.department.created", "新增部门", "Department created"),
    ("zwfw.core.department.updated", "修改部门", "Department updated"),
    ("zwfw.core.notification.failed", "消息发送失败", "Notification delivery failed"),
]:
    register(_code, _zh, _en)
