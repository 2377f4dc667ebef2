"""The front desk (综合窗口): accept, refuse, 补正, 容缺, 告知承诺.

受审分离: window clerks accept; reviewers of the implementing department decide
(:mod:`zwfw.cases.services.decision`) — a case accepted on a 告知承诺 pledge too. 容缺 and 告知承诺
need an applicant whose credit grade allows them (supervision's selectors; C and D refused). 行政许可法 第三十二条:

- complete applications are accepted on the spot (收件即受理);
- an incomplete one gets **one** notice listing everything to correct (一次告知), on the spot or
  within 5 (working) days; **if not told in time, the application counts as accepted from the
  day it was received** — :func:`case_deemed_accept_due` (run by the daily deadline scan);
- an application outside the department's remit is refused with a reason (不予受理).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwfw.cases.errors import CaseError, CaseErrorCode
from zwfw.cases.legal import LICENSING_ITEM_TYPES
from zwfw.cases.models import (
    Case,
    CaseStatus,
    CorrectionNotice,
    Decision,
    MaterialStatus,
    PledgeVerification,
    ShortfallPledge,
    StepAction,
)
from zwfw.cases.models.materials import PROVIDED_STATUSES
from zwfw.cases.selectors import case_materials
from zwfw.cases.services._base import audit, commit, enforce, notify_applicant, notify_user, today
from zwfw.cases.services.apply import _store_uploads, form_validate
from zwfw.cases.services.clock import case_due_date
from zwfw.cases.services.supervision import supervision_notice_create
from zwfw.cases.services.workflow import steps_create
from zwfw.catalog.selectors import version_content_get
from zwfw.core.selectors.calendar import add_workdays

DEEMED_ACCEPT_WORKDAYS = 5  # 行政许可法 第三十二条 (days counted as working days, art. 82)
CORRECTION_WORKDAYS = 5  # our default period to hand in a 补正; the item's own rule may differ
PLEDGE_VERIFY_WORKDAYS = 20  # our default period for the supervisor's check; not a legal figure
PLEDGE_LEGAL_BASIS = "《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》（国办发〔2020〕42号）"


def correction_deadline_default(case: Case | None = None, *, on: dt.date | None = None) -> dt.date:
    """The 补正 deadline the window offers: ``ZWFW_CASE_CORRECTION_WORKDAYS`` working days (default
    5) from today on the official calendar. A notice without a deadline is refused (422)."""
    return add_workdays(on or today(), _correction_workdays())


def _correction_workdays() -> int:
    from django.conf import settings

    return int(getattr(settings, "ZWFW_CASE_CORRECTION_WORKDAYS", CORRECTION_WORKDAYS))


def _missing(case: Case) -> list:
    return [m for m in case_materials(case) if m.required and m.status not in PROVIDED_STATUSES]


def _require_complete(case: Case, *, except_keys=()) -> None:
    """422 naming every required material still missing (those in ``except_keys`` excused)."""
    missing = [m for m in _missing(case) if m.key not in except_keys]
    if missing:
        raise CaseError(
            CaseErrorCode.MATERIALS_MISSING,
            detail={"missing": [m.key for m in missing]},
            names="、".join(m.name for m in missing),
        )


def _accepted(case: Case, accepted_at) -> dict[str, Any]:
    """The fields an acceptance writes with its state change (one compare-and-set): when, and the
    due date on the official calendar."""
    return {
        "accepted_at": accepted_at,
        "due_date": case_due_date(accepted_on=timezone.localdate(accepted_at), limit_days=case.promised_limit_days),
    }


def _start(case: Case, *, actor, opinion: str = "", action: str = StepAction.PASS) -> None:
    """The workflow's steps of an accepted case."""
    version = case.version
    steps_create(
        case=case,
        graph=version_content_get(version, shared=True)["graph"],
        actor=actor,
        intake_action=action,
        intake_opinion=opinion,
    )


def _accepted_message(case: Case, extra: str = "") -> str:
    due = f"承诺办结日期：{case.due_date:%Y年%m月%d日}。" if case.due_date else ""
    return f"您的办件{case.number}（{case.item_name}）已受理。{due}{extra}"


@transaction.atomic
def case_accept(*, actor, case: Case) -> Case:
    """收件即受理 (待受理 → 已受理): every required material is provided.

    Starts the clock (due = the promised limit's last working day after today, on the official
    calendar; ``CalendarYearNotLoaded`` — 409 telling the admin to load the year — when it falls
    in a year without a loaded schedule) and the workflow. 422 listing the missing materials
    otherwise (use 补正 or 容缺). Two clerks at once: one succeeds, the other gets 409.
    """
    enforce(case, "accept", actor)
    _require_complete(case)
    now = timezone.now()
    commit(
        case,
        "accept",
        **_accepted(case, now),
        accepted_by=actor,
        accepted_department_id=getattr(actor, "department_id", None),
    )
    _start(case, actor=actor)
    audit(actor, "accepted", case, after={"due_date": case.due_date})
    notify_applicant(case, verb="accepted", subject=f"办件已受理：{case.item_name}", body=_accepted_message(case))
    return case


