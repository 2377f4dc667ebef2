"""Sichuan demo catalog: expand the compact YAML under ``demo_data/`` into the interchange format.

Contract: :func:`build_catalog` returns one dict in the ``zwfw-catalog`` interchange format,
version 1 (``docs/catalog-format.md``): ``licence_types``, ``base_items`` (基本目录) and
``implementations`` (实施清单). The module is pure: it reads the YAML shipped beside it and the
core department list (``core/fixtures/departments.yaml``), touches no database and imports no
models, so the catalog import service can load its output whatever the models look like.

The YAML is short because the code fills in what repeats:

- ``materials.yaml`` — the standard materials, each with a ``standard_code`` (the same code means
  the same material across items, which is what lets a 一件事 bundle de-duplicate them);
- ``licence_types.yaml`` — e-licence types; a material from an e-licence names its type;
- ``form_fields.yaml`` — the data elements used by application forms and named field sets;
- ``graphs.yaml`` — process-graph templates whose step limits are fitted to the promised limit;
- ``places.yaml`` — where and when each region's departments receive applicants, and hotlines;
- ``items/*.yaml`` — the items of one line of business, with file-level defaults.

Before returning, the result is checked (:func:`catalog_problems`): unique codes, every material,
licence type, form element and department known, graphs acyclic with one start and one end and
every step reachable, and critical path ≤ promised ≤ legal limit (行政许可法 arts. 42 and 45: the
limits count working days; special procedures such as 检验、检测、鉴定、专家评审 stop the clock).
Any problem raises :class:`DemoDataError` listing all of them.
"""

from __future__ import annotations

import copy
import itertools
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from zwfw.catalog.graphs import is_acyclic, topological_order

DATA_DIR = Path(__file__).with_name("demo_data")
DEPARTMENTS_FILE = Path(__file__).resolve().parents[2] / "core" / "fixtures" / "departments.yaml"

FORMAT = "zwfw-catalog"
FORMAT_VERSION = 1
EFFECTIVE_FROM = "2026-01-01"

#: Sichuan base codes start with ``51`` and a two-character type (DOMAIN.md "Item codes in real
#: systems": 1A 许可, 1E 裁决, 1F 确认, 1G 给付, 1H 奖励, 1Z 其他行政权力). Sichuan's own item pages
#: file 备案 items under 1Z (taskType 10) and 公共服务 办理类 under 2B (taskType 20), e.g.
#: 512B0011200070 居住证办理 (广安区; v-luobo/zwfw ``bszl-data.js``).
TYPE_LETTERS = {
    "licence": "1A",
    "adjudication": "1E",
    "confirmation": "1F",
    "payment": "1G",
    "reward": "1H",
    "filing": "1Z",
    "other_power": "1Z",
    "public_service": "2B",
}
SERVICE_OBJECTS = {"person", "enterprise", "public_institution", "social_org", "other_org"}
LIFE_EVENTS = {
    "birth",
    "education",
    "employment",
    "living",
    "housing",
    "travel",
    "medical",
    "relief",
    "elderly",
    "after_death",
}
ENTERPRISE_STAGES = {"access", "hiring", "tax", "operation", "construction", "exit"}
STEP_KINDS = {
    "apply",
    "accept",
    "review",
    "inspect",
    "tech_review",
    "hearing",
    "expert_review",
    "testing",
    "decide",
    "produce",
    "deliver",
    "other",
}
MATERIAL_FORMS = {"original", "copy", "electronic"}
MATERIAL_SOURCES = {"applicant", "licence", "shared", "produced"}
FIELD_TYPES = {"text", "textarea", "number", "date", "id_number", "uscc", "phone", "address", "select", "money"}
CHANNELS = {"window", "online", "mobile", "post", "kiosk"}
RESULT_KINDS = {"licence", "approval", "other"}

MATERIAL_DEFAULTS: dict[str, Any] = {
    "name": "",
    "standard_code": "",
    "forms": ["original"],
    "originals": 1,
    "copies": 0,
    "required": True,
    "shortfall_allowed": False,
    "pledge_allowed": False,
    "source": "applicant",
    "licence_type": "",
    "shared_data": "",
    "blank_form": "",
    "sample": "",
    "note": "",
}
MATERIAL_KEYS = ("key", *MATERIAL_DEFAULTS)

