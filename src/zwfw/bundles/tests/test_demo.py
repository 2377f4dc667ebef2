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
    "残疾人服务",
    "水电气网联合报装",
    "信用修复",
    "开办运输企业",
    "企业破产信息核查",
    "新房购置",
}
#: National 一件事 that are not demo bundles (issue 17.6): one item each in this catalog, or
#: transactions that are alternatives (社会保障卡). docs/demo-data.md gives the reasons.
NOT_BUNDLED = {"教育入学", "社会保障卡居民服务", "企业上市合法合规信息核查", "育儿补贴申领", "教师资格认定"}


def test_the_data_names_every_national_bundle():
    assert {b["name"] for b in demo_bundles_data()} >= NATIONAL


def test_every_demo_bundle_joins_several_items_that_are_applied_for_together():
    """Issue 17.6: no 一件事 of a single item; no bundle of mutually exclusive transactions; 企业注销
    does not include 公章刻制备案 (刻制 makes seals, it does not cancel them)."""
    data = demo_bundles_data()
    names = {b["name"] for b in data}
    assert not names & NOT_BUNDLED
    for bundle in data:
        assert len(bundle["items"]) >= 2, bundle["name"]
    deregistration = next(b for b in data if b["name"] == "企业注销登记")
    assert not any(i["implementation"].startswith("511Z02006000") for i in deregistration["items"])


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
