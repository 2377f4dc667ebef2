"""The supervision entries in the page shell and the 监管执法人员 home-page queues (live counts)."""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.navigation import ANONYMOUS, nav_register, workbench_queue_register

S = Role.SUPERVISION_OFFICER


def register_navigation() -> None:
    from zwfw.supervision import selectors

    nav_register(
        key="supervision.inbox",
        label="监管收件箱",
        url_name="supervision:inbox",
        roles=[S, Role.PLATFORM_ADMIN],
        order=40,
    )
    nav_register(
        key="supervision.credit",
        label="信用监管",
        url_name="supervision:credit",
        roles=[S, Role.PLATFORM_ADMIN],
        order=41,
    )
    nav_register(
        key="supervision.inspections",
        label="双随机抽查",
        url_name="supervision:plans",
        roles=[S, Role.PLATFORM_ADMIN],
        order=42,
    )
    nav_register(
        key="supervision.warnings",
        label="监测预警",
        url_name="supervision:warnings",
        roles=[S, Role.DEPT_ADMIN, Role.PLATFORM_ADMIN],
        order=43,
    )
    nav_register(
        key="supervision.items", label="监管事项", url_name="supervision:items", roles=[S, Role.DEPT_ADMIN], order=44
    )
    nav_register(
        key="supervision.my_credit",
        label="我的信用",
        url_name="supervision:my_credit",
        roles=[Role.PERSON, Role.ENTERPRISE],
        order=60,
    )
    nav_register(key="supervision.public", label="抽查公示", url_name="supervision:public", roles=[ANONYMOUS], order=80)
    workbench_queue_register(
        role=S,
        key="supervision_unsigned",
        label="待签收",
        description="审管联动推送的审批决定、告知承诺和容缺受理",
        count=lambda user: selectors.inbox_unsigned_count(user=user),
        url_name="supervision:inbox",
        order=10,
    )
    workbench_queue_register(
        role=S,
        key="supervision_pledges",
        label="待核查承诺",
        description="告知承诺事项的事后核查",
        count=lambda user: selectors.pledge_pending_count(user=user),
        url_name="supervision:inbox",
        order=20,
    )
    workbench_queue_register(
        role=S,
        key="supervision_repairs",
        label="待审核信用修复",
        description="市场主体和个人的信用修复申请",
        count=lambda user: selectors.pending_repair_count(user=user),
        url_name="supervision:credit",
        order=30,
    )
    workbench_queue_register(
        role=S,
        key="supervision_warnings",
        label="预警",
        description="超期、未按时核查、整改逾期、不予率异常",
        count=lambda user: len(selectors.warnings_for(user=user)),
        url_name="supervision:warnings",
        order=40,
    )
