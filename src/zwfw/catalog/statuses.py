"""The item version's statuses: plain choices that both the models and the errors name.

Kept apart from ``models`` so that ``errors`` (which labels a status in its messages) and
``models`` (which raises those errors) do not import each other.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["VersionStatus"]


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEW = "review", _("待审核")
    PUBLISHED = "published", _("已发布")
    REJECTED = "rejected", _("已退回")
    SUPERSEDED = "superseded", _("已被替代")
    RETIRED = "retired", _("已废止")
