"""Verification by number and code, and who sees which holdings (zwfw.licences.selectors)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from zwfw.core.models import Role, ScopeGrant
from zwfw.licences.selectors import licence_get_for, licence_list_for_staff, licence_verify
from zwfw.licences.services import licence_revoke
from zwfw.licences.tests.factories import ENTERPRISE_USCC, OTHER_PERSON_ID, PERSON_ID, issue

pytestmark = pytest.mark.django_db


def test_verify_valid_shows_masked_holder_and_issuer():
    h = issue(valid_from=dt.date(2020, 5, 20))
    result = licence_verify(number=h.number, verify_code=h.verify_code)
    assert result.outcome == "valid"
    assert result.message == "证照有效"
    assert result.holder_name == "张*"
    assert result.holder_identifier == PERSON_ID[:4] + "*" * 10 + PERSON_ID[-4:]
    assert result.issuer == "成都市武侯区民政局"
    assert result.valid_from == dt.date(2020, 5, 20)
    assert result.trust_level == "A"


def test_verify_code_is_case_insensitive():
    h = issue()
    assert licence_verify(number=h.number, verify_code=h.verify_code.lower()).outcome == "valid"


def test_verify_revoked():
    h = issue()
    licence_revoke(actor=None, holding=h, reason="依法撤销")
    result = licence_verify(number=h.number, verify_code=h.verify_code)
    assert result.outcome == "revoked"
    assert result.number == h.number


def test_verify_expired_before_the_nightly_job():
    h = issue(valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2021, 1, 1))
    assert licence_verify(number=h.number, verify_code=h.verify_code).outcome == "expired"


def test_wrong_code_reads_exactly_like_an_unknown_number():
    h = issue()
    wrong = licence_verify(number=h.number, verify_code="2222222222")
    unknown = licence_verify(number="marriage_cert-2026-999999", verify_code=h.verify_code)
    assert wrong == unknown
    assert wrong.outcome == "unknown"
    assert wrong.number == ""
    assert wrong.holder_name == ""
    assert "无法核验" in wrong.message


@pytest.mark.parametrize(("number", "code"), [("", ""), ("x" * 500, "ABC"), ("a", "B" * 500)])
def test_verify_odd_input_is_unknown(number, code):
    assert licence_verify(number=number, verify_code=code).outcome == "unknown"


def test_enterprise_holder_is_not_masked_in_verification():
    h = issue(
        licence_type="business_licence",
        holder_name="成都示例科技有限公司",
        holder_id_number="",
        holder_uscc=ENTERPRISE_USCC,
        department="510107-scjg",
    )
    result = licence_verify(number=h.number, verify_code=h.verify_code)
    assert (result.holder_name, result.holder_identifier) == ("成都示例科技有限公司", ENTERPRISE_USCC)


def test_get_for_another_persons_licence_is_404(make_user):
    mine = issue()
    theirs = issue(holder_name="李四", holder_id_number=OTHER_PERSON_ID)
    me = make_user(role=Role.PERSON, id_number=PERSON_ID)
    assert licence_get_for(user=me, number=mine.number) == mine
    with pytest.raises(Http404):
        licence_get_for(user=me, number=theirs.number)
    with pytest.raises(Http404):
        licence_get_for(user=me, number="nope")


def test_staff_list_is_scoped_by_issuing_department(make_user, seeded):
    wuhou_mz = issue()
    chengdu_scjg = issue(
        licence_type="business_licence",
        holder_name="甲公司",
        holder_id_number="",
        holder_uscc=ENTERPRISE_USCC,
        department="510100-scjg",
    )
    wuhou_scjg = issue(
        licence_type="business_licence",
        holder_name="乙公司",
        holder_id_number="",
        holder_uscc=ENTERPRISE_USCC,
        department="510107-scjg",
    )
    mianyang = issue(department="510700-mz")
    scjg_admin = make_user(role=Role.DEPT_ADMIN, department="510100-scjg")
    seen = {h.number for h in licence_list_for_staff(user=scjg_admin)}
    assert seen == {chengdu_scjg.number, wuhou_scjg.number}  # the city bureau and the district unit below it
    platform = make_user(role=Role.PLATFORM_ADMIN)
    assert {h.number for h in licence_list_for_staff(user=platform)} >= {
        wuhou_mz.number,
        chengdu_scjg.number,
        mianyang.number,
    }
    with pytest.raises(Http404):
        licence_get_for(user=scjg_admin, number=mianyang.number)
    ScopeGrant.objects.create(user=scjg_admin, region_id="510700", reason="协查")
    assert mianyang.number in {h.number for h in licence_list_for_staff(user=scjg_admin)}


def test_staff_list_filters(make_user):
    a = issue()
    b = issue()
    licence_revoke(actor=None, holding=b, reason="x")
    platform = make_user(role=Role.PLATFORM_ADMIN)
    assert [h.number for h in licence_list_for_staff(user=platform, status="revoked")] == [b.number]
    assert [h.number for h in licence_list_for_staff(user=platform, number=a.number)] == [a.number]
    assert list(licence_list_for_staff(user=platform, licence_type="id_card")) == []
