"""Demo data for the 中介服务网上超市: two agencies with valid qualifications and listings for
环境影响评价 and 工程测绘 (idempotent). They have no login; the demo account ``enterprise`` can
register its own agency or buy as a project owner."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zwfw.core.identifiers import org_code_check_char, uscc_check_char
from zwfw.intermediaries.models import Agency, Listing, Qualification

AGENCIES = [
    ("成都示例环境评价咨询有限公司", 501, "环境影响评价", 20, 3_000_000, "环评资质"),
    ("四川示例测绘技术有限公司", 502, "工程测绘", 10, 800_000, "乙级测绘资质"),
]


def demo_uscc(n: int) -> str:
    """A valid, obviously made-up 统一社会信用代码 (GB 32100 check characters)."""
    org8 = f"MB{n:06d}"
    first17 = "91510100" + org8 + org_code_check_char(org8)
    return first17 + uscc_check_char(first17)


@transaction.atomic
def demo_intermediaries_ensure() -> dict | None:
    if Agency.objects.filter(uscc=demo_uscc(AGENCIES[0][1])).exists():
        return None
    until = timezone.localdate() + dt.timedelta(days=365)
    for name, n, item, days, fee, qual in AGENCIES:
        agency = Agency.objects.create(name=name, uscc=demo_uscc(n), region_id="510100")
        Qualification.objects.create(agency=agency, name=qual, number=f"DEMO-{n}", valid_until=until)
        Listing.objects.create(
            agency=agency,
            service_item=item,
            conditions="具备相应资质，项目资料齐全（示例）",
            process="接受委托 → 现场踏勘 → 编制成果 → 交付验收（示例）",
            time_limit_days=days,
            fee_standard_fen=fee,
            fee_basis="市场调节价，上限公示（示例）",
        )
    return {"agencies": len(AGENCIES)}
