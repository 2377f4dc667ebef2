"""OCDS 1.1 release import into projects, sections (标段) and opened bids.

Input (:func:`parse_ocds`): a release package (``{"releases": [...]}``), a record package
(``compiledRelease`` of each record), a list of releases, one release, or JSON lines (one of those
per line). Each release is one contracting process = one :class:`Section`; the mapping is the
inverse of :mod:`.ocds` (see docs/trading.md, "OCDS import"):

- parties are identified by their 统一社会信用代码 (``identifier.scheme = "CN-USCC"`` or a party id
  ``CN-USCC-<code>``), checked with its check digit; the 招标人 is the ``buyer``, the 招标代理 a
  ``procuringEntity`` other than the buyer, bidders are ``bids.details[].tenderers``. A party with no
  enterprise account gets an inactive one (it cannot log in; ``accounts_created`` counts them);
- ``tender.value`` → 最高投标限价, ``planning.budget`` → project code/name/budget,
  ``tender.tenderPeriod.endDate`` → deadline, ``tender.bidOpening.date`` → opening time; the
  ``zwfw`` object (written by our export) carries what OCDS has no field for (category, region,
  section number and name, 评标专业, status, 实际开标时间);
- ``bids.details`` with an amount become **opened** bids (the price is sealed as well, like every
  bid); withdrawn/disqualified details are left out. Prices in a release are public, so a release
  with prices whose opening time is still ahead is refused: an import never makes a price readable
  before the opening.

Idempotence: an imported section stores its ``ocid``, release id and release date. The same
release again, or an older one, is ``skipped``; a newer one that changes nothing is ``skipped``; a
newer one with changes ``updated`` (the section's imported bids are replaced by the release's).
A section created on this platform is never changed by an import: a release equal to it is
``skipped`` (the export → import round trip), a different one ``rejected``.

Every release is validated completely before anything is written and is written in its own
transaction (or all of them in one with ``all_or_nothing``): a bad release is ``rejected`` with
its reason and leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, overload

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from zwfw.core.identifiers import validate_uscc
from zwfw.core.models import Region, Role, User
from zwfw.core.selectors.scope import region_scope_q
from zwfw.core.services.audit import audit_log_write
from zwfw.core.types import Actor

from .. import permissions as perms
from ..errors import TradingError, TradingErrorCode
from ..models import Bid, BidStatus, Category, Project, RedFlag, Section, SectionStatus
from ..sealing import seal
from ._base import require_action
from .bids import _new_code, _price_context

SKIP_BID_STATUS = {"withdrawn", "disqualified", "invited", "pending"}
CATEGORY_FROM_OCDS = {"works": Category.CONSTRUCTION, "goods": Category.PROCUREMENT, "services": Category.OTHER}
DEFAULT_SPECIALTY = "综合"
MAX_RELEASES = 100_000

__all__ = ["ImportReport", "OcdsRejected", "ocds_import", "parse_ocds"]


class OcdsRejected(ValueError):
    """One release that cannot be imported; the message says why (Chinese)."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0
    accounts_created: int = 0
    dry_run: bool = False
    rows: list[dict] = field(default_factory=list)

    def add(self, outcome: str, release: dict | None, reason: str = "", section_id: int | None = None) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        release = release if isinstance(release, dict) else {}
        self.rows.append(
            {
                "ocid": str(release.get("ocid") or ""),
                "release_id": str(release.get("id") or ""),
                "outcome": outcome,
                "reason": reason,
                "section_id": section_id,
            }
        )

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "accounts_created": self.accounts_created,
            "dry_run": self.dry_run,
            "rows": self.rows,
        }


