"""咨询: phone and on-site consultations, counted in the monthly window report (人次)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsultationChannel(models.TextChoices):
    PHONE = "phone", _("电话咨询")
    ONSITE = "onsite", _("现场咨询")


class Consultation(models.Model):
    """One consultation (one person, one time). No personal data is required or stored."""

    channel = models.CharField(_("咨询方式"), max_length=16, choices=ConsultationChannel.choices)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey("core.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("咨询时间"), db_index=True)
    topic = models.CharField(_("咨询事项"), max_length=300, blank=True)
    implementation = models.ForeignKey(
        "catalog.ItemImplementation",
        verbose_name=_("相关事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    logged_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("咨询登记")
        verbose_name_plural = _("咨询登记")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["department", "at"], name="case_consultation_dept_at")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.at:%Y-%m-%d}"
