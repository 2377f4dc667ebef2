"""Shared plumbing of the case services: permission and scope checks, the compare-and-set
transition, audit rows and applicant notifications. Not part of the public surface."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F
from django.http import Http404
from django.utils import timezone

from zwfw.cases.errors import conflict, illegal_transition
from zwfw.cases.models import Case
from zwfw.core.permissions import require
from zwfw.core.selectors.scope import scoped_q
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create


def check(actor, action: str, case: Case | None = None) -> None:
    """The role holds ``action`` and (for a case) the case is in the actor's scope.

    ``actor=None`` is the system (periodic jobs, the demo loader): always allowed. A case out of
    scope answers 404 exactly like a missing one (STYLE.md convention 3).
    """
    if actor is None:
        return
    require(actor, action)
    if case is None:
        return
    from zwfw.cases.selectors import SCOPED_FOR

    if actor.pk is not None and getattr(case, SCOPED_FOR, None) == actor.pk:
        return  # fetched through the scoped selector for this actor in this request
    if not Case.objects.filter(pk=case.pk).filter(_scope_q(actor) | _step_q(actor)).exists():
        raise Http404("对象不存在或无权查看")


def _step_q(actor):
    from zwfw.cases.selectors import step_scope_q

    return step_scope_q(actor)


def _scope_q(actor):
    from zwfw.cases.selectors import intake_scope_q

    # the registered scope, plus 跨域通办 cases the actor's window received (收件地)
    return scoped_q(actor, region="region", department="department", owner="applicant") | intake_scope_q(actor)


def transition(case: Case, *, expected: Iterable[str], to: str, action: str, **fields: Any) -> Case:
    """Move ``case`` from one of ``expected`` to ``to``, setting ``fields``, or raise 409.

    One ``UPDATE … WHERE id = … AND row_version = <read> AND status = <read>``: when another
    transaction changed the case since it was read, no row matches and the caller is told the
    state the case is in now (``case_conflict``). On PostgreSQL the second of two concurrent
    updates waits for the first to commit, then re-checks the WHERE and matches nothing; on
    SQLite transactions begin IMMEDIATE, so writers are serialised anyway.
    """
    expected = {str(s) for s in expected}
    if case.status not in expected:
        raise illegal_transition(status=case.status, action=action)
    if fields.get("accepted_at") is not None and "accepted_online" not in fields:
        # Every acceptance path (受理, 容缺, 告知承诺, art. 32) fixes the report channel here.
        fields["accepted_online"] = bool(fields.get("fully_online", case.fully_online))
    now = timezone.now()
    values = {"status": to, "status_changed_at": now, **fields}
    updated = Case.objects.filter(pk=case.pk, row_version=case.row_version, status=case.status).update(
        row_version=F("row_version") + 1, updated_at=now, **values
    )
    if not updated:
        current = Case.objects.filter(pk=case.pk).values_list("status", flat=True).first()
        raise conflict(status=current or case.status)
    for name, value in values.items():
        setattr(case, name, value)
    case.row_version += 1
    case.updated_at = now
    return case


def touch(case: Case, **fields: Any) -> Case:
    """Change fields of ``case`` without a state change, with the same compare-and-set."""
    return transition(case, expected={case.status}, to=case.status, action="修改", **fields)


def audit(actor, verb: str, case: Case, *, before: dict | None = None, after: dict | None = None) -> None:
    audit_log_write(
        actor=actor,
        action=f"zwfw.cases.case.{verb}",
        obj=case,
        before=before,
        after={"number": case.number, "status": case.status, **(after or {})},
        region_code=case.region_id or "",
    )
    # 电子文书: an acceptance or decision also issues its signed notice (services/documents.py)
    from zwfw.cases.services.documents import case_documents_on_event

    case_documents_on_event(actor=actor, verb=verb, case=case)


def notify_applicant(case: Case, *, verb: str, subject: str, body: str) -> None:
    """An inbox message to the applicant, written in the caller's transaction (outbox)."""
    notification_create(
        recipient=case.applicant,
        subject=subject[:200],
        body=body,
        event=f"zwfw.cases.case.{verb}",
        link=f"/cases/{case.pk}/",
    )


def notify_user(user, *, case: Case, verb: str, subject: str, body: str) -> None:
    if user is None:
        return
    notification_create(
        recipient=user, subject=subject[:200], body=body, event=f"zwfw.cases.case.{verb}", link=f"/cases/{case.pk}/"
    )


def today():
    return timezone.localdate()