@transaction.atomic
def case_refuse(*, actor, case: Case, reason: str) -> Case:
    """不予受理 with the reason (行政许可法 第三十二条 (二)(六): 不属于本机关职权范围 …)."""
    enforce(case, "refuse", actor)
    if not reason.strip():
        raise CaseError(CaseErrorCode.REASON_REQUIRED, what="不予受理的理由")
    commit(
        case,
        "refuse",
        refused_at=timezone.now(),
        refusal_reason=reason.strip(),
    )
    audit(actor, "refused", case, after={"reason": reason})
    notify_applicant(
        case,
        verb="refused",
        subject=f"不予受理：{case.item_name}",
        body=f"您的办件{case.number}不予受理。理由：{reason.strip()}",
    )
    return case


@transaction.atomic
def case_request_correction(
    *, actor, case: Case, items: Iterable[Mapping[str, Any]], note: str = "", deadline: dt.date | None = None
) -> CorrectionNotice:
    """一次性告知补正 (待受理 → 待补正): ONE notice listing everything to correct.

    ``items`` = ``[{"key": material key (or "" for the form), "problem": "…"}]``, at least one.
    Each named material is reset to 未提交. The applicant is told every item in one message.
    """
    enforce(case, "request_correction", actor)
    items = [dict(i) for i in items]
    if not items:
        raise CaseError(CaseErrorCode.CORRECTION_EMPTY)
    materials = {m.key: m for m in case.materials.all()}
    listed = []
    for item in items:
        key = str(item.get("key") or "")
        problem = str(item.get("problem") or "").strip()
        if key and key not in materials:
            raise CaseError(CaseErrorCode.UNKNOWN_MATERIAL, detail={"key": key}, key=key)
        if not problem:
            raise CaseError(CaseErrorCode.REASON_REQUIRED, detail={"key": key}, what="需补正的问题")
        name = materials[key].name if key else str(item.get("name") or "申请表")
        listed.append({"key": key, "name": name, "problem": problem})
    if deadline is None:
        raise CaseError(CaseErrorCode.CORRECTION_DEADLINE_REQUIRED, days=_correction_workdays())
    if deadline < today():
        raise CaseError(CaseErrorCode.CLOCK_DATE_INVALID, reason="补正期限不能早于今天")
    commit(case, "request_correction")
    for item in listed:
        if item["key"]:
            m = materials[item["key"]]
            if m.status in {MaterialStatus.UPLOADED, MaterialStatus.MISSING}:
                m.status = MaterialStatus.MISSING
                m.save(update_fields=["status"])
    notice = CorrectionNotice.objects.create(
        case=case, items=listed, note=note, issued_at=timezone.now(), issued_by=actor, deadline=deadline
    )
    audit(actor, "correction_requested", case, after={"items": listed, "deadline": deadline})
    lines = "；".join(f"{i + 1}. {x['name']}：{x['problem']}" for i, x in enumerate(listed))
    notify_applicant(
        case,
        verb="correction_requested",
        subject=f"请补正材料（共{len(listed)}项）：{case.item_name}",
        body=f"您的办件{case.number}需补正以下全部内容：{lines}。{note}".strip(),
    )
    return notice


@transaction.atomic
def case_resubmit(
    *, actor, case: Case, form_data: Mapping[str, Any] | None = None, uploads: Mapping[str, Any] | None = None
) -> Case:
    """补正后重新提交 (待补正 → 待受理): the applicant (or a clerk for them) hands in the
    corrections; the notice is resolved and the 5-day period of art. 32 starts again."""
    enforce(case, "resubmit", actor)
    fields = {}
    if form_data is not None:
        form = version_content_get(case.version, shared=True)["elements"]["form"]
        fields["form_data"] = form_validate(form, form_data)
    uploaded = _store_uploads(case, uploads, actor=actor)
    _require_notice_supplied(case)
    commit(case, "resubmit", **fields)
    case.correction_notices.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    audit(actor, "resubmitted", case, after={"uploaded": uploaded, "form_changed": form_data is not None})
    return case


def _require_notice_supplied(case: Case) -> None:
    """补正 supplies what the notice listed: every listed material is provided again (422 naming
    what is still missing; an empty resubmission is refused)."""
    notice = case.correction_notices.filter(resolved_at__isnull=True).order_by("-issued_at").first()
    if notice is None:
        return
    statuses = dict(case.materials.values_list("key", "status"))
    missing = [i for i in notice.items if i.get("key") and statuses.get(i["key"]) not in PROVIDED_STATUSES]
    if missing:
        raise CaseError(
            CaseErrorCode.CORRECTION_NOT_SUPPLIED,
            detail={"missing": [i["key"] for i in missing]},
            names="、".join(i["name"] for i in missing),
        )


