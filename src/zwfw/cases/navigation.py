"""The case pages in the page shell (``zwfw.core.navigation``), registered from
``CasesConfig.ready()``: 我的办件 for applicants, 综合窗口 for window clerks (with counts for the
home page's four queues), 审批工作台 for reviewers, 监管收件箱 for the supervising departments'
reviewers and admins, 办件查询 for everybody."""

from __future__ import annotations

from django.urls import reverse

from zwfw.core.models import Role
from zwfw.core.navigation import ANONYMOUS, QueueRow, nav_register, workbench_queue_register

#: Home-page queue key (core's placeholders) → key of :func:`zwfw.cases.selectors.window_queue`.
WINDOW_QUEUES = {
    "to_accept": ("to_accept", "待受理", "申请人已提交、等待窗口受理的办件"),
    "correction_returned": ("resubmitted", "补正退回", "申请人已按补正告知重新提交、等待受理的办件"),
    "shortfall_due": ("shortfall_due", "容缺到期", "容缺受理后须补交材料的办件，逾期的标红"),
    "to_deliver": ("to_hand_out", "待出件", "已作出决定、等待窗口发放结果或寄递的办件"),
}


def _window_count(queue: str):
    def count(user) -> int:
        from zwfw.cases.selectors import window_queue

        return window_queue(user=user)[queue].count()

    return count


def _review_count(user) -> int:
    from zwfw.cases.selectors import review_queue

    return review_queue(user=user).count()


def _review_rows(user, limit: int) -> list[QueueRow]:
    """The first steps of the same queue the count reads, so the list and the number agree."""
    from zwfw.cases.selectors import review_queue

    return [
        QueueRow(
            label=f"{step.case.item_name}（{step.name}）",
            href=reverse("cases:review_case", args=[step.case_id]),
            note=f"{step.case.number}" + (" · 已超期" if step.case.is_overdue else ""),
        )
        for step in review_queue(user=user)[:limit]
    ]


def register_navigation() -> None:
    nav_register(
        key="cases.mine", label="我的办件", url_name="cases:mine", roles=[Role.PERSON, Role.ENTERPRISE], order=30
    )
    nav_register(key="cases.window", label="综合窗口", url_name="cases:window", roles=[Role.WINDOW_CLERK], order=30)
    nav_register(key="cases.review", label="审批工作台", url_name="cases:review", roles=[Role.REVIEWER], order=30)
    nav_register(
        key="cases.supervision",
        label="监管收件箱",
        url_name="cases:supervision",
        roles=[Role.REVIEWER, Role.DEPT_ADMIN],
        order=35,
    )
    nav_register(
        key="cases.lookup",
        label="办件查询",
        url_name="cases:lookup",
        roles=[ANONYMOUS, Role.PERSON, Role.ENTERPRISE],
        order=50,
    )
    for order, (home_key, (queue, label, description)) in enumerate(WINDOW_QUEUES.items()):
        workbench_queue_register(
            role=Role.WINDOW_CLERK,
            key=home_key,
            label=label,
            description=description,
            count=_window_count(queue),
            url_name="cases:window",
            order=(order + 1) * 10,
        )
    workbench_queue_register(
        role=Role.REVIEWER,
        key="cases_steps",
        label="待办环节",
        description="本岗位、本部门待办理的办件环节",
        count=_review_count,
        url_name="cases:review",
        order=10,
        rows=_review_rows,
        empty="暂无待审批的办件环节。",
    )
