"""The hotline app (12345热线). See the package docstring."""

from __future__ import annotations

from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "zwfw.hotline"
    label = "hotline"
    verbose_name = "12345热线"
    default_auto_field = "django.db.models.BigAutoField"
