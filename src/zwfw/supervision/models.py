"""Models of the supervision app (互联网+监管).

- :class:`SupervisionItem` 监管事项: what a department supervises, bound to catalog items by code.
- :class:`InboxEvent` 审管联动: one row per event cases emitted (approval, 告知承诺, 容缺受理);
  ``source_key`` is unique, so a redelivered event is recognised and stored once.
- :class:`PledgeCheck` 告知承诺核查: the post-approval check of a pledge (属实 / 不实).
- :class:`CreditEvent` 信用事件 and :class:`CreditRepair` 信用修复 per USCC or 身份证号.
- :class:`SupervisedEntity`, :class:`Inspector`, :class:`InspectorRelation`,
  :class:`InspectionPlan`, :class:`InspectionTask`: 双随机一公开.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckMethod(models.TextChoices):
    ONSITE = "onsite", _("现场检查")
    DATA = "data", _("数据核查")
    DOCUMENT = "document", _("书面检查")


class SupervisionItem(models.Model):
    """监管事项清单: one supervision duty of a department; bound to one or more catalog items
    (implementation or base item codes) in ``catalog_codes``."""

    code = models.CharField(_("监管事项编码"), max_length=64, unique=True)
    name = models.CharField(_("监管事项名称"), max_length=200)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("监管部门"), on_delete=models.PROTECT, related_name="+"
    )
    catalog_codes = models.JSONField(_("关联审批事项编码"), default=list)
    basis = models.TextField(_("设定依据"))
    method = models.CharField(_("监管方式"), max_length=16, choices=CheckMethod.choices, default=CheckMethod.ONSITE)
    frequency_per_year = models.PositiveSmallIntegerField(_("检查频次（次/年）"), default=1)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("监管事项")
        verbose_name_plural = _("监管事项")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class EventKind(models.TextChoices):
    APPROVAL = "approval", _("审批决定")
    PLEDGE = "pledge", _("告知承诺")
    SHORTFALL = "shortfall", _("容缺受理")


class DecisionKind(models.TextChoices):
    APPROVED = "approved", _("准予")
    DENIED = "denied", _("不予")
    NONE = "", _("—")


class EventResult(models.TextChoices):
    PENDING = "pending", _("待签收")
    SIGNED = "signed", _("已签收")
    SUPERVISED = "supervised", _("已纳入监管")
    CLOSED = "closed", _("无需监管")


class InboxEvent(models.Model):
    """One 审管联动 event received from cases. ``source_key`` (``cases:notice:<id>``) is unique:
    the in-process hand-over, the webhook and the retry job may all deliver it, it is stored once."""

    source_key = models.CharField(_("来源标识"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=EventKind.choices)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("监管部门"), on_delete=models.PROTECT, related_name="+"
    )
    case_number = models.CharField(_("办件编号"), max_length=50, db_index=True)
    item_code = models.CharField(_("事项编码"), max_length=64, db_index=True)
    item_name = models.CharField(_("事项名称"), max_length=200)
    approving_department = models.CharField(_("审批部门"), max_length=64, blank=True)
    applicant_kind = models.CharField(_("申请人类型"), max_length=16, blank=True)
    subject_name = models.CharField(_("主体名称"), max_length=200, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    decision = models.CharField(_("审批结果"), max_length=16, choices=DecisionKind.choices, blank=True)
    case_overdue = models.BooleanField(_("审批超期"), default=False)
    payload = models.JSONField(_("原始内容"), default=dict)
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True, db_index=True)
    sign_due = models.DateField(_("签收期限"))
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        "core.User", verbose_name=_("签收人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("处理结果"), max_length=16, choices=EventResult.choices, default=EventResult.PENDING)
    result_note = models.CharField(_("处理说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("审管联动事件")
        verbose_name_plural = _("审管联动事件")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}"


class PledgeStatus(models.TextChoices):
    PENDING = "pending", _("待核查")
    TRUE = "true", _("属实")
    UNTRUE = "untrue", _("不实")


class PledgeCheck(models.Model):
    """告知承诺核查 of one pledge (from an ``InboxEvent`` of kind ``pledge``)."""

    event = models.OneToOneField(InboxEvent, on_delete=models.PROTECT, related_name="pledge_check")
    department = models.ForeignKey(
        "core.Department", verbose_name=_("核查部门"), on_delete=models.PROTECT, related_name="+"
    )
    pledge_text = models.TextField(_("承诺内容"), blank=True)
    materials = models.JSONField(_("承诺替代的材料"), default=list)
    due_date = models.DateField(_("核查期限"))
    status = models.CharField(_("核查结论"), max_length=16, choices=PledgeStatus.choices, default=PledgeStatus.PENDING)
    method = models.CharField(_("核查方式"), max_length=16, choices=CheckMethod.choices, blank=True)
    result = models.TextField(_("核查情况"), blank=True)
    checked_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    checked_by = models.ForeignKey(
        "core.User", verbose_name=_("核查人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked = models.BooleanField(_("已撤销审批决定"), default=False)
    revocation_note = models.CharField(_("撤销说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("告知承诺核查")
        verbose_name_plural = _("告知承诺核查")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return f"告知承诺核查 {self.event_id}"


class SubjectKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("市场主体")
    PERSON = "person", _("自然人")


class CreditKind(models.TextChoices):
    VIOLATION = "violation", _("违法违规")
    BLACKLIST = "blacklist", _("失信名单")
    GOOD = "good", _("良好记录")
    PLEDGE_UNTRUE = "pledge_untrue", _("承诺不实")
    RATING_UPHELD = "rating_upheld", _("差评属实")
    TRADING_FLAG = "trading_flag", _("交易异常属实")


class CreditSource(models.TextChoices):
    IMPORT = "import", _("导入")
    PLATFORM = "platform", _("平台产生")
    MANUAL = "manual", _("人工录入")


class CreditEvent(models.Model):
    """One credit fact about a market entity (USCC) or a person (身份证号).
    ``source_ref`` (unique when set) makes platform events idempotent."""

    subject_kind = models.CharField(_("主体类型"), max_length=16, choices=SubjectKind.choices)
    subject_id = models.CharField(_("主体标识"), max_length=18, db_index=True)
    subject_name = models.CharField(_("主体名称"), max_length=200, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=CreditKind.choices)
    severity = models.PositiveSmallIntegerField(_("严重程度"), default=1)
    source = models.CharField(_("来源"), max_length=16, choices=CreditSource.choices, default=CreditSource.PLATFORM)
    source_ref = models.CharField(_("来源标识"), max_length=100, null=True, blank=True, unique=True)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("认定部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_on = models.DateField(_("发生日期"))
    note = models.CharField(_("说明"), max_length=500, blank=True)
    repaired_at = models.DateTimeField(_("信用修复时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("信用事件")
        verbose_name_plural = _("信用事件")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["subject_kind", "subject_id"], name="sup_credit_subject")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject_name or self.subject_kind}"


class RepairStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("修复通过")
    REJECTED = "rejected", _("不予修复")


class CreditRepair(models.Model):
    """信用修复申请 for one negative event; approved → the event stops counting."""

    event = models.ForeignKey(CreditEvent, on_delete=models.PROTECT, related_name="repairs")
    applicant = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("修复理由"))
    status = models.CharField(_("状态"), max_length=16, choices=RepairStatus.choices, default=RepairStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("信用修复申请")
        verbose_name_plural = _("信用修复申请")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"信用修复 {self.event_id}"


class SupervisedEntity(models.Model):
    """One member of the supervised population (监管对象), from approvals received or imports."""

    subject_kind = models.CharField(_("主体类型"), max_length=16, choices=SubjectKind.choices)
    subject_id = models.CharField(_("主体标识"), max_length=18)
    name = models.CharField(_("名称"), max_length=200)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("监管部门"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(SupervisionItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="entities")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("监管对象")
        verbose_name_plural = _("监管对象")
        ordering = ["subject_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["subject_id", "department"], name="sup_entity_once_per_department")
        ]

    def __str__(self) -> str:
        return self.name


class Inspector(models.Model):
    """执法检查人员名录库 (the inspector pool)."""

    user = models.OneToOneField("core.User", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    is_active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("执法检查人员")
        verbose_name_plural = _("执法检查人员")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class InspectorRelation(models.Model):
    """A listed relation (亲属、曾任职、持股…) between an inspector and an entity: 回避."""

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="relations")
    subject_id = models.CharField(_("主体标识"), max_length=18)
    relation = models.CharField(_("关系"), max_length=100)

    class Meta:
        verbose_name = _("回避关系")
        verbose_name_plural = _("回避关系")
        constraints = [models.UniqueConstraint(fields=["inspector", "subject_id"], name="sup_relation_once")]

    def __str__(self) -> str:
        return f"回避 {self.inspector_id}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    DRAWN = "drawn", _("已抽取")
    PUBLISHED = "published", _("已公示")


class InspectionPlan(models.Model):
    """双随机一公开 plan: ``seed`` is recorded at the draw so the same draw can be recomputed."""

    name = models.CharField(_("计划名称"), max_length=200)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="+"
    )
    joint_departments = models.ManyToManyField(
        "core.Department", verbose_name=_("联合检查部门"), blank=True, related_name="+"
    )
    item = models.ForeignKey(SupervisionItem, null=True, blank=True, on_delete=models.PROTECT, related_name="plans")
    entity_count = models.PositiveIntegerField(_("抽取对象数"))
    inspectors_per_entity = models.PositiveSmallIntegerField(_("每户检查人员数"), default=2)
    seed = models.BigIntegerField(_("随机种子"), null=True, blank=True)
    draw_input = models.JSONField(_("抽取输入（对象、人员库、回避关系）"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("抽查计划")
        verbose_name_plural = _("抽查计划")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class InspectionResult(models.TextChoices):
    PENDING = "pending", _("待检查")
    PASSED = "passed", _("未发现问题")
    RECTIFY = "rectify", _("责令整改")
    FAILED = "failed", _("发现违法违规")


class InspectionTask(models.Model):
    """One drawn entity with its drawn inspectors and the result."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="tasks")
    entity = models.ForeignKey(SupervisedEntity, on_delete=models.PROTECT, related_name="+")
    inspectors = models.ManyToManyField(Inspector, related_name="tasks")
    result = models.CharField(
        _("检查结果"), max_length=16, choices=InspectionResult.choices, default=InspectionResult.PENDING
    )
    result_note = models.CharField(_("检查情况"), max_length=500, blank=True)
    rectify_due = models.DateField(_("整改期限"), null=True, blank=True)
    rectified_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("录入时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("抽查任务")
        verbose_name_plural = _("抽查任务")
        ordering = ["plan_id", "id"]

    def __str__(self) -> str:
        return f"抽查 {self.plan_id}/{self.entity_id}"
