"""Cases API under ``/api/v1/cases/``: thin handlers over the selectors and services.

Cases are fetched through :func:`zwfw.cases.selectors.case_get_for` (404 outside one's scope);
writes call one service each, which checks the role (403), the state (409 naming it in Chinese)
and the input (422). Every action body may carry the ``row_version`` the client read: when the
case changed since, the answer is 409 ``case_conflict`` naming the state it is in now.
"""

from __future__ import annotations

import datetime as dt

from ninja import File, Form, Query, Router, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.throttling import AnonRateThrottle
from pydantic import ValidationError as PydanticValidationError

from zwfw.cases import permissions as perms
from zwfw.cases import selectors, services
from zwfw.cases.errors import CaseError, CaseErrorCode, conflict
from zwfw.cases.models import Case, CaseStep
from zwfw.cases.schemas import (
    ActionIn,
    ApplyIn,
    CaseDetailOut,
    CasePageOut,
    ChildrenIn,
    ClockResumeIn,
    ClockStopIn,
    ConsultationIn,
    ConsultationOut,
    CorrectionIn,
    DecideIn,
    DeliverIn,
    ErrorOut,
    ExtendIn,
    LookupOut,
    MaterialOut,
    PledgeIn,
    QueueStepOut,
    RefuseIn,
    ResubmitIn,
    ShortfallIn,
    StepCompleteIn,
    SupervisionOut,
    VerificationOut,
    VerifyIn,
    WindowQueueOut,
)
from zwfw.cases.transitions import available_actions
from zwfw.core import pii
from zwfw.core.labels import choice_label
from zwfw.core.pagination import MAX_OFFSET
from zwfw.core.permissions import require

router = Router(tags=["cases"])

_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


# ---- output builders ---------------------------------------------------------------------------


def case_out(case: Case) -> dict:
    return {
        "id": case.pk,
        "number": case.number,
        "item_name": case.item_name,
        "implementation_code": getattr(case, "zwfw_impl_code", None) or case.implementation.code,
        "version_number": getattr(case, "zwfw_version_number", None) or case.version.number,
        "department": case.department.code,
        "department_name": case.department.name,
        "region": case.region_id,
        "channel": case.channel,
        "status": case.status,
        "status_label": str(choice_label(case, "status")),
        "row_version": case.row_version,
        "applicant_kind": case.applicant_kind,
        "applicant_name": case.applicant_name,
        "submitted_at": case.submitted_at,
        "accepted_at": case.accepted_at,
        "due_date": case.due_date,
        "is_overdue": case.is_overdue,
        "warning_level": case.warning_level,
        "clock_stopped": case.clock_stopped,
        "decision": case.decision,
        "decided_at": case.decided_at,
        "completed_at": case.completed_at,
        "parent_id": case.parent_id,
        "extension_workdays": case.extension_workdays,
        "delivery_due_date": case.delivery_due_date,
        "cross_region": case.cross_region,
        "intake_region": case.intake_region_id,
        "intake_department": case.intake_department.code if case.intake_department_id else None,
    }


def step_out(step: CaseStep) -> dict:
    return {
        "id": step.pk,
        "key": step.key,
        "name": step.name,
        "kind": step.kind,
        "role": step.role,
        "department": getattr(step, "zwfw_department_code", None) or step.department.code,
        "department_name": getattr(step, "zwfw_department_name", None) or step.department.name,
        "status": step.status,
        "status_label": str(choice_label(step, "status")),
        "gb_status_code": step.gb_status_code,
        "stops_clock": step.stops_clock,
        "predecessors": list(step.predecessors),
        "started_at": step.started_at,
        "finished_at": step.finished_at,
        "action": step.action,
        "opinion": step.opinion,
        "due_date": step.due_date,
        "is_overdue": step.is_overdue,
    }


