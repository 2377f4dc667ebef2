"""Which legal rules apply to a case, by the item's type.

The 行政许可法 governs 行政许可 items only (its art. 2), so its art. 32 (deemed acceptance), art. 42
(the 10-working-day extension), art. 44 (deliver within 10 working days of the decision) and
art. 45 (the listed procedures stop the clock by law) apply to ``ItemType.LICENCE`` cases; other
types (公共服务, 行政确认, 行政给付 …) run on their promised limit, their steps' limits and the
catalog's ``stops_clock`` flags.

A leaf module (models only) so that the transition table (:mod:`zwfw.cases.transitions`) and the
services (:mod:`zwfw.cases.services.clock`, …) can both read it.
"""

from __future__ import annotations

from zwfw.cases.models import Case

#: Item types under the 行政许可法 (arts. 32, 42, 44, 45 apply).
LICENSING_ITEM_TYPES = frozenset({"licence"})

ITEM_TYPE_LABELS = {
    "licence": "行政许可",
    "payment": "行政给付",
    "confirmation": "行政确认",
    "reward": "行政奖励",
    "adjudication": "行政裁决",
    "filing": "行政备案",
    "other_power": "其他行政权力",
    "public_service": "公共服务",
}


def item_type_of(case: Case) -> str:
    return case.implementation.base.item_type


def licensing_law_applies(case: Case) -> bool:
    """The 行政许可法 governs this case (a 行政许可 item)."""
    return item_type_of(case) in LICENSING_ITEM_TYPES


#: The remedy every 不予行政许可决定 states (行政许可法 art. 38 (2); 行政复议法 60 days, 行政诉讼法
#: six months): on the denial notice sent to the applicant and on the signed 决定书.
DENIAL_NOTICE = "如不服本决定，可以在收到决定之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。"
