"""The ratings entries in the page shell and the home-page queues (live counts)."""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.navigation import ANONYMOUS, nav_register, workbench_queue_register

HANDLER_ROLES = [Role.REVIEWER, Role.DEPT_ADMIN, Role.PLATFORM_ADMIN]


def _tasks_count(user) -> int:
    from zwfw.ratings.selectors import rectification_queue_count

    return rectification_queue_count(user=user)


def _appeals_count(user) -> int:
    from zwfw.ratings.selectors import appeals_pending_for

    return appeals_pending_for(user=user).count()


def _blocked_count(user) -> int:
    from zwfw.ratings.selectors import blocked_open_count

    return blocked_open_count(user=user)


def _to_rate_count(user) -> int:
    from zwfw.ratings.selectors import pending_to_rate_for

    return len(pending_to_rate_for(user=user))


def register_navigation() -> None:
    nav_register(
        key="ratings.public",
        label="好差评公示",
        url_name="ratings:public",
        roles=[ANONYMOUS, Role.PERSON, Role.ENTERPRISE],
        order=80,
    )
    nav_register(
        key="ratings.mine", label="我的评价", url_name="ratings:mine", roles=[Role.PERSON, Role.ENTERPRISE], order=81
    )
    nav_register(key="ratings.tasks", label="差评整改", url_name="ratings:tasks", roles=HANDLER_ROLES, order=82)
    nav_register(
        key="ratings.hotline",
        label="回访评价",
        url_name="ratings:hotline",
        roles=[Role.HOTLINE_OPERATOR, Role.HOTLINE_SUPERVISOR],
        order=83,
    )
    nav_register(key="ratings.visit", label="评价器", url_name="ratings:visit", roles=[Role.WINDOW_CLERK], order=84)
    nav_register(
        key="ratings.blocked",
        label="办不成事",
        url_name="ratings:blocked",
        roles=[Role.PERSON, Role.ENTERPRISE, Role.WINDOW_CLERK, *HANDLER_ROLES],
        order=85,
    )
    nav_register(
        key="ratings.figures",
        label="好差评统计",
        url_name="ratings:figures",
        roles=[Role.WINDOW_CLERK, Role.DEPT_ADMIN, Role.REVIEWER, Role.PLATFORM_ADMIN, Role.HOTLINE_SUPERVISOR],
        order=86,
    )
    for role in (Role.DEPT_ADMIN, Role.REVIEWER):
        workbench_queue_register(
            role=role, key="ratings_tasks", label="差评整改", count=_tasks_count, url_name="ratings:tasks", order=60
        )
    workbench_queue_register(
        role=Role.DEPT_ADMIN,
        key="ratings_blocked",
        label="办不成事反映",
        count=_blocked_count,
        url_name="ratings:blocked",
        order=61,
    )
    workbench_queue_register(
        role=Role.PLATFORM_ADMIN,
        key="ratings_appeals",
        label="差评申诉待审核",
        count=_appeals_count,
        url_name="ratings:hub",
        order=60,
    )
    workbench_queue_register(
        role=Role.PERSON, key="ratings_to_rate", label="待评价", count=_to_rate_count, url_name="ratings:mine", order=60
    )
    workbench_queue_register(
        role=Role.ENTERPRISE,
        key="ratings_to_rate",
        label="待评价",
        count=_to_rate_count,
        url_name="ratings:mine",
        order=60,
    )
