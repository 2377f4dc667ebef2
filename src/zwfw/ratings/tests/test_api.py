"""The 好差评 API: rating flows, errors as the one error body, scoping, and no way to change a
rating (PUT/PATCH/DELETE answer 405 for every role)."""

from __future__ import annotations

import json

import pytest

from zwfw.core.tests.factories import login_client
from zwfw.ratings.models import Rating

pytestmark = pytest.mark.django_db


def _post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_rate_through_the_api_and_the_department_handles_it(users, done_case):
    person = login_client(users["person"])
    r = _post(
        person,
        "/api/v1/ratings",
        {"kind": "case", "ref": str(done_case.pk), "level": 5, "reasons": ["slow"], "comment": "我的手机13800138000"},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["level_label"] == "非常不满意" and body["rectification"]["status"] == "verifying"
    assert "13800138000" not in r.content.decode()  # identifiers in free text are masked
    assert "rater" not in body
    again = _post(person, "/api/v1/ratings", {"kind": "case", "ref": str(done_case.pk), "level": 1})
    assert again.status_code == 409 and again.json()["code"] == "rating_already_rated"
    other = _post(
        login_client(users["person2"]), "/api/v1/ratings", {"kind": "case", "ref": str(done_case.pk), "level": 1}
    )
    assert other.status_code == 404
    bad = _post(person, "/api/v1/ratings", {"kind": "case", "ref": "1", "level": 9})
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"

    reviewer = login_client(users["reviewer"])
    tasks = reviewer.get("/api/v1/ratings/rectifications").json()
    assert len(tasks) == 1
    rid = tasks[0]["id"]
    assert (
        _post(
            reviewer, f"/api/v1/ratings/rectifications/{rid}/verify", {"outcome": "immediate", "note": "属实"}
        ).status_code
        == 200
    )
    assert _post(reviewer, f"/api/v1/ratings/rectifications/{rid}/rectify", {"measures": "已整改"}).status_code == 200
    r = _post(login_client(users["hotline"]), f"/api/v1/ratings/rectifications/{rid}/revisit", {"result": "satisfied"})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    r = _post(reviewer, f"/api/v1/ratings/rectifications/{rid}/revisit", {"result": "satisfied"})
    assert r.status_code == 409 and r.json()["code"] == "rating_rectification_illegal"
    # another department sees nothing
    assert login_client(users["reviewer_wjw"]).get(f"/api/v1/ratings/rectifications/{rid}").status_code == 404
    figures = login_client(users["admin"]).get("/api/v1/ratings/figures?group_by=department").json()
    assert figures["total"]["total"] == 1 and figures["total"]["rectification_rate"] == "100.0"


def test_token_rating_and_public_summary_need_no_login(users, done_case):
    from zwfw.ratings.services import rating_invitation_issue

    _, token = rating_invitation_issue(actor=None, kind="case", ref=done_case.pk)
    anon = login_client(None)
    r = _post(anon, "/api/v1/ratings/by-token", {"token": token, "level": 2})
    assert r.status_code == 201 and set(r.json()) == {"id", "level", "level_label", "rated_at"}
    r = _post(anon, "/api/v1/ratings/by-token", {"token": token, "level": 2})
    assert r.status_code == 404 and r.json()["code"] == "rating_token_invalid"
    summary = anon.get("/api/v1/ratings/public/summary")
    assert summary.status_code == 200 and summary.json()["by_month"]["total"]["total"] == 1
    assert anon.get("/api/v1/ratings/public/summary?month=2026-99").status_code == 422
    assert anon.get("/api/v1/ratings/options").json()["levels"][0] == {"value": "1", "label": "非常满意"}
    assert anon.get("/api/v1/ratings").status_code == 401


def test_no_role_can_change_or_delete_a_rating_through_the_api(users, role_users, done_case):
    from zwfw.ratings.services import rating_create

    rating = rating_create(actor=users["person"], kind="case", ref=done_case.pk, level=5, reasons=["slow"])
    callers = [users["person"], *role_users.values(), None]
    for user in callers:
        client = login_client(user)
        for method in ("put", "patch", "delete"):
            r = getattr(client, method)(f"/api/v1/ratings/{rating.pk}", data="{}", content_type="application/json")
            assert r.status_code in (401, 405), (user, method, r.status_code)
    rating.refresh_from_db()
    assert rating.level == 5 and Rating.objects.count() == 1


def test_hide_text_is_the_hubs_audited_act(users, done_case):
    from zwfw.ratings.services import rating_create

    rating = rating_create(
        actor=users["person"], kind="case", ref=done_case.pk, level=4, reasons=["attitude_bad"], comment="骂人的话"
    )
    path = f"/api/v1/ratings/{rating.pk}/hide"
    assert _post(login_client(users["dept_admin"]), path, {"reason": "辱骂"}).status_code == 403
    assert _post(login_client(users["hub_my"]), path, {"reason": "辱骂"}).status_code == 404
    r = _post(login_client(users["hub"]), path, {"reason": "辱骂"})
    assert r.status_code == 200 and r.json()["text_hidden"] is True and "骂人" in r.json()["comment"]
    assert _post(login_client(users["hub"]), path, {"reason": "辱骂"}).status_code == 409
    shown = login_client(users["reviewer"]).get(f"/api/v1/ratings/{rating.pk}").json()
    assert "骂人" not in shown["comment"] and shown["level"] == 4
    rating.refresh_from_db()
    assert rating.comment == "骂人的话"  # kept as given


def test_visit_and_blocked_through_the_api(users, item):
    clerk = login_client(users["clerk"])
    r = _post(clerk, "/api/v1/ratings/visits", {"window_no": "A1", "item_name": "咨询"})
    assert r.status_code == 201 and r.json()["pad_url"].startswith("/ratings/t/")
    assert (
        _post(
            login_client(users["person"]), "/api/v1/ratings/visits", {"window_no": "A1", "item_name": "x"}
        ).status_code
        == 403
    )
    r = _post(
        login_client(users["person"]),
        "/api/v1/ratings/blocked",
        {"blocker": "materials", "description": "要我开无犯罪证明", "item_code": item},
    )
    assert r.status_code == 201 and r.json()["department"]["code"] == "510100-scjg"
    mid = r.json()["id"]
    admin = login_client(users["dept_admin"])
    r = _post(admin, f"/api/v1/ratings/blocked/{mid}/assign", {"owner_id": users["reviewer"].pk})
    assert r.status_code == 200 and r.json()["status"] == "in_progress"
    assert _post(admin, f"/api/v1/ratings/blocked/{mid}/assign", {"owner_id": users["clerk_my"].pk}).status_code == 422
    r = _post(admin, f"/api/v1/ratings/blocked/{mid}/outcome", {"outcome": "已取消该材料", "needs_change": "catalog"})
    assert r.status_code == 200 and r.json()["status"] == "resolved"
    assert _post(admin, f"/api/v1/ratings/blocked/{mid}/outcome", {"outcome": "再次"}).status_code == 409
    figures = admin.get("/api/v1/ratings/blocked/figures").json()
    assert figures[0]["total"] == 1 and figures[0]["catalog"] == 1 and figures[0]["url"] == f"/items/{item}/"
    assert login_client(users["person2"]).get(f"/api/v1/ratings/blocked/{mid}").status_code == 404
    assert login_client(users["person"]).get(f"/api/v1/ratings/blocked/{mid}").json()["outcome"] == "已取消该材料"
