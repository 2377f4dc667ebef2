"""Licences as W3C Verifiable Credentials (VC Data Model 2.0, JSON).

:func:`verifiable_credential` builds the credential of one licence and secures it with a
``DataIntegrityProof`` in the manner of the ``eddsa-jcs-2022`` cryptosuite: the proof options and
the unsecured credential are each canonicalised (our :func:`~zwfw.core.signing.canonical_json`,
which agrees with JCS for the strings, integers and nulls a credential holds here), hashed with
SHA-256, concatenated (options first) and signed with the issuing department's active Ed25519 key.
``verificationMethod`` is ``urn:zwfw:key:<kid>``, a key of the public key list
(``GET /api/v1/licences/keys``); :func:`vc_verify` checks a credential against that list.

Differences from a full eddsa-jcs-2022 proof, stated plainly: the verification method is a URN of
our key list, not a resolvable DID document, and ``proofValue`` is base64url (not multibase
base58btc). The credential also carries the licence's own 电子印章 signature
(``zwfwSeal``), so either check can be used.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.utils import timezone

from zwfw.core import signing
from zwfw.licences.errors import LicenceError, LicenceErrorCode
from zwfw.licences.selectors import effective_status
from zwfw.licences.services.seals import signing_key_current
from zwfw.licences.signing import KeyInfo

CONTEXT = "https://www.w3.org/ns/credentials/v2"


def _hash_data(options: dict, document: dict) -> bytes:
    return (
        hashlib.sha256(signing.canonical_json(options)).digest()
        + hashlib.sha256(signing.canonical_json(document)).digest()
    )


def verifiable_credential(holding, *, status_url: str) -> dict[str, Any]:
    subject: dict[str, Any] = {
        "name": holding.holder_name,
        "licence": {
            "number": holding.number,
            "type": holding.type.code,
            "typeName": holding.type.name,
            "trustLevel": holding.trust_level,
            "data": holding.data or {},
        },
    }
    if holding.holder_uscc:
        subject["id"] = f"urn:uscc:{holding.holder_uscc}"
    else:
        subject["id"] = f"urn:zwfw:holder:{hashlib.sha256(holding.holder_id_number.encode()).hexdigest()[:24]}"
    vc: dict[str, Any] = {
        "@context": [CONTEXT],
        "id": f"urn:zwfw:licence:{holding.number}",
        "type": ["VerifiableCredential", "ZwfwLicenceCredential"],
        "issuer": {
            "id": f"urn:zwfw:department:{holding.issuer_department.code}",
            "name": holding.issuer_department.name,
        },
        "validFrom": holding.issued_at.isoformat(),
        "credentialSubject": subject,
        "credentialStatus": {
            "id": status_url,
            "type": "ZwfwLicenceStatus",
            "status": effective_status(holding, timezone.localdate()),
        },
    }
    if holding.valid_until:
        vc["validUntil"] = f"{holding.valid_until.isoformat()}T23:59:59+08:00"
    if holding.signature:
        vc["zwfwSeal"] = {"alg": holding.signature_alg, "kid": holding.signing_kid, "value": holding.signature}
    # A read: sign with the department's active key, never create one here (keys are made when a
    # licence is issued or a key rotated, audited); a department without one is told so (409).
    key = signing_key_current(department=holding.issuer_department)
    if key is None:
        raise LicenceError(LicenceErrorCode.NO_SIGNING_KEY, department=holding.issuer_department.name)
    options = {
        "type": "DataIntegrityProof",
        # SM2 keys: our own suite name, same construction (JCS hashes, SHA-256) signed with SM2/SM3
        "cryptosuite": "eddsa-jcs-2022" if key.algorithm == signing.ED25519 else "zwfw-sm2-jcs-2024",
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "verificationMethod": f"urn:zwfw:key:{key.kid}",
        "proofPurpose": "assertionMethod",
        "@context": [CONTEXT],
    }
    private = signing.unseal_private(key.private_key_sealed, secret=settings.SECRET_KEY, kid=key.kid)
    proof = {**options, "proofValue": signing.b64u(signing.sign(private, _hash_data(options, vc), key.algorithm))}
    return {**vc, "proof": proof}


def vc_verify(credential: dict[str, Any], keys: dict[str, KeyInfo]) -> bool:
    """True when the credential's proof is a good signature by a listed key of its issuer."""
    cred = dict(credential)
    proof = dict(cred.pop("proof", None) or {})
    value = proof.pop("proofValue", "")
    kid = str(proof.get("verificationMethod", "")).removeprefix("urn:zwfw:key:")
    key = keys.get(kid)
    issuer = str((cred.get("issuer") or {}).get("id", "")).removeprefix("urn:zwfw:department:")
    if key is None or key.department != issuer:
        return False
    return signing.verify(key.public_key, _hash_data(proof, cred), value, key.algorithm)
