"""The demo bundles: every national 一件事 of DOMAIN.md, composed from the demo catalog, reviewed
by recorded decisions and published; 新生儿出生 halves the materials."""

from __future__ import annotations

import pytest

from zwfw.bundles.demo import demo_bundles_data, demo_bundles_ensure
from zwfw.bundles.models import Bundle, BundleMergeDecision, BundleStatus
from zwfw.bundles.services import bundle_plan_latest

NATIONAL = {
    "新生儿出生",
    "企业信息变更",
    "开办餐饮店",
    "退休",
    "企业注销登记",
    "教育入学",
    "残疾人服务",
    "社会保障卡居民服务",
    "水电气网联合报装",
    "信用修复",
    "开办运输企业",
    "企业上市合法合规信息核查",
    "企业破产信息核查",
    "育儿补贴申领",
    "教师资格认定",
    "新房购置",
}


def test_the_data_names_every_national_bundle():
    assert {b["name"] for b in demo_bundles_data()} >= NATIONAL


@pytest.mark.django_db
def test_every_demo_bundle_is_published_with_a_publishable_plan(bundles):
    published = Bundle.objects.filter(status=BundleStatus.PUBLISHED)
    assert {b.name for b in published} >= NATIONAL
    for bundle in published:
        plan = bundle_plan_latest(bundle).plan
        assert plan["publishable"], bundle.name
        assert plan["after"]["windows"] == 1
        assert plan["after"]["time_limit_days"] <= plan["before"]["time_limit_days"]


@pytest.mark.django_db
def test_newborn_applicant_provides_at_most_half_the_materials(bundles):
    plan = bundle_plan_latest(Bundle.objects.get(name="新生儿出生")).plan
    assert plan["after"]["materials"] * 2 <= plan["before"]["materials"]
    assert plan["after"]["materials"] == len([m for m in plan["materials"] if m["provided_by_applicant"]])


@pytest.mark.django_db
def test_review_decisions_are_stored_as_recorded_and_one_is_a_rejection(bundles):
    decisions = BundleMergeDecision.objects.filter(bundle__code="510100-new-home-purchase")
    assert [(d.material_a_key, d.material_b_key, d.accepted) for d in decisions] == [
        ("511F09001000/application_form", "511F09002000/application_form", False),
    ]
    assert decisions[0].score == 1.0
    assert BundleMergeDecision.objects.filter(accepted=True).count() >= 5


@pytest.mark.django_db
def test_loading_again_changes_nothing(bundles):
    plans = sum(b.plans.count() for b in Bundle.objects.all())
    assert "本次发布0项" in demo_bundles_ensure(actor=None)
    assert sum(b.plans.count() for b in Bundle.objects.all()) == plans


@pytest.mark.django_db
def test_without_the_catalog_the_demo_is_skipped(seeded):
    assert "跳过" in demo_bundles_ensure(actor=None)
    assert not Bundle.objects.exists()
