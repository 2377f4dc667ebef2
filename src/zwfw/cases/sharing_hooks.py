"""What cases provides to the sharing app (registered from ``CasesConfig.ready``).

- :func:`open_cases_of_holder`: a 政务服务码 holder's open cases, for the clerk who scanned the code
  with the holder's consent (number, item, status; nothing else).
- :func:`yearly_volumes`: cases submitted in the last 365 days per implementation code, which
  ranks the 关联图谱's answers.
- ``matched_policies``: the holder's matched 惠企政策 items, from
  ``zwfw.policies.selectors.matched_policies_for_holder`` (policies and sharing stand side by side
  in the layers, so neither may import the other; cases sits above both and wires them).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from zwfw.cases.models import Case
from zwfw.cases.models.case import FINAL_STATUSES, CaseStatus


def open_cases_of_holder(*, id_number: str, uscc: str) -> list[dict]:
    q = Q(pk__in=[])
    if id_number:
        q |= Q(applicant_id_number=id_number)
    if uscc:
        q |= Q(applicant_uscc=uscc)
    rows = (
        Case.objects.filter(q)
        .exclude(status__in=[s.value for s in FINAL_STATUSES])
        .order_by("-submitted_at")
        .values("number", "item_name", "status", "submitted_at")[:50]
    )
    return [
        {
            "number": r["number"],
            "item_name": r["item_name"],
            "status": r["status"],
            "status_label": str(CaseStatus(r["status"]).label),
            "submitted_on": timezone.localdate(r["submitted_at"]).isoformat(),
        }
        for r in rows
    ]


def yearly_volumes() -> dict[str, int]:
    since = timezone.now() - dt.timedelta(days=365)
    rows = (
        Case.objects.filter(submitted_at__gte=since)
        .values("implementation__code")
        .annotate(n=Count("id"))
        .values_list("implementation__code", "n")
    )
    return dict(rows)


def register() -> None:
    from zwfw.sharing import hooks

    hooks.register("open_cases", open_cases_of_holder)
    hooks.register("yearly_volumes", yearly_volumes)
    from django.apps import apps

    if apps.is_installed("zwfw.policies"):
        from zwfw.policies.selectors import matched_policies_for_holder

        hooks.register("matched_policies", matched_policies_for_holder)
