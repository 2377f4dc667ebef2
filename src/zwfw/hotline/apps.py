"""The hotline app (12345热线). See the package docstring."""

from __future__ import annotations

from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "zwfw.hotline"
    label = "hotline"
    verbose_name = "12345热线"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zwfw.hotline import (
            permissions,  # noqa: F401  (registers the actions)
            selectors,  # noqa: F401  (registers the scopes)
        )
        from zwfw.hotline.audit_actions import register_all
        from zwfw.hotline.navigation import register_navigation

        register_all()
        register_navigation()

    def load_demo_data(self, *, actor=None) -> str:
        """Demo categories, 权责清单, knowledge base, orders and a classifier trained on demo orders."""
        from zwfw.hotline.demo import load_demo

        return load_demo(actor=actor)
