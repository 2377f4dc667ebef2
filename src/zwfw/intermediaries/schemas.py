"""django-ninja In/Out schemas of the intermediaries API (money in integer fen)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class AgencyGradeOut(Schema):
    grade: str
    score: int
    reasons: list[str]


class ListingOut(Schema):
    id: int
    agency_id: int
    agency_name: str
    agency_grade: str
    service_item: str
    conditions: str
    process: str
    time_limit_days: int
    fee_standard_fen: int


class AgencyOut(Schema):
    id: int
    name: str
    uscc: str
    status: str
    grade: AgencyGradeOut


class PurchaseIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    service_item: str = Field(..., min_length=1, max_length=200)
    budget_fen: int = Field(..., ge=0)
    method: str = Field(..., description="random 随机抽取 / compare 比选 / direct 直接选取")


class SelectIn(Schema):
    listing_id: int | None = None
    reason: str = Field("", max_length=500)
    seed: int | None = Field(None, ge=0, le=2**63 - 1)


class PurchaseOut(Schema):
    id: int
    title: str
    service_item: str
    budget_fen: int
    method: str
    status: str
    seed: str | None
    candidates: list[int]
    selected_listing_id: int | None
    selected_agency: str | None
    created_at: dt.datetime
