"""The eligibility rule language: parsed with pydantic, type-checked against the attribute registry.

A rule is data (YAML or JSON), never code: nothing in it is ``eval``-ed. Grammar (see
docs/policies.md for the reference with examples)::

    node      := {all: [node, …]} | {any: [node, …]} | {not: node} | condition
    condition := {attr: <attribute>, op: <operator>, value: <literal>, source?: <来源>, label?: <text>}
    amount    := {fixed: <money>} | {percent: <n>, of: <money attribute>}
               | {each: <money>, per: <int attribute>} | {cases: [{when: node, amount: amount}], otherwise?: amount}
               each with optional cap: <money> and floor: <money>

Parsing gives a :class:`Rule` whose conditions carry *typed* values (money in integer fen,
dates as ``datetime.date``, percentages as exact fractions) so that the Polars compiler
(:mod:`.compile`) and the per-enterprise evaluator (:mod:`.evaluate`) read the same values.
Every error is a :class:`RuleError` that names the rule and the field (``conditions.all.2.value``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError

from zwfw.policies.rules.attributes import ATTRIBUTES, TAGS, Attribute, AttrType, Source
from zwfw.policies.rules.industry import industry_code_problem

MAX_CONDITIONS = 32  # per rule: the batch packs each condition's outcome into 2 bits of a UInt64


class RuleErrorKind(StrEnum):
    SYNTAX = "syntax"  # not YAML/JSON
    STRUCTURE = "structure"  # a missing or unexpected key, a wrong shape
    UNKNOWN_ATTRIBUTE = "unknown_attribute"
    UNKNOWN_OPERATOR = "unknown_operator"
    TYPE_MISMATCH = "type_mismatch"  # operator or literal of the wrong type for the attribute
    BAD_VALUE = "bad_value"  # right type, impossible value (unknown region, choice, tag, code)
    BAD_SOURCE = "bad_source"
    TOO_MANY = "too_many_conditions"


class RuleError(ValueError):
    """A rule that cannot be accepted: names the rule, the field and the reason (in Chinese)."""

    def __init__(self, *, rule: str, field: str, kind: RuleErrorKind, reason: str) -> None:
        self.rule = rule
        self.field = field
        self.kind = kind
        self.reason = reason
        super().__init__(f"规则“{rule}”的字段 {field}：{reason}")

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "field": self.field, "kind": self.kind.value, "reason": self.reason}


# ---------------------------------------------------------------------------------------------
# Structure (pydantic)

_STRICT = ConfigDict(extra="forbid", populate_by_name=True)


class CondIn(BaseModel):
    model_config = _STRICT
    attr: str
    op: str
    value: Any = None
    source: str | None = None
    label: str = ""


class AllIn(BaseModel):
    model_config = _STRICT
    all: list[NodeIn] = Field(min_length=1)


class AnyIn(BaseModel):
    model_config = _STRICT
    any: list[NodeIn] = Field(min_length=1)


class NotIn(BaseModel):
    model_config = _STRICT
    not_: NodeIn = Field(alias="not")


def _node_kind(v: Any) -> str | None:
    if isinstance(v, dict):
        for k in ("all", "any", "not"):
            if k in v:
                return k
        return "cond"
    if isinstance(v, BaseModel):
        return {AllIn: "all", AnyIn: "any", NotIn: "not", CondIn: "cond"}.get(type(v))
    return None


NodeIn = Annotated[
    (
        Annotated[AllIn, Tag("all")]
        | Annotated[AnyIn, Tag("any")]
        | Annotated[NotIn, Tag("not")]
        | Annotated[CondIn, Tag("cond")]
    ),
    Discriminator(_node_kind),
]


class FixedIn(BaseModel):
    model_config = _STRICT
    fixed: Any
    cap: Any = None
    floor: Any = None


class PercentIn(BaseModel):
    model_config = _STRICT
    percent: Any
    of: str
    cap: Any = None
    floor: Any = None


class EachIn(BaseModel):
    model_config = _STRICT
    each: Any
    per: str
    cap: Any = None
    floor: Any = None


class CaseIn(BaseModel):
    model_config = _STRICT
    when: NodeIn
    amount: AmountIn


class CasesIn(BaseModel):
    model_config = _STRICT
    cases: list[CaseIn] = Field(min_length=1)
    otherwise: AmountIn | None = None
    cap: Any = None
    floor: Any = None


def _amount_kind(v: Any) -> str | None:
    if isinstance(v, dict):
        for k in ("fixed", "percent", "each", "cases"):
            if k in v:
                return k
        return None
    return {FixedIn: "fixed", PercentIn: "percent", EachIn: "each", CasesIn: "cases"}.get(type(v))


AmountIn = Annotated[
    (
        Annotated[FixedIn, Tag("fixed")]
        | Annotated[PercentIn, Tag("percent")]
        | Annotated[EachIn, Tag("each")]
        | Annotated[CasesIn, Tag("cases")]
    ),
    Discriminator(_amount_kind),
]


class RuleCaseIn(BaseModel):
    """One YAML test case shipped with a rule: an enterprise, a date, the expected outcome."""

    model_config = _STRICT
    name: str
    as_of: dt.date | None = None
    enterprise: dict[str, Any]
    expect: Literal["eligible", "eligible_if_declared", "not_eligible"]
    amount: Any = None


class RuleIn(BaseModel):
    model_config = _STRICT
    key: str = Field(min_length=1, max_length=64)
    title: str = ""
    reference: str = ""  # 文号 and article: "成办发〔2023〕12号 第三条"
    conditions: NodeIn
    amount: AmountIn | None = None
    tests: list[RuleCaseIn] = []


for _m in (AllIn, AnyIn, NotIn, CaseIn, CasesIn, RuleIn):
    _m.model_rebuild()


# ---------------------------------------------------------------------------------------------
# Typed tree


class Op(StrEnum):
    EQ = "eq"
    NE = "ne"
    LT = "lt"
    LE = "le"
    GT = "gt"
    GE = "ge"
    BETWEEN = "between"
    IN = "in"
    NOT_IN = "not_in"
    WITHIN = "within"  # region within a GB/T 2260 code
    INDUSTRY_WITHIN = "industry_within"  # GB/T 4754 code within a section/division/group/class
    HAS = "has"  # tag
    HAS_ANY = "has_any"
    HAS_ALL = "has_all"
    LACKS = "lacks"
    AGE_AT_LEAST = "age_at_least"  # 成立满 N 年: date attribute at least a duration before as_of
    AGE_UNDER = "age_under"
    NOT_EXPIRED = "not_expired"  # a validity date on or after as_of


OPS_BY_TYPE: dict[AttrType, set[Op]] = {
    AttrType.INT: {Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE, Op.BETWEEN, Op.IN, Op.NOT_IN},
    AttrType.MONEY: {Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE, Op.BETWEEN},
    AttrType.BOOL: {Op.EQ, Op.NE},
    AttrType.DATE: {
        Op.EQ,
        Op.NE,
        Op.LT,
        Op.LE,
        Op.GT,
        Op.GE,
        Op.BETWEEN,
        Op.AGE_AT_LEAST,
        Op.AGE_UNDER,
        Op.NOT_EXPIRED,
    },
    AttrType.ENUM: {Op.EQ, Op.NE, Op.IN, Op.NOT_IN},
    AttrType.REGION: {Op.WITHIN, Op.EQ, Op.IN},
    AttrType.INDUSTRY: {Op.INDUSTRY_WITHIN},
    AttrType.TAGS: {Op.HAS, Op.HAS_ANY, Op.HAS_ALL, Op.LACKS},
}


@dataclass(frozen=True)
class Duration:
    years: int = 0
    months: int = 0
    days: int = 0

    def before(self, day: dt.date) -> dt.date:
        """``day`` minus this duration (the 29th of February falls back to the 28th)."""
        months = day.year * 12 + (day.month - 1) - (self.years * 12 + self.months)
        y, m = divmod(months, 12)
        m += 1
        d = day.day
        while True:
            try:
                shifted = dt.date(y, m, d)
                break
            except ValueError:
                d -= 1
        return shifted - dt.timedelta(days=self.days)

    def __str__(self) -> str:
        parts = []
        if self.years:
            parts.append(f"{self.years}年")
        if self.months:
            parts.append(f"{self.months}个月")
        if self.days:
            parts.append(f"{self.days}天")
        return "".join(parts) or "0天"


@dataclass(frozen=True)
class Cond:
    id: str  # "c0", "c1", … in depth-first order; also the bit position in the batch output
    path: str  # field path in the rule document
    attr: Attribute
    op: Op
    value: Any  # typed: int fen / int / bool / date / str / tuple / Duration / None
    source: Source
    label: str

    @property
    def needs_declaration(self) -> bool:
        return self.source == Source.DECLARATION


@dataclass(frozen=True)
class All:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Cond | All | AnyOf | Not


@dataclass(frozen=True)
class Amount:
    kind: Literal["fixed", "percent", "each", "cases"]
    fixed: int | None = None  # fen
    rate: Fraction | None = None  # percent / 100
    each: int | None = None  # fen per unit
    attr: str | None = None  # "of" / "per"
    cases: tuple[tuple[Node, Amount], ...] = ()
    otherwise: Amount | None = None
    cap: int | None = None
    floor: int | None = None


@dataclass(frozen=True)
class Rule:
    key: str
    title: str
    reference: str
    conditions: Node
    amount: Amount | None
    condition_list: tuple[Cond, ...] = field(default=())
    tests: tuple[RuleCaseIn, ...] = ()

    @property
    def fully_data_backed(self) -> bool:
        """True when no condition needs the enterprise's declaration (a 免申即享 candidate)."""
        return not any(c.needs_declaration for c in self.condition_list)

    @property
    def attributes(self) -> set[str]:
        names = {c.attr.name for c in self.condition_list}
        names |= _amount_attrs(self.amount)
        return names


