"""The catalog's pages: portal list and search, 办事指南, 百姓体, versions and diff, the
maintainers' consistency report and review queue (permissions, errors in Chinese, query counts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zwfw.catalog.interchange.catalog_json import catalog_import
from zwfw.catalog.models import ItemImplementation, ItemVersion, VersionStatus
from zwfw.catalog.search import search_index_invalidate
from zwfw.catalog.services import (
    item_version_approve,
    item_version_create_draft,
    item_version_submit,
    item_version_update_draft,
)
from zwfw.catalog.tests import factories as f
from zwfw.core.tests.factories import login_client

STATIC = Path(__file__).resolve().parents[2] / "static" / "catalog"


@pytest.fixture(autouse=True)
def _fresh_search_index():
    search_index_invalidate()
    yield
    search_index_invalidate()


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def new_version(impl, users, *, promised=10, approve=True) -> ItemVersion:
    v = item_version_create_draft(actor=users["maintainer"], implementation=impl, change_note="压缩承诺时限")
    item_version_update_draft(
        actor=users["maintainer"], version=v, content={"elements": {"promised_limit_days": promised}}
    )
    item_version_submit(actor=users["maintainer"], version=v)
    if approve:
        item_version_approve(actor=users["reviewer"], version=v)
    v.refresh_from_db()
    return v


# --- portal ---------------------------------------------------------------------------------------


def test_portal_lists_published_items(published, client):
    html = page(client, reverse("catalog:item_list"))
    assert "食品经营许可（新办）" in html
    assert reverse("catalog:item_detail", args=[published.code]) in html
    assert "共 1 个事项" in html
    assert "承诺9个工作日" in html and "不收费" in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("region=510100", True),
        ("region=510700", False),  # 绵阳市 has no items
        ("department=510100-scjg", True),
        ("department=510100-wjw", False),
        ("item_type=licence", True),
        ("item_type=payment", False),
        ("audience=person", True),
        ("audience=enterprise", True),
        ("enterprise_stage=access", True),
        ("enterprise_stage=exit", False),
        ("life_event=birth", False),
    ],
)
def test_portal_filters(published, client, query, shown):
    html = page(client, f"{reverse('catalog:item_list')}?{query}")
    assert ("食品经营许可（新办）" in html) is shown


@pytest.mark.parametrize("query", ["item_type=bogus", "region=abc", "page=999", "page=x", "audience=<b>"])
def test_portal_bad_filters_are_ignored_not_500(published, client, query):
    html = page(client, f"{reverse('catalog:item_list')}?{query}")
    assert "食品经营许可（新办）" in html


def _impls(n: int) -> list[dict]:
    return [f.implementation(code=f"{f.BASE_CODE}-510100000000-000-510100-scjg-1-{i:02d}") for i in range(n)]


def test_portal_list_query_count_does_not_grow_with_items(departments, client):
    catalog_import(actor=None, data=f.payload(impls=_impls(2)), publish=True)
    url = reverse("catalog:item_list")
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as few:
        page(client, url)
    catalog_import(actor=None, data=f.payload(impls=_impls(12)), publish=True)
    with CaptureQueriesContext(connection) as many:
        html = page(client, url)
    assert html.count('class="item-row"') == 12
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_portal_paginates(departments, client):
    catalog_import(actor=None, data=f.payload(impls=_impls(25)), publish=True)
    first = page(client, reverse("catalog:item_list"))
    assert first.count('class="item-row"') == 20
    assert "第 1 / 2 页" in first and 'rel="next"' in first
    second = page(client, reverse("catalog:item_list") + "?page=2")
    assert second.count('class="item-row"') == 5


def test_search_finds_colloquial_query(published, client):
    html = page(client, reverse("catalog:item_search") + "?q=开饭店")
    assert "食品经营许可（新办）" in html
    assert reverse("catalog:item_detail", args=[published.code]) in html


def test_search_without_hits_says_so(published, client):
    html = page(client, reverse("catalog:item_search") + "?q=飞船")
    assert "没有找到相关事项" in html


def test_search_empty_and_hostile_queries(published, client):
    assert "请输入您要办的事" in page(client, reverse("catalog:item_search"))
    html = page(client, reverse("catalog:item_search") + "?q=<script>alert(1)</script>" + "x" * 500)
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


# --- guide ----------------------------------------------------------------------------------------


def test_guide_shows_every_element(published, client):
    html = page(client, reverse("catalog:item_detail", args=[published.code]))
    for label in (
        "设定依据",
        "《中华人民共和国食品安全法》第三十五条",
        "实施机关",
        "受理条件",
        "申请人应当具有与经营的食品品种",
        "申请材料（2项）",
        "食品经营许可申请书",
        "原件1份",
        "免提交：可用电子证照",
        "空白表格：申请书.docx",
        "法定时限",
        "20个工作日",
        "承诺时限",
        "9个工作日",
        "不收费",
        "网上办理深度",
        "Ⅳ级",
        "到现场次数",
        "中介服务",
        "监管主体",
        "双随机、一公开",
        "办理结果",
        "同步发放电子证照：食品经营许可证",
        "适用范围",
        "辖区内食品经营者",
        "有效期限",
        "5年",
        "028-12345",
        "投诉电话",
        "办理地点",
        "市民服务中心",
        "工作日 9:00-17:00",
        "告知承诺",
        "容缺受理",
        "要多久？",
    ):
        assert label in html, label


def test_guide_inlines_the_diagram_and_links(published, client):
    html = page(client, reverse("catalog:item_detail", args=[published.code]))
    svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    assert len(re.findall(r'data-step="', svg)) == 6
    assert "一图尽知" in html
    assert reverse("catalog:item_plain", args=[published.code]) in html
    assert reverse("catalog:item_versions", args=[published.code]) in html
    assert reverse("api:catalog_item_detail", kwargs={"code": published.code}) in html
    assert "catalog/catalog.css" in html


def test_guide_has_a_print_stylesheet():
    css = (STATIC / "catalog.css").read_text(encoding="utf-8")
    block = css[css.index("@media print") :]
    assert ".site-header" in block and "display: none" in block


def test_guide_unknown_code_is_404(db, client):
    page(client, reverse("catalog:item_detail", args=["nope"]), status=404)
    page(client, reverse("catalog:item_plain", args=["nope"]), status=404)


def test_guide_date_selects_the_version_in_force(published, client):
    url = reverse("catalog:item_detail", args=[published.code])
    page(client, url + "?on=2025-06-01", status=404)  # before v1 took effect
    page(client, url + "?on=not-a-date", status=404)
    assert "第1版" in page(client, url + "?on=2026-02-01")


def test_inactive_implementation_has_no_guide(published, client):
    ItemImplementation.objects.filter(pk=published.pk).update(is_active=False)
    page(client, reverse("catalog:item_detail", args=[published.code]), status=404)


def test_guide_plain_and_api_render_the_same_published_version(published, users, client):
    new_version(published, users, promised=10)
    draft = item_version_create_draft(actor=users["maintainer"], implementation=published)
    item_version_update_draft(
        actor=users["maintainer"], version=draft, content={"elements": {"promised_limit_days": 2}}
    )
    guide = page(client, reverse("catalog:item_detail", args=[published.code]))
    plain = page(client, reverse("catalog:item_plain", args=[published.code]))
    api = client.get(reverse("api:catalog_guide", kwargs={"code": published.code})).json()
    assert "第2版" in guide and "10个工作日" in guide
    assert "最快10个工作日办好。" in plain
    assert api["version_number"] == 2 and api["promised_limit_days"] == 10
    assert "最快2个工作日" not in plain  # the draft is never shown


def test_plain_guide_page(published, client):
    html = page(client, reverse("catalog:item_plain", args=[published.code]))
    for title in ("要准备什么", "去哪办", "最快几天", "要不要钱", "能不能网上办", "办好了拿到什么"):
        assert f">{title}</h2>" in html
    assert "不收费。" in html
    assert "最快9个工作日办好。" in html


# --- versions and diff ----------------------------------------------------------------------------


def test_versions_page_lists_history(published, users, client):
    new_version(published, users)
    html = page(client, reverse("catalog:item_versions", args=[published.code]))
    assert "第1版" in html and "第2版" in html
    assert "已发布" in html and "已被替代" in html
    assert "压缩承诺时限" in html
    assert users["reviewer"].username in html or (users["reviewer"].display_name or "") in html


def test_versions_page_hides_drafts_from_the_public(published, users, client):
    item_version_create_draft(actor=users["maintainer"], implementation=published, change_note="内部草稿")
    assert "内部草稿" not in page(client, reverse("catalog:item_versions", args=[published.code]))
    staff = login_client(users["maintainer"])
    assert "内部草稿" in page(staff, reverse("catalog:item_versions", args=[published.code]))


def test_diff_page_shows_field_changes(published, users, client):
    new_version(published, users, promised=10)
    html = page(client, reverse("catalog:item_diff", args=[published.code]) + "?from=1&to=2")
    assert "承诺时限（工作日）" in html
    assert "<del>9</del>" in html and "<ins>10</ins>" in html
    assert "共 1 处变化" in html


def test_diff_bad_input(published, users, client):
    url = reverse("catalog:item_diff", args=[published.code])
    assert "请选择要比较的两个版本" in page(client, url + "?from=x&to=1", status=400)
    page(client, url + "?from=1", status=400)
    page(client, url + "?from=1&to=9", status=404)
    v = new_version(published, users, approve=False)  # in review: not public
    page(client, url + f"?from=1&to={v.number}", status=404)
    assert "承诺时限" in page(login_client(users["reviewer"]), url + f"?from=1&to={v.number}")


# --- maintainers ----------------------------------------------------------------------------------


def test_consistency_report_requires_a_maintainer(published, users, client):
    url = reverse("catalog:consistency") + "?region=510100"
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for who in ("person", "clerk"):
        assert login_client(users[who]).get(url).status_code == 403
    for who in ("maintainer", "platform"):
        html = page(login_client(users[who]), url)
        assert "检查事项" in html and "全部一致" in html


def test_consistency_report_lists_violations(published, users):
    # The province drops 营业执照 from the base item: the 成都 list now asks for a material its base does not.
    base = published.base
    v = item_version_create_draft(actor=None, base_item=base)
    materials = [m for m in f.elements()["materials"] if m["key"] != "business_licence"]
    item_version_update_draft(actor=None, version=v, content={"elements": {"materials": materials}})
    item_version_submit(actor=None, version=v)
    item_version_approve(actor=None, version=v)
    html = page(login_client(users["maintainer"]), reverse("catalog:consistency") + "?region=510100")
    assert "added_material" in html
    assert "营业执照" in html
    assert "有问题的事项</dt><dd>1个" in html


def test_consistency_report_bad_region(published, users):
    page(login_client(users["maintainer"]), reverse("catalog:consistency") + "?region=abc", status=404)


def test_review_queue_permissions(published, users, client):
    url = reverse("catalog:review_queue")
    assert client.get(url).status_code == 302
    for who in ("person", "clerk", "maintainer"):
        assert login_client(users[who]).get(url).status_code == 403
    v = new_version(published, users, approve=False)
    assert f'data-testid="review-{v.pk}"' in page(login_client(users["reviewer"]), url)
    assert f'data-testid="review-{v.pk}"' not in page(login_client(users["other_reviewer"]), url)
    assert f'data-testid="review-{v.pk}"' in page(login_client(users["platform"]), url)


def test_reviewer_approves_from_the_queue(published, users):
    v = new_version(published, users, approve=False)
    reviewer = login_client(users["reviewer"])
    response = reviewer.post(reverse("catalog:review_decide", args=[v.pk]), {"decision": "approve"}, follow=True)
    assert "已审核通过第2版并发布" in response.content.decode()
    v.refresh_from_db()
    assert v.status == VersionStatus.PUBLISHED and v.reviewed_by == users["reviewer"]


def test_reviewer_rejects_with_a_reason(published, users):
    v = new_version(published, users, approve=False)
    reviewer = login_client(users["reviewer"])
    url = reverse("catalog:review_decide", args=[v.pk])
    response = reviewer.post(url, {"decision": "reject", "note": ""}, follow=True)
    assert "退回时必须填写退回理由" in response.content.decode()
    v.refresh_from_db()
    assert v.status == VersionStatus.REVIEW
    reviewer.post(url, {"decision": "reject", "note": "材料清单有误"})
    v.refresh_from_db()
    assert v.status == VersionStatus.REJECTED and v.review_note == "材料清单有误"


def test_review_errors_are_shown_in_chinese(published, users):
    platform = users["platform"]
    v = item_version_create_draft(actor=platform, implementation=published)
    item_version_update_draft(actor=platform, version=v, content={"elements": {"promised_limit_days": 10}})
    item_version_submit(actor=platform, version=v)
    client = login_client(platform)
    response = client.post(reverse("catalog:review_decide", args=[v.pk]), {"decision": "approve"}, follow=True)
    assert "不能审核自己编制的版本" in response.content.decode()
    response = client.post(reverse("catalog:review_decide", args=[v.pk]), {"decision": "maybe"}, follow=True)
    assert "请选择“通过”或“退回”" in response.content.decode()
    v.refresh_from_db()
    assert v.status == VersionStatus.REVIEW


def test_review_of_a_published_version_is_refused(published, users):
    v = new_version(published, users)  # already published
    response = login_client(users["reviewer2"]).post(
        reverse("catalog:review_decide", args=[v.pk]), {"decision": "approve"}, follow=True
    )
    assert "不能执行" in response.content.decode()


def test_review_decide_is_post_only_and_scoped(published, users):
    v = new_version(published, users, approve=False)
    url = reverse("catalog:review_decide", args=[v.pk])
    assert login_client(users["reviewer"]).get(url).status_code == 405
    assert login_client(users["person"]).post(url, {"decision": "approve"}).status_code == 404
    # another department's reviewer may not even see the version (scoping answers 404)
    assert login_client(users["other_reviewer"]).post(url, {"decision": "approve"}).status_code == 404
    v.refresh_from_db()
    assert v.status == VersionStatus.REVIEW


def test_navigation_entries_by_role(published, users, client):
    assert reverse("catalog:item_list") in page(client, "/")
    reviewer_home = page(login_client(users["reviewer"]), "/")
    assert reverse("catalog:review_queue") in reviewer_home
    assert reverse("catalog:consistency") in reviewer_home
    person_home = page(login_client(users["person"]), "/")
    assert reverse("catalog:review_queue") not in person_home
