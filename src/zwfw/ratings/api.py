"""好差评 API under ``/api/v1/ratings/``. Thin: parse, one selector or service, render.

There is no route that changes or deletes a rating: a rating is immutable (PUT/PATCH/DELETE on
``/ratings/{id}`` answer 405). Rating by token (SMS link, hall pad) and the public summary need no
login; everything else is scoped by :mod:`zwfw.ratings.selectors`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from ninja import Query, Router, Status

from zwfw.core.api import ErrorOut
from zwfw.core.permissions import can, require
from zwfw.ratings import permissions as perms
from zwfw.ratings import selectors, services
from zwfw.ratings.errors import RatingError, RatingErrorCode
from zwfw.ratings.models import BlockerKind, Level, RatingChannel, SubjectKind
from zwfw.ratings.reasons import BAD_REASONS, GOOD_REASONS
from zwfw.ratings.schemas import (
    AppealDecisionIn,
    AppealIn,
    BlockedAssignIn,
    BlockedIn,
    BlockedItemOut,
    BlockedOut,
    BlockedOutcomeIn,
    FiguresOut,
    HideIn,
    InvitationIn,
    InvitationOut,
    OnBehalfIn,
    OptionsOut,
    PublicRatingOut,
    PublicSummaryOut,
    RankingOut,
    RatingIn,
    RatingOut,
    RatingVisitIn,
    RectificationOut,
    RectificationVerifyIn,
    RectifyIn,
    RevisitIn,
    TokenRatingIn,
    VisitOut,
    blocked_items_out,
    blocked_out,
    figures_out,
    ranking_out,
    rating_out,
    rectification_out,
)

router = Router(tags=["ratings"])

_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
_MONTH = Query(None, description="月份 YYYY-MM（北京时间），不填为全部", max_length=20)


def _opts(pairs) -> list[dict]:
    return [{"value": str(v), "label": str(label)} for v, label in pairs]


@router.get(
    "/options",
    auth=None,
    response={200: OptionsOut},
    operation_id="ratings_options",
    summary="评价等级、可选原因、渠道、对象类型、办不成事卡点类型（公开）",
    url_name="ratings_options",
)
def options(request):
    return {
        "levels": _opts(Level.choices),
        "good_reasons": _opts(GOOD_REASONS.items()),
        "bad_reasons": _opts(BAD_REASONS.items()),
        "channels": _opts(RatingChannel.choices),
        "kinds": _opts(SubjectKind.choices),
        "blockers": _opts(BlockerKind.choices),
    }


def _created(request, rating) -> Status:
    """201 with the new rating, read back in the caller's scope."""
    return Status(201, rating_out(selectors.rating_get_for(user=request.auth, rating_id=rating.pk), user=request.auth))


@router.post(
    "",
    response={201: RatingOut, **_ERRORS},
    operation_id="ratings_create",
    summary="办事人评价自己已办结的办件、一件事申请或窗口服务（每件一次，提交后不可修改）",
    url_name="ratings_create",
)
def rating_create(request, payload: RatingIn):
    return _created(request, services.rating_create(actor=request.auth, **payload.dict()))


@router.post(
    "/on-behalf",
    response={201: RatingOut, **_ERRORS},
    operation_id="ratings_enter_on_behalf",
    summary="12345回访：话务员代办事人录入评价（渠道：电话）",
    url_name="ratings_enter_on_behalf",
)
def rating_on_behalf(request, payload: OnBehalfIn):
    return _created(request, services.rating_enter_on_behalf(actor=request.auth, **payload.dict()))


@router.post(
    "/by-token",
    auth=None,
    response={201: PublicRatingOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    operation_id="ratings_by_token",
    summary="通过短信链接或评价器的一次性令牌评价（无需登录；令牌一次有效、会过期）",
    url_name="ratings_by_token",
)
def rating_by_token(request, payload: TokenRatingIn):
    rating = services.rating_by_token(
        token=payload.token, level=payload.level, reasons=payload.reasons, comment=payload.comment
    )
    return Status(
        201,
        {
            "id": rating.pk,
            "level": rating.level,
            "level_label": str(rating.get_level_display()),
            "rated_at": rating.rated_at,
        },
    )


@router.get(
    "",
    response={200: list[RatingOut], **_ERRORS},
    operation_id="ratings_list",
    summary="评价列表（办事人：本人的；工作人员：本部门/辖区的），不含评价人身份",
    url_name="ratings_list",
)
def rating_list(
    request,
    bad: bool | None = Query(None, description="true 仅差评 / false 仅好评"),
    month: str | None = _MONTH,
    kind: str | None = Query(None, max_length=32),
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10**9),
):
    require(request.auth, perms.RATING_VIEW)
    month = selectors.check_month(month)
    qs = selectors.rating_list_for(user=request.auth, bad=bad, month=month, kind=kind)
    return [rating_out(r, user=request.auth) for r in qs.select_related("rectification")[offset : offset + limit]]


