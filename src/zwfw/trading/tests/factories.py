"""Builders for trading tests: enterprises, a project with a section, sealed bids, experts."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from zwfw.core.models import Region, Role
from zwfw.core.services.seed import demo_id_number
from zwfw.core.tests.factories import make_user
from zwfw.trading.services import bids as bid_services
from zwfw.trading.services import experts as expert_services
from zwfw.trading.services import projects as project_services

_seq = itertools.count(1)


def enterprise(name: str | None = None, **extra):
    n = next(_seq)
    return make_user(
        role=Role.ENTERPRISE, username=f"ent_{n}_{name or ''}", display_name=name or f"投标企业{n}号有限公司", **extra
    )


def supervisor(region: str = "510100", **extra):
    return make_user(role=Role.TRADING_SUPERVISOR, region=region, **extra)


def section(
    *,
    tenderee=None,
    agent=None,
    region: str = "510107",
    ceiling_fen: int = 10_000_000_00,
    specialty: str = "房屋建筑",
    hours: float = 2.0,
    blind_review: bool = True,
    remote: bool = False,
):
    tenderee = tenderee or enterprise("招标人")
    n = next(_seq)
    project = project_services.project_create(
        actor=tenderee,
        code=f"SC-2026-{n:04d}",
        name=f"测试工程{n}",
        category="construction",
        region=Region.objects.get(code=region),
        budget_fen=ceiling_fen,
        agent=agent,
    )
    deadline = timezone.now() + dt.timedelta(hours=hours)
    return project_services.section_create(
        actor=tenderee,
        project=project,
        name=f"测试工程{n}一标段",
        ceiling_fen=ceiling_fen,
        specialty=specialty,
        bid_deadline=deadline,
        opening_at=deadline,
        blind_review=blind_review,
        remote_evaluation=remote,
    )


def bid(section, bidder=None, price_fen: int = 9_000_000_00, documents=None, **meta):
    bidder = bidder or enterprise()
    n = next(_seq)
    documents = documents or [
        ("commercial", "商务标.pdf", f"商务标 {bidder.display_name} {n}".encode()),
        ("technical", "技术标.pdf", f"技术方案 {n}：施工组织设计".encode()),
    ]
    meta.setdefault("doc_creator", f"user{n}")
    meta.setdefault("machine_code", f"MC-{n:08d}")
    meta.setdefault("client_mac", f"00-1A-2B-3C-{n % 100:02d}-{(n // 100) % 100:02d}")
    meta.setdefault("client_ip", f"10.0.{n % 250}.{n % 200 + 1}")
    meta.setdefault("bond_account", f"6222020{n:012d}")
    meta.setdefault("manager_id_number", demo_id_number("510104", "19800101", f"{n % 1000:03d}"))
    return bid_services.bid_submit(actor=bidder, section=section, price_fen=price_fen, documents=documents, **meta)


def after_opening(section) -> dt.datetime:
    return section.opening_at + dt.timedelta(minutes=1)


def expert(
    actor,
    *,
    specialty: str = "房屋建筑",
    region: str = "510100",
    employer_uscc: str = "",
    user=None,
    name: str | None = None,
):
    n = next(_seq)
    return expert_services.expert_create(
        actor=actor,
        name=name or f"专家{n}",
        specialties=[specialty],
        region=Region.objects.get(code=region),
        employer_uscc=employer_uscc,
        employer_name="某设计院",
        user=user,
    )
