"""公共资源交易 API under ``/api/v1/trading/``.

Thin handlers: check the action, read through a scoped selector or call one service. A section out
of scope answers 404 like a missing one; bids before the opening answer 409 for every role.
"""

from __future__ import annotations

import base64
import binascii

from ninja import Router, Status

from zwfw.core.api import ErrorOut
from zwfw.core.permissions import require
from zwfw.core.selectors.regions import region_get

from . import permissions as perms
from . import selectors
from .errors import TradingError, TradingErrorCode
from .schemas import (
    AwardIn,
    BidIn,
    BidSealedOut,
    BlindBidOut,
    DepositFiguresOut,
    DrawOut,
    ExpertDrawIn,
    NoticeIn,
    NoticeOut,
    OpeningRowOut,
    ProjectIn,
    ProjectOut,
    RateOut,
    RedFlagOut,
    RiskRowOut,
    ScoreIn,
    SectionIn,
    SectionOut,
    section_out,
)
from .services import bids as bid_services
from .services import experts as expert_services
from .services import ocds as ocds_services
from .services import ocds_import as ocds_import_services
from .services import projects as project_services
from .services.opening import section_open

router = Router(tags=["trading"])

_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _project_out(p) -> dict:
    return {
        "id": p.pk,
        "code": p.code,
        "name": p.name,
        "category": p.category,
        "region_code": p.region.code,
        "budget_fen": p.budget_fen,
        "fully_electronic": p.fully_electronic,
    }


def _section(request, section_id: int):
    return selectors.section_get_for(user=request.auth, section_id=section_id)


@router.get(
    "/projects",
    response={200: list[ProjectOut], **_ERRORS},
    operation_id="trading_project_list",
    summary="交易项目（按角色与区划范围）",
    url_name="trading_project_list",
)
def project_list(request):
    require(request.auth, perms.PROJECT_VIEW)
    return [_project_out(p) for p in selectors.project_list_for(user=request.auth)[:500]]


@router.post(
    "/projects",
    response={201: ProjectOut, **_ERRORS},
    operation_id="trading_project_create",
    summary="发布交易项目（招标人）",
    url_name="trading_project_create",
)
def project_create(request, payload: ProjectIn):
    agent = None
    if payload.agent_uscc:
        agent = selectors.enterprise_by_uscc(uscc=payload.agent_uscc)
    project = project_services.project_create(
        actor=request.auth,
        code=payload.code,
        name=payload.name,
        category=payload.category,
        region=region_get(code=payload.region_code),
        budget_fen=payload.budget_fen,
        agent=agent,
        fully_electronic=payload.fully_electronic,
    )
    return Status(201, _project_out(project))


@router.post(
    "/projects/{project_id}/sections",
    response={201: SectionOut, **_ERRORS},
    operation_id="trading_section_create",
    summary="新建标段",
    url_name="trading_section_create",
)
def section_create(request, project_id: int, payload: SectionIn):
    project = selectors.project_get_for(user=request.auth, project_id=project_id)
    section = project_services.section_create(actor=request.auth, project=project, **payload.dict())
    return Status(201, section_out(section, 0))


@router.get(
    "/projects/{project_id}/notices",
    response={200: list[NoticeOut], **_ERRORS},
    operation_id="trading_notice_list",
    summary="项目公告与澄清",
    url_name="trading_notice_list",
)
def notice_list(request, project_id: int):
    return list(selectors.project_get_for(user=request.auth, project_id=project_id).notices.all())


@router.post(
    "/projects/{project_id}/notices",
    response={201: NoticeOut, **_ERRORS},
    operation_id="trading_notice_publish",
    summary="发布招标公告、澄清或修改",
    url_name="trading_notice_publish",
)
def notice_publish(request, project_id: int, payload: NoticeIn):
    project = selectors.project_get_for(user=request.auth, project_id=project_id)
    section = project.sections.filter(pk=payload.section_id).first() if payload.section_id else None
    notice = project_services.notice_publish(
        actor=request.auth,
        project=project,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        section=section,
        document_deadline=payload.document_deadline,
    )
    return Status(201, notice)


