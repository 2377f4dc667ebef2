"""Catalog API schemas: inputs (``…In``) and outputs (``…Out``), separate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    code: str
    message: str
    detail: Any = None


class ItemListOut(Schema):
    code: str = Field(description="实施编码")
    base_code: str = Field(description="基本编码")
    name: str
    item_type: str
    item_type_label: str
    region: str
    region_name: str
    level: int
    department: str
    department_name: str
    version: int
    promised_limit_days: int | None
    legal_limit_days: int | None
    online_depth: int
    visits: int
    fee_charged: bool


class ItemPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ItemListOut]


class VersionBlockOut(Schema):
    number: int
    status: str
    effective_from: dt.date | None
    effective_to: dt.date | None = None
    note: str


class ItemDetailOut(Schema):
    """An implementation with its version in force, in the interchange shape plus display names."""

    base_code: str
    code: str
    name: str
    item_type: str
    item_type_label: str
    legal_basis: str
    region: str
    region_name: str
    level: int
    department: str
    department_name: str
    service_objects: list[str]
    keywords: list[str]
    life_events: list[str]
    enterprise_stages: list[str]
    version: VersionBlockOut
    elements: dict[str, Any]
    graph: dict[str, Any]


class BaseItemOut(Schema):
    code: str
    name: str
    item_type: str
    item_type_label: str
    type_code: str
    type_code_table: str
    legal_basis: str
    department_line: str
    levels: list[int]
    service_objects: list[str]
    keywords: list[str]
    life_events: list[str]
    enterprise_stages: list[str]
    version: VersionBlockOut | None
    elements: dict[str, Any]
    graph: dict[str, Any]


class VersionOut(Schema):
    id: int
    owner_code: str
    number: int
    status: str
    status_label: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    change_note: str
    created_by: str | None
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    review_note: str
    published_at: dt.datetime | None


class VersionDetailOut(VersionOut):
    elements: dict[str, Any]
    graph: dict[str, Any]


class ChangeOut(Schema):
    field: str
    label: str
    before: Any = None
    after: Any = None
    change: str


class DiffOut(Schema):
    code: str
    from_number: int
    to_number: int
    changes: list[ChangeOut]


class ViolationOut(Schema):
    field: str
    kind: str
    message: str


class ValidationOut(Schema):
    version_id: int
    ok: bool
    violations: list[ViolationOut]


class ConsistencyItemOut(Schema):
    code: str
    name: str
    department: str
    version: int | None
    violations: list[ViolationOut]


class ConsistencyOut(Schema):
    region: str
    on: dt.date
    checked: int
    with_violations: int
    violation_count: int
    items: list[ConsistencyItemOut]


class DraftCreateIn(Schema):
    change_note: str = Field("", max_length=500)
    from_number: int | None = Field(None, description="从哪个版本复制；默认现行有效版本")


class DraftUpdateIn(Schema):
    elements: dict[str, Any] | None = Field(None, description="一表：给出的键替换草稿中的同名键")
    graph: dict[str, Any] | None = Field(None, description="一图：整体替换")
    change_note: str | None = Field(None, max_length=500)


class ApproveIn(Schema):
    effective_from: dt.date | None = Field(None, description="生效日期，默认今天，不得早于今天")
    note: str = Field("", max_length=500)


class RejectIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


class CrossRegionItemOut(Schema):
    """One entry of a 跨域通办 list (川渝通办事项清单)."""

    scheme: str = Field(description="清单：chuanyu 川渝通办 / trans_provincial 跨省通办")
    scheme_label: str
    implementation: str = Field(description="办理地实施编码")
    name: str
    handling_region: str = Field(description="办理地行政区划代码（GB/T 2260）")
    handling_region_name: str
    handling_department: str
    handling_department_name: str
    intake_regions: list[str] = Field(description="可收件地区（含下级地区）的行政区划代码")
    intake_region_names: list[str]
    mode: str = Field(description="online 全程网办 / proxy 异地代收代办 / joint 多地联办")
    mode_label: str
    batch: str
    note: str
