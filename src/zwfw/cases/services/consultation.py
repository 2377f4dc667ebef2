"""咨询登记: phone and on-site consultations, for the monthly window report (人次)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from zwfw.cases import permissions as perms
from zwfw.cases.errors import CaseError, CaseErrorCode
from zwfw.cases.models import Consultation, ConsultationChannel
from zwfw.core.permissions import require
from zwfw.core.selectors.accounts import department_by_code
from zwfw.core.selectors.scope import department_scope_q
from zwfw.core.services.audit import audit_log_write


@transaction.atomic
def consultation_log(
    *, actor, channel: str, department: str, topic: str = "", at: dt.datetime | None = None
) -> Consultation:
    """Log one consultation (one person, one time) for ``department`` (a code in the actor's
    scope). No personal data is asked for: the report counts 人次, not people."""
    require(actor, perms.CONSULTATION_LOG)
    if channel not in ConsultationChannel.values:
        raise CaseError(CaseErrorCode.REASON_REQUIRED, detail={"channel": channel}, what="咨询方式（phone 或 onsite）")
    dept = department_by_code(code=department)
    if dept is None:
        raise Http404("部门不存在")
    if not type(dept).objects.filter(pk=dept.pk).filter(department_scope_q(actor, "")).exists():
        raise Http404("部门不存在或无权查看")
    at = at or timezone.now()
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise CaseError(CaseErrorCode.CLOCK_DATE_INVALID, reason="咨询时间不能晚于现在")
    row = Consultation.objects.create(
        channel=channel, department=dept, region_id=dept.region_id, at=at, topic=topic.strip()[:300], logged_by=actor
    )
    audit_log_write(
        actor=actor,
        action="zwfw.cases.consultation.logged",
        obj=row,
        after={"channel": channel, "department": dept.code, "at": at},
        region_code=dept.region_id,
    )
    return row
