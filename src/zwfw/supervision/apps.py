"""The supervision app (互联网+监管). See the package docstring."""

from __future__ import annotations

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zwfw.supervision"
    label = "supervision"
    verbose_name = "互联网+监管"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zwfw.supervision import permissions  # noqa: F401  (registers the actions)
        from zwfw.supervision.audit_actions import register_all
        from zwfw.supervision.navigation import register_navigation

        register_all()
        register_navigation()

    def load_demo_data(self, *, actor=None) -> dict | None:
        """监管事项, inspectors, a supervised population, credit records (idempotent)."""
        from zwfw.supervision.demo import demo_supervision_ensure

        return demo_supervision_ensure()