@router.get(
    "/sections/{section_id}",
    response={200: SectionOut, **_ERRORS},
    operation_id="trading_section_get",
    summary="标段（开标前只显示密封投标数量）",
    url_name="trading_section_get",
)
def section_get(request, section_id: int):
    section = _section(request, section_id)
    return section_out(section, selectors.sealed_bid_count(section=section))


@router.post(
    "/sections/{section_id}/bids",
    response={201: BidSealedOut, **_ERRORS},
    operation_id="trading_bid_submit",
    summary="递交密封电子投标文件",
    url_name="trading_bid_submit",
)
def bid_submit(request, section_id: int, payload: BidIn):
    require(request.auth, perms.BID_SUBMIT)
    section = selectors.section_for_bidding(section_id=section_id)
    try:
        documents = [(d.kind, d.filename, base64.b64decode(d.content_base64, validate=True)) for d in payload.documents]
    except (binascii.Error, ValueError) as exc:
        raise TradingError(TradingErrorCode.BAD_DOCUMENT, reason="文件内容须为 base64") from exc
    data = payload.dict(exclude={"documents", "price_fen"})
    bid = bid_services.bid_submit(
        actor=request.auth,
        section=section,
        price_fen=payload.price_fen,
        documents=documents,
        client_ip=request.META.get("REMOTE_ADDR"),
        **data,
    )
    return Status(
        201,
        {
            "id": bid.pk,
            "section_id": section.pk,
            "status": bid.status,
            "anonymous_code": bid.anonymous_code,
            "submitted_at": bid.submitted_at,
            "documents": [{"kind": d.kind, "filename": d.filename, "sha256": d.sha256} for d in bid.documents.all()],
        },
    )


@router.get(
    "/sections/{section_id}/bids",
    response={200: list[OpeningRowOut], **_ERRORS},
    operation_id="trading_opening_record",
    summary="开标记录（开标前任何角色均答 409）",
    url_name="trading_opening_record",
)
def opening_record(request, section_id: int):
    return selectors.section_bids_for(user=request.auth, section=_section(request, section_id))


@router.post(
    "/sections/{section_id}/open",
    response={200: SectionOut, **_ERRORS},
    operation_id="trading_section_open",
    summary="不见面开标（开标时间到后）",
    url_name="trading_section_open",
)
def open_section(request, section_id: int):
    section = section_open(actor=request.auth, section=_section(request, section_id))
    return section_out(section, 0)


@router.post(
    "/sections/{section_id}/draws",
    response={201: DrawOut, **_ERRORS},
    operation_id="trading_expert_draw",
    summary="随机抽取评标专家（回避、可复现）",
    url_name="trading_expert_draw",
)
def draw(request, section_id: int, payload: ExpertDrawIn):
    d = expert_services.expert_draw(actor=request.auth, section=_section(request, section_id), **payload.dict())
    ids = list(d.members.order_by("position").values_list("expert_id", flat=True))
    return Status(
        201,
        {
            "id": d.pk,
            "seed": d.seed,
            "remote": d.remote,
            "members": ids[: d.size],
            "reserve": ids[d.size :],
            "excluded": d.excluded,
            "replay_matches": expert_services.draw_replay(d) == ids,
        },
    )


@router.get(
    "/sections/{section_id}/blind-bids",
    response={200: list[BlindBidOut], **_ERRORS},
    operation_id="trading_blind_bids",
    summary="暗标盲评：按编码列出技术标",
    url_name="trading_blind_bids",
)
def blind_bids(request, section_id: int):
    return selectors.blind_bids_for(user=request.auth, section=_section(request, section_id))


@router.post(
    "/sections/{section_id}/scores",
    response={201: dict, **_ERRORS},
    operation_id="trading_score_submit",
    summary="评标专家按暗标编码评分",
    url_name="trading_score_submit",
)
def score(request, section_id: int, payload: ScoreIn):
    s = expert_services.score_submit(actor=request.auth, section=_section(request, section_id), **payload.dict())
    return Status(201, {"id": s.pk, "technical": str(s.technical), "commercial": str(s.commercial)})


