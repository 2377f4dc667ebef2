"""Size classes per 国统字〔2017〕213号: the scalar and the vectorised versions agree."""

from __future__ import annotations

import polars as pl
import pytest

from zwfw.policies.rules.size import WAN, size_class, size_class_expr


@pytest.mark.parametrize(
    ("industry", "x", "y", "z", "expected"),
    [
        ("3911", 1000, 40000, 0, "大型"),  # 工业: X≥1000 and Y≥40000
        ("3911", 999, 90000, 0, "中型"),  # one indicator short: drops one class
        ("3911", 300, 1999, 0, "小型"),
        ("3911", 19, 5000, 0, "微型"),
        ("0111", 0, 500, 0, "中型"),  # 农林牧渔: Y only
        ("4710", 0, 6000, 4999, "小型"),  # 建筑业: Y and Z
        ("5110", 5, 1000, 0, "小型"),  # 批发业
        ("5211", 49, 20000, 0, "小型"),  # 零售业
        ("6511", 100, 1000, 0, "中型"),  # 软件业
        ("7010", 0, 1000, 5000, "中型"),  # 房地产开发经营
        ("7020", 300, 1000, 0, "中型"),  # 物业管理
        ("7211", 100, 0, 8000, "中型"),  # 租赁和商务服务业: X and Z
        ("7310", 300, 0, 0, "大型"),  # 其他未列明: X only
        (None, 5, 0, 0, "微型"),
    ],
)
def test_size_class(industry, x, y, z, expected):
    kwargs = {"industry_code": industry, "employees": x, "revenue": y * WAN, "total_assets": z * WAN}
    assert size_class(**kwargs) == expected
    frame = pl.DataFrame(
        {"industry_code": [industry], "employees": [x], "revenue": [y * WAN], "total_assets": [z * WAN]},
        schema={"industry_code": pl.String, "employees": pl.Int64, "revenue": pl.Int64, "total_assets": pl.Int64},
    )
    assert frame.select(size_class_expr()).item() == expected
