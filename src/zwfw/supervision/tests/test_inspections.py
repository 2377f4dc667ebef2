"""双随机一公开: reproducible draws, 回避, joint inspections, credit-weighted frequency, results."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from zwfw.supervision.demo import demo_uscc
from zwfw.supervision.errors import SupervisionError
from zwfw.supervision.models import CreditEvent, InspectionTask
from zwfw.supervision.selectors import inspection_plan_redraw, published_results
from zwfw.supervision.services import (
    credit_event_record,
    inspection_plan_create,
    inspection_plan_draw,
    inspection_plan_publish,
    inspection_task_record,
    inspector_add,
    inspector_relation_add,
    supervised_entity_add,
)
from zwfw.supervision.services.inspections import draw

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(officers):
    lead = officers["cd"]
    inspectors = [inspector_add(actor=lead, user=officers[k]) for k in ("cd", "cd2", "cd3")]
    joint = inspector_add(actor=lead, user=officers["wjw"])
    entities = [
        supervised_entity_add(
            actor=lead,
            subject_kind="enterprise",
            subject_id=demo_uscc(n),
            name=f"示例{n}公司",
            department_code="510100-scjg",
        )
        for n in range(1, 21)
    ]
    return {"lead": lead, "inspectors": inspectors, "joint": joint, "entities": entities}


def _assignment(plan):
    return [
        (t.entity_id, sorted(i.pk for i in t.inspectors.all()))
        for t in InspectionTask.objects.filter(plan=plan).order_by("id").prefetch_related("inspectors")
    ]


def test_the_draw_reproduces_from_its_seed(pool):
    lead = pool["lead"]
    a = inspection_plan_create(actor=lead, name="甲", department_code="510100-scjg", entity_count=5)
    b = inspection_plan_create(actor=lead, name="乙", department_code="510100-scjg", entity_count=5)
    inspection_plan_draw(actor=lead, plan=a, seed=20260301)
    inspection_plan_draw(actor=lead, plan=b, seed=20260301)
    a.refresh_from_db()
    assert a.seed == 20260301 and a.status == "drawn"
    assert _assignment(a) == _assignment(b)  # same population, same seed → same draw
    redrawn = [(r["entity"], sorted(r["inspectors"])) for r in inspection_plan_redraw(a)]
    assert redrawn == _assignment(a)
    c = inspection_plan_create(actor=lead, name="丙", department_code="510100-scjg", entity_count=5)
    inspection_plan_draw(actor=lead, plan=c, seed=7)
    assert _assignment(c) != _assignment(a)
    assert len({e for e, _ in _assignment(a)}) == 5 and all(len(i) == 2 for _, i in _assignment(a))
    with pytest.raises(SupervisionError) as again:
        inspection_plan_draw(actor=lead, plan=a)
    assert again.value.status == 409


def test_an_inspector_never_inspects_a_related_entity(pool):
    lead = pool["lead"]
    related = pool["entities"][:10]
    for e in related:
        inspector_relation_add(
            actor=lead,
            inspector=pool["inspectors"][0],
            subject_kind="enterprise",
            subject_id=e.subject_id,
            relation="亲属持股",
        )
    for seed in range(30):
        plan = inspection_plan_create(actor=lead, name=f"计划{seed}", department_code="510100-scjg", entity_count=10)
        inspection_plan_draw(actor=lead, plan=plan, seed=seed)
        for task in plan.tasks.prefetch_related("inspectors"):
            if task.entity in related:
                assert pool["inspectors"][0] not in task.inspectors.all()


def test_too_few_inspectors_after_recusal_is_an_error(pool):
    lead = pool["lead"]
    target = pool["entities"][0]
    for inspector in pool["inspectors"][:2]:
        inspector_relation_add(
            actor=lead, inspector=inspector, subject_kind="enterprise", subject_id=target.subject_id, relation="曾任职"
        )
    plan = inspection_plan_create(actor=lead, name="全部", department_code="510100-scjg", entity_count=20)
    with pytest.raises(SupervisionError) as exc:
        inspection_plan_draw(actor=lead, plan=plan, seed=1)
    assert exc.value.status == 422 and "回避" in exc.value.message
    assert not plan.tasks.exists()
    too_many = inspection_plan_create(actor=lead, name="超额", department_code="510100-scjg", entity_count=21)
    with pytest.raises(SupervisionError):
        inspection_plan_draw(actor=lead, plan=too_many, seed=1)


def test_joint_inspection_takes_one_inspector_of_each_department(pool):
    lead = pool["lead"]
    plan = inspection_plan_create(
        actor=lead, name="联合", department_code="510100-scjg", entity_count=4, joint_department_codes=["510100-wjw"]
    )
    inspection_plan_draw(actor=lead, plan=plan, seed=3)
    for task in plan.tasks.prefetch_related("inspectors"):
        depts = Counter(i.department.code for i in task.inspectors.all())
        assert depts == {"510100-scjg": 2, "510100-wjw": 1}


def test_lower_grades_are_drawn_more_often(pool):
    lead = pool["lead"]
    bad = pool["entities"][0]
    credit_event_record(
        actor=lead, subject_kind="enterprise", subject_id=bad.subject_id, kind="blacklist", occurred_on=dt.date.today()
    )
    plan = inspection_plan_create(actor=lead, name="加权", department_code="510100-scjg", entity_count=1)
    plan.refresh_from_db()
    from zwfw.supervision.services.inspections import _draw_input

    data = _draw_input(plan)
    hits = Counter(draw(data, seed=s)[0]["entity"] for s in range(2000))
    others = [hits[e.pk] for e in pool["entities"][1:]]
    assert hits[bad.pk] > 2.5 * (sum(others) / len(others))  # weight 8 vs 2


def test_results_credit_and_publication_without_personal_data(pool, officers, client_for):
    lead = pool["lead"]
    person = supervised_entity_add(
        actor=lead,
        subject_kind="person",
        subject_id=officers["person"].id_number,
        name="张三丰",
        department_code="510100-wjw",
    )
    plan = inspection_plan_create(
        actor=lead,
        name="公示",
        department_code="510100-scjg",
        entity_count=21,
        inspectors_per_entity=1,
        joint_department_codes=["510100-wjw"],
    )
    inspection_plan_draw(actor=lead, plan=plan, seed=5)
    tasks = list(plan.tasks.select_related("entity"))
    with pytest.raises(SupervisionError):
        inspection_plan_publish(actor=lead, plan=plan)  # results missing
    for n, task in enumerate(tasks):
        result = "failed" if n == 0 else ("rectify" if n == 1 else "passed")
        inspection_task_record(actor=lead, task=task, result=result, note="检查情况说明")
    with pytest.raises(SupervisionError) as twice:
        inspection_task_record(actor=lead, task=tasks[0], result="passed")
    assert twice.value.status == 409
    assert CreditEvent.objects.filter(subject_id=tasks[0].entity.subject_id, kind="violation").count() == 1
    assert InspectionTask.objects.get(pk=tasks[1].pk).rectify_due is not None
    inspection_plan_publish(actor=lead, plan=plan)
    rows = published_results(plan)
    assert any(r["name"] == "张*丰" and r["note"] == "" for r in rows)
    html = client_for(None).get(f"/supervision/public/{plan.pk}/").content.decode()
    assert "张三丰" not in html and person.subject_id not in html and "吴监管" not in html and "示例1公司" in html
    api = client_for(None).get(f"/api/v1/supervision/public/plans/{plan.pk}").json()
    assert person.subject_id not in str(api) and api["seed"] == "5"
