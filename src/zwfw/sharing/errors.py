"""Sharing error codes (zh/en) and the app's exception; the API's one handler renders them."""

from __future__ import annotations

from zwfw.core.errors import ErrorCode, ZwfwError


class SharingErrorCode(ErrorCode):
    BAD_INPUT = ("sharing_bad_input", 422, "{field}有误：{reason}", "{field} is not valid: {reason}")
    UNKNOWN_DATASET = (
        "sharing_unknown_dataset",
        404,
        "共享数据集“{dataset_code}”不存在",
        "Unknown dataset: {dataset_code}",
    )
    DATASET_EXISTS = (
        "sharing_dataset_exists",
        409,
        "数据集编码“{dataset_code}”已存在",
        "Dataset code {dataset_code} is taken",
    )
    NO_DEPARTMENT = (
        "sharing_no_department",
        422,
        "您的账号未关联部门，不能申请或调用共享数据",
        "Your account has no department",
    )
    NOT_PENDING = ("sharing_not_pending", 409, "该申请已处理（{status}）", "The request was already decided ({status})")
    NOT_APPROVED = (
        "sharing_not_approved",
        403,
        "本部门没有已批准的“{dataset}”共享申请，不能调用",
        "Your department has no approved request for {dataset}",
    )
    CONNECTOR_FAILED = (
        "sharing_connector_failed",
        502,
        "数据源暂不可用：{reason}",
        "The data source is not available: {reason}",
    )
    CONSENT_REQUIRED = (
        "sharing_consent_required",
        422,
        "须先确认持码人已当面同意查询",
        "The holder's consent must be recorded first",
    )
    CODE_INVALID = (
        "sharing_code_invalid",
        410,
        "政务服务码{state}，请持码人刷新后重新出示",
        "The service code is {state}; ask the holder for a fresh one",
    )


class SharingError(ZwfwError):
    """A sharing domain error."""
