"""Search vocabulary and search statistics (issue 10 item 5).

* :class:`SearchSynonym` — the editable synonym table: a colloquial word or phrase a resident
  types ("驾照", "换新的") and the official words the catalog uses for it ("机动车驾驶证",
  "换领"). Merged at search time with the shipped defaults (``search/synonyms.yaml``) and the
  百姓体 glossary; a row overrides a default with the same ``term`` (``is_active=False`` turns a
  default off).
* :class:`SearchQueryStat` — one row per normalised query and day: how often it was searched,
  how often it found nothing and how often a result was opened. No user, session, address or
  region is stored, and digit runs that could be an ID card or phone number are masked before
  the text is stored (``search/querylog.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SearchSynonym(models.Model):
    term = models.CharField("口语说法", max_length=32, unique=True)
    official = models.JSONField("规范用语", default=list, help_text='规范词列表，如 ["机动车驾驶证"]')
    note = models.CharField("说明", max_length=200, blank=True, default="")
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "检索同义词"
        verbose_name_plural = "检索同义词"
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {'、'.join(self.official or [])}"


class SearchQueryStat(models.Model):
    query = models.CharField("检索词（已规范化、已脱敏）", max_length=100)
    day = models.DateField("日期")
    searches = models.PositiveIntegerField("检索次数", default=0)
    zero_results = models.PositiveIntegerField("无结果次数", default=0)
    clicks = models.PositiveIntegerField("点击结果次数", default=0)
    last_result_count = models.PositiveIntegerField("最近一次结果数", default=0)

    class Meta:
        verbose_name = "检索词统计"
        verbose_name_plural = "检索词统计"
        constraints = [models.UniqueConstraint(fields=["query", "day"], name="catalog_searchquerystat_query_day")]
        indexes = [models.Index(fields=["day"], name="catalog_sqs_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.query}（{self.searches}次）"
