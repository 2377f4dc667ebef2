"""Sharing API schemas: inputs (``…In``) and outputs (``…Out``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field


class DatasetFieldIn(Schema):
    name: str = Field(min_length=1, max_length=64)
    label: str = Field("", max_length=64)


class DatasetIn(Schema):
    code: str = Field(min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(min_length=1, max_length=128)
    department: str = Field(min_length=1, max_length=32, description="数源部门编码")
    fields: list[DatasetFieldIn] = Field(default_factory=list, max_length=200)
    classification: str = Field("general", pattern=r"^(general|important|core)$", description="一般/重要/核心")
    update_frequency: str = Field("daily", pattern=r"^(realtime|daily|weekly|monthly|yearly)$")
    system: str = Field("", max_length=64, description="来源系统编码")
    licence_type: str = Field("", max_length=64)
    connector_kind: str = Field("none", pattern=r"^(http_json|file_drop|none)$")
    connector_target: str = Field("", max_length=300)


class DatasetOut(Schema):
    code: str
    name: str
    department: str = Field(description="数源部门编码")
    department_name: str
    system: str = ""
    system_name: str = ""
    fields: list[dict[str, Any]]
    classification: str
    classification_label: str
    update_frequency: str
    licence_type: str
    connector_kind: str


def dataset_out(d) -> dict:
    return {
        "code": d.code,
        "name": d.name,
        "department": d.department.code,
        "department_name": d.department.name,
        "system": d.system.code if d.system_id else "",
        "system_name": d.system.name if d.system_id else "",
        "fields": d.fields,
        "classification": d.classification,
        "classification_label": str(d.get_classification_display()),
        "update_frequency": d.update_frequency,
        "licence_type": d.licence_type,
        "connector_kind": d.connector_kind,
    }


class RequestIn(Schema):
    dataset: str = Field(min_length=1, max_length=64)
    purpose: str = Field(min_length=1, max_length=300)


class SharingDecideIn(Schema):
    approved: bool
    note: str = Field("", max_length=300)


class RequestOut(Schema):
    id: int
    dataset: str
    dataset_name: str
    department: str = Field(description="申请部门编码")
    purpose: str
    status: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None = None
    decision_note: str = ""


def request_out(r) -> dict:
    return {
        "id": r.pk,
        "dataset": r.dataset.code,
        "dataset_name": r.dataset.name,
        "department": r.department.code,
        "purpose": r.purpose,
        "status": r.status,
        "requested_at": r.requested_at,
        "decided_at": r.decided_at,
        "decision_note": r.decision_note,
    }


class ReadIn(Schema):
    subject: str = Field(min_length=6, max_length=18, description="身份证号或统一社会信用代码")
    purpose: str = Field(min_length=1, max_length=300)
    case_number: str = Field("", max_length=50)


class ReadResultOut(Schema):
    found: bool
    record: dict[str, Any] | None = None


class ReadLogOut(Schema):
    id: int
    dataset: str
    department: str = Field(description="调用部门编码")
    subject_masked: str
    purpose: str
    case_number: str
    outcome: str
    fields_returned: list[str]
    read_at: dt.datetime


def read_out(r) -> dict:
    return {
        "id": r.pk,
        "dataset": r.dataset.code,
        "department": r.department.code,
        "subject_masked": r.subject_masked,
        "purpose": r.purpose,
        "case_number": r.case_number,
        "outcome": r.outcome,
        "fields_returned": r.fields_returned,
        "read_at": r.read_at,
    }


class GraphItemOut(Schema):
    code: str
    name: str
    department: str
    region: str
    volume: int = Field(description="近一年办件量")
    materials: list[str] = Field(default_factory=list, description="免提交的材料")


class GraphSystemOut(Schema):
    code: str
    name: str
    department: str
    via: list[str] = Field(description="supplies 材料数据来源 / result 结果证照入库 / handling 办理部门系统")


class DatasetPriorityOut(Schema):
    code: str
    name: str
    department: str
    items: int
    volume: int


class CodeOut(Schema):
    id: int
    token: str
    qr_text: str = Field(description="二维码内容")
    expires_at: dt.datetime
    state: str = Field(description="live / expired / revoked")


class ScanIn(Schema):
    token: str = Field(min_length=1, max_length=32)
    consent: bool = Field(description="持码人已当面同意查询")
    purpose: str = Field(min_length=1, max_length=200)


class ScanLicenceOut(Schema):
    number: str
    licence_type: str
    name: str
    issuer: str
    valid_until: dt.date | None = None


class ScanPolicyOut(Schema):
    policy: str = Field(description="政策名称")
    doc_number: str = Field(description="文号")
    item: str = Field(description="兑现事项")
    status: str = Field(description="eligible 符合条件 / eligible_if_declared 承诺/申报后符合")
    status_label: str
    amount_fen: int | None = Field(None, description="预计金额（分）")
    auto_grant: bool = Field(description="免申即享")
    window_closes: dt.date | None = Field(None, description="申报截止")


class ScanOut(Schema):
    holder_name: str
    holder_identifier: str = Field(description="脱敏")
    licences: list[ScanLicenceOut]
    open_cases: list[dict[str, Any]]
    policies: list[ScanPolicyOut] = Field(description="持码企业匹配的惠企政策（已发布、施行中的政策）")
