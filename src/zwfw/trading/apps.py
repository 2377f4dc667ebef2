"""The trading app (公共资源交易). See the package docstring."""

from __future__ import annotations

from django.apps import AppConfig


class TradingConfig(AppConfig):
    name = "zwfw.trading"
    label = "trading"
    verbose_name = "公共资源交易"
    default_auto_field = "django.db.models.BigAutoField"
