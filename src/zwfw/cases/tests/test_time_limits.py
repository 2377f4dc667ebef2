"""Time limits by item type (issue 17.4): 行政许可法 arts. 32, 42, 44, 45 apply to 行政许可 items;
per-step and 转外环节 limits are enforced; decided-but-undelivered cases go overdue (art. 44);
the art. 42 extension (延长审批).

Dates are written out against the official 2026 calendar (no holiday in March 2026): from Monday
2026-03-02, the 5th working day is 3/9, the 10th 3/16, the 20th 3/30.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from freezegun import freeze_time

from zwfw.cases.errors import CaseError
from zwfw.cases.models import CaseStatus
from zwfw.cases.services import case_accept, case_deadline_scan, case_decide, case_extend, case_step_complete
from zwfw.cases.services.workflow import step_get
from zwfw.catalog.models import BaseItem
from zwfw.catalog.tests import factories as cf
from zwfw.core.models import AuditLog, Notification
from zwfw.core.tests.factories import bearer_client

pytestmark = pytest.mark.django_db

D = dt.date


def _make_public_service():
    BaseItem.objects.filter(code=cf.BASE_CODE).update(item_type="public_service")


def _accepted(people, apply_case, on="2026-03-02 09:30:00+08:00"):
    with freeze_time(on):
        case = apply_case()
        case_accept(actor=people["clerk"], case=case)
    case.refresh_from_db()
    return case


# ---- art. 32 only for 行政许可 ---------------------------------------------------------------------


def test_public_service_items_are_not_deemed_accepted_under_art_32(people, apply_case):
    _make_public_service()
    with freeze_time("2026-03-02 09:30:00+08:00"):
        case = apply_case()
    report = case_deadline_scan(today=D(2026, 3, 20))
    case.refresh_from_db()
    assert case.number not in report["deemed_accepted"]
    assert case.status == CaseStatus.SUBMITTED and not case.deemed_accepted


def test_licensing_items_still_are(people, apply_case):
    with freeze_time("2026-03-02 09:30:00+08:00"):
        case = apply_case()
    assert case.number in case_deadline_scan(today=D(2026, 3, 10))["deemed_accepted"]


# ---- art. 45: the listed procedures stop the clock by law -------------------------------------------


def _graph_with_unflagged_expert_review(monkeypatch):
    """The item's 现场核查 step becomes a 专家评审 step whose catalog flag is *off*."""
    from zwfw.catalog import content

    original = content.version_content

    def patched(version):
        data = original(version)
        steps = [
            {**s, "kind": "expert_review", "name": "专家评审", "stops_clock": False} if s["key"] == "inspect" else s
            for s in data["graph"]["steps"]
        ]
        return {**data, "graph": {**data["graph"], "steps": steps}}

    monkeypatch.setattr(content, "version_content", patched)


def test_expert_review_stops_the_clock_by_law_for_a_licensing_item(people, apply_case, monkeypatch):
    _graph_with_unflagged_expert_review(monkeypatch)
    case = _accepted(people, apply_case)
    step = step_get(case, "inspect")
    assert step.kind == "expert_review" and step.stops_clock
    assert case.clock_stopped and case.clock_stops.get().kind == "expert_review"


def test_public_service_follows_the_catalog_flag(people, apply_case, monkeypatch):
    _make_public_service()
    _graph_with_unflagged_expert_review(monkeypatch)
    case = _accepted(people, apply_case)
    assert not step_get(case, "inspect").stops_clock and not case.clock_stopped


# ---- per-step and 转外环节 limits --------------------------------------------------------------------


def test_step_limits_are_enforced_by_the_scan(people, apply_case):
    case = _accepted(people, apply_case)  # review: 5 working days; 现场核查 (转外, 不计时): 5
    review, inspect = step_get(case, "review"), step_get(case, "inspect")
    assert review.due_date == D(2026, 3, 9) and inspect.due_date == D(2026, 3, 9)
    assert case_deadline_scan(today=D(2026, 3, 9))["steps_overdue"] == []
    with freeze_time("2026-03-06 10:00:00+08:00"):
        case_step_complete(actor=people["reviewer"], case=case, step=review, opinion="材料齐全")
    report = case_deadline_scan(today=D(2026, 3, 10))
    assert report["steps_overdue"] == [f"{case.number}:inspect"]  # the finished step is not flagged
    inspect.refresh_from_db()
    assert inspect.is_overdue and not step_get(case, "review").is_overdue
    assert AuditLog.objects.filter(action="zwfw.cases.step.overdue", object_id=str(inspect.pk)).count() == 1
    assert case_deadline_scan(today=D(2026, 3, 11))["steps_overdue"] == []  # once


def test_the_case_page_shows_a_step_overdue(people, apply_case, client):
    case = _accepted(people, apply_case)
    case_deadline_scan(today=D(2026, 3, 10))
    client.force_login(people["reviewer"])
    html = client.get(f"/cases/review/{case.pk}/").content.decode()
    assert "环节超期" in html and "时限3月9日" in html


# ---- art. 44: decided but not delivered ------------------------------------------------------------


def _decided(people, apply_case):
    case = _accepted(people, apply_case)
    with freeze_time("2026-03-04 10:00:00+08:00"):
        for key in ("review", "inspect"):
            case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, key), opinion="符合")
        case_decide(actor=people["reviewer"], case=case, approved=True, reason="符合条件")
    case.refresh_from_db()
    return case


