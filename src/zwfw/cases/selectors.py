"""Reads of cases, scoped to the caller (STYLE.md convention 3).

- applicants see their own cases; window clerks the cases of their region subtree (综合窗口
  serves every department); reviewers and department admins the cases of their department
  subtree; platform admins everything. Out of scope answers 404 exactly like "missing".
- :func:`case_public_lookup` is the one unscoped read: number + 查询码 → progress without
  personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zwfw.cases.errors import CaseError, CaseErrorCode
from zwfw.cases.models import (
    Case,
    CaseMaterial,
    CaseStatus,
    CaseStep,
    ClockStop,
    Consultation,
    CorrectionNotice,
    PledgeVerification,
    ShortfallPledge,
    StepStatus,
    SupervisionNotice,
)
from zwfw.core.identifiers import mask_text
from zwfw.core.labels import choice_label
from zwfw.core.prepared import PreparedRead
from zwfw.core.selectors.scope import get_object_for, scope_admits, scope_queryset, scope_register, user_scope


def register_scopes() -> None:
    scope_register(Case, region="region", department="department", owner="applicant")
    scope_register(SupervisionNotice, department="department")
    scope_register(PledgeVerification, department="department")
    scope_register(Consultation, region="region", department="department")


def _cases() -> QuerySet[Case]:
    return Case.objects.select_related("region", "department", "implementation", "version", "applicant")


def step_scope_q(user) -> Q:
    """Cases with a step of the department-scoped user's departments: a step the graph gives to
    another department (e.g. 残联's 核实 of a 民政 item) makes the case visible to that department."""
    scope = user_scope(user)
    q = Q(pk__in=[])
    if scope.everything or scope.applicant or not scope.department_scoped:
        return q
    for path in scope.department_paths:
        q |= Q(pk__in=CaseStep.objects.filter(department__path__startswith=path).values("case_id"))
    return q


def intake_scope_q(user) -> Q:
    """跨域通办: the cases a window clerk's region **received** for another region's department
    (``intake_region`` in the clerk's regions). The handling side sees them through the ordinary
    scope (the case's ``region``/``department`` are the implementation's); nobody else does."""
    from zwfw.core.models import Role
    from zwfw.core.permissions import effective_role

    scope = user_scope(user)
    q = Q(pk__in=[])
    if scope.everything or scope.applicant or scope.department_scoped:
        return q
    if effective_role(user) != Role.WINDOW_CLERK.value:
        return q
    for path in scope.region_paths:
        q |= Q(intake_region__path__startswith=path)
    return q


def case_scope(user, qs: QuerySet[Case]) -> QuerySet[Case]:
    """``qs`` limited to the cases ``user`` may see: the registered scope, plus the cases the
    user's window received cross-region (:func:`intake_scope_q`)."""
    scope = user_scope(user)
    if scope.everything or scope.applicant:
        return scope_queryset(user, qs)
    from zwfw.core.selectors.scope import scoped_q

    return qs.filter(scoped_q(user, region="region", department="department", owner="applicant") | intake_scope_q(user))


SCOPED_FOR = "_zwfw_scoped_for"  # attribute: the pk of the user the case was fetched in scope for

# The hot path's reads (issue 9), compiled once per process (zwfw.core.prepared): the case for an
# action (with the base item: the 行政许可法 applies by its type), the case for the API's detail
# answer, and its materials and steps. Each case read joins the region, the department and the
# department's region: the scope check needs their paths.
_CASE_FOR_ACTION: PreparedRead[Case] = PreparedRead(
    lambda pk: _cases().select_related("department__region", "implementation__base").filter(pk=pk).order_by()
)


def _with_detail_flags(qs: QuerySet[Case]) -> QuerySet[Case]:
    """The detail read's columns beyond the case's own: the implementation's code, the version's
    number, and whether each optional relation (clock stops, correction notices, 容缺 pledges,
    bundle children) has rows at all, as ``EXISTS`` columns of the same SELECT (issue 9: one
    query fewer on every detail answer than asking it separately)."""
    return qs.annotate(
        zwfw_impl_code=F("implementation__code"),
        zwfw_version_number=F("version__number"),
        zwfw_has_clock_stops=Exists(ClockStop.objects.filter(case_id=OuterRef("pk"))),
        zwfw_has_correction_notices=Exists(CorrectionNotice.objects.filter(case_id=OuterRef("pk"))),
        zwfw_has_shortfall_pledges=Exists(ShortfallPledge.objects.filter(case_id=OuterRef("pk"))),
        zwfw_has_children=Exists(Case.objects.filter(parent_id=OuterRef("pk"))),
    )


_CASE_FOR_DETAIL: PreparedRead[Case] = PreparedRead(
    lambda pk: (
        _with_detail_flags(Case.objects.select_related("region", "department__region", "delivery"))
        .filter(pk=pk)
        .order_by()
    )
)
_MATERIALS: PreparedRead[CaseMaterial] = PreparedRead(lambda case_id: CaseMaterial.objects.filter(case_id=case_id))
_STEPS: PreparedRead[CaseStep] = PreparedRead(
    lambda case_id: CaseStep.objects.filter(case_id=case_id).annotate(
        zwfw_department_code=F("department__code"),
        zwfw_department_name=F("department__name"),
        zwfw_department_path=F("department__path"),  # the transition table's step guard
    )
)


# The steps a case action works on (zwfw.cases.services.workflow.steps_in_hand, the step look-up of
# a step action, the transition table's guards): with their departments, in graph order.
_STEPS_WITH_DEPARTMENT: PreparedRead[CaseStep] = PreparedRead(
    lambda case_id: CaseStep.objects.select_related("department").filter(case_id=case_id).order_by("order", "id")
)
_STEP_BY_KEY: PreparedRead[CaseStep] = PreparedRead(
    lambda case_id, key: CaseStep.objects.select_related("department").filter(case_id=case_id, key=key).order_by(),
    arity=2,
)
_STEP_BY_ID: PreparedRead[CaseStep] = PreparedRead(
    lambda case_id, pk: CaseStep.objects.select_related("department").filter(case_id=case_id, pk=pk).order_by(),
    arity=2,
)


def case_steps(case: Case) -> list[CaseStep]:
    """``case``'s steps with their departments, in graph order, each holding ``case`` as its
    ``case`` (as a prefetch would): one query, compiled once per process."""
    steps = _STEPS_WITH_DEPARTMENT.all(case.pk)
    for step in steps:
        CaseStep.case.field.set_cached_value(step, case)
    return steps


def case_steps_cached(case: Case) -> list[CaseStep] | None:
    """The steps the caller already holds on ``case`` (a page's prefetch, ``steps_in_hand``), or
    ``None`` when it holds none."""
    if "steps" in getattr(case, "_prefetched_objects_cache", {}):
        return list(case.steps.all())
    return None


def case_materials(case: Case) -> list[CaseMaterial]:
    """``case``'s materials: the prefetched ones if the caller has them, else one query compiled
    once per process."""
    if "materials" in getattr(case, "_prefetched_objects_cache", {}):
        return list(case.materials.all())
    return _MATERIALS.all(case.pk)


def case_steps_prefetch(case: Case) -> list[CaseStep]:
    """Read :func:`case_steps` afresh and keep them as ``case.steps.all()`` (the prefetch cache)."""
    steps = case_steps(case)
    _prefetched_set(case, "steps", steps)
    return steps


def case_step(case: Case, key_or_id: str | int) -> CaseStep | None:
    """One step of ``case`` by its id (digits) or its key, with its department, or ``None``."""
    step = None
    text = str(key_or_id)
    if text.isdigit():
        step = _STEP_BY_ID.first(case.pk, int(text))
    step = step or _STEP_BY_KEY.first(case.pk, text)
    if step is not None:
        CaseStep.case.field.set_cached_value(step, case)
    return step


def _admits(user, case: Case) -> bool:
    """The registered scope (region, department, applicant), decided in memory on a case read with
    its region, department and the department's region (:func:`scope_admits`)."""
    department = case.department if case.department_id else None
    return scope_admits(
        user,
        Case,
        region_path=case.region.path if case.region_id else None,
        department_path=department.path if department else None,
        department_region_path=department.region.path if department and department.region_id else None,
        owner_id=case.applicant_id,
    )


def _get_for(user, qs: QuerySet[Case] | Callable[[], QuerySet[Case]], case_id: int, *, read=None) -> Case:
    """The case by id in ``user``'s scope: through ``read`` (a :class:`PreparedRead`) and the scope
    decided in memory when it admits the case, else through ``qs`` (or what it builds) in the
    database."""
    case = read.first(case_id) if read is not None else None
    if case is None or not _admits(user, case):
        qs = qs() if callable(qs) else qs
        # the database decides: the registered scope, then a step of the user's department or a
        # cross-region intake of the user's window (rare; 404 when none applies)
        try:
            case = get_object_for(user, qs, pk=case_id)
        except Http404:
            case = qs.filter(step_scope_q(user) | intake_scope_q(user), pk=case_id).first()
            if case is None:
                raise
    # the services' check() need not ask the database again whether this user may see it
    setattr(case, SCOPED_FOR, getattr(user, "pk", None))
    return case


def case_get_for(*, user, case_id: int, for_update: bool = False) -> Case:
    """One case the user may see, else 404 (also for ids of cases out of scope)."""
    return _get_for(user, _cases, case_id, read=_CASE_FOR_ACTION)


def case_detail_for(*, user, case_id: int) -> Case:
    """As :func:`case_get_for`, with materials, steps, stops, notices and delivery prefetched."""
    qs = (
        _cases()
        .prefetch_related(
            "materials", "steps__department", "clock_stops", "correction_notices", "shortfall_pledges", "children"
        )
        .select_related("accepted_by", "decided_by", "agent")
    )
    return _get_for(user, qs, case_id)


_DETAIL_OPTIONAL = ("clock_stops", "correction_notices", "shortfall_pledges")


def case_detail_api_for(*, user, case_id: int) -> Case:
    """The case for the API's detail answer (``GET /cases/{id}`` and every action's answer), in
    a fixed number of queries whatever the case holds (issue 9): the case with its region,
    department and delivery, the implementation's code and the version's number as columns (not
    whole rows) and whether each optional relation (clock stops, correction notices, 容缺 pledges,
    bundle children) has rows at all, then materials, steps with their departments and only the
    optional relations that have rows. Scope as :func:`case_get_for`; the reads of the case,
    materials and steps are compiled once per process."""
    from django.db.models import prefetch_related_objects

    def qs() -> QuerySet[Case]:
        return _with_detail_flags(Case.objects.select_related("department", "delivery")).order_by()

    case = _get_for(user, qs, case_id, read=_CASE_FOR_DETAIL)
    _prefetched_set(case, "materials", _MATERIALS.all(case.pk))
    _prefetched_set(case, "steps", _STEPS.all(case.pk))
    lookups: list = []
    for name in _DETAIL_OPTIONAL:
        if getattr(case, f"zwfw_has_{name}"):
            lookups.append(name)
        else:
            _prefetched_set(case, name, [])
    if lookups:
        prefetch_related_objects([case], *lookups)
    return case


def _prefetched_set(case: Case, accessor: str, rows: list) -> None:
    """Fill the prefetch cache of a reverse relation of ``case`` with ``rows`` (no query)."""
    relation = Case._meta.get_field(accessor)
    cached = QuerySet(model=relation.related_model)
    cached.query.set_empty()  # as ``manager.none()``, without building the relation's filter
    cached._result_cache = list(rows)
    cached._prefetch_done = True
    if not hasattr(case, "_prefetched_objects_cache"):
        case._prefetched_objects_cache = {}
    case._prefetched_objects_cache[relation.cache_name] = cached


def case_list_for(
    *,
    user,
    status: str | None = None,
    overdue: bool | None = None,
    channel: str | None = None,
    q: str | None = None,
    mine: bool = False,
) -> QuerySet[Case]:
    """Cases in the user's scope (applicants: their own), newest first, filtered."""
    qs = case_scope(user, _cases())
    if mine:
        qs = qs.filter(applicant=user)
    if status:
        qs = qs.filter(status=status)
    if overdue is not None:
        qs = qs.filter(is_overdue=overdue)
    if channel:
        qs = qs.filter(channel=channel)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(item_name__icontains=q))
    return qs.order_by("-submitted_at", "-id")


