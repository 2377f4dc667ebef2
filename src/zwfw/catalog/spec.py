"""The content spec: the element table (一表) and its child rows, defined once.

Every field of a version's content — the scalar elements of 一表 (受理条件, 时限, 收费, 结果 …),
the columns of its materials, form fields and process steps — is one :class:`ContentField`
here, with everything the rest of the app needs to know about it:

- ``key`` — the English key in the interchange dict (``docs/catalog-format.md``); ``group`` puts
  it inside a nested object (``fee``, ``result``);
- ``label`` — the Chinese label (diff labels, guide rows, error messages);
- ``kind`` — the value's type (:data:`KINDS`), its ``default``, ``required``, bounds
  (``max_len``, ``lo``/``hi``) and allowed values (``choices``);
- ``column`` — the :class:`~zwfw.catalog.models.ItemVersion` column that stores it; ``None``
  stores it in the version's ``extra_elements`` JSON (a new element needs no schema migration);
- ``excel`` — its column in the catalog workbook (:class:`ExcelColumn`: key, header, note,
  width), or ``None`` for no column;
- ``guide_section`` — the section of the 办事指南 it shows in; ``guide_bespoke`` marks the
  fields the guide page and its view model word themselves (时限, 收费 …); every other field
  shows as a plain labelled row of its section and as an attribute of the guide and its API
  schema.

Derived from this table: reading and writing version content (:mod:`zwfw.catalog.content`),
the structural check, the diff labels (:mod:`zwfw.catalog.services.diff`), the workbook's
element columns (:mod:`zwfw.catalog.interchange.excel.layout`), the JSON export's row reads, the bulk
import's version columns, the guide view model and the guide API schema
(:mod:`zwfw.catalog.guides`). ``docs/catalog.md`` says how to add a field.

Tests may add a throwaway field with :func:`spec_extended`; every derived table is rebuilt for
the extended spec (listeners registered with :func:`on_spec_change`) and restored afterwards.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from zwfw.catalog.models import (
    CaseType,
    FieldType,
    MaterialForm,
    MaterialSource,
    ResultKind,
    StepKind,
)

#: The kinds of value, their Python type in the API schemas and their Excel column type.
KINDS: dict[str, tuple[Any, str]] = {
    "text": (str, "text"),
    "code": (str, "code"),  # an identifier (trimmed in the workbook)
    "int": (int, "int"),
    "int_or_blank": (int | None, "int_or_blank"),  # null means "none" (法定时限 the law does not set)
    "bool": (bool, "bool"),
    "enum": (str, "enum"),  # one of ``choices``
    "enum_list": (list[str], "enum_list"),  # several of ``choices``
    "list": (list[str], "list"),
    "money": (int, "money"),  # integer fen (yuan in the workbook)
    "department": (str | None, "code"),  # a department code, stored as a foreign key
    "licence_type": (str, "code"),  # an e-licence type code (may be blank)
    "faq": (list[dict[str, str]], ""),  # [{"q", "a"}] (its own sheet in the workbook)
}

CHANNEL_LABELS = {"window": "窗口办理", "online": "网上办理", "mobile": "移动端", "post": "快递", "kiosk": "自助终端"}

#: The sections of the 办事指南 page (``catalog/guide.html``), in page order (key → heading).
GUIDE_SECTIONS = {
    "basic": "基本信息",
    "conditions": "受理条件",
    "materials": "申请材料",
    "process": "办理流程",
    "time": "办理时限",
    "fee": "收费",
    "handling": "办理方式",
    "result": "办理结果",
    "supervision": "监管",
    "contact": "办理地点和时间",
    "faq": "常见问题",
}
#: Sections that show generic element rows (the others list materials, steps, questions).
GUIDE_ROW_SECTIONS = ("basic", "conditions", "time", "fee", "handling", "result", "supervision", "contact")


@dataclass(frozen=True)
class ExcelColumn:
    """A field's column in the catalog workbook (``docs/catalog-excel.md``)."""

    key: str = ""  # the stable key (second header row); default: the field's dotted path with "_"
    header: str = ""  # the Chinese header; default: the field's label
    note: str = ""
    width: int = 14
    kind: str = ""  # the Excel column type; default: the kind's
    blank_is_none: bool = False


