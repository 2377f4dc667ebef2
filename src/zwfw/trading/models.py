"""Models of the trading app (公共资源交易).

Aggregates: :class:`Project` with its :class:`Section` (标段) and :class:`Notice`; the sealed
:class:`Bid` with its :class:`BidDocument` and :class:`Deposit`; the :class:`Expert` pool with
:class:`ExpertConflict`, :class:`ExpertDraw` / :class:`DrawMember` and :class:`Score`;
:class:`RedFlag` rows written by the screening service.

Money is integer fen. A bid's price and documents are stored **encrypted** (AES-GCM, see
:mod:`zwfw.trading.sealing`); ``Bid.price_fen`` stays NULL until the opening service decrypts it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zwfw.core.models import Region


class Category(models.TextChoices):
    CONSTRUCTION = "construction", _("工程建设")
    PROCUREMENT = "procurement", _("政府采购")
    LAND = "land", _("土地使用权")
    MINING = "mining", _("矿业权")
    STATE_PROPERTY = "state_property", _("国有产权")
    OTHER = "other", _("其他")


class Project(models.Model):
    """A trading project of one 招标人, optionally through a 招标代理."""

    code = models.CharField(_("项目编号"), max_length=40, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    category = models.CharField(_("交易类别"), max_length=20, choices=Category.choices)
    tenderee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("招标人"), on_delete=models.PROTECT, related_name="+"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("招标代理"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    budget_fen = models.BigIntegerField(_("预算（分）"))
    fully_electronic = models.BooleanField(_("全流程电子化"), default=True)
    imported_from_ocds = models.BooleanField(_("由 OCDS 导入"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("交易项目")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SectionStatus(models.TextChoices):
    BIDDING = "bidding", _("投标中")
    OPENED = "opened", _("已开标")
    EVALUATED = "evaluated", _("已评标")
    AWARDED = "awarded", _("已定标")
    FAILED = "failed", _("流标")


class Section(models.Model):
    """标段: what is bid for. Bids are sealed until ``opening_at``; the opening sets ``opened_at``."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("标段号"), default=1)
    name = models.CharField(_("标段名称"), max_length=200)
    ceiling_fen = models.BigIntegerField(_("最高投标限价（分）"))
    specialty = models.CharField(_("评标专业"), max_length=40)
    bid_deadline = models.DateTimeField(_("投标截止时间"))
    opening_at = models.DateTimeField(_("开标时间"))
    opened_at = models.DateTimeField(_("实际开标时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=SectionStatus.choices, default=SectionStatus.BIDDING)
    blind_review = models.BooleanField(_("暗标盲评"), default=True)
    remote_evaluation = models.BooleanField(_("远程异地评标"), default=False)
    recommended = models.JSONField(_("评标委员会推荐的中标候选人"), default=list, blank=True)
    awarded_bid = models.ForeignKey(
        "Bid", verbose_name=_("中标人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    risk_score = models.FloatField(_("风险分"), default=0.0)
    risk_flags = models.JSONField(_("预警代码"), default=list, blank=True)
    screened_at = models.DateTimeField(_("筛查时间"), null=True, blank=True)
    #: Set on sections imported from OCDS (:mod:`zwfw.trading.services.ocds_import`); empty on the
    #: platform's own sections, whose ocid is derived from the project code and section number.
    ocds_ocid = models.CharField(_("OCDS ocid"), max_length=100, blank=True, db_index=True)
    ocds_release_id = models.CharField(_("OCDS 发布编号"), max_length=200, blank=True)
    ocds_release_date = models.CharField(_("OCDS 发布日期"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("标段")
        ordering = ["project_id", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="trading_section_unique_number")]

    def __str__(self) -> str:
        return f"{self.project.code}-{self.number} {self.name}"

    @property
    def ocid_suffix(self) -> str:
        return f"{self.project.code}-{self.number}"

    def ocid(self, prefix: str) -> str:
        """The contracting process id: the imported one, else ``<prefix>-<project code>-<number>``."""
        return self.ocds_ocid or f"{prefix}-{self.ocid_suffix}"


class NoticeKind(models.TextChoices):
    TENDER = "tender", _("招标公告")
    CLARIFICATION = "clarification", _("澄清/修改")
    CANDIDATES = "candidates", _("中标候选人公示")
    AWARD = "award", _("中标结果公告")


class Notice(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="notices")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("公告类型"), max_length=16, choices=NoticeKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    document_deadline = models.DateTimeField(_("招标文件获取截止"), null=True, blank=True)
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公告")
        ordering = ["published_at", "id"]

    def __str__(self) -> str:
        return self.title


class BidStatus(models.TextChoices):
    SEALED = "sealed", _("已密封")
    OPENED = "opened", _("已开标")
    WITHDRAWN = "withdrawn", _("已撤回")


class Bid(models.Model):
    """A sealed electronic bid. ``sealed_price`` is ciphertext; ``price_fen`` is set at opening.

    Upload metadata are what the platform records on upload (招标投标法实施条例 art. 40 screens):
    document creator and machine code, MAC and IP of the uploading client, the bond account and the
    project manager's ID number. The last two are personal/financial: only a keyed hash (for
    matching) and a masked form are stored.
    """

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="bids")
    bidder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    bidder_uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    bidder_name = models.CharField(_("投标人名称"), max_length=128)
    status = models.CharField(_("状态"), max_length=16, choices=BidStatus.choices, default=BidStatus.SEALED)
    submitted_at = models.DateTimeField(auto_now_add=True)
    sealed_price = models.BinaryField(_("密封报价（密文）"))
    price_fen = models.BigIntegerField(_("报价（分）"), null=True, blank=True)
    anonymous_code = models.CharField(_("暗标编码"), max_length=12)
    doc_creator = models.CharField(_("文件创建者"), max_length=128, blank=True)
    machine_code = models.CharField(_("制作机器码"), max_length=128, blank=True)
    client_mac = models.CharField(_("上传客户端MAC"), max_length=17, blank=True)
    client_ip = models.GenericIPAddressField(_("上传客户端IP"), null=True, blank=True)
    bond_account_hash = models.CharField(_("保证金账户（散列）"), max_length=64, blank=True)
    bond_account_masked = models.CharField(_("保证金账户"), max_length=40, blank=True)
    manager_id_hash = models.CharField(_("项目负责人身份证号（散列）"), max_length=64, blank=True)
    manager_id_masked = models.CharField(_("项目负责人身份证号"), max_length=18, blank=True)
    agent_uscc = models.CharField(_("受托代理机构"), max_length=18, blank=True)

    class Meta:
        verbose_name = _("投标")
        ordering = ["section_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "bidder_uscc"],
                condition=~models.Q(status="withdrawn"),
                name="trading_bid_one_per_bidder",
            ),
            models.UniqueConstraint(fields=["section", "anonymous_code"], name="trading_bid_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.bidder_name} → {self.section_id}"


class DocumentKind(models.TextChoices):
    COMMERCIAL = "commercial", _("商务标")
    TECHNICAL = "technical", _("技术标")
    QUALIFICATION = "qualification", _("资格审查")


class BidDocument(models.Model):
    """One uploaded bid file: SHA-256 of the plaintext, and the ciphertext until opening."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("文件类型"), max_length=16, choices=DocumentKind.choices)
    filename = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("字节数"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    sealed_content = models.BinaryField(_("密文"))

    class Meta:
        verbose_name = _("投标文件")
        ordering = ["bid_id", "id"]

    def __str__(self) -> str:
        return self.filename


class DepositKind(models.TextChoices):
    CASH = "cash", _("现金保证金")
    GUARANTEE = "guarantee", _("电子保函")


class Deposit(models.Model):
    """投标保证金: cash held by the platform, or an 电子保函 (electronic guarantee) instead."""

    bid = models.OneToOneField(Bid, on_delete=models.CASCADE, related_name="deposit")
    kind = models.CharField(_("形式"), max_length=16, choices=DepositKind.choices)
    amount_fen = models.BigIntegerField(_("金额（分）"))
    received_at = models.DateTimeField(auto_now_add=True)
    guarantee_issuer = models.CharField(_("出函机构"), max_length=128, blank=True)
    guarantee_number = models.CharField(_("保函编号"), max_length=64, blank=True)
    guarantee_verified_at = models.DateTimeField(_("保函核验时间"), null=True, blank=True)
    refund_due = models.DateField(_("应退还日期"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("退还时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("投标保证金")
        constraints = [
            models.UniqueConstraint(
                fields=["guarantee_issuer", "guarantee_number"],
                condition=models.Q(kind="guarantee"),
                name="trading_guarantee_unique_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_fen / 100:,.2f}"


class ExpertStatus(models.TextChoices):
    ACTIVE = "active", _("在库")
    SUSPENDED = "suspended", _("暂停")
    RETIRED = "retired", _("出库")


class Expert(models.Model):
    """A member of the 综合评标专家库."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="trading_expert"
    )
    name = models.CharField(_("姓名"), max_length=64)
    specialties = models.JSONField(_("评标专业"), default=list)
    employer_uscc = models.CharField(_("工作单位统一社会信用代码"), max_length=18, blank=True)
    employer_name = models.CharField(_("工作单位"), max_length=128, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=ExpertStatus.choices, default=ExpertStatus.ACTIVE)

    class Meta:
        verbose_name = _("评标专家")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ExpertConflict(models.Model):
    """A declared relation with an enterprise (former employer, joint project, relative's firm)."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="conflicts")
    party_uscc = models.CharField(_("关联单位统一社会信用代码"), max_length=18)
    kind = models.CharField(_("关系"), max_length=32)
    until = models.DateField(_("截止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("专家关联关系")

    def __str__(self) -> str:
        return f"{self.expert_id} ~ {self.party_uscc}"


class ExpertDraw(models.Model):
    """One random draw of a committee for a section, reproducible from ``seed``."""

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="draws")
    seed = models.CharField(_("随机种子"), max_length=64)
    size = models.PositiveSmallIntegerField(_("抽取人数"))
    reserve_size = models.PositiveSmallIntegerField(_("候补人数"))
    exclude_local = models.BooleanField(_("本地区回避"), default=False)
    remote = models.BooleanField(_("远程异地评标"), default=False)
    eligible_ids = models.JSONField(_("符合条件的专家"), default=list)
    excluded = models.JSONField(_("回避记录"), default=dict)
    drawn_at = models.DateTimeField(auto_now_add=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("专家抽取")
        ordering = ["-drawn_at", "-id"]

    def __str__(self) -> str:
        return f"draw {self.pk} of section {self.section_id}"


class DrawMember(models.Model):
    draw = models.ForeignKey(ExpertDraw, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="draw_memberships")
    position = models.PositiveSmallIntegerField()
    reserve = models.BooleanField(_("候补"), default=False)

    class Meta:
        ordering = ["draw_id", "position"]
        constraints = [models.UniqueConstraint(fields=["draw", "expert"], name="trading_draw_member_unique")]

    def __str__(self) -> str:
        return f"{self.draw_id}#{self.position}"


class Score(models.Model):
    """One expert's score for one bid (评分表 row); experts see bids only by their anonymous code."""

    member = models.ForeignKey(DrawMember, on_delete=models.CASCADE, related_name="scores")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    technical = models.DecimalField(_("技术分"), max_digits=5, decimal_places=2)
    commercial = models.DecimalField(_("商务分"), max_digits=5, decimal_places=2)
    comment = models.CharField(_("评审意见"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "bid"], name="trading_score_unique")]

    def __str__(self) -> str:
        return f"{self.member_id}/{self.bid_id}"


class RedFlag(models.Model):
    """One fired red flag on a section: rule-based (art. 40) or statistical/network screen."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="red_flags")
    code = models.CharField(_("代码"), max_length=40)
    title = models.CharField(_("名称"), max_length=100)
    weight = models.FloatField(_("权重"))
    strength = models.FloatField(_("强度"))
    explanation = models.TextField(_("说明"))
    legal_basis = models.CharField(_("依据"), max_length=200, blank=True)
    evidence = models.JSONField(_("证据"), default=dict)

    class Meta:
        verbose_name = _("围标串标预警")
        ordering = ["section_id", "-weight", "code"]

    def __str__(self) -> str:
        return self.code