def _material_out(m) -> dict:
    return {
        "key": m.key,
        "name": m.name,
        "required": m.required,
        "shortfall_allowed": m.shortfall_allowed,
        "pledge_allowed": m.pledge_allowed,
        "source": m.source,
        "status": m.status,
        "status_label": str(choice_label(m, "status")),
        "exempt": m.is_exempt,
        "exemption_note": m.exemption_note,
        "licence_number": m.licence_number,
        "original_name": m.original_name,
        "size": m.size,
        "content_type": m.content_type,
        "sha256": m.sha256,
    }


def case_detail_out(case: Case, user) -> dict:
    own = case.applicant_id == getattr(user, "pk", None)
    try:
        delivery = case.delivery
    except Case.delivery.RelatedObjectDoesNotExist:
        delivery = None
    return {
        **case_out(case),
        "verify_code": case.verify_code if own else None,
        # personal fields: masked by CaseDetailOut (zwfw.core.pii) unless _detail granted them
        "applicant_id_number": case.applicant_id_number,
        "applicant_uscc": case.applicant_uscc,
        "contact_phone": case.contact_phone,
        "form_data": case.form_data,
        "deemed_accepted": case.deemed_accepted,
        "deemed_reason": case.deemed_reason,
        "with_shortfall": case.with_shortfall,
        "on_pledge": case.on_pledge,
        "refusal_reason": case.refusal_reason,
        "decision_reason": case.decision_reason,
        "legal_basis": case.legal_basis,
        "result_licence_type": case.result_licence_type,
        "result_licence_number": case.result_licence_number,
        "stopped_workdays": case.stopped_workdays,
        "extended_at": case.extended_at,
        "extension_reason": case.extension_reason,
        "materials": [_material_out(m) for m in case.materials.all()],
        "steps": [step_out(s) for s in case.steps.all()],
        "clock_stops": [
            {
                "kind": s.kind,
                "kind_label": str(choice_label(s, "kind")),
                "reason": s.reason,
                "started_on": s.started_on,
                "ended_on": s.ended_on,
                "workdays": s.workdays,
            }
            for s in case.clock_stops.all()
        ],
        "corrections": [
            {
                "items": n.items,
                "note": n.note,
                "issued_at": n.issued_at,
                "deadline": n.deadline,
                "resolved_at": n.resolved_at,
            }
            for n in case.correction_notices.all()
        ],
        "shortfall": [
            {
                "materials": p.materials,
                "due_date": p.due_date,
                "fulfilled_at": p.fulfilled_at,
                "is_overdue": p.is_overdue,
                "reminded_at": p.reminded_at,
            }
            for p in case.shortfall_pledges.all()
        ],
        "delivery": None
        if delivery is None
        else {
            "method": delivery.method,
            "tracking_number": delivery.tracking_number,
            "carrier": delivery.carrier,
            "handed_out_at": delivery.handed_out_at,
        },
        "children": selectors.case_children_progress(parent=case)
        if getattr(case, "zwfw_has_children", None)
        or (getattr(case, "zwfw_has_children", None) is None and case.children.exists())
        else None,
        "timeline": selectors.case_timeline(case),
        # the actions the caller may take now (the transition table), e.g. ["withdraw", "upload"]
        "actions": list(available_actions(case, user)),
    }


def _case(request, case_id: int, payload: ActionIn | None = None, *, perm: str = perms.VIEW) -> Case:
    """The case by id for an action: the role first (403), then the scope (404), then the
    ``row_version`` the client read (409)."""
    require(request.auth, perm)
    case = selectors.case_get_for(user=request.auth, case_id=case_id)
    if payload is not None and payload.row_version is not None and payload.row_version != case.row_version:
        raise conflict(status=case.status)
    return case


def _detail(request, case_id: int) -> dict:
    case = selectors.case_detail_api_for(user=request.auth, case_id=case_id)
    pii.grant(request, pii.entitled(request.auth, case.applicant_id))
    return case_detail_out(case, request.auth)


# ---- public lookup (before the {case_id} routes) -------------------------------------------------


