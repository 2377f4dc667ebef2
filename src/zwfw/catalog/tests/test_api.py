"""Catalog API: public reads, staff writes, permissions, error bodies, query counts."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zwfw.catalog.interchange.catalog_json import catalog_import
from zwfw.catalog.models import ItemVersion, VersionStatus
from zwfw.catalog.tests import factories as f
from zwfw.core.tests.factories import login_client, make_token

API = "/api/v1/catalog"


def _json(client, method, url, body=None):
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body is not None else {}
    return getattr(client, method)(url, **kwargs)


@pytest.fixture
def anon():
    return Client()


def test_anonymous_reads_published_items(published, anon):
    res = anon.get(f"{API}/items", {"region": "510100"})
    assert res.status_code == 200
    body = res.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["code"], item["name"], item["promised_limit_days"]) == (f.IMPL_CODE, "食品经营许可（新办）", 9)
    detail = anon.get(f"{API}/items/{f.IMPL_CODE}").json()
    assert detail["version"]["number"] == 1
    assert detail["elements"]["materials"][1]["licence_type"] == "business_licence"
    assert detail["graph"]["edges"][0] == ["apply", "accept"]
    assert anon.get(f"{API}/base-items/{f.BASE_CODE}").json()["type_code"] == "01"


def test_list_filters(published, anon):
    def codes(**params):
        return [i["code"] for i in anon.get(f"{API}/items", params).json()["items"]]

    assert codes(item_type="licence") == [f.IMPL_CODE]
    assert codes(item_type="payment") == []
    assert codes(service_object="enterprise") == [f.IMPL_CODE]
    assert codes(enterprise_stage="access") == [f.IMPL_CODE]
    assert codes(life_event="birth") == []
    assert codes(region="510700") == []
    assert codes(department="510100-scjg") == [f.IMPL_CODE]


def test_unknown_item_is_404_with_error_body(db, anon):
    res = anon.get(f"{API}/items/nope")
    assert res.status_code == 404
    assert set(res.json()) == {"code", "message", "detail"}


def test_list_query_count_does_not_grow_with_items(departments, anon):
    def run():
        with CaptureQueriesContext(connection) as ctx:
            assert anon.get(f"{API}/items", {"limit": 100}).status_code == 200
        return len(ctx.captured_queries)

    catalog_import(actor=None, data=f.payload(), publish=True)
    one = run()
    more = [f.implementation(code=f"{f.BASE_CODE}-{n}") for n in range(8)]
    catalog_import(actor=None, data=f.payload(impls=more), publish=True)
    assert anon.get(f"{API}/items").json()["count"] == 9
    assert run() == one


def test_detail_and_versions_query_counts_are_bounded(published, anon):
    with CaptureQueriesContext(connection) as ctx:
        anon.get(f"{API}/items/{f.IMPL_CODE}")
    assert len(ctx.captured_queries) <= 10


def test_anonymous_writes_are_401(published, anon):
    v1 = published.versions.get(number=1)
    assert _json(anon, "post", f"{API}/items/{f.IMPL_CODE}/drafts", {}).status_code == 401
    assert _json(anon, "post", f"{API}/versions/{v1.pk}/approve", {}).status_code == 401
    assert anon.get(f"{API}/consistency", {"region": "510100"}).status_code == 401


def test_maintainer_drafts_reviewer_approves(published, users):
    maint, rev = login_client(users["maintainer"]), login_client(users["reviewer"])
    res = _json(maint, "post", f"{API}/items/{f.IMPL_CODE}/drafts", {"change_note": "压缩时限"})
    assert res.status_code == 201, res.content
    vid = res.json()["id"]
    res = _json(maint, "put", f"{API}/versions/{vid}", {"elements": {"visits": 0}})
    assert res.status_code == 200 and res.json()["elements"]["visits"] == 0
    assert maint.get(f"{API}/versions/{vid}/validation").json() == {"version_id": vid, "ok": True, "violations": []}
    assert _json(maint, "post", f"{API}/versions/{vid}/submit").status_code == 200
    res = _json(rev, "post", f"{API}/versions/{vid}/approve", {})
    assert res.status_code == 200 and res.json()["status"] == "published"
    again = _json(rev, "post", f"{API}/versions/{vid}/approve", {})
    assert again.status_code == 409
    assert again.json()["detail"]["status"] == "published"
    diff = Client().get(f"{API}/items/{f.IMPL_CODE}/diff", {"from": 1, "to": 2}).json()
    assert [c["field"] for c in diff["changes"]] == ["elements.visits"]
    assert diff["changes"][0]["label"] == "到现场次数"


def test_drafts_are_hidden_from_the_public_and_other_departments(published, users, anon):
    maint = login_client(users["maintainer"])
    vid = _json(maint, "post", f"{API}/items/{f.IMPL_CODE}/drafts", {}).json()["id"]
    assert anon.get(f"{API}/versions/{vid}").status_code == 404
    assert [v["number"] for v in anon.get(f"{API}/items/{f.IMPL_CODE}/versions").json()] == [1]
    assert [v["number"] for v in maint.get(f"{API}/items/{f.IMPL_CODE}/versions").json()] == [2, 1]
    other = login_client(users["other_dept"])
    assert other.get(f"{API}/versions/{vid}").status_code == 404
    assert _json(other, "put", f"{API}/versions/{vid}", {"elements": {"visits": 0}}).status_code == 404
    assert _json(other, "post", f"{API}/items/{f.IMPL_CODE}/drafts", {}).status_code == 403


def test_wrong_role_and_wrong_department_cannot_approve(published, users):
    maint = login_client(users["maintainer"])
    vid = _json(maint, "post", f"{API}/items/{f.IMPL_CODE}/drafts", {}).json()["id"]
    _json(maint, "post", f"{API}/versions/{vid}/submit")
    assert _json(maint, "post", f"{API}/versions/{vid}/approve", {}).status_code == 403
    other_rev = login_client(users["other_reviewer"])
    assert _json(other_rev, "post", f"{API}/versions/{vid}/approve", {}).status_code in (403, 404)
    clerk = login_client(users["clerk"])
    assert _json(clerk, "post", f"{API}/versions/{vid}/approve", {}).status_code in (403, 404)
    assert ItemVersion.objects.get(pk=vid).status == VersionStatus.REVIEW


def test_reject_requires_reason(published, users):
    maint, rev = login_client(users["maintainer"]), login_client(users["reviewer"])
    vid = _json(maint, "post", f"{API}/items/{f.IMPL_CODE}/drafts", {}).json()["id"]
    _json(maint, "post", f"{API}/versions/{vid}/submit")
    assert _json(rev, "post", f"{API}/versions/{vid}/reject", {"reason": ""}).status_code == 422
    res = _json(rev, "post", f"{API}/versions/{vid}/reject", {"reason": "依据已修订"})
    assert res.status_code == 200 and res.json()["review_note"] == "依据已修订"


def test_bad_draft_body_is_422_with_paths(published, users):
    maint = login_client(users["maintainer"])
    vid = _json(maint, "post", f"{API}/items/{f.IMPL_CODE}/drafts", {}).json()["id"]
    res = _json(maint, "put", f"{API}/versions/{vid}", {"elements": {"fee": {"charged": True, "amount_fen": 1.5}}})
    assert res.status_code == 422
    assert res.json()["detail"][0]["path"] == "elements.fee.amount_fen"


def test_submit_with_violations_is_422_listing_them(published, users):
    maint = login_client(users["maintainer"])
    vid = _json(maint, "post", f"{API}/items/{f.IMPL_CODE}/drafts", {}).json()["id"]
    _json(maint, "put", f"{API}/versions/{vid}", {"elements": {"legal_limit_days": 30}})
    res = _json(maint, "post", f"{API}/versions/{vid}/submit")
    assert res.status_code == 422
    assert res.json()["detail"][0]["kind"] == "limit_raised"
    report = maint.get(f"{API}/versions/{vid}/validation").json()
    assert report["ok"] is False


def test_consistency_report_endpoint(published, users):
    rev = login_client(users["reviewer"])
    body = rev.get(f"{API}/consistency", {"region": "510100"}).json()
    assert (body["checked"], body["with_violations"], body["items"]) == (1, 0, [])
    person = login_client(users["person"])
    assert person.get(f"{API}/consistency", {"region": "510100"}).status_code == 403


def test_export_endpoint_is_the_interchange_format(published, anon):
    assert anon.get(f"{API}/export").json() == f.payload()


def test_token_user_sees_drafts_on_public_routes(published, users):
    maint = login_client(users["maintainer"])
    vid = _json(maint, "post", f"{API}/items/{f.IMPL_CODE}/drafts", {}).json()["id"]
    key = make_token(users["maintainer"])
    res = Client().get(f"{API}/versions/{vid}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert res.status_code == 200


def test_versions_list_query_count_does_not_grow_with_versions(published, users, anon):
    from zwfw.catalog.services import item_version_approve, item_version_create_draft, item_version_submit

    def run():
        with CaptureQueriesContext(connection) as ctx:
            assert anon.get(f"{API}/items/{f.IMPL_CODE}/versions").status_code == 200
        return len(ctx.captured_queries)

    one = run()
    for _ in range(3):
        draft = item_version_create_draft(actor=users["maintainer"], implementation=published)
        item_version_submit(actor=users["maintainer"], version=draft)
        item_version_approve(actor=users["reviewer"], version=draft)
    assert len(anon.get(f"{API}/items/{f.IMPL_CODE}/versions").json()) == 4
    assert run() == one
