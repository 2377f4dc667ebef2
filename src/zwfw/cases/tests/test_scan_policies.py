"""政务服务码 scan: the holder's matched 惠企政策 (issue 16 item 2), wired through cases' hook from
the policies app's selector (tested here in cases: sharing and policies may not import each
other); only published/in-force policies, 免申即享 once confirmed, nothing for a person, nothing
without consent."""

from __future__ import annotations

import datetime as dt

import pytest

from zwfw.policies import services as policy_services
from zwfw.policies.tests.conftest import (  # noqa: F401  (fixtures)
    _media,
    clerk,
    enterprise,
    officer,
    policy,
    profiles,
)
from zwfw.sharing.errors import SharingError
from zwfw.sharing.services import service_code_issue, service_code_scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched(officer, enterprise, profiles, policy):  # noqa: F811 (fixtures imported above)
    run = policy_services.match_run_create(actor=officer, as_of=dt.date(2026, 6, 1))
    return policy_services.match_run_execute(run_id=run.pk)


def test_clerk_sees_the_enterprises_matched_policies(matched, enterprise, clerk):  # noqa: F811 (fixtures imported above)
    code = service_code_issue(actor=enterprise)
    result = service_code_scan(actor=clerk, token=code.token, consent=True, purpose="惠企政策咨询")
    items = {p["item"]: p for p in result["policies"]}
    # 研发补助 matched (研发 500万元 ≥ 200万元, 成都); 扩岗补助 is 免申即享, not announced before it is confirmed
    assert set(items) == {"研发补助"}
    assert items["研发补助"]["policy"] == "成都测试政策"
    assert items["研发补助"]["status_label"] == "承诺/申报后符合"
    assert items["研发补助"]["amount_fen"] == 50_000_000  # 10 % of 500万元 = 50万元
    assert items["研发补助"]["amount_yuan"] == "500,000.00"
    assert "attributes" not in items["研发补助"] and "rd_expense" not in str(result["policies"])


def test_abolished_policy_is_not_shown_and_no_consent_shows_nothing(matched, enterprise, clerk, officer, policy):  # noqa: F811 (fixtures imported above)
    code = service_code_issue(actor=enterprise)
    with pytest.raises(SharingError):
        service_code_scan(actor=clerk, token=code.token, consent=False, purpose="核验")
    policy_services.policy_transition(actor=officer, policy=policy, to="abolished")
    result = service_code_scan(actor=clerk, token=code.token, consent=True, purpose="核验")
    assert result["policies"] == []


def test_a_person_holder_has_no_policies(matched, clerk, make_user):  # noqa: F811 (fixtures imported above)
    from zwfw.core.models import Role
    from zwfw.licences.tests.factories import PERSON_ID

    person = make_user(role=Role.PERSON, username="sp_person", id_number=PERSON_ID)
    code = service_code_issue(actor=person)
    assert service_code_scan(actor=clerk, token=code.token, consent=True, purpose="核验")["policies"] == []
