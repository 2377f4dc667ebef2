"""The case's signed documents (电子文书): 受理通知书 on acceptance, 决定书 on decision.

Each is sealed by the case's department through licences' services
(:func:`zwfw.licences.services.documents.signed_document_issue`), in the transaction of the
state change it records, so a case is never accepted or decided without its notice.

The hook is the case's audit row (:func:`zwfw.cases.services._base.audit` calls
:func:`case_documents_on_event`): every acceptance path (受理, 容缺受理, 告知承诺, 视为受理) and
the decision already write one, so no state-change function needs its own call, and a new path
that reuses one of these audit verbs gets its notice too. Withdrawing an approval
(``decision_revoked``) revokes the 准予行政许可决定书.

- 受理通知书 (行政许可法 第三十二条: a written notice of acceptance with the seal and date):
  受理日期, 受理方式, 承诺办结日期.
- 准予行政许可决定书 (第三十八条): 决定日期, 结果名称, 证照编号 when the licence exists already.
- 不予行政许可决定书 (第三十八条 第二款): the reason, the legal basis and the right to
  reconsideration or litigation.
"""

from __future__ import annotations

from django.utils import timezone

from zwfw.cases.legal import DENIAL_NOTICE
from zwfw.cases.models import Case, Decision

ACCEPTANCE_MODES = {
    "accepted": "受理",
    "accepted_with_shortfall": "容缺受理",
    "accepted_on_pledge": "告知承诺受理",
    "deemed_accepted": "视为受理（《中华人民共和国行政许可法》第三十二条）",
}


def _date(value) -> str | None:
    if value is None:
        return None
    if hasattr(value, "hour"):
        value = timezone.localdate(value)
    return value.isoformat()


def _issue(*, actor, case: Case, kind: str, facts: dict, issued_at) -> None:
    from zwfw.licences.services import signed_document_issue

    signed_document_issue(
        actor=actor,
        kind=kind,
        case_number=case.number,
        item_name=case.item_name,
        holder_name=case.applicant_name,
        holder_id_number=case.applicant_id_number,
        holder_uscc=case.applicant_uscc,
        issuer_department=case.department,
        facts=facts,
        applicant_id=case.applicant_id,
        issued_at=issued_at,
    )


def case_acceptance_notice_issue(*, actor, case: Case, mode: str = "受理") -> None:
    """The signed 受理通知书 of an accepted case (idempotent)."""
    _issue(
        actor=actor,
        case=case,
        kind="acceptance_notice",
        issued_at=case.accepted_at,
        facts={
            "accepted_on": _date(case.accepted_at),
            "mode": mode,
            "due_date": _date(case.due_date),
        },
    )


def case_decision_notice_issue(*, actor, case: Case) -> None:
    """The signed 准予 or 不予行政许可决定书 of a decided case (idempotent)."""
    version = case.version
    if case.decision == Decision.APPROVED:
        kind = "approval_decision"
        facts = {
            "decision": "准予行政许可",
            "decided_on": _date(case.decided_at),
            "result_name": version.result_name or "",
            "licence_number": case.result_licence_number or "",
        }
    elif case.decision == Decision.DENIED:
        kind = "denial_decision"
        facts = {
            "decision": "不予行政许可",
            "decided_on": _date(case.decided_at),
            "reason": case.decision_reason,
            "legal_basis": case.legal_basis,
            "remedy": DENIAL_NOTICE,
        }
    else:
        return
    _issue(actor=actor, case=case, kind=kind, facts=facts, issued_at=case.decided_at)


def case_documents_on_event(*, actor, verb: str, case: Case) -> None:
    """Issue (or revoke) the documents an audited case event calls for; other verbs do nothing."""
    if verb in ACCEPTANCE_MODES:
        case_acceptance_notice_issue(actor=actor, case=case, mode=ACCEPTANCE_MODES[verb])
    elif verb == "decided":
        case_decision_notice_issue(actor=actor, case=case)
    elif verb == "decision_revoked":
        from zwfw.licences.services import signed_documents_revoke_for_case

        signed_documents_revoke_for_case(
            actor=None, case_number=case.number, kinds=["approval_decision"], reason="准予决定已依法撤销"
        )
