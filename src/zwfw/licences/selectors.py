"""Reads of e-licences, scoped to the caller (STYLE.md convention 3).

Who sees which holdings
-----------------------
- **Applicants** see the holdings whose holder identifier is theirs: a person by 公民身份号码, an
  enterprise by 统一社会信用代码 (a licence belongs to the holder, not to an account).
- **Department admins and platform admins** (``licences.holding.view_any``) see the holdings
  issued by departments in their scope: core's department rule applied to ``issuer_department``
  (a 成都市市场监管局 admin sees what it and the 市场监管 units below it issued); granted
  departments count, and granted regions count through the issuing department's region.
- Other staff see none through these selectors. Cases read a holder's valid licences with
  :func:`licence_holdings_for`, which is unscoped on purpose: the case engine has already
  checked who the applicant is.

An out-of-scope number answers 404 exactly like an unknown one.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from zwfw.core.identifiers import mask_id_number, mask_name
from zwfw.core.models import Role
from zwfw.core.permissions import can, effective_role, require
from zwfw.core.prepared import UNDECIDED, PreparedRead, first_in_window
from zwfw.core.selectors.scope import scope_register, scoped_q
from zwfw.licences.models import HoldingStatus, LicenceHolding, LicenceType
from zwfw.licences.services.numbers import VERIFY_LENGTH

NUMBER_MAX = 100


def register_scopes() -> None:
    scope_register(LicenceHolding, region="issuer_department__region", department="issuer_department")


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def _base() -> QuerySet[LicenceHolding]:
    return LicenceHolding.objects.select_related("type", "issuer_department", "issuer_department__region")


def valid_on_q(on: dt.date) -> Q:
    """Holdings in force on ``on``: status valid, started, not past 有效期至 (None = 长期)."""
    return Q(status=HoldingStatus.VALID, valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def effective_status(holding: LicenceHolding, on: dt.date | None = None) -> str:
    """The status as of ``on``: a ``valid`` holding past its 有效期至 reads ``expired`` before the
    nightly job (``licence_expire_due``) has stored it."""
    on = _today(on)
    if holding.status == HoldingStatus.VALID and holding.valid_until is not None and holding.valid_until < on:
        return HoldingStatus.EXPIRED
    return holding.status


def licence_holdings_for(
    *, id_number: str = "", uscc: str = "", on: dt.date | None = None, types: Iterable[str] | None = None
) -> list[LicenceHolding]:
    """The holdings in force on ``on`` (default today) of a person and/or an enterprise.

    For the case engine's 免提交 (materials an applicant holds as e-licences are not uploaded):
    each item has ``.licence_type`` (the type code), ``.number``, ``.valid_until``, ``.type`` and
    ``.issuer_department``. Unscoped (see the module docstring); no identifier → an empty list.
    ``types``: only the newest holding of each of these type codes (what an application needs:
    one read of at most one row per type, however many licences the holder has collected).
    """
    id_number = (id_number or "").strip().upper()
    uscc = (uscc or "").strip().upper()
    holder = Q(pk__in=[])
    if id_number:
        holder |= Q(holder_id_number=id_number)
    if uscc:
        holder |= Q(holder_uscc=uscc)
    if not (id_number or uscc):
        return []
    on = _today(on)
    held = _base().filter(holder).filter(valid_on_q(on))
    if types is not None:
        newest = []
        for code in sorted(set(types)):
            row = _newest_valid(id_number, uscc, code, on)
            if row is UNDECIDED:
                row = held.filter(type__code=code).order_by("-issued_at", "-id").first()
            if row is not None:
                newest.append(row)
        return newest
    return list(held.order_by("type__code", "-issued_at", "-id"))


# An application's 免提交 look-up, per licence type it names (issue 9): the holder's newest
# ``_RECENT`` valid-status holdings of the type through statements compiled once per process; the
# dates are checked here. The first in force among them is the answer unless none is and more
# may exist (then :func:`licence_holdings_for` asks the database with the dates).
_RECENT = 8


def _newest(holder_field: str) -> PreparedRead[LicenceHolding]:
    return PreparedRead(
        lambda holder, code: (
            _base()
            .filter(**{holder_field: holder}, type__code=code, status=HoldingStatus.VALID)
            .order_by("-issued_at", "-id")[:_RECENT]
        ),
        arity=2,
    )


_NEWEST_BY_ID_NUMBER = _newest("holder_id_number")
_NEWEST_BY_USCC = _newest("holder_uscc")


def _newest_valid(id_number: str, uscc: str, code: str, on: dt.date):
    best = None
    for read, holder in ((_NEWEST_BY_ID_NUMBER, id_number), (_NEWEST_BY_USCC, uscc)):
        if not holder:
            continue
        hit = first_in_window(
            read.all(holder, code),
            _RECENT,
            lambda h: h.valid_from <= on and (h.valid_until is None or h.valid_until >= on),
        )
        if hit is UNDECIDED:
            return UNDECIDED
        if hit is not None and (best is None or (hit.issued_at, hit.pk) > (best.issued_at, best.pk)):
            best = hit
    return best


def _staff_q(user) -> Q:
    """Core's rule on the issuing department; granted regions count via the department's region."""
    return scoped_q(user, region="issuer_department__region", department="issuer_department")


def _holder_q(user) -> Q:
    """Holdings of the applicant ``user`` (by identifier); nothing for an account without one."""
    role = effective_role(user)
    if role == Role.PERSON.value and user.id_number:
        return Q(holder_id_number=user.id_number.upper())
    if role == Role.ENTERPRISE.value and user.uscc:
        return Q(holder_uscc=user.uscc.upper())
    return Q(pk__in=[])


def visible_q(user) -> Q:
    """The holdings ``user`` may look at (module docstring)."""
    role = effective_role(user)
    if role in {Role.PERSON.value, Role.ENTERPRISE.value}:
        return _holder_q(user)
    if role is not None and can(user, "licences.holding.view_any"):
        return _staff_q(user)
    return Q(pk__in=[])


def licence_wallet_for(*, user) -> list[LicenceHolding]:
    """我的证照: every holding of the applicant ``user``, those in force first, newest first."""
    require(user, "licences.wallet.view")
    today = _today(None)
    in_force = Case(When(valid_on_q(today), then=Value(0)), default=Value(1), output_field=IntegerField())
    return list(_base().filter(_holder_q(user)).annotate(_rank=in_force).order_by("_rank", "-issued_at", "-id"))


def licence_get_for(*, user, number: str) -> LicenceHolding:
    """One holding by number that ``user`` may see; Http404 when unknown *or* not theirs."""
    number = (number or "").strip()
    holding = _base().filter(visible_q(user)).filter(number=number).first() if number else None
    if holding is None:
        raise Http404("证照不存在或无权查看")
    return holding


def licence_list_for_staff(
    *, user, licence_type: str = "", status: str = "", number: str = ""
) -> QuerySet[LicenceHolding]:
    """Holdings issued within the staff user's scope (``licences.holding.view_any``), filtered.

    ``status`` filters on the stored status; ``number`` matches a prefix of the licence number.
    """
    require(user, "licences.holding.view_any")
    qs = _base().filter(_staff_q(user))
    if licence_type:
        qs = qs.filter(type__code=licence_type)
    if status:
        qs = qs.filter(status=status)
    if number:
        qs = qs.filter(number__startswith=number.strip())
    return qs.order_by("-issued_at", "-id")


def licence_type_list() -> QuerySet[LicenceType]:
    """The active licence types (public reference data)."""
    return LicenceType.objects.filter(is_active=True).order_by("code")


# ---- verification (证照核验) -------------------------------------------------------------------

UNKNOWN = "unknown"

OUTCOME_TEXT = {
    HoldingStatus.VALID.value: "证照有效",
    HoldingStatus.REVOKED.value: "证照已注销",
    HoldingStatus.EXPIRED.value: "证照已过期",
    HoldingStatus.SUPERSEDED.value: "证照已被新证替代",
    UNKNOWN: "无法核验：证照编号或核验码不正确",
}


@dataclass(frozen=True)
class VerifyResult:
    """What a verifier (anyone holding the number and the code, e.g. from the QR) may learn.

    ``outcome`` is valid / revoked / expired / superseded / unknown. For ``unknown`` every other
    field is empty: a wrong code and an unknown number read the same, so the page cannot be used
    to find out whether a number exists. Holder name and identifier are masked.
    """

    outcome: str
    message: str
    number: str = ""
    licence_type: str = ""
    licence_type_name: str = ""
    holder_name: str = ""
    holder_identifier: str = ""
    issuer: str = ""
    issued_on: dt.date | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    trust_level: str = ""

    @property
    def found(self) -> bool:
        return self.outcome != UNKNOWN


def _unknown() -> VerifyResult:
    return VerifyResult(outcome=UNKNOWN, message=OUTCOME_TEXT[UNKNOWN])


def licence_verify(*, number: str, verify_code: str, on: dt.date | None = None) -> VerifyResult:
    """Check a licence by its number and verification code (public, no login).

    The code is compared in constant time, case-insensitively; inputs longer than any real number
    or code are simply unknown. Reads only (no audit row: verifying is not a change).
    """
    number = (number or "").strip()
    code = (verify_code or "").strip().upper()
    if not number or not code or len(number) > NUMBER_MAX or len(code) > VERIFY_LENGTH * 2:
        return _unknown()
    holding = _base().filter(number=number).first()
    if holding is None:
        hmac.compare_digest(code.encode(), b"X" * VERIFY_LENGTH)  # same work either way (bytes: any text)
        return _unknown()
    if not hmac.compare_digest(code.encode(), holding.verify_code.upper().encode()):
        return _unknown()
    outcome = effective_status(holding, on)
    identifier = mask_id_number(holding.holder_id_number) if holding.holder_id_number else holding.holder_uscc
    return VerifyResult(
        outcome=outcome,
        message=OUTCOME_TEXT[outcome],
        number=holding.number,
        licence_type=holding.type.code,
        licence_type_name=holding.type.name,
        holder_name=mask_name(holding.holder_name) if holding.holder_id_number else holding.holder_name,
        holder_identifier=identifier,
        issuer=holding.issuer_department.name,
        issued_on=timezone.localdate(holding.issued_at),
        valid_from=holding.valid_from,
        valid_until=holding.valid_until,
        trust_level=holding.trust_level,
    )


# ---- 电子印章: public keys and signed-document verification -----------------------------------


def signing_key_list() -> list[dict]:
    """The public key list (public): every key ever used, active and retired, oldest first.

    A retired key stays listed so that what it signed still verifies offline.
    """
    from zwfw.licences.models import SigningKey

    rows = SigningKey.objects.select_related("department").order_by("created_at", "id")
    return [
        {
            "kid": k.kid,
            "department": k.department.code,
            "department_name": k.department.name,
            "algorithm": k.algorithm,
            "public_key": k.public_key,
            "status": k.status,
            "created_at": k.created_at,
            "retired_at": k.retired_at,
        }
        for k in rows
    ]


def _key_map() -> dict:
    from zwfw.licences.signing import keys_from_list

    return keys_from_list(signing_key_list())


#: The one-word verdict of an online check, the same for every kind of signed file.
VERDICTS = {
    "signature_valid": "valid",
    "bad_signature": "tampered",
    "wrong_issuer": "tampered",
    "unknown_key": "unknown_key",
    "malformed": "malformed",
    HoldingStatus.VALID.value: "valid",
    HoldingStatus.REVOKED.value: "revoked",
    HoldingStatus.EXPIRED.value: "expired",
    HoldingStatus.SUPERSEDED.value: "superseded",
    UNKNOWN: "unknown",
}
VERDICT_TEXT = {
    "valid": "有效",
    "tampered": "已被篡改或签名不符",
    "revoked": "已注销/撤销",
    "expired": "已过期",
    "superseded": "已被替代",
    "unknown_key": "签名密钥未知",
    "malformed": "无法识别的文件",
    "unknown": "本平台无此记录",
}
DOCUMENT_OUTCOME_TEXT = {"valid": "文书有效", "revoked": "文书已撤销"}


@dataclass(frozen=True)
class SignedVerifyResult:
    """The online check of a signed licence or case document: the seal, then its status now.

    ``outcome``: the status (valid / revoked / expired / superseded) when the signature is good and
    the licence or document is on file; else the signature outcome (bad_signature, unknown_key,
    wrong_issuer, malformed) or ``unknown`` (good signature, no such record here). ``verdict`` is
    the one-word summary: valid / tampered / revoked / expired / superseded / unknown_key /
    malformed / unknown. ``kind`` is ``licence`` or the document kind.
    """

    outcome: str
    message: str
    signature: str
    signature_message: str
    number: str = ""
    licence_type_name: str = ""
    holder_name: str = ""
    holder_identifier: str = ""
    issuer: str = ""
    valid_until: dt.date | None = None
    kid: str = ""
    kind: str = ""
    kind_label: str = ""
    algorithm: str = ""
    case_number: str = ""
    issued_on: dt.date | None = None

    @property
    def verdict(self) -> str:
        return VERDICTS.get(self.outcome, "unknown")

    @property
    def verdict_text(self) -> str:
        return VERDICT_TEXT[self.verdict]


def _masked(name: str, id_number: str, uscc: str) -> tuple[str, str]:
    if id_number:
        return mask_name(name), mask_id_number(id_number)
    return name, uscc


def _document_result(check, on, base: dict) -> SignedVerifyResult:
    from zwfw.licences.models import SignedDocument

    payload = check.payload or {}
    doc = (
        SignedDocument.objects.select_related("issuer_department")
        .filter(number=str(payload.get("number", ""))[:NUMBER_MAX], kind=check.kind)
        .first()
    )
    if doc is None:
        return SignedVerifyResult(outcome=UNKNOWN, message="签名有效，但本平台无此文书记录", **base)
    name, identifier = _masked(doc.holder_name, doc.holder_id_number, doc.holder_uscc)
    return SignedVerifyResult(
        outcome=doc.status,
        message=f"{check.message}；{DOCUMENT_OUTCOME_TEXT[doc.status]}",
        number=doc.number,
        licence_type_name=doc.title,
        holder_name=name,
        holder_identifier=identifier,
        issuer=doc.issuer_department.name,
        case_number=doc.case_number,
        issued_on=timezone.localdate(doc.issued_at),
        **base,
    )


def _signed_result(check, on: dt.date | None) -> SignedVerifyResult:
    from zwfw.licences.signing import KIND_LABELS, LICENCE

    payload = check.payload or {}
    kind = check.kind or LICENCE
    base = {
        "signature": check.outcome,
        "signature_message": check.message,
        "kid": check.kid,
        "kind": kind,
        "kind_label": KIND_LABELS.get(kind, ""),
        "algorithm": check.algorithm,
    }
    if not check.signature_ok:
        return SignedVerifyResult(outcome=check.outcome, message=check.message, **base)
    if kind != LICENCE:
        return _document_result(check, on, base)
    holding = _base().filter(number=str(payload.get("number", ""))).first()
    if holding is None:
        return SignedVerifyResult(outcome=UNKNOWN, message="签名有效，但本平台无此证照记录", **base)
    outcome = effective_status(holding, on)
    name, identifier = _masked(holding.holder_name, holding.holder_id_number, holding.holder_uscc)
    return SignedVerifyResult(
        outcome=outcome,
        message=f"{check.message}；{OUTCOME_TEXT[outcome]}",
        number=holding.number,
        licence_type_name=holding.type.name,
        holder_name=name,
        holder_identifier=identifier,
        issuer=holding.issuer_department.name,
        valid_until=holding.valid_until,
        issued_on=timezone.localdate(holding.issued_at),
        **base,
    )


def licence_verify_document(*, raw, on: dt.date | None = None) -> SignedVerifyResult:
    """Online verification of a signed licence or case document (public): signature, then status."""
    from zwfw.licences.signing import verify_document

    return _signed_result(verify_document(raw, _key_map()), on)


def licence_verify_seal(*, number: str, kid: str, value: str, on: dt.date | None = None) -> SignedVerifyResult:
    """The seal a QR code carries, checked against the licence's payload as stored now."""
    from zwfw.licences.signing import DocumentCheck, verify_stored

    holding = _base().filter(number=(number or "").strip()[:NUMBER_MAX]).first()
    if holding is None:
        return _signed_result(DocumentCheck("unknown_key", "无法核验：证照编号不正确"), on)
    return _signed_result(verify_stored(holding, kid=kid, value=value, keys=_key_map()), on)


