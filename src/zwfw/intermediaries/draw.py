"""The random draw (随机抽取) of an intermediary purchase, from its recorded candidates and seed.

A pure function (no database), so a drawn purchase is re-checked by recomputing it
(:func:`zwfw.intermediaries.selectors.purchase_redraw`) and the service draws with the same code
(:func:`zwfw.intermediaries.services.purchases.purchase_select`).
"""

from __future__ import annotations

import random


def draw(candidates: list[int], *, seed: int) -> int:
    """The listing id a random draw picks from ``candidates`` with ``seed`` (deterministic)."""
    return random.Random(seed).choice(sorted(candidates))  # noqa: S311 (reproducible by design)
