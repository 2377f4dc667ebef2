"""审管联动 hand-over to the supervision app in one deployment: every event kind arrives exactly
once, a crash between commit and hand-over loses nothing, and an untrue pledge revokes the
decision through the hook and lowers the applicant's credit grade."""

from __future__ import annotations

import datetime as dt

import pytest

from zwfw.cases.models import PledgeVerification, SupervisionNotice
from zwfw.cases.services import (
    case_accept,
    case_accept_with_shortfall,
    case_decide,
    case_decision_revoked,
    case_step_complete,
    supervision_notice_send,
    supervision_retry_due,
)
from zwfw.cases.services.supervision import event_key
from zwfw.cases.services.workflow import step_get
from zwfw.cases.tests.conftest import approve_on_pledge
from zwfw.core.models import AuditLog, Notification, Role
from zwfw.core.selectors.calendar import add_workdays
from zwfw.core.tests import factories
from zwfw.supervision.models import CreditEvent, InboxEvent, PledgeCheck
from zwfw.supervision.selectors import credit_grade_for
from zwfw.supervision.services import inbox_receive, pledge_check_complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(people):
    return factories.make_user(role=Role.SUPERVISION_OFFICER, username="c_officer", department="510000-scjg")


def _approve(people, apply_case, **kw):
    case = apply_case(**kw)
    case_accept(actor=people["clerk"], case=case)
    for key in ("review", "inspect"):
        case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, key))
    case_decide(actor=people["reviewer"], case=case, approved=True, reason="符合")
    return case


def test_each_event_kind_arrives_exactly_once(people, apply_case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approved = _approve(people, apply_case)
    with django_capture_on_commit_callbacks(execute=True):
        pledged = apply_case(user=people["enterprise"])
        approve_on_pledge(people, pledged, pledge_text="本企业承诺符合条件")
    with django_capture_on_commit_callbacks(execute=True):
        short = apply_case(
            uploads={"application_form": __import__("zwfw.cases.tests.conftest", fromlist=["pdf"]).pdf()}
        )
        case_accept_with_shortfall(
            actor=people["clerk"],
            case=short,
            materials=["layout_plan"],
            pledge_text="5个工作日内补交",
            due_date=add_workdays(dt.date.today(), 5),
        )
    kinds = dict(InboxEvent.objects.values_list("case_number", "kind"))
    assert kinds == {approved.number: "approval", pledged.number: "pledge", short.number: "shortfall"}
    assert set(SupervisionNotice.objects.values_list("status", flat=True)) == {"sent"}
    # every path delivering again stores nothing new
    for notice in SupervisionNotice.objects.all():
        assert supervision_notice_send(notice_id=notice.pk) == "sent"
        event, created = inbox_receive(source_key=event_key(notice.pk), payload=notice.payload)
        assert not created
    supervision_retry_due(now=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    assert InboxEvent.objects.count() == 3
    event = InboxEvent.objects.get(kind="pledge")
    assert event.decision == "approved" and event.uscc == people["enterprise"].uscc
    assert PledgeCheck.objects.get(event=event).due_date == PledgeVerification.objects.get(case=pledged).due_date
    shortfall = InboxEvent.objects.get(kind="shortfall")
    assert shortfall.decision == "" and shortfall.payload["shortfall"]["materials"] == ["layout_plan"]


def test_a_crash_between_commit_and_hand_over_loses_nothing(people, apply_case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # the process dies at commit
        case = _approve(people, apply_case)
    assert callbacks and not InboxEvent.objects.exists()
    notice = SupervisionNotice.objects.get(case=case)
    assert notice.status == "pending" and notice.next_attempt_at is not None
    assert supervision_retry_due(now=notice.next_attempt_at) == ["sent"]  # the periodic job
    assert InboxEvent.objects.filter(case_number=case.number).count() == 1
    for callback in callbacks:  # the lost hand-over turns up late after all
        callback()
    assert InboxEvent.objects.filter(case_number=case.number).count() == 1
    assert SupervisionNotice.objects.get(pk=notice.pk).attempts == 1


def test_a_bad_event_stays_pending_and_nothing_is_half_stored(people, apply_case, monkeypatch):
    case = _approve(people, apply_case)
    notice = SupervisionNotice.objects.get(case=case)
    notice.payload = {**notice.payload, "supervisor_department": "nowhere"}
    notice.save(update_fields=["payload"])
    assert supervision_notice_send(notice_id=notice.pk) == "pending"
    notice.refresh_from_db()
    assert notice.attempts == 1 and "nowhere" in notice.last_error and not InboxEvent.objects.exists()


def test_an_untrue_pledge_revokes_the_decision_and_lowers_the_grade(
    people, apply_case, officer, django_capture_on_commit_callbacks
):
    enterprise = people["enterprise"]
    with django_capture_on_commit_callbacks(execute=True):
        case = apply_case(user=enterprise)
        approve_on_pledge(people, case, pledge_text="本企业承诺场所符合要求")
    assert credit_grade_for(uscc=enterprise.uscc).grade == "B"
    check = PledgeCheck.objects.get(event__case_number=case.number)
    pledge_check_complete(actor=officer, check=check, truthful=False, method="onsite", result="现场无经营场所")
    check.refresh_from_db()
    assert check.status == "untrue" and check.revoked
    assert case_decision_revoked(case)
    assert PledgeVerification.objects.get(case=case).status == "failed"
    assert AuditLog.objects.filter(action="zwfw.cases.case.decision_revoked", object_id=str(case.pk)).count() == 1
    assert Notification.objects.filter(recipient=enterprise, event="zwfw.cases.case.decision_revoked").exists()
    event = CreditEvent.objects.get(subject_id=enterprise.uscc)
    assert event.kind == "pledge_untrue" and event.source == "platform"
    grade = credit_grade_for(uscc=enterprise.uscc)
    assert grade.grade == "C" and any("承诺不实" in r for r in grade.reasons)


def test_a_true_pledge_closes_cases_task_and_keeps_the_decision(
    people, apply_case, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = apply_case()
        approve_on_pledge(people, case, pledge_text="本人承诺")
    check = PledgeCheck.objects.get(event__case_number=case.number)
    pledge_check_complete(actor=officer, check=check, truthful=True, method="data", result="数据比对一致")
    assert PledgeVerification.objects.get(case=case).status == "passed"
    assert not case_decision_revoked(case) and not CreditEvent.objects.exists()
