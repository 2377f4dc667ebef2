"""一图 SVG (zwfw.catalog.guides.diagram): valid XML, one node per step, one edge per edge, the
critical path marked, clock-stopping steps styled, text escaped, accessible. No database."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from zwfw.catalog.guides.diagram import diagram_svg, layers
from zwfw.catalog.tests import factories as f

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well-formed


def nodes(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-step"): g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-step")}


def edges(root: ET.Element) -> list[ET.Element]:
    return [p for p in root.iter("{http://www.w3.org/2000/svg}path") if "edge" in (p.get("class") or "").split()]


def test_one_node_per_step_and_one_edge_per_edge():
    graph = f.graph()
    root = parse(diagram_svg(graph, title="食品经营许可"))
    assert set(nodes(root)) == {s["key"] for s in graph["steps"]}
    assert sorted((e.get("data-from"), e.get("data-to")) for e in edges(root)) == sorted(
        tuple(e) for e in graph["edges"]
    )


def test_each_node_shows_name_role_and_limit():
    root = parse(diagram_svg(f.graph(), title="x"))
    review = nodes(root)["review"]
    texts = [t.text for t in review.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0] == "审查"
    assert "部门审批人员" in texts  # role in Chinese
    assert "5个工作日" in texts
    accept_texts = [t.text for t in nodes(root)["accept"].iter("{http://www.w3.org/2000/svg}text")]
    assert "窗口人员" in accept_texts
    apply_texts = [t.text for t in nodes(root)["apply"].iter("{http://www.w3.org/2000/svg}text")]
    assert "申请人" in apply_texts and "即时" in apply_texts


def test_critical_path_nodes_and_edges_are_marked():
    # 申请 → 受理 → (审查 5 ∥ 现场核查 5, not counted) → 决定 → 送达: the path runs through 审查.
    root = parse(diagram_svg(f.graph(), title="x"))
    critical = {k for k, g in nodes(root).items() if "critical" in g.get("class").split()}
    assert critical == {"apply", "accept", "review", "decide", "deliver"}
    critical_edges = {(e.get("data-from"), e.get("data-to")) for e in edges(root) if "critical" in e.get("class")}
    assert ("accept", "review") in critical_edges
    assert ("accept", "inspect") not in critical_edges
    assert "合计9个工作日" in diagram_svg(f.graph(), title="x")  # 0 + 1 + 5 + 2 + 1


def test_critical_path_follows_the_longer_branch():
    graph = f.graph(review=1, inspect=9)
    for step in graph["steps"]:
        if step["key"] == "inspect":
            step["stops_clock"] = False
    root = parse(diagram_svg(graph, title="x"))
    critical = {k for k, g in nodes(root).items() if "critical" in g.get("class").split()}
    assert "inspect" in critical and "review" not in critical


def test_clock_stopping_steps_are_styled_with_a_legend():
    svg = diagram_svg(f.graph(), title="x")
    root = parse(svg)
    inspect = nodes(root)["inspect"]
    assert "stops-clock" in inspect.get("class").split()
    assert inspect.find("svg:rect", NS).get("stroke-dasharray")
    assert "stops-clock" not in nodes(root)["review"].get("class").split()
    legend = next(g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "legend")
    assert "不计入办理时限" in "".join(legend.itertext())


def test_parallel_branches_share_a_row():
    graph = f.graph()
    layer = layers([s["key"] for s in graph["steps"]], [tuple(e) for e in graph["edges"]])
    assert layer == {"apply": 0, "accept": 1, "review": 2, "inspect": 2, "decide": 3, "deliver": 4}
    root = parse(diagram_svg(graph, title="x"))
    y = {k: float(g.find("svg:rect", NS).get("y")) for k, g in nodes(root).items()}
    x = {k: float(g.find("svg:rect", NS).get("x")) for k, g in nodes(root).items()}
    assert y["review"] == y["inspect"] and x["review"] != x["inspect"]
    assert y["apply"] < y["accept"] < y["review"] < y["decide"] < y["deliver"]


def test_text_is_escaped():
    graph = f.graph()
    graph["steps"][2]["name"] = '审查<script>&"'
    svg = diagram_svg(graph, title="<食品&经营>许可")
    root = parse(svg)  # would raise on unescaped markup
    assert "<script>" not in svg
    assert root.find("svg:title", NS).text == "<食品&经营>许可办理流程图"
    assert next(t.text for t in nodes(root)["review"].iter("{http://www.w3.org/2000/svg}text")) == '审查<script>&"'


def test_accessible():
    root = parse(diagram_svg(f.graph(), title="食品经营许可"))
    assert root.get("role") == "img"
    assert root.get("aria-label") == "食品经营许可办理流程图"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find("svg:title", NS).get("id") == title_id
    desc = root.find("svg:desc", NS)
    assert desc.get("id") == desc_id
    assert "共6个环节" in desc.text and "关键路径" in desc.text


def test_id_prefix_keeps_ids_unique():
    svg = diagram_svg(f.graph(), title="x", id_prefix="a1")
    assert 'id="a1-title"' in svg and "url(#a1-arrow" in svg


def test_empty_graph_draws_a_note():
    root = parse(diagram_svg({"steps": [], "edges": []}, title="x"))
    assert not nodes(root)
    assert "暂无流程图" in "".join(root.itertext())


def test_a_cycle_still_draws():
    graph = f.graph()
    graph["edges"].append(["deliver", "accept"])
    root = parse(diagram_svg(graph, title="x"))
    assert len(nodes(root)) == 6
    assert not [g for g in nodes(root).values() if "critical" in g.get("class").split()]


def test_unknown_edge_endpoints_are_ignored():
    graph = f.graph()
    graph["edges"].append(["decide", "nowhere"])
    root = parse(diagram_svg(graph, title="x"))
    assert len(edges(root)) == len(f.graph()["edges"])


def test_every_demo_graph_is_valid_svg():
    from zwfw.catalog.interchange.demo import build_catalog

    for impl in build_catalog()["implementations"]:
        root = parse(diagram_svg(impl["graph"], title=impl["code"]))
        assert len(nodes(root)) == len(impl["graph"]["steps"])
        assert len(edges(root)) == len(impl["graph"]["edges"])
