"""The 好差评 pages: applicant, token (SMS/pad), department tasks, hub, figures, public."""

from __future__ import annotations

import pytest

from zwfw.core.navigation import navigation_for, workbench_queues_for
from zwfw.core.tests.factories import login_client
from zwfw.ratings.models import Rating, Rectification

pytestmark = pytest.mark.django_db


def test_applicant_rates_from_my_ratings_and_the_department_closes_the_loop(users, done_case):
    person = login_client(users["person"])
    page = person.get("/ratings/")
    assert page.status_code == 200 and f"/ratings/rate/case/{done_case.pk}/" in page.content.decode()
    assert person.get(f"/ratings/rate/case/{done_case.pk}/").status_code == 200
    r = person.post(f"/ratings/rate/case/{done_case.pk}/", {"level": "5", "comment": "跑了三趟"})
    assert r.status_code == 422 and "至少选择一项原因" in r.content.decode()
    r = person.post(
        f"/ratings/rate/case/{done_case.pk}/", {"level": "5", "reasons": ["many_trips"], "comment": "跑了三趟"}
    )
    assert r.status_code == 302
    assert "每件只能评价一次" in person.get(f"/ratings/rate/case/{done_case.pk}/").content.decode()
    assert login_client(users["person2"]).get(f"/ratings/rate/case/{done_case.pk}/").status_code == 404
    rect = Rectification.objects.get()

    reviewer = login_client(users["reviewer"])
    assert done_case.item_name in reviewer.get("/ratings/tasks/").content.decode()
    assert reviewer.get(f"/ratings/tasks/{rect.pk}/").status_code == 200
    r = reviewer.post(
        f"/ratings/tasks/{rect.pk}/", {"action": "verify", "row_version": "0", "outcome": "immediate", "note": "属实"}
    )
    assert r.status_code == 302
    r = reviewer.post(f"/ratings/tasks/{rect.pk}/", {"action": "rectify", "row_version": "0", "measures": "x"})
    assert r.status_code == 409  # a stale page
    r = reviewer.post(
        f"/ratings/tasks/{rect.pk}/", {"action": "rectify", "row_version": "1", "measures": "一次告知清单"}
    )
    assert r.status_code == 302
    r = reviewer.post(f"/ratings/tasks/{rect.pk}/", {"action": "revisit", "row_version": "2", "result": "satisfied"})
    assert r.status_code == 302
    rect.refresh_from_db()
    assert rect.status == "closed"
    assert (
        reviewer.post(f"/ratings/tasks/{rect.pk}/", {"action": "appeal", "row_version": "3", "reason": "x"}).status_code
        == 403
    )
    assert login_client(users["reviewer_wjw"]).get(f"/ratings/tasks/{rect.pk}/").status_code == 404

    figures = login_client(users["admin"]).get("/ratings/figures/?group_by=item")
    assert figures.status_code == 200 and f'href="/items/{done_case.implementation.code}/"' in figures.content.decode()
    assert login_client(users["admin"]).get("/ratings/figures/?month=bad").status_code == 422
    assert login_client(users["person"]).get("/ratings/figures/").status_code == 403


def test_public_page_carries_no_personal_data(users, done_case):
    from zwfw.ratings.services import blocked_report, rating_create

    person = users["person"]
    rating_create(
        actor=person,
        kind="case",
        ref=done_case.pk,
        level=4,
        reasons=["slow"],
        comment=f"{person.display_name} 13800138000",
    )
    blocked_report(
        actor=person,
        blocker="other",
        description=f"我是{person.display_name}，电话13800138000",
        item_name="某事",
        department_code="510100-zwfw",
    )
    page = login_client(None).get("/ratings/public/")
    html = page.content.decode()
    assert page.status_code == 200 and "好差评公示" in html
    for secret in (
        person.display_name,
        person.id_number,
        "13800138000",
        done_case.number,
        person.username,
        users["clerk"].display_name or "c_clerk",
    ):
        assert secret and secret not in html, secret
    api = login_client(None).get("/api/v1/ratings/public/summary").content.decode()
    for secret in (person.display_name, person.id_number, "13800138000", done_case.number):
        assert secret not in api
    assert login_client(None).get("/ratings/public/?month=x").status_code == 422


def test_sms_link_and_pad_pages_work_without_login(users, done_case):
    from zwfw.ratings.services import rating_invitation_issue

    _, token = rating_invitation_issue(actor=users["clerk"], kind="case", ref=done_case.pk)
    anon = login_client(None)
    page = anon.get(f"/ratings/t/{token}/")
    assert page.status_code == 200 and "短信" in page.content.decode()
    assert person_name_absent(page, users["person"])
    assert anon.post(f"/ratings/t/{token}/", {"level": "1"}).status_code == 200
    assert Rating.objects.get().channel == "sms"
    assert anon.get(f"/ratings/t/{token}/").status_code == 404

    clerk = login_client(users["clerk"])
    r = clerk.post("/ratings/visit/", {"window_no": "A7", "item_name": "社保咨询"})
    assert r.status_code == 302 and r.url.startswith("/ratings/t/")
    assert clerk.post("/ratings/visit/", {"window_no": "", "item_name": "x"}).status_code == 422
    assert login_client(users["person"]).get("/ratings/visit/").status_code == 403


def person_name_absent(page, person) -> bool:
    return person.display_name not in page.content.decode() and person.id_number not in page.content.decode()


def test_hotline_hub_and_blocked_pages(users, done_case):
    hotline = login_client(users["hotline"])
    assert hotline.get("/ratings/hotline/").status_code == 200
    r = hotline.post("/ratings/hotline/", {"kind": "case", "ref": done_case.number, "level": "4", "reasons": ["slow"]})
    assert r.status_code == 302
    rating = Rating.objects.get()
    assert rating.channel == "phone" and rating.entered_by == users["hotline"]
    hub = login_client(users["hub"])
    assert hub.get("/ratings/hub/").status_code == 200
    assert login_client(users["dept_admin"]).get("/ratings/hub/").status_code == 403
    r = hub.post(f"/ratings/r/{rating.pk}/", {"reason": ""})
    assert r.status_code == 422
    person = login_client(users["person"])
    r = person.post(
        "/ratings/blocked/",
        {"blocker": "no_item", "description": "找不到事项", "item_name": "高龄津贴", "department": "510100-zwfw"},
    )
    assert r.status_code == 302
    assert "高龄津贴" in person.get("/ratings/blocked/").content.decode()
    assert (
        person.post("/ratings/blocked/", {"blocker": "bogus", "description": "x", "item_name": "y"}).status_code == 422
    )


def test_navigation_and_home_queues_are_registered(users, done_case):
    labels = {link.label for link in navigation_for(users["person"])}
    assert {"我的评价", "好差评公示", "办不成事"} <= labels
    assert "差评整改" in {link.label for link in navigation_for(users["reviewer"])}
    queue = {q.key: q for q in workbench_queues_for("person")}["ratings_to_rate"]
    assert queue.count(users["person"]) == 1
    from zwfw.ratings.services import rating_create

    rating_create(actor=users["person"], kind="case", ref=done_case.pk, level=5, reasons=["slow"])
    assert queue.count(users["person"]) == 0
    tasks = {q.key: q for q in workbench_queues_for("reviewer")}["ratings_tasks"]
    assert tasks.count(users["reviewer"]) == 1 and tasks.count(users["reviewer_wjw"]) == 0
