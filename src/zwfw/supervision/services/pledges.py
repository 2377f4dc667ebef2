"""告知承诺核查: the supervising department checks a pledge on site or against data within the
time limit and records 属实 or 不实.

不实 (the applicant's pledge was untrue), in one transaction: the decision is revoked through the
hook cases registered (:func:`~zwfw.supervision.services.inbox.pledge_untrue_hook_register`;
《关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》（国办发〔2020〕42号）: 承诺不实的依法
撤销), and a credit event ``pledge_untrue`` is written for the USCC or 身份证号, which lowers
the grade. If the hook fails, nothing is recorded (the error reaches the officer).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zwfw.core.models import User
from zwfw.core.permissions import require
from zwfw.core.services.audit import audit_log_write
from zwfw.supervision import permissions as perms
from zwfw.supervision.errors import SupervisionError, SupervisionErrorCode
from zwfw.supervision.models import CheckMethod, CreditKind, CreditSource, PledgeCheck, PledgeStatus
from zwfw.supervision.services._base import bad, today
from zwfw.supervision.services.credit import credit_event_record
from zwfw.supervision.services.inbox import pledge_checked_hooks, pledge_untrue_hooks


@transaction.atomic
def pledge_check_complete(*, actor: User, check: PledgeCheck, truthful: bool, method: str, result: str) -> PledgeCheck:
    """Record the check. Exactly one of two concurrent records wins (409 for the other)."""
    require(actor, perms.PLEDGE_VERIFY)
    if method not in (CheckMethod.ONSITE, CheckMethod.DATA):
        raise bad("核查方式", "应为现场核查（onsite）或数据核查（data）", "method")
    result = (result or "").strip()
    if not result:
        raise bad("核查情况", "请填写核查情况", "result")
    updated = PledgeCheck.objects.filter(pk=check.pk, status=PledgeStatus.PENDING).update(
        status=PledgeStatus.TRUE if truthful else PledgeStatus.UNTRUE,
        method=method,
        result=result[:5000],
        checked_at=timezone.now(),
        checked_by=actor,
    )
    if not updated:
        raise SupervisionError(SupervisionErrorCode.CHECK_DONE)
    check = PledgeCheck.objects.select_related("event", "department").get(pk=check.pk)
    event = check.event
    if not truthful:
        reason = f"告知承诺核查不实：{result}"[:300]
        hooks = pledge_untrue_hooks()
        for hook in hooks:
            hook(actor=actor, case_number=event.case_number, reason=reason)
        check.revoked = bool(hooks)
        check.revocation_note = "已撤销审批决定" if hooks else "未连接审批系统，请线下撤销审批决定"
        check.save(update_fields=["revoked", "revocation_note"])
        subject_id = event.uscc or event.id_number
        if subject_id:
            credit_event_record(
                actor=actor,
                subject_kind="enterprise" if event.uscc else "person",
                subject_id=subject_id,
                subject_name=event.subject_name,
                kind=CreditKind.PLEDGE_UNTRUE,
                occurred_on=today(),
                note=f"办件{event.case_number}（{event.item_name}）告知承诺不实"[:500],
                department=check.department,
                source=CreditSource.PLATFORM,
                source_ref=f"pledge:{check.pk}",
                check_permission=False,
            )
    for hook in pledge_checked_hooks():
        hook(actor=actor, case_number=event.case_number, truthful=truthful, result=result)
    audit_log_write(
        actor=actor,
        action="zwfw.supervision.pledge_check.completed",
        obj=check,
        after={
            "case": event.case_number,
            "status": check.status,
            "method": method,
            "late": today() > check.due_date,
            "revoked": check.revoked,
        },
        region_code=check.department.region_id or "",
    )
    return check
