"""Stable error codes of the trading app with zh/en messages, and its exception."""

from __future__ import annotations

from typing import Any

from zwfw.core.errors import ErrorCode, ZwfwError


class TradingErrorCode(ErrorCode):
    INVALID_USCC = ("trading_invalid_uscc", 422, "统一社会信用代码无效：{reason}", "Invalid USCC: {reason}")
    INVALID_ID_NUMBER = (
        "trading_invalid_id_number",
        422,
        "项目负责人身份证号无效：{reason}",
        "Invalid ID number of the project manager: {reason}",
    )
    NOT_ENTERPRISE = ("trading_not_enterprise", 422, "{who}须为企业账户", "{who} must be an enterprise account")
    BAD_AMOUNT = ("trading_bad_amount", 422, "{what}须为正整数（单位：分）", "{what} must be a positive number of fen")
    BAD_SCHEDULE = ("trading_bad_schedule", 422, "时间安排有误：{reason}", "Bad schedule: {reason}")
    DEADLINE_PASSED = ("trading_deadline_passed", 409, "投标截止时间已过，不能{action}", "The bid deadline has passed")
    ABOVE_CEILING = (
        "trading_above_ceiling",
        422,
        "报价超过最高投标限价 {ceiling} 元",
        "The price is above the ceiling of {ceiling} yuan",
    )
    DUPLICATE_BID = ("trading_duplicate_bid", 409, "本单位已对该标段投标", "This bidder has already bid")
    BAD_DOCUMENT = ("trading_bad_document", 422, "投标文件不符合要求：{reason}", "Bad bid document: {reason}")
    NOT_YET_OPEN = (
        "trading_not_yet_open",
        409,
        "未到开标时间（{opening_at}），任何人不得查看报价",
        "Bids stay sealed until the opening time ({opening_at})",
    )
    ALREADY_OPENED = ("trading_already_opened", 409, "该标段已开标", "This section has already been opened")
    TOO_FEW_BIDS = (
        "trading_too_few_bids",
        409,
        "投标人少于 3 个（{count} 个），不得开标，应依法重新招标",
        "Fewer than 3 bidders ({count}): no opening, re-tender",
    )
    BAD_STATE = (
        "trading_bad_state",
        409,
        "标段当前状态为“{status}”，不能{action}",
        "Section is {status}: cannot {action}",
    )
    NOT_ENOUGH_EXPERTS = (
        "trading_not_enough_experts",
        409,
        "符合条件的专家只有 {eligible} 人，不足抽取 {needed} 人",
        "Only {eligible} eligible experts for {needed} places",
    )
    BAD_COMMITTEE = (
        "trading_bad_committee",
        422,
        "评标委员会专家人数须为不少于 5 的奇数",
        "The committee must be an odd number of at least 5 experts",
    )
    NOT_A_MEMBER = ("trading_not_a_member", 403, "您不是该标段评标委员会成员", "You are not on this committee")
    BAD_SCORE = ("trading_bad_score", 422, "评分须在 0–{maximum} 之间", "Scores must be within 0–{maximum}")
    NOT_RECOMMENDED = (
        "trading_not_recommended",
        422,
        "定标须在评标委员会推荐的中标候选人中选择",
        "The award must go to a candidate the committee recommended",
    )
    BAD_GUARANTEE = ("trading_bad_guarantee", 422, "电子保函信息不完整：{reason}", "Bad guarantee: {reason}")
    DEPOSIT_STATE = ("trading_deposit_state", 409, "保证金{reason}", "Deposit: {reason}")
    BAD_OCDS = ("trading_bad_ocds", 422, "OCDS 数据有误：{reason}", "Bad OCDS data: {reason}")


class TradingError(ZwfwError):
    def __init__(self, code: TradingErrorCode, /, detail: Any = None, **params: Any) -> None:
        super().__init__(code, detail=detail, **params)
