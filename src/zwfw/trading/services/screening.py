"""围标串标预警 over stored bids: the art. 40 rules plus the statistical and network screens.

Rules (招标投标法实施条例 art. 40, "deemed collusion"), on each opened section:

- ``same_creator``: two bids whose documents were made by the same creator or machine code (1);
- ``same_client``: two bids uploaded from the same MAC or IP address (1, same unit prepared them);
- ``same_agent``: two bids entrusted to the same agency (2);
- ``same_manager``: the same project manager's ID number in two bids (3);
- ``identical_documents``: two bids with a byte-identical document (SHA-256 equal) (4);
- ``mixed_documents``: a bid's documents carry another bidder's USCC or name (5, 混装);
- ``same_bond_account``: bid bonds paid from one account (6).

Prices in a regular pattern (4) and identical prices come from the statistical screens
(:mod:`zwfw.trading.screens`), which :func:`sections_screen` runs over every opened section at
once (the network screens need all sections) and writes back as the section's risk score:
``min(100, screen score + Σ rule weights)``.
"""

from __future__ import annotations

from collections import defaultdict

import polars as pl
from django.db import transaction
from django.utils import timezone

from zwfw.core.services.audit import audit_log_write
from zwfw.core.types import Actor

from .. import permissions as perms
from ..models import Bid, BidStatus, RedFlag, Section, SectionStatus
from ..screens import SCREENS_BY_CODE, explain_tender, screen_bids
from ._base import require_action

RULES: dict[str, tuple[str, float, str]] = {
    "same_creator": ("投标文件由同一单位或个人编制（同一创建者/机器码）", 30, "招标投标法实施条例第四十条第（一）项"),
    "same_client": ("投标文件从同一 MAC/IP 地址上传", 20, "招标投标法实施条例第四十条第（一）项"),
    "same_agent": ("委托同一单位或个人办理投标事宜", 25, "招标投标法实施条例第四十条第（二）项"),
    "same_manager": ("载明的项目管理成员为同一人", 30, "招标投标法实施条例第四十条第（三）项"),
    "identical_documents": ("投标文件异常一致（文件散列相同）", 30, "招标投标法实施条例第四十条第（四）项"),
    "mixed_documents": ("投标文件相互混装", 30, "招标投标法实施条例第四十条第（五）项"),
    "same_bond_account": ("投标保证金从同一单位或个人的账户转出", 30, "招标投标法实施条例第四十条第（六）项"),
}
RULE_FLAG_PREFIX = "rule:"


def _groups(bids: list[Bid], key) -> list[list[Bid]]:
    by: dict[str, list[Bid]] = defaultdict(list)
    for bid in bids:
        for value in key(bid):
            if value:
                by[value].append(bid)
    seen, out = set(), []
    for group in by.values():
        ids = tuple(sorted({b.pk for b in group}))
        if len(ids) > 1 and ids not in seen:
            seen.add(ids)
            out.append(sorted({b.pk: b for b in group}.values(), key=lambda b: b.pk))
    return out


def rule_findings(bids: list[Bid], contents: dict[int, list[bytes]] | None = None) -> dict[str, list[dict]]:
    """The art. 40 rules over one section's bids: code → list of evidence dicts (bidders involved).

    Pure function over the bid rows (and, at the opening, the decrypted document contents).
    """
    findings: dict[str, list[dict]] = {}

    def add(code: str, group: list[Bid], what: str) -> None:
        findings.setdefault(code, []).append(
            {"bidders": [b.bidder_name for b in group], "uscc": [b.bidder_uscc for b in group], "what": what}
        )

    for g in _groups(
        bids, lambda b: [f"c:{b.doc_creator}" if b.doc_creator else "", f"m:{b.machine_code}" if b.machine_code else ""]
    ):
        add("same_creator", g, "文件创建者或机器码相同")
    for g in _groups(
        bids, lambda b: [f"mac:{b.client_mac}" if b.client_mac else "", f"ip:{b.client_ip}" if b.client_ip else ""]
    ):
        add("same_client", g, "上传客户端 MAC 或 IP 相同")
    for g in _groups(bids, lambda b: [b.agent_uscc]):
        add("same_agent", g, f"受托代理机构 {g[0].agent_uscc}")
    for g in _groups(bids, lambda b: [b.manager_id_hash]):
        add("same_manager", g, f"项目负责人 {g[0].manager_id_masked}")
    for g in _groups(bids, lambda b: [d.sha256 for d in b.documents.all()]):
        add("identical_documents", g, "存在完全相同的投标文件")
    for g in _groups(bids, lambda b: [b.bond_account_hash]):
        add("same_bond_account", g, f"保证金账户 {g[0].bond_account_masked}")
    if contents:
        for bid in bids:
            text = b"\n".join(contents.get(bid.pk, []))
            for other in bids:
                if other.pk == bid.pk:
                    continue
                if other.bidder_uscc.encode() in text or (
                    len(other.bidder_name) >= 4 and other.bidder_name.encode() in text
                ):
                    add("mixed_documents", [bid, other], f"{bid.bidder_name} 的投标文件中出现 {other.bidder_name}")
    return findings


