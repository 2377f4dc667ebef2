"""A generated enterprise population with a plausible Sichuan distribution (vectorised, NumPy).

Used by the demo (a few thousand enterprises) and by ``bench/policy_match.py`` (a million). The
shares below are *assumptions for demonstration*, not statistics: 成都 holds about 40 % of the
province's enterprises, most enterprises are micro (the size class follows from the generated
staff, revenue and assets), and 批发零售, 租赁商务, 制造, 科技服务 and 软件 lead the industries.
Every generated 统一社会信用代码 is valid (GB 32100 and GB 11714 check characters).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import yaml

from zwfw.core.identifiers import USCC_CHARSET
from zwfw.policies.rules.attributes import ATTRIBUTES, CREDIT_GRADES, SRDI_LEVELS, TAG_BITS, TAX_CREDIT_GRADES, AttrType
from zwfw.policies.rules.compile import FRAME_SCHEMA, with_numeric_codes

_REGIONS_FILE = Path(__file__).resolve().parent.parent / "core" / "fixtures" / "regions.yaml"

# Relative weights of 成都's districts (central districts and 高新/天府 areas weigh more).
_CHENGDU_WEIGHTS = {
    "510104": 8, "510105": 7, "510106": 7, "510107": 10, "510108": 6, "510112": 4, "510113": 2,
    "510114": 4, "510115": 3, "510116": 8, "510117": 3, "510118": 2, "510121": 1, "510129": 1,
    "510131": 1, "510181": 1, "510182": 1, "510183": 1, "510184": 1, "510185": 2,
}  # fmt: skip

# GB/T 4754 classes per section with the section's share of enterprises.
_INDUSTRIES: list[tuple[str, float, list[str]]] = [
    ("F", 0.30, ["5110", "5123", "5137", "5171", "5211", "5221", "5231", "5261", "5292"]),
    ("L", 0.12, ["7211", "7221", "7241", "7251", "7281", "7299"]),
    ("C", 0.10, ["1340", "1511", "2614", "2710", "3311", "3562", "3670", "3824", "3911", "3971", "4011"]),
    ("M", 0.08, ["7320", "7340", "7484", "7491", "7517", "7520"]),
    ("I", 0.07, ["6311", "6420", "6511", "6513", "6520", "6531", "6550"]),
    ("E", 0.06, ["4710", "4811", "4851", "4910", "5010"]),
    ("H", 0.05, ["6110", "6210", "6220", "6241"]),
    ("A", 0.04, ["0111", "0141", "0311", "0411"]),
    ("O", 0.04, ["8010", "8020", "8111", "8290"]),
    ("G", 0.04, ["5430", "5442", "5810", "5920", "6020"]),
    ("R", 0.03, ["8610", "8710", "8810", "8910", "9011"]),
    ("K", 0.03, ["7010", "7020", "7090"]),
    ("N", 0.01, ["7723", "7820", "7850"]),
    ("Q", 0.01, ["8411", "8421"]),
    ("P", 0.01, ["8391", "8392", "8399"]),
    ("D", 0.01, ["4411", "4415", "4610"]),
]

_MONEY = {a.name for a in ATTRIBUTES.values() if a.type == AttrType.MONEY}
_IMPORTED_TAGS = ("科技型中小企业", "瞪羚企业", "上市企业")


def _regions() -> tuple[np.ndarray, np.ndarray]:
    rows = yaml.safe_load(_REGIONS_FILE.read_text(encoding="utf-8"))
    codes, weights = [], []
    for r in rows:
        code, level, parent = str(r["code"]), r["level"], str(r.get("parent") or "")
        if code in _CHENGDU_WEIGHTS:
            codes.append(code)
            weights.append(_CHENGDU_WEIGHTS[code] * 40 / sum(_CHENGDU_WEIGHTS.values()))
        elif level == 4 and parent == "510700":
            codes.append(code)
            weights.append(6 / 9)
        elif level == 3 and code not in ("510100", "510700"):
            codes.append(code)
            weights.append(54 / 19)
    w = np.array(weights, dtype=float)
    return np.array(codes), w / w.sum()


def _uscc(rng: np.random.Generator, regions: np.ndarray) -> np.ndarray:
    """Valid 统一社会信用代码 ``91<region><org code><check>``, vectorised over all rows.

    The organisation code's alphabet is the USCC charset, so indices into ``USCC_CHARSET`` serve
    both check computations (GB 11714 on characters 9–16, GB 32100 on 1–17)."""
    n = len(regions)
    charset = np.frombuffer(USCC_CHARSET.encode(), dtype=np.uint8)
    gb11714 = np.array([int(c) if c.isdigit() else ord(c) - 55 for c in USCC_CHARSET])
    idx = np.zeros((n, 18), dtype=np.int64)
    idx[:, 0], idx[:, 1] = 9, 1
    uniq, inverse = np.unique(regions, return_inverse=True)
    region_idx = np.array([[USCC_CHARSET.index(c) for c in code] for code in uniq])
    idx[:, 2:8] = region_idx[inverse]
    org = rng.integers(0, len(USCC_CHARSET), size=(n, 8))
    org[:, 0] = rng.integers(0, 10, size=n)
    idx[:, 8:16] = org
    r = 11 - (gb11714[org] * np.array([3, 7, 9, 10, 5, 8, 4, 2])).sum(axis=1) % 11
    idx[:, 16] = np.where(r == 10, USCC_CHARSET.index("X"), np.where(r == 11, 0, r))
    weights = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
    idx[:, 17] = (31 - (idx[:, :17] * weights).sum(axis=1) % 31) % 31
    return charset[idx].view("S18").ravel().astype(str)


def population_frame(n: int, *, seed: int = 2026, as_of: dt.date | None = None, with_uscc: bool = True) -> pl.DataFrame:
    """``n`` enterprises as a population frame (:data:`FRAME_SCHEMA`), before derived tags."""
    as_of = as_of or dt.date(2026, 6, 30)
    rng = np.random.default_rng(seed)
    codes, weights = _regions()
    region = codes[rng.choice(len(codes), size=n, p=weights)]
    shares = np.array([s for _, s, _ in _INDUSTRIES])
    section_idx = rng.choice(len(_INDUSTRIES), size=n, p=shares / shares.sum())
    industry = np.empty(n, dtype=object)
    for i, (_, _, classes) in enumerate(_INDUSTRIES):
        mask = section_idx == i
        industry[mask] = np.array(classes)[rng.integers(0, len(classes), size=int(mask.sum()))]
    # Heavy-tailed staff (most enterprises have a handful of people) and revenue tied to staff.
    employees = np.clip(np.round(rng.lognormal(1.6, 1.25, size=n)), 0, 20000).astype(np.int64)
    per_head_wan = rng.lognormal(3.2, 0.9, size=n)  # 万元 of revenue per person
    revenue = np.round(np.maximum(employees, 1) * per_head_wan * 1_000_000).astype(np.int64)
    total_assets = np.round(revenue * rng.lognormal(-0.2, 0.7, size=n)).astype(np.int64)
    age_days = np.clip(rng.exponential(2600, size=n), 10, 15000).astype(np.int64)
    established = np.datetime64(as_of) - age_days.astype("timedelta64[D]")
    is_tech = np.isin(section_idx, [i for i, (s, _, _) in enumerate(_INDUSTRIES) if s in "CIM"])
    rd_share = np.where(is_tech, rng.uniform(0, 0.08, size=n), rng.uniform(0, 0.01, size=n))
    rd_expense = np.where(rng.random(n) < np.where(is_tech, 0.6, 0.1), np.round(revenue * rd_share), 0).astype(np.int64)
    patents = np.where(rd_expense > 0, rng.poisson(1.5, size=n), 0).astype(np.int64)
    hnte = (rd_expense > 2_000_000) & (patents >= 1) & (rng.random(n) < 0.35)
    hnte_until = np.where(
        hnte, np.datetime64(as_of) + rng.integers(-200, 1000, size=n).astype("timedelta64[D]"), np.datetime64("NaT")
    )
    srdi = np.where(
        (rd_expense > 1_000_000) & (rng.random(n) < 0.25),
        rng.choice(len(SRDI_LEVELS), size=n, p=[0.0, 0.6, 0.32, 0.08]),
        0,
    )
    credit = rng.choice(len(CREDIT_GRADES), size=n, p=[0.35, 0.55, 0.08, 0.02])
    tax_credit = rng.choice(len(TAX_CREDIT_GRADES), size=n, p=[0.2, 0.45, 0.25, 0.07, 0.03])
    small_scale = revenue < 500 * 1_000_000
    taxable = np.round(revenue * rng.uniform(-0.02, 0.12, size=n)).astype(np.int64)
    exporter = rng.random(n) < np.where(np.isin(section_idx, [0, 2]), 0.12, 0.02)
    export_value = np.where(exporter, np.round(revenue * rng.uniform(0.05, 0.6, size=n)), 0).astype(np.int64)
    insured = np.round(employees * rng.uniform(0.6, 1.0, size=n)).astype(np.int64)
    hires = rng.binomial(np.maximum(employees // 4, 0), 0.5).astype(np.int64)
    graduates = rng.binomial(hires, 0.2).astype(np.int64)
    key_groups = rng.binomial(hires, 0.05).astype(np.int64)
    veterans = rng.binomial(hires, 0.03).astype(np.int64)
    ui_paid = np.round(insured * rng.uniform(800, 1500, size=n) * 100).astype(np.int64)
    tag_bits = np.zeros(n, dtype=np.int64)
    for tag, p in zip(_IMPORTED_TAGS, (0.04, 0.005, 0.001), strict=True):
        tag_bits |= np.where(rng.random(n) < np.where(is_tech, p * 3, p), TAG_BITS[tag], 0)
    data = {
        "uscc": _uscc(rng, region) if with_uscc else np.char.add("E", np.arange(n).astype(str)),
        "tag_bits": tag_bits,
        "region_code": region,
        "industry_code": industry.astype(str),
        "established_on": established,
        "registered_capital": np.round(revenue * rng.uniform(0.1, 1.0, size=n)).astype(np.int64),
        "in_abnormal_list": rng.random(n) < 0.03,
        "employees": employees,
        "insured_employees": insured,
        "new_hires": hires,
        "graduate_hires": graduates,
        "key_group_hires": key_groups,
        "veteran_hires": veterans,
        "unemployment_insurance_paid": ui_paid,
        "layoff_rate_ok": rng.random(n) < 0.95,
        "revenue": revenue,
        "total_assets": total_assets,
        "tax_paid": np.round(revenue * rng.uniform(0.0, 0.06, size=n)).astype(np.int64),
        "taxable_income": taxable,
        "vat_small_scale": small_scale,
        "rd_expense": rd_expense,
        "tax_credit_grade": np.array(TAX_CREDIT_GRADES)[tax_credit],
        "export_value": export_value,
        "invention_patents": patents,
        "hnte_valid_until": hnte_until,
        "srdi_level": np.array(SRDI_LEVELS)[srdi],
        "credit_grade": np.array(CREDIT_GRADES)[credit],
        "above_scale": (revenue >= 2000 * 1_000_000) & np.isin(section_idx, [2, 15]),
    }
    # Reported figures are whole yuan (统计/税务 report in 元): round every amount to 100 fen.
    for name, values in data.items():
        if name in _MONEY:
            data[name] = values // 100 * 100
    frame = with_numeric_codes(pl.DataFrame(data).lazy()).collect()
    missing = {k: pl.lit(None, dtype=v) for k, v in FRAME_SCHEMA.items() if k not in frame.columns}
    return frame.with_columns(**missing).select([pl.col(k).cast(v) for k, v in FRAME_SCHEMA.items()])
