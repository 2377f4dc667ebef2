"""The bundles' entries in the page shell: 一件事 for everyone, 自由组合, 我的一件事 for applicants,
一件事复核 for the reviewers (lead departments' admins, platform admins)."""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.navigation import ANONYMOUS, nav_register


def register_navigation() -> None:
    nav_register(key="bundles.list", label="一件事", url_name="bundles:bundle_list", order=25)
    nav_register(
        key="bundles.compose",
        label="自由组合",
        url_name="bundles:compose",
        roles=[ANONYMOUS, Role.PERSON, Role.ENTERPRISE, Role.WINDOW_CLERK],
        order=26,
    )
    nav_register(
        key="bundles.mine",
        label="我的一件事",
        url_name="bundles:application_list",
        roles=[Role.PERSON, Role.ENTERPRISE, Role.WINDOW_CLERK],
        order=36,
    )
    nav_register(
        key="bundles.review",
        label="一件事复核",
        url_name="bundles:review_list",
        roles=[Role.DEPT_ADMIN, Role.PLATFORM_ADMIN],
        order=64,
    )
