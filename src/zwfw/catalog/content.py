"""A version's content as the interchange dict, and back — all derived from the content spec.

``version_content(version)`` renders a version's element table and graph exactly as
``docs/catalog-format.md`` specifies (``{"elements": {...}, "graph": {...}}``), in a fixed key
and row order, so export → import → export is byte-identical. ``content_check`` validates such a
dict structurally (types, enums, references) and reports every problem with its path;
``content_write`` replaces a *draft's* content with it. Every field, its key, type, default,
bounds and storage come from :mod:`zwfw.catalog.spec` (one table); this module only walks it.
Validation of the rules (graph, 不得增加) lives in :mod:`zwfw.catalog.services.validation`.

Other apps read content through :mod:`zwfw.catalog.selectors` (``version_content_get``), never
this module (an import-linter contract, STYLE.md convention 7).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from zwfw.catalog import spec as S
from zwfw.catalog.elements import ELEMENTS
from zwfw.catalog.models import (
    RELEASED_STATUSES,
    FieldType,
    FormField,
    ItemVersion,
    Material,
    MaterialSource,
    Step,
    StepEdge,
)
from zwfw.catalog.spec import CHANNEL_LABELS, ContentField, ContentSpec, current

__all__ = [
    "CHANNELS",
    "CHANNEL_LABELS",
    "MATERIAL_KEYS",
    "STEP_KEYS",
    "Refs",
    "content_check",
    "content_copy",
    "content_department_codes",
    "content_is_empty",
    "content_normalise",
    "content_write",
    "elements_defaults",
    "elements_read",
    "empty_content",
    "version_content",
    "version_content_cached",
    "versions_with_content",
]

CHANNELS = tuple(CHANNEL_LABELS)
MATERIAL_KEYS = S.ContentSpec().material_keys
STEP_KEYS = S.ContentSpec().step_keys


def empty_content() -> dict[str, Any]:
    return {"elements": elements_defaults(), "graph": {"steps": [], "edges": []}}


def elements_defaults() -> dict[str, Any]:
    return current().defaults()


# --- reading ------------------------------------------------------------------------------


def elements_read(
    value_of: Callable[[ContentField], Any], materials: list[dict], form: list[dict], spec: ContentSpec | None = None
) -> dict[str, Any]:
    """The ``elements`` dict in the format's key order, each scalar element read by ``value_of``
    (from a model instance, or a ``values()`` row of the JSON export)."""
    spec = spec or current()
    out: dict[str, Any] = {}
    groups, by_path = spec.groups, spec.by_path
    for key in spec.top_keys:
        if key == "materials":
            out[key] = materials
        elif key == "form":
            out[key] = form
        elif key in groups:
            out[key] = {f.key: value_of(f) for f in groups[key]}
        else:
            out[key] = value_of(by_path[key])
    return out


def version_value(version: ItemVersion, f: ContentField) -> Any:
    """One element of a version as the format writes it."""
    if f.column is None:
        return f.copy(version.extra_elements.get(f.path, f.default))
    if f.kind == "department":
        return getattr(version, f.column).code if getattr(version, f"{f.column}_id") else None
    return f.copy(getattr(version, f.column))


def row_value(row: dict[str, Any], f: ContentField) -> Any:
    """One element from a ``values(*spec_value_columns())`` row."""
    if f.column is None:
        return f.copy((row["extra_elements"] or {}).get(f.path, f.default))
    if f.kind == "department":
        return row[f"{f.column}__code"]
    return f.copy(row[f.column])


def spec_value_columns(spec: ContentSpec | None = None) -> tuple[str, ...]:
    """The ``values()`` names that :func:`row_value` reads."""
    spec = spec or current()
    names = [f"{f.column}__code" if f.kind == "department" else f.column for f in spec.stored]
    return (*names, "extra_elements")


def child_value_names(fields: tuple[ContentField, ...]) -> tuple[str, ...]:
    """The ``values_list()`` names of a child row's fields (department codes through the key)."""
    return tuple(f"{f.key}__code" if f.kind == "department" else f.key for f in fields)


