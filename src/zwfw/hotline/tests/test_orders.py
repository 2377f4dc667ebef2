"""Work-order services: each transition, SLAs on the calendar, 退单 and arbitration, 延期, 督办,
提级, duplicate linking, knowledge-base closing, transfer from the platform, the rating subject."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zwfw.core.models import AuditLog, Notification
from zwfw.hotline import selectors, services
from zwfw.hotline.errors import HotlineError
from zwfw.hotline.models import CategoryCorrection, Status, WorkOrder

pytestmark = pytest.mark.django_db


def local(order_dt):
    return timezone.localtime(order_dt)


def test_intake_with_category_routes_by_region_walk_and_dispatches(hl, make_order):
    order = make_order()
    assert order.status == Status.DISPATCHED
    # 武侯区 has no rule of its own: the 成都市 rule applies (nearest region above)
    assert order.department.code == "510100-scjg"
    assert order.number.startswith("RX") and len(order.number) == 15
    assert order.sign_due_at is not None and order.due_at is None
    actions = set(AuditLog.objects.filter(object_id=str(order.pk)).values_list("action", flat=True))
    assert {"zwfw.hotline.work_order.created", "zwfw.hotline.work_order.dispatched"} <= actions
    assert list(order.events.values_list("kind", flat=True)) == ["created", "dispatched"]
    assert Notification.objects.filter(recipient=hl.scjg, event="zwfw.hotline.work_order.dispatched").exists()


def test_intake_without_category_and_model_waits_for_dispatch(hl, make_order):
    order = make_order(category=None)
    assert order.status == Status.TO_DISPATCH and order.department is None and order.suggestions == []
    order = services.work_order_dispatch(actor=hl.operator, order_id=order.pk, category_code=hl.top["劳动和社会保障"])
    assert order.status == Status.DISPATCHED and order.department.code == "510100-rst"


def test_dispatch_records_operator_correction(hl, make_order):
    order = make_order(category=None)
    WorkOrder.objects.filter(pk=order.pk).update(
        suggestions=[{"label": "城乡建设", "confidence": 0.5, "category_code": hl.top["城乡建设"]}]
    )
    services.work_order_dispatch(actor=hl.operator, order_id=order.pk, category_code=hl.top["商贸旅游"])
    correction = CategoryCorrection.objects.get(order=order)
    assert (correction.suggested, correction.chosen) == ("城乡建设", "商贸旅游")


def test_dispatch_without_a_category_is_422_and_leaves_the_order_waiting(hl, make_order):
    order = make_order(category=None)
    with pytest.raises(HotlineError) as exc:
        services.work_order_dispatch(actor=hl.operator, order_id=order.pk, category_code="")
    assert exc.value.code.code == "hotline_reason_required" and exc.value.status == 422
    assert exc.value.detail == {"field": "category"} and "诉求分类" in exc.value.message
    order.refresh_from_db()
    assert order.status == Status.TO_DISPATCH and order.department is None


def test_dispatch_without_route_is_422_and_needs_a_department(hl, make_order):
    order = make_order(category=None)
    with pytest.raises(HotlineError) as exc:
        services.work_order_dispatch(actor=hl.operator, order_id=order.pk, category_code=hl.top["环境保护"])
    assert exc.value.code.code == "hotline_no_route" and exc.value.status == 422
    order = services.work_order_dispatch(
        actor=hl.operator, order_id=order.pk, category_code=hl.top["环境保护"], department_code="510100-sthj"
    )
    assert order.department.code == "510100-sthj"


def test_full_flow_sign_process_answer_visit_close(hl, make_order):
    order = make_order(caller_user=hl.caller)
    order = services.work_order_sign(actor=hl.scjg, order_id=order.pk)
    assert order.status == Status.SIGNED and order.signed_on_time is True and order.due_at is not None
    order = services.work_order_process(actor=hl.scjg, order_id=order.pk, note="已安排执法人员现场核查")
    assert order.status == Status.PROCESSING
    order = services.work_order_answer(actor=hl.scjg, order_id=order.pk, answer="已责令整改并立案")
    assert order.status == Status.ANSWERED and order.answered_on_time is True
    assert Notification.objects.filter(recipient=hl.caller, event="zwfw.hotline.work_order.answered").exists()
    order = services.work_order_visit(actor=hl.operator, order_id=order.pk, satisfaction=4, resolved=True)
    assert order.status == Status.VISITED and order.satisfaction == 4 and order.resolved is True
    order = services.work_order_close(actor=hl.operator, order_id=order.pk)
    assert order.status == Status.CLOSED and order.closed_at is not None
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds == ["created", "dispatched", "signed", "processing", "answered", "visited", "closed"]
    audited = list(
        AuditLog.objects.filter(object_id=str(order.pk), object_type="hotline.workorder").values_list(
            "action", flat=True
        )
    )
    for verb in ("created", "dispatched", "signed", "processing", "answered", "visited", "closed"):
        assert f"zwfw.hotline.work_order.{verb}" in audited


def test_caller_records_own_visit_but_not_anothers(hl, make_order):
    order = make_order(caller_user=hl.caller)
    services.work_order_sign(actor=hl.scjg, order_id=order.pk)
    services.work_order_answer(actor=hl.scjg, order_id=order.pk, answer="已处理")
    from django.http import Http404

    with pytest.raises(Http404):
        services.work_order_visit(actor=hl.other_person, order_id=order.pk, satisfaction=5, resolved=True)
    order = services.work_order_visit(actor=hl.caller, order_id=order.pk, satisfaction=2, resolved=False)
    assert order.satisfaction == 2


@pytest.mark.parametrize("bad", [0, 6, True, "5"])
def test_visit_rejects_bad_satisfaction(hl, make_order, bad):
    order = make_order()
    with pytest.raises(HotlineError) as exc:
        services.work_order_visit(actor=hl.operator, order_id=order.pk, satisfaction=bad, resolved=True)
    assert exc.value.status == 422


def test_illegal_transitions_are_409_naming_the_state(hl, make_order):
    order = make_order()
    with pytest.raises(HotlineError) as exc:
        services.work_order_answer(actor=hl.scjg, order_id=order.pk, answer="x")
    assert exc.value.status == 409 and "已派单待签收" in exc.value.message
    with pytest.raises(HotlineError):
        services.work_order_close(actor=hl.operator, order_id=order.pk)
    services.work_order_sign(actor=hl.scjg, order_id=order.pk)
    with pytest.raises(HotlineError) as exc:  # the second of two signs loses
        services.work_order_sign(actor=hl.scjg_admin, order_id=order.pk)
    assert exc.value.status == 409


def test_stale_row_version_is_a_conflict(hl, make_order):
    order = make_order()
    seen = order.row_version
    services.work_order_sign(actor=hl.scjg, order_id=order.pk, row_version=seen)
    with pytest.raises(HotlineError) as exc:
        services.work_order_return(actor=hl.scjg, order_id=order.pk, reason="非本部门职责", row_version=seen)
    assert exc.value.code.code == "hotline_conflict"


def test_other_department_and_roles_cannot_handle(hl, make_order):
    order = make_order()
    with pytest.raises(HotlineError) as exc:
        services.work_order_sign(actor=hl.rst, order_id=order.pk)
    assert exc.value.status == 403
    with pytest.raises(PermissionDenied):
        services.work_order_sign(actor=hl.operator, order_id=order.pk)
    with pytest.raises(PermissionDenied):
        services.work_order_supervise(actor=hl.operator, order_id=order.pk)
    with pytest.raises(PermissionDenied):
        services.work_order_create(actor=hl.scjg, channel="phone", text="x", region_code="510107")


def test_deadline_across_national_day_holiday(hl, make_order, at):
    """Signed Wed 2026-09-30; 国庆 1–7 Oct; a 咨询 (3 working days) is due on 8, 9 and the 调休
    Saturday 10 Oct → 2026-10-10 23:59:59."""
    at(dt.datetime(2026, 9, 30, 10, 0))
    order = make_order(appeal_type="consult")
    assert local(order.sign_due_at) == local(order.sign_due_at).replace(
        year=2026, month=10, day=8, hour=23, minute=59, second=59
    )
    order = services.work_order_sign(actor=hl.scjg, order_id=order.pk)
    assert local(order.due_at).replace(tzinfo=None) == dt.datetime(2026, 10, 10, 23, 59, 59)


@pytest.mark.parametrize(
    ("appeal_type", "due"),
    [("help", dt.datetime(2026, 3, 11, 23, 59, 59)), ("complaint", dt.datetime(2026, 3, 23, 23, 59, 59))],
)
def test_sla_classes_in_working_days(hl, make_order, at, appeal_type, due):
    at(dt.datetime(2026, 3, 2, 9, 0))  # a Monday without holidays around
    order = make_order(appeal_type=appeal_type)
    order = services.work_order_sign(actor=hl.scjg, order_id=order.pk)
    assert local(order.due_at).replace(tzinfo=None) == due


def test_urgent_orders_count_in_hours(hl, make_order, at):
    start = at(dt.datetime(2026, 10, 1, 20, 0))  # a holiday: hours ignore the calendar
    order = make_order(urgency="critical")
    assert order.sign_due_at == start + dt.timedelta(minutes=30)
    order = services.work_order_sign(actor=hl.scjg, order_id=order.pk)
    assert order.due_at == start + dt.timedelta(hours=2)


def test_late_sign_and_late_answer_are_recorded(hl, make_order, at):
    at(dt.datetime(2026, 3, 2, 9, 0))
    order = make_order(appeal_type="consult")
    at(dt.datetime(2026, 3, 5, 9, 0))
    order = services.work_order_sign(actor=hl.scjg, order_id=order.pk)
    assert order.signed_on_time is False
    at(dt.datetime(2026, 3, 20, 9, 0))
    order = services.work_order_answer(actor=hl.scjg, order_id=order.pk, answer="迟复")
    assert order.answered_on_time is False


def test_first_return_goes_back_to_dispatch_second_to_arbitration(hl, make_order):
    order = make_order()
    order = services.work_order_return(actor=hl.scjg, order_id=order.pk, reason="属于人社部门职责")
    assert order.status == Status.TO_DISPATCH and order.department is None and order.return_count == 1
    order = services.work_order_dispatch(actor=hl.operator, order_id=order.pk, category_code=hl.top["劳动和社会保障"])
    order = services.work_order_return(actor=hl.rst, order_id=order.pk, reason="属于市场监管职责")
    assert order.status == Status.ARBITRATION and order.return_count == 2
    with pytest.raises(PermissionDenied):
        services.work_order_arbitrate(actor=hl.operator, order_id=order.pk, department_code="510100-scjg")
    order = services.work_order_arbitrate(
        actor=hl.supervisor, order_id=order.pk, department_code="510100-scjg", note="价格欺诈归市场监管"
    )
    assert order.status == Status.DISPATCHED and order.department.code == "510100-scjg"
    with pytest.raises(HotlineError) as exc:
        services.work_order_return(actor=hl.scjg, order_id=order.pk, reason="再退")
    assert exc.value.status == 409
    assert AuditLog.objects.filter(object_id=str(order.pk), action="zwfw.hotline.work_order.arbitrated").exists()


def test_return_needs_a_reason(hl, make_order):
    order = make_order()
    with pytest.raises(HotlineError) as exc:
        services.work_order_return(actor=hl.scjg, order_id=order.pk, reason="  ")
    assert exc.value.status == 422


def test_extension_request_and_approval_moves_deadline_in_working_days(hl, make_order, at):
    at(dt.datetime(2026, 3, 2, 9, 0))
    order = make_order(appeal_type="consult")
    order = services.work_order_sign(actor=hl.scjg, order_id=order.pk)
    assert local(order.due_at).date() == dt.date(2026, 3, 5)
    ext = services.work_order_extension_request(actor=hl.scjg, order_id=order.pk, days=3, reason="需现场检测")
    with pytest.raises(HotlineError) as exc:
        services.work_order_extension_request(actor=hl.scjg, order_id=order.pk, days=2, reason="again")
    assert exc.value.code.code == "hotline_extension_pending"
    with pytest.raises(PermissionDenied):
        services.work_order_extension_decide(actor=hl.scjg, extension_id=ext.pk, approve=True)
    services.work_order_extension_decide(actor=hl.supervisor, extension_id=ext.pk, approve=True)
    order.refresh_from_db()
    assert local(order.due_at).date() == dt.date(2026, 3, 10) and order.extended_days == 3
    with pytest.raises(HotlineError):
        services.work_order_extension_decide(actor=hl.supervisor, extension_id=ext.pk, approve=False)


def test_extension_after_deadline_is_refused(hl, make_order, at):
    at(dt.datetime(2026, 3, 2, 9, 0))
    order = make_order(appeal_type="consult")
    services.work_order_sign(actor=hl.scjg, order_id=order.pk)
    at(dt.datetime(2026, 3, 9, 9, 0))
    with pytest.raises(HotlineError) as exc:
        services.work_order_extension_request(actor=hl.scjg, order_id=order.pk, days=3, reason="晚了")
    assert exc.value.code.code == "hotline_extension_too_late"
    with pytest.raises(HotlineError):
        services.work_order_extension_request(actor=hl.scjg, order_id=order.pk, days=99, reason="太长")


def test_supervise_only_overdue_orders_and_notify_department(hl, make_order, at):
    at(dt.datetime(2026, 3, 2, 9, 0))
    order = make_order(appeal_type="consult")
    with pytest.raises(HotlineError) as exc:
        services.work_order_supervise(actor=hl.supervisor, order_id=order.pk)
    assert exc.value.code.code == "hotline_not_overdue"
    at(dt.datetime(2026, 3, 4, 9, 0))  # not signed by end of 3 Mar
    assert services.is_overdue(WorkOrder.objects.get(pk=order.pk))
    order = services.work_order_supervise(actor=hl.supervisor, order_id=order.pk, note="请立即签收")
    assert order.supervision_count == 1
    assert Notification.objects.filter(recipient=hl.scjg, event="zwfw.hotline.work_order.supervised").exists()
    assert AuditLog.objects.filter(object_id=str(order.pk), action="zwfw.hotline.work_order.supervised").exists()


def test_overdue_queue_lists_late_orders(hl, make_order, at):
    old = make_order()
    WorkOrder.objects.filter(pk=old.pk).update(sign_due_at=timezone.now() - dt.timedelta(hours=1))
    make_order(text="另一个不同的诉求：公园长椅损坏")
    overdue = list(selectors.work_order_list(user=hl.supervisor, queue="overdue"))
    assert [o.pk for o in overdue] == [old.pk]


def test_escalate_hands_the_order_to_the_level_above(hl, make_order):
    order = make_order()
    services.work_order_sign(actor=hl.scjg, order_id=order.pk)
    order = services.work_order_escalate(actor=hl.supervisor, order_id=order.pk, reason="跨市价格问题")
    assert order.department.code == "510000-scjg" and order.status == Status.DISPATCHED
    assert order.escalation_count == 1 and order.signed_at is None
    assert selectors.work_order_get_for(user=hl.province, order_id=order.pk) == order
    order = services.work_order_sign(actor=hl.province, order_id=order.pk)
    with pytest.raises(HotlineError) as exc:
        services.work_order_escalate(actor=hl.supervisor, order_id=order.pk, reason="再提级")
    assert exc.value.code.code == "hotline_no_level_above"


def test_same_caller_same_topic_is_merged_into_the_first(hl, make_order):
    first = make_order()
    again = make_order("武侯区某超市销售过期牛奶，价格标签与结算不一致，还没人处理")
    assert again.status == Status.MERGED and again.duplicate_of == first
    third = make_order("武侯区超市又卖过期牛奶，价格标签与结算不一致")
    assert third.duplicate_of == first  # linked to the root, not to the second
    assert first.duplicates.count() == 2
    assert AuditLog.objects.filter(object_id=str(again.pk), action="zwfw.hotline.work_order.merged").exists()


def test_same_place_same_topic_other_caller_is_merged(hl, make_order):
    first = make_order(
        "玉林路工地夜间施工噪音扰民，凌晨还在打桩",
        address="武侯区玉林路8号",
        category="环境保护",
        department_code="510100-sthj",
    )
    other = make_order(
        "玉林路工地夜间施工噪音扰民，凌晨两点还在打桩",
        address="武侯区 玉林路8号",
        caller_phone="13700002222",
        category="环境保护",
        department_code="510100-sthj",
    )
    assert other.duplicate_of == first


def test_different_topic_or_outside_window_is_not_merged(hl, make_order):
    first = make_order()
    other = make_order("小区电梯坏了一个月没人维修，物业不作为", category="城乡建设")
    assert other.status != Status.MERGED
    WorkOrder.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(days=45))
    late = make_order()
    assert late.status != Status.MERGED


def test_consultation_answered_from_knowledge_base_is_closed_at_intake(hl, make_order):
    entry = services.knowledge_entry_save(
        actor=None,
        question="社保卡丢失怎么补办",
        answer="携带身份证到社保窗口补办",
        department_code="510100-rst",
        review_date=dt.date(2027, 1, 1),
    )
    order = make_order("我的社保卡丢了怎么补", category=None, appeal_type="consult", knowledge_entry_id=entry.pk)
    assert order.status == Status.CLOSED and order.closed_at_intake and order.answer.startswith("携带")
    with pytest.raises(HotlineError) as exc:
        make_order(
            "投诉社保窗口",
            category=None,
            appeal_type="complaint",
            knowledge_entry_id=entry.pk,
            caller_phone="13600000000",
        )
    assert exc.value.code.code == "hotline_not_consultation"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("channel", "fax"),
        ("appeal_type", "praise"),
        ("urgency", "asap"),
        ("region_code", "999999"),
        ("caller_phone", "call me"),
        ("latitude", "north"),
    ],
)
def test_intake_rejects_bad_input_with_422(hl, make_order, field, value):
    with pytest.raises(HotlineError) as exc:
        make_order(**{field: value})
    assert exc.value.status == 422


def test_empty_text_is_refused(hl, make_order):
    with pytest.raises(HotlineError) as exc:
        make_order("   ")
    assert exc.value.code.code == "hotline_text_required"


def test_transfer_from_platform(hl):
    order = services.work_order_create_from_platform(
        actor=hl.scjg,
        source_kind="cannot_get_done",
        source_ref="CASE-1",
        applicant=hl.caller,
        text="营业执照变更办了三次都办不成",
        department_code="510100-scjg",
    )
    assert order.channel == "platform" and order.status == Status.DISPATCHED
    assert order.caller_user == hl.caller and order.region_id == "510107" and order.source_ref == "CASE-1"
    with pytest.raises(HotlineError):
        services.work_order_create_from_platform(
            actor=None, source_kind="gossip", source_ref="x", applicant=None, text="x", region_code="510100"
        )


def test_rating_subject(hl, make_order):
    order = make_order(caller_user=hl.caller)
    subject = selectors.work_order_rating_subject(order_id=order.pk)
    assert subject.applicant_user_id == hl.caller.pk and subject.ended_at is None
    assert subject.department_code == "510100-scjg" and subject.region_code == "510107"
    assert subject.category_code == hl.top["商贸旅游"]
    services.work_order_sign(actor=hl.scjg, order_id=order.pk)
    services.work_order_answer(actor=hl.scjg, order_id=order.pk, answer="ok")
    services.work_order_visit(actor=hl.caller, order_id=order.pk, satisfaction=5, resolved=True)
    services.work_order_close(actor=hl.operator, order_id=order.pk)
    assert selectors.work_order_rating_subject(order_id=order.pk).ended_at is not None
    assert selectors.work_order_rating_subject(order_id=10**9) is None


def test_reopen_sends_back_to_same_department(hl, make_order):
    order = make_order()
    services.work_order_sign(actor=hl.scjg, order_id=order.pk)
    services.work_order_answer(actor=hl.scjg, order_id=order.pk, answer="ok")
    services.work_order_visit(actor=hl.operator, order_id=order.pk, satisfaction=1, resolved=False)
    order = services.work_order_reopen(actor=hl.operator, order_id=order.pk, reason="问题仍未解决")
    assert order.status == Status.DISPATCHED and order.department.code == "510100-scjg" and order.satisfaction is None


def test_responsibility_versions_route_by_the_published_one(hl, make_order):
    from zwfw.hotline.models import ResponsibilityVersion

    v2 = services.responsibility_version_create(
        actor=None, rules=[(hl.top["商贸旅游"], "510107", "510107-scjg")], copy_current=True, note="武侯区属地"
    )
    assert make_order().department.code == "510100-scjg"  # draft does not route
    services.responsibility_version_publish(actor=None, version_id=v2.pk)
    assert make_order("另一家商场价格欺诈，标价与实收不符", caller_phone="13500000000").department.code == "510107-scjg"
    assert ResponsibilityVersion.objects.filter(status="published").count() == 1
    with pytest.raises(HotlineError):
        services.responsibility_version_publish(actor=None, version_id=v2.pk)
    with pytest.raises(HotlineError):
        services.responsibility_version_create(actor=None, rules=[("NOPE", "510100", "510100-scjg")])
