"""Bad input to the cases API is a 4xx with the one error body, never a 500."""

from __future__ import annotations

import pytest

from zwfw.core.models import Role

pytestmark = pytest.mark.django_db


def test_case_list_huge_offset_is_422(make_user, client_for):
    admin = make_user(role=Role.PLATFORM_ADMIN)
    response = client_for(admin).get("/api/v1/cases", {"offset": "9" * 40})
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == ["offset"]
