"""With the real ``zwfw.licences`` app (no stub): a held e-licence exempts the material, and the
approved case's result goes into the holder's wallet."""

from __future__ import annotations

import pytest

from zwfw.cases.models import MaterialStatus
from zwfw.cases.services import case_accept, case_decide, case_step_complete
from zwfw.cases.services.workflow import step_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_licences(monkeypatch):
    from zwfw.cases.services import apply, decision

    monkeypatch.setattr(apply, "licence_holdings", _real_holdings)
    monkeypatch.setattr(decision, "_licence_issue", _real_issue)


def _real_holdings(*, id_number: str = "", uscc: str = "", types=None):
    from zwfw.licences.selectors import licence_holdings_for

    return licence_holdings_for(id_number=id_number, uscc=uscc, types=types)


def _real_issue(**kwargs):
    from zwfw.licences.services import licence_issue

    return licence_issue(**kwargs)


def test_exemption_and_issuance_with_the_real_wallet(people, apply_case, real_licences):
    from zwfw.licences.selectors import licence_holdings_for
    from zwfw.licences.services import licence_issue, licence_type_ensure

    person = people["enterprise"]
    for code, name in (("business_licence", "营业执照"), ("food_business_licence", "食品经营许可证")):
        licence_type_ensure(actor=None, code=code, name=name, issuer_line="scjg")
    licence_issue(
        actor=None,
        licence_type="business_licence",
        holder_name=person.display_name,
        holder_uscc=person.uscc,
        issuer_department_code="510100-scjg",
        source_case_number="",
        data={},
    )
    case = apply_case(user=person)
    m = case.materials.get(key="business_licence")
    assert m.status == MaterialStatus.EXEMPT_LICENCE and m.licence_number
    case_accept(actor=people["clerk"], case=case)
    for key in ("review", "inspect"):
        case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, key))
    case_decide(actor=people["reviewer"], case=case, approved=True, reason="符合")
    case.refresh_from_db()
    wallet = {h.licence_type: h.number for h in licence_holdings_for(uscc=person.uscc)}
    assert wallet["food_business_licence"] == case.result_licence_number
