"""The workflow: the pinned version's graph (一图) run as the case's steps.

- At acceptance every graph step becomes a :class:`~zwfw.cases.models.CaseStep` (a snapshot).
  申请 (kind ``apply``) and 受理 (``accept``) steps are done by the acceptance itself.
- A step becomes **active** (待办) when all its predecessors are done or skipped, so parallel
  branches run in parallel. Post-decision steps (制证 ``produce``, 送达 ``deliver``) wait for the
  decision even where the graph has no 决定 step before them.
- A step that stops the clock (``stops_clock``, 行政许可法 第四十五条) opens a
  :class:`~zwfw.cases.models.ClockStop` while it is active and closes it when it is done. For a
  行政许可 item, 听证/专家评审/检验检测 steps stop it by law even where the catalog's flag is off.
- A step with a limit (``limit_days``) gets ``due_date`` = that many working days from its
  activation; the daily deadline scan flags it ``is_overdue`` once it is past (转外环节 such as
  专家评审 included: their limit is how long the procedure may take).
- :func:`zwfw.cases.services.steps.case_step_complete` by a user of the step's role (and department, for department
  roles): ``pass`` completes it and activates what follows; ``return`` (退回) sends the case
  back to the step's predecessors. The 决定 step is completed by
  :func:`zwfw.cases.services.decision.case_decide`, 送达 by
  :func:`zwfw.cases.services.delivery.case_deliver`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.http import Http404
from django.utils import timezone

from zwfw.cases.errors import CaseError, CaseErrorCode
from zwfw.cases.legal import licensing_law_applies
from zwfw.cases.models import Case, CaseStatus, CaseStep, StepAction, StepStatus
from zwfw.cases.models.workflow import STEP_KIND_PROCEDURE, SpecialProcedure
from zwfw.cases.selectors import case_step, case_steps, case_steps_cached, case_steps_prefetch
from zwfw.cases.services._base import today
from zwfw.cases.services.clock import LAW_CLOCK_STOP_STEP_KINDS, clock_stop_close, clock_stop_open
from zwfw.cases.transitions import ensure_not_acting_on_own_acceptance, step_check_actor
from zwfw.core.errors import CalendarYearNotLoaded
from zwfw.core.prepared import insert_rows, update_where
from zwfw.core.selectors.accounts import department_by_code
from zwfw.core.selectors.calendar import add_workdays

INTAKE_KINDS = frozenset({"apply", "accept"})
POST_DECISION_KINDS = frozenset({"produce", "deliver"})
FINISHED = frozenset({StepStatus.DONE, StepStatus.SKIPPED})


def steps_create(
    *, case: Case, graph: dict, actor, intake_action: str = StepAction.PASS, intake_opinion: str = ""
) -> list[CaseStep]:
    """Create the case's steps from ``graph`` (``version_content(version)["graph"]``) with the
    intake steps done, then activate what can start. Runs in the caller's transaction."""
    now = timezone.now()
    preds: dict[str, list[str]] = {s["key"]: [] for s in graph["steps"]}
    for a, b in graph["edges"]:
        preds[b].append(a)
    departments = {}
    rows = []
    law_stops = licensing_law_applies(case)
    for order, s in enumerate(graph["steps"]):
        code = s.get("department")
        if code and code not in departments:
            departments[code] = department_by_code(code=code)
        department_id = departments[code].pk if code and departments.get(code) else case.department_id
        intake = s["kind"] in INTAKE_KINDS
        handled_by = None
        if intake:
            handled_by = case.applicant if s["kind"] == "apply" else actor
        rows.append(
            CaseStep(
                case=case,
                key=s["key"],
                name=s["name"],
                kind=s["kind"],
                role=s.get("role") or "",
                department_id=department_id,
                limit_days=s.get("limit_days") or 0,
                stops_clock=bool(s.get("stops_clock")) or (law_stops and s["kind"] in LAW_CLOCK_STOP_STEP_KINDS),
                predecessors=preds[s["key"]],
                order=order,
                status=StepStatus.DONE if intake else StepStatus.PENDING,
                handled_by=handled_by,
                started_at=(case.submitted_at if s["kind"] == "apply" else now) if intake else None,
                finished_at=(case.submitted_at if s["kind"] == "apply" else now) if intake else None,
                action=(StepAction.PASS if s["kind"] == "apply" else intake_action) if intake else "",
                opinion=intake_opinion if intake and s["kind"] == "accept" else "",
                rounds=1 if intake else 0,
            )
        )
    created = insert_rows(rows)  # one INSERT compiled once per number of steps (zwfw.core.prepared)
    if any(step.pk is None for step in created):  # a backend that does not return ids: read them
        steps_activate(case=case, actor=actor)
        return list(case.steps.all())
    steps_activate(case=case, actor=actor, steps=created)  # the rows just written, not read again
    return created


