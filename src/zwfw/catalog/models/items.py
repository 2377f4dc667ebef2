"""一单: the base catalog (基本目录), implementation lists (实施清单) and e-licence types.

A base item is the province's definition of a service item; an implementation is that item as
one department in one region carries it out. An implementation keeps the base item's name, code,
type and legal basis (it stores none of its own) and may only lower limits or drop materials and
steps (国办发〔2018〕45号、国办发〔2022〕5号 "不得额外增加或变相增加办理环节和申请材料").
The element table and process graph of both live in :class:`~zwfw.catalog.models.ItemVersion`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemType(models.TextChoices):
    """National item types; :data:`ITEM_TYPE_CODES` maps each to its exchange code."""

    LICENCE = "licence", _("行政许可")
    PAYMENT = "payment", _("行政给付")
    CONFIRMATION = "confirmation", _("行政确认")
    REWARD = "reward", _("行政奖励")
    ADJUDICATION = "adjudication", _("行政裁决")
    FILING = "filing", _("行政备案")
    OTHER_POWER = "other_power", _("其他行政权力")
    PUBLIC_SERVICE = "public_service", _("公共服务")


# GB/T 39046-2020 A.1 as Sichuan uses it: the ``taskType`` of sczwfw.gov.cn item pages (1 许可,
# 5 给付, 7 确认, 8 奖励, 10 其他 — Sichuan's 备案 items are ``1Z`` with taskType 10 —, 20 公共服务;
# seen in the 广安区 item links of the public repository v-luobo/zwfw, ``bszl-data.js``). The
# national exchange and Guangdong's data use 20 = 其他行政权力, 21 = 公共服务 instead, hence the code
# table is stored beside the code (rows saved under ``exchange-2020`` are recoded by migration
# ``catalog.0003``).
TYPE_CODE_TABLE = "gbt39046-2020"
ITEM_TYPE_CODES: dict[str, str] = {
    ItemType.LICENCE: "01",
    ItemType.PAYMENT: "05",
    ItemType.CONFIRMATION: "07",
    ItemType.REWARD: "08",
    ItemType.ADJUDICATION: "09",
    ItemType.OTHER_POWER: "10",
    ItemType.FILING: "10",
    ItemType.PUBLIC_SERVICE: "20",
}


class ServiceObject(models.TextChoices):
    PERSON = "person", _("自然人")
    ENTERPRISE = "enterprise", _("企业法人")
    PUBLIC_INSTITUTION = "public_institution", _("事业法人")
    SOCIAL_ORG = "social_org", _("社会组织法人")
    OTHER_ORG = "other_org", _("其他组织")


class LifeEvent(models.TextChoices):
    """Person themes (国办发〔2025〕24号 个人全生命周期)."""

    BIRTH = "birth", _("出生")
    EDUCATION = "education", _("教育")
    EMPLOYMENT = "employment", _("就业")
    LIVING = "living", _("生活")
    HOUSING = "housing", _("置业")
    TRAVEL = "travel", _("出行")
    MEDICAL = "medical", _("就医")
    RELIEF = "relief", _("救助")
    ELDERLY = "elderly", _("养老")
    AFTER_DEATH = "after_death", _("身后")


class EnterpriseStage(models.TextChoices):
    """Enterprise life-cycle stages (国办发〔2025〕24号 经营主体全生命周期)."""

    ACCESS = "access", _("准入准营")
    HIRING = "hiring", _("招聘用工")
    TAX = "tax", _("纳税缴费")
    OPERATION = "operation", _("经营发展")
    CONSTRUCTION = "construction", _("工程建设")
    EXIT = "exit", _("注销退出")


class LicenceType(models.Model):
    """An e-licence type (电子证照类型). Referred to by code string from materials and results,
    so it can move to the ``licences`` app without a foreign-key migration elsewhere."""

    code = models.CharField(_("证照类型编码"), max_length=64, unique=True)
    name = models.CharField(_("证照名称"), max_length=128)
    issuer_line = models.CharField(_("发证部门条线"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("电子证照类型")
        verbose_name_plural = _("电子证照类型")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"


class BaseItem(models.Model):
    """基本目录 entry: the province-wide definition of one service item."""

    code = models.CharField(_("基本编码"), max_length=64, unique=True)
    name = models.CharField(_("事项名称"), max_length=200)
    item_type = models.CharField(_("事项类型"), max_length=32, choices=ItemType.choices)
    type_code = models.CharField(_("事项类型代码"), max_length=4)
    type_code_table = models.CharField(_("类型代码表版本"), max_length=32, default=TYPE_CODE_TABLE)
    legal_basis = models.TextField(_("设定依据"), blank=True)
    department_line = models.CharField(_("主管部门条线"), max_length=32, blank=True, db_index=True)
    levels = models.JSONField(_("行使层级"), default=list, blank=True)
    service_objects = models.JSONField(_("服务对象"), default=list, blank=True)
    keywords = models.JSONField(_("关键词"), default=list, blank=True)
    life_events = models.JSONField(_("个人生命周期主题"), default=list, blank=True)
    enterprise_stages = models.JSONField(_("企业生命周期阶段"), default=list, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("基本目录事项")
        verbose_name_plural = _("基本目录事项")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"

    def save(self, *args, **kwargs):
        self.type_code = ITEM_TYPE_CODES.get(self.item_type, self.type_code)
        super().save(*args, **kwargs)


class ItemImplementation(models.Model):
    """实施清单 entry: a base item as carried out by one department of one region."""

    base = models.ForeignKey(
        BaseItem, verbose_name=_("基本目录事项"), on_delete=models.PROTECT, related_name="implementations"
    )
    code = models.CharField(_("实施编码"), max_length=64, unique=True)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="catalog_items"
    )
    level = models.PositiveSmallIntegerField(_("行使层级"))
    department = models.ForeignKey(
        "core.Department", verbose_name=_("实施机关"), on_delete=models.PROTECT, related_name="catalog_items"
    )
    is_active = models.BooleanField(_("在用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("实施清单事项")
        verbose_name_plural = _("实施清单事项")
        ordering = ["code"]
        indexes = [models.Index(fields=["region", "department"])]

    def __str__(self) -> str:
        return f"{self.base.name}({self.code})"

    @property
    def name(self) -> str:
        """Inherited from the base item; an implementation never renames it."""
        return self.base.name
