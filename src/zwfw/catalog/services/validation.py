"""The catalog's rules, as pure functions over interchange-shaped dicts.

Two rule sets, each returning violations ``{"field", "kind", "message"}`` (message in Chinese):

* :func:`validate_graph` — 一图: the process graph is acyclic, has exactly one start and one end,
  every step is reachable from the start, and the critical path (longest path over ``limit_days``
  of steps that do not stop the clock, 《行政许可法》第四十五条) fits in the promised limit, which
  fits in the legal limit (《行政许可法》第四十二条、第八十二条: limits in working days).
* :func:`validate_against_base` — an implementation may not add to its base item
  (不得额外增加或变相增加办理环节和申请材料, 《国务院办公厅关于全面实行行政许可事项清单管理的
  通知》国办发〔2022〕2号; 国办发〔2018〕45号): same name, code, type and basis; limits may go
  down, never up; materials and steps may be dropped, never added; a material may become
  optional, never newly required, and may not ask for more originals or copies.

Publishing is refused while any violation exists (the services call :func:`version_violations`).
"""

from __future__ import annotations

from typing import Any

from zwfw.catalog.graphs import find_cycle, topological_order

Violation = dict[str, str]


def _v(field: str, kind: str, message: str) -> Violation:
    return {"field": field, "kind": kind, "message": message}


# --- 一图 ---------------------------------------------------------------------------------


def critical_path(graph: dict[str, Any]) -> tuple[int, list[str]]:
    """Longest path from any start over the clock-counting ``limit_days`` of its steps.

    Returns ``(days, [step keys])``. Clock-stopping steps (听证、检验、专家评审…) count 0 days.
    Assumes an acyclic graph.
    """
    steps = graph.get("steps", [])
    edges = graph.get("edges", [])
    keys = [s["key"] for s in steps]
    weight = {s["key"]: (0 if s.get("stops_clock") else int(s.get("limit_days") or 0)) for s in steps}
    pred: dict[str, list[str]] = {k: [] for k in keys}
    for a, b in edges:
        pred[b].append(a)
    best: dict[str, int] = {}
    back: dict[str, str | None] = {}
    for node in topological_order(keys, edges):
        prev = max(pred[node], key=lambda p: best[p], default=None)
        best[node] = weight[node] + (best[prev] if prev is not None else 0)
        back[node] = prev
    if not best:
        return 0, []
    end = max(keys, key=lambda k: best[k])
    path = [end]
    while back[path[-1]] is not None:
        path.append(back[path[-1]])  # type: ignore[arg-type]
    return best[end], list(reversed(path))