@dataclass(frozen=True)
class ContentField:
    key: str
    label: str
    kind: str = "text"
    default: Any = ""
    group: str = ""
    column: str | None = None
    required: bool = False
    max_len: int | None = None
    lo: int = 0
    hi: int | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (value, Chinese label)
    excel: ExcelColumn | None = ExcelColumn()
    guide_section: str = ""
    guide_bespoke: bool = False
    # derived once (the structural check and the readers use them per value)
    path: str = dataclasses.field(init=False, repr=False, compare=False)  # dotted: "fee.amount_fen"
    attr: str = dataclasses.field(init=False, repr=False, compare=False)  # flat: "fee_amount_fen"
    values: tuple[str, ...] = dataclasses.field(init=False, repr=False, compare=False)  # allowed values

    def __post_init__(self) -> None:
        path = f"{self.group}.{self.key}" if self.group else self.key
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "attr", path.replace(".", "_"))
        object.__setattr__(self, "values", tuple(v for v, _ in self.choices))
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r} of content field {self.key!r}")
        if self.guide_section and self.guide_section not in GUIDE_SECTIONS:
            raise ValueError(f"unknown guide section {self.guide_section!r} of content field {self.key!r}")
        if self.guide_section and not self.guide_bespoke and self.guide_section not in GUIDE_ROW_SECTIONS:
            raise ValueError(f"guide section {self.guide_section!r} shows no element rows ({self.key!r})")

    @property
    def py_type(self) -> Any:
        return KINDS[self.kind][0]

    def copy(self, value: Any) -> Any:
        """A fresh copy of a stored value (lists are never shared with the model instance)."""
        if self.kind == "faq":
            return [dict(x) for x in value or []]
        if self.kind in ("enum_list", "list"):
            return list(value or [])
        return value

    def fresh_default(self) -> Any:
        return self.copy(self.default)


def _choices(text_choices) -> tuple[tuple[str, str], ...]:
    return tuple((str(value), str(label)) for value, label in text_choices.choices)


F = ContentField
X = ExcelColumn

#: 一表: the scalar elements of a version, in the order of ``docs/catalog-format.md`` (the
#: ``materials`` and ``form`` lists follow ``conditions``; see :data:`ROW_LISTS`).
ELEMENTS: tuple[ContentField, ...] = (
    F("conditions", "受理条件", column="conditions", excel=X(width=40), guide_section="conditions", guide_bespoke=True),
    F(
        "legal_limit_days",
        "法定时限（工作日）",
        "int_or_blank",
        None,
        column="legal_limit_days",
        excel=X(note="空：法律未规定"),
        guide_section="time",
        guide_bespoke=True,
    ),
    F(
        "promised_limit_days",
        "承诺时限（工作日）",
        "int_or_blank",
        None,
        column="promised_limit_days",
        guide_section="time",
        guide_bespoke=True,
    ),
    F("limit_note", "时限说明", column="limit_note", guide_section="time", guide_bespoke=True),
    F(
        "case_type",
        "办件类型",
        "enum",
        CaseType.PROMISED.value,
        column="case_type",
        choices=_choices(CaseType),
        excel=X(note="空：承诺件"),
        guide_section="time",
        guide_bespoke=True,
    ),
    F(
        "charged",
        "是否收费",
        "bool",
        False,
        group="fee",
        column="fee_charged",
        excel=X(note="空：否"),
        guide_section="fee",
        guide_bespoke=True,
    ),
    F("basis", "收费依据", group="fee", column="fee_basis", guide_section="fee", guide_bespoke=True),
    F(
        "amount_fen",
        "收费金额（分）",
        "money",
        0,
        group="fee",
        column="fee_amount_fen",
        excel=X(key="fee_amount", header="收费金额（元）", note="元，最多两位小数；内部以分存储"),
        guide_section="fee",
        guide_bespoke=True,
    ),
    F(
        "description",
        "收费说明",
        group="fee",
        column="fee_description",
        max_len=500,
        guide_section="fee",
        guide_bespoke=True,
    ),
    F(
        "online_depth",
        "网上办理深度",
        "int",
        1,
        column="online_depth",
        lo=1,
        hi=4,
        excel=X(note="1–4（Ⅰ–Ⅳ级）；空：1"),
        guide_section="handling",
        guide_bespoke=True,
    ),
    F(
        "visits",
        "到现场次数",
        "int",
        0,
        column="visits",
        hi=99,
        excel=X(note="空：0"),
        guide_section="handling",
        guide_bespoke=True,
    ),
    F(
        "intermediary",
        "中介服务",
        column="intermediary",
        excel=X(note="空：无"),
        guide_section="handling",
        guide_bespoke=True,
    ),
    F(
        "supervisor",
        "监管主体",
        "department",
        None,
        column="supervisor",
        excel=X(note="部门编码；空：实施部门", width=18, blank_is_none=True),
        guide_section="supervision",
        guide_bespoke=True,
    ),
    F(
        "supervision_measures",
        "监管措施",
        column="supervision_measures",
        excel=X(width=30),
        guide_section="supervision",
        guide_bespoke=True,
    ),
    F(
        "name",
        "办理结果名称",
        group="result",
        column="result_name",
        max_len=200,
        excel=X(header="办理结果", width=20),
        guide_section="result",
        guide_bespoke=True,
    ),
    F(
        "kind",
        "结果类型",
        "enum",
        "",
        group="result",
        column="result_kind",
        choices=_choices(ResultKind),
        guide_section="result",
        guide_bespoke=True,
    ),
    F(
        "licence_type",
        "结果证照类型",
        "licence_type",
        group="result",
        column="result_licence_type",
        excel=X(note="电子证照类型编码"),
        guide_section="result",
        guide_bespoke=True,
    ),
    F(
        "sample",
        "结果样本",
        group="result",
        column="result_sample",
        guide_section="result",
        guide_bespoke=True,
    ),
    F("scope", "适用范围", column="scope", excel=X(width=30), guide_section="basic", guide_bespoke=True),
    F(
        "validity",
        "有效期限",
        column="validity",
        max_len=100,
        excel=X(note="空：长期有效"),
        guide_section="result",
        guide_bespoke=True,
    ),
    F("consult_phone", "咨询电话", column="consult_phone", max_len=100, guide_section="contact", guide_bespoke=True),
    F(
        "complaint_phone",
        "投诉电话",
        column="complaint_phone",
        max_len=100,
        guide_section="contact",
        guide_bespoke=True,
    ),
    F("place", "办理地点", column="place", excel=X(width=30), guide_section="contact", guide_bespoke=True),
    F(
        "hours",
        "办理时间",
        column="hours",
        max_len=300,
        excel=X(width=24),
        guide_section="contact",
        guide_bespoke=True,
    ),
    F(
        "channels",
        "办理形式",
        "enum_list",
        (),
        column="channels",
        choices=tuple(CHANNEL_LABELS.items()),
        guide_section="handling",
        guide_bespoke=True,
    ),
    F(
        "pledge_allowed",
        "支持告知承诺",
        "bool",
        False,
        column="pledge_allowed",
        excel=X(header="告知承诺", note="空：否"),
        guide_section="handling",
        guide_bespoke=True,
    ),
    F(
        "shortfall_allowed",
        "支持容缺受理",
        "bool",
        False,
        column="shortfall_allowed",
        excel=X(header="容缺受理", note="空：否"),
        guide_section="handling",
        guide_bespoke=True,
    ),
    F("faq", "常见问题", "faq", (), column="faq", excel=None, guide_section="faq", guide_bespoke=True),
)

