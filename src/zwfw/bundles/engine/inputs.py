"""The engine's inputs: frozen specs of items as the catalog publishes them, dependencies, decisions.

The engine never reads the database. The Django side builds one :class:`ItemSpec` per item from
the item's published version in the catalog's interchange shape (``docs/catalog-format.md``) with
:meth:`ItemSpec.from_interchange`, and passes the bundle's :class:`Dependency` edges and stored
:class:`MergeDecision` rows to :func:`zwfw.bundles.engine.compose`.

Identity: an item is known by its **base code** (基本编码 of the 基本目录 entry), which is stable
across regions and versions; a material by ``"<base code>/<material key>"`` (:attr:`MaterialSpec`
keys are unique within an item, and an implementation may drop but never add materials relative
to its base, so the pair is stable too). Review decisions are keyed by these references or by
normalised names (:func:`zwfw.bundles.engine.normalise.name_key`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zwfw.bundles.engine.errors import BundleInputError

MATERIAL_SOURCES = ("applicant", "licence", "shared", "produced")

#: Sources whose material the applicant may not have to hand in (免提交 candidates): an e-licence
#: the applicant holds, or data shared between departments. The cases app decides per applicant.
EXEMPTABLE_SOURCES = ("licence", "shared")


@dataclass(frozen=True)
class MaterialSpec:
    """One material (申请材料) of an item's element table."""

    key: str
    name: str
    standard_code: str = ""
    licence_type: str = ""
    source: str = "applicant"  # applicant | licence | shared | produced
    forms: tuple[str, ...] = ()
    originals: int = 1
    copies: int = 0
    required: bool = True
    shortfall_allowed: bool = False
    shared_data: str = ""
    note: str = ""


@dataclass(frozen=True)
class FieldSpec:
    """One field of an item's application form, keyed by its data element (数据元)."""

    element: str
    label: str
    type: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    rule: str = ""  # optional extra rule text; the interchange format has none today


@dataclass(frozen=True)
class GraphSummary:
    """What the composition needs of an item's process graph (一图)."""

    steps: int = 0
    critical_path_days: int = 0  # longest path of steps that do not stop the clock
    departments: tuple[str, ...] = ()  # departments named on steps (``null`` = the implementing one)
    stops_clock: bool = False  # has special procedures (行政许可法 art. 45)


@dataclass(frozen=True)
class ItemSpec:
    """One service item of a bundle, from its published version."""

    code: str  # base code (基本编码)
    name: str
    department: str  # core department code of the implementing department
    place: str = ""  # where the window is (办理地点)
    visits: int = 0  # 到现场次数
    promised_limit_days: int = 0  # 承诺时限, working days
    legal_limit_days: int | None = None  # 法定时限, working days
    materials: tuple[MaterialSpec, ...] = ()
    form: tuple[FieldSpec, ...] = ()
    result_name: str = ""
    result_licence_type: str = ""  # the e-licence type the item's result is, if any
    graph: GraphSummary = GraphSummary()
    implementation_code: str = ""  # 实施编码, when built from an implementation

    def material_ref(self, material: MaterialSpec) -> str:
        """The stable reference of one of this item's materials: ``"<code>/<key>"``."""
        return f"{self.code}/{material.key}"

    @classmethod
    def from_interchange(cls, base: Mapping[str, Any], implementation: Mapping[str, Any] | None = None) -> ItemSpec:
        """Build an item from a ``base_items`` entry and (optionally) one of its ``implementations``.

        Name and code come from the base (the implementation inherits them); department, place,
        limits, materials, form, result and graph from the implementation's ``elements`` and
        ``graph`` when given, else from the base's. Missing optional keys take the interchange
        defaults (materials: required, source ``applicant``). Raises :class:`BundleInputError`
        for a missing code or name, an implementation of another base item, an unknown material
        source, a duplicate material key, or a non-integer limit or count.
        """
        code = str(base.get("code") or "").strip()
        name = str(base.get("name") or "").strip()
        if not code or not name:
            raise BundleInputError("基本目录事项缺少编码或名称", "the base item lacks a code or a name")
        source: Mapping[str, Any] = implementation if implementation is not None else base
        if implementation is not None and implementation.get("base_code") not in (None, code):
            raise BundleInputError(
                f"实施清单{implementation.get('code')}不属于基本目录事项{code}",
                f"implementation {implementation.get('code')} is not of base item {code}",
            )
        elements: Mapping[str, Any] = source.get("elements") or {}
        if implementation is not None and not elements:
            elements = base.get("elements") or {}
        graph: Mapping[str, Any] = source.get("graph") or base.get("graph") or {}
        result = elements.get("result") or {}
        department = str(source.get("department") or base.get("department_line") or "")
        materials = tuple(_material(code, raw) for raw in elements.get("materials") or ())
        keys = [m.key for m in materials]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise BundleInputError(
                f"事项{name}（{code}）的材料编号重复：{'、'.join(duplicates)}",
                f"item {name} ({code}) repeats material keys: {', '.join(duplicates)}",
            )
        return cls(
            code=code,
            name=name,
            department=department,
            place=str(elements.get("place") or ""),
            visits=_int(elements.get("visits"), 0, code, "visits"),
            promised_limit_days=_int(
                elements.get("promised_limit_days", elements.get("legal_limit_days")), 0, code, "promised_limit_days"
            ),
            legal_limit_days=(
                None
                if elements.get("legal_limit_days") is None
                else _int(elements.get("legal_limit_days"), 0, code, "legal_limit_days")
            ),
            materials=materials,
            form=tuple(_field(code, raw) for raw in elements.get("form") or ()),
            result_name=str(result.get("name") or ""),
            result_licence_type=str(result.get("licence_type") or ""),
            graph=_graph_summary(graph),
            implementation_code=str(implementation.get("code") or "") if implementation is not None else "",
        )


