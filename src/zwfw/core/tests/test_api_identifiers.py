"""Identifier API: public live validation; id numbers answered masked; 400/422 bodies."""

from __future__ import annotations

import pytest

from zwfw.core.models import Role

URL = "/api/v1/identifiers/validate"


def test_valid_id_number_is_answered_masked_without_personal_info(client, db):
    response = client.get(URL, {"kind": "id_number", "value": "11010519491231002x"})
    assert response.status_code == 200
    assert response.json() == {
        "kind": "id_number",
        "value": "1101**********002X",
        "valid": True,
        "problems": [],
        "message": "校验通过",
        "info": {},
    }
    assert "19491231" not in response.content.decode()


def test_invalid_id_number_says_why(client, db):
    body = client.get(URL, {"kind": "id_number", "value": "510104199003071230"}).json()
    assert body["valid"] is False
    assert body["value"] == "5101**********1230"
    assert body["problems"] == [
        {
            "code": "bad_check_digit",
            "message": "校验码错误：应为7，实为0",
            "message_en": "check character should be 7, got 0",
        }
    ]
    assert body["message"] == "校验码错误：应为7，实为0"
    short = client.get(URL, {"kind": "id_number", "value": "5101"}).json()
    assert short["message"] == "长度应为18位，实为4位" and short["value"] == "****"


def test_uscc_is_answered_normalised_with_info(client, db):
    body = client.get(URL, {"kind": "uscc", "value": " 91510100ma61r5xxxb "}).json()
    assert body["valid"] is True
    assert body["value"] == "91510100MA61R5XXXB"
    assert body["info"] == {"authority": "工商(市场监管)", "region_code": "510100", "org_code": "MA61R5XXX"}
    bad = client.get(URL, {"kind": "uscc", "value": "91510100MA61R5XXOB"}).json()
    assert bad["valid"] is False and [p["code"] for p in bad["problems"]] == ["bad_chars"]


def test_unknown_kind_is_400_with_the_error_body(client, db):
    response = client.get(URL, {"kind": "passport", "value": "E12345678"})
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_identifier_kind",
        "message": "不支持的证件类型：passport（可选 id_number、uscc）",
        "detail": {"kind": "passport"},
    }


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"kind": "uscc"}, ["value"]),
        ({"value": "91510100MA61R5XXXB"}, ["kind"]),
        ({}, ["kind", "value"]),
        ({"kind": "uscc", "value": "9" * 65}, ["value"]),
    ],
)
def test_missing_or_oversized_parameters_are_422_naming_the_field(client, db, params, fields):
    response = client.get(URL, params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert sorted(d["field"] for d in body["detail"]) == fields


@pytest.mark.parametrize("role", [None, Role.PERSON, Role.ENTERPRISE, Role.WINDOW_CLERK])
def test_validation_is_public_for_every_role(role, make_user, client_for):
    client = client_for(make_user(role=role) if role else None)
    response = client.get(URL, {"kind": "uscc", "value": "91510100MA61R5XXXB"})
    assert response.status_code == 200 and response.json()["valid"] is True


def test_validate_is_described_in_openapi(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/identifiers/validate"]["get"]
    assert operation["operationId"] == "core_identifier_validate"
    assert {p["name"] for p in operation["parameters"]} == {"kind", "value"}
    assert set(operation["responses"]) == {"200", "400", "422", "503"}  # 503: a busy database (issue 18.7)
