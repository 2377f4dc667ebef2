"""Models of the policies app: policies and support items, enterprise profiles (一企一档),
match runs and results, 免申即享 grants, 申兑 applications.

Private to the app (import-linter): other apps use ``services``/``selectors``/``schemas``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    COMMENT = "comment", _("征求意见")
    PUBLISHED = "published", _("已发布")
    IN_FORCE = "in_force", _("施行中")
    EXPIRED = "expired", _("已到期")
    REVISED = "revised", _("已修订")
    ABOLISHED = "abolished", _("已废止")


class BenefitType(models.TextChoices):
    SUBSIDY = "subsidy", _("补贴")
    AWARD = "award", _("奖励")
    REDUCTION = "reduction", _("减免")
    INTEREST_SUBSIDY = "interest_subsidy", _("贷款贴息")
    QUALIFICATION = "qualification", _("资质认定")


class Policy(models.Model):
    """A policy document (惠企政策) as issued: title, issuer, 文号, text, validity."""

    key = models.SlugField(_("标识"), max_length=64, unique=True)
    title = models.CharField(_("政策名称"), max_length=200)
    issuer = models.CharField(_("发文机关"), max_length=200)
    doc_number = models.CharField(_("文号"), max_length=120, blank=True)
    issued_on = models.DateField(_("发布日期"), null=True, blank=True)
    effective_from = models.DateField(_("施行日期"))
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    full_text = models.TextField(_("政策原文/摘要"), blank=True)
    url = models.URLField(_("原文链接"), blank=True)
    confirmed = models.BooleanField(_("文号及条款已核实"), default=False)
    region = models.ForeignKey("core.Region", verbose_name=_("适用区划"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "core.Department", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="+"
    )
    tags = models.JSONField(_("政策标签"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT)
    comment_until = models.DateField(_("征求意见截止"), null=True, blank=True)
    revised_by = models.ForeignKey(
        "self", verbose_name=_("被修订为"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("惠企政策")
        verbose_name_plural = _("惠企政策")
        ordering = ["-effective_from", "key"]

    def __str__(self) -> str:
        return self.title


class SupportItem(models.Model):
    """A 惠企事项 of a policy: benefit, eligibility rule (YAML), amount, window, materials."""

    policy = models.ForeignKey(Policy, verbose_name=_("所属政策"), on_delete=models.PROTECT, related_name="items")
    key = models.SlugField(_("标识"), max_length=64, unique=True)
    title = models.CharField(_("事项名称"), max_length=200)
    benefit = models.CharField(_("兑现方式"), max_length=20, choices=BenefitType.choices)
    rule_text = models.TextField(_("申报条件规则（YAML）"))
    reference = models.CharField(_("条款依据"), max_length=300, blank=True)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="+"
    )
    materials = models.JSONField(_("申报材料"), default=list, blank=True)
    window_opens = models.DateField(_("申报开始"), null=True, blank=True)
    window_closes = models.DateField(_("申报截止"), null=True, blank=True)
    auto_grant = models.BooleanField(_("免申即享"), default=False)
    review_days = models.PositiveSmallIntegerField(_("审核时限（工作日）"), default=10)
    publicity_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    # The latest finished run that covered this item: its results are the item's current matches.
    # Runs cover one officer's scope (a city's items), so "the latest run" of the platform is not
    # the latest for every item; each item remembers its own.
    current_run = models.ForeignKey(
        "MatchRun",
        verbose_name=_("当前匹配结果所属任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("惠企事项")
        verbose_name_plural = _("惠企事项")
        ordering = ["policy_id", "id"]

    def __str__(self) -> str:
        return self.title


class EnterpriseProfile(models.Model):
    """一企一档: the merged current attributes of one enterprise from every data source."""

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("企业名称"), max_length=200, blank=True)
    region_code = models.CharField(_("注册地区划"), max_length=6, blank=True, db_index=True)
    industry_code = models.CharField(_("行业代码"), max_length=4, blank=True)
    size_class = models.CharField(_("企业规模"), max_length=4, blank=True)
    # Typed values as JSON: money in integer fen, dates ISO, booleans; see rules/attributes.py.
    attributes = models.JSONField(_("属性"), default=dict)
    tags = models.JSONField(_("标签"), default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("企业画像")
        verbose_name_plural = _("企业画像")
        ordering = ["uscc"]

    def __str__(self) -> str:
        return self.name or self.uscc


class ProfileImport(models.Model):
    """One import of a data source's file, with its rejected rows."""

    source = models.CharField(_("数据来源"), max_length=16)
    filename = models.CharField(_("文件名"), max_length=255)
    rows_total = models.PositiveIntegerField(default=0)
    rows_ok = models.PositiveIntegerField(default=0)
    rejected = models.JSONField(_("未导入的行"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.filename}"


class ProfileRecord(models.Model):
    """What one source said about one enterprise at one import (history kept per source)."""

    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="records")
    source = models.CharField(_("数据来源"), max_length=16)
    attributes = models.JSONField(default=dict)
    batch = models.ForeignKey(ProfileImport, on_delete=models.PROTECT, related_name="records")
    is_current = models.BooleanField(default=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["profile_id", "source", "-imported_at"]
        indexes = [models.Index(fields=["profile", "source", "is_current"])]

    def __str__(self) -> str:
        return f"{self.profile_id} {self.source}"


class MatchRunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败（可续跑）")


class MatchRun(models.Model):
    """One batch matching of every in-force item against every profile, as of one date."""

    as_of = models.DateField(_("匹配基准日"))
    status = models.CharField(max_length=10, choices=MatchRunStatus.choices, default=MatchRunStatus.QUEUED)
    items = models.JSONField(default=list)  # [{"id", "key", "rule_text"}] frozen at creation
    parts_done = models.PositiveIntegerField(default=0)
    parts_total = models.PositiveIntegerField(default=0)
    enterprises = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"匹配任务#{self.pk}"


class MatchStatus(models.TextChoices):
    ELIGIBLE = "eligible", _("符合条件")
    IF_DECLARED = "eligible_if_declared", _("承诺/申报后符合")


class MatchResult(models.Model):
    """An enterprise × item that matched (eligible, or eligible once the enterprise declares)."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="results")
    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="matches")
    item = models.ForeignKey(SupportItem, on_delete=models.CASCADE, related_name="matches")
    status = models.CharField(max_length=24, choices=MatchStatus.choices)
    amount = models.BigIntegerField(_("预计金额（分）"), null=True, blank=True)
    conditions = models.JSONField(default=list)  # truth (0/1/2) per condition, in rule order
    notified = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "profile", "item"], name="policies_match_unique")]

    def __str__(self) -> str:
        return f"{self.profile_id}×{self.item_id}: {self.status}"


class GrantStatus(models.TextChoices):
    PROPOSED = "proposed", _("待确认")
    CONFIRMED = "confirmed", _("已确认兑现")
    REJECTED = "rejected", _("已剔除")


class Grant(models.Model):
    """免申即享: a benefit granted without application. One per enterprise × item, ever."""

    item = models.ForeignKey(SupportItem, on_delete=models.PROTECT, related_name="grants")
    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.PROTECT, related_name="grants")
    run = models.ForeignKey(MatchRun, on_delete=models.PROTECT, related_name="grants")
    amount = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=GrantStatus.choices, default=GrantStatus.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item_id", "profile_id"]
        constraints = [models.UniqueConstraint(fields=["item", "profile"], name="policies_grant_once")]

    def __str__(self) -> str:
        return f"免申即享 {self.item_id}×{self.profile_id}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已申报")
    ACCEPTED = "accepted", _("已受理")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    APPROVED = "approved", _("审核通过")
    DENIED = "denied", _("审核不通过")
    PUBLICITY = "publicity", _("公示中")
    DISBURSED = "disbursed", _("已拨付")
    DONE = "done", _("已办结")


class Application(models.Model):
    """申兑: an enterprise's application for a support item, prefilled from the match."""

    item = models.ForeignKey(SupportItem, on_delete=models.PROTECT, related_name="applications")
    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED)
    prefilled = models.JSONField(_("预填信息"), default=dict)
    declarations = models.JSONField(_("企业承诺事项"), default=list)
    amount_estimated = models.BigIntegerField(null=True, blank=True)
    amount_approved = models.BigIntegerField(null=True, blank=True)
    shortfall = models.JSONField(_("容缺材料"), default=list, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    review_due = models.DateField(_("审核期限"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    opinion = models.TextField(_("审核意见"), blank=True)
    publicity_until = models.DateField(_("公示截止"), null=True, blank=True)
    paid_on = models.DateField(_("拨付日期"), null=True, blank=True)
    voucher = models.CharField(_("拨付凭证号"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "profile"],
                condition=~models.Q(status__in=["not_accepted", "denied"]),
                name="policies_one_open_application",
            )
        ]

    def __str__(self) -> str:
        return f"申报#{self.pk}"


class Objection(models.Model):
    """An objection raised during 公示."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="objections")
    text = models.TextField(_("异议内容"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    upheld = models.BooleanField(null=True)
    resolution = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"异议#{self.pk}"
