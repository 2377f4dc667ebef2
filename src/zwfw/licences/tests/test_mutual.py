"""电子证照互认: a foreign licence accepted with a trusted key, refused with an unknown one (reason recorded)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied

from zwfw.core import signing
from zwfw.core.models import AuditLog, Role
from zwfw.core.tests.factories import login_client
from zwfw.licences.models import ForeignLicenceCheck
from zwfw.licences.services import foreign_licence_check, trusted_issuer_add
from zwfw.licences.signing import FORMAT

pytestmark = pytest.mark.django_db

CQ_ID = "500101199001011234"


def _cq_licence(
    private: bytes, kid: str, *, issuer: str = "500000-scjg", valid_until: str | None = "2099-12-31"
) -> dict:
    payload = {
        "number": "CQ-business_licence-2026-000007",
        "licence_type": "business_licence",
        "licence_type_name": "营业执照",
        "holder_name": "重庆某商贸有限公司",
        "holder_id_number": "",
        "holder_uscc": "91500000MA5U000001",
        "issuer": issuer,
        "issuer_name": "重庆市市场监督管理局",
        "issued_at": "2026-03-01T02:00:00+00:00",
        "valid_from": "2026-03-01",
        "valid_until": valid_until,
        "trust_level": "A",
        "data": {"名称": "重庆某商贸有限公司"},
    }
    sig = signing.b64u(signing.sign(private, signing.canonical_json(payload)))
    return {"format": FORMAT, "payload": payload, "signature": {"alg": "Ed25519", "kid": kid, "value": sig}}


@pytest.fixture
def cq_key():
    private, public = signing.new_private_key()
    return private, signing.b64u(public)


@pytest.fixture
def clerk(make_user):
    return make_user(role=Role.WINDOW_CLERK, username="mr_clerk", department="510100-zwfw")


def test_trusted_key_accepted_unknown_refused_with_reason(cq_key, clerk):
    private, public = cq_key
    doc = _cq_licence(private, "cq-scjg-2026")
    refused = foreign_licence_check(actor=clerk, raw=doc, case_number="C-9")
    assert not refused.accepted and "不在互认信任清单" in refused.reason
    trusted_issuer_add(
        actor=None,
        kid="cq-scjg-2026",
        province="重庆市",
        issuer_name="重庆市市场监督管理局",
        department_code="500000-scjg",
        public_key=public,
        note="川渝通办互认协议",
    )
    accepted = foreign_licence_check(actor=clerk, raw=doc)
    assert accepted.accepted and accepted.number == "CQ-business_licence-2026-000007"
    tampered = json.loads(json.dumps(doc))
    tampered["payload"]["holder_name"] = "别的公司"
    assert "签名与证照内容不符" in foreign_licence_check(actor=clerk, raw=tampered).reason
    other_private, _ = signing.new_private_key()  # a forger using the trusted kid
    assert not foreign_licence_check(actor=clerk, raw=_cq_licence(other_private, "cq-scjg-2026")).accepted
    wrong = foreign_licence_check(actor=clerk, raw=_cq_licence(private, "cq-scjg-2026", issuer="500000-mz"))
    assert "不属于" in wrong.reason
    expired = foreign_licence_check(actor=clerk, raw=_cq_licence(private, "cq-scjg-2026", valid_until="2020-01-01"))
    assert not expired.accepted and "过期" in expired.reason
    assert ForeignLicenceCheck.objects.count() == 6
    assert AuditLog.objects.filter(action="zwfw.licences.foreign.refused").count() == 5
    assert ForeignLicenceCheck.objects.get(pk=refused.pk).case_number == "C-9"


def test_trust_list_is_for_platform_admins(cq_key, make_user):
    _private, public = cq_key
    with pytest.raises(PermissionDenied):
        trusted_issuer_add(
            actor=make_user(role=Role.DEPT_ADMIN, department="510100-scjg"),
            kid="k",
            province="重庆市",
            issuer_name="x",
            department_code="500000-scjg",
            public_key=public,
        )
    from zwfw.licences.errors import LicenceError

    with pytest.raises(LicenceError):
        trusted_issuer_add(
            actor=None, kid="k", province="重庆市", issuer_name="x", department_code="d", public_key="short"
        )


def test_api_and_page(cq_key, clerk, make_user):
    private, public = cq_key
    admin = login_client(make_user(role=Role.PLATFORM_ADMIN))
    body = {
        "kid": "cq-1",
        "province": "重庆市",
        "issuer_name": "重庆市市场监督管理局",
        "department_code": "500000-scjg",
        "public_key": public,
    }
    assert admin.post("/api/v1/licences/trust", json.dumps(body), content_type="application/json").status_code == 201
    assert [t["kid"] for t in login_client(None).get("/api/v1/licences/trust").json()] == ["cq-1"]
    c = login_client(clerk)
    doc = _cq_licence(private, "cq-1")
    r = c.post("/api/v1/licences/foreign/check", json.dumps({"document": doc}), content_type="application/json")
    assert r.status_code == 200 and r.json()["accepted"] is True
    html = c.post("/licences/foreign/", {"document": json.dumps(_cq_licence(private, "unknown-kid"))}).content.decode()
    assert 'data-accepted="no"' in html and "不在互认信任清单" in html
    person = login_client(make_user(role=Role.PERSON))
    assert person.get("/licences/foreign/").status_code == 403