SUPERVISION_BY_TYPE = {
    "licence": "“双随机、一公开”监管；信用分类监管；投诉举报核查",
    "filing": "备案信息抽查；“双随机、一公开”监管",
    "confirmation": "办件质量抽查；电子监察",
    "payment": "资金发放审计；待遇资格认证；电子监察",
    "reward": "电子监察",
    "adjudication": "电子监察",
    "other_power": "电子监察；办件质量抽查",
    "public_service": "“好差评”评价；电子监察",
}


class DemoDataError(ValueError):
    """The demo YAML breaks a catalog rule; ``problems`` lists every one found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("demo catalog data invalid:\n" + "\n".join(problems))


def _load(name: str | Path) -> Any:
    path = name if isinstance(name, Path) else DATA_DIR / name
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def _departments() -> dict[str, dict]:
    """Core departments by code ``"<region>-<line>"``."""
    rows = _load(DEPARTMENTS_FILE)
    return {f"{row['region']}-{row['line']}": row for row in rows}


def load_departments() -> dict[str, dict]:
    """Departments of ``core/fixtures/departments.yaml`` by code (a copy; for tests and importers)."""
    return copy.deepcopy(_departments())


# --------------------------------------------------------------------------- materials and forms


def _material(entry: Any, library: dict[str, dict], problems: list[str], where: str) -> dict:
    """One material: a library key, ``{use: key, …overrides}``, or an inline ``{key, name, …}``."""
    if isinstance(entry, str):
        key, base, overrides = entry, library.get(entry), {}
        if base is None:
            problems.append(f"{where}: unknown material {entry!r}")
            base = {"name": entry}
    elif "use" in entry:
        overrides = {k: v for k, v in entry.items() if k != "use"}
        key = overrides.pop("key", entry["use"])
        base = library.get(entry["use"])
        if base is None:
            problems.append(f"{where}: unknown material {entry['use']!r}")
            base = {"name": entry["use"]}
    else:
        overrides = dict(entry)
        key = overrides.pop("key", "")
        base = {}
        if not key:
            problems.append(f"{where}: inline material without key: {entry!r}")
    material = {**MATERIAL_DEFAULTS, **base, **overrides, "key": key}
    if material["source"] == "licence" and not material["standard_code"]:
        material["standard_code"] = material["licence_type"]
    return {k: material[k] for k in MATERIAL_KEYS}


def _application_form(title: str) -> dict:
    """The item's own application form (申请表): never shared, so no standard code."""
    return {
        "key": "application_form",
        **MATERIAL_DEFAULTS,
        "name": f"《{title}》",
        "forms": ["original", "electronic"],
        "blank_form": f"{title}（空白表）",
        "sample": f"{title}（填写示范）",
        "note": "网上申请的，在线填写，无需另交纸质表",
    }


def _form(entries: list, fields: dict, problems: list[str], where: str) -> list[dict]:
    elements, sets = fields["elements"], fields["sets"]
    out: list[dict] = []
    seen: set[str] = set()

    def add(entry: Any) -> None:
        if isinstance(entry, str):
            if entry in sets:
                for sub in sets[entry]:
                    add(sub)
                return
            entry = {"element": entry}
        element = entry["element"]
        known = elements.get(element)
        if known is None:
            problems.append(f"{where}: form element {element!r} not in form_fields.yaml")
            known = {"label": element, "type": "text"}
        if element in seen:
            return
        seen.add(element)
        field = {
            "element": element,
            "label": entry.get("label", known["label"]),
            "type": entry.get("type", known["type"]),
            "required": entry.get("required", True),
        }
        choices = entry.get("choices", known.get("choices"))
        if choices:
            field["choices"] = list(choices)
        out.append(field)

    for entry in entries:
        add(entry)
    return out


# --------------------------------------------------------------------------- graphs


