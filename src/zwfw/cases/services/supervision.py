"""审管联动 (approval → supervision) and 告知承诺 verification.

Every decision creates a :class:`SupervisionNotice` for the supervising department (监管主体 of
the pinned element table, else the implementing department). The department reads it in its
inbox (selector ``supervision_inbox``, API ``GET /cases/supervision``) and, when
``ZWFW_SUPERVISION_WEBHOOK_URL`` is set, it is POSTed as JSON to that URL:

- the POST is enqueued with ``transaction.on_commit`` (never for a decision that rolled back);
- :func:`supervision_notice_send` makes one attempt; a failure (network error or non-2xx) keeps
  the row ``pending`` with ``attempts`` and ``last_error`` and schedules the next attempt with
  exponential back-off (``BASE_DELAY * 2**(attempts-1)``: 1, 2, 4, 8 minutes); after
  :data:`MAX_ATTEMPTS` the row is ``failed`` and an audit row says so;
- the periodic ``cases.supervision_retry`` job sends every pending row whose time has come.
Without a URL the row is ``disabled`` (inbox and API only).
"""

from __future__ import annotations

import json
import logging
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zwfw.cases import permissions as perms
from zwfw.cases.errors import CaseError, CaseErrorCode
from zwfw.cases.models import (
    Case,
    PledgeVerification,
    PledgeVerificationStatus,
    SupervisionNotice,
    SupervisionStatus,
)
from zwfw.core.permissions import require
from zwfw.core.services.audit import audit_log_write

logger = logging.getLogger("zwfw.cases.supervision")

MAX_ATTEMPTS = 5
BASE_DELAY = timedelta(minutes=1)
TIMEOUT_S = 10


def _payload(case: Case) -> dict:
    """What the supervisor is told: the decision, the item and the holder — no id numbers."""
    return {
        "case_number": case.number,
        "item_code": case.implementation.code,
        "item_name": case.item_name,
        "department": case.department.code,
        "applicant_kind": case.applicant_kind,
        "applicant_name": case.applicant_name if case.applicant_kind == "enterprise" else "",
        "uscc": case.applicant_uscc,
        "decision": case.decision,
        "decision_reason": case.decision_reason,
        "legal_basis": case.legal_basis,
        "on_pledge": case.on_pledge,
        "decided_at": case.decided_at.isoformat() if case.decided_at else None,
        "result_licence_type": case.version.result_licence_type,
        "supervision_measures": case.version.supervision_measures,
    }


def supervision_notice_create(*, case: Case) -> SupervisionNotice:
    """Write the notice in the caller's transaction; enqueue the webhook after commit."""
    enabled = bool(settings.ZWFW_SUPERVISION_WEBHOOK_URL)
    notice = SupervisionNotice.objects.create(
        case=case,
        department_id=case.version.supervisor_id or case.department_id,
        decision=case.decision,
        payload=_payload(case),
        status=SupervisionStatus.PENDING if enabled else SupervisionStatus.DISABLED,
        next_attempt_at=timezone.now() if enabled else None,
    )
    if enabled:
        notice_id = notice.pk
        transaction.on_commit(lambda: _enqueue(notice_id), robust=True)
    return notice


def _enqueue(notice_id: int) -> None:
    from zwfw.cases.tasks import supervision_send_task

    supervision_send_task.enqueue(notice_id)


def webhook_post(url: str, payload: dict) -> int:
    """POST ``payload`` as JSON; returns the HTTP status (raises on network errors)."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 (the operator configures an http(s) URL)
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
        return response.status


def supervision_notice_send(*, notice_id: int) -> str:
    """One delivery attempt (see the module docstring); returns the row's status afterwards."""
    url = settings.ZWFW_SUPERVISION_WEBHOOK_URL
    with transaction.atomic():
        notice = (
            SupervisionNotice.objects.select_for_update(skip_locked=True)
            .select_related("case")
            .filter(pk=notice_id)
            .first()
        )
        if notice is None:
            return "busy" if SupervisionNotice.objects.filter(pk=notice_id).exists() else "missing"
        if notice.status != SupervisionStatus.PENDING:
            return notice.status
        if not url:
            notice.status = SupervisionStatus.DISABLED
            notice.save(update_fields=["status"])
            return notice.status
        notice.attempts += 1
        try:
            status = webhook_post(url, notice.payload)
            if not 200 <= status < 300:
                raise OSError(f"HTTP {status}")
        except Exception as exc:  # any failure is temporary until MAX_ATTEMPTS
            notice.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if notice.attempts >= MAX_ATTEMPTS:
                notice.status = SupervisionStatus.FAILED
                notice.next_attempt_at = None
                audit_log_write(
                    actor=None,
                    action="zwfw.cases.supervision_notice.failed",
                    obj=notice,
                    after={"case": notice.case.number, "attempts": notice.attempts, "error": notice.last_error},
                    region_code=notice.case.region_id or "",
                )
            else:
                notice.next_attempt_at = timezone.now() + BASE_DELAY * (2 ** (notice.attempts - 1))
            logger.warning("supervision notice %s attempt %s failed: %s", notice.pk, notice.attempts, notice.last_error)
        else:
            notice.status = SupervisionStatus.SENT
            notice.sent_at = timezone.now()
            notice.next_attempt_at = None
            notice.last_error = ""
        notice.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error"])
    return notice.status


def supervision_retry_due(*, now=None) -> list[str]:
    """Attempt every pending notice whose next attempt is due (the periodic job)."""
    now = now or timezone.now()
    ids = list(
        SupervisionNotice.objects.filter(status=SupervisionStatus.PENDING, next_attempt_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    return [supervision_notice_send(notice_id=i) for i in ids]


@transaction.atomic
def supervision_notice_mark_read(*, actor, notice: SupervisionNotice) -> SupervisionNotice:
    """The supervising department has read the notice (阅知)."""
    require(actor, perms.SUPERVISION_VIEW)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.read_by = actor
        notice.save(update_fields=["read_at", "read_by"])
        audit_log_write(
            actor=actor,
            action="zwfw.cases.supervision_notice.read",
            obj=notice,
            after={"case": notice.case.number},
            region_code=notice.case.region_id or "",
        )
    return notice


@transaction.atomic
def pledge_verification_complete(
    *, actor, verification: PledgeVerification, passed: bool, result: str
) -> PledgeVerification:
    """Record the supervisor's check of a 告知承诺 pledge (核查属实 / 承诺不实)."""
    require(actor, perms.VERIFY)
    if verification.status != PledgeVerificationStatus.PENDING:
        raise CaseError(CaseErrorCode.VERIFICATION_DONE)
    if not result.strip():
        raise CaseError(CaseErrorCode.REASON_REQUIRED, what="核查结果")
    updated = PledgeVerification.objects.filter(pk=verification.pk, status=PledgeVerificationStatus.PENDING).update(
        status=PledgeVerificationStatus.PASSED if passed else PledgeVerificationStatus.FAILED,
        result=result.strip(),
        verified_at=timezone.now(),
        verified_by=actor,
    )
    if not updated:
        raise CaseError(CaseErrorCode.VERIFICATION_DONE)
    verification.refresh_from_db()
    audit_log_write(
        actor=actor,
        action="zwfw.cases.pledge_verification.verified",
        obj=verification,
        after={"case": verification.case.number, "status": verification.status, "result": verification.result},
        region_code=verification.case.region_id or "",
    )
    return verification
