"""The licences app (电子证照): e-licence types, holdings (a person's or enterprise's wallet),
issuance on case completion, revocation, verification by number and QR code."""

from __future__ import annotations

from django.apps import AppConfig


class LicencesConfig(AppConfig):
    name = "zwfw.licences"
    label = "licences"
    verbose_name = "电子证照"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zwfw.licences import permissions  # noqa: F401  (registers the licences' actions)
        from zwfw.licences.audit_actions import register_all
        from zwfw.licences.navigation import register_navigation
        from zwfw.licences.selectors import register_scopes

        register_all()
        register_scopes()
        register_navigation()
        _register_periodic()

    def load_demo_data(self, *, actor=None) -> dict | None:
        """Licence types from the catalog's demo YAML, and wallet holdings for the demo person and
        enterprise (idempotent: see :func:`zwfw.licences.demo.demo_licences_ensure`)."""
        from zwfw.licences.demo import demo_licences_ensure

        return demo_licences_ensure(actor=actor)


def _register_periodic() -> None:
    from datetime import timedelta

    from zwfw.periodic import periodic_register

    periodic_register(
        "licences.expire_due",
        "zwfw.licences.tasks.licence_expire_due_task",
        every=timedelta(hours=24),
        offset=timedelta(minutes=30),
        description="每日00:30将有效期届满的电子证照标记为已过期",
    )
