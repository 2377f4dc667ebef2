"""Signed case documents (电子文书): 受理通知书, 准予/不予行政许可决定书, sealed like licences.

A case document is signed by the case's department with that department's active key (Ed25519
or SM2/SM3, :func:`zwfw.licences.services.seals.payload_sign`), the same key list and checks as
licences (:mod:`zwfw.licences.signing`). The payload is stored exactly as signed, so the stored
row re-verifies without being rebuilt; its QR code opens ``/licences/documents/verify/``.

Transaction contract: each function runs in the caller's transaction (or its own); the document
and its audit row (``zwfw.licences.document.<verb>``) commit or roll back together.

Who may issue: the case services, which have already checked that their actor may accept or
decide the case; so :func:`signed_document_issue` checks no permission itself (``actor`` is the
person named in the audit row, ``None`` the system). Revocation is a department or platform
admin's act, with the issuing department in scope.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zwfw.core.identifiers import mask_name
from zwfw.core.models import Department
from zwfw.core.permissions import require
from zwfw.core.prepared import PreparedRead, insert_row
from zwfw.core.selectors.accounts import department_by_code
from zwfw.core.selectors.scope import department_scope_q
from zwfw.core.services.audit import audit_log_write
from zwfw.licences.errors import LicenceError, LicenceErrorCode
from zwfw.licences.models import DocumentKind, DocumentStatus, SignedDocument
from zwfw.licences.services._reasons import revocation_reason_clean
from zwfw.licences.services.numbers import verify_code_new
from zwfw.licences.services.seals import payload_sign

#: The document number is the case number and this suffix (受理 / 准予 / 不予).
NUMBER_SUFFIX = {
    DocumentKind.ACCEPTANCE_NOTICE: "SL",
    DocumentKind.APPROVAL_DECISION: "ZY",
    DocumentKind.DENIAL_DECISION: "BY",
}


def _audit_view(d: SignedDocument) -> dict[str, Any]:
    person = bool(d.holder_id_number)
    return {
        "number": d.number,
        "kind": d.kind,
        "case_number": d.case_number,
        "holder_name": mask_name(d.holder_name) if person else d.holder_name,
        "holder_id_number": d.holder_id_number,
        "holder_uscc": d.holder_uscc,
        "issuer_department": d.issuer_department.code,
        "signing_kid": d.signing_kid,
        "signature_alg": d.signature_alg,
        "status": d.status,
    }


def document_payload(
    *,
    kind: str,
    number: str,
    case_number: str,
    item_name: str,
    holder_name: str,
    holder_id_number: str,
    holder_uscc: str,
    department: Department,
    issued_at: dt.datetime,
    facts: dict[str, Any],
) -> dict[str, Any]:
    """What a case document's signature covers (plain JSON values)."""
    return {
        "kind": kind,
        "title": str(DocumentKind(kind).label),
        "number": number,
        "case_number": case_number,
        "item_name": item_name,
        "holder_name": holder_name,
        "holder_id_number": holder_id_number,
        "holder_uscc": holder_uscc,
        "issuer": department.code,
        "issuer_name": department.name,
        "issued_at": issued_at.isoformat(),
        "facts": facts,
    }


# every acceptance and decision asks whether its notice exists: compiled once per process (issue 9)
_DOCUMENT_OF_CASE: PreparedRead[SignedDocument] = PreparedRead(
    lambda case_number, kind: SignedDocument.objects.filter(case_number=case_number, kind=kind).order_by("pk"),
    arity=2,
)


