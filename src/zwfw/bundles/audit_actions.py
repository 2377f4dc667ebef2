"""Display texts of the bundles' audit action codes (``zwfw.bundles.<entity>.<verb>``)."""

from __future__ import annotations

from zwfw.core import audit_actions

ACTIONS: dict[str, tuple[str, str]] = {
    "zwfw.bundles.bundle.defined": ("定义一件事", "Bundle defined"),
    "zwfw.bundles.bundle.recomposed": ("一件事重新组合", "Bundle recomposed"),
    "zwfw.bundles.bundle.published": ("发布一件事", "Bundle published"),
    "zwfw.bundles.bundle.unpublished": ("一件事撤回为草稿", "Bundle back to draft"),
    "zwfw.bundles.decision.recorded": ("复核材料合并建议", "Merge suggestion reviewed"),
    "zwfw.bundles.application.submitted": ("提交一件事申请", "Bundle application submitted"),
    "zwfw.bundles.application.advanced": ("一件事申请生成后续子件", "Bundle application advanced"),
    "zwfw.bundles.application.completed": ("一件事申请办结", "Bundle application completed"),
    "zwfw.bundles.application.ended": ("一件事申请终止", "Bundle application ended"),
}


def register_all() -> None:
    for code, (zh, en) in ACTIONS.items():
        audit_actions.register(code, zh, en)
