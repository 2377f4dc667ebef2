"""惠企政策 API under ``/api/v1/policies/``: the same services and selectors as the pages.

Published policies are public; rule checking, runs, grants, imports and review need the
policy officer's actions; applications and explanations are the enterprise's own (officers may
name an enterprise by ``uscc`` within their region).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from zwfw.core.api import ErrorOut
from zwfw.core.permissions import can, require
from zwfw.policies import permissions as perms
from zwfw.policies import selectors, services
from zwfw.policies.errors import rule_invalid
from zwfw.policies.rules.language import RuleError, rule_from_text
from zwfw.policies.schemas import (
    AcceptIn,
    ExplanationOut,
    FigureOut,
    GrantDecisionIn,
    GrantOut,
    ImportOut,
    PolicyApplicationIn,
    PolicyApplicationOut,
    PolicyOut,
    ReviewIn,
    RuleCheckIn,
    RuleCheckOut,
    RunIn,
    RunOut,
)

router = Router(tags=["policies"])

_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
_PUBLIC_ERRORS = {404: ErrorOut, 422: ErrorOut}


@router.get(
    "/policies",
    response={200: list[PolicyOut], **_PUBLIC_ERRORS},
    auth=None,
    operation_id="policies_policy_list",
    summary="惠企政策清单（已发布、施行中及已到期的政策与惠企事项；可按政策标签筛选）",
)
def policy_list(request, tag: str | None = Query(None, max_length=64, description="政策标签（至多64字）")):
    # bounded: a 10,000-character tag made SQLite's LIKE refuse the pattern (500) once policies exist
    return list(selectors.policy_list(user=request.user, tag=tag))


@router.get(
    "/policies/{policy_id}",
    response={200: PolicyOut, **_PUBLIC_ERRORS},
    auth=None,
    operation_id="policies_policy_get",
    summary="一项惠企政策及其惠企事项、申报条件规则",
)
def policy_get(request, policy_id: int):
    return selectors.policy_get_for(user=request.user, policy_id=policy_id)


@router.post(
    "/rules/check",
    response={200: RuleCheckOut, **_ERRORS},
    operation_id="policies_rule_check",
    summary="检查申报条件规则：解析与类型检查，错误时指明规则和字段（422 policy_rule_invalid）",
)
def rule_check(request, body: RuleCheckIn):
    require(request.auth, perms.POLICY_MANAGE)
    try:
        rule = rule_from_text(body.rule_text, key=body.key)
    except RuleError as exc:
        raise rule_invalid(exc) from None
    conds = [
        {"id": c.id, "label": c.label, "attr": c.attr.name, "op": c.op.value, "source": c.source.value}
        for c in rule.condition_list
    ]
    return {"key": rule.key, "fully_data_backed": rule.fully_data_backed, "conditions": conds}


def _explanation(item, profile, ev) -> dict:
    return {
        "item_id": item.pk,
        "item": item.title,
        "uscc": profile.uscc,
        "status": ev.status,
        "status_label": ev.status_label,
        "amount_fen": ev.amount,
        "conditions": [c.as_dict() for c in ev.conditions],
    }


@router.get(
    "/for-me",
    response={200: list[ExplanationOut], **_ERRORS},
    operation_id="policies_for_me",
    summary="政策找企业：本企业匹配到的惠企事项及逐项条件说明",
)
def for_me(request):
    require(request.auth, perms.APPLY)
    profile = selectors.profile_for_enterprise(user=request.auth)
    return [_explanation(r.item, profile, r.evaluation) for r in selectors.policies_for_me(user=request.auth)]


@router.get(
    "/items/{item_id}/explanation",
    response={200: ExplanationOut, **_ERRORS},
    operation_id="policies_item_explanation",
    summary="企业×惠企事项的条件说明：哪些条件满足、不满足、需企业承诺，及所用数据",
)
def item_explanation(request, item_id: int, uscc: str | None = None):
    item = selectors.item_get_for(user=request.auth, item_id=item_id)
    if uscc and can(request.auth, perms.CONSOLE):
        profile = get_object_or_404(selectors.profile_list(user=request.auth), uscc=uscc)
    else:
        profile = selectors.profile_for_enterprise(user=request.auth)
        if profile is None:
            from django.http import Http404

            raise Http404
    return _explanation(item, profile, selectors.explanation(profile=profile, item=item))


@router.post(
    "/items/{item_id}/applications",
    response={201: PolicyApplicationOut, **_ERRORS},
    operation_id="policies_application_submit",
    summary="一键申报：以一企一档预填申报，提交需企业承诺的条件",
)
def application_submit(request, item_id: int, body: PolicyApplicationIn):
    require(request.auth, perms.APPLY)
    item = selectors.item_get_for(user=request.auth, item_id=item_id)
    return Status(201, services.application_submit(actor=request.auth, item=item, declarations=body.declarations))


@router.post(
    "/applications/{application_id}/acceptance",
    response={200: PolicyApplicationOut, **_ERRORS},
    operation_id="policies_application_accept",
    summary="受理或不予受理申报（信用+容缺：A/B级企业可容缺受理）",
)
def application_accept(request, application_id: int, body: AcceptIn):
    require(request.auth, perms.ACCEPT)
    app = selectors.application_get_for(user=request.auth, application_id=application_id)
    return services.application_accept(
        actor=request.auth, application=app, accept=body.accept, shortfall=body.shortfall, reason=body.reason
    )


@router.post(
    "/applications/{application_id}/review",
    response={200: PolicyApplicationOut, **_ERRORS},
    operation_id="policies_application_review",
    summary="审核申报（受审分离；通过即进入公示）",
)
def application_review(request, application_id: int, body: ReviewIn):
    require(request.auth, perms.REVIEW)
    app = selectors.application_get_for(user=request.auth, application_id=application_id)
    return services.application_review(
        actor=request.auth, application=app, approve=body.approve, amount=body.amount_fen, opinion=body.opinion
    )


@router.post(
    "/runs",
    response={201: RunOut, **_ERRORS},
    operation_id="policies_run_create",
    summary="开始批量匹配（后台任务；同一时间只运行一个）",
)
def run_create(request, body: RunIn):
    require(request.auth, perms.MATCH_RUN)
    return Status(201, services.match_run_create(actor=request.auth, as_of=body.as_of))


@router.get(
    "/runs/{run_id}",
    response={200: RunOut, **_ERRORS},
    operation_id="policies_run_get",
    summary="匹配任务的进度与汇总",
)
def run_get(request, run_id: int):
    require(request.auth, perms.MATCH_RUN)
    return selectors.run_get(run_id=run_id, user=request.auth)


@router.post(
    "/runs/{run_id}/resume",
    response={200: RunOut, **_ERRORS},
    operation_id="policies_run_resume",
    summary="续跑失败的匹配任务（从最后完成的分片继续）",
)
def run_resume(request, run_id: int):
    require(request.auth, perms.MATCH_RUN)
    return services.match_run_resume(actor=request.auth, run=selectors.run_get(run_id=run_id, user=request.auth))


@router.get(
    "/grants",
    response={200: list[GrantOut], **_ERRORS},
    operation_id="policies_grant_list",
    summary="免申即享名单（默认待确认）",
)
def grant_list(request, status: str = "proposed"):
    require(request.auth, perms.GRANT_DECIDE)
    return list(selectors.grant_list(user=request.auth, status=status)[:1000])


@router.post(
    "/grants/{grant_id}/decision",
    response={200: GrantOut, **_ERRORS},
    operation_id="policies_grant_decide",
    summary="确认兑现或剔除一条免申即享",
)
def grant_decide(request, grant_id: int, body: GrantDecisionIn):
    require(request.auth, perms.GRANT_DECIDE)
    grant = get_object_or_404(selectors.grant_list(user=request.auth), pk=grant_id)
    return services.grant_decide(actor=request.auth, grant=grant, confirm=body.confirm)


@router.post(
    "/profiles/imports",
    response={201: ImportOut, **_ERRORS, 400: ErrorOut},
    operation_id="policies_profile_import",
    summary="导入一个数据来源的企业画像文件（CSV/Parquet/Excel），返回未导入行及原因",
)
def profile_import(request, source: Form[str], file: File[UploadedFile]):
    require(request.auth, perms.PROFILE_IMPORT)
    batch = services.profile_import(
        actor=request.auth, source=source, filename=file.name or "upload", content=file.read()
    )
    return Status(201, batch)


@router.get(
    "/figures",
    response={200: list[FigureOut], **_ERRORS},
    operation_id="policies_effect_figures",
    summary="政策效果评价：各政策匹配企业数、申报、办结、免申即享与兑现金额",
)
def figures(request):
    require(request.auth, perms.CONSOLE)
    return [
        {
            "policy_id": r["policy"].pk,
            "title": r["policy"].title,
            "matched": r["matched"],
            "applications": r["applications"],
            "done": r["done"],
            "grants": r["grants"],
            "amount_fen": r["amount"],
            "uptake_percent": r["uptake"],
        }
        for r in selectors.effect_figures(user=request.auth)
    ]
