"""choice_label answers what get_FOO_display() answers (core/labels.py)."""

from __future__ import annotations

from django.utils import translation

from zwfw.core.labels import choice_label
from zwfw.core.models import Notification, Role, User


def test_choice_label_is_get_display_for_every_choice_and_a_value_outside_them():
    user = User()
    for value, _ in Role.choices:
        user.role = value
        assert choice_label(user, "role") == user.get_role_display()
    user.role = "no_such_role"
    assert choice_label(user, "role") == user.get_role_display() == "no_such_role"
    note = Notification()
    for value, _ in Notification._meta.get_field("status").flatchoices:
        note.status = value
        assert choice_label(note, "status") == note.get_status_display()


def test_choice_label_follows_the_active_language():
    user = User(role=Role.WINDOW_CLERK)
    with translation.override("zh-hans"):
        assert choice_label(user, "role") == "窗口人员"
    with translation.override("en"):
        assert choice_label(user, "role") == user.get_role_display()
