"""What we know about common licence types beyond code and name: holder kind and validity rule.

Used by :func:`zwfw.licences.services.licence_type_ensure` when it *creates* a type and the caller
gives no such attribute; an existing type is never overwritten from here. Only rules we can cite
are written down; every other type gets ``at_issue`` (the issuer states the validity, none =
长期) and the holder kind ``any``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zwfw.licences.models import HolderKind, ValidityRule

P, ORG, A = HolderKind.PERSON, HolderKind.ORGANISATION, HolderKind.ANY


@dataclass(frozen=True)
class TypeDefaults:
    holder_kind: str = A
    validity_rule: str = ValidityRule.AT_ISSUE
    validity_years: int | None = None
    legal_basis: str = ""


KNOWN_TYPES: dict[str, TypeDefaults] = {
    # 居民身份证法 第五条: 5/10/20 years or 长期 by the holder's age; see id_card_valid_until().
    "id_card": TypeDefaults(P, ValidityRule.AT_ISSUE, None, "《中华人民共和国居民身份证法》第五条"),
    "hukou_book": TypeDefaults(P, ValidityRule.LONG_TERM, None, "《中华人民共和国户口登记条例》"),
    "residence_permit": TypeDefaults(P),
    # 护照法 第五条: 十六周岁以上 10 years, under 16 five years (the issuer passes valid_until then).
    "passport": TypeDefaults(P, ValidityRule.YEARS, 10, "《中华人民共和国护照法》第五条"),
    # First issue is valid six years (机动车驾驶证申领和使用规定, 公安部令第162号).
    "driving_licence": TypeDefaults(P, ValidityRule.YEARS, 6, "《机动车驾驶证申领和使用规定》（公安部令第162号）"),
    "marriage_cert": TypeDefaults(P, ValidityRule.LONG_TERM, None, "《婚姻登记条例》"),
    "divorce_cert": TypeDefaults(P, ValidityRule.LONG_TERM, None, "《婚姻登记条例》"),
    "birth_medical_cert": TypeDefaults(P, ValidityRule.LONG_TERM),
    "vaccination_cert": TypeDefaults(P, ValidityRule.LONG_TERM),
    "social_security_card": TypeDefaults(P),
    "employment_cert": TypeDefaults(P),
    "retirement_approval": TypeDefaults(P, ValidityRule.LONG_TERM),
    "disability_cert": TypeDefaults(P),
    "teacher_cert": TypeDefaults(P),
    "veteran_card": TypeDefaults(P),
    "driver_qualification_cert": TypeDefaults(P),
    "ride_hailing_driver_cert": TypeDefaults(P),
    "business_licence": TypeDefaults(ORG, ValidityRule.AT_ISSUE, None, "《中华人民共和国市场主体登记管理条例》"),
    # 食品经营许可证有效期为5年 (食品经营许可和备案管理办法, 国家市场监督管理总局令第78号).
    "food_business_licence": TypeDefaults(ORG, ValidityRule.YEARS, 5, "《食品经营许可和备案管理办法》"),
    "public_health_licence": TypeDefaults(ORG),
    "hr_service_licence": TypeDefaults(ORG),
    "labour_dispatch_licence": TypeDefaults(ORG),
    "construction_permit": TypeDefaults(ORG),
    "road_transport_licence": TypeDefaults(ORG),
    "tobacco_retail_licence": TypeDefaults(A),
    "fire_safety_inspection": TypeDefaults(ORG),
    "entertainment_licence": TypeDefaults(ORG),
    "credit_report": TypeDefaults(ORG),
    "tax_clearance": TypeDefaults(A),
}


def defaults_for(code: str) -> TypeDefaults:
    return KNOWN_TYPES.get(code, TypeDefaults())


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February → 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def id_card_valid_until(*, birth: dt.date, issued_on: dt.date) -> dt.date | None:
    """有效期 of a 居民身份证 by the holder's age on issue (居民身份证法 第五条).

    未满十六周岁: 5 years; 16–25: 10 years; 26–45: 20 years; 46 and older: 长期 (``None``).
    """
    age = issued_on.year - birth.year - ((issued_on.month, issued_on.day) < (birth.month, birth.day))
    if age < 16:
        return add_years(issued_on, 5)
    if age <= 25:
        return add_years(issued_on, 10)
    if age <= 45:
        return add_years(issued_on, 20)
    return None
