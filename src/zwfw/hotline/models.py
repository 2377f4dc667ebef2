"""Models of the hotline app (12345热线): work orders, the appeal catalog (诉求事项目录), the
versioned responsibility table (权责清单), the knowledge base, classifier versions.

Everything another app needs goes through :mod:`zwfw.hotline.services` and
:mod:`zwfw.hotline.selectors`; these models are private to the app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zwfw.core.models import Department, Region


class Category(models.Model):
    """One node of the 诉求事项目录 (appeal catalog): level 1 (一级分类) … level 3."""

    code = models.CharField(_("分类编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级分类"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("层级"))
    source = models.CharField(_("来源"), max_length=64, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("诉求分类")
        verbose_name_plural = _("诉求事项目录")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="hotline_category_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def top(self) -> Category:
        node = self
        while node.parent_id is not None:
            node = node.parent
        return node


class ResponsibilityVersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已废止")


class ResponsibilityVersion(models.Model):
    """One version of the 权责清单 / 派单目录; exactly one is published at a time."""

    number = models.PositiveIntegerField(_("版本号"), unique=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ResponsibilityVersionStatus.choices, default=ResponsibilityVersionStatus.DRAFT
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("权责清单版本")
        verbose_name_plural = _("权责清单版本")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number}"


class ResponsibilityRule(models.Model):
    """Category × region → department (主办). Routing walks the region up, then the category up."""

    version = models.ForeignKey(ResponsibilityVersion, on_delete=models.CASCADE, related_name="rules")
    category = models.ForeignKey(Category, verbose_name=_("诉求分类"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("承办部门"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("权责清单条目")
        verbose_name_plural = _("权责清单条目")
        constraints = [
            models.UniqueConstraint(fields=["version", "category", "region"], name="hotline_rule_unique_cell")
        ]

    def __str__(self) -> str:
        return f"{self.category_id}@{self.region_id}→{self.department_id}"


class Channel(models.TextChoices):
    PHONE = "phone", _("电话")
    WEB = "web", _("网站")
    MOBILE = "mobile", _("移动端")
    PLATFORM = "platform", _("政务服务平台转办")
    OPEN311 = "open311", _("Open311接口")


class AppealType(models.TextChoices):
    """诉求类型; the time limit of each is in :data:`zwfw.hotline.services.sla.SLA_WORKING_DAYS`."""

    CONSULT = "consult", _("咨询")
    HELP = "help", _("求助")
    SUGGEST = "suggest", _("意见建议")
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")
    CRITICAL = "critical", _("特急")


class Status(models.TextChoices):
    TO_DISPATCH = "to_dispatch", _("待派单")
    DISPATCHED = "dispatched", _("已派单待签收")
    SIGNED = "signed", _("已签收")
    PROCESSING = "processing", _("办理中")
    ANSWERED = "answered", _("已答复待回访")
    VISITED = "visited", _("已回访")
    CLOSED = "closed", _("已办结")
    ARBITRATION = "arbitration", _("退单仲裁中")
    MERGED = "merged", _("已并单")


OPEN_STATUSES = (
    Status.TO_DISPATCH,
    Status.DISPATCHED,
    Status.SIGNED,
    Status.PROCESSING,
    Status.ARBITRATION,
)
DEPARTMENT_STATUSES = (Status.DISPATCHED, Status.SIGNED, Status.PROCESSING)


class WorkOrder(models.Model):
    """A 工单: one citizen appeal from intake (受理) to 办结."""

    number = models.CharField(_("工单编号"), max_length=32, unique=True)
    channel = models.CharField(_("受理渠道"), max_length=16, choices=Channel.choices)
    appeal_type = models.CharField(_("诉求类型"), max_length=16, choices=AppealType.choices)
    urgency = models.CharField(_("紧急程度"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("诉求内容"))
    caller_name = models.CharField(_("来电人"), max_length=64, blank=True)
    caller_phone = models.CharField(_("联系电话"), max_length=20, blank=True, db_index=True)
    caller_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("诉求人账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotline_orders",
    )
    intake_operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受理话务员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(Region, verbose_name=_("诉求区划"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("诉求地点"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    source_kind = models.CharField(_("转办来源"), max_length=32, blank=True)
    source_ref = models.CharField(_("来源编号"), max_length=64, blank=True)

    category = models.ForeignKey(
        Category, verbose_name=_("诉求分类"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    suggestions = models.JSONField(_("分类建议"), default=list, blank=True)
    model_version = models.PositiveIntegerField(_("模型版本"), null=True, blank=True)
    auto_dispatched = models.BooleanField(_("自动派单"), default=False)
    department = models.ForeignKey(
        Department, verbose_name=_("承办部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.TO_DISPATCH)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("并入工单"), null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    knowledge_entry = models.ForeignKey(
        "KnowledgeEntry", verbose_name=_("引用知识"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at_intake = models.BooleanField(_("一次办结"), default=False)
    return_count = models.PositiveSmallIntegerField(_("退单次数"), default=0)
    supervision_count = models.PositiveSmallIntegerField(_("督办次数"), default=0)
    escalation_count = models.PositiveSmallIntegerField(_("提级次数"), default=0)
    extended_days = models.PositiveSmallIntegerField(_("延期工作日"), default=0)

    created_at = models.DateTimeField(_("受理时间"), auto_now_add=True, db_index=True)
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    sign_due_at = models.DateTimeField(_("签收时限"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_on_time = models.BooleanField(_("按时签收"), null=True, blank=True)
    due_at = models.DateTimeField(_("办理时限"), null=True, blank=True, db_index=True)
    answer = models.TextField(_("答复内容"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("按时办结"), null=True, blank=True)
    visited_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("满意度(1-5)"), null=True, blank=True)
    resolved = models.BooleanField(_("已解决"), null=True, blank=True)
    visit_note = models.CharField(_("回访记录"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    row_version = models.PositiveIntegerField(_("行版本"), default=0)

    class Meta:
        verbose_name = _("工单")
        verbose_name_plural = _("工单")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="hotline_order_status_due"),
            models.Index(fields=["department", "status"], name="hotline_order_dept_status"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class EventKind(models.TextChoices):
    CREATED = "created", _("受理")
    MERGED = "merged", _("并单")
    CLASSIFIED = "classified", _("分类")
    DISPATCHED = "dispatched", _("派单")
    SIGNED = "signed", _("签收")
    PROCESSING = "processing", _("办理")
    ANSWERED = "answered", _("答复")
    VISITED = "visited", _("回访")
    CLOSED = "closed", _("办结")
    RETURNED = "returned", _("退单")
    ARBITRATED = "arbitrated", _("仲裁")
    EXTENSION_REQUESTED = "extension_requested", _("申请延期")
    EXTENSION_DECIDED = "extension_decided", _("延期审批")
    SUPERVISED = "supervised", _("督办")
    ESCALATED = "escalated", _("提级办理")
    REOPENED = "reopened", _("重办")


class WorkOrderEvent(models.Model):
    """The order's timeline (the audit log holds the same facts, hash-chained)."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("环节"), max_length=32, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("不予批准")


