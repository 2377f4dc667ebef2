"""The sharing pages in the page shell, and the department admin's queue of requests to decide."""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.navigation import nav_register, workbench_queue_register


def _pending(user) -> int:
    from zwfw.sharing.selectors import pending_to_decide_count

    return pending_to_decide_count(user)


def register_navigation() -> None:
    nav_register(
        key="sharing.datasets",
        label="共享数据",
        url_name="sharing:datasets",
        roles=[Role.WINDOW_CLERK, Role.REVIEWER, Role.DEPT_ADMIN, Role.PLATFORM_ADMIN],
        order=70,
    )
    nav_register(
        key="sharing.graph",
        label="关联图谱",
        url_name="sharing:graph",
        roles=[Role.DEPT_ADMIN, Role.PLATFORM_ADMIN],
        order=71,
    )
    nav_register(
        key="sharing.code_scan", label="扫码核验", url_name="sharing:code_scan", roles=[Role.WINDOW_CLERK], order=72
    )
    nav_register(
        key="sharing.my_code",
        label="政务服务码",
        url_name="sharing:my_code",
        roles=[Role.PERSON, Role.ENTERPRISE],
        order=45,
    )
    workbench_queue_register(
        role=Role.DEPT_ADMIN,
        key="sharing_requests",
        label="待审批共享申请",
        description="其他部门申请共享本部门数据集，等待审批",
        count=_pending,
        url_name="sharing:requests",
        order=60,
        empty="没有待审批的共享申请。",
    )