@dataclass(frozen=True)
class Dependency:
    """``dependent`` needs the result of ``prerequisite`` (e.g. a licence it issues): it runs later."""

    prerequisite: str  # item code
    dependent: str  # item code


@dataclass(frozen=True)
class MergeDecision:
    """A reviewer's answer to a suggested merge, stored by the Django side and passed back in.

    Keys are either material references (``"<item code>/<material key>"``, precise) or name keys
    (``"name:<normalised name>"``, from :func:`~zwfw.bundles.engine.normalise.name_key`: applies
    to every material with that normalised name, in any bundle). The pair is unordered.
    ``accepted`` merges the two (whatever their score); a rejection keeps them apart and the pair
    is never suggested again. When the same pair is both accepted and rejected, the rejection wins.
    """

    material_a_key: str
    material_b_key: str
    accepted: bool

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.material_a_key, self.material_b_key))


def _int(value: Any, default: int, code: str, what: str) -> int:
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BundleInputError(
            f"事项{code}的{what}应为非负整数，实为{value!r}",
            f"item {code}: {what} must be a non-negative integer, not {value!r}",
        )
    return value


def _material(code: str, raw: Mapping[str, Any]) -> MaterialSpec:
    key = str(raw.get("key") or "").strip()
    name = str(raw.get("name") or "").strip()
    if not key or not name:
        raise BundleInputError(f"事项{code}有材料缺少编号或名称", f"item {code} has a material without key or name")
    source = str(raw.get("source") or "applicant")
    if source not in MATERIAL_SOURCES:
        raise BundleInputError(
            f"事项{code}的材料{name}来源“{source}”无效", f"item {code}: material {name} has unknown source {source!r}"
        )
    return MaterialSpec(
        key=key,
        name=name,
        standard_code=str(raw.get("standard_code") or ""),
        licence_type=str(raw.get("licence_type") or ""),
        source=source,
        forms=tuple(raw.get("forms") or ()),
        originals=_int(raw.get("originals"), 1, code, f"{key}.originals"),
        copies=_int(raw.get("copies"), 0, code, f"{key}.copies"),
        required=bool(raw.get("required", True)),
        shortfall_allowed=bool(raw.get("shortfall_allowed", False)),
        shared_data=str(raw.get("shared_data") or ""),
        note=str(raw.get("note") or ""),
    )


def _field(code: str, raw: Mapping[str, Any]) -> FieldSpec:
    element = str(raw.get("element") or "").strip()
    if not element:
        raise BundleInputError(f"事项{code}有表单字段缺少数据元", f"item {code} has a form field without an element")
    return FieldSpec(
        element=element,
        label=str(raw.get("label") or element),
        type=str(raw.get("type") or "text"),
        required=bool(raw.get("required", True)),
        choices=tuple(str(c) for c in raw.get("choices") or ()),
        rule=str(raw.get("rule") or ""),
    )


def _graph_summary(graph: Mapping[str, Any]) -> GraphSummary:
    """Steps, departments and the clock-counting critical path of a process graph (0 if cyclic)."""
    steps = {str(s.get("key")): s for s in graph.get("steps") or () if s.get("key")}
    edges = [(str(a), str(b)) for a, b in graph.get("edges") or () if a in steps and b in steps]
    incoming: dict[str, list[str]] = {k: [] for k in steps}
    for a, b in edges:
        incoming[b].append(a)
    finish: dict[str, int] = {}

    def _days(key: str) -> int:
        step = steps[key]
        return 0 if step.get("stops_clock") else int(step.get("limit_days") or 0)

    def _finish(key: str, seen: frozenset[str]) -> int:
        if key in finish:
            return finish[key]
        if key in seen:  # a cyclic graph: the catalog rejects it; count nothing rather than loop
            return 0
        value = _days(key) + max((_finish(p, seen | {key}) for p in incoming[key]), default=0)
        finish[key] = value
        return value

    critical = max((_finish(k, frozenset()) for k in steps), default=0)
    departments = tuple(sorted({str(s["department"]) for s in steps.values() if s.get("department")}))
    return GraphSummary(
        steps=len(steps),
        critical_path_days=critical,
        departments=departments,
        stops_clock=any(bool(s.get("stops_clock")) for s in steps.values()),
    )
