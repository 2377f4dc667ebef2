"""电子文书 of a case: acceptance issues a signed 受理通知书, the decision a signed 准予/不予
行政许可决定书 (in the same transaction), withdrawing an approval revokes its 决定书; the
applicant and staff in scope may open them, nobody else."""

from __future__ import annotations

import datetime as dt

import pytest

from zwfw.cases.services import case_accept, case_decide, case_step_complete
from zwfw.cases.services.workflow import step_get
from zwfw.core.tests.factories import login_client
from zwfw.licences import selectors as licence_selectors
from zwfw.licences.signing import document_envelope, keys_from_list, verify_document

pytestmark = pytest.mark.django_db


def _documents(case_number: str) -> dict:
    from zwfw.core.models import Role, User
    from zwfw.core.tests.factories import make_user

    admin = User.objects.filter(username="docs_admin").first() or make_user(
        role=Role.PLATFORM_ADMIN, username="docs_admin"
    )
    return {d.kind: d for d in licence_selectors.document_list_for(user=admin, case_number=case_number)}


def _keys():
    return keys_from_list(licence_selectors.signing_key_list())


def _decide(people, case, *, approved: bool):
    for key in ("review", "inspect"):
        case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, key))
    if approved:
        return case_decide(actor=people["reviewer"], case=case, approved=True, reason="符合条件")
    return case_decide(
        actor=people["reviewer"], case=case, approved=False, reason="场所不符合要求", legal_basis="《办法》第十条"
    )


def test_acceptance_issues_a_signed_notice(people, apply_case):
    case = apply_case()
    assert _documents(case.number) == {}
    case_accept(actor=people["clerk"], case=case)
    notice = _documents(case.number)["acceptance_notice"]
    assert notice.applicant_id == people["person"].pk and notice.issuer_department.code == case.department.code
    facts = notice.payload["facts"]
    assert facts["mode"] == "受理" and facts["due_date"] == case.due_date.isoformat()
    assert verify_document(document_envelope(notice), _keys()).signature_ok


@pytest.mark.parametrize("approved", [True, False])
def test_decision_issues_the_signed_decision_notice(people, apply_case, approved):
    case = apply_case()
    case_accept(actor=people["clerk"], case=case)
    _decide(people, case, approved=approved)
    docs = _documents(case.number)
    kind = "approval_decision" if approved else "denial_decision"
    assert set(docs) == {"acceptance_notice", kind}
    facts = docs[kind].payload["facts"]
    if approved:
        assert facts["decision"] == "准予行政许可"
    else:
        assert facts["reason"] == "场所不符合要求" and facts["legal_basis"] == "《办法》第十条"
        assert "行政复议" in facts["remedy"]
    assert licence_selectors.licence_verify_document(raw=document_envelope(docs[kind])).verdict == "valid"


def test_revoking_the_approval_revokes_its_decision_notice(people, apply_case):
    from zwfw.cases.services.revocation import case_decision_revoke

    case = apply_case()
    case_accept(actor=people["clerk"], case=case)
    _decide(people, case, approved=True)
    env = document_envelope(_documents(case.number)["approval_decision"])
    case_decision_revoke(actor=None, case_number=case.number, reason="承诺不实")
    result = licence_selectors.licence_verify_document(raw=env)
    assert (result.signature, result.verdict) == ("signature_valid", "revoked")
    # the 受理通知书 stays valid: the acceptance itself was not withdrawn
    assert _documents(case.number)["acceptance_notice"].status == "valid"


def test_a_failed_acceptance_leaves_no_notice(people, apply_case, monkeypatch):
    from zwfw.cases.services import frontdesk

    case = apply_case()

    def boom(*a, **kw):
        raise RuntimeError("notification store down")

    monkeypatch.setattr(frontdesk, "notify_applicant", boom)
    with pytest.raises(RuntimeError):
        case_accept(actor=people["clerk"], case=case)
    assert _documents(case.number) == {}  # rolled back with the acceptance


def test_pages_scope_applicant_staff_in_scope_and_nobody_else(people, apply_case):
    case = apply_case()
    case_accept(actor=people["clerk"], case=case)
    notice = _documents(case.number)["acceptance_notice"]
    page = f"/licences/documents/{notice.number}/"
    assert login_client(people["person"]).get(page).status_code == 200
    assert login_client(people["reviewer"]).get(page).status_code == 200  # the case's department
    assert login_client(people["person2"]).get(page).status_code == 404
    assert login_client(people["reviewer_wjw"]).get(page).status_code == 404  # another department
    assert login_client(people["clerk_my"]).get(page).status_code == 404  # another city
    listing = login_client(people["person"]).get(f"/licences/documents/?case={case.number}").content.decode()
    assert notice.number in listing and "受理通知书" in listing
    assert notice.number not in login_client(people["person2"]).get("/licences/documents/").content.decode()
    assert dt.date.fromisoformat(notice.payload["facts"]["accepted_on"]) <= dt.date.today() + dt.timedelta(days=1)
