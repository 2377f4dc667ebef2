"""Display texts of the ratings' audit action codes (``zwfw.ratings.<entity>.<verb>``)."""

from __future__ import annotations

from zwfw.core import audit_actions

ACTIONS: dict[str, tuple[str, str]] = {
    "zwfw.ratings.rating.created": ("提交评价", "Rating given"),
    "zwfw.ratings.rating.text_hidden": ("屏蔽评价中的不当文字", "Rating text hidden"),
    "zwfw.ratings.invitation.issued": ("发出评价邀请", "Rating invitation issued"),
    "zwfw.ratings.visit.recorded": ("登记窗口服务", "Window visit recorded"),
    "zwfw.ratings.rectification.opened": ("差评派发整改", "Rectification opened"),
    "zwfw.ratings.rectification.verified": ("差评核实", "Rectification verified"),
    "zwfw.ratings.rectification.rectified": ("差评整改完成", "Rectification done"),
    "zwfw.ratings.rectification.revisited": ("差评回访", "Rectification revisited"),
    "zwfw.ratings.rectification.appealed": ("差评申诉", "Rectification appealed"),
    "zwfw.ratings.rectification.appeal_decided": ("差评申诉审核", "Appeal decided"),
    "zwfw.ratings.rectification.escalated": ("差评整改超期督办", "Rectification escalated"),
    "zwfw.ratings.rectification.deadline_recomputed": (
        "按官方放假安排重算整改期限",
        "Rectification deadline recomputed",
    ),
    "zwfw.ratings.blocked.deadline_recomputed": ("按官方放假安排重算办理期限", "Blocked-matter deadline recomputed"),
    "zwfw.ratings.blocked.reported": ("办不成事反映登记", "Blocked matter reported"),
    "zwfw.ratings.blocked.assigned": ("办不成事指定责任人", "Blocked matter assigned"),
    "zwfw.ratings.blocked.resolved": ("办不成事反馈结果", "Blocked matter resolved"),
}


def register_all() -> None:
    for code, (zh, en) in ACTIONS.items():
        audit_actions.register(code, zh, en)