def signed_document_issue(
    *,
    actor,
    kind: str,
    case_number: str,
    item_name: str,
    holder_name: str,
    holder_id_number: str = "",
    holder_uscc: str = "",
    issuer_department_code: str = "",
    issuer_department: Department | None = None,
    facts: dict[str, Any],
    applicant_id: int | None = None,
    issued_at: dt.datetime | None = None,
) -> SignedDocument:
    """Sign and store the ``kind`` document of case ``case_number``; idempotent per (case, kind).

    ``applicant_id`` is the account that applied (it may open the document). ``facts`` are the
    kind's own lines (受理日期 and 承诺办结日期; 决定 with reason and legal
    basis, the licence number), JSON values only. 422 ``licence_document_unknown_kind`` /
    ``licence_unknown_department``. The department is given as ``issuer_department`` (an instance
    the caller holds) or by ``issuer_department_code``. Audited ``zwfw.licences.document.issued``.

    No savepoint around the insert: cases call this after their compare-and-set transition, so
    two issuers of one (case, kind) cannot both get here; should one anyway, the unique constraint
    fails the second transaction as a whole (nothing half-stored).
    """
    if kind not in DocumentKind.values:
        raise LicenceError(LicenceErrorCode.DOCUMENT_UNKNOWN_KIND, detail={"kind": str(kind)[:40]}, kind=str(kind)[:40])
    existing = _DOCUMENT_OF_CASE.first(case_number, kind)
    if existing is not None:
        return existing
    department = issuer_department or department_by_code(code=issuer_department_code)
    if department is None:
        raise LicenceError(
            LicenceErrorCode.UNKNOWN_DEPARTMENT,
            detail={"department_code": issuer_department_code},
            department_code=issuer_department_code,
        )
    issued_at = (issued_at or timezone.now()).replace(microsecond=0)
    number = f"{case_number}-{NUMBER_SUFFIX[DocumentKind(kind)]}"
    payload = document_payload(
        kind=kind,
        number=number,
        case_number=case_number,
        item_name=item_name,
        holder_name=holder_name,
        holder_id_number=(holder_id_number or "").upper(),
        holder_uscc=(holder_uscc or "").upper(),
        department=department,
        issued_at=issued_at,
        facts=facts,
    )
    key, signature = payload_sign(department=department, payload=payload)
    doc = insert_row(
        SignedDocument(
            kind=kind,
            number=number,
            title=payload["title"],
            case_number=case_number,
            applicant_id=applicant_id,
            holder_name=holder_name,
            holder_id_number=payload["holder_id_number"],
            holder_uscc=payload["holder_uscc"],
            issuer_department=department,
            issued_at=issued_at,
            payload=payload,
            signing_kid=key.kid,
            signature_alg=key.algorithm,
            signature=signature,
            verify_code=verify_code_new(),
        )
    )
    audit_log_write(
        actor=actor,
        action="zwfw.licences.document.issued",
        obj=doc,
        region_code=department.region_id,
        after=_audit_view(doc),
    )
    return doc


def signed_document_revoke(*, actor, document: SignedDocument, reason: str) -> SignedDocument:
    """Revoke (撤销) a valid case document, e.g. when the decision it records is withdrawn.

    ``actor`` ``None`` is the system; a person needs ``licences.document.revoke`` and the issuing
    department in scope (403). A reason (422); only a ``valid`` document (409
    ``licence_document_not_valid``). The signature stays good: online verification then answers
    ``revoked``. Audited ``zwfw.licences.document.revoked``.
    """
    if actor is not None:
        require(actor, "licences.document.revoke")
    reason = revocation_reason_clean(reason, missing=LicenceErrorCode.DOCUMENT_REASON_REQUIRED, label="撤销原因")
    with transaction.atomic():
        d = (
            SignedDocument.objects.select_for_update(of=("self",))
            .select_related("issuer_department")
            .get(pk=document.pk)
        )
        if (
            actor is not None
            and not Department.objects.filter(pk=d.issuer_department_id).filter(department_scope_q(actor, "")).exists()
        ):
            raise PermissionDenied(f"撤销电子文书：{d.issuer_department.name}不在您的管理范围内")
        if d.status != DocumentStatus.VALID:
            raise LicenceError(
                LicenceErrorCode.DOCUMENT_NOT_VALID,
                detail={"status": d.status},
                status=str(DocumentStatus(d.status).label),
            )
        before = _audit_view(d)
        d.status = DocumentStatus.REVOKED
        d.status_changed_at = timezone.now()
        d.status_reason = reason
        d.save(update_fields=["status", "status_changed_at", "status_reason"])
        audit_log_write(
            actor=actor,
            action="zwfw.licences.document.revoked",
            obj=d,
            region_code=d.issuer_department.region_id,
            before=before,
            after={**_audit_view(d), "reason": reason},
        )
    return d


def signed_documents_revoke_for_case(*, actor, case_number: str, kinds: list[str], reason: str) -> int:
    """Revoke the case's valid documents of ``kinds`` (the system's call when a decision is
    withdrawn); returns how many were revoked."""
    count = 0
    for doc in SignedDocument.objects.filter(case_number=case_number, kind__in=kinds, status=DocumentStatus.VALID):
        signed_document_revoke(actor=actor, document=doc, reason=reason)
        count += 1
    return count
