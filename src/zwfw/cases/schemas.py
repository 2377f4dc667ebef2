"""django-ninja In/Out schemas of the cases API. Out schemas carry no more personal data than the
reader may see: the case detail declares its personal fields with :mod:`zwfw.core.pii` types
(masked unless the handler granted the viewer full values: the applicant, the intake clerk); the
public lookup has none."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from zwfw.core.pii import PiiForm, PiiStr
from zwfw.core.schemas.base import OutSchema


class ErrorOut(Schema):
    code: str
    message: str
    detail: Any = None


class ApplyIn(Schema):
    implementation_code: str = Field(..., min_length=1, max_length=64)
    channel: str = Field("online", description="online 网上 / mobile 移动端 / window 窗口 / kiosk 自助终端")
    form_data: dict[str, Any] = Field(default_factory=dict)
    on_behalf_of: int | None = Field(None, description="代办/帮办：申请人的用户ID（窗口人员）")
    cross_region: bool = Field(
        False,
        description="跨域通办（川渝通办）：窗口人员为另一地区部门办理的事项收件（须在跨域通办事项清单中，否则422）",
    )
    contact_phone: str = ""
    postal_address: str = ""
    postal_code: str = ""


class ActionIn(Schema):
    """Every action body may carry the ``row_version`` the client read (optimistic concurrency)."""

    row_version: int | None = None


class RefuseIn(ActionIn):
    reason: str = Field(..., min_length=1, max_length=2000)


class CorrectionItemIn(Schema):
    key: str = ""
    name: str = ""
    problem: str = Field(..., min_length=1, max_length=500)


class CorrectionIn(ActionIn):
    items: list[CorrectionItemIn] = Field(..., min_length=1)
    note: str = ""
    deadline: dt.date | None = None


class ResubmitIn(ActionIn):
    form_data: dict[str, Any] | None = None


class ShortfallIn(ActionIn):
    materials: list[str] = Field(..., min_length=1)
    pledge_text: str = Field(..., min_length=1)
    due_date: dt.date


class PledgeIn(ActionIn):
    pledge_text: str = Field(..., min_length=1)
    materials: list[str] = Field(default_factory=list)


class StepCompleteIn(ActionIn):
    action: str = Field("pass", description="pass 通过 / return 退回")
    opinion: str = ""


class DecideIn(ActionIn):
    approved: bool
    reason: str = ""
    legal_basis: str = ""


class ClockStopIn(ActionIn):
    kind: str = Field(
        ..., description="hearing tender auction inspection testing quarantine appraisal expert_review site_survey"
    )
    reason: str = Field(..., min_length=1)
    on: dt.date | None = None


class ExtendIn(ActionIn):
    reason: str = Field(..., min_length=1, max_length=2000, description="延长理由（告知申请人）")


class ClockResumeIn(ActionIn):
    on: dt.date | None = None
    result: str = ""


class DeliverIn(ActionIn):
    method: str = Field(..., description="pickup 窗口领取 / post 邮寄 / electronic 电子送达")
    tracking_number: str = ""
    carrier: str = ""
    address: str = ""


class ChildrenIn(ActionIn):
    implementation_codes: list[str] = Field(..., min_length=1)
    shared_form_data: dict[str, Any] = Field(default_factory=dict)


class VerifyIn(Schema):
    passed: bool
    result: str = Field(..., min_length=1)


class ConsultationIn(Schema):
    channel: str = Field(..., description="phone 电话 / onsite 现场")
    department: str
    topic: str = ""
    at: dt.datetime | None = None


class MaterialOut(OutSchema):
    key: str
    name: str
    required: bool
    shortfall_allowed: bool
    pledge_allowed: bool
    source: str
    status: str
    status_label: str
    exempt: bool
    exemption_note: str
    licence_number: str
    original_name: str
    size: int
    content_type: str
    sha256: str


class StepOut(OutSchema):
    id: int
    key: str
    name: str
    kind: str
    role: str
    department: str
    department_name: str
    status: str
    status_label: str
    gb_status_code: str
    stops_clock: bool
    predecessors: list[str]
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    action: str
    opinion: str
    due_date: dt.date | None = None
    is_overdue: bool = False


class ClockStopOut(OutSchema):
    kind: str
    kind_label: str
    reason: str
    started_on: dt.date
    ended_on: dt.date | None
    workdays: int | None


class CaseOut(OutSchema):
    id: int
    number: str
    item_name: str
    implementation_code: str
    version_number: int
    department: str
    department_name: str
    region: str
    channel: str
    status: str
    status_label: str
    row_version: int
    applicant_kind: str
    applicant_name: str
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    due_date: dt.date | None
    is_overdue: bool
    warning_level: int
    clock_stopped: bool
    decision: str
    decided_at: dt.datetime | None
    completed_at: dt.datetime | None
    parent_id: int | None
    extension_workdays: int = 0
    delivery_due_date: dt.date | None = None
    cross_region: bool = Field(False, description="跨域通办（川渝通办）办件")
    intake_region: str | None = Field(None, description="收件地行政区划代码（跨域通办）")
    intake_department: str | None = Field(None, description="收件单位编码（跨域通办：受理、出件的窗口单位）")


class CaseDetailOut(CaseOut):
    verify_code: str | None
    applicant_id_number: PiiStr("id_number")  # type: ignore[valid-type]
    applicant_uscc: str
    contact_phone: PiiStr("phone")  # type: ignore[valid-type]
    form_data: PiiForm
    deemed_accepted: bool
    deemed_reason: str
    with_shortfall: bool
    on_pledge: bool
    refusal_reason: str
    decision_reason: str
    legal_basis: str
    result_licence_type: str
    result_licence_number: str
    stopped_workdays: int
    extended_at: dt.datetime | None = None
    extension_reason: str = ""
    materials: list[MaterialOut]
    steps: list[StepOut]
    clock_stops: list[ClockStopOut]
    corrections: list[dict[str, Any]]
    shortfall: list[dict[str, Any]]
    delivery: dict[str, Any] | None
    children: dict[str, Any] | None
    timeline: list[dict[str, Any]]
    actions: list[str] = Field(
        default_factory=list,
        description="the actions the caller may take on the case now (zwfw.cases.transitions; docs/cases.md)",
    )


class CasePageOut(OutSchema):
    count: int
    items: list[CaseOut]


class WindowQueueOut(OutSchema):
    to_accept: list[CaseOut]
    resubmitted: list[CaseOut]
    in_correction: list[CaseOut]
    shortfall_due: list[CaseOut]
    to_hand_out: list[CaseOut]


class QueueStepOut(OutSchema):
    step: StepOut
    case: CaseOut


class SupervisionOut(OutSchema):
    id: int
    case_number: str
    department: str
    decision: str
    payload: dict[str, Any]
    created_at: dt.datetime
    read_at: dt.datetime | None
    status: str
    attempts: int
    last_error: str
    sent_at: dt.datetime | None


class VerificationOut(OutSchema):
    id: int
    case_number: str
    department: str
    pledge_text: str
    materials: list[str]
    due_date: dt.date
    status: str
    result: str
    verified_at: dt.datetime | None


class ConsultationOut(OutSchema):
    id: int
    channel: str
    department: str
    at: dt.datetime
    topic: str


class TimelineEventOut(OutSchema):
    at: dt.datetime
    event: str
    detail: str


class LookupOut(OutSchema):
    number: str
    item_name: str
    department: str
    applicant: str
    status: str
    status_label: str
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    due_date: dt.date | None
    clock_stopped: bool
    decision: str
    completed_at: dt.datetime | None
    timeline: list[TimelineEventOut]
