"""The enterprise attributes a rule may name, their types and their evidence sources (数据来源).

This registry is the type checker's vocabulary: a rule naming an attribute that is not here, or
comparing one with a value of another type, is refused at parse time. Each attribute comes from
one data source; a condition on an attribute whose source is :attr:`Source.DECLARATION` can only
be confirmed by the enterprise itself (企业承诺/自主申报), so the enterprise is then
"eligible if it declares" rather than eligible.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Source(StrEnum):
    """Evidence sources (数据来源) of profile attributes."""

    MARKET = "市场监管"
    TAX = "税务"
    HRSS = "人社"
    SCIENCE = "科技"
    INDUSTRY = "经信"
    COMMERCE = "商务"
    IP = "知识产权"
    CREDIT = "信用"
    STATS = "统计"
    VETERANS = "退役军人"
    DECLARATION = "申报"
    DERIVED = "派生"


class AttrType(StrEnum):
    INT = "int"  # counts (从业人员, 专利数)
    MONEY = "money"  # integer fen; literals carry a unit: "500万元"
    BOOL = "bool"
    DATE = "date"
    ENUM = "enum"  # one of a closed list of strings
    REGION = "region"  # GB/T 2260 six-digit code
    INDUSTRY = "industry"  # GB/T 4754-2017 four-digit class code
    TAGS = "tags"  # a set of tag names from TAGS


@dataclass(frozen=True)
class Attribute:
    name: str
    type: AttrType
    source: Source
    label: str
    choices: tuple[str, ...] = ()


SIZE_CLASSES = ("大型", "中型", "小型", "微型")
CREDIT_GRADES = ("A", "B", "C", "D")
TAX_CREDIT_GRADES = ("A", "B", "M", "C", "D")
SRDI_LEVELS = ("无", "创新型中小企业", "省级专精特新", "国家级小巨人")

_ATTRS = (
    Attribute("region_code", AttrType.REGION, Source.MARKET, "注册地行政区划"),
    Attribute("industry_code", AttrType.INDUSTRY, Source.MARKET, "国民经济行业（GB/T 4754）"),
    Attribute("established_on", AttrType.DATE, Source.MARKET, "成立日期"),
    Attribute("registered_capital", AttrType.MONEY, Source.MARKET, "注册资本"),
    Attribute("in_abnormal_list", AttrType.BOOL, Source.MARKET, "列入经营异常名录"),
    Attribute("employees", AttrType.INT, Source.HRSS, "从业人员（人）"),
    Attribute("insured_employees", AttrType.INT, Source.HRSS, "参保职工（人）"),
    Attribute("new_hires", AttrType.INT, Source.HRSS, "当年新招用参保人员（人）"),
    Attribute("graduate_hires", AttrType.INT, Source.HRSS, "当年招用毕业年度高校毕业生并参保（人）"),
    Attribute("key_group_hires", AttrType.INT, Source.HRSS, "招用脱贫人口、登记失业半年以上人员（人）"),
    Attribute("veteran_hires", AttrType.INT, Source.VETERANS, "招用自主就业退役士兵（人）"),
    Attribute("unemployment_insurance_paid", AttrType.MONEY, Source.HRSS, "上年度实际缴纳失业保险费"),
    Attribute("layoff_rate_ok", AttrType.BOOL, Source.HRSS, "裁员率不高于城镇调查失业率控制目标"),
    Attribute("revenue", AttrType.MONEY, Source.TAX, "上年度营业收入"),
    Attribute("total_assets", AttrType.MONEY, Source.TAX, "资产总额"),
    Attribute("tax_paid", AttrType.MONEY, Source.TAX, "上年度纳税额"),
    Attribute("taxable_income", AttrType.MONEY, Source.TAX, "上年度应纳税所得额"),
    Attribute("vat_small_scale", AttrType.BOOL, Source.TAX, "增值税小规模纳税人"),
    Attribute("rd_expense", AttrType.MONEY, Source.TAX, "上年度研发费用（加计扣除口径）"),
    Attribute("tax_credit_grade", AttrType.ENUM, Source.TAX, "纳税信用等级", TAX_CREDIT_GRADES),
    Attribute("export_value", AttrType.MONEY, Source.COMMERCE, "上年度进出口额"),
    Attribute("invention_patents", AttrType.INT, Source.IP, "有效发明专利（件）"),
    Attribute("hnte_valid_until", AttrType.DATE, Source.SCIENCE, "高新技术企业证书有效期至"),
    Attribute("srdi_level", AttrType.ENUM, Source.INDUSTRY, "专精特新认定层级", SRDI_LEVELS),
    # Credit grades will come from the supervision app's selectors (信用分级分类); until then an
    # import from the 信用 source (see docs/policies.md, "Credit").
    Attribute("credit_grade", AttrType.ENUM, Source.CREDIT, "公共信用综合评价等级", CREDIT_GRADES),
    Attribute("above_scale", AttrType.BOOL, Source.STATS, "规模以上企业（统计联网直报）"),
    Attribute("no_major_accident", AttrType.BOOL, Source.DECLARATION, "近三年未发生重大安全、环保事故（承诺）"),
    Attribute(
        "hiring_ratio_met", AttrType.BOOL, Source.DECLARATION, "新招用人员达到在职职工15%（超过100人的达到8%）（承诺）"
    ),
    Attribute("first_application", AttrType.BOOL, Source.DECLARATION, "同一事项未享受其他同类财政资金（承诺）"),
    Attribute("size_class", AttrType.ENUM, Source.DERIVED, "企业规模（统计上大中小微型企业划分办法）", SIZE_CLASSES),
    Attribute("tags", AttrType.TAGS, Source.DERIVED, "企业标签"),
)

ATTRIBUTES: dict[str, Attribute] = {a.name: a for a in _ATTRS}

# Tags (企业画像标签). Each has the source that establishes it; derived tags are computed from
# other attributes by the tag rules in ``rules/tags.yaml``; the rest are imported lists.
TAGS: dict[str, Source] = {
    "高新技术企业": Source.SCIENCE,
    "科技型中小企业": Source.SCIENCE,
    "专精特新中小企业": Source.INDUSTRY,
    "专精特新小巨人": Source.INDUSTRY,
    "创新型中小企业": Source.INDUSTRY,
    "规上工业企业": Source.STATS,
    "外贸企业": Source.COMMERCE,
    "小微企业": Source.DERIVED,
    "中小企业": Source.DERIVED,
    "初创企业": Source.DERIVED,
    "制造业": Source.DERIVED,
    "软件和信息技术服务业": Source.DERIVED,
    "文化旅游企业": Source.DERIVED,
    "农业经营主体": Source.DERIVED,
    "守信企业": Source.DERIVED,
    "瞪羚企业": Source.SCIENCE,
    "上市企业": Source.MARKET,
}
TAG_BITS: dict[str, int] = {name: 1 << i for i, name in enumerate(TAGS)}
