"""django-ninja In/Out schemas of the bundles API. Plans are the engine's ``Plan.to_dict()``
(documented in docs/bundles-engine.md) and travel as JSON objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field


class DecisionIn(Schema):
    material_a_key: str = Field(..., min_length=1, max_length=160, description="材料引用“基本编码/材料编号”或名称键")
    material_b_key: str = Field(..., min_length=1, max_length=160)
    accepted: bool = Field(..., description="true 确认合并，false 否决")


class ComposeIn(Schema):
    items: list[str] = Field(..., min_length=1, max_length=40, description="实施编码")
    decisions: list[DecisionIn] = Field(default_factory=list, description="本次组合中对合并建议的确认/否决")


class ItemSourceOut(Schema):
    implementation_code: str
    base_code: str
    name: str
    department_code: str
    department_name: str
    version_number: int


class ComposeOut(Schema):
    items: list[ItemSourceOut]
    plan: dict[str, Any]


class BundleOut(Schema):
    code: str
    name: str
    theme: str
    theme_label: str
    status: str
    lead_department: str
    lead_department_name: str
    region: str
    policy_reference: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class BundleDetailOut(BundleOut):
    plan: dict[str, Any] | None = None
    computed_at: dt.datetime | None = None
    change: dict[str, Any] = Field(default_factory=dict)


class ReviewDecisionIn(DecisionIn):
    note: str = Field("", max_length=255, description="复核意见")


class DecisionOut(Schema):
    material_a_key: str
    material_b_key: str
    name_a: str
    name_b: str
    accepted: bool
    score: float | None
    note: str
    decided_at: dt.datetime


class ReviewOut(Schema):
    code: str
    status: str
    publishable: bool
    open_suggestions: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]
    decisions: list[DecisionOut]


class ApplicationIn(Schema):
    bundle: str | None = Field(None, description="一件事编码；与 items 二选一")
    items: list[str] = Field(default_factory=list, max_length=40, description="自由组合的实施编码")
    decisions: list[DecisionIn] = Field(default_factory=list)
    form_data: dict[str, str] = Field(default_factory=dict, description="一表申请：数据元 → 值")
    on_behalf_of: str | None = Field(None, description="窗口代办：申请人用户名")


class ApplicationChildOut(Schema):
    name: str
    implementation_code: str
    stage: int
    case_id: int | None
    case_number: str
    status: str
    status_label: str
    depends_on: list[str]
    result: dict[str, Any] | None


class ApplicationStageOut(Schema):
    number: int
    children: list[ApplicationChildOut]


class ApplicationOut(Schema):
    id: int
    number: str
    title: str
    bundle: str | None
    status: str
    submitted_at: dt.datetime
    completed_at: dt.datetime | None
    total: int
    completed: int
    stages: list[ApplicationStageOut]


def bundle_out(bundle, plan=None) -> dict[str, Any]:
    data = plan.plan if plan is not None else None
    return {
        "code": bundle.code,
        "name": bundle.name,
        "theme": bundle.theme,
        "theme_label": str(bundle.get_theme_display()),
        "status": bundle.status,
        "lead_department": bundle.lead_department.code,
        "lead_department_name": bundle.lead_department.name,
        "region": bundle.region_id,
        "policy_reference": bundle.policy_reference,
        "before": data["before"] if data else None,
        "after": data["after"] if data else None,
    }


def application_out(application, progress) -> dict[str, Any]:
    return {
        "id": application.pk,
        "number": application.number,
        "title": application.title,
        "bundle": application.bundle.code if application.bundle_id else None,
        "status": application.status,
        "submitted_at": application.submitted_at,
        "completed_at": application.completed_at,
        "total": progress["total"],
        "completed": progress["completed"],
        "stages": progress["stages"],
    }
