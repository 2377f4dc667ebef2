"""双随机 draw: which entities are inspected and by whom, from a plan's recorded input and seed.

A pure function (no database), so a drawn plan is re-checked by recomputing it
(:func:`zwfw.supervision.selectors.inspection_plan_redraw`) and the services draw with the same
code (:mod:`zwfw.supervision.services.inspections`).
"""

from __future__ import annotations

import random
from typing import Any

from zwfw.supervision.errors import SupervisionError, SupervisionErrorCode


def draw(draw_input: dict[str, Any], *, seed: int) -> list[dict[str, Any]]:
    """The assignment for ``draw_input`` and ``seed``: ``[{"entity": id, "inspectors": [ids]}]``.

    ``draw_input``: ``entities`` [[entity_id, subject_id, weight]], ``pools`` [[department_code,
    count, [inspector_ids]]] (lead first), ``relations`` [[inspector_id, subject_id]], ``n``.
    Deterministic: the same input and seed give the same assignment on any machine.
    """
    rng = random.Random(seed)  # noqa: S311 (reproducible by design; the seed itself comes from secrets)
    entities = sorted(draw_input["entities"])
    n = draw_input["n"]
    keyed = sorted(((rng.random() ** (1.0 / w), eid, sid) for eid, sid, w in entities), reverse=True)
    chosen = [(eid, sid) for _, eid, sid in keyed[:n]]
    related = {(i, s) for i, s in draw_input["relations"]}
    out = []
    for eid, sid in chosen:
        picked: list[int] = []
        for dept, count, pool in draw_input["pools"]:
            eligible = sorted(i for i in pool if (i, sid) not in related and i not in picked)
            if len(eligible) < count:
                raise SupervisionError(
                    SupervisionErrorCode.DRAW_SHORT,
                    detail={"department": dept, "entity": eid},
                    what=f"{dept}的检查人员（回避后）",
                    need=count,
                    have=len(eligible),
                )
            picked.extend(rng.sample(eligible, count))
        out.append({"entity": eid, "inspectors": picked})
    return out
