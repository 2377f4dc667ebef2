"""Identifier validation and masking.

- 公民身份号码, GB 11643-1999: 6-digit region code, 8-digit birth date, 3-digit sequence, check
  character ``"10X98765432"[Σ digit·weight mod 11]`` with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2.
- 统一社会信用代码, GB 32100-2015: 18 characters of ``0-9A-HJ-NPQRTUWXY``; check character
  ``charset[(31 − Σ v·w mod 31) mod 31]`` with weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28;
  characters 9–17 are a GB 11714 organisation code with its own check character.

Each failure names what is wrong (length, characters, region, date, check digit) in Chinese and
English, so a form can tell the person which part to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# GB 32100 table: registration authority (1st character) → allowed entity categories (2nd).
USCC_CATEGORIES: dict[str, tuple[str, set[str]]] = {
    "1": ("机构编制", {"1", "2", "3", "9"}),
    "2": ("外交", {"1", "9"}),
    "3": ("司法行政", {"1", "2", "3", "4", "5", "9"}),
    "4": ("文化", {"1", "9"}),
    "5": ("民政", {"1", "2", "3", "9"}),
    "6": ("旅游", {"1", "2", "9"}),
    "7": ("宗教", {"1", "2", "9"}),
    "8": ("工会", {"1", "9"}),
    "9": ("工商(市场监管)", {"1", "2", "3"}),
    "A": ("中央军委改革和编制办公室", {"1", "9"}),
    "N": ("农业", {"1", "2", "3", "9"}),
    "Y": ("其他", {"1"}),
}

# First two digits of GB/T 2260 province-level codes (incl. 71 台湾, 81 香港, 82 澳门).
PROVINCE_PREFIXES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
        "91",
    ]
)


@dataclass(frozen=True)
class Problem:
    code: str
    zh: str
    en: str


@dataclass
class IdentifierResult:
    kind: str
    value: str
    valid: bool
    problems: list[Problem] = field(default_factory=list)
    info: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return "；".join(p.zh for p in self.problems) if self.problems else "校验通过"


def _normalise(value: str) -> str:
    return (value or "").strip().replace(" ", "").upper()


def _bad_length(v: str) -> Problem:
    return Problem("bad_length", f"长度应为18位，实为{len(v)}位", f"must be 18 characters, got {len(v)}")


def _bad_check_char(expected: str, got: str) -> Problem:
    return Problem(
        "bad_check_digit", f"校验码错误：应为{expected}，实为{got}", f"check character should be {expected}, got {got}"
    )


def id_number_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def validate_id_number(value: str, *, today: dt.date | None = None) -> IdentifierResult:
    """Validate an 18-character 公民身份号码 (GB 11643-1999)."""
    v = _normalise(value)
    result = IdentifierResult(kind="id_number", value=v, valid=False)
    add = result.problems.append
    if len(v) != 18:
        add(_bad_length(v))
        return result
    if not re.fullmatch(r"\d{17}[\dX]", v):
        add(Problem("bad_chars", "前17位必须是数字，第18位是数字或X", "17 digits then a digit or X expected"))
        return result
    if v[:2] not in PROVINCE_PREFIXES:
        add(Problem("bad_region", f"地址码{v[:6]}不是有效的行政区划代码", f"region code {v[:6]} is not valid"))
    try:
        birth = dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        add(Problem("bad_date", f"出生日期{v[6:14]}不是有效日期", f"birth date {v[6:14]} is not a real date"))
        birth = None
    if birth is not None:
        today = today or dt.date.today()
        if birth > today:
            add(Problem("bad_date", f"出生日期{v[6:14]}晚于今天", f"birth date {v[6:14]} is in the future"))
        elif birth.year < 1900:
            add(Problem("bad_date", f"出生日期{v[6:14]}早于1900年", f"birth date {v[6:14]} is before 1900"))
    expected = id_number_check_char(v[:17])
    if v[17] != expected:
        add(_bad_check_char(expected, v[17]))
    result.valid = not result.problems
    if result.valid and birth is not None:
        result.info = {
            "region_code": v[:6],
            "birth_date": birth.isoformat(),
            "sex": "男" if int(v[16]) % 2 else "女",
        }
    return result


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    def val(c: str) -> int:
        return int(c) if c.isdigit() else ord(c) - ord("A") + 10

    r = 11 - sum(val(c) * w for c, w in zip(first8, ORG_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(r, str(r))


def validate_uscc(value: str) -> IdentifierResult:
    """Validate an 18-character 统一社会信用代码 (GB 32100-2015)."""
    v = _normalise(value)
    result = IdentifierResult(kind="uscc", value=v, valid=False)
    add = result.problems.append
    if len(v) != 18:
        add(_bad_length(v))
        return result
    bad = sorted({c for c in v if c not in USCC_CHARSET})
    if bad:
        add(
            Problem(
                "bad_chars",
                f"含有不允许的字符：{''.join(bad)}（不使用I、O、Z、S、V）",
                f"characters not allowed: {''.join(bad)} (I, O, Z, S, V are never used)",
            )
        )
        return result
    authority = USCC_CATEGORIES.get(v[0])
    if authority is None:
        add(Problem("bad_authority", f"登记管理部门代码{v[0]}无效", f"registration authority {v[0]} is not valid"))
    elif v[1] not in authority[1]:
        add(
            Problem(
                "bad_category",
                f"{authority[0]}登记的机构类别代码不能为{v[1]}",
                f"entity category {v[1]} is not valid for authority {v[0]}",
            )
        )
    # 100000: registered by a national (中央) authority; otherwise a GB/T 2260 province prefix.
    if not v[2:8].isdigit() or (v[2:4] not in PROVINCE_PREFIXES and v[2:8] != "100000"):
        add(Problem("bad_region", f"登记管理机关行政区划码{v[2:8]}无效", f"region code {v[2:8]} is not valid"))
    org = v[8:17]
    # GB 11714: the 9th character is a check digit or X; any other letter can never be right.
    if org_code_check_char(org[:8]) != org[8]:
        add(
            Problem(
                "bad_org_check_digit",
                f"组织机构代码{org}的校验码错误，应为{org_code_check_char(org[:8])}",
                f"organisation code {org} has a bad check character",
            )
        )
    expected = uscc_check_char(v[:17])
    if v[17] != expected:
        add(_bad_check_char(expected, v[17]))
    result.valid = not result.problems
    if result.valid and authority is not None:
        result.info = {"authority": authority[0], "region_code": v[2:8], "org_code": org}
    return result


VALIDATORS = {"id_number": validate_id_number, "uscc": validate_uscc}


def validate_identifier(kind: str, value: str) -> IdentifierResult:
    """Validate ``value`` as identifier ``kind`` (``id_number`` or ``uscc``).

    An unknown kind raises ``ZwfwError(CoreErrorCode.INVALID_IDENTIFIER_KIND)`` (400); a wrong
    value is not an error but a result with ``valid=False`` and its problems.
    """
    from zwfw.core.errors import CoreErrorCode, ZwfwError

    validator = VALIDATORS.get(kind)
    if validator is None:
        raise ZwfwError(CoreErrorCode.INVALID_IDENTIFIER_KIND, detail={"kind": kind}, kind=kind)
    return validator(value)


def mask_id_number(value: str) -> str:
    """5101**********123X: keep the first 4 and last 4 characters."""
    v = (value or "").strip()
    if len(v) <= 8:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def mask_phone(value: str) -> str:
    """138****5678: keep the first 3 and last 4 digits of a mobile number."""
    v = (value or "").strip()
    if len(v) < 7:
        return "*" * len(v)
    return v[:3] + "*" * (len(v) - 7) + v[-4:]


def mask_name(value: str) -> str:
    """张*三 / 李*: keep the surname (and the last character for names of three or more)."""
    v = (value or "").strip()
    if len(v) <= 1:
        return v
    if len(v) == 2:
        return v[0] + "*"
    return v[0] + "*" * (len(v) - 2) + v[-1]


_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")
_PHONE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


def mask_text(text: str) -> str:
    """Mask every 身份证号 and mobile number found in free text (logs, exported notes)."""
    if not text:
        return text
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(0)), text)
    return _PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)
