"""互联网+监管 pages: the 审管联动 inbox (with 告知承诺核查), 监管事项清单, credit (grade lookup,
records, 信用修复), 双随机 plans, the public results and the early-warning dashboard.

Thin: parse the form, call one service or selector, render. A service error re-renders the page
with the message and its 4xx status; success redirects with a message.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zwfw.core.page_actions import run_action
from zwfw.core.permissions import action_required, can
from zwfw.core.selectors.accounts import department_list
from zwfw.supervision import permissions as perms
from zwfw.supervision import selectors, services
from zwfw.supervision.models import (
    CheckMethod,
    CreditKind,
    EventKind,
    EventResult,
    InspectionResult,
    PledgeStatus,
    RepairStatus,
    SubjectKind,
)

LIMIT = 200


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# ---- inbox -------------------------------------------------------------------------------


def _inbox(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    kind = request.GET.get("kind") or None
    result = request.GET.get("result") or None
    kind = kind if kind in EventKind.values else None
    result = result if result in EventResult.values else None
    events = list(selectors.inbox_list(user=request.user, kind=kind, result=result)[:LIMIT])
    checks = list(selectors.pledge_check_list(user=request.user, status=PledgeStatus.PENDING)[:LIMIT])
    done = list(
        selectors.pledge_check_list(user=request.user).exclude(status=PledgeStatus.PENDING).order_by("-checked_at")[:20]
    )
    ctx = {
        "events": events,
        "unsigned": selectors.inbox_unsigned_count(user=request.user),
        "checks": checks,
        "done": done,
        "kinds": EventKind.choices,
        "results": EventResult.choices,
        "kind": kind or "",
        "result": result or "",
        "methods": [(CheckMethod.ONSITE, CheckMethod.ONSITE.label), (CheckMethod.DATA, CheckMethod.DATA.label)],
        "can_verify": can(request.user, perms.PLEDGE_VERIFY),
        "error": error,
    }
    return render(request, "supervision/inbox.html", ctx, status=status)


@require_GET
@action_required(perms.INBOX_VIEW)
def inbox(request: HttpRequest) -> HttpResponse:
    return _inbox(request)


@require_POST
@action_required(perms.INBOX_SIGN)
def event_sign(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.inbox_event_get_for(user=request.user, event_id=event_id)

    def act() -> str:
        services.inbox_event_sign(actor=request.user, event=event)
        return f"已签收：{event.case_number}"

    return run_action(request, act, lambda m, s: _inbox(request, error=m, status=s), reverse("supervision:inbox"))


@require_POST
@action_required(perms.INBOX_SIGN)
def event_close(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.inbox_event_get_for(user=request.user, event_id=event_id)

    def act() -> str:
        services.inbox_event_close(
            actor=request.user, event=event, result=request.POST.get("result", ""), note=request.POST.get("note", "")
        )
        return f"已处理：{event.case_number}"

    return run_action(request, act, lambda m, s: _inbox(request, error=m, status=s), reverse("supervision:inbox"))


@require_POST
@action_required(perms.PLEDGE_VERIFY)
def pledge_check(request: HttpRequest, check_id: int) -> HttpResponse:
    check = selectors.pledge_check_get_for(user=request.user, check_id=check_id)

    def act() -> str:
        verdict = request.POST.get("verdict", "")
        if verdict not in ("true", "untrue"):
            from zwfw.supervision.services._base import bad

            raise bad("核查结论", "请选择属实或不实", "verdict")
        services.pledge_check_complete(
            actor=request.user,
            check=check,
            truthful=verdict == "true",
            method=request.POST.get("method", ""),
            result=request.POST.get("result", ""),
        )
        return f"核查结果已记录：{check.event.case_number}"

    return run_action(request, act, lambda m, s: _inbox(request, error=m, status=s), reverse("supervision:inbox"))


# ---- 监管事项清单 --------------------------------------------------------------------------


def _items(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    ctx = {
        "items": list(selectors.supervision_item_list(user=request.user)[:LIMIT]),
        "departments": list(department_list(user=request.user)[:LIMIT]),
        "methods": CheckMethod.choices,
        "error": error,
        "form": request.POST if error else {},
    }
    return render(request, "supervision/items.html", ctx, status=status)


@action_required(perms.ITEM_MANAGE)
def items(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _items(request)
    p = request.POST

    def act() -> str:
        item = services.supervision_item_create(
            actor=request.user,
            code=p.get("code", ""),
            name=p.get("name", ""),
            department_code=p.get("department", ""),
            catalog_codes=p.get("catalog_codes", "").replace("，", ",").split(","),
            basis=p.get("basis", ""),
            method=p.get("method", ""),
            frequency_per_year=_int(p.get("frequency_per_year"), -1),
        )
        return f"已新增监管事项：{item.name}"

    return run_action(request, act, lambda m, s: _items(request, error=m, status=s), reverse("supervision:items"))


# ---- credit --------------------------------------------------------------------------------


def _credit(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    subject = (request.GET.get("subject") or "").strip().upper()
    grade = None
    events = []
    if subject:
        grade = selectors.credit_grade_for(uscc=subject)  # one key space: a USCC or a 身份证号
        events = list(selectors.credit_events_for(user=request.user, subject_id=subject)[:LIMIT])
    ctx = {
        "subject": subject,
        "grade": grade,
        "events": events,
        "recent": list(selectors.credit_events_for(user=request.user)[:20]),
        "repairs": list(selectors.credit_repair_list(user=request.user, status=RepairStatus.PENDING)[:LIMIT]),
        "kinds": CreditKind.choices,
        "subject_kinds": SubjectKind.choices,
        "can_record": can(request.user, perms.CREDIT_RECORD),
        "can_review": can(request.user, perms.REPAIR_REVIEW),
        "error": error,
    }
    return render(request, "supervision/credit.html", ctx, status=status)


@require_GET
@action_required(perms.CREDIT_VIEW)
def credit(request: HttpRequest) -> HttpResponse:
    return _credit(request)


@require_POST
@action_required(perms.CREDIT_RECORD)
def credit_record(request: HttpRequest) -> HttpResponse:
    p = request.POST

    def act() -> str:
        event = services.credit_event_record(
            actor=request.user,
            subject_kind=p.get("subject_kind", ""),
            subject_id=p.get("subject_id", ""),
            subject_name=p.get("subject_name", ""),
            kind=p.get("kind", ""),
            severity=_int(p.get("severity"), 0),
            occurred_on=p.get("occurred_on", ""),
            note=p.get("note", ""),
            department=request.user.department,
        )
        return f"已记录信用事件：{event.get_kind_display()}"

    return run_action(request, act, lambda m, s: _credit(request, error=m, status=s), reverse("supervision:credit"))


@require_POST
@action_required(perms.REPAIR_REVIEW)
def repair_review(request: HttpRequest, repair_id: int) -> HttpResponse:
    repair = selectors.credit_repair_get_for(user=request.user, repair_id=repair_id)

    def act() -> str:
        services.credit_repair_review(
            actor=request.user,
            repair=repair,
            approve=request.POST.get("approve") == "1",
            note=request.POST.get("note", ""),
        )
        return "信用修复申请已审核"

    return run_action(request, act, lambda m, s: _credit(request, error=m, status=s), reverse("supervision:credit"))


def _my_credit(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    user = request.user
    grade = selectors.credit_grade_for(uscc=user.uscc or None, id_number=None if user.uscc else user.id_number or None)
    ctx = {
        "grade": grade,
        "events": list(selectors.credit_events_for(user=user)[:LIMIT]),
        "repairs": list(selectors.credit_repair_list(user=user)[:LIMIT]),
        "error": error,
    }
    return render(request, "supervision/my_credit.html", ctx, status=status)


@require_GET
@action_required(perms.REPAIR_REQUEST)
def my_credit(request: HttpRequest) -> HttpResponse:
    return _my_credit(request)


@require_POST
@action_required(perms.REPAIR_REQUEST)
def repair_request(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.credit_event_get_for(user=request.user, event_id=event_id)

    def act() -> str:
        services.credit_repair_request(actor=request.user, event=event, reason=request.POST.get("reason", ""))
        return "信用修复申请已提交，请等待审核"

    return run_action(
        request, act, lambda m, s: _my_credit(request, error=m, status=s), reverse("supervision:my_credit")
    )


# ---- 双随机一公开 ---------------------------------------------------------------------------


def _plans(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    ctx = {
        "plans": list(selectors.inspection_plan_list(user=request.user)[:LIMIT]),
        "items": list(selectors.supervision_item_list(user=request.user)[:LIMIT]),
        "error": error,
    }
    return render(request, "supervision/plans.html", ctx, status=status)


@action_required(perms.INSPECTION_MANAGE)
def plans(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _plans(request)
    p = request.POST

    def act() -> str:
        item_id = _int(p.get("item"))
        item = selectors.supervision_item_list(user=request.user).filter(pk=item_id).first() if item_id else None
        department = request.user.department
        plan = services.inspection_plan_create(
            actor=request.user,
            name=p.get("name", ""),
            department_code=department.code if department else "",
            entity_count=_int(p.get("entity_count"), 0),
            inspectors_per_entity=_int(p.get("inspectors_per_entity"), 0),
            joint_department_codes=[c.strip() for c in p.get("joint", "").replace("，", ",").split(",") if c.strip()],
            item=item,
        )
        return f"已创建抽查计划：{plan.name}"

    return run_action(request, act, lambda m, s: _plans(request, error=m, status=s), reverse("supervision:plans"))


def _plan(request: HttpRequest, plan_id: int, *, error: str = "", status: int = 200) -> HttpResponse:
    plan = selectors.inspection_plan_get_for(user=request.user, plan_id=plan_id)
    tasks = list(selectors.inspection_tasks_of(plan))
    reproduced = None
    if plan.seed is not None:
        stored = [{"entity": t.entity_id, "inspectors": sorted(i.pk for i in t.inspectors.all())} for t in tasks]
        again = [
            {"entity": r["entity"], "inspectors": sorted(r["inspectors"])}
            for r in selectors.inspection_plan_redraw(plan)
        ]
        reproduced = stored == again
    ctx = {
        "plan": plan,
        "tasks": tasks,
        "joint": list(plan.joint_departments.all()),
        "reproduced": reproduced,
        "results": [(v, label) for v, label in InspectionResult.choices if v != InspectionResult.PENDING],
        "error": error,
    }
    return render(request, "supervision/plan.html", ctx, status=status)


@require_GET
@action_required(perms.INSPECTION_MANAGE)
def plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan(request, plan_id)


def _plan_action(request: HttpRequest, plan_id: int, act: Callable[[], str]) -> HttpResponse:
    """An action on a plan's page: success redirects back to it, an error renders it again."""
    return run_action(
        request,
        act,
        lambda m, s: _plan(request, plan_id, error=m, status=s),
        reverse("supervision:plan", args=[plan_id]),
    )


