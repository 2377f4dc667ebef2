"""政务服务码: issue, expiry, revocation, consent, every use logged."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from zwfw.core.models import AuditLog, Role
from zwfw.core.tests.factories import login_client
from zwfw.licences.tests.factories import PERSON_ID, issue
from zwfw.sharing.errors import SharingError
from zwfw.sharing.models import ServiceCode, ServiceCodeUse
from zwfw.sharing.services import service_code_issue, service_code_revoke, service_code_scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return {
        "person": make_user(role=Role.PERSON, username="c_person", id_number=PERSON_ID, display_name="张伟"),
        "clerk": make_user(role=Role.WINDOW_CLERK, username="c_clerk", region="510107"),
        "reviewer": make_user(role=Role.REVIEWER, username="c_rev", department="510107-mz"),
    }


def test_scan_with_consent_shows_licences_and_is_logged(people):
    h = issue()
    code = service_code_issue(actor=people["person"])
    assert code.expires_at - code.created_at <= dt.timedelta(minutes=5, seconds=1)
    result = service_code_scan(actor=people["clerk"], token=code.token, consent=True, purpose="办理户籍业务")
    assert [lic["number"] for lic in result["licences"]] == [h.number]
    assert result["holder_identifier"] != PERSON_ID and result["holder_identifier"].startswith("5101")
    use = ServiceCodeUse.objects.get()
    assert (use.consent, use.outcome, use.clerk_id) == (True, "shown", people["clerk"].pk)
    assert AuditLog.objects.filter(action="zwfw.sharing.code.scanned").count() == 1


def test_no_consent_shows_nothing_but_is_logged(people):
    code = service_code_issue(actor=people["person"])
    with pytest.raises(SharingError) as exc:
        service_code_scan(actor=people["clerk"], token=code.token, consent=False, purpose="核验")
    assert exc.value.status == 422
    assert ServiceCodeUse.objects.get().outcome == "no_consent"


def test_expired_and_revoked_codes_refuse(people):
    code = service_code_issue(actor=people["person"])
    ServiceCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(SharingError) as exc:
        service_code_scan(actor=people["clerk"], token=code.token, consent=True, purpose="核验")
    assert exc.value.status == 410 and "过期" in exc.value.message
    fresh = service_code_issue(actor=people["person"])
    newer = service_code_issue(actor=people["person"])  # a new code voids the old one
    fresh.refresh_from_db()
    assert fresh.revoked_at is not None
    with pytest.raises(SharingError):
        service_code_scan(actor=people["clerk"], token=fresh.token, consent=True, purpose="核验")
    service_code_revoke(actor=people["person"], code=newer)
    with pytest.raises(SharingError) as exc:
        service_code_scan(actor=people["clerk"], token=newer.token, consent=True, purpose="核验")
    assert "作废" in exc.value.message
    assert list(ServiceCodeUse.objects.order_by("id").values_list("outcome", flat=True)) == [
        "expired",
        "revoked",
        "revoked",
    ]
    with pytest.raises(SharingError) as exc:
        service_code_scan(actor=people["clerk"], token="nope", consent=True, purpose="核验")
    assert exc.value.status == 410


def test_only_clerks_scan_and_only_applicants_issue(people):
    from django.core.exceptions import PermissionDenied

    code = service_code_issue(actor=people["person"])
    with pytest.raises(PermissionDenied):
        service_code_scan(actor=people["reviewer"], token=code.token, consent=True, purpose="核验")
    with pytest.raises(PermissionDenied):
        service_code_issue(actor=people["clerk"])


def test_api_and_pages(people):
    issue()
    person, clerk = login_client(people["person"]), login_client(people["clerk"])
    r = person.post("/api/v1/sharing/codes")
    assert r.status_code == 201
    token = r.json()["token"]
    assert f"/sharing/code/scan/?t={token}" in r.json()["qr_text"]
    body = {"token": token, "consent": True, "purpose": "窗口办事"}
    r = clerk.post("/api/v1/sharing/codes/scan", json.dumps(body), content_type="application/json")
    assert r.status_code == 200 and r.json()["licences"][0]["licence_type"] == "marriage_cert"
    r = clerk.post(
        "/api/v1/sharing/codes/scan", json.dumps({**body, "consent": False}), content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["code"] == "sharing_consent_required"
    assert (
        person.post("/api/v1/sharing/codes/scan", json.dumps(body), content_type="application/json").status_code == 403
    )
    # pages: the holder's QR and use log, the clerk's scan page
    html = person.get("/sharing/code/").content.decode()
    assert 'data-testid="live-code"' in html and "<svg" in html and "已查看（经您同意）" in html
    html = clerk.post("/sharing/code/scan/", {"token": token, "purpose": "窗口办事", "consent": "yes"}).content.decode()
    assert 'data-testid="scan-licences"' in html
    no = clerk.post("/sharing/code/scan/", {"token": token, "purpose": "窗口办事"})
    assert no.status_code == 400 and "同意" in no.content.decode()
    code_id = ServiceCode.objects.get(token=token).pk
    assert person.post(f"/api/v1/sharing/codes/{code_id}/revoke").json()["state"] == "revoked"
    other = login_client(people["reviewer"])
    assert other.post(f"/api/v1/sharing/codes/{code_id}/revoke").status_code == 403
