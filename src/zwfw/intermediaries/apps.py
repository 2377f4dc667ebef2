"""The intermediaries app (中介服务网上超市). See the package docstring."""

from __future__ import annotations

from django.apps import AppConfig


class IntermediariesConfig(AppConfig):
    name = "zwfw.intermediaries"
    label = "intermediaries"
    verbose_name = "中介服务网上超市"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zwfw.core import audit_actions
        from zwfw.intermediaries import permissions  # noqa: F401  (registers the actions)
        from zwfw.intermediaries.navigation import AUDIT_ACTIONS, register_navigation

        for code, (zh, en) in AUDIT_ACTIONS.items():
            audit_actions.register(code, zh, en)
        register_navigation()

    def load_demo_data(self, *, actor=None) -> dict | None:
        from zwfw.intermediaries.demo import demo_intermediaries_ensure

        return demo_intermediaries_ensure()
