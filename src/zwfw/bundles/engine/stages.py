"""Stages, the critical-path time limit, trips and windows of a bundle.

Dependencies (``B`` needs ``A``'s result) form a directed graph over the items; it must be acyclic
(:class:`BundleCycleError` names the items of one cycle otherwise).

- **Stages** are the topological levels: stage 1 holds the items without prerequisites, stage
  *k* the items whose latest prerequisite is in stage *k*−1. Items of one stage run in parallel.
- **Time limit** (working days) is the critical path: each item finishes ``promised_limit_days``
  after the latest of its prerequisites finishes; the bundle's limit is the latest finish. It is
  never the sum of the limits (that is the one-by-one figure), and it can be less than the sum
  of the stages' longest items, since an item starts as soon as its *own* prerequisites finish.
  :attr:`StagesResult.critical_path` names the items on one longest chain.
- **Trips** (到现场次数) under 一窗受理: the items of one stage are applied for together at one
  window, so one stage needs as many trips as its most demanding item (``max`` of ``visits``);
  a later stage waits for an earlier one's results, so stages add up. Bundle trips =
  Σ over stages of max(visits). A stage of items handled fully online counts 0.
- **Windows**: the distinct (department, place) pairs behind the bundle — where the applicant
  would go one by one; the bundle itself is received at one window (一窗受理).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zwfw.bundles.engine.errors import BundleCycleError, BundleInputError
from zwfw.bundles.engine.inputs import Dependency, ItemSpec


@dataclass(frozen=True)
class Stage:
    number: int  # 1-based
    items: tuple[str, ...]  # item codes, in bundle order
    time_limit_days: int  # the longest promised limit among its items
    trips: int  # max visits among its items
    departments: tuple[str, ...]


@dataclass(frozen=True)
class Window:
    department: str
    place: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class StagesResult:
    stages: tuple[Stage, ...]
    time_limit_days: int
    critical_path: tuple[str, ...]  # item codes, first to last
    earliest_finish: dict[str, int]  # item code -> working day its result is ready (critical path)
    trips: int
    windows: tuple[Window, ...]
    ancestors: dict[str, frozenset[str]]  # item code -> every item it waits for
    order: dict[str, int]  # item code -> position in a topological order


def check_items(items: Sequence[ItemSpec], dependencies: Sequence[Dependency]) -> None:
    """Reject empty bundles, duplicate item codes and dependencies naming unknown items."""
    if not items:
        raise BundleInputError("一件事至少包含一个事项", "a bundle needs at least one item")
    codes = [item.code for item in items]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise BundleInputError(
            f"事项重复：{'、'.join(duplicates)}", f"items listed twice: {', '.join(duplicates)}", {"items": duplicates}
        )
    known = set(codes)
    unknown = sorted({c for d in dependencies for c in (d.prerequisite, d.dependent)} - known)
    if unknown:
        raise BundleInputError(
            f"依赖关系引用了不在本一件事中的事项：{'、'.join(unknown)}",
            f"dependencies name items not in the bundle: {', '.join(unknown)}",
            {"items": unknown},
        )


def plan_stages(items: Sequence[ItemSpec], dependencies: Sequence[Dependency]) -> StagesResult:
    """Order ``items`` by ``dependencies`` (see the module docstring). Raises on a cycle."""
    check_items(items, dependencies)
    by_code = {item.code: item for item in items}
    position = {item.code: n for n, item in enumerate(items)}
    needs: dict[str, list[str]] = {item.code: [] for item in items}
    for dep in dependencies:
        if dep.prerequisite not in needs[dep.dependent]:
            needs[dep.dependent].append(dep.prerequisite)
    dependents: dict[str, list[str]] = {item.code: [] for item in items}
    for code, prerequisites in needs.items():
        for p in prerequisites:
            dependents[p].append(code)

    # Kahn's algorithm, taking ready items in bundle order so the result is stable.
    waiting = {code: len(prerequisites) for code, prerequisites in needs.items()}
    ready = sorted((c for c, n in waiting.items() if n == 0), key=position.__getitem__)
    topological: list[str] = []
    while ready:
        code = ready.pop(0)
        topological.append(code)
        for d in dependents[code]:
            waiting[d] -= 1
            if waiting[d] == 0:
                ready.append(d)
                ready.sort(key=position.__getitem__)
    if len(topological) < len(items):
        cycle = _find_cycle([c for c in needs if c not in set(topological)], needs, position)
        raise BundleCycleError(cycle, [by_code[c].name for c in cycle])

    level: dict[str, int] = {}
    finish: dict[str, int] = {}
    via: dict[str, str | None] = {}
    ancestors: dict[str, frozenset[str]] = {}
    for code in topological:
        prerequisites = needs[code]
        level[code] = 1 + max((level[p] for p in prerequisites), default=0)
        latest = max(prerequisites, key=lambda p: (finish[p], -position[p]), default=None)
        via[code] = latest
        finish[code] = by_code[code].promised_limit_days + (finish[latest] if latest else 0)
        ancestors[code] = frozenset(prerequisites).union(*(ancestors[p] for p in prerequisites))

    stages = []
    for number in range(1, max(level.values()) + 1):
        members = [item for item in items if level[item.code] == number]
        stages.append(
            Stage(
                number=number,
                items=tuple(item.code for item in members),
                time_limit_days=max(item.promised_limit_days for item in members),
                trips=max(item.visits for item in members),
                departments=tuple(dict.fromkeys(item.department for item in members)),
            )
        )

    end = max(topological, key=lambda c: (finish[c], -position[c]))
    path = [end]
    while via[path[-1]] is not None:
        path.append(via[path[-1]])  # type: ignore[arg-type]
    windows: dict[tuple[str, str], list[str]] = {}
    for item in items:
        windows.setdefault((item.department, item.place), []).append(item.code)

    return StagesResult(
        stages=tuple(stages),
        time_limit_days=finish[end],
        critical_path=tuple(reversed(path)),
        earliest_finish={item.code: finish[item.code] for item in items},
        trips=sum(stage.trips for stage in stages),
        windows=tuple(Window(department=d, place=p, items=tuple(c)) for (d, p), c in windows.items()),
        ancestors=ancestors,
        order={code: n for n, code in enumerate(topological)},
    )


def _find_cycle(remaining: Sequence[str], needs: dict[str, list[str]], position: dict[str, int]) -> list[str]:
    """One cycle among the items Kahn's algorithm could not order, as codes ``[a, b, …, a]``.

    Every remaining item waits for another remaining item, so following prerequisites from any
    of them must revisit one: the walk from the first revisit is a cycle. Returned in dependency
    order (prerequisite first), starting at the cycle's item listed first in the bundle.
    """
    left = set(remaining)
    walk: list[str] = []
    seen: dict[str, int] = {}
    code = remaining[0]
    while code not in seen:
        seen[code] = len(walk)
        walk.append(code)
        code = next(p for p in needs[code] if p in left)
    cycle = walk[seen[code] :]
    cycle.reverse()  # the walk went from dependent to prerequisite
    start = cycle.index(min(cycle, key=position.__getitem__))
    cycle = cycle[start:] + cycle[:start]
    return [*cycle, cycle[0]]