#: The row lists inside ``elements`` (their columns below), placed after ``conditions``.
ROW_LISTS = ("materials", "form")

#: 申请材料: one row per material (``Material`` columns of the same names).
MATERIAL: tuple[ContentField, ...] = (
    F("key", "材料键", "code", required=True, max_len=64, excel=X(note="在该事项内唯一", width=22)),
    F("name", "材料名称", required=True, max_len=300, excel=X(width=30)),
    F("standard_code", "标准材料编码", "code"),
    F("forms", "提交形式", "enum_list", (), choices=_choices(MaterialForm)),
    F("originals", "原件份数", "int", 0, hi=99, excel=X(note="空：0")),
    F("copies", "复印件份数", "int", 0, hi=99, excel=X(note="空：0")),
    F("required", "是否必要", "bool", True, excel=X(note="空：是")),
    F("shortfall_allowed", "可容缺", "bool", False, excel=X(header="可容缺后补", note="空：否")),
    F("pledge_allowed", "可承诺替代", "bool", False, excel=X(note="告知承诺可代替本材料；空：否")),
    F(
        "source",
        "材料来源",
        "enum",
        MaterialSource.APPLICANT.value,
        choices=_choices(MaterialSource),
        excel=X(note="空：申请人自备"),
    ),
    F("licence_type", "证照类型", "licence_type", excel=X(header="证照类型编码", note="来源为电子证照时必填")),
    F("shared_data", "共享数据集", excel=X(note="来源为共享数据时必填")),
    F("blank_form", "空白表格"),
    F("sample", "示例样表", excel=X(header="示范样本")),
    F("note", "填报说明", excel=X(header="备注", width=30)),
)

#: 表单字段: one row per field of the application form (``FormField``).
FORM_FIELD: tuple[ContentField, ...] = (
    F(
        "element",
        "数据元",
        "code",
        required=True,
        excel=X(note="数据元字典中的键，如 applicant_name", width=20),
    ),
    F("label", "标签", required=True, max_len=100, excel=X(header="字段名称", width=20)),
    F(
        "type",
        "类型",
        "enum",
        FieldType.TEXT.value,
        choices=_choices(FieldType),
        excel=X(header="字段类型", note="空：文本"),
    ),
    F("required", "必填", "bool", False, excel=X(header="是否必填", note="空：否")),
    F("choices", "选项", "list", (), excel=X(note="字段类型为选择时必填", width=24)),
)