def _graph(spec: Any, templates: dict, promised: int, department_of: dict[str, str | None]) -> dict:
    """Expand a template and fit its step limits to ``promised`` working days.

    ``spec`` is a template name or ``{template, limits, names, drop, departments}``. The template's
    ``flex`` step takes whatever the promised limit leaves after the longest path through it; a step
    with ``cap: <key>`` (a parallel branch) never takes longer than that step. When the fixed limits
    leave the flex step no day (a one-day promise on a long template), they shrink, latest step
    first — same-day acceptance and decision, as 即办 windows do — so the critical path equals the
    promise.
    """
    if isinstance(spec, str):
        spec = {"template": spec}
    template = templates[spec["template"]]
    limits = spec.get("limits", {})
    names = spec.get("names", {})
    step_departments = spec.get("departments", {})
    steps = []
    for raw in template["steps"]:
        step = dict(raw)
        if step["key"] in spec.get("drop", ()):
            continue
        step.setdefault("limit", 0)
        if step["key"] in limits:
            step["limit"] = limits[step["key"]]
        if step["key"] in names:
            step["name"] = names[step["key"]]
        steps.append(step)
    keys = [s["key"] for s in steps]
    if template["edges"] == "chain":
        edges = [[a, b] for a, b in itertools.pairwise(keys)]
    else:
        edges = [[a, b] for a, b in template["edges"] if a in keys and b in keys]
    by_key = {s["key"]: s for s in steps}

    def counted(step: dict) -> int:
        return 0 if step.get("stop") else step["limit"]

    flex = next((s for s in steps if s.get("flex")), None)
    if flex is not None:
        flex["limit"] = 0
        # Leave the flex step at least one day when anything is promised: shrink the template's
        # fixed steps, latest first (送达, 制证, 决定, 受理), until the rest fits.
        room = promised - 1 if promised > 0 else 0
        shrinkable = [s for s in reversed(steps) if not s.get("stop") and not s.get("cap") and s["key"] not in limits]

        def fixed_longest() -> int:
            return _longest(keys, edges, {k: 0 if by_key[k].get("cap") else counted(by_key[k]) for k in keys})

        while fixed_longest() > room and any(s["limit"] > 0 for s in shrinkable):
            next(s for s in shrinkable if s["limit"] > 0)["limit"] -= 1
        weights = {k: 0 if by_key[k].get("cap") else counted(by_key[k]) for k in keys}
        through = _longest_through(keys, edges, weights, flex["key"])
        flex["limit"] = max(0, promised - through)
    for s in steps:
        if s.get("cap"):
            s["limit"] = min(s["limit"], by_key[s["cap"]]["limit"])
    return {
        "steps": [
            {
                "key": s["key"],
                "name": s["name"],
                "kind": s["kind"],
                "role": s["role"],
                "department": department_of.get(step_departments.get(s["key"], "")),
                "limit_days": s["limit"],
                "stops_clock": bool(s.get("stop")),
            }
            for s in steps
        ],
        "edges": edges,
    }


def _topo(keys: list[str], edges: list[list[str]]) -> list[str] | None:
    return topological_order(keys, edges) if is_acyclic(keys, edges) else None


def _longest(keys: list[str], edges: list[list[str]], weight: dict[str, int]) -> int:
    order = _topo(keys, edges) or keys
    best = {k: weight[k] for k in keys}
    for k in order:
        for a, b in edges:
            if a == k:
                best[b] = max(best[b], best[k] + weight[b])
    return max(best.values(), default=0)


def _longest_through(keys: list[str], edges: list[list[str]], weight: dict[str, int], via: str) -> int:
    """Longest path (sum of weights) that passes through ``via``."""
    order = _topo(keys, edges) or keys
    to = {k: weight[k] for k in keys}
    for k in order:
        for a, b in edges:
            if a == k:
                to[b] = max(to[b], to[k] + weight[b])
    frm = {k: weight[k] for k in keys}
    for k in reversed(order):
        for a, b in edges:
            if a == k:
                frm[a] = max(frm[a], weight[a] + frm[b])
    return to[via] + frm[via] - weight[via]


