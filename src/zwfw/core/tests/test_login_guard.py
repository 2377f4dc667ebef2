"""登录防暴力破解 (issue 18 item 5): per-account and per-client lock-out in the shared store."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from zwfw.core.models import AuditLog, Notification, Role
from zwfw.core.services.login_guard import client_ip
from zwfw.core.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password, ip="203.0.113.7", **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_forty_wrong_passwords_then_the_right_one_does_not_log_in(client, make_user, settings):
    user = make_user(role=Role.PERSON, username="victim")
    for _ in range(40):
        assert _login(client, "victim", "wrong-password").status_code == 200
    response = _login(client, "victim", TEST_PASSWORD)
    assert not _logged_in(client)
    assert "已临时锁定" in response.content.decode()
    failures = AuditLog.objects.filter(action="zwfw.core.user.login_failed", object_id=str(user.pk))
    assert failures.count() == settings.ZWFW_LOGIN_MAX_FAILURES  # afterwards the lock refuses without checking
    assert AuditLog.objects.filter(action="zwfw.core.user.login_locked").exists()
    notice = Notification.objects.get(recipient=user, event="zwfw.core.user.login_locked")
    assert "临时锁定" in notice.subject
    assert "wrong-password" not in str(list(failures.values_list("after", flat=True)))


def test_below_the_limit_the_right_password_logs_in_and_clears_the_count(client, make_user, settings):
    make_user(role=Role.PERSON, username="forgetful")
    for _ in range(settings.ZWFW_LOGIN_MAX_FAILURES - 1):
        _login(client, "forgetful", "nope")
    _login(client, "forgetful", TEST_PASSWORD)
    assert _logged_in(client)
    client.logout()
    for _ in range(settings.ZWFW_LOGIN_MAX_FAILURES - 1):  # the count started again
        _login(client, "forgetful", "nope")
    _login(client, "forgetful", TEST_PASSWORD)
    assert _logged_in(client)


def test_the_lock_expires(client, make_user, settings):
    settings.ZWFW_LOGIN_LOCK_SECONDS = 60
    make_user(role=Role.PERSON, username="patient")
    for _ in range(settings.ZWFW_LOGIN_MAX_FAILURES):
        _login(client, "patient", "nope")
    _login(client, "patient", TEST_PASSWORD)
    assert not _logged_in(client)
    cache.clear()  # the period is over (the store forgets the lock with its timeout)
    _login(client, "patient", TEST_PASSWORD)
    assert _logged_in(client)


def test_one_client_trying_many_accounts_is_locked_out(client, make_user, settings):
    settings.ZWFW_LOGIN_MAX_FAILURES_PER_CLIENT = 6
    make_user(role=Role.PERSON, username="other")
    for i in range(6):
        _login(client, f"user{i}", "guess", ip="198.51.100.9")
    response = _login(client, "other", TEST_PASSWORD, ip="198.51.100.9")
    assert not _logged_in(client) and "本机登录失败次数过多" in response.content.decode()
    _login(client, "other", TEST_PASSWORD, ip="198.51.100.10")  # another client is not affected
    assert _logged_in(client)


def test_an_unknown_username_is_locked_like_a_real_one(client):
    for _ in range(5):
        _login(client, "nobody-here", "x")
    assert "已临时锁定" in _login(client, "nobody-here", "x").content.decode()


def test_forged_x_forwarded_for_does_not_reset_the_client(rf, settings):
    settings.ZWFW_TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "203.0.113.7"
    settings.ZWFW_TRUSTED_PROXY_COUNT = 1  # one proxy appends the address it saw
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"


def test_public_lookup_limit_is_not_bypassed_with_x_forwarded_for(client):
    codes = []
    for i in range(35):
        response = client.get(
            "/api/v1/cases/lookup",
            {"number": "X", "code": "000000"},
            REMOTE_ADDR="203.0.113.50",
            HTTP_X_FORWARDED_FOR=f"10.9.{i}.1",
        )
        codes.append(response.status_code)
    assert 429 in codes and codes.index(429) == 30
