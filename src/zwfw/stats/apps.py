"""The stats app (统计报表): monthly window reports (窗口月报), charts, CSV/XLSX exports."""

from __future__ import annotations

from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "zwfw.stats"
    label = "stats"
    verbose_name = "统计报表"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zwfw.stats import permissions  # noqa: F401  (registers the actions)
        from zwfw.stats.navigation import register_navigation

        register_navigation()