def _amount_attrs(amount: Amount | None) -> set[str]:
    if amount is None:
        return set()
    out = {amount.attr} if amount.attr else set()
    for cond_node, sub in amount.cases:
        out |= {c.attr.name for c in _walk(cond_node)} | _amount_attrs(sub)
    out |= _amount_attrs(amount.otherwise)
    return out


def _walk(node: Node):
    if isinstance(node, Cond):
        yield node
    elif isinstance(node, (All, AnyOf)):
        for c in node.children:
            yield from _walk(c)
    else:
        yield from _walk(node.child)


# ---------------------------------------------------------------------------------------------
# Literals

_MONEY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(元|万元|亿元)\s*$")
_UNITS = {"元": 100, "万元": 1_000_000, "亿元": 10_000_000_000}


def parse_money(text: Any) -> int:
    """``"100万元"`` → 100,000,000 fen. Only strings with a unit: a bare number is ambiguous."""
    if not isinstance(text, str):
        raise ValueError(f"金额须写成带单位的文字（如“100万元”“5000元”），不能是 {text!r}")
    m = _MONEY.match(text)
    if not m:
        raise ValueError(f"金额“{text}”格式有误（应为数字加“元”“万元”或“亿元”）")
    fen = Decimal(m.group(1)) * _UNITS[m.group(2)]
    if fen != fen.to_integral_value():
        raise ValueError(f"金额“{text}”精确不到分")
    return int(fen)