def window_queue(*, user, today: dt.date | None = None) -> dict[str, QuerySet[Case]]:
    """The window console's lists (综合窗口): to accept, 补正 returned (resubmitted after a
    notice), 容缺 due, ready to hand out; overdue cases first in each."""
    today = today or timezone.localdate()
    base = case_scope(user, _cases())
    order = ("-is_overdue", "due_date", "submitted_at", "id")
    resubmitted = Q(correction_notices__resolved_at__isnull=False)
    return {
        "to_accept": base.filter(status=CaseStatus.SUBMITTED).exclude(resubmitted).distinct().order_by(*order),
        "resubmitted": base.filter(status=CaseStatus.SUBMITTED).filter(resubmitted).distinct().order_by(*order),
        "in_correction": base.filter(status=CaseStatus.CORRECTION).order_by(*order),
        "shortfall_due": base.filter(
            shortfall_pledges__fulfilled_at__isnull=True, shortfall_pledges__due_date__isnull=False
        )
        .exclude(status__in=[CaseStatus.COMPLETED, CaseStatus.REFUSED, CaseStatus.WITHDRAWN])
        .distinct()
        .order_by("-shortfall_pledges__is_overdue", "shortfall_pledges__due_date", "id"),
        # 待出件: decided, and no 制证 step still open. The two step conditions must hold for the
        # SAME step, hence the subquery (an exclude over a multi-valued relation would match them
        # on any two different steps).
        "to_hand_out": base.filter(status=CaseStatus.DECIDED)
        .exclude(
            pk__in=CaseStep.objects.filter(kind="produce", status__in=[StepStatus.PENDING, StepStatus.ACTIVE]).values(
                "case_id"
            )
        )
        .order_by(*order),
    }


