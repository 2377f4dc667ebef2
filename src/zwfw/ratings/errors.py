"""Stable error codes of the ratings app (好差评) with zh/en messages, and its exception."""

from __future__ import annotations

from zwfw.core.errors import ErrorCode, ZwfwError


class RatingErrorCode(ErrorCode):
    UNKNOWN_KIND = ("rating_unknown_kind", 422, "不支持评价的对象类型：“{kind}”", "Cannot rate a {kind!r}")
    SUBJECT_NOT_FOUND = ("rating_subject_not_found", 404, "评价对象不存在或无权评价", "No such subject to rate")
    NOT_APPLICANT = (
        "rating_not_applicant",
        403,
        "只有办事人本人可以评价（也可由12345回访代为录入）",
        "Only the applicant may rate this",
    )
    NOT_ENDED = (
        "rating_not_ended",
        409,
        "{kind}尚未办结，办结后才能评价",
        "The {kind} has not ended yet; rate it once it has",
    )
    ALREADY_RATED = (
        "rating_already_rated",
        409,
        "该{kind}已评价过，每件只能评价一次，评价提交后不可修改",
        "This {kind} has been rated already; a rating is given once and never changed",
    )
    BAD_LEVEL = ("rating_bad_level", 422, "满意度应为1（非常满意）至5（非常不满意）", "level must be 1 to 5")
    BAD_REASON = ("rating_bad_reason", 422, "评价原因“{value}”不在可选列表中", "Unknown reason {value!r}")
    BAD_CHANNEL = (
        "rating_bad_channel",
        422,
        "评价渠道“{channel}”不适用于此方式",
        "Channel {channel!r} not allowed here",
    )
    COMMENT_TOO_LONG = ("rating_comment_too_long", 422, "文字评价不能超过500字", "The comment is over 500 characters")
    BAD_REASON_REQUIRED = (
        "rating_reason_required",
        422,
        "不满意或非常不满意时请至少选择一项原因",
        "Choose at least one reason for a bad rating",
    )
    TOKEN_INVALID = (
        "rating_token_invalid",
        404,
        "评价链接无效、已使用或已过期",
        "The rating link is not valid, used or expired",
    )
    ALREADY_HIDDEN = ("rating_already_hidden", 409, "该评价的文字已屏蔽", "The text is already hidden")
    REASON_REQUIRED = ("rating_text_required", 422, "请填写{what}", "{what} is required")
    ILLEGAL_TRANSITION = (
        "rating_rectification_illegal",
        409,
        "整改任务当前状态为“{status}”，不能{action}",
        "The rectification is '{status}': cannot {action}",
    )
    CONFLICT = (
        "rating_rectification_conflict",
        409,
        "整改任务已被他人处理，请刷新后重试",
        "Someone else changed the rectification first",
    )
    NOT_HUB = (
        "rating_not_hub",
        403,
        "申诉须由政务服务管理机构（平台管理员或政务服务管理部门管理员）审核",
        "Appeals are decided by the hub (platform admin or the 政务服务 office's admin)",
    )
    BAD_ITEM = ("rating_bad_item", 422, "事项编码“{value}”不存在", "Unknown item code {value!r}")
    BAD_BLOCKER = ("rating_bad_blocker", 422, "卡点类型“{value}”不在可选列表中", "Unknown blocker kind {value!r}")
    BLOCKED_DONE = ("rating_blocked_done", 409, "该反映已反馈办理结果", "The matter already has its outcome")
    BAD_OWNER = (
        "rating_bad_owner",
        422,
        "责任人须为牵头部门（或其下级）的工作人员",
        "The owner must be staff of the department",
    )
    BAD_MONTH = ("rating_bad_month", 422, "月份格式有误：“{value}”，应为 YYYY-MM", "month is not valid: {value!r}")
    BAD_GROUP = (
        "rating_bad_group",
        422,
        "统计维度“{value}”有误，可选 {choices}",
        "group_by {value!r}; one of {choices}",
    )
    BAD_DEPARTMENT = ("rating_bad_department", 422, "部门“{value}”不存在", "Unknown department {value!r}")


class RatingError(ZwfwError):
    """A ratings domain error."""
