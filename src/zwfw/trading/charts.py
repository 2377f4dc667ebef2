"""Server-rendered SVG of the co-bidding network (no JavaScript, no external assets)."""

from __future__ import annotations

import math
from html import escape

from django.utils.safestring import SafeString, mark_safe


def network_svg(network: dict, *, size: int = 420) -> SafeString:
    """Bidders on a circle; this section's bidders filled, edges as wide as their meetings."""
    nodes = network["nodes"]
    if not nodes:
        return mark_safe("")
    r = size / 2 - 60
    cx = cy = size / 2
    pos = {}
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / len(nodes) - math.pi / 2
        pos[node["id"]] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
    top = max((e["meetings"] for e in network["edges"]), default=1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" '
        f'aria-labelledby="net-title" class="trading-network"><title id="net-title">共同投标关系图：'
        f"{len(nodes)} 家投标人，{len(network['edges'])} 条共同投标关系</title>"
    ]
    for e in network["edges"]:
        (x1, y1), (x2, y2) = pos[e["a"]], pos[e["b"]]
        width = 1 + 5 * e["meetings"] / top
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#8a6d3b" '
            f'stroke-opacity="0.6" stroke-width="{width:.1f}"><title>共同投标 {e["meetings"]} 次</title></line>'
        )
    for node in nodes:
        x, y = pos[node["id"]]
        fill = "#b22222" if node["in_section"] else "#ffffff"
        label = escape(node["name"][:10])
        parts.append(
            f'<g><circle cx="{x:.1f}" cy="{y:.1f}" r="{8 + min(node["bids"], 12)}" fill="{fill}" stroke="#333">'
            f"<title>{escape(node['name'])}：投标 {node['bids']} 次，中标 {node['wins']} 次</title></circle>"
            f'<text x="{x:.1f}" y="{y + 28:.1f}" text-anchor="middle" font-size="11">{label}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text inside is escaped above
