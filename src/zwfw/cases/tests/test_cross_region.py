"""跨域通办 (川渝通办, 异地代收代办): 收件 at a 成都市 window, 办理 by 重庆市渝中区市场监管局, 出件
back at the 成都 window; the clock from 成都's acceptance; the monthly report counting the
acceptance in 成都's row and the 办结 in 渝中区's; scoping; bad input."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from zwfw.cases.errors import CaseError
from zwfw.cases.models import Case
from zwfw.cases.selectors import case_get_for, case_list_for, review_queue, window_queue
from zwfw.cases.selectors_report import report_case_counts, report_delivery_counts
from zwfw.cases.services import (
    case_accept,
    case_apply,
    case_complete,
    case_decide,
    case_deliver,
    case_due_date,
    case_step_complete,
)
from zwfw.cases.services.workflow import step_get
from zwfw.cases.tests.conftest import IMPL, item_elements, pdf
from zwfw.catalog.interchange.catalog_json import catalog_import
from zwfw.catalog.services import cross_region_item_save
from zwfw.catalog.tests import factories as cf
from zwfw.core.models import Department, Role
from zwfw.core.tests import factories

YUZHONG_IMPL = f"{cf.BASE_CODE}-500103000000-000-500103-scjg-1-00"
MONTH = (dt.datetime(2000, 1, 1, tzinfo=dt.UTC), dt.datetime(2100, 1, 1, tzinfo=dt.UTC))


@pytest.fixture
def chuanyu(people):
    """渝中区's implementation of the item, on the 川渝通办 list for windows in 成都市; its users."""
    factories.make_department("500103", "scjg")
    elements = item_elements()
    impl = cf.implementation(
        code=YUZHONG_IMPL,
        region="500103",
        level=4,
        department="500103-scjg",
        elements=copy.deepcopy(elements),
    )
    catalog_import(
        actor=None, data=cf.payload(bases=[cf.base_item(elements=copy.deepcopy(elements))], impls=[impl]), publish=True
    )
    cross_region_item_save(actor=None, implementation_code=YUZHONG_IMPL, intake_region_codes=["510100"], batch="第一批")
    mk = factories.make_user
    return {
        **people,
        "cq_reviewer": mk(role=Role.REVIEWER, username="cq_rev", department="500103-scjg"),
        "cq_clerk": mk(role=Role.WINDOW_CLERK, username="cq_clerk", region="500103"),
    }


def _receive(users, *, clerk="clerk", impl=YUZHONG_IMPL, **kw):
    return case_apply(
        actor=users[clerk],
        implementation_code=impl,
        channel="window",
        on_behalf_of=users["person"],
        uploads={"application_form": pdf(), "layout_plan": pdf("plan.pdf")},
        form_data={"applicant_name": "张三丰"},
        cross_region=kw.pop("cross_region", True),
        **kw,
    )


def _work(users, case):
    for key in ("review", "inspect"):
        case_step_complete(actor=users["cq_reviewer"], case=case, step=step_get(case, key))
    case_decide(actor=users["cq_reviewer"], case=case, approved=True, reason="符合条件")


def _rows(user=None, **kw):
    start, end = MONTH
    names = dict(Department.objects.values_list("pk", "code"))
    cases = {
        names[r["department_id"]]: r
        for r in report_case_counts(user=user, start=start, end=end, unscoped=user is None, **kw)
    }
    deliveries = {
        names[r["department_id"]]: r
        for r in report_delivery_counts(user=user, start=start, end=end, unscoped=user is None, **kw)
    }
    return cases, deliveries


