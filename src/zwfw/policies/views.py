"""The policies pages: public list, enterprise "policies for me" with explanations and one-click
application, officer consoles (drafting, rule testing, match runs, 免申即享, 申兑 review) and the
effect dashboard. Thin: parse, call one service or selector, render."""

from __future__ import annotations

import datetime as dt

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zwfw.core.models import Department, Region
from zwfw.core.permissions import can, require
from zwfw.policies import permissions as perms
from zwfw.policies import selectors, services
from zwfw.policies.errors import PolicyError
from zwfw.policies.models import BenefitType, GrantStatus, PolicyStatus
from zwfw.policies.rules.attributes import ATTRIBUTES, TAGS, Source
from zwfw.policies.rules.evaluate import evaluate
from zwfw.policies.rules.language import RuleError, format_money, profile_from_literals, rule_from_text
from zwfw.policies.services.profiles import source_columns


def _money(fen):
    return format_money(fen) if fen is not None else "—"


def policy_list(request: HttpRequest) -> HttpResponse:
    tag = request.GET.get("tag") or None
    policies = selectors.policy_list(user=request.user, tag=tag)
    return render(request, "policies/list.html", {"policies": policies, "tag": tag})


def policy_detail(request: HttpRequest, policy_id: int) -> HttpResponse:
    policy = selectors.policy_get_for(user=request.user, policy_id=policy_id)
    manage = request.user.is_authenticated and can(request.user, perms.POLICY_MANAGE)
    return render(
        request,
        "policies/detail.html",
        {"policy": policy, "items": policy.items.all(), "manage": manage, "benefits": BenefitType.choices},
    )


