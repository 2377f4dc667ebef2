"""Every read of the supervision app, scoped to the caller (STYLE.md convention 3).

Other apps read credit here, without a user (a system read: the grade and its reasons, no
personal data): :func:`credit_grade_for` and :func:`credit_eligibility_for` (cases: 信用+容缺 and
告知承诺; policies; trading). Officers' lists are scoped to their department subtree; credit
records are shared across departments (信用信息共享) and readable by every holder of
``supervision.credit.view``; applicants see their own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zwfw.core.identifiers import mask_id_number, mask_name
from zwfw.core.permissions import can
from zwfw.core.selectors.scope import department_scope_q
from zwfw.supervision import permissions as perms
from zwfw.supervision.credit import Grade, grade_compute, rules_in_force
from zwfw.supervision.draw import draw
from zwfw.supervision.models import (
    CreditEvent,
    CreditRepair,
    EventKind,
    EventResult,
    InboxEvent,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    PlanStatus,
    PledgeCheck,
    PledgeStatus,
    RepairStatus,
    SupervisedEntity,
    SupervisionItem,
)

REFUSAL_RATE_ALERT = 0.3
"""A department's item with at least :data:`REFUSAL_MIN_DECISIONS` decisions and this share of
不予 decisions is flagged (异常不予率; platform default)."""
REFUSAL_MIN_DECISIONS = 5


def _today() -> dt.date:
    return timezone.localdate()


# ---- credit ---------------------------------------------------------------------------------


def _subject(uscc: str | None, id_number: str | None) -> str:
    value = (uscc or id_number or "").strip().upper()
    return value


def _events_of(subject_ids) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    rows = CreditEvent.objects.filter(subject_id__in=list(subject_ids)).values(
        "subject_id", "kind", "severity", "occurred_on", "repaired_at"
    )
    for r in rows:
        out[r["subject_id"]].append({**r, "repaired": r["repaired_at"] is not None})
    return out


def credit_grade_for(*, uscc: str | None = None, id_number: str | None = None, on: dt.date | None = None) -> Grade:
    """The grade A/B/C/D of a market entity or a person, with its reasons (rules: see
    :mod:`zwfw.supervision.credit`). A subject without records gets the base grade."""
    on = on or _today()
    subject = _subject(uscc, id_number)
    events = _events_of([subject]).get(subject, []) if subject else []
    return grade_compute(events, on=on)


def credit_grades_for_subjects(subject_ids, *, on: dt.date | None = None) -> dict[str, str]:
    """Grades of many subjects in one query (the 双随机 weights)."""
    on = on or _today()
    events = _events_of(subject_ids)
    base = grade_compute([], on=on).grade
    return {sid: (grade_compute(events[sid], on=on).grade if sid in events else base) for sid in subject_ids}


@dataclass(frozen=True)
class Eligibility:
    grade: str
    score: int
    shortfall: bool
    pledge: bool
    reasons: list[str]


def credit_eligibility_for(*, uscc: str | None = None, id_number: str | None = None) -> Eligibility:
    """May this subject use 信用+容缺受理 and 告知承诺? (grades listed under ``eligibility`` in the
    rules; A and B today). Cases, policies and trading call this."""
    on = _today()
    grade = credit_grade_for(uscc=uscc, id_number=id_number, on=on)
    rules = rules_in_force(on)["eligibility"]
    return Eligibility(
        grade=grade.grade,
        score=grade.score,
        shortfall=grade.grade in rules["shortfall"],
        pledge=grade.grade in rules["pledge"],
        reasons=grade.reasons,
    )


def inspection_weight_for(grade: str) -> int:
    """Relative 双随机 draw weight of a grade (lower grade, more inspections)."""
    return int(rules_in_force(_today())["inspection_weight"][grade])


def credit_events_for(*, user, subject_id: str = "") -> QuerySet[CreditEvent]:
    qs = CreditEvent.objects.select_related("department")
    if can(user, perms.CREDIT_VIEW):
        return qs.filter(subject_id=subject_id.strip().upper()) if subject_id else qs
    own = [v for v in (getattr(user, "uscc", ""), getattr(user, "id_number", "")) if v]
    if not own:
        return qs.none()
    return qs.filter(subject_id__in=own)


def credit_event_get_for(*, user, event_id: int) -> CreditEvent:
    event = credit_events_for(user=user).filter(pk=event_id).first()
    if event is None:
        raise Http404
    return event


def credit_repair_list(*, user, status: str | None = None) -> QuerySet[CreditRepair]:
    qs = CreditRepair.objects.select_related("event", "applicant")
    if not can(user, perms.REPAIR_REVIEW):
        qs = qs.filter(applicant=user)
    else:
        # a reviewer reviews repairs of events their department subtree recorded (认定部门); an
        # event without one (an import from outside the platform) is the whole province's
        qs = qs.filter(Q(event__department__isnull=True) | department_scope_q(user, "event__department"))
    if status:
        qs = qs.filter(status=status)
    return qs


def credit_repair_get_for(*, user, repair_id: int) -> CreditRepair:
    repair = credit_repair_list(user=user).filter(pk=repair_id).first()
    if repair is None:
        raise Http404
    return repair


def subject_display(event_or_subject_id, *, name: str = "", kind: str = "") -> tuple[str, str]:
    """(name, id) as shown in pages: a person's name and 身份证号 masked."""
    if isinstance(event_or_subject_id, CreditEvent):
        e = event_or_subject_id
        name, kind, sid = e.subject_name, e.subject_kind, e.subject_id
    else:
        sid = event_or_subject_id
    if kind == "person":
        return mask_name(name) if name else "", mask_id_number(sid)
    return name, sid


