"""The licences' entries in the page shell: 我的证照 for applicants, 电子证照管理 for the staff
who may see holdings in their scope (``licences.holding.view_any``), 证照核验 for everyone."""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.navigation import ANONYMOUS, nav_register


def register_navigation() -> None:
    nav_register(
        key="licences.wallet",
        label="我的证照",
        url_name="licences:wallet",
        roles=[Role.PERSON, Role.ENTERPRISE],
        order=40,
    )
    nav_register(
        key="licences.staff",
        label="电子证照管理",
        url_name="licences:staff_list",
        roles=[Role.DEPT_ADMIN, Role.PLATFORM_ADMIN],
        order=62,
    )
    nav_register(key="licences.verify", label="证照核验", url_name="licences:verify", roles=[ANONYMOUS], order=80)
