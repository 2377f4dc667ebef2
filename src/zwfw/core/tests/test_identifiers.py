"""Identifier rules (GB 11643 公民身份号码, GB 32100 统一社会信用代码), masking and the log filter.

Every rule has a valid and an invalid sample with its exact message; ``python-stdnum``
(``stdnum.cn.ric``, ``stdnum.cn.uscc``) is an independent oracle over generated codes.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import random

import pytest
from stdnum.cn import ric, uscc

from zwfw.core.errors import ZwfwError
from zwfw.core.identifiers import (
    USCC_CATEGORIES,
    USCC_CHARSET,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_text,
    validate_id_number,
    validate_identifier,
    validate_uscc,
)
from zwfw.core.logging import MaskPersonalDataFilter

TODAY = dt.date(2026, 6, 1)
VALID_ID = "510104199003071237"  # 成都市锦江区, 1990-03-07, male
VALID_ID_X = "11010519491231002X"  # check character X
VALID_USCC = "91510100MA61R5XXXB"  # 工商 企业, 成都市, org code MA61R5XX-X
NATIONAL_USCC = "12100000000013127A"  # 机构编制 事业单位 registered by a national (100000) authority


def _ric(body17: str) -> str:
    """An id number completed with stdnum's check digit (independent of ours)."""
    return body17 + ric.calc_check_digit(body17 + "0")


