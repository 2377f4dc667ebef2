"""互联网+监管 API under ``/api/v1/supervision/``: the same services and selectors as the pages.

``POST inbox`` is the webhook a remote cases deployment posts its 审管联动 events to (idempotent
on ``event_key``: a repeated delivery answers 200 with ``created: false``).
"""

from __future__ import annotations

from ninja import Query, Router
from ninja.responses import Status

from zwfw.core.api import ErrorOut
from zwfw.core.identifiers import mask_id_number
from zwfw.core.permissions import require
from zwfw.supervision import permissions as perms
from zwfw.supervision import selectors, services
from zwfw.supervision.schemas import (
    CloseIn,
    CountOut,
    CreditEventIn,
    CreditEventOut,
    CreditImportIn,
    DrawIn,
    GradeOut,
    InboxEventOut,
    InboxIn,
    ItemIn,
    ItemOut,
    PlanIn,
    PlanOut,
    PledgeCheckIn,
    PledgeCheckOut,
    PublicPlanOut,
    ReceiveOut,
    RepairIn,
    RepairOut,
    RepairReviewIn,
    ResultIn,
    WarningOut,
)

router = Router(tags=["supervision"])

_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _event_out(e) -> dict:
    return {
        "id": e.pk,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "case_number": e.case_number,
        "item_code": e.item_code,
        "item_name": e.item_name,
        "department": e.department.code,
        "subject_name": e.subject_name if e.applicant_kind != "person" else "",
        "uscc": e.uscc,
        "decision": e.decision,
        "decision_label": e.get_decision_display() if e.decision else "",
        "received_at": e.received_at,
        "sign_due": e.sign_due,
        "signed_at": e.signed_at,
        "result": e.result,
        "result_note": e.result_note,
    }


def _check_out(c) -> dict:
    return {
        "id": c.pk,
        "case_number": c.event.case_number,
        "item_name": c.event.item_name,
        "department": c.department.code,
        "pledge_text": c.pledge_text,
        "materials": c.materials,
        "due_date": c.due_date,
        "status": c.status,
        "method": c.method,
        "result": c.result,
        "checked_at": c.checked_at,
        "revoked": c.revoked,
    }


def _credit_out(e) -> dict:
    return {
        "id": e.pk,
        "subject_kind": e.subject_kind,
        "subject_id": mask_id_number(e.subject_id) if e.subject_kind == "person" else e.subject_id,
        "subject_name": e.subject_name if e.subject_kind == "enterprise" else "",
        "kind": e.kind,
        "severity": e.severity,
        "source": e.source,
        "occurred_on": e.occurred_on,
        "note": e.note,
        "repaired": e.repaired_at is not None,
    }


def _repair_out(r) -> dict:
    return {
        "id": r.pk,
        "event_id": r.event_id,
        "status": r.status,
        "reason": r.reason,
        "review_note": r.review_note,
        "created_at": r.created_at,
    }


def _plan_out(plan, *, with_tasks: bool = True) -> dict:
    tasks = list(selectors.inspection_tasks_of(plan)) if with_tasks else []
    reproduced = None
    if with_tasks and plan.seed is not None:
        stored = [(t.entity_id, sorted(i.pk for i in t.inspectors.all())) for t in tasks]
        again = [(r["entity"], sorted(r["inspectors"])) for r in selectors.inspection_plan_redraw(plan)]
        reproduced = stored == again
    return {
        "id": plan.pk,
        "name": plan.name,
        "department": plan.department.code,
        "joint_departments": [d.code for d in plan.joint_departments.all()],
        "entity_count": plan.entity_count,
        "inspectors_per_entity": plan.inspectors_per_entity,
        "status": plan.status,
        "seed": None if plan.seed is None else str(plan.seed),
        "reproduced": reproduced,
        "tasks": [
            {
                "id": t.pk,
                "entity_name": t.entity.name,
                "subject_id": t.entity.subject_id
                if t.entity.subject_kind == "enterprise"
                else mask_id_number(t.entity.subject_id),
                "inspectors": [i.name for i in t.inspectors.all()],
                "result": t.result,
                "result_note": t.result_note,
                "rectify_due": t.rectify_due,
            }
            for t in tasks
        ],
    }


# ---- inbox -----------------------------------------------------------------------------------


