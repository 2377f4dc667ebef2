"""The stats entries in the page shell: 窗口月报 for window clerks, department and platform
admins; 咨询登记 for window clerks (who log phone and on-site consultations)."""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.navigation import nav_register


def register_navigation() -> None:
    nav_register(
        key="stats.monthly",
        label="窗口月报",
        url_name="stats:monthly",
        roles=[Role.WINDOW_CLERK, Role.DEPT_ADMIN, Role.PLATFORM_ADMIN],
        order=70,
    )
    nav_register(
        key="stats.consultations",
        label="咨询登记",
        url_name="stats:consultations",
        roles=[Role.WINDOW_CLERK],
        order=72,
    )
