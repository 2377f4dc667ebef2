"""Stable error codes of the cases app with zh/en messages, and its exception."""

from __future__ import annotations

from typing import Any

from zwfw.core.errors import ErrorCode, ZwfwError


class CaseErrorCode(ErrorCode):
    ILLEGAL_TRANSITION = (
        "case_illegal_transition",
        409,
        "办件当前状态为“{status}”，不能{action}",
        "The case is '{status}': cannot {action}",
    )
    CONFLICT = (
        "case_conflict",
        409,
        "办件已被他人处理，当前状态为“{status}”，请刷新后重试",
        "Someone else changed the case first; it is now '{status}'",
    )
    ITEM_NOT_AVAILABLE = (
        "case_item_not_available",
        422,
        "事项“{code}”当前没有生效的版本，不能申请",
        "Item {code} has no version in force",
    )
    CHANNEL_NOT_OFFERED = (
        "case_channel_not_offered",
        422,
        "{reason}",
        "The item's element table does not allow this channel: {reason}",
    )
    CROSS_REGION_NOT_LISTED = (
        "case_cross_region_not_listed",
        422,
        "事项“{name}”不在{region}可收件的跨域通办（川渝通办）事项清单中，不能跨域收件",
        "The item is not on a cross-region (Sichuan-Chongqing) list a window of your region may receive for",
    )
    CROSS_REGION_LOCAL = (
        "case_cross_region_local",
        422,
        "事项“{name}”由本地区部门办理，请按一般办件收件，无需跨域收件",
        "The item is handled in your own region: receive it as an ordinary case",
    )
    CROSS_REGION_NO_WINDOW = (
        "case_cross_region_no_window",
        422,
        "跨域收件须由所属政务服务窗口单位的工作人员办理：您的账号未关联部门",
        "Cross-region intake needs a clerk account attached to a window department",
    )
    FORM_INVALID = ("case_form_invalid", 422, "申请表填写有误", "The application form is not valid")
    UPLOAD_INVALID = ("case_upload_invalid", 422, "材料文件不符合要求：{reason}", "Bad upload: {reason}")
    UNKNOWN_MATERIAL = ("case_unknown_material", 422, "本事项没有材料“{key}”", "The item has no material {key}")
    MATERIALS_MISSING = (
        "case_materials_missing",
        422,
        "材料不齐全，不能受理：{names}（请一次性告知补正或容缺受理）",
        "Materials missing: {names}",
    )
    MATERIALS_REQUIRED = (
        "case_materials_required",
        422,
        "请提交必要材料：{names}",
        "Required materials missing: {names}",
    )
    CORRECTION_NOT_SUPPLIED = (
        "case_correction_not_supplied",
        422,
        "请按补正告知提交：{names}",
        "Supply what the correction notice lists: {names}",
    )
    WITHDRAW_UNCONFIRMED = (
        "case_withdraw_unconfirmed",
        422,
        "请确认撤回：在“撤回申请”中点击“确认撤回”",
        "Confirm the withdrawal",
    )
    CORRECTION_DEADLINE_REQUIRED = (
        "case_correction_deadline_required",
        422,
        "请填写补正期限（本事项的补正期限为{days}个工作日）",
        "A correction notice needs a deadline",
    )
    EXEMPT_MATERIAL = (
        "case_material_exempt",
        422,
        "材料“{name}”已通过{how}核验，无需提交",
        "Material {name} is verified by the platform; do not upload it",
    )
    CORRECTION_EMPTY = (
        "case_correction_empty",
        422,
        "补正告知须一次性列明全部需补正的材料",
        "A correction notice must list every item to correct",
    )
    SHORTFALL_NOT_ALLOWED = (
        "case_shortfall_not_allowed",
        422,
        "不能容缺受理：{reason}",
        "Shortfall acceptance is not allowed: {reason}",
    )
    PLEDGE_KEY_MATERIAL = (
        "case_pledge_key_material",
        422,
        "“{names}”不是本事项办事指南标注“可以告知承诺代替”的材料，不能以承诺代替",
        "{names}: the item's guide does not let a pledge replace these materials",
    )
    CREDIT_NOT_ELIGIBLE = (
        "case_credit_not_eligible",
        422,
        "申请人信用等级为{grade}级，不适用{what}：{reasons}",
        "The applicant's credit grade is {grade}: {what} is not available ({reasons})",
    )
    PLEDGE_NOT_ALLOWED = (
        "case_pledge_not_allowed",
        422,
        "本事项不适用告知承诺制",
        "This item does not allow approval on pledge",
    )
    SEPARATION_OF_DUTIES = (
        "case_separation_of_duties",
        403,
        "受审分离：受理本办件的人员不能作出审批决定",
        "The person who accepted the case may not decide it",
    )
    STEP_NOT_ACTIVE = (
        "case_step_not_active",
        409,
        "环节“{step}”当前状态为“{status}”，不能办理",
        "Step {step} is '{status}'",
    )
    STEP_NOT_YOURS = (
        "case_step_not_yours",
        403,
        "环节“{step}”由{role}（{department}）办理",
        "Step {step} belongs to {role} of {department}",
    )
    STEP_NEEDS_DECISION = (
        "case_step_needs_decision",
        422,
        "“{step}”环节须作出准予或不予的决定",
        "Step {step} needs a decision",
    )
    STEP_CANNOT_RETURN = (
        "case_step_cannot_return",
        422,
        "“{step}”环节之前没有可退回的审查环节（材料问题请一次性告知补正）",
        "Nothing to return step {step} to",
    )
    REASON_REQUIRED = ("case_reason_required", 422, "请填写{what}", "{what} is required")
    CLOCK_ALREADY_STOPPED = (
        "case_clock_already_stopped",
        409,
        "办件已在特别程序中（{kind}），不能重复暂停计时",
        "The clock is already stopped ({kind})",
    )
    CLOCK_NOT_STOPPED = ("case_clock_not_stopped", 409, "办件当前没有进行中的特别程序", "The clock is not stopped")
    CLOCK_DATE_INVALID = ("case_clock_date_invalid", 422, "{reason}", "{reason}")
    EXTENSION_NOT_APPLICABLE = (
        "case_extension_not_applicable",
        422,
        "“{item_type}”类事项不适用《行政许可法》第四十二条的延长审批",
        "The 10-day extension of the Administrative Licensing Law art. 42 does not apply to {item_type} items",
    )
    EXTENSION_ONCE = (
        "case_extension_once",
        409,
        "办件已于{date}延长审批期限，依法只能延长一次",
        "The decision limit was already extended on {date}; it may be extended once",
    )
    EXTENSION_LATE = (
        "case_extension_late",
        409,
        "承诺办结日期（{due}）已过，延长审批须在原期限内作出",
        "The limit ({due}) has passed; an extension must be decided within it",
    )
    TRACKING_REQUIRED = (
        "case_tracking_required",
        422,
        "邮寄送达须填写快递单号",
        "Posting a result needs a tracking number",
    )
    DELIVERY_BEFORE_RESULT = (
        "case_result_not_ready",
        409,
        "办理结果尚未制作完成（“{step}”环节待办），不能送达",
        "The result is not produced yet (step {step} open)",
    )
    LOOKUP_FAILED = (
        "case_lookup_failed",
        404,
        "办件编号或查询码不正确",
        "Wrong case number or verification code",
    )
    VERIFICATION_DONE = ("case_verification_done", 409, "该核查任务已完成", "This verification is already done")


class CaseError(ZwfwError):
    """A cases domain error."""


def illegal_transition(*, status: str, action: str, detail: Any = None) -> CaseError:
    """409 naming the current state in Chinese: 办件当前状态为“已受理”，不能再次受理."""
    from zwfw.cases.models import CaseStatus

    label = str(CaseStatus(status).label) if status in CaseStatus.values else status
    return CaseError(
        CaseErrorCode.ILLEGAL_TRANSITION,
        detail={"status": status, "action": action, **(detail or {})},
        status=label,
        action=action,
    )


def conflict(*, status: str) -> CaseError:
    from zwfw.cases.models import CaseStatus

    label = str(CaseStatus(status).label) if status in CaseStatus.values else status
    return CaseError(CaseErrorCode.CONFLICT, detail={"status": status}, status=label)
