"""The catalog app: 一单一图一表 — items, element tables, process graphs, versions."""

from __future__ import annotations

import importlib.util

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "zwfw.catalog"
    label = "catalog"
    verbose_name = "事项目录"
    default_auto_field = "django.db.models.BigAutoField"

    def load_demo_data(self, *, actor=None) -> dict | None:
        """Import the demo catalog (``zwfw.catalog.demo.build_catalog()``) and publish it.

        Called by ``zwfw demo`` for every AppConfig that has this method. Does nothing (returns
        ``None``) when the demo module is not installed; re-running is idempotent because
        :func:`zwfw.catalog.services.catalog_import` skips content it already holds.
        """
        if importlib.util.find_spec("zwfw.catalog.demo") is None:
            return None
        from zwfw.catalog.demo import build_catalog
        from zwfw.catalog.services import catalog_import

        return catalog_import(actor=actor, data=build_catalog(), publish=True)