def child_out(fields: tuple[ContentField, ...], values: Iterable[Any]) -> dict[str, Any]:
    """A child row (material, form field, step) as the format writes it, from its values in
    :func:`child_value_names` order. A form field without choices has no ``choices`` key."""
    out = {}
    for f, value in zip(fields, values, strict=True):
        value = f.copy(value)
        if f.kind == "list" and not value:
            continue
        out[f.key] = value
    return out


_READERS: dict[int, tuple[tuple[ContentField, ...], Callable[[Any], dict[str, Any]]]] = {}


def _child_reader(fields: tuple[ContentField, ...]) -> Callable[[Any], dict[str, Any]]:
    """The reader of :func:`_make_child_reader` for ``fields``, made once per tuple (keyed by
    identity: hashing the fields on every row would cost more than reading it)."""
    hit = _READERS.get(id(fields))
    if hit is None or hit[0] is not fields:
        hit = _READERS[id(fields)] = (fields, _make_child_reader(fields))
    return hit[1]


def _make_child_reader(fields: tuple[ContentField, ...]) -> Callable[[Any], dict[str, Any]]:
    """A fast reader of one child row (model instance) for these fields: one ``attrgetter`` for
    the plain columns, lists copied, department codes through the foreign key."""
    plain = tuple(f for f in fields if f.kind != "department")
    get = operator.attrgetter(*(f.key for f in plain)) if len(plain) > 1 else None
    lists = frozenset(f.key for f in plain if f.kind in ("enum_list", "list", "faq"))
    depts = tuple(f.key for f in fields if f.kind == "department")
    order = tuple(f.key for f in fields)
    omit_empty = frozenset(f.key for f in fields if f.kind == "list")

    def read(row: Any) -> dict[str, Any]:
        values = dict(zip((f.key for f in plain), get(row) if get else (getattr(row, plain[0].key),), strict=True))
        for k in lists:
            values[k] = list(values[k] or [])
        for k in depts:
            values[k] = getattr(row, k).code if getattr(row, f"{k}_id") else None
        return {k: values[k] for k in order if not (k in omit_empty and not values[k])}

    return read


def _child_out(fields: tuple[ContentField, ...], row: Any) -> dict[str, Any]:
    return _child_reader(fields)(row)


def version_content(version: ItemVersion) -> dict[str, Any]:
    """The version as ``{"elements", "graph"}``. Uses prefetched children when present
    (prefetch ``materials``, ``form_fields``, ``steps__department``, ``edges__from_step``,
    ``edges__to_step`` and select ``supervisor`` to render many versions in a few queries)."""
    v = version
    spec = current()
    materials = sorted(v.materials.all(), key=lambda m: (m.order, m.pk))
    fields = sorted(v.form_fields.all(), key=lambda f: (f.order, f.pk))
    steps = sorted(v.steps.all(), key=lambda s: (s.order, s.pk))
    step_keys = {s.pk: s.key for s in steps}
    edges = sorted(v.edges.all(), key=lambda e: (e.order, e.pk))
    elements = elements_read(
        lambda f: version_value(v, f),
        [_child_out(spec.material, m) for m in materials],
        [_child_out(spec.form_field, f) for f in fields],
        spec,
    )
    graph = {
        "steps": [_child_out(spec.step, s) for s in steps],
        "edges": [[step_keys[e.from_step_id], step_keys[e.to_step_id]] for e in edges],
    }
    return {"elements": elements, "graph": graph}


_RELEASED_CONTENT: dict[tuple, dict[str, Any]] = {}
_RELEASED_CONTENT_MAX = 4096  # versions kept per process (a few KB each); cleared when full


def versions_with_content() -> QuerySet[ItemVersion]:
    """Versions with everything :func:`version_content` needs, in a fixed number of queries."""
    return ItemVersion.objects.select_related("supervisor").prefetch_related(
        "materials",
        "form_fields",
        "steps__department",
        Prefetch("edges", queryset=StepEdge.objects.all()),
    )


