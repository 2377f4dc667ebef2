"""Builders for catalog test data, in the interchange shape (docs/catalog-format.md)."""

from __future__ import annotations

import copy
from typing import Any

BASE_CODE = "511A0101000000"
IMPL_CODE = f"{BASE_CODE}-510100000000-000-510100-scjg-1-00"


def graph(**limits: int) -> dict[str, Any]:
    """申请 → 受理 → (审查 ∥ 现场核查[不计时]) → 决定 → 送达."""
    days = {"apply": 0, "accept": 1, "review": 5, "inspect": 5, "decide": 2, "deliver": 1, **limits}
    steps = [
        ("apply", "申请", "apply", "applicant", False),
        ("accept", "受理", "accept", "window_clerk", False),
        ("review", "审查", "review", "reviewer", False),
        ("inspect", "现场核查", "inspect", "reviewer", True),
        ("decide", "决定", "decide", "reviewer", False),
        ("deliver", "送达", "deliver", "window_clerk", False),
    ]
    return {
        "steps": [
            {
                "key": k,
                "name": n,
                "kind": kind,
                "role": role,
                "department": None,
                "limit_days": days[k],
                "stops_clock": stop,
            }
            for k, n, kind, role, stop in steps
        ],
        "edges": [
            ["apply", "accept"],
            ["accept", "review"],
            ["accept", "inspect"],
            ["review", "decide"],
            ["inspect", "decide"],
            ["decide", "deliver"],
        ],
    }


def material(key: str, name: str, **extra: Any) -> dict[str, Any]:
    from zwfw.catalog.interchange.demo import MATERIAL_DEFAULTS

    return {
        **copy.deepcopy(MATERIAL_DEFAULTS),
        "key": key,
        "name": name,
        "standard_code": extra.pop("standard_code", key),
        **extra,
    }


def elements(**overrides: Any) -> dict[str, Any]:
    el = {
        "conditions": "申请人应当具有与经营的食品品种、数量相适应的经营场所",
        "materials": [
            material("application_form", "食品经营许可申请书", blank_form="申请书.docx"),
            material(
                "business_licence",
                "营业执照",
                forms=["original", "electronic"],
                source="licence",
                licence_type="business_licence",
            ),
            material("layout_plan", "经营场所平面布局图", required=False, copies=1, originals=0),
        ],
        "form": [
            {"element": "enterprise_name", "label": "经营者名称", "type": "text", "required": True},
            {"element": "uscc", "label": "统一社会信用代码", "type": "uscc", "required": True},
        ],
        "legal_limit_days": 20,
        "promised_limit_days": 10,
        "limit_note": "",
        "case_type": "promised",
        "fee": {"charged": False, "basis": "", "amount_fen": 0, "description": "不收费"},
        "online_depth": 4,
        "visits": 1,
        "intermediary": "",
        "supervisor": None,
        "supervision_measures": "双随机、一公开",
        "result": {"name": "食品经营许可证", "kind": "licence", "licence_type": "food_business_licence", "sample": ""},
        "scope": "辖区内食品经营者",
        "validity": "5年",
        "consult_phone": "028-12345",
        "complaint_phone": "12345",
        "place": "市民服务中心",
        "hours": "工作日 9:00-17:00",
        "channels": ["window", "online"],
        "pledge_allowed": True,
        "shortfall_allowed": True,
        "faq": [{"q": "要多久？", "a": "10个工作日"}],
    }
    el.update(overrides)
    return el


def base_item(code: str = BASE_CODE, **overrides: Any) -> dict[str, Any]:
    item = {
        "code": code,
        "name": "食品经营许可（新办）",
        "item_type": "licence",
        "legal_basis": "《中华人民共和国食品安全法》第三十五条",
        "department_line": "scjg",
        "levels": [2, 3, 4],
        "service_objects": ["enterprise", "person"],
        "keywords": ["开饭店", "餐馆"],
        "life_events": [],
        "enterprise_stages": ["access"],
        "elements": elements(),
        "graph": graph(),
    }
    item.update(overrides)
    return item


def implementation(code: str = IMPL_CODE, base_code: str = BASE_CODE, **overrides: Any) -> dict[str, Any]:
    item = {
        "base_code": base_code,
        "code": code,
        "region": "510100",
        "level": 3,
        "department": "510100-scjg",
        "version": {"number": 1, "status": "published", "effective_from": "2026-01-01", "note": "首次发布"},
        "elements": elements(promised_limit_days=9, materials=elements()["materials"][:2]),
        "graph": graph(),
    }
    item.update(overrides)
    return item


LICENCE_TYPES = [
    {"code": "business_licence", "name": "营业执照", "issuer_line": "scjg"},
    {"code": "food_business_licence", "name": "食品经营许可证", "issuer_line": "scjg"},
]


def payload(*, bases=None, impls=None, licence_types=None) -> dict[str, Any]:
    return {
        "format": "zwfw-catalog",
        "format_version": 1,
        "licence_types": copy.deepcopy(LICENCE_TYPES if licence_types is None else licence_types),
        "base_items": copy.deepcopy([base_item()] if bases is None else bases),
        "implementations": copy.deepcopy([implementation()] if impls is None else impls),
    }
