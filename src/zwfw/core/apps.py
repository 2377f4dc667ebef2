from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zwfw.core"
    label = "core"
    verbose_name = "基础支撑"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zwfw.core.calendar_notice import register_calendar_notice
        from zwfw.core.logging import install_masking_record_factory

        install_masking_record_factory()
        register_calendar_notice()