def version_content_cached(version: ItemVersion) -> dict[str, Any]:
    """:func:`version_content` of a **released** version, built once per process (issue 9).

    A released version (published, superseded, retired) never changes: its children refuse to be
    saved (:class:`~zwfw.catalog.models.VersionImmutable`), so its content is cached by version id
    (with its number and publication time in the key, so a reused id of a rolled-back test
    database never hits). Drafts and versions under review are built afresh every time. The
    answer is shared: callers must not modify it.
    """
    if version.pk is None or version.status not in RELEASED_STATUSES or version.published_at is None:
        return version_content(version)
    key = (version.pk, version.number, version.published_at)
    hit = _RELEASED_CONTENT.get(key)
    if hit is None:
        prefetched = getattr(version, "_prefetched_objects_cache", None)
        if not prefetched:
            version = versions_with_content().get(pk=version.pk)
        hit = version_content(version)
        if len(_RELEASED_CONTENT) >= _RELEASED_CONTENT_MAX:
            _RELEASED_CONTENT.clear()
        _RELEASED_CONTENT[key] = hit
    return hit


@S.on_spec_change
def _forget_cached_content(_spec: ContentSpec) -> None:
    _RELEASED_CONTENT.clear()


VERSION_PREFETCH = (
    "materials",
    "form_fields",
    "steps__department",
    "edges",
)


def content_is_empty(content: dict[str, Any]) -> bool:
    """True for a base item exported without any released version (no table, no graph)."""
    elements = content.get("elements") or {}
    graph = content.get("graph") or {}
    return not any(v not in (None, "", [], {}) for v in elements.values()) and not graph.get("steps")


# --- structural checks -------------------------------------------------------------------


@dataclass
class Refs:
    """What references may point at: codes known in the database or in the same payload."""

    departments: set[str] = field(default_factory=set)
    licence_types: set[str] = field(default_factory=set)
    check_licence_types: bool = True


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Errors:
    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []

    def add(self, path: str, message: str) -> None:
        self.items.append({"path": path, "message": message})


def content_check(content: dict[str, Any], *, refs: Refs, path: str = "") -> list[dict[str, str]]:
    """Structural problems of an ``{"elements", "graph"}`` dict, each ``{"path", "message"}``.

    Missing keys take their defaults (so a partial dict is fine); present keys must have the right
    type and value (as :mod:`zwfw.catalog.spec` declares them), and codes must exist. Rules across
    fields (limits, graph shape) are checked by :mod:`~zwfw.catalog.services.validation`.
    """
    errs = _Errors()
    pre = f"{path}." if path else ""
    elements = content.get("elements", {})
    graph = content.get("graph", {"steps": [], "edges": []})
    if not isinstance(elements, dict):
        errs.add(f"{pre}elements", "应为对象")
        elements = {}
    if not isinstance(graph, dict):
        errs.add(f"{pre}graph", "应为对象")
        graph = {}
    _check_elements(elements, refs, f"{pre}elements", errs)
    _check_graph(graph, refs, f"{pre}graph", errs)
    return errs.items


def _str(d: dict, key: str, p: str, errs: _Errors, *, required: bool = False, max_len: int | None = None) -> None:
    if key not in d:
        if required:
            errs.add(f"{p}.{key}", "必填")
        return
    v = d[key]
    if not isinstance(v, str):
        errs.add(f"{p}.{key}", "应为字符串")
    elif required and not v.strip():
        errs.add(f"{p}.{key}", "不能为空")
    elif max_len is not None and len(v) > max_len:
        errs.add(f"{p}.{key}", f"长度不能超过{max_len}个字符")


def _int(d: dict, key: str, p: str, errs: _Errors, *, nullable: bool = False, lo: int = 0, hi: int | None = None):
    if key not in d:
        return
    v = d[key]
    if v is None and nullable:
        return
    if not _is_int(v):
        errs.add(f"{p}.{key}", "应为整数" + ("或null" if nullable else ""))
    elif v < lo or (hi is not None and v > hi):
        errs.add(f"{p}.{key}", f"应在{lo}到{hi}之间" if hi is not None else f"不能小于{lo}")


def _list(d: dict, key: str, p: str, errs: _Errors) -> list:
    v = d.get(key, [])
    if not isinstance(v, list):
        errs.add(f"{p}.{key}", "应为数组")
        return []
    return v


