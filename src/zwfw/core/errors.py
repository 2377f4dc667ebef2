"""Stable error codes with zh/en messages, and the platform's base exception.

Each domain app keeps its own ``errors.py`` with an Enum of codes and a subclass of
:class:`ZwfwError`; the API's one handler (``zwfw.api``) turns any of them into
``{"code", "message", "detail"}`` with the code's HTTP status.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from django.utils.translation import get_language


class ErrorCode(Enum):
    """Base for every app's error-code enum: value = (code, status, zh, en)."""

    def __init__(self, code: str, status: int, zh: str, en: str) -> None:
        self.code = code
        self.status = status
        self.zh = zh
        self.en = en

    def message(self, **params: Any) -> str:
        """The message in the active language (Chinese unless English was asked for)."""
        lang = (get_language() or "zh-hans").lower()
        template = self.en if lang.startswith("en") else self.zh
        return template.format(**params) if params else template


class CoreErrorCode(ErrorCode):
    VALIDATION = ("validation_error", 422, "请求参数有误", "The request is not valid")
    BAD_REQUEST = ("bad_request", 400, "请求有误", "Bad request")
    NOT_AUTHENTICATED = ("not_authenticated", 401, "请先登录", "Authentication required")
    PERMISSION_DENIED = ("permission_denied", 403, "无权执行此操作", "You may not do this")
    NOT_FOUND = ("not_found", 404, "对象不存在或无权查看", "Not found")
    METHOD_NOT_ALLOWED = ("method_not_allowed", 405, "不支持该请求方法", "Method not allowed")
    CONFLICT = ("conflict", 409, "数据已被他人修改，请刷新后重试", "The record was changed by someone else")
    THROTTLED = ("throttled", 429, "请求过于频繁", "Too many requests")
    DATABASE_BUSY = (
        "database_busy",
        503,
        "系统繁忙（数据正在写入），请稍后重试；您的操作未被保存",
        "The database is busy; nothing was saved, please retry shortly",
    )
    INVALID_IDENTIFIER_KIND = (
        "invalid_identifier_kind",
        400,
        "不支持的证件类型：{kind}（可选 id_number、uscc）",
        "Unknown identifier kind: {kind} (id_number or uscc)",
    )
    CALENDAR_YEAR_NOT_LOADED = (
        "calendar_year_not_loaded",
        409,
        "{year}年的节假日安排尚未载入，请管理员先载入国务院办公厅公布的{year}年放假安排（zwfw calendar load）",
        "The official holiday schedule for {year} is not loaded; an admin must load it (zwfw calendar load)",
    )
    CALENDAR_FILE_INVALID = ("calendar_file_invalid", 400, "节假日文件有误：{reason}", "Bad calendar file: {reason}")
    CALENDAR_SCHEDULE_INVALID = (
        "calendar_schedule_invalid",
        400,
        "节假日安排有误：{reason}",
        "The holiday schedule is not valid: {reason}",
    )
    AUDIT_APPEND_ONLY = ("audit_append_only", 409, "审计日志只能追加，不能修改", "The audit log is append-only")


class ZwfwError(Exception):
    """A domain error: carries a stable code, its HTTP status, a translated message, details."""

    # ``code`` is positional-only: a message may name a parameter ``code`` too ("编码{code}已存在")
    def __init__(self, code: ErrorCode, /, detail: Any = None, **params: Any) -> None:
        self.code = code
        self.params = params
        self.detail = detail
        super().__init__(code.message(**params))

    @property
    def status(self) -> int:
        return self.code.status

    @property
    def message(self) -> str:
        return self.code.message(**self.params)

    def as_body(self) -> dict[str, Any]:
        return {"code": self.code.code, "message": self.message, "detail": self.detail}


class CalendarYearNotLoaded(ZwfwError):
    def __init__(self, year: int) -> None:
        super().__init__(CoreErrorCode.CALENDAR_YEAR_NOT_LOADED, detail={"year": year}, year=year)
        self.year = year


class ConflictError(ZwfwError):
    """Two actors raced on one record; the loser is told why."""

    def __init__(self, detail: Any = None, code: ErrorCode = CoreErrorCode.CONFLICT, **params: Any) -> None:
        super().__init__(code, detail=detail, **params)
