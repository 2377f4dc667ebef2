"""The trading app (公共资源交易). See the package docstring."""

from __future__ import annotations

from django.apps import AppConfig


class TradingConfig(AppConfig):
    name = "zwfw.trading"
    label = "trading"
    verbose_name = "公共资源交易"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from zwfw.core.selectors.scope import scope_register

        from . import navigation, permissions  # noqa: F401  (registers actions, nav entries, queues)
        from .models import Project, Section

        scope_register(Project, region="region", owner="tenderee")
        scope_register(Section, region="project__region", owner="project__tenderee")