def _org(first8: str) -> str:
    """GB 11714 organisation code, written here independently of zwfw.core.identifiers."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(first8, weights, strict=True))
    r = 11 - total % 11
    return first8 + ("X" if r == 10 else "0" if r == 11 else str(r))


def _uscc(first17: str) -> str:
    return first17 + uscc.calc_check_digit(first17 + "0")


def _problems(result) -> list[tuple[str, str, str]]:
    return [(p.code, p.zh, p.en) for p in result.problems]


# ---- 公民身份号码 (GB 11643) ----------------------------------------------------------------------


def test_id_number_valid_samples_with_info():
    result = validate_id_number(VALID_ID, today=TODAY)
    assert result.valid and result.problems == [] and result.message == "校验通过"
    assert result.info == {"region_code": "510104", "birth_date": "1990-03-07", "sex": "男"}
    assert validate_id_number(VALID_ID_X, today=TODAY).valid


def test_id_number_lower_case_x_and_spaces_are_accepted_and_normalised():
    result = validate_id_number(" 110105 19491231 002x ", today=TODAY)
    assert result.valid
    assert result.value == VALID_ID_X


@pytest.mark.parametrize(
    ("value", "code", "zh"),
    [
        ("5101041990030712", "bad_length", "长度应为18位，实为16位"),
        ("5101041990030712377", "bad_length", "长度应为18位，实为19位"),
        ("", "bad_length", "长度应为18位，实为0位"),
        ("51010419900307123A", "bad_chars", "前17位必须是数字，第18位是数字或X"),
        ("5101041990X3071237", "bad_chars", "前17位必须是数字，第18位是数字或X"),
    ],
)
def test_id_number_length_and_characters(value, code, zh):
    result = validate_id_number(value, today=TODAY)
    assert not result.valid
    assert [(p.code, p.zh) for p in result.problems] == [(code, zh)]
    assert result.message == zh


def test_id_number_region_prefix():
    value = _ric("00010419900307123")
    result = validate_id_number(value, today=TODAY)
    assert _problems(result) == [
        ("bad_region", "地址码000104不是有效的行政区划代码", "region code 000104 is not valid")
    ]
    assert validate_id_number(_ric("81000019900307123"), today=TODAY).valid  # 香港居民居住证


def test_id_number_impossible_date_feb_30():
    value = _ric("51010419900230123")
    result = validate_id_number(value, today=TODAY)
    assert _problems(result) == [("bad_date", "出生日期19900230不是有效日期", "birth date 19900230 is not a real date")]
    assert validate_id_number(_ric("51010420000229123"), today=TODAY).valid  # a leap day is fine
    assert not validate_id_number(_ric("51010419000229123"), today=TODAY).valid  # 1900 is no leap year


def test_id_number_future_date():
    value = _ric("51010420260602123")
    result = validate_id_number(value, today=TODAY)
    assert _problems(result) == [("bad_date", "出生日期20260602晚于今天", "birth date 20260602 is in the future")]
    assert validate_id_number(_ric("51010420260601123"), today=TODAY).valid  # born today


def test_id_number_before_1900():
    result = validate_id_number(_ric("51010418991231123"), today=TODAY)
    assert _problems(result) == [("bad_date", "出生日期18991231早于1900年", "birth date 18991231 is before 1900")]


def test_id_number_check_digit():
    result = validate_id_number("510104199003071230", today=TODAY)
    assert _problems(result) == [("bad_check_digit", "校验码错误：应为7，实为0", "check character should be 7, got 0")]
    assert validate_id_number("110105194912310021", today=TODAY).message == "校验码错误：应为X，实为1"


def test_id_number_reports_every_problem_at_once():
    result = validate_id_number("000104199002301230", today=TODAY)
    assert [p.code for p in result.problems] == ["bad_region", "bad_date", "bad_check_digit"]
    assert result.message.count("；") == 2


# ---- 统一社会信用代码 (GB 32100) ------------------------------------------------------------------


def test_uscc_valid_samples_with_info():
    result = validate_uscc(VALID_USCC)
    assert result.valid and result.message == "校验通过"
    assert result.info == {"authority": "工商(市场监管)", "region_code": "510100", "org_code": "MA61R5XXX"}
    assert validate_uscc(VALID_USCC.lower()).valid
    assert validate_uscc(NATIONAL_USCC).valid
    assert validate_uscc(_uscc("N2510100" + _org("12345678"))).valid  # 农业 authority, a letter


@pytest.mark.parametrize(
    ("value", "zh"),
    [("91510100MA61R5XXX", "长度应为18位，实为17位"), ("91510100MA61R5XXXB1", "长度应为18位，实为19位")],
)
def test_uscc_length(value, zh):
    result = validate_uscc(value)
    assert [(p.code, p.zh) for p in result.problems] == [("bad_length", zh)]


@pytest.mark.parametrize(
    ("value", "bad"),
    [
        ("91510100MA61R5XXIB", "I"),
        ("91510100MA61R5XXOB", "O"),
        ("91510100MA61R5XXZB", "Z"),
        ("91510100MA61R5XXSB", "S"),
        ("91510100MA61R5XXVB", "V"),
        ("91510100MA6VR5XXOB", "OV"),
        ("91510100MA61R5XX-B", "-"),
    ],
)
def test_uscc_forbidden_characters(value, bad):
    result = validate_uscc(value)
    assert _problems(result) == [
        (
            "bad_chars",
            f"含有不允许的字符：{bad}（不使用I、O、Z、S、V）",
            f"characters not allowed: {bad} (I, O, Z, S, V are never used)",
        )
    ]


def test_uscc_registration_authority():
    value = _uscc("B1510100" + _org("MA61R5XX"))
    result = validate_uscc(value)
    assert _problems(result) == [("bad_authority", "登记管理部门代码B无效", "registration authority B is not valid")]


def test_uscc_category_not_allowed_for_authority():
    value = _uscc("94510100" + _org("MA61R5XX"))
    result = validate_uscc(value)
    assert _problems(result) == [
        ("bad_category", "工商(市场监管)登记的机构类别代码不能为4", "entity category 4 is not valid for authority 9")
    ]
    assert validate_uscc(_uscc("93510100" + _org("MA61R5XX"))).valid  # 9-3 (农民专业合作社) is allowed
    assert validate_uscc(_uscc("Y9510100" + _org("MA61R5XX"))).message == "其他登记的机构类别代码不能为9"


@pytest.mark.parametrize("region", ["000000", "990000", "10000A", "200000"])
def test_uscc_region(region):
    value = _uscc("91" + region + _org("MA61R5XX"))
    result = validate_uscc(value)
    assert [p.code for p in result.problems] == ["bad_region"]
    assert result.message == f"登记管理机关行政区划码{region}无效"


def test_uscc_organisation_code_check_character():
    value = _uscc("91510100MA61R5XX1")
    result = validate_uscc(value)
    assert _problems(result) == [
        (
            "bad_org_check_digit",
            "组织机构代码MA61R5XX1的校验码错误，应为X",
            "organisation code MA61R5XX1 has a bad check character",
        )
    ]
    # a letter other than X can never be a GB 11714 check character
    assert [p.code for p in validate_uscc(_uscc("91510100MA61R5XXA")).problems] == ["bad_org_check_digit"]


def test_uscc_check_digit():
    result = validate_uscc("91510100MA61R5XXXA")
    assert _problems(result) == [("bad_check_digit", "校验码错误：应为B，实为A", "check character should be B, got A")]


def test_validate_identifier_dispatches_and_rejects_unknown_kinds():
    assert validate_identifier("uscc", VALID_USCC).valid
    assert validate_identifier("id_number", VALID_ID).kind == "id_number"
    with pytest.raises(ZwfwError) as exc:
        validate_identifier("passport", "E12345678")
    assert exc.value.as_body()["code"] == "invalid_identifier_kind"
    assert exc.value.status == 400
    assert "passport" in exc.value.message


# ---- stdnum as an independent oracle --------------------------------------------------------


def _stdnum_regions() -> list[str]:
    """Region codes stdnum knows for every birth year the generator uses."""
    candidates = ["110101", "110105", "110108", "120101", "310104", "510104", "440106", "330106"]
    return [
        code for code in candidates if all(ric.is_valid(_ric(f"{code}{year}0101123")) for year in range(1930, 2026, 5))
    ]


def test_id_number_agrees_with_stdnum_on_generated_codes():
    rng = random.Random(11643)
    regions = _stdnum_regions()
    assert len(regions) >= 5
    checked = disagreements = agreed_valid = agreed_invalid = 0
    for _ in range(1500):
        birth = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(0, 95 * 365))
        base = _ric(f"{rng.choice(regions)}{birth:%Y%m%d}{rng.randrange(1000):03d}")
        variants = [base, base.lower()]
        pos = rng.randrange(6, 18)  # region digits are left alone: stdnum knows counties, we provinces
        variants.append(base[:pos] + rng.choice("0123456789X") + base[pos + 1 :])
        variants.append(_ric(variants[-1][:17]) if variants[-1][:17].isdigit() else variants[-1])
        i = rng.randrange(6, 16)
        variants.append(base[:i] + base[i + 1] + base[i] + base[i + 2 :])  # transposition
        variants.append(base[: rng.randrange(18)])  # truncation
        for value in variants:
            ours = validate_id_number(value, today=TODAY)
            theirs = ric.is_valid(value)
            checked += 1
            if ours.valid != theirs:
                # the only rule stdnum lacks: a real date outside 1900..today
                assert theirs and [p.code for p in ours.problems] == ["bad_date"], value
                disagreements += 1
            elif ours.valid:
                agreed_valid += 1
            else:
                agreed_invalid += 1
    assert checked == 9000
    assert agreed_valid > 3000 and agreed_invalid > 3000
    assert disagreements < checked // 20  # mutated birth years landing before 1900 or after today


def test_uscc_agrees_with_stdnum_on_generated_codes():
    rng = random.Random(32100)
    digit_authorities = [a for a in USCC_CATEGORIES if a.isdigit()]
    regions = ["510000", "510100", "510107", "510700", "110000", "440300", "100000"]
    org_chars = USCC_CHARSET  # GB 11714 body characters that a USCC can carry
    structural = {"bad_authority", "bad_category", "bad_region", "bad_org_check_digit"}
    seen_valid = seen_invalid = 0
    for _ in range(1500):
        authority = rng.choice(digit_authorities)
        category = rng.choice(sorted(USCC_CATEGORIES[authority][1]))
        org = _org("".join(rng.choice(org_chars) for _ in range(8)))
        base = _uscc(authority + category + rng.choice(regions) + org)
        assert validate_uscc(base).valid and uscc.is_valid(base), base
        pos = rng.randrange(18)
        swapped = base[:pos] + rng.choice(USCC_CHARSET + "IOZSV") + base[pos + 1 :]
        variants = [swapped, _uscc(swapped[:17]) if all(c in USCC_CHARSET for c in swapped[:17]) else swapped]
        j = rng.randrange(17)
        variants.append(base[:j] + base[j + 1] + base[j] + base[j + 2 :])
        for value in variants:
            ours, theirs = validate_uscc(value), uscc.is_valid(value)
            if ours.valid:
                # ours is stricter, except that GB 32100 also allows the authorities A, N and Y
                assert theirs or value[0] in "ANY", value
                seen_valid += 1
            else:
                seen_invalid += 1
                if theirs:
                    assert {p.code for p in ours.problems} <= structural, (value, ours.problems)
                if not theirs and value[0].isdigit():
                    # stdnum's rules (length, charset, check digit) are a subset of ours
                    assert not ours.valid
    assert seen_valid > 500 and seen_invalid > 2000


# ---- masking ----------------------------------------------------------------------------------


def test_mask_helpers():
    assert mask_id_number("51010419900307123X") == "5101**********123X"
    assert mask_id_number(VALID_ID) == "5101**********1237"
    assert mask_id_number("1234") == "****"
    assert mask_id_number("") == ""
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("12345") == "*****"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳小明") == "欧**明"
    assert mask_name("李") == "李"


def test_mask_text_masks_id_numbers_and_mobiles_in_free_text():
    text = "申请人51010419900307123X（电话13812345678）已受理；工号 A51010419900307123X 不是证件号"
    masked = mask_text(text)
    assert "申请人5101**********123X（电话138****5678）已受理" in masked
    assert "A51010419900307123X" in masked  # glued to a letter: not a standalone id number
    assert mask_text("小写51010419900307123x结尾") == "小写5101**********123x结尾"
    assert mask_text("订单号 2026021312345678901 保留") == "订单号 2026021312345678901 保留"
    assert mask_text("") == ""


def _capture(logger_name: str) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskPersonalDataFilter())
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger, stream


def test_logging_filter_masks_a_logged_id_number_and_phone():
    logger, stream = _capture("zwfw.tests.masking")
    logger.info("受理 %s 的申请，联系电话 %s", "51010419900307123X", "13812345678")
    logger.info("直接写入 110105194912310021")
    out = stream.getvalue()
    assert "51010419900307123X" not in out and "13812345678" not in out
    assert "受理 5101**********123X 的申请，联系电话 138****5678" in out
    assert "直接写入 1101**********0021" in out


def test_logging_filter_keeps_records_with_a_broken_format():
    record = logging.makeLogRecord({"msg": "%d 个", "args": ("x",)})
    assert MaskPersonalDataFilter().filter(record) is True  # the record is kept, not lost


def test_settings_put_the_mask_filter_on_the_console_handler(settings):
    console = settings.LOGGING["handlers"]["console"]
    assert "mask_personal_data" in console["filters"]
    assert settings.LOGGING["filters"]["mask_personal_data"]["()"] == "zwfw.core.logging.MaskPersonalDataFilter"