# ----------------------------------------------------------------------------------- reading
def _releases_of(data) -> list:
    if isinstance(data, list):
        return list(data)
    if isinstance(data, dict):
        if isinstance(data.get("releases"), list):
            return list(data["releases"])
        if isinstance(data.get("records"), list):
            return [r.get("compiledRelease") if isinstance(r, dict) else r for r in data["records"]]
        if "ocid" in data:
            return [data]
    raise TradingError(TradingErrorCode.BAD_OCDS, reason="不是 OCDS 发布包、记录包、发布列表或 JSON Lines")


def parse_ocds(text: str | bytes) -> list:
    """The releases in ``text`` (JSON or JSON lines); a file that is neither is a 422 error.

    Items that are not objects are kept (each is rejected with its reason by :func:`ocds_import`).
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TradingError(TradingErrorCode.BAD_OCDS, reason="文件不是 UTF-8 编码") from exc
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise TradingError(TradingErrorCode.BAD_OCDS, reason="文件为空")
    try:
        releases = _releases_of(json.loads(text))
    except json.JSONDecodeError as first:
        releases = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise TradingError(
                    TradingErrorCode.BAD_OCDS, reason=f"不是有效的 JSON（第 {number} 行：{exc.msg}）"
                ) from first
            releases.extend(_releases_of(item))
    if not releases:
        raise TradingError(TradingErrorCode.BAD_OCDS, reason="没有任何发布（releases）")
    if len(releases) > MAX_RELEASES:
        raise TradingError(TradingErrorCode.BAD_OCDS, reason=f"一次最多导入 {MAX_RELEASES:,} 条发布")
    return releases


# ------------------------------------------------------------------------------- validation
@dataclass
class _Party:
    uscc: str
    name: str


@dataclass
class _Bid:
    party: _Party
    price_fen: int
    date: dt.datetime | None


@dataclass
class _Release:
    ocid: str
    release_id: str
    date: str
    project_code: str
    project_name: str
    category: str
    region_code: str
    budget_fen: int
    fully_electronic: bool
    tenderee: _Party
    agent: _Party | None
    number: int
    section_name: str
    ceiling_fen: int
    specialty: str
    bid_deadline: dt.datetime
    opening_at: dt.datetime
    opened_at: dt.datetime | None
    status: str
    blind_review: bool
    remote_evaluation: bool
    bids: list[_Bid]
    winner_uscc: str | None


def _obj(value, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise OcdsRejected(f"{where} 应为对象")
    return value


def _text(value, where: str, *, max_length: int, required: bool = True) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise OcdsRejected(f"缺少 {where}")
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise OcdsRejected(f"{where} 应为字符串")
    text = str(value).strip()
    if len(text) > max_length:
        raise OcdsRejected(f"{where} 超过 {max_length} 个字符")
    return text


def _fen(value, where: str) -> int:
    """An OCDS Value (``{"amount", "currency"}``) in yuan → integer fen (> 0, at most 2 decimals, CNY)."""
    value = _obj(value, where)
    amount = value.get("amount")
    if amount is None:
        raise OcdsRejected(f"缺少 {where}.amount")
    if isinstance(amount, bool) or not isinstance(amount, int | float | str):
        raise OcdsRejected(f"{where}.amount 应为数字")
    currency = value.get("currency")
    if currency not in (None, "", "CNY"):
        raise OcdsRejected(f"{where}.currency 为 {currency}，只接受人民币（CNY）")
    try:
        fen = Decimal(str(amount)) * 100
    except InvalidOperation as exc:
        raise OcdsRejected(f"{where}.amount 不是数字：{amount!r}") from exc
    if not fen.is_finite() or fen != fen.to_integral_value() or fen <= 0:
        raise OcdsRejected(f"{where}.amount 须为正数且最多两位小数：{amount!r}")
    if fen > 10**17:
        raise OcdsRejected(f"{where}.amount 过大：{amount!r}")
    return int(fen)


@overload
def _when(value: Any, where: str, *, required: Literal[True] = True) -> dt.datetime: ...
@overload
def _when(value: Any, where: str, *, required: bool) -> dt.datetime | None: ...
def _when(value: Any, where: str, *, required: bool = True) -> dt.datetime | None:
    if value in (None, ""):
        if required:
            raise OcdsRejected(f"缺少 {where}")
        return None
    if not isinstance(value, str):
        raise OcdsRejected(f"{where} 应为 ISO 8601 日期时间字符串")
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = dt.datetime.combine(day, dt.time()) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise OcdsRejected(f"{where} 不是有效的日期时间：{value!r}")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _utc(moment: dt.datetime | None) -> str:
    """A release date as comparable text (UTC ISO 8601), "" when absent."""
    return moment.astimezone(dt.UTC).isoformat() if moment else ""


def _release_order(item) -> str:
    """Sort key: a release's date in UTC (unparseable or missing dates first)."""
    if not isinstance(item, dict):
        return ""
    try:
        return _utc(_when(item.get("date"), "date", required=False))
    except OcdsRejected:
        return ""