def validate_graph(graph: dict[str, Any], elements: dict[str, Any] | None = None) -> list[Violation]:
    """Violations of the process graph and of the limits it must fit in."""
    elements = elements or {}
    steps = graph.get("steps", [])
    edges = graph.get("edges", [])
    keys = [s["key"] for s in steps]
    names = {s["key"]: s.get("name", s["key"]) for s in steps}
    out: list[Violation] = []
    if not steps:
        return [_v("graph.steps", "graph_empty", "办理流程图没有任何环节")]
    known = set(keys)
    bad_edges = [e for e in edges if e[0] not in known or e[1] not in known]
    for a, b in bad_edges:
        out.append(_v("graph.edges", "unknown_step", f"连线{a}→{b}指向不存在的环节"))
    edges = [e for e in edges if e not in bad_edges]
    cycle = find_cycle(keys, edges)
    if cycle:
        loop = "→".join(names[k] for k in cycle)
        out.append(_v("graph.edges", "cycle", f"办理流程存在循环：{loop}"))
    has_in = {b for _, b in edges}
    has_out = {a for a, _ in edges}
    starts = [k for k in keys if k not in has_in]
    ends = [k for k in keys if k not in has_out]
    if len(starts) != 1:
        listed = "、".join(names[k] for k in starts) or "无"
        out.append(_v("graph.steps", "start_count", f"办理流程应有且只有一个起始环节，现有{len(starts)}个：{listed}"))
    if len(ends) != 1:
        listed = "、".join(names[k] for k in ends) or "无"
        out.append(_v("graph.steps", "end_count", f"办理流程应有且只有一个结束环节，现有{len(ends)}个：{listed}"))
    if len(starts) == 1:
        succ: dict[str, list[str]] = {k: [] for k in keys}
        for a, b in edges:
            succ[a].append(b)
        seen = {starts[0]}
        todo = [starts[0]]
        while todo:
            for nxt in succ[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        unreachable = [k for k in keys if k not in seen]
        if unreachable:
            listed = "、".join(names[k] for k in unreachable)
            out.append(_v("graph.steps", "unreachable", f"以下环节从起始环节“{names[starts[0]]}”无法到达：{listed}"))
    legal = elements.get("legal_limit_days")
    promised = elements.get("promised_limit_days")
    if legal is not None and promised is not None and promised > legal:
        out.append(
            _v(
                "elements.promised_limit_days",
                "promised_over_legal",
                f"承诺时限{promised}个工作日超过法定时限{legal}个工作日",
            )
        )
    if not cycle:
        days, path = critical_path({"steps": steps, "edges": edges})
        limit = promised if promised is not None else legal
        if limit is not None and days > limit:
            which = "承诺时限" if promised is not None else "法定时限"
            route = "→".join(names[k] for k in path)
            out.append(
                _v(
                    "graph",
                    "critical_path_over_limit",
                    f"关键路径（{route}）合计{days}个工作日，超过{which}{limit}个工作日",
                )
            )
    return out


# --- 实施清单 vs 基本目录 -----------------------------------------------------------------


def _material_id(m: dict[str, Any]) -> str:
    return m.get("standard_code") or m["key"]


def validate_against_base(
    impl: dict[str, Any],
    base: dict[str, Any],
    *,
    impl_meta: dict[str, Any] | None = None,
    base_meta: dict[str, Any] | None = None,
) -> list[Violation]:
    """Violations of an implementation's content (``{"elements", "graph"}``) against its base's.

    ``impl_meta``/``base_meta`` carry ``code``, ``name``, ``item_type``, ``legal_basis`` when the
    implementation states them (the interchange may repeat the base's, which must then match).
    Materials are matched by ``standard_code`` when given, else by ``key``; steps by ``key``.
    """
    out: list[Violation] = []
    im, bm = impl_meta or {}, base_meta or {}
    for key, kind, label in (
        ("name", "name_changed", "事项名称"),
        ("item_type", "type_changed", "事项类型"),
        ("legal_basis", "basis_changed", "设定依据"),
    ):
        if key in im and key in bm and im[key] != bm[key]:
            out.append(_v(key, kind, f"{label}必须与基本目录一致（基本目录：{bm[key]}；实施清单：{im[key]}）"))
    if im.get("code") and bm.get("code") and bm["code"] not in im["code"]:
        out.append(_v("code", "code_mismatch", f"实施编码{im['code']}未包含基本编码{bm['code']}"))
    ie, be = impl.get("elements", {}), base.get("elements", {})
    for key, label in (("legal_limit_days", "法定时限"), ("promised_limit_days", "承诺时限")):
        iv, bv = ie.get(key), be.get(key)
        if bv is not None and (iv is None or iv > bv):
            shown = "未设定" if iv is None else f"{iv}个工作日"
            out.append(_v(f"elements.{key}", "limit_raised", f"{label}{shown}，不得超过基本目录的{bv}个工作日"))
    if (ie.get("visits") or 0) > (be.get("visits") or 0):
        out.append(
            _v(
                "elements.visits",
                "visits_raised",
                f"到现场次数{ie.get('visits')}次，不得多于基本目录的{be.get('visits') or 0}次",
            )
        )
    base_materials = {_material_id(m): m for m in be.get("materials", [])}
    for i, m in enumerate(ie.get("materials", [])):
        b = base_materials.get(_material_id(m))
        field = f"elements.materials[{i}]"
        if b is None:
            out.append(_v(field, "added_material", f"增加了基本目录没有的申请材料“{m.get('name', m['key'])}”"))
            continue
        if m.get("required", True) and not b.get("required", True):
            out.append(_v(field, "material_made_required", f"申请材料“{m['name']}”在基本目录中非必要，不得改为必要"))
        for key, label in (("originals", "原件"), ("copies", "复印件")):
            if (m.get(key) or 0) > (b.get(key) or 0):
                out.append(
                    _v(
                        f"{field}.{key}",
                        "material_count_raised",
                        f"申请材料“{m['name']}”{label}{m.get(key)}份，多于基本目录的{b.get(key) or 0}份",
                    )
                )
    base_steps = {s["key"] for s in base.get("graph", {}).get("steps", [])}
    for i, s in enumerate(impl.get("graph", {}).get("steps", [])):
        if s["key"] not in base_steps:
            out.append(
                _v(f"graph.steps[{i}]", "added_step", f"增加了基本目录没有的办理环节“{s.get('name', s['key'])}”")
            )
    return out


def version_violations(
    content: dict[str, Any],
    *,
    base_content: dict[str, Any] | None = None,
    impl_meta: dict[str, Any] | None = None,
    base_meta: dict[str, Any] | None = None,
) -> list[Violation]:
    """Every violation of one version: its graph and limits, and (for an implementation) its base."""
    out = validate_graph(content.get("graph", {}), content.get("elements", {}))
    if base_content is not None:
        out += validate_against_base(content, base_content, impl_meta=impl_meta, base_meta=base_meta)
    return out
