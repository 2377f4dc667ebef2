"""送达: the result handed out at the window, posted, or delivered electronically."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryMethod(models.TextChoices):
    PICKUP = "pickup", _("窗口领取")
    POST = "post", _("邮寄送达")
    ELECTRONIC = "electronic", _("电子送达")


class Delivery(models.Model):
    """How the result (licence, approval or denial notice) reached the applicant (出件/邮寄)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="delivery")
    method = models.CharField(_("送达方式"), max_length=16, choices=DeliveryMethod.choices, db_index=True)
    carrier = models.CharField(_("快递公司"), max_length=50, blank=True)
    tracking_number = models.CharField(_("快递单号"), max_length=50, blank=True)
    address = models.CharField(_("邮寄地址"), max_length=300, blank=True)
    handed_out_at = models.DateTimeField(_("出件时间"), db_index=True)
    handed_out_by = models.ForeignKey(
        "core.User", verbose_name=_("出件人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("出件单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("送达")
        verbose_name_plural = _("送达")
        ordering = ["-handed_out_at"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.tracking_number}".strip()
