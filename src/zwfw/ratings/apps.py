"""The ratings app (好差评). See the package docstring."""

from __future__ import annotations

from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "zwfw.ratings"
    label = "ratings"
    verbose_name = "好差评"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zwfw.core.selectors.scope import scope_register
        from zwfw.ratings import permissions  # noqa: F401  (registers the actions)
        from zwfw.ratings.audit_actions import register_all
        from zwfw.ratings.models import BlockedMatter, Rating, Rectification
        from zwfw.ratings.navigation import register_navigation
        from zwfw.ratings.subjects import register_default_adapters

        register_all()
        register_default_adapters()
        register_navigation()
        scope_register(Rating, region="region", department="department", owner="rater")
        scope_register(Rectification, region="region", department="department")
        scope_register(BlockedMatter, region="region", department="department", owner="reporter")
        _register_periodic()
        from zwfw.core.services.calendar import calendar_year_loaded
        from zwfw.ratings.services.calendar_sync import on_calendar_year_loaded

        # deadlines counted on a provisional year move to the official count when it is loaded
        calendar_year_loaded.connect(on_calendar_year_loaded, dispatch_uid="ratings.deadlines_recompute")

    def load_demo_data(self, *, actor=None) -> str | None:
        """A few ratings of the demo data (idempotent); see :mod:`zwfw.ratings.demo`."""
        from zwfw.ratings.demo import demo_ratings_ensure

        return demo_ratings_ensure(actor=actor)


def _register_periodic() -> None:
    from datetime import timedelta

    from zwfw.periodic import periodic_register

    periodic_register(
        "ratings.rectification_escalate",
        "zwfw.ratings.tasks.rectification_escalate_task",
        every=timedelta(hours=24),
        offset=timedelta(hours=1, minutes=30),
        description="每天01:30督办超期的差评整改（超期→部门管理员；再超5个工作日→政务服务管理机构）",
    )
