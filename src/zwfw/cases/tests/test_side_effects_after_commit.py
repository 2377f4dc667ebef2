"""Issue 9: what a case action does after its commit (the 审管联动 hand-over to supervision) runs
through the task queue, off the request; a crash between the commit and that work loses nothing.

The decision is taken through the API. ``django_capture_on_commit_callbacks(execute=False)``
stands for a process that died right after the commit: the enqueue registered with
``transaction.on_commit`` never ran. The outbox row (``SupervisionNotice``) was committed with
the decision, the periodic retry job delivers it, and delivering it again changes nothing (one
event in supervision's inbox). The applicant's inbox message is written in the decision's own
transaction, so it exists whether or not anything runs after the commit."""

from __future__ import annotations

import json

import pytest

from zwfw.cases.models import SupervisionNotice
from zwfw.cases.services import supervision_notice_send, supervision_retry_due
from zwfw.cases.services.supervision import event_key
from zwfw.core.models import Notification
from zwfw.core.tests.factories import bearer_client

pytestmark = pytest.mark.django_db
API = "/api/v1/cases"


def _post(client, path, body=None):
    r = client.post(path, data=json.dumps(body or {}), content_type="application/json")
    assert r.status_code == 200, r.content
    return r.json()


def test_a_crash_between_the_decision_and_its_hand_over_loses_nothing_and_delivers_once(
    people, apply_case, django_capture_on_commit_callbacks
):
    from zwfw.supervision.models import InboxEvent

    case = apply_case()
    clerk, reviewer = bearer_client(people["clerk"]), bearer_client(people["reviewer"])
    _post(clerk, f"{API}/{case.pk}/accept")
    for key in ("review", "inspect"):
        _post(reviewer, f"{API}/{case.pk}/steps/{key}/complete", {"action": "pass", "opinion": "同意"})
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        body = _post(reviewer, f"{API}/{case.pk}/decide", {"approved": True, "reason": "符合条件"})
    assert body["status"] == "decided"
    assert after_commit, "the hand-over is queued after the commit, not done inside the request"
    notice = SupervisionNotice.objects.get(case=case)
    assert notice.status == "pending" and notice.attempts == 0  # committed, never attempted: the "crash"
    assert not InboxEvent.objects.filter(source_key=event_key(notice.pk)).exists()
    assert Notification.objects.filter(recipient=case.applicant, event="zwfw.cases.case.decided").count() == 1
    assert supervision_retry_due() == ["sent"]  # the periodic job picks the row up
    assert supervision_retry_due() == []  # and only once
    assert supervision_notice_send(notice_id=notice.pk) == "sent"  # a duplicate enqueue does nothing
    assert InboxEvent.objects.filter(source_key=event_key(notice.pk)).count() == 1


def test_when_the_queue_runs_the_hand_over_happens_after_the_commit(
    people, apply_case, django_capture_on_commit_callbacks
):
    from zwfw.supervision.models import InboxEvent

    case = apply_case()
    clerk, reviewer = bearer_client(people["clerk"]), bearer_client(people["reviewer"])
    _post(clerk, f"{API}/{case.pk}/accept")
    for key in ("review", "inspect"):
        _post(reviewer, f"{API}/{case.pk}/steps/{key}/complete", {"action": "pass", "opinion": "同意"})
    with django_capture_on_commit_callbacks(execute=True):
        _post(reviewer, f"{API}/{case.pk}/decide", {"approved": True, "reason": "符合条件"})
    notice = SupervisionNotice.objects.get(case=case)
    assert notice.status == "sent" and notice.attempts == 1
    assert InboxEvent.objects.filter(source_key=event_key(notice.pk)).count() == 1
