"""关联图谱: items ↔ materials ↔ licences/datasets ↔ departments ↔ systems.

Built from the catalog (every item in force with its materials,
:func:`zwfw.catalog.selectors.item_material_rows`) and the data catalogue (datasets, systems),
as plain dicts: nodes keyed ``item:…``, ``material:…``, ``licence:…``, ``dataset:…``,
``department:…``, ``system:…`` and typed edges. Two indexes make the questions O(answer):

- **items freed by dataset X** (:meth:`Graph.items_freed_by`): items with a material that X
  supplies, so the applicant need not hand it in once X is shared. A material is supplied by X
  when its ``shared_data`` names X (code or name) or, where X publishes a licence type
  (``Dataset.licence_type``), the material is that licence type. Materials the department
  produces itself are never counted. Ranked by the item's yearly case volume (cases' hook,
  :mod:`zwfw.sharing.hooks`), then code.
- **systems item Y touches** (:meth:`Graph.systems_touched`): the systems behind the datasets that
  supply Y's materials (``supplies``), behind the dataset that publishes Y's result licence type
  (``result``), and the systems of Y's handling department (``handling``).

:meth:`Graph.dataset_priority` ranks datasets by the yearly volume of the items they free: what
the province should share first.

No graph library: the structure is a bipartite index, dicts are enough (and fast: see
bench/graph_query.py).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

PRODUCED = "produced"


@dataclass
class Graph:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    volumes: dict[str, int] = field(default_factory=dict)
    freed: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # dataset → item → material names
    touches: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # item → system → via
    built_at: float = 0.0

    def _item(self, code: str) -> dict[str, Any]:
        node = self.nodes[f"item:{code}"]
        return {
            "code": code,
            "name": node["label"],
            "department": node["department"],
            "region": node["region"],
            "volume": self.volumes.get(code, 0),
        }

    def items_freed_by(self, dataset_code: str, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Items that stop needing paper if ``dataset_code`` is shared, by yearly volume (desc)."""
        by_item = self.freed.get(dataset_code, {})
        ranked = sorted(by_item, key=lambda c: (-self.volumes.get(c, 0), c))
        if limit is not None:
            ranked = ranked[:limit]
        return [{**self._item(c), "materials": by_item[c]} for c in ranked]

    def systems_touched(self, item_code: str) -> list[dict[str, Any]]:
        """The systems item ``item_code`` touches, with how (supplies / result / handling)."""
        out = []
        for code, via in sorted(self.touches.get(item_code, {}).items()):
            node = self.nodes[f"system:{code}"]
            out.append({"code": code, "name": node["label"], "department": node["department"], "via": sorted(via)})
        return out

    def dataset_priority(self) -> list[dict[str, Any]]:
        """Datasets ranked by the yearly volume of the items they free (then by item count)."""
        rows = []
        for code, items in self.freed.items():
            node = self.nodes[f"dataset:{code}"]
            rows.append(
                {
                    "code": code,
                    "name": node["label"],
                    "department": node["department"],
                    "items": len(items),
                    "volume": sum(self.volumes.get(c, 0) for c in items),
                }
            )
        return sorted(rows, key=lambda r: (-r["volume"], -r["items"], r["code"]))

    def has_item(self, code: str) -> bool:
        return f"item:{code}" in self.nodes

    def has_dataset(self, code: str) -> bool:
        return f"dataset:{code}" in self.nodes

    def counts(self) -> dict[str, int]:
        kinds: dict[str, int] = defaultdict(int)
        for node in self.nodes.values():
            kinds[node["kind"]] += 1
        return {**kinds, "edges": len(self.edges)}


