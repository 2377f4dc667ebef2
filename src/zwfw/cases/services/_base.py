"""Shared plumbing of the case services: audit rows, applicant notifications, field updates with
the compare-and-set; the access check, :func:`enforce` and :func:`commit` come from the
transition table (:mod:`zwfw.cases.transitions`). Not part of the public surface."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zwfw.cases.models import Case
from zwfw.cases.services.documents import case_documents_on_event
from zwfw.cases.transitions import case_scope_q, check, commit, compare_and_set, enforce
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create

__all__ = ["audit", "case_scope_q", "check", "commit", "enforce", "notify_applicant", "notify_user", "today", "touch"]


def touch(case: Case, **fields: Any) -> Case:
    """Change fields of ``case`` without a state change, with the same compare-and-set."""
    return compare_and_set(case, to=case.status, **fields)


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
