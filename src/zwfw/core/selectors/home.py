"""What a home page shows: who the user is, where they work, and their work queues.

Read-only and scoped to the user asking: it describes only that user, and each queue's count
comes from the owning app's own scoped selector (registered in :mod:`zwfw.core.navigation`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zwfw.core.models import Region, RegionLevel, User
from zwfw.core.navigation import ANONYMOUS, QueueRow, role_of, workbench_queues_for

#: How many rows a home-page card lists (the queue's page has the rest).
HOME_ROWS = 5


@dataclass(frozen=True)
class QueueSummary:
    key: str
    label: str
    description: str
    count: int
    href: str | None
    rows: list[QueueRow] = field(default_factory=list)
    empty: str = ""


@dataclass(frozen=True)
class HomeSummary:
    role: str
    role_label: str
    display_name: str
    department_name: str
    region_name: str
    region_trail: list[str] = field(default_factory=list)
    queues: list[QueueSummary] = field(default_factory=list)


def home_summary_for(*, user) -> HomeSummary:
    """The home page's data for ``user`` (anonymous visitors get an empty summary).

    Two queries for staff: the user with department and region, then the names along the
    region's path below the national level (四川省 › 成都市 › 武侯区), whatever its depth.
    """
    role = role_of(user)
    if role == ANONYMOUS:
        return HomeSummary(role=ANONYMOUS, role_label="", display_name="", department_name="", region_name="")
    from django.urls import reverse

    me = User.objects.select_related("department__region", "region").get(pk=user.pk)
    region = me.region or (me.department.region if me.department else None)
    trail: list[str] = []
    if region is not None:
        codes = [c for c in region.path.split("/") if c]
        names = dict(Region.objects.filter(code__in=codes, level__gt=RegionLevel.NATIONAL).values_list("code", "name"))
        trail = [names[c] for c in codes if c in names]
    # Only queues whose app registered a count provider: a queue without data is left out rather
    # than shown as an empty queue. Rows come from the same app, capped at HOME_ROWS.
    queues = [
        QueueSummary(
            key=q.key,
            label=str(q.label),
            description=str(q.description),
            count=q.count(me),
            href=reverse(q.url_name) if q.url_name else None,
            rows=list(q.rows(me, HOME_ROWS))[:HOME_ROWS] if q.rows is not None else [],
            empty=str(q.empty) or "当前没有待办事项。",
        )
        for q in workbench_queues_for(role)
        if q.count is not None
    ]
    return HomeSummary(
        role=role,
        role_label=me.get_role_display(),
        display_name=str(me),
        department_name=me.department.name if me.department else "",
        region_name=region.name if region else "",
        region_trail=trail,
        queues=queues,
    )
