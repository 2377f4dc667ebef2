"""Bundles services on the demo catalog: recomposition when an item's published version changes
(the change is shown), the one application (stage-1 children at once, later ones when their
prerequisites are completed, uploads reused, all or nothing), and the periodic jobs."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zwfw.bundles.models import ApplicationStatus, Bundle, BundleApplication
from zwfw.bundles.services import (
    bundle_application_advance,
    bundle_application_submit,
    bundle_applications_advance,
    bundle_is_stale,
    bundle_plan_latest,
    bundles_recompose_stale,
)
from zwfw.bundles.tests.conftest import GAS, WATER, every_upload
from zwfw.catalog.content import version_content
from zwfw.catalog.selectors import implementation_get, version_in_force
from zwfw.catalog.services import (
    item_version_approve,
    item_version_create_draft,
    item_version_submit,
    item_version_update_draft,
)
from zwfw.core.errors import ZwfwError

pytestmark = pytest.mark.django_db

FORM = {"address": "四川省成都市武侯区人民南路四段1号", "phone": "13800138000"}
PDF = b"%PDF-1.4 test\n%%EOF"
UTIL = "510100-utilities-connection"
RETIRE_FORM = {**FORM, "retire_date": "2026-12-01", "bank_name": "中国工商银行", "bank_account": "6222020200112233445"}


def _publish_without_material(code: str, key: str) -> None:
    impl = implementation_get(code=code)
    current = version_in_force(impl, with_content=True)
    draft = item_version_create_draft(actor=None, from_version=current, change_note="精简材料")
    materials = [m for m in version_content(current)["elements"]["materials"] if m["key"] != key]
    item_version_update_draft(actor=None, version=draft, content={"elements": {"materials": materials}})
    item_version_submit(actor=None, version=draft)
    item_version_approve(actor=None, version=draft)


def test_a_new_item_version_recomposes_the_bundle_and_shows_the_change(bundles):
    bundle = Bundle.objects.get(code="510100-credit-repair")
    before = bundle_plan_latest(bundle).plan
    assert not bundle_is_stale(bundle)
    assert bundles_recompose_stale(actor=None) == []
    code = "511Z01009000-510100000000-000-510100SCJG-1-00"  # 市场监管行政处罚信息信用修复
    impl_materials = version_content(version_in_force(implementation_get(code=code), with_content=True))
    removable = next(m for m in impl_materials["elements"]["materials"] if m["key"] != "fulfilment_proof")
    _publish_without_material(code, removable["key"])
    assert bundle_is_stale(bundle)
    assert bundles_recompose_stale(actor=None) == [bundle.code]
    latest = bundle_plan_latest(bundle)
    assert latest.reason == "item_changed"
    assert latest.plan["before"]["materials"] == before["before"]["materials"] - 1
    assert latest.change["figures"]["before.materials"] == {
        "before": before["before"]["materials"],
        "after": before["before"]["materials"] - 1,
    }
    assert latest.change["versions"][0]["code"] == code
    html = Client().get(f"/bundles/b/{bundle.code}/").content.decode()
    assert 'data-testid="change"' in html
    assert "before.materials" in html
    assert bundles_recompose_stale(actor=None) == []  # nothing changed since


def test_one_application_creates_all_stage_one_children_and_reuses_one_upload(bundles, person):
    upload = SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf")
    bundle = Bundle.objects.get(code=UTIL)
    plan = bundle_plan_latest(bundle).plan
    identity = next(m for m in plan["materials"] if "身份" in m["name"] and len(m["items"]) > 1)
    application = bundle_application_submit(
        actor=person, bundle=bundle, form_data=FORM, uploads={**every_upload(bundle=bundle), identity["key"]: upload}
    )
    children = list(application.children.select_related("case"))
    assert len(children) == 4 and all(c.case_id for c in children)
    served = {u["ref"].split("/")[0]: u["key"] for u in identity["uses"]}
    for child in children:
        if child.base_code in served:
            material = child.case.materials.get(key=served[child.base_code])
            assert material.status == "uploaded"
            assert material.size == len(PDF)
    assert application.materials.count() == len(every_upload(bundle=bundle))


def test_an_invalid_upload_rolls_the_whole_application_back(bundles, person):
    bundle = Bundle.objects.get(code=UTIL)
    key = next(m["key"] for m in bundle_plan_latest(bundle).plan["materials"] if m["provided_by_applicant"])
    bad = SimpleUploadedFile("id.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(ZwfwError):
        bundle_application_submit(actor=person, bundle=bundle, form_data=FORM, uploads={key: bad})
    assert not BundleApplication.objects.exists()


def test_an_unknown_material_key_is_422(bundles, person):
    with pytest.raises(ZwfwError) as info:
        bundle_application_submit(
            actor=person,
            bundle=Bundle.objects.get(code=UTIL),
            form_data=FORM,
            uploads={"nope": SimpleUploadedFile("a.pdf", PDF)},
        )
    assert info.value.code.code == "bundle_material_unknown"


def test_later_stages_wait_for_their_prerequisites_then_results_come_together(bundles, person, monkeypatch):
    from types import SimpleNamespace

    # the first item's result (职工退休审批表, an e-licence) exists once it is completed: stand it in
    issued = [SimpleNamespace(licence_type="retirement_approval", number="RA-0001", type=None)]
    monkeypatch.setattr("zwfw.cases.services.apply.licence_holdings", lambda **kw: issued)
    bundle = Bundle.objects.get(code="510107-retirement")
    application = bundle_application_submit(
        actor=person, bundle=bundle, form_data=RETIRE_FORM, uploads=every_upload(bundle=bundle)
    )
    children = {c.base_code: c for c in application.children.select_related("case")}
    first = children["512B04005000"]  # 职工正常退休申请
    assert first.case_id and first.stage == 1
    waiting = [c for c in children.values() if c.base_code != "512B04005000"]
    assert waiting and all(c.case_id is None and c.depends_on == ["512B04005000"] for c in waiting)
    assert bundle_application_advance(actor=person, application=application) == []
    type(first.case).objects.filter(pk=first.case_id).update(status="completed")
    assert bundle_applications_advance(actor=None) == len(waiting)
    application.refresh_from_db()
    assert application.children.filter(case__isnull=True).count() == 0
    assert application.status == ApplicationStatus.IN_PROGRESS
    case_model = type(first.case)
    case_model.objects.filter(bundle_child__application=application).update(status="completed")
    bundle_application_advance(actor=None, application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED and application.completed_at


def test_a_refused_child_ends_the_application(bundles, person):
    bundle = Bundle.objects.get(code="510107-retirement")
    application = bundle_application_submit(
        actor=person, bundle=bundle, form_data=RETIRE_FORM, uploads=every_upload(bundle=bundle)
    )
    child = application.children.exclude(case=None).get()
    type(child.case).objects.filter(pk=child.case_id).update(status="refused")
    bundle_application_advance(actor=None, application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ENDED
    assert application.children.filter(case__isnull=True).exists()


def test_clerk_applies_on_behalf_and_applicant_cannot(catalog, person, other_person):
    from zwfw.core.models import Role
    from zwfw.core.tests.factories import make_user

    # a clerk of 成都市 for 成都市 items (a 武侯区 clerk may not file a city item: issue 18.1)
    clerk = make_user(role=Role.WINDOW_CLERK, username="b_clerk_cd", department="510100-zwfw")
    application = bundle_application_submit(
        actor=clerk,
        implementation_codes=[WATER, GAS],  # 成都 items: a 成都 clerk may not file a province item
        form_data=FORM,
        on_behalf_of=person,
        uploads=every_upload(implementation_codes=[WATER, GAS]),
    )
    assert application.applicant == person and application.agent == clerk
    assert application.channel == "window"
    assert all(c.case.agent_id == clerk.pk for c in application.children.select_related("case"))
    with pytest.raises(PermissionDenied):
        bundle_application_submit(actor=other_person, implementation_codes=[WATER], on_behalf_of=person)
    with pytest.raises(PermissionDenied):
        bundle_application_submit(actor=clerk, implementation_codes=[WATER])


def test_a_draft_bundle_cannot_be_applied_for(bundles, person):
    bundle = Bundle.objects.get(code=UTIL)
    bundle.status = "draft"
    bundle.save()
    with pytest.raises(ZwfwError) as info:
        bundle_application_submit(actor=person, bundle=bundle, form_data=FORM)
    assert info.value.status == 409