def graph_problems(graph: dict, *, promised: int | None, legal: int | None) -> list[str]:
    """Rules of 一图 (docs/catalog-format.md "graph"): acyclic, one start, one end, all reachable,
    critical path of clock-running steps ≤ promised ≤ legal (行政许可法 arts. 42, 45, 82)."""
    problems: list[str] = []
    keys = [s["key"] for s in graph["steps"]]
    if len(set(keys)) != len(keys):
        problems.append("duplicate step keys")
    for s in graph["steps"]:
        if s["kind"] not in STEP_KINDS:
            problems.append(f"step {s['key']}: unknown kind {s['kind']!r}")
        if not isinstance(s["limit_days"], int) or s["limit_days"] < 0:
            problems.append(f"step {s['key']}: limit_days must be a whole number ≥ 0")
    known = set(keys)
    for a, b in graph["edges"]:
        if a not in known or b not in known:
            problems.append(f"edge {a}→{b}: unknown step")
    if problems:
        return problems
    starts = [k for k in keys if not any(b == k for _, b in graph["edges"])]
    ends = [k for k in keys if not any(a == k for a, _ in graph["edges"])]
    if len(starts) != 1:
        problems.append(f"graph must have exactly one start, has {starts}")
    if len(ends) != 1:
        problems.append(f"graph must have exactly one end, has {ends}")
    if _topo(keys, graph["edges"]) is None:
        problems.append("graph has a cycle")
        return problems
    if len(starts) == 1:
        reached, todo = {starts[0]}, [starts[0]]
        while todo:
            k = todo.pop()
            for a, b in graph["edges"]:
                if a == k and b not in reached:
                    reached.add(b)
                    todo.append(b)
        if reached != known:
            problems.append(f"steps not reachable from the start: {sorted(known - reached)}")
    weight = {s["key"]: 0 if s["stops_clock"] else s["limit_days"] for s in graph["steps"]}
    critical = _longest(keys, graph["edges"], weight)
    if promised is not None and critical > promised:
        problems.append(f"critical path {critical} > promised limit {promised}")
    if promised is not None and legal is not None and promised > legal:
        problems.append(f"promised limit {promised} > legal limit {legal}")
    return problems


# --------------------------------------------------------------------------- items


def _department_of(region: str, departments: dict[str, dict]) -> dict[str, str | None]:
    """Line → department code in ``region`` (for steps handled by another department)."""
    return {row["line"]: code for code, row in departments.items() if row["region"] == region}


def _elements(
    item: dict,
    *,
    region: str | None,
    department: str | None,
    promised: int,
    materials: list[dict],
    form: list[dict],
    places: dict,
) -> dict:
    fee = item.get("fee") or 0
    if isinstance(fee, int):
        fee = {"amount_fen": fee}
    amount = int(fee.get("amount_fen", 0))
    charged = amount > 0 or bool(fee.get("charged"))
    line = item["line"]
    region_place = places["regions"].get(region or "", places["default"])
    place_override = item.get("places", {}).get(region or "", "")
    if department and not place_override:
        short = _departments().get(department, {}).get("short_name", department)
        place = f"{region_place['place']}（{short}窗口）"
    else:
        place = place_override or region_place["place"]
    depth = item.get("depth", 3)
    result = item.get("result") or {}
    if isinstance(result, str):
        result = {"name": result}
    return {
        "conditions": item.get("conditions", ""),
        "materials": materials,
        "form": form,
        "legal_limit_days": item.get("legal"),
        "promised_limit_days": promised,
        "limit_note": item.get("limit_note", ""),
        "case_type": "instant" if promised == 0 else "promised",
        "fee": {
            "charged": charged,
            "basis": fee.get("basis", ""),
            "amount_fen": amount,
            "description": fee.get("description", "不收费" if not charged else ""),
        },
        "online_depth": depth,
        "visits": item.get("visits", 0 if depth == 4 else 1),
        "intermediary": item.get("intermediary", ""),
        "supervisor": department,
        "supervision_measures": item.get("supervision", SUPERVISION_BY_TYPE.get(item["type"], "")),
        "result": {
            "name": result.get("name", ""),
            "kind": result.get("kind", "licence" if result.get("licence_type") else "other"),
            "licence_type": result.get("licence_type", ""),
            "sample": result.get("sample", f"{result['name']}（样本）" if result.get("licence_type") else ""),
        },
        "scope": item.get("scope", ""),
        "validity": item.get("validity", ""),
        "consult_phone": item.get("phone", places["phones"].get(line, places["phones"]["default"])),
        "complaint_phone": "12345",
        "place": place,
        "hours": region_place["hours"],
        "channels": item.get("channels", ["window", "online", "mobile"]),
        "pledge_allowed": item.get("pledge", False),
        "shortfall_allowed": item.get("shortfall", False),
        "faq": item.get("faq", []),
    }


