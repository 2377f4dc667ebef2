"""Navigation per role. Apps add their entries here as they land."""

from __future__ import annotations

from dataclasses import dataclass

from zwfw.core.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str


_COMMON = [NavItem("首页", "home")]

_BY_ROLE: dict[str, list[NavItem]] = {role.value: [] for role in Role}


def navigation_for(user) -> list[NavItem]:
    if user is None or not user.is_authenticated:
        return list(_COMMON)
    return [*_COMMON, *_BY_ROLE.get(user.role, [])]
