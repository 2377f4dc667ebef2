"""The search query log (issue 10 item 5): zero-result and low-click queries for the editors,
without personal data; the API and the editors' page, with their permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from zwfw.catalog.models import SearchQueryStat, SearchSynonym
from zwfw.catalog.search.querylog import (
    scrub,
    search_click_record,
    search_log_low_clicks,
    search_log_purge,
    search_log_record,
    search_log_zero_results,
)
from zwfw.catalog.search.synonyms import synonym_table_invalidate
from zwfw.core.models import Role
from zwfw.core.tests import factories as core_factories


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        ("我的身份证号51010719900307123X办护照", "我的身份证号＊办护照"),
        ("电话138-0013-8000 能不能办", "电话＊ 能不能办"),
        ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ 社保", "＊ 社保"),
        ("１３８００１３８０００", "＊"),
        ("2024年 社保", "2024年 社保"),
        ("  开饭店？ ", "开饭店"),
    ],
)
def test_scrub_masks_numbers_and_addresses(query, stored):
    assert scrub(query) == stored


@pytest.mark.django_db
def test_counts_per_query_and_day_without_personal_data():
    search_log_record(query="开饭店", results=12)
    search_log_record(query="开饭店？", results=10)
    search_log_record(query="量子纠缠 13800138000", results=0)
    rows = {r.query: r for r in SearchQueryStat.objects.all()}
    assert set(rows) == {"开饭店", "量子纠缠 ＊"}
    assert rows["开饭店"].searches == 2 and rows["开饭店"].zero_results == 0
    assert rows["开饭店"].last_result_count == 10
    assert rows["量子纠缠 ＊"].zero_results == 1
    fields = {f.name for f in SearchQueryStat._meta.get_fields()}
    assert not fields & {"user", "ip", "session", "region", "user_agent"}


@pytest.mark.django_db
def test_zero_result_and_low_click_lists():
    for _ in range(4):
        search_log_record(query="独角兽", results=3)
    for _ in range(3):
        search_log_record(query="开饭店", results=5)
        search_click_record(query="开饭店")
    search_log_record(query="量子纠缠", results=0)
    assert [r["query"] for r in search_log_zero_results()] == ["量子纠缠"]
    assert [r["query"] for r in search_log_low_clicks()] == ["独角兽"]


@pytest.mark.django_db
def test_a_click_without_a_search_today_is_not_counted():
    assert search_click_record(query="从未搜过") is False
    assert not SearchQueryStat.objects.exists()


@pytest.mark.django_db
def test_old_rows_are_outside_the_window_and_purged():
    old = timezone.localdate() - dt.timedelta(days=200)
    SearchQueryStat.objects.create(query="旧词", day=old, searches=5, zero_results=5)
    assert search_log_zero_results(days=30) == []
    assert search_log_purge(older_than_days=180) == 1


# --- API and page -----------------------------------------------------------------------------


@pytest.fixture
def editor(db):
    # the table serves the whole province: a provincial department's admin keeps it
    return core_factories.make_user(role=Role.DEPT_ADMIN, department="510000-scjg", username="search_editor")


@pytest.fixture
def person(db):
    return core_factories.make_user(role=Role.PERSON, username="search_person")


def test_search_api_logs_and_explains(db):
    resp = Client().get("/api/v1/catalog/search", {"q": "驾照怎么申请"})
    assert resp.status_code == 200
    body = resp.json()
    assert body["understood"]["core"] == "驾照"
    assert "怎么申请" in body["understood"]["intents"]
    assert "机动车驾驶证" in body["understood"]["synonyms"]["驾照"]
    row = SearchQueryStat.objects.get()
    assert row.query == "驾照怎么申请" and row.zero_results == 1


def test_click_api_counts_only_searched_queries(db):
    client = Client()
    assert client.post(
        "/api/v1/catalog/search/clicks", {"q": "开饭店", "implementation_code": "X"}, "application/json"
    ).json() == {"recorded": False}
    client.get("/api/v1/catalog/search", {"q": "开饭店"})
    resp = client.post("/api/v1/catalog/search/clicks", {"q": "开饭店", "implementation_code": "X"}, "application/json")
    assert resp.json() == {"recorded": True}
    assert SearchQueryStat.objects.get().clicks == 1
    bad = client.post("/api/v1/catalog/search/clicks", {"q": "", "implementation_code": "X"}, "application/json")
    assert bad.status_code == 422


def test_synonym_api_needs_an_editor(db, editor, person):
    payload = {"term": "黑车", "official": ["非法营运"]}
    assert Client().get("/api/v1/catalog/search/synonyms").status_code == 401
    client = Client()
    client.force_login(person)
    assert client.get("/api/v1/catalog/search/synonyms").status_code == 403
    assert client.post("/api/v1/catalog/search/synonyms", payload, "application/json").status_code == 403
    assert client.get("/api/v1/catalog/search/queries").status_code == 403
    assert not SearchSynonym.objects.exists()


def test_a_city_department_admin_reads_the_table_but_cannot_change_it(db, editor):
    """The table changes every city's search: 成都's department admin may read it and the query log,
    not add, change or delete a row (403 naming why); the provincial admin may; nothing half-stored."""
    row = SearchSynonym.objects.create(term="黑车", official=["非法营运"])
    city = core_factories.make_user(role=Role.DEPT_ADMIN, department="510100-scjg", username="city_search_admin")
    client = Client()
    client.force_login(city)
    assert client.get("/api/v1/catalog/search/synonyms").status_code == 200
    assert client.get("/api/v1/catalog/search/queries").status_code == 200
    refused = [
        client.post("/api/v1/catalog/search/synonyms", {"term": "苍蝇馆子", "official": ["餐饮"]}, "application/json"),
        client.patch(f"/api/v1/catalog/search/synonyms/{row.pk}", {"is_active": False}, "application/json"),
        client.delete(f"/api/v1/catalog/search/synonyms/{row.pk}"),
    ]
    for resp in refused:
        assert resp.status_code == 403 and resp.json()["code"] == "catalog_synonym_not_province_wide", resp.content
    row.refresh_from_db()
    assert row.is_active and SearchSynonym.objects.count() == 1
    shown = client.get("/catalog/search/").content.decode()
    assert 'data-testid="synonyms-readonly"' in shown and 'name="term"' not in shown  # no form offered
    page = client.post("/catalog/search/", {"term": "苍蝇馆子", "official": "餐饮"})
    assert page.status_code == 302 and not SearchSynonym.objects.filter(term="苍蝇馆子").exists()
    client.force_login(editor)
    resp = client.patch(f"/api/v1/catalog/search/synonyms/{row.pk}", {"is_active": False}, "application/json")
    assert resp.status_code == 200
    synonym_table_invalidate()


def test_synonym_api_crud_takes_effect_at_once(db, editor):
    synonym_table_invalidate()
    client = Client()
    client.force_login(editor)
    created = client.post(
        "/api/v1/catalog/search/synonyms", {"term": "黑车", "official": ["非法营运"]}, "application/json"
    )
    assert created.status_code == 201
    sid = created.json()["id"]
    explained = Client().get("/api/v1/catalog/search", {"q": "举报黑车"}).json()
    assert explained["understood"]["synonyms"] == {"黑车": ["非法营运"]}
    dup = client.post("/api/v1/catalog/search/synonyms", {"term": "黑车", "official": ["x"]}, "application/json")
    assert dup.status_code == 409
    bad = client.post("/api/v1/catalog/search/synonyms", {"term": "黑车2", "official": ["黑车2"]}, "application/json")
    assert bad.status_code == 422
    patched = client.patch(f"/api/v1/catalog/search/synonyms/{sid}", {"is_active": False}, "application/json")
    assert patched.status_code == 200 and patched.json()["is_active"] is False
    assert client.get("/api/v1/catalog/search/synonyms", {"active": True}).json() == []
    assert client.delete(f"/api/v1/catalog/search/synonyms/{sid}").status_code == 204
    assert client.delete(f"/api/v1/catalog/search/synonyms/{sid}").status_code == 404
    synonym_table_invalidate()


def test_query_log_api_for_editors(db, editor):
    search_log_record(query="量子纠缠", results=0)
    client = Client()
    client.force_login(editor)
    resp = client.get("/api/v1/catalog/search/queries", {"kind": "zero"})
    assert resp.status_code == 200
    assert resp.json() == [{"query": "量子纠缠", "searches": 1, "zero_results": 1, "clicks": 0}]
    assert client.get("/api/v1/catalog/search/queries", {"kind": "other"}).status_code == 422
    assert client.get("/api/v1/catalog/search/queries", {"kind": "low_clicks"}).json() == []


def test_editors_page_lists_and_edits(db, editor, person):
    search_log_record(query="量子纠缠", results=0)
    anonymous = Client().get("/catalog/search/")
    assert anonymous.status_code == 302
    client = Client()
    client.force_login(person)
    assert client.get("/catalog/search/").status_code == 403
    client.force_login(editor)
    page = client.get("/catalog/search/")
    assert page.status_code == 200
    assert "量子纠缠" in page.content.decode()
    resp = client.post("/catalog/search/", {"term": "黑车", "official": "非法营运，黑出租"})
    assert resp.status_code == 302
    row = SearchSynonym.objects.get()
    assert row.official == ["非法营运", "黑出租"]
    client.post("/catalog/search/", {"action": "toggle", "id": row.pk})
    row.refresh_from_db()
    assert row.is_active is False
    bad = client.post("/catalog/search/", {"term": "", "official": ""}, follow=True)
    assert "同义词有误" in bad.content.decode()
    synonym_table_invalidate()


def test_search_page_counts_the_query_and_marks_result_links(published, settings, tmp_path):
    settings.CATALOG_SEARCH_INDEX_DIR = str(tmp_path / "index")
    from zwfw.catalog.search import search_index_invalidate

    search_index_invalidate()
    html = Client().get("/items/search/", {"q": "开饭店要办什么"}).content.decode()
    assert "食品经营许可（新办）" in html
    assert 'data-search-query="开饭店要办什么"' in html and "catalog/search.js" in html
    assert "“饭店”→“" in html  # what the engine understood is shown
    Client().get("/items/search/", {"q": "飞船 13800138000"})
    rows = {r.query: r for r in SearchQueryStat.objects.all()}
    assert rows["开饭店要办什么"].searches == 1 and rows["开饭店要办什么"].zero_results == 0
    assert rows["飞船 ＊"].zero_results == 1
    search_index_invalidate()
