"""Bounded pagination: a huge limit or offset is a 422 naming the field, never a 500."""

from __future__ import annotations

import pytest

from zwfw.core.models import Role

pytestmark = pytest.mark.django_db

HUGE = "9" * 40


@pytest.mark.parametrize("path", ["/api/v1/users", "/api/v1/notifications"])
@pytest.mark.parametrize("field", ["limit", "offset"])
def test_huge_limit_or_offset_is_422_naming_the_field(path, field, make_user, client_for):
    admin = make_user(role=Role.PLATFORM_ADMIN)
    response = client_for(admin).get(path, {field: HUGE})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert [d["field"] for d in body["detail"]] == [field]


def test_bounds_still_allow_a_normal_page(make_user, client_for):
    admin = make_user(role=Role.PLATFORM_ADMIN)
    response = client_for(admin).get("/api/v1/users", {"limit": 1000, "offset": 1_000_000_000})
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert client_for(admin).get("/api/v1/users", {"limit": 1001}).status_code == 422
