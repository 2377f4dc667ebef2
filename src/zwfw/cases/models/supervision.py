"""审管联动: each decision is sent to the supervising department (inbox, API, outbound webhook)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupervisionStatus(models.TextChoices):
    PENDING = "pending", _("待推送")
    SENT = "sent", _("已推送")
    FAILED = "failed", _("推送失败")
    DISABLED = "disabled", _("未配置推送")


class SupervisionNotice(models.Model):
    """One decision told to the supervising department (监管主体 of the element table, else the
    implementing department). ``payload`` is what the webhook POSTs; no personal id numbers."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="supervision_notices")
    department = models.ForeignKey(
        "core.Department", verbose_name=_("监管部门"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("审批结果"), max_length=16)
    payload = models.JSONField(_("推送内容"), default=dict)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("阅知时间"), null=True, blank=True)
    read_by = models.ForeignKey(
        "core.User", verbose_name=_("阅知人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("推送状态"), max_length=16, choices=SupervisionStatus.choices, default=SupervisionStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("推送次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("下次推送时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("推送成功时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("审管联动通知")
        verbose_name_plural = _("审管联动通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="case_supervision_retry")]

    def __str__(self) -> str:
        return f"审管联动 {self.case_id} → {self.department_id}"