def _check_field(f: ContentField, d: dict, refs: Refs, p: str, errs: _Errors) -> None:
    """One value by its field's kind (absent values take the default and pass)."""
    key, kind = f.key, f.kind
    if kind in ("text", "code", "licence_type"):
        _str(d, key, p, errs, required=f.required, max_len=f.max_len)
        if kind == "licence_type" and refs.check_licence_types:
            value = d.get(key, "")
            if value and isinstance(value, str) and value not in refs.licence_types:
                errs.add(f"{p}.{key}", f"电子证照类型“{value}”不存在")
    elif kind in ("int", "int_or_blank"):
        _int(d, key, p, errs, nullable=kind == "int_or_blank", lo=f.lo, hi=f.hi)
    elif kind == "bool":
        if key in d and not isinstance(d[key], bool):
            errs.add(f"{p}.{key}", "应为true或false")
    elif kind == "enum":
        if key in d and not (f.default == "" and d[key] == "") and d[key] not in f.values:
            errs.add(f"{p}.{key}", f"取值“{d[key]}”无效，应为：{'、'.join(f.values)}")
    elif kind == "enum_list":
        for i, v in enumerate(_list(d, key, p, errs)):
            if v not in f.values:
                errs.add(f"{p}.{key}[{i}]", f"{f.label}“{v}”无效，应为：{'、'.join(f.values)}")
    elif kind == "list":
        if any(not isinstance(c, str) for c in _list(d, key, p, errs)):
            errs.add(f"{p}.{key}", f"{f.label}应为字符串")
    elif kind == "money":
        amount = d.get(key, 0)
        if not _is_int(amount) or amount < 0:
            errs.add(f"{p}.{key}", f"{f.label.split('（')[0]}应为非负整数（单位：分），不得使用小数")
    elif kind == "department":
        v = d.get(key)
        if v is not None and (not isinstance(v, str) or v not in refs.departments):
            noun = f"{f.label}部门" if f.label.endswith("主体") else "部门"  # 监管主体部门, 部门
            errs.add(f"{p}.{key}", f"{noun}“{v}”不存在")
    elif kind == "faq":
        for i, qa in enumerate(_list(d, key, p, errs)):
            if not isinstance(qa, dict) or not isinstance(qa.get("q"), str) or not isinstance(qa.get("a"), str):
                errs.add(f"{p}.{key}[{i}]", f'{f.label}应为{{"q": 问题, "a": 回答}}')


def _check_fields(fields: Iterable[ContentField], d: dict, refs: Refs, p: str, errs: _Errors) -> None:
    for f in fields:
        _check_field(f, d, refs, p, errs)


def _check_elements(el: dict, refs: Refs, p: str, errs: _Errors) -> None:
    spec = current()
    groups = spec.groups
    for key in spec.top_keys:
        if key in S.ROW_LISTS:
            continue
        if key in groups:
            sub = el.get(key, {})
            if not isinstance(sub, dict):
                errs.add(f"{p}.{key}", "应为对象")
                continue
            _check_fields(groups[key], sub, refs, f"{p}.{key}", errs)
        else:
            _check_field(spec.by_path[key], el, refs, p, errs)
    fee = el.get("fee")
    if isinstance(fee, dict) and fee.get("charged") is False and _is_int(fee.get("amount_fen")) and fee["amount_fen"]:
        errs.add(f"{p}.fee.amount_fen", "不收费的事项金额应为0")
    _check_materials(_list(el, "materials", p, errs), refs, f"{p}.materials", errs)
    _check_form(_list(el, "form", p, errs), refs, f"{p}.form", errs)


def _unique(row: dict, f: ContentField, seen: set[str], p: str, errs: _Errors) -> None:
    value = row.get(f.key)
    if isinstance(value, str):
        if value in seen:
            errs.add(f"{p}.{f.key}", f"{f.label}“{value}”重复")
        seen.add(value)


def _check_materials(materials: list, refs: Refs, p: str, errs: _Errors) -> None:
    seen: set[str] = set()
    spec = current()
    for i, m in enumerate(materials):
        mp = f"{p}[{i}]"
        if not isinstance(m, dict):
            errs.add(mp, "应为对象")
            continue
        _check_fields(spec.material, m, refs, mp, errs)
        _unique(m, spec.material[0], seen, mp, errs)
        source = m.get("source", MaterialSource.APPLICANT)
        if source == MaterialSource.LICENCE and not m.get("licence_type"):
            errs.add(f"{mp}.licence_type", "来源为电子证照时必须填写证照类型")
        if source == MaterialSource.SHARED and not m.get("shared_data"):
            errs.add(f"{mp}.shared_data", "来源为共享数据时必须填写共享数据集")


