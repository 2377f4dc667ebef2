"""送达 and 办结.

行政许可法 第四十四条: the licence is issued or delivered within 10 days of the decision. The
result (licence, approval, or the denial notice) is picked up at the window (窗口出件), posted
with a tracking number (邮寄送达) or delivered electronically; then the case is 办结.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zwfw.cases.errors import CaseError, CaseErrorCode
from zwfw.cases.models import Case, Delivery, DeliveryMethod, StepAction
from zwfw.cases.services._base import audit, commit, enforce, notify_applicant
from zwfw.cases.services.workflow import step_finish, step_for_kind, steps_in_hand, steps_skip_open
from zwfw.core.prepared import insert_row


@transaction.atomic
def case_deliver(
    *, actor, case: Case, method: str, tracking_number: str = "", carrier: str = "", address: str = ""
) -> Delivery:
    """送达 (已决定 → 已送达). ``post`` needs a tracking number; a window pick-up ends 全程网办.

    409 while the 制证 step is still open (the result does not exist yet).
    """
    with steps_in_hand(case):  # one read of the steps for the guard and the 送达 step
        enforce(case, "deliver", actor)  # 已决定, the result produced (no open 制证 step)
        if method not in DeliveryMethod.values:
            raise CaseError(
                CaseErrorCode.REASON_REQUIRED, detail={"method": method}, what="送达方式（pickup/post/electronic）"
            )
        tracking_number = tracking_number.strip()
        if method == DeliveryMethod.POST and not tracking_number:
            raise CaseError(CaseErrorCode.TRACKING_REQUIRED)
        now = timezone.now()
        fields = {"fully_online": False} if method == DeliveryMethod.PICKUP else {}
        commit(case, "deliver", **fields)
        delivery = insert_row(
            Delivery(
                case=case,
                method=method,
                carrier=carrier.strip(),
                tracking_number=tracking_number,
                address=address.strip() or (case.postal_address if method == DeliveryMethod.POST else ""),
                handed_out_at=now,
                handed_out_by=actor,
                department_id=getattr(actor, "department_id", None),
            )
        )
        step = step_for_kind(case, "deliver", active_only=True)
        if step is not None:
            step_finish(
                case=case, step=step, actor=actor, action=StepAction.PASS, opinion=delivery.get_method_display()
            )
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
    enforce(case, "complete", actor)  # from 已决定 only with nothing to hand over
    commit(case, "complete", completed_at=timezone.now(), completed_by=actor)
    steps_skip_open(case=case, actor=actor)
    audit(actor, "completed", case, after={"decision": case.decision})
    notify_applicant(
        case,
        verb="completed",
        subject=f"办件已办结：{case.item_name}",
        body=f"您的办件{case.number}已办结，欢迎对本次服务作出评价。",
    )
    return case
