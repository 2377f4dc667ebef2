"""Stable error codes of the supervision app with zh/en messages, and its exception."""

from __future__ import annotations

from zwfw.core.errors import ErrorCode, ZwfwError


class SupervisionErrorCode(ErrorCode):
    BAD_INPUT = ("supervision_bad_input", 422, "{field}有误：{reason}", "{field} is not valid: {reason}")
    UNKNOWN_ITEM = (
        "supervision_unknown_catalog_item",
        422,
        "审批事项编码“{value}”不存在",
        "No catalog item with code {value}",
    )
    UNKNOWN_DEPARTMENT = ("supervision_unknown_department", 422, "部门“{value}”不存在", "No department {value}")
    BAD_EVENT = ("supervision_bad_event", 422, "审管联动事件有误：{reason}", "Bad supervision event: {reason}")
    ALREADY_DONE = ("supervision_already_done", 409, "{what}已处理，不能重复操作", "{what} has already been handled")
    CHECK_DONE = ("supervision_check_done", 409, "该承诺已核查，不能重复核查", "The pledge has already been checked")
    REPAIR_NOT_ALLOWED = (
        "supervision_repair_not_allowed",
        422,
        "不能申请信用修复：{reason}",
        "No credit repair: {reason}",
    )
    PLAN_STATE = (
        "supervision_plan_state",
        409,
        "抽查计划当前为“{status}”，不能{action}",
        "The plan is {status}: cannot {action}",
    )
    DRAW_SHORT = (
        "supervision_draw_short",
        422,
        "可抽取的{what}不足：需要{need}，只有{have}",
        "Not enough {what} to draw: need {need}, have {have}",
    )


class SupervisionError(ZwfwError):
    """A supervision domain error."""
