"""A version's content as the interchange dict, and back.

``version_content(version)`` renders a version's element table and graph exactly as
``docs/catalog-format.md`` specifies (``{"elements": {...}, "graph": {...}}``), in a fixed key
and row order, so export → import → export is byte-identical. ``content_check`` validates such a
dict structurally (types, enums, references) and reports every problem with its path;
``content_write`` replaces a *draft's* content with it. Validation of the rules (graph, 不得增加)
lives in :mod:`zwfw.catalog.services.validation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zwfw.catalog.elements import ELEMENTS
from zwfw.catalog.models import (
    CaseType,
    FieldType,
    FormField,
    ItemVersion,
    Material,
    MaterialForm,
    MaterialSource,
    ResultKind,
    Step,
    StepEdge,
    StepKind,
)

# Allowed values, computed once: ``Choices.values`` builds a new list on every access, and the
# structural check runs per field of every row of a whole-catalog import.
CASE_TYPES = tuple(CaseType.values)
RESULT_KINDS = tuple(ResultKind.values)
MATERIAL_FORMS = tuple(MaterialForm.values)
MATERIAL_SOURCES = tuple(MaterialSource.values)
FIELD_TYPES = tuple(FieldType.values)
STEP_KINDS = tuple(StepKind.values)

CHANNELS = ("window", "online", "mobile", "post", "kiosk")
CHANNEL_LABELS = {"window": "窗口办理", "online": "网上办理", "mobile": "移动端", "post": "快递", "kiosk": "自助终端"}

# Scalar element keys in the order the format lists them (fee and result are nested objects).
SCALAR_KEYS = (
    "conditions",
    "legal_limit_days",
    "promised_limit_days",
    "limit_note",
    "case_type",
    "fee",
    "online_depth",
    "visits",
    "intermediary",
    "supervisor",
    "supervision_measures",
    "result",
    "scope",
    "validity",
    "consult_phone",
    "complaint_phone",
    "place",
    "hours",
    "channels",
    "pledge_allowed",
    "shortfall_allowed",
    "faq",
)
MATERIAL_KEYS = (
    "key",
    "name",
    "standard_code",
    "forms",
    "originals",
    "copies",
    "required",
    "shortfall_allowed",
    "pledge_allowed",
    "source",
    "licence_type",
    "shared_data",
    "blank_form",
    "sample",
    "note",
)
STEP_KEYS = ("key", "name", "kind", "role", "department", "limit_days", "stops_clock")


def empty_content() -> dict[str, Any]:
    return {"elements": elements_defaults(), "graph": {"steps": [], "edges": []}}


def elements_defaults() -> dict[str, Any]:
    return {
        "conditions": "",
        "materials": [],
        "form": [],
        "legal_limit_days": None,
        "promised_limit_days": None,
        "limit_note": "",
        "case_type": CaseType.PROMISED.value,
        "fee": {"charged": False, "basis": "", "amount_fen": 0, "description": ""},
        "online_depth": 1,
        "visits": 0,
        "intermediary": "",
        "supervisor": None,
        "supervision_measures": "",
        "result": {"name": "", "kind": "", "licence_type": "", "sample": ""},
        "scope": "",
        "validity": "",
        "consult_phone": "",
        "complaint_phone": "",
        "place": "",
        "hours": "",
        "channels": [],
        "pledge_allowed": False,
        "shortfall_allowed": False,
        "faq": [],
    }


def version_content(version: ItemVersion) -> dict[str, Any]:
    """The version as ``{"elements", "graph"}``. Uses prefetched children when present
    (prefetch ``materials``, ``form_fields``, ``steps__department``, ``edges__from_step``,
    ``edges__to_step`` and select ``supervisor`` to render many versions in a few queries)."""
    v = version
    materials = sorted(v.materials.all(), key=lambda m: (m.order, m.pk))
    fields = sorted(v.form_fields.all(), key=lambda f: (f.order, f.pk))
    steps = sorted(v.steps.all(), key=lambda s: (s.order, s.pk))
    step_keys = {s.pk: s.key for s in steps}
    edges = sorted(v.edges.all(), key=lambda e: (e.order, e.pk))
    elements: dict[str, Any] = {
        "conditions": v.conditions,
        "materials": [
            {
                "key": m.key,
                "name": m.name,
                "standard_code": m.standard_code,
                "forms": list(m.forms),
                "originals": m.originals,
                "copies": m.copies,
                "required": m.required,
                "shortfall_allowed": m.shortfall_allowed,
                "pledge_allowed": m.pledge_allowed,
                "source": m.source,
                "licence_type": m.licence_type,
                "shared_data": m.shared_data,
                "blank_form": m.blank_form,
                "sample": m.sample,
                "note": m.note,
            }
            for m in materials
        ],
        "form": [_field_out(f) for f in fields],
        "legal_limit_days": v.legal_limit_days,
        "promised_limit_days": v.promised_limit_days,
        "limit_note": v.limit_note,
        "case_type": v.case_type,
        "fee": {
            "charged": v.fee_charged,
            "basis": v.fee_basis,
            "amount_fen": v.fee_amount_fen,
            "description": v.fee_description,
        },
        "online_depth": v.online_depth,
        "visits": v.visits,
        "intermediary": v.intermediary,
        "supervisor": v.supervisor.code if v.supervisor_id else None,
        "supervision_measures": v.supervision_measures,
        "result": {
            "name": v.result_name,
            "kind": v.result_kind,
            "licence_type": v.result_licence_type,
            "sample": v.result_sample,
        },
        "scope": v.scope,
        "validity": v.validity,
        "consult_phone": v.consult_phone,
        "complaint_phone": v.complaint_phone,
        "place": v.place,
        "hours": v.hours,
        "channels": list(v.channels),
        "pledge_allowed": v.pledge_allowed,
        "shortfall_allowed": v.shortfall_allowed,
        "faq": [dict(x) for x in v.faq],
    }
    graph = {
        "steps": [
            {
                "key": s.key,
                "name": s.name,
                "kind": s.kind,
                "role": s.role,
                "department": s.department.code if s.department_id else None,
                "limit_days": s.limit_days,
                "stops_clock": s.stops_clock,
            }
            for s in steps
        ],
        "edges": [[step_keys[e.from_step_id], step_keys[e.to_step_id]] for e in edges],
    }
    return {"elements": elements, "graph": graph}


_RELEASED_CONTENT: dict[tuple, dict[str, Any]] = {}
_RELEASED_CONTENT_MAX = 4096  # versions kept per process (a few KB each); cleared when full


def version_content_cached(version: ItemVersion) -> dict[str, Any]:
    """:func:`version_content` of a **released** version, built once per process (issue 9).

    A released version (published, superseded, retired) never changes: its children refuse to be
    saved (:class:`~zwfw.catalog.models.VersionImmutable`), so its content is cached by version id
    (with its number and publication time in the key, so a reused id of a rolled-back test
    database never hits). Drafts and versions under review are built afresh every time. The
    answer is shared: callers must not modify it.
    """
    from zwfw.catalog.models.versions import RELEASED_STATUSES

    if version.pk is None or version.status not in RELEASED_STATUSES or version.published_at is None:
        return version_content(version)
    key = (version.pk, version.number, version.published_at)
    hit = _RELEASED_CONTENT.get(key)
    if hit is None:
        prefetched = getattr(version, "_prefetched_objects_cache", None)
        if not prefetched:
            from zwfw.catalog.selectors import versions_with_content

            version = versions_with_content().get(pk=version.pk)
        hit = version_content(version)
        if len(_RELEASED_CONTENT) >= _RELEASED_CONTENT_MAX:
            _RELEASED_CONTENT.clear()
        _RELEASED_CONTENT[key] = hit
    return hit


def _field_out(f: FormField) -> dict[str, Any]:
    out: dict[str, Any] = {"element": f.element, "label": f.label, "type": f.type, "required": f.required}
    if f.choices:
        out["choices"] = list(f.choices)
    return out


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
    type and value, and codes must exist. Rules across fields (limits, graph shape) are checked by
    :mod:`~zwfw.catalog.services.validation`, not here.
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


def _bool(d: dict, key: str, p: str, errs: _Errors) -> None:
    if key in d and not isinstance(d[key], bool):
        errs.add(f"{p}.{key}", "应为true或false")


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


def _enum(d: dict, key: str, allowed: tuple[str, ...], p: str, errs: _Errors, *, blank_ok: bool = False) -> None:
    if key not in d:
        return
    v = d[key]
    if blank_ok and v == "":
        return
    if v not in allowed:
        errs.add(f"{p}.{key}", f"取值“{v}”无效，应为：{'、'.join(allowed)}")


def _list(d: dict, key: str, p: str, errs: _Errors) -> list:
    v = d.get(key, [])
    if not isinstance(v, list):
        errs.add(f"{p}.{key}", "应为数组")
        return []
    return v


def _check_elements(el: dict, refs: Refs, p: str, errs: _Errors) -> None:
    for key in ("conditions", "limit_note", "intermediary", "supervision_measures", "scope", "place"):
        _str(el, key, p, errs)
    for key, n in (("validity", 100), ("consult_phone", 100), ("complaint_phone", 100), ("hours", 300)):
        _str(el, key, p, errs, max_len=n)
    _int(el, "legal_limit_days", p, errs, nullable=True)
    _int(el, "promised_limit_days", p, errs, nullable=True)
    _enum(el, "case_type", CASE_TYPES, p, errs)
    _int(el, "online_depth", p, errs, lo=1, hi=4)
    _int(el, "visits", p, errs, hi=99)
    _bool(el, "pledge_allowed", p, errs)
    _bool(el, "shortfall_allowed", p, errs)
    sup = el.get("supervisor")
    if sup is not None and (not isinstance(sup, str) or sup not in refs.departments):
        errs.add(f"{p}.supervisor", f"监管主体部门“{sup}”不存在")
    fee = el.get("fee", {})
    if not isinstance(fee, dict):
        errs.add(f"{p}.fee", "应为对象")
    else:
        _bool(fee, "charged", f"{p}.fee", errs)
        _str(fee, "basis", f"{p}.fee", errs)
        _str(fee, "description", f"{p}.fee", errs, max_len=500)
        amount = fee.get("amount_fen", 0)
        if not _is_int(amount) or amount < 0:
            errs.add(f"{p}.fee.amount_fen", "收费金额应为非负整数（单位：分），不得使用小数")
        elif fee.get("charged") is False and amount:
            errs.add(f"{p}.fee.amount_fen", "不收费的事项金额应为0")
    result = el.get("result", {})
    if not isinstance(result, dict):
        errs.add(f"{p}.result", "应为对象")
    else:
        _str(result, "name", f"{p}.result", errs, max_len=200)
        _enum(result, "kind", RESULT_KINDS, f"{p}.result", errs, blank_ok=True)
        lt = result.get("licence_type", "")
        if lt and refs.check_licence_types and lt not in refs.licence_types:
            errs.add(f"{p}.result.licence_type", f"电子证照类型“{lt}”不存在")
    for i, ch in enumerate(_list(el, "channels", p, errs)):
        if ch not in CHANNELS:
            errs.add(f"{p}.channels[{i}]", f"办理形式“{ch}”无效，应为：{'、'.join(CHANNELS)}")
    for i, qa in enumerate(_list(el, "faq", p, errs)):
        if not isinstance(qa, dict) or not isinstance(qa.get("q"), str) or not isinstance(qa.get("a"), str):
            errs.add(f"{p}.faq[{i}]", '常见问题应为{"q": 问题, "a": 回答}')
    _check_materials(_list(el, "materials", p, errs), refs, f"{p}.materials", errs)
    _check_form(_list(el, "form", p, errs), f"{p}.form", errs)


def _check_materials(materials: list, refs: Refs, p: str, errs: _Errors) -> None:
    seen: set[str] = set()
    for i, m in enumerate(materials):
        mp = f"{p}[{i}]"
        if not isinstance(m, dict):
            errs.add(mp, "应为对象")
            continue
        _str(m, "key", mp, errs, required=True, max_len=64)
        _str(m, "name", mp, errs, required=True, max_len=300)
        for key in ("standard_code", "licence_type", "shared_data", "blank_form", "sample", "note"):
            _str(m, key, mp, errs)
        key = m.get("key")
        if isinstance(key, str):
            if key in seen:
                errs.add(f"{mp}.key", f"材料键“{key}”重复")
            seen.add(key)
        for j, form in enumerate(_list(m, "forms", mp, errs)):
            if form not in MATERIAL_FORMS:
                errs.add(f"{mp}.forms[{j}]", f"提交形式“{form}”无效，应为：{'、'.join(MATERIAL_FORMS)}")
        _int(m, "originals", mp, errs, hi=99)
        _int(m, "copies", mp, errs, hi=99)
        _bool(m, "required", mp, errs)
        _bool(m, "shortfall_allowed", mp, errs)
        _bool(m, "pledge_allowed", mp, errs)
        _enum(m, "source", MATERIAL_SOURCES, mp, errs)
        source = m.get("source", MaterialSource.APPLICANT)
        lt = m.get("licence_type", "")
        if source == MaterialSource.LICENCE and not lt:
            errs.add(f"{mp}.licence_type", "来源为电子证照时必须填写证照类型")
        if lt and isinstance(lt, str) and refs.check_licence_types and lt not in refs.licence_types:
            errs.add(f"{mp}.licence_type", f"电子证照类型“{lt}”不存在")
        if source == MaterialSource.SHARED and not m.get("shared_data"):
            errs.add(f"{mp}.shared_data", "来源为共享数据时必须填写共享数据集")


def _check_form(form: list, p: str, errs: _Errors) -> None:
    seen: set[str] = set()
    for i, f in enumerate(form):
        fp = f"{p}[{i}]"
        if not isinstance(f, dict):
            errs.add(fp, "应为对象")
            continue
        element = f.get("element")
        if element not in ELEMENTS:
            errs.add(f"{fp}.element", f"数据元“{element}”不在数据元字典中（zwfw.catalog.elements）")
        elif element in seen:
            errs.add(f"{fp}.element", f"数据元“{element}”重复")
        seen.add(element)
        _str(f, "label", fp, errs, required=True, max_len=100)
        _enum(f, "type", FIELD_TYPES, fp, errs)
        _bool(f, "required", fp, errs)
        choices = _list(f, "choices", fp, errs)
        if f.get("type") == FieldType.SELECT and not choices:
            errs.add(f"{fp}.choices", "选择类字段必须提供选项")
        if any(not isinstance(c, str) for c in choices):
            errs.add(f"{fp}.choices", "选项应为字符串")


def _check_graph(graph: dict, refs: Refs, p: str, errs: _Errors) -> None:
    steps = _list(graph, "steps", p, errs)
    keys: set[str] = set()
    for i, s in enumerate(steps):
        sp = f"{p}.steps[{i}]"
        if not isinstance(s, dict):
            errs.add(sp, "应为对象")
            continue
        _str(s, "key", sp, errs, required=True, max_len=64)
        _str(s, "name", sp, errs, required=True, max_len=100)
        _str(s, "role", sp, errs, max_len=32)
        _enum(s, "kind", STEP_KINDS, sp, errs)
        _int(s, "limit_days", sp, errs)
        _bool(s, "stops_clock", sp, errs)
        dept = s.get("department")
        if dept is not None and dept not in refs.departments:
            errs.add(f"{sp}.department", f"部门“{dept}”不存在")
        key = s.get("key")
        if isinstance(key, str):
            if key in keys:
                errs.add(f"{sp}.key", f"环节键“{key}”重复")
            keys.add(key)
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


def content_normalise(content: dict[str, Any]) -> dict[str, Any]:
    """Fill defaults and canonical key order into a checked content dict (what export would emit)."""
    el_in = content.get("elements") or {}
    elements = elements_defaults()
    for key in elements:
        if key in el_in:
            elements[key] = el_in[key]
    elements["fee"] = {**elements_defaults()["fee"], **(el_in.get("fee") or {})}
    elements["result"] = {**elements_defaults()["result"], **(el_in.get("result") or {})}
    elements["materials"] = [_material_norm(m) for m in elements["materials"]]
    elements["form"] = [_field_norm(f) for f in elements["form"]]
    elements["faq"] = [{"q": qa["q"], "a": qa["a"]} for qa in elements["faq"]]
    graph_in = content.get("graph") or {}
    graph = {
        "steps": [_step_norm(s) for s in graph_in.get("steps", [])],
        "edges": [list(e) for e in graph_in.get("edges", [])],
    }
    return {"elements": {k: elements[k] for k in ("conditions", "materials", "form", *SCALAR_KEYS[1:])}, "graph": graph}


def _material_norm(m: dict) -> dict:
    defaults = {
        "standard_code": "",
        "forms": [],
        "originals": 0,
        "copies": 0,
        "required": True,
        "shortfall_allowed": False,
        "pledge_allowed": False,
        "source": MaterialSource.APPLICANT.value,
        "licence_type": "",
        "shared_data": "",
        "blank_form": "",
        "sample": "",
        "note": "",
    }
    merged = {**defaults, **m}
    return {k: merged[k] for k in MATERIAL_KEYS}


def _field_norm(f: dict) -> dict:
    out = {
        "element": f["element"],
        "label": f["label"],
        "type": f.get("type", FieldType.TEXT.value),
        "required": f.get("required", False),
    }
    if f.get("choices"):
        out["choices"] = list(f["choices"])
    return out


def _step_norm(s: dict) -> dict:
    merged = {"kind": StepKind.OTHER.value, "role": "", "department": None, "limit_days": 0, "stops_clock": False, **s}
    return {k: merged[k] for k in STEP_KEYS}


# --- writing ------------------------------------------------------------------------------


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
    c = content_normalise(content)
    el = c["elements"]
    version.conditions = el["conditions"]
    version.legal_limit_days = el["legal_limit_days"]
    version.promised_limit_days = el["promised_limit_days"]
    version.limit_note = el["limit_note"]
    version.case_type = el["case_type"]
    version.fee_charged = el["fee"]["charged"]
    version.fee_basis = el["fee"]["basis"]
    version.fee_amount_fen = el["fee"]["amount_fen"]
    version.fee_description = el["fee"]["description"]
    version.online_depth = el["online_depth"]
    version.visits = el["visits"]
    version.intermediary = el["intermediary"]
    version.supervisor = departments[el["supervisor"]] if el["supervisor"] else None
    version.supervision_measures = el["supervision_measures"]
    version.result_name = el["result"]["name"]
    version.result_kind = el["result"]["kind"]
    version.result_licence_type = el["result"]["licence_type"]
    version.result_sample = el["result"]["sample"]
    version.scope = el["scope"]
    version.validity = el["validity"]
    version.consult_phone = el["consult_phone"]
    version.complaint_phone = el["complaint_phone"]
    version.place = el["place"]
    version.hours = el["hours"]
    version.channels = el["channels"]
    version.pledge_allowed = el["pledge_allowed"]
    version.shortfall_allowed = el["shortfall_allowed"]
    version.faq = el["faq"]
    version.save()
    if not fresh:
        # Children are replaced wholesale: the draft is the only holder of these rows.
        version.edges.all().delete()
        version.steps.all().delete()
        version.materials.all().delete()
        version.form_fields.all().delete()
    Material.objects.bulk_create(
        Material(version=version, order=i, **{k: m[k] for k in MATERIAL_KEYS}) for i, m in enumerate(el["materials"])
    )
    FormField.objects.bulk_create(
        FormField(
            version=version,
            order=i,
            element=f["element"],
            label=f["label"],
            type=f["type"],
            required=f["required"],
            choices=f.get("choices", []),
        )
        for i, f in enumerate(el["form"])
    )
    steps = Step.objects.bulk_create(
        Step(
            version=version,
            order=i,
            key=s["key"],
            name=s["name"],
            kind=s["kind"],
            role=s["role"],
            department=departments[s["department"]] if s["department"] else None,
            limit_days=s["limit_days"],
            stops_clock=s["stops_clock"],
        )
        for i, s in enumerate(c["graph"]["steps"])
    )
    by_key = {s.key: s for s in steps}
    StepEdge.objects.bulk_create(
        StepEdge(version=version, order=i, from_step=by_key[a], to_step=by_key[b])
        for i, (a, b) in enumerate(c["graph"]["edges"])
    )


def content_department_codes(content: dict[str, Any]) -> set[str]:
    el = content.get("elements") or {}
    codes = {el.get("supervisor")} | {s.get("department") for s in (content.get("graph") or {}).get("steps", [])}
    return {c for c in codes if isinstance(c, str) and c}


def content_copy(source: ItemVersion, target: ItemVersion) -> None:
    """Copy every content column and child row of ``source`` into the draft ``target``."""
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
        Material(version=target, order=m.order, **{k: getattr(m, k) for k in MATERIAL_KEYS})
        for m in source.materials.all()
    )
    FormField.objects.bulk_create(
        FormField(
            version=target,
            order=f.order,
            element=f.element,
            label=f.label,
            type=f.type,
            required=f.required,
            choices=f.choices,
        )
        for f in source.form_fields.all()
    )
    new_steps = Step.objects.bulk_create(
        Step(
            version=target,
            order=s.order,
            key=s.key,
            name=s.name,
            kind=s.kind,
            role=s.role,
            department_id=s.department_id,
            limit_days=s.limit_days,
            stops_clock=s.stops_clock,
        )
        for s in source.steps.all()
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