def review_queue(*, user) -> QuerySet[CaseStep]:
    """Active steps the user can act on: their role, their department subtree (reviewers) or
    their region's cases (clerks); overdue cases first."""
    qs = CaseStep.objects.filter(status=StepStatus.ACTIVE).select_related("case", "case__department", "department")
    scope = user_scope(user)
    if not scope.everything:
        qs = qs.filter(role=user.role)
        if scope.department_scoped:  # the step's department decides (it may not be the case's)
            qs = qs.filter(department__path__startswith=scope.own_department_path)
        else:
            qs = qs.filter(case_id__in=case_scope(user, Case.objects.all()).values("pk"))
    return qs.order_by("-case__is_overdue", "case__due_date", "started_at", "id")


def supervision_inbox(*, user, unread: bool | None = None) -> QuerySet[SupervisionNotice]:
    """审管联动 notices of the user's department subtree (and grants), newest first."""
    qs = scope_queryset(user, SupervisionNotice.objects.select_related("case", "department"))
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    return qs.order_by("-created_at", "-id")


def supervision_notice_get_for(*, user, notice_id: int) -> SupervisionNotice:
    return get_object_for(user, SupervisionNotice.objects.select_related("case", "department"), pk=notice_id)


def pledge_verification_list(*, user, status: str | None = None) -> QuerySet[PledgeVerification]:
    qs = scope_queryset(user, PledgeVerification.objects.select_related("case", "department"))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_date", "id")


