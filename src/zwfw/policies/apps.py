"""The policies app (惠企政策). See the package docstring."""

from __future__ import annotations

from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "zwfw.policies"
    label = "policies"
    verbose_name = "惠企政策"
    default_auto_field = "django.db.models.BigAutoField"
