from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zwfw.core"
    label = "core"
    verbose_name = "基础支撑"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from zwfw.core.calendar_notice import register_calendar_notice
        from zwfw.core.logging import install_masking_record_factory
        from zwfw.core.prepared import size_prepared_statements

        install_masking_record_factory()
        register_calendar_notice()
        connection_created.connect(size_prepared_statements, dispatch_uid="zwfw.core.prepared_max")
