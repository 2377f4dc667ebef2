"""Core API: the role matrix (each role × each core endpoint) and the scoped, masked answers."""

from __future__ import annotations

import pytest

from zwfw.core.models import AuditLog, Role, User
from zwfw.core.services.accounts import scope_grant_create
from zwfw.core.tests.matrix import ALL_200, APPLICANTS, AUTH_200, STAFF, STAFF_200, Row, check_row

EVERYONE = [*APPLICANTS, *STAFF, "clerk_my", "anonymous"]
CHENGDU_STAFF = [r for r in STAFF if r != Role.PLATFORM_ADMIN]


def _all(status: int) -> dict[str, int]:
    return dict.fromkeys(EVERYONE, status)


ROWS = [
    Row("GET", "/api/v1/health", ALL_200),
    Row("GET", "/api/v1/me", AUTH_200),
    Row("GET", "/api/v1/regions", ALL_200),
    Row("GET", "/api/v1/regions?parent=510100", ALL_200),
    Row("GET", "/api/v1/regions/510107", ALL_200),
    Row("GET", "/api/v1/regions/999999", _all(404)),
    Row(
        "GET",
        "/api/v1/departments",
        STAFF_200,
        forbidden={"*": ("code", "5107"), "clerk_my": ("code", "5101")},
    ),
    Row("GET", "/api/v1/departments/510100-scjg", {**STAFF_200, "clerk_my": 404}),
    # reviewer, dept_admin and supervision_officer are department-scoped (成都市市场监管局): 市教育局 is not theirs
    Row(
        "GET",
        "/api/v1/departments/510100-jy",
        {**STAFF_200, **dict.fromkeys(["clerk_my", "reviewer", "dept_admin", "supervision_officer"], 404)},
    ),
    Row("GET", "/api/v1/departments/510700-zwfw", {**STAFF_200, **dict.fromkeys(CHENGDU_STAFF, 404)}),
    Row("GET", "/api/v1/departments/nope", {**STAFF_200, **dict.fromkeys([*STAFF, "clerk_my"], 404)}),
    Row(
        "GET",
        "/api/v1/users",
        {**_all(403), "anonymous": 401, "dept_admin": 200, "platform_admin": 200},
        forbidden={"*": ("region.code", "5107")},
    ),
    Row("GET", "/api/v1/tokens", AUTH_200),
    Row("POST", "/api/v1/tokens", {**_all(201), "anonymous": 401}, body={"name": "矩阵测试"}),
]


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_role_matrix(row, role_users):
    check_row(row, role_users)


def test_chengdu_clerk_sees_no_mianyang_department_until_granted(role_users, client_for):
    clerk = role_users[Role.WINDOW_CLERK]
    codes = [d["code"] for d in client_for(clerk).get("/api/v1/departments").json()]
    assert "510100-scjg" in codes and "510107-scjg" in codes
    assert not [c for c in codes if c.startswith("5107")]
    assert client_for(clerk).get("/api/v1/departments/510700-scjg").status_code == 404

    scope_grant_create(actor=role_users[Role.PLATFORM_ADMIN], user=clerk, region_code="510700", reason="协办绵阳件")

    codes = [d["code"] for d in client_for(clerk).get("/api/v1/departments").json()]
    assert "510700-scjg" in codes
    assert client_for(clerk).get("/api/v1/departments/510700-scjg").status_code == 200


def test_me_masks_personal_data(make_user, client_for):
    person = make_user(role=Role.PERSON, id_number="11010519491231002X", phone="13812345678", username="zhang")
    data = client_for(person).get("/api/v1/me").json()
    assert data["username"] == "zhang"
    assert data["id_number"] == "1101**********002X"
    assert data["phone"] == "138****5678"
    assert data["role"] == "person" and data["role_display"] == "个人申请人"
    assert data["region"]["code"] == "510107"
    assert "core.me.view" in data["permissions"] and "core.user.view" not in data["permissions"]
    assert "11010519491231002X" not in client_for(person).get("/api/v1/me").content.decode()


def test_users_list_masks_and_filters(role_users, client_for):
    admin = role_users[Role.PLATFORM_ADMIN]
    User.objects.filter(pk=role_users[Role.PERSON].pk).update(phone="13912345678")
    data = client_for(admin).get("/api/v1/users?role=person").json()
    assert data["count"] == 1
    assert data["items"][0]["phone"] == "139****5678"
    assert data["items"][0]["id_number"].count("*") == 10
    mianyang = client_for(admin).get("/api/v1/users?region=510700").json()
    assert [u["username"] for u in mianyang["items"]] == ["m_clerk_my"]
    assert client_for(admin).get("/api/v1/users?region=999999").status_code == 404


