"""The case (办件): one application for one item, pinned to the version in force at submission.

Life cycle (the state machine; every arrow is one service in :mod:`zwfw.cases.services`)::

    submitted ──accept / accept_with_shortfall / accept_on_pledge (告知承诺) / deemed (art. 32)──▶
      │  ▲                                                        accepted ──decide──▶ decided
      │  └─resubmit── correction ◀──request_correction── submitted
      └──refuse──▶ refused                                decided ──deliver──▶ delivered
    submitted / correction ──withdraw──▶ withdrawn         decided / delivered ──complete──▶ completed

GB/T 39046 has no case-status code list (only 环节办理状态 1 待办 / 2 已办 and 业务动作 通过 / 退回
/ 其他, kept on :class:`~zwfw.cases.models.workflow.CaseStep`): these states are ours.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    CORRECTION = "correction", _("待补正")
    ACCEPTED = "accepted", _("已受理")
    DECIDED = "decided", _("已决定")
    DELIVERED = "delivered", _("已送达")
    COMPLETED = "completed", _("已办结")
    REFUSED = "refused", _("不予受理")
    WITHDRAWN = "withdrawn", _("已撤回")


#: States in which nothing more happens to the case.
FINAL_STATUSES = frozenset({CaseStatus.COMPLETED, CaseStatus.REFUSED, CaseStatus.WITHDRAWN})
#: States in which the promised-limit clock runs (from acceptance until the decision).
CLOCK_STATUSES = frozenset({CaseStatus.ACCEPTED})


class CaseChannel(models.TextChoices):
    """申报来源 (GB/T 39046 表5, codes of A.5 办理形式; 自助终端 has no code there → 9 其他)."""

    ONLINE = "online", _("网上办理")
    MOBILE = "mobile", _("移动端")
    WINDOW = "window", _("窗口办理")
    KIOSK = "kiosk", _("自助终端")


#: GB/T 39046 A.5 code of each channel, for the national data exchange.
CHANNEL_GB_CODES = {"window": "1", "online": "2", "mobile": "3", "kiosk": "9"}
ONLINE_CHANNELS = frozenset({CaseChannel.ONLINE, CaseChannel.MOBILE})


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ENTERPRISE = "enterprise", _("法人")


class Decision(models.TextChoices):
    APPROVED = "approved", _("准予")
    DENIED = "denied", _("不予")


class Case(models.Model):
    """办件. Scoped by ``region``/``department`` (the implementation's) and owned by ``applicant``."""

    number = models.CharField(_("办件编号"), max_length=50, unique=True)
    verify_code = models.CharField(_("查询码"), max_length=6)
    parent = models.ForeignKey(
        "self", verbose_name=_("一件事主件"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    # Who applies (办事申请, GB/T 39046 表5)
    applicant = models.ForeignKey(
        "core.User", verbose_name=_("申请人账号"), on_delete=models.PROTECT, related_name="cases"
    )
    applicant_kind = models.CharField(_("申请人类型"), max_length=16, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("申请者名称"), max_length=200)
    applicant_id_number = models.CharField(_("申请者证件号码"), max_length=18, blank=True, db_index=True)
    applicant_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    contact_name = models.CharField(_("联系人"), max_length=100, blank=True)
    contact_phone = models.CharField(_("联系人手机"), max_length=20, blank=True)
    postal_address = models.CharField(_("通讯地址"), max_length=300, blank=True)
    postal_code = models.CharField(_("邮编"), max_length=6, blank=True)
    agent = models.ForeignKey(
        "core.User",
        verbose_name=_("代办/帮办人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agent_cases",
    )
    channel = models.CharField(_("申报来源"), max_length=16, choices=CaseChannel.choices, db_index=True)
    # 全程网办: applied online and the result never needed a trip (cleared by a window pick-up).
    fully_online = models.BooleanField(_("全程网办"), default=False)
    # The channel as the monthly report counts it, fixed at acceptance (全程网办受理 vs 综合窗口受理):
    # ``fully_online`` at that moment. Later events (a window pick-up) never change it, so a closed
    # month's figures never move (docs/reports.md).
    accepted_online = models.BooleanField(_("受理时全程网办"), default=False)

    # What (the pinned version: a case runs the version in force when it was submitted)
    implementation = models.ForeignKey(
        "catalog.ItemImplementation", verbose_name=_("实施清单事项"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        "catalog.ItemVersion", verbose_name=_("事项版本"), on_delete=models.PROTECT, related_name="+"
    )
    item_name = models.CharField(_("事项名称"), max_length=200)
    region = models.ForeignKey("core.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "core.Department", verbose_name=_("实施机关"), on_delete=models.PROTECT, related_name="+"
    )
    form_data = models.JSONField(_("申请表数据"), default=dict, blank=True)
    # 跨域通办 (川渝通办, 异地代收代办; docs/cases.md "Cross-region cases"): received and accepted at
    # a window of another region (收件地 ``intake_region``, 收件单位 ``intake_department``) for
    # this implementation's department, which reviews and decides; the result goes back to that
    # window (出件) or by post. Empty for an ordinary case. Set once, at application.
    cross_region = models.BooleanField(_("跨域通办"), default=False)
    intake_region = models.ForeignKey(
        "core.Region", verbose_name=_("收件地"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    intake_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("收件单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    status = models.CharField(
        _("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED, db_index=True
    )
    status_changed_at = models.DateTimeField(_("状态变更时间"))
    # Optimistic concurrency: every transition is UPDATE … WHERE id = … AND row_version = … .
    row_version = models.PositiveIntegerField(_("行版本"), default=0)

    # 受理 (事项受理, 表6)
    submitted_at = models.DateTimeField(_("申请时间"), db_index=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True, db_index=True)
    accepted_by = models.ForeignKey(
        "core.User", verbose_name=_("受理人员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("受理单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deemed_accepted = models.BooleanField(_("视为受理"), default=False)
    deemed_reason = models.CharField(_("视为受理理由"), max_length=300, blank=True)
    with_shortfall = models.BooleanField(_("容缺受理"), default=False)
    on_pledge = models.BooleanField(_("告知承诺"), default=False)
    #: The applicant's written pledge received at the window (告知承诺); the department decides,
    #: and an approval opens the supervisor's verification (:class:`PledgeVerification`).
    pledge_text = models.TextField(_("告知承诺书"), blank=True)
    refused_at = models.DateTimeField(_("不予受理时间"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予受理理由"), blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    # The clock (行政许可法 arts. 42, 45, 82: working days from acceptance, special procedures excluded)
    promised_limit_days = models.PositiveIntegerField(_("承诺时限(工作日)"), null=True, blank=True)
    due_date = models.DateField(_("承诺办结日期"), null=True, blank=True, db_index=True)
    clock_stopped = models.BooleanField(_("计时暂停"), default=False)
    stopped_workdays = models.PositiveIntegerField(_("暂停工作日数"), default=0)
    is_overdue = models.BooleanField(_("超期"), default=False, db_index=True)
    warning_level = models.PositiveSmallIntegerField(
        _("临期预警"), default=0, help_text=_("已发出的最近一级预警（距办结日期的工作日数），0 表示未预警")
    )
    warned_at = models.DateTimeField(_("预警时间"), null=True, blank=True)
    # 延长审批 (行政许可法 第四十二条; GB/T 39046 A.7 特别程序种类 1): once, by the entitled approver,
    # within the original limit, with the reason told to the applicant.
    extension_workdays = models.PositiveSmallIntegerField(_("延长审批(工作日)"), default=0)
    extended_at = models.DateTimeField(_("延长审批时间"), null=True, blank=True)
    extended_by = models.ForeignKey(
        "core.User", verbose_name=_("延长审批批准人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extension_reason = models.TextField(_("延长理由"), blank=True)
    # 送达期限 (行政许可法 第四十四条): the licence is issued and delivered within 10 working days of
    # the decision; a decided case not delivered by then is flagged ``is_overdue`` by the scan.
    delivery_due_date = models.DateField(_("送达期限"), null=True, blank=True)

    # 决定 and 办结 (事项办结, 表8)
    decision = models.CharField(_("审批结果"), max_length=16, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    legal_basis = models.TextField(_("法律依据"), blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        "core.User", verbose_name=_("决定人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result_licence_type = models.CharField(_("结果证照类型"), max_length=64, blank=True)
    result_licence_number = models.CharField(_("结果证照编号"), max_length=100, blank=True)
    result_issued_at = models.DateTimeField(_("出证时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True, db_index=True)
    completed_by = models.ForeignKey(
        "core.User", verbose_name=_("办结人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["applicant", "-submitted_at"], name="case_applicant_recent"),
            models.Index(fields=["department", "status"], name="case_department_status"),
            models.Index(fields=["region", "status"], name="case_region_status"),
            models.Index(fields=["status", "due_date"], name="case_status_due"),
            # Child cases of a bundle parent: few rows carry a parent, and without this index
            # SQLite's planner (once ANALYZE has run) scans the whole table for every case detail.
            models.Index(
                fields=["parent", "-submitted_at"], condition=models.Q(parent__isnull=False), name="case_children"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(applicant_id_number="", applicant_uscc=""), name="case_applicant_identified"
            ),
            # a cross-region case always names where it was received (the report counts its
            # acceptance there), an ordinary one never does
            models.CheckConstraint(
                condition=models.Q(cross_region=False, intake_region__isnull=True, intake_department__isnull=True)
                | models.Q(cross_region=True, intake_region__isnull=False, intake_department__isnull=False),
                name="case_cross_region_intake",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.item_name}"

    @property
    def channel_gb_code(self) -> str:
        return CHANNEL_GB_CODES[self.channel]

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


class CaseNumberCounter(models.Model):
    """The last sequence number given out per ``<region>-<YYYYMMDD>`` prefix (办件编号)."""

    prefix = models.CharField(max_length=32, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("办件编号计数器")
        verbose_name_plural = _("办件编号计数器")

    def __str__(self) -> str:
        return f"{self.prefix}:{self.last}"
