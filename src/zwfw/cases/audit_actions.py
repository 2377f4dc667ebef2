"""Display texts of the cases app's audit action codes (``zwfw.cases.<entity>.<verb>``)."""

from __future__ import annotations

from zwfw.core import audit_actions

ACTIONS: dict[str, tuple[str, str]] = {
    "zwfw.cases.case.applied": ("提交办件申请", "Case applied"),
    "zwfw.cases.case.accepted": ("受理办件", "Case accepted"),
    "zwfw.cases.case.deemed_accepted": ("逾期未告知补正，视为受理", "Case deemed accepted (art. 32)"),
    "zwfw.cases.case.refused": ("不予受理", "Case refused"),
    "zwfw.cases.case.correction_requested": ("一次性告知补正", "Correction requested"),
    "zwfw.cases.case.resubmitted": ("补正后重新提交", "Case resubmitted"),
    "zwfw.cases.case.withdrawn": ("撤回申请", "Case withdrawn"),
    "zwfw.cases.case.accepted_with_shortfall": ("容缺受理", "Case accepted with shortfall"),
    "zwfw.cases.case.shortfall_fulfilled": ("容缺材料补齐", "Shortfall fulfilled"),
    "zwfw.cases.case.approved_on_pledge": ("告知承诺审批（旧记录）", "Case approved on pledge (earlier records)"),
    "zwfw.cases.case.accepted_on_pledge": ("告知承诺受理", "Case accepted on pledge"),
    "zwfw.cases.case.decided": ("作出审批决定", "Case decided"),
    "zwfw.cases.case.clock_stopped": ("特别程序开始，暂停计时", "Clock stopped"),
    "zwfw.cases.case.clock_resumed": ("特别程序结束，恢复计时", "Clock resumed"),
    "zwfw.cases.case.result_issued": ("出具办理结果（电子证照）", "Result issued"),
    "zwfw.cases.case.delivered": ("送达", "Case delivered"),
    "zwfw.cases.case.completed": ("办结", "Case completed"),
    "zwfw.cases.case.children_spawned": ("一件事生成子件", "Child cases spawned"),
    "zwfw.cases.case.deadline_warned": ("临期预警", "Deadline warning"),
    "zwfw.cases.case.overdue": ("超期", "Case overdue"),
    "zwfw.cases.case.deadline_recomputed": ("按官方放假安排重算期限", "Deadline recomputed on the official calendar"),
    "zwfw.cases.case.extended": ("延长审批（第四十二条）", "Decision limit extended (art. 42)"),
    "zwfw.cases.case.delivery_overdue": ("送达超期（第四十四条）", "Delivery overdue (art. 44)"),
    "zwfw.cases.step.completed": ("办理环节", "Step completed"),
    "zwfw.cases.step.overdue": ("办理环节超期", "Step overdue"),
    "zwfw.cases.material.uploaded": ("上传办件材料", "Material uploaded"),
    "zwfw.cases.shortfall.reminded": ("容缺材料催交", "Shortfall reminder"),
    "zwfw.cases.shortfall.overdue": ("容缺材料逾期未补", "Shortfall overdue"),
    "zwfw.cases.pledge_verification.verified": ("告知承诺核查", "Pledge verified"),
    "zwfw.cases.case.decision_revoked": ("承诺不实，撤销准予决定", "Decision revoked (untrue pledge)"),
    "zwfw.cases.supervision_notice.failed": ("审管联动推送失败", "Supervision webhook failed"),
    "zwfw.cases.supervision_notice.read": ("阅知审管联动通知", "Supervision notice read"),
    "zwfw.cases.consultation.logged": ("登记咨询", "Consultation logged"),
}


def register_all() -> None:
    for code, (zh, en) in ACTIONS.items():
        audit_actions.register(code, zh, en)
