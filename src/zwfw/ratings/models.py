"""Models of the ratings app (好差评).

- :class:`Rating` (评价): one per rated subject (一事一评 / 一次一评), **immutable**: ``save`` refuses
  an update, ``delete`` refuses, the queryset refuses ``update``/``delete``; on PostgreSQL a trigger
  (migration 0002) refuses UPDATE and DELETE of the table as well. Its reasons are
  :class:`RatingReason` rows (one per chosen reason; counted in SQL for the 回头看 ranking).
- :class:`RatingTextHide` (屏蔽文字): hiding abusive text is a separate, audited row; the rating
  itself stays as it was given.
- :class:`RatingInvitation` (评价邀请): a one-time token for the SMS link or the hall's pad;
  only its SHA-256 is stored; single use, expiring.
- :class:`WindowVisit` (窗口服务记录): one service at a window (现场服务 一次一评), recorded by
  the clerk right after the visit; the subject a pad rating is about.
- :class:`Rectification` (差评整改): opened by a bad rating; 核实 → 整改 → 回访 → 办结, with
  申诉 decided by the hub and escalation when overdue.
- :class:`BlockedMatter` (办不成事反映): a matter that could not be done, tracked to an outcome.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """满意度 (GB/T 39046 A.8): codes 1–5 from 非常满意 to 非常不满意."""

    VERY_SATISFIED = 1, _("非常满意")
    SATISFIED = 2, _("满意")
    BASIC = 3, _("基本满意")
    UNSATISFIED = 4, _("不满意")
    VERY_UNSATISFIED = 5, _("非常不满意")


BAD_LEVELS = (Level.UNSATISFIED, Level.VERY_UNSATISFIED)
GOOD_LEVELS = (Level.VERY_SATISFIED, Level.SATISFIED, Level.BASIC)


class SubjectKind(models.TextChoices):
    CASE = "case", _("办件")
    BUNDLE_APPLICATION = "bundle_application", _("一件事申请")
    WINDOW_VISIT = "window_visit", _("窗口服务")
    WORK_ORDER = "work_order", _("12345工单")


class RatingChannel(models.TextChoices):
    """评价渠道 (GB/T 39046 表9)."""

    PC = "pc", _("PC端")
    MOBILE = "mobile", _("移动服务端")
    QRCODE = "qrcode", _("二维码")
    PAD = "pad", _("政务大厅平板电脑")
    TERMINAL = "terminal", _("政务大厅其他终端")
    PHONE = "phone", _("电话")
    SMS = "sms", _("短信")


class ImmutableQuerySet(models.QuerySet):
    """Refuses bulk changes: rows of an immutable model are only ever inserted."""

    def update(self, **kwargs):
        raise ValidationError("评价一经提交不可修改")

    def delete(self):
        raise ValidationError("评价一经提交不可删除")

    def bulk_update(self, *args, **kwargs):
        raise ValidationError("评价一经提交不可修改")


class ImmutableModel(models.Model):
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError("评价一经提交不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("评价一经提交不可删除")


class Rating(ImmutableModel):
    """评价 (GB/T 39046 表9): who rated what, how, through which channel; never changed."""

    subject_kind = models.CharField(_("评价对象类型"), max_length=32, choices=SubjectKind.choices)
    subject_ref = models.CharField(_("评价对象ID"), max_length=64)
    subject_number = models.CharField(_("办件/工单编号"), max_length=64)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评价人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代录人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("评价渠道"), max_length=16, choices=RatingChannel.choices)
    level = models.PositiveSmallIntegerField(_("满意度"), choices=Level.choices)
    comment = models.TextField(_("文字评价"), blank=True, max_length=500)
    item_code = models.CharField(_("事项编码"), max_length=64, blank=True)
    item_name = models.CharField(_("事项名称"), max_length=255, blank=True)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey("core.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    window_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("窗口单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    window_no = models.CharField(_("窗口号"), max_length=32, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("服务人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_ended_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), db_index=True)
    rated_month = models.CharField(_("评价月份"), max_length=7, db_index=True)  # YYYY-MM, Beijing time

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["-rated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subject_kind", "subject_ref"], name="ratings_one_per_subject"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="ratings_level_1_5"),
        ]
        indexes = [
            models.Index(fields=["department", "rated_month"]),
            models.Index(fields=["item_code", "rated_month"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject_number} {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS

    @property
    def stars(self) -> int:
        return 6 - self.level


class RatingReason(ImmutableModel):
    """One reason chosen from the list (``zwfw.ratings.reasons``) for one rating."""

    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="reasons")
    code = models.CharField(_("原因"), max_length=32)

    class Meta:
        verbose_name = _("评价原因")
        verbose_name_plural = _("评价原因")
        constraints = [models.UniqueConstraint(fields=["rating", "code"], name="ratings_reason_once")]

    def __str__(self) -> str:
        return self.code


class RatingTextHide(ImmutableModel):
    """屏蔽不当文字: the rating's text is no longer shown; the rating and its level stay."""

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="text_hide")
    reason = models.CharField(_("屏蔽理由"), max_length=200)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    hidden_at = models.DateTimeField(_("屏蔽时间"))

    class Meta:
        verbose_name = _("屏蔽文字")
        verbose_name_plural = _("屏蔽文字")

    def __str__(self) -> str:
        return f"屏蔽#{self.rating_id}"


