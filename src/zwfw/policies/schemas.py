"""django-ninja schemas of the policies API (input and output separate)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class SupportItemOut(Schema):
    id: int
    key: str
    title: str
    benefit: str
    reference: str
    auto_grant: bool
    materials: list[str]
    window_opens: dt.date | None
    window_closes: dt.date | None
    rule_text: str


class PolicyOut(Schema):
    id: int
    key: str
    title: str
    issuer: str
    doc_number: str
    confirmed: bool
    status: str
    effective_from: dt.date
    expires_on: dt.date | None
    region: str = Field(alias="region_id")
    tags: list[str]
    items: list[SupportItemOut]

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


class RuleCheckIn(Schema):
    key: str = Field("rule", max_length=64)
    rule_text: str = Field(..., max_length=20000)


class ConditionOut(Schema):
    id: str
    label: str
    attr: str
    attr_label: str
    op: str
    expected: str
    actual: str
    source: str
    result: str
    verdict: str


class RuleCheckOut(Schema):
    key: str
    fully_data_backed: bool
    conditions: list[dict]


class ExplanationOut(Schema):
    item_id: int
    item: str
    uscc: str
    status: str
    status_label: str
    amount_fen: int | None
    conditions: list[ConditionOut]


class PolicyApplicationIn(Schema):
    declarations: list[str] = Field(default_factory=list, max_length=32)


class PolicyApplicationOut(Schema):
    id: int
    item_id: int
    status: str
    amount_estimated: int | None
    amount_approved: int | None
    review_due: dt.date | None
    publicity_until: dt.date | None


class AcceptIn(Schema):
    accept: bool = True
    shortfall: list[str] = Field(default_factory=list, max_length=50)
    reason: str = Field("", max_length=500)


class ReviewIn(Schema):
    approve: bool
    amount_fen: int | None = Field(None, ge=0)
    opinion: str = Field("", max_length=2000)


class RunOut(Schema):
    id: int
    as_of: dt.date
    status: str
    parts_done: int
    parts_total: int
    enterprises: int
    summary: dict
    error: str


class RunIn(Schema):
    as_of: dt.date | None = None


class GrantDecisionIn(Schema):
    confirm: bool


class GrantOut(Schema):
    id: int
    item_id: int
    uscc: str
    amount: int | None
    status: str

    @staticmethod
    def resolve_uscc(obj):
        return obj.profile.uscc


class ImportOut(Schema):
    id: int
    source: str
    rows_total: int
    rows_ok: int
    rejected: list[dict]


class FigureOut(Schema):
    policy_id: int
    title: str
    matched: int
    applications: int
    done: int
    grants: int
    amount_fen: int
    uptake_percent: float