def _check_form(form: list, refs: Refs, p: str, errs: _Errors) -> None:
    seen: set[str] = set()
    spec = current()
    for i, f in enumerate(form):
        fp = f"{p}[{i}]"
        if not isinstance(f, dict):
            errs.add(fp, "应为对象")
            continue
        element = f.get("element")
        if element not in ELEMENTS:
            errs.add(f"{fp}.element", f"数据元“{element}”不在数据元字典中（zwfw.catalog.elements）")
        else:
            _unique(f, spec.form_field[0], seen, fp, errs)
        seen.add(element)
        _check_fields(spec.form_field[1:], f, refs, fp, errs)
        if f.get("type") == FieldType.SELECT and not _list(f, "choices", fp, _Errors()):
            errs.add(f"{fp}.choices", "选择类字段必须提供选项")


def _check_graph(graph: dict, refs: Refs, p: str, errs: _Errors) -> None:
    steps = _list(graph, "steps", p, errs)
    keys: set[str] = set()
    spec = current()
    for i, s in enumerate(steps):
        sp = f"{p}.steps[{i}]"
        if not isinstance(s, dict):
            errs.add(sp, "应为对象")
            continue
        _check_fields(spec.step, s, refs, sp, errs)
        _unique(s, spec.step[0], keys, sp, errs)
    seen_edges: set[tuple[str, str]] = set()
    for i, e in enumerate(_list(graph, "edges", p, errs)):
        ep = f"{p}.edges[{i}]"
        if not (isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) for x in e)):
            errs.add(ep, "连线应为[起点环节键, 终点环节键]")
            continue
        a, b = e
        for end, k in (("起点", a), ("终点", b)):
            if k not in keys:
                errs.add(ep, f"连线{end}环节“{k}”不存在")
        if a == b:
            errs.add(ep, f"环节“{a}”不能连向自身")
        if (a, b) in seen_edges:
            errs.add(ep, f"连线{a}→{b}重复")
        seen_edges.add((a, b))


# --- normalising ----------------------------------------------------------------------------


def _row_norm(fields: tuple[ContentField, ...], row: dict) -> dict:
    return {f.key: row[f.key] if f.key in row else f.fresh_default() for f in fields}


def content_normalise(content: dict[str, Any]) -> dict[str, Any]:
    """Fill defaults and canonical key order into a checked content dict (what export would emit)."""
    spec = current()
    el_in = content.get("elements") or {}
    elements: dict[str, Any] = {}
    for key in spec.top_keys:
        if key == "materials":
            elements[key] = [_row_norm(spec.material, m) for m in el_in.get(key, [])]
        elif key == "form":
            elements[key] = [_field_norm(f) for f in el_in.get(key, [])]
        elif key in spec.groups:
            elements[key] = _row_norm(spec.groups[key], el_in.get(key) or {})
        elif key in el_in:
            elements[key] = el_in[key]
        else:
            elements[key] = spec.by_path[key].fresh_default()
    elements["faq"] = [{"q": qa["q"], "a": qa["a"]} for qa in elements.get("faq", [])]
    graph_in = content.get("graph") or {}
    graph = {
        "steps": [_row_norm(spec.step, s) for s in graph_in.get("steps", [])],
        "edges": [list(e) for e in graph_in.get("edges", [])],
    }
    return {"elements": elements, "graph": graph}


def _field_norm(f: dict) -> dict:
    out = _row_norm(current().form_field, f)
    if not out.get("choices"):
        del out["choices"]
    else:
        out["choices"] = list(out["choices"])
    return out


# --- writing ------------------------------------------------------------------------------


