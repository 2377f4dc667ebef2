"""Orders over a process graph (一图), with the standard library's :mod:`graphlib`.

Pure and model-free (the demo generator uses it too). Steps are ordered stably: ready steps in
the order they are listed, a step's successors in the order of its edges — what Kahn's
algorithm with a first-in-first-out queue gives, which is what ``graphlib`` does batch by batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from graphlib import CycleError, TopologicalSorter


def _sorter(keys: Sequence[str], edges: Iterable[Sequence[str]]) -> TopologicalSorter:
    sorter: TopologicalSorter = TopologicalSorter()
    for k in keys:
        sorter.add(k)
    for a, b in edges:
        sorter.add(b, a)
    return sorter


def topological_order(keys: Sequence[str], edges: Iterable[Sequence[str]]) -> list[str]:
    """The steps in a stable topological order. On a cycle, only the steps that have no cycle
    upstream of them (or on them) are ordered: what can be ordered of a broken draft."""
    keys, edges = list(keys), [tuple(e) for e in edges]
    while True:
        try:
            return list(_sorter(keys, edges).static_order())
        except CycleError as err:
            on_cycle = set(err.args[1])
        # drop the cycle and everything downstream of it, then order the rest
        succ: dict[str, list[str]] = {}
        for a, b in edges:
            succ.setdefault(a, []).append(b)
        todo, gone = list(on_cycle), set(on_cycle)
        while todo:
            for nxt in succ.get(todo.pop(), []):
                if nxt not in gone:
                    gone.add(nxt)
                    todo.append(nxt)
        keys = [k for k in keys if k not in gone]
        edges = [(a, b) for a, b in edges if a not in gone and b not in gone]


def find_cycle(keys: Sequence[str], edges: Iterable[Sequence[str]]) -> list[str] | None:
    """A cycle as a list of step keys (first == last), or None when the graph is acyclic.
    Edges naming unknown steps are ignored (the structural check reports them)."""
    known = set(keys)
    try:
        _sorter(keys, [e for e in edges if e[0] in known and e[1] in known]).prepare()
    except CycleError as err:
        return list(err.args[1])
    return None


def is_acyclic(keys: Sequence[str], edges: Iterable[Sequence[str]]) -> bool:
    try:
        _sorter(keys, edges).prepare()
    except CycleError:
        return False
    return True


def generations(keys: Sequence[str], edges: Iterable[Sequence[str]]) -> dict[str, int]:
    """Topological generation of each step: 0 for a start, else 1 + its deepest predecessor.
    Steps on or after a cycle are left out."""
    edges = [tuple(e) for e in edges]
    preds: dict[str, list[str]] = {}
    for a, b in edges:
        preds.setdefault(b, []).append(a)
    layer: dict[str, int] = {}
    for node in topological_order(keys, edges):
        layer[node] = max((layer[p] + 1 for p in preds.get(node, [])), default=0)
    return layer
