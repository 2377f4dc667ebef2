"""Demo data for 互联网+监管 (``zwfw demo``): 监管事项 of 成都市市场监管局 bound to its catalog items,
the demo account ``supervisor`` in the inspector pool, a supervised population of ten enterprises
with a few credit records, and one draft 双随机 plan. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zwfw.core.identifiers import org_code_check_char, uscc_check_char
from zwfw.core.models import User
from zwfw.core.selectors.accounts import department_by_code
from zwfw.supervision.models import CreditEvent, InspectionPlan, Inspector, SupervisedEntity, SupervisionItem

DEPARTMENT = "510100-scjg"
NAMES = ["锦江", "青羊", "金牛", "武侯", "成华", "龙泉", "青白江", "新都", "温江", "双流"]


def demo_uscc(n: int) -> str:
    """A valid, obviously made-up 统一社会信用代码 (GB 32100 check characters)."""
    org8 = f"MA{n:06d}"
    first17 = "91510100" + org8 + org_code_check_char(org8)
    return first17 + uscc_check_char(first17)


@transaction.atomic
def demo_supervision_ensure() -> dict | None:
    department = department_by_code(code=DEPARTMENT)
    if department is None or SupervisionItem.objects.filter(code="JG-510100-SP-001").exists():
        return None
    from zwfw.catalog.selectors import implementation_list

    codes = list(implementation_list(department=DEPARTMENT).values_list("code", flat=True)[:3])
    item = SupervisionItem.objects.create(
        code="JG-510100-SP-001",
        name="食品经营许可事中事后监管",
        department=department,
        catalog_codes=codes or ["—"],
        basis="《中华人民共和国食品安全法》第一百一十条；《食品经营许可和备案管理办法》",
        method="onsite",
        frequency_per_year=1,
    )
    officer = User.objects.filter(username="supervisor").first()
    if officer is not None:
        Inspector.objects.get_or_create(user=officer, defaults={"department": department, "name": officer.display_name})
    today = timezone.localdate()
    for n, name in enumerate(NAMES, start=1):
        uscc = demo_uscc(n)
        SupervisedEntity.objects.get_or_create(
            subject_id=uscc,
            department=department,
            defaults={"subject_kind": "enterprise", "name": f"成都{name}示例餐饮有限公司", "item": item},
        )
    CreditEvent.objects.create(
        subject_kind="enterprise",
        subject_id=demo_uscc(2),
        subject_name="成都青羊示例餐饮有限公司",
        kind="violation",
        severity=2,
        source="import",
        occurred_on=today - dt.timedelta(days=40),
        note="未按规定公示食品经营许可证（示例）",
    )
    CreditEvent.objects.create(
        subject_kind="enterprise",
        subject_id=demo_uscc(3),
        subject_name="成都金牛示例餐饮有限公司",
        kind="good",
        severity=5,
        source="import",
        occurred_on=today - dt.timedelta(days=90),
        note="A级纳税人（示例）",
    )
    if officer is not None:
        InspectionPlan.objects.create(
            name=f"{today.year}年度餐饮服务双随机抽查（示例）",
            department=department,
            item=item,
            entity_count=3,
            inspectors_per_entity=1,
            created_by=officer,
        )
    return {"supervision_items": 1, "entities": len(NAMES)}