def test_decided_but_undelivered_goes_overdue_by_the_delivery_limit(people, apply_case):
    case = _decided(people, apply_case)
    assert case.status == CaseStatus.DECIDED
    assert case.delivery_due_date == D(2026, 3, 18)  # 10 working days after the decision (3/4)
    assert case_deadline_scan(today=D(2026, 3, 18))["delivery_overdue"] == []
    report = case_deadline_scan(today=D(2026, 3, 19))
    assert report["delivery_overdue"] == [case.number]
    case.refresh_from_db()
    assert case.is_overdue
    assert Notification.objects.filter(recipient=people["clerk"], event="zwfw.cases.case.delivery_overdue").exists()
    assert case_deadline_scan(today=D(2026, 3, 20))["delivery_overdue"] == []


def test_no_art_44_limit_for_a_public_service_item(people, apply_case):
    _make_public_service()
    case = _decided(people, apply_case)
    assert case.delivery_due_date is None
    assert case_deadline_scan(today=D(2026, 4, 30))["delivery_overdue"] == []


# ---- art. 42: 延长审批 --------------------------------------------------------------------------------


def test_extension_by_the_department_admin_once_with_a_reason(people, apply_case):
    case = _accepted(people, apply_case)
    with freeze_time("2026-03-02 10:00:00+08:00"):
        case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, "inspect"), opinion="符合")
    case.refresh_from_db()
    assert case.due_date == D(2026, 3, 16) and not case.clock_stopped
    for who in ("reviewer", "clerk"):
        with pytest.raises(PermissionDenied):
            case_extend(actor=people[who], case=case, reason="需要进一步核实")
    with freeze_time("2026-03-10 10:00:00+08:00"):
        with pytest.raises(CaseError) as err:
            case_extend(actor=people["dept_admin"], case=case, reason="  ")
        assert err.value.code.code == "case_reason_required"
        case_extend(actor=people["dept_admin"], case=case, reason="需征求卫健部门意见")
    case.refresh_from_db()
    assert case.due_date == D(2026, 3, 30) and case.extension_workdays == 10
    assert case.extended_by == people["dept_admin"] and case.extension_reason == "需征求卫健部门意见"
    log = AuditLog.objects.get(action="zwfw.cases.case.extended", object_id=str(case.pk))
    assert log.actor_id == people["dept_admin"].pk
    told = Notification.objects.get(recipient=people["person"], event="zwfw.cases.case.extended")
    assert "需征求卫健部门意见" in told.body and "第四十二条" in told.body
    with freeze_time("2026-03-11 10:00:00+08:00"), pytest.raises(CaseError) as err:
        case_extend(actor=people["dept_admin"], case=case, reason="再延一次")
    assert err.value.code.code == "case_extension_once"


def test_extension_only_within_the_original_limit(people, apply_case):
    case = _accepted(people, apply_case)
    with freeze_time("2026-03-02 10:00:00+08:00"):
        case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, "inspect"), opinion="符合")
    case.refresh_from_db()
    with freeze_time("2026-03-17 10:00:00+08:00"), pytest.raises(CaseError) as err:
        case_extend(actor=people["dept_admin"], case=case, reason="来不及了")
    assert err.value.code.code == "case_extension_late"
    case.refresh_from_db()
    assert case.due_date == D(2026, 3, 16) and case.extended_at is None


def test_extension_is_for_licensing_items_only(people, apply_case):
    _make_public_service()
    case = _accepted(people, apply_case)
    with freeze_time("2026-03-03 10:00:00+08:00"), pytest.raises(CaseError) as err:
        case_extend(actor=people["dept_admin"], case=case, reason="需要核实")
    assert err.value.code.code == "case_extension_not_applicable" and err.value.status == 422


def test_extension_over_the_api(people, apply_case):
    case = apply_case()  # today, unfrozen (the API's schemas are built on first use)
    case_accept(actor=people["clerk"], case=case)
    url = f"/api/v1/cases/{case.pk}/extend"
    post = lambda who, reason: bearer_client(people[who]).post(  # noqa: E731
        url, {"reason": reason}, content_type="application/json"
    )
    assert post("reviewer", "x").status_code == 403
    assert post("dept_admin", "").status_code == 422
    ok = post("dept_admin", "需专家论证")
    assert ok.status_code == 200, ok.content
    body = ok.json()
    assert body["extension_workdays"] == 10 and body["extension_reason"] == "需专家论证"
    again = post("dept_admin", "再次")
    assert again.status_code == 409 and again.json()["code"] == "case_extension_once"


def test_extension_button_on_the_case_page_for_the_entitled_role(people, apply_case, client):
    case = _accepted(people, apply_case)
    page = f"/cases/review/{case.pk}/"
    client.force_login(people["reviewer"])
    assert "批准延长审批" not in client.get(page).content.decode()
    client.force_login(people["dept_admin"])
    with freeze_time("2026-03-05 10:00:00+08:00"):
        html = client.get(page).content.decode()
        assert "批准延长审批" in html
        response = client.post(
            f"/cases/review/{case.pk}/extend/", {"reason": "需现场复核", "row_version": case.row_version}
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.extended_at is not None and case.extension_reason == "需现场复核"
    html = client.get(page).content.decode()
    assert "批准延长审批" not in html and "已于" in html


def test_step_limits_on_a_provisional_year_follow_the_official_one(
    people, apply_case, django_capture_on_commit_callbacks
):
    from zwfw.core.services.calendar import calendar_year_load

    case = _accepted(people, apply_case, on="2026-12-28 09:30:00+08:00")  # Monday
    # review: 5 working days on provisional 2027 (元旦 1/1 only): 12/29, 12/30, 12/31, 1/4, 1/5
    assert step_get(case, "review").due_date == D(2027, 1, 5)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_load(
            actor=None, year=2027, holidays=[(D(2027, 1, 1), "元旦"), (D(2027, 1, 4), "元旦")], workdays=[], source="t"
        )
    assert step_get(case, "review").due_date == D(2027, 1, 6)