def pledge_verification_get_for(*, user, verification_id: int) -> PledgeVerification:
    return get_object_for(user, PledgeVerification.objects.select_related("case", "department"), pk=verification_id)


def shortfall_pledges_open(*, user) -> QuerySet[ShortfallPledge]:
    cases = case_scope(user, Case.objects.all()).values("pk")
    return ShortfallPledge.objects.filter(case_id__in=cases, fulfilled_at__isnull=True).select_related("case")


def consultation_list(*, user, start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[Consultation]:
    qs = scope_queryset(user, Consultation.objects.select_related("department"))
    if start:
        qs = qs.filter(at__date__gte=start)
    if end:
        qs = qs.filter(at__date__lte=end)
    return qs.order_by("-at", "-id")


def case_children_progress(*, parent: Case) -> dict[str, Any]:
    """A bundle parent's progress: its children by status."""
    counts = dict(parent.children.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    total = sum(counts.values())
    done = counts.get(CaseStatus.COMPLETED, 0)
    return {"total": total, "completed": done, "by_status": counts}


def case_timeline(case: Case) -> list[dict[str, Any]]:
    """办理进度: what happened when, in order, with no personal data (public-safe)."""
    events: list[dict[str, Any]] = [{"at": case.submitted_at, "event": "申请", "detail": ""}]
    for notice in case.correction_notices.all():
        events.append({"at": notice.issued_at, "event": "补正告知", "detail": f"共{len(notice.items)}项"})
        if notice.resolved_at:
            events.append({"at": notice.resolved_at, "event": "补正提交", "detail": ""})
    if case.accepted_at:
        label = "视为受理" if case.deemed_accepted else ("容缺受理" if case.with_shortfall else "受理")
        events.append({"at": case.accepted_at, "event": label, "detail": ""})
    for step in case.steps.all():
        if step.kind in {"apply", "accept"} or (step.kind == "decide" and case.decided_at):
            continue  # intake and the decision are shown once, from the case's own dates
        if step.finished_at and step.status == StepStatus.DONE:
            events.append({"at": step.finished_at, "event": step.name, "detail": choice_label(step, "action")})
        elif step.status == StepStatus.ACTIVE and step.started_at:
            events.append({"at": step.started_at, "event": step.name, "detail": "办理中"})
    for stop in case.clock_stops.all():
        events.append({"at": stop.started_at, "event": f"特别程序：{choice_label(stop, 'kind')}", "detail": "暂停计时"})
        if stop.ended_at:
            events.append(
                {
                    "at": stop.ended_at,
                    "event": f"特别程序结束：{choice_label(stop, 'kind')}",
                    "detail": f"{stop.workdays}个工作日不计时",
                }
            )
    if case.decided_at:
        events.append({"at": case.decided_at, "event": "决定", "detail": choice_label(case, "decision")})
    if case.refused_at:
        events.append({"at": case.refused_at, "event": "不予受理", "detail": ""})
    delivery = getattr(case, "delivery", None) if hasattr(case, "delivery") else None
    if delivery is not None:
        events.append({"at": delivery.handed_out_at, "event": "送达", "detail": choice_label(delivery, "method")})
    if case.completed_at:
        events.append({"at": case.completed_at, "event": "办结", "detail": ""})
    events.sort(key=lambda e: e["at"])
    return events


def mask_name(name: str) -> str:
    """张三丰 → 张**; 成都某某餐饮有限公司 → 成都********公司 (keeps the first and last two)."""
    if not name:
        return ""
    if len(name) <= 4:
        return name[0] + "*" * (len(name) - 1)
    return name[:2] + "*" * (len(name) - 4) + name[-2:]


def case_public_lookup(*, number: str, verify_code: str) -> dict[str, Any]:
    """Progress of a case by 办件编号 + 查询码, for anyone: no id number, no phone, no address,
    the applicant's name masked. A wrong pair answers 404 ``case_lookup_failed`` (the same for
    an unknown number, so numbers cannot be probed)."""
    number, verify_code = (number or "").strip(), (verify_code or "").strip().upper()
    case = (
        Case.objects.select_related("department")
        .prefetch_related("steps", "clock_stops", "correction_notices")
        .filter(number=number)
        .first()
    )
    if case is None or not verify_code or case.verify_code != verify_code:
        raise CaseError(CaseErrorCode.LOOKUP_FAILED)
    return {
        "number": case.number,
        "item_name": case.item_name,
        "department": case.department.name,
        "applicant": mask_text(mask_name(case.applicant_name)),
        "status": case.status,
        "status_label": str(choice_label(case, "status")),
        "submitted_at": case.submitted_at,
        "accepted_at": case.accepted_at,
        "due_date": case.due_date,
        "clock_stopped": case.clock_stopped,
        "decision": case.decision,
        "completed_at": case.completed_at,
        "timeline": case_timeline(case),
    }


def case_rating_subject(*, case_id: int | None = None, number: str | None = None) -> dict[str, Any] | None:
    """What the ratings app (好差评) needs to know about one case, or None when there is none.

    An unscoped read on purpose: the ratings app checks who may rate (only the applicant, or a
    hotline operator / an SMS token on their behalf) itself. Ended = 办结 or 不予受理; the
    window (受理单位) and staff member (受理人员) are the ones who accepted the case.
    """
    if case_id is None and not number:
        return None
    qs = Case.objects.select_related("implementation")
    case = qs.filter(pk=case_id).first() if case_id is not None else qs.filter(number=number).first()
    if case is None:
        return None
    ended_at = case.completed_at if case.status == CaseStatus.COMPLETED else None
    if case.status == CaseStatus.REFUSED:
        ended_at = case.refused_at
    return {
        "id": case.pk,
        "number": case.number,
        "applicant_id": case.applicant_id,
        "status": case.status,
        "ended_at": ended_at,
        "department_id": case.department_id,
        "region_code": case.region_id,
        "item_code": case.implementation.code,
        "item_name": case.item_name,
        "window_department_id": case.accepted_department_id,
        "staff_id": case.accepted_by_id,
    }


__all__ = [
    "Http404",
    "case_children_progress",
    "case_detail_api_for",
    "case_detail_for",
    "case_get_for",
    "case_list_for",
    "case_materials",
    "case_public_lookup",
    "case_rating_subject",
    "case_step",
    "case_steps",
    "case_steps_cached",
    "case_steps_prefetch",
    "case_timeline",
    "consultation_list",
    "credit_eligibility_of",
    "pledge_verification_get_for",
    "pledge_verification_list",
    "review_queue",
    "shortfall_pledges_open",
    "supervision_inbox",
    "supervision_notice_get_for",
    "window_queue",
]


def credit_eligibility_of(case: Case):
    """The applicant's credit grade and what it allows (信用+容缺受理, 告知承诺), read through the
    supervision app's selectors (issue 15; supervision sits below cases in the layers). ``None``
    when supervision is not installed in this deployment. A system read: grade and reasons only."""
    from django.apps import apps

    if not apps.is_installed("zwfw.supervision"):
        return None
    from zwfw.supervision.selectors import credit_eligibility_for

    return credit_eligibility_for(uscc=case.applicant_uscc or None, id_number=case.applicant_id_number or None)
