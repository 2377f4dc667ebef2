"""What apps above sharing (cases) provide to it, registered from their ``AppConfig.ready``.

sharing sits below cases in the layers (PLATFORM.md), so it never imports cases; cases registers:

- ``open_cases(id_number, uscc) -> list[dict]`` (number, item name, status label, submitted date):
  the holder's open cases shown to a clerk who scanned a 政务服务码 with consent;
- ``yearly_volumes() -> dict[implementation code, int]``: cases submitted in the last 365 days,
  which ranks the 关联图谱's answers;
- ``matched_policies(uscc) -> list[dict]``: the holder's matched 惠企政策 items (policies stands
  beside sharing, so cases, above both, registers ``policies.selectors.matched_policies_for_holder``).

Unregistered, a clerk sees no cases and no policies, and every volume is 0 (the graph still
answers, unranked).
"""

from __future__ import annotations

from collections.abc import Callable

_HOOKS: dict[str, Callable] = {}


def register(name: str, fn: Callable) -> None:
    if name not in {"open_cases", "yearly_volumes", "matched_policies"}:
        raise ValueError(name)
    _HOOKS[name] = fn


def open_cases(*, id_number: str, uscc: str) -> list[dict]:
    fn = _HOOKS.get("open_cases")
    return fn(id_number=id_number, uscc=uscc) if fn else []


def yearly_volumes() -> dict[str, int]:
    fn = _HOOKS.get("yearly_volumes")
    return fn() if fn else {}


def matched_policies(*, uscc: str) -> list[dict]:
    fn = _HOOKS.get("matched_policies")
    return fn(uscc=uscc) if fn and uscc else []
