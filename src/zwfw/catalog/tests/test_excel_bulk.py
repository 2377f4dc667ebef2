"""The bulk path for new entries writes what ``catalog_import`` writes, after the same checks."""

from __future__ import annotations

import pytest

from zwfw.catalog.errors import CatalogError
from zwfw.catalog.interchange.catalog_json import catalog_export, catalog_import
from zwfw.catalog.interchange.excel.bulk import catalog_import_new
from zwfw.catalog.models import BaseItem, ItemVersion, Material, Step, StepEdge, VersionStatus
from zwfw.catalog.tests import factories as f
from zwfw.catalog.tests.excel_helpers import wipe_catalog
from zwfw.core.models import AuditLog


def _version_rows():
    fields = ("number", "status", "effective_from", "effective_to", "change_note", "base_item__code")
    return sorted(
        ItemVersion.objects.values_list(*fields, "implementation__code"), key=lambda r: (r[-2] or "", r[-1] or "")
    )


def test_bulk_import_of_the_demo_catalog_equals_the_interchange_import(seeded):
    from zwfw.catalog.interchange.demo import build_catalog

    data = build_catalog()
    catalog_import(actor=None, data=data, publish=True)
    expected, expected_rows = catalog_export(), _version_rows()
    counts = (Material.objects.count(), Step.objects.count(), StepEdge.objects.count())
    wipe_catalog()
    report = catalog_import_new(actor=None, data=data, publish=True)
    assert report["versions_created"] == 255 and report["implementations"]["created"] == 154
    assert catalog_export() == expected
    assert _version_rows() == expected_rows
    assert (Material.objects.count(), Step.objects.count(), StepEdge.objects.count()) == counts
    assert AuditLog.objects.filter(action="zwfw.catalog.catalog.imported").count() == 2
    again = catalog_import(actor=None, data=data, publish=True)
    assert again["versions_created"] == 0 and again["unchanged"] == 255


def test_bulk_path_checks_like_the_interchange_import(departments):
    impl = f.implementation()
    impl["elements"]["materials"].append(f.material("extra", "额外证明"))
    with pytest.raises(CatalogError) as exc:
        catalog_import_new(actor=None, data=f.payload(impls=[impl]), publish=True)
    assert "implementations[0].elements.materials[2]" in {e["path"] for e in exc.value.detail}
    assert not BaseItem.objects.exists()


def test_existing_entries_and_drafts_go_through_the_interchange_import(published):
    data = f.payload()
    data["implementations"][0]["elements"]["limit_note"] = "改"
    report = catalog_import_new(actor=None, data=data, publish=True)
    assert report["versions_created"] == 1 and report["unchanged"] == 1
    assert published.versions.filter(status=VersionStatus.SUPERSEDED).count() == 1
    data["implementations"][0]["elements"]["limit_note"] = "草稿"
    assert catalog_import_new(actor=None, data=data, publish=False)["drafts_written"] == 1
