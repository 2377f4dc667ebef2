"""The intermediaries app (中介服务网上超市). See the package docstring."""

from __future__ import annotations

from django.apps import AppConfig


class IntermediariesConfig(AppConfig):
    name = "zwfw.intermediaries"
    label = "intermediaries"
    verbose_name = "中介服务网上超市"
    default_auto_field = "django.db.models.BigAutoField"
