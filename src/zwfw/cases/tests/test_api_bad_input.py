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


def test_applying_for_an_item_taken_off_the_list_is_422_naming_it(people):
    # the message has a {code} parameter: it once collided with the error's own code argument
    from zwfw.cases.tests.conftest import IMPL
    from zwfw.catalog.selectors import implementation_get
    from zwfw.catalog.services import implementation_update
    from zwfw.core.tests.factories import login_client

    implementation_update(actor=None, implementation=implementation_get(code=IMPL), is_active=False)
    response = login_client(people["person"]).post(
        "/api/v1/cases",
        data={"implementation_code": IMPL, "channel": "online", "form_data": {"applicant_name": "张三丰"}},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "case_item_not_available" and IMPL in body["message"]
