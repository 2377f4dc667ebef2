"""django-ninja schemas of the ratings API (好差评). Outputs carry no rater identity: a
department sees what was rated and how, never who rated (the text is masked for identifiers)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from zwfw.core.identifiers import mask_text
from zwfw.ratings.models import BlockedMatter, Rating, Rectification
from zwfw.ratings.reasons import reason_label
from zwfw.ratings.selectors import FigureRow, rating_text_for


class RatingIn(Schema):
    kind: str = Field(
        ...,
        max_length=32,
        description="评价对象类型：case 办件 / bundle_application 一件事申请 / window_visit 窗口服务",
    )
    ref: str = Field(..., max_length=64, description="评价对象ID或编号")
    level: int = Field(..., ge=1, le=5, description="满意度 1 非常满意 … 5 非常不满意（GB/T 39046 A.8）")
    reasons: list[str] = Field(default_factory=list, max_length=20, description="原因代码（见 options）")
    comment: str = Field("", max_length=500, description="文字评价（500字以内）")
    channel: str = Field("pc", max_length=16, description="pc / mobile / qrcode / terminal")


class OnBehalfIn(Schema):
    kind: str = Field(..., max_length=32)
    ref: str = Field(..., max_length=64)
    level: int = Field(..., ge=1, le=5)
    reasons: list[str] = Field(default_factory=list, max_length=20)
    comment: str = Field("", max_length=500)


class TokenRatingIn(Schema):
    token: str = Field(..., max_length=100, description="短信链接或评价器中的一次性令牌")
    level: int = Field(..., ge=1, le=5)
    reasons: list[str] = Field(default_factory=list, max_length=20)
    comment: str = Field("", max_length=500)


class HideIn(Schema):
    reason: str = Field(..., max_length=200, description="屏蔽理由")


class InvitationIn(Schema):
    kind: str = Field(..., max_length=32)
    ref: str = Field(..., max_length=64)


class InvitationOut(Schema):
    channel: str
    expires_at: dt.datetime


class RatingVisitIn(Schema):
    window_no: str = Field(..., max_length=32, description="窗口号")
    item_code: str = Field("", max_length=64, description="实施编码（可选）")
    item_name: str = Field("", max_length=255, description="事项或业务名称（无实施编码时必填）")
    applicant_username: str = Field("", max_length=150, description="办事人账号（可选）")


class VisitOut(Schema):
    id: int
    number: str
    window_no: str
    item_name: str
    pad_url: str
    expires_at: dt.datetime


class DepartmentRef(Schema):
    code: str
    name: str


class ReasonOut(Schema):
    code: str
    label: str


class RectificationBrief(Schema):
    id: int
    status: str
    status_label: str
    due_date: dt.date | None


class RatingOut(Schema):
    id: int
    subject_kind: str
    subject_number: str
    level: int
    level_label: str
    stars: int
    channel: str
    channel_label: str
    reasons: list[ReasonOut]
    comment: str
    text_hidden: bool
    item_code: str
    item_name: str
    department: DepartmentRef
    region: str
    window_no: str
    entered_on_behalf: bool
    rated_at: dt.datetime
    rated_month: str
    rectification: RectificationBrief | None


class PublicRatingOut(Schema):
    id: int
    level: int
    level_label: str
    rated_at: dt.datetime


class RectificationOut(Schema):
    id: int
    status: str
    status_label: str
    department: DepartmentRef
    region: str
    due_date: dt.date | None
    opened_at: dt.datetime
    verify_outcome: str
    verify_note: str
    measures: str
    rectified_at: dt.datetime | None
    on_time: bool | None
    revisit_result: str
    revisit_note: str
    revisit_count: int
    closed_at: dt.datetime | None
    appeal_reason: str
    appeal_approved: bool | None
    appeal_note: str
    escalation_level: int
    rating: RatingOut
    row_version: int


class RectificationVerifyIn(Schema):
    outcome: str = Field(..., max_length=16, description="immediate 立行立改 / scheduled 限期整改 / explain 解释说明")
    note: str = Field(..., max_length=2000)


class RectifyIn(Schema):
    measures: str = Field(..., max_length=2000)


class RevisitIn(Schema):
    result: str = Field(..., max_length=16, description="satisfied / unsatisfied")
    note: str = Field("", max_length=2000)
    reopen: bool = Field(True, description="不满意时重新整改（false：记录不满意并办结）")


class AppealIn(Schema):
    reason: str = Field(..., max_length=2000)


class AppealDecisionIn(Schema):
    approved: bool
    note: str = Field(..., max_length=2000)


class FigureRowOut(Schema):
    key: list[str]
    label: str
    total: int
    good: int
    bad: int
    tasks: int
    closed: int
    on_time: int
    revisits: int
    revisit_satisfied: int
    good_rate: Decimal | None
    rectification_rate: Decimal | None
    on_time_rate: Decimal | None
    revisit_rate: Decimal | None
    url: str


class FiguresOut(Schema):
    group_by: str
    month: str | None
    rows: list[FigureRowOut]
    total: FigureRowOut


class RankingReasonOut(Schema):
    label: str
    count: int


class RankingOut(Schema):
    kind: str
    item_code: str
    item_name: str
    url: str
    bad: int
    total: int
    reasons: list[RankingReasonOut]


class BlockedItemOut(Schema):
    item_code: str
    name: str
    total: int
    resolved: int
    overdue: int
    catalog: int
    process: int
    blockers: list[RankingReasonOut]
    url: str


class PublicSummaryOut(Schema):
    month: str | None
    by_month: FiguresOut
    by_department: FiguresOut
    by_region: FiguresOut
    ranking: list[RankingOut]
    blocked: list[BlockedItemOut]


class BlockedIn(Schema):
    blocker: str = Field(..., max_length=16, description="卡点类型（见 options）")
    description: str = Field(..., max_length=2000, description="卡在哪里")
    item_code: str = Field("", max_length=64, description="实施编码（可选）")
    item_name: str = Field("", max_length=255, description="想办的事（无实施编码时必填）")
    department: str = Field("", max_length=32, description="负责部门编码（可选）")


class BlockedAssignIn(Schema):
    owner_id: int = Field(..., ge=1, le=2**31 - 1)


class BlockedOutcomeIn(Schema):
    outcome: str = Field(..., max_length=2000)
    needs_change: str = Field("none", max_length=16, description="catalog / process / none")


class BlockedOut(Schema):
    id: int
    number: str
    channel: str
    item_code: str
    item_name: str
    blocker: str
    blocker_label: str
    description: str
    department: DepartmentRef
    region: str
    status: str
    status_label: str
    reported_at: dt.datetime
    due_date: dt.date
    owner: str
    outcome: str
    outcome_at: dt.datetime | None
    needs_change: str


class OptionOut(Schema):
    value: str
    label: str


class OptionsOut(Schema):
    levels: list[OptionOut]
    good_reasons: list[OptionOut]
    bad_reasons: list[OptionOut]
    channels: list[OptionOut]
    kinds: list[OptionOut]
    blockers: list[OptionOut]


def _dept(d) -> dict:
    return {"code": d.code, "name": d.name}


def rating_out(rating: Rating, *, user=None) -> dict:
    try:
        hidden = rating.text_hide is not None
    except Rating.text_hide.RelatedObjectDoesNotExist:
        hidden = False
    try:
        rect = rating.rectification
    except Rating.rectification.RelatedObjectDoesNotExist:
        rect = None
    return {
        "id": rating.pk,
        "subject_kind": rating.subject_kind,
        "subject_number": rating.subject_number,
        "level": rating.level,
        "level_label": str(rating.get_level_display()),
        "stars": rating.stars,
        "channel": rating.channel,
        "channel_label": str(rating.get_channel_display()),
        "reasons": [{"code": r.code, "label": reason_label(r.code)} for r in rating.reasons.all()],
        "comment": mask_text(rating_text_for(rating, user=user)),
        "text_hidden": hidden,
        "item_code": rating.item_code,
        "item_name": rating.item_name,
        "department": _dept(rating.department),
        "region": rating.region_id,
        "window_no": rating.window_no,
        "entered_on_behalf": rating.entered_by_id is not None,
        "rated_at": rating.rated_at,
        "rated_month": rating.rated_month,
        "rectification": None
        if rect is None
        else {
            "id": rect.pk,
            "status": rect.status,
            "status_label": str(rect.get_status_display()),
            "due_date": rect.due_date,
        },
    }


def rectification_out(rect: Rectification, *, user=None) -> dict:
    return {
        "id": rect.pk,
        "status": rect.status,
        "status_label": str(rect.get_status_display()),
        "department": _dept(rect.department),
        "region": rect.region_id,
        "due_date": rect.due_date,
        "opened_at": rect.opened_at,
        "verify_outcome": rect.verify_outcome,
        "verify_note": rect.verify_note,
        "measures": rect.measures,
        "rectified_at": rect.rectified_at,
        "on_time": rect.on_time,
        "revisit_result": rect.revisit_result,
        "revisit_note": mask_text(rect.revisit_note),
        "revisit_count": rect.revisit_count,
        "closed_at": rect.closed_at,
        "appeal_reason": rect.appeal_reason,
        "appeal_approved": rect.appeal_approved,
        "appeal_note": rect.appeal_note,
        "escalation_level": rect.escalation_level,
        "rating": rating_out(rect.rating, user=user),
        "row_version": rect.row_version,
    }


def figures_out(figures) -> dict:
    return {
        "group_by": figures.group_by,
        "month": figures.month,
        "rows": [r.as_dict() for r in figures.rows],
        "total": FigureRow.as_dict(figures.total),
    }


def ranking_out(rows: list[dict]) -> list[dict]:
    return [{**r, "reasons": [{"label": label, "count": n} for label, n in r["reasons"]]} for r in rows]


def blocked_items_out(rows: list[dict]) -> list[dict]:
    return [{**r, "blockers": [{"label": label, "count": n} for label, n in r["blockers"]]} for r in rows]


def blocked_out(matter: BlockedMatter) -> dict:
    return {
        "id": matter.pk,
        "number": matter.number,
        "channel": matter.channel,
        "item_code": matter.item_code,
        "item_name": matter.item_name,
        "blocker": matter.blocker,
        "blocker_label": str(matter.get_blocker_display()),
        "description": mask_text(matter.description),
        "department": _dept(matter.department),
        "region": matter.region_id,
        "status": matter.status,
        "status_label": str(matter.get_status_display()),
        "reported_at": matter.reported_at,
        "due_date": matter.due_date,
        "owner": str(matter.owner) if matter.owner_id else "",
        "outcome": matter.outcome,
        "outcome_at": matter.outcome_at,
        "needs_change": matter.needs_change,
    }
