"""综合窗口 ``/cases/window/``: the front desk's queues and actions (受审分离: the window accepts,
the department decides).

Queues (:func:`zwfw.cases.selectors.window_queue`): 待受理, 补正退回 (resubmitted after a notice),
容缺到期 (pledged materials not yet handed in), 待出件 (decided, result ready); overdue and 临期
cases are highlighted. The case page offers what the state allows: 收件即受理, 不予受理, 一次性告知
补正 (every material as a checkbox → ONE notice), 容缺受理, 告知承诺, 送达 (pick-up or post with a
tracking number), 办结. Every action is a POST carrying the ``row_version`` the page showed: when
another clerk acted first the page answers 409 with the case's state now.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zwfw.cases import permissions as perms
from zwfw.cases import selectors
from zwfw.cases.forms import (
    UPLOAD_ACCEPT,
    ActionForm,
    CorrectionForm,
    DecideForm,
    DeliverForm,
    PledgeForm,
    RefuseForm,
    ShortfallForm,
    StepForm,
)
from zwfw.cases.models import Case, MaterialStatus
from zwfw.cases.models.materials import PROVIDED_STATUSES
from zwfw.cases.services import (
    case_accept,
    case_accept_on_pledge,
    case_accept_with_shortfall,
    case_complete,
    case_deliver,
    case_material_upload,
    case_refuse,
    case_request_correction,
)
from zwfw.cases.transitions import available_actions, credit_of
from zwfw.cases.views import review
from zwfw.cases.views._common import FormError, case_action, case_context, check_row_version, valid
from zwfw.core.permissions import action_required

QUEUE_LIMIT = 50
QUEUES = (
    ("to_accept", "待受理", "申请人已提交、等待窗口受理"),
    ("resubmitted", "补正退回", "已按补正告知重新提交，等待受理"),
    ("shortfall_due", "容缺到期", "容缺受理后须补交的材料"),
    ("to_hand_out", "待出件", "已作出决定、结果已制作，等待发放或寄递"),
    ("in_correction", "待补正", "已一次性告知补正，等待申请人补齐"),
)


@require_GET
@action_required(perms.WINDOW_QUEUE)
def queue(request: HttpRequest) -> HttpResponse:
    """The four work queues (and the cases waiting for the applicant's 补正), 50 each."""
    lists = selectors.window_queue(user=request.user)
    lists["shortfall_due"] = lists["shortfall_due"].prefetch_related("shortfall_pledges")
    queues = []
    for key, label, description in QUEUES:
        rows = list(lists[key][: QUEUE_LIMIT + 1])
        queues.append(
            {
                "key": key,
                "label": label,
                "description": description,
                "rows": rows[:QUEUE_LIMIT],
                "more": len(rows) > QUEUE_LIMIT,
            }
        )
    return render(request, "cases/window_queue.html", {"queues": queues, "limit": QUEUE_LIMIT})


def _shortfall_choices(case: Case) -> list[tuple[str, str]]:
    return [
        (m.key, m.name)
        for m in case.materials.all()
        if m.shortfall_allowed and m.status not in PROVIDED_STATUSES and m.status != MaterialStatus.SHORTFALL_PLEDGED
    ]


def _pledge_choices(case: Case) -> list[tuple[str, str]]:
    """告知承诺 replaces only the materials the guide marks 可以告知承诺代替 (可承诺替代) not provided."""
    return [(m.key, m.name) for m in case.materials.all() if m.pledge_allowed and m.status not in PROVIDED_STATUSES]


def _correctable(case: Case) -> list:
    return [m for m in case.materials.all() if not m.is_exempt and m.status != MaterialStatus.PRODUCED]


def _forms(case: Case, data=None, which: str = "") -> dict:
    """Every action form for the case, bound to ``data`` for the one being posted."""
    initial = {"row_version": case.row_version}

    def bound(name):
        return data if which == name else None

    return {
        "accept_form": ActionForm(bound("accept"), initial=initial),
        "refuse_form": RefuseForm(bound("refuse"), initial=initial),
        "correction_form": CorrectionForm(bound("correction"), initial=initial, materials=_correctable(case)),
        "shortfall_form": ShortfallForm(bound("shortfall"), initial=initial, choices=_shortfall_choices(case)),
        "pledge_form": PledgeForm(bound("pledge"), initial=initial, choices=_pledge_choices(case)),
        "deliver_form": DeliverForm(bound("deliver"), initial={**initial, "address": case.postal_address}),
        "complete_form": ActionForm(bound("complete"), initial=initial),
    }


def _render_case(
    request: HttpRequest, case_id: int, *, error: str = "", status: int = 200, data=None, which: str = ""
) -> HttpResponse:
    case = selectors.case_detail_for(user=request.user, case_id=case_id)
    ctx = case_context(case, request.user)
    ctx.update(_forms(case, data if error else None, which))
    # Steps the graph gives the window (即办件: 办结 is the window's decision on the spot)
    role = request.user.role
    mine = [
        s
        for s in ctx["active_steps"]
        if s.role == role or (request.user.is_platform_admin and s.role == "window_clerk")
    ]
    initial = {"row_version": case.row_version}
    decide_step = next((s for s in mine if s.kind == "decide"), None)
    # What the transition table offers this user on this case (the buttons below)
    actions = available_actions(case, request.user)
    ctx["step_forms"] = (
        [(s, StepForm(initial={**initial, "step": s.pk})) for s in mine if s.kind not in {"decide", "deliver"}]
        if "complete_step" in actions
        else []
    )
    ctx["decide_step"] = decide_step
    ctx["decide_form"] = DecideForm(initial=initial) if "decide" in actions and decide_step is not None else None
    # 信用分级分类: C and D may use neither 信用+容缺 nor 告知承诺 (the page says why); the
    # table's credit guard read the grade already (one query per page, shared)
    offers_credit_ways = "accept" in actions and (case.version.shortfall_allowed or case.version.pledge_allowed)
    ctx.update(
        {
            "error": error,
            "accept": UPLOAD_ACCEPT,
            "actions": actions,
            "credit": credit_of(case) if offers_credit_ways else None,
            "shortfall_open": [m for m in ctx["materials"] if m.status == MaterialStatus.SHORTFALL_PLEDGED]
            if "upload_shortfall" in actions
            else [],
        }
    )
    return render(request, "cases/window_case.html", ctx, status=status)


@require_GET
@action_required(perms.WINDOW_QUEUE)
def window_case(request: HttpRequest, case_id: int) -> HttpResponse:
    """A case at the window with the actions its state allows (404 outside the clerk's region)."""
    return _render_case(request, case_id)


# ---- actions: parse the form, check the page was current, call one service --------------------


def _accept(request, case):
    check_row_version(case, valid(ActionForm(request.POST)))
    case_accept(actor=request.user, case=case)
    return f"已受理，承诺办结日期{case.due_date:%Y年%m月%d日}" if case.due_date else "已受理"


def _refuse(request, case):
    form = valid(RefuseForm(request.POST))
    check_row_version(case, form)
    case_refuse(actor=request.user, case=case, reason=form.cleaned_data["reason"])
    return "已作出不予受理，并告知申请人理由"


def _correction(request, case):
    materials = _correctable(case)
    form = valid(CorrectionForm(request.POST, materials=materials))
    check_row_version(case, form)
    items = form.items(materials)
    note = form.cleaned_data["note"].strip()
    if not items and note:
        items = [{"key": "", "name": "其他", "problem": note}]
    notice = case_request_correction(
        actor=request.user, case=case, items=items, note=note, deadline=form.cleaned_data["deadline"]
    )
    return f"已一次性告知补正（共{len(notice.items)}项）"


def _shortfall(request, case):
    form = valid(ShortfallForm(request.POST, choices=_shortfall_choices(case)))
    check_row_version(case, form)
    case_accept_with_shortfall(
        actor=request.user,
        case=case,
        materials=form.cleaned_data["materials"],
        pledge_text=form.cleaned_data["pledge_text"],
        due_date=form.cleaned_data["due_date"],
    )
    return "已容缺受理，已记录申请人承诺和补交期限"


def _pledge(request, case):
    form = valid(PledgeForm(request.POST, choices=_pledge_choices(case)))
    check_row_version(case, form)
    case_accept_on_pledge(
        actor=request.user,
        case=case,
        pledge_text=form.cleaned_data["pledge_text"],
        materials=form.cleaned_data["materials"],
    )
    return "已按告知承诺受理，转审批部门作出决定（准予后生成监管部门的核查任务）"


def _deliver(request, case):
    form = valid(DeliverForm(request.POST))
    check_row_version(case, form)
    d = form.cleaned_data
    delivery = case_deliver(
        actor=request.user,
        case=case,
        method=d["method"],
        tracking_number=d["tracking_number"],
        carrier=d["carrier"],
        address=d["address"],
    )
    return f"已送达（{delivery.get_method_display()}）"


def _complete(request, case):
    check_row_version(case, valid(ActionForm(request.POST)))
    case_complete(actor=request.user, case=case)
    return "已办结"


def _upload(request, case):
    """A 容缺 material handed in later (or any material before acceptance)."""
    key = request.POST.get("key", "")
    upload = request.FILES.get("file")
    if upload is None:
        form = ActionForm(request.POST)
        form.is_valid()
        form.add_error(None, "请选择要上传的文件")
        raise FormError(form)
    case_material_upload(actor=request.user, case=case, key=key, upload=upload)
    return "材料已上传"


ACTIONS = {
    "accept": _accept,
    "refuse": _refuse,
    "correction": _correction,
    "shortfall": _shortfall,
    "pledge": _pledge,
    "deliver": _deliver,
    "complete": _complete,
    "upload": _upload,
    "step": review.step_action,
    "decide": review.decide_action,
}


@require_POST
@action_required(perms.WINDOW_QUEUE)
def window_action(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    """POST ``/cases/window/<id>/<action>/``; errors re-render the case page with their 4xx."""
    return case_action(
        request,
        case_id,
        ACTIONS.get(action),
        on_error=lambda msg, st: _render_case(request, case_id, error=msg, status=st, data=request.POST, which=action),
        success_url=reverse("cases:window_case", args=[case_id]),
    )
