"""The bundles' entries in the page shell: 一件事 for everyone, 自由组合, 我的一件事 for applicants,
一件事复核 for the reviewers (lead departments' admins, platform admins)."""

from __future__ import annotations

from django.urls import reverse

from zwfw.core.models import Role
from zwfw.core.navigation import ANONYMOUS, QueueRow, nav_register, workbench_queue_register


def _my_cases(user):
    # The applicant's own cases, from the cases app's scoped selector (the same as 我的办件's page).
    # Registered here, one layer above cases, while cases/navigation.py is being reworked on
    # another branch; it belongs beside the cases app's other queues (move it there).
    from zwfw.cases.selectors import case_list_for

    return case_list_for(user=user, mine=True)


def _my_cases_rows(user, limit: int) -> list[QueueRow]:
    return [
        QueueRow(
            label=f"{case.item_name}",
            href=reverse("cases:mine_case", args=[case.pk]),
            note=f"{case.number} · {case.get_status_display()}",
        )
        for case in _my_cases(user)[:limit]
    ]


def _my_applications(user):
    from zwfw.bundles.selectors import application_list_for

    return application_list_for(user=user)


def _my_applications_rows(user, limit: int) -> list[QueueRow]:
    return [
        QueueRow(
            label=application.title,
            href=reverse("bundles:application_detail", args=[application.pk]),
            note=application.number,
        )
        for application in _my_applications(user)[:limit]
    ]


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
    for role in (Role.PERSON, Role.ENTERPRISE):
        workbench_queue_register(
            role=role,
            key="cases_mine",
            label="我的办件",
            description="您提交的办件，最新的在前",
            count=lambda user: _my_cases(user).count(),
            rows=_my_cases_rows,
            url_name="cases:mine",
            empty="您还没有办件。",
            order=10,
        )
        workbench_queue_register(
            role=role,
            key="bundles_mine",
            label="我的一件事",
            description="“高效办成一件事”的联办申请",
            count=lambda user: _my_applications(user).count(),
            rows=_my_applications_rows,
            url_name="bundles:application_list",
            empty="您还没有一件事申请。",
            order=30,
        )