# ---- 电子文书: 受理通知书 and 决定书 of cases ---------------------------------------------------


def _document_base():
    from zwfw.licences.models import SignedDocument

    return SignedDocument.objects.select_related("issuer_department", "issuer_department__region")


def document_visible_q(user) -> Q:
    """The case documents ``user`` may see: the case's applicant (the account that applied);
    staff holding ``licences.document.view_any`` those issued by departments in their scope."""
    role = effective_role(user)
    if role is None:
        return Q(pk__in=[])
    if role in {Role.PERSON.value, Role.ENTERPRISE.value}:
        return Q(applicant_id=user.pk)
    if can(user, "licences.document.view_any"):
        return scoped_q(user, region="issuer_department__region", department="issuer_department")
    return Q(pk__in=[])


def document_holder_masked(doc) -> str:
    """The applicant as a page shows it: a person's name masked, an organisation's in full."""
    return mask_name(doc.holder_name) if doc.holder_id_number else doc.holder_name


def document_list_for(*, user, case_number: str = ""):
    """The case documents ``user`` may see, newest first; ``case_number`` narrows to one case."""
    qs = _document_base().filter(document_visible_q(user))
    if case_number:
        qs = qs.filter(case_number=case_number.strip()[:50])
    return list(qs.order_by("-issued_at", "-id")[:200])


