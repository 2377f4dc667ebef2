"""The sharing app (数据共享, 关联图谱, 政务服务码). See the package docstring."""

from __future__ import annotations

from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "zwfw.sharing"
    label = "sharing"
    verbose_name = "数据共享"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zwfw.sharing import permissions  # noqa: F401  (registers the actions)
        from zwfw.sharing.audit_actions import register_all
        from zwfw.sharing.navigation import register_navigation

        register_all()
        register_navigation()

    def load_demo_data(self, *, actor=None) -> dict | None:
        """Demo systems and datasets (idempotent)."""
        from zwfw.sharing.demo import demo_sharing_ensure

        return demo_sharing_ensure()
