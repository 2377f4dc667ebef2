"""The hotline pages in the page shell and the home-page queues (with live counts) of the
12345 operator and supervisor, registered from ``HotlineConfig.ready()``."""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.navigation import nav_register, workbench_queue_register

OPERATOR_QUEUES = [
    ("to_dispatch", "待派单", "模型置信度不足或被退回、等待确认分类与承办部门的工单"),
    ("to_visit", "待回访", "部门已答复、等待回访诉求人的工单"),
    ("to_close", "待办结", "已回访、等待办结的工单"),
    ("overdue", "超期工单", "超过签收或办理时限的工单"),
]
SUPERVISOR_QUEUES = [
    ("overdue", "超期待督办", "超过签收或办理时限、需要督办的工单"),
    ("arbitration", "退单仲裁", "两次退单、由热线中心仲裁承办部门的工单"),
    ("to_dispatch", "待派单", "等待确认分类与承办部门的工单"),
    ("in_progress", "办理中", "部门已签收、正在办理的工单"),
]


def _count(queue: str):
    def count(user) -> int:
        from zwfw.hotline.selectors import work_order_queue_count

        return work_order_queue_count(user=user, queue=queue)

    return count


def register_navigation() -> None:
    nav_register(
        key="hotline.intake", label="来电受理", url_name="hotline:intake", roles=[Role.HOTLINE_OPERATOR], order=30
    )
    nav_register(
        key="hotline.orders",
        label="工单",
        url_name="hotline:orders",
        roles=[Role.HOTLINE_OPERATOR, Role.HOTLINE_SUPERVISOR, Role.PLATFORM_ADMIN],
        order=31,
    )
    nav_register(
        key="hotline.inbox",
        label="12345工单",
        url_name="hotline:inbox",
        roles=[Role.REVIEWER, Role.DEPT_ADMIN],
        order=36,
    )
    nav_register(
        key="hotline.supervise", label="督办台", url_name="hotline:supervise", roles=[Role.HOTLINE_SUPERVISOR], order=32
    )
    nav_register(
        key="hotline.knowledge",
        label="知识库",
        url_name="hotline:knowledge",
        roles=[Role.HOTLINE_OPERATOR, Role.HOTLINE_SUPERVISOR, Role.DEPT_ADMIN],
        order=33,
    )
    nav_register(
        key="hotline.dashboard",
        label="热线分析",
        url_name="hotline:dashboard",
        roles=[Role.HOTLINE_OPERATOR, Role.HOTLINE_SUPERVISOR, Role.DEPT_ADMIN, Role.PLATFORM_ADMIN],
        order=34,
    )
    nav_register(
        key="hotline.mine", label="我的诉求", url_name="hotline:mine", roles=[Role.PERSON, Role.ENTERPRISE], order=40
    )
    for role, queues in ((Role.HOTLINE_OPERATOR, OPERATOR_QUEUES), (Role.HOTLINE_SUPERVISOR, SUPERVISOR_QUEUES)):
        for i, (queue, label, description) in enumerate(queues):
            workbench_queue_register(
                role=role,
                key=f"hotline_{queue}",
                label=label,
                description=description,
                count=_count(queue),
                url_name=f"hotline:queue_{queue}",
                order=10 + i,
            )
