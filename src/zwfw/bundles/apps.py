"""The bundles app (一件事): bundle definitions, their composed plans, review of uncertain merges,
free combination and the one application that spawns child cases."""

from __future__ import annotations

from django.apps import AppConfig


class BundlesConfig(AppConfig):
    name = "zwfw.bundles"
    label = "bundles"
    verbose_name = "一件事"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zwfw.bundles import permissions  # noqa: F401  (registers the bundles' actions)
        from zwfw.bundles.audit_actions import register_all
        from zwfw.bundles.navigation import register_navigation

        register_all()
        register_navigation()
        _register_periodic()
        from zwfw.core.services.uploads import upload_dir_register

        upload_dir_register("bundles/", model="bundles.BundleApplicationMaterial", field="file")

    def load_demo_data(self, *, actor=None) -> str | None:
        """The national 一件事 bundles of ``demo_data/bundles.yaml`` over the demo catalog, composed,
        with the recorded review decisions, and published (idempotent)."""
        from zwfw.bundles.demo import demo_bundles_ensure

        return demo_bundles_ensure(actor=actor)


def _register_periodic() -> None:
    from datetime import timedelta

    from zwfw.periodic import periodic_register

    periodic_register(
        "bundles.recompose_stale",
        "zwfw.bundles.tasks.bundles_recompose_stale_task",
        every=timedelta(minutes=15),
        description="每15分钟检查一件事所含事项的生效版本，变化时重新组合并记录变化",
    )
    periodic_register(
        "bundles.applications_advance",
        "zwfw.bundles.tasks.bundle_applications_advance_task",
        every=timedelta(minutes=5),
        description="每5分钟推进一件事申请：前序事项办结后生成后续阶段的子件",
    )
