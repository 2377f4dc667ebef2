"""Display texts of the hotline app's audit action codes (``zwfw.hotline.<entity>.<verb>``)."""

from __future__ import annotations

from zwfw.core import audit_actions

ACTIONS: dict[str, tuple[str, str]] = {
    "zwfw.hotline.work_order.created": ("受理12345工单", "Work order received"),
    "zwfw.hotline.work_order.merged": ("重复诉求并单", "Repeated appeal merged"),
    "zwfw.hotline.work_order.closed_at_intake": ("知识库答复，一次办结", "Answered from the knowledge base"),
    "zwfw.hotline.work_order.dispatched": ("派单", "Work order dispatched"),
    "zwfw.hotline.work_order.signed": ("签收工单", "Work order signed"),
    "zwfw.hotline.work_order.processing": ("办理工单", "Work order in progress"),
    "zwfw.hotline.work_order.answered": ("答复诉求人", "Work order answered"),
    "zwfw.hotline.work_order.visited": ("回访", "Caller visited"),
    "zwfw.hotline.work_order.closed": ("办结", "Work order closed"),
    "zwfw.hotline.work_order.reopened": ("重办", "Work order reopened"),
    "zwfw.hotline.work_order.returned": ("退单", "Work order returned"),
    "zwfw.hotline.work_order.arbitrated": ("退单仲裁", "Return arbitrated"),
    "zwfw.hotline.work_order.extension_requested": ("申请延期", "Extension requested"),
    "zwfw.hotline.work_order.extension_decided": ("延期审批", "Extension decided"),
    "zwfw.hotline.work_order.supervised": ("督办", "Work order supervised"),
    "zwfw.hotline.work_order.escalated": ("提级办理", "Work order escalated"),
    "zwfw.hotline.category.imported": ("导入诉求事项目录", "Categories imported"),
    "zwfw.hotline.responsibility.version_created": ("新建权责清单版本", "Responsibility version created"),
    "zwfw.hotline.responsibility.version_published": ("发布权责清单版本", "Responsibility version published"),
    "zwfw.hotline.knowledge.saved": ("保存知识库条目", "Knowledge entry saved"),
    "zwfw.hotline.classifier.trained": ("训练分类模型", "Classifier trained"),
}


def register_all() -> None:
    for code, (zh, en) in ACTIONS.items():
        audit_actions.register(code, zh, en)
