"""E-licence data: the type registry (证照目录), holdings (持证信息, the wallet) and number counters.

What the catalogue fields are based on
--------------------------------------
GB/T 36902—2018 (电子证照 目录信息规范) is the national standard for licence catalogue data; its
field list was not available to us (DOMAIN.md marks it **unconfirmed**), so :class:`LicenceType`
holds only fields whose meaning we can justify from the licences themselves: the type code and
name, the issuing line of business (颁证单位条线), whom it is issued to (持证主体类别: 自然人 /
法人和其他组织) and how its validity is set. Trust levels follow 国办函〔2016〕108号
(“互联网+政务服务”技术体系建设指南): A = issued by the implementing body, usable directly;
B = checked against the original by a window officer; C = uploaded by the user, the original
must be checked at the window; D = made by the user, used on the user's commitment.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class HolderKind(models.TextChoices):
    """持证主体类别: who a licence of this type is issued to."""

    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人和其他组织")
    ANY = "any", _("自然人或法人")


class ValidityRule(models.TextChoices):
    """How a new licence's 有效期至 is found when the issuer does not give one."""

    LONG_TERM = "long_term", _("长期有效")
    YEARS = "years", _("自签发之日起固定年限")
    AT_ISSUE = "at_issue", _("发证时确定（未给出即长期）")


