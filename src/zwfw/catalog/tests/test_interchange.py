"""Interchange JSON: export → import → export identical, whole-payload rejection, idempotence."""

from __future__ import annotations

import copy
import json

import pytest

from zwfw.catalog.errors import CatalogError
from zwfw.catalog.interchange.catalog_json import catalog_export, catalog_export_json, catalog_import
from zwfw.catalog.models import BaseItem, ItemImplementation, ItemVersion, VersionStatus
from zwfw.catalog.tests import factories as f
from zwfw.core.models import AuditLog


def _wipe_catalog():
    # drop everything the import wrote (released versions refuse deletion, so bypass via raw SQL)
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("stepedge", "step", "material", "formfield", "itemversion", "itemimplementation", "baseitem"):
            cursor.execute(f"DELETE FROM catalog_{table}")  # noqa: S608


def test_export_matches_the_imported_payload(published):
    exported = catalog_export()
    assert exported == f.payload()


def test_export_import_export_is_byte_identical(published):
    first = catalog_export_json()
    _wipe_catalog()
    assert not ItemVersion.objects.exists()
    catalog_import(actor=None, data=json.loads(first), publish=True)
    second = catalog_export_json()
    assert first == second
    assert first.endswith("\n") and "食品经营许可" in first  # UTF-8, not \\u escapes


def test_reimport_of_same_content_creates_nothing(published):
    before = ItemVersion.objects.count()
    report = catalog_import(actor=None, data=f.payload(), publish=True)
    assert report["versions_created"] == 0
    assert report["unchanged"] == 2
    assert ItemVersion.objects.count() == before


def test_changed_content_creates_a_new_published_version(published):
    data = f.payload()
    data["implementations"][0]["elements"]["limit_note"] = "改"
    data["implementations"][0]["version"]["effective_from"] = "2026-06-01"
    report = catalog_import(actor=None, data=data, publish=True)
    assert report["versions_created"] == 1
    v2 = published.versions.get(number=2)
    assert (v2.status, v2.limit_note, str(v2.effective_from)) == (VersionStatus.PUBLISHED, "改", "2026-06-01")
    v1 = published.versions.get(number=1)
    assert str(v1.effective_to) == "2026-05-31"
    assert AuditLog.objects.filter(action="zwfw.catalog.catalog.imported").count() == 2


def test_import_as_drafts_then_again_updates_the_same_draft(published):
    data = f.payload()
    data["implementations"][0]["elements"]["limit_note"] = "草稿一"
    catalog_import(actor=None, data=data, publish=False)
    data["implementations"][0]["elements"]["limit_note"] = "草稿二"
    report = catalog_import(actor=None, data=data, publish=False)
    assert report["versions_created"] == 0 and report["drafts_written"] == 1
    drafts = published.versions.filter(status=VersionStatus.DRAFT)
    assert [d.limit_note for d in drafts] == ["草稿二"]


def test_bad_payload_is_rejected_whole_with_paths(departments):
    bad_impl = f.implementation(code=f"{f.BASE_CODE}-2")
    bad_impl["elements"]["materials"][0]["source"] = "magic"
    bad_impl["region"] = "999999"
    bad_base = f.base_item(code="X2", item_type="unknown")
    data = f.payload(bases=[f.base_item(), bad_base], impls=[f.implementation(), bad_impl])
    with pytest.raises(CatalogError) as exc:
        catalog_import(actor=None, data=data, publish=True)
    assert exc.value.status == 422
    paths = {e["path"] for e in exc.value.detail}
    assert "implementations[1].elements.materials[0].source" in paths
    assert "implementations[1].region" in paths
    assert "base_items[1].item_type" in paths
    assert all(e["message"] for e in exc.value.detail)
    # nothing half-imported: the good entries were not written either
    assert not BaseItem.objects.exists() and not ItemImplementation.objects.exists()


def test_rule_violations_reject_a_publishing_import(departments):
    impl = f.implementation()
    impl["elements"]["materials"].append(f.material("extra", "额外证明"))
    impl["graph"]["edges"].append(["deliver", "apply"])
    with pytest.raises(CatalogError) as exc:
        catalog_import(actor=None, data=f.payload(impls=[impl]), publish=True)
    messages = {e["path"]: e["message"] for e in exc.value.detail}
    assert "implementations[0].elements.materials[2]" in messages
    assert "循环" in messages["implementations[0].graph.edges"]
    assert not BaseItem.objects.exists()
    # as drafts, the same payload is accepted (drafts may break rules until submitted)
    catalog_import(actor=None, data=f.payload(impls=[impl]), publish=False)
    assert ItemVersion.objects.filter(status=VersionStatus.DRAFT).count() == 2


def test_unknown_base_and_duplicates_are_reported(departments):
    data = f.payload(impls=[f.implementation(base_code="nope"), f.implementation(base_code="nope")])
    with pytest.raises(CatalogError) as exc:
        catalog_import(actor=None, data=data, publish=True)
    paths = [e["path"] for e in exc.value.detail]
    assert "implementations[0].base_code" in paths
    assert "implementations[1].code" in paths  # duplicate 实施编码


def test_wrong_format_is_rejected(db):
    with pytest.raises(CatalogError) as exc:
        catalog_import(actor=None, data={"format": "other", "format_version": 2}, publish=True)
    assert {e["path"] for e in exc.value.detail} == {"format", "format_version"}
    with pytest.raises(CatalogError):
        catalog_import(actor=None, data=[], publish=True)


def test_region_export_contains_only_that_region(published, departments):
    other = f.implementation(code=f"{f.BASE_CODE}-510700", region="510700", department="510700-zwfw")
    catalog_import(actor=None, data=f.payload(impls=[other]), publish=True)
    chengdu = catalog_export(region_code="510100")
    assert [i["code"] for i in chengdu["implementations"]] == [f.IMPL_CODE]
    assert len(catalog_export()["implementations"]) == 2
    assert catalog_export(region_code="510000")["implementations"] == catalog_export()["implementations"]


def test_base_without_content_round_trips(departments):
    base = f.base_item(code="B-EMPTY", elements={}, graph={"steps": [], "edges": []})
    catalog_import(actor=None, data=f.payload(bases=[f.base_item(), base]), publish=True)
    exported = catalog_export()
    empty = next(b for b in exported["base_items"] if b["code"] == "B-EMPTY")
    assert empty["elements"] == {} and empty["graph"] == {"steps": [], "edges": []}
    again = copy.deepcopy(exported)
    catalog_import(actor=None, data=again, publish=True)
    assert catalog_export() == exported


def test_demo_catalog_imports_and_round_trips(seeded):
    from django.apps import apps

    summary = apps.get_app_config("catalog").load_demo_data()
    assert summary["新发布版本"] > 0
    first = catalog_export_json()
    again = apps.get_app_config("catalog").load_demo_data()
    assert again["新发布版本"] == 0  # idempotent
    assert catalog_export_json() == first
