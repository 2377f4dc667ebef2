"""The ratings app (好差评). See the package docstring."""

from __future__ import annotations

from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "zwfw.ratings"
    label = "ratings"
    verbose_name = "好差评"
    default_auto_field = "django.db.models.BigAutoField"
