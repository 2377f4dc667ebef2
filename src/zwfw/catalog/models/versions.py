"""一表 and 一图: one version of an item's element table and process graph.

A version belongs to exactly one owner: a base item (the province's reference table and graph)
or an implementation (what a region's department publishes). Its life: draft → review →
published (or rejected); a later published version takes over on its ``effective_from``.
Once a version leaves ``draft`` its content is frozen — a change is a new version made with
``item_version_create_draft(from_version=…)``. The freeze is enforced here (``save`` refuses
content changes, deletes are refused by signal receivers, which also cover queryset deletes and
cascades) as well as in the services; ``QuerySet.update`` bypasses model code and is not used on
these tables.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from zwfw.catalog.errors import VersionImmutable
from zwfw.catalog.statuses import VersionStatus

# Statuses whose version has been in force (or will be): the history `version_in_force` reads.
RELEASED_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED, VersionStatus.RETIRED)
OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.REVIEW)


class CaseType(models.TextChoices):
    INSTANT = "instant", _("即办件")
    PROMISED = "promised", _("承诺件")


class ResultKind(models.TextChoices):
    LICENCE = "licence", _("证照")
    APPROVAL = "approval", _("批文")
    OTHER = "other", _("其他")


class ItemVersion(models.Model):
    """One version of an item's element table (一表) and process graph (一图)."""

    # Fields a frozen version may still change: its place in the life cycle, never its content.
    LIFECYCLE_FIELDS = frozenset(
        {
            "status",
            "effective_from",
            "effective_to",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "published_at",
        }
    )

    base_item = models.ForeignKey(
        "catalog.BaseItem",
        verbose_name=_("基本目录事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    implementation = models.ForeignKey(
        "catalog.ItemImplementation",
        verbose_name=_("实施清单事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(
        _("状态"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT, db_index=True
    )
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    change_note = models.CharField(_("变更说明"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("编制人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "core.User", verbose_name=_("审核人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    # 一表: element-table scalars
    conditions = models.TextField(_("受理条件"), blank=True)
    legal_limit_days = models.PositiveIntegerField(_("法定时限(工作日)"), null=True, blank=True)
    promised_limit_days = models.PositiveIntegerField(_("承诺时限(工作日)"), null=True, blank=True)
    limit_note = models.CharField(_("时限说明"), max_length=500, blank=True)
    case_type = models.CharField(_("办件类型"), max_length=16, choices=CaseType.choices, default=CaseType.PROMISED)
    fee_charged = models.BooleanField(_("是否收费"), default=False)
    fee_basis = models.TextField(_("收费依据"), blank=True)
    fee_amount_fen = models.PositiveBigIntegerField(_("收费金额(分)"), default=0)
    fee_description = models.CharField(_("收费说明"), max_length=500, blank=True)
    online_depth = models.PositiveSmallIntegerField(
        _("网上办理深度"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    visits = models.PositiveSmallIntegerField(_("到现场次数"), default=0)
    intermediary = models.CharField(_("中介服务"), max_length=500, blank=True)
    supervisor = models.ForeignKey(
        "core.Department",
        verbose_name=_("监管主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supervision_measures = models.TextField(_("监管措施"), blank=True)
    result_name = models.CharField(_("办理结果名称"), max_length=200, blank=True)
    result_kind = models.CharField(_("结果类型"), max_length=16, choices=ResultKind.choices, blank=True)
    result_licence_type = models.CharField(_("结果证照类型"), max_length=64, blank=True)
    result_sample = models.CharField(_("结果样本"), max_length=300, blank=True)
    scope = models.TextField(_("适用范围"), blank=True)
    validity = models.CharField(_("有效期限"), max_length=100, blank=True)
    consult_phone = models.CharField(_("咨询电话"), max_length=100, blank=True)
    complaint_phone = models.CharField(_("投诉电话"), max_length=100, blank=True)
    place = models.TextField(_("办理地点"), blank=True)
    hours = models.CharField(_("办理时间"), max_length=300, blank=True)
    channels = models.JSONField(_("办理形式"), default=list, blank=True)
    pledge_allowed = models.BooleanField(_("支持告知承诺"), default=False)
    shortfall_allowed = models.BooleanField(_("支持容缺受理"), default=False)
    faq = models.JSONField(_("常见问题"), default=list, blank=True)
    # Elements of the content spec (zwfw.catalog.spec) declared without a column of their own,
    # by dotted path; absent keys read as the element's default.
    extra_elements = models.JSONField(_("其他要素"), default=dict, blank=True)

    class Meta:
        verbose_name = _("事项版本")
        verbose_name_plural = _("事项版本")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(base_item__isnull=False) & models.Q(implementation__isnull=True))
                | (models.Q(base_item__isnull=True) & models.Q(implementation__isnull=False)),
                name="catalog_version_one_owner",
            ),
            models.CheckConstraint(
                condition=models.Q(online_depth__gte=1) & models.Q(online_depth__lte=4),
                name="catalog_version_online_depth_1_4",
            ),
            models.UniqueConstraint(fields=["base_item", "number"], name="catalog_version_base_number"),
            models.UniqueConstraint(fields=["implementation", "number"], name="catalog_version_impl_number"),
            # At most one open (draft or in review) version per owner.
            models.UniqueConstraint(
                fields=["base_item"],
                condition=models.Q(status__in=["draft", "review"]),
                name="catalog_version_one_open_per_base",
            ),
            models.UniqueConstraint(
                fields=["implementation"],
                condition=models.Q(status__in=["draft", "review"]),
                name="catalog_version_one_open_per_impl",
            ),
        ]
        indexes = [
            models.Index(fields=["implementation", "status", "effective_from"]),
            models.Index(fields=["base_item", "status", "effective_from"]),
        ]

    def __str__(self) -> str:
        owner = (self.implementation_id and f"impl:{self.implementation_id}") or f"base:{self.base_item_id}"
        return f"{owner} v{self.number} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            _refuse_frozen_content_change(self)
        super().save(*args, **kwargs)

    @property
    def owner(self):
        return self.implementation if self.implementation_id else self.base_item

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


def _refuse_frozen_content_change(version: ItemVersion) -> None:
    stored = ItemVersion.objects.filter(pk=version.pk).values().first()
    if stored is None or stored["status"] == VersionStatus.DRAFT:
        return
    changed = []
    for field in version._meta.concrete_fields:
        if field.name in ItemVersion.LIFECYCLE_FIELDS or field.name in {"id", "created_at"}:
            continue
        if stored[field.attname] != getattr(version, field.attname):
            changed.append(field.name)
    if stored["status"] in RELEASED_STATUSES and stored["effective_from"] != version.effective_from:
        changed.append("effective_from")
    if changed:
        raise VersionImmutable(status=stored["status"], fields=changed)


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复印件")
    ELECTRONIC = "electronic", _("电子件")


class MaterialSource(models.TextChoices):
    APPLICANT = "applicant", _("申请人自备")
    LICENCE = "licence", _("电子证照")
    SHARED = "shared", _("共享数据")
    PRODUCED = "produced", _("部门产生")


class VersionChild(models.Model):
    """A row of a version's content: frozen with its version."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        _refuse_if_frozen(self.version_id)
        super().save(*args, **kwargs)


def _refuse_if_frozen(version_id: int | None) -> None:
    status = ItemVersion.objects.filter(pk=version_id).values_list("status", flat=True).first()
    if status is not None and status != VersionStatus.DRAFT:
        raise VersionImmutable(status=status, fields=[])


class Material(VersionChild):
    """申请材料: one material of the checklist."""

    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="materials")
    key = models.CharField(_("材料键"), max_length=64)
    name = models.CharField(_("材料名称"), max_length=300)
    standard_code = models.CharField(_("标准材料编码"), max_length=64, blank=True, db_index=True)
    forms = models.JSONField(_("提交形式"), default=list, blank=True)
    originals = models.PositiveSmallIntegerField(_("原件份数"), default=0)
    copies = models.PositiveSmallIntegerField(_("复印件份数"), default=0)
    required = models.BooleanField(_("必要"), default=True)
    shortfall_allowed = models.BooleanField(_("可容缺"), default=False)
    #: 可承诺替代: the 告知承诺 element table names which materials a written pledge may replace
    #: (国办发〔2020〕42号; 2022 opinion); a pledge replaces no other material.
    pledge_allowed = models.BooleanField(_("可承诺替代"), default=False)
    source = models.CharField(
        _("材料来源"), max_length=16, choices=MaterialSource.choices, default=MaterialSource.APPLICANT
    )
    licence_type = models.CharField(_("证照类型"), max_length=64, blank=True)
    shared_data = models.CharField(_("共享数据集"), max_length=200, blank=True)
    blank_form = models.CharField(_("空白表格"), max_length=300, blank=True)
    sample = models.CharField(_("示例样表"), max_length=300, blank=True)
    note = models.TextField(_("填报说明"), blank=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["version", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="catalog_material_key")]

    def __str__(self) -> str:
        return self.name


class FieldType(models.TextChoices):
    TEXT = "text", _("文本")
    TEXTAREA = "textarea", _("多行文本")
    NUMBER = "number", _("数字")
    DATE = "date", _("日期")
    ID_NUMBER = "id_number", _("公民身份号码")
    USCC = "uscc", _("统一社会信用代码")
    PHONE = "phone", _("电话")
    ADDRESS = "address", _("地址")
    SELECT = "select", _("选择")
    MONEY = "money", _("金额")


class FormField(VersionChild):
    """A field of the application form, keyed by the data-element dictionary."""

    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="form_fields")
    element = models.CharField(_("数据元"), max_length=64)
    label = models.CharField(_("标签"), max_length=100)
    type = models.CharField(_("类型"), max_length=16, choices=FieldType.choices, default=FieldType.TEXT)
    required = models.BooleanField(_("必填"), default=False)
    choices = models.JSONField(_("选项"), default=list, blank=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("表单字段")
        verbose_name_plural = _("表单字段")
        ordering = ["version", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "element"], name="catalog_formfield_element")]

    def __str__(self) -> str:
        return self.label


class StepKind(models.TextChoices):
    APPLY = "apply", _("申请")
    ACCEPT = "accept", _("受理")
    REVIEW = "review", _("审查")
    INSPECT = "inspect", _("现场勘验")
    TECH_REVIEW = "tech_review", _("技术审查")
    HEARING = "hearing", _("听证")
    EXPERT_REVIEW = "expert_review", _("专家评审")
    TESTING = "testing", _("检验检测")
    DECIDE = "decide", _("决定")
    PRODUCE = "produce", _("制证")
    DELIVER = "deliver", _("送达")
    OTHER = "other", _("其他")


class Step(VersionChild):
    """A step (办理环节) of the process graph."""

    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(_("环节键"), max_length=64)
    name = models.CharField(_("环节名称"), max_length=100)
    kind = models.CharField(_("环节类型"), max_length=16, choices=StepKind.choices, default=StepKind.OTHER)
    role = models.CharField(_("办理角色"), max_length=32, blank=True)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("办理部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("为空表示实施机关"),
    )
    limit_days = models.PositiveIntegerField(_("时限(工作日)"), default=0)
    stops_clock = models.BooleanField(
        _("特别程序(不计时)"), default=False, help_text=_("《行政许可法》第四十五条：听证、检验、专家评审等不计入时限")
    )
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")
        ordering = ["version", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="catalog_step_key")]

    def __str__(self) -> str:
        return self.name


class StepEdge(VersionChild):
    """A directed edge of the process graph: ``to_step`` may start when ``from_step`` is done."""

    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="edges")
    from_step = models.ForeignKey(Step, verbose_name=_("前一环节"), on_delete=models.CASCADE, related_name="out_edges")
    to_step = models.ForeignKey(Step, verbose_name=_("后一环节"), on_delete=models.CASCADE, related_name="in_edges")
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("环节连线")
        verbose_name_plural = _("环节连线")
        ordering = ["version", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["from_step", "to_step"], name="catalog_edge_unique")]

    def __str__(self) -> str:
        return f"{self.from_step_id}→{self.to_step_id}"


@receiver(pre_delete, sender=ItemVersion)
def _refuse_version_delete(sender, instance: ItemVersion, **kwargs) -> None:
    if instance.status != VersionStatus.DRAFT:
        raise VersionImmutable(status=instance.status, fields=[])


def _refuse_child_delete(sender, instance, **kwargs) -> None:
    _refuse_if_frozen(instance.version_id)


for _model in (Material, FormField, Step, StepEdge):
    pre_delete.connect(_refuse_child_delete, sender=_model, dispatch_uid=f"catalog_frozen_{_model.__name__}")
