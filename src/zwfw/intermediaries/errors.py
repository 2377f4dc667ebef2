"""Stable error codes of the intermediaries app with zh/en messages, and its exception."""

from __future__ import annotations

from zwfw.core.errors import ErrorCode, ZwfwError


class IntermediaryErrorCode(ErrorCode):
    BAD_INPUT = ("intermediary_bad_input", 422, "{field}有误：{reason}", "{field} is not valid: {reason}")
    STATE = (
        "intermediary_state",
        409,
        "采购项目当前为“{status}”，不能{action}",
        "The purchase is '{status}': cannot {action}",
    )
    NOT_ELIGIBLE = (
        "intermediary_not_eligible",
        422,
        "该中介服务不能选取：{reason}",
        "This listing cannot be selected: {reason}",
    )
    NO_CANDIDATES = (
        "intermediary_no_candidates",
        422,
        "没有符合条件的中介服务（服务事项、资质有效、未列入黑名单、收费标准不超过预算）",
        "No eligible listing",
    )
    ALREADY_DONE = ("intermediary_already_done", 409, "{what}已完成，不能重复操作", "{what} is already done")


class IntermediaryError(ZwfwError):
    """An intermediaries domain error."""