@router.get(
    "/lookup",
    auth=None,
    throttle=[AnonRateThrottle("30/m")],
    response={200: LookupOut, **_ERRORS, 429: ErrorOut},
    operation_id="cases_public_lookup",
    summary="办件进度公开查询（办件编号+查询码；不含个人信息）",
    url_name="cases_lookup",
)
def lookup(request, number: str = Query(..., max_length=50), code: str = Query(..., max_length=6)):
    return selectors.case_public_lookup(number=number, verify_code=code)


# ---- apply and read -----------------------------------------------------------------------------


@router.post(
    "",
    response={201: CaseDetailOut, **_ERRORS},
    operation_id="cases_apply",
    summary="提交办件申请（JSON；须提交的材料请用 POST /cases/multipart 同时上传）",
    url_name="cases_apply",
)
def apply(request, payload: ApplyIn):
    return _apply(request, payload)


def _apply(request, payload: ApplyIn, *, uploads=None):
    on_behalf_of = None
    if payload.on_behalf_of is not None:
        from zwfw.core.selectors.accounts import user_get_for

        require(request.auth, perms.APPLY)
        on_behalf_of = user_get_for(user=request.auth, user_id=payload.on_behalf_of)
    case = services.case_apply(
        actor=request.auth,
        implementation_code=payload.implementation_code,
        channel=payload.channel,
        form_data=payload.form_data,
        on_behalf_of=on_behalf_of,
        cross_region=payload.cross_region,
        contact_phone=payload.contact_phone,
        postal_address=payload.postal_address,
        postal_code=payload.postal_code,
        uploads=uploads,
    )
    return Status(201, _detail(request, case.pk))


MAX_APPLY_FILES = 50  # material files in one multipart application (a checklist is shorter)


@router.post(
    "/multipart",
    response={201: CaseDetailOut, **_ERRORS},
    operation_id="cases_apply_multipart",
    summary="提交办件申请并同时上传材料（multipart：application=申请JSON；每份材料一个文件字段，字段名为材料key）",
    url_name="cases_apply_multipart",
)
def apply_multipart(request, application: str = Form(..., max_length=100_000)):
    """The same application as ``POST /cases`` with the required materials in the same request:
    the field ``application`` holds the JSON body of ``POST /cases``; every other part is a file
    whose field name is a material key of the item's checklist (422 ``case_unknown_material``
    otherwise). Nothing is kept when anything is refused (one transaction)."""
    try:
        payload = ApplyIn.model_validate_json(application)
    except PydanticValidationError as exc:
        raise NinjaValidationError(
            [{**e, "loc": ("form", "application", *e.get("loc", ()))} for e in exc.errors(include_url=False)]
        ) from None
    files = {key: request.FILES[key] for key in request.FILES}
    if len(files) > MAX_APPLY_FILES:
        raise CaseError(CaseErrorCode.UPLOAD_INVALID, detail={"files": len(files)}, reason="一次提交的文件过多")
    return _apply(request, payload, uploads=files)


@router.post(
    "/{int:case_id}/materials/{key}",
    response={200: MaterialOut, **_ERRORS},
    operation_id="cases_material_upload",
    summary="上传办件材料（multipart：file；PDF/JPG/PNG/OFD）",
    url_name="cases_material_upload",
)
def material_upload(request, case_id: int, key: str, file: UploadedFile = File(...)):  # noqa: B008
    material = services.case_material_upload(
        actor=request.auth, case=_case(request, case_id, perm=perms.UPLOAD), key=key, upload=file
    )
    return _material_out(material)


