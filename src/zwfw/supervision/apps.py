"""The supervision app (互联网+监管). See the package docstring."""

from __future__ import annotations

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zwfw.supervision"
    label = "supervision"
    verbose_name = "互联网+监管"
    default_auto_field = "django.db.models.BigAutoField"
