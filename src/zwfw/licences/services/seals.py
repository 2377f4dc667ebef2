"""电子印章 keys: each department's signing key (Ed25519, or SM2 with SM3 digests), created on
first use, rotated on demand; rotation may switch the department to the other algorithm.

- :func:`signing_key_active` returns the department's active key, creating one (audited) when it
  has none; the partial unique index ``signingkey_one_active_per_department`` makes two racing
  creators end with one key (the loser re-reads).
- :func:`signing_key_rotate` retires the active key and creates a new one in one transaction;
  the retired key stays in the public key list, so licences it signed still verify.
- :func:`payload_sign` signs any payload with a department's active key (licences and the case
  documents of :mod:`zwfw.licences.services.documents` both use it);
  :func:`licence_sign` signs a holding's payload.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from zwfw.core import signing
from zwfw.core.models import Department
from zwfw.core.permissions import require
from zwfw.core.prepared import PreparedRead
from zwfw.core.selectors.scope import department_scope_q
from zwfw.core.services.audit import audit_log_write
from zwfw.licences.errors import LicenceError, LicenceErrorCode
from zwfw.licences.models import LicenceHolding, SigningKey, SigningKeyStatus
from zwfw.licences.signing import signed_payload


def _new_key(department: Department, algorithm: str = signing.ED25519) -> SigningKey:
    kid = f"{department.code}-{timezone.now():%Y%m%d}-{secrets.token_hex(3)}"
    private, public = signing.new_private_key(algorithm)
    return SigningKey.objects.create(
        kid=kid,
        department=department,
        algorithm=algorithm,
        public_key=signing.b64u(public),
        private_key_sealed=signing.seal_private(private, secret=settings.SECRET_KEY, kid=kid),
        status=SigningKeyStatus.ACTIVE,
    )


def _audit(actor, key: SigningKey, action: str, before: dict | None = None) -> None:
    audit_log_write(
        actor=actor,
        action=action,
        obj=key,
        region_code=key.department.region_id,
        before=before,
        after={"kid": key.kid, "department": key.department.code, "status": key.status, "algorithm": key.algorithm},
    )


def signing_key_current(*, department: Department) -> SigningKey | None:
    """The department's active signing key, or ``None``: for readers (a GET never creates a key)."""
    return SigningKey.objects.select_related("department").filter(department=department, status="active").first()


_ACTIVE_KEY = PreparedRead(  # read on every signature: compiled once per process (issue 9)
    lambda department_id: SigningKey.objects.select_related("department").filter(
        department_id=department_id, status=SigningKeyStatus.ACTIVE
    )
)


def signing_key_active(*, department: Department) -> SigningKey:
    """The department's active signing key, created (and audited, actor the system) when missing."""
    key = _ACTIVE_KEY.first(department.pk)
    if key is not None:
        return key
    try:
        with transaction.atomic():
            key = _new_key(department)
            _audit(None, key, "zwfw.licences.signing_key.created")
            return key
    except IntegrityError:
        return SigningKey.objects.select_related("department").get(department=department, status="active")


def signing_key_rotate(*, actor, department: Department, algorithm: str = "") -> SigningKey:
    """Retire the department's active key and start a new one (old signatures stay valid).

    ``algorithm`` (``Ed25519`` or ``SM2``) chooses the new key's algorithm; empty keeps the
    retiring key's (Ed25519 for a department without one). ``actor`` ``None`` is the system; a
    person needs ``licences.signing_key.rotate`` and the department within their scope (403).
    An unknown algorithm is 422 ``licence_bad_algorithm``.
    """
    if algorithm and algorithm not in signing.ALGORITHMS:
        raise LicenceError(LicenceErrorCode.BAD_ALGORITHM, detail={"algorithm": algorithm[:32]})
    if actor is not None:
        require(actor, "licences.signing_key.rotate")
        if not Department.objects.filter(pk=department.pk).filter(department_scope_q(actor, "")).exists():
            raise PermissionDenied(f"轮换电子印章密钥：{department.name}不在您的管理范围内")
    with transaction.atomic():
        old = (
            SigningKey.objects.select_for_update()
            .select_related("department")
            .filter(department=department, status=SigningKeyStatus.ACTIVE)
            .first()
        )
        if old is not None:
            old.status = SigningKeyStatus.RETIRED
            old.retired_at = timezone.now()
            old.save(update_fields=["status", "retired_at"])
            _audit(actor, old, "zwfw.licences.signing_key.retired", before={"status": "active"})
        key = _new_key(department, algorithm or (old.algorithm if old is not None else signing.ED25519))
        _audit(actor, key, "zwfw.licences.signing_key.created")
    return key


def payload_sign(*, department: Department, payload: dict) -> tuple[SigningKey, str]:
    """Sign ``payload``'s canonical JSON with ``department``'s active key: (key, base64url signature)."""
    key = signing_key_active(department=department)
    private = signing.unseal_private(key.private_key_sealed, secret=settings.SECRET_KEY, kid=key.kid)
    return key, signing.b64u(signing.sign(private, signing.canonical_json(payload), key.algorithm))


def licence_sign(*, holding: LicenceHolding) -> LicenceHolding:
    """Sign ``holding`` with its issuing department's active key and store kid + signature.

    Called inside :func:`licence_issue`'s transaction; also by ``zwfw licences sign-missing`` for
    licences issued before signing existed (the payload then carries their original dates).
    """
    key, holding.signature = payload_sign(department=holding.issuer_department, payload=signed_payload(holding))
    holding.signing_kid, holding.signature_alg = key.kid, key.algorithm
    LicenceHolding.objects.filter(pk=holding.pk).update(
        signing_kid=holding.signing_kid, signature_alg=holding.signature_alg, signature=holding.signature
    )
    return holding
