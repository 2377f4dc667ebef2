"""Stable error codes of the hotline app with zh/en messages, and its exception."""

from __future__ import annotations

from zwfw.core.errors import ErrorCode, ZwfwError


class HotlineErrorCode(ErrorCode):
    ILLEGAL_TRANSITION = (
        "hotline_illegal_transition",
        409,
        "工单当前状态为“{status}”，不能{action}",
        "The work order is '{status}': cannot {action}",
    )
    CONFLICT = (
        "hotline_conflict",
        409,
        "工单已被他人处理，当前状态为“{status}”，请刷新后重试",
        "Someone else changed the work order first; it is now '{status}'",
    )
    NOT_YOUR_ORDER = (
        "hotline_not_your_order",
        403,
        "该工单由“{department}”承办，您不能办理",
        "The work order belongs to {department}",
    )
    UNKNOWN_CATEGORY = ("hotline_unknown_category", 422, "诉求分类“{value}”不存在", "Unknown category {value}")
    UNKNOWN_DEPARTMENT = ("hotline_unknown_department", 422, "部门“{value}”不存在", "Unknown department {value}")
    UNKNOWN_REGION = ("hotline_unknown_region", 422, "区划“{value}”不存在", "Unknown region {value}")
    NO_ROUTE = (
        "hotline_no_route",
        422,
        "权责清单中没有“{category}”在“{region}”的承办部门，请人工指定部门",
        "The responsibility table has no department for {category} in {region}",
    )
    REASON_REQUIRED = ("hotline_reason_required", 422, "请填写{what}", "{what} is required")
    TEXT_REQUIRED = ("hotline_text_required", 422, "请填写诉求内容", "The appeal text is required")
    BAD_VALUE = ("hotline_bad_value", 422, "{what}有误：{reason}", "Bad {what}: {reason}")
    NOT_OVERDUE = ("hotline_not_overdue", 409, "工单未超期，不需督办", "The order is not overdue")
    EXTENSION_PENDING = ("hotline_extension_pending", 409, "已有待审批的延期申请", "An extension is already pending")
    EXTENSION_TOO_LATE = (
        "hotline_extension_too_late",
        409,
        "延期须在办理时限届满前申请",
        "An extension must be asked before the deadline",
    )
    NO_LEVEL_ABOVE = (
        "hotline_no_level_above",
        409,
        "“{department}”没有上一级承办部门，不能提级办理",
        "{department} has no level above",
    )
    NOT_CONSULTATION = (
        "hotline_not_consultation",
        422,
        "只有咨询类诉求可以依据知识库当场办结",
        "Only a consultation can be closed at intake from the knowledge base",
    )
    NO_MODEL = ("hotline_no_model", 409, "尚无可用的分类模型，请先训练", "No classifier model is trained yet")
    TRAINING_DATA = ("hotline_training_data", 422, "训练数据有误：{reason}", "Bad training data: {reason}")
    VERSION_STATE = (
        "hotline_version_state",
        409,
        "权责清单版本 v{number} 当前为“{status}”，不能{action}",
        "Version v{number} is {status}: cannot {action}",
    )


class HotlineError(ZwfwError):
    """A hotline domain error."""
