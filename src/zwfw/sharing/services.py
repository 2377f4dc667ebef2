"""Every state change of the sharing app: atomic, actor-aware, audited (STYLE.md conventions 1–2).

- :func:`dataset_register`: a department admin registers a dataset of a department in scope.
- :func:`sharing_request_create` / :func:`sharing_request_decide`: a department asks for a dataset
  with a purpose; an admin of the owning department approves or rejects.
- :func:`shared_data_read`: a read through the dataset's connector, allowed only with an approved
  request of the reader's department; *every* attempt (found, not found, source failure) leaves a
  :class:`~zwfw.sharing.models.DataRead` row and an audit row.
- :func:`service_code_issue` / :func:`service_code_revoke` / :func:`service_code_scan`: the
  政务服务码 (亮码办事): five minutes, one holder; a scan needs the holder's consent recorded, and
  every scan (shown, refused for expiry or revocation) is logged.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zwfw.core.identifiers import mask_id_number, validate_uscc
from zwfw.core.models import Department
from zwfw.core.permissions import effective_role, require
from zwfw.core.selectors.accounts import department_by_code
from zwfw.core.selectors.scope import department_scope_q
from zwfw.core.services.audit import audit_log_write
from zwfw.sharing import hooks, permissions
from zwfw.sharing.connectors import ConnectorError, connector_for
from zwfw.sharing.errors import SharingError, SharingErrorCode
from zwfw.sharing.graph import graph_invalidate
from zwfw.sharing.models import (
    Classification,
    ConnectorKind,
    DataRead,
    Dataset,
    RequestStatus,
    ServiceCode,
    ServiceCodeUse,
    SharingRequest,
    System,
    UpdateFrequency,
)

CODE_TTL = dt.timedelta(minutes=5)
TEXT_MAX = 300


def _text(value: str, field: str, *, required: bool = True, max_len: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if (required and not value) or len(value) > max_len:
        raise SharingError(
            SharingErrorCode.BAD_INPUT, detail={"field": field}, field=field, reason=f"不能为空且不超过{max_len}个字符"
        )
    return value


def _in_scope(actor, department: Department) -> bool:
    return Department.objects.filter(pk=department.pk).filter(department_scope_q(actor, "")).exists()


def _own_department(actor) -> Department:
    if actor.department_id is None:
        raise SharingError(SharingErrorCode.NO_DEPARTMENT)
    return actor.department


def mask_subject(subject: str) -> str:
    """A 统一社会信用代码 is public and kept; anything else (a 身份证号) is masked."""
    if validate_uscc(subject).valid:
        return subject
    if len(subject) == 18:
        return mask_id_number(subject)
    return subject[:2] + "*" * max(len(subject) - 4, 0) + subject[-2:]


# ---- catalogue ---------------------------------------------------------------------------------


def system_ensure(*, actor, code: str, name: str, department_code: str, description: str = "") -> System:
    """Create or update a 业务系统 (staff admins of the department, or the system)."""
    if actor is not None:
        require(actor, permissions.DATASET_MANAGE)
    department = department_by_code(code=department_code or "")
    if department is None:
        raise SharingError(
            SharingErrorCode.BAD_INPUT, detail={"field": "department"}, field="建设部门", reason="不存在"
        )
    if actor is not None and not _in_scope(actor, department):
        raise PermissionDenied(f"登记业务系统：{department.name}不在您的管理范围内")
    system, _created = System.objects.update_or_create(
        code=_text(code, "系统编码", max_len=64),
        defaults={"name": _text(name, "系统名称", max_len=128), "department": department, "description": description},
    )
    transaction.on_commit(graph_invalidate)
    return system


def dataset_register(
    *,
    actor,
    code: str,
    name: str,
    department_code: str,
    fields: list[dict] | None = None,
    classification: str = Classification.GENERAL,
    update_frequency: str = UpdateFrequency.DAILY,
    system_code: str = "",
    licence_type: str = "",
    connector_kind: str = ConnectorKind.NONE,
    connector_target: str = "",
) -> Dataset:
    """Register a dataset of ``department_code`` (in the actor's scope) in the data catalogue."""
    if actor is not None:
        require(actor, permissions.DATASET_MANAGE)
    code = _text(code, "数据集编码", max_len=64)
    department = department_by_code(code=department_code or "")
    if department is None:
        raise SharingError(
            SharingErrorCode.BAD_INPUT, detail={"field": "department"}, field="数源部门", reason="不存在"
        )
    if actor is not None and not _in_scope(actor, department):
        raise PermissionDenied(f"登记共享数据集：{department.name}不在您的管理范围内")
    if classification not in Classification.values:
        raise SharingError(
            SharingErrorCode.BAD_INPUT,
            detail={"field": "classification"},
            field="数据分级",
            reason="应为一般/重要/核心",
        )
    if update_frequency not in UpdateFrequency.values:
        raise SharingError(
            SharingErrorCode.BAD_INPUT, detail={"field": "update_frequency"}, field="更新频率", reason="取值不在列表中"
        )
    if connector_kind not in ConnectorKind.values:
        raise SharingError(
            SharingErrorCode.BAD_INPUT, detail={"field": "connector_kind"}, field="接入方式", reason="取值不在列表中"
        )
    clean_fields = []
    for f in fields or []:
        if not isinstance(f, dict) or not str(f.get("name", "")).strip():
            raise SharingError(
                SharingErrorCode.BAD_INPUT, detail={"field": "fields"}, field="数据项", reason="每项须有 name"
            )
        clean_fields.append({"name": str(f["name"]).strip()[:64], "label": str(f.get("label", "")).strip()[:64]})
    system = System.objects.filter(code=system_code).first() if system_code else None
    if system_code and system is None:
        raise SharingError(SharingErrorCode.BAD_INPUT, detail={"field": "system"}, field="来源系统", reason="不存在")
    if Dataset.objects.filter(code=code).exists():
        raise SharingError(SharingErrorCode.DATASET_EXISTS, detail={"code": code}, dataset_code=code)
    with transaction.atomic():
        ds = Dataset.objects.create(
            code=code,
            name=_text(name, "数据集名称", max_len=128),
            department=department,
            system=system,
            fields=clean_fields,
            classification=classification,
            update_frequency=update_frequency,
            licence_type=(licence_type or "").strip()[:64],
            connector_kind=connector_kind,
            connector_target=(connector_target or "").strip()[:300],
        )
        audit_log_write(
            actor=actor,
            action="zwfw.sharing.dataset.registered",
            obj=ds,
            region_code=department.region_id,
            after={"code": ds.code, "department": department.code, "classification": ds.classification},
        )
    transaction.on_commit(graph_invalidate)
    return ds


# ---- requests ----------------------------------------------------------------------------------


def sharing_request_create(*, actor, dataset: Dataset, purpose: str) -> SharingRequest:
    """The actor's department asks for ``dataset``; a purpose is required (422)."""
    require(actor, permissions.REQUEST_CREATE)
    department = _own_department(actor)
    purpose = _text(purpose, "用途")
    with transaction.atomic():
        req = SharingRequest.objects.create(dataset=dataset, department=department, purpose=purpose, requested_by=actor)
        audit_log_write(
            actor=actor,
            action="zwfw.sharing.request.created",
            obj=req,
            region_code=department.region_id,
            after={"dataset": dataset.code, "department": department.code, "purpose": purpose},
        )
    return req


def sharing_request_decide(*, actor, request: SharingRequest, approved: bool, note: str = "") -> SharingRequest:
    """An admin of the owning department (in scope, else 403) approves or rejects a pending request."""
    require(actor, permissions.REQUEST_DECIDE)
    note = _text(note, "审批意见", required=not approved)
    with transaction.atomic():
        req = SharingRequest.objects.select_for_update().select_related("dataset__department").get(pk=request.pk)
        if not _in_scope(actor, req.dataset.department):
            raise PermissionDenied("审批共享申请：数据集的数源部门不在您的管理范围内")
        if req.status != RequestStatus.PENDING:
            raise SharingError(
                SharingErrorCode.NOT_PENDING, detail={"status": req.status}, status=RequestStatus(req.status).label
            )
        req.status = RequestStatus.APPROVED if approved else RequestStatus.REJECTED
        req.decided_by = actor
        req.decided_at = timezone.now()
        req.decision_note = note
        req.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit_log_write(
            actor=actor,
            action="zwfw.sharing.request.approved" if approved else "zwfw.sharing.request.rejected",
            obj=req,
            region_code=req.dataset.department.region_id,
            before={"status": RequestStatus.PENDING},
            after={"status": req.status, "note": note},
        )
    return req


def approved_request(*, dataset: Dataset, department: Department) -> SharingRequest | None:
    return (
        SharingRequest.objects.filter(dataset=dataset, department=department, status=RequestStatus.APPROVED)
        .order_by("-decided_at", "-id")
        .first()
    )


def shared_data_read(*, actor, dataset: Dataset, subject: str, purpose: str, case_number: str = "") -> dict | None:
    """Read one subject's record of ``dataset`` for the actor's department; every attempt is logged.

    Needs ``sharing.data.read`` and an approved request of the actor's department (403
    ``sharing_not_approved``, logged as ``refused``). ``subject`` is a 身份证号 or 统一社会信用代码.
    Returns the record (only the dataset's declared fields when it declares any) or ``None`` when
    the source has no record; a source failure is logged as ``error`` and answers 502.
    """
    require(actor, permissions.DATA_READ)
    department = _own_department(actor)
    subject = (subject or "").strip().upper()
    if not 6 <= len(subject) <= 18 or not subject.isalnum():
        raise SharingError(
            SharingErrorCode.BAD_INPUT,
            detail={"field": "subject"},
            field="查询对象",
            reason="应为身份证号或统一社会信用代码",
        )
    purpose = _text(purpose, "用途")
    case_number = _text(case_number, "办件编号", required=False, max_len=50)
    req = approved_request(dataset=dataset, department=department)

    def log(outcome: str, returned: list[str]) -> None:
        with transaction.atomic():
            row = DataRead.objects.create(
                dataset=dataset,
                request=req,
                actor=actor,
                department=department,
                subject_masked=mask_subject(subject),
                purpose=purpose,
                case_number=case_number,
                outcome=outcome,
                fields_returned=returned,
            )
            audit_log_write(
                actor=actor,
                action="zwfw.sharing.data.read",
                obj=row,
                region_code=department.region_id,
                after={"dataset": dataset.code, "outcome": outcome, "case_number": case_number, "subject": subject},
            )

    if req is None:
        log("refused", [])
        raise SharingError(SharingErrorCode.NOT_APPROVED, detail={"dataset": dataset.code}, dataset=dataset.name)
    try:
        record = connector_for(dataset).fetch(dataset.code, subject)
    except ConnectorError as exc:
        log("error", [])
        raise SharingError(
            SharingErrorCode.CONNECTOR_FAILED, detail={"dataset": dataset.code}, reason=str(exc)
        ) from exc
    if record is None:
        log("not_found", [])
        return None
    declared = [f["name"] for f in dataset.fields or []]
    if declared:
        record = {k: v for k, v in record.items() if k in declared}
    log("ok", sorted(record))
    return record


# ---- 政务服务码 ----------------------------------------------------------------------------------


def service_code_issue(*, actor, ttl: dt.timedelta = CODE_TTL) -> ServiceCode:
    """A fresh code for the applicant ``actor`` (their earlier live codes are revoked)."""
    require(actor, permissions.CODE_ISSUE)
    if not (actor.id_number or actor.uscc):
        raise SharingError(
            SharingErrorCode.BAD_INPUT,
            detail={"field": "holder"},
            field="持码人",
            reason="账号未实名（无身份证号或统一社会信用代码）",
        )
    now = timezone.now()
    with transaction.atomic():
        ServiceCode.objects.filter(holder=actor, revoked_at__isnull=True, expires_at__gt=now).update(revoked_at=now)
        code = ServiceCode.objects.create(
            token=secrets.token_urlsafe(15),
            holder=actor,
            holder_name=actor.display_name or actor.username,
            holder_id_number=(actor.id_number or "").upper() if effective_role(actor) == "person" else "",
            holder_uscc=(actor.uscc or "").upper() if effective_role(actor) == "enterprise" else "",
            expires_at=now + ttl,
        )
        audit_log_write(
            actor=actor,
            action="zwfw.sharing.code.issued",
            obj=code,
            region_code=actor.region_id or "",
            after={"expires_at": code.expires_at},
        )
    return code


def service_code_revoke(*, actor, code: ServiceCode) -> ServiceCode:
    """The holder voids their code before it expires."""
    require(actor, permissions.CODE_ISSUE)
    if code.holder_id != actor.pk:
        raise PermissionDenied("只能作废本人的政务服务码")
    with transaction.atomic():
        if code.revoked_at is None:
            code.revoked_at = timezone.now()
            code.save(update_fields=["revoked_at"])
            audit_log_write(
                actor=actor, action="zwfw.sharing.code.revoked", obj=code, region_code=actor.region_id or ""
            )
    return code


def code_state(code: ServiceCode, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    if code.revoked_at is not None:
        return "revoked"
    if code.expires_at <= now:
        return "expired"
    return "live"


STATE_TEXT = {"revoked": "已作废", "expired": "已过期", "unknown": "无效"}


def service_code_scan(*, actor, token: str, consent: bool, purpose: str) -> dict:
    """A window clerk scans a code: with consent recorded, the holder's licences, open cases and
    matched 惠企政策 items (an enterprise holder's; through the ``matched_policies`` hook).

    Every scan is logged (:class:`ServiceCodeUse`: shown / expired / revoked / no_consent) and
    audited; an unknown token answers 410 like an expired one. Without consent nothing is shown
    (422) and the refusal is logged.
    """
    require(actor, permissions.CODE_SCAN)
    purpose = _text(purpose, "用途", max_len=200)
    code = ServiceCode.objects.filter(token=(token or "").strip()[:32]).first()
    if code is None:
        raise SharingError(SharingErrorCode.CODE_INVALID, detail={"state": "unknown"}, state=STATE_TEXT["unknown"])
    state = code_state(code)
    outcome = "shown" if state == "live" and consent else (state if state != "live" else "no_consent")
    with transaction.atomic():
        use = ServiceCodeUse.objects.create(
            code=code, clerk=actor, department=actor.department, consent=bool(consent), purpose=purpose, outcome=outcome
        )
        audit_log_write(
            actor=actor,
            action="zwfw.sharing.code.scanned",
            obj=use,
            region_code=actor.region_id or "",
            after={"outcome": outcome, "consent": bool(consent), "purpose": purpose},
        )
    if state != "live":
        raise SharingError(SharingErrorCode.CODE_INVALID, detail={"state": state}, state=STATE_TEXT[state])
    if not consent:
        raise SharingError(SharingErrorCode.CONSENT_REQUIRED)
    from zwfw.licences.selectors import licence_holdings_for

    licences = licence_holdings_for(id_number=code.holder_id_number, uscc=code.holder_uscc)
    return {
        "code": code,
        "use": use,
        "holder_name": code.holder_name,
        "holder_identifier": mask_subject(code.holder_id_number or code.holder_uscc),
        "licences": [
            {
                "number": h.number,
                "licence_type": h.type.code,
                "name": h.type.name,
                "issuer": h.issuer_department.name,
                "valid_until": h.valid_until,
            }
            for h in licences
        ],
        "open_cases": hooks.open_cases(id_number=code.holder_id_number, uscc=code.holder_uscc),
        "holder_username": code.holder.username if code.holder_id else "",
        "policies": [
            {**p, "amount_yuan": f"{p['amount_fen'] / 100:,.2f}" if p.get("amount_fen") is not None else None}
            for p in hooks.matched_policies(uscc=code.holder_uscc)
        ],
    }


def shared_data_for_case(
    *, dataset: str, id_number: str, uscc: str, department: Department, case_number: str, purpose: str
) -> tuple[bool, str] | None:
    """免提交 by shared data, for cases: read the applicant's record of the named dataset.

    ``dataset`` is the material's ``shared_data`` (a dataset code or name). ``None`` when no active
    dataset of the catalogue has that code or name: the caller keeps its own rule. Otherwise the
    read runs for the handling ``department`` (actor: the system) and is logged like any other
    (:class:`DataRead` with the case number): it needs an approved request of that department
    (else ``refused``). Returns (exempt, note): exempt only when the source holds a record.
    """
    from django.db.models import Q

    name = (dataset or "").strip()
    subject = (uscc or id_number or "").strip().upper()
    ds = Dataset.objects.filter(is_active=True).filter(Q(code=name) | Q(name=name)).first() if name else None
    if ds is None or not subject:
        return None
    req = approved_request(dataset=ds, department=department)
    outcome, record = "refused", None
    if req is not None:
        try:
            record = connector_for(ds).fetch(ds.code, subject)
            outcome = "ok" if record is not None else "not_found"
        except ConnectorError:
            outcome = "error"
    with transaction.atomic():
        row = DataRead.objects.create(
            dataset=ds,
            request=req,
            actor=None,
            department=department,
            subject_masked=mask_subject(subject),
            purpose=purpose[:300] or "办件免提交材料核验",
            case_number=case_number[:50],
            outcome=outcome,
            fields_returned=sorted(record) if record else [],
        )
        audit_log_write(
            actor=None,
            action="zwfw.sharing.data.read",
            obj=row,
            region_code=department.region_id,
            after={"dataset": ds.code, "outcome": outcome, "case_number": case_number, "subject": subject},
        )
    notes = {
        "ok": f"已调用共享数据集“{ds.name}”（{ds.code}，调用记录 {row.pk}），无需提交",
        "not_found": f"共享数据集“{ds.name}”中没有申请人的记录，请提交材料",
        "refused": f"本部门尚未获批共享数据集“{ds.name}”，请提交材料",
        "error": f"共享数据集“{ds.name}”暂不可用，请提交材料",
    }
    return outcome == "ok", notes[outcome]
