"""Input and output schemas of the hotline API (django-ninja)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from zwfw.core.api import ErrorOut  # noqa: F401  (re-exported for api.py)

_TEXT = Field(..., min_length=1, max_length=10_000, description="诉求内容（来电记录或网上留言）")


class WorkOrderIn(Schema):
    text: str = _TEXT
    title: str = Field("", max_length=200)
    channel: str = Field("phone", max_length=16, description="phone / web / mobile / open311")
    appeal_type: str = Field(
        "consult",
        max_length=16,
        description="consult 咨询 / help 求助 / suggest 意见建议 / complaint 投诉 / report 举报",
    )
    urgency: str = Field("normal", max_length=16, description="normal / urgent (24小时) / critical (2小时)")
    region: str = Field(..., max_length=12, description="诉求所在区划代码")
    caller_name: str = Field("", max_length=64)
    caller_phone: str = Field("", max_length=20)
    address: str = Field("", max_length=200)
    category: str | None = Field(None, max_length=32, description="话务员确认的分类编码；空则按模型建议")
    department: str | None = Field(None, max_length=32, description="指定承办部门编码；空则按权责清单")
    knowledge_entry: int | None = Field(None, ge=1, le=2**62, description="依据知识库条目当场答复（仅咨询类）")


class DispatchIn(Schema):
    category: str = Field(..., min_length=1, max_length=32)
    department: str | None = Field(None, max_length=32)
    row_version: int | None = Field(None, ge=0, le=2**31)


class RowVersionIn(Schema):
    row_version: int | None = Field(None, ge=0, le=2**31)


class NoteIn(RowVersionIn):
    note: str = Field("", max_length=2000)


class AnswerIn(RowVersionIn):
    answer: str = Field(..., min_length=1, max_length=10_000)


class ReasonIn(RowVersionIn):
    reason: str = Field(..., min_length=1, max_length=1000)


class VisitIn(RowVersionIn):
    satisfaction: int = Field(..., ge=1, le=5, description="5 非常满意 … 1 非常不满意")
    resolved: bool
    note: str = Field("", max_length=500)


class ArbitrateIn(RowVersionIn):
    department: str = Field(..., min_length=1, max_length=32)
    note: str = Field("", max_length=1000)


class ExtensionIn(RowVersionIn):
    days: int = Field(..., ge=1, le=15, description="延期工作日")
    reason: str = Field(..., min_length=1, max_length=500)


class ExtensionDecideIn(Schema):
    approve: bool
    note: str = Field("", max_length=500)


class SuggestionOut(Schema):
    label: str
    confidence: float
    category_code: str


class EventOut(Schema):
    kind: str
    kind_label: str
    actor: str
    department: str | None
    note: str
    at: dt.datetime


class WorkOrderOut(Schema):
    id: int
    number: str
    channel: str
    channel_label: str
    appeal_type: str
    appeal_type_label: str
    urgency: str
    title: str
    text: str
    caller_name: str
    caller_phone: str
    region: str
    region_name: str
    address: str
    category: str | None
    category_name: str | None
    suggestions: list[SuggestionOut]
    auto_dispatched: bool
    department: str | None
    department_name: str | None
    status: str
    status_label: str
    duplicate_of: str | None
    closed_at_intake: bool
    return_count: int
    supervision_count: int
    escalation_count: int
    extended_days: int
    created_at: dt.datetime
    dispatched_at: dt.datetime | None
    sign_due_at: dt.datetime | None
    signed_at: dt.datetime | None
    due_at: dt.datetime | None
    answer: str
    answered_at: dt.datetime | None
    visited_at: dt.datetime | None
    satisfaction: int | None
    resolved: bool | None
    closed_at: dt.datetime | None
    is_overdue: bool
    row_version: int


class WorkOrderDetailOut(WorkOrderOut):
    events: list[EventOut]


class ExtensionOut(Schema):
    id: int
    order: str
    days: int
    reason: str
    status: str


class CategoryOut(Schema):
    code: str
    name: str
    level: int
    parent: str | None


class KnowledgeOut(Schema):
    id: int
    question: str
    answer: str
    policy_source: str
    department: str
    department_name: str
    review_date: dt.date
    score: float | None = None


class SimilarOut(Schema):
    id: int
    number: str
    title: str
    status: str
    status_label: str
    department_name: str | None
    created_at: dt.datetime
    score: float


class AssistOut(Schema):
    suggestions: list[SuggestionOut]
    model_version: int | None
    department: str | None
    department_name: str | None
    knowledge: list[KnowledgeOut]
    similar: list[SimilarOut]


class KpiRowOut(Schema):
    key: str
    name: str
    received: int
    signed: int
    signed_on_time_rate: float | None
    answered: int
    answered_on_time_rate: float | None
    resolved_rate: float | None
    satisfied_rate: float | None
    visited_rate: float | None
    first_contact_rate: float | None


class KpiOut(Schema):
    month: str
    group: str
    rows: list[KpiRowOut]
    total: KpiRowOut


class HotspotOut(Schema):
    region: str
    region_name: str
    week: str
    topic: str
    count: int
    previous_mean: float
    rising: bool
    spike: bool
    examples: list[str]


# ---- Open311 GeoReport v2 ---------------------------------------------------------------------


class Open311ServiceOut(Schema):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str
    keywords: str
    group: str


class Open311RequestIn(Schema):
    service_code: str = Field(..., min_length=1, max_length=32)
    description: str = Field(..., min_length=1, max_length=10_000)
    lat: float | None = Field(None, ge=-90, le=90)
    long: float | None = Field(None, ge=-180, le=180)
    address_string: str = Field("", max_length=200)
    jurisdiction_id: str = Field("", max_length=12, description="区划代码（本平台以区划代替辖区）")
    first_name: str = Field("", max_length=32)
    last_name: str = Field("", max_length=32)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    api_key: str = Field("", max_length=200, description="兼容字段；身份以 Authorization 令牌为准")


class Open311CreatedOut(Schema):
    service_request_id: str
    service_notice: str
    account_id: str | None


class Open311RequestOut(Schema):
    service_request_id: str
    status: str
    status_notes: str | None
    service_name: str | None
    service_code: str | None
    description: str
    agency_responsible: str | None
    service_notice: str | None
    requested_datetime: dt.datetime
    updated_datetime: dt.datetime | None
    expected_datetime: dt.datetime | None
    address: str
    address_id: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None