@router.get(
    "/figures",
    response={200: FiguresOut, **_ERRORS},
    operation_id="ratings_figures",
    summary="好评率、差评整改率、整改按时率、回访满意率：按事项/部门/窗口/区划/月份（本辖区）",
    url_name="ratings_figures",
)
def figures(
    request,
    group_by: str = Query("department", max_length=16, description="item / department / window / region / month"),
    month: str | None = _MONTH,
):
    require(request.auth, perms.FIGURES)
    return figures_out(selectors.rating_figures(user=request.auth, group_by=group_by, month=month))


@router.get(
    "/ranking",
    response={200: list[RankingOut], **_ERRORS},
    operation_id="ratings_ranking",
    summary="差评事项排行及原因（回头看的输入，链接到事项），本辖区",
    url_name="ratings_ranking",
)
def ranking(request, month: str | None = _MONTH, limit: int = Query(20, ge=1, le=200)):
    require(request.auth, perms.FIGURES)
    return ranking_out(selectors.item_bad_ranking(user=request.auth, month=month, limit=limit))


@router.get(
    "/public/summary",
    auth=None,
    response={200: PublicSummaryOut, 422: ErrorOut},
    operation_id="ratings_public_summary",
    summary="好差评公示：各月、各部门、各区划的四项指标，差评事项排行，办不成事统计（公开，无个人信息）",
    url_name="ratings_public_summary",
)
def public_summary(request, month: str | None = _MONTH):
    data = selectors.public_summary(month=month)
    return {
        "month": data["month"],
        "by_month": figures_out(data["by_month"]),
        "by_department": figures_out(data["by_department"]),
        "by_region": figures_out(data["by_region"]),
        "ranking": ranking_out(data["ranking"]),
        "blocked": blocked_items_out(data["blocked"]),
    }


@router.post(
    "/invitations",
    response={201: InvitationOut, **_ERRORS},
    operation_id="ratings_invitation_issue",
    summary="向办事人发送短信评价链接（一次性令牌，只存哈希）",
    url_name="ratings_invitation_issue",
)
def invitation_issue(request, payload: InvitationIn):
    invitation, _ = services.rating_invitation_issue(actor=request.auth, kind=payload.kind, ref=payload.ref)
    return Status(201, {"channel": invitation.channel, "expires_at": invitation.expires_at})


@router.post(
    "/visits",
    response={201: VisitOut, **_ERRORS},
    operation_id="ratings_visit_record",
    summary="窗口服务结束后登记，评价器显示该次服务的评价页（现场服务一次一评）",
    url_name="ratings_visit_record",
)
def visit_record(request, payload: RatingVisitIn):
    applicant = None
    if payload.applicant_username:
        applicant = get_user_model().objects.filter(username=payload.applicant_username).first()
    visit, invitation, token = services.window_visit_record(
        actor=request.auth,
        window_no=payload.window_no,
        item_code=payload.item_code,
        item_name=payload.item_name,
        applicant=applicant,
    )
    return Status(
        201,
        {
            "id": visit.pk,
            "number": visit.number,
            "window_no": visit.window_no,
            "item_name": visit.item_name,
            "pad_url": f"/ratings/t/{token}/",
            "expires_at": invitation.expires_at,
        },
    )


@router.get(
    "/rectifications",
    response={200: list[RectificationOut], **_ERRORS},
    operation_id="ratings_rectification_list",
    summary="差评整改任务（本部门/辖区），期限近的在前",
    url_name="ratings_rectification_list",
)
def rectification_list(
    request,
    status: str | None = Query(None, max_length=16),
    overdue: bool | None = Query(None),
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10**9),
):
    require(request.auth, perms.REVISIT)
    qs = selectors.rectification_list_for(user=request.auth, status=status, overdue=overdue)
    qs = qs.select_related("rating__department").prefetch_related("rating__reasons")
    return [rectification_out(r, user=request.auth) for r in qs[offset : offset + limit]]