@router.post(
    "/inbox",
    response={200: ReceiveOut, 201: ReceiveOut, **_ERRORS},
    operation_id="supervision_inbox_receive",
    summary="接收审管联动推送（远程部署的办件系统调用；按 event_key 幂等）",
    url_name="supervision_inbox_receive",
)
def inbox_receive(request, payload: InboxIn):
    require(request.auth, perms.INBOX_RECEIVE)
    data = payload.dict(exclude_none=True)
    key = data.pop("event_key")
    event, created = services.inbox_receive(source_key=key, payload=data, actor=request.auth)
    return Status(201 if created else 200, {"id": event.pk, "created": created})


@router.get(
    "/inbox",
    response={200: list[InboxEventOut], **_ERRORS},
    operation_id="supervision_inbox_list",
    summary="审管联动收件箱（本部门及下级）",
    url_name="supervision_inbox_list",
)
def inbox_list(request, kind: str | None = None, result: str | None = None, limit: int = Query(50, ge=1, le=200)):
    require(request.auth, perms.INBOX_VIEW)
    return [_event_out(e) for e in selectors.inbox_list(user=request.auth, kind=kind, result=result)[:limit]]


@router.post(
    "/inbox/{int:event_id}/sign",
    response={200: InboxEventOut, **_ERRORS},
    operation_id="supervision_inbox_sign",
    summary="签收审管联动事件",
    url_name="supervision_inbox_sign",
)
def inbox_sign(request, event_id: int):
    event = selectors.inbox_event_get_for(user=request.auth, event_id=event_id)
    return _event_out(services.inbox_event_sign(actor=request.auth, event=event))


@router.post(
    "/inbox/{int:event_id}/close",
    response={200: InboxEventOut, **_ERRORS},
    operation_id="supervision_inbox_close",
    summary="审管联动事件办结：纳入监管或无需监管",
    url_name="supervision_inbox_close",
)
def inbox_close(request, event_id: int, payload: CloseIn):
    event = selectors.inbox_event_get_for(user=request.auth, event_id=event_id)
    return _event_out(
        services.inbox_event_close(actor=request.auth, event=event, result=payload.result, note=payload.note)
    )


@router.get(
    "/pledges",
    response={200: list[PledgeCheckOut], **_ERRORS},
    operation_id="supervision_pledge_list",
    summary="告知承诺核查任务",
    url_name="supervision_pledge_list",
)
def pledge_list(request, status: str | None = None, limit: int = Query(50, ge=1, le=200)):
    require(request.auth, perms.INBOX_VIEW)
    return [_check_out(c) for c in selectors.pledge_check_list(user=request.auth, status=status)[:limit]]


@router.post(
    "/pledges/{int:check_id}",
    response={200: PledgeCheckOut, **_ERRORS},
    operation_id="supervision_pledge_check",
    summary="记录告知承诺核查结果（属实/不实；不实撤销审批决定并记入信用）",
    url_name="supervision_pledge_check",
)
def pledge_check(request, check_id: int, payload: PledgeCheckIn):
    check = selectors.pledge_check_get_for(user=request.auth, check_id=check_id)
    done = services.pledge_check_complete(
        actor=request.auth, check=check, truthful=payload.truthful, method=payload.method, result=payload.result
    )
    return _check_out(done)


# ---- items -----------------------------------------------------------------------------------


def _item_out(i) -> dict:
    return {
        "id": i.pk,
        "code": i.code,
        "name": i.name,
        "department": i.department.code,
        "catalog_codes": i.catalog_codes,
        "basis": i.basis,
        "method": i.method,
        "frequency_per_year": i.frequency_per_year,
    }


@router.get(
    "/items",
    response={200: list[ItemOut], **_ERRORS},
    operation_id="supervision_item_list",
    summary="监管事项清单",
    url_name="supervision_item_list",
)
def item_list(request):
    require(request.auth, perms.ITEM_MANAGE)
    return [_item_out(i) for i in selectors.supervision_item_list(user=request.auth)[:500]]


@router.post(
    "/items",
    response={201: ItemOut, **_ERRORS},
    operation_id="supervision_item_create",
    summary="新增监管事项（关联一个或多个审批事项）",
    url_name="supervision_item_create",
)
def item_create(request, payload: ItemIn):
    item = services.supervision_item_create(
        actor=request.auth,
        code=payload.code,
        name=payload.name,
        department_code=payload.department,
        catalog_codes=payload.catalog_codes,
        basis=payload.basis,
        method=payload.method,
        frequency_per_year=payload.frequency_per_year,
    )
    return Status(201, _item_out(item))