def steps_activate(*, case: Case, actor=None, steps: list[CaseStep] | None = None) -> list[CaseStep]:
    """Activate every pending step whose predecessors are all finished (caller's transaction).

    Before the decision, 制证/送达 steps stay pending. A clock-stopping step opens a ClockStop.
    ``steps``: the case's steps when the caller has just written them all (else they are read).
    """
    steps = list(case.steps.all()) if steps is None else steps
    by_key = {s.key: s for s in steps}
    decided = case.status not in {CaseStatus.SUBMITTED, CaseStatus.CORRECTION, CaseStatus.ACCEPTED}
    activated = []
    now = timezone.now()
    for step in steps:
        if step.status != StepStatus.PENDING:
            continue
        if step.kind in POST_DECISION_KINDS and not decided:
            continue
        if all(by_key[p].status in FINISHED for p in step.predecessors if p in by_key):
            step.status = StepStatus.ACTIVE
            step.started_at = now
            step.due_date = step_due_date(step)
            step.is_overdue = False
            update_where(  # as save(update_fields=…): CaseStep has no save() override and no signals
                CaseStep,
                where={"pk": step.pk},
                values={"status": step.status, "started_at": now, "due_date": step.due_date, "is_overdue": False},
            )
            activated.append(step)
            if step.stops_clock and case.status == CaseStatus.ACCEPTED and not case.clock_stopped:
                kind = STEP_KIND_PROCEDURE.get(step.kind, SpecialProcedure.EXPERT_REVIEW)
                clock_stop_open(
                    case=case,
                    kind=kind,
                    reason=f"办理环节“{step.name}”（特别程序）",
                    on=today(),
                    actor=actor,
                    step=step,
                )
    return activated


def step_due_date(step: CaseStep):
    """The step's own limit: ``limit_days`` working days from today (None without a limit, or
    when the calendar cannot say — the case's own clock still runs)."""
    if not step.limit_days:
        return None
    try:
        return add_workdays(today(), step.limit_days)
    except CalendarYearNotLoaded:
        return None


def _close_step_stop(case: Case, step: CaseStep, actor) -> None:
    # only a clock-stopping step opens a stop, and an open stop sets the case's clock_stopped in
    # the same transaction (a stale case in hand loses its compare-and-set): no read otherwise
    if not (step.stops_clock and case.clock_stopped):
        return
    stop = case.clock_stops.filter(step=step, ended_on__isnull=True).first()
    if stop is not None:
        clock_stop_close(case=case, stop=stop, on=today(), actor=actor, result=step.opinion)


def step_finish(*, case: Case, step: CaseStep, actor, action: str, opinion: str, status=StepStatus.DONE) -> CaseStep:
    """Mark an active step finished with a compare-and-set (two users on one step: one wins)."""
    now = timezone.now()
    updated = update_where(  # compare-and-set, SQL written once per process (zwfw.core.prepared)
        CaseStep,
        where={"pk": step.pk, "status": StepStatus.ACTIVE},
        values={
            "status": status,
            "handled_by": actor,
            "finished_at": now,
            "action": action,
            "opinion": opinion,
            "rounds": step.rounds + 1,
        },
    )
    if not updated:
        current = CaseStep.objects.filter(pk=step.pk).values_list("status", flat=True).first()
        raise CaseError(
            CaseErrorCode.STEP_NOT_ACTIVE,
            detail={"step": step.key, "status": current},
            step=step.name,
            status=str(StepStatus(current).label) if current else "",
        )
    step.status, step.handled_by, step.finished_at, step.action, step.opinion = status, actor, now, action, opinion
    step.rounds += 1
    _close_step_stop(case, step, actor)
    return step


def step_get(case: Case, step_key_or_id) -> CaseStep:
    step = case_step(case, step_key_or_id)
    if step is None:
        raise Http404("环节不存在")
    return step


@contextmanager
def steps_in_hand(case: Case) -> Iterator[list[CaseStep]]:
    """For one service call: read the case's steps (with their departments) once and keep them on
    ``case``; the guards, the step look-ups, :func:`steps_activate` and :func:`steps_skip_open` use
    that list, and every step change inside goes through those same objects. On the way out the
    list is dropped, so nothing after the call answers from it (the pages' stale-cache rule)."""
    steps = case_steps_prefetch(case)  # a fresh read, whatever the caller had
    try:
        yield list(steps)
    finally:
        case._prefetched_objects_cache.pop("steps", None)


def steps_skip_open(*, case: Case, keep_kinds=frozenset(), actor=None) -> None:
    """Skip every pending/active step except those of ``keep_kinds`` (e.g. after a denial)."""
    in_hand = case_steps_cached(case)
    for step in in_hand if in_hand is not None else case_steps(case):
        if step.status in FINISHED or step.kind in keep_kinds:
            continue
        if step.status == StepStatus.ACTIVE:
            _close_step_stop(case, step, actor)
        step.status = StepStatus.SKIPPED
        step.finished_at = timezone.now()
        step.save(update_fields=["status", "finished_at"])


def step_for_kind(case: Case, kind: str, *, active_only: bool = False) -> CaseStep | None:
    in_hand = case_steps_cached(case)
    steps = in_hand if in_hand is not None else case_steps(case)
    return next((s for s in steps if s.kind == kind and (not active_only or s.status == StepStatus.ACTIVE)), None)


__all__ = [
    "ensure_not_acting_on_own_acceptance",
    "step_check_actor",
    "step_finish",
    "step_for_kind",
    "step_get",
    "steps_activate",
    "steps_create",
    "steps_in_hand",
    "steps_skip_open",
]