@router.get(
    "/rectifications/{rectification_id}",
    response={200: RectificationOut, **_ERRORS},
    operation_id="ratings_rectification_get",
    summary="一项差评整改任务",
    url_name="ratings_rectification_get",
)
def rectification_get(request, rectification_id: int):
    require(request.auth, perms.REVISIT)
    rect = selectors.rectification_get_for(user=request.auth, rectification_id=rectification_id)
    return rectification_out(rect, user=request.auth)


def _rect(request, rectification_id: int, action: str):
    require(request.auth, action)
    return selectors.rectification_get_for(user=request.auth, rectification_id=rectification_id)


@router.post(
    "/rectifications/{rectification_id}/verify",
    response={200: RectificationOut, **_ERRORS},
    operation_id="ratings_rectification_verify",
    summary="核实差评（立行立改/限期整改/解释说明）",
    url_name="ratings_rectification_verify",
)
def rectification_verify(request, rectification_id: int, payload: RectificationVerifyIn):
    rect = _rect(request, rectification_id, perms.RECTIFY)
    rect = services.rectification_verify(
        actor=request.auth, rectification=rect, outcome=payload.outcome, note=payload.note
    )
    return rectification_out(rect, user=request.auth)


@router.post(
    "/rectifications/{rectification_id}/rectify",
    response={200: RectificationOut, **_ERRORS},
    operation_id="ratings_rectification_rectify",
    summary="提交整改措施（按时与否按整改期限判断）",
    url_name="ratings_rectification_rectify",
)
def rectification_rectify(request, rectification_id: int, payload: RectifyIn):
    rect = _rect(request, rectification_id, perms.RECTIFY)
    rect = services.rectification_rectify(actor=request.auth, rectification=rect, measures=payload.measures)
    return rectification_out(rect, user=request.auth)


@router.post(
    "/rectifications/{rectification_id}/revisit",
    response={200: RectificationOut, **_ERRORS},
    operation_id="ratings_rectification_revisit",
    summary="回访评价人：满意则办结，不满意则重新整改",
    url_name="ratings_rectification_revisit",
)
def rectification_revisit(request, rectification_id: int, payload: RevisitIn):
    rect = _rect(request, rectification_id, perms.REVISIT)
    rect = services.rectification_revisit(
        actor=request.auth, rectification=rect, result=payload.result, note=payload.note, reopen=payload.reopen
    )
    return rectification_out(rect, user=request.auth)


@router.post(
    "/rectifications/{rectification_id}/appeal",
    response={200: RectificationOut, **_ERRORS},
    operation_id="ratings_rectification_appeal",
    summary="对差评提出申诉（由政务服务管理机构审核）",
    url_name="ratings_rectification_appeal",
)
def rectification_appeal(request, rectification_id: int, payload: AppealIn):
    rect = _rect(request, rectification_id, perms.APPEAL)
    rect = services.rectification_appeal(actor=request.auth, rectification=rect, reason=payload.reason)
    return rectification_out(rect, user=request.auth)


@router.post(
    "/rectifications/{rectification_id}/appeal-decision",
    response={200: RectificationOut, **_ERRORS},
    operation_id="ratings_rectification_appeal_decide",
    summary="政务服务管理机构审核申诉：成立则该差评不计入统计（评价本身保留）",
    url_name="ratings_rectification_appeal_decide",
)
def rectification_appeal_decide(request, rectification_id: int, payload: AppealDecisionIn):
    rect = _rect(request, rectification_id, perms.APPEAL_DECIDE)
    rect = services.rectification_appeal_decide(
        actor=request.auth, rectification=rect, approved=payload.approved, note=payload.note
    )
    return rectification_out(rect, user=request.auth)


@router.post(
    "/blocked",
    response={201: BlockedOut, **_ERRORS},
    operation_id="ratings_blocked_report",
    summary="“办不成事”反映：事项、卡在哪里 → 有责任人、有期限的任务",
    url_name="ratings_blocked_report",
)
def blocked_report(request, payload: BlockedIn):
    matter = services.blocked_report(
        actor=request.auth,
        blocker=payload.blocker,
        description=payload.description,
        item_code=payload.item_code,
        item_name=payload.item_name,
        department_code=payload.department,
    )
    return Status(201, blocked_out(matter))