#: 一图 环节: one row per process step (``Step``).
STEP: tuple[ContentField, ...] = (
    F("key", "环节键", "code", required=True, max_len=64, excel=X(note="在该事项内唯一")),
    F("name", "环节名称", required=True, max_len=100),
    F("kind", "环节类型", "enum", StepKind.OTHER.value, choices=_choices(StepKind), excel=X(note="空：其他")),
    F("role", "办理角色", "code", max_len=32, excel=X(note="如 applicant、window_clerk、reviewer")),
    F(
        "department",
        "办理部门",
        "department",
        None,
        excel=X(note="部门编码；空：实施部门", width=18, blank_is_none=True),
    ),
    F("limit_days", "时限（工作日）", "int", 0, excel=X(note="空：0")),
    F(
        "stops_clock",
        "特别程序（不计时）",
        "bool",
        False,
        excel=X(header="特别程序不计时", note="是：行政许可法第四十五条的特别程序；空：否"),
    ),
)

del F, X


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: derived tables are cached per spec
class ContentSpec:
    """The whole content spec; the app reads the active one through :func:`current`."""

    elements: tuple[ContentField, ...] = ELEMENTS
    material: tuple[ContentField, ...] = MATERIAL
    form_field: tuple[ContentField, ...] = FORM_FIELD
    step: tuple[ContentField, ...] = STEP

    @functools.cached_property
    def top_keys(self) -> tuple[str, ...]:
        """The keys of ``elements`` in order: groups collapsed, the row lists after the first."""
        keys: list[str] = []
        for f in self.elements:
            top = f.group or f.key
            if top not in keys:
                keys.append(top)
        return (keys[0], *ROW_LISTS, *keys[1:])

    @functools.cached_property
    def by_path(self) -> dict[str, ContentField]:
        return {f.path: f for f in self.elements}

    @functools.cached_property
    def groups(self) -> dict[str, tuple[ContentField, ...]]:
        out: dict[str, list[ContentField]] = {}
        for f in self.elements:
            if f.group:
                out.setdefault(f.group, []).append(f)
        return {g: tuple(fs) for g, fs in out.items()}

    @functools.cached_property
    def stored(self) -> tuple[ContentField, ...]:
        """Elements with a column of their own."""
        return tuple(f for f in self.elements if f.column)

    @functools.cached_property
    def extra(self) -> tuple[ContentField, ...]:
        """Elements kept in ``ItemVersion.extra_elements`` (no column of their own)."""
        return tuple(f for f in self.elements if not f.column)

    @functools.cached_property
    def material_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.material)

    @functools.cached_property
    def form_field_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.form_field)

    @functools.cached_property
    def step_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.step)

    def defaults(self) -> dict[str, Any]:
        """A fresh ``elements`` dict of defaults, in the format's key order."""
        out: dict[str, Any] = {}
        for key in self.top_keys:
            if key in ROW_LISTS:
                out[key] = []
            elif key in self.groups:
                out[key] = {f.key: f.fresh_default() for f in self.groups[key]}
            else:
                out[key] = self.by_path[key].fresh_default()
        return out

    def get(self, elements: dict[str, Any], f: ContentField) -> Any:
        """The field's value in an ``elements`` dict (its default when absent)."""
        if f.group:
            group = elements.get(f.group)
            return group.get(f.key, f.default) if isinstance(group, dict) else f.default
        return elements.get(f.key, f.default)

    def diff_labels(self) -> dict[str, str]:
        return {f.path: f.label for f in self.elements}

    def guide_fields(self) -> tuple[ContentField, ...]:
        """Elements the guide shows generically (a labelled row and an attribute)."""
        return tuple(f for f in self.elements if f.guide_section and not f.guide_bespoke)


_DEFAULT = ContentSpec()
_active: list[ContentSpec] = [_DEFAULT]
_listeners: list[Callable[[ContentSpec], None]] = []


def current() -> ContentSpec:
    """The content spec in force (the module's tables, or a test's :func:`spec_extended`)."""
    return _active[-1]


def on_spec_change(rebuild: Callable[[ContentSpec], None]) -> Callable[[ContentSpec], None]:
    """Register a function that rebuilds a derived table; it runs now and on every change."""
    _listeners.append(rebuild)
    rebuild(current())
    return rebuild


def _notify() -> None:
    for rebuild in _listeners:
        rebuild(current())


@contextlib.contextmanager
def spec_extended(*fields: ContentField, after: str | None = None) -> Iterator[ContentSpec]:
    """The spec with extra elements (appended, or after the element whose path is ``after``),
    in force inside the block: what adding them to :data:`ELEMENTS` would do, for tests."""
    base = current()
    elements = list(base.elements)
    at = len(elements) if after is None else [f.path for f in elements].index(after) + 1
    elements[at:at] = fields
    spec = dataclasses.replace(base, elements=tuple(elements))
    _active.append(spec)
    _notify()
    try:
        yield spec
    finally:
        _active.remove(spec)
        _notify()