def test_case_through_both_windows_with_clock_and_report(chuanyu):
    u = chuanyu
    case = _receive(u)
    assert case.cross_region and case.intake_region_id == "510100"
    assert case.intake_department.code == "510100-zwfw"
    assert (case.region_id, case.department.code) == ("500103", "500103-scjg")  # 办理地
    assert case.number.startswith("500103-")

    # 成都's clerk accepts (受理): the clock runs from this acceptance, on the official calendar
    case_accept(actor=u["clerk"], case=case)
    case.refresh_from_db()
    assert case.accepted_department.code == "510100-zwfw"
    accepted_on = timezone.localdate(case.accepted_at)  # the acceptance day in Beijing time
    assert case.due_date == case_due_date(accepted_on=accepted_on, limit_days=10)
    # 渝中区's reviewer works the steps and decides
    assert {s.case_id for s in review_queue(user=u["cq_reviewer"])} == {case.pk}
    _work(u, case)
    # the result goes back to 成都's window: 出件 there
    assert case in window_queue(user=u["clerk"])["to_hand_out"]
    case_deliver(actor=u["clerk"], case=case, method="pickup")
    case_complete(actor=u["clerk"], case=case)
    case.refresh_from_db()
    assert case.status == "completed" and case.delivery.department.code == "510100-zwfw"

    cases, deliveries = _rows()
    # the acceptance and the 出件 in 成都's row, nothing of it in 渝中区's acceptance figures
    assert cases["510100-zwfw"]["handled"] == 1 and cases["510100-zwfw"]["window_accepted"] == 1
    assert deliveries["510100-zwfw"]["pickup"] == 1
    assert "500103-scjg" not in cases or cases["500103-scjg"]["handled"] == 0
    assert sum(r["handled"] for r in cases.values()) == 1  # never twice, never lost
    assert sum(r["pickup"] for r in deliveries.values()) == 1
    # scoped: 成都's clerk sees the acceptance, 渝中区's reviewer does not
    mine, _ = _rows(u["clerk"])
    assert mine["510100-zwfw"]["handled"] == 1
    theirs, their_deliveries = _rows(u["cq_reviewer"])
    assert sum(r["handled"] for r in theirs.values()) == 0 and not their_deliveries
    # narrowed by region: 成都市 holds it, 渝中区 not
    by_region, _ = _rows(region_codes=["510100"])
    assert by_region["510100-zwfw"]["handled"] == 1
    assert sum(r["handled"] for r in _rows(region_codes=["500103"])[0].values()) == 0


def test_completion_counts_in_the_handling_row(chuanyu):
    """全程网办办结 counts under the handling department (B), the acceptance under A."""
    u = chuanyu
    case = _receive(u)
    case_accept(actor=u["clerk"], case=case)
    _work(u, case)
    case.refresh_from_db()
    case_deliver(actor=u["clerk"], case=case, method="electronic")
    # a window-received case is never 全程网办; mark it so to see where the 办结 measure lands
    Case.objects.filter(pk=case.pk).update(fully_online=True)
    case.refresh_from_db()
    case_complete(actor=u["clerk"], case=case)
    cases, _ = _rows()
    assert cases["500103-scjg"]["online_completed"] == 1
    assert cases["510100-zwfw"]["online_completed"] == 0
    assert cases["500103-scjg"]["handled"] == 0 and cases["510100-zwfw"]["handled"] == 1
    assert _rows(u["cq_reviewer"])[0]["500103-scjg"]["online_completed"] == 1
    assert "500103-scjg" not in _rows(u["clerk"])[0]


def test_scoping_both_sides_and_nobody_else(chuanyu):
    u = chuanyu
    case = _receive(u)
    # 成都's clerks (they received it) and 渝中区's staff (they handle it) see it
    for who in ("clerk", "clerk2", "cq_reviewer", "cq_clerk", "admin"):
        assert case_get_for(user=u[who], case_id=case.pk).pk == case.pk, who
        assert case.pk in set(case_list_for(user=u[who]).values_list("pk", flat=True)), who
    # nobody else: 成都's reviewers and department admin, 绵阳's clerk, another applicant
    for who in ("reviewer", "dept_admin", "clerk_my", "person2", "supervisor"):
        with pytest.raises(Http404):
            case_get_for(user=u[who], case_id=case.pk)
        assert case.pk not in set(case_list_for(user=u[who]).values_list("pk", flat=True)), who
    # 成都's reviewer cannot decide it, nor can 绵阳's clerk accept it
    with pytest.raises(Http404):
        case_accept(actor=u["clerk_my"], case=Case.objects.get(pk=case.pk))
    assert case in window_queue(user=u["clerk"])["to_accept"]
    assert case not in window_queue(user=u["clerk_my"])["to_accept"]


