"""Stable error codes of the policies app with zh/en messages, and its exception."""

from __future__ import annotations

from zwfw.core.errors import ErrorCode, ZwfwError


class PolicyErrorCode(ErrorCode):
    RULE_INVALID = ("policy_rule_invalid", 422, "{message}", "Rule {rule}: field {field}: {reason}")
    ILLEGAL_TRANSITION = (
        "policy_illegal_transition",
        409,
        "政策当前状态为“{status}”，不能{action}",
        "The policy is '{status}': cannot {action}",
    )
    NO_ITEMS = ("policy_no_items", 422, "政策没有惠企事项，不能发布", "A policy needs support items to be published")
    DATES_INVALID = ("policy_dates_invalid", 422, "{reason}", "{reason}")
    IMPORT_INVALID = ("policy_import_invalid", 400, "导入文件有误：{reason}", "Bad import file: {reason}")
    UNKNOWN_SOURCE = ("policy_unknown_source", 400, "未知的数据来源“{source}”", "Unknown data source {source}")
    RUN_BUSY = (
        "policy_run_busy",
        409,
        "已有覆盖相同政策事项的匹配任务在运行（#{run}）",
        "Match run #{run}, covering some of the same items, is still running",
    )
    RUN_OUT_OF_SCOPE = (
        "policy_run_out_of_scope",
        403,
        "您的管辖范围内没有可匹配的惠企事项",
        "No matchable support item in your scope",
    )
    RUN_NOT_RESUMABLE = ("policy_run_not_resumable", 409, "匹配任务状态为“{status}”，不能续跑", "Run is '{status}'")
    NOT_ELIGIBLE = (
        "policy_not_eligible",
        422,
        "不符合“{item}”的申报条件：{conditions}",
        "Not eligible for {item}: {conditions}",
    )
    DECLARATION_MISSING = (
        "policy_declaration_missing",
        422,
        "请确认以下承诺事项：{conditions}",
        "Please confirm: {conditions}",
    )
    WINDOW_CLOSED = ("policy_window_closed", 422, "“{item}”不在申报期内（{window}）", "{item} is not open ({window})")
    AUTO_GRANT_ITEM = (
        "policy_auto_grant_item",
        422,
        "“{item}”实行免申即享，无需申报",
        "{item} is granted without application",
    )
    DUPLICATE_APPLICATION = (
        "policy_duplicate_application",
        409,
        "已就“{item}”提交申报（状态：{status}），请勿重复申报",
        "An application for {item} already exists",
    )
    NO_PROFILE = ("policy_no_profile", 404, "尚未建立企业画像（一企一档）", "No enterprise profile")
    APPLICATION_STATE = (
        "policy_application_state",
        409,
        "申报当前状态为“{status}”，不能{action}",
        "The application is '{status}': cannot {action}",
    )
    SEPARATION_OF_DUTIES = (
        "policy_separation_of_duties",
        403,
        "受审分离：受理本申报的人员不能审核",
        "The person who accepted the application may not review it",
    )
    SHORTFALL_NOT_ALLOWED = (
        "policy_shortfall_not_allowed",
        422,
        "容缺受理仅适用于信用等级为A或B的企业",
        "Acceptance with missing materials needs credit grade A or B",
    )
    PUBLICITY_RUNNING = (
        "policy_publicity_running",
        409,
        "公示期至{until}，期满且异议处理完毕后方可拨付",
        "Publicity runs until {until}",
    )
    OBJECTION_OPEN = ("policy_objection_open", 409, "尚有未处理的异议", "An objection is still open")
    REASON_REQUIRED = ("policy_reason_required", 422, "请填写{what}", "{what} is required")


class PolicyError(ZwfwError):
    """A policies domain error."""


def rule_invalid(exc) -> PolicyError:
    """422 naming the rule and the field (from a :class:`~.rules.language.RuleError`)."""
    return PolicyError(
        PolicyErrorCode.RULE_INVALID,
        detail=exc.as_dict(),
        message=str(exc),
        rule=exc.rule,
        field=exc.field,
        reason=exc.reason,
    )
