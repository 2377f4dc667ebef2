"""Bad input to the licence API is a 4xx with the one error body, never a 500."""

from __future__ import annotations

import pytest

from zwfw.core.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["😀", "\u202e\ufeff", "验证码"])
def test_verify_with_non_ascii_code_for_an_unknown_number_is_unknown(code, client):
    """hmac.compare_digest refuses non-ASCII str: the dummy comparison must compare bytes."""
    response = client.get("/api/v1/licences/verify", {"number": "NO-SUCH-NUMBER", "code": code})
    assert response.status_code == 200
    assert response.json()["outcome"] == "unknown"


@pytest.mark.parametrize("field", ["limit", "offset"])
def test_holdings_huge_limit_or_offset_is_422(field, make_user, client_for):
    admin = make_user(role=Role.PLATFORM_ADMIN)
    response = client_for(admin).get("/api/v1/licences/holdings", {field: "9" * 40})
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == [field]