def _party_uscc(party: dict) -> str | None:
    identifier = party.get("identifier")
    if not isinstance(identifier, dict):
        identifier = {}
    candidates = []
    if str(identifier.get("scheme", "")).upper() == "CN-USCC":
        candidates.append(str(identifier.get("id") or ""))
    pid = str(party.get("id") or "")
    if pid.upper().startswith("CN-USCC-"):
        candidates.append(pid[8:])
    for code in candidates:
        check = validate_uscc(code)
        if check.valid:
            return check.value
    return None


def _parties(release: dict) -> dict[str, tuple[dict, str | None]]:
    parties = release.get("parties") or []
    if not isinstance(parties, list):
        raise OcdsRejected("parties 应为数组")
    out = {}
    for i, party in enumerate(parties):
        if not isinstance(party, dict) or not party.get("id"):
            raise OcdsRejected(f"parties[{i}] 缺少 id")
        out[str(party["id"])] = (party, _party_uscc(party))
    return out


def _party_ref(ref, parties, where: str, *, required_role: str = "") -> _Party:
    ref = _obj(ref, where)
    pid = str(ref.get("id") or "")
    party, uscc = parties.get(pid, (None, None))
    if party is None:
        # a reference may carry the USCC itself (``CN-USCC-…``) even without a parties entry
        uscc = _party_uscc({"id": pid})
        party = ref
    if uscc is None:
        raise OcdsRejected(f"{where}（{ref.get('name') or pid or '无名称'}）没有有效的统一社会信用代码（CN-USCC）")
    name = _text(party.get("name") or ref.get("name") or uscc, f"{where}.name", max_length=128)
    if required_role and required_role not in (party.get("roles") or [required_role]):
        raise OcdsRejected(f"{where} 的角色中没有 {required_role}")
    return _Party(uscc=uscc, name=name)


