"""电子印章: signature round trip, tamper detection, key rotation, revocation, offline/online checks."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from zwfw.core import signing as core_signing
from zwfw.core.models import Department, Role
from zwfw.core.tests.factories import login_client
from zwfw.licences import selectors
from zwfw.licences.exports import vc_verify, verifiable_credential
from zwfw.licences.models import SigningKey
from zwfw.licences.services import licence_revoke, signing_key_rotate
from zwfw.licences.signing import keys_from_list, signed_document, verify_document
from zwfw.licences.tests.factories import PERSON_ID, issue

pytestmark = pytest.mark.django_db


def _keys():
    return keys_from_list(selectors.signing_key_list())


def _doc_bytes(h) -> bytes:
    return json.dumps(signed_document(h), ensure_ascii=False).encode()


def test_issued_licence_is_signed_and_round_trips_offline():
    h = issue(data={"持证人": "张伟", "登记日期": "2020-05-20"})
    assert h.signing_kid.startswith("510107-mz-") and len(core_signing.b64u_decode(h.signature)) == 64
    check = verify_document(_doc_bytes(h), _keys())
    assert check.outcome == "signature_valid"
    assert check.payload["number"] == h.number
    # reloaded from the database, the payload is the same bytes
    h.refresh_from_db()
    assert verify_document(signed_document(h), _keys()).signature_ok


def test_one_changed_byte_fails():
    h = issue()
    raw = _doc_bytes(h)
    assert verify_document(raw, _keys()).signature_ok
    i = raw.index("张伟".encode())
    tampered = raw[:i] + "李".encode() + raw[i + len("张".encode()) :]
    assert verify_document(tampered, _keys()).outcome == "bad_signature"
    doc = signed_document(h)
    sig = bytearray(core_signing.b64u_decode(doc["signature"]["value"]))
    sig[10] ^= 0x01
    doc["signature"]["value"] = core_signing.b64u(bytes(sig))
    assert verify_document(doc, _keys()).outcome == "bad_signature"
    doc = signed_document(h)
    doc["payload"]["valid_until"] = "2099-12-31"
    assert verify_document(doc, _keys()).outcome == "bad_signature"


def test_unknown_key_wrong_issuer_and_malformed():
    h = issue()
    assert verify_document(_doc_bytes(h), {}).outcome == "unknown_key"
    other = issue(department="510700-mz", holder_id_number=PERSON_ID)
    doc = signed_document(h)
    doc["signature"]["kid"] = other.signing_kid  # a real key, but of another department
    assert verify_document(doc, _keys()).outcome == "wrong_issuer"
    assert verify_document(b"not json", _keys()).outcome == "malformed"
    assert verify_document(b'{"format": "x"}', _keys()).outcome == "malformed"


def test_rotation_keeps_old_signatures_valid():
    old = issue()
    dept = Department.objects.get(code="510107-mz")
    new_key = signing_key_rotate(actor=None, department=dept)
    new = issue()
    assert new.signing_kid == new_key.kid != old.signing_kid
    keys = {k["kid"]: k for k in selectors.signing_key_list()}
    assert keys[old.signing_kid]["status"] == "retired" and keys[new.signing_kid]["status"] == "active"
    assert verify_document(_doc_bytes(old), _keys()).signature_ok
    assert verify_document(_doc_bytes(new), _keys()).signature_ok
    assert SigningKey.objects.filter(department=dept, status="active").count() == 1


def test_revoked_licence_verifies_as_revoked_online():
    h = issue()
    assert selectors.licence_verify_document(raw=_doc_bytes(h)).outcome == "valid"
    licence_revoke(actor=None, holding=h, reason="依法撤销")
    result = selectors.licence_verify_document(raw=_doc_bytes(h))
    assert result.outcome == "revoked" and result.signature == "signature_valid"
    assert verify_document(_doc_bytes(h), _keys()).signature_ok  # offline cannot know: the signature is fine


def test_private_key_is_stored_sealed():
    h = issue()
    key = SigningKey.objects.get(kid=h.signing_kid)
    private = core_signing.unseal_private(key.private_key_sealed, secret=settings.SECRET_KEY, kid=key.kid)
    assert private not in bytes(key.private_key_sealed)
    with pytest.raises(Exception):  # noqa: B017 - AES-GCM refuses another secret (InvalidTag)
        core_signing.unseal_private(key.private_key_sealed, secret="another-secret", kid=key.kid)


def test_rotation_needs_permission_and_scope(make_user):
    issue()
    dept = Department.objects.get(code="510107-mz")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        signing_key_rotate(actor=make_user(role=Role.WINDOW_CLERK, department="510107-mz"), department=dept)
    with pytest.raises(PermissionDenied):
        signing_key_rotate(actor=make_user(role=Role.DEPT_ADMIN, department="510700-mz"), department=dept)
    key = signing_key_rotate(actor=make_user(role=Role.DEPT_ADMIN, department="510107-mz"), department=dept)
    assert key.status == "active"


def test_verifiable_credential_proof_verifies_and_detects_tampering():
    h = issue()
    vc = verifiable_credential(h, status_url="http://testserver/licences/verify/")
    assert vc["type"][0] == "VerifiableCredential" and vc["credentialSubject"]["licence"]["number"] == h.number
    assert PERSON_ID not in json.dumps(vc, ensure_ascii=False)  # the subject id is a hash, not the 身份证号
    assert vc_verify(vc, _keys())
    vc["credentialSubject"]["name"] = "李四"
    assert not vc_verify(vc, _keys())


def test_cli_verify_offline_with_key_file_and_online(tmp_path, capsys):
    h = issue()
    doc = tmp_path / "l.signed.json"
    doc.write_bytes(_doc_bytes(h))
    keys = tmp_path / "keys.json"
    call_command("licences_keys", stdout=open(keys, "w", encoding="utf-8"))  # noqa: SIM115
    call_command("licences_verify", str(doc), "--keys", str(keys))
    assert "signature_valid" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_bytes(_doc_bytes(h).replace(h.number.encode(), b"marriage_cert-2026-999999"))
    with pytest.raises(CommandError) as exc:
        call_command("licences_verify", str(bad), "--keys", str(keys))
    assert exc.value.returncode == 1
    licence_revoke(actor=None, holding=h, reason="撤销")
    with pytest.raises(CommandError):
        call_command("licences_verify", str(doc), "--online")
    assert "revoked" in capsys.readouterr().out


def test_api_keys_signed_download_verify_and_vc(make_user):
    h = issue()
    person = make_user(role=Role.PERSON, username="sig_person", id_number=PERSON_ID, display_name="张伟")
    anon = login_client(None)
    keys = anon.get("/api/v1/licences/keys").json()
    assert [k["kid"] for k in keys] == [h.signing_kid]
    doc = login_client(person).get(f"/api/v1/licences/mine/{h.number}/signed").json()
    assert doc["payload"]["number"] == h.number
    ok = anon.post("/api/v1/licences/verify-signed", json.dumps(doc), content_type="application/json").json()
    assert ok["outcome"] == "valid" and ok["holder_name"] == "张*"
    doc["payload"]["holder_name"] = "李四"
    bad = anon.post("/api/v1/licences/verify-signed", json.dumps(doc), content_type="application/json").json()
    assert bad["outcome"] == "bad_signature" and bad["number"] == ""
    assert anon.post("/api/v1/licences/verify-signed", "{}", content_type="application/json").status_code == 422
    other = make_user(role=Role.PERSON, username="sig_other")
    assert login_client(other).get(f"/api/v1/licences/mine/{h.number}/signed").status_code == 404
    vc = login_client(person).get(f"/api/v1/licences/mine/{h.number}/vc").json()
    assert vc_verify(vc, _keys())


def test_api_rotate(make_user):
    issue()
    admin = make_user(role=Role.DEPT_ADMIN, department="510107-mz")
    body = json.dumps({"department": "510107-mz"})
    r = login_client(admin).post("/api/v1/licences/keys/rotate", body, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "active"
    clerk = make_user(role=Role.WINDOW_CLERK, department="510107-mz")
    assert (
        login_client(clerk).post("/api/v1/licences/keys/rotate", body, content_type="application/json").status_code
        == 403
    )
    missing = json.dumps({"department": "nope"})
    assert (
        login_client(admin).post("/api/v1/licences/keys/rotate", missing, content_type="application/json").status_code
        == 404
    )


def test_pages_verify_signed_seal_and_keys(make_user):
    h = issue()
    person = make_user(role=Role.PERSON, username="sig_page", id_number=PERSON_ID, display_name="张伟")
    client = login_client(person)
    download = client.get(f"/licences/card/{h.number}/signed.json")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    anon = login_client(None)
    html = anon.post("/licences/verify/signed/", {"document": download.content.decode()}).content.decode()
    assert 'data-outcome="valid"' in html and "电子印章签名有效" in html
    tampered = download.content.decode().replace("张伟", "李四")
    html = anon.post("/licences/verify/signed/", {"document": tampered}).content.decode()
    assert 'data-outcome="bad_signature"' in html
    assert anon.post("/licences/verify/signed/", {"document": ""}).status_code == 400
    url = f"/licences/verify/?number={h.number}&code={h.verify_code}&kid={h.signing_kid}&sig={h.signature}"
    assert 'data-signature="signature_valid"' in anon.get(url).content.decode()
    bad_sig = url[:-4] + ("AAAA" if not url.endswith("AAAA") else "BBBB")
    assert 'data-signature="bad_signature"' in anon.get(bad_sig).content.decode()
    assert h.signing_kid in anon.get("/licences/keys/").content.decode()


def test_print_page_has_seal_and_qr(make_user):
    h = issue()
    person = make_user(role=Role.PERSON, username="sig_print", id_number=PERSON_ID, display_name="张伟")
    html = login_client(person).get(f"/licences/card/{h.number}/print/").content.decode()
    assert 'class="licence-seal"' in html and 'class="licence-qr"' in html and h.signing_kid in html
    other = make_user(role=Role.PERSON, username="sig_print2")
    assert login_client(other).get(f"/licences/card/{h.number}/print/").status_code == 404


def test_the_credential_of_a_department_without_a_key_is_refused_and_no_key_is_made(make_user):
    """A GET reads: the VC of a licence whose department has no active key (never issued a signed
    licence, or its key retired without a successor) answers 409 and creates no key."""
    h = issue()
    person = make_user(role=Role.PERSON, username="vc_person", id_number=PERSON_ID, display_name="张伟")
    SigningKey.objects.filter(department=h.issuer_department).update(status="retired")
    keys_before = SigningKey.objects.count()
    r = login_client(person).get(f"/api/v1/licences/mine/{h.number}/vc")
    assert r.status_code == 409 and r.json()["code"] == "licence_no_signing_key", r.content
    assert SigningKey.objects.count() == keys_before
    assert not SigningKey.objects.filter(department=h.issuer_department, status="active").exists()