def test_item_not_on_the_list_cannot_be_received_cross_region(chuanyu):
    u = chuanyu
    # 成都's own item: not cross-region (422, receive it as an ordinary case)
    with pytest.raises(CaseError) as local:
        _receive(u, impl=IMPL)
    assert local.value.code.code == "case_cross_region_local" and local.value.status == 422
    # 绵阳's window: the list lets only 成都市 receive it
    with pytest.raises(CaseError) as unlisted:
        _receive(u, clerk="clerk_my")
    assert unlisted.value.code.code == "case_cross_region_not_listed" and unlisted.value.status == 422
    assert "绵阳市" in unlisted.value.message
    # off the list (deactivated): refused too
    cross_region_item_save(
        actor=None, implementation_code=YUZHONG_IMPL, intake_region_codes=["510100"], is_active=False
    )
    with pytest.raises(CaseError) as off:
        _receive(u)
    assert off.value.code.code == "case_cross_region_not_listed"
    # without the flag a 成都 clerk applying for 渝中区's item is out of scope, as before: 404
    with pytest.raises(Http404):
        _receive(u, cross_region=False)
    # only a window clerk receives cross-region
    with pytest.raises(PermissionDenied):
        _receive(u, clerk="reviewer")
    assert not Case.objects.filter(implementation__code=YUZHONG_IMPL).exists()  # nothing kept


def test_clerk_without_a_window_unit_is_refused(chuanyu):
    u = chuanyu
    clerk = factories.make_user(role=Role.WINDOW_CLERK, username="c_clerk_nodept", region="510107")
    with pytest.raises(CaseError) as exc:
        _receive({**u, "nodept": clerk}, clerk="nodept")
    assert exc.value.code.code == "case_cross_region_no_window"


# ---- the API -------------------------------------------------------------------------------------

API = "/api/v1/cases"


def _post(client, path, body=None):
    return client.post(path, data=body or {}, content_type="application/json")


def test_api_receives_accepts_and_refuses_unlisted(chuanyu):
    from zwfw.core.tests.factories import login_client

    u = chuanyu
    body = {
        "implementation_code": YUZHONG_IMPL,
        "channel": "window",
        "on_behalf_of": u["person"].pk,
        "form_data": {"applicant_name": "张三丰"},
        "cross_region": True,
    }
    clerk = login_client(u["clerk"])
    res = _post(clerk, API, body)
    assert res.status_code == 201, res.content
    data = res.json()
    assert (data["cross_region"], data["intake_region"], data["intake_department"]) == (True, "510100", "510100-zwfw")
    assert (data["region"], data["department"]) == ("500103", "500103-scjg")
    # the clerk hands in the plan (the one material the JSON application could not carry) and accepts
    assert clerk.post(f"{API}/{data['id']}/materials/layout_plan", {"file": pdf("plan.pdf")}).status_code == 200
    accepted = _post(clerk, f"{API}/{data['id']}/accept")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["due_date"] is not None
    # 渝中区's reviewer sees it; 绵阳's clerk does not (404)
    assert login_client(u["cq_reviewer"]).get(f"{API}/{data['id']}").status_code == 200
    assert login_client(u["clerk_my"]).get(f"{API}/{data['id']}").status_code == 404
    # 绵阳's window may not receive it (for a 绵阳 applicant): 422 with the code and a Chinese
    # message, nothing kept
    person_my = factories.make_user(role=Role.PERSON, username="c_person_my", region="510703")
    res = _post(login_client(u["clerk_my"]), API, {**body, "on_behalf_of": person_my.pk})
    assert res.status_code == 422
    assert res.json()["code"] == "case_cross_region_not_listed" and "川渝通办" in res.json()["message"]
    # 成都's own item is not cross-region
    res = _post(clerk, API, {**body, "implementation_code": IMPL})
    assert res.status_code == 422 and res.json()["code"] == "case_cross_region_local"
    # a non-boolean flag is a validation error, not a 500
    assert _post(clerk, API, {**body, "cross_region": "maybe"}).status_code == 422
    assert Case.objects.filter(cross_region=True).count() == 1
