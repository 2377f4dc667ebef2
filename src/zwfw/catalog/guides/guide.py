"""The 办事指南 (service guide) of an implementation, built from its published version in force.

Two layers, so that every rendering is 同源 (one source, PLATFORM.md):

- :func:`guide_data_for` — the one read: the implementation, its version in force (with content)
  and the display names its codes refer to, as one plain dict ("version data"): the interchange
  ``{"elements", "graph"}`` of ``docs/catalog-format.md`` plus the item's metadata. The guide
  page, the 百姓体 guide (:func:`zwfw.catalog.guides.plain.plain_guide`), the 一图 diagram
  (:func:`zwfw.catalog.guides.diagram.diagram_svg`) and the guide API all render this dict.
- :func:`build_guide` — a pure function from that dict to the :class:`Guide` view model: every
  element of 一表 with its Chinese label and display text (counts, 免提交, fees in yuan …).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import make_dataclass
from typing import Any

from django.http import Http404

from zwfw.catalog import selectors
from zwfw.catalog.content import CHANNEL_LABELS, version_content
from zwfw.catalog.models import (
    CaseType,
    ItemType,
    LicenceType,
    MaterialForm,
    MaterialSource,
    ResultKind,
    StepKind,
)
from zwfw.catalog.services import critical_path
from zwfw.catalog.spec import ContentField, ContentSpec, current
from zwfw.core.models import Department, DepartmentLevel, Role

#: 网上办理深度 Ⅰ–Ⅳ级. The wording is the common reading of the four levels, not a confirmed
#: official code list (DOMAIN.md marks the official meaning as unconfirmed).
ONLINE_DEPTH_LABELS = {
    1: "Ⅰ级（网上可查办事指南）",
    2: "Ⅱ级（网上可下载表格、预约）",
    3: "Ⅲ级（网上可提交材料预审）",
    4: "Ⅳ级（全程网上办理）",
}

ROLE_LABELS: dict[str, str] = {"applicant": "申请人", **{r.value: str(r.label) for r in Role}}

EXEMPT_LICENCE = "免提交：可用电子证照"
EXEMPT_SHARED = "免提交：部门共享获取"
EXEMPT_PRODUCED = "免提交：由办理部门生成"


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role or "—")


def yuan(amount_fen: int) -> str:
    """Integer fen as a yuan amount without float: 150000 → "1500", 1250 → "12.5", 5 → "0.05"."""
    whole, cents = divmod(int(amount_fen), 100)
    if not cents:
        return str(whole)
    return f"{whole}.{cents:02d}".rstrip("0")


def critical_chain(graph: dict[str, Any]) -> tuple[int, list[str]]:
    """The critical path as drawn: :func:`~zwfw.catalog.services.critical_path`'s days (the
    longest chain of clock-counting days, 《行政许可法》第四十五条 steps counting 0), with the chain
    carried on to the end step when zero-day steps (送达 "即时") follow it, so the highlighted path
    runs from the start to the end. Assumes an acyclic graph (published versions are validated).
    """
    days, path = critical_path(graph)
    if not path:
        return days, path
    succs: dict[str, list[str]] = {}
    for a, b in graph.get("edges", []):
        succs.setdefault(a, []).append(b)
    weight = {s["key"]: (0 if s.get("stops_clock") else int(s.get("limit_days") or 0)) for s in graph["steps"]}
    seen = set(path)
    while succs.get(path[-1]):
        nxt = next((n for n in succs[path[-1]] if weight.get(n) == 0 and n not in seen), None)
        if nxt is None:
            break
        path.append(nxt)
        seen.add(nxt)
    return days, path


# --- the one read -------------------------------------------------------------------------------


def guide_data_for(*, code: str, on: dt.date | None = None) -> dict[str, Any]:
    """The version data of implementation ``code`` as in force on ``on`` (default today).

    404 when the code is unknown, the implementation is inactive or nothing is in force. Public:
    only released versions are ever in force. A fixed number of queries (implementation,
    version and its children, then the names of departments and e-licence types it names).
    """
    impl = selectors.implementation_get(code=code)
    if not impl.is_active:
        raise Http404
    version = selectors.version_in_force(impl, on=on, with_content=True)
    if version is None:
        raise Http404
    content = version_content(version)
    base = impl.base
    elements, graph = content["elements"], content["graph"]
    dept_codes = {s["department"] for s in graph["steps"] if s["department"]}
    if elements.get("supervisor"):
        dept_codes.add(elements["supervisor"])
    departments = dict(Department.objects.filter(code__in=dept_codes).values_list("code", "name"))
    departments[impl.department.code] = impl.department.name
    licence_codes = {m["licence_type"] for m in elements["materials"] if m["licence_type"]}
    if elements["result"].get("licence_type"):
        licence_codes.add(elements["result"]["licence_type"])
    licence_types = dict(LicenceType.objects.filter(code__in=licence_codes).values_list("code", "name"))
    return {
        "code": impl.code,
        "base_code": base.code,
        "name": base.name,
        "item_type": base.item_type,
        "item_type_label": str(ItemType(base.item_type).label) if base.item_type in ItemType.values else "",
        "legal_basis": base.legal_basis,
        "region": impl.region_id,
        "region_name": impl.region.name,
        "level": impl.level,
        "department": impl.department.code,
        "department_name": impl.department.name,
        "service_objects": list(base.service_objects),
        "version": {
            "id": version.pk,
            "number": version.number,
            "status": version.status,
            "effective_from": version.effective_from,
            "effective_to": version.effective_to,
            "note": version.change_note,
        },
        "names": {"departments": departments, "licence_types": licence_types},
        **content,
    }


# --- the view model -----------------------------------------------------------------------------


#: The guide view model's attributes, once: :class:`Guide` (the pages) and ``GuideOut`` (the
#: API schema, :mod:`zwfw.catalog.guides.schemas`) are both made from these lists. Nested rows
#: are named by string ("GuideMaterial", "GuideStep"); each side puts its own class there.
GUIDE_MATERIAL_ATTRS: tuple[tuple[str, Any], ...] = (
    ("key", str),
    ("name", str),
    ("forms", list[str]),
    ("originals", int),
    ("copies", int),
    ("count_text", str),
    ("required", bool),
    ("shortfall_allowed", bool),
    ("pledge_allowed", bool),
    ("requirement", str),
    ("source", str),
    ("source_label", str),
    ("exempt", str),
    ("licence_name", str),
    ("shared_data", str),
    ("blank_form", str),
    ("sample", str),
    ("note", str),
)
GUIDE_STEP_ATTRS: tuple[tuple[str, Any], ...] = (
    ("key", str),
    ("name", str),
    ("kind_label", str),
    ("role_label", str),
    ("department_name", str),
    ("limit_days", int),
    ("stops_clock", bool),
    ("critical", bool),
)
GUIDE_ATTRS: tuple[tuple[str, Any], ...] = (
    ("code", str),
    ("base_code", str),
    ("name", str),
    ("item_type_label", str),
    ("legal_basis", str),
    ("implementing_body", str),
    ("region_name", str),
    ("level_label", str),
    ("version_number", int),
    ("effective_from", dt.date | None),
    ("conditions", str),
    ("materials", "list[GuideMaterial]"),
    ("form_fields", list[str]),
    ("legal_limit_days", int | None),
    ("promised_limit_days", int | None),
    ("limit_note", str),
    ("case_type_label", str),
    ("fee_charged", bool),
    ("fee_text", str),
    ("fee_basis", str),
    ("online_depth", int),
    ("online_depth_label", str),
    ("visits", int),
    ("intermediary", str),
    ("supervisor_name", str),
    ("supervision_measures", str),
    ("result_name", str),
    ("result_kind_label", str),
    ("result_licence_name", str),
    ("scope", str),
    ("validity", str),
    ("consult_phone", str),
    ("complaint_phone", str),
    ("place", str),
    ("hours", str),
    ("channels", list[str]),
    ("pledge_allowed", bool),
    ("shortfall_allowed", bool),
    ("faq", list[dict[str, str]]),
    ("steps", "list[GuideStep]"),
    ("critical_days", int),
    ("critical_path", list[str]),
    ("extra_rows", dict[str, list[dict[str, str]]]),  # section → [{"label", "text"}]: generic elements
)


def guide_attrs(spec: ContentSpec) -> tuple[tuple[str, Any], ...]:
    """:data:`GUIDE_ATTRS` and one attribute per element the guide shows generically (its value
    as the format has it; ``extra_rows`` carries its display text)."""
    return (*GUIDE_ATTRS, *((f.attr, f.py_type) for f in spec.guide_fields()))


def _nested(attrs: tuple[tuple[str, Any], ...], classes: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(name, list[classes[t[5:-1]]] if isinstance(t, str) else t) for name, t in attrs]


GuideMaterial = make_dataclass("GuideMaterial", GUIDE_MATERIAL_ATTRS, frozen=True)
GuideStep = make_dataclass("GuideStep", GUIDE_STEP_ATTRS, frozen=True)


@functools.cache
def guide_class(spec: ContentSpec) -> type:
    """The :class:`Guide` view model of ``spec`` (a frozen dataclass)."""
    return make_dataclass(
        "Guide", _nested(guide_attrs(spec), {"GuideMaterial": GuideMaterial, "GuideStep": GuideStep}), frozen=True
    )


Guide = guide_class(current())


def display_text(f: ContentField, value: Any, names: dict[str, dict[str, str]]) -> str:
    """An element's value as the guide shows it (generic elements): labels for codes, 是/否,
    yuan for money, "—" for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    if f.kind == "bool":
        return "是" if value else "否"
    if f.kind == "money":
        return f"{yuan(value)} 元"
    labels = dict(f.choices)
    if f.kind == "enum":
        return labels.get(value, value)
    if f.kind in ("enum_list", "list"):
        return "、".join(labels.get(v, v) for v in value)
    if f.kind == "department":
        return names.get("departments", {}).get(value, value)
    if f.kind == "licence_type":
        return names.get("licence_types", {}).get(value, value)
    if f.kind == "faq":
        return "；".join(f"{qa.get('q', '')}：{qa.get('a', '')}" for qa in value)
    return str(value)


