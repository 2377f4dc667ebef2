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

from zwfw.catalog import spec as content_spec
from zwfw.catalog.models import (
    EnterpriseStage,
    ItemType,
    LifeEvent,
    ServiceObject,
    VersionStatus,
)
from zwfw.catalog.spec import KINDS, ContentField, ContentSpec, ExcelColumn
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


def spec_column(f: ContentField, prefix: tuple[str, ...] = ()) -> Column:
    """A content-spec field's column (:mod:`zwfw.catalog.spec`): key, header, type, note, width."""
    x = f.excel or ExcelColumn()
    return Column(
        key=x.key or f.attr,
        header=x.header or f.label,
        kind=x.kind or KINDS[f.kind][1],
        path=(*prefix, *f.path.split(".")),
        required=f.required,
        choices=f.choices,
        note=x.note,
        width=x.width,
        blank_is_none=x.blank_is_none,
    )


def element_columns(spec: ContentSpec) -> tuple[Column, ...]:
    """一表's columns, right of each 基本目录 / 实施清单 row: every element with an Excel column."""
    return tuple(spec_column(f, ("elements",)) for f in spec.elements if f.excel is not None)


def _rows_columns(fields: tuple[ContentField, ...]) -> tuple[Column, ...]:
    return tuple(spec_column(f) for f in fields if f.excel is not None)


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


def _spec_sheets(spec: ContentSpec) -> tuple[Sheet, ...]:
    """The sheets whose columns come from the content spec: 基本目录 and 实施清单 (with 一表's
    element columns), 申请材料, 表单字段, 办理环节."""
    elements = element_columns(spec)
    base_items = Sheet(
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
            *elements,
        ),
        note="省级基本目录，一行一个事项；右侧为该事项的一表（要素）。",
    )
    implementations = Sheet(
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
            *elements,
        ),
        note="各地实施清单，一行一个实施事项；名称、类型、设定依据继承基本目录，不得增加材料和环节。",
    )
    materials = Sheet(
        "申请材料",
        "elements.materials",
        (OWNER, *_rows_columns(spec.material)),
        note="一行一份材料；同一事项的材料按行的先后排序。",
        owner_column=True,
    )
    form_fields = Sheet(
        "表单字段",
        "elements.form",
        (OWNER, *_rows_columns(spec.form_field)),
        note="申请表的字段，一行一个；按行的先后排序。",
        owner_column=True,
    )
    steps = Sheet(
        "办理环节",
        "graph.steps",
        (OWNER, *_rows_columns(spec.step)),
        note="一图的环节，一行一个；按行的先后排序。",
        owner_column=True,
    )
    return base_items, implementations, materials, form_fields, steps


BASE_ITEMS, IMPLEMENTATIONS, MATERIALS, FORM_FIELDS, STEPS = _spec_sheets(content_spec.current())

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


@content_spec.on_spec_change
def _rebuild(spec: ContentSpec) -> None:
    """Rebuild the spec's sheets when a test extends the spec (the reader and writer read these
    module attributes at call time)."""
    global BASE_ITEMS, IMPLEMENTATIONS, MATERIALS, FORM_FIELDS, STEPS, DATA_SHEETS, CHILD_SHEETS
    BASE_ITEMS, IMPLEMENTATIONS, MATERIALS, FORM_FIELDS, STEPS = _spec_sheets(spec)
    DATA_SHEETS = (LICENCE_TYPES, BASE_ITEMS, IMPLEMENTATIONS, MATERIALS, FORM_FIELDS, STEPS, EDGES, FAQ)
    CHILD_SHEETS = (MATERIALS, FORM_FIELDS, STEPS, EDGES, FAQ)
