"""The policies app (惠企政策). See the package docstring."""

from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "zwfw.policies"
    label = "policies"
    verbose_name = "惠企政策"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zwfw.periodic import periodic_register
        from zwfw.policies import permissions  # noqa: F401  (registers the actions)
        from zwfw.policies.navigation import register_navigation

        register_navigation()
        periodic_register(
            "policies.expire",
            "zwfw.policies.tasks.policy_expire_task",
            every=timedelta(hours=24),
            offset=timedelta(minutes=90),
            description="每日01:30将到施行日期的政策标记为施行中、过期政策标记为已到期",
        )

    def load_demo_data(self, *, actor=None) -> dict | None:
        """The demo policies (published), a generated population of enterprises, one match run."""
        from zwfw.policies.demo import demo_load

        return demo_load(actor=actor)
