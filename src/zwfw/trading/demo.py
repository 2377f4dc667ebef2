"""Demo data of the trading app (``zwfw demo`` calls ``TradingConfig.load_demo_data``); idempotent.

- four bidder enterprises ``bidder1`` … ``bidder4`` (password = the demo password);
- a 工程建设 project of the demo ``enterprise`` (招标人) with one section open for bids (deadline
  in seven days) for the bidder page;
- a 政府采购 project whose section received four sealed bids, two paying the bond from one account,
  then opened (its schedule is set in the past first, as if the opening time had come): it tops
  the ``trading`` supervisor's 围标串标预警 queue;
- an expert pool of nine 房屋建筑 experts in 成都 and 绵阳, the demo ``expert`` among them.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zwfw.core.models import Region, Role, User
from zwfw.core.services.accounts import user_create
from zwfw.core.services.seed import DEMO_PASSWORD, demo_id_number, demo_uscc

from .models import Expert, Project, Section
from .services import bids as bid_services
from .services import experts as expert_services
from .services import projects as project_services
from .services.opening import section_open

OPEN_CODE = "SC-DEMO-2026-001"
OPENED_CODE = "SC-DEMO-2026-002"


def _bidder(n: int) -> User:
    user = User.objects.filter(username=f"bidder{n}").first()
    if user:
        return user
    names = {1: "四川甲建设工程有限公司", 2: "成都乙建筑有限公司", 3: "绵阳丙建工有限公司", 4: "德阳丁市政工程有限公司"}
    return user_create(
        actor=None,
        username=f"bidder{n}",
        password=DEMO_PASSWORD,
        role=Role.ENTERPRISE,
        display_name=names[n],
        region_code="510107",
        uscc=demo_uscc("510107", f"MA6TRD{n:02d}"),
    )


def load(*, actor=None) -> dict:
    tenderee = User.objects.filter(username="enterprise").first()
    supervisor = User.objects.filter(username="trading").first()
    if tenderee is None or supervisor is None:
        return {"跳过": "缺少演示账户 enterprise / trading"}
    created = {"项目": 0, "投标": 0, "专家": 0}
    bidders = [_bidder(n) for n in range(1, 5)]
    wuhou = Region.objects.get(code="510107")
    now = timezone.now()
    with transaction.atomic():
        if not Project.objects.filter(code=OPEN_CODE).exists():
            project = project_services.project_create(
                actor=tenderee,
                code=OPEN_CODE,
                name="武侯区社区服务中心改造工程",
                category="construction",
                region=wuhou,
                budget_fen=12_000_000_00,
            )
            deadline = now + dt.timedelta(days=7)
            project_services.section_create(
                actor=tenderee,
                project=project,
                name="施工一标段",
                ceiling_fen=11_500_000_00,
                specialty="房屋建筑",
                bid_deadline=deadline,
                opening_at=deadline,
            )
            created["项目"] += 1
        if not Project.objects.filter(code=OPENED_CODE).exists():
            project = project_services.project_create(
                actor=tenderee,
                code=OPENED_CODE,
                name="武侯区学校课桌椅采购",
                category="procurement",
                region=wuhou,
                budget_fen=2_000_000_00,
                fully_electronic=False,
            )
            deadline = now + dt.timedelta(hours=1)
            section = project_services.section_create(
                actor=tenderee,
                project=project,
                name="采购包一",
                ceiling_fen=2_000_000_00,
                specialty="房屋建筑",
                bid_deadline=deadline,
                opening_at=deadline,
            )
            prices = (1_812_000_00, 1_866_000_00, 1_920_000_00, 1_974_000_00)
            for i, (bidder, price) in enumerate(zip(bidders, prices, strict=True)):
                bid_services.bid_submit(
                    actor=bidder,
                    section=section,
                    price_fen=price,
                    documents=[
                        ("commercial", "商务标.pdf", f"{bidder.display_name} 商务标".encode()),
                        ("technical", "技术标.pdf", f"{bidder.display_name} 技术方案 {i}".encode()),
                    ],
                    doc_creator=f"user{i}",
                    machine_code=f"MC-DEMO-{i}",
                    bond_account="6222020200001234" if i < 2 else f"62220202000099{i:02d}",
                    manager_id_number=demo_id_number("510104", "19800101", f"{100 + i}"),
                    deposit_fen=20_000_00,
                )
                created["投标"] += 1
            past = now - dt.timedelta(minutes=1)
            Section.objects.filter(pk=section.pk).update(bid_deadline=past, opening_at=past)
            section.refresh_from_db()
            section_open(actor=supervisor, section=section)
            created["项目"] += 1
        if not Expert.objects.exists():
            expert_user = User.objects.filter(username="expert").first()
            for i in range(9):
                region = Region.objects.get(code="510100" if i < 5 else "510700")
                expert_services.expert_create(
                    actor=supervisor,
                    name=expert_user.display_name if (i == 0 and expert_user) else f"演示专家{i}",
                    specialties=["房屋建筑"],
                    region=region,
                    employer_name="某设计研究院",
                    user=expert_user if i == 0 else None,
                )
                created["专家"] += 1
    return created
