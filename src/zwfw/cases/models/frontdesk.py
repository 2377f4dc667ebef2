"""Front-desk records: 补正 notices, 容缺 pledges, 告知承诺 verification tasks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CorrectionNotice(models.Model):
    """补正告知: every missing or defective material at once (行政许可法 第三十二条, 一次告知).

    ``items`` = ``[{"key": material key or "", "name": …, "problem": …}]``.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="correction_notices")
    items = models.JSONField(_("补正内容"), default=list)
    note = models.TextField(_("说明"), blank=True)
    issued_at = models.DateTimeField(_("告知时间"))
    issued_by = models.ForeignKey(
        "core.User", verbose_name=_("告知人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("补正期限"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("补正提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("补正告知")
        verbose_name_plural = _("补正告知")
        ordering = ["case", "issued_at", "id"]

    def __str__(self) -> str:
        return f"补正告知 {len(self.items)} 项"


class ShortfallPledge(models.Model):
    """容缺受理: accepted with non-key materials missing, on the applicant's pledge to hand them in."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="shortfall_pledges")
    materials = models.JSONField(_("容缺材料"), default=list)
    pledge_text = models.TextField(_("承诺内容"))
    due_date = models.DateField(_("补交期限"), db_index=True)
    created_at = models.DateTimeField(_("容缺受理时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("受理人员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(_("补齐时间"), null=True, blank=True)
    is_overdue = models.BooleanField(_("逾期未补"), default=False, db_index=True)

    class Meta:
        verbose_name = _("容缺承诺")
        verbose_name_plural = _("容缺承诺")
        ordering = ["case", "created_at", "id"]

    def __str__(self) -> str:
        return f"容缺 {len(self.materials)} 项，{self.due_date} 前补交"


class PledgeVerificationStatus(models.TextChoices):
    PENDING = "pending", _("待核查")
    PASSED = "passed", _("核查属实")
    FAILED = "failed", _("承诺不实")


class PledgeVerification(models.Model):
    """告知承诺 post-approval verification (事中事后核查) for the supervising department."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="pledge_verifications")
    department = models.ForeignKey(
        "core.Department", verbose_name=_("核查部门"), on_delete=models.PROTECT, related_name="+"
    )
    pledge_text = models.TextField(_("承诺内容"))
    materials = models.JSONField(_("以承诺代替的材料"), default=list)
    due_date = models.DateField(_("核查期限"), db_index=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=PledgeVerificationStatus.choices,
        default=PledgeVerificationStatus.PENDING,
        db_index=True,
    )
    result = models.TextField(_("核查结果"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    verified_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        "core.User", verbose_name=_("核查人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("告知承诺核查")
        verbose_name_plural = _("告知承诺核查")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return f"告知承诺核查（{self.get_status_display()}）"
