"""Demo data of the sharing app: two systems and three datasets (idempotent)."""

from __future__ import annotations

from zwfw.core.selectors.accounts import department_by_code
from zwfw.sharing.models import Dataset, System

SYSTEMS = [
    ("sc-scjg-djxt", "四川省市场主体登记系统", "510000-scjg"),
    ("sc-gaj-rkxt", "四川省人口信息管理系统", "510000-ga"),
]
DATASETS = [
    {
        "code": "enterprise-registration",
        "name": "市场主体登记信息",
        "department": "510000-scjg",
        "system": "sc-scjg-djxt",
        "classification": "general",
        "update_frequency": "realtime",
        "licence_type": "business_licence",
        "fields": [
            {"name": "name", "label": "名称"},
            {"name": "uscc", "label": "统一社会信用代码"},
            {"name": "legal_representative", "label": "法定代表人"},
            {"name": "address", "label": "住所"},
        ],
    },
    {
        "code": "household-registration",
        "name": "户籍人口基本信息",
        "department": "510000-ga",
        "system": "sc-gaj-rkxt",
        "classification": "important",
        "update_frequency": "daily",
        "licence_type": "hukou_book",
        "fields": [{"name": "name", "label": "姓名"}, {"name": "address", "label": "户籍地址"}],
    },
]


def demo_sharing_ensure() -> dict:
    made = {"systems": 0, "datasets": 0}
    for code, name, dept in SYSTEMS:
        department = department_by_code(code=dept)
        if department is None or System.objects.filter(code=code).exists():
            continue
        System.objects.create(code=code, name=name, department=department)
        made["systems"] += 1
    for d in DATASETS:
        department = department_by_code(code=d["department"])
        if department is None or Dataset.objects.filter(code=d["code"]).exists():
            continue
        Dataset.objects.create(
            code=d["code"],
            name=d["name"],
            department=department,
            system=System.objects.filter(code=d["system"]).first(),
            classification=d["classification"],
            update_frequency=d["update_frequency"],
            licence_type=d["licence_type"],
            fields=d["fields"],
        )
        made["datasets"] += 1
    return made
