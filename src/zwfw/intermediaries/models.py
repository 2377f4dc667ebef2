"""Models of the 中介服务网上超市.

Agencies (中介机构) with qualifications and practitioners (从业人员); listings (服务事项: conditions,
process, time limit, fee standard); an owner's purchase announcement (采购公告) selecting an
agency by random draw, comparison or direct choice; the contract with delivery and acceptance;
the owner's rating; violations (which may blacklist the agency). Money in integer fen.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    BLACKLISTED = "blacklisted", _("列入黑名单")


class Agency(models.Model):
    name = models.CharField(_("机构名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    account = models.ForeignKey(
        "core.User", verbose_name=_("机构账号"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey("core.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=AgencyStatus.choices, default=AgencyStatus.ACTIVE)
    status_reason = models.CharField(_("状态说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("中介机构")
        verbose_name_plural = _("中介机构")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Qualification(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="qualifications")
    name = models.CharField(_("资质名称"), max_length=200)
    number = models.CharField(_("资质证书编号"), max_length=100)
    valid_until = models.DateField(_("有效期至"))

    class Meta:
        verbose_name = _("机构资质")
        verbose_name_plural = _("机构资质")
        ordering = ["valid_until", "id"]

    def __str__(self) -> str:
        return self.name


class Practitioner(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="practitioners")
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号"), max_length=18)
    qualification = models.CharField(_("执业资格"), max_length=200)
    certificate_number = models.CharField(_("证书编号"), max_length=100)
    valid_until = models.DateField(_("有效期至"))

    class Meta:
        verbose_name = _("从业人员")
        verbose_name_plural = _("从业人员")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["agency", "id_number"], name="intermediary_practitioner_once")]

    def __str__(self) -> str:
        return self.name


class Listing(models.Model):
    """服务事项: what an agency offers, on what terms."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="listings")
    service_item = models.CharField(_("服务事项"), max_length=200, db_index=True)
    conditions = models.TextField(_("服务条件"))
    process = models.TextField(_("服务流程"))
    time_limit_days = models.PositiveSmallIntegerField(_("服务时限（工作日）"))
    fee_standard_fen = models.PositiveBigIntegerField(_("收费标准上限（分）"))
    fee_basis = models.CharField(_("收费依据"), max_length=300, blank=True)
    is_active = models.BooleanField(_("上架"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["service_item", "id"]

    def __str__(self) -> str:
        return f"{self.agency} · {self.service_item}"


class SelectionMethod(models.TextChoices):
    RANDOM = "random", _("随机抽取")
    COMPARE = "compare", _("比选")
    DIRECT = "direct", _("直接选取")


class PurchaseStatus(models.TextChoices):
    OPEN = "open", _("公告中")
    SELECTED = "selected", _("已选定")
    CONTRACTED = "contracted", _("已签约")
    DELIVERED = "delivered", _("已交付")
    ACCEPTED = "accepted", _("已验收")


class Purchase(models.Model):
    """采购公告 by a project owner (项目业主: an enterprise or a department)."""

    owner = models.ForeignKey("core.User", verbose_name=_("项目业主"), on_delete=models.PROTECT, related_name="+")
    owner_name = models.CharField(_("业主名称"), max_length=200)
    title = models.CharField(_("项目名称"), max_length=200)
    service_item = models.CharField(_("服务事项"), max_length=200)
    budget_fen = models.PositiveBigIntegerField(_("预算（分）"))
    method = models.CharField(_("选取方式"), max_length=16, choices=SelectionMethod.choices)
    status = models.CharField(_("状态"), max_length=16, choices=PurchaseStatus.choices, default=PurchaseStatus.OPEN)
    seed = models.BigIntegerField(_("随机种子"), null=True, blank=True)
    candidates = models.JSONField(_("候选服务事项"), default=list, blank=True)
    selected = models.ForeignKey(
        Listing, verbose_name=_("选定服务"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    selection_reason = models.CharField(_("选取理由"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    selected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("采购公告")
        verbose_name_plural = _("采购公告")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Contract(models.Model):
    purchase = models.OneToOneField(Purchase, on_delete=models.PROTECT, related_name="contract")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="contracts")
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        Practitioner, null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    fee_fen = models.PositiveBigIntegerField(_("合同金额（分）"))
    signed_at = models.DateTimeField(_("签约时间"))
    due_date = models.DateField(_("交付期限"))
    delivered_at = models.DateTimeField(_("交付时间"), null=True, blank=True)
    delivered_late = models.BooleanField(_("逾期交付"), default=False)
    delivery_note = models.CharField(_("交付说明"), max_length=500, blank=True)
    accepted_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    charged_fee_fen = models.PositiveBigIntegerField(_("实际收费（分）"), null=True, blank=True)
    fee_flag = models.BooleanField(_("乱收费预警"), default=False)

    class Meta:
        verbose_name = _("服务合同")
        verbose_name_plural = _("服务合同")
        ordering = ["-signed_at", "-id"]

    def __str__(self) -> str:
        return f"合同 {self.purchase_id}"


class Rating(models.Model):
    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="rating")
    score = models.PositiveSmallIntegerField(_("评分（1–5）"))
    comment = models.CharField(_("评价"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("业主评价")
        verbose_name_plural = _("业主评价")

    def __str__(self) -> str:
        return f"{self.score}分"


class ViolationKind(models.TextChoices):
    OVERCHARGE = "overcharge", _("超标准收费")
    FRAUD = "fraud", _("弄虚作假")
    OTHER = "other", _("其他违规")


class Violation(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="violations")
    practitioner = models.ForeignKey(
        Practitioner, null=True, blank=True, on_delete=models.PROTECT, related_name="violations"
    )
    contract = models.ForeignKey(Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="violations")
    kind = models.CharField(_("类型"), max_length=16, choices=ViolationKind.choices)
    note = models.CharField(_("说明"), max_length=500)
    blacklist = models.BooleanField(_("列入黑名单"), default=False)
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("违规记录")
        verbose_name_plural = _("违规记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.agency_id}"
