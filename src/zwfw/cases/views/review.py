"""审批工作台 ``/cases/review/``: the active steps of the reviewer's role and department
(:func:`zwfw.cases.selectors.review_queue`), overdue first; the case page completes a step (通过 /
退回 with an opinion), starts or ends a special procedure (特别程序: the clock stops, 行政许可法
第四十五条) and records the decision (准予 / 不予 with reason and legal basis, 第三十八条).
The department admin (the agency head's approval, 第四十二条) opens the same page to approve the
one 10-working-day extension (延长审批) of a licensing case within its original limit.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zwfw.cases import permissions as perms
from zwfw.cases import selectors
from zwfw.cases.forms import ClockResumeForm, ClockStopForm, DecideForm, ExtendForm, StepForm
from zwfw.cases.services import case_clock_resume, case_clock_stop, case_decide, case_extend, case_step_complete
from zwfw.cases.transitions import available_actions
from zwfw.cases.views._common import case_action, case_context, check_row_version, run_action, valid
from zwfw.core.permissions import action_required, can

QUEUE_LIMIT = 100


@require_GET
@action_required(perms.REVIEW_QUEUE)
def queue(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.review_queue(user=request.user)[: QUEUE_LIMIT + 1])
    return render(
        request,
        "cases/review_queue.html",
        {"steps": rows[:QUEUE_LIMIT], "more": len(rows) > QUEUE_LIMIT, "limit": QUEUE_LIMIT},
    )


def _render_case(request: HttpRequest, case_id: int, *, error: str = "", status: int = 200) -> HttpResponse:
    case = selectors.case_detail_for(user=request.user, case_id=case_id)
    ctx = case_context(case, request.user)
    initial = {"row_version": case.row_version}
    reviewer = can(request.user, perms.REVIEW_QUEUE)
    # What the transition table offers this user on this case (the buttons below); the
    # department admin opens the workbench for 延长审批 only
    actions = available_actions(case, request.user)
    if not reviewer:
        actions = {k: v for k, v in actions.items() if k == "extend"}
    mine = [
        s
        for s in ctx["active_steps"]
        if "complete_step" in actions and (not s.role or s.role == request.user.role or request.user.is_platform_admin)
    ]
    step_forms = [(s, StepForm(initial={**initial, "step": s.pk})) for s in mine if s.kind not in {"decide", "deliver"}]
    decide_step = next((s for s in mine if s.kind == "decide"), None)
    ctx.update(
        {
            "error": error,
            "actions": actions,
            "step_forms": step_forms,
            "decide_step": decide_step,
            "decide_form": DecideForm(initial=initial) if "decide" in actions else None,
            "stop_form": ClockStopForm(initial=initial) if "clock_stop" in actions else None,
            "resume_form": ClockResumeForm(initial=initial) if "clock_resume" in actions else None,
            # 延长审批 (art. 42): the agency head, a licensing case, once, within the limit
            "extend_form": ExtendForm(initial=initial) if "extend" in actions else None,
        }
    )
    return render(request, "cases/review_case.html", ctx, status=status)


def _reviewer_or_extender(user) -> None:
    if not (can(user, perms.REVIEW_QUEUE) or can(user, perms.EXTEND)):
        raise PermissionDenied("无权使用审批工作台")


@require_GET
@action_required(perms.VIEW)
def review_case(request: HttpRequest, case_id: int) -> HttpResponse:
    _reviewer_or_extender(request.user)
    return _render_case(request, case_id)


@require_POST
@action_required(perms.EXTEND)
def review_extend(request: HttpRequest, case_id: int) -> HttpResponse:
    """延长审批 (第四十二条): the department admin approves, with the reason told to the applicant."""
    case = selectors.case_get_for(user=request.user, case_id=case_id)

    def act() -> str:
        form = valid(ExtendForm(request.POST))
        check_row_version(case, form)
        extended = case_extend(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        return f"已延长审批期限{extended.extension_workdays}个工作日，承诺办结日期改为{extended.due_date:%Y年%m月%d日}"

    return run_action(
        request,
        act=act,
        on_error=lambda msg, st: _render_case(request, case_id, error=msg, status=st),
        success_url=reverse("cases:review_case", args=[case_id]),
    )


def step_action(request, case):
    """通过/退回 a step (also used by the window for the steps the graph gives the window)."""
    form = valid(StepForm(request.POST))
    check_row_version(case, form)
    step = next((s for s in case.steps.all() if s.pk == form.cleaned_data["step"]), None)
    if step is None:
        raise Http404("环节不存在")
    case_step_complete(
        actor=request.user,
        case=case,
        step=step,
        action=form.cleaned_data["action"],
        opinion=form.cleaned_data["opinion"],
    )
    return f"“{step.name}”已{'退回' if form.cleaned_data['action'] == 'return' else '办理'}"


def decide_action(request, case):
    """准予/不予 (also the window's 办结 of a 即办件)."""
    form = valid(DecideForm(request.POST))
    check_row_version(case, form)
    approved = form.cleaned_data["decision"] == "approved"
    case_decide(
        actor=request.user,
        case=case,
        approved=approved,
        reason=form.cleaned_data["reason"],
        legal_basis=form.cleaned_data["legal_basis"],
    )
    return "已作出准予决定" if approved else "已作出不予决定，并告知申请人救济途径"


def _clock_stop(request, case):
    form = valid(ClockStopForm(request.POST))
    check_row_version(case, form)
    stop = case_clock_stop(
        actor=request.user,
        case=case,
        kind=form.cleaned_data["kind"],
        reason=form.cleaned_data["reason"],
        on=form.cleaned_data["on"],
    )
    return f"特别程序（{stop.get_kind_display()}）已开始，暂停计时"


def _clock_resume(request, case):
    form = valid(ClockResumeForm(request.POST))
    check_row_version(case, form)
    stop = case_clock_resume(
        actor=request.user, case=case, on=form.cleaned_data["on"], result=form.cleaned_data["result"]
    )
    return f"特别程序已结束，{stop.workdays}个工作日不计入办理时限"


ACTIONS = {"step": step_action, "decide": decide_action, "clock_stop": _clock_stop, "clock_resume": _clock_resume}


@require_POST
@action_required(perms.REVIEW_QUEUE)
def review_action(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    return case_action(
        request,
        case_id,
        ACTIONS.get(action),
        on_error=lambda msg, st: _render_case(request, case_id, error=msg, status=st),
        success_url=reverse("cases:review_case", args=[case_id]),
    )
