"""Catalog services: every change to the catalog goes through one of these (atomic, audited)."""

from zwfw.catalog.services.consistency import catalog_consistency_report
from zwfw.catalog.services.crossregion import cross_region_item_save
from zwfw.catalog.services.diff import content_diff, item_version_diff
from zwfw.catalog.services.items import (
    base_item_create,
    base_item_update,
    implementation_create,
    implementation_update,
    licence_type_ensure,
)
from zwfw.catalog.services.validation import critical_path, validate_against_base, validate_graph
from zwfw.catalog.services.versions import (
    catalog_versions_settle,
    item_version_approve,
    item_version_create_draft,
    item_version_reject,
    item_version_submit,
    item_version_update_draft,
    version_violations_for,
)

__all__ = [
    "base_item_create",
    "base_item_update",
    "catalog_consistency_report",
    "catalog_versions_settle",
    "content_diff",
    "critical_path",
    "cross_region_item_save",
    "implementation_create",
    "implementation_update",
    "item_version_approve",
    "item_version_create_draft",
    "item_version_diff",
    "item_version_reject",
    "item_version_submit",
    "item_version_update_draft",
    "licence_type_ensure",
    "validate_against_base",
    "validate_graph",
    "version_violations_for",
]