def test_dept_admin_sees_only_own_department_users(role_users, client_for):
    names = {u["username"] for u in client_for(role_users["dept_admin"]).get("/api/v1/users").json()["items"]}
    assert names == {"m_dept_admin", "m_reviewer", "m_supervision_officer"}


def test_user_detail_out_of_scope_is_404(role_users, client_for):
    dept_admin = role_users["dept_admin"]
    assert client_for(dept_admin).get(f"/api/v1/users/{role_users['reviewer'].pk}").status_code == 200
    response = client_for(dept_admin).get(f"/api/v1/users/{role_users['clerk_my'].pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_region_detail_has_ancestors_and_children(client_for):
    data = client_for(None).get("/api/v1/regions/510100").json()
    assert data["name"] == "成都市" and data["level_display"] == "市级"
    assert [a["code"] for a in data["ancestors"]] == ["100000", "510000"]
    assert len(data["children"]) == 20
    unknown = client_for(None).get("/api/v1/regions/510199")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"


def test_department_filters(role_users, client_for):
    admin = client_for(role_users[Role.PLATFORM_ADMIN])
    exact = admin.get("/api/v1/departments?region=510100").json()
    assert exact and {d["region"]["code"] for d in exact} == {"510100"}
    within = admin.get("/api/v1/departments?within=510100").json()
    assert {d["region"]["code"] for d in within} == {"510100", "510107"}
    scjg = admin.get("/api/v1/departments?line=scjg&within=510000").json()
    assert {d["code"] for d in scjg} >= {"510000-scjg", "510100-scjg", "510107-scjg", "510700-scjg"}
    wuhou = next(d for d in scjg if d["code"] == "510107-scjg")
    assert wuhou["parent"] == "510100-scjg"


def test_api_user_create_by_dept_admin(role_users, client_for):
    client = client_for(role_users["dept_admin"])
    body = {
        "username": "new_reviewer",
        "password": "long-enough-2026",
        "role": "reviewer",
        "display_name": "新审批员",
        "department_code": "510100-scjg",
    }
    response = client.post("/api/v1/users", data=body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["region"]["code"] == "510100"
    assert AuditLog.objects.filter(action="zwfw.core.user.created", object_id=str(response.json()["id"])).exists()

    outside = client.post(
        "/api/v1/users",
        data={**body, "username": "x2", "department_code": "510700-scjg"},
        content_type="application/json",
    )
    assert outside.status_code == 403 and outside.json()["code"] == "outside_scope"
    admin_role = client.post(
        "/api/v1/users", data={**body, "username": "x3", "role": "platform_admin"}, content_type="application/json"
    )
    assert admin_role.status_code == 403 and admin_role.json()["code"] == "role_not_assignable"
    taken = client.post("/api/v1/users", data=body, content_type="application/json")
    assert taken.status_code == 409 and taken.json()["code"] == "username_taken"


def test_api_user_create_rejects_bad_identifiers(role_users, client_for):
    client = client_for(role_users[Role.PLATFORM_ADMIN])
    body = {"username": "p1", "password": "long-enough-2026", "role": "person", "display_name": "某人"}
    bad = client.post(
        "/api/v1/users", data={**body, "id_number": "110105194912310021"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid_id_number"
    assert "校验码" in bad.json()["message"]
    missing = client.post("/api/v1/users", data={"username": "p2"}, content_type="application/json")
    assert missing.status_code == 422 and missing.json()["code"] == "validation_error"


def test_applicant_department_list_forbidden(role_users, client_for):
    response = client_for(role_users[Role.PERSON]).get("/api/v1/departments")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "core.department.view" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/departments", "/api/v1/users?limit=100", "/api/v1/regions"])
def test_list_endpoints_use_a_constant_number_of_queries(role_users, client_for, django_assert_max_num_queries, path):
    client = client_for(role_users[Role.PLATFORM_ADMIN])
    client.get("/api/v1/me")  # warm the session
    with django_assert_max_num_queries(6):
        response = client.get(path)
    assert response.status_code == 200
    data = response.json()
    assert len(data["items"] if isinstance(data, dict) else data) >= 10
