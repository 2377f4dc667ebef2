"""GB/T 4754-2017 国民经济行业分类: sections (门类, a letter) and their divisions (大类, 2 digits).

A class code (小类) has four digits; its parents are its first three (中类) and first two (大类)
digits and the section letter of the division. "Within" a code means being that code or below it.
"""

from __future__ import annotations

import re

# Section → inclusive range of division numbers.
SECTIONS: dict[str, tuple[int, int, str]] = {
    "A": (1, 5, "农、林、牧、渔业"),
    "B": (6, 12, "采矿业"),
    "C": (13, 43, "制造业"),
    "D": (44, 46, "电力、热力、燃气及水生产和供应业"),
    "E": (47, 50, "建筑业"),
    "F": (51, 52, "批发和零售业"),
    "G": (53, 60, "交通运输、仓储和邮政业"),
    "H": (61, 62, "住宿和餐饮业"),
    "I": (63, 65, "信息传输、软件和信息技术服务业"),
    "J": (66, 69, "金融业"),
    "K": (70, 70, "房地产业"),
    "L": (71, 72, "租赁和商务服务业"),
    "M": (73, 75, "科学研究和技术服务业"),
    "N": (76, 79, "水利、环境和公共设施管理业"),
    "O": (80, 82, "居民服务、修理和其他服务业"),
    "P": (83, 83, "教育"),
    "Q": (84, 85, "卫生和社会工作"),
    "R": (86, 90, "文化、体育和娱乐业"),
    "S": (91, 96, "公共管理、社会保障和社会组织"),
    "T": (97, 97, "国际组织"),
}

DIVISION_SECTION: dict[str, str] = {
    f"{d:02d}": letter for letter, (lo, hi, _name) in SECTIONS.items() for d in range(lo, hi + 1)
}

_CODE = re.compile(r"^(?:[A-T]|\d{2,4})$")


def section_of(code: str | None) -> str | None:
    """The section letter of a 2–4 digit code (``"3911"`` → ``"C"``), ``None`` if unknown."""
    if not code:
        return None
    return DIVISION_SECTION.get(code[:2])


def industry_code_problem(code: str) -> str | None:
    """Why ``code`` is not a GB/T 4754 section, division, group or class code (None when fine)."""
    if not isinstance(code, str) or not _CODE.match(code):
        return f"“{code}”不是国民经济行业分类代码（门类字母 A–T 或 2–4 位数字）"
    if code[0].isdigit() and code[:2] not in DIVISION_SECTION:
        return f"“{code}”的大类 {code[:2]} 不存在"
    return None


def industry_within(code: str | None, parent: str) -> bool:
    """True when class ``code`` is ``parent`` or below it (``parent`` a letter or 2–4 digits)."""
    if not code:
        return False
    if parent.isalpha():
        return section_of(code) == parent
    return code.startswith(parent)
