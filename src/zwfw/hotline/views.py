"""The 12345 consoles (pages): operator intake with suggestions, the order page with the actions
of the reader's role, the department inbox, the hub supervisor's console, the knowledge base,
the leader dashboard (KPIs) and the weekly brief, and the caller's own orders.

Thin: check the action, call one selector or service, render. A service error becomes a message
on the page with its 4xx status (never a 500).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from zwfw.core.errors import ZwfwError
from zwfw.core.models import Region
from zwfw.core.permissions import action_required, can, require
from zwfw.hotline import brief as brief_mod
from zwfw.hotline import kpi as kpi_mod
from zwfw.hotline import permissions as perms
from zwfw.hotline import selectors, services
from zwfw.hotline.models import AppealType, Channel, ExtensionStatus, Status, Urgency

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TONE = {
    Status.TO_DISPATCH: "warn",
    Status.ARBITRATION: "bad",
    Status.CLOSED: "ok",
    Status.VISITED: "ok",
}


def _int(value, default=None):
    try:
        n = int(value)
    except (TypeError, ValueError):
        return default
    return n if 0 <= n < 2**62 else default


def _regions(user):
    base = Region.objects.filter(level__in=[3, 4]).filter(code__startswith="51")
    if user.region_id:
        base = base.filter(path__startswith=user.region.path)
    return list(base.order_by("code")[:300])


@action_required(perms.ORDER_INTAKE)
@require_http_methods(["GET", "POST"])
def intake(request):
    """来电受理: the operator types or pastes the call; suggestions appear beside (htmx)."""
    context = {
        "regions": _regions(request.user),
        "appeal_types": AppealType.choices,
        "urgencies": Urgency.choices,
        "channels": [(c, label) for c, label in Channel.choices if c in {Channel.PHONE, Channel.WEB, Channel.MOBILE}],
        "categories": selectors.category_list(level=1),
        "data": request.POST if request.method == "POST" else {},
    }
    status = 200
    if request.method == "POST":
        p = request.POST
        try:
            order = services.work_order_create(
                actor=request.user,
                channel=p.get("channel", Channel.PHONE),
                text=p.get("text", ""),
                title=p.get("title", ""),
                appeal_type=p.get("appeal_type", AppealType.CONSULT),
                urgency=p.get("urgency", Urgency.NORMAL),
                region_code=p.get("region", ""),
                caller_name=p.get("caller_name", ""),
                caller_phone=p.get("caller_phone", ""),
                address=p.get("address", ""),
                category_code=p.get("category") or None,
                department_code=p.get("department") or None,
                knowledge_entry_id=_int(p.get("knowledge_entry")),
            )
        except ZwfwError as exc:
            context["error"] = exc.message
            status = exc.status
        else:
            messages.success(request, f"已受理工单 {order.number}：{order.get_status_display()}")
            return redirect("hotline:order_detail", order_id=order.pk)
    return render(request, "hotline/intake.html", context, status=status)


@action_required(perms.ORDER_INTAKE)
def intake_assist(request):
    """The panel beside the intake form: top-3 categories, department, knowledge, similar orders,
    caller history (htmx partial; also a plain page)."""
    from zwfw.hotline.api import selectors_assist

    text = (request.GET.get("text") or "")[:10_000]
    region = (request.GET.get("region") or "")[:12]
    phone = (request.GET.get("caller_phone") or "")[:20]
    assist = selectors_assist(request.user, text, region) if text.strip() else None
    history = selectors.caller_history(user=request.user, phone=phone)
    return render(request, "hotline/_assist.html", {"assist": assist, "history": history})


def _status_tone(order):
    if services.is_overdue(order):
        return "bad"
    return TONE.get(order.status, "")


@action_required(perms.ORDER_VIEW)
def order_list(request, queue: str | None = None):
    queue = queue or request.GET.get("queue") or None
    if queue and queue not in selectors.QUEUES:
        raise Http404("没有这个队列")
    q = (request.GET.get("q") or "")[:100]
    orders = list(selectors.work_order_list(user=request.user, queue=queue, q=q))
    title = selectors.QUEUES[queue][0] if queue else "全部工单"
    return render(
        request,
        "hotline/order_list.html",
        {
            "orders": [(o, _status_tone(o), services.is_overdue(o)) for o in orders],
            "title": title,
            "queue": queue,
            "queues": [(k, v[0]) for k, v in selectors.QUEUES.items()],
            "q": q,
        },
    )


def _order_context(request, order):
    user = request.user
    name, phone = selectors.caller_for(order, user)
    dept_user = selectors.is_department_user(user) or (user.is_authenticated and user.is_platform_admin)
    actions = []
    s = order.status
    if can(user, perms.ORDER_DISPATCH) and s == Status.TO_DISPATCH:
        actions.append("dispatch")
    if can(user, perms.ORDER_HANDLE) and dept_user:
        if s == Status.DISPATCHED:
            actions += ["sign", "return"]
        if s in {Status.SIGNED, Status.PROCESSING}:
            actions += ["process", "answer", "extension"]
        if s == Status.SIGNED:
            actions.append("return")
    if (
        can(user, perms.ORDER_VISIT)
        and s == Status.ANSWERED
        and (not user.is_applicant or order.caller_user_id == user.pk)
    ):
        actions.append("visit")
    if can(user, perms.ORDER_CLOSE) and s == Status.VISITED:
        actions += ["close", "reopen"]
    if can(user, perms.ORDER_SUPERVISE):
        if s == Status.ARBITRATION:
            actions.append("arbitrate")
        if services.is_overdue(order):
            actions.append("supervise")
        if s in {Status.DISPATCHED, Status.SIGNED, Status.PROCESSING}:
            actions.append("escalate")
    similar = []
    if not user.is_applicant:
        similar = selectors.similar_orders(user=user, text=f"{order.title} {order.text}", exclude_id=order.pk, limit=8)
    return {
        "order": order,
        "tone": _status_tone(order),
        "overdue": services.is_overdue(order),
        "caller_name": name,
        "caller_phone": phone,
        "events": order.events.select_related("actor", "department"),
        "actions": actions,
        "categories": selectors.category_list(level=1),
        "similar": similar,
        "similar_open": [(o, sc) for o, sc in similar if o.status not in {Status.CLOSED, Status.MERGED}],
        "similar_past": [(o, sc) for o, sc in similar if o.status in {Status.CLOSED}],
        "extensions": order.extensions.all(),
        "suggested_department": _suggested_department(order) if "dispatch" in actions else None,
    }


def _suggested_department(order):
    top = order.suggestions[0]["category_code"] if order.suggestions else ""
    category = selectors.category_get(code=top) if top else None
    return services.route_department(category, order.region) if category else None


@action_required(perms.ORDER_VIEW)
def order_detail(request, order_id: int):
    order = selectors.work_order_get_for(user=request.user, order_id=order_id)
    template = "hotline/order_detail.html"
    return render(request, template, _order_context(request, order))


_ACTIONS = {
    "dispatch": lambda u, o, p: services.work_order_dispatch(
        actor=u,
        order_id=o,
        category_code=p.get("category", ""),
        department_code=p.get("department") or None,
        row_version=_int(p.get("row_version")),
    ),
    "sign": lambda u, o, p: services.work_order_sign(actor=u, order_id=o, row_version=_int(p.get("row_version"))),
    "process": lambda u, o, p: services.work_order_process(
        actor=u, order_id=o, note=p.get("note", ""), row_version=_int(p.get("row_version"))
    ),
    "answer": lambda u, o, p: services.work_order_answer(
        actor=u, order_id=o, answer=p.get("answer", ""), row_version=_int(p.get("row_version"))
    ),
    "visit": lambda u, o, p: services.work_order_visit(
        actor=u,
        order_id=o,
        satisfaction=_int(p.get("satisfaction"), 0),
        resolved=p.get("resolved") == "1",
        note=p.get("note", ""),
        row_version=_int(p.get("row_version")),
    ),
    "close": lambda u, o, p: services.work_order_close(actor=u, order_id=o, row_version=_int(p.get("row_version"))),
    "reopen": lambda u, o, p: services.work_order_reopen(
        actor=u, order_id=o, reason=p.get("reason", ""), row_version=_int(p.get("row_version"))
    ),
    "return": lambda u, o, p: services.work_order_return(
        actor=u, order_id=o, reason=p.get("reason", ""), row_version=_int(p.get("row_version"))
    ),
    "arbitrate": lambda u, o, p: services.work_order_arbitrate(
        actor=u,
        order_id=o,
        department_code=p.get("department", ""),
        note=p.get("note", ""),
        row_version=_int(p.get("row_version")),
    ),
    "extension": lambda u, o, p: services.work_order_extension_request(
        actor=u,
        order_id=o,
        days=_int(p.get("days"), 0),
        reason=p.get("reason", ""),
        row_version=_int(p.get("row_version")),
    ),
    "supervise": lambda u, o, p: services.work_order_supervise(
        actor=u, order_id=o, note=p.get("note", ""), row_version=_int(p.get("row_version"))
    ),
    "escalate": lambda u, o, p: services.work_order_escalate(
        actor=u, order_id=o, reason=p.get("reason", ""), row_version=_int(p.get("row_version"))
    ),
}
_DONE = {
    "dispatch": "已派单",
    "sign": "已签收",
    "process": "已登记办理进展",
    "answer": "已答复",
    "visit": "已记录回访",
    "close": "已办结",
    "reopen": "已退回重办",
    "return": "已退单",
    "arbitrate": "已仲裁并派单",
    "extension": "已提交延期申请",
    "supervise": "已督办",
    "escalate": "已提级办理",
}


@action_required(perms.ORDER_VIEW)
@require_POST
def order_act(request, order_id: int, action: str):
    if action not in _ACTIONS:
        raise Http404("没有这个操作")
    order = selectors.work_order_get_for(user=request.user, order_id=order_id)
    try:
        _ACTIONS[action](request.user, order.pk, request.POST)
    except ZwfwError as exc:
        order = selectors.work_order_get_for(user=request.user, order_id=order_id)
        context = _order_context(request, order)
        context["error"] = exc.message
        return render(request, "hotline/order_detail.html", context, status=exc.status)
    messages.success(request, _DONE[action])
    order = selectors.work_order_get_for(user=request.user, order_id=order_id)
    return redirect("hotline:order_detail", order_id=order.pk)


@action_required(perms.ORDER_HANDLE)
def inbox(request):
    """部门收件箱: orders dispatched to the reader's department, to sign and in progress."""
    to_sign = list(selectors.work_order_list(user=request.user, queue="to_sign"))
    in_progress = list(selectors.work_order_list(user=request.user, queue="in_progress"))
    answered = list(selectors.work_order_list(user=request.user, queue="to_visit", limit=20))
    row = lambda os: [(o, _status_tone(o), services.is_overdue(o)) for o in os]  # noqa: E731
    return render(
        request,
        "hotline/inbox.html",
        {"to_sign": row(to_sign), "in_progress": row(in_progress), "answered": row(answered)},
    )


