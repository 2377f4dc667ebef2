"""Core data: regions, departments, users and roles, the calendar, the audit log, the outbox.

Every other domain app builds on these tables; none of them writes here directly, they call
:mod:`zwfw.core.services`.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def max_length_of(model: type[models.Model], field: str) -> int:
    """``max_length`` of a model's CharField, for services that check a length before saving."""
    length = model._meta.get_field(field).max_length
    if length is None:  # only a CharField/TextField without a limit; a programming error here
        raise TypeError(f"{model.__name__}.{field} has no max_length")
    return length


class RegionLevel(models.IntegerChoices):
    """行政区划层级; the numbers follow GB/T 39046 A.2 (行使层级代码) where they overlap."""

    NATIONAL = 1, _("国家级")
    PROVINCE = 2, _("省级")
    CITY = 3, _("市级")
    COUNTY = 4, _("县级")
    TOWNSHIP = 5, _("乡镇(街道)级")
    VILLAGE = 6, _("村(社区)级")


class Region(models.Model):
    """A GB/T 2260 administrative division (6 digits; townships and villages use 9/12)."""

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.PositiveSmallIntegerField(_("层级"), choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of codes, "510000/510100/510104/": "is within" is a prefix test and
    # a subtree is one indexed range query, at any depth.
    path = models.CharField(_("路径"), max_length=255, db_index=True, editable=False)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent else "") + f"{self.code}/"
        super().save(*args, **kwargs)

    def is_within(self, other: Region) -> bool:
        """True when this region is ``other`` or lies inside it."""
        return self.path.startswith(other.path)

    @property
    def area_code_12(self) -> str:
        """The 12-digit area code used in item codes (6-digit GB/T 2260 + zeros)."""
        return self.code.ljust(12, "0")


class DepartmentLevel(models.IntegerChoices):
    PROVINCE = 2, _("省级")
    CITY = 3, _("市级")
    COUNTY = 4, _("县级")
    TOWNSHIP = 5, _("乡镇(街道)级")
    VILLAGE = 6, _("村(社区)级")


