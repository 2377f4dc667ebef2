"""The 好差评 pages (Chinese, server-rendered). Thin: parse, one selector or service, render.

| page | who |
| --- | --- |
| ``/ratings/`` 我的评价 | applicants: what waits for a rating (办结 cases, 一件事, window visits), what they gave |
| ``/ratings/rate/<kind>/<ref>/`` | the applicant rates one subject |
| ``/ratings/t/<token>/`` | anyone holding an SMS link or standing at the pad (no login) |
| ``/ratings/hotline/`` 回访评价 | 12345 operators enter a caller's rating |
| ``/ratings/visit/`` 评价器 | window clerks record a visit; the pad shows its rating form |
| ``/ratings/tasks/`` 差评整改 | the responsible department: 核实, 整改, 回访, 申诉 |
| ``/ratings/hub/`` | the hub: appeals, overdue tasks, bad ratings (hide abusive text) |
| ``/ratings/blocked/`` 办不成事 | report; departments assign an owner and report the outcome |
| ``/ratings/figures/`` 好差评统计 | staff: the four rates per item/department/window/region/month |
| ``/ratings/public/`` 好差评公示 | everyone: figures and rankings, no personal data |

No page changes or deletes a rating.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zwfw.core.errors import ZwfwError
from zwfw.core.permissions import action_required, can, require
from zwfw.ratings import permissions as perms
from zwfw.ratings import selectors, services
from zwfw.ratings.models import (
    BlockedStatus,
    BlockerKind,
    Level,
    RectificationStatus,
    RevisitResult,
    SubjectKind,
    VerifyOutcome,
)
from zwfw.ratings.reasons import BAD_REASONS, GOOD_REASONS
from zwfw.ratings.schemas import rating_out
from zwfw.ratings.services.blocked import NEEDS_CHANGE

GET_POST = require_http_methods(["GET", "POST"])


def _rate_context() -> dict:
    return {
        "levels": [(v, str(label), 6 - v) for v, label in Level.choices],
        "good_reasons": list(GOOD_REASONS.items()),
        "bad_reasons": list(BAD_REASONS.items()),
    }


def _rating_input(request: HttpRequest) -> dict:
    return {
        "level": request.POST.get("level", ""),
        "reasons": request.POST.getlist("reasons"),
        "comment": request.POST.get("comment", "")[:2000],
    }


def _attempt(request: HttpRequest, act: Callable[[], str | None]) -> tuple[str | None, int]:
    """Run a service; a domain error becomes (message, status) for the page."""
    try:
        done = act()
    except ZwfwError as exc:
        return exc.message, exc.status
    except PermissionDenied as exc:
        return str(exc) or "无权执行此操作", 403
    if done:
        messages.success(request, done)
    return None, 200


# ---- applicants ------------------------------------------------------------------------------


@action_required(perms.RATE)
def mine(request: HttpRequest) -> HttpResponse:
    ratings = [rating_out(r, user=request.user) for r in selectors.rating_list_for(user=request.user)[:100]]
    return render(
        request,
        "ratings/mine.html",
        {"pending": selectors.pending_to_rate_for(user=request.user), "ratings": ratings},
    )


@GET_POST
@action_required(perms.RATE)
def rate(request: HttpRequest, kind: str, ref: str) -> HttpResponse:
    error, status = None, 200
    try:
        subject = services.subject_get(kind, ref)
        if subject.applicant_id != request.user.pk:
            raise PermissionDenied
    except (ZwfwError, PermissionDenied):
        return render(
            request, "ratings/rate.html", {"error": "评价对象不存在或无权评价", **_rate_context()}, status=404
        )
    if request.method == "POST":
        data = _rating_input(request)
        channel = "mobile" if request.POST.get("channel") == "mobile" else "pc"
        error, status = _attempt(
            request,
            lambda: (
                services.rating_create(actor=request.user, kind=kind, ref=ref, channel=channel, **data)
                and "感谢您的评价！"
            ),
        )
        if error is None:
            return redirect("ratings:mine")
    existing = selectors.rating_for_subject(kind=subject.kind, ref=subject.ref)
    context = {"subject": subject, "error": error, "existing": existing, "form": request.POST, **_rate_context()}
    return render(request, "ratings/rate.html", context, status=status)


@GET_POST
def rate_by_token(request: HttpRequest, token: str) -> HttpResponse:
    """SMS link / hall pad: no login; the token is the permission (one use, expiring)."""
    try:
        invitation, subject = services.invitation_get(token=token)
    except ZwfwError as exc:
        return render(request, "ratings/token.html", {"error": exc.message, "dead": True}, status=exc.status)
    error, status = None, 200
    if request.method == "POST":
        error, status = _attempt(
            request, lambda: services.rating_by_token(token=token, **_rating_input(request)) and None
        )
        if error is None:
            return render(request, "ratings/token.html", {"thanks": True})
    context = {"subject": subject, "channel": invitation.get_channel_display(), "error": error, "form": request.POST}
    return render(request, "ratings/token.html", {**context, **_rate_context()}, status=status)


# ---- hotline and window ----------------------------------------------------------------------


@GET_POST
@action_required(perms.RATE_ON_BEHALF)
def hotline(request: HttpRequest) -> HttpResponse:
    error, status = None, 200
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        ref = request.POST.get("ref", "").strip()[:64]
        error, status = _attempt(
            request,
            lambda: (
                services.rating_enter_on_behalf(actor=request.user, kind=kind, ref=ref, **_rating_input(request))
                and "已代为录入评价"
            ),
        )
        if error is None:
            return redirect("ratings:hotline")
    kinds = [(k, str(label)) for k, label in SubjectKind.choices]
    context = {"error": error, "kinds": kinds, "form": request.POST, **_rate_context()}
    return render(request, "ratings/hotline.html", context, status=status)


@GET_POST
@action_required(perms.VISIT_RECORD)
def visit(request: HttpRequest) -> HttpResponse:
    error, status = None, 200
    if request.method == "POST":
        applicant = None
        username = request.POST.get("applicant", "").strip()[:150]
        if username:
            applicant = get_user_model().objects.filter(username=username).first()
        result: dict = {}

        def act():
            result["visit"] = services.window_visit_record(
                actor=request.user,
                window_no=request.POST.get("window_no", ""),
                item_code=request.POST.get("item_code", ""),
                item_name=request.POST.get("item_name", ""),
                applicant=applicant,
            )
            return None

        error, status = _attempt(request, act)
        if error is None:
            _, _, token = result["visit"]
            return redirect("ratings:token", token=token)
    return render(request, "ratings/visit.html", {"error": error, "form": request.POST}, status=status)


# ---- departments and the hub -----------------------------------------------------------------


@action_required(perms.REVISIT)
def tasks(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in RectificationStatus.values else ""
    overdue = request.GET.get("overdue") == "1"
    qs = selectors.rectification_list_for(
        user=request.user,
        status=status or None,
        open_only=not status and not overdue,
        overdue=True if overdue else None,
    )
    context = {"tasks": qs[:200], "status": status, "overdue": overdue, "statuses": RectificationStatus.choices}
    return render(request, "ratings/tasks.html", context)


TASK_ACTIONS = {
    "verify": perms.RECTIFY,
    "rectify": perms.RECTIFY,
    "revisit": perms.REVISIT,
    "appeal": perms.APPEAL,
    "decide": perms.APPEAL_DECIDE,
}


@GET_POST
@action_required(perms.REVISIT)
def task_detail(request: HttpRequest, rectification_id: int) -> HttpResponse:
    rect = selectors.rectification_get_for(user=request.user, rectification_id=rectification_id)
    error, status = None, 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        p = request.POST

        def act():
            if action not in TASK_ACTIONS:
                raise PermissionDenied("未知操作")
            require(request.user, TASK_ACTIONS[action])
            if str(rect.row_version) != p.get("row_version", ""):
                from zwfw.ratings.errors import RatingError, RatingErrorCode

                raise RatingError(RatingErrorCode.CONFLICT)
            if action == "verify":
                services.rectification_verify(
                    actor=request.user, rectification=rect, outcome=p.get("outcome", ""), note=p.get("note", "")
                )
                return "已核实"
            if action == "rectify":
                services.rectification_rectify(actor=request.user, rectification=rect, measures=p.get("measures", ""))
                return "已提交整改"
            if action == "revisit":
                services.rectification_revisit(
                    actor=request.user,
                    rectification=rect,
                    result=p.get("result", ""),
                    note=p.get("note", ""),
                    reopen=p.get("reopen", "1") == "1",
                )
                return "已记录回访"
            if action == "appeal":
                services.rectification_appeal(actor=request.user, rectification=rect, reason=p.get("reason", ""))
                return "已提交申诉"
            services.rectification_appeal_decide(
                actor=request.user, rectification=rect, approved=p.get("approved") == "1", note=p.get("note", "")
            )
            return "已审核申诉"

        error, status = _attempt(request, act)
        if error is None:
            return redirect("ratings:task", rectification_id=rect.pk)
    u = request.user
    context = {
        "task": rect,
        "rating": rating_out(rect.rating, user=u),
        "error": error,
        "outcomes": VerifyOutcome.choices,
        "results": RevisitResult.choices,
        "can_rectify": can(u, perms.RECTIFY),
        "can_appeal": can(u, perms.APPEAL),
        "can_decide": can(u, perms.APPEAL_DECIDE) and selectors.is_hub(u),
    }
    return render(request, "ratings/task.html", context, status=status)


@action_required(perms.APPEAL_DECIDE)
def hub(request: HttpRequest) -> HttpResponse:
    if not selectors.is_hub(request.user):
        raise PermissionDenied("需要政务服务管理机构权限")
    context = {
        "appeals": selectors.appeals_pending_for(user=request.user)[:100],
        "overdue": selectors.rectification_list_for(user=request.user, overdue=True)[:100],
        "bad": [rating_out(r, user=request.user) for r in selectors.rating_list_for(user=request.user, bad=True)[:50]],
    }
    return render(request, "ratings/hub.html", context)


@GET_POST
@action_required(perms.RATING_VIEW)
def rating_detail(request: HttpRequest, rating_id: int) -> HttpResponse:
    rating = selectors.rating_get_for(user=request.user, rating_id=rating_id)
    error, status = None, 200
    if request.method == "POST":
        error, status = _attempt(
            request,
            lambda: (
                services.rating_text_hide(actor=request.user, rating=rating, reason=request.POST.get("reason", ""))
                and "已屏蔽该评价的文字（评价保留）"
            ),
        )
        if error is None:
            return redirect("ratings:rating", rating_id=rating_id)
        rating = selectors.rating_get_for(user=request.user, rating_id=rating_id)
    context = {
        "rating": rating_out(rating, user=request.user),
        "can_hide": can(request.user, perms.RATING_HIDE) and selectors.is_hub(request.user),
        "error": error,
    }
    return render(request, "ratings/rating.html", context, status=status)


# ---- 办不成事 ---------------------------------------------------------------------------------


@GET_POST
@login_required
def blocked(request: HttpRequest) -> HttpResponse:
    u = request.user
    may_report, may_handle = can(u, perms.BLOCKED_REPORT), can(u, perms.BLOCKED_HANDLE)
    if not (may_report or may_handle):
        raise PermissionDenied("无权查看办不成事反映")
    error, status = None, 200
    if request.method == "POST":
        p = request.POST
        error, status = _attempt(
            request,
            lambda: (
                services.blocked_report(
                    actor=u,
                    blocker=p.get("blocker", ""),
                    description=p.get("description", "")[:4000],
                    item_code=p.get("item_code", ""),
                    item_name=p.get("item_name", ""),
                    department_code=p.get("department", ""),
                )
                and "已登记，我们会在期限内反馈办理结果"
            ),
        )
        if error is None:
            return redirect("ratings:blocked")
    context = {
        "matters": selectors.blocked_list_for(user=u)[:200],
        "may_report": may_report,
        "blockers": BlockerKind.choices,
        "figures": selectors.blocked_figures_by_item(user=u, limit=20) if may_handle else [],
        "error": error,
        "form": request.POST,
    }
    return render(request, "ratings/blocked.html", context, status=status)


@GET_POST
@login_required
def blocked_detail(request: HttpRequest, matter_id: int) -> HttpResponse:
    u = request.user
    if not (can(u, perms.BLOCKED_REPORT) or can(u, perms.BLOCKED_HANDLE)):
        raise PermissionDenied("无权查看办不成事反映")
    matter = selectors.blocked_get_for(user=u, matter_id=matter_id)
    error, status = None, 200
    if request.method == "POST":
        p = request.POST

        def act():
            if p.get("action") == "assign":
                owner_id = p.get("owner", "")
                owner = (
                    get_user_model().objects.filter(pk=int(owner_id)).first()
                    if owner_id.isdigit() and len(owner_id) < 12
                    else None
                )
                services.blocked_assign(actor=u, matter=matter, owner=owner)
                return "已指定责任人"
            services.blocked_resolve(
                actor=u, matter=matter, outcome=p.get("outcome", ""), needs_change=p.get("needs_change", "none")
            )
            return "已反馈办理结果"

        error, status = _attempt(request, act)
        if error is None:
            return redirect("ratings:blocked_detail", matter_id=matter_id)
    staff = []
    if can(u, perms.BLOCKED_HANDLE) and matter.status != BlockedStatus.RESOLVED:
        staff = (
            get_user_model()
            .objects.filter(department__path__startswith=matter.department.path, is_active=True)
            .exclude(role__in=["person", "enterprise"])[:100]
        )
    context = {
        "matter": matter,
        "can_handle": can(u, perms.BLOCKED_HANDLE),
        "staff": staff,
        "needs_change": NEEDS_CHANGE.items(),
        "error": error,
    }
    return render(request, "ratings/blocked_detail.html", context, status=status)


# ---- figures -----------------------------------------------------------------------------------


@action_required(perms.FIGURES)
def figures(request: HttpRequest) -> HttpResponse:
    group_by = request.GET.get("group_by", "department")[:16]
    month = request.GET.get("month", "").strip()[:20] or None
    context = {"group_by": group_by, "month": month or "", "groups": selectors.GROUP_LABELS.items()}
    try:
        context["figures"] = selectors.rating_figures(user=request.user, group_by=group_by, month=month)
        context["ranking"] = selectors.item_bad_ranking(user=request.user, month=month)
    except ZwfwError as exc:
        context["error"] = exc.message
        return render(request, "ratings/figures.html", context, status=exc.status)
    return render(request, "ratings/figures.html", context)


def public(request: HttpRequest) -> HttpResponse:
    month = request.GET.get("month", "").strip()[:20] or None
    try:
        summary = selectors.public_summary(month=month)
    except ZwfwError as exc:
        return render(request, "ratings/public.html", {"error": exc.message, "month": month or ""}, status=exc.status)
    return render(request, "ratings/public.html", {"s": summary, "month": month or ""})
