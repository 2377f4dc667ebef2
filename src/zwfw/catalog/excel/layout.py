"""The one column layout of the catalog workbook (事项目录 Excel), as data.

The workbook is the interchange dict of ``docs/catalog-format.md`` in sheets (同源): every
column names the place in that dict it fills (``path``), its Chinese header (what people read),
its stable key (the second header row, what the reader trusts, so columns may be reordered),
its type and whether it is required. ``docs/catalog-excel.md`` documents the same table; the
test suite checks that the document names every column listed here.

Types (``Column.kind``):

- ``text``: any text, kept exactly (no trimming).
- ``code``: an identifier; surrounding spaces are trimmed.
- ``int`` / ``int_or_blank``: a whole number (``int_or_blank``: blank means "none", e.g. 法定时限
  when the law sets none).
- ``money``: yuan with at most two decimals in the sheet, integer fen in the dict (Decimal, never
  float).
- ``bool``: 是 / 否.
- ``date``: ISO ``YYYY-MM-DD`` (a date cell is accepted too).
- ``enum``: one allowed value, written as its Chinese label; the reader accepts the label or the
  stored value.
- ``enum_list`` / ``list``: several values in one cell separated by ``；`` (``;`` is accepted
  when reading); a separator or a backslash inside a value is written escaped as ``\\；``
  / ``\\\\``, so any value round-trips.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zwfw.catalog.content import CHANNEL_LABELS
from zwfw.catalog.models import (
    CaseType,
    EnterpriseStage,
    FieldType,
    ItemType,
    LifeEvent,
    MaterialForm,
    MaterialSource,
    ResultKind,
    ServiceObject,
    StepKind,
    VersionStatus,
)
from zwfw.core.models import RegionLevel

FORMAT = "zwfw-catalog"
FORMAT_VERSION = 1
LIST_SEPARATOR = "；"
LIST_SEPARATORS_READ = ("；", ";")
TRUE, FALSE = "是", "否"
HEADER_ROW, KEY_ROW, FIRST_DATA_ROW = 1, 2, 3


def _choices(text_choices) -> tuple[tuple[object, str], ...]:
    return tuple((value, str(label)) for value, label in text_choices.choices)


LEVEL_CHOICES = (*_choices(RegionLevel), (7, "7"))
CHANNEL_CHOICES = tuple(CHANNEL_LABELS.items())


@dataclass(frozen=True)
class Column:
    key: str  # second header row; stable
    header: str  # first header row; Chinese
    kind: str  # text code int int_or_blank money bool date enum enum_list list
    path: tuple[str, ...]  # where the value goes in the entry dict
    required: bool = False
    choices: tuple[tuple[object, str], ...] = ()
    note: str = ""
    width: int = 14
    blank_is_none: bool = False  # a blank cell is null (not ""): department references

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True)
class Sheet:
    name: str
    key: str  # interchange list it feeds, or the child list inside an entry
    columns: tuple[Column, ...]
    note: str = ""
    owner_column: bool = False  # child sheets: the first column is 事项编码
    by_key: dict[str, Column] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {c.key: c for c in self.columns})


def C(key, header, kind="text", path=None, **kw) -> Column:
    return Column(key=key, header=header, kind=kind, path=tuple((path or key).split(".")), **kw)


OWNER = C("item_code", "事项编码", "code", required=True, note="基本编码或实施编码：该行属于哪个事项", width=34)

ELEMENT_COLUMNS = (
    C("conditions", "受理条件", path="elements.conditions", width=40),
    C("legal_limit_days", "法定时限（工作日）", "int_or_blank", "elements.legal_limit_days", note="空：法律未规定"),
    C("promised_limit_days", "承诺时限（工作日）", "int_or_blank", "elements.promised_limit_days"),
    C("limit_note", "时限说明", path="elements.limit_note"),
    C("case_type", "办件类型", "enum", "elements.case_type", choices=_choices(CaseType), note="空：承诺件"),
    C("fee_charged", "是否收费", "bool", "elements.fee.charged", note="空：否"),
    C("fee_amount", "收费金额（元）", "money", "elements.fee.amount_fen", note="元，最多两位小数；内部以分存储"),
    C("fee_basis", "收费依据", path="elements.fee.basis"),
    C("fee_description", "收费说明", path="elements.fee.description"),
    C("online_depth", "网上办理深度", "int", "elements.online_depth", note="1–4（Ⅰ–Ⅳ级）；空：1"),
    C("visits", "到现场次数", "int", "elements.visits", note="空：0"),
    C("intermediary", "中介服务", path="elements.intermediary", note="空：无"),
    C(
        "supervisor",
        "监管主体",
        "code",
        "elements.supervisor",
        note="部门编码；空：实施部门",
        width=18,
        blank_is_none=True,
    ),
    C("supervision_measures", "监管措施", path="elements.supervision_measures", width=30),
    C("result_name", "办理结果", path="elements.result.name", width=20),
    C("result_kind", "结果类型", "enum", "elements.result.kind", choices=_choices(ResultKind)),
    C("result_licence_type", "结果证照类型", "code", "elements.result.licence_type", note="电子证照类型编码"),
    C("result_sample", "结果样本", path="elements.result.sample"),
    C("scope", "适用范围", path="elements.scope", width=30),
    C("validity", "有效期限", path="elements.validity", note="空：长期有效"),
    C("consult_phone", "咨询电话", path="elements.consult_phone"),
    C("complaint_phone", "投诉电话", path="elements.complaint_phone"),
    C("place", "办理地点", path="elements.place", width=30),
    C("hours", "办理时间", path="elements.hours", width=24),
    C("channels", "办理形式", "enum_list", "elements.channels", choices=CHANNEL_CHOICES),
    C("pledge_allowed", "告知承诺", "bool", "elements.pledge_allowed", note="空：否"),
    C("shortfall_allowed", "容缺受理", "bool", "elements.shortfall_allowed", note="空：否"),
)

LICENCE_TYPES = Sheet(
    "电子证照类型",
    "licence_types",
    (
        C("code", "证照类型编码", "code", required=True, width=28),
        C("name", "证照名称", required=True, width=24),
        C("issuer_line", "发证部门条线", "code"),
    ),
    note="申请材料和办理结果引用的电子证照类型，一行一种。",
)

BASE_ITEMS = Sheet(
    "基本目录",
    "base_items",
    (
        C("code", "基本编码", "code", required=True, width=16),
        C("name", "事项名称", required=True, width=28),
        C("item_type", "事项类型", "enum", required=True, choices=_choices(ItemType)),
        C("legal_basis", "设定依据", width=40),
        C("department_line", "主管部门条线", "code"),
        C("levels", "行使层级", "enum_list", choices=LEVEL_CHOICES),
        C("service_objects", "服务对象", "enum_list", choices=_choices(ServiceObject)),
        C("keywords", "关键词", "list", width=24),
        C("life_events", "个人生命周期主题", "enum_list", choices=_choices(LifeEvent)),
        C("enterprise_stages", "企业生命周期阶段", "enum_list", choices=_choices(EnterpriseStage)),
        C(
            "has_content",
            "已编制一表一图",
            "bool",
            path="_has_content",
            required=True,
            note="否：尚无已发布的一表一图，本行其余要素列和各子表均不得填写",
        ),
        *ELEMENT_COLUMNS,
    ),
    note="省级基本目录，一行一个事项；右侧为该事项的一表（要素）。",
)

IMPLEMENTATIONS = Sheet(
    "实施清单",
    "implementations",
    (
        C("code", "实施编码", "code", required=True, width=34),
        C("base_code", "基本编码", "code", required=True, width=16),
        C("name", "事项名称", path="_name", note="与基本目录一致，仅供阅读；填写不一致会被拒绝", width=28),
        C("region", "实施区划", "code", required=True, note="行政区划代码，如 510100"),
        C("level", "实施层级", "enum", choices=LEVEL_CHOICES, note="空：区划的层级"),
        C("department", "实施部门", "code", required=True, note="部门编码，如 510100-scjg", width=18),
        C("version_number", "版本号", "int", "version.number"),
        C("version_status", "版本状态", "enum", "version.status", choices=_choices(VersionStatus)),
        C("version_effective_from", "生效日期", "date", "version.effective_from", note="YYYY-MM-DD"),
        C("version_note", "版本说明", path="version.note", width=24),
        *ELEMENT_COLUMNS,
    ),
    note="各地实施清单，一行一个实施事项；名称、类型、设定依据继承基本目录，不得增加材料和环节。",
)

MATERIALS = Sheet(
    "申请材料",
    "elements.materials",
    (
        OWNER,
        C("key", "材料键", "code", required=True, note="在该事项内唯一", width=22),
        C("name", "材料名称", required=True, width=30),
        C("standard_code", "标准材料编码", "code"),
        C("forms", "提交形式", "enum_list", choices=_choices(MaterialForm)),
        C("originals", "原件份数", "int", note="空：0"),
        C("copies", "复印件份数", "int", note="空：0"),
        C("required", "是否必要", "bool", note="空：是"),
        C("shortfall_allowed", "可容缺后补", "bool", note="空：否"),
        C("pledge_allowed", "可承诺替代", "bool", note="告知承诺可代替本材料；空：否"),
        C("source", "材料来源", "enum", choices=_choices(MaterialSource), note="空：申请人自备"),
        C("licence_type", "证照类型编码", "code", note="来源为电子证照时必填"),
        C("shared_data", "共享数据集", note="来源为共享数据时必填"),
        C("blank_form", "空白表格"),
        C("sample", "示范样本"),
        C("note", "备注", width=30),
    ),
    note="一行一份材料；同一事项的材料按行的先后排序。",
    owner_column=True,
)

FORM_FIELDS = Sheet(
    "表单字段",
    "elements.form",
    (
        OWNER,
        C("element", "数据元", "code", required=True, note="数据元字典中的键，如 applicant_name", width=20),
        C("label", "字段名称", required=True, width=20),
        C("type", "字段类型", "enum", choices=_choices(FieldType), note="空：文本"),
        C("required", "是否必填", "bool", note="空：否"),
        C("choices", "选项", "list", note="字段类型为选择时必填", width=24),
    ),
    note="申请表的字段，一行一个；按行的先后排序。",
    owner_column=True,
)

STEPS = Sheet(
    "办理环节",
    "graph.steps",
    (
        OWNER,
        C("key", "环节键", "code", required=True, note="在该事项内唯一"),
        C("name", "环节名称", required=True),
        C("kind", "环节类型", "enum", choices=_choices(StepKind), note="空：其他"),
        C("role", "办理角色", "code", note="如 applicant、window_clerk、reviewer"),
        C("department", "办理部门", "code", note="部门编码；空：实施部门", width=18, blank_is_none=True),
        C("limit_days", "时限（工作日）", "int", note="空：0"),
        C("stops_clock", "特别程序不计时", "bool", note="是：行政许可法第四十五条的特别程序；空：否"),
    ),
    note="一图的环节，一行一个；按行的先后排序。",
    owner_column=True,
)

EDGES = Sheet(
    "环节连线",
    "graph.edges",
    (
        OWNER,
        C("from", "起点环节键", "code", required=True),
        C("to", "终点环节键", "code", required=True),
    ),
    note="一图的连线（起点→终点），一行一条；必须无环、一个起点一个终点。",
    owner_column=True,
)

FAQ = Sheet(
    "常见问题",
    "elements.faq",
    (OWNER, C("q", "问题", required=True, width=40), C("a", "回答", required=True, width=60)),
    note="一行一问一答。",
    owner_column=True,
)

README_SHEET = "说明"
DATA_SHEETS = (LICENCE_TYPES, BASE_ITEMS, IMPLEMENTATIONS, MATERIALS, FORM_FIELDS, STEPS, EDGES, FAQ)
CHILD_SHEETS = (MATERIALS, FORM_FIELDS, STEPS, EDGES, FAQ)
SHEET_NAMES = (README_SHEET, *(s.name for s in DATA_SHEETS))
