"""The bundles' pages (Chinese, server-rendered; every control works without JavaScript).

- 一件事 ``/bundles/``: published bundles with their before/after figures;
- a bundle ``/bundles/b/<code>/``: figures one by one vs the bundle, stages, materials, form, and
  the change of the last recomposition; its 一次告知单 ``…/notice/`` (printable) and 申请 ``…/apply/``;
- 复核 ``/bundles/review/`` and ``/bundles/b/<code>/review/``: open merge suggestions with the
  similarity score, confirm/reject, publish (lead department's admins, platform admins);
- 自由组合 ``/bundles/compose/``: search, tick items, see the plan on the fly, confirm suggested
  merges (kept in the session for this combination), apply once;
- 我的一件事 ``/bundles/applications/`` and one application's progress and notice.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zwfw.bundles import permissions as perms
from zwfw.bundles import selectors, services
from zwfw.bundles.engine import MergeDecision
from zwfw.bundles.models import BundleTheme
from zwfw.catalog.selectors import item_search
from zwfw.core.errors import ZwfwError
from zwfw.core.permissions import action_required, can

SESSION_KEY = "bundles_compose"
FIGURE_ROWS = [
    ("materials", "申请材料（份）"),
    ("form_fields", "填写字段（项）"),
    ("time_limit_days", "办理时限（工作日）"),
    ("trips", "跑动次数（次）"),
    ("windows", "办理窗口（个）"),
]


def _figures(plan: dict) -> list[dict]:
    return [
        {
            "key": key,
            "label": label,
            "before": plan["before"][key],
            "after": plan["after"][key],
            "saved": plan["before"][key] - plan["after"][key],
        }
        for key, label in FIGURE_ROWS
    ]


def _windows(plan: dict) -> list[dict]:
    """办理窗口 by department *name* (the plan keeps codes such as ``510107-wjw``)."""
    from zwfw.core.selectors.accounts import department_by_code

    rows = []
    for w in plan.get("windows", []):
        department = department_by_code(code=w["department"]) if w.get("department") else None
        rows.append({"department": department.name if department else "办理部门", "place": w.get("place", "")})
    return rows


def _plan_context(plan: dict) -> dict:
    names = {i["code"]: i["name"] for i in plan["items"]}
    stages = [
        {
            "number": s["number"],
            "items": [names[c] for c in s["items"]],
            "time_limit_days": s["time_limit_days"],
            "trips": s["trips"],
        }
        for s in plan["stages"]
    ]
    applicant = [m for m in plan["materials"] if m["provided_by_applicant"]]
    produced = [m for m in plan["materials"] if not m["provided_by_applicant"]]
    for m in plan["materials"]:
        m["item_names"] = [names.get(c, c) for c in m["items"]]
    for s in plan["open_suggestions"]:
        s["item_a"] = names.get(s["material_a_key"].split("/")[0], "")
        s["item_b"] = names.get(s["material_b_key"].split("/")[0], "")
    return {
        "plan": plan,
        "windows": _windows(plan),
        "figures": _figures(plan),
        "stages": stages,
        "applicant_materials": applicant,
        "produced_materials": produced,
        "critical_path": [names.get(c, c) for c in plan["critical_path"]],
        "item_names": names,
    }


@require_GET
@action_required(perms.VIEW)
def bundle_list(request: HttpRequest) -> HttpResponse:
    theme = request.GET.get("theme") or None
    rows = [{"bundle": b, "plan": plan} for b, plan in selectors.bundle_list_with_plans(user=request.user, theme=theme)]
    for row in rows:
        row["figures"] = _figures(row["plan"].plan) if row["plan"] else []
    return render(request, "bundles/bundle_list.html", {"rows": rows, "themes": BundleTheme.choices, "theme": theme})


@require_GET
@action_required(perms.VIEW)
def bundle_detail(request: HttpRequest, code: str) -> HttpResponse:
    bundle = selectors.bundle_get_for(user=request.user, code=code)
    plans = selectors.bundle_plans(bundle)
    context = {"bundle": bundle, "current": plans[0] if plans else None, "history": plans}
    if plans:
        context.update(_plan_context(plans[0].plan))
        context["last_change"] = next((p for p in plans if p.change), None)
    context["can_review"] = services.bundle_reviewable_by(request.user, bundle)
    context["can_apply"] = can(request.user, perms.APPLY)
    return render(request, "bundles/bundle_detail.html", context)


@require_GET
@action_required(perms.VIEW)
def bundle_notice(request: HttpRequest, code: str) -> HttpResponse:
    """一次告知单 of a bundle: materials once, stages, windows, time limit, trips (printable)."""
    bundle = selectors.bundle_get_for(user=request.user, code=code)
    current = services.bundle_plan_latest(bundle)
    context = {"title": bundle.name, "bundle": bundle, "current": current}
    if current:
        context.update(_plan_context(current.plan))
    return render(request, "bundles/notice.html", context)


# ---- review -------------------------------------------------------------------------------------


@require_GET
@action_required(perms.REVIEW)
def review_list(request: HttpRequest) -> HttpResponse:
    return render(request, "bundles/review_list.html", {"rows": selectors.review_list_for(user=request.user)})


def _reviewable(request: HttpRequest, code: str):
    bundle = selectors.bundle_get_for(user=request.user, code=code)
    if not services.bundle_reviewable_by(request.user, bundle):
        raise PermissionDenied("只有牵头部门的管理员或平台管理员可以复核该一件事")
    return bundle


@require_http_methods(["GET", "POST"])
@action_required(perms.REVIEW)
def review_detail(request: HttpRequest, code: str) -> HttpResponse:
    bundle = _reviewable(request, code)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "publish":
                services.bundle_publish(actor=request.user, bundle=bundle)
                messages.success(request, "已发布")
            else:
                services.merge_decision_record(
                    actor=request.user,
                    bundle=bundle,
                    material_a_key=request.POST.get("a", ""),
                    material_b_key=request.POST.get("b", ""),
                    accepted=request.POST.get("accepted") == "1",
                    note=request.POST.get("note", ""),
                )
                messages.success(request, "复核结论已保存，方案已重新组合")
        except ZwfwError as exc:
            messages.error(request, exc.message)
            return render(request, "bundles/review_detail.html", _review_context(bundle, error=exc), status=exc.status)
        return HttpResponseRedirect(reverse("bundles:review_detail", args=[bundle.code]))
    return render(request, "bundles/review_detail.html", _review_context(bundle))


def _review_context(bundle, error=None) -> dict:
    current = services.bundle_plan_latest(bundle)
    context = {"bundle": bundle, "current": current, "decisions": selectors.bundle_decisions(bundle), "error": error}
    if current:
        context.update(_plan_context(current.plan))
    return context


# ---- free combination ---------------------------------------------------------------------------


def _combination(request: HttpRequest) -> dict:
    data = request.session.get(SESSION_KEY) or {}
    return {"items": list(data.get("items") or []), "decisions": list(data.get("decisions") or [])}


def _save(request: HttpRequest, combination: dict) -> None:
    request.session[SESSION_KEY] = combination


@require_http_methods(["GET", "POST"])
@action_required(perms.COMPOSE)
def compose(request: HttpRequest) -> HttpResponse:
    """服务事项自由组合. POST actions: ``add`` (ticked ``item`` codes), ``remove``, ``decide``
    (``a``, ``b``, ``accepted``: kept for this combination in the session), ``clear``."""
    combination = _combination(request)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            for code in request.POST.getlist("item"):
                if code and code not in combination["items"]:
                    combination["items"].append(code)
        elif action == "remove":
            combination["items"] = [c for c in combination["items"] if c != request.POST.get("item")]
        elif action == "decide":
            a, b = sorted((request.POST.get("a", ""), request.POST.get("b", "")))
            combination["decisions"] = [
                d for d in combination["decisions"] if sorted((d["material_a_key"], d["material_b_key"])) != [a, b]
            ]
            if a and b:
                combination["decisions"].append(
                    {"material_a_key": a, "material_b_key": b, "accepted": request.POST.get("accepted") == "1"}
                )
        elif action == "clear":
            combination = {"items": [], "decisions": []}
        _save(request, combination)
        query = request.POST.get("q", "")
        return HttpResponseRedirect(reverse("bundles:compose") + (f"?{urlencode({'q': query})}" if query else ""))
    query = (request.GET.get("q") or "").strip()
    hits = item_search(query=query, limit=20) if query else []
    context = {"q": query, "hits": hits, "combination": combination, "error": None, "sources": []}
    if combination["items"]:
        try:
            plan, sources = services.free_compose(
                implementation_codes=combination["items"],
                decisions=[MergeDecision(**d) for d in combination["decisions"]],
            )
            context.update(_plan_context(plan.to_dict()))
            context["sources"] = sources
        except ZwfwError as exc:
            context["error"] = exc
    context["can_apply"] = can(request.user, perms.APPLY)
    return render(request, "bundles/compose.html", context)


# ---- one application ----------------------------------------------------------------------------


#: Fields the account already knows (filled in by the cases app from the applicant's account).
ACCOUNT_FIELDS = {
    "person": frozenset({"applicant_name", "id_number", "phone"}),
    "enterprise": frozenset({"enterprise_name", "uscc", "phone"}),
}
#: Enterprise data a person cannot be asked for unless an item requires it.
ENTERPRISE_ONLY = frozenset({"enterprise_name", "uscc"})
#: Elements an item of the bundle produces (its result e-licence carries them): not asked.
PRODUCED_ELEMENTS = {"child_id_number": "hukou_book"}  # 出生登记 → 户口簿 with the child's 身份号码


def _asked_fields(request, plan: dict, sources) -> list[dict]:
    """The merged form without the fields known from the account or produced inside the bundle."""
    role = getattr(request.user, "role", "")
    known = ACCOUNT_FIELDS.get(role, frozenset())
    produced = {r for s in sources or () if (r := getattr(s.spec, "result_licence_type", ""))}
    out = []
    for f in plan["form"]:
        element = f["element"]
        if element in known:
            continue
        if role == "person" and element in ENTERPRISE_ONLY and not f["required"]:
            continue
        if PRODUCED_ELEMENTS.get(element) in produced:
            continue
        out.append(f)
    return out


def _field_errors(error) -> tuple[dict[str, str], list[str]]:
    """A service error as (element → message) for the fields and a list for the rest."""
    if error is None:
        return {}, []
    detail = getattr(error, "detail", None)
    if isinstance(detail, dict) and all(isinstance(v, str) for v in detail.values()):
        return dict(detail), []
    return {}, []


def _apply_form(request, *, plan: dict, bundle=None, title: str, action_url: str, error=None, status=200, sources=()):
    values = request.POST if request.method == "POST" else {}
    errors, _ = _field_errors(error)
    fields = [
        {**f, "value": values.get(f["element"], ""), "error": errors.get(f["element"], "")}
        for f in _asked_fields(request, plan, sources)
    ]
    shown = {f["element"] for f in fields}
    context = {
        **_plan_context(plan),
        "bundle": bundle,
        "title": title,
        "action_url": action_url,
        "error": error,
        "field_errors": errors,
        "other_errors": [v for k, v in errors.items() if k not in shown],
        "fields": fields,
        "values": values,
        "is_clerk": not getattr(request.user, "is_applicant", False),
    }
    return render(request, "bundles/apply.html", context, status=status)


def _uploads(request: HttpRequest, plan: dict) -> dict:
    keys = [m["key"] for m in plan["materials"] if m["provided_by_applicant"]]
    return {
        keys[int(name[9:])]: f
        for name, f in request.FILES.items()
        if name.startswith("material_") and name[9:].isdigit() and int(name[9:]) < len(keys)
    }


def _submit(request: HttpRequest, *, bundle=None, items=(), decisions=(), plan: dict):
    on_behalf_of = None
    if not getattr(request.user, "is_applicant", False):
        on_behalf_of = services.agent_applicant_resolve(actor=request.user, username=request.POST.get("on_behalf_of"))
    fields = {f["element"] for f in plan["form"]}
    return services.bundle_application_submit(
        actor=request.user,
        bundle=bundle,
        implementation_codes=items,
        decisions=decisions,
        form_data={k: v for k, v in request.POST.items() if k in fields},
        uploads=_uploads(request, plan),
        channel="online" if getattr(request.user, "is_applicant", False) else "window",
        on_behalf_of=on_behalf_of,
    )


@require_http_methods(["GET", "POST"])
@action_required(perms.APPLY)
def bundle_apply(request: HttpRequest, code: str) -> HttpResponse:
    bundle = selectors.bundle_get_for(user=request.user, code=code)
    current = services.bundle_plan_latest(bundle)
    if current is None:
        raise PermissionDenied("该一件事尚未组合")
    url = reverse("bundles:bundle_apply", args=[bundle.code])
    try:
        sources = services.bundle_compose(bundle)[1]
    except ZwfwError:
        sources = []
    if request.method == "POST":
        try:
            application = _submit(request, bundle=bundle, plan=current.plan)
        except ZwfwError as exc:
            return _apply_form(
                request,
                plan=current.plan,
                bundle=bundle,
                title=bundle.name,
                action_url=url,
                error=exc,
                status=exc.status,
                sources=sources,
            )
        return HttpResponseRedirect(reverse("bundles:application_detail", args=[application.pk]))
    return _apply_form(request, plan=current.plan, bundle=bundle, title=bundle.name, action_url=url, sources=sources)


@require_http_methods(["GET", "POST"])
@action_required(perms.APPLY)
def compose_apply(request: HttpRequest) -> HttpResponse:
    combination = _combination(request)
    if not combination["items"]:
        return HttpResponseRedirect(reverse("bundles:compose"))
    decisions = [MergeDecision(**d) for d in combination["decisions"]]
    url = reverse("bundles:compose_apply")
    try:
        plan, sources = services.free_compose(implementation_codes=combination["items"], decisions=decisions)
    except ZwfwError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("bundles:compose"))
    data = plan.to_dict()
    title = "自由组合：" + "、".join(s.name for s in sources)
    if request.method == "POST":
        try:
            application = _submit(request, items=combination["items"], decisions=decisions, plan=data)
        except ZwfwError as exc:
            return _apply_form(
                request, plan=data, title=title, action_url=url, error=exc, status=exc.status, sources=sources
            )
        _save(request, {"items": [], "decisions": []})
        return HttpResponseRedirect(reverse("bundles:application_detail", args=[application.pk]))
    return _apply_form(request, plan=data, title=title, action_url=url, sources=sources)


@require_GET
@action_required(perms.VIEW_APPLICATION)
def application_list(request: HttpRequest) -> HttpResponse:
    applications = selectors.application_list_for(user=request.user).prefetch_related("children__case")[:100]
    rows = [{"application": a, "progress": selectors.application_progress(a)} for a in applications]
    return render(request, "bundles/application_list.html", {"rows": rows})


@require_GET
@action_required(perms.VIEW_APPLICATION)
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = selectors.application_get_for(user=request.user, application_id=application_id)
    context = {
        "application": application,
        "progress": selectors.application_progress(application),
        **_plan_context(application.plan),
    }
    return render(request, "bundles/application_detail.html", context)


@require_POST
@action_required(perms.VIEW_APPLICATION)
def application_advance(request: HttpRequest, application_id: int) -> HttpResponse:
    """刷新进度: create later-stage children whose prerequisites are completed now."""
    application = selectors.application_get_for(user=request.user, application_id=application_id)
    created = services.bundle_application_advance(actor=request.user, application=application)
    messages.info(request, f"已生成{len(created)}个后续子件" if created else "进度已刷新")
    return HttpResponseRedirect(reverse("bundles:application_detail", args=[application.pk]))


@require_GET
@action_required(perms.VIEW_APPLICATION)
def application_notice(request: HttpRequest, application_id: int) -> HttpResponse:
    application = selectors.application_get_for(user=request.user, application_id=application_id)
    context = {"title": application.title, "application": application, **_plan_context(application.plan)}
    return render(request, "bundles/notice.html", context)