@router.post(
    "/sections/{section_id}/recommend",
    response={200: list[int], **_ERRORS},
    operation_id="trading_section_recommend",
    summary="评标委员会推荐中标候选人",
    url_name="trading_section_recommend",
)
def recommend(request, section_id: int):
    return expert_services.section_recommend(actor=request.auth, section=_section(request, section_id))


@router.post(
    "/sections/{section_id}/award",
    response={200: SectionOut, **_ERRORS},
    operation_id="trading_section_award",
    summary="定标（评定分离：招标人在候选人中确定）",
    url_name="trading_section_award",
)
def award(request, section_id: int, payload: AwardIn):
    section = _section(request, section_id)
    bid = section.bids.filter(pk=payload.bid_id).first()
    if bid is None:
        raise TradingError(TradingErrorCode.NOT_RECOMMENDED)
    section = expert_services.section_award(actor=request.auth, section=section, bid=bid)
    return section_out(section, 0)


@router.get(
    "/risk-queue",
    response={200: list[RiskRowOut], **_ERRORS},
    operation_id="trading_risk_queue",
    summary="围标串标预警队列（按风险分排序）",
    url_name="trading_risk_queue",
)
def risk_queue(request):
    require(request.auth, perms.RISK_VIEW)
    return [
        {
            "id": s.pk,
            "project_code": s.project.code,
            "name": s.name,
            "risk_score": s.risk_score,
            "risk_flags": s.risk_flags,
            "opened_at": s.opened_at,
        }
        for s in selectors.risk_queue_for(user=request.auth)[:200]
    ]


@router.get(
    "/sections/{section_id}/red-flags",
    response={200: list[RedFlagOut], **_ERRORS},
    operation_id="trading_red_flags",
    summary="标段的预警与证据",
    url_name="trading_red_flags",
)
def red_flags(request, section_id: int):
    return list(selectors.red_flags_for(user=request.auth, section=_section(request, section_id)))


@router.get(
    "/sections/{section_id}/ocds",
    response={200: dict, **_ERRORS},
    operation_id="trading_section_ocds",
    summary="标段的 OCDS 1.1 发布包",
    url_name="trading_section_ocds",
)
def section_ocds(request, section_id: int):
    return ocds_services.release_package([_section(request, section_id)])


@router.post(
    "/ocds/import",
    response={200: dict, **_ERRORS},
    operation_id="trading_ocds_import",
    summary="导入 OCDS 发布（交易监管人员，本辖区）",
    url_name="trading_ocds_import",
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "OCDS 1.1 发布包、记录包、发布列表或 JSON Lines",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
def ocds_import(request, region_code: str = "", dry_run: bool = False):
    """All or nothing: one rejected release answers 422 with every reason and writes nothing."""
    require(request.auth, perms.OCDS_IMPORT)
    releases = ocds_import_services.parse_ocds(request.body)
    report = ocds_import_services.ocds_import(
        actor=request.auth, releases=releases, default_region=region_code, all_or_nothing=True, dry_run=dry_run
    )
    if report.rejected:
        rejected = [r for r in report.rows if r["outcome"] == "rejected"]
        first = rejected[0]
        raise TradingError(
            TradingErrorCode.BAD_OCDS,
            detail=report.as_dict(),
            reason=f"{len(rejected)} 条发布被拒绝，整批未写入；{first['ocid'] or '第一条'}：{first['reason']}",
        )
    return report.as_dict()


@router.get(
    "/figures/electronic-rate",
    response={200: list[RateOut], **_ERRORS},
    operation_id="trading_electronic_rate",
    summary="全流程电子化率（按交易类别）",
    url_name="trading_electronic_rate",
)
def electronic_rate(request):
    require(request.auth, perms.PROJECT_VIEW)
    return selectors.electronic_rate_by_category(user=request.auth)


@router.get(
    "/figures/deposits",
    response={200: DepositFiguresOut, **_ERRORS},
    operation_id="trading_deposit_figures",
    summary="投标保证金与沉淀资金",
    url_name="trading_deposit_figures",
)
def deposit_figures(request):
    require(request.auth, perms.DEPOSIT_VIEW)
    return selectors.deposit_figures_for(user=request.auth)
