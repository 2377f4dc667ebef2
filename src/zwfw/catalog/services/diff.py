"""A readable, field-by-field diff of two versions' content, with the Chinese labels of the
content spec (:mod:`zwfw.catalog.spec`)."""

from __future__ import annotations

from typing import Any

from zwfw.catalog.spec import ROW_LISTS, ContentField, current

Change = dict[str, Any]


def _labels(fields: tuple[ContentField, ...]) -> dict[str, str]:
    return {f.key: f.label for f in fields}


def _flat(elements: dict[str, Any], groups: dict) -> dict[str, Any]:
    out = {}
    for key, value in elements.items():
        if key in ROW_LISTS:
            continue
        if key in groups and isinstance(value, dict):
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
    spec = current()
    element_labels = spec.diff_labels()
    eb, ea = before.get("elements", {}), after.get("elements", {})
    fb, fa = _flat(eb, spec.groups), _flat(ea, spec.groups)
    for key in [*fb, *[k for k in fa if k not in fb]]:
        if fb.get(key) != fa.get(key):
            out.append(
                {
                    "field": f"elements.{key}",
                    "label": element_labels.get(key, key),
                    "before": fb.get(key),
                    "after": fa.get(key),
                    "change": "changed",
                }
            )
    out += _rows(
        eb.get("materials", []),
        ea.get("materials", []),
        id_key="key",
        keys=spec.material_keys,
        labels=_labels(spec.material),
        prefix="elements.materials",
        noun="申请材料",
    )
    out += _rows(
        eb.get("form", []),
        ea.get("form", []),
        id_key="element",
        keys=spec.form_field_keys,
        labels=_labels(spec.form_field),
        prefix="elements.form",
        noun="表单字段",
    )
    gb, ga = before.get("graph", {}), after.get("graph", {})
    out += _rows(
        gb.get("steps", []),
        ga.get("steps", []),
        id_key="key",
        keys=spec.step_keys,
        labels=_labels(spec.step),
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
