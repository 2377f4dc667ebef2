"""Derived tags and size class: per-enterprise and whole-population versions agree."""

from __future__ import annotations

import datetime as dt

from zwfw.policies.population import population_frame
from zwfw.policies.rules.evaluate import tags_from_bits
from zwfw.policies.rules.tags import derive_frame, with_derived

AS_OF = dt.date(2026, 7, 1)


def test_derived_tags_agree_with_per_enterprise_derivation():
    base = population_frame(300, seed=11, as_of=AS_OF)
    derived = derive_frame(base, as_of=AS_OF).collect()
    for raw, row in zip(base.iter_rows(named=True), derived.iter_rows(named=True), strict=True):
        profile = {k: v for k, v in raw.items() if v is not None and k != "tag_bits"}
        profile["tags"] = tags_from_bits(raw["tag_bits"])
        expected = with_derived(profile, as_of=AS_OF)
        assert row["size_class"] == expected["size_class"]
        assert tags_from_bits(row["tag_bits"]) == expected["tags"]


def test_examples():
    p = with_derived(
        {"industry_code": "3911", "employees": 50, "revenue": 5_000_000_000, "established_on": dt.date(2025, 1, 1),
         "hnte_valid_until": dt.date(2027, 1, 1), "srdi_level": "国家级小巨人", "credit_grade": "A"},
        as_of=AS_OF,
    )  # fmt: skip
    assert p["size_class"] == "小型"
    assert {"小微企业", "中小企业", "初创企业", "制造业", "高新技术企业", "专精特新小巨人", "守信企业"} <= p["tags"]
    assert "软件和信息技术服务业" not in p["tags"]