@router.get(
    "/blocked",
    response={200: list[BlockedOut], **_ERRORS},
    operation_id="ratings_blocked_list",
    summary="办不成事反映（本人的；工作人员：本部门/辖区的）",
    url_name="ratings_blocked_list",
)
def blocked_list(
    request,
    status: str | None = Query(None, max_length=16),
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10**9),
):
    _blocked_view(request.auth)
    return [
        blocked_out(m) for m in selectors.blocked_list_for(user=request.auth, status=status)[offset : offset + limit]
    ]


def _blocked_view(user) -> None:
    if not (can(user, perms.BLOCKED_HANDLE) or can(user, perms.BLOCKED_REPORT)):
        require(user, perms.BLOCKED_HANDLE)


@router.get(
    "/blocked/figures",
    response={200: list[BlockedItemOut], **_ERRORS},
    operation_id="ratings_blocked_figures",
    summary="办不成事按事项统计：反映数、已反馈、超期、卡点类型、需改目录/流程",
    url_name="ratings_blocked_figures",
)
def blocked_figures(request):
    require(request.auth, perms.FIGURES)
    return blocked_items_out(selectors.blocked_figures_by_item(user=request.auth))


@router.get(
    "/blocked/{matter_id}",
    response={200: BlockedOut, **_ERRORS},
    operation_id="ratings_blocked_get",
    summary="一条办不成事反映及其办理结果",
    url_name="ratings_blocked_get",
)
def blocked_get(request, matter_id: int):
    _blocked_view(request.auth)
    return blocked_out(selectors.blocked_get_for(user=request.auth, matter_id=matter_id))


@router.post(
    "/blocked/{matter_id}/assign",
    response={200: BlockedOut, **_ERRORS},
    operation_id="ratings_blocked_assign",
    summary="指定办不成事的责任人（牵头部门或下级部门的工作人员）",
    url_name="ratings_blocked_assign",
)
def blocked_assign(request, matter_id: int, payload: BlockedAssignIn):
    require(request.auth, perms.BLOCKED_HANDLE)
    matter = selectors.blocked_get_for(user=request.auth, matter_id=matter_id)
    owner = get_user_model().objects.filter(pk=payload.owner_id).select_related("department").first()
    if owner is None:
        raise RatingError(RatingErrorCode.BAD_OWNER, detail=[{"field": "owner_id"}])
    return blocked_out(services.blocked_assign(actor=request.auth, matter=matter, owner=owner))


@router.post(
    "/blocked/{matter_id}/outcome",
    response={200: BlockedOut, **_ERRORS},
    operation_id="ratings_blocked_resolve",
    summary="反馈办不成事的办理结果（并注明是否需修改目录或流程）",
    url_name="ratings_blocked_resolve",
)
def blocked_resolve(request, matter_id: int, payload: BlockedOutcomeIn):
    require(request.auth, perms.BLOCKED_HANDLE)
    matter = selectors.blocked_get_for(user=request.auth, matter_id=matter_id)
    return blocked_out(
        services.blocked_resolve(
            actor=request.auth, matter=matter, outcome=payload.outcome, needs_change=payload.needs_change
        )
    )


@router.get(
    "/{rating_id}",
    response={200: RatingOut, **_ERRORS},
    operation_id="ratings_get",
    summary="一条评价（不含评价人身份）",
    url_name="ratings_get",
)
def rating_get(request, rating_id: int):
    require(request.auth, perms.RATING_VIEW)
    return rating_out(selectors.rating_get_for(user=request.auth, rating_id=rating_id), user=request.auth)


@router.post(
    "/{rating_id}/hide",
    response={200: RatingOut, **_ERRORS},
    operation_id="ratings_hide_text",
    summary="屏蔽评价中的不当文字（政务服务管理机构；评价本身保留，操作留痕）",
    url_name="ratings_hide_text",
)
def rating_hide(request, rating_id: int, payload: HideIn):
    rating = selectors.rating_get_for(user=request.auth, rating_id=rating_id)
    services.rating_text_hide(actor=request.auth, rating=rating, reason=payload.reason)
    return rating_out(selectors.rating_get_for(user=request.auth, rating_id=rating_id), user=request.auth)