def _validate(release, *, default_region: str, now: dt.datetime) -> _Release:
    if not isinstance(release, dict):
        raise OcdsRejected("发布（release）应为 JSON 对象")
    ocid = _text(release.get("ocid"), "ocid", max_length=100)
    release_id = _text(release.get("id"), "id（发布编号）", max_length=200)
    date = _when(release.get("date"), "date", required=False)
    ext = _obj(release.get("zwfw"), "zwfw")
    tender = _obj(release.get("tender"), "tender")
    if not tender:
        raise OcdsRejected("缺少 tender")
    budget = _obj(_obj(release.get("planning"), "planning").get("budget"), "planning.budget")
    parties = _parties(release)

    buyer_ref = release.get("buyer")
    if not buyer_ref:
        buyers = [pid for pid, (p, _) in parties.items() if "buyer" in (p.get("roles") or [])]
        if not buyers:
            raise OcdsRejected("缺少 buyer（招标人）")
        buyer_ref = {"id": buyers[0]}
    tenderee = _party_ref(buyer_ref, parties, "buyer（招标人）")
    agent = None
    for pid, (party, uscc) in parties.items():
        if "procuringEntity" in (party.get("roles") or []) and uscc and uscc != tenderee.uscc:
            agent = _party_ref({"id": pid}, parties, "procuringEntity（招标代理）")

    title = _text(tender.get("title"), "tender.title", max_length=400, required=False) or ocid
    ceiling_fen = _fen(tender.get("value"), "tender.value（最高投标限价）")
    budget_fen = _fen(budget["amount"], "planning.budget.amount") if budget.get("amount") else ceiling_fen
    period = _obj(tender.get("tenderPeriod"), "tender.tenderPeriod")
    bid_deadline = _when(period.get("endDate"), "tender.tenderPeriod.endDate（投标截止时间）")
    opening = _obj(tender.get("bidOpening"), "tender.bidOpening")
    opening_at = _when(opening.get("date"), "tender.bidOpening.date", required=False) or bid_deadline
    if opening_at < bid_deadline:
        raise OcdsRejected("开标时间早于投标截止时间")

    category = ext.get("category") or CATEGORY_FROM_OCDS.get(tender.get("mainProcurementCategory", ""), Category.OTHER)
    if category not in Category.values:
        raise OcdsRejected(f"未知交易类别 zwfw.category={category!r}")
    region_code = _text(ext.get("region") or default_region, "区划代码（zwfw.region 或 --region）", max_length=12)

    number = ext.get("section_number", 1)
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 999:
        raise OcdsRejected(f"zwfw.section_number 须为 1–999 的整数：{number!r}")
    project_code = _text(ext.get("project_code") or ocid, "项目编号（zwfw.project_code 或 ocid）", max_length=40)
    project_name = (_text(budget.get("project"), "planning.budget.project", max_length=400, required=False) or title)[
        :200
    ]
    section_name = (_text(ext.get("section_name"), "zwfw.section_name", max_length=400, required=False) or title)[:200]
    specialty = _text(ext.get("specialty"), "zwfw.specialty", max_length=40, required=False) or DEFAULT_SPECIALTY

    bids_block = _obj(release.get("bids"), "bids")
    details = bids_block.get("details") or []
    if not isinstance(details, list):
        raise OcdsRejected("bids.details 应为数组")
    bids: list[_Bid] = []
    seen: set[str] = set()
    for i, detail in enumerate(details):
        where = f"bids.details[{i}]"
        if not isinstance(detail, dict):
            raise OcdsRejected(f"{where} 应为对象")
        if str(detail.get("status") or "").lower() in SKIP_BID_STATUS:
            continue
        tenderers = detail.get("tenderers") or []
        if not isinstance(tenderers, list) or len(tenderers) != 1:
            raise OcdsRejected(f"{where}.tenderers 须恰好一个投标人（联合体投标不能导入）")
        bidder = _party_ref(tenderers[0], parties, f"{where}.tenderers[0]")
        if bidder.uscc in seen:
            raise OcdsRejected(f"{where}：投标人 {bidder.name} 在同一标段重复投标")
        seen.add(bidder.uscc)
        price = _fen(detail.get("value"), f"{where}.value")
        bids.append(
            _Bid(party=bidder, price_fen=price, date=_when(detail.get("date"), f"{where}.date", required=False))
        )

    awards = release.get("awards") or []
    if not isinstance(awards, list):
        raise OcdsRejected("awards 应为数组")
    winner_uscc = None
    for i, award in enumerate(awards):
        award = _obj(award, f"awards[{i}]")
        if award.get("status") not in (None, "active"):
            continue
        suppliers = award.get("suppliers") or []
        if not isinstance(suppliers, list) or len(suppliers) != 1:
            raise OcdsRejected(f"awards[{i}].suppliers 须恰好一个中标人")
        winner = _party_ref(suppliers[0], parties, f"awards[{i}].suppliers[0]")
        if winner.uscc not in seen:
            raise OcdsRejected(f"中标人 {winner.name} 不在本标段的投标（bids.details）中")
        if winner_uscc and winner_uscc != winner.uscc:
            raise OcdsRejected("一个标段有多个有效的中标结果")
        winner_uscc = winner.uscc

    status = ext.get("status")
    if status is None:
        tender_status = tender.get("status")
        if winner_uscc:
            status = SectionStatus.AWARDED
        elif tender_status in ("unsuccessful", "cancelled", "withdrawn"):
            status = SectionStatus.FAILED
        elif bids:
            status = SectionStatus.OPENED
        else:
            status = SectionStatus.BIDDING
    if status not in SectionStatus.values:
        raise OcdsRejected(f"未知标段状态 zwfw.status={status!r}")
    if status == SectionStatus.AWARDED and not winner_uscc:
        raise OcdsRejected("已定标的标段缺少有效的 awards（中标人）")
    if winner_uscc and status != SectionStatus.AWARDED:
        raise OcdsRejected(f"标段状态为 {status}，却含有中标结果")
    opened_at = None
    if status != SectionStatus.BIDDING:
        opened_at = _when(ext.get("opened_at"), "zwfw.opened_at", required=False) or opening_at
    if bids:
        if status in (SectionStatus.BIDDING, SectionStatus.FAILED):
            raise OcdsRejected("投标中或流标的标段不应含有公开报价（bids.details）")
        if opening_at > now:
            raise OcdsRejected("开标时间未到，发布中却含有报价：导入不会让任何报价在开标前可读")
    return _Release(
        ocid=ocid,
        release_id=release_id,
        date=_utc(date),
        project_code=project_code,
        project_name=project_name,
        category=category,
        region_code=region_code,
        budget_fen=budget_fen,
        fully_electronic=bool(ext.get("fully_electronic", True)),
        tenderee=tenderee,
        agent=agent,
        number=number,
        section_name=section_name,
        ceiling_fen=ceiling_fen,
        specialty=specialty,
        bid_deadline=bid_deadline,
        opening_at=opening_at,
        opened_at=opened_at,
        status=status,
        blind_review=bool(ext.get("blind_review", True)),
        remote_evaluation=bool(ext.get("remote_evaluation", False)),
        bids=bids,
        winner_uscc=winner_uscc,
    )


