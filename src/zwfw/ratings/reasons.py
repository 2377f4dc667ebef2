"""The reasons a rater chooses from (plus free text), and the ones that make up the 回头看 ranking.

The national content spec names the indicators (online: 整体满意度, 办事效率, 办事指南精确度, 办事便捷度,
平台操作性; offline: 整体满意度, 服务效率, 服务水平, 服务态度; DOMAIN.md, *unconfirmed* as verbatim
national text). The reasons below are those indicators phrased as what went well or badly, so a
bad rating names the indicator it is about; they are data, changed here in one place.
"""

from __future__ import annotations

GOOD_REASONS: dict[str, str] = {
    "fast": "办事效率高",
    "guide_clear": "办事指南清楚准确",
    "one_trip": "一次办成、少跑腿",
    "attitude_good": "服务态度好",
    "easy_online": "平台操作方便",
}

BAD_REASONS: dict[str, str] = {
    "slow": "办事效率低、超时",
    "guide_wrong": "办事指南不准确",
    "extra_materials": "材料繁琐或重复提交",
    "many_trips": "多次跑腿",
    "not_told_once": "未一次性告知",
    "attitude_bad": "服务态度差",
    "hard_online": "平台操作不便",
    "fees": "收费不合理",
    "other": "其他",
}

REASONS: dict[str, str] = {**GOOD_REASONS, **BAD_REASONS}


def reason_label(code: str) -> str:
    return REASONS.get(code, code)
