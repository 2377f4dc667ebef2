"""The catalog app: 一单一图一表 — items, element tables, process graphs, versions."""

from __future__ import annotations

import importlib.util

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "zwfw.catalog"
    label = "catalog"
    verbose_name = "事项目录"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zwfw.catalog import (
            permissions,  # noqa: F401  (registers the catalog's actions)
            tasks,  # noqa: F401  (a published version enqueues the search index build)
        )
        from zwfw.catalog.audit_actions import register_all
        from zwfw.catalog.navigation import register_navigation

        register_all()
        register_navigation()

    def load_demo_data(self, *, actor=None) -> dict | None:
        """Import the demo catalog (``zwfw.catalog.interchange.demo.build_catalog()``) and publish it.

        Called by ``zwfw demo`` for every AppConfig that has this method. Does nothing (returns
        ``None``) when the demo module is not installed. Into an empty catalog it takes the bulk path
        (:func:`zwfw.catalog.interchange.excel.bulk.catalog_import_new`: the same checks, rows and
        audit row, about ten times faster); a re-run falls back to
        :func:`zwfw.catalog.interchange.catalog_json.catalog_import`, which skips content it
        already holds, so re-running is idempotent.
        """
        if importlib.util.find_spec("zwfw.catalog.interchange.demo") is None:
            return None
        from zwfw.catalog.interchange.demo import build_catalog
        from zwfw.catalog.interchange.excel.bulk import catalog_import_new

        report = catalog_import_new(actor=actor, data=build_catalog(), publish=True)
        chuanyu = _demo_cross_region_ensure()
        return {
            "基本目录新增": report["base_items"]["created"],
            "实施清单新增": report["implementations"]["created"],
            "新发布版本": report["versions_created"],
            "未变化": report["unchanged"],
            "川渝通办": chuanyu,
        }


#: The demo's 川渝通办 entry: 渝中区's 食品经营许可（新办）, received at 成都's windows (异地代收代办).
DEMO_CROSS_REGION = {"base_code": "511A01006000", "handling_region": "500103", "intake_regions": ["510100"]}


def _demo_cross_region_ensure() -> int:
    from zwfw.catalog.selectors import implementation_list
    from zwfw.catalog.services import cross_region_item_save

    impl = (
        implementation_list()
        .filter(base__code=DEMO_CROSS_REGION["base_code"], region_id=DEMO_CROSS_REGION["handling_region"])
        .first()
    )
    if impl is None:
        return 0
    cross_region_item_save(
        actor=None,
        implementation_code=impl.code,
        intake_region_codes=DEMO_CROSS_REGION["intake_regions"],
        batch="演示",
        note="演示数据：成都市各窗口代收、渝中区市场监管局审批、结果回收件窗口出件或邮寄",
    )
    return 1
