"""跨域通办 (川渝通办, 异地代收代办): a window of region A receives an application for an item
handled by a department of region B.

The case keeps the implementation's ``region``/``department`` (B: B's reviewers see, review and
decide it through the ordinary scope) and records where it was received: ``cross_region``,
``intake_region`` (收件地, A) and ``intake_department`` (收件单位, the clerk's window unit). A's
clerks see the cases their region received (``selectors.intake_scope_q``), accept them (the clock
runs from that acceptance, on the official calendar, as for every case) and hand the result out
(出件 at A's window, or by post). The monthly report counts the acceptance in A's row and the
办结 in B's (``selectors_report``).

Only items on a 跨域通办 list (``catalog.selectors.cross_region_item_for``: the handling side's
implementation, with A's region or a region above it among its 收件地) may be received this way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from zwfw.cases.errors import CaseError, CaseErrorCode
from zwfw.core.models import Role


@dataclass(frozen=True)
class Intake:
    region_id: str
    department_id: int
    scheme: str
    mode: str


def cross_region_intake(*, agent, implementation) -> Intake:
    """Where a cross-region application by window clerk ``agent`` is received, or refuse it.

    403 unless a window clerk applies on an applicant's behalf; 422 ``case_cross_region_no_window``
    for a clerk without a window unit, ``case_cross_region_local`` for an item of the clerk's own
    region (an ordinary case), ``case_cross_region_not_listed`` for an item no 跨域通办 list lets
    the clerk's region receive.
    """
    from zwfw.catalog.selectors import cross_region_item_for

    if agent is None or getattr(agent, "role", None) != Role.WINDOW_CLERK.value:
        raise PermissionDenied("跨域收件须由窗口工作人员代申请人提交")
    department = agent.department if agent.department_id else None
    if department is None:
        raise CaseError(CaseErrorCode.CROSS_REGION_NO_WINDOW)
    region = agent.region if agent.region_id else department.region
    name = implementation.base.name
    handling = implementation.region
    if region.is_within(handling) or handling.is_within(region):
        raise CaseError(CaseErrorCode.CROSS_REGION_LOCAL, detail={"code": implementation.code}, name=name)
    entry = cross_region_item_for(implementation_code=implementation.code, intake_region=region.code)
    if entry is None:
        raise CaseError(
            CaseErrorCode.CROSS_REGION_NOT_LISTED,
            detail={"code": implementation.code, "intake_region": region.code},
            name=name,
            region=region.name,
        )
    return Intake(region_id=region.code, department_id=department.pk, scheme=entry.scheme, mode=entry.mode)
