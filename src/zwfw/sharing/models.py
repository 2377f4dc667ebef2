"""Data sharing: systems, datasets (共享数据目录), sharing requests, read logs, 政务服务码.

Scope (see :mod:`zwfw.sharing.selectors`): a dataset is seen by staff of its owning department's
region subtree and of the regions below it (a province dataset by everyone in the province); a
request by the requesting and the owning department's staff; a read by the reader's and the
owner's staff; a 政务服务码 by its holder, and through a scan by the clerk who scanned it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Classification(models.TextChoices):
    """数据分级 (数据安全法 第二十一条: 一般数据、重要数据、核心数据)."""

    GENERAL = "general", _("一般")
    IMPORTANT = "important", _("重要")
    CORE = "core", _("核心")


class UpdateFrequency(models.TextChoices):
    REALTIME = "realtime", _("实时")
    DAILY = "daily", _("每日")
    WEEKLY = "weekly", _("每周")
    MONTHLY = "monthly", _("每月")
    YEARLY = "yearly", _("每年")


class ConnectorKind(models.TextChoices):
    HTTP_JSON = "http_json", _("HTTP JSON 接口")
    FILE_DROP = "file_drop", _("文件交换目录")
    NONE = "none", _("未接入")


class System(models.Model):
    """业务系统: where datasets come from and what items touch."""

    code = models.SlugField(_("系统编码"), max_length=64, unique=True)
    name = models.CharField(_("系统名称"), max_length=128)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("建设部门"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("业务系统")
        verbose_name_plural = _("业务系统")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Dataset(models.Model):
    """One dataset of the data catalogue (政务数据共享目录)."""

    code = models.SlugField(_("数据集编码"), max_length=64, unique=True)
    name = models.CharField(_("数据集名称"), max_length=128)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("数源部门"), on_delete=models.PROTECT, related_name="+"
    )
    system = models.ForeignKey(
        System, verbose_name=_("来源系统"), null=True, blank=True, on_delete=models.PROTECT, related_name="datasets"
    )
    fields = models.JSONField(_("数据项"), default=list, blank=True, help_text=_('[{"name": …, "label": …}]'))
    classification = models.CharField(
        _("数据分级"), max_length=16, choices=Classification.choices, default=Classification.GENERAL
    )
    update_frequency = models.CharField(
        _("更新频率"), max_length=16, choices=UpdateFrequency.choices, default=UpdateFrequency.DAILY
    )
    licence_type = models.CharField(
        _("对应证照类型"),
        max_length=64,
        blank=True,
        help_text=_("数据集提供该类证照信息时填写（材料按证照类型免提交）"),
    )
    connector_kind = models.CharField(
        _("接入方式"), max_length=16, choices=ConnectorKind.choices, default=ConnectorKind.NONE
    )
    connector_target = models.CharField(_("接入地址"), max_length=300, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("共享数据集")
        verbose_name_plural = _("共享数据集")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")


class SharingRequest(models.Model):
    """共享申请: a department asks the owning department for a dataset, with a purpose."""

    dataset = models.ForeignKey(Dataset, verbose_name=_("数据集"), on_delete=models.PROTECT, related_name="requests")
    department = models.ForeignKey(
        "core.Department", verbose_name=_("申请部门"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("用途"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("共享申请")
        verbose_name_plural = _("共享申请")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.department_id} → {self.dataset_id} ({self.status})"


class DataRead(models.Model):
    """One read of shared data (每次调用留痕): who, for which department and case, about whom."""

    dataset = models.ForeignKey(Dataset, verbose_name=_("数据集"), on_delete=models.PROTECT, related_name="reads")
    request = models.ForeignKey(
        SharingRequest,
        verbose_name=_("共享申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reads",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("调用人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("调用部门"), on_delete=models.PROTECT, related_name="+"
    )
    subject_masked = models.CharField(_("查询对象（脱敏）"), max_length=40)
    purpose = models.CharField(_("用途"), max_length=300)
    case_number = models.CharField(_("办件编号"), max_length=50, blank=True, db_index=True)
    outcome = models.CharField(_("结果"), max_length=16)
    fields_returned = models.JSONField(_("返回数据项"), default=list, blank=True)
    read_at = models.DateTimeField(_("调用时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("共享数据调用记录")
        verbose_name_plural = _("共享数据调用记录")
        ordering = ["-read_at", "-id"]

    def __str__(self) -> str:
        return f"{self.dataset_id} {self.read_at:%Y-%m-%d %H:%M}"


class ServiceCode(models.Model):
    """政务服务码 / 企业码: a short-lived token a holder shows at a window (亮码办事)."""

    token = models.CharField(_("码值"), max_length=32, unique=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("持码人账号"), on_delete=models.PROTECT, related_name="+"
    )
    holder_name = models.CharField(_("持码人"), max_length=128)
    holder_id_number = models.CharField(_("公民身份号码"), max_length=18, blank=True)
    holder_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("失效时间"), db_index=True)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("政务服务码")
        verbose_name_plural = _("政务服务码")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.holder_id} {self.created_at:%Y-%m-%d %H:%M}"


class ServiceCodeUse(models.Model):
    """One scan of a 政务服务码 by a clerk (每次使用留痕), with the holder's consent as recorded."""

    code = models.ForeignKey(ServiceCode, verbose_name=_("政务服务码"), on_delete=models.PROTECT, related_name="uses")
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("扫码人员"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("扫码部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent = models.BooleanField(_("持码人已同意"))
    purpose = models.CharField(_("用途"), max_length=200)
    outcome = models.CharField(_("结果"), max_length=16)
    used_at = models.DateTimeField(_("扫码时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("政务服务码使用记录")
        verbose_name_plural = _("政务服务码使用记录")
        ordering = ["-used_at", "-id"]

    def __str__(self) -> str:
        return f"{self.code_id} {self.outcome}"
