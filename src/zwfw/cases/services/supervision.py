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
When the supervision app runs in the same deployment and no URL is set, the hand-over is
in-process: :func:`supervision_notice_send` calls ``zwfw.supervision.services.inbox_receive``
inside the transaction that locks the outbox row and marks it ``sent``, so the event is either
received and marked, or neither; the retry job covers a crash between the decision's commit and
the hand-over. Supervision keys each event by ``cases:notice:<id>`` (unique), so no path can
store it twice. Without a URL and without the supervision app the row is ``disabled``.

Events (``payload["kind"]``): ``approval`` (every decision, 准予 or 不予), ``pledge`` (an approval
on 告知承诺, with the pledge and its 核查 due date) and ``shortfall`` (a 容缺受理, with the
materials owed and their due date). Supervision never imports cases: what it does to a case
(revoke a decision on an untrue pledge) comes back through hooks registered in
``CasesConfig.ready`` (:func:`supervision_hooks_register`).
"""

from __future__ import annotations

import json
import logging
import urllib.request
from collections.abc import Callable
from datetime import timedelta

from django.apps import apps
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
from zwfw.cases.services.revocation import case_decision_revoke
from zwfw.core.permissions import require
from zwfw.core.prepared import PreparedRead
from zwfw.core.services.audit import audit_log_write

logger = logging.getLogger("zwfw.cases.supervision")

MAX_ATTEMPTS = 5
BASE_DELAY = timedelta(minutes=1)
TIMEOUT_S = 10


def _local() -> bool:
    """Supervision runs in this deployment (the in-process hand-over is possible)."""
    return apps.is_installed("zwfw.supervision")


def _payload(case: Case, *, kind: str, supervisor_code: str, extra: dict | None = None) -> dict:
    """What the supervisor is told: the decision, the item and the holder — no id numbers."""
    return {
        "kind": kind,
        "supervisor_department": supervisor_code,
        "overdue": bool(case.is_overdue),
        **(extra or {}),
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


def _pledge_extra(case: Case) -> dict:
    verification = case.pledge_verifications.order_by("-id").first()
    if verification is None:
        return {}
    return {
        "pledge": {
            "text": verification.pledge_text,
            "materials": verification.materials,
            "due_date": verification.due_date.isoformat(),
        }
    }


def supervision_notice_create(*, case: Case, kind: str | None = None, extra: dict | None = None) -> SupervisionNotice:
    """Write the outbox row in the caller's transaction; hand it over after commit.

    ``kind`` defaults to ``pledge`` for a decision on 告知承诺, else ``approval``; cases' 容缺受理
    passes ``shortfall`` with the materials owed in ``extra``."""
    from zwfw.core.models import Department

    enabled = bool(settings.ZWFW_SUPERVISION_WEBHOOK_URL) or _local()
    kind = kind or ("pledge" if case.on_pledge and case.decision == "approved" else "approval")
    if kind == "pledge":
        extra = {**_pledge_extra(case), **(extra or {})}
    department_id = case.version.supervisor_id or case.department_id
    supervisor_code = Department.objects.filter(pk=department_id).values_list("code", flat=True).first() or ""
    notice = SupervisionNotice.objects.create(
        case=case,
        department_id=department_id,
        decision=case.decision if kind != "shortfall" else "",
        payload=_payload(case, kind=kind, supervisor_code=supervisor_code, extra=extra),
        status=SupervisionStatus.PENDING if enabled else SupervisionStatus.DISABLED,
        next_attempt_at=timezone.now() if enabled else None,
    )
    if enabled:
        notice_id = notice.pk
        transaction.on_commit(lambda: _enqueue(notice_id), robust=True)
    return notice


#: How a notice reaches the task queue: ``CasesConfig.ready`` registers the enqueue of
#: ``zwfw.cases.tasks.supervision_send_task`` (the tasks call the services, never the reverse).
_ENQUEUE: list[Callable[[int], object]] = []


def supervision_enqueue_register(enqueue: Callable[[int], object]) -> None:
    _ENQUEUE[:] = [enqueue]


def _enqueue(notice_id: int) -> None:
    if not _ENQUEUE:  # pragma: no cover - ready() always registers it
        logger.warning("supervision notice %s not enqueued: no task registered", notice_id)
        return
    _ENQUEUE[0](notice_id)


def webhook_post(url: str, payload: dict) -> int:
    """POST ``payload`` as JSON; returns the HTTP status (raises on network errors)."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 (the operator configures an http(s) URL)
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
        return response.status


# every decision's hand-over claims its notice: compiled once per process (issue 9)
_CLAIM: PreparedRead[SupervisionNotice] = PreparedRead(
    lambda pk: (
        SupervisionNotice.objects.select_for_update(skip_locked=True)
        .select_related("case")
        .filter(pk=pk)
        .order_by("pk")
    )
)