def build(
    *,
    items: list[dict[str, Any]],
    datasets: list[dict[str, Any]],
    systems: list[dict[str, Any]],
    volumes: dict[str, int] | None = None,
) -> Graph:
    """The graph of plain rows (see :func:`graph_from_database` for their shape)."""
    g = Graph(volumes=dict(volumes or {}), built_at=time.time())
    nodes, edges = g.nodes, g.edges
    systems_by_dept: dict[str, list[str]] = defaultdict(list)
    for s in systems:
        nodes[f"system:{s['code']}"] = {"kind": "system", "label": s["name"], "department": s["department"]}
        systems_by_dept[s["department"]].append(s["code"])
        edges.append((f"system:{s['code']}", f"department:{s['department']}", "built_by"))
    by_key: dict[str, str] = {}
    by_licence: dict[str, list[str]] = defaultdict(list)
    system_of: dict[str, str] = {}
    for d in datasets:
        nid = f"dataset:{d['code']}"
        nodes[nid] = {"kind": "dataset", "label": d["name"], "department": d["department"]}
        nodes.setdefault(
            f"department:{d['department']}", {"kind": "department", "label": d.get("department_name", d["department"])}
        )
        edges.append((nid, f"department:{d['department']}", "owned_by"))
        by_key[d["code"]] = d["code"]
        by_key.setdefault(d["name"], d["code"])
        if d.get("system"):
            system_of[d["code"]] = d["system"]
            edges.append((nid, f"system:{d['system']}", "from"))
        if d.get("licence_type"):
            by_licence[d["licence_type"]].append(d["code"])
            nodes.setdefault(f"licence:{d['licence_type']}", {"kind": "licence", "label": d["licence_type"]})
            edges.append((nid, f"licence:{d['licence_type']}", "publishes"))
        g.freed[d["code"]] = {}
    for it in items:
        code = it["code"]
        iid = f"item:{code}"
        nodes[iid] = {
            "kind": "item",
            "label": it["name"],
            "department": it["department"],
            "region": it.get("region", ""),
        }
        nodes.setdefault(
            f"department:{it['department']}",
            {"kind": "department", "label": it.get("department_name", it["department"])},
        )
        edges.append((iid, f"department:{it['department']}", "handled_by"))
        touch = g.touches.setdefault(code, {})
        for s in systems_by_dept.get(it["department"], []):
            touch.setdefault(s, set()).add("handling")
        result = it.get("result_licence_type") or ""
        if result:
            nodes.setdefault(f"licence:{result}", {"kind": "licence", "label": result})
            edges.append((iid, f"licence:{result}", "produces"))
            for ds in by_licence.get(result, []):
                if ds in system_of:
                    touch.setdefault(system_of[ds], set()).add("result")
        for m in it.get("materials", []):
            mid = f"material:{code}/{m['key']}"
            nodes[mid] = {"kind": "material", "label": m["name"]}
            edges.append((iid, mid, "needs"))
            if m.get("licence_type"):
                nodes.setdefault(f"licence:{m['licence_type']}", {"kind": "licence", "label": m["licence_type"]})
                edges.append((mid, f"licence:{m['licence_type']}", "is"))
            if m.get("source") == PRODUCED:
                continue
            suppliers = set(by_licence.get(m.get("licence_type") or "", []))
            shared = (m.get("shared_data") or "").strip()
            if shared and shared in by_key:
                suppliers.add(by_key[shared])
            for ds in sorted(suppliers):
                edges.append((mid, f"dataset:{ds}", "supplied_by"))
                g.freed[ds].setdefault(code, []).append(m["name"])
                if ds in system_of:
                    touch.setdefault(system_of[ds], set()).add("supplies")
    return g


def graph_from_database() -> Graph:
    """The graph of the catalog in force and the active data catalogue (all regions)."""
    from zwfw.catalog.selectors import item_material_rows
    from zwfw.sharing import hooks
    from zwfw.sharing.models import Dataset, System

    datasets = [
        {
            "code": d.code,
            "name": d.name,
            "department": d.department.code,
            "department_name": d.department.name,
            "system": d.system.code if d.system_id else "",
            "licence_type": d.licence_type,
        }
        for d in Dataset.objects.filter(is_active=True).select_related("department", "system")
    ]
    systems = [
        {"code": s.code, "name": s.name, "department": s.department.code}
        for s in System.objects.select_related("department")
    ]
    return build(items=item_material_rows(), datasets=datasets, systems=systems, volumes=hooks.yearly_volumes())


_CACHE: dict[str, Graph] = {}
CACHE_SECONDS = 300


def graph_get(*, fresh: bool = False) -> Graph:
    """The graph, rebuilt at most every five minutes (catalog and data catalogue change slowly)."""
    g = _CACHE.get("graph")
    if fresh or g is None or time.time() - g.built_at > CACHE_SECONDS:
        g = _CACHE["graph"] = graph_from_database()
    return g


def graph_clear() -> None:
    _CACHE.pop("graph", None)
