"""一图尽知: the process graph of a version drawn as an SVG, server-side, in pure Python.

Layout: each step sits in the row of its topological generation (the longest chain of steps
before it), so a step is always below every step it waits for and parallel branches stand side
by side in one row. Within a row, steps are ordered by the mean position of their predecessors
(one barycentre pass) to keep arrows from crossing, then by their order in the graph.

Each box shows the step's name, the role that does it (in Chinese) and its limit in working
days. Steps under a special procedure (《行政许可法》第四十五条: 听证、检验、检测、专家评审… are
not counted in the limit) are drawn dashed and amber; the critical path — the chain of
clock-counting steps that decides the shortest possible handling time — is drawn bold. A legend
explains both. The drawing is accessible: ``role="img"``, ``<title>``, ``<desc>`` listing the
steps in order, and ``aria-labelledby``.

All text is XML-escaped; the output is a complete, standalone SVG document fragment (valid XML)
that can be inlined in HTML or served as ``image/svg+xml``.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise
from typing import Any

from zwfw.catalog.graphs import find_cycle, generations
from zwfw.catalog.guides.guide import critical_chain, role_label

BOX_H = 68
ROW_GAP = 40
COL_GAP = 28
MARGIN = 16
TITLE_H = 34
LEGEND_H = 64
CHAR_W = 14  # px per CJK character at 14px
FONTS = (
    ", ".join(
        f"&quot;{name}&quot;" for name in ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei")
    )
    + ", sans-serif"
)

COLOURS = {
    "fill": "#f4f7fc",
    "stroke": "#1f4e96",
    "text": "#1c2430",
    "muted": "#4a5566",
    "critical_fill": "#e3ecfa",
    "critical_stroke": "#b3261e",
    "stop_fill": "#fff6e0",
    "stop_stroke": "#a86b00",
    "edge": "#5b6b82",
}


def _x(text: Any) -> str:
    """Escape text and attribute values for XML (``&``, ``<``, ``>``, quotes)."""
    return escape(str(text), quote=True)


def layers(keys: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Topological generation of each step: 0 for the start, else 1 + the deepest predecessor.

    Steps on a cycle (never in a published version, which is validated) are put in one row after
    all others rather than failing, so a broken draft still draws.
    """
    layer = generations(keys, edges)
    last = max(layer.values(), default=-1) + 1
    for k in keys:
        layer.setdefault(k, last)
    return layer


def _rows(keys: list[str], edges: list[tuple[str, str]], layer: dict[str, int]) -> list[list[str]]:
    order = {k: i for i, k in enumerate(keys)}
    preds: dict[str, list[str]] = {k: [] for k in keys}
    for a, b in edges:
        preds[b].append(a)
    rows: list[list[str]] = [[] for _ in range(max(layer.values(), default=-1) + 1)]
    for k in keys:
        rows[layer[k]].append(k)
    position: dict[str, float] = {}
    for row in rows:

        def barycentre(k: str) -> tuple[float, int]:
            placed = [position[p] for p in preds[k] if p in position]
            return (sum(placed) / len(placed) if placed else order[k], order[k])

        row.sort(key=barycentre)
        for i, k in enumerate(row):
            position[k] = i - (len(row) - 1) / 2
    return rows