@transaction.atomic
def case_withdraw(*, actor, case: Case) -> Case:
    """撤回 (the applicant, before acceptance)."""
    enforce(case, "withdraw", actor)
    commit(case, "withdraw", withdrawn_at=timezone.now())
    audit(actor, "withdrawn", case)
    return case


@transaction.atomic
def case_accept_with_shortfall(
    *, actor, case: Case, materials: Iterable[str], pledge_text: str, due_date: dt.date
) -> ShortfallPledge:
    """容缺受理: accept with **non-key** materials missing on the applicant's pledge.

    Allowed only where the version allows 容缺 (``shortfall_allowed``) and only for materials
    marked ``shortfall_allowed`` (非关键材料); every other required material must be provided.
    The pledge records the materials and the due date; the deadline scan reminds and flags.
    """
    enforce(case, "accept_with_shortfall", actor)  # the version allows 容缺, the credit grade too
    keys = sorted(set(materials))
    if not keys:
        raise CaseError(CaseErrorCode.SHORTFALL_NOT_ALLOWED, reason="请列明容缺的材料")
    if not pledge_text.strip():
        raise CaseError(CaseErrorCode.REASON_REQUIRED, what="申请人的容缺承诺")
    if due_date <= today():
        raise CaseError(CaseErrorCode.SHORTFALL_NOT_ALLOWED, reason="补交期限须晚于今天")
    by_key = {m.key: m for m in case.materials.all()}
    for key in keys:
        m = by_key.get(key)
        if m is None:
            raise CaseError(CaseErrorCode.UNKNOWN_MATERIAL, detail={"key": key}, key=key)
        if not m.shortfall_allowed:
            raise CaseError(
                CaseErrorCode.SHORTFALL_NOT_ALLOWED, detail={"key": key}, reason=f"“{m.name}”是关键材料，不能容缺"
            )
        if m.status in PROVIDED_STATUSES:
            raise CaseError(CaseErrorCode.SHORTFALL_NOT_ALLOWED, detail={"key": key}, reason=f"“{m.name}”已提交")
    _require_complete(case, except_keys=keys)
    now = timezone.now()
    commit(
        case,
        "accept_with_shortfall",
        **_accepted(case, now),
        accepted_by=actor,
        accepted_department_id=getattr(actor, "department_id", None),
        with_shortfall=True,
    )
    for key in keys:
        by_key[key].status = MaterialStatus.SHORTFALL_PLEDGED
        by_key[key].save(update_fields=["status"])
    pledge = ShortfallPledge.objects.create(
        case=case, materials=keys, pledge_text=pledge_text.strip(), due_date=due_date, created_by=actor
    )
    _start(case, actor=actor, opinion="容缺受理")
    supervision_notice_create(
        case=case, kind="shortfall", extra={"shortfall": {"materials": keys, "due_date": due_date.isoformat()}}
    )
    audit(
        actor,
        "accepted_with_shortfall",
        case,
        after={"materials": keys, "due_date": due_date, "case_due": case.due_date},
    )
    names = "、".join(by_key[k].name for k in keys)
    notify_applicant(
        case,
        verb="accepted_with_shortfall",
        subject=f"容缺受理：{case.item_name}",
        body=_accepted_message(case, f"请于{due_date:%Y年%m月%d日}前补交：{names}。"),
    )
    return pledge


