"""Display texts of the catalog's audit action codes (``zwfw.catalog.<entity>.<verb>``).

Registered with core's registry (:mod:`zwfw.core.audit_actions`) from ``CatalogConfig.ready``.
"""

from __future__ import annotations

import importlib

ENTITIES = {
    "base_item": ("基本目录事项", "base item"),
    "implementation": ("实施清单事项", "implementation"),
    "licence_type": ("电子证照类型", "e-licence type"),
    "item_version": ("事项版本", "item version"),
    "search_synonym": ("检索同义词", "search synonym"),
}

ACTIONS: dict[str, tuple[str, str]] = {
    "zwfw.catalog.base_item.created": ("新增基本目录事项", "Base item created"),
    "zwfw.catalog.base_item.updated": ("修改基本目录事项", "Base item updated"),
    "zwfw.catalog.implementation.created": ("新增实施清单事项", "Implementation created"),
    "zwfw.catalog.implementation.updated": ("修改实施清单事项", "Implementation updated"),
    "zwfw.catalog.cross_region_item.saved": ("维护跨域通办（川渝通办）事项清单", "Cross-region item list entry saved"),
    "zwfw.catalog.licence_type.created": ("新增电子证照类型", "E-licence type created"),
    "zwfw.catalog.licence_type.updated": ("修改电子证照类型", "E-licence type updated"),
    "zwfw.catalog.item_version.draft_created": ("新建事项版本草稿", "Item version draft created"),
    "zwfw.catalog.item_version.draft_updated": ("修改事项版本草稿", "Item version draft updated"),
    "zwfw.catalog.item_version.submitted": ("事项版本提交审核", "Item version submitted for review"),
    "zwfw.catalog.item_version.approved": ("事项版本审核通过并发布", "Item version approved and published"),
    "zwfw.catalog.item_version.rejected": ("事项版本审核退回", "Item version rejected"),
    "zwfw.catalog.item_version.superseded": ("事项版本被新版本替代", "Item version superseded"),
    "zwfw.catalog.catalog.imported": ("导入事项目录", "Catalog imported"),
    "zwfw.catalog.search_synonym.created": ("新增检索同义词", "Search synonym created"),
    "zwfw.catalog.search_synonym.updated": ("修改检索同义词", "Search synonym updated"),
    "zwfw.catalog.search_synonym.deleted": ("删除检索同义词", "Search synonym deleted"),
}
for _entity, (_zh, _en) in ENTITIES.items():
    ACTIONS[f"zwfw.catalog.{_entity}.admin_created"] = (f"后台新增{_zh}", f"{_en.capitalize()} created in admin")
    ACTIONS[f"zwfw.catalog.{_entity}.admin_changed"] = (f"后台修改{_zh}", f"{_en.capitalize()} changed in admin")
    ACTIONS[f"zwfw.catalog.{_entity}.admin_deleted"] = (f"后台删除{_zh}", f"{_en.capitalize()} deleted in admin")


def register_all() -> None:
    """Register every code with core's registry, when core provides one."""
    try:
        registry = importlib.import_module("zwfw.core.audit_actions")
    except ImportError:  # core's registry not present in this checkout: codes display as themselves
        return
    for code, (zh, en) in ACTIONS.items():
        registry.register(code, zh, en)