@action_required(perms.ORDER_SUPERVISE)
def supervise(request):
    """督办台: overdue orders (督办, 提级), arbitration, 延期 requests, orders to dispatch."""
    row = lambda os: [(o, _status_tone(o), services.is_overdue(o)) for o in os]  # noqa: E731
    return render(
        request,
        "hotline/supervise.html",
        {
            "overdue": row(selectors.work_order_list(user=request.user, queue="overdue")),
            "arbitration": row(selectors.work_order_list(user=request.user, queue="arbitration")),
            "to_dispatch": row(selectors.work_order_list(user=request.user, queue="to_dispatch", limit=50)),
            "extensions": selectors.extension_pending_list(user=request.user),
        },
    )


@action_required(perms.ORDER_SUPERVISE)
@require_POST
def extension_decide(request, extension_id: int):
    from zwfw.core.selectors.scope import get_object_for
    from zwfw.hotline.models import ExtensionRequest

    ext = get_object_for(request.user, ExtensionRequest.objects.all(), pk=extension_id)
    try:
        services.work_order_extension_decide(
            actor=request.user,
            extension_id=ext.pk,
            approve=request.POST.get("approve") == "1",
            note=request.POST.get("note", ""),
        )
    except ZwfwError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已审批延期申请")
    return redirect("hotline:supervise")


