"""Stats error codes (zh/en) and the app's exception; the API's one handler renders them."""

from __future__ import annotations

from zwfw.core.errors import ErrorCode, ZwfwError


class StatsErrorCode(ErrorCode):
    BAD_MONTH = (
        "stats_bad_month",
        422,
        "月份（month）格式有误：“{value}”，应为 YYYY-MM，例如 2026-01",
        "month is not valid: {value!r}; expected YYYY-MM, e.g. 2026-01",
    )
    BAD_FORMAT = (
        "stats_bad_format",
        422,
        "导出格式（format）有误：“{value}”，可选 {choices}",
        "format is not valid: {value!r}; one of {choices}",
    )
    SCOPE_CONFLICT = (
        "stats_scope_conflict",
        422,
        "部门（department）、区划（region）与省本级（scope=province）只能选择其一",
        "Give one of department, region or scope=province, not several",
    )
    BAD_SCOPE = (
        "stats_bad_scope",
        422,
        "统计范围（scope）有误：“{value}”，可选 province（省本级）",
        "scope is not valid: {value!r}; expected province",
    )


class StatsError(ZwfwError):
    """A stats domain error."""