class ExtensionRequest(models.Model):
    """延期申请: asked by the department before the deadline, decided by the hub."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("延期工作日"))
    reason = models.CharField(_("延期原因"), max_length=500)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"{self.order_id} +{self.days}"


class CategoryCorrection(models.Model):
    """An operator's correction of the classifier's suggestion; the next training uses it."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="corrections")
    suggested = models.CharField(_("模型建议"), max_length=100, blank=True)
    chosen = models.CharField(_("人工确认"), max_length=100)
    text = models.TextField(_("诉求内容"))
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    used_in_version = models.PositiveIntegerField(_("已用于模型版本"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.suggested}→{self.chosen}"


class ClassifierModel(models.Model):
    """A trained model file; the active one is used by intake (reloaded when it changes)."""

    version = models.PositiveIntegerField(_("版本"), unique=True)
    path = models.CharField(_("模型文件"), max_length=500)
    labels = models.JSONField(_("类别"), default=list)
    samples = models.PositiveIntegerField(_("训练样本数"), default=0)
    corrections = models.PositiveIntegerField(_("人工纠正样本数"), default=0)
    metrics = models.JSONField(_("评估"), default=dict, blank=True)
    is_active = models.BooleanField(_("启用"), default=False)
    trained_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version}"


class KnowledgeEntry(models.Model):
    """知识库条目: a question with its official answer and the policy it rests on."""

    question = models.CharField(_("问题"), max_length=300)
    answer = models.TextField(_("答复口径"))
    policy_source = models.CharField(_("政策依据"), max_length=300, blank=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("维护人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_date = models.DateField(_("复核日期"))
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("知识库条目")
        verbose_name_plural = _("知识库")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.question


class NumberSequence(models.Model):
    """Last number given out per day prefix (工单编号 RX + YYYYMMDD + 5 digits)."""

    prefix = models.CharField(max_length=16, primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}:{self.last}"