@action_required(perms.KNOWLEDGE_VIEW)
@require_http_methods(["GET", "POST"])
def knowledge(request):
    error, status = "", 200
    if request.method == "POST":
        require(request.user, perms.KNOWLEDGE_MANAGE)
        p = request.POST
        try:
            review = dt.date.fromisoformat(p.get("review_date", ""))
        except ValueError:
            error, status = "复核日期格式应为YYYY-MM-DD", 422
        else:
            try:
                services.knowledge_entry_save(
                    actor=request.user,
                    question=p.get("question", ""),
                    answer=p.get("answer", ""),
                    policy_source=p.get("policy_source", ""),
                    department_code=p.get("department", ""),
                    review_date=review,
                    category_code=p.get("category") or None,
                )
            except ZwfwError as exc:
                error, status = exc.message, exc.status
            else:
                messages.success(request, "已保存知识库条目")
                return redirect("hotline:knowledge")
    q = (request.GET.get("q") or "")[:200]
    entries = selectors.knowledge_list(user=request.user, q=q)
    return render(
        request,
        "hotline/knowledge.html",
        {
            "entries": entries,
            "q": q,
            "error": error,
            "can_manage": can(request.user, perms.KNOWLEDGE_MANAGE),
            "categories": selectors.category_list(level=1),
            "data": request.POST,
        },
        status=status,
    )