def format_money(fen: int | None) -> str:
    if fen is None:
        return "—"
    yuan = Decimal(fen) / 100
    if abs(yuan) >= 10000:
        return f"{(yuan / 10000).normalize():f}万元"
    return f"{yuan.quantize(Decimal('0.01')) if fen % 100 else yuan.quantize(Decimal(1))}元"


def _decimal(value: Any) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, str, float, Decimal)):
        raise ValueError(f"应为数字，不能是 {value!r}")
    try:
        return Fraction(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        raise ValueError(f"“{value}”不是数字") from None


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"应为整数，不能是 {value!r}")
    return value


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"应为日期（YYYY-MM-DD），不能是 {value!r}")


def _region(value: Any, known_regions: set[str] | None) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"\d{6}", value):
        raise ValueError(f"应为6位行政区划代码（GB/T 2260），不能是 {value!r}")
    if known_regions is not None and value not in known_regions:
        raise LookupError(f"行政区划代码 {value} 不存在")
    return value


def region_prefix(code: str) -> str:
    """The prefix every code within ``code`` shares: 510000 → "51", 510100 → "5101"."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def _duration(value: Any) -> Duration:
    if not isinstance(value, dict) or not value or set(value) - {"years", "months", "days"}:
        raise ValueError(f"时长应写成 {{years: 3}}、{{months: 6}} 或 {{days: 30}}，不能是 {value!r}")
    parts = {k: _int(v) for k, v in value.items()}
    if any(v < 0 for v in parts.values()):
        raise ValueError("时长不能为负")
    return Duration(**parts)


def _scalar(attr: Attribute, value: Any, known_regions: set[str] | None) -> Any:
    t = attr.type
    if t == AttrType.INT:
        return _int(value)
    if t == AttrType.MONEY:
        return parse_money(value)
    if t == AttrType.BOOL:
        if not isinstance(value, bool):
            raise ValueError(f"应为 true 或 false，不能是 {value!r}")
        return value
    if t == AttrType.DATE:
        return _date(value)
    if t == AttrType.ENUM:
        if not isinstance(value, str):
            raise ValueError(f"应为文字，不能是 {value!r}")
        if value not in attr.choices:
            raise LookupError(f"“{value}”不是可选值（{'、'.join(attr.choices)}）")
        return value
    if t == AttrType.REGION:
        return _region(value, known_regions)
    raise ValueError(f"类型 {t.value} 不能作比较")


# ---------------------------------------------------------------------------------------------
# Type checker


class _Checker:
    def __init__(self, rule_key: str, known_regions: set[str] | None) -> None:
        self.rule = rule_key
        self.known_regions = known_regions
        self.conds: list[Cond] = []

    def fail(self, path: str, kind: RuleErrorKind, reason: str) -> RuleError:
        return RuleError(rule=self.rule, field=path, kind=kind, reason=reason)

    def node(self, n: Any, path: str, *, collect: bool = True) -> Node:
        if isinstance(n, AllIn):
            return All(tuple(self.node(c, f"{path}.all.{i}", collect=collect) for i, c in enumerate(n.all)))
        if isinstance(n, AnyIn):
            return AnyOf(tuple(self.node(c, f"{path}.any.{i}", collect=collect) for i, c in enumerate(n.any)))
        if isinstance(n, NotIn):
            return Not(self.node(n.not_, f"{path}.not", collect=collect))
        return self.cond(n, path, collect=collect)

    def cond(self, c: CondIn, path: str, *, collect: bool) -> Cond:
        attr = ATTRIBUTES.get(c.attr)
        if attr is None:
            raise self.fail(f"{path}.attr", RuleErrorKind.UNKNOWN_ATTRIBUTE, f"未知的企业属性“{c.attr}”")
        try:
            op = Op(c.op)
        except ValueError:
            raise self.fail(f"{path}.op", RuleErrorKind.UNKNOWN_OPERATOR, f"未知的运算“{c.op}”") from None
        if op not in OPS_BY_TYPE[attr.type]:
            raise self.fail(
                f"{path}.op",
                RuleErrorKind.TYPE_MISMATCH,
                f"属性“{attr.name}”（{attr.label}，类型 {attr.type.value}）不能使用运算“{op.value}”",
            )
        vpath = f"{path}.value"
        try:
            value = self.value(attr, op, c.value)
        except LookupError as exc:
            raise self.fail(vpath, RuleErrorKind.BAD_VALUE, f"属性“{attr.name}”：{exc.args[0]}") from None
        except ValueError as exc:
            raise self.fail(
                vpath, RuleErrorKind.TYPE_MISMATCH, f"属性“{attr.name}”（{attr.type.value}）{exc}"
            ) from None
        source = attr.source
        if c.source is not None:
            try:
                source = Source(c.source)
            except ValueError:
                raise self.fail(f"{path}.source", RuleErrorKind.BAD_SOURCE, f"未知的数据来源“{c.source}”") from None
            # A condition may always fall back to the enterprise's declaration, never claim a
            # data source the attribute does not come from.
            if source not in (attr.source, Source.DECLARATION):
                raise self.fail(
                    f"{path}.source",
                    RuleErrorKind.BAD_SOURCE,
                    f"属性“{attr.name}”的数据来源是{attr.source.value}，不能声明为{source.value}",
                )
        if attr.type == AttrType.TAGS and source != Source.DECLARATION:
            tags = value if isinstance(value, tuple) else (value,)
            source = TAGS[tags[0]] if len({TAGS[t] for t in tags}) == 1 else Source.DERIVED
        cond = Cond(
            id=f"c{len(self.conds)}" if collect else "",
            path=path,
            attr=attr,
            op=op,
            value=value,
            source=source,
            label=c.label or _default_label(attr, op, value),
        )
        if collect:
            self.conds.append(cond)
            if len(self.conds) > MAX_CONDITIONS:
                raise self.fail(path, RuleErrorKind.TOO_MANY, f"一条规则最多 {MAX_CONDITIONS} 个条件")
        return cond

    def value(self, attr: Attribute, op: Op, raw: Any) -> Any:
        if op == Op.NOT_EXPIRED:
            if raw not in (None, True):
                raise ValueError("not_expired 不需要 value")
            return None
        if op in (Op.AGE_AT_LEAST, Op.AGE_UNDER):
            return _duration(raw)
        if op == Op.BETWEEN:
            if not isinstance(raw, list) or len(raw) != 2:
                raise ValueError("between 的 value 应为 [下限, 上限]")
            lo, hi = (_scalar(attr, v, self.known_regions) for v in raw)
            if lo > hi:
                raise LookupError("between 的下限大于上限")
            return (lo, hi)
        if op in (Op.IN, Op.NOT_IN):
            if not isinstance(raw, list) or not raw:
                raise ValueError(f"{op.value} 的 value 应为非空列表")
            return tuple(_scalar(attr, v, self.known_regions) for v in raw)
        if op == Op.WITHIN:
            items = raw if isinstance(raw, list) else [raw]
            if not items:
                raise ValueError("within 的 value 不能为空")
            return tuple(_region(v, self.known_regions) for v in items)
        if op == Op.INDUSTRY_WITHIN:
            items = raw if isinstance(raw, list) else [raw]
            if not items:
                raise ValueError("industry_within 的 value 不能为空")
            for v in items:
                if not isinstance(v, str):
                    raise ValueError(f"行业代码应为文字，不能是 {v!r}")
                problem = industry_code_problem(v)
                if problem:
                    raise LookupError(problem)
            return tuple(items)
        if attr.type == AttrType.TAGS:
            items = raw if isinstance(raw, list) else [raw]
            if op == Op.HAS or op == Op.LACKS:
                if isinstance(raw, list):
                    raise ValueError(f"{op.value} 的 value 应为一个标签")
            elif not isinstance(raw, list) or not raw:
                raise ValueError(f"{op.value} 的 value 应为标签列表")
            for v in items:
                if not isinstance(v, str):
                    raise ValueError(f"标签应为文字，不能是 {v!r}")
                if v not in TAGS:
                    raise LookupError(f"未知的标签“{v}”")
            return tuple(items) if isinstance(raw, list) else raw
        return _scalar(attr, raw, self.known_regions)

    def amount(self, a: Any, path: str) -> Amount:
        cap = self.money(a.cap, f"{path}.cap") if a.cap is not None else None
        floor = self.money(a.floor, f"{path}.floor") if a.floor is not None else None
        if isinstance(a, FixedIn):
            return Amount("fixed", fixed=self.money(a.fixed, f"{path}.fixed"), cap=cap, floor=floor)
        if isinstance(a, PercentIn):
            attr = self.amount_attr(a.of, f"{path}.of", AttrType.MONEY)
            try:
                rate = _decimal(a.percent) / 100
            except ValueError as exc:
                raise self.fail(f"{path}.percent", RuleErrorKind.TYPE_MISMATCH, str(exc)) from None
            if rate < 0:
                raise self.fail(f"{path}.percent", RuleErrorKind.BAD_VALUE, "比例不能为负")
            return Amount("percent", rate=rate, attr=attr, cap=cap, floor=floor)
        if isinstance(a, EachIn):
            attr = self.amount_attr(a.per, f"{path}.per", AttrType.INT)
            return Amount("each", each=self.money(a.each, f"{path}.each"), attr=attr, cap=cap, floor=floor)
        cases = tuple(
            (
                self.node(c.when, f"{path}.cases.{i}.when", collect=False),
                self.amount(c.amount, f"{path}.cases.{i}.amount"),
            )
            for i, c in enumerate(a.cases)
        )
        otherwise = self.amount(a.otherwise, f"{path}.otherwise") if a.otherwise is not None else None
        return Amount("cases", cases=cases, otherwise=otherwise, cap=cap, floor=floor)

    def amount_attr(self, name: str, path: str, want: AttrType) -> str:
        attr = ATTRIBUTES.get(name)
        if attr is None:
            raise self.fail(path, RuleErrorKind.UNKNOWN_ATTRIBUTE, f"未知的企业属性“{name}”")
        if attr.type != want:
            raise self.fail(
                path, RuleErrorKind.TYPE_MISMATCH, f"属性“{name}”的类型是 {attr.type.value}，这里需要 {want.value}"
            )
        return name

    def money(self, raw: Any, path: str) -> int:
        try:
            return parse_money(raw)
        except ValueError as exc:
            raise self.fail(path, RuleErrorKind.TYPE_MISMATCH, str(exc)) from None


_OP_WORDS = {
    Op.EQ: "等于",
    Op.NE: "不等于",
    Op.LT: "小于",
    Op.LE: "不超过",
    Op.GT: "大于",
    Op.GE: "不低于",
    Op.BETWEEN: "介于",
    Op.IN: "属于",
    Op.NOT_IN: "不属于",
    Op.WITHIN: "位于",
    Op.INDUSTRY_WITHIN: "属于行业",
    Op.HAS: "具有标签",
    Op.HAS_ANY: "具有任一标签",
    Op.HAS_ALL: "具有全部标签",
    Op.LACKS: "不具有标签",
    Op.AGE_AT_LEAST: "距今已满",
    Op.AGE_UNDER: "距今不满",
    Op.NOT_EXPIRED: "在有效期内",
}


def display_value(attr: Attribute, value: Any) -> str:
    """A literal or a profile value as people read it (money in 元/万元, tuples with 、)."""
    if value is None:
        return "（无数据）"
    if isinstance(value, (tuple, list, set, frozenset)):
        return "、".join(display_value(attr, v) for v in value)
    if attr.type == AttrType.MONEY and isinstance(value, int):
        return format_money(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Fraction):
        return f"{float(value):g}"
    return str(value)


def _default_label(attr: Attribute, op: Op, value: Any) -> str:
    if op == Op.NOT_EXPIRED:
        return f"{attr.label}{_OP_WORDS[op]}"
    if op == Op.BETWEEN:
        return f"{attr.label}介于{display_value(attr, value[0])}至{display_value(attr, value[1])}"
    if attr.type == AttrType.BOOL and op == Op.EQ:
        return attr.label if value else f"未{attr.label}"
    return f"{attr.label}{_OP_WORDS[op]}{display_value(attr, value)}"


# ---------------------------------------------------------------------------------------------
# Entry points


def rule_from_dict(data: Any, *, key: str | None = None, known_regions: set[str] | None = None) -> Rule:
    """Parse and type-check one rule document (a dict). Raises :class:`RuleError`."""
    rule_key = key or (data.get("key") if isinstance(data, dict) else None) or "（未命名）"
    if isinstance(data, dict) and key and "key" not in data:
        data = {"key": key, **data}
    try:
        parsed = RuleIn.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"] if not (isinstance(p, str) and p in _TAG_NAMES))
        raise RuleError(
            rule=str(rule_key), field=loc or "(root)", kind=RuleErrorKind.STRUCTURE, reason=_structure_reason(err)
        ) from None
    checker = _Checker(parsed.key, known_regions)
    conditions = checker.node(parsed.conditions, "conditions")
    amount = checker.amount(parsed.amount, "amount") if parsed.amount is not None else None
    return Rule(
        key=parsed.key,
        title=parsed.title,
        reference=parsed.reference,
        conditions=conditions,
        amount=amount,
        condition_list=tuple(checker.conds),
        tests=tuple(parsed.tests),
    )


_TAG_NAMES = {"all", "any", "not", "cond", "fixed", "percent", "each", "cases"}


def _structure_reason(err: dict) -> str:
    t = err.get("type", "")
    if t == "missing":
        return "缺少必填项"
    if t == "extra_forbidden":
        return "不认识的字段"
    if t == "union_tag_not_found" or t == "union_tag_invalid":
        return "无法识别的结构（条件应为 all/any/not 或 attr+op+value；金额应为 fixed/percent/each/cases）"
    if t == "too_short":
        return "列表不能为空"
    if t in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        return "结构类型错误"
    return err.get("msg", "格式有误")


def rule_from_text(text: str, *, key: str | None = None, known_regions: set[str] | None = None) -> Rule:
    """Parse a rule from YAML (JSON is YAML too) with the safe loader: no tags, no objects."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark else "(root)"
        raise RuleError(
            rule=key or "（未命名）", field=where, kind=RuleErrorKind.SYNTAX, reason="不是合法的 YAML/JSON"
        ) from None
    except ValueError as exc:  # a scalar YAML reads as a date but is none (2026-13-45)
        raise RuleError(
            rule=key or "（未命名）", field="(root)", kind=RuleErrorKind.SYNTAX, reason=f"不是合法的值：{exc}"
        ) from None
    if not isinstance(data, dict):
        raise RuleError(
            rule=key or "（未命名）", field="(root)", kind=RuleErrorKind.STRUCTURE, reason="规则应为一个映射"
        )
    return rule_from_dict(data, key=key, known_regions=known_regions)


