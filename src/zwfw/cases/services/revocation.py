"""撤销 an approval whose 告知承诺 pledge was found untrue (承诺不实).

《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》（国办发〔2020〕42号）:
a decision granted on a pledge that proves untrue is revoked (依法撤销) and the untruth goes into
the applicant's credit record. Supervision finds the untruth and calls this service through the
hook cases registers at start-up (supervision never imports cases); the credit event is written
by supervision in the same transaction.

What revocation does, in the caller's transaction: cases' own 核查 task is closed as 承诺不实,
the result e-licence (if one was issued) is revoked (注销) through licences' services, the
applicant is told, and an audit row ``zwfw.cases.case.decision_revoked`` records it. The case
keeps ``decision = approved`` (its history); :func:`case_decision_revoked` answers whether it was
revoked. (A dedicated ``revoked_at`` column waits for the next cases migration.) Revoking twice
is a no-op.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from zwfw.cases.models import Case, PledgeVerification, PledgeVerificationStatus
from zwfw.cases.services._base import audit, enforce, notify_applicant
from zwfw.core.selectors.audit import audit_log_for_object

REVOKED_ACTION = "zwfw.cases.case.decision_revoked"


def _licence_revoke(*, number: str, holder_id_number: str, holder_uscc: str, reason: str) -> bool:
    """Revoke the result licence ``number`` (system actor); False when it is not (or no longer) valid."""
    from zwfw.licences.selectors import licence_holdings_for
    from zwfw.licences.services import licence_revoke

    for holding in licence_holdings_for(id_number=holder_id_number, uscc=holder_uscc):
        if holding.number == number:
            licence_revoke(actor=None, holding=holding, reason=reason[:300])
            return True
    return False


def case_decision_revoked(case: Case) -> bool:
    return audit_log_for_object("cases.case", case.pk).filter(action=REVOKED_ACTION).exists()


@transaction.atomic
def case_decision_revoke(*, actor, case_number: str, reason: str) -> Case:
    """Revoke the approval of case ``case_number`` (see the module docstring). 404 for an unknown
    case, 409 for a case that was not approved."""
    case = Case.objects.select_for_update().filter(number=case_number).first()
    if case is None:
        raise Http404("办件不存在")
    enforce(case, "revoke_decision", actor)  # the system's (supervision's hook): an approval
    if case_decision_revoked(case):
        return case
    now = timezone.now()
    PledgeVerification.objects.filter(case=case, status=PledgeVerificationStatus.PENDING).update(
        status=PledgeVerificationStatus.FAILED, result=reason[:2000], verified_at=now, verified_by=actor
    )
    licence_revoked = False
    if case.result_licence_number:
        licence_revoked = _licence_revoke(
            number=case.result_licence_number,
            holder_id_number=case.applicant_id_number,
            holder_uscc=case.applicant_uscc,
            reason=f"办件{case.number}准予决定已撤销：{reason}",
        )
    audit(actor, "decision_revoked", case, after={"reason": reason, "licence_revoked": licence_revoked})
    notify_applicant(
        case,
        verb="decision_revoked",
        subject=f"准予决定已撤销：{case.item_name}",
        body=(
            f"您的办件{case.number}（{case.item_name}）经核查承诺不实，依法撤销准予决定。原因：{reason}。"
            "如不服本决定，可以在收到决定之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。"
        ),
    )
    return case