@router.get(
    "",
    response={200: CasePageOut, **_ERRORS},
    operation_id="cases_list",
    summary="办件列表（申请人：本人办件；工作人员：管辖范围内）",
    url_name="cases_list",
)
def case_list(
    request,
    status: str | None = None,
    overdue: bool | None = None,
    channel: str | None = None,
    q: str | None = Query(None, max_length=50),
    mine: bool = False,
    limit: int = Query(20, ge=1, le=200),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    require(request.auth, perms.VIEW)
    qs = selectors.case_list_for(user=request.auth, status=status, overdue=overdue, channel=channel, q=q, mine=mine)
    return {"count": qs.count(), "items": [case_out(c) for c in qs[offset : offset + limit]]}


@router.get(
    "/{int:case_id}",
    response={200: CaseDetailOut, **_ERRORS},
    operation_id="cases_detail",
    summary="办件详情（材料、环节、时限、进度）",
    url_name="cases_detail",
)
def case_detail(request, case_id: int):
    require(request.auth, perms.VIEW)
    return _detail(request, case_id)


# ---- front desk -----------------------------------------------------------------------------------


def _action(route: str, op: str, summary: str):
    return router.post(
        f"/{{int:case_id}}/{route}",
        response={200: CaseDetailOut, **_ERRORS},
        operation_id=f"cases_{op}",
        summary=summary,
        url_name=f"cases_{op}",
    )


@_action("accept", "accept", "受理（收件即受理，开始计时）")
def accept(request, case_id: int, payload: ActionIn):
    services.case_accept(actor=request.auth, case=_case(request, case_id, payload, perm=perms.ACCEPT))
    return _detail(request, case_id)


@_action("refuse", "refuse", "不予受理（须说明理由）")
def refuse(request, case_id: int, payload: RefuseIn):
    services.case_refuse(
        actor=request.auth, case=_case(request, case_id, payload, perm=perms.REFUSE), reason=payload.reason
    )
    return _detail(request, case_id)


@_action("correction", "request_correction", "一次性告知补正（列明全部需补正内容）")
def request_correction(request, case_id: int, payload: CorrectionIn):
    services.case_request_correction(
        actor=request.auth,
        case=_case(request, case_id, payload, perm=perms.CORRECTION),
        items=[i.dict() for i in payload.items],
        note=payload.note,
        deadline=payload.deadline,
    )
    return _detail(request, case_id)


@_action("resubmit", "resubmit", "补正后重新提交")
def resubmit(request, case_id: int, payload: ResubmitIn):
    services.case_resubmit(
        actor=request.auth, case=_case(request, case_id, payload, perm=perms.RESUBMIT), form_data=payload.form_data
    )
    return _detail(request, case_id)


@_action("withdraw", "withdraw", "撤回申请（受理前）")
def withdraw(request, case_id: int, payload: ActionIn):
    services.case_withdraw(actor=request.auth, case=_case(request, case_id, payload, perm=perms.WITHDRAW))
    return _detail(request, case_id)


@_action("shortfall", "accept_with_shortfall", "容缺受理（非关键材料后补，记录承诺与期限）")
def accept_with_shortfall(request, case_id: int, payload: ShortfallIn):
    services.case_accept_with_shortfall(
        actor=request.auth,
        case=_case(request, case_id, payload, perm=perms.SHORTFALL),
        materials=payload.materials,
        pledge_text=payload.pledge_text,
        due_date=payload.due_date,
    )
    return _detail(request, case_id)


@_action("pledge", "accept_on_pledge", "告知承诺受理（窗口收取书面承诺，审批部门作出决定；准予后生成事后核查任务）")
def accept_on_pledge(request, case_id: int, payload: PledgeIn):
    services.case_accept_on_pledge(
        actor=request.auth,
        case=_case(request, case_id, payload, perm=perms.PLEDGE),
        pledge_text=payload.pledge_text,
        materials=payload.materials,
    )
    return _detail(request, case_id)


# ---- workflow, decision, clock, delivery ---------------------------------------------------------------


@router.post(
    "/{int:case_id}/steps/{step}/complete",
    response={200: CaseDetailOut, **_ERRORS},
    operation_id="cases_step_complete",
    summary="办理环节：通过或退回",
    url_name="cases_step_complete",
)
def step_complete(request, case_id: int, step: str, payload: StepCompleteIn):
    from zwfw.cases.services.workflow import step_get

    case = _case(request, case_id, payload, perm=perms.STEP)
    services.case_step_complete(
        actor=request.auth, case=case, step=step_get(case, step), action=payload.action, opinion=payload.opinion
    )
    return _detail(request, case_id)


@_action("decide", "decide", "作出审批决定（准予/不予，不予须说明理由和依据）")
def decide(request, case_id: int, payload: DecideIn):
    services.case_decide(
        actor=request.auth,
        case=_case(request, case_id, payload, perm=perms.DECIDE),
        approved=payload.approved,
        reason=payload.reason,
        legal_basis=payload.legal_basis,
    )
    return _detail(request, case_id)


@_action("clock/stop", "clock_stop", "特别程序开始（暂停计时，《行政许可法》第四十五条）")
def clock_stop(request, case_id: int, payload: ClockStopIn):
    services.case_clock_stop(
        actor=request.auth,
        case=_case(request, case_id, payload, perm=perms.CLOCK),
        kind=payload.kind,
        reason=payload.reason,
        on=payload.on,
    )
    return _detail(request, case_id)


@_action("extend", "extend", "延长审批10个工作日（《行政许可法》第四十二条，负责人批准，仅一次，须在原期限内）")
def extend(request, case_id: int, payload: ExtendIn):
    services.case_extend(
        actor=request.auth, case=_case(request, case_id, payload, perm=perms.EXTEND), reason=payload.reason
    )
    return _detail(request, case_id)


@_action("clock/resume", "clock_resume", "特别程序结束（恢复计时，顺延办结日期）")
def clock_resume(request, case_id: int, payload: ClockResumeIn):
    services.case_clock_resume(
        actor=request.auth,
        case=_case(request, case_id, payload, perm=perms.CLOCK),
        on=payload.on,
        result=payload.result,
    )
    return _detail(request, case_id)


@_action("deliver", "deliver", "送达（窗口领取/邮寄/电子送达）")
def deliver(request, case_id: int, payload: DeliverIn):
    services.case_deliver(
        actor=request.auth,
        case=_case(request, case_id, payload, perm=perms.DELIVER),
        method=payload.method,
        tracking_number=payload.tracking_number,
        carrier=payload.carrier,
        address=payload.address,
    )
    return _detail(request, case_id)


@_action("complete", "complete", "办结")
def complete(request, case_id: int, payload: ActionIn):
    services.case_complete(actor=request.auth, case=_case(request, case_id, payload, perm=perms.COMPLETE))
    return _detail(request, case_id)


@_action("children", "spawn_children", "一件事：生成子件")
def spawn_children(request, case_id: int, payload: ChildrenIn):
    services.case_spawn_children(
        actor=request.auth,
        parent=_case(request, case_id, payload, perm=perms.SPAWN),
        implementation_codes=payload.implementation_codes,
        shared_form_data=payload.shared_form_data,
    )
    return _detail(request, case_id)


# ---- queues and inboxes --------------------------------------------------------------------------------


@router.get(
    "/queues/window",
    response={200: WindowQueueOut, **_ERRORS},
    operation_id="cases_window_queue",
    summary="窗口待办：待受理、补正已提交、待补正、容缺待补、待出件（超期优先）",
    url_name="cases_window_queue",
)
def window_queue(request, limit: int = Query(50, ge=1, le=200)):
    require(request.auth, perms.WINDOW_QUEUE)
    lists = selectors.window_queue(user=request.auth)
    return {name: [case_out(c) for c in qs[:limit]] for name, qs in lists.items()}


@router.get(
    "/queues/review",
    response={200: list[QueueStepOut], **_ERRORS},
    operation_id="cases_review_queue",
    summary="审批待办：本人角色和部门的待办环节（超期优先）",
    url_name="cases_review_queue",
)
def review_queue(request, limit: int = Query(50, ge=1, le=200)):
    require(request.auth, perms.REVIEW_QUEUE)
    steps = selectors.review_queue(user=request.auth)[:limit]
    return [{"step": step_out(s), "case": case_out(s.case)} for s in steps]


def _supervision_out(n) -> dict:
    return {
        "id": n.pk,
        "case_number": n.case.number,
        "department": n.department.code,
        "decision": n.decision,
        "payload": n.payload,
        "created_at": n.created_at,
        "read_at": n.read_at,
        "status": n.status,
        "attempts": n.attempts,
        "last_error": n.last_error,
        "sent_at": n.sent_at,
    }


@router.get(
    "/supervision",
    response={200: list[SupervisionOut], **_ERRORS},
    operation_id="cases_supervision_inbox",
    summary="审管联动收件箱（监管部门）",
    url_name="cases_supervision_inbox",
)
def supervision_inbox(request, unread: bool | None = None, limit: int = Query(50, ge=1, le=200)):
    require(request.auth, perms.SUPERVISION_VIEW)
    return [_supervision_out(n) for n in selectors.supervision_inbox(user=request.auth, unread=unread)[:limit]]


@router.post(
    "/supervision/{int:notice_id}/read",
    response={200: SupervisionOut, **_ERRORS},
    operation_id="cases_supervision_read",
    summary="阅知审管联动通知",
    url_name="cases_supervision_read",
)
def supervision_read(request, notice_id: int):
    require(request.auth, perms.SUPERVISION_VIEW)
    notice = selectors.supervision_notice_get_for(user=request.auth, notice_id=notice_id)
    return _supervision_out(services.supervision_notice_mark_read(actor=request.auth, notice=notice))


def _verification_out(v) -> dict:
    return {
        "id": v.pk,
        "case_number": v.case.number,
        "department": v.department.code,
        "pledge_text": v.pledge_text,
        "materials": v.materials,
        "due_date": v.due_date,
        "status": v.status,
        "result": v.result,
        "verified_at": v.verified_at,
    }


@router.get(
    "/verifications",
    response={200: list[VerificationOut], **_ERRORS},
    operation_id="cases_verification_list",
    summary="告知承诺核查任务（监管部门）",
    url_name="cases_verification_list",
)
def verification_list(request, status: str | None = None, limit: int = Query(50, ge=1, le=200)):
    require(request.auth, perms.VERIFY)
    return [_verification_out(v) for v in selectors.pledge_verification_list(user=request.auth, status=status)[:limit]]


@router.post(
    "/verifications/{int:verification_id}",
    response={200: VerificationOut, **_ERRORS},
    operation_id="cases_verification_complete",
    summary="登记告知承诺核查结果",
    url_name="cases_verification_complete",
)
def verification_complete(request, verification_id: int, payload: VerifyIn):
    require(request.auth, perms.VERIFY)
    v = selectors.pledge_verification_get_for(user=request.auth, verification_id=verification_id)
    v = services.pledge_verification_complete(
        actor=request.auth, verification=v, passed=payload.passed, result=payload.result
    )
    return _verification_out(v)


# ---- consultations ------------------------------------------------------------------------------------


def _consultation_out(c) -> dict:
    return {"id": c.pk, "channel": c.channel, "department": c.department.code, "at": c.at, "topic": c.topic}


@router.post(
    "/consultations",
    response={201: ConsultationOut, **_ERRORS},
    operation_id="cases_consultation_log",
    summary="登记电话/现场咨询（月报咨询人次）",
    url_name="cases_consultation_log",
)
def consultation_log(request, payload: ConsultationIn):
    row = services.consultation_log(
        actor=request.auth, channel=payload.channel, department=payload.department, topic=payload.topic, at=payload.at
    )
    return Status(201, _consultation_out(row))


@router.get(
    "/consultations",
    response={200: list[ConsultationOut], **_ERRORS},
    operation_id="cases_consultation_list",
    summary="咨询登记列表（管辖范围内）",
    url_name="cases_consultation_list",
)
def consultation_list(
    request, start: dt.date | None = None, end: dt.date | None = None, limit: int = Query(100, ge=1, le=500)
):
    require(request.auth, perms.CONSULTATION_VIEW)
    return [_consultation_out(c) for c in selectors.consultation_list(user=request.auth, start=start, end=end)[:limit]]