# ---- inbox and pledges -----------------------------------------------------------------------


def inbox_list(*, user, kind: str | None = None, result: str | None = None) -> QuerySet[InboxEvent]:
    if not can(user, perms.INBOX_VIEW):
        return InboxEvent.objects.none()
    qs = InboxEvent.objects.filter(department_scope_q(user, "department")).select_related("department", "signed_by")
    if kind:
        qs = qs.filter(kind=kind)
    if result:
        qs = qs.filter(result=result)
    return qs


def inbox_event_get_for(*, user, event_id: int) -> InboxEvent:
    event = inbox_list(user=user).filter(pk=event_id).first()
    if event is None:
        raise Http404
    return event


def inbox_unsigned_count(*, user) -> int:
    return inbox_list(user=user, result=EventResult.PENDING).count()


def pledge_check_list(*, user, status: str | None = None) -> QuerySet[PledgeCheck]:
    if not can(user, perms.INBOX_VIEW):
        return PledgeCheck.objects.none()
    qs = PledgeCheck.objects.filter(department_scope_q(user, "department")).select_related("event", "department")
    if status:
        qs = qs.filter(status=status)
    return qs


def pledge_check_get_for(*, user, check_id: int) -> PledgeCheck:
    check = pledge_check_list(user=user).filter(pk=check_id).first()
    if check is None:
        raise Http404
    return check


def pledge_pending_count(*, user) -> int:
    return pledge_check_list(user=user, status=PledgeStatus.PENDING).count()


# ---- items, population, plans ----------------------------------------------------------------


def supervision_item_list(*, user) -> QuerySet[SupervisionItem]:
    return SupervisionItem.objects.filter(department_scope_q(user, "department")).select_related("department")


def supervision_items_for_catalog(*, catalog_code: str) -> QuerySet[SupervisionItem]:
    """Which 监管事项 supervise a catalog item (public: the guide may show them)."""
    return SupervisionItem.objects.filter(is_active=True, catalog_codes__icontains=f'"{catalog_code}"').select_related(
        "department"
    )


def supervised_entity_list(*, user) -> QuerySet[SupervisedEntity]:
    return SupervisedEntity.objects.filter(department_scope_q(user, "department")).select_related("department", "item")


def inspection_plan_list(*, user) -> QuerySet[InspectionPlan]:
    if not can(user, perms.INSPECTION_MANAGE):
        return InspectionPlan.objects.none()
    scope = department_scope_q(user, "department") | department_scope_q(user, "joint_departments")
    return InspectionPlan.objects.filter(scope).distinct().select_related("department", "item")


def inspection_plan_get_for(*, user, plan_id: int) -> InspectionPlan:
    plan = inspection_plan_list(user=user).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    return plan


def inspection_tasks_of(plan: InspectionPlan) -> QuerySet[InspectionTask]:
    return plan.tasks.select_related("entity").prefetch_related("inspectors").order_by("id")


def inspection_task_get_for(*, user, task_id: int) -> InspectionTask:
    plans = inspection_plan_list(user=user).values("pk")
    task = InspectionTask.objects.filter(plan__in=plans, pk=task_id).select_related("plan", "entity").first()
    if task is None:
        raise Http404
    return task


def inspection_plan_redraw(plan: InspectionPlan) -> list[dict]:
    """Recompute a drawn plan's assignment from its recorded input and seed (reproducibility)."""
    if plan.seed is None:
        return []
    return draw(plan.draw_input, seed=plan.seed)


