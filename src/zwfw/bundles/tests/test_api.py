"""The bundles API: anonymous free combination, cycle and bad input as 4xx, review only for the
lead department's admins and platform admins, publishing refused while suggestions are open,
applications scoped to their applicant."""

from __future__ import annotations

import pytest
from django.test import Client

from zwfw.bundles.models import Bundle, BundleMergeDecision, BundleStatus
from zwfw.bundles.services import bundle_define
from zwfw.bundles.tests.conftest import GAS, POWER, WATER
from zwfw.core.tests.factories import login_client

pytestmark = pytest.mark.django_db

FORM = {"address": "四川省成都市武侯区人民南路四段1号", "phone": "13800138000"}
UTIL = "510100-utilities-connection"


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_anonymous_compose_returns_the_plan_with_suggestions(catalog):
    response = _post(Client(), "/api/v1/bundles/compose", {"items": [WATER, POWER, GAS]})
    assert response.status_code == 200, response.content
    plan = response.json()["plan"]
    assert plan["before"]["materials"] == 6  # two per item, done one by one
    assert len(plan["open_suggestions"]) == 2  # 申请人身份证明 ~ 申请人身份证明 / 身份证复印件
    assert all(s["score"] >= 0.7 for s in plan["open_suggestions"])


def test_compose_with_a_decision_merges_the_pair(catalog):
    a, b = "512B18001000/applicant_identity", "512B18003000/id_card_copy"
    without = _post(Client(), "/api/v1/bundles/compose", {"items": [WATER, POWER, GAS]}).json()["plan"]
    response = _post(
        Client(),
        "/api/v1/bundles/compose",
        {"items": [WATER, POWER, GAS], "decisions": [{"material_a_key": a, "material_b_key": b, "accepted": True}]},
    )
    plan = response.json()["plan"]
    assert plan["after"]["materials"] == without["after"]["materials"] - 1
    assert len(plan["open_suggestions"]) == len(without["open_suggestions"]) - 1
    assert not BundleMergeDecision.objects.exists()  # a free combination stores nothing globally


@pytest.mark.parametrize(
    ("items", "code"),
    [
        (["nope"], "bundle_unknown_item"),
        ([WATER, "512B18002000-510100000000-000-510100ZWFW-1-00"], "bundle_duplicate_item"),
    ],
)
def test_compose_bad_items_are_422(catalog, items, code):
    response = _post(Client(), "/api/v1/bundles/compose", {"items": items})
    assert response.status_code == 422
    assert response.json()["code"] == code


def test_compose_empty_and_bad_decision_are_422(catalog):
    assert _post(Client(), "/api/v1/bundles/compose", {"items": []}).status_code == 422
    bad = _post(
        Client(),
        "/api/v1/bundles/compose",
        {"items": [WATER], "decisions": [{"material_a_key": "x", "material_b_key": "x", "accepted": True}]},
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "bundle_bad_decision"


def test_a_dependency_cycle_is_rejected_with_the_names(catalog):
    with pytest.raises(Exception) as info:
        bundle_define(
            actor=None,
            code="cycle",
            name="循环",
            theme="person",
            lead_department_code="510107-wjw",
            region_code="510107",
            implementation_codes=[
                "512B03001000-510107000000-000-510107WJW-1-00",
                "511F02001000-510107000000-000-510107GA-1-00",
            ],
            dependencies=[("512B03001000", "511F02001000"), ("511F02001000", "512B03001000")],
        )
    assert info.value.status == 422
    assert info.value.code.code == "bundle_dependency_cycle"
    assert "出生医学证明首次签发" in info.value.message and "出生登记" in info.value.message
    assert not Bundle.objects.filter(code="cycle").exists()


def test_review_endpoints_by_role(bundles, zwfw_admin, other_admin, platform_admin, person):
    url = f"/api/v1/bundles/{UTIL}/review"
    assert Client().get(url).status_code == 401
    assert login_client(person).get(url).status_code == 403
    assert login_client(other_admin).get(url).status_code == 403
    assert login_client(zwfw_admin).get(url).status_code == 200
    body = login_client(platform_admin).get(url).json()
    assert body["publishable"] is True
    assert len(body["decisions"]) == 3


def test_publishing_is_refused_while_a_suggestion_is_open_then_allowed(bundles, zwfw_admin):
    bundle = Bundle.objects.get(code=UTIL)
    BundleMergeDecision.objects.filter(bundle=bundle).delete()
    client = login_client(zwfw_admin)
    client.post(f"/api/v1/bundles/{UTIL}/recompose")
    bundle.refresh_from_db()
    assert bundle.status == BundleStatus.DRAFT  # the recomposed plan is no longer publishable
    refused = client.post(f"/api/v1/bundles/{UTIL}/publish")
    assert refused.status_code == 409
    assert refused.json()["code"] == "bundle_not_publishable"
    open_ = refused.json()["detail"]["open_suggestions"]
    assert open_ and all("score" in s for s in open_)
    while True:
        review = client.get(f"/api/v1/bundles/{UTIL}/review").json()
        if not review["open_suggestions"]:
            break
        s = review["open_suggestions"][0]
        answer = _post(
            client,
            f"/api/v1/bundles/{UTIL}/decisions",
            {
                "material_a_key": s["material_a_key"],
                "material_b_key": s["material_b_key"],
                "accepted": True,
                "note": "同为身份证件",
            },
        )
        assert answer.status_code == 200
    published = client.post(f"/api/v1/bundles/{UTIL}/publish")
    assert published.status_code == 200
    assert published.json()["status"] == "published"


def test_a_decision_on_a_pair_that_is_not_suggested_is_422(bundles, zwfw_admin):
    response = _post(
        login_client(zwfw_admin),
        f"/api/v1/bundles/{UTIL}/decisions",
        {"material_a_key": "512B18001000/x", "material_b_key": "512B18002000/y", "accepted": True},
    )
    assert response.status_code == 422


def test_application_via_api_and_another_applicant_gets_404(bundles, person, other_person):
    from zwfw.bundles.models import BundleApplication
    from zwfw.bundles.services import bundle_application_submit
    from zwfw.bundles.tests.conftest import every_upload

    # The JSON API carries no files: an application whose items need paper is refused whole,
    # naming what is missing, and nothing is stored (a multipart API is open work).
    response = _post(login_client(person), "/api/v1/bundles/applications", {"bundle": UTIL, "form_data": FORM})
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "case_materials_required"
    assert not BundleApplication.objects.exists()
    bundle = Bundle.objects.get(code=UTIL)
    application = bundle_application_submit(
        actor=person, bundle=bundle, form_data=FORM, uploads=every_upload(bundle=bundle)
    )
    url = f"/api/v1/bundles/applications/{application.pk}"
    body = login_client(person).get(url).json()
    assert body["total"] == 4
    assert all(c["case_number"] for s in body["stages"] for c in s["children"])
    assert login_client(person).get(url).status_code == 200
    assert login_client(other_person).get(url).status_code == 404
    assert Client().get(url).status_code == 401
    assert login_client(other_person).get("/api/v1/bundles/applications").json() == []


def test_bundle_detail_api_is_public_and_drafts_are_404(bundles):
    assert Client().get("/api/v1/bundles/510107-newborn").json()["after"]["windows"] == 1
    assert Client().get("/api/v1/bundles/nope").status_code == 404
    assert len(Client().get("/api/v1/bundles").json()) >= 11