class Department(models.Model):
    """An organisation unit (部门/机构) bound to a region; departments form a tree."""

    code = models.CharField(_("部门编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    short_name = models.CharField(_("简称"), max_length=64, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="departments")
    level = models.PositiveSmallIntegerField(_("层级"), choices=DepartmentLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The counterpart at the level above in the same line of business (成都市市场监管局 → 省市场监管局).
    line = models.CharField(_("条线"), max_length=32, blank=True, db_index=True)
    path = models.CharField(_("路径"), max_length=512, db_index=True, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["region_id", "code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent else "") + f"{self.code}/"
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    """The platform's roles; permissions for each live in :mod:`zwfw.core.permissions`."""

    PERSON = "person", _("个人申请人")
    ENTERPRISE = "enterprise", _("企业申请人")
    WINDOW_CLERK = "window_clerk", _("窗口人员")
    REVIEWER = "reviewer", _("部门审批人员")
    DEPT_ADMIN = "dept_admin", _("部门管理员")
    HOTLINE_OPERATOR = "hotline_operator", _("12345话务员")
    POLICY_OFFICER = "policy_officer", _("惠企政策专员")
    TRADING_SUPERVISOR = "trading_supervisor", _("交易监管人员")
    PLATFORM_ADMIN = "platform_admin", _("平台管理员")
    HOTLINE_SUPERVISOR = "hotline_supervisor", _("12345热线督办员")
    SUPERVISION_OFFICER = "supervision_officer", _("监管执法人员")
    BID_EXPERT = "bid_expert", _("评标专家")


APPLICANT_ROLES = frozenset({Role.PERSON, Role.ENTERPRISE})
STAFF_ROLES = frozenset(set(Role) - APPLICANT_ROLES)


class User(AbstractUser):
    """A platform account. Applicants carry their identifier; staff carry department and region."""

    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.PERSON)
    display_name = models.CharField(_("姓名/名称"), max_length=128, blank=True)
    id_number = models.CharField(_("公民身份号码"), max_length=18, blank=True, db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("所属部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    large_font = models.BooleanField(_("适老化大字模式"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def clean(self):
        super().clean()
        if self.role in STAFF_ROLES and self.role != Role.PLATFORM_ADMIN and not self.region_id:
            raise ValidationError({"region": _("工作人员必须绑定行政区划")})
        if self.role == Role.ENTERPRISE and not self.uscc:
            raise ValidationError({"uscc": _("企业申请人必须绑定统一社会信用代码")})

    @property
    def is_applicant(self) -> bool:
        return self.role in APPLICANT_ROLES

    @property
    def is_platform_admin(self) -> bool:
        return self.role == Role.PLATFORM_ADMIN or self.is_superuser


class ScopeGrant(models.Model):
    """An extra scope: lets a staff user see another region or department (e.g. a 绵阳 case)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="scope_grants")
    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.CASCADE, null=True, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.CASCADE, null=True, blank=True)
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    reason = models.CharField(_("授权理由"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("失效时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("授权范围")
        verbose_name_plural = _("授权范围")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False) | models.Q(department__isnull=False),
                name="scopegrant_region_or_department",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.region or self.department}"


class ApiToken(models.Model):
    """A bearer token for API clients. Only the SHA-256 of the key is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API令牌")
        verbose_name_plural = _("API令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class CalendarYear(models.Model):
    """A year whose official schedule (国务院办公厅 holiday notice) is loaded."""

    year = models.PositiveSmallIntegerField(_("年份"), primary_key=True)
    source = models.CharField(_("来源"), max_length=200)
    reference = models.CharField(_("文号/链接"), max_length=300, blank=True)
    loaded_at = models.DateTimeField(_("载入时间"), auto_now=True)

    class Meta:
        verbose_name = _("已载入年度")
        verbose_name_plural = _("已载入年度")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    WORKDAY = "workday", _("调休上班")


class CalendarDay(models.Model):
    """An exception to the Monday–Friday rule: a holiday on a weekday, or a 调休 working weekend."""

    date = models.DateField(_("日期"), primary_key=True)
    kind = models.CharField(_("类型"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("节日"), max_length=32, blank=True)
    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class AuditLogQuerySet(models.QuerySet):
    """Refuses bulk writes: rows are appended one by one, through ``audit_log_write`` only.

    ``bulk_create`` would skip the hash chain; ``update``/``delete`` would rewrite history. On
    PostgreSQL a trigger can refuse UPDATE/DELETE as well (docs/operations/audit-log.md).
    """

    def update(self, **kwargs):
        raise ValidationError("audit log rows are append-only")

    def delete(self):
        raise ValidationError("audit log rows are append-only")

    def bulk_create(self, *args, **kwargs):
        raise ValidationError("audit log rows are written one by one through audit_log_write")

    def bulk_update(self, *args, **kwargs):
        raise ValidationError("audit log rows are append-only")


class AuditLog(models.Model):
    """Append-only audit trail; each row carries the hash of the previous one (a hash chain).

    Rows are written only by :func:`zwfw.core.services.audit_log_write`; ``save`` refuses to
    update and ``delete`` refuses outright, and ``zwfw audit verify`` recomputes the chain.
    """

    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    actor_role = models.CharField(_("角色"), max_length=32, blank=True)
    action = models.CharField(_("动作"), max_length=100, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, db_index=True)
    object_id = models.CharField(_("对象ID"), max_length=64, db_index=True)
    region_code = models.CharField(_("区划"), max_length=12, blank=True, db_index=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    chain = models.PositiveSmallIntegerField(_("链"), default=0)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    mac = models.CharField(_("签名"), max_length=80, blank=True, default="")

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"]), models.Index(fields=["chain", "id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    insert_row_ok = True  # save() below only refuses updates: zwfw.core.prepared.insert_row may insert

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("audit log rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("audit log rows are append-only")


class AuditChainHead(models.Model):
    """The newest row of one audit chain: appends lock this row, not the whole table.

    Written only by :func:`zwfw.core.services.audit.audit_log_write` (see docs/adr/0005).
    """

    chain = models.PositiveSmallIntegerField(primary_key=True)
    head_id = models.BigIntegerField(null=True, blank=True)
    head_hash = models.CharField(max_length=64)
    length = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return f"chain {self.chain}: #{self.head_id} ({self.length})"


class Channel(models.TextChoices):
    INBOX = "inbox", _("站内信")
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Notification(models.Model):
    """Outbox row: written in the same transaction as the change that causes it."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices, default=Channel.INBOX)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    link = models.CharField(_("链接"), max_length=300, blank=True)
    event = models.CharField(_("事件"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class IdempotencyRecord(models.Model):
    """A POST under ``/api/`` sent with an ``Idempotency-Key`` header, and the answer it got.

    Written by :class:`zwfw.core.idempotency.IdempotencyKeyMiddleware`: a retry with the same key
    (same caller, same request) gets the stored answer instead of doing the work again.
    """

    scope = models.CharField(_("调用方"), max_length=80)
    key = models.CharField(_("幂等键"), max_length=200)
    fingerprint = models.CharField(_("请求摘要"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(_("应答"), blank=True, default=b"")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("幂等请求")
        verbose_name_plural = _("幂等请求")
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="core_idempotency_scope_key")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