def diagram_svg(graph: dict[str, Any], *, title: str, id_prefix: str = "yt") -> str:
    """The graph (``{"steps", "edges"}`` as in ``docs/catalog-format.md``) as an SVG string.

    ``title`` names the item (it becomes the SVG's ``<title>``); ``id_prefix`` keeps element ids
    unique when several diagrams are inlined in one page. Markers on the output for tests and
    styling: each step is ``<g class="step …" data-step="key">`` (classes ``critical`` and
    ``stops-clock``), each edge ``<path class="edge …" data-from data-to>``.
    """
    steps = list(graph.get("steps", []))
    keys = [s["key"] for s in steps]
    known = set(keys)
    edges = [(a, b) for a, b in graph.get("edges", []) if a in known and b in known]
    by_key = {s["key"]: s for s in steps}
    pid = _x(id_prefix)
    title_id, desc_id = f"{pid}-title", f"{pid}-desc"

    acyclic = find_cycle(keys, [list(e) for e in edges]) is None
    days, path = critical_chain({"steps": steps, "edges": edges}) if steps and acyclic else (0, [])
    on_path = set(path)
    critical_edges = set(pairwise(path))

    layer = layers(keys, edges)
    rows = _rows(keys, edges, layer)
    longest_text = max([len(s["name"]) for s in steps] + [len(role_label(s["role"])) + 2 for s in steps] + [6])
    box_w = max(128, longest_text * CHAR_W + 24)
    widest = max((len(r) for r in rows), default=1)
    width = max(2 * MARGIN + widest * box_w + (widest - 1) * COL_GAP, 420)
    height = TITLE_H + MARGIN + len(rows) * BOX_H + max(len(rows) - 1, 0) * ROW_GAP + MARGIN + LEGEND_H

    centre: dict[str, tuple[float, float]] = {}
    for r, row in enumerate(rows):
        row_w = len(row) * box_w + (len(row) - 1) * COL_GAP
        x0 = (width - row_w) / 2
        y = TITLE_H + MARGIN + r * (BOX_H + ROW_GAP)
        for i, k in enumerate(row):
            centre[k] = (x0 + i * (box_w + COL_GAP) + box_w / 2, y + BOX_H / 2)

    order_text = "；".join(
        f"{s['name']}（{role_label(s['role'])}，{_limit_text(s)}"
        f"{'，不计入办理时限' if s['stops_clock'] else ''}{'，关键路径' if s['key'] in on_path else ''}）"
        for s in sorted(steps, key=lambda s: (layer[s["key"]], keys.index(s["key"])))
    )
    desc = f"共{len(steps)}个环节：{order_text}。关键路径合计{days}个工作日。" if steps else "暂无流程图。"
    label = f"{title}办理流程图"

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{_x(label)}" '
        f'aria-labelledby="{title_id} {desc_id}" class="process-diagram" '
        f'font-family="{FONTS}">',
        f'<title id="{title_id}">{_x(label)}</title>',
        f'<desc id="{desc_id}">{_x(desc)}</desc>',
        "<defs>",
        f'<marker id="{pid}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" '
        f'markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{COLOURS["edge"]}"/></marker>',
        f'<marker id="{pid}-arrow-critical" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
        f'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{COLOURS["critical_stroke"]}"/></marker>',
        "</defs>",
        f'<text x="{MARGIN}" y="{TITLE_H - 10}" font-size="16" font-weight="700" fill="{COLOURS["text"]}">'
        f"{_x(title)} · 办理流程</text>",
    ]
    if not steps:
        out.append(f'<text x="{MARGIN}" y="{TITLE_H + 30}" font-size="14" fill="{COLOURS["muted"]}">暂无流程图</text>')

    out.append('<g class="edges">')
    for a, b in edges:
        (x1, y1), (x2, y2) = centre[a], centre[b]
        y1 += BOX_H / 2
        y2 -= BOX_H / 2
        critical = (a, b) in critical_edges
        mid = (y1 + y2) / 2
        colour = COLOURS["critical_stroke"] if critical else COLOURS["edge"]
        marker = f"{pid}-arrow-critical" if critical else f"{pid}-arrow"
        out.append(
            f'<path class="edge{" critical" if critical else ""}" data-from="{_x(a)}" data-to="{_x(b)}" '
            f'd="M{x1:.1f},{y1:.1f} C{x1:.1f},{mid:.1f} {x2:.1f},{mid:.1f} {x2:.1f},{y2:.1f}" fill="none" '
            f'stroke="{colour}" stroke-width="{2.5 if critical else 1.5}" marker-end="url(#{marker})"/>'
        )
    out.append("</g>")

    out.append('<g class="steps">')
    for k in keys:
        s = by_key[k]
        cx, cy = centre[k]
        x, y = cx - box_w / 2, cy - BOX_H / 2
        classes = ["step"]
        fill, stroke, dash, sw = COLOURS["fill"], COLOURS["stroke"], "", 1.5
        if s["stops_clock"]:
            classes.append("stops-clock")
            fill, stroke, dash = COLOURS["stop_fill"], COLOURS["stop_stroke"], ' stroke-dasharray="6 4"'
        if k in on_path:
            classes.append("critical")
            stroke, sw = COLOURS["critical_stroke"], 3
            if not s["stops_clock"]:
                fill = COLOURS["critical_fill"]
        extra = "，不计入办理时限" if s["stops_clock"] else ""
        extra += "，关键路径" if k in on_path else ""
        out.append(
            f'<g class="{" ".join(classes)}" data-step="{_x(k)}">'
            f"<title>{_x(s['name'])}：{_x(role_label(s['role']))}，{_x(_limit_text(s))}{extra}</title>"
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{box_w}" height="{BOX_H}" rx="8" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{sw}"{dash}/>'
            f'<text x="{cx:.1f}" y="{y + 22:.1f}" text-anchor="middle" font-size="15" font-weight="700" '
            f'fill="{COLOURS["text"]}">{_x(s["name"])}</text>'
            f'<text x="{cx:.1f}" y="{y + 41:.1f}" text-anchor="middle" font-size="12" '
            f'fill="{COLOURS["muted"]}">{_x(role_label(s["role"]))}</text>'
            f'<text x="{cx:.1f}" y="{y + 58:.1f}" text-anchor="middle" font-size="12" '
            f'fill="{COLOURS["muted"]}">{_x(_limit_text(s))}{"（不计时）" if s["stops_clock"] else ""}</text>'
            "</g>"
        )
    out.append("</g>")

    ly = height - LEGEND_H + 8
    out += [
        f'<g class="legend" transform="translate({MARGIN},{ly:.0f})" font-size="12" fill="{COLOURS["text"]}">',
        f'<rect x="0" y="0" width="22" height="14" rx="3" fill="{COLOURS["critical_fill"]}" '
        f'stroke="{COLOURS["critical_stroke"]}" stroke-width="3"/>',
        f'<text x="30" y="12">关键路径（合计{days}个工作日）</text>',
        f'<rect x="0" y="24" width="22" height="14" rx="3" fill="{COLOURS["stop_fill"]}" '
        f'stroke="{COLOURS["stop_stroke"]}" stroke-width="1.5" stroke-dasharray="6 4"/>',
        '<text x="30" y="36">特别程序：不计入办理时限</text>',
        "</g>",
        "</svg>",
    ]
    return "\n".join(out)


def _limit_text(step: dict[str, Any]) -> str:
    days = int(step.get("limit_days") or 0)
    return f"{days}个工作日" if days else "即时"
