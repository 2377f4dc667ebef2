"""A readable, field-by-field diff of two versions' content, with Chinese labels."""

from __future__ import annotations

from typing import Any

from zwfw.catalog.content import MATERIAL_KEYS, STEP_KEYS

Change = dict[str, Any]

ELEMENT_LABELS = {
    "conditions": "受理条件",
    "legal_limit_days": "法定时限（工作日）",
    "promised_limit_days": "承诺时限（工作日）",
    "limit_note": "时限说明",
    "case_type": "办件类型",
    "fee.charged": "是否收费",
    "fee.basis": "收费依据",
    "fee.amount_fen": "收费金额（分）",
    "fee.description": "收费说明",
    "online_depth": "网上办理深度",
    "visits": "到现场次数",
    "intermediary": "中介服务",
    "supervisor": "监管主体",
    "supervision_measures": "监管措施",
    "result.name": "办理结果名称",
    "result.kind": "结果类型",
    "result.licence_type": "结果证照类型",
    "result.sample": "结果样本",
    "scope": "适用范围",
    "validity": "有效期限",
    "consult_phone": "咨询电话",
    "complaint_phone": "投诉电话",
    "place": "办理地点",
    "hours": "办理时间",
    "channels": "办理形式",
    "pledge_allowed": "支持告知承诺",
    "shortfall_allowed": "支持容缺受理",
    "faq": "常见问题",
}
MATERIAL_LABELS = {
    "key": "材料键",
    "name": "材料名称",
    "standard_code": "标准材料编码",
    "forms": "提交形式",
    "originals": "原件份数",
    "copies": "复印件份数",
    "required": "是否必要",
    "shortfall_allowed": "可容缺",
    "pledge_allowed": "可承诺替代",
    "source": "材料来源",
    "licence_type": "证照类型",
    "shared_data": "共享数据集",
    "blank_form": "空白表格",
    "sample": "示例样表",
    "note": "填报说明",
}
FIELD_LABELS = {"element": "数据元", "label": "标签", "type": "类型", "required": "必填", "choices": "选项"}
STEP_LABELS = {
    "key": "环节键",
    "name": "环节名称",
    "kind": "环节类型",
    "role": "办理角色",
    "department": "办理部门",
    "limit_days": "时限（工作日）",
    "stops_clock": "特别程序（不计时）",
}


def _flat(elements: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in elements.items():
        if key in ("materials", "form"):
            continue
        if key in ("fee", "result") and isinstance(value, dict):
            for sub, v in value.items():
                out[f"{key}.{sub}"] = v
        else:
            out[key] = value
    return out


def _rows(
    before: list[dict], after: list[dict], *, id_key: str, keys: tuple[str, ...], labels: dict, prefix: str, noun: str
) -> list[Change]:
    out: list[Change] = []
    a = {r[id_key]: r for r in before}
    b = {r[id_key]: r for r in after}
    for rid, row in a.items():
        name = row.get("name") or row.get("label") or rid
        if rid not in b:
            out.append(
                {
                    "field": f"{prefix}[{rid}]",
                    "label": f"{noun}“{name}”",
                    "before": row,
                    "after": None,
                    "change": "removed",
                }
            )
            continue
        for k in keys:
            if row.get(k) != b[rid].get(k):
                out.append(
                    {
                        "field": f"{prefix}[{rid}].{k}",
                        "label": f"{noun}“{name}”·{labels[k]}",
                        "before": row.get(k),
                        "after": b[rid].get(k),
                        "change": "changed",
                    }
                )
    for rid, row in b.items():
        if rid not in a:
            name = row.get("name") or row.get("label") or rid
            out.append(
                {
                    "field": f"{prefix}[{rid}]",
                    "label": f"{noun}“{name}”",
                    "before": None,
                    "after": row,
                    "change": "added",
                }
            )
    return out


def content_diff(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Changes from ``before`` to ``after`` (both ``{"elements", "graph"}`` dicts).

    Each change: ``{"field", "label", "before", "after", "change"}`` with ``change`` one of
    ``added``, ``removed``, ``changed``. Scalars first (in the format's order), then materials
    (by key), form fields (by element), steps (by key), edges.
    """
    out: list[Change] = []
    eb, ea = before.get("elements", {}), after.get("elements", {})
    fb, fa = _flat(eb), _flat(ea)
    for key in [*fb, *[k for k in fa if k not in fb]]:
        if fb.get(key) != fa.get(key):
            out.append(
                {
                    "field": f"elements.{key}",
                    "label": ELEMENT_LABELS.get(key, key),
                    "before": fb.get(key),
                    "after": fa.get(key),
                    "change": "changed",
                }
            )
    out += _rows(
        eb.get("materials", []),
        ea.get("materials", []),
        id_key="key",
        keys=MATERIAL_KEYS,
        labels=MATERIAL_LABELS,
        prefix="elements.materials",
        noun="申请材料",
    )
    out += _rows(
        eb.get("form", []),
        ea.get("form", []),
        id_key="element",
        keys=("element", "label", "type", "required", "choices"),
        labels=FIELD_LABELS,
        prefix="elements.form",
        noun="表单字段",
    )
    gb, ga = before.get("graph", {}), after.get("graph", {})
    out += _rows(
        gb.get("steps", []),
        ga.get("steps", []),
        id_key="key",
        keys=STEP_KEYS,
        labels=STEP_LABELS,
        prefix="graph.steps",
        noun="办理环节",
    )
    edges_b = [tuple(e) for e in gb.get("edges", [])]
    edges_a = [tuple(e) for e in ga.get("edges", [])]
    for e in edges_b:
        if e not in edges_a:
            out.append(
                {
                    "field": f"graph.edges[{e[0]}→{e[1]}]",
                    "label": f"环节连线 {e[0]}→{e[1]}",
                    "before": list(e),
                    "after": None,
                    "change": "removed",
                }
            )
    for e in edges_a:
        if e not in edges_b:
            out.append(
                {
                    "field": f"graph.edges[{e[0]}→{e[1]}]",
                    "label": f"环节连线 {e[0]}→{e[1]}",
                    "before": None,
                    "after": list(e),
                    "change": "added",
                }
            )
    return out


def item_version_diff(a, b) -> list[Change]:
    """Field-by-field changes from version ``a`` to version ``b`` (ItemVersion rows)."""
    from zwfw.catalog.content import version_content

    return content_diff(version_content(a), version_content(b))