@login_required
def for_me(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.APPLY)
    rows = []
    for r in selectors.policies_for_me(user=request.user):
        granted = r.grant is not None and r.grant.status == GrantStatus.CONFIRMED
        amount = r.grant.amount if granted else r.evaluation.amount
        rows.append(
            {
                "item": r.item,
                "evaluation": r.evaluation,
                "granted": granted,
                "application": r.application,
                "amount_text": _money(amount),
            }
        )
    profile = selectors.profile_for_enterprise(user=request.user)
    return render(request, "policies/for_me.html", {"rows": rows, "profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, item_id: int) -> HttpResponse:
    """一键申报: the prefilled application; only declarations are asked for."""
    require(request.user, perms.APPLY)
    item = selectors.item_get_for(user=request.user, item_id=item_id)
    profile = selectors.profile_for_enterprise(user=request.user)
    if profile is None:
        messages.error(request, "尚未建立企业画像（一企一档），请联系政策专员。")
        return redirect("policies:for_me")
    ev = selectors.explanation(profile=profile, item=item)
    if request.method == "POST":
        try:
            app = services.application_submit(
                actor=request.user, item=item, declarations=request.POST.getlist("declare")
            )
        except PolicyError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已提交“{item.title}”申报（编号 {app.pk}），请留意受理进度。")
            return redirect("policies:for_me")
    return render(
        request, "policies/apply.html", {"item": item, "profile": profile, "ev": ev, "amount": _money(ev.amount)}
    )


@login_required
def explain(request: HttpRequest, item_id: int) -> HttpResponse:
    """Enterprise × item explanation: the enterprise's own, or any profile for officers."""
    item = selectors.item_get_for(user=request.user, item_id=item_id)
    uscc = request.GET.get("uscc")
    if uscc and can(request.user, perms.CONSOLE):
        profile = selectors.profile_list(user=request.user).filter(uscc=uscc).first()
    else:
        profile = selectors.profile_for_enterprise(user=request.user)
    if profile is None:
        return render(request, "policies/explain.html", {"item": item, "profile": None}, status=404)
    ev = selectors.explanation(profile=profile, item=item)
    return render(
        request, "policies/explain.html", {"item": item, "profile": profile, "ev": ev, "amount": _money(ev.amount)}
    )


# --- officer console ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def console(request: HttpRequest) -> HttpResponse:
    """Drafting: new policies; the list of policies in scope with their states."""
    require(request.user, perms.POLICY_MANAGE)
    if request.method == "POST":
        try:
            effective = dt.date.fromisoformat(request.POST.get("effective_from", ""))
            expires = request.POST.get("expires_on") or None
            policy = services.policy_create(
                actor=request.user,
                key=request.POST.get("key", "").strip(),
                title=request.POST.get("title", "").strip(),
                issuer=request.POST.get("issuer", "").strip(),
                doc_number=request.POST.get("doc_number", "").strip(),
                effective_from=effective,
                expires_on=dt.date.fromisoformat(expires) if expires else None,
                full_text=request.POST.get("full_text", ""),
                region=request.user.region or Region.objects.get(code="510000"),
                department=request.user.department or Department.objects.filter(region=request.user.region).first(),
                tags=[t.strip() for t in request.POST.get("tags", "").replace("，", ",").split(",") if t.strip()],
            )
        except (ValueError, PolicyError) as exc:
            messages.error(request, getattr(exc, "message", "") or f"请检查填写内容：{exc}")
        else:
            return redirect("policies:detail", policy_id=policy.pk)
    policies = selectors.policy_list(user=request.user)
    return render(
        request, "policies/console.html", {"policies": policies, "runs": selectors.run_list(user=request.user)[:5]}
    )


@login_required
@require_POST
def item_add(request: HttpRequest, policy_id: int) -> HttpResponse:
    require(request.user, perms.POLICY_MANAGE)
    policy = selectors.policy_manageable(user=request.user, policy_id=policy_id)
    try:
        services.support_item_create(
            actor=request.user,
            policy=policy,
            key=request.POST.get("key", "").strip(),
            title=request.POST.get("title", "").strip(),
            benefit=request.POST.get("benefit", "subsidy"),
            rule_text=request.POST.get("rule_text", ""),
            department=policy.department,
            materials=[m.strip() for m in request.POST.get("materials", "").splitlines() if m.strip()],
            auto_grant=request.POST.get("auto_grant") == "1",
        )
    except (ValueError, PolicyError) as exc:
        messages.error(request, getattr(exc, "message", "") or str(exc))
    else:
        messages.success(request, "已添加惠企事项，申报条件已通过类型检查。")
    return redirect("policies:detail", policy_id=policy.pk)


@login_required
@require_POST
def policy_transition(request: HttpRequest, policy_id: int) -> HttpResponse:
    require(request.user, perms.POLICY_MANAGE)
    policy = selectors.policy_manageable(user=request.user, policy_id=policy_id)
    try:
        services.policy_transition(actor=request.user, policy=policy, to=request.POST.get("to", ""))
    except (ValueError, PolicyError) as exc:
        messages.error(request, getattr(exc, "message", "") or "不支持的状态")
    else:
        messages.success(request, "政策状态已更新。")
    return redirect("policies:detail", policy_id=policy.pk)


SAMPLE_ENTERPRISES = """\
- {name: 成都示例科技有限公司, region_code: "510107", industry_code: "6511", established_on: 2019-05-01,
   employees: 85, revenue: 6800万元, total_assets: 5200万元, rd_expense: 900万元, credit_grade: A,
   tags: [高新技术企业, 中小企业, 科技型中小企业], size_class: 中型}
- {name: 绵阳某机械厂, region_code: "510703", industry_code: "3424", established_on: 2022-03-10,
   employees: 18, revenue: 260万元, total_assets: 300万元, rd_expense: 0元, credit_grade: B,
   tags: [小微企业, 中小企业], size_class: 微型}
"""


@login_required
@require_http_methods(["GET", "POST"])
def rule_test(request: HttpRequest) -> HttpResponse:
    """Try a rule against sample enterprises before publishing it (nothing is saved)."""
    require(request.user, perms.POLICY_MANAGE)
    rule_text = request.POST.get("rule_text", "") if request.method == "POST" else ""
    samples_text = request.POST.get("samples", SAMPLE_ENTERPRISES) if request.method == "POST" else SAMPLE_ENTERPRISES
    as_of_text = request.POST.get("as_of") or timezone.localdate().isoformat()
    results, error = [], None
    if request.method == "POST":
        try:
            as_of = dt.date.fromisoformat(as_of_text)
            rule = rule_from_text(rule_text, key=request.POST.get("key") or "试算规则")
            samples = yaml.safe_load(samples_text) or []
            if not isinstance(samples, list):
                raise ValueError("样例企业应为列表")
            for sample in samples:
                name = str(sample.pop("name", "样例企业")) if isinstance(sample, dict) else "样例企业"
                profile = profile_from_literals(sample if isinstance(sample, dict) else {})
                results.append((name, evaluate(rule, profile, as_of=as_of)))
        except RuleError as exc:
            error = str(exc)
        except (ValueError, yaml.YAMLError) as exc:
            error = f"输入有误：{exc}"
    return render(
        request,
        "policies/rule_test.html",
        {
            "rule_text": rule_text,
            "samples": samples_text,
            "as_of": as_of_text,
            "results": results,
            "error": error,
            "attributes": ATTRIBUTES.values(),
            "money": _money,
        },
        status=422 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def runs(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.MATCH_RUN)
    if request.method == "POST":
        try:
            if request.POST.get("resume"):
                run = selectors.run_get(run_id=int(request.POST["resume"]), user=request.user)
                services.match_run_resume(actor=request.user, run=run)
            else:
                services.match_run_create(actor=request.user)
        except (ValueError, PolicyError) as exc:
            messages.error(request, getattr(exc, "message", "") or str(exc))
        else:
            messages.success(request, "匹配任务已提交，在后台运行。")
        return redirect("policies:runs")
    return render(request, "policies/runs.html", {"runs": selectors.run_list(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def grants(request: HttpRequest) -> HttpResponse:
    """免申即享 list: review the generated grants and confirm (or remove) them."""
    require(request.user, perms.GRANT_DECIDE)
    qs = selectors.grant_list(user=request.user)
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("grant") if i.isdigit()]
        confirm = request.POST.get("decision") != "reject"
        n = services.grant_decide_many(actor=request.user, grants=qs.filter(pk__in=ids), confirm=confirm)
        messages.success(request, f"已{'确认兑现' if confirm else '剔除'} {n} 户。")
        return redirect("policies:grants")
    status = request.GET.get("status", GrantStatus.PROPOSED)
    return render(
        request,
        "policies/grants.html",
        {"grants": qs.filter(status=status)[:500], "status": status, "statuses": GrantStatus.choices, "money": _money},
    )


@login_required
def applications(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.CONSOLE)
    status = request.GET.get("status") or None
    apps = selectors.application_list(user=request.user, status=status)[:300]
    return render(request, "policies/applications.html", {"apps": apps, "status": status, "money": _money})


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    app = selectors.application_get_for(user=request.user, application_id=application_id)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("accept", "not_accept"):
                require(request.user, perms.ACCEPT)
                shortfall = [m for m in request.POST.getlist("shortfall") if m]
                services.application_accept(
                    actor=request.user,
                    application=app,
                    accept=action == "accept",
                    shortfall=shortfall,
                    reason=request.POST.get("reason", ""),
                )
            elif action in ("approve", "deny"):
                require(request.user, perms.REVIEW)
                services.application_review(
                    actor=request.user,
                    application=app,
                    approve=action == "approve",
                    opinion=request.POST.get("opinion", ""),
                )
            elif action == "object":
                require(request.user, perms.OBJECT)
                services.objection_raise(actor=request.user, application=app, text=request.POST.get("text", ""))
            elif action == "disburse":
                require(request.user, perms.REVIEW)
                services.application_disburse(
                    actor=request.user,
                    application=app,
                    paid_on=dt.date.fromisoformat(request.POST.get("paid_on") or timezone.localdate().isoformat()),
                    voucher=request.POST.get("voucher", ""),
                )
            else:
                raise PermissionDenied
        except PolicyError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, "日期格式有误")
        else:
            messages.success(request, "已办理。")
        return redirect("policies:application", application_id=app.pk)
    return render(request, "policies/application.html", {"app": app, "money": _money})


@login_required
@require_http_methods(["GET", "POST"])
def profile_import(request: HttpRequest) -> HttpResponse:
    """一企一档: import one data source's file; the report lists the rows not imported."""
    require(request.user, perms.PROFILE_IMPORT)
    batch = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择文件")
        else:
            try:
                batch = services.profile_import(
                    actor=request.user,
                    source=request.POST.get("source", ""),
                    filename=upload.name,
                    content=upload.read(),
                )
            except PolicyError as exc:
                messages.error(request, exc.message)
    sources = [s.value for s in Source if s not in (Source.DECLARATION, Source.DERIVED)]
    return render(
        request,
        "policies/import.html",
        {"batch": batch, "sources": sources, "columns": {s: sorted(source_columns(Source(s))) for s in sources}},
        status=400 if request.method == "POST" and batch is None else 200,
    )


@login_required
def portraits(request: HttpRequest) -> HttpResponse:
    """双画像: policies by enterprise tag, enterprises by policy tag."""
    require(request.user, perms.CONSOLE)
    enterprise_tag = (request.GET.get("enterprise_tag") or "").strip()
    policy_tag = (request.GET.get("policy_tag") or "").strip()
    policies = selectors.policies_for_enterprise_tag(user=request.user, tag=enterprise_tag) if enterprise_tag else []
    enterprises = selectors.enterprises_for_policy_tag(user=request.user, tag=policy_tag)[:200] if policy_tag else []
    return render(
        request,
        "policies/portraits.html",
        {
            "enterprise_tag": enterprise_tag,
            "policy_tag": policy_tag,
            "policies": policies,
            "enterprises": enterprises,
            "tags": list(TAGS),
        },
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.CONSOLE)
    rows = selectors.effect_figures(user=request.user)
    top = max((r["amount"] for r in rows), default=0) or 1
    for r in rows:
        r["bar"] = round(100 * r["amount"] / top)
        r["amount_text"] = _money(r["amount"])
    run = selectors.latest_run(user=request.user)
    return render(
        request,
        "policies/dashboard.html",
        {"rows": rows, "run": run, "statuses": PolicyStatus.choices},
    )