def section_rules_screen(*, section: Section, bids: list[Bid], contents: dict[int, list[bytes]] | None = None) -> None:
    """Write the rule flags of one section (inside the opening's transaction)."""
    RedFlag.objects.filter(section=section, code__startswith=RULE_FLAG_PREFIX).delete()
    for code, evidence in rule_findings(bids, contents).items():
        title, weight, basis = RULES[code]
        RedFlag.objects.create(
            section=section,
            code=RULE_FLAG_PREFIX + code,
            title=title,
            weight=weight,
            strength=1.0,
            explanation="；".join(f"{'、'.join(e['bidders'])}：{e['what']}" for e in evidence),
            legal_basis=basis,
            evidence={"groups": evidence},
        )


def sections_screen(*, actor: Actor, section_ids: list[int] | None = None) -> int:
    """Run the statistical and network screens over all opened bids; update ``section_ids`` (all if None).

    The bids of every opened section are read once (three columns) and screened together, so the
    network screens see the whole history. Returns the number of sections updated.
    """
    if actor is not None:
        require_action(actor, perms.SCREEN)
    rows = list(
        Bid.objects.filter(status=BidStatus.OPENED, price_fen__isnull=False).values_list(
            "section_id", "bidder_uscc", "price_fen", "section__ceiling_fen", "section__opened_at"
        )
    )
    if not rows:
        return 0
    table = pl.DataFrame(
        rows, schema=["tender_id", "bidder_id", "amount", "reserve_price", "date"], orient="row"
    ).with_columns(pl.col("tender_id").cast(pl.String), pl.col("date").cast(pl.String))
    result = screen_bids(table)
    scores = {int(t): (s, f) for t, s, f in result.tenders.select("tender_id", "risk_score", "flags").iter_rows()}
    targets = section_ids if section_ids is not None else list(scores)
    now = timezone.now()
    updated = 0
    with transaction.atomic():
        for section in Section.objects.select_for_update().filter(pk__in=targets).select_related("project__region"):
            if section.pk not in scores:
                continue
            score, flags = scores[section.pk]
            RedFlag.objects.filter(section=section).exclude(code__startswith=RULE_FLAG_PREFIX).delete()
            for item in explain_tender(result, str(section.pk)):
                RedFlag.objects.create(
                    section=section,
                    code=item["code"],
                    title=item["title"],
                    weight=item["weight"],
                    strength=item["strength"],
                    explanation=item["explanation"],
                    legal_basis=item["legal_basis"] or item["reference"],
                    evidence={"bidders": item["bidders"]},
                )
            rules = list(section.red_flags.filter(code__startswith=RULE_FLAG_PREFIX).values_list("code", "weight"))
            before = {"risk_score": section.risk_score, "flags": section.risk_flags}
            section.risk_score = round(min(100.0, score + sum(w for _, w in rules)), 2)
            section.risk_flags = [c for c, _ in rules] + list(flags)
            section.screened_at = now
            section.save(update_fields=["risk_score", "risk_flags", "screened_at"])
            if before["risk_score"] != section.risk_score or before["flags"] != section.risk_flags:
                audit_log_write(
                    actor=actor,
                    action="zwfw.trading.section.screened",
                    obj=section,
                    region_code=section.project.region.code,
                    before=before,
                    after={"risk_score": section.risk_score, "flags": section.risk_flags},
                )
            updated += 1
    return updated


__all__ = ["RULES", "SCREENS_BY_CODE", "SectionStatus", "rule_findings", "section_rules_screen", "sections_screen"]
