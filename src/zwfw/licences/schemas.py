"""Licences API schemas: inputs (``…In``) and outputs (``…Out``), separate.

The builders (``…_out``) decide what each audience sees: the holder sees their licence's face
(照面信息) and the verification link; staff see masked holders; a verifier sees only
:class:`~zwfw.licences.selectors.VerifyResult`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from zwfw.core.identifiers import mask_id_number, mask_name
from zwfw.licences.models import HoldingStatus, LicenceHolding, TrustLevel
from zwfw.licences.selectors import VerifyResult, effective_status


class LicenceTypeOut(Schema):
    code: str = Field(description="证照类型代码")
    name: str = Field(description="证照名称")
    issuer_line: str = Field(description="颁证单位条线")
    holder_kind: str = Field(description="持证主体类别：person 自然人 / organisation 法人和其他组织 / any")
    validity_rule: str = Field(description="有效期规则：long_term / years / at_issue")
    validity_years: int | None = None


class HoldingOut(Schema):
    """A licence as its holder sees it in the wallet."""

    number: str = Field(description="证照编号")
    licence_type: str = Field(description="证照类型代码")
    licence_type_name: str
    holder_name: str
    holder_identifier: str = Field(description="持证人身份号码（脱敏）或统一社会信用代码")
    issuer_department: str = Field(description="颁证单位编码")
    issuer_name: str
    issued_at: dt.datetime
    valid_from: dt.date
    valid_until: dt.date | None = Field(description="有效期至；为空表示长期有效")
    status: str = Field(description="valid / revoked / expired / superseded（按今天计算）")
    status_label: str
    trust_level: str = Field(description="可信等级（国办函〔2016〕108号）：A/B/C/D")
    data: dict[str, Any] = Field(description="照面信息")
    verify_url: str = Field(description="核验链接（二维码内容）")
    watermark: str = Field(description="A级证照复印件水印")


class StaffHoldingOut(Schema):
    """A licence in a staff list: holder masked, no face data, no verification code."""

    number: str
    licence_type: str
    licence_type_name: str
    holder_name: str
    holder_identifier: str
    issuer_department: str
    issuer_name: str
    issued_at: dt.datetime
    valid_from: dt.date
    valid_until: dt.date | None
    status: str
    status_label: str
    source_case_number: str
    status_reason: str

    # Resolvers render LicenceHolding rows directly (a paginated queryset, a revoked holding).
    @staticmethod
    def resolve_licence_type(obj: LicenceHolding) -> str:
        return obj.type.code

    @staticmethod
    def resolve_licence_type_name(obj: LicenceHolding) -> str:
        return obj.type.name

    @staticmethod
    def resolve_holder_name(obj: LicenceHolding) -> str:
        return masked_holder(obj)[0]

    @staticmethod
    def resolve_holder_identifier(obj: LicenceHolding) -> str:
        return masked_holder(obj)[1]

    @staticmethod
    def resolve_issuer_department(obj: LicenceHolding) -> str:
        return obj.issuer_department.code

    @staticmethod
    def resolve_issuer_name(obj: LicenceHolding) -> str:
        return obj.issuer_department.name

    @staticmethod
    def resolve_status(obj: LicenceHolding) -> str:
        return _status(obj)[0]

    @staticmethod
    def resolve_status_label(obj: LicenceHolding) -> str:
        return _status(obj)[1]


class RevokeIn(Schema):
    reason: str = Field(min_length=1, max_length=300, description="注销原因")


class VerifyOut(Schema):
    outcome: str = Field(description="valid / revoked / expired / superseded / unknown")
    message: str
    number: str = ""
    licence_type: str = ""
    licence_type_name: str = ""
    holder_name: str = Field("", description="持证主体（个人姓名脱敏）")
    holder_identifier: str = Field("", description="身份号码（脱敏）或统一社会信用代码")
    issuer: str = ""
    issued_on: dt.date | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    trust_level: str = ""


def watermark_for(h: LicenceHolding) -> str:
    """国办函〔2016〕108号: A-level copies carry “仅供办理政务服务事项时使用，有效期至…”."""
    if h.trust_level != TrustLevel.A:
        return ""
    until = h.valid_until.strftime("%Y年%m月%d日") if h.valid_until else "长期"
    return f"仅供办理政务服务事项时使用，有效期至{until}"


def masked_holder(h: LicenceHolding) -> tuple[str, str]:
    if h.holder_id_number:
        return mask_name(h.holder_name), mask_id_number(h.holder_id_number)
    return h.holder_name, h.holder_uscc


def _status(h: LicenceHolding) -> tuple[str, str]:
    status = effective_status(h, timezone.localdate())
    return status, str(HoldingStatus(status).label)


def holding_out(h: LicenceHolding, *, verify_url: str) -> dict:
    status, label = _status(h)
    identifier = mask_id_number(h.holder_id_number) if h.holder_id_number else h.holder_uscc
    return {
        "number": h.number,
        "licence_type": h.type.code,
        "licence_type_name": h.type.name,
        "holder_name": h.holder_name,
        "holder_identifier": identifier,
        "issuer_department": h.issuer_department.code,
        "issuer_name": h.issuer_department.name,
        "issued_at": h.issued_at,
        "valid_from": h.valid_from,
        "valid_until": h.valid_until,
        "status": status,
        "status_label": label,
        "trust_level": h.trust_level,
        "data": h.data,
        "verify_url": verify_url,
        "watermark": watermark_for(h),
    }


def verify_out(result: VerifyResult) -> dict:
    return {
        "outcome": result.outcome,
        "message": result.message,
        "number": result.number,
        "licence_type": result.licence_type,
        "licence_type_name": result.licence_type_name,
        "holder_name": result.holder_name,
        "holder_identifier": result.holder_identifier,
        "issuer": result.issuer,
        "issued_on": result.issued_on,
        "valid_from": result.valid_from,
        "valid_until": result.valid_until,
        "trust_level": result.trust_level,
    }


# ---- 电子印章 -------------------------------------------------------------------------------------


class SigningKeyOut(Schema):
    kid: str = Field(description="密钥标识")
    department: str = Field(description="部门编码")
    department_name: str
    algorithm: str = Field(description="Ed25519 / SM2（SM3摘要）")
    public_key: str = Field(description="公钥（base64url；Ed25519 32字节，SM2 未压缩点65字节）")
    status: str = Field(description="active 在用 / retired 已轮换（仍可验证）")
    created_at: dt.datetime
    retired_at: dt.datetime | None = None


class SignatureIn(Schema):
    alg: str = Field(max_length=16)
    kid: str = Field(max_length=64)
    value: str = Field(max_length=200)


class SignedLicenceIn(Schema):
    """A signed licence (``GET /api/v1/licences/mine/{number}/signed``) or case document
    (受理通知书/决定书, ``GET /api/v1/licences/documents/{number}/signed``) as downloaded."""

    format: str = Field(max_length=40, description="zwfw-signed-licence/1 或 zwfw-signed-document/1")
    payload: dict[str, Any]
    signature: SignatureIn


class SignedVerifyOut(Schema):
    outcome: str = Field(
        description="valid / revoked / expired / superseded（签名有效时的证照状态）；"
        "bad_signature / unknown_key / wrong_issuer / malformed / unknown"
    )
    message: str
    signature: str = Field(description="签名核验结果：signature_valid / bad_signature / unknown_key / …")
    signature_message: str
    number: str = ""
    licence_type_name: str = ""
    holder_name: str = ""
    holder_identifier: str = ""
    issuer: str = ""
    valid_until: dt.date | None = None
    kid: str = ""
    verdict: str = Field(
        "",
        description="结论：valid 有效 / tampered 已被篡改 / revoked 已注销或撤销 / expired / superseded / "
        "unknown_key 签名密钥未知 / malformed / unknown",
    )
    kind: str = Field(
        "",
        description="licence 电子证照 / acceptance_notice 受理通知书 / "
        "approval_decision 准予行政许可决定书 / denial_decision 不予行政许可决定书",
    )
    kind_label: str = ""
    algorithm: str = Field("", description="Ed25519 / SM2")
    case_number: str = ""
    issued_on: dt.date | None = None


class KeyRotateIn(Schema):
    department: str = Field(min_length=1, max_length=32, description="部门编码")
    algorithm: str = Field("", max_length=16, description="新密钥算法：Ed25519 / SM2；留空沿用原算法")


def signed_verify_out(result) -> dict:
    return {k: getattr(result, k) for k in SignedVerifyOut.model_fields}


class SignedDocumentOut(Schema):
    number: str = Field(description="文书编号（办件编号-SL/ZY/BY）")
    kind: str
    title: str
    case_number: str
    holder_name: str = Field(description="申请人（个人姓名脱敏）")
    issuer: str = Field(description="出具单位")
    issued_at: dt.datetime
    status: str = Field(description="valid 有效 / revoked 已撤销")
    signing_kid: str
    signature_alg: str
    verify_url: str = Field(description="核验地址（二维码内容，含电子印章）")


def signed_document_out(doc, *, verify_url: str) -> dict:
    return {
        "number": doc.number,
        "kind": doc.kind,
        "title": doc.title,
        "case_number": doc.case_number,
        "holder_name": mask_name(doc.holder_name) if doc.holder_id_number else doc.holder_name,
        "issuer": doc.issuer_department.name,
        "issued_at": doc.issued_at,
        "status": doc.status,
        "signing_kid": doc.signing_kid,
        "signature_alg": doc.signature_alg,
        "verify_url": verify_url,
    }


class ForeignCheckIn(Schema):
    document: SignedLicenceIn
    case_number: str = Field("", max_length=50)


class ForeignCheckOut(Schema):
    id: int
    accepted: bool
    reason: str
    number: str
    licence_type: str
    issuer: str
    kid: str
    holder_masked: str
    case_number: str
    checked_at: dt.datetime


def foreign_check_out(row) -> dict:
    return {k: getattr(row, k) for k in ForeignCheckOut.model_fields if k != "id"} | {"id": row.pk}


class TrustedIssuerIn(Schema):
    kid: str = Field(min_length=1, max_length=64)
    province: str = Field(min_length=1, max_length=32)
    issuer_name: str = Field(min_length=1, max_length=128)
    department_code: str = Field(min_length=1, max_length=64)
    public_key: str = Field(min_length=40, max_length=64)
    note: str = Field("", max_length=300)


class TrustedIssuerOut(Schema):
    kid: str
    province: str
    issuer_name: str
    department_code: str
    public_key: str
    is_active: bool
