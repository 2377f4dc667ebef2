"""电子印章: the signed form of a licence or a case document, its QR payload, and verification.

Two kinds of signed files share one machinery (keys, canonical JSON, checks):

- a licence: ``{"format": "zwfw-signed-licence/1", …}`` (below);
- a case document (电子文书: 受理通知书, 准予/不予行政许可决定书, model ``SignedDocument``):
  ``{"format": "zwfw-signed-document/1", "payload": {"kind": …, "number": …, "issuer": …, …},
  "signature": {…}}``; its payload is stored as signed, so the stored row re-verifies as is.

The signature's ``alg`` is the key's: ``Ed25519`` or ``SM2`` (SM3 digests); a signature whose
``alg`` is not its key's algorithm fails as ``bad_signature``.

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

import copy
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from zwfw.core import signing

FORMAT = "zwfw-signed-licence/1"
DOCUMENT_FORMAT = "zwfw-signed-document/1"
QR_PREFIX = "ZWFWL1"
LICENCE = "licence"
DOCUMENT_KINDS = {
    "acceptance_notice": "受理通知书",
    "approval_decision": "准予行政许可决定书",
    "denial_decision": "不予行政许可决定书",
}
KIND_LABELS = {LICENCE: "电子证照", **DOCUMENT_KINDS}
#: Display labels of a case document's ``facts``.
FACT_LABELS = {
    "mode": "受理方式",
    "accepted_on": "受理日期",
    "due_date": "承诺办结日期",
    "decision": "决定",
    "decided_on": "决定日期",
    "result_name": "许可结果",
    "licence_number": "电子证照编号",
    "reason": "不予许可理由",
    "legal_basis": "法律依据",
    "remedy": "救济途径",
}

SIGNATURE_VALID = "signature_valid"
BAD_SIGNATURE = "bad_signature"
UNKNOWN_KEY = "unknown_key"
WRONG_ISSUER = "wrong_issuer"
MALFORMED = "malformed"

OUTCOME_TEXT = {
    SIGNATURE_VALID: "电子印章签名有效",
    BAD_SIGNATURE: "电子印章签名无效：内容被改动或签名不符（已被篡改）",
    UNKNOWN_KEY: "无法核验：签名密钥不在公钥清单中",
    WRONG_ISSUER: "电子印章签名无效：签名密钥不属于出具单位",
    MALFORMED: "无法核验：不是有效的签名证照或文书文件",
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
        "signature": {"alg": holding.signature_alg, "kid": holding.signing_kid, "value": holding.signature},
    }


def document_envelope(document) -> dict[str, Any]:
    """The downloadable signed case document (受理通知书 / 决定书): the stored payload as signed."""
    return {
        "format": DOCUMENT_FORMAT,
        "payload": copy.deepcopy(document.payload),  # a caller's edits never reach the row
        "signature": {"alg": document.signature_alg, "kid": document.signing_kid, "value": document.signature},
    }


def seal_query(*, kid: str, value: str, verify_url: str) -> str:
    """A verification URL with the seal (kid and signature) appended: what a QR code carries."""
    if not value:
        return verify_url
    sep = "&" if "?" in verify_url else "?"
    return f"{verify_url}{sep}kid={kid}&sig={value}"


def qr_payload(holding, *, verify_url: str) -> str:
    """What the licence's QR code carries: the verification URL plus the seal (kid and signature).

    Scanning opens the online verification page, which checks the signature against the licence's
    payload as stored (catching a face changed after issue) and the current status.
    """
    return seal_query(kid=holding.signing_kid, value=holding.signature, verify_url=verify_url)


@dataclass(frozen=True)
class KeyInfo:
    kid: str
    department: str
    public_key: str
    status: str = "active"
    algorithm: str = signing.ED25519


@dataclass(frozen=True)
class DocumentCheck:
    outcome: str
    message: str
    payload: dict[str, Any] = field(default_factory=dict)
    kid: str = ""
    kind: str = ""  # "licence" or a DOCUMENT_KINDS key; empty when the file is not readable
    algorithm: str = ""

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
            algorithm=str(k.get("algorithm") or signing.ED25519),
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
    if not isinstance(doc, dict) or doc.get("format") not in (FORMAT, DOCUMENT_FORMAT):
        return None
    if not isinstance(doc.get("payload"), dict) or not isinstance(doc.get("signature"), dict):
        return None
    if doc["format"] == DOCUMENT_FORMAT and doc["payload"].get("kind") not in DOCUMENT_KINDS:
        return None
    return doc


def kind_of(doc: dict[str, Any]) -> str:
    """``licence`` or the case document's kind, for a parsed signed file."""
    return LICENCE if doc.get("format") == FORMAT else str(doc["payload"]["kind"])


def check_signature(
    payload: dict, *, kid: str, value: str, alg: str, keys: dict[str, KeyInfo], kind: str = LICENCE
) -> DocumentCheck:
    """The seal check both kinds share: listed key, the issuer's key, its algorithm, the bytes."""
    key = keys.get(kid)
    if key is None:
        return DocumentCheck(UNKNOWN_KEY, OUTCOME_TEXT[UNKNOWN_KEY], payload, kid, kind, alg)
    if key.department != payload.get("issuer"):
        return DocumentCheck(WRONG_ISSUER, OUTCOME_TEXT[WRONG_ISSUER], payload, kid, kind, key.algorithm)
    if alg != key.algorithm or not signing.verify(key.public_key, signing.canonical_json(payload), value, alg):
        return DocumentCheck(BAD_SIGNATURE, OUTCOME_TEXT[BAD_SIGNATURE], payload, kid, kind, key.algorithm)
    return DocumentCheck(SIGNATURE_VALID, OUTCOME_TEXT[SIGNATURE_VALID], payload, kid, kind, key.algorithm)


def verify_document(raw: bytes | str | dict, keys: dict[str, KeyInfo]) -> DocumentCheck:
    """Offline check of a signed licence or case document against the public key list."""
    doc = parse_document(raw)
    if doc is None:
        return DocumentCheck(MALFORMED, OUTCOME_TEXT[MALFORMED])
    sig = doc["signature"]
    if sig.get("alg") not in signing.ALGORITHMS or not isinstance(sig.get("kid"), str):
        return DocumentCheck(MALFORMED, OUTCOME_TEXT[MALFORMED])
    return check_signature(
        doc["payload"], kid=sig["kid"], value=str(sig.get("value", "")), alg=sig["alg"], keys=keys, kind=kind_of(doc)
    )


def verify_stored(holding, *, kid: str, value: str, keys: dict[str, KeyInfo]) -> DocumentCheck:
    """Check a seal (from a QR code) against the licence's payload as stored now."""
    key = keys.get(kid)
    alg = key.algorithm if key is not None else holding.signature_alg
    return check_signature(signed_payload(holding), kid=kid, value=value, alg=alg, keys=keys)


def verify_stored_document(document, *, kid: str, value: str, keys: dict[str, KeyInfo]) -> DocumentCheck:
    """Check a seal (from a QR code) against a case document's payload as stored now."""
    key = keys.get(kid)
    alg = key.algorithm if key is not None else document.signature_alg
    return check_signature(document.payload, kid=kid, value=value, alg=alg, keys=keys, kind=document.kind)
