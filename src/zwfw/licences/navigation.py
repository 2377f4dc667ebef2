"""The licences' entries in the page shell: 我的证照 for applicants, 电子证照管理 for the staff
who may see holdings in their scope (``licences.holding.view_any``), 证照核验 for everyone."""

from __future__ import annotations

from django.urls import reverse

from zwfw.core.models import Role
from zwfw.core.navigation import ANONYMOUS, QueueRow, nav_register, workbench_queue_register


def _wallet(user) -> list:
    from zwfw.licences import selectors

    return selectors.licence_wallet_for(user=user)


def _wallet_count(user) -> int:
    return len(_wallet(user))


def _wallet_rows(user, limit: int) -> list[QueueRow]:
    """The first cards of 我的证照 (type and validity; the internal number is not shown)."""
    from zwfw.licences.models import HoldingStatus
    from zwfw.licences.selectors import effective_status

    rows = []
    for h in _wallet(user)[:limit]:
        until = h.valid_until.strftime("%Y年%m月%d日") if h.valid_until else "长期"
        status = effective_status(h)
        note = f"有效期至{until}" if status == HoldingStatus.VALID else str(HoldingStatus(status).label)
        rows.append(QueueRow(label=h.type.name, href=reverse("licences:card", args=[h.number]), note=note))
    return rows


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
    for role in (Role.PERSON, Role.ENTERPRISE):
        workbench_queue_register(
            role=role,
            key="licences_wallet",
            label="我的证照",
            description="以您的名义签发的电子证照",
            count=_wallet_count,
            rows=_wallet_rows,
            url_name="licences:wallet",
            empty="您还没有电子证照。",
            order=20,
        )
