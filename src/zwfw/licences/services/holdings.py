"""Issuing, revoking and expiring e-licences (the wallet's writes).

Transaction contract: each function runs in one transaction; the holding, its audit row
(``zwfw.licences.licence.<verb>``) and the outbox messages to the holder's accounts commit or roll
back together (delivery of SMS/e-mail waits for commit inside the outbox service).

Trust level: every licence issued here is level **A** — issued by the implementing body and
usable directly (国办函〔2016〕108号, “互联网+政务服务”技术体系建设指南).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zwfw.core.identifiers import mask_name, validate_id_number, validate_uscc
from zwfw.core.models import APPLICANT_ROLES, Department, User
from zwfw.core.permissions import require
from zwfw.core.prepared import PreparedRead, insert_row
from zwfw.core.selectors.accounts import department_by_code
from zwfw.core.selectors.scope import department_scope_q
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create
from zwfw.licences.catalogue import add_years
from zwfw.licences.errors import LicenceError, LicenceErrorCode
from zwfw.licences.models import HolderKind, HoldingStatus, LicenceHolding, LicenceType, TrustLevel, ValidityRule
from zwfw.licences.services._reasons import revocation_reason_clean
from zwfw.licences.services.numbers import licence_number_next, verify_code_new
from zwfw.licences.services.seals import licence_sign

HOLDER_NAME_MAX = 128


def _audit_view(h: LicenceHolding) -> dict:
    """What the audit row keeps: identifiers are masked by the audit service, a person's name here."""
    person = bool(h.holder_id_number)
    return {
        "number": h.number,
        "licence_type": h.type.code,
        "holder_name": mask_name(h.holder_name) if person else h.holder_name,
        "holder_id_number": h.holder_id_number,
        "holder_uscc": h.holder_uscc,
        "issuer_department": h.issuer_department.code,
        "valid_from": h.valid_from,
        "valid_until": h.valid_until,
        "status": h.status,
        "trust_level": h.trust_level,
        "source_case_number": h.source_case_number,
    }


def _applicants():
    return User.objects.filter(is_active=True, role__in=[r.value for r in APPLICANT_ROLES]).order_by("pk")


# read by every issuance (the holder's accounts are told): compiled once per process (issue 9)
_ACCOUNTS_BY_ID_NUMBER: PreparedRead[User] = PreparedRead(lambda id_number: _applicants().filter(id_number=id_number))
_ACCOUNTS_BY_USCC: PreparedRead[User] = PreparedRead(lambda uscc: _applicants().filter(uscc=uscc))


def holder_accounts(*, holder_id_number: str = "", holder_uscc: str = "") -> list[User]:
    """The active applicant accounts that stand for a holder (same 身份证号 or same USCC), by id."""
    found = {u.pk: u for u in _ACCOUNTS_BY_ID_NUMBER.all(holder_id_number)} if holder_id_number else {}
    if holder_uscc:
        found.update((u.pk, u) for u in _ACCOUNTS_BY_USCC.all(holder_uscc))
    return [found[pk] for pk in sorted(found)]


def _notify_holder(h: LicenceHolding, *, subject: str, body: str, event: str) -> None:
    link = reverse("licences:card", args=[h.number])
    for user in holder_accounts(holder_id_number=h.holder_id_number, holder_uscc=h.holder_uscc):
        notification_create(recipient=user, subject=subject, body=body, event=event, link=link)


def _require_department_in_scope(actor, department: Department, what: str) -> None:
    if actor is None:
        return
    if not Department.objects.filter(pk=department.pk).filter(department_scope_q(actor, "")).exists():
        raise PermissionDenied(f"{what}：{department.name}不在您的管理范围内")


def _holder(licence_type: LicenceType, holder_id_number: str, holder_uscc: str) -> tuple[str, str]:
    id_number = (holder_id_number or "").strip().upper()
    uscc = (holder_uscc or "").strip().upper()
    if not id_number and not uscc:
        raise LicenceError(LicenceErrorCode.HOLDER_MISSING)
    for value, check in ((id_number, validate_id_number), (uscc, validate_uscc)):
        if value:
            result = check(value)
            if not result.valid:
                raise LicenceError(LicenceErrorCode.HOLDER_INVALID, detail={"kind": result.kind}, reason=result.message)
    kind = licence_type.holder_kind
    # A case may name both (an enterprise and its 法定代表人): the licence goes to the one the type
    # is issued to, so a 营业执照 never lands in the representative's personal wallet.
    if kind == HolderKind.ORGANISATION and uscc:
        id_number = ""
    elif kind == HolderKind.PERSON and id_number:
        uscc = ""
    if (kind == HolderKind.PERSON and not id_number) or (kind == HolderKind.ORGANISATION and not uscc):
        raise LicenceError(
            LicenceErrorCode.HOLDER_KIND_MISMATCH,
            detail={"holder_kind": kind},
            name=licence_type.name,
            kind=str(HolderKind(kind).label),
        )
    return id_number, uscc