# ---- credit ----------------------------------------------------------------------------------


@router.get(
    "/credit/grade",
    response={200: GradeOut, **_ERRORS},
    operation_id="supervision_credit_grade",
    summary="信用等级（A/B/C/D）及依据、信用+容缺和告知承诺适用",
    url_name="supervision_credit_grade",
)
def credit_grade(
    request, subject: str = Query(..., min_length=1, max_length=18, description="统一社会信用代码或身份证号")
):
    require(request.auth, perms.CREDIT_VIEW)
    e = selectors.credit_eligibility_for(uscc=subject)  # one key space: a USCC or a 身份证号
    rule_version = selectors.credit_grade_for(uscc=subject).rule_version
    return {
        "grade": e.grade,
        "score": e.score,
        "reasons": e.reasons,
        "rule_version": rule_version,
        "shortfall_eligible": e.shortfall,
        "pledge_eligible": e.pledge,
    }


@router.get(
    "/credit/events",
    response={200: list[CreditEventOut], **_ERRORS},
    operation_id="supervision_credit_events",
    summary="信用事件（监管人员按主体查询；企业和个人查看本人）",
    url_name="supervision_credit_events",
)
def credit_events(request, subject_id: str = Query("", max_length=18), limit: int = Query(50, ge=1, le=500)):
    return [_credit_out(e) for e in selectors.credit_events_for(user=request.auth, subject_id=subject_id)[:limit]]


@router.post(
    "/credit/events",
    response={201: CreditEventOut, **_ERRORS},
    operation_id="supervision_credit_event_create",
    summary="记录信用事件（违法违规、失信名单、良好记录等）",
    url_name="supervision_credit_event_create",
)
def credit_event_create(request, payload: CreditEventIn):
    event = services.credit_event_record(
        actor=request.auth,
        subject_kind=payload.subject_kind,
        subject_id=payload.subject_id,
        subject_name=payload.subject_name,
        kind=payload.kind,
        severity=payload.severity,
        occurred_on=payload.occurred_on,
        note=payload.note,
        department=getattr(request.auth, "department", None),
    )
    return Status(201, _credit_out(event))


@router.post(
    "/credit/import",
    response={201: CountOut, **_ERRORS},
    operation_id="supervision_credit_import",
    summary="批量导入信用事件（全部校验通过才写入）",
    url_name="supervision_credit_import",
)
def credit_import(request, payload: CreditImportIn):
    return Status(201, {"count": services.credit_events_import(actor=request.auth, rows=payload.rows)})


@router.post(
    "/credit/events/{int:event_id}/repair",
    response={201: RepairOut, **_ERRORS},
    operation_id="supervision_credit_repair_request",
    summary="申请信用修复（本人或本企业的记录）",
    url_name="supervision_credit_repair_request",
)
def repair_request(request, event_id: int, payload: RepairIn):
    event = selectors.credit_event_get_for(user=request.auth, event_id=event_id)
    return Status(
        201, _repair_out(services.credit_repair_request(actor=request.auth, event=event, reason=payload.reason))
    )


@router.get(
    "/credit/repairs",
    response={200: list[RepairOut], **_ERRORS},
    operation_id="supervision_credit_repair_list",
    summary="信用修复申请",
    url_name="supervision_credit_repair_list",
)
def repair_list(request, status: str | None = None, limit: int = Query(50, ge=1, le=200)):
    return [_repair_out(r) for r in selectors.credit_repair_list(user=request.auth, status=status)[:limit]]


@router.post(
    "/credit/repairs/{int:repair_id}",
    response={200: RepairOut, **_ERRORS},
    operation_id="supervision_credit_repair_review",
    summary="审核信用修复申请",
    url_name="supervision_credit_repair_review",
)
def repair_review(request, repair_id: int, payload: RepairReviewIn):
    repair = selectors.credit_repair_get_for(user=request.auth, repair_id=repair_id)
    return _repair_out(
        services.credit_repair_review(actor=request.auth, repair=repair, approve=payload.approve, note=payload.note)
    )


# ---- 双随机一公开 ---------------------------------------------------------------------------