def _implementation_sites(item: dict) -> list[tuple[str, str, dict]]:
    """``at`` entries: ``"510100"`` (the item's line there), ``"510107/xzsp"`` (another line)."""
    sites = []
    for entry in item["at"]:
        entry = str(entry)
        region, _, line = entry.partition("/")
        overrides = item.get("impl", {}).get(entry, {})
        sites.append((region, f"{region}-{line or item['line']}", overrides))
    return sites


def _expand_item(item: dict, libs: dict, problems: list[str]) -> tuple[dict, list[dict]]:
    where = f"{item['_file']} no {item.get('n')} {item.get('name')}"
    departments = _departments()
    materials = []
    if item.get("apply_form"):
        materials.append(_application_form(item["apply_form"]))
    materials += [_material(m, libs["materials"], problems, where) for m in item.get("materials", [])]
    form = _form(item.get("form", []), libs["fields"], problems, where)
    promised = item["promised"]
    if item["type"] not in TYPE_LETTERS:
        problems.append(f"{where}: unknown item type {item['type']!r}")
    graph_spec = item.get("graph", "licence")
    template = graph_spec if isinstance(graph_spec, str) else graph_spec.get("template")
    if template not in libs["graphs"]:
        problems.append(f"{where}: unknown graph template {template!r}")
        graph_spec = "licence"
    code = f"51{TYPE_LETTERS.get(item['type'], '??')}{item['_file_no']:02d}{item['n']:03d}{item.get('sub', 0):03d}"
    sites = _implementation_sites(item)
    levels = sorted({departments[d]["level"] for _, d, _ in sites if d in departments})
    base_graph = _graph(graph_spec, libs["graphs"], promised, {})
    base = {
        "code": code,
        "name": item["name"],
        "item_type": item["type"],
        "legal_basis": item["basis"],
        "department_line": item["line"],
        "levels": levels,
        "service_objects": item.get("objects", ["person"]),
        "keywords": item.get("keywords", []),
        "life_events": item.get("life_events", []),
        "enterprise_stages": item.get("stages", []),
        "elements": _elements(
            item,
            region=None,
            department=sites[0][1] if sites else None,
            promised=promised,
            materials=materials,
            form=form,
            places=libs["places"],
        ),
        "graph": base_graph,
    }
    base["elements"]["place"] = "按各实施机关公布的办理地点（见实施清单）"
    implementations = []
    for region, department, overrides in sites:
        if department not in departments:
            problems.append(f"{where}: department {department} not in core/fixtures/departments.yaml")
            continue
        impl_promised = overrides.get("promised", promised)
        drop = set(overrides.get("drop", ()))
        impl_materials = [copy.deepcopy(m) for m in materials if m["key"] not in drop]
        elements = _elements(
            item,
            region=region,
            department=department,
            promised=impl_promised,
            materials=impl_materials,
            form=copy.deepcopy(form),
            places=libs["places"],
        )
        graph = _graph(graph_spec, libs["graphs"], impl_promised, _department_of(region, departments))
        compact = department.replace("-", "").upper()
        implementations.append(
            {
                "base_code": code,
                "code": f"{code}-{region}000000-000-{compact}-1-00",
                "region": region,
                "level": departments[department]["level"],
                "department": department,
                "version": {
                    "number": 1,
                    "status": "published",
                    "effective_from": EFFECTIVE_FROM,
                    "note": "首次发布（演示数据，依据公开办事指南整理）",
                },
                "elements": elements,
                "graph": graph,
            }
        )
    return base, implementations