def document_get_for(*, user, number: str):
    """One case document by number that ``user`` may see; Http404 when unknown *or* not theirs."""
    number = (number or "").strip()[:NUMBER_MAX]
    doc = _document_base().filter(document_visible_q(user)).filter(number=number).first() if number else None
    if doc is None:
        raise Http404("文书不存在或无权查看")
    return doc


def document_verify(*, number: str, verify_code: str, kid: str = "", value: str = "") -> SignedVerifyResult:
    """What a document's QR code opens (public): number + code, and the seal when given.

    A wrong code and an unknown number both answer ``unknown`` with nothing else. With the seal
    (``kid``, ``value``) the signature is checked against the document as stored now.
    """
    from zwfw.licences.signing import DocumentCheck, verify_stored_document

    number = (number or "").strip()[:NUMBER_MAX]
    code = (verify_code or "").strip().upper()[: VERIFY_LENGTH * 2]
    doc = _document_base().filter(number=number).first() if number and code else None
    if doc is None or not hmac.compare_digest(code.encode(), doc.verify_code.upper().encode()):
        return SignedVerifyResult(
            outcome=UNKNOWN, message="无法核验：文书编号或核验码不正确", signature="", signature_message=""
        )
    if kid and value:
        check = verify_stored_document(doc, kid=kid, value=value, keys=_key_map())
    else:  # no seal in the link: check the stored signature itself
        check = verify_stored_document(doc, kid=doc.signing_kid, value=doc.signature, keys=_key_map())
    if not check.signature_ok:
        check = DocumentCheck(check.outcome, check.message, doc.payload, check.kid, doc.kind, check.algorithm)
    return _signed_result(check, None)


def licence_signed_document_for(*, user, number: str) -> dict:
    """The signed document of a licence ``user`` may see (404 otherwise, or when it is unsigned)."""
    from zwfw.licences.signing import signed_document

    holding = licence_get_for(user=user, number=number)
    if not holding.signature:
        raise Http404("该证照尚未加盖电子印章")
    return signed_document(holding)


def trusted_issuer_list():
    """The 电子证照互认 trust list (public): active foreign issuers' keys."""
    from zwfw.licences.models import TrustedIssuer

    return TrustedIssuer.objects.filter(is_active=True).order_by("province", "kid")


def foreign_check_list_for(*, user, limit: int = 50):
    """The foreign licence checks made by ``user``'s department (or by the user without one)."""
    from zwfw.licences.models import ForeignLicenceCheck

    require(user, "licences.foreign.check")
    qs = ForeignLicenceCheck.objects.all()
    qs = qs.filter(department_id=user.department_id) if user.department_id else qs.filter(actor=user)
    return list(qs.order_by("-checked_at", "-id")[:limit])