@require_POST
@action_required(perms.INSPECTION_MANAGE)
def plan_draw(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.inspection_plan_get_for(user=request.user, plan_id=plan_id)

    def act() -> str:
        drawn = services.inspection_plan_draw(actor=request.user, plan=plan)
        return f"已抽取，随机种子 {drawn.seed}"

    return _plan_action(request, plan_id, act)


@require_POST
@action_required(perms.INSPECTION_MANAGE)
def plan_publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.inspection_plan_get_for(user=request.user, plan_id=plan_id)

    def act() -> str:
        services.inspection_plan_publish(actor=request.user, plan=plan)
        return "抽查结果已公示"

    return _plan_action(request, plan_id, act)


@require_POST
@action_required(perms.INSPECTION_MANAGE)
def task_record(request: HttpRequest, task_id: int) -> HttpResponse:
    task = selectors.inspection_task_get_for(user=request.user, task_id=task_id)

    def act() -> str:
        services.inspection_task_record(
            actor=request.user, task=task, result=request.POST.get("result", ""), note=request.POST.get("note", "")
        )
        return "检查结果已录入"

    return _plan_action(request, task.plan_id, act)


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    return render(request, "supervision/public.html", {"plans": list(selectors.published_plan_list()[:LIMIT])})


@require_GET
def public_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.published_plan_get(plan_id=plan_id)
    return render(request, "supervision/public_plan.html", {"plan": plan, "rows": selectors.published_results(plan)})


# ---- 监测预警 -------------------------------------------------------------------------------


@require_GET
@action_required(perms.WARNING_VIEW)
def warnings(request: HttpRequest) -> HttpResponse:
    rows = selectors.warnings_for(user=request.user)
    totals = {
        "overdue_cases": sum(r.overdue_cases for r in rows),
        "unsigned_late": sum(r.unsigned_late for r in rows),
        "pledges_late": sum(r.pledges_late for r in rows),
        "rectify_late": sum(r.rectify_late for r in rows),
        "refusal_abnormal": sum(r.refusal_abnormal for r in rows),
    }
    return render(request, "supervision/warnings.html", {"rows": rows, "totals": totals})
