"""我的办件 ``/cases/mine/``: the applicant's cases with status and due date; the case page with
办理进度 (timeline), the 补正 notice and its resubmission form, the result licence's link to the
wallet. ``/cases/<id>/`` (the link in every notification) opens the case in the caller's console.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zwfw.cases import permissions as perms
from zwfw.cases import selectors
from zwfw.cases.errors import CaseError, CaseErrorCode
from zwfw.cases.forms import UPLOAD_ACCEPT
from zwfw.cases.models import CaseStatus
from zwfw.cases.services import case_resubmit, case_withdraw
from zwfw.cases.transitions import available_actions
from zwfw.cases.views._common import case_context, run_action
from zwfw.core.permissions import action_required, can

PAGE_SIZE = 20


@require_GET
@action_required(perms.VIEW)
def mine(request: HttpRequest) -> HttpResponse:
    """The applicant's own cases, newest first (20 a page)."""
    qs = selectors.case_list_for(user=request.user, mine=True, status=request.GET.get("status") or None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/mine_list.html",
        {"page": page, "statuses": CaseStatus.choices, "status": request.GET.get("status", "")},
    )


def _render_case(request: HttpRequest, case_id: int, *, error: str = "", status: int = 200) -> HttpResponse:
    case = selectors.case_detail_for(user=request.user, case_id=case_id)
    if case.applicant_id != request.user.pk:
        from django.http import Http404

        raise Http404("对象不存在或无权查看")
    ctx = case_context(case, request.user)
    ctx.update({"error": error, "accept": UPLOAD_ACCEPT, "actions": available_actions(case, request.user)})
    return render(request, "cases/mine_case.html", ctx, status=status)


@require_GET
@action_required(perms.VIEW)
def mine_case(request: HttpRequest, case_id: int) -> HttpResponse:
    """One of the applicant's cases (another person's is 404)."""
    return _render_case(request, case_id)


@require_POST
@action_required(perms.RESUBMIT)
def mine_resubmit(request: HttpRequest, case_id: int) -> HttpResponse:
    """补正后重新提交: the files named in the notice (``material_<key>``), one service call."""
    case = selectors.case_get_for(user=request.user, case_id=case_id)

    def act() -> str:
        uploads = {
            name.removeprefix("material_"): f for name, f in request.FILES.items() if name.startswith("material_")
        }
        case_resubmit(actor=request.user, case=case, uploads=uploads)
        return "补正材料已提交，等待窗口受理"

    return run_action(
        request,
        act=act,
        on_error=lambda msg, st: _render_case(request, case_id, error=msg, status=st),
        success_url=reverse("cases:mine_case", args=[case_id]),
    )


@require_POST
@action_required(perms.WITHDRAW)
def mine_withdraw(request: HttpRequest, case_id: int) -> HttpResponse:
    """撤回 before acceptance."""
    case = selectors.case_get_for(user=request.user, case_id=case_id)

    def act() -> str:
        if request.POST.get("confirm") != "yes":
            raise CaseError(CaseErrorCode.WITHDRAW_UNCONFIRMED)
        case_withdraw(actor=request.user, case=case)
        return "申请已撤回"

    return run_action(
        request,
        act=act,
        on_error=lambda msg, st: _render_case(request, case_id, error=msg, status=st),
        success_url=reverse("cases:mine_case", args=[case_id]),
    )


@require_GET
@action_required(perms.VIEW)
def case_open(request: HttpRequest, case_id: int) -> HttpResponse:
    """``/cases/<id>/``: the applicant's page for one's own case, else the console the role
    works in (window, review, supervision). 404 outside the caller's scope."""
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    user = request.user
    if case.applicant_id == user.pk:
        return redirect("cases:mine_case", case_id=case.pk)
    if can(user, perms.WINDOW_QUEUE):
        return redirect("cases:window_case", case_id=case.pk)
    if can(user, perms.REVIEW_QUEUE) or can(user, perms.EXTEND):
        return redirect("cases:review_case", case_id=case.pk)
    return redirect("cases:supervision")
