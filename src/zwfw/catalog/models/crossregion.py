"""跨域通办事项清单: items a window of one region may receive for a department of another.

川渝通办 (Sichuan–Chongqing) is the first list. Each entry names the **handling** side's
implementation (实施清单事项: region, department, the version in force) and the regions whose
windows may receive applications for it (收件地: a region and its subtree). The mode is one of
the three of 国办发〔2020〕35号 《关于加快推进政务服务“跨省通办”的指导意见》: 全程网办,
异地代收代办 (收件 here, 办理 there, result back here or by post), 多地联办.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CrossRegionScheme(models.TextChoices):
    CHUANYU = "chuanyu", _("川渝通办")
    TRANS_PROVINCIAL = "trans_provincial", _("跨省通办")


class CrossRegionMode(models.TextChoices):
    ONLINE = "online", _("全程网办")
    PROXY = "proxy", _("异地代收代办")
    JOINT = "joint", _("多地联办")


class CrossRegionItem(models.Model):
    """One entry of a 跨域通办 list (川渝通办事项清单)."""

    scheme = models.CharField(
        _("清单"), max_length=32, choices=CrossRegionScheme.choices, default=CrossRegionScheme.CHUANYU
    )
    implementation = models.ForeignKey(
        "catalog.ItemImplementation",
        verbose_name=_("办理地实施清单事项"),
        on_delete=models.PROTECT,
        related_name="cross_region_listings",
    )
    intake_regions = models.ManyToManyField(
        "core.Region", verbose_name=_("可收件地区"), related_name="+", help_text=_("该地区及其下级地区的窗口可收件")
    )
    mode = models.CharField(
        _("通办模式"), max_length=16, choices=CrossRegionMode.choices, default=CrossRegionMode.PROXY
    )
    batch = models.CharField(_("批次"), max_length=64, blank=True, help_text=_("如：第一批"))
    note = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("跨域通办事项")
        verbose_name_plural = _("跨域通办事项清单")
        ordering = ["scheme", "implementation__code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "implementation"], name="cross_region_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()}：{self.implementation_id}"
