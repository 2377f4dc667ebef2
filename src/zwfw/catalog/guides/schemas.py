"""API schemas of the guides (``/api/v1/catalog/guides/…``): the 办事指南 view model and the
百姓体 guide, as rendered on the pages."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class GuideMaterialOut(Schema):
    key: str
    name: str
    forms: list[str]
    originals: int
    copies: int
    count_text: str
    required: bool
    shortfall_allowed: bool
    pledge_allowed: bool
    requirement: str
    source: str
    source_label: str
    exempt: str
    licence_name: str
    shared_data: str
    blank_form: str
    sample: str
    note: str


class GuideStepOut(Schema):
    key: str
    name: str
    kind_label: str
    role_label: str
    department_name: str
    limit_days: int
    stops_clock: bool
    critical: bool


class GuideOut(Schema):
    code: str
    base_code: str
    name: str
    item_type_label: str
    legal_basis: str
    implementing_body: str
    region_name: str
    level_label: str
    version_number: int
    effective_from: dt.date | None
    conditions: str
    materials: list[GuideMaterialOut]
    form_fields: list[str]
    legal_limit_days: int | None
    promised_limit_days: int | None
    limit_note: str
    case_type_label: str
    fee_charged: bool
    fee_text: str
    fee_basis: str
    online_depth: int
    online_depth_label: str
    visits: int
    intermediary: str
    supervisor_name: str
    supervision_measures: str
    result_name: str
    result_kind_label: str
    result_licence_name: str
    scope: str
    validity: str
    consult_phone: str
    complaint_phone: str
    place: str
    hours: str
    channels: list[str]
    pledge_allowed: bool
    shortfall_allowed: bool
    faq: list[dict[str, str]]
    steps: list[GuideStepOut]
    critical_days: int
    critical_path: list[str]


class PlainSectionOut(Schema):
    key: str
    title: str
    sentences: list[str]


class PlainGuideOut(Schema):
    code: str
    name: str
    version_number: int
    sections: list[PlainSectionOut]