def profile_from_literals(data: dict[str, Any], *, rule: str = "（测试企业）") -> dict[str, Any]:
    """A profile from literals as written in YAML test cases and sample enterprises: money with a
    unit (``"500万元"``), ISO dates, tags as a list. Unknown attributes and bad values raise
    :class:`RuleError` naming the field."""
    out: dict[str, Any] = {}
    for name, raw in data.items():
        attr = ATTRIBUTES.get(name)
        if attr is None and name not in ("uscc", "name"):
            raise RuleError(
                rule=rule,
                field=f"enterprise.{name}",
                kind=RuleErrorKind.UNKNOWN_ATTRIBUTE,
                reason=f"未知的企业属性“{name}”",
            )
        if attr is None or raw is None:
            out[name] = raw
            continue
        try:
            if attr.type == AttrType.TAGS:
                unknown = [t for t in raw if t not in TAGS]
                if unknown:
                    raise LookupError(f"未知的标签“{unknown[0]}”")
                out[name] = frozenset(raw)
            elif attr.type == AttrType.INDUSTRY:
                problem = industry_code_problem(str(raw))
                if problem or len(str(raw)) != 4:
                    raise LookupError(problem or "企业的行业代码应为4位小类代码")
                out[name] = str(raw)
            else:
                out[name] = _scalar(attr, raw, None)
        except (ValueError, LookupError) as exc:
            raise RuleError(
                rule=rule, field=f"enterprise.{name}", kind=RuleErrorKind.TYPE_MISMATCH, reason=str(exc.args[0])
            ) from None
    return out