class LicenceType(models.Model):
    """One e-licence type (电子证照类型). Catalog items refer to it by ``code``."""

    code = models.SlugField(_("证照类型代码"), max_length=64, unique=True)
    name = models.CharField(_("证照名称"), max_length=128)
    issuer_line = models.CharField(_("颁证单位条线"), max_length=32, blank=True)
    holder_kind = models.CharField(_("持证主体类别"), max_length=16, choices=HolderKind.choices, default=HolderKind.ANY)
    validity_rule = models.CharField(
        _("有效期规则"), max_length=16, choices=ValidityRule.choices, default=ValidityRule.AT_ISSUE
    )
    validity_years = models.PositiveSmallIntegerField(_("有效年限"), null=True, blank=True)
    legal_basis = models.CharField(_("设定依据"), max_length=300, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("电子证照类型")
        verbose_name_plural = _("电子证照类型")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(validity_rule="years") | models.Q(validity_years__gt=0),
                name="licencetype_years_rule_has_years",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"


class HoldingStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已注销")
    EXPIRED = "expired", _("已过期")
    SUPERSEDED = "superseded", _("已被新证替代")


class TrustLevel(models.TextChoices):
    """可信等级 per 国办函〔2016〕108号 (see the module docstring)."""

    A = "A", _("A级：实施机构签发，可直接使用")
    B = "B", _("B级：经窗口人员核验，可重复使用")
    C = "C", _("C级：用户上传，须窗口核验原件")
    D = "D", _("D级：用户自制，凭承诺使用")


class LicenceHolding(models.Model):
    """One issued licence in a holder's wallet (持证信息).

    ``type`` is the :class:`LicenceType`; ``licence_type`` is its code as a plain string, the way
    other apps (catalog materials, cases) name licence types.

    The holder is identified by 公民身份号码 (a person) or 统一社会信用代码 (an organisation), not by
    an account: a licence belongs to the person, whether or not they have registered. ``data`` is
    the licence's face (照面信息) as the issuing item's result defines it.
    """

    type = models.ForeignKey(LicenceType, verbose_name=_("证照类型"), on_delete=models.PROTECT, related_name="holdings")
    number = models.CharField(_("证照编号"), max_length=100, unique=True)
    holder_name = models.CharField(_("持证主体名称"), max_length=128)
    holder_id_number = models.CharField(_("持证人公民身份号码"), max_length=18, blank=True, db_index=True)
    holder_uscc = models.CharField(_("持证单位统一社会信用代码"), max_length=18, blank=True, db_index=True)
    issuer_department = models.ForeignKey(
        "core.Department", verbose_name=_("颁证单位"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("签发时间"))
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True, help_text=_("为空表示长期有效"))
    status = models.CharField(
        _("状态"), max_length=16, choices=HoldingStatus.choices, default=HoldingStatus.VALID, db_index=True
    )
    trust_level = models.CharField(_("可信等级"), max_length=1, choices=TrustLevel.choices, default=TrustLevel.A)
    data = models.JSONField(_("照面信息"), default=dict, blank=True)
    source_case_number = models.CharField(_("来源办件编号"), max_length=50, blank=True, db_index=True)
    verify_code = models.CharField(_("核验码"), max_length=16)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    status_reason = models.CharField(_("状态变更原因"), max_length=300, blank=True)
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("替代证照"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 电子印章: the issuing department's signature (Ed25519 or SM2/SM3, the key's algorithm) over
    # the licence's signed payload (zwfw.licences.signing.signed_payload); empty on licences issued
    # before signing existed.
    signing_kid = models.CharField(_("签名密钥标识"), max_length=64, blank=True)
    signature_alg = models.CharField(_("签名算法"), max_length=16, default="Ed25519")
    signature = models.CharField(_("电子印章签名"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("电子证照")
        verbose_name_plural = _("电子证照")
        ordering = ["-issued_at", "-id"]
        # A holder's valid holdings, and (an application's 免提交 look-up) the newest of one type
        # read off the index in order: a haulier with 3,000 道路运输证 costs what one with three does.
        indexes = [
            models.Index(
                fields=["holder_id_number", "status", "type", "issued_at", "id"], name="licence_holder_person_idx2"
            ),
            models.Index(fields=["holder_uscc", "status", "type", "issued_at", "id"], name="licence_holder_org_idx2"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(holder_id_number="") | ~models.Q(holder_uscc=""),
                name="licenceholding_has_holder_identifier",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="licenceholding_valid_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type.name} {self.number}"

    @property
    def licence_type(self) -> str:
        """The type's code, the string the catalog's materials and results refer to."""
        return self.type.code

    @property
    def holder_identifier(self) -> str:
        return self.holder_id_number or self.holder_uscc


class LicenceNumberCounter(models.Model):
    """The last sequence number handed out per licence type and year (see ``services.numbers``)."""

    type = models.ForeignKey(LicenceType, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("证照编号计数器")
        verbose_name_plural = _("证照编号计数器")
        constraints = [models.UniqueConstraint(fields=["type", "year"], name="licence_counter_type_year")]

    def __str__(self) -> str:
        return f"{self.type_id}/{self.year}: {self.last}"


class SigningKeyStatus(models.TextChoices):
    ACTIVE = "active", _("在用")
    RETIRED = "retired", _("已轮换（仍可验证）")


class SigningAlgorithm(models.TextChoices):
    ED25519 = "Ed25519", "Ed25519"
    SM2 = "SM2", _("SM2（SM3摘要）")


class SigningKey(models.Model):
    """One signing key of a department (电子印章密钥): Ed25519 or SM2 with SM3 digests.

    At most one key per department is ``active`` and signs; rotation retires it, and a retired
    key's public half stays in the public key list so what it signed still verifies. The private
    half is stored sealed (:func:`zwfw.core.signing.seal_private`, AES-GCM under a key derived from
    ``SECRET_KEY``).
    """

    kid = models.CharField(_("密钥标识"), max_length=64, unique=True)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    algorithm = models.CharField(
        _("算法"), max_length=16, choices=SigningAlgorithm.choices, default=SigningAlgorithm.ED25519
    )
    public_key = models.CharField(_("公钥"), max_length=128)
    private_key_sealed = models.BinaryField(_("私钥（密封）"))
    status = models.CharField(
        _("状态"), max_length=16, choices=SigningKeyStatus.choices, default=SigningKeyStatus.ACTIVE, db_index=True
    )
    created_at = models.DateTimeField(_("启用时间"), auto_now_add=True)
    retired_at = models.DateTimeField(_("轮换时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("电子印章密钥")
        verbose_name_plural = _("电子印章密钥")
        ordering = ["department_id", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["department"], condition=models.Q(status="active"), name="signingkey_one_active_per_department"
            )
        ]

    def __str__(self) -> str:
        return self.kid


class TrustedIssuer(models.Model):
    """电子证照互认: one issuing key of another province trusted here (信任清单).

    ``department_code`` is the issuer code as that province's signed payload names it; a foreign
    licence is accepted only when its signature verifies with a listed, active key whose
    ``department_code`` is the payload's issuer.
    """

    kid = models.CharField(_("密钥标识"), max_length=64, unique=True)
    province = models.CharField(_("省份"), max_length=32)
    issuer_name = models.CharField(_("签发机关"), max_length=128)
    department_code = models.CharField(_("签发机关编码"), max_length=64)
    public_key = models.CharField(_("公钥"), max_length=64)
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("依据"), max_length=300, blank=True)
    added_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("互认信任签发机关")
        verbose_name_plural = _("互认信任签发机关")
        ordering = ["province", "kid"]

    def __str__(self) -> str:
        return f"{self.province} {self.issuer_name} ({self.kid})"


class ForeignLicenceCheck(models.Model):
    """One check of another province's signed licence at a window: accepted, or refused with a reason."""

    number = models.CharField(_("证照编号"), max_length=100, blank=True)
    licence_type = models.CharField(_("证照类型"), max_length=64, blank=True)
    issuer = models.CharField(_("签发机关编码"), max_length=64, blank=True)
    kid = models.CharField(_("密钥标识"), max_length=64, blank=True)
    holder_masked = models.CharField(_("持证人（脱敏）"), max_length=40, blank=True)
    accepted = models.BooleanField(_("采信"))
    reason = models.CharField(_("原因"), max_length=300)
    case_number = models.CharField(_("办件编号"), max_length=50, blank=True)
    actor = models.ForeignKey(
        "core.User", verbose_name=_("核验人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("核验部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("核验时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("外省证照核验记录")
        verbose_name_plural = _("外省证照核验记录")
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {'accepted' if self.accepted else 'refused'}"


class DocumentKind(models.TextChoices):
    """The kinds of signed documents (电子文书) besides licences."""

    ACCEPTANCE_NOTICE = "acceptance_notice", _("受理通知书")
    APPROVAL_DECISION = "approval_decision", _("准予行政许可决定书")
    DENIAL_DECISION = "denial_decision", _("不予行政许可决定书")


class DocumentStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")


class SignedDocument(models.Model):
    """One signed 受理通知书 or 决定书 of a case (电子文书), sealed like a licence.

    ``payload`` is exactly what was signed (its canonical JSON is the signed bytes); the document
    is issued by the case's department with that department's active key. Visible to the case's
    applicant (``applicant``) and to staff whose scope holds the issuing department.
    """

    kind = models.CharField(_("文书类别"), max_length=32, choices=DocumentKind.choices)
    number = models.CharField(_("文书编号"), max_length=80, unique=True)
    title = models.CharField(_("标题"), max_length=100)
    case_number = models.CharField(_("办件编号"), max_length=50, db_index=True)
    applicant = models.ForeignKey(
        "core.User", verbose_name=_("申请人账号"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    holder_name = models.CharField(_("申请人"), max_length=200)
    holder_id_number = models.CharField(_("公民身份号码"), max_length=18, blank=True)
    holder_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    issuer_department = models.ForeignKey(
        "core.Department", verbose_name=_("出具单位"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("出具时间"))
    payload = models.JSONField(_("签名内容"))
    signing_kid = models.CharField(_("签名密钥标识"), max_length=64)
    signature_alg = models.CharField(_("签名算法"), max_length=16, default="Ed25519")
    signature = models.CharField(_("电子印章签名"), max_length=100)
    verify_code = models.CharField(_("核验码"), max_length=16)
    status = models.CharField(
        _("状态"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.VALID, db_index=True
    )
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    status_reason = models.CharField(_("状态变更原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("电子文书")
        verbose_name_plural = _("电子文书")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case_number", "kind"], name="signeddocument_one_per_case_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"