@transaction.atomic
def case_accept_on_pledge(*, actor, case: Case, pledge_text: str, materials: Iterable[str] = ()) -> Case:
    """告知承诺 at the window: receive the applicant's written pledge and accept (待受理 → 已受理).

    前台综合受理、后台分类审批: the window receives the pledge, the implementing department's
    reviewer decides (:func:`~zwfw.cases.services.decision.case_decide`, 受审分离 applies). Only
    where the version allows it (``pledge_allowed``) and the applicant's credit grade allows it
    (the transition table's credit guard; C and D do not). ``materials`` are replaced by the pledge and each must be
    one the element table marks 可承诺替代 (``Material.pledge_allowed``); every other required
    material must be provided. An approval then opens the supervisor's verification task
    (:func:`pledge_verification_open`).
    """
    enforce(case, "accept_on_pledge", actor)  # the version allows 告知承诺, the credit grade too
    if not pledge_text.strip():
        raise CaseError(CaseErrorCode.REASON_REQUIRED, what="申请人的书面承诺")
    keys = sorted(set(materials))
    by_key = {m.key: m for m in case.materials.all()}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise CaseError(CaseErrorCode.UNKNOWN_MATERIAL, detail={"keys": unknown}, key="、".join(unknown))
    not_replaceable = [by_key[k] for k in keys if not by_key[k].pledge_allowed]
    if not_replaceable:  # the element table names what a pledge may replace (可承诺替代)
        raise CaseError(
            CaseErrorCode.PLEDGE_KEY_MATERIAL,
            detail={"keys": [m.key for m in not_replaceable]},
            names="、".join(m.name for m in not_replaceable),
        )
    _require_complete(case, except_keys=keys)
    now = timezone.now()
    commit(
        case,
        "accept_on_pledge",
        **_accepted(case, now),
        accepted_by=actor,
        accepted_department_id=getattr(actor, "department_id", None),
        on_pledge=True,
        pledge_text=pledge_text.strip(),
    )
    for key in keys:
        if by_key[key].status not in PROVIDED_STATUSES:
            by_key[key].status = MaterialStatus.PLEDGED
            by_key[key].save(update_fields=["status"])
    _start(case, actor=actor, opinion="告知承诺受理")
    audit(actor, "accepted_on_pledge", case, after={"materials": keys, "due_date": case.due_date})
    names = "、".join(by_key[k].name for k in keys)
    notify_applicant(
        case,
        verb="accepted_on_pledge",
        subject=f"告知承诺已受理：{case.item_name}",
        body=_accepted_message(
            case,
            (f"以承诺代替的材料：{names}。" if names else "")
            + "审批部门作出决定后，监管部门将核查承诺内容，承诺不实的将依法撤销。",
        ),
    )
    return case


def pledge_verification_open(*, case: Case) -> PledgeVerification | None:
    """An approval of a case accepted on pledge opens the post-approval verification task
    (:class:`PledgeVerification`) for the supervising department (监管主体 of the element table,
    else the implementing department), due in ``PLEDGE_VERIFY_WORKDAYS`` working days. Idempotent;
    nothing for a denial or a case not on pledge."""
    if not case.on_pledge or case.decision != Decision.APPROVED:
        return None
    existing = case.pledge_verifications.order_by("-id").first()
    if existing is not None:
        return existing
    keys = sorted(case.materials.filter(status=MaterialStatus.PLEDGED).values_list("key", flat=True))
    return PledgeVerification.objects.create(
        case=case,
        department_id=case.version.supervisor_id or case.department_id,
        pledge_text=case.pledge_text or "（申请人书面承诺）",
        materials=keys,
        due_date=add_workdays(today(), PLEDGE_VERIFY_WORKDAYS),
    )


def case_deemed_accept_due(*, today_: dt.date, cases=None) -> list[Case]:
    """Deem accepted every 待受理 行政许可 case not told to correct within 5 working days (art. 32;
    other item types are not under the 行政许可法 and wait for the window).

    The period starts at receipt (submission or resubmission, ``status_changed_at``); once its
    5th working day has passed, the case is accepted *from receipt*: ``accepted_at`` = the
    receipt time, the due date counts from that day, and ``deemed_reason`` says why. System
    actor; audited ``zwfw.cases.case.deemed_accepted``; applicant and platform are told.
    """
    done = []
    qs = cases if cases is not None else Case.objects.filter(status=CaseStatus.SUBMITTED)
    # art. 32 is a rule of the 行政许可法: only 行政许可 items are deemed accepted (not 公共服务 …)
    qs = qs.filter(implementation__base__item_type__in=LICENSING_ITEM_TYPES)
    for case in qs.select_related("version", "applicant"):
        received = timezone.localdate(case.status_changed_at)
        if add_workdays(received, DEEMED_ACCEPT_WORKDAYS) >= today_:
            continue
        with transaction.atomic():
            reason = (
                f"自{received:%Y年%m月%d日}收到申请之日起{DEEMED_ACCEPT_WORKDAYS}个工作日内未一次性告知补正，"
                "依《中华人民共和国行政许可法》第三十二条，自收到申请材料之日起即为受理"
            )
            try:
                commit(
                    case,
                    "deem_accept",
                    **_accepted(case, case.status_changed_at),
                    deemed_accepted=True,
                    deemed_reason=reason,
                )
            except CaseError:
                continue  # a clerk acted on it meanwhile
            _start(case, actor=None, opinion=reason)
            audit(None, "deemed_accepted", case, after={"reason": reason, "due_date": case.due_date})
            notify_applicant(
                case,
                verb="deemed_accepted",
                subject=f"办件已受理：{case.item_name}",
                body=_accepted_message(case, reason),
            )
        done.append(case)
    return done


__all__ = [
    "case_accept",
    "case_accept_on_pledge",
    "case_accept_with_shortfall",
    "case_deemed_accept_due",
    "case_refuse",
    "case_request_correction",
    "case_resubmit",
    "case_withdraw",
    "correction_deadline_default",
    "notify_user",
    "pledge_verification_open",
]
