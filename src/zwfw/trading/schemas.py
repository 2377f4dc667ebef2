"""django-ninja schemas of the trading API. Prices appear only in opening records (after opening)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class ProjectIn(Schema):
    code: str = Field(..., min_length=1, max_length=40)
    name: str = Field(..., min_length=1, max_length=200)
    category: str
    region_code: str = Field(..., pattern=r"^\d{6}$")
    budget_fen: int = Field(..., gt=0)
    agent_uscc: str | None = None
    fully_electronic: bool = True


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    category: str
    region_code: str
    budget_fen: int
    fully_electronic: bool


class NoticeIn(Schema):
    kind: str
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1)
    section_id: int | None = None
    document_deadline: dt.datetime | None = None


class NoticeOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    section_id: int | None
    document_deadline: dt.datetime | None
    published_at: dt.datetime


class SectionIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    ceiling_fen: int = Field(..., gt=0)
    specialty: str = Field(..., min_length=1, max_length=40)
    bid_deadline: dt.datetime
    opening_at: dt.datetime
    blind_review: bool = True
    remote_evaluation: bool = False


class SectionOut(Schema):
    id: int
    project_code: str
    number: int
    name: str
    status: str
    ceiling_fen: int
    bid_deadline: dt.datetime
    opening_at: dt.datetime
    opened_at: dt.datetime | None
    sealed_bids: int
    risk_score: float
    risk_flags: list[str]


class DocumentIn(Schema):
    kind: str
    filename: str = Field(..., min_length=1, max_length=200)
    content_base64: str = Field(..., min_length=1)


class BidIn(Schema):
    price_fen: int = Field(..., gt=0)
    documents: list[DocumentIn] = Field(..., min_length=1)
    doc_creator: str = ""
    machine_code: str = ""
    client_mac: str = ""
    bond_account: str = ""
    manager_id_number: str = ""
    agent_uscc: str = ""
    deposit_fen: int = Field(0, ge=0)
    guarantee_issuer: str = ""
    guarantee_number: str = ""


class BidSealedOut(Schema):
    id: int
    section_id: int
    status: str
    anonymous_code: str
    submitted_at: dt.datetime
    documents: list[dict]


class OpeningRowOut(Schema):
    id: int
    bidder_name: str
    bidder_uscc: str
    price_fen: int
    anonymous_code: str


class ExpertDrawIn(Schema):
    size: int = 5
    reserve_size: int = 2
    exclude_local: bool = False
    remote: bool | None = None
    seed: str | None = Field(None, max_length=64)


class DrawOut(Schema):
    id: int
    seed: str
    remote: bool
    members: list[int]
    reserve: list[int]
    excluded: dict
    replay_matches: bool


class BlindBidOut(Schema):
    code: str
    technical_documents: list[dict]


class ScoreIn(Schema):
    code: str = Field(..., min_length=1, max_length=12)
    technical: Decimal = Field(..., ge=0, le=60)
    commercial: Decimal = Field(..., ge=0, le=40)
    comment: str = Field("", max_length=500)


class AwardIn(Schema):
    bid_id: int


class RedFlagOut(Schema):
    code: str
    title: str
    weight: float
    strength: float
    explanation: str
    legal_basis: str
    evidence: dict


class RiskRowOut(Schema):
    id: int
    project_code: str
    name: str
    risk_score: float
    risk_flags: list[str]
    opened_at: dt.datetime | None


class RateOut(Schema):
    category: str
    label: str
    projects: int
    electronic: int
    rate: float


class DepositFiguresOut(Schema):
    held_fen: int
    held_count: int
    overdue_fen: int
    overdue_count: int
    guarantee_fen: int
    guarantee_count: int


def section_out(section, sealed: int) -> dict:
    return {
        "id": section.pk,
        "project_code": section.project.code,
        "number": section.number,
        "name": section.name,
        "status": section.status,
        "ceiling_fen": section.ceiling_fen,
        "bid_deadline": section.bid_deadline,
        "opening_at": section.opening_at,
        "opened_at": section.opened_at,
        "sealed_bids": sealed,
        "risk_score": section.risk_score,
        "risk_flags": section.risk_flags,
    }