def _claim(notice_id: int) -> SupervisionNotice | str:
    """Lock a notice for one attempt (in the caller's transaction): the row, or why not:
    ``"busy"`` (another worker holds it), ``"missing"``, or the status of one no longer pending."""
    notice = _CLAIM.first(notice_id)
    if notice is None:
        return "busy" if SupervisionNotice.objects.filter(pk=notice_id).exists() else "missing"
    if notice.status != SupervisionStatus.PENDING:
        return notice.status
    return notice


def _mark_sent(notice: SupervisionNotice) -> None:
    notice.status = SupervisionStatus.SENT
    notice.sent_at = timezone.now()
    notice.next_attempt_at = None
    notice.last_error = ""


def _mark_failed(notice: SupervisionNotice, exc: Exception) -> None:
    """A failed attempt: retried with exponential back-off, FAILED after MAX_ATTEMPTS."""
    notice.last_error = f"{type(exc).__name__}: {exc}"[:500]
    if notice.attempts >= MAX_ATTEMPTS:
        notice.status = SupervisionStatus.FAILED
        notice.next_attempt_at = None
    else:
        notice.next_attempt_at = timezone.now() + BASE_DELAY * (2 ** (notice.attempts - 1))


def supervision_notice_send(*, notice_id: int) -> str:
    """One delivery attempt (see the module docstring); returns the row's status afterwards."""
    url = settings.ZWFW_SUPERVISION_WEBHOOK_URL
    if not url and _local():
        return _hand_over_locally(notice_id)
    with transaction.atomic():
        notice = _claim(notice_id)
        if isinstance(notice, str):
            return notice
        if not url:
            notice.status = SupervisionStatus.DISABLED
            notice.save(update_fields=["status"])
            return notice.status
        notice.attempts += 1
        try:
            status = webhook_post(url, {**notice.payload, "event_key": event_key(notice.pk)})
            if not 200 <= status < 300:
                raise OSError(f"HTTP {status}")
        except Exception as exc:  # any failure is temporary until MAX_ATTEMPTS
            _mark_failed(notice, exc)
            if notice.status == SupervisionStatus.FAILED:
                audit_log_write(
                    actor=None,
                    action="zwfw.cases.supervision_notice.failed",
                    obj=notice,
                    after={"case": notice.case.number, "attempts": notice.attempts, "error": notice.last_error},
                    region_code=notice.case.region_id or "",
                )
            logger.warning("supervision notice %s attempt %s failed: %s", notice.pk, notice.attempts, notice.last_error)
        else:
            _mark_sent(notice)
        notice.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error"])
    return notice.status


def event_key(notice_id: int) -> str:
    """The key supervision stores each event under (unique there): one event, one row."""
    return f"cases:notice:{notice_id}"


def _hand_over_locally(notice_id: int) -> str:
    """In-process hand-over: receive and mark in one transaction (exactly once, see above)."""
    from zwfw.supervision.services import inbox_receive

    with transaction.atomic():
        notice = _claim(notice_id)
        if isinstance(notice, str):
            return notice
        notice.attempts += 1
        try:
            with transaction.atomic():
                inbox_receive(
                    source_key=event_key(notice.pk),
                    payload=notice.payload,
                    id_number=notice.case.applicant_id_number if notice.case.applicant_kind == "person" else "",
                )
        except Exception as exc:  # a bad event stays pending for the retry job, then fails
            _mark_failed(notice, exc)
            logger.warning("supervision hand-over %s failed: %s", notice.pk, notice.last_error)
        else:
            _mark_sent(notice)
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
    if _local():
        # one record of the check: supervision's, which closes this task through its hook
        # (and, when untrue, revokes the decision and writes the credit event)
        from zwfw.supervision.selectors import pledge_check_for_case
        from zwfw.supervision.services import pledge_check_complete

        check = pledge_check_for_case(case_number=verification.case.number)
        if check is not None:
            pledge_check_complete(actor=actor, check=check, truthful=passed, method="data", result=result)
            verification.refresh_from_db()
            return verification
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


def _pledge_checked(*, actor, case_number: str, truthful: bool, result: str) -> None:
    """Hook for supervision: a pledge was found 属实 — close cases' 核查 task to match."""
    PledgeVerification.objects.filter(case__number=case_number, status=PledgeVerificationStatus.PENDING).update(
        status=PledgeVerificationStatus.PASSED if truthful else PledgeVerificationStatus.FAILED,
        result=result[:2000],
        verified_at=timezone.now(),
        verified_by=actor,
    )


def supervision_hooks_register() -> None:
    """Called from ``CasesConfig.ready``: give supervision what it may do to cases."""
    if not _local():
        return
    from zwfw.supervision.services import pledge_checked_hook_register, pledge_untrue_hook_register

    pledge_untrue_hook_register(case_decision_revoke)
    pledge_checked_hook_register(_pledge_checked)
