"""Idempotency-Key (issue 18 item 8): a retried POST never makes a duplicate."""

from __future__ import annotations

import json

import pytest

from zwfw.core.idempotency import idempotency_records_purge
from zwfw.core.models import IdempotencyRecord, Role, User

pytestmark = pytest.mark.django_db


def _body(username="new_clerk"):
    return json.dumps(
        {
            "username": username,
            "password": "a-long-password-2026",
            "role": "window_clerk",
            "display_name": "新窗口",
            "department_code": "510100-zwfw",
        }
    )


@pytest.fixture
def admin_client(seeded, make_user, client_for):
    return client_for(make_user(role=Role.PLATFORM_ADMIN, username="idem_admin", department="510000-zwfw"))


def _post(client, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post("/api/v1/users", data=body, content_type="application/json", **headers)


def test_a_retry_with_the_same_key_replays_the_answer_and_creates_nothing(admin_client):
    first = _post(admin_client, _body(), key="4f1c-retry-1")
    assert first.status_code == 201, first.content
    again = _post(admin_client, _body(), key="4f1c-retry-1")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert User.objects.filter(username="new_clerk").count() == 1


def test_without_a_key_a_second_post_is_a_new_request(admin_client):
    assert _post(admin_client, _body()).status_code == 201
    assert _post(admin_client, _body()).status_code == 409  # the username is taken: the work ran again


def test_the_same_key_for_another_request_is_refused(admin_client):
    assert _post(admin_client, _body("a1"), key="k-1").status_code == 201
    response = _post(admin_client, _body("a2"), key="k-1")
    assert response.status_code == 422 and response.json()["code"] == "idempotency_key_reused"
    assert not User.objects.filter(username="a2").exists()


def test_keys_are_scoped_to_the_caller(admin_client, make_user, client_for):
    other = client_for(make_user(role=Role.PLATFORM_ADMIN, username="idem_admin2", department="510000-zwfw"))
    assert _post(admin_client, _body("b1"), key="shared").status_code == 201
    response = _post(other, _body("b1"), key="shared")
    assert "Idempotent-Replayed" not in response  # not the first caller's answer
    assert response.status_code == 409  # ran for real: the username is taken


def test_an_in_progress_key_is_409(admin_client, make_user):
    admin = User.objects.get(username="idem_admin")
    IdempotencyRecord.objects.create(scope=f"user:{admin.pk}", key="busy", fingerprint="x" * 64)
    response = _post(admin_client, _body("c1"), key="busy")
    assert response.status_code in (409, 422)
    assert not User.objects.filter(username="c1").exists()


@pytest.mark.parametrize("key", ["", "x" * 201, "键"])
def test_a_bad_key_is_400(admin_client, key):
    response = _post(admin_client, _body("d1"), key=key)
    assert response.status_code == 400 and response.json()["code"] == "idempotency_key_invalid"
    assert not User.objects.filter(username="d1").exists()


def test_a_created_token_secret_is_never_stored(admin_client):
    response = admin_client.post(
        "/api/v1/tokens", data='{"name": "t"}', content_type="application/json", HTTP_IDEMPOTENCY_KEY="tok-1"
    )
    assert response.status_code == 201
    assert not IdempotencyRecord.objects.filter(key="tok-1").exists()


def test_old_records_are_purged(admin_client):
    from datetime import timedelta

    from django.utils import timezone

    _post(admin_client, _body("e1"), key="old")
    assert idempotency_records_purge(now=timezone.now() + timedelta(hours=25)) == 1
