"""Enterprise size class (大型/中型/小型/微型) per 统计上大中小微型企业划分办法(2017) (国统字〔2017〕213号).

大/中/小型 must reach the lower bound of *every* indicator listed for the industry, otherwise the
enterprise drops one class; 微型 is what is left. X = 从业人员 (人), Y = 营业收入 (万元), Z = 资产总额
(万元). Thresholds are in DOMAIN.md ("Enterprises"); money here is integer fen (1 万元 = 1,000,000 fen).

Two implementations that must agree (a test holds them to it): :func:`size_class` for one
enterprise and :func:`size_class_expr` as one Polars expression over a whole population.
"""

from __future__ import annotations

import polars as pl

WAN = 1_000_000  # fen per 万元

# (category, bounds for 大型, 中型, 小型) where each bound is a dict over "X", "Y", "Z".
_T = dict[str, int]
CATEGORIES: dict[str, tuple[_T, _T, _T]] = {
    "agriculture": ({"Y": 20000}, {"Y": 500}, {"Y": 50}),
    "industry": ({"X": 1000, "Y": 40000}, {"X": 300, "Y": 2000}, {"X": 20, "Y": 300}),
    "construction": ({"Y": 80000, "Z": 80000}, {"Y": 6000, "Z": 5000}, {"Y": 300, "Z": 300}),
    "wholesale": ({"X": 200, "Y": 40000}, {"X": 20, "Y": 5000}, {"X": 5, "Y": 1000}),
    "retail": ({"X": 300, "Y": 20000}, {"X": 50, "Y": 500}, {"X": 10, "Y": 100}),
    "transport": ({"X": 1000, "Y": 30000}, {"X": 300, "Y": 3000}, {"X": 20, "Y": 200}),
    "warehousing": ({"X": 200, "Y": 30000}, {"X": 100, "Y": 1000}, {"X": 20, "Y": 100}),
    "postal": ({"X": 1000, "Y": 30000}, {"X": 300, "Y": 2000}, {"X": 20, "Y": 100}),
    "hospitality": ({"X": 300, "Y": 10000}, {"X": 100, "Y": 2000}, {"X": 10, "Y": 100}),
    "telecom": ({"X": 2000, "Y": 100000}, {"X": 100, "Y": 1000}, {"X": 10, "Y": 100}),
    "software": ({"X": 300, "Y": 10000}, {"X": 100, "Y": 1000}, {"X": 10, "Y": 50}),
    "real_estate": ({"Y": 200000, "Z": 10000}, {"Y": 1000, "Z": 5000}, {"Y": 100, "Z": 2000}),
    "property_mgmt": ({"X": 1000, "Y": 5000}, {"X": 300, "Y": 1000}, {"X": 100, "Y": 500}),
    "leasing": ({"X": 300, "Z": 120000}, {"X": 100, "Z": 8000}, {"X": 10, "Z": 100}),
    "other": ({"X": 300}, {"X": 100}, {"X": 10}),
}
CLASSES = ("大型", "中型", "小型")


def category_of(code: str | None) -> str:
    """The size-table row for a GB/T 4754 class code (four digits)."""
    c = code or ""
    d = c[:2]
    if not d.isdigit():
        return "other"
    n = int(d)
    if 1 <= n <= 5:
        return "agriculture"
    if 6 <= n <= 46:
        return "industry"
    if 47 <= n <= 50:
        return "construction"
    if n == 51:
        return "wholesale"
    if n == 52:
        return "retail"
    if 54 <= n <= 58:  # 53 (rail) is not part of 交通运输业 in the table: it falls to "other"
        return "transport"
    if n == 59:
        return "warehousing"
    if n == 60:
        return "postal"
    if n in (61, 62):
        return "hospitality"
    if n in (63, 64):
        return "telecom"
    if n == 65:
        return "software"
    if c.startswith("7010"):
        return "real_estate"
    if c.startswith("702"):
        return "property_mgmt"
    if n in (71, 72):
        return "leasing"
    return "other"


def _scale(key: str, value: int) -> int:
    return value * WAN if key in ("Y", "Z") else value


def size_class(
    *, industry_code: str | None, employees: int | None, revenue: int | None, total_assets: int | None
) -> str:
    """The size class of one enterprise; missing indicators count as zero (so the class drops)."""
    values = {"X": employees or 0, "Y": revenue or 0, "Z": total_assets or 0}
    for name, bounds in zip(CLASSES, CATEGORIES[category_of(industry_code)], strict=True):
        if all(values[k] >= _scale(k, v) for k, v in bounds.items()):
            return name
    return "微型"


def _category_expr(code: pl.Expr) -> pl.Expr:
    d = code.str.slice(0, 2).cast(pl.Int32, strict=False)
    return (
        pl.when(d.is_between(1, 5))
        .then(pl.lit("agriculture"))
        .when(d.is_between(6, 46))
        .then(pl.lit("industry"))
        .when(d.is_between(47, 50))
        .then(pl.lit("construction"))
        .when(d == 51)
        .then(pl.lit("wholesale"))
        .when(d == 52)
        .then(pl.lit("retail"))
        .when(d.is_between(54, 58))
        .then(pl.lit("transport"))
        .when(d == 59)
        .then(pl.lit("warehousing"))
        .when(d == 60)
        .then(pl.lit("postal"))
        .when(d.is_in([61, 62]))
        .then(pl.lit("hospitality"))
        .when(d.is_in([63, 64]))
        .then(pl.lit("telecom"))
        .when(d == 65)
        .then(pl.lit("software"))
        .when(code.str.starts_with("7010"))
        .then(pl.lit("real_estate"))
        .when(code.str.starts_with("702"))
        .then(pl.lit("property_mgmt"))
        .when(d.is_in([71, 72]))
        .then(pl.lit("leasing"))
        .otherwise(pl.lit("other"))
    )


def size_class_expr(
    industry: str = "industry_code",
    employees: str = "employees",
    revenue: str = "revenue",
    assets: str = "total_assets",
) -> pl.Expr:
    """The same classification as one Polars expression (a String column)."""
    cols = {
        "X": pl.col(employees).fill_null(0),
        "Y": pl.col(revenue).fill_null(0),
        "Z": pl.col(assets).fill_null(0),
    }
    cat = _category_expr(pl.col(industry).fill_null(""))
    expr = pl.lit("微型")
    # Build from the smallest class up so the largest class that fits wins.
    for idx in (2, 1, 0):
        cond = None
        for name, tables in CATEGORIES.items():
            bounds = tables[idx]
            fits = pl.lit(True)
            for k, v in bounds.items():
                fits = fits & (cols[k] >= _scale(k, v))
            term = (cat == name) & fits
            cond = term if cond is None else (cond | term)
        expr = pl.when(cond).then(pl.lit(CLASSES[idx])).otherwise(expr)
    return expr
