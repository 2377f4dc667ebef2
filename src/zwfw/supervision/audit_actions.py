"""Display names of the supervision app's audit action codes."""

from __future__ import annotations

from zwfw.core import audit_actions

ACTIONS: dict[str, tuple[str, str]] = {
    "zwfw.supervision.inbox_event.received": ("接收审管联动事件", "Supervision event received"),
    "zwfw.supervision.inbox_event.signed": ("签收审管联动事件", "Supervision event signed"),
    "zwfw.supervision.inbox_event.closed": ("办结审管联动事件", "Supervision event closed"),
    "zwfw.supervision.pledge_check.completed": ("告知承诺核查", "Pledge checked"),
    "zwfw.supervision.item.created": ("新增监管事项", "Supervision item created"),
    "zwfw.supervision.credit_event.recorded": ("记录信用事件", "Credit event recorded"),
    "zwfw.supervision.credit_event.imported": ("导入信用事件", "Credit events imported"),
    "zwfw.supervision.credit_repair.requested": ("申请信用修复", "Credit repair requested"),
    "zwfw.supervision.credit_repair.reviewed": ("审核信用修复", "Credit repair reviewed"),
    "zwfw.supervision.inspector.added": ("加入检查人员名录库", "Inspector added"),
    "zwfw.supervision.inspector.relation_added": ("登记回避关系", "Inspector relation listed"),
    "zwfw.supervision.plan.created": ("创建抽查计划", "Inspection plan created"),
    "zwfw.supervision.plan.drawn": ("双随机抽取", "Inspection plan drawn"),
    "zwfw.supervision.plan.published": ("公示抽查结果", "Inspection results published"),
    "zwfw.supervision.inspection.recorded": ("录入检查结果", "Inspection result recorded"),
    "zwfw.supervision.inspection.rectified": ("整改完成", "Rectification done"),
}


def register_all() -> None:
    for code, (zh, en) in ACTIONS.items():
        audit_actions.register(code, zh, en)