def _validity(licence_type: LicenceType, valid_from: dt.date, valid_until: dt.date | None) -> dt.date | None:
    if valid_until is not None:
        if not isinstance(valid_until, dt.date) or isinstance(valid_until, dt.datetime):
            raise LicenceError(LicenceErrorCode.BAD_VALIDITY, reason="有效期至应为日期")
        if valid_until < valid_from:
            raise LicenceError(
                LicenceErrorCode.BAD_VALIDITY,
                detail={"valid_from": valid_from.isoformat(), "valid_until": valid_until.isoformat()},
                reason="有效期至早于有效期起",
            )
        return valid_until
    if licence_type.validity_rule == ValidityRule.YEARS and licence_type.validity_years:
        return add_years(valid_from, licence_type.validity_years)
    return None  # 长期有效 (long_term, or at_issue without a date)


_TYPE_BY_CODE: PreparedRead[LicenceType] = PreparedRead(
    lambda code: LicenceType.objects.filter(code=code).order_by("pk")  # every issuance: compiled once
)


def licence_issue(
    *,
    actor,
    licence_type: str,
    holder_name: str,
    holder_id_number: str = "",
    holder_uscc: str = "",
    issuer_department_code: str,
    source_case_number: str,
    data: dict,
    valid_until: dt.date | None = None,
    valid_from: dt.date | None = None,
    supersedes: str = "",
) -> LicenceHolding:
    """Issue one e-licence into the holder's wallet and tell the holder's accounts.

    Rules:
    - ``licence_type`` is a registered, active type code (else 422 ``licence_unknown_type`` /
      409 ``licence_type_inactive``); the holder is named by a valid 公民身份号码 (GB 11643) and/or
      统一社会信用代码 (GB 32100) fitting the type's 持证主体类别 (422 otherwise).
    - ``valid_from`` defaults to today (Asia/Shanghai); ``valid_until`` defaults from the type's
      validity rule (fixed years, or ``None`` = 长期有效).
    - ``supersedes``: the number of a valid licence of the same type and holder that this one
      replaces (换证/补证); it becomes ``superseded`` in the same transaction.
    - ``actor`` ``None`` is the system; a person must hold ``licences.holding.issue`` and the
      issuing department must be within their scope (403 otherwise).
    - The number is unique and allocated without races (:mod:`.numbers`); the verification code
      is random. Trust level A. Audited as ``zwfw.licences.licence.issued``.
    - Signed (电子印章) in the same transaction with the issuing department's active Ed25519 key
      (:func:`.seals.licence_sign`).
    """
    if actor is not None:
        require(actor, "licences.holding.issue")
    lt = _TYPE_BY_CODE.first((licence_type or "").strip())
    if lt is None:
        raise LicenceError(LicenceErrorCode.UNKNOWN_TYPE, detail={"licence_type": licence_type}, type_code=licence_type)
    if not lt.is_active:
        raise LicenceError(LicenceErrorCode.TYPE_INACTIVE, detail={"licence_type": lt.code}, type_code=lt.code)
    name = (holder_name or "").strip()
    if not name or len(name) > HOLDER_NAME_MAX:
        raise LicenceError(
            LicenceErrorCode.BAD_INPUT,
            detail={"field": "holder_name"},
            field="持证主体名称",
            reason="不能为空且不超过128个字符",
        )
    if not isinstance(data, dict):
        raise LicenceError(
            LicenceErrorCode.BAD_INPUT, detail={"field": "data"}, field="照面信息", reason="应为键值对象"
        )
    case_number = (source_case_number or "").strip()
    if len(case_number) > 50:
        raise LicenceError(
            LicenceErrorCode.BAD_INPUT,
            detail={"field": "source_case_number"},
            field="来源办件编号",
            reason="不超过50个字符",
        )
    id_number, uscc = _holder(lt, holder_id_number, holder_uscc)
    department = department_by_code(code=issuer_department_code or "")
    if department is None:
        raise LicenceError(
            LicenceErrorCode.UNKNOWN_DEPARTMENT,
            detail={"code": issuer_department_code},
            department_code=issuer_department_code,
        )
    _require_department_in_scope(actor, department, "签发电子证照")
    now = timezone.now()
    start = valid_from or timezone.localdate(now)
    until = _validity(lt, start, valid_until)

    # no savepoint inside the caller's transaction (issue 9): an issuance that fails fails the
    # caller's change (制证 and the holding are one), nothing catches and carries on
    with transaction.atomic(savepoint=False):
        old = None
        if supersedes:
            old = (
                LicenceHolding.objects.select_for_update()
                .filter(number=supersedes, type=lt, status=HoldingStatus.VALID)
                .filter(
                    Q(holder_id_number=id_number, holder_id_number__gt="") | Q(holder_uscc=uscc, holder_uscc__gt="")
                )
                .first()
            )
            if old is None:
                raise LicenceError(
                    LicenceErrorCode.BAD_INPUT,
                    detail={"field": "supersedes"},
                    field="被替代证照编号",
                    reason="不是该持证主体同类有效证照的编号",
                )
        holding = insert_row(
            LicenceHolding(
                type=lt,
                number=licence_number_next(licence_type=lt, year=timezone.localdate(now).year),
                holder_name=name,
                holder_id_number=id_number,
                holder_uscc=uscc,
                issuer_department=department,
                issued_at=now,
                valid_from=start,
                valid_until=until,
                status=HoldingStatus.VALID,
                trust_level=TrustLevel.A,
                data=data,
                source_case_number=case_number,
                verify_code=verify_code_new(),
            )
        )
        licence_sign(holding=holding)
        region = department.region_id
        audit_log_write(
            actor=actor,
            action="zwfw.licences.licence.issued",
            obj=holding,
            region_code=region,
            after=_audit_view(holding),
        )
        if old is not None:
            before = _audit_view(old)
            old.status = HoldingStatus.SUPERSEDED
            old.status_changed_at = now
            old.status_reason = f"换发新证 {holding.number}"
            old.superseded_by = holding
            old.save(update_fields=["status", "status_changed_at", "status_reason", "superseded_by"])
            audit_log_write(
                actor=actor,
                action="zwfw.licences.licence.superseded",
                obj=old,
                region_code=old.issuer_department.region_id,
                before=before,
                after={**_audit_view(old), "superseded_by": holding.number},
            )
        _notify_holder(
            holding,
            subject=f"您的电子证照已签发：{lt.name}",
            body=(
                f"{department.name}已向您签发{lt.name}（编号 {holding.number}），"
                f"有效期至{holding.valid_until.isoformat() if holding.valid_until else '长期'}，"
                "可在“我的证照”中查看和出示。"
            ),
            event="zwfw.licences.licence.issued",
        )
    return holding