def element_columns(elements: dict[str, Any], departments: dict[str, Any]) -> dict[str, Any]:
    """Column values of ``ItemVersion`` for a normalised ``elements`` dict (department codes →
    rows through ``departments``), ``extra_elements`` included."""
    spec = current()
    out: dict[str, Any] = {}
    for f in spec.stored:
        value = spec.get(elements, f)
        if f.kind == "department":
            value = departments[value] if value else None
        out[f.column] = value
    out["extra_elements"] = {f.path: spec.get(elements, f) for f in spec.extra}
    return out


def content_write(
    version: ItemVersion, content: dict[str, Any], *, departments: dict[str, Any], fresh: bool = False
) -> None:
    """Replace a draft's content with a checked, normalised content dict.

    ``fresh=True``: the version is new (unsaved or without children), so there is nothing to
    delete first — saves four queries per version on a large import.

    The caller (a service) has locked the draft and checked it is a draft; the models refuse
    otherwise. ``departments`` maps each department code the content names to its row.
    """
    from zwfw.catalog.errors import VersionImmutable

    if not version.is_editable:
        raise VersionImmutable(status=version.status, fields=["content"])
    spec = current()
    c = content_normalise(content)
    el = c["elements"]
    for column, value in element_columns(el, departments).items():
        setattr(version, column, value)
    version.save()
    if not fresh:
        # Children are replaced wholesale: the draft is the only holder of these rows.
        version.edges.all().delete()
        version.steps.all().delete()
        version.materials.all().delete()
        version.form_fields.all().delete()
    Material.objects.bulk_create(
        Material(version=version, order=i, **{k: m[k] for k in spec.material_keys})
        for i, m in enumerate(el["materials"])
    )
    FormField.objects.bulk_create(
        FormField(version=version, order=i, **{sf.key: f.get(sf.key, sf.fresh_default()) for sf in spec.form_field})
        for i, f in enumerate(el["form"])
    )
    steps = Step.objects.bulk_create(
        Step(version=version, order=i, **_step_columns(s, departments)) for i, s in enumerate(c["graph"]["steps"])
    )
    by_key = {s.key: s for s in steps}
    StepEdge.objects.bulk_create(
        StepEdge(version=version, order=i, from_step=by_key[a], to_step=by_key[b])
        for i, (a, b) in enumerate(c["graph"]["edges"])
    )


def _step_columns(s: dict, departments: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for f in current().step:
        value = s[f.key]
        out[f.key] = (departments[value] if value else None) if f.kind == "department" else value
    return out


def content_department_codes(content: dict[str, Any]) -> set[str]:
    spec = current()
    el = content.get("elements") or {}
    codes = {spec.get(el, f) for f in spec.elements if f.kind == "department" and isinstance(el, dict)}
    for s in (content.get("graph") or {}).get("steps", []):
        codes |= {s.get(f.key) for f in spec.step if f.kind == "department"}
    return {c for c in codes if isinstance(c, str) and c}


def content_copy(source: ItemVersion, target: ItemVersion) -> None:
    """Copy every content column and child row of ``source`` into the draft ``target``."""
    spec = current()
    skip = ItemVersion.LIFECYCLE_FIELDS | {
        "id",
        "base_item",
        "implementation",
        "number",
        "change_note",
        "created_by",
        "created_at",
    }
    for f in ItemVersion._meta.concrete_fields:
        if f.name not in skip:
            setattr(target, f.attname, getattr(source, f.attname))
    target.save()
    Material.objects.bulk_create(
        Material(version=target, order=m.order, **{k: getattr(m, k) for k in spec.material_keys})
        for m in source.materials.all()
    )
    FormField.objects.bulk_create(
        FormField(version=target, order=f.order, **{k: getattr(f, k) for k in spec.form_field_keys})
        for f in source.form_fields.all()
    )
    step_columns = [f"{f.key}_id" if f.kind == "department" else f.key for f in spec.step]
    new_steps = Step.objects.bulk_create(
        Step(version=target, order=s.order, **{c: getattr(s, c) for c in step_columns}) for s in source.steps.all()
    )
    by_key = {s.key: s for s in new_steps}
    old_key = {s.pk: s.key for s in source.steps.all()}
    StepEdge.objects.bulk_create(
        StepEdge(
            version=target,
            order=e.order,
            from_step=by_key[old_key[e.from_step_id]],
            to_step=by_key[old_key[e.to_step_id]],
        )
        for e in source.edges.all()
    )
