"""The material checklist of a case: one row per material of the pinned version."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MaterialStatus(models.TextChoices):
    MISSING = "missing", _("未提交")
    UPLOADED = "uploaded", _("已上传")
    EXEMPT_LICENCE = "exempt_licence", _("免提交（电子证照）")
    EXEMPT_SHARED = "exempt_shared", _("免提交（共享数据）")
    PRODUCED = "produced", _("部门产生")
    SHORTFALL_PLEDGED = "shortfall_pledged", _("容缺后补")
    PLEDGED = "pledged", _("告知承诺")
    FILLED_ONLINE = "filled_online", _("在线填写")


#: Statuses that count as "provided" for acceptance.
PROVIDED_STATUSES = frozenset(
    {
        MaterialStatus.UPLOADED,
        MaterialStatus.EXEMPT_LICENCE,
        MaterialStatus.EXEMPT_SHARED,
        MaterialStatus.PRODUCED,
        MaterialStatus.SHORTFALL_PLEDGED,
        MaterialStatus.PLEDGED,
        MaterialStatus.FILLED_ONLINE,
    }
)
EXEMPT_STATUSES = frozenset({MaterialStatus.EXEMPT_LICENCE, MaterialStatus.EXEMPT_SHARED})
#: The item's own application form (申请书/申请表): the catalog's key for it. On this platform the
#: form is filled online (the guide says “网上申请的，在线填写，无需另交纸质表”), so the case's
#: form data *is* that material; a signed copy may still be uploaded.
APPLICATION_FORM_KEY = "application_form"


def _upload_to(instance: CaseMaterial, filename: str) -> str:
    # The stored name is the checksum (no personal data in paths); the original name is a column.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"cases/{instance.case_id}/{instance.key}-{instance.sha256[:16]}.{ext}"


class CaseMaterial(models.Model):
    """One material: what the version asks (snapshot) and what the case has for it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="materials")
    key = models.CharField(_("材料键"), max_length=64)
    name = models.CharField(_("材料名称"), max_length=300)
    required = models.BooleanField(_("必要"), default=True)
    shortfall_allowed = models.BooleanField(_("可容缺"), default=False)
    pledge_allowed = models.BooleanField(_("可承诺替代"), default=False)
    source = models.CharField(_("材料来源"), max_length=16)
    licence_type = models.CharField(_("证照类型"), max_length=64, blank=True)
    shared_data = models.CharField(_("共享数据集"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)

    status = models.CharField(_("状态"), max_length=20, choices=MaterialStatus.choices, default=MaterialStatus.MISSING)
    file = models.FileField(_("文件"), upload_to=_upload_to, blank=True, max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("大小(字节)"), default=0)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        "core.User", verbose_name=_("上传人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    licence_number = models.CharField(_("证照编号"), max_length=100, blank=True)
    exemption_note = models.CharField(_("免提交说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        ordering = ["case", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="case_material_key")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_status_display()}）"

    @property
    def is_exempt(self) -> bool:
        return self.status in EXEMPT_STATUSES

    @property
    def is_provided(self) -> bool:
        return self.status in PROVIDED_STATUSES
