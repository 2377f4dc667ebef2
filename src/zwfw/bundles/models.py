"""一件事 data: definitions (bundle, items, dependencies), review decisions, composed plans, and the
one application (一件事申请) with its child cases.

A bundle's plan is **computed** from its items' published versions by the engine
(:mod:`zwfw.bundles.engine`), never typed in: :class:`BundlePlan` rows are snapshots of
``Plan.to_dict()`` with the version ids they were computed from, so a change of an item's version
in force is detected (``bundles_recompose_stale``) and the change shown (``BundlePlan.change``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BundleTheme(models.TextChoices):
    """国办发〔2025〕24号: two life cycles (经营主体, 个人), plus projects and industry chains."""

    PERSON = "person", _("个人全生命周期")
    ENTERPRISE = "enterprise", _("企业全生命周期")
    PROJECT = "project", _("工程项目全生命周期")
    INDUSTRY = "industry", _("一类事")


class BundleStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class Bundle(models.Model):
    """一件事: a set of items applied for once (国发〔2024〕3号)."""

    code = models.CharField(_("编码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    theme = models.CharField(_("主题"), max_length=16, choices=BundleTheme.choices)
    description = models.TextField(_("说明"), blank=True)
    lead_department = models.ForeignKey(
        "core.Department", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="led_bundles"
    )
    region = models.ForeignKey("core.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=BundleStatus.choices, default=BundleStatus.DRAFT)
    policy_reference = models.CharField(_("政策依据"), max_length=128, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("一件事")
        verbose_name_plural = _("一件事")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class BundleItem(models.Model):
    """One item of a bundle: its base code (stable identity) and the implementation used here."""

    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="items")
    base_code = models.CharField(_("基本编码"), max_length=32)
    implementation_code = models.CharField(_("实施编码"), max_length=64)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("一件事事项")
        verbose_name_plural = _("一件事事项")
        ordering = ["bundle_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["bundle", "base_code"], name="bundles_item_once")]

    def __str__(self) -> str:
        return self.implementation_code


class BundleDependency(models.Model):
    """``dependent`` needs ``prerequisite``'s result (e.g. the licence it issues): it runs later."""

    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="dependencies")
    prerequisite = models.CharField(_("前序事项基本编码"), max_length=32)
    dependent = models.CharField(_("后续事项基本编码"), max_length=32)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("事项依赖")
        verbose_name_plural = _("事项依赖")
        ordering = ["bundle_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "prerequisite", "dependent"], name="bundles_dependency_once")
        ]

    def __str__(self) -> str:
        return f"{self.prerequisite} → {self.dependent}"


class BundleMergeDecision(models.Model):
    """A reviewer's answer to a suggested material merge (辅助人工判定与复核验证), reused at every
    later composition. Keys as the engine expects: material refs ``"<base code>/<key>"`` or name
    keys ``"name:<normalised>"``; the pair is stored sorted (a < b). ``bundle`` null = every bundle."""

    bundle = models.ForeignKey(Bundle, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions")
    material_a_key = models.CharField(_("材料甲"), max_length=160)
    material_b_key = models.CharField(_("材料乙"), max_length=160)
    name_a = models.CharField(_("材料甲名称"), max_length=255, blank=True)
    name_b = models.CharField(_("材料乙名称"), max_length=255, blank=True)
    accepted = models.BooleanField(_("确认合并"))
    score = models.FloatField(_("相似度"), null=True, blank=True)
    note = models.CharField(_("复核意见"), max_length=255, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("复核时间"))

    class Meta:
        verbose_name = _("材料合并复核")
        verbose_name_plural = _("材料合并复核")
        ordering = ["bundle_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "material_a_key", "material_b_key"], name="bundles_decision_once")
        ]

    def __str__(self) -> str:
        return f"{self.material_a_key} ~ {self.material_b_key}: {'合并' if self.accepted else '不合并'}"


class BundlePlan(models.Model):
    """A composed plan snapshot: ``Plan.to_dict()``, the version ids it came from, and the change
    against the previous snapshot (before/after of figures, materials, fields)."""

    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="plans")
    plan = models.JSONField(_("组合结果"))
    version_ids = models.JSONField(_("事项版本"), default=dict)  # implementation code → version id
    version_numbers = models.JSONField(_("事项版本号"), default=dict)  # implementation code → number
    reason = models.CharField(_("重新组合原因"), max_length=32)
    change = models.JSONField(_("变化"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("组合时间"))

    class Meta:
        verbose_name = _("组合结果")
        verbose_name_plural = _("组合结果")
        ordering = ["bundle_id", "-computed_at", "-id"]
        get_latest_by = ["computed_at", "id"]

    def __str__(self) -> str:
        return f"{self.bundle_id}@{self.computed_at:%Y-%m-%d %H:%M}"


class ApplicationStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("办理中")
    COMPLETED = "completed", _("已办结")
    ENDED = "ended", _("已终止")  # a child was refused or withdrawn; the rest cannot go on


class BundleApplication(models.Model):
    """一件事申请: one notice, one merged form, one set of materials, one window → child cases.

    Owns the merged form, the plan snapshot it was applied under, the merge decisions taken in a
    free combination, and the stored uploads (reused for later-stage children)."""

    number = models.CharField(_("申请编号"), max_length=32, unique=True)
    bundle = models.ForeignKey(
        Bundle, verbose_name=_("一件事"), null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    title = models.CharField(_("名称"), max_length=255)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="bundle_applications"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("申报渠道"), max_length=16)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("受理区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    implementation_codes = models.JSONField(_("事项"), default=list)
    decisions = models.JSONField(_("材料合并确认"), default=list, blank=True)
    plan = models.JSONField(_("组合结果"))
    version_ids = models.JSONField(_("事项版本"), default=dict)
    form_data = models.JSONField(_("一表申请"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.IN_PROGRESS
    )
    submitted_at = models.DateTimeField(_("申请时间"))
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("一件事申请")
        verbose_name_plural = _("一件事申请")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return self.number


class BundleApplicationChild(models.Model):
    """One item of an application and its child case (created at once for stage 1, later stages
    when their prerequisites are completed)."""

    application = models.ForeignKey(BundleApplication, on_delete=models.CASCADE, related_name="children")
    base_code = models.CharField(_("基本编码"), max_length=32)
    implementation_code = models.CharField(_("实施编码"), max_length=64)
    item_name = models.CharField(_("事项名称"), max_length=255)
    stage = models.PositiveSmallIntegerField(_("阶段"))
    depends_on = models.JSONField(_("前序事项"), default=list)  # base codes
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("子件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bundle_child",
    )
    created_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("一件事子件")
        verbose_name_plural = _("一件事子件")
        ordering = ["application_id", "stage", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "base_code"], name="bundles_child_once"),
        ]

    def __str__(self) -> str:
        return self.item_name


class BundleApplicationMaterial(models.Model):
    """One uploaded material of the merged set (一套材料), reused for every child it serves."""

    application = models.ForeignKey(BundleApplication, on_delete=models.CASCADE, related_name="materials")
    merged_key = models.CharField(_("材料"), max_length=200)
    name = models.CharField(_("材料名称"), max_length=255)
    file = models.FileField(_("文件"), upload_to="bundles/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("一件事材料")
        verbose_name_plural = _("一件事材料")
        constraints = [
            models.UniqueConstraint(fields=["application", "merged_key"], name="bundles_material_once"),
        ]

    def __str__(self) -> str:
        return self.name
