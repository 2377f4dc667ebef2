"""The bundles' pages: every demo bundle's page shows the before/after figures; review, free
combination, application and notice pages; permissions on pages."""

from __future__ import annotations

import pytest
from django.test import Client

from zwfw.bundles.demo import demo_bundles_data
from zwfw.bundles.models import BundleApplication
from zwfw.bundles.services import bundle_application_submit, bundle_plan_latest
from zwfw.bundles.tests.conftest import GAS, POWER, WATER, every_upload
from zwfw.core.tests.factories import login_client

pytestmark = pytest.mark.django_db

FORM = {"address": "四川省成都市武侯区人民南路四段1号", "phone": "13800138000"}


def test_every_demo_bundle_page_shows_its_figures(bundles):
    from zwfw.bundles.models import Bundle

    client = Client()
    for entry in demo_bundles_data():
        bundle = Bundle.objects.get(code=entry["code"])
        plan = bundle_plan_latest(bundle).plan
        response = client.get(f"/bundles/b/{bundle.code}/")
        assert response.status_code == 200, bundle.name
        html = response.content.decode()
        assert 'data-testid="figures"' in html
        row = html.split('data-figure="materials"')[1].split("</tr>")[0]
        assert f'<td class="num">{plan["before"]["materials"]}</td>' in row, bundle.name
        assert f'<td class="num">{plan["after"]["materials"]}</td>' in row, bundle.name
        for key in ("form_fields", "time_limit_days", "trips", "windows"):
            assert f'data-figure="{key}"' in html


def test_list_and_notice_render(bundles):
    client = Client()
    html = client.get("/bundles/").content.decode()
    assert "新生儿出生" in html and "新房购置" in html
    notice = client.get("/bundles/b/510107-newborn/notice/")
    assert notice.status_code == 200
    assert "一次告知单" in notice.content.decode()
    assert "由前序事项办理结果自动获取" in notice.content.decode()


def test_draft_bundle_page_is_404_for_the_public(bundles):
    from zwfw.bundles.models import Bundle, BundleStatus

    Bundle.objects.filter(code="510107-newborn").update(status=BundleStatus.DRAFT)
    assert Client().get("/bundles/b/510107-newborn/").status_code == 404


def test_review_page_for_the_lead_department_only(bundles, zwfw_admin, other_admin):
    assert login_client(zwfw_admin).get("/bundles/b/510100-utilities-connection/review/").status_code == 200
    assert login_client(other_admin).get("/bundles/b/510100-utilities-connection/review/").status_code == 403
    assert Client().get("/bundles/b/510100-utilities-connection/review/").status_code == 302  # to the login page


def test_free_combination_page_search_add_decide_and_apply(catalog, person):
    client = login_client(person)
    page = client.get("/bundles/compose/", {"q": "供水"})
    assert WATER in page.content.decode()
    client.post("/bundles/compose/", {"action": "add", "item": [WATER, POWER, GAS]})
    html = client.get("/bundles/compose/").content.decode()
    assert 'data-testid="figures"' in html and 'data-testid="suggestion"' in html
    suggestions = html.count('data-testid="suggestion"')
    a, b = "512B18001000/applicant_identity", "512B18003000/id_card_copy"
    client.post("/bundles/compose/", {"action": "decide", "a": a, "b": b, "accepted": "1"})
    html = client.get("/bundles/compose/").content.decode()
    assert html.count('data-testid="suggestion"') == suggestions - 1
    refused = client.post("/bundles/compose/apply/", {})
    assert refused.status_code == 422  # the merged form's required 住址 and 联系电话 are missing
    assert not BundleApplication.objects.exists()
    files = {f"material_{i}": f for i, f in enumerate(every_upload(implementation_codes=[WATER, POWER, GAS]).values())}
    response = client.post("/bundles/compose/apply/", {**FORM, **files})
    assert response.status_code == 302, response.content.decode()[:2000]
    application = BundleApplication.objects.get(applicant=person)
    assert {"material_a_key": a, "material_b_key": b, "accepted": True} in application.decisions
    detail = client.get(response["Location"]).content.decode()
    assert detail.count('data-testid="child"') == 3


def test_another_applicants_application_page_is_404(catalog, person, other_person):
    application = bundle_application_submit(
        actor=person, implementation_codes=[WATER], form_data=FORM, uploads=every_upload(implementation_codes=[WATER])
    )
    assert login_client(person).get(f"/bundles/applications/{application.pk}/").status_code == 200
    assert login_client(other_person).get(f"/bundles/applications/{application.pk}/").status_code == 404
    assert login_client(other_person).get(f"/bundles/applications/{application.pk}/notice/").status_code == 404


def test_bundle_list_page_query_count_does_not_grow_with_bundles(bundles, django_assert_max_num_queries):
    from zwfw.bundles.models import Bundle

    assert Bundle.objects.count() >= 11  # the demo bundles (issue 17.6: no single-item ones)
    with django_assert_max_num_queries(8):
        response = Client().get("/bundles/")
    assert response.status_code == 200
    assert response.content.decode().count("材料 ") >= 11


def test_admin_lists_bundles_read_only(bundles, platform_admin):
    platform_admin.is_staff = True
    platform_admin.is_superuser = True
    platform_admin.save()
    client = login_client(platform_admin)
    assert client.get("/admin/bundles/bundle/").status_code == 200
    assert client.get("/admin/bundles/bundle/add/").status_code == 403


def test_the_newborn_form_asks_neither_produced_nor_account_fields_and_errors_are_per_field(bundles, person):
    """Issue 8.11: 子女公民身份号码 comes from 出生登记 inside the bundle, 企业名称 is not asked of a
    person, name/ID/phone come from the account; a bad submission shows each problem on its field."""
    client = login_client(person)
    url = "/bundles/b/510107-newborn/apply/"
    html = client.get(url).content.decode()
    for element in ("child_id_number", "enterprise_name", "applicant_name", "id_number"):
        assert f'name="{element}"' not in html, element
    assert 'name="child_name"' in html
    response = client.post(url, {"child_name": "张小宝"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "{'" not in html and "&#x27;" not in html  # no raw Python dict
    assert 'data-testid="field-error-' in html and 'value="张小宝"' in html
    assert not BundleApplication.objects.exists()


def test_citizen_pages_show_department_names_not_codes_and_no_similarity_score(bundles, person):
    """Issue 8.13: no raw department codes (``510107-wjw``) or "相似度 1.00" for citizens."""
    import re

    html = Client().get("/bundles/b/510107-newborn/").content.decode()
    windows = html.split('data-testid="windows"')[1].split("</ul>")[0]
    assert not re.search(r"\b5\d{5}-[a-z]+\b", windows) and "卫生健康" in windows
    client = login_client(person)
    client.post("/bundles/compose/", {"action": "add", "item": [WATER, GAS]})
    compose = client.get("/bundles/compose/").content.decode()
    assert "相似度" not in compose