# ------------------------------------------------------------------------------- comparison
def _state_of_release(r: _Release) -> dict:
    return {
        "project": (r.project_code, r.project_name, r.category, r.region_code, r.budget_fen, r.tenderee.uscc,
                    r.agent.uscc if r.agent else None),
        "section": (r.number, r.section_name, r.ceiling_fen, r.specialty, r.bid_deadline, r.opening_at, r.status,
                    r.opened_at if r.status != SectionStatus.BIDDING else None),
        "bids": sorted((b.party.uscc, b.price_fen) for b in r.bids),
        "winner": r.winner_uscc,
    }  # fmt: skip


def _state_of_section(section: Section) -> dict:
    project = section.project
    bids = Bid.objects.filter(section=section, status=BidStatus.OPENED, price_fen__isnull=False)
    return {
        "project": (project.code, project.name, project.category, project.region.code, project.budget_fen,
                    project.tenderee.uscc, project.agent.uscc if project.agent else None),
        "section": (section.number, section.name, section.ceiling_fen, section.specialty, section.bid_deadline,
                    section.opening_at, section.status,
                    section.opened_at if section.status != SectionStatus.BIDDING else None),
        "bids": sorted(bids.values_list("bidder_uscc", "price_fen")),
        "winner": section.awarded_bid.bidder_uscc if section.awarded_bid is not None else None,
    }  # fmt: skip