def _count_text(m: dict[str, Any]) -> str:
    parts = []
    if m["originals"]:
        parts.append(f"原件{m['originals']}份")
    if m["copies"]:
        parts.append(f"复印件{m['copies']}份")
    if "electronic" in m["forms"]:
        parts.append("电子件")
    return "、".join(parts) or "—"


def material_requirement(m: dict[str, Any], el: dict[str, Any]) -> str:
    """是否必要 as the guide words it: 必要 / 非必要, and for a required material what the item
    allows instead (可容缺后补 where the item allows 容缺受理, 可以告知承诺代替 where it allows
    告知承诺 and the material is marked 可承诺替代)."""
    if not m["required"]:
        return "非必要"
    ways = []
    if m["shortfall_allowed"] and el.get("shortfall_allowed"):
        ways.append("可容缺后补")
    if m.get("pledge_allowed") and el.get("pledge_allowed"):
        ways.append("可以告知承诺代替")
    return f"必要（{'，或'.join(ways)}）" if ways else "必要"


def _material(m: dict[str, Any], licence_names: dict[str, str], el: dict[str, Any]) -> GuideMaterial:
    source = m["source"]
    licence_name = licence_names.get(m["licence_type"], m["licence_type"]) if m["licence_type"] else ""
    exempt = {
        MaterialSource.LICENCE.value: EXEMPT_LICENCE,
        MaterialSource.SHARED.value: EXEMPT_SHARED,
        MaterialSource.PRODUCED.value: EXEMPT_PRODUCED,
    }.get(source, "")
    requirement = material_requirement(m, el)
    return GuideMaterial(
        key=m["key"],
        name=m["name"],
        forms=[str(MaterialForm(f).label) for f in m["forms"] if f in MaterialForm.values],
        originals=m["originals"],
        copies=m["copies"],
        count_text=_count_text(m),
        required=m["required"],
        shortfall_allowed=m["shortfall_allowed"],
        pledge_allowed=bool(m.get("pledge_allowed")),
        requirement=requirement,
        source=source,
        source_label=str(MaterialSource(source).label) if source in MaterialSource.values else source,
        exempt=exempt,
        licence_name=licence_name,
        shared_data=m["shared_data"],
        blank_form=m["blank_form"],
        sample=m["sample"],
        note=m["note"],
    )


