"""Licence error codes (zh/en) and the app's exception; the API's one handler renders them."""

from __future__ import annotations

from zwfw.core.errors import ErrorCode, ZwfwError


class LicenceErrorCode(ErrorCode):
    UNKNOWN_TYPE = (
        "licence_unknown_type",
        422,
        "电子证照类型“{type_code}”不存在",
        "Unknown e-licence type: {type_code}",
    )
    TYPE_INACTIVE = (
        "licence_type_inactive",
        409,
        "电子证照类型“{type_code}”已停用",
        "E-licence type {type_code} is disabled",
    )
    UNKNOWN_DEPARTMENT = (
        "licence_unknown_department",
        422,
        "颁证单位“{department_code}”不存在",
        "Unknown issuing department: {department_code}",
    )
    HOLDER_MISSING = (
        "licence_holder_missing",
        422,
        "须提供持证人公民身份号码或持证单位统一社会信用代码",
        "A holder's citizen ID number or unified social credit code is required",
    )
    HOLDER_INVALID = (
        "licence_holder_invalid",
        422,
        "持证主体证件号码有误：{reason}",
        "Bad holder identifier: {reason}",
    )
    HOLDER_KIND_MISMATCH = (
        "licence_holder_kind_mismatch",
        422,
        "“{name}”只能颁发给{kind}",
        "{name} can only be issued to a {kind}",
    )
    BAD_VALIDITY = ("licence_bad_validity", 422, "有效期有误：{reason}", "Bad validity: {reason}")
    BAD_INPUT = ("licence_bad_input", 422, "{field}有误：{reason}", "{field} is not valid: {reason}")
    NOT_VALID = (
        "licence_not_valid",
        409,
        "该证照当前为“{status}”状态，不能注销",
        "The licence is {status}; it cannot be revoked",
    )
    REASON_REQUIRED = ("licence_reason_required", 422, "请填写注销原因", "A reason for revocation is required")
    NO_SIGNING_KEY = (
        "licence_no_signing_key",
        409,
        "发证部门“{department}”尚未启用电子印章密钥，暂不能出具可验证凭证",
        "The issuing department {department} has no active seal key yet: no credential can be signed",
    )
    BAD_ALGORITHM = (
        "licence_bad_algorithm",
        422,
        "签名算法“{algorithm}”不支持（可选 Ed25519、SM2）",
        "Unknown signature algorithm {algorithm} (Ed25519 or SM2)",
    )
    DOCUMENT_UNKNOWN_KIND = (
        "licence_document_unknown_kind",
        422,
        "文书类别“{kind}”不存在",
        "Unknown document kind: {kind}",
    )
    DOCUMENT_NOT_VALID = (
        "licence_document_not_valid",
        409,
        "该文书当前为“{status}”状态，不能撤销",
        "The document is {status}; it cannot be revoked",
    )
    DOCUMENT_REASON_REQUIRED = (
        "licence_document_reason_required",
        422,
        "请填写撤销原因",
        "A reason for revoking the document is required",
    )


class LicenceError(ZwfwError):
    """A licences domain error."""