# ----------------------------------------------------------------------------------- writing
class _Accounts:
    """Enterprise accounts by USCC; a party without one gets an inactive account (no login)."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report

    def get(self, party: _Party, region: Region) -> User:
        user_model = get_user_model()
        user = user_model.objects.filter(role=Role.ENTERPRISE, uscc=party.uscc).order_by("-is_active", "id").first()
        if user is not None:
            return user
        user = user_model(
            username=f"ocds_{party.uscc.lower()}",
            role=Role.ENTERPRISE,
            uscc=party.uscc,
            display_name=party.name,
            region=region,
            is_active=False,
        )
        user.set_unusable_password()
        user.save()
        self.report.accounts_created += 1
        return user


def _in_scope(actor: Actor, region: Region) -> bool:
    if actor is None:
        return True
    return Region.objects.filter(region_scope_q(actor, "")).filter(pk=region.pk).exists()


def _write_bids(section: Section, r: _Release, accounts: _Accounts, region: Region) -> None:
    old = Bid.objects.filter(section=section)
    section.awarded_bid = None
    section.save(update_fields=["awarded_bid"])
    RedFlag.objects.filter(section=section).delete()
    old.delete()
    used: set[str] = set()
    winner = None
    for b in r.bids:
        code = _new_code(used)
        used.add(code)
        bid = Bid.objects.create(
            section=section,
            bidder=accounts.get(b.party, region),
            bidder_uscc=b.party.uscc,
            bidder_name=b.party.name[:128],
            status=BidStatus.OPENED,
            sealed_price=b"",
            price_fen=b.price_fen,
            anonymous_code=code,
        )
        bid.sealed_price = seal(section, data=str(b.price_fen).encode(), context=_price_context(bid.pk))
        bid.save(update_fields=["sealed_price"])
        Bid.objects.filter(pk=bid.pk).update(submitted_at=b.date or r.bid_deadline)
        if b.party.uscc == r.winner_uscc:
            winner = bid
    if winner is not None:
        section.awarded_bid = winner
        section.save(update_fields=["awarded_bid"])


def _apply(r: _Release, *, actor: Actor, report: ImportReport, accounts: _Accounts) -> tuple[str, str, int]:
    """Write one validated release; returns (outcome, reason, section id). Raises OcdsRejected."""
    try:
        region = Region.objects.get(code=r.region_code)
    except Region.DoesNotExist as exc:
        raise OcdsRejected(f"未知区划代码 {r.region_code}") from exc
    if not _in_scope(actor, region):
        raise OcdsRejected(f"区划 {r.region_code} 不在您的管辖范围内")
    section = (
        Section.objects.select_related("project__region", "project__tenderee", "project__agent")
        .filter(ocds_ocid=r.ocid)
        .first()
    )
    project = section.project if section else Project.objects.filter(code=r.project_code).first()
    if project is not None and not _in_scope(actor, project.region):
        raise OcdsRejected(f"项目 {project.code} 不在您的管辖范围内")
    if section is None and project is not None:
        native = project.sections.filter(number=r.number).first()
        if not project.imported_from_ocds:
            if native is not None and _state_of_section(native) == _state_of_release(r):
                return "skipped", "与本平台数据一致（本平台自有标段）", native.pk
            raise OcdsRejected(f"项目编号 {project.code} 是本平台自有项目，导入不能新增或修改其标段")
        if native is not None:
            raise OcdsRejected(f"项目 {project.code} 的第 {r.number} 标段已由另一个 ocid（{native.ocds_ocid}）导入")
    if section is not None:
        if r.release_id == section.ocds_release_id:
            return "skipped", "该发布已导入", section.pk
        if r.date and section.ocds_release_date and r.date < section.ocds_release_date:
            return "skipped", f"较已导入的发布（{section.ocds_release_date}）旧", section.pk
        if _state_of_section(section) == _state_of_release(r):
            Section.objects.filter(pk=section.pk).update(ocds_release_id=r.release_id, ocds_release_date=r.date)
            return "skipped", "无变化", section.pk
    tenderee = accounts.get(r.tenderee, region)
    agent = accounts.get(r.agent, region) if r.agent else None
    project_fields = {
        "name": r.project_name,
        "category": r.category,
        "tenderee": tenderee,
        "agent": agent,
        "region": region,
        "budget_fen": r.budget_fen,
        "fully_electronic": r.fully_electronic,
    }
    section_fields = {
        "number": r.number,
        "name": r.section_name,
        "ceiling_fen": r.ceiling_fen,
        "specialty": r.specialty,
        "bid_deadline": r.bid_deadline,
        "opening_at": r.opening_at,
        "opened_at": r.opened_at,
        "status": r.status,
        "blind_review": r.blind_review,
        "remote_evaluation": r.remote_evaluation,
        "ocds_ocid": r.ocid,
        "ocds_release_id": r.release_id,
        "ocds_release_date": r.date,
    }
    if project is None:
        project = Project.objects.create(code=r.project_code, imported_from_ocds=True, **project_fields)
    else:
        for name, value in project_fields.items():
            setattr(project, name, value)
        project.save(update_fields=list(project_fields))
    outcome = "updated" if section is not None else "created"
    before = _state_of_section(section) if section is not None else None
    if section is None:
        section = Section.objects.create(project=project, **section_fields)
    else:
        for name, value in section_fields.items():
            setattr(section, name, value)
        section.save(update_fields=list(section_fields))
    _write_bids(section, r, accounts, region)
    audit_log_write(
        actor=actor,
        action=f"zwfw.trading.section.ocds_{outcome}",
        obj=section,
        region_code=region.code,
        before={"bids": len(before["bids"]), "status": before["section"][6]} if before else None,
        after={
            "ocid": r.ocid,
            "release_id": r.release_id,
            "project": project.code,
            "status": r.status,
            "bids": len(r.bids),
            "ceiling_fen": r.ceiling_fen,
        },
    )
    return outcome, "", section.pk


def ocds_import(
    *,
    actor: Actor,
    releases: list,
    default_region: str = "",
    all_or_nothing: bool = False,
    dry_run: bool = False,
    screen: bool = True,
) -> ImportReport:
    """Import parsed ``releases`` (see module doc). ``actor`` None = operator (unscoped).

    Supervisors import into their own region subtree only (a release for another region is
    rejected). With ``all_or_nothing`` one rejected release rolls every release back; ``dry_run``
    rolls back at the end (the report says what would happen). The screens run afterwards over
    the sections created or updated (unless ``screen`` is false).
    """
    if actor is not None:
        require_action(actor, perms.OCDS_IMPORT)
        default_region = default_region or getattr(getattr(actor, "region", None), "code", "")
    report = ImportReport(dry_run=dry_run)
    accounts = _Accounts(report)
    now = timezone.now()

    changed: list[int] = []

    class _Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            for release in sorted(releases, key=_release_order):  # older releases of one ocid first
                accounts_before = report.accounts_created
                try:
                    with transaction.atomic():
                        r = _validate(release, default_region=default_region, now=now)
                        outcome, reason, section_id = _apply(r, actor=actor, report=report, accounts=accounts)
                except OcdsRejected as exc:
                    report.accounts_created = accounts_before
                    report.add("rejected", release, str(exc))
                    continue
                report.add(outcome, release, reason, section_id)
                if outcome in ("created", "updated"):
                    changed.append(section_id)
            if dry_run or (all_or_nothing and report.rejected):
                raise _Rollback
    except _Rollback:
        if all_or_nothing and report.rejected and not dry_run:
            for row in report.rows:
                if row["outcome"] != "rejected":
                    row["outcome"], row["reason"] = "rolled_back", "同批有被拒绝的发布，整批未写入"
            report.created = report.updated = report.skipped = report.accounts_created = 0
        return report
    if screen and changed:
        from .screening import sections_screen

        sections_screen(actor=actor, section_ids=changed)
    return report