def licence_revoke(*, actor, holding: LicenceHolding, reason: str) -> LicenceHolding:
    """Revoke (注销) a valid licence, e.g. after the decision that granted it is withdrawn.

    ``actor`` ``None`` is the system; a person must hold ``licences.holding.revoke`` and the
    issuing department must be within their scope (403). A reason is required (422, at most 300
    characters). Only a ``valid`` licence can be revoked (409 ``licence_not_valid`` otherwise,
    also for the loser of two concurrent revocations). Audited as
    ``zwfw.licences.licence.revoked``; the holder's accounts are told.
    """
    if actor is not None:
        require(actor, "licences.holding.revoke")
    reason = revocation_reason_clean(reason, missing=LicenceErrorCode.REASON_REQUIRED, label="注销原因")
    with transaction.atomic():
        h = (
            LicenceHolding.objects.select_for_update(of=("self",))
            .select_related("type", "issuer_department")
            .get(pk=holding.pk)
        )
        _require_department_in_scope(actor, h.issuer_department, "注销电子证照")
        if h.status != HoldingStatus.VALID:
            raise LicenceError(
                LicenceErrorCode.NOT_VALID, detail={"status": h.status}, status=str(HoldingStatus(h.status).label)
            )
        before = _audit_view(h)
        h.status = HoldingStatus.REVOKED
        h.status_changed_at = timezone.now()
        h.status_reason = reason
        h.save(update_fields=["status", "status_changed_at", "status_reason"])
        audit_log_write(
            actor=actor,
            action="zwfw.licences.licence.revoked",
            obj=h,
            region_code=h.issuer_department.region_id,
            before=before,
            after={**_audit_view(h), "reason": reason},
        )
        _notify_holder(
            h,
            subject=f"您的电子证照已注销：{h.type.name}",
            body=f"您的{h.type.name}（编号 {h.number}）已由{h.issuer_department.name}注销。原因：{reason}",
            event="zwfw.licences.licence.revoked",
        )
    return h


def licence_expire_due(*, on: dt.date | None = None) -> int:
    """Mark ``valid`` licences whose 有效期至 lies before ``on`` (default today) as ``expired``.

    A periodic job (``licences.expire_due``) runs it daily; reads never depend on it, because the
    selectors treat a valid licence past its date as expired already. One transaction and one
    audit row (actor: the system) per licence, so a long run can stop anywhere. Returns how many.
    """
    on = on or timezone.localdate()
    ids = list(
        LicenceHolding.objects.filter(status=HoldingStatus.VALID, valid_until__lt=on)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    done = 0
    for pk in ids:
        with transaction.atomic():
            h = (
                LicenceHolding.objects.select_for_update(of=("self",))
                .select_related("type", "issuer_department")
                .filter(pk=pk, status=HoldingStatus.VALID, valid_until__lt=on)
                .first()
            )
            if h is None:
                continue
            before = _audit_view(h)
            h.status = HoldingStatus.EXPIRED
            h.status_changed_at = timezone.now()
            h.status_reason = f"有效期至{h.valid_until.isoformat()}届满"
            h.save(update_fields=["status", "status_changed_at", "status_reason"])
            audit_log_write(
                actor=None,
                action="zwfw.licences.licence.expired",
                obj=h,
                region_code=h.issuer_department.region_id,
                before=before,
                after=_audit_view(h),
            )
            done += 1
    return done