def _libraries() -> dict:
    return {
        "materials": _load("materials.yaml"),
        "fields": _load("form_fields.yaml"),
        "graphs": _load("graphs.yaml"),
        "places": _load("places.yaml"),
    }


def _items() -> list[dict]:
    items = []
    for path in sorted((DATA_DIR / "items").glob("*.yaml")):
        doc = _load(path)
        defaults = doc.get("defaults", {})
        for raw in doc["items"]:
            item = {**defaults, "line": doc["line"], **raw, "_file": path.name, "_file_no": doc["file_no"]}
            items.append(item)
    return items


def build_catalog() -> dict:
    """The Sichuan demo catalog in the interchange format (``docs/catalog-format.md``).

    Returns ``{"format", "format_version", "licence_types", "base_items", "implementations"}``,
    deterministic (same YAML → same dict). Raises :class:`DemoDataError` when the data break a rule.
    """
    libs = _libraries()
    problems: list[str] = []
    base_items: list[dict] = []
    implementations: list[dict] = []
    for item in _items():
        base, impls = _expand_item(item, libs, problems)
        base_items.append(base)
        implementations += impls
    catalog = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "licence_types": _load("licence_types.yaml"),
        "base_items": base_items,
        "implementations": implementations,
    }
    problems += catalog_problems(catalog, departments=_departments(), form_elements=set(libs["fields"]["elements"]))
    if problems:
        raise DemoDataError(problems)
    return catalog


# --------------------------------------------------------------------------- validation


def _element_problems(elements: dict, where: str, licence_types: set[str], departments: dict) -> list[str]:
    problems = []
    keys = [m["key"] for m in elements["materials"]]
    if len(set(keys)) != len(keys):
        problems.append(f"{where}: duplicate material keys {sorted(k for k in keys if keys.count(k) > 1)}")
    for m in elements["materials"]:
        if m["source"] not in MATERIAL_SOURCES:
            problems.append(f"{where}: material {m['key']}: unknown source {m['source']!r}")
        if not set(m["forms"]) <= MATERIAL_FORMS or not m["forms"]:
            problems.append(f"{where}: material {m['key']}: bad forms {m['forms']!r}")
        if m["source"] == "licence" and m["licence_type"] not in licence_types:
            problems.append(f"{where}: material {m['key']}: unknown licence type {m['licence_type']!r}")
        if m["source"] == "shared" and not m["shared_data"]:
            problems.append(f"{where}: material {m['key']}: shared material without shared_data")
        if m.get("pledge_allowed") and not elements["pledge_allowed"]:
            problems.append(f"{where}: material {m['key']}: 可承诺替代 but the item allows no 告知承诺")
        if m.get("pledge_allowed") and m["key"] == "application_form":
            problems.append(f"{where}: the application form cannot be replaced by a pledge")
    for f in elements["form"]:
        if f["type"] not in FIELD_TYPES:
            problems.append(f"{where}: form field {f['element']}: unknown type {f['type']!r}")
    result = elements["result"]
    if result["kind"] not in RESULT_KINDS:
        problems.append(f"{where}: unknown result kind {result['kind']!r}")
    if result["licence_type"] and result["licence_type"] not in licence_types:
        problems.append(f"{where}: result licence type {result['licence_type']!r} unknown")
    if not 1 <= elements["online_depth"] <= 4:
        problems.append(f"{where}: online_depth must be 1–4")
    if not isinstance(elements["fee"]["amount_fen"], int):
        problems.append(f"{where}: fee must be integer fen")
    if elements["supervisor"] and elements["supervisor"] not in departments:
        problems.append(f"{where}: supervisor {elements['supervisor']} unknown")
    if not set(elements["channels"]) <= CHANNELS:
        problems.append(f"{where}: unknown channels {elements['channels']!r}")
    if elements["case_type"] == "instant" and elements["promised_limit_days"] != 0:
        problems.append(f"{where}: instant item must promise 0 days")
    return problems


