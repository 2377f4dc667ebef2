"""Bundles API under ``/api/v1/bundles/``: published bundles and their plans, free combination
(public), review and publishing (lead department's admins, platform admins), and the one
application (applicants; clerks on an applicant's behalf). Thin: one selector or service each."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Status

from zwfw.bundles import permissions as perms
from zwfw.bundles import selectors, services
from zwfw.bundles.schemas import (
    ApplicationIn,
    ApplicationOut,
    BundleDetailOut,
    BundleOut,
    ComposeIn,
    ComposeOut,
    ReviewDecisionIn,
    ReviewOut,
    application_out,
    bundle_out,
)
from zwfw.core.api import ErrorOut
from zwfw.core.permissions import require

router = Router(tags=["bundles"])

_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.get(
    "",
    auth=None,
    response={200: list[BundleOut], 422: ErrorOut},
    operation_id="bundles_list",
    summary="已发布的一件事及其前后对比数字（公开）",
    url_name="bundle_list",
)
def bundle_list(request, theme: str | None = Query(None, description="主题：person/enterprise/project/industry")):
    return [bundle_out(b, plan) for b, plan in selectors.bundle_list_with_plans(user=request.user, theme=theme)]


@router.post(
    "/compose",
    auth=None,
    response={200: ComposeOut, 422: ErrorOut},
    operation_id="bundles_compose",
    summary="服务事项自由组合：任选事项，即时得到组合方案（公开；依赖由电子证照推断）",
    url_name="bundle_compose",
)
def bundle_compose(request, payload: ComposeIn):
    require(request.user, perms.COMPOSE)
    decisions = services.decisions_parse(d.dict() for d in payload.decisions)
    plan, sources = services.free_compose(implementation_codes=payload.items, decisions=decisions)
    return {
        "items": [
            {
                "implementation_code": s.implementation_code,
                "base_code": s.base_code,
                "name": s.name,
                "department_code": s.department_code,
                "department_name": s.department_name,
                "version_number": s.version_number,
            }
            for s in sources
        ],
        "plan": plan.to_dict(),
    }


@router.get(
    "/applications",
    response={200: list[ApplicationOut], **_ERRORS},
    operation_id="bundles_application_list",
    summary="我的一件事申请（工作人员：辖区内）",
    url_name="bundle_application_list",
)
def application_list(request):
    require(request.user, perms.VIEW_APPLICATION)
    return [
        application_out(a, selectors.application_progress(a))
        for a in selectors.application_list_for(user=request.user).prefetch_related("children__case")[:100]
    ]


@router.post(
    "/applications",
    response={201: ApplicationOut, **_ERRORS},
    operation_id="bundles_application_submit",
    summary="一件事申请：一表申请、一套材料、一窗受理，生成各事项子件",
    url_name="bundle_application_submit",
)
def application_submit(request, payload: ApplicationIn):
    require(request.user, perms.APPLY)
    bundle = selectors.bundle_get_for(user=request.user, code=payload.bundle) if payload.bundle else None
    on_behalf_of = None
    if payload.on_behalf_of:
        on_behalf_of = services.agent_applicant_resolve(actor=request.user, username=payload.on_behalf_of)
    application = services.bundle_application_submit(
        actor=request.user,
        bundle=bundle,
        implementation_codes=payload.items,
        decisions=services.decisions_parse(d.dict() for d in payload.decisions),
        form_data=payload.form_data,
        channel="online",
        on_behalf_of=on_behalf_of,
    )
    application = selectors.application_get_for(user=request.user, application_id=application.pk)
    return Status(201, application_out(application, selectors.application_progress(application)))


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, **_ERRORS},
    operation_id="bundles_application_get",
    summary="一件事申请的办理进度（按阶段、按子件）",
    url_name="bundle_application_get",
)
def application_get(request, application_id: int):
    require(request.user, perms.VIEW_APPLICATION)
    application = selectors.application_get_for(user=request.user, application_id=application_id)
    return application_out(application, selectors.application_progress(application))


@router.get(
    "/{code}",
    auth=None,
    response={200: BundleDetailOut, 404: ErrorOut},
    operation_id="bundles_get",
    summary="一件事详情：组合方案、前后对比、最近一次重新组合的变化",
    url_name="bundle_get",
)
def bundle_get(request, code: str):
    bundle = selectors.bundle_get_for(user=request.user, code=code)
    plan = services.bundle_plan_latest(bundle)
    return {
        **bundle_out(bundle, plan),
        "plan": plan.plan if plan else None,
        "computed_at": plan.computed_at if plan else None,
        "change": plan.change if plan else {},
    }


def _review(request, code: str):
    require(request.user, perms.REVIEW)
    bundle = selectors.bundle_get_for(user=request.user, code=code)
    if not services.bundle_reviewable_by(request.user, bundle):
        raise PermissionDenied("只有牵头部门的管理员或平台管理员可以复核该一件事")
    return bundle


def _review_out(bundle) -> dict:
    plan = services.bundle_plan_latest(bundle)
    data = plan.plan if plan else {"open_suggestions": [], "conflicts": [], "publishable": False}
    return {
        "code": bundle.code,
        "status": bundle.status,
        "publishable": data["publishable"],
        "open_suggestions": data["open_suggestions"],
        "conflicts": data["conflicts"],
        "decisions": selectors.bundle_decisions(bundle),
    }


@router.get(
    "/{code}/review",
    response={200: ReviewOut, **_ERRORS},
    operation_id="bundles_review_get",
    summary="待复核的材料合并建议（含相似度）与已作出的复核结论",
    url_name="bundle_review_get",
)
def review_get(request, code: str):
    return _review_out(_review(request, code))


@router.post(
    "/{code}/decisions",
    response={200: ReviewOut, **_ERRORS},
    operation_id="bundles_decision_record",
    summary="确认或否决一条材料合并建议（存档，下次组合沿用）",
    url_name="bundle_decision_record",
)
def decision_record(request, code: str, payload: ReviewDecisionIn):
    bundle = _review(request, code)
    services.merge_decision_record(
        actor=request.user,
        bundle=bundle,
        material_a_key=payload.material_a_key,
        material_b_key=payload.material_b_key,
        accepted=payload.accepted,
        note=payload.note,
    )
    return _review_out(bundle)


@router.post(
    "/{code}/publish",
    response={200: BundleOut, **_ERRORS},
    operation_id="bundles_publish",
    summary="发布一件事（仍有待复核建议或表单冲突时拒绝，并列出）",
    url_name="bundle_publish",
)
def publish(request, code: str):
    bundle = services.bundle_publish(actor=request.user, bundle=_review(request, code))
    return bundle_out(bundle, services.bundle_plan_latest(bundle))


@router.post(
    "/{code}/recompose",
    response={200: BundleDetailOut, **_ERRORS},
    operation_id="bundles_recompose",
    summary="按事项当前生效版本重新组合，并记录变化",
    url_name="bundle_recompose",
)
def recompose(request, code: str):
    bundle = _review(request, code)
    plan = services.bundle_recompose(actor=request.user, bundle=bundle, reason="manual")
    return {**bundle_out(bundle, plan), "plan": plan.plan, "computed_at": plan.computed_at, "change": plan.change}
