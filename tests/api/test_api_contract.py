"""Every route, anonymously: 401 with the one error body where credentials are needed, never 5xx.

Routes come from the OpenAPI document (``tests/api/conftest.py``), so a route mounted tomorrow is
checked here without an edit. A route "accepts anonymous callers" when it has no security
requirement or an optional auth (catalog's published versions): there any answer below 500 is
fine, and a 4xx still carries ``{"code", "message", "detail"}``.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from tests.api.conftest import ROUTES, UNKNOWN_ID, Route

pytestmark = pytest.mark.django_db


def _anonymous_url(route: Route) -> str:
    path = route.path
    for p in route.params("path"):
        path = path.replace("{" + p["name"] + "}", str(UNKNOWN_ID) if p["schema"].get("type") == "integer" else "x")
    return path


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_anonymous_call(route, world, db):
    client = Client(raise_request_exception=False)
    method = getattr(client, route.method.lower())
    url = _anonymous_url(route)
    response = method(url) if route.method == "GET" else method(url, data="{}", content_type="application/json")
    assert response.status_code < 500, response.content[:300]
    if not route.accepts_anonymous:
        assert response.status_code == 401, f"{route}: {response.status_code}"
    if response.status_code >= 400:
        body = json.loads(response.content)
        assert {"code", "message", "detail"} <= set(body)
        if response.status_code == 401:
            assert body["code"] == "not_authenticated"
            assert body["message"] == "请先登录"


def test_anonymous_is_refused_on_most_routes():
    """The classification above is not vacuous: most routes need credentials, some are public."""
    needs_auth = [r for r in ROUTES if not r.accepts_anonymous]
    assert len(needs_auth) > len(ROUTES) / 2
    assert any(r.public for r in ROUTES)


def test_bearer_and_session_reach_the_same_user(world, tokens, db):
    from zwfw.core.tests.factories import login_client

    person = world["users"]["person"]
    by_token = Client(headers={"Authorization": f"Bearer {tokens['person']}"}).get("/api/v1/me")
    by_session = login_client(person).get("/api/v1/me")
    assert by_token.status_code == by_session.status_code == 200
    assert by_token.json() == by_session.json()
    wrong = Client(headers={"Authorization": "Bearer zwfw_not-a-key"}).get("/api/v1/me")
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "not_authenticated"
