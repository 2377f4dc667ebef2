"""The cases app (办件): applications, the workflow run from the graph, the clock, results."""

from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zwfw.cases"
    label = "cases"
    verbose_name = "办件"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zwfw.cases import permissions  # noqa: F401  (registers the actions)
        from zwfw.cases.audit_actions import register_all
        from zwfw.cases.selectors import register_scopes

        register_all()
        register_scopes()
        _register_periodic()
        from zwfw.cases.navigation import register_navigation

        register_navigation()
        from zwfw.cases.services.calendar_sync import on_calendar_year_loaded
        from zwfw.core.services.calendar import calendar_year_loaded

        calendar_year_loaded.connect(on_calendar_year_loaded, dispatch_uid="cases.deadlines_recompute")
        from zwfw.cases.services.supervision import supervision_enqueue_register, supervision_hooks_register
        from zwfw.cases.tasks import supervision_send_task

        supervision_hooks_register()
        supervision_enqueue_register(supervision_send_task.enqueue)
        from zwfw.cases.sharing_hooks import register as sharing_hooks_register

        sharing_hooks_register()
        from zwfw.core.services.uploads import upload_dir_register

        upload_dir_register("cases/", model="cases.CaseMaterial", field="file")

    def load_demo_data(self, *, actor=None) -> dict | None:
        """A handful of demo cases in different states (idempotent: skipped once present)."""
        from zwfw.cases.demo import demo_cases_ensure

        return demo_cases_ensure()


def _register_periodic() -> None:
    from datetime import timedelta

    from zwfw.periodic import periodic_register

    periodic_register(
        "cases.deadline_scan",
        "zwfw.cases.tasks.case_deadline_scan_task",
        every=timedelta(hours=24),
        offset=timedelta(hours=1),
        description="每日01:00扫描办件时限：临期预警、超期标记、容缺催交、补正视为受理",
    )
    periodic_register(
        "cases.supervision_retry",
        "zwfw.cases.tasks.supervision_retry_task",
        every=timedelta(minutes=10),
        description="每10分钟重新推送到期的审管联动通知",
    )
