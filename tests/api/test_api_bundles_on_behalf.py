"""``POST /api/v1/bundles/applications`` with ``on_behalf_of`` (issue 8 item 3, issue 18 item 1).

The applicant is looked up with the clerk's scope check: a 绵阳 clerk cannot file for a 成都
resident, and cannot tell an applicant's username from a staff account's or a missing one (one
status, one body). Nothing is stored for a refused call.
"""

from __future__ import annotations

import pytest
from tests.api.conftest import IMPL_CD, IMPL_MY

from zwfw.core.tests.factories import login_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/bundles/applications"


def _counts():
    from zwfw.bundles.models import BundleApplication
    from zwfw.cases.models import Case
    from zwfw.core.models import AuditLog, Notification

    return (
        BundleApplication.objects.count(),
        Case.objects.count(),
        AuditLog.objects.count(),
        Notification.objects.count(),
    )


def _post(user, username: str, items: list[str]):
    return login_client(user).post(
        URL,
        {"items": items, "form_data": {"applicant_name": "张伟"}, "on_behalf_of": username},
        content_type="application/json",
    )


def test_out_of_scope_staff_and_missing_usernames_answer_alike(world):
    users = world["users"]
    clerk_my = users["clerk_my"]
    before = _counts()
    answers = {}
    for label, username in (
        ("成都 applicant", users["person"].username),
        ("成都 enterprise", users["enterprise"].username),
        ("staff", users["window_clerk"].username),
        ("绵阳 staff", users["reviewer_my"].username),
        ("missing", "no-such-user-xyz"),
        ("empty-ish", "   "),
    ):
        response = _post(clerk_my, username, [IMPL_MY])
        answers[label] = (response.status_code, response.json())
    assert _counts() == before, "a refused 代办 stored something"
    assert len({(status, str(body)) for status, body in answers.values()}) == 1, answers
    status, body = answers["missing"]
    assert status == 403
    assert body["code"] == "permission_denied"


def test_cross_city_case_through_a_bundle_is_refused(world):
    """The 绵阳 clerk cannot file a 成都 item for a 成都 resident either."""
    users = world["users"]
    before = _counts()
    response = _post(users["clerk_my"], users["person"].username, [IMPL_CD])
    assert response.status_code in {403, 404}
    assert _counts() == before


def test_in_scope_applicant_is_resolved(world):
    """Control: the 绵阳 clerk may act for the 绵阳 resident (the lookup is not simply refusing all)."""
    users = world["users"]
    response = _post(users["clerk_my"], users["person_my"].username, [IMPL_MY])
    body = response.json()
    assert response.status_code != 403, body
    if response.status_code == 201:
        application = login_client(users["person_my"]).get(f"{URL}/{body['id']}")
        assert application.status_code == 200


def test_service_refuses_an_out_of_scope_user_object(world):
    """The service checks scope too, whoever resolved the user (the page view, another caller)."""
    from django.core.exceptions import PermissionDenied

    from zwfw.bundles.services import AGENT_APPLICANT_REFUSED, bundle_application_submit

    users = world["users"]
    before = _counts()
    with pytest.raises(PermissionDenied, match=AGENT_APPLICANT_REFUSED):
        bundle_application_submit(
            actor=users["clerk_my"], implementation_codes=[IMPL_MY], on_behalf_of=users["person"], form_data={}
        )
    assert _counts() == before
