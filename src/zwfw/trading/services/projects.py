"""Projects, sections (标段) and notices: created by the 招标人 or its 招标代理."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zwfw.core.models import User
from zwfw.core.services.audit import audit_log_write

from .. import permissions as perms
from ..errors import TradingError, TradingErrorCode
from ..models import Category, Notice, NoticeKind, Project, Section
from ._base import enterprise_uscc, require_action


def _positive(value: int, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise TradingError(TradingErrorCode.BAD_AMOUNT, what=what)
    return value


def project_create(
    *,
    actor: User,
    code: str,
    name: str,
    category: str,
    region,
    budget_fen: int,
    agent=None,
    fully_electronic: bool = True,
) -> Project:
    """A new project with ``actor`` as 招标人; ``agent`` (an enterprise) may act for it."""
    require_action(actor, perms.PROJECT_CREATE)
    enterprise_uscc(actor, "招标人")
    if agent is not None:
        enterprise_uscc(agent, "招标代理")
    if category not in Category.values:
        raise TradingError(TradingErrorCode.BAD_SCHEDULE, reason=f"未知交易类别 {category}")
    _positive(budget_fen, "预算")
    with transaction.atomic():
        project = Project.objects.create(
            code=code,
            name=name,
            category=category,
            tenderee=actor,
            agent=agent,
            region=region,
            budget_fen=budget_fen,
            fully_electronic=fully_electronic,
        )
        audit_log_write(
            actor=actor,
            action="zwfw.trading.project.created",
            obj=project,
            region_code=region.code,
            after={"code": code, "name": name, "category": category, "budget_fen": budget_fen},
        )
    return project


def _may_manage(actor: User, project: Project) -> None:
    if actor.pk not in (project.tenderee_id, project.agent_id):
        raise TradingError(TradingErrorCode.NOT_ENTERPRISE, who="项目的招标人或其招标代理")


def section_create(
    *,
    actor: User,
    project: Project,
    name: str,
    ceiling_fen: int,
    specialty: str,
    bid_deadline: dt.datetime,
    opening_at: dt.datetime,
    number: int | None = None,
    blind_review: bool = True,
    remote_evaluation: bool = False,
    now: dt.datetime | None = None,
) -> Section:
    """A 标段. The opening is at or after the deadline (招标投标法 art. 34: at the deadline)."""
    require_action(actor, perms.PROJECT_CREATE)
    _may_manage(actor, project)
    _positive(ceiling_fen, "最高投标限价")
    now = now or timezone.now()
    if bid_deadline <= now:
        raise TradingError(TradingErrorCode.BAD_SCHEDULE, reason="投标截止时间须晚于现在")
    if opening_at < bid_deadline:
        raise TradingError(TradingErrorCode.BAD_SCHEDULE, reason="开标时间不得早于投标截止时间")
    with transaction.atomic():
        if number is None:
            number = (project.sections.count() or 0) + 1
        section = Section.objects.create(
            project=project,
            number=number,
            name=name,
            ceiling_fen=ceiling_fen,
            specialty=specialty,
            bid_deadline=bid_deadline,
            opening_at=opening_at,
            blind_review=blind_review,
            remote_evaluation=remote_evaluation,
        )
        audit_log_write(
            actor=actor,
            action="zwfw.trading.section.created",
            obj=section,
            region_code=project.region.code,
            after={
                "project": project.code,
                "number": number,
                "ceiling_fen": ceiling_fen,
                "bid_deadline": bid_deadline,
                "opening_at": opening_at,
            },
        )
    return section


def notice_publish(
    *,
    actor: User,
    project: Project,
    kind: str,
    title: str,
    body: str,
    section: Section | None = None,
    document_deadline: dt.datetime | None = None,
) -> Notice:
    """招标公告, 澄清/修改 and the other notices of a project."""
    require_action(actor, perms.PROJECT_CREATE)
    _may_manage(actor, project)
    if kind not in NoticeKind.values:
        raise TradingError(TradingErrorCode.BAD_SCHEDULE, reason=f"未知公告类型 {kind}")
    with transaction.atomic():
        notice = Notice.objects.create(
            project=project, section=section, kind=kind, title=title, body=body, document_deadline=document_deadline
        )
        audit_log_write(
            actor=actor,
            action="zwfw.trading.notice.published",
            obj=notice,
            region_code=project.region.code,
            after={"kind": kind, "title": title},
        )
    return notice
