"""送达 and 办结.

行政许可法 第四十四条: the licence is issued or delivered within 10 days of the decision. The
result (licence, approval, or the denial notice) is picked up at the window (窗口出件), posted
with a tracking number (邮寄送达) or delivered electronically; then the case is 办结.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zwfw.cases import permissions as perms
from zwfw.cases.errors import CaseError, CaseErrorCode, illegal_transition
from zwfw.cases.models import Case, CaseStatus, Delivery, DeliveryMethod, StepAction, StepStatus
from zwfw.cases.services._base import audit, check, notify_applicant, transition
from zwfw.cases.services.workflow import step_finish, step_for_kind, steps_skip_open


@transaction.atomic
def case_deliver(
    *, actor, case: Case, method: str, tracking_number: str = "", carrier: str = "", address: str = ""
) -> Delivery:
    """送达 (已决定 → 已送达). ``post`` needs a tracking number; a window pick-up ends 全程网办.

    409 while the 制证 step is still open (the result does not exist yet).
    """
    check(actor, perms.DELIVER, case)
    if case.status != CaseStatus.DECIDED:
        raise illegal_transition(status=case.status, action="送达")
    if method not in DeliveryMethod.values:
        raise CaseError(
            CaseErrorCode.REASON_REQUIRED, detail={"method": method}, what="送达方式（pickup/post/electronic）"
        )
    tracking_number = tracking_number.strip()
    if method == DeliveryMethod.POST and not tracking_number:
        raise CaseError(CaseErrorCode.TRACKING_REQUIRED)
    produce = case.steps.filter(kind="produce", status__in=[StepStatus.PENDING, StepStatus.ACTIVE]).first()
    if produce is not None:
        raise CaseError(CaseErrorCode.DELIVERY_BEFORE_RESULT, detail={"step": produce.key}, step=produce.name)
    now = timezone.now()
    fields = {"fully_online": False} if method == DeliveryMethod.PICKUP else {}
    transition(case, expected={CaseStatus.DECIDED}, to=CaseStatus.DELIVERED, action="送达", **fields)
    delivery = Delivery.objects.create(
        case=case,
        method=method,
        carrier=carrier.strip(),
        tracking_number=tracking_number,
        address=address.strip() or (case.postal_address if method == DeliveryMethod.POST else ""),
        handed_out_at=now,
        handed_out_by=actor,
        department_id=getattr(actor, "department_id", None),
    )
    step = step_for_kind(case, "deliver", active_only=True)
    if step is not None:
        step_finish(case=case, step=step, actor=actor, action=StepAction.PASS, opinion=delivery.get_method_display())
    audit(actor, "delivered", case, after={"method": method, "tracking_number": tracking_number})
    how = {
        "pickup": "已在窗口领取",
        "post": f"已邮寄（{carrier} {tracking_number}）".replace("（ ", "（"),
        "electronic": "已电子送达",
    }
    notify_applicant(
        case,
        verb="delivered",
        subject=f"办理结果{how[method][:20]}：{case.item_name}",
        body=f"办件{case.number}的办理结果{how[method]}。",
    )
    return delivery


@transaction.atomic
def case_complete(*, actor, case: Case) -> Case:
    """办结 (已送达 → 已办结; 已决定 → 已办结 only where the graph has no 送达 step)."""
    check(actor, perms.COMPLETE, case)
    if case.status == CaseStatus.DECIDED and step_for_kind(case, "deliver") is not None:
        raise illegal_transition(status=case.status, action="办结（请先送达办理结果）")
    if (
        case.status == CaseStatus.DECIDED
        and case.steps.filter(kind="produce", status__in=["pending", "active"]).exists()
    ):
        raise illegal_transition(status=case.status, action="办结（制证环节未完成）")
    now = timezone.now()
    transition(
        case,
        expected={CaseStatus.DELIVERED, CaseStatus.DECIDED},
        to=CaseStatus.COMPLETED,
        action="办结",
        completed_at=now,
        completed_by=actor,
    )
    steps_skip_open(case=case, actor=actor)
    audit(actor, "completed", case, after={"decision": case.decision})
    notify_applicant(
        case,
        verb="completed",
        subject=f"办件已办结：{case.item_name}",
        body=f"您的办件{case.number}已办结，欢迎对本次服务作出评价。",
    )
    return case