@router.get(
    "/plans",
    response={200: list[PlanOut], **_ERRORS},
    operation_id="supervision_plan_list",
    summary="双随机抽查计划",
    url_name="supervision_plan_list",
)
def plan_list(request):
    require(request.auth, perms.INSPECTION_MANAGE)
    return [_plan_out(p, with_tasks=False) for p in selectors.inspection_plan_list(user=request.auth)[:200]]


@router.post(
    "/plans",
    response={201: PlanOut, **_ERRORS},
    operation_id="supervision_plan_create",
    summary="新建双随机抽查计划（可联合多个部门）",
    url_name="supervision_plan_create",
)
def plan_create(request, payload: PlanIn):
    item = None
    if payload.item_code:
        item = selectors.supervision_item_list(user=request.auth).filter(code=payload.item_code).first()
        if item is None:
            from zwfw.supervision.services._base import bad

            raise bad("监管事项", f"“{payload.item_code}”不存在或不在您的范围内", "item_code")
    plan = services.inspection_plan_create(
        actor=request.auth,
        name=payload.name,
        department_code=payload.department,
        entity_count=payload.entity_count,
        inspectors_per_entity=payload.inspectors_per_entity,
        joint_department_codes=payload.joint_departments,
        item=item,
    )
    return Status(201, _plan_out(plan))


@router.get(
    "/plans/{int:plan_id}",
    response={200: PlanOut, **_ERRORS},
    operation_id="supervision_plan_detail",
    summary="抽查计划详情（含按记录的种子重新计算的复核结果）",
    url_name="supervision_plan_detail",
)
def plan_detail(request, plan_id: int):
    return _plan_out(selectors.inspection_plan_get_for(user=request.auth, plan_id=plan_id))


@router.post(
    "/plans/{int:plan_id}/draw",
    response={200: PlanOut, **_ERRORS},
    operation_id="supervision_plan_draw",
    summary="双随机抽取（记录随机种子，可复现）",
    url_name="supervision_plan_draw",
)
def plan_draw(request, plan_id: int, payload: DrawIn):
    plan = selectors.inspection_plan_get_for(user=request.auth, plan_id=plan_id)
    return _plan_out(services.inspection_plan_draw(actor=request.auth, plan=plan, seed=payload.seed))


@router.post(
    "/plans/{int:plan_id}/publish",
    response={200: PlanOut, **_ERRORS},
    operation_id="supervision_plan_publish",
    summary="公示抽查结果",
    url_name="supervision_plan_publish",
)
def plan_publish(request, plan_id: int):
    plan = selectors.inspection_plan_get_for(user=request.auth, plan_id=plan_id)
    return _plan_out(services.inspection_plan_publish(actor=request.auth, plan=plan))


@router.post(
    "/tasks/{int:task_id}/result",
    response={200: PlanOut, **_ERRORS},
    operation_id="supervision_task_result",
    summary="录入检查结果",
    url_name="supervision_task_result",
)
def task_result(request, task_id: int, payload: ResultIn):
    task = selectors.inspection_task_get_for(user=request.auth, task_id=task_id)
    services.inspection_task_record(actor=request.auth, task=task, result=payload.result, note=payload.note)
    return _plan_out(task.plan)


@router.get(
    "/public/plans/{int:plan_id}",
    auth=None,
    response={200: PublicPlanOut, 404: ErrorOut},
    operation_id="supervision_public_plan",
    summary="抽查结果公示（公开，不含个人信息）",
    url_name="supervision_public_plan",
)
def public_plan(request, plan_id: int):
    plan = selectors.published_plan_get(plan_id=plan_id)
    return {
        "id": plan.pk,
        "name": plan.name,
        "department": plan.department.name,
        "published_at": plan.published_at,
        "seed": str(plan.seed),
        "rows": selectors.published_results(plan),
    }


@router.get(
    "/warnings",
    response={200: list[WarningOut], **_ERRORS},
    operation_id="supervision_warnings",
    summary="监测预警：按部门和事项的超期、逾期、不予率异常",
    url_name="supervision_warnings",
)
def warnings(request):
    require(request.auth, perms.WARNING_VIEW)
    return [
        {**r.__dict__, "refusal_rate": round(r.refusal_rate, 4), "refusal_abnormal": r.refusal_abnormal}
        for r in selectors.warnings_for(user=request.auth)
    ]
