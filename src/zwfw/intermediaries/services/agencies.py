"""Agencies join the market (入驻), keep qualifications, practitioners and listings current; the
supervisor records violations, and a violation with ``blacklist`` removes the agency from every
future selection. Violations are shared as credit events with the supervision app (信用共享)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from zwfw.core.identifiers import validate_id_number, validate_uscc
from zwfw.core.models import Role, User
from zwfw.core.permissions import effective_role, require
from zwfw.core.services.audit import audit_log_write
from zwfw.intermediaries import permissions as perms
from zwfw.intermediaries.models import (
    Agency,
    AgencyStatus,
    Contract,
    Listing,
    Practitioner,
    Qualification,
    Violation,
    ViolationKind,
)
from zwfw.intermediaries.services._base import bad, fen, text, today


def _own(actor: User, agency: Agency) -> None:
    if effective_role(actor) != Role.PLATFORM_ADMIN.value and agency.account_id != getattr(actor, "pk", None):
        raise bad("中介机构", "只能维护本机构的信息", "agency")


@transaction.atomic
def agency_register(*, actor: User, name: str) -> Agency:
    """入驻: an enterprise registers itself (its USCC and region) as an agency; once only."""
    require(actor, perms.AGENCY_RUN)
    name = text(name, "机构名称", "name", max_length=200)
    uscc = (getattr(actor, "uscc", "") or "").upper()
    if not validate_uscc(uscc).valid:
        raise bad("统一社会信用代码", "账号未绑定有效的统一社会信用代码", "uscc")
    try:
        with transaction.atomic():
            agency = Agency.objects.create(name=name, uscc=uscc, account=actor, region_id=actor.region_id or "510000")
    except IntegrityError:
        raise bad("中介机构", "本企业已入驻", "uscc") from None
    audit_log_write(actor=actor, action="zwfw.intermediaries.agency.registered", obj=agency, after={"name": name})
    return agency


@transaction.atomic
def qualification_add(*, actor: User, agency: Agency, name: str, number: str, valid_until: dt.date) -> Qualification:
    require(actor, perms.AGENCY_RUN)
    _own(actor, agency)
    if not isinstance(valid_until, dt.date) or valid_until < today():
        raise bad("有效期", "资质已过期或日期有误", "valid_until")
    q = Qualification.objects.create(
        agency=agency,
        name=text(name, "资质名称", "name", max_length=200),
        number=text(number, "证书编号", "number", max_length=100),
        valid_until=valid_until,
    )
    audit_log_write(actor=actor, action="zwfw.intermediaries.qualification.added", obj=q, after={"name": q.name})
    return q


@transaction.atomic
def practitioner_add(
    *,
    actor: User,
    agency: Agency,
    name: str,
    id_number: str,
    qualification: str,
    certificate_number: str,
    valid_until: dt.date,
) -> Practitioner:
    require(actor, perms.AGENCY_RUN)
    _own(actor, agency)
    id_number = (id_number or "").strip().upper()
    check = validate_id_number(id_number)
    if not check.valid:
        raise bad("身份证号", check.message, "id_number")
    if not isinstance(valid_until, dt.date) or valid_until < today():
        raise bad("证书有效期", "证书已过期或日期有误", "valid_until")
    try:
        with transaction.atomic():
            p = Practitioner.objects.create(
                agency=agency,
                name=text(name, "姓名", "name", max_length=50),
                id_number=id_number,
                qualification=text(qualification, "执业资格", "qualification", max_length=200),
                certificate_number=text(certificate_number, "证书编号", "certificate_number", max_length=100),
                valid_until=valid_until,
            )
    except IntegrityError:
        raise bad("从业人员", "已登记", "id_number") from None
    audit_log_write(actor=actor, action="zwfw.intermediaries.practitioner.added", obj=p, after={"id_number": id_number})
    return p


@transaction.atomic
def listing_publish(
    *,
    actor: User,
    agency: Agency,
    service_item: str,
    conditions: str,
    process: str,
    time_limit_days: int,
    fee_standard_fen: int,
    fee_basis: str = "",
) -> Listing:
    """Publish a service listing (服务事项, 条件, 流程, 时限, 收费标准)."""
    require(actor, perms.AGENCY_RUN)
    _own(actor, agency)
    if not isinstance(time_limit_days, int) or not 1 <= time_limit_days <= 365:
        raise bad("服务时限", "应为1至365个工作日", "time_limit_days")
    listing = Listing.objects.create(
        agency=agency,
        service_item=text(service_item, "服务事项", "service_item", max_length=200),
        conditions=text(conditions, "服务条件", "conditions", max_length=5000),
        process=text(process, "服务流程", "process", max_length=5000),
        time_limit_days=time_limit_days,
        fee_standard_fen=fen(fee_standard_fen, "收费标准", "fee_standard_fen"),
        fee_basis=text(fee_basis, "收费依据", "fee_basis", max_length=300, required=False),
    )
    audit_log_write(
        actor=actor,
        action="zwfw.intermediaries.listing.published",
        obj=listing,
        after={"service_item": listing.service_item, "fee_standard_fen": listing.fee_standard_fen},
    )
    return listing


@transaction.atomic
def violation_record(
    *,
    actor: User,
    agency: Agency,
    kind: str,
    note: str,
    blacklist: bool = False,
    practitioner: Practitioner | None = None,
    contract: Contract | None = None,
) -> Violation:
    """Record a violation; ``blacklist`` puts the agency on the blacklist (no longer selectable).
    The violation is shared with supervision as a credit event of the agency's USCC (and the
    practitioner's 身份证号 when named)."""
    require(actor, perms.SUPERVISE)
    if kind not in ViolationKind.values:
        raise bad("违规类型", f"可选 {'、'.join(ViolationKind.values)}", "kind")
    if practitioner is not None and practitioner.agency_id != agency.pk:
        raise bad("从业人员", "不属于该机构", "practitioner")
    violation = Violation.objects.create(
        agency=agency,
        practitioner=practitioner,
        contract=contract,
        kind=kind,
        note=text(note, "说明", "note", max_length=500),
        blacklist=bool(blacklist),
        recorded_by=actor,
    )
    if blacklist:
        Agency.objects.filter(pk=agency.pk).update(status=AgencyStatus.BLACKLISTED, status_reason=violation.note)
    from zwfw.supervision.services import credit_event_record

    credit_event_record(
        actor=actor,
        subject_kind="enterprise",
        subject_id=agency.uscc,
        subject_name=agency.name,
        kind="blacklist" if blacklist else "violation",
        occurred_on=today(),
        note=f"中介服务违规：{violation.get_kind_display()}，{violation.note}"[:500],
        source="platform",
        source_ref=f"intermediary_violation:{violation.pk}",
        check_permission=False,
    )
    if practitioner is not None:
        credit_event_record(
            actor=actor,
            subject_kind="person",
            subject_id=practitioner.id_number,
            kind="violation",
            occurred_on=today(),
            note=f"中介服务从业违规：{violation.get_kind_display()}"[:500],
            source="platform",
            source_ref=f"intermediary_violation:{violation.pk}:practitioner",
            check_permission=False,
        )
    audit_log_write(
        actor=actor,
        action="zwfw.intermediaries.violation.recorded",
        obj=violation,
        after={"agency": agency.uscc, "kind": kind, "blacklist": bool(blacklist)},
    )
    return violation
