"""电子证照互认 (川渝通办 and other provinces): a trust list of foreign issuers' keys, and the check
of a foreign signed licence at a window — accepted with a trusted key, refused with the reason
recorded otherwise. The document format is ours (``zwfw-signed-licence/1``); a province that
signs in another format needs an adapter first.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zwfw.core import signing
from zwfw.core.identifiers import mask_id_number
from zwfw.core.permissions import require
from zwfw.core.services.audit import audit_log_write
from zwfw.licences.errors import LicenceError, LicenceErrorCode
from zwfw.licences.models import ForeignLicenceCheck, TrustedIssuer
from zwfw.licences.signing import (
    BAD_SIGNATURE,
    LICENCE,
    MALFORMED,
    OUTCOME_TEXT,
    UNKNOWN_KEY,
    WRONG_ISSUER,
    DocumentCheck,
    KeyInfo,
    verify_document,
)

REFUSAL_TEXT = {
    UNKNOWN_KEY: "签发机关的签名密钥不在互认信任清单中",
    WRONG_ISSUER: "签名密钥不属于证照所载签发机关",
    BAD_SIGNATURE: "签名与证照内容不符（内容被改动或签名伪造）",
    MALFORMED: "不是有效的签名证照文件",
}


def trusted_issuer_add(
    *, actor, kid: str, province: str, issuer_name: str, department_code: str, public_key: str, note: str = ""
) -> TrustedIssuer:
    """Add a foreign issuer's key to the trust list (platform admins)."""
    if actor is not None:
        require(actor, "licences.trust.manage")
    for field, value, limit in (
        ("kid", kid, 64),
        ("province", province, 32),
        ("issuer_name", issuer_name, 128),
        ("department_code", department_code, 64),
    ):
        if not (value or "").strip() or len(value) > limit:
            raise LicenceError(
                LicenceErrorCode.BAD_INPUT, detail={"field": field}, field=field, reason="不能为空或过长"
            )
    try:
        raw = signing.b64u_decode(public_key)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise LicenceError(
            LicenceErrorCode.BAD_INPUT,
            detail={"field": "public_key"},
            field="公钥",
            reason="应为32字节Ed25519公钥（base64url）",
        )
    with transaction.atomic():
        issuer, _created = TrustedIssuer.objects.update_or_create(
            kid=kid.strip(),
            defaults={
                "province": province.strip(),
                "issuer_name": issuer_name.strip(),
                "department_code": department_code.strip(),
                "public_key": public_key.strip(),
                "is_active": True,
                "note": (note or "")[:300],
            },
        )
        audit_log_write(
            actor=actor,
            action="zwfw.licences.trusted_issuer.added",
            obj=issuer,
            after={"kid": issuer.kid, "province": issuer.province, "issuer": issuer.department_code},
        )
    return issuer


def _trusted_keys() -> dict[str, KeyInfo]:
    return {
        t.kid: KeyInfo(kid=t.kid, department=t.department_code, public_key=t.public_key)
        for t in TrustedIssuer.objects.filter(is_active=True)
    }


def foreign_licence_check(*, actor, raw, case_number: str = "", on: dt.date | None = None) -> ForeignLicenceCheck:
    """Check another province's signed licence; the outcome and its reason are recorded and audited."""
    require(actor, "licences.foreign.check")
    check = verify_document(raw, _trusted_keys())
    if check.kind not in ("", LICENCE):  # a case document (受理通知书/决定书) is not a licence
        check = DocumentCheck(MALFORMED, OUTCOME_TEXT[MALFORMED])
    payload = check.payload or {}
    accepted = check.signature_ok
    reason = "签名有效，签发机关在互认信任清单中" if accepted else REFUSAL_TEXT.get(check.outcome, check.message)
    until = payload.get("valid_until")
    if accepted and until:
        try:
            expired = dt.date.fromisoformat(str(until)) < (on or timezone.localdate())
        except ValueError:
            expired, reason = True, "有效期格式有误"
        if expired:
            accepted, reason = False, reason if reason.startswith("有效期") else f"证照已于{until}过期"
    holder = str(payload.get("holder_id_number") or "")
    with transaction.atomic():
        row = ForeignLicenceCheck.objects.create(
            number=str(payload.get("number", ""))[:100],
            licence_type=str(payload.get("licence_type", ""))[:64],
            issuer=str(payload.get("issuer", ""))[:64],
            kid=check.kid[:64],
            holder_masked=mask_id_number(holder) if holder else str(payload.get("holder_uscc", ""))[:40],
            accepted=accepted,
            reason=reason[:300],
            case_number=(case_number or "")[:50],
            actor=actor,
            department=actor.department if actor.department_id else None,
        )
        audit_log_write(
            actor=actor,
            action="zwfw.licences.foreign.accepted" if accepted else "zwfw.licences.foreign.refused",
            obj=row,
            region_code=actor.region_id or "",
            after={"number": row.number, "issuer": row.issuer, "kid": row.kid, "reason": row.reason},
        )
    return row
