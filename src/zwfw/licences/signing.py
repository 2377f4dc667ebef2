"""电子印章: the signed form of a licence, its QR payload, and offline/online verification.

The signed payload (:func:`signed_payload`) is every fact on the licence's face: number, type,
holder, issuing department, dates and 照面信息. The issuing department's active Ed25519 key signs
its canonical JSON (:func:`zwfw.core.signing.canonical_json`). The signed document a holder
downloads is::

    {"format": "zwfw-signed-licence/1",
     "payload": {...},
     "signature": {"alg": "Ed25519", "kid": "<key id>", "value": "<base64url>"}}

Verification
------------
- **Offline** (:func:`verify_document`): needs only the public key list
  (``GET /api/v1/licences/keys`` or ``zwfw licences keys``): the key must be listed, belong to
  the department named as issuer, and the signature must match. A retired (rotated) key still
  verifies what it signed. Outcomes: ``signature_valid``, ``bad_signature``, ``unknown_key``,
  ``wrong_issuer``, ``malformed``.
- **Online** (:func:`zwfw.licences.selectors.licence_verify_document`): the offline check, then the
  licence's current status from the database, so a revoked licence with a good signature answers
  ``revoked``.

This module reads no model: offline verification runs without a database.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from zwfw.core import signing

FORMAT = "zwfw-signed-licence/1"
QR_PREFIX = "ZWFWL1"

SIGNATURE_VALID = "signature_valid"
BAD_SIGNATURE = "bad_signature"
UNKNOWN_KEY = "unknown_key"
WRONG_ISSUER = "wrong_issuer"
MALFORMED = "malformed"

OUTCOME_TEXT = {
    SIGNATURE_VALID: "电子印章签名有效",
    BAD_SIGNATURE: "电子印章签名无效：证照内容被改动或签名不符",
    UNKNOWN_KEY: "无法核验：签名密钥不在公钥清单中",
    WRONG_ISSUER: "电子印章签名无效：签名密钥不属于颁证单位",
    MALFORMED: "无法核验：不是有效的签名证照文件",
}


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def signed_payload(holding) -> dict[str, Any]:
    """The facts a licence's signature covers (a plain dict of JSON values)."""
    return {
        "number": holding.number,
        "licence_type": holding.type.code,
        "licence_type_name": holding.type.name,
        "holder_name": holding.holder_name,
        "holder_id_number": holding.holder_id_number,
        "holder_uscc": holding.holder_uscc,
        "issuer": holding.issuer_department.code,
        "issuer_name": holding.issuer_department.name,
        "issued_at": holding.issued_at.isoformat(),
        "valid_from": _date(holding.valid_from),
        "valid_until": _date(holding.valid_until),
        "trust_level": holding.trust_level,
        "data": holding.data or {},
    }


def signed_document(holding) -> dict[str, Any]:
    """The downloadable signed licence (module docstring); the holding must be signed."""
    return {
        "format": FORMAT,
        "payload": signed_payload(holding),
        "signature": {"alg": signing.ALGORITHM, "kid": holding.signing_kid, "value": holding.signature},
    }


def qr_payload(holding, *, verify_url: str) -> str:
    """What the licence's QR code carries: the verification URL plus the seal (kid and signature).

    Scanning opens the online verification page, which checks the signature against the licence's
    payload as stored (catching a face changed after issue) and the current status.
    """
    if not holding.signature:
        return verify_url
    sep = "&" if "?" in verify_url else "?"
    return f"{verify_url}{sep}kid={holding.signing_kid}&sig={holding.signature}"


@dataclass(frozen=True)
class KeyInfo:
    kid: str
    department: str
    public_key: str
    status: str = "active"


@dataclass(frozen=True)
class DocumentCheck:
    outcome: str
    message: str
    payload: dict[str, Any] = field(default_factory=dict)
    kid: str = ""

    @property
    def signature_ok(self) -> bool:
        return self.outcome == SIGNATURE_VALID


def keys_from_list(items: list[dict[str, Any]]) -> dict[str, KeyInfo]:
    """The public key list as published (``GET /api/v1/licences/keys``) → kid → :class:`KeyInfo`."""
    out = {}
    for k in items:
        out[str(k["kid"])] = KeyInfo(
            kid=str(k["kid"]),
            department=str(k["department"]),
            public_key=str(k["public_key"]),
            status=str(k.get("status", "active")),
        )
    return out


def parse_document(raw: bytes | str | dict) -> dict[str, Any] | None:
    if isinstance(raw, dict):
        doc = raw
    else:
        try:
            doc = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return None
    if not isinstance(doc.get("payload"), dict) or not isinstance(doc.get("signature"), dict):
        return None
    return doc


def _check(payload: dict, kid: str, value: str, keys: dict[str, KeyInfo]) -> DocumentCheck:
    key = keys.get(kid)
    if key is None:
        return DocumentCheck(UNKNOWN_KEY, OUTCOME_TEXT[UNKNOWN_KEY], payload, kid)
    if key.department != payload.get("issuer"):
        return DocumentCheck(WRONG_ISSUER, OUTCOME_TEXT[WRONG_ISSUER], payload, kid)
    if not signing.verify(key.public_key, signing.canonical_json(payload), value):
        return DocumentCheck(BAD_SIGNATURE, OUTCOME_TEXT[BAD_SIGNATURE], payload, kid)
    return DocumentCheck(SIGNATURE_VALID, OUTCOME_TEXT[SIGNATURE_VALID], payload, kid)


def verify_document(raw: bytes | str | dict, keys: dict[str, KeyInfo]) -> DocumentCheck:
    """Offline check of a signed licence document against the public key list."""
    doc = parse_document(raw)
    if doc is None:
        return DocumentCheck(MALFORMED, OUTCOME_TEXT[MALFORMED])
    sig = doc["signature"]
    if sig.get("alg") != signing.ALGORITHM or not isinstance(sig.get("kid"), str):
        return DocumentCheck(MALFORMED, OUTCOME_TEXT[MALFORMED])
    return _check(doc["payload"], sig["kid"], str(sig.get("value", "")), keys)


def verify_stored(holding, *, kid: str, value: str, keys: dict[str, KeyInfo]) -> DocumentCheck:
    """Check a seal (from a QR code) against the licence's payload as stored now."""
    return _check(signed_payload(holding), kid, value, keys)
