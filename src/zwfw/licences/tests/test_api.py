"""The licences API: wallet, verification, staff list, revocation, and the role matrix."""

from __future__ import annotations

import pytest

from zwfw.core.models import Role
from zwfw.core.tests.factories import login_client
from zwfw.core.tests.matrix import ALL_200, APPLICANTS, STAFF, Row, check_row
from zwfw.licences.models import HoldingStatus
from zwfw.licences.tests.factories import ENTERPRISE_USCC, OTHER_PERSON_ID, PERSON_ID, issue

pytestmark = pytest.mark.django_db

OWN_WALLET = {**dict.fromkeys(APPLICANTS, 200), **dict.fromkeys([*STAFF, "clerk_my"], 403), "anonymous": 401}
ADMINS_ONLY = {
    **dict.fromkeys([*APPLICANTS, *STAFF, "clerk_my"], 403),
    "dept_admin": 200,
    "platform_admin": 200,
    "anonymous": 401,
}

ROWS = [
    Row("GET", "/api/v1/licences/types", ALL_200),
    Row("GET", "/api/v1/licences/verify?number=x-2026-000001&code=ABCDEFGHJK", ALL_200),
    Row("GET", "/api/v1/licences/mine", OWN_WALLET),
    # The 成都市市场监管局 admin must not see what 绵阳 departments issued.
    Row("GET", "/api/v1/licences/holdings", ADMINS_ONLY, forbidden={"*": ("issuer_department", "510700")}),
    Row(
        "POST",
        "/api/v1/licences/holdings/no-such-number/revoke",
        {**ADMINS_ONLY, "dept_admin": 404, "platform_admin": 404},
        body={"reason": "测试"},
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_licences_matrix(row, role_users):
    issue(department="510700-mz")  # something out of the 成都 admins' scope to leak
    issue(
        licence_type="business_licence",
        holder_name="甲公司",
        holder_id_number="",
        holder_uscc=role_users["enterprise"].uscc,
        department="510100-scjg",
    )
    check_row(row, role_users)


@pytest.fixture
def person(make_user):
    return make_user(role=Role.PERSON, username="api_person", id_number=PERSON_ID, display_name="张伟")


def test_wallet_lists_only_own_licences(person):
    mine = issue(data={"登记日期": "2020年05月20日"})
    issue(holder_name="李四", holder_id_number=OTHER_PERSON_ID)
    response = login_client(person).get("/api/v1/licences/mine")
    assert response.status_code == 200
    body = response.json()
    assert [h["number"] for h in body] == [mine.number]
    card = body[0]
    assert card["licence_type"] == "marriage_cert"
    assert card["data"] == {"登记日期": "2020年05月20日"}
    assert card["holder_identifier"] == PERSON_ID[:4] + "*" * 10 + PERSON_ID[-4:]
    assert card["verify_url"] == f"http://testserver/licences/verify/?number={mine.number}&code={mine.verify_code}"
    assert card["watermark"].startswith("仅供办理政务服务事项时使用，有效期至")


def test_another_persons_licence_is_404_with_the_error_body(person):
    theirs = issue(holder_name="李四", holder_id_number=OTHER_PERSON_ID)
    response = login_client(person).get(f"/api/v1/licences/mine/{theirs.number}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_anonymous_wallet_is_401(db):
    response = login_client(None).get("/api/v1/licences/mine")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_verify_api_valid_and_wrong_code(db):
    h = issue()
    ok = login_client(None).get("/api/v1/licences/verify", {"number": h.number, "code": h.verify_code}).json()
    assert ok["outcome"] == "valid"
    assert ok["holder_name"] == "张*"
    wrong = login_client(None).get("/api/v1/licences/verify", {"number": h.number, "code": "2222222222"}).json()
    unknown = login_client(None).get("/api/v1/licences/verify", {"number": "nope", "code": "2222222222"}).json()
    assert wrong == unknown
    assert wrong["outcome"] == "unknown"


def test_verify_api_missing_or_long_parameters_are_422(db):
    client = login_client(None)
    missing = client.get("/api/v1/licences/verify", {"number": "x"})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["field"] == "code"
    assert client.get("/api/v1/licences/verify", {"number": "x" * 101, "code": "A"}).status_code == 422


def test_revoke_api(make_user):
    h = issue(
        department="510100-scjg",
        licence_type="business_licence",
        holder_name="甲公司",
        holder_id_number="",
        holder_uscc=ENTERPRISE_USCC,
    )
    admin = make_user(role=Role.DEPT_ADMIN, department="510100-scjg")
    client = login_client(admin)
    url = f"/api/v1/licences/holdings/{h.number}/revoke"
    assert client.post(url, data={"reason": ""}, content_type="application/json").status_code == 422
    response = client.post(url, data={"reason": "营业执照被依法吊销"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == HoldingStatus.REVOKED
    again = client.post(url, data={"reason": "再次"}, content_type="application/json")
    assert again.status_code == 409
    assert again.json()["code"] == "licence_not_valid"
    other = login_client(make_user(role=Role.DEPT_ADMIN, department="510100-wjw"))
    assert other.post(url, data={"reason": "x"}, content_type="application/json").status_code == 404


def test_staff_list_masks_holders(make_user):
    issue()
    platform = make_user(role=Role.PLATFORM_ADMIN)
    body = login_client(platform).get("/api/v1/licences/holdings").json()
    assert body["count"] == 1
    row = body["items"][0]
    assert row["holder_name"] == "张*"
    assert PERSON_ID not in str(body)
    assert "verify_code" not in row


def test_list_queries_do_not_grow_with_the_number_of_licences(person, make_user, django_assert_max_num_queries):
    platform = make_user(role=Role.PLATFORM_ADMIN)
    wallet, staff = login_client(person), login_client(platform)
    issue()
    wallet.get("/api/v1/licences/mine")
    staff.get("/api/v1/licences/holdings")
    for _ in range(5):
        issue()
    # session, user, holdings (+ type, department, region joined)
    with django_assert_max_num_queries(3):
        assert len(wallet.get("/api/v1/licences/mine").json()) == 6
    # session, user, scope, count, page
    with django_assert_max_num_queries(5):
        assert staff.get("/api/v1/licences/holdings").json()["count"] == 6
