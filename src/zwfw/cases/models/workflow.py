"""The workflow run from the pinned version's graph (一图), and the clock stops.

Steps are a *snapshot* of the graph's steps taken at acceptance (key, name, kind, role,
department, limits, predecessors), so a case keeps running the graph it was accepted under even
after the catalog publishes a new version.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StepStatus(models.TextChoices):
    PENDING = "pending", _("未开始")
    ACTIVE = "active", _("待办")
    DONE = "done", _("已办")
    SKIPPED = "skipped", _("跳过")


#: GB/T 39046 表7 环节办理状态代码: 1 待办, 2 已办.
STEP_GB_CODES = {"pending": "1", "active": "1", "done": "2", "skipped": "2"}


class StepAction(models.TextChoices):
    """业务动作 (GB/T 39046 表7)."""

    PASS = "pass", _("通过")
    RETURN = "return", _("退回")
    OTHER = "other", _("其他")


class CaseStep(models.Model):
    """One step of the case's workflow (办理环节)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(_("环节键"), max_length=64)
    name = models.CharField(_("环节名称"), max_length=100)
    kind = models.CharField(_("环节类型"), max_length=16)
    role = models.CharField(_("办理角色"), max_length=32, blank=True)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("办理部门"), on_delete=models.PROTECT, related_name="+"
    )
    limit_days = models.PositiveIntegerField(_("时限(工作日)"), default=0)
    stops_clock = models.BooleanField(_("特别程序(不计时)"), default=False)
    predecessors = models.JSONField(_("前序环节"), default=list, blank=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)

    status = models.CharField(
        _("状态"), max_length=16, choices=StepStatus.choices, default=StepStatus.PENDING, db_index=True
    )
    assignee = models.ForeignKey(
        "core.User", verbose_name=_("指派给"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_by = models.ForeignKey(
        "core.User", verbose_name=_("环节处理人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("环节开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("环节结束时间"), null=True, blank=True)
    action = models.CharField(_("业务动作"), max_length=16, choices=StepAction.choices, blank=True)
    opinion = models.TextField(_("环节处理意见"), blank=True)
    rounds = models.PositiveSmallIntegerField(_("办理轮次"), default=0)
    # The step's own limit (``limit_days`` working days from activation; for a 转外环节 such as
    # 专家评审 or 听证, the time the procedure may take), flagged by the daily deadline scan.
    due_date = models.DateField(_("环节办理期限"), null=True, blank=True)
    is_overdue = models.BooleanField(_("环节超期"), default=False)

    class Meta:
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")
        ordering = ["case", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="case_step_key")]
        indexes = [models.Index(fields=["status", "role", "department"], name="case_step_queue")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_status_display()}）"

    @property
    def gb_status_code(self) -> str:
        return STEP_GB_CODES[self.status]


class SpecialProcedure(models.TextChoices):
    """特别程序 (行政许可法 第四十五条; GB/T 39046 A.7 groups them as 2 “除延长审批之外的情况”)."""

    HEARING = "hearing", _("听证")
    TENDER = "tender", _("招标")
    AUCTION = "auction", _("拍卖")
    INSPECTION = "inspection", _("检验")
    TESTING = "testing", _("检测")
    QUARANTINE = "quarantine", _("检疫")
    APPRAISAL = "appraisal", _("鉴定")
    EXPERT_REVIEW = "expert_review", _("专家评审")
    SITE_SURVEY = "site_survey", _("现场勘验")


#: The special procedure a graph step of this kind stands for (catalog StepKind → SpecialProcedure).
STEP_KIND_PROCEDURE = {
    "hearing": SpecialProcedure.HEARING,
    "expert_review": SpecialProcedure.EXPERT_REVIEW,
    "testing": SpecialProcedure.TESTING,
    "inspect": SpecialProcedure.SITE_SURVEY,
    "tech_review": SpecialProcedure.EXPERT_REVIEW,
}


class ClockStop(models.Model):
    """A period in which the promised-limit clock does not run (special procedure).

    ``workdays`` = working days in ``(started_on, ended_on]`` on the official calendar (the day
    the procedure starts still counts, as a period never counts its first day — 民法典 第二百零一条).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="clock_stops")
    step = models.ForeignKey(
        "cases.CaseStep", null=True, blank=True, on_delete=models.SET_NULL, related_name="clock_stops"
    )
    kind = models.CharField(_("特别程序种类"), max_length=16, choices=SpecialProcedure.choices)
    reason = models.CharField(_("启动理由或依据"), max_length=500)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    workdays = models.PositiveIntegerField(_("暂停工作日数"), null=True, blank=True)
    started_at = models.DateTimeField(_("特别程序开始时间"))
    ended_at = models.DateTimeField(_("特别程序结束时间"), null=True, blank=True)
    started_by = models.ForeignKey(
        "core.User", verbose_name=_("启动人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        "core.User", verbose_name=_("结束人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.TextField(_("特别程序结果"), blank=True)

    class Meta:
        verbose_name = _("特别程序（计时暂停）")
        verbose_name_plural = _("特别程序（计时暂停）")
        ordering = ["case", "started_on", "id"]
        constraints = [
            # At most one open stop per case: overlapping stops would count the same days twice.
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(ended_on__isnull=True), name="case_one_open_stop"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}–{self.ended_on or '…'}"
