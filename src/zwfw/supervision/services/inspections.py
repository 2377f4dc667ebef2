"""双随机一公开: random entities, random inspectors, results made public.

A plan names a lead department, optional joint departments (联合抽查) and optionally one
监管事项. :func:`inspection_plan_draw` freezes the draw's input (the population with each
entity's weight, the inspector pool per department, the listed relations) on the plan together
with the seed, and :func:`draw` — a pure function of that input and the seed — makes the
assignment; :func:`zwfw.supervision.selectors.inspection_plan_redraw` recomputes it from the
stored input so anyone can check the draw was not rigged.

- Entities are drawn without replacement, weighted by credit grade (lower grade, more checks:
  ``inspection_weight`` in the grade rules), by the Efraimidis–Spirakis method (key = u^(1/w)).
- Each drawn entity gets ``inspectors_per_entity`` inspectors of the lead department and one of
  every joint department, drawn at random among those with no listed relation to it (回避).
- Results are recorded per entity; 发现违法违规 writes a credit event; 责令整改 sets a
  rectification deadline (working days); publication shows entity names and results only
  (persons' names masked, no inspectors).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwfw.core.identifiers import mask_name
from zwfw.core.models import User
from zwfw.core.permissions import require
from zwfw.core.selectors.calendar import add_workdays
from zwfw.core.services.audit import audit_log_write
from zwfw.supervision import permissions as perms
from zwfw.supervision.credit import rules_in_force
from zwfw.supervision.draw import draw
from zwfw.supervision.errors import SupervisionError, SupervisionErrorCode
from zwfw.supervision.models import (
    CreditKind,
    CreditSource,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    Inspector,
    InspectorRelation,
    PlanStatus,
    SupervisedEntity,
    SupervisionItem,
)
from zwfw.supervision.services._base import bad, department_required, subject_check, today
from zwfw.supervision.services.credit import credit_event_record

RECTIFY_WORKDAYS = 15


@transaction.atomic
def inspector_add(*, actor: User, user, department_code: str = "") -> Inspector:
    """Put a staff user into the inspector pool (执法检查人员名录库) of their department."""
    require(actor, perms.INSPECTION_MANAGE)
    department = department_required(department_code) if department_code else user.department
    if department is None:
        raise bad("所属部门", "检查人员须属于某个部门", "department")
    inspector, _ = Inspector.objects.update_or_create(
        user=user, defaults={"department": department, "name": user.display_name or user.username, "is_active": True}
    )
    audit_log_write(
        actor=actor, action="zwfw.supervision.inspector.added", obj=inspector, after={"department": department.code}
    )
    return inspector


@transaction.atomic
def inspector_relation_add(
    *, actor: User, inspector: Inspector, subject_kind: str, subject_id: str, relation: str
) -> InspectorRelation:
    """List a relation (回避) between an inspector and an entity."""
    require(actor, perms.INSPECTION_MANAGE)
    subject_id = subject_check(subject_kind, subject_id)
    if not (relation or "").strip():
        raise bad("关系", "请说明关系（亲属、曾任职、持股等）", "relation")
    rel, _ = InspectorRelation.objects.update_or_create(
        inspector=inspector, subject_id=subject_id, defaults={"relation": relation.strip()[:100]}
    )
    audit_log_write(
        actor=actor, action="zwfw.supervision.inspector.relation_added", obj=rel, after={"inspector": inspector.pk}
    )
    return rel


@transaction.atomic
def supervised_entity_add(
    *,
    actor: User,
    subject_kind: str,
    subject_id: str,
    name: str,
    department_code: str,
    item: SupervisionItem | None = None,
) -> SupervisedEntity:
    """Add a member of the supervised population (imports; approvals add themselves)."""
    require(actor, perms.INSPECTION_MANAGE)
    subject_id = subject_check(subject_kind, subject_id)
    if not (name or "").strip():
        raise bad("名称", "必填", "name")
    department = department_required(department_code)
    entity, _ = SupervisedEntity.objects.update_or_create(
        subject_id=subject_id,
        department=department,
        defaults={"subject_kind": subject_kind, "name": name.strip()[:200], "item": item},
    )
    return entity


@transaction.atomic
def inspection_plan_create(
    *,
    actor: User,
    name: str,
    department_code: str,
    entity_count: int,
    inspectors_per_entity: int = 2,
    joint_department_codes: list[str] | None = None,
    item: SupervisionItem | None = None,
) -> InspectionPlan:
    require(actor, perms.INSPECTION_MANAGE)
    if not (name or "").strip():
        raise bad("计划名称", "必填", "name")
    if not isinstance(entity_count, int) or not 1 <= entity_count <= 100_000:
        raise bad("抽取对象数", "应为1至100000", "entity_count")
    if not isinstance(inspectors_per_entity, int) or not 1 <= inspectors_per_entity <= 10:
        raise bad("每户检查人员数", "应为1至10", "inspectors_per_entity")
    department = department_required(department_code)
    joint = [department_required(c) for c in sorted(set(joint_department_codes or [])) if c != department.code]
    plan = InspectionPlan.objects.create(
        name=name.strip()[:200],
        department=department,
        item=item,
        entity_count=entity_count,
        inspectors_per_entity=inspectors_per_entity,
        created_by=actor,
    )
    plan.joint_departments.set(joint)
    audit_log_write(
        actor=actor,
        action="zwfw.supervision.plan.created",
        obj=plan,
        after={"name": plan.name, "department": department.code, "joint": [d.code for d in joint], "n": entity_count},
        region_code=department.region_id or "",
    )
    return plan


def _draw_input(plan: InspectionPlan) -> dict[str, Any]:
    from zwfw.supervision.selectors import credit_grades_for_subjects

    departments = [plan.department, *plan.joint_departments.order_by("code")]
    population = SupervisedEntity.objects.filter(department__in=departments)
    if plan.item_id:
        population = population.filter(item_id=plan.item_id)
    rows = list(population.order_by("subject_id", "id").values_list("id", "subject_id"))
    seen: set[str] = set()
    unique = []
    for eid, sid in rows:  # an entity supervised by two of the departments is drawn once
        if sid not in seen:
            seen.add(sid)
            unique.append((eid, sid))
    grades = credit_grades_for_subjects([sid for _, sid in unique])
    weights = rules_in_force(today())["inspection_weight"]
    pools: list[list[Any]] = []  # [department code, inspectors per entity, inspector ids]: JSON-shaped
    for i, dept in enumerate(departments):
        ids = sorted(Inspector.objects.filter(department=dept, is_active=True).values_list("id", flat=True))
        pools.append([dept.code, plan.inspectors_per_entity if i == 0 else 1, ids])
    all_ids = [i for _, _, ids in pools for i in ids]
    relations = sorted(
        [i, s]
        for i, s in InspectorRelation.objects.filter(inspector_id__in=all_ids).values_list("inspector_id", "subject_id")
    )
    return {
        "entities": [[eid, sid, weights[grades.get(sid, "B")]] for eid, sid in unique],
        "pools": pools,
        "relations": relations,
        "n": plan.entity_count,
    }


@transaction.atomic
def inspection_plan_draw(*, actor: User, plan: InspectionPlan, seed: int | None = None) -> InspectionPlan:
    """Draw entities and inspectors (see the module docstring). ``seed`` defaults to 63 random
    bits from the OS; it is recorded with the draw's input. Only a draft plan can be drawn
    (the loser of two concurrent draws gets 409)."""
    require(actor, perms.INSPECTION_MANAGE)
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise SupervisionError(SupervisionErrorCode.PLAN_STATE, status=plan.get_status_display(), action="再次抽取")
    draw_input = _draw_input(plan)
    if len(draw_input["entities"]) < plan.entity_count:
        raise SupervisionError(
            SupervisionErrorCode.DRAW_SHORT, what="监管对象", need=plan.entity_count, have=len(draw_input["entities"])
        )
    seed = secrets.randbits(63) if seed is None else int(seed)
    assignment = draw(draw_input, seed=seed)
    for row in assignment:
        task = InspectionTask.objects.create(plan=plan, entity_id=row["entity"])
        task.inspectors.set(row["inspectors"])
    plan.seed = seed
    plan.draw_input = draw_input
    plan.status = PlanStatus.DRAWN
    plan.drawn_at = timezone.now()
    plan.save(update_fields=["seed", "draw_input", "status", "drawn_at"])
    audit_log_write(
        actor=actor,
        action="zwfw.supervision.plan.drawn",
        obj=plan,
        after={"seed": str(seed), "population": len(draw_input["entities"]), "drawn": len(assignment)},
        region_code=plan.department.region_id or "",
    )
    return plan


@transaction.atomic
def inspection_task_record(
    *, actor: User, task: InspectionTask, result: str, note: str = "", rectify_workdays: int = RECTIFY_WORKDAYS
) -> InspectionTask:
    """Record the result of one inspection. 发现违法违规 writes a ``violation`` credit event;
    责令整改 sets a rectification deadline in working days."""
    require(actor, perms.INSPECTION_MANAGE)
    if result not in (InspectionResult.PASSED, InspectionResult.RECTIFY, InspectionResult.FAILED):
        raise bad("检查结果", "可选 passed、rectify、failed", "result")
    task = (
        InspectionTask.objects.select_for_update().select_related("plan", "entity", "plan__department").get(pk=task.pk)
    )
    if task.plan.status != PlanStatus.DRAWN:
        raise SupervisionError(
            SupervisionErrorCode.PLAN_STATE, status=task.plan.get_status_display(), action="录入结果"
        )
    if task.result != InspectionResult.PENDING:
        raise SupervisionError(SupervisionErrorCode.ALREADY_DONE, what="该检查结果")
    task.result = result
    task.result_note = (note or "").strip()[:500]
    task.recorded_at = timezone.now()
    if result == InspectionResult.RECTIFY:
        task.rectify_due = add_workdays(today(), rectify_workdays)
    task.save(update_fields=["result", "result_note", "recorded_at", "rectify_due"])
    if result == InspectionResult.FAILED:
        credit_event_record(
            actor=actor,
            subject_kind=task.entity.subject_kind,
            subject_id=task.entity.subject_id,
            subject_name=task.entity.name,
            kind=CreditKind.VIOLATION,
            occurred_on=today(),
            note=f"双随机抽查发现违法违规：{task.result_note}"[:500],
            department=task.plan.department,
            source=CreditSource.PLATFORM,
            source_ref=f"inspection:{task.pk}",
            check_permission=False,
        )
    audit_log_write(
        actor=actor,
        action="zwfw.supervision.inspection.recorded",
        obj=task,
        after={"plan": task.plan_id, "result": result, "rectify_due": task.rectify_due},
        region_code=task.plan.department.region_id or "",
    )
    return task


@transaction.atomic
def inspection_task_rectified(*, actor: User, task: InspectionTask) -> InspectionTask:
    require(actor, perms.INSPECTION_MANAGE)
    updated = InspectionTask.objects.filter(
        pk=task.pk, result=InspectionResult.RECTIFY, rectified_at__isnull=True
    ).update(rectified_at=timezone.now())
    if not updated:
        raise SupervisionError(SupervisionErrorCode.ALREADY_DONE, what="该整改")
    task.refresh_from_db()
    audit_log_write(actor=actor, action="zwfw.supervision.inspection.rectified", obj=task, after={"plan": task.plan_id})
    return task


@transaction.atomic
def inspection_plan_publish(*, actor: User, plan: InspectionPlan) -> InspectionPlan:
    """公示: every result recorded first; the public page shows names and results only."""
    require(actor, perms.INSPECTION_MANAGE)
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAWN:
        raise SupervisionError(SupervisionErrorCode.PLAN_STATE, status=plan.get_status_display(), action="公示")
    pending = plan.tasks.filter(result=InspectionResult.PENDING).count()
    if pending:
        raise bad("检查结果", f"还有{pending}户未录入结果", "tasks")
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at"])
    audit_log_write(
        actor=actor, action="zwfw.supervision.plan.published", obj=plan, after={"tasks": plan.tasks.count()}
    )
    return plan


def public_name(entity: SupervisedEntity) -> str:
    """What the public page shows: an enterprise's name; a person's name masked."""
    return entity.name if entity.subject_kind == "enterprise" else mask_name(entity.name)