def catalog_problems(catalog: dict, *, departments: dict[str, dict], form_elements: set[str]) -> list[str]:
    """Every integrity problem in an interchange ``catalog`` (empty list: sound).

    Checks: unique licence-type, base and implementation codes; known item types, service objects,
    life events and enterprise stages; materials, results and sources referring to known licence
    types; form elements from the dictionary; implementation departments and step departments in
    the core department list; each graph sound (:func:`graph_problems`); an implementation keeps the
    base's steps or fewer and its materials or fewer and never promises more than the base
    (不得额外增加或变相增加办理环节和申请材料).
    """
    problems: list[str] = []
    licence_codes = [lt["code"] for lt in catalog["licence_types"]]
    licence_types = set(licence_codes)
    if len(licence_types) != len(licence_codes):
        problems.append("duplicate licence type codes")
    lines = {row["line"] for row in departments.values()}
    for lt in catalog["licence_types"]:
        if lt["issuer_line"] not in lines:
            problems.append(f"licence type {lt['code']}: unknown issuer line {lt['issuer_line']!r}")
    bases: dict[str, dict] = {}
    for base in catalog["base_items"]:
        where = f"base {base['code']} {base['name']}"
        if base["code"] in bases:
            problems.append(f"{where}: duplicate base code (also {bases[base['code']]['name']})")
        bases[base["code"]] = base
        if base["item_type"] not in TYPE_LETTERS:
            problems.append(f"{where}: unknown item type {base['item_type']!r}")
        if base["department_line"] not in lines:
            problems.append(f"{where}: unknown department line {base['department_line']!r}")
        for field, allowed in (
            ("service_objects", SERVICE_OBJECTS),
            ("life_events", LIFE_EVENTS),
            ("enterprise_stages", ENTERPRISE_STAGES),
        ):
            if not set(base[field]) <= allowed:
                problems.append(f"{where}: unknown {field} {sorted(set(base[field]) - allowed)}")
        if not base["service_objects"]:
            problems.append(f"{where}: no service object")
        if not base["keywords"]:
            problems.append(f"{where}: no keywords")
        problems += _element_problems(base["elements"], where, licence_types, departments)
        for f in base["elements"]["form"]:
            if f["element"] not in form_elements:
                problems.append(f"{where}: form element {f['element']!r} not in the dictionary")
        e = base["elements"]
        problems += [
            f"{where}: {p}"
            for p in graph_problems(base["graph"], promised=e["promised_limit_days"], legal=e["legal_limit_days"])
        ]
    impl_codes: set[str] = set()
    implemented: set[str] = set()
    for impl in catalog["implementations"]:
        where = f"implementation {impl['code']}"
        if impl["code"] in impl_codes:
            problems.append(f"{where}: duplicate implementation code")
        impl_codes.add(impl["code"])
        base = bases.get(impl["base_code"])
        if base is None:
            problems.append(f"{where}: unknown base item {impl['base_code']}")
            continue
        implemented.add(base["code"])
        dept = departments.get(impl["department"])
        if dept is None:
            problems.append(f"{where}: department {impl['department']} not in departments.yaml")
        elif dept["region"] != impl["region"] or dept["level"] != impl["level"]:
            problems.append(f"{where}: region/level differ from department {impl['department']}")
        e = impl["elements"]
        problems += _element_problems(e, where, licence_types, departments)
        problems += [
            f"{where}: {p}"
            for p in graph_problems(impl["graph"], promised=e["promised_limit_days"], legal=e["legal_limit_days"])
        ]
        for step in impl["graph"]["steps"]:
            if step["department"] is not None and step["department"] not in departments:
                problems.append(f"{where}: step {step['key']} department {step['department']} unknown")
        base_steps = {s["key"] for s in base["graph"]["steps"]}
        if not {s["key"] for s in impl["graph"]["steps"]} <= base_steps:
            problems.append(f"{where}: adds steps to the base item")
        base_materials = {m["key"] for m in base["elements"]["materials"]}
        if not {m["key"] for m in e["materials"]} <= base_materials:
            problems.append(f"{where}: adds materials to the base item")
        base_promised = base["elements"]["promised_limit_days"]
        if e["promised_limit_days"] > base_promised:
            problems.append(f"{where}: promises {e['promised_limit_days']} days, more than the base {base_promised}")
    for code, base in bases.items():
        if code not in implemented:
            problems.append(f"base {code} {base['name']}: no implementation")
    return problems
