"""Completing a workflow step (通过 / 退回): the one service a step's role and department use.

The engine (steps from the graph, activation, the clock stops of special-procedure steps) is
:mod:`zwfw.cases.services.workflow`; the 决定 step is completed by
:func:`zwfw.cases.services.decision.case_decide`, 送达 by
:func:`zwfw.cases.services.delivery.case_deliver`. A finished 制证 step issues the result
(:func:`zwfw.cases.services.decision.result_produce`).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zwfw.cases.errors import CaseError, CaseErrorCode, conflict
from zwfw.cases.models import Case, CaseStep, StepAction, StepStatus
from zwfw.cases.services._base import enforce, touch
from zwfw.cases.services.decision import result_produce
from zwfw.cases.services.workflow import INTAKE_KINDS, step_check_actor, step_finish, steps_activate, steps_in_hand
from zwfw.core.services.audit import audit_log_write


@transaction.atomic
def case_step_complete(
    *, actor, case: Case, step: CaseStep, action: str = StepAction.PASS, opinion: str = ""
) -> CaseStep:
    """Complete (通过) or return (退回) an active step; see the module docstring.

    409 when the step is not active (someone finished it first) or the case is not in handling;
    403 when the step belongs to another role or department; 422 for a 决定 or 送达 step (their
    own services) and for a return with nothing to return to.
    """
    with steps_in_hand(case) as steps:  # one read of the steps for the guards, the changes and what follows
        row_version = case.row_version
        step = next((s for s in steps if s.pk == step.pk), step)  # the caller's row, as one of that list
        enforce(case, "complete_step", actor)
        if action not in StepAction.values:
            raise CaseError(CaseErrorCode.REASON_REQUIRED, detail={"action": action}, what="业务动作（pass 或 return）")
        step_check_actor(actor=actor, case=case, step=step)
        if step.status != StepStatus.ACTIVE:
            raise CaseError(
                CaseErrorCode.STEP_NOT_ACTIVE,
                detail={"step": step.key, "status": step.status},
                step=step.name,
                status=str(step.get_status_display()),
            )
        if step.kind == "decide" and action != StepAction.RETURN:
            raise CaseError(CaseErrorCode.STEP_NEEDS_DECISION, detail={"step": step.key}, step=step.name)
        if step.kind == "deliver":
            raise CaseError(
                CaseErrorCode.STEP_NEEDS_DECISION, detail={"step": step.key, "use": "deliver"}, step=step.name
            )
        if action == StepAction.RETURN:
            if not opinion.strip():
                raise CaseError(CaseErrorCode.REASON_REQUIRED, what="退回意见")
            _return(case=case, step=step, actor=actor, opinion=opinion)
        else:
            step_finish(case=case, step=step, actor=actor, action=action, opinion=opinion)
            if step.kind == "produce":
                result_produce(case=case, actor=actor)
            steps_activate(case=case, actor=actor)
        if case.row_version == row_version:  # a 制证 that issued the licence has moved it already
            _touch_case(case)
        audit_log_write(
            actor=actor,
            action="zwfw.cases.step.completed",
            obj=step,
            after={"case": case.number, "step": step.key, "action": action, "opinion": opinion},
            region_code=case.region_id or "",
        )
    return step


def _touch_case(case: Case) -> None:
    """Bump the case's row_version so a page showing the old steps gets a conflict on write."""
    try:
        touch(case)
    except CaseError:
        raise conflict(status=case.status) from None


def _return(*, case: Case, step: CaseStep, actor, opinion: str) -> None:
    by_key = {s.key: s for s in case.steps.all()}
    targets = [by_key[p] for p in step.predecessors if p in by_key and by_key[p].kind not in INTAKE_KINDS]
    if not targets:
        raise CaseError(CaseErrorCode.STEP_CANNOT_RETURN, detail={"step": step.key}, step=step.name)
    step_finish(case=case, step=step, actor=actor, action=StepAction.RETURN, opinion=opinion, status=StepStatus.PENDING)
    now = timezone.now()
    for target in targets:
        target.status = StepStatus.ACTIVE
        target.started_at = now
        target.finished_at = None
        target.save(update_fields=["status", "started_at", "finished_at"])


__all__ = ["case_step_complete"]