class RatingInvitation(models.Model):
    """A one-time rating link (SMS) or pad session. Only the SHA-256 of the token is stored."""

    token_hash = models.CharField(max_length=64, unique=True)
    subject_kind = models.CharField(_("评价对象类型"), max_length=32, choices=SubjectKind.choices)
    subject_ref = models.CharField(_("评价对象ID"), max_length=64)
    channel = models.CharField(_("渠道"), max_length=16, choices=RatingChannel.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("发出时间"))
    expires_at = models.DateTimeField(_("失效时间"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价邀请")
        verbose_name_plural = _("评价邀请")
        indexes = [models.Index(fields=["subject_kind", "subject_ref"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.subject_kind}:{self.subject_ref}"


class WindowVisit(models.Model):
    """窗口服务记录: one service at a window, recorded by the clerk right after it (一次一评)."""

    number = models.CharField(_("服务编号"), max_length=32, unique=True)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("窗口单位"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey("core.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    window_no = models.CharField(_("窗口号"), max_length=32)
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("窗口人员"), on_delete=models.PROTECT, related_name="+"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办事人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    item_code = models.CharField(_("事项编码"), max_length=64, blank=True)
    item_name = models.CharField(_("事项/业务"), max_length=255)
    item_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("事项实施机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visited_at = models.DateTimeField(_("服务时间"))

    class Meta:
        verbose_name = _("窗口服务记录")
        verbose_name_plural = _("窗口服务记录")
        ordering = ["-visited_at", "-id"]

    def __str__(self) -> str:
        return self.number


class RectificationStatus(models.TextChoices):
    VERIFYING = "verifying", _("待核实")
    RECTIFYING = "rectifying", _("整改中")
    REVISITING = "revisiting", _("待回访")
    CLOSED = "closed", _("已办结")
    APPEALING = "appealing", _("申诉审核中")
    VOIDED = "voided", _("申诉成立")


OPEN_RECTIFICATION = (
    RectificationStatus.VERIFYING,
    RectificationStatus.RECTIFYING,
    RectificationStatus.REVISITING,
    RectificationStatus.APPEALING,
)


class VerifyOutcome(models.TextChoices):
    """核实结论 (51号 closed loop)."""

    IMMEDIATE = "immediate", _("问题属实，立行立改")
    SCHEDULED = "scheduled", _("问题属实，限期整改")
    EXPLAIN = "explain", _("无法律政策依据，解释说明")


class RevisitResult(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Rectification(models.Model):
    """差评整改: one per bad rating, for the responsible department (谁办理、谁负责)."""

    rating = models.OneToOneField(
        Rating, verbose_name=_("评价"), on_delete=models.PROTECT, related_name="rectification"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey("core.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=RectificationStatus.choices,
        default=RectificationStatus.VERIFYING,
        db_index=True,
    )
    row_version = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(_("派发时间"))
    due_date = models.DateField(_("整改期限"), null=True, blank=True, db_index=True)
    verify_outcome = models.CharField(_("核实结论"), max_length=16, choices=VerifyOutcome.choices, blank=True)
    verify_note = models.TextField(_("核实情况"), blank=True)
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    measures = models.TextField(_("整改措施"), blank=True)
    rectified_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_time = models.BooleanField(_("按时整改"), null=True, blank=True)
    revisit_result = models.CharField(_("回访结果"), max_length=16, choices=RevisitResult.choices, blank=True)
    revisit_note = models.TextField(_("回访情况"), blank=True)
    revisit_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    revisit_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revisit_count = models.PositiveSmallIntegerField(_("回访次数"), default=0)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    appeal_reason = models.TextField(_("申诉理由"), blank=True)
    appeal_from = models.CharField(_("申诉前状态"), max_length=16, blank=True)
    appealed_at = models.DateTimeField(_("申诉时间"), null=True, blank=True)
    appealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appeal_approved = models.BooleanField(_("申诉成立"), null=True, blank=True)
    appeal_note = models.TextField(_("申诉审核意见"), blank=True)
    appeal_decided_at = models.DateTimeField(_("申诉审核时间"), null=True, blank=True)
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalation_level = models.PositiveSmallIntegerField(_("督办级别"), default=0)
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("差评整改")
        verbose_name_plural = _("差评整改")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return f"整改#{self.pk}"


class BlockerKind(models.TextChoices):
    MATERIALS = "materials", _("材料要求不合理或反复索要")
    PROCESS = "process", _("流程不通或部门间推诿")
    NO_ITEM = "no_item", _("找不到可办理的事项")
    POLICY = "policy", _("政策规定不明确或相互冲突")
    SYSTEM = "system", _("系统故障或数据不通")
    CONDITIONS = "conditions", _("办理条件过严")
    OTHER = "other", _("其他")


class BlockedStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    IN_PROGRESS = "in_progress", _("处理中")
    RESOLVED = "resolved", _("已反馈")


class BlockedMatter(models.Model):
    """办不成事反映: what could not be done, who owns solving it, by when, and what came of it."""

    number = models.CharField(_("反映编号"), max_length=32, unique=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("反映人"), on_delete=models.PROTECT, related_name="+"
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办事人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("渠道"), max_length=16)  # online | window
    item_code = models.CharField(_("事项编码"), max_length=64, blank=True)
    item_name = models.CharField(_("事项/事情"), max_length=255)
    blocker = models.CharField(_("卡点类型"), max_length=16, choices=BlockerKind.choices)
    description = models.TextField(_("卡在哪里"), max_length=2000)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey("core.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=16, choices=BlockedStatus.choices, default=BlockedStatus.OPEN)
    reported_at = models.DateTimeField(_("反映时间"))
    due_date = models.DateField(_("办理期限"))
    outcome = models.TextField(_("办理结果"), blank=True)
    outcome_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    needs_change = models.CharField(_("需改进"), max_length=16, blank=True)  # catalog | process | none

    class Meta:
        verbose_name = _("办不成事反映")
        verbose_name_plural = _("办不成事反映")
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return self.number
