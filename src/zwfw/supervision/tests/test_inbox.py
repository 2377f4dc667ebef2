"""审管联动 inbox: idempotent receipt, bad payloads, 签收 deadline, one winner, scoping."""

from __future__ import annotations

import pytest

from zwfw.core.models import Notification
from zwfw.core.selectors.calendar import add_workdays
from zwfw.supervision.errors import SupervisionError
from zwfw.supervision.models import InboxEvent, PledgeCheck, SupervisedEntity
from zwfw.supervision.selectors import inbox_list, pledge_check_list
from zwfw.supervision.services import inbox_event_close, inbox_event_sign, inbox_receive
from zwfw.supervision.services._base import today

pytestmark = pytest.mark.django_db


def test_receive_is_idempotent_per_source_key(officers, payload):
    data = payload()
    event, created = inbox_receive(source_key="cases:notice:1", payload=data)
    again, created_again = inbox_receive(source_key="cases:notice:1", payload=payload())
    assert created and not created_again and again.pk == event.pk and InboxEvent.objects.count() == 1
    assert event.sign_due == add_workdays(today(), 3) and event.result == "pending"
    assert SupervisedEntity.objects.filter(subject_id=data["uscc"]).count() == 1  # the approved holder
    assert Notification.objects.filter(recipient=officers["cd"], event="zwfw.supervision.inbox_event.received").exists()


def test_a_pledge_opens_a_check_with_the_due_date_sent(officers, payload):
    data = payload(kind="pledge", pledge={"text": "承诺", "materials": ["layout_plan"], "due_date": "2026-04-01"})
    event, _ = inbox_receive(source_key="k-pledge", payload=data)
    check = PledgeCheck.objects.get(event=event)
    assert str(check.due_date) == "2026-04-01" and check.materials == ["layout_plan"]


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "nonsense"},
        {"case_number": ""},
        {"supervisor_department": "510100-nowhere"},
        {"decision": "maybe"},
        {"kind": "pledge", "pledge": {"due_date": "not-a-date"}},
    ],
)
def test_bad_payloads_are_422_and_store_nothing(officers, payload, change):
    with pytest.raises(SupervisionError) as exc:
        inbox_receive(source_key="bad", payload=payload(**change))
    assert exc.value.status == 422 and not InboxEvent.objects.exists()


def test_sign_then_close_and_the_second_signer_loses(officers, payload):
    event, _ = inbox_receive(source_key="k1", payload=payload())
    with pytest.raises(SupervisionError):
        inbox_event_close(actor=officers["cd"], event=event, result="supervised")  # not signed yet
    inbox_event_sign(actor=officers["cd"], event=event)
    with pytest.raises(SupervisionError) as exc:
        inbox_event_sign(actor=officers["cd2"], event=event)
    assert exc.value.status == 409
    with pytest.raises(SupervisionError):
        inbox_event_close(actor=officers["cd"], event=event, result="whatever")
    closed = inbox_event_close(actor=officers["cd"], event=event, result="supervised", note="纳入年度抽查")
    assert closed.result == "supervised" and closed.signed_by == officers["cd"]


def test_each_department_sees_its_own_events(officers, payload):
    inbox_receive(source_key="a", payload=payload())
    inbox_receive(source_key="b", payload=payload(supervisor_department="510700-scjg", kind="pledge"))
    assert inbox_list(user=officers["cd"]).count() == 1
    assert inbox_list(user=officers["my"]).count() == 1 and pledge_check_list(user=officers["my"]).count() == 1
    assert not pledge_check_list(user=officers["cd"]).exists()
    assert not inbox_list(user=officers["wjw"]).exists()
    assert not inbox_list(user=officers["enterprise"]).exists()
    assert inbox_list(user=officers["admin"]).count() == 2
