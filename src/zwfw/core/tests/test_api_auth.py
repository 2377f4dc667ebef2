"""API authentication: bearer tokens (valid, revoked, wrong), sessions with CSRF, 401 body."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from zwfw.core.api_auth import TOKEN_PREFIX, hash_token
from zwfw.core.models import ApiToken, AuditLog, Role
from zwfw.core.services.accounts import api_token_create, api_token_revoke
from zwfw.core.tests.factories import login_client, make_token


def _bearer(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_unauthenticated_call_is_401_with_error_body(db):
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"code": "not_authenticated", "message": "请先登录", "detail": None}


def test_valid_token_authenticates_and_records_use(make_user):
    clerk = make_user(role=Role.WINDOW_CLERK, username="tok_clerk")
    key = make_token(clerk)
    assert key.startswith(TOKEN_PREFIX)
    response = _bearer(key).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "tok_clerk"
    assert ApiToken.objects.get(user=clerk).last_used_at is not None


def test_only_the_hash_is_stored(make_user):
    user = make_user()
    token, key = api_token_create(actor=user, user=user, name="脚本")
    token.refresh_from_db()
    assert token.key_hash == hash_token(key)
    assert key not in token.key_hash and token.prefix == key[len(TOKEN_PREFIX) :][:8]
    assert AuditLog.objects.filter(action="zwfw.core.api_token.created", object_id=str(token.pk)).exists()


@pytest.mark.parametrize("header", ["Bearer zwfw_wrong", "Bearer ", "Token abc", "Basic Zm9vOmJhcg=="])
def test_wrong_token_is_401(db, header):
    response = Client(headers={"Authorization": header}).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_revoked_token_is_401(make_user):
    user = make_user()
    token, key = api_token_create(actor=user, user=user, name="脚本")
    assert _bearer(key).get("/api/v1/me").status_code == 200
    api_token_revoke(actor=user, token=token)
    assert _bearer(key).get("/api/v1/me").status_code == 401


def test_token_of_inactive_user_is_401(make_user):
    user = make_user()
    key = make_token(user)
    user.is_active = False
    user.save()
    assert _bearer(key).get("/api/v1/me").status_code == 401


def test_session_post_without_csrf_is_403(make_user):
    user = make_user()
    client = login_client(user, enforce_csrf=True)
    response = client.post("/api/v1/tokens", data={"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "permission_denied" and "CSRF" in body["detail"]
    assert not ApiToken.objects.filter(user=user).exists()


def test_session_post_with_csrf_token_succeeds(make_user):
    user = make_user()
    client = login_client(user, enforce_csrf=True)
    secret = "abcdefghijklmnopqrstuvwxyz012345"  # what a page's {% csrf_token %} would have set
    client.cookies["csrftoken"] = secret
    response = client.post(
        "/api/v1/tokens", data={"name": "浏览器"}, content_type="application/json", headers={"X-CSRFToken": secret}
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["key"].startswith(TOKEN_PREFIX) and data["name"] == "浏览器"


def test_bearer_post_needs_no_csrf(make_user):
    user = make_user()
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {make_token(user)}"})
    response = client.post("/api/v1/tokens", data={"name": "脚本2"}, content_type="application/json")
    assert response.status_code == 201


def test_session_get_needs_no_csrf(make_user):
    assert login_client(make_user(), enforce_csrf=True).get("/api/v1/me").status_code == 200


def test_token_list_shows_no_key_and_revoke_is_own_only(make_user):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    token, key = api_token_create(actor=alice, user=alice, name="a")
    listed = login_client(alice).get("/api/v1/tokens").json()
    assert [t["prefix"] for t in listed] == [token.prefix]
    assert key not in str(listed)
    assert login_client(bob).delete(f"/api/v1/tokens/{token.pk}").status_code == 404
    response = login_client(alice).delete(f"/api/v1/tokens/{token.pk}")
    assert response.status_code == 200 and response.json()["revoked_at"]
    again = login_client(alice).delete(f"/api/v1/tokens/{token.pk}")
    assert again.json()["revoked_at"] == response.json()["revoked_at"]


def test_platform_admin_may_revoke_any_token(make_user):
    alice = make_user(username="alice")
    admin = make_user(role=Role.PLATFORM_ADMIN)
    token, _ = api_token_create(actor=alice, user=alice, name="a")
    assert login_client(admin).delete(f"/api/v1/tokens/{token.pk}").status_code == 200


def test_token_name_validation(make_user):
    response = login_client(make_user()).post("/api/v1/tokens", data={"name": ""}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_token_create_command(make_user):
    make_user(username="ops", role=Role.PLATFORM_ADMIN)
    out, err = io.StringIO(), io.StringIO()
    call_command("token_create", "ops", "--name", "同步", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert _bearer(key).get("/api/v1/me").json()["username"] == "ops"
    assert "仅显示这一次" in err.getvalue()
    with pytest.raises(CommandError, match="不存在"):
        call_command("token_create", "nobody", stdout=out, stderr=err)
