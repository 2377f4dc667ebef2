"""Nav entries and home-page queues of the trading app, registered from ``TradingConfig.ready()``."""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.navigation import nav_register, workbench_queue_register


def _risk_count(user) -> int:
    from .selectors import risk_queue_count

    return risk_queue_count(user=user)


def _expert_count(user) -> int:
    from .selectors import expert_queue_count

    return expert_queue_count(user=user)


nav_register(
    key="trading.risk",
    label="围标串标预警",
    url_name="trading:risk_queue",
    roles=[Role.TRADING_SUPERVISOR, Role.PLATFORM_ADMIN],
    order=60,
)
nav_register(
    key="trading.opening",
    label="开标大厅",
    url_name="trading:opening_list",
    roles=[Role.TRADING_SUPERVISOR, Role.PLATFORM_ADMIN],
    order=61,
)
nav_register(key="trading.expert", label="评标", url_name="trading:expert_home", roles=[Role.BID_EXPERT], order=60)
nav_register(
    key="trading.bidder", label="公共资源交易", url_name="trading:bidder_home", roles=[Role.ENTERPRISE], order=60
)
workbench_queue_register(
    role=Role.TRADING_SUPERVISOR,
    key="trading_risk",
    label="围标串标预警",
    description="已开标且触发预警的标段，按风险分排序",
    count=_risk_count,
    url_name="trading:risk_queue",
    order=10,
)
workbench_queue_register(
    role=Role.BID_EXPERT,
    key="trading_scoring",
    label="待评标段",
    description="您所在评标委员会的已开标标段",
    count=_expert_count,
    url_name="trading:expert_home",
    order=10,
)
