"""django-ninja In/Out schemas of the supervision API. Out schemas carry no 身份证号: persons'
identifiers are masked for everybody (the officer's page shows them to entitled staff)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class InboxIn(Schema):
    """A webhook delivery from a remote cases deployment (the cases outbox row's payload)."""

    event_key: str = Field(..., min_length=1, max_length=100, description="来源标识，如 cases:notice:123（幂等）")
    kind: str = Field("approval", description="approval 审批决定 / pledge 告知承诺 / shortfall 容缺受理")
    case_number: str = Field(..., min_length=1, max_length=50)
    item_code: str = Field(..., min_length=1, max_length=64)
    item_name: str = Field("", max_length=200)
    supervisor_department: str = Field(..., min_length=1, max_length=64)
    department: str = Field("", max_length=64, description="审批部门编码")
    applicant_kind: str = Field("", max_length=16)
    applicant_name: str = Field("", max_length=200)
    uscc: str = Field("", max_length=18)
    decision: str = Field("", max_length=16)
    overdue: bool = False
    pledge: dict[str, Any] | None = None
    shortfall: dict[str, Any] | None = None


class InboxEventOut(Schema):
    id: int
    kind: str
    kind_label: str
    case_number: str
    item_code: str
    item_name: str
    department: str
    subject_name: str
    uscc: str
    decision: str
    decision_label: str
    received_at: dt.datetime
    sign_due: dt.date
    signed_at: dt.datetime | None
    result: str
    result_note: str


class ReceiveOut(Schema):
    id: int
    created: bool


class CloseIn(Schema):
    result: str = Field(..., description="supervised 纳入监管 / closed 无需监管")
    note: str = Field("", max_length=500)


class PledgeCheckOut(Schema):
    id: int
    case_number: str
    item_name: str
    department: str
    pledge_text: str
    materials: list[str]
    due_date: dt.date
    status: str
    method: str
    result: str
    checked_at: dt.datetime | None
    revoked: bool


class PledgeCheckIn(Schema):
    truthful: bool
    method: str = Field(..., description="onsite 现场核查 / data 数据核查")
    result: str = Field(..., min_length=1, max_length=5000)


class ItemIn(Schema):
    code: str = Field(..., min_length=1, max_length=64)
    name: str = Field(..., min_length=1, max_length=200)
    department: str = Field(..., min_length=1, max_length=64)
    catalog_codes: list[str] = Field(..., min_length=1, max_length=50)
    basis: str = Field(..., min_length=1, max_length=2000)
    method: str = "onsite"
    frequency_per_year: int = Field(1, ge=1, le=52)


class ItemOut(Schema):
    id: int
    code: str
    name: str
    department: str
    catalog_codes: list[str]
    basis: str
    method: str
    frequency_per_year: int


class GradeOut(Schema):
    grade: str
    score: int
    reasons: list[str]
    rule_version: str
    shortfall_eligible: bool
    pledge_eligible: bool


class CreditEventIn(Schema):
    subject_kind: str = Field(..., description="enterprise 市场主体 / person 自然人")
    subject_id: str = Field(..., min_length=1, max_length=18, description="统一社会信用代码或身份证号")
    subject_name: str = Field("", max_length=200)
    kind: str
    severity: int = 1
    occurred_on: dt.date
    note: str = Field("", max_length=500)


class CreditEventOut(Schema):
    id: int
    subject_kind: str
    subject_id: str
    subject_name: str
    kind: str
    severity: int
    source: str
    occurred_on: dt.date
    note: str
    repaired: bool


class CreditImportIn(Schema):
    rows: list[dict[str, Any]] = Field(..., min_length=1, max_length=10_000)


class CountOut(Schema):
    count: int


class RepairIn(Schema):
    reason: str = Field(..., min_length=1, max_length=5000)


class RepairReviewIn(Schema):
    approve: bool
    note: str = Field(..., min_length=1, max_length=500)


class RepairOut(Schema):
    id: int
    event_id: int
    status: str
    reason: str
    review_note: str
    created_at: dt.datetime


class PlanIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    department: str = Field(..., min_length=1, max_length=64)
    entity_count: int = Field(..., ge=1, le=100_000)
    inspectors_per_entity: int = Field(2, ge=1, le=10)
    joint_departments: list[str] = Field(default_factory=list, max_length=20)
    item_code: str | None = Field(None, max_length=64)


class DrawIn(Schema):
    seed: int | None = Field(None, ge=0, le=2**63 - 1, description="留空则随机生成并记录")


class TaskOut(Schema):
    id: int
    entity_name: str
    subject_id: str
    inspectors: list[str]
    result: str
    result_note: str
    rectify_due: dt.date | None


class PlanOut(Schema):
    id: int
    name: str
    department: str
    joint_departments: list[str]
    entity_count: int
    inspectors_per_entity: int
    status: str
    seed: str | None = Field(None, description="随机种子（字符串，避免超出 JavaScript 整数精度）")
    reproduced: bool | None = None
    tasks: list[TaskOut] = Field(default_factory=list)


class ResultIn(Schema):
    result: str = Field(..., description="passed 未发现问题 / rectify 责令整改 / failed 发现违法违规")
    note: str = Field("", max_length=500)


class PublicRowOut(Schema):
    name: str
    uscc: str
    result: str
    note: str


class PublicPlanOut(Schema):
    id: int
    name: str
    department: str
    published_at: dt.datetime | None
    seed: str | None
    rows: list[PublicRowOut]


class WarningOut(Schema):
    department: str
    department_name: str
    item_code: str
    item_name: str
    decisions: int
    denied: int
    refusal_rate: float
    refusal_abnormal: bool
    overdue_cases: int
    unsigned_late: int
    pledges_late: int
    rectify_late: int
