"""user_preferences_update: own preferences only, audited, idempotent."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from zwfw.core.errors import ZwfwError
from zwfw.core.models import AuditLog, Role
from zwfw.core.services.preferences import user_preferences_update


def test_user_turns_large_font_on(make_user):
    user = make_user(role=Role.PERSON)
    user_preferences_update(actor=user, user=user, large_font=True)
    user.refresh_from_db()
    assert user.large_font is True
    assert AuditLog.objects.filter(action="zwfw.core.user.preferences_updated").count() == 1


def test_unchanged_value_writes_no_audit_row(make_user):
    user = make_user(role=Role.PERSON)
    before = AuditLog.objects.count()
    user_preferences_update(actor=user, user=user, large_font=False)
    assert AuditLog.objects.count() == before


def test_nobody_changes_another_users_preferences(make_user):
    admin = make_user(role=Role.PLATFORM_ADMIN)
    person = make_user(role=Role.PERSON)
    with pytest.raises(ZwfwError) as excinfo:
        user_preferences_update(actor=admin, user=person, large_font=True)
    assert excinfo.value.status == 403
    person.refresh_from_db()
    assert person.large_font is False


def test_anonymous_actor_is_refused(make_user):
    person = make_user(role=Role.PERSON)
    with pytest.raises(ZwfwError):
        user_preferences_update(actor=AnonymousUser(), user=person, large_font=True)