def published_plan_list() -> QuerySet[InspectionPlan]:
    return (
        InspectionPlan.objects.filter(status=PlanStatus.PUBLISHED)
        .select_related("department")
        .order_by("-published_at")
    )


def published_plan_get(*, plan_id: int) -> InspectionPlan:
    plan = published_plan_list().filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    return plan


def published_results(plan: InspectionPlan) -> list[dict]:
    """Public rows: entity name (a person's masked), result and note; no ids, no inspectors."""
    rows = []
    for t in plan.tasks.select_related("entity").order_by("id"):
        e = t.entity
        rows.append(
            {
                "name": e.name if e.subject_kind == "enterprise" else mask_name(e.name),
                "uscc": e.subject_id if e.subject_kind == "enterprise" else "",
                "result": t.get_result_display(),
                "note": t.result_note if e.subject_kind == "enterprise" else "",
            }
        )
    return rows


# ---- early warning (监测预警) ------------------------------------------------------------------


@dataclass
class WarningRow:
    department: str
    department_name: str
    item_code: str
    item_name: str
    decisions: int = 0
    denied: int = 0
    overdue_cases: int = 0
    unsigned_late: int = 0
    pledges_late: int = 0
    rectify_late: int = 0

    @property
    def refusal_rate(self) -> float:
        return self.denied / self.decisions if self.decisions else 0.0

    @property
    def refusal_abnormal(self) -> bool:
        return self.decisions >= REFUSAL_MIN_DECISIONS and self.refusal_rate >= REFUSAL_RATE_ALERT

    @property
    def alerts(self) -> int:
        return (
            self.overdue_cases + self.unsigned_late + self.pledges_late + self.rectify_late + int(self.refusal_abnormal)
        )


def warnings_for(*, user, on: dt.date | None = None) -> list[WarningRow]:
    """Per supervising department and catalog item, from what supervision holds: decisions that
    were overdue when made (cases sends the flag), events not signed by their 签收 deadline,
    pledges not checked in time, rectifications past their deadline, and abnormal refusal rates.
    Rows with no alert are left out; most alerts first."""
    if not can(user, perms.WARNING_VIEW):
        return []
    on = on or _today()
    rows: dict[tuple[str, str], WarningRow] = {}

    def row(dept, code: str, name: str) -> WarningRow:
        key = (dept.code, code)
        if key not in rows:
            rows[key] = WarningRow(dept.code, dept.name, code, name)
        return rows[key]

    events = inbox_list(user=user)
    for e in (
        events.filter(kind__in=[EventKind.APPROVAL, EventKind.PLEDGE]).select_related(None).select_related("department")
    ):
        r = row(e.department, e.item_code, e.item_name)
        r.decisions += 1
        r.denied += e.decision == "denied"
        r.overdue_cases += e.case_overdue
    for e in events.filter(signed_at__isnull=True, sign_due__lt=on):
        row(e.department, e.item_code, e.item_name).unsigned_late += 1
    late = pledge_check_list(user=user).filter(
        Q(status=PledgeStatus.PENDING, due_date__lt=on) | Q(checked_at__date__gt=F("due_date"))
    )
    for c in late.select_related("event", "department"):
        row(c.department, c.event.item_code, c.event.item_name).pledges_late += 1
    tasks = InspectionTask.objects.filter(
        plan__in=inspection_plan_list(user=user).values_list("pk", flat=True)
        if can(user, perms.INSPECTION_MANAGE)
        else [],
        result=InspectionResult.RECTIFY,
        rectified_at__isnull=True,
        rectify_due__lt=on,
    ).select_related("plan__department", "plan__item")
    for t in tasks:
        code = t.plan.item.code if t.plan.item is not None else "—"
        name = t.plan.item.name if t.plan.item is not None else t.plan.name
        row(t.plan.department, code, name).rectify_late += 1
    out = [r for r in rows.values() if r.alerts]
    return sorted(out, key=lambda r: (-r.alerts, r.department, r.item_code))


def pending_repair_count(*, user) -> int:
    if not can(user, perms.REPAIR_REVIEW):
        return 0
    return credit_repair_list(user=user, status=RepairStatus.PENDING).count()


def pledge_check_for_case(*, case_number: str) -> PledgeCheck | None:
    """The pending-or-done 核查 of a case's pledge (cases' own page hands its form over here)."""
    return PledgeCheck.objects.filter(event__case_number=case_number).select_related("event").order_by("-id").first()
