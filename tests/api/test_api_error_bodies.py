"""Requests Django refuses before any API view runs still get the API's JSON error body under
/api/ (issue 18 item 8: "some 400s come back as HTML"), and the site's HTML pages elsewhere."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from zwfw.core.tests.factories import login_client, make_user

pytestmark = pytest.mark.django_db


def _error_body(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), (response.status_code, response.content[:200])
    body = json.loads(response.content)
    assert {"code", "message", "detail"} <= set(body), body
    return body


def test_a_host_not_allowed_is_a_json_400_under_api():
    client = Client(HTTP_HOST="evil.example.org")
    api = client.get("/api/v1/regions")
    assert api.status_code == 400 and _error_body(api)["code"] == "bad_request"
    page = client.get("/")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_a_body_over_the_limit_is_a_json_400_under_api():
    client = login_client(make_user(role="person", username="err_big"))
    response = client.post("/api/v1/tokens", json.dumps({"name": "x" * 5000}), content_type="application/json")
    assert response.status_code in {400, 413}
    assert _error_body(response)["code"] in {"bad_request", "payload_too_large"}


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
def test_too_many_form_fields_is_a_json_400_under_api():
    client = login_client(make_user(role="person", username="err_fields"))
    body = "&".join(f"f{n}=v" for n in range(50))
    response = client.post("/api/v1/tokens", body, content_type="application/x-www-form-urlencoded")
    assert 400 <= response.status_code < 500
    _error_body(response)


def test_the_handlers_answer_json_under_api_and_pages_elsewhere(rf):
    from zwfw import api

    for handler, status in ((api.handler400, 400), (api.handler403, 403), (api.handler404, 404)):
        response = handler(rf.get("/api/v1/anything"), Exception("x"))
        assert response.status_code == status and _error_body(response)
        page = handler(rf.get("/cases/mine/"), Exception("x"))
        assert page.status_code == status and not page["Content-Type"].startswith("application/json")
    crash = api.handler500(rf.get("/api/v1/anything"))
    assert crash.status_code == 500 and _error_body(crash)["code"] == "server_error"
    csrf = api.csrf_failure(rf.post("/api/v1/anything"), reason="CSRF token missing")
    assert csrf.status_code == 403 and _error_body(csrf)["code"] == "permission_denied"
    page = api.csrf_failure(rf.post("/accounts/login/"), reason="x")
    assert page.status_code == 403 and page["Content-Type"].startswith("text/html")