@action_required(perms.KNOWLEDGE_VIEW)
def knowledge_detail(request, entry_id: int):
    return render(request, "hotline/knowledge_detail.html", {"entry": selectors.knowledge_get(entry_id=entry_id)})


def _month(request) -> str:
    month = (request.GET.get("month") or "")[:7] or kpi_mod.current_month()
    return month


@action_required(perms.KPI_VIEW)
def dashboard(request):
    """领导驾驶舱: the six KPIs per department and region for a month, queues at a glance."""
    month = _month(request)
    try:
        by_dept, total = kpi_mod.kpi_table(user=request.user, month=month, group="department")
        by_region, _ = kpi_mod.kpi_table(user=request.user, month=month, group="region")
    except ZwfwError as exc:
        return render(request, "hotline/dashboard.html", {"error": exc.message, "month": month}, status=exc.status)
    counts = {
        k: selectors.work_order_queue_count(user=request.user, queue=k)
        for k in ("overdue", "in_progress", "to_dispatch", "arbitration")
    }
    return render(
        request,
        "hotline/dashboard.html",
        {
            "month": month,
            "by_dept": by_dept,
            "by_region": by_region,
            "total": total,
            "rates": kpi_mod.RATE_LABELS,
            "counts": counts,
        },
    )


@action_required(perms.KPI_VIEW)
def kpi_export(request):
    month = _month(request)
    try:
        body = kpi_mod.kpi_xlsx(user=request.user, month=month)
    except ZwfwError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="hotline-kpi-{month}.xlsx"'
    return response


@action_required(perms.KPI_VIEW)
def brief(request):
    try:
        b = brief_mod.weekly_brief(user=request.user, week=(request.GET.get("week") or "")[:10] or None)
    except ZwfwError as exc:
        return render(request, "hotline/brief.html", {"error": exc.message}, status=exc.status)
    peak = max([n for _, n in b.by_day] + [n for _, n in b.by_category] + [1])
    return render(
        request,
        "hotline/brief.html",
        {
            "brief": b,
            "peak": peak,
            "prev_week": (b.week_start - dt.timedelta(days=7)).isoformat(),
            "next_week": (b.week_start + dt.timedelta(days=7)).isoformat(),
        },
    )


@action_required(perms.KPI_VIEW)
def brief_export(request):
    try:
        b = brief_mod.weekly_brief(user=request.user, week=(request.GET.get("week") or "")[:10] or None)
    except ZwfwError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
    response = HttpResponse(brief_mod.brief_xlsx(b), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="hotline-brief-{b.week_start:%Y-%m-%d}.xlsx"'
    return response


@action_required(perms.ORDER_VIEW)
def mine(request):
    """我的诉求: the caller's own orders (applicants); staff see the order list instead."""
    if not request.user.is_applicant:
        return redirect("hotline:orders")
    orders = list(selectors.work_order_list(user=request.user))
    return render(
        request,
        "hotline/mine.html",
        {"orders": [(o, _status_tone(o), False) for o in orders], "pending": ExtensionStatus.PENDING},
    )