def fee_text(fee: dict[str, Any]) -> str:
    """收费: "不收费", or the amount in yuan from integer fen (and the description)."""
    if not fee.get("charged"):
        return "不收费"
    amount = int(fee.get("amount_fen") or 0)
    text = f"收费 {yuan(amount)} 元" if amount else "收费"
    description = (fee.get("description") or "").strip()
    return f"{text}（{description}）" if description else text


def build_guide(data: dict[str, Any]) -> Any:
    """The 办事指南 view model of :func:`guide_data_for`'s dict (pure: no database)."""
    el, graph = data["elements"], data["graph"]
    names = data.get("names", {})
    departments: dict[str, str] = names.get("departments", {})
    licence_names: dict[str, str] = names.get("licence_types", {})
    days, path = critical_chain(graph) if graph["steps"] else (0, [])
    on_path = set(path)
    steps = [
        GuideStep(
            key=s["key"],
            name=s["name"],
            kind_label=str(StepKind(s["kind"]).label) if s["kind"] in StepKind.values else s["kind"],
            role_label=role_label(s["role"]),
            department_name=departments.get(s["department"], s["department"])
            if s["department"]
            else data["department_name"],
            limit_days=s["limit_days"],
            stops_clock=s["stops_clock"],
            critical=s["key"] in on_path,
        )
        for s in graph["steps"]
    ]
    result = el["result"]
    supervisor = el.get("supervisor")
    level = data.get("level")
    spec = current()
    generic = spec.guide_fields()
    extra_rows: dict[str, list[dict[str, str]]] = {}
    for f in generic:
        text = display_text(f, spec.get(el, f), names)
        extra_rows.setdefault(f.guide_section, []).append({"label": f.label, "text": text})
    return guide_class(spec)(
        code=data["code"],
        base_code=data["base_code"],
        name=data["name"],
        item_type_label=data.get("item_type_label", ""),
        legal_basis=data.get("legal_basis", ""),
        implementing_body=data["department_name"],
        region_name=data.get("region_name", ""),
        level_label=str(DepartmentLevel(level).label) if level in DepartmentLevel.values else "",
        version_number=data["version"]["number"],
        effective_from=data["version"].get("effective_from"),
        conditions=el["conditions"],
        materials=[_material(m, licence_names, el) for m in el["materials"]],
        form_fields=[f["label"] for f in el.get("form", [])],
        legal_limit_days=el["legal_limit_days"],
        promised_limit_days=el["promised_limit_days"],
        limit_note=el["limit_note"],
        case_type_label=str(CaseType(el["case_type"]).label) if el["case_type"] in CaseType.values else "",
        fee_charged=bool(el["fee"]["charged"]),
        fee_text=fee_text(el["fee"]),
        fee_basis=el["fee"].get("basis", ""),
        online_depth=el["online_depth"],
        online_depth_label=ONLINE_DEPTH_LABELS.get(el["online_depth"], str(el["online_depth"])),
        visits=el["visits"],
        intermediary=el["intermediary"] or "无",
        supervisor_name=departments.get(supervisor, supervisor) if supervisor else data["department_name"],
        supervision_measures=el["supervision_measures"],
        result_name=result.get("name", ""),
        result_kind_label=str(ResultKind(result["kind"]).label) if result.get("kind") in ResultKind.values else "",
        result_licence_name=licence_names.get(result.get("licence_type", ""), result.get("licence_type", "")),
        scope=el["scope"],
        validity=el["validity"] or "长期有效",
        consult_phone=el["consult_phone"],
        complaint_phone=el["complaint_phone"],
        place=el["place"],
        hours=el["hours"],
        channels=[CHANNEL_LABELS.get(c, c) for c in el["channels"]],
        pledge_allowed=bool(el["pledge_allowed"]),
        shortfall_allowed=bool(el["shortfall_allowed"]),
        faq=[dict(x) for x in el.get("faq", [])],
        steps=steps,
        critical_days=days,
        critical_path=path,
        extra_rows=extra_rows,
        **{f.attr: spec.get(el, f) for f in generic},
    )
