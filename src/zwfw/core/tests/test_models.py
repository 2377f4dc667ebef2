"""Module-level helpers of zwfw.core.models."""

from __future__ import annotations

import pytest

from zwfw.core.models import CalendarYear, Notification, max_length_of


def test_max_length_of_reads_the_char_field_limit():
    assert max_length_of(Notification, "subject") == 200
    assert max_length_of(Notification, "last_error") == 500
    assert max_length_of(CalendarYear, "source") == CalendarYear._meta.get_field("source").max_length


def test_max_length_of_refuses_a_field_without_a_limit():
    with pytest.raises(TypeError, match=r"Notification\.body has no max_length"):
        max_length_of(Notification, "body")
