"""The policies entries in the page shell and the policy officer's home-page queues."""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.navigation import ANONYMOUS, nav_register, workbench_queue_register


def _count(queue: str):
    def count(user) -> int:
        from zwfw.policies.selectors import queue_count

        return queue_count(user=user, queue=queue)

    return count


def register_navigation() -> None:
    nav_register(
        key="policies.list",
        label="惠企政策",
        url_name="policies:list",
        roles=[ANONYMOUS, Role.PERSON, Role.ENTERPRISE],
        order=40,
    )
    nav_register(
        key="policies.for_me", label="政策找企业", url_name="policies:for_me", roles=[Role.ENTERPRISE], order=41
    )
    nav_register(
        key="policies.console",
        label="惠企政策",
        url_name="policies:console",
        roles=[Role.POLICY_OFFICER, Role.PLATFORM_ADMIN],
        order=40,
    )
    nav_register(
        key="policies.applications",
        label="惠企申兑",
        url_name="policies:applications",
        roles=[Role.POLICY_OFFICER, Role.WINDOW_CLERK],
        order=42,
    )
    nav_register(
        key="policies.dashboard",
        label="政策效果",
        url_name="policies:dashboard",
        roles=[Role.POLICY_OFFICER, Role.PLATFORM_ADMIN],
        order=43,
    )
    workbench_queue_register(
        role=Role.POLICY_OFFICER,
        key="policies.to_accept",
        label="待受理申报",
        description="企业已提交、待受理的惠企事项申报",
        count=_count("to_accept"),
        url_name="policies:applications",
        order=10,
    )
    workbench_queue_register(
        role=Role.POLICY_OFFICER,
        key="policies.to_review",
        label="待审核申报",
        description="已受理、待审核（受审分离）",
        count=_count("to_review"),
        url_name="policies:applications",
        order=20,
    )
    workbench_queue_register(
        role=Role.POLICY_OFFICER,
        key="policies.grants",
        label="免申即享待确认",
        description="匹配生成、待确认兑现的名单",
        count=_count("grants"),
        url_name="policies:grants",
        order=30,
    )
