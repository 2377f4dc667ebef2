"""OCDS 1.1 release export of sections (import: :mod:`.ocds_import`; for screening only: :mod:`..screens.ocds`).

One release per 标段 (contracting process ``ocid = <prefix>-<project code>-<section number>``, or
the ocid an imported section came with):

- ``parties``: the 招标人 (``buyer``, ``procuringEntity``), the 招标代理 (``procuringEntity``
  when present), every bidder (``tenderer``) and the winner (``supplier``), identified by their
  统一社会信用代码 (``identifier.scheme = "CN-USCC"``);
- ``tender``: title, status (``active`` while bidding, ``complete`` when awarded, ``unsuccessful``
  when it failed), ``value`` = 最高投标限价, ``tenderPeriod.endDate`` = deadline,
  ``mainProcurementCategory`` (工程建设 → works, 政府采购 → goods, others → services),
  ``numberOfTenderers``;
- ``bids.details`` (bids extension): only after the opening; sealed bids are never exported;
- ``awards``: the awarded bid;
- ``planning.budget``: ``projectID`` = 项目编号, ``project`` = 项目名称, ``amount`` = 预算;
- ``tender.bidOpening.date`` (bid opening extension): 开标时间;
- ``zwfw``: what OCDS has no field for, so that an import gives the same project back: category,
  region code, project code, section number and name, 评标专业, status, 实际开标时间, 暗标盲评,
  远程异地评标, 全流程电子化 (other tools ignore unknown fields).

Amounts are yuan (fen / 100, OCDS numbers) in CNY; the platform keeps integer fen.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from ..models import Bid, BidStatus, Category, Section, SectionStatus

OCID_PREFIX = "ocds-zwfw"
CATEGORY: dict[str, str] = {Category.CONSTRUCTION: "works", Category.PROCUREMENT: "goods"}
STATUS: dict[str, str] = {
    SectionStatus.BIDDING: "active",
    SectionStatus.OPENED: "active",
    SectionStatus.EVALUATED: "active",
    SectionStatus.AWARDED: "complete",
    SectionStatus.FAILED: "unsuccessful",
}


def _amount(fen: int) -> int | float:
    yuan = Decimal(fen) / 100
    return int(yuan) if yuan == yuan.to_integral_value() else float(yuan)


def _party(uscc: str, name: str, roles: list[str]) -> dict:
    return {"id": f"CN-USCC-{uscc}", "name": name, "identifier": {"scheme": "CN-USCC", "id": uscc}, "roles": roles}


def section_release(section: Section) -> dict:
    """The OCDS release of one section (see module doc)."""
    project = section.project
    ocid = section.ocid(OCID_PREFIX)
    parties: dict[str, dict] = {}

    def add(uscc: str, name: str, role: str) -> dict:
        party = parties.setdefault(uscc, _party(uscc, name, []))
        if role not in party["roles"]:
            party["roles"].append(role)
        return {"id": party["id"], "name": name}

    buyer = add(project.tenderee.uscc, project.tenderee.display_name, "buyer")
    add(project.tenderee.uscc, project.tenderee.display_name, "procuringEntity")
    if project.agent:
        add(project.agent.uscc, project.agent.display_name, "procuringEntity")
    opened = section.status != SectionStatus.BIDDING and section.opened_at is not None
    bids = list(Bid.objects.filter(section=section).exclude(status=BidStatus.WITHDRAWN).order_by("id"))
    tenderers = [add(b.bidder_uscc, b.bidder_name, "tenderer") for b in bids] if opened else []
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": f"{ocid}-{section.status}-{int(timezone.now().timestamp())}",
        "date": timezone.now().isoformat(),
        "tag": ["award"] if section.status == SectionStatus.AWARDED else ["tender"],
        "initiationType": "tender",
        "language": "zh",
        "buyer": buyer,
        "planning": {
            "budget": {
                "projectID": project.code,
                "project": project.name,
                "amount": {"amount": _amount(project.budget_fen), "currency": "CNY"},
            }
        },
        "tender": {
            "id": ocid,
            "title": f"{project.name} {section.name}",
            "status": STATUS[section.status],
            "value": {"amount": _amount(section.ceiling_fen), "currency": "CNY"},
            "procurementMethod": "open",
            "mainProcurementCategory": CATEGORY.get(project.category, "services"),
            "tenderPeriod": {"endDate": section.bid_deadline.isoformat()},
            "bidOpening": {"date": section.opening_at.isoformat()},
            "numberOfTenderers": len(bids) if opened else None,
            "tenderers": tenderers,
        },
    }
    if not opened:
        del release["tender"]["numberOfTenderers"]
    if opened:
        release["bids"] = {
            "details": [
                {
                    "id": f"{ocid}-bid-{b.pk}",
                    "date": b.submitted_at.isoformat(),
                    "status": "valid",
                    "tenderers": [{"id": f"CN-USCC-{b.bidder_uscc}", "name": b.bidder_name}],
                    "value": {"amount": _amount(b.price_fen), "currency": "CNY"},
                }
                for b in bids
                if b.price_fen is not None
            ]
        }
    win = section.awarded_bid
    if win is not None:
        # awarded among the recommended bids, all opened: the price was decrypted at the opening
        assert win.price_fen is not None, "an awarded bid has its price"
        add(win.bidder_uscc, win.bidder_name, "supplier")
        release["awards"] = [
            {
                "id": f"{ocid}-award-1",
                "status": "active",
                "suppliers": [{"id": f"CN-USCC-{win.bidder_uscc}", "name": win.bidder_name}],
                "value": {"amount": _amount(win.price_fen), "currency": "CNY"},
            }
        ]
    release["parties"] = list(parties.values())
    release["zwfw"] = {
        "category": project.category,
        "region": project.region.code,
        "project_code": project.code,
        "section_number": section.number,
        "section_name": section.name,
        "specialty": section.specialty,
        "status": section.status,
        "opened_at": section.opened_at.isoformat() if section.opened_at else None,
        "blind_review": section.blind_review,
        "remote_evaluation": section.remote_evaluation,
        "fully_electronic": project.fully_electronic,
    }
    return release


def release_package(sections) -> dict:
    """An OCDS release package of ``sections`` (already scoped by the caller's selector)."""
    now = timezone.now().isoformat()
    return {
        "uri": f"urn:{OCID_PREFIX}:{now}",
        "version": "1.1",
        "publishedDate": now,
        "publisher": {"name": "zwfw 公共资源交易平台"},
        "extensions": [
            "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/master/extension.json",
            "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bidOpening_extension/master/extension.json",
        ],
        "releases": [section_release(s) for s in sections],
    }
