"""Reads of the bundles app, scoped to the caller.

- Published bundles are public; drafts are seen by their reviewers only (404 for others).
- Applications: the applicant sees their own, a clerk those they filed, staff those of their
  region scope; anyone else gets 404 (``application_get_for``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from zwfw.bundles.models import Bundle, BundleApplication, BundleMergeDecision, BundlePlan, BundleStatus
from zwfw.core.models import Role
from zwfw.core.selectors.scope import department_scope_q, region_scope_q

STAGE_STATUS_DONE = "completed"


def bundle_list_for(*, user, theme: str | None = None, include_drafts: bool = False) -> QuerySet[Bundle]:
    """Published bundles (and, with ``include_drafts``, the drafts the user reviews), by code."""
    qs = Bundle.objects.select_related("lead_department", "region")
    visible = Q(status=BundleStatus.PUBLISHED)
    if include_drafts:
        visible |= _reviewable_q(user)
    qs = qs.filter(visible)
    if theme:
        qs = qs.filter(theme=theme)
    return qs.order_by("code")


def bundle_list_with_plans(*, user, theme: str | None = None) -> list[tuple[Bundle, BundlePlan | None]]:
    """Published bundles, each with its current plan: two queries whatever the number of bundles."""
    latest = BundlePlan.objects.filter(bundle=OuterRef("pk")).order_by("-computed_at", "-id").values("pk")[:1]
    bundles = list(bundle_list_for(user=user, theme=theme).annotate(latest_plan_id=Subquery(latest)))
    plans = BundlePlan.objects.in_bulk([b.latest_plan_id for b in bundles if b.latest_plan_id])
    return [(b, plans.get(b.latest_plan_id)) for b in bundles]


def _reviewable_q(user) -> Q:
    role = getattr(user, "role", None)
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if getattr(user, "is_platform_admin", False):
        return Q()
    if role == Role.DEPT_ADMIN:
        return department_scope_q(user, "lead_department")
    return Q(pk__in=[])


def bundle_get_for(*, user, code: str) -> Bundle:
    """A bundle by code: published ones for everybody, drafts for their reviewers; else 404."""
    bundle = (
        Bundle.objects.select_related("lead_department", "region")
        .prefetch_related("items", "dependencies")
        .filter(Q(status=BundleStatus.PUBLISHED) | _reviewable_q(user), code=code)
        .first()
    )
    if bundle is None:
        raise Http404
    return bundle


def review_list_for(*, user) -> list[dict[str, Any]]:
    """The bundles the user reviews, each with its open suggestions and conflicts counted."""
    rows = []
    for bundle in Bundle.objects.filter(_reviewable_q(user)).select_related("lead_department").order_by("code"):
        plan = bundle.plans.order_by("-computed_at", "-id").first()
        data = plan.plan if plan else {"open_suggestions": [], "conflicts": []}
        rows.append(
            {
                "bundle": bundle,
                "open": len(data["open_suggestions"]),
                "conflicts": len(data["conflicts"]),
                "computed_at": plan.computed_at if plan else None,
            }
        )
    return rows


def bundle_plans(bundle: Bundle, *, limit: int = 5) -> list[BundlePlan]:
    """The latest plan snapshots, newest first (the first is the current plan)."""
    return list(bundle.plans.order_by("-computed_at", "-id")[:limit])


def bundle_decisions(bundle: Bundle) -> list[BundleMergeDecision]:
    return list(bundle.decisions.select_related("decided_by").order_by("-decided_at", "-id"))


def _applications_q(user) -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if getattr(user, "is_applicant", False):
        return Q(applicant=user)
    if getattr(user, "is_platform_admin", False):
        return Q()
    if user.role == Role.WINDOW_CLERK:
        return Q(agent=user) | region_scope_q(user, "region")
    if user.role in {Role.REVIEWER, Role.DEPT_ADMIN}:
        return region_scope_q(user, "region")
    return Q(pk__in=[])


def application_list_for(*, user) -> QuerySet[BundleApplication]:
    return (
        BundleApplication.objects.filter(_applications_q(user))
        .select_related("bundle", "applicant")
        .order_by("-submitted_at", "-id")
    )


def application_get_for(*, user, application_id: int) -> BundleApplication:
    """One application the user may see, with its children and their cases; else 404."""
    application = (
        BundleApplication.objects.filter(_applications_q(user), pk=application_id)
        .select_related("bundle", "applicant", "agent")
        .prefetch_related("children__case", "materials")
        .first()
    )
    if application is None:
        raise Http404
    return application


def application_progress(application: BundleApplication) -> dict[str, Any]:
    """ONE progress view: per stage, per child (case number, status, result); the results are
    shown together only when every child is completed (一口发证)."""
    children = list(application.children.all())
    names = {c.base_code: c.item_name for c in children}
    stages: dict[int, list[dict[str, Any]]] = {}
    for child in children:
        case = child.case
        stages.setdefault(child.stage, []).append(
            {
                "base_code": child.base_code,
                "implementation_code": child.implementation_code,
                "name": child.item_name,
                "stage": child.stage,
                "case_id": case.pk if case else None,
                "case_number": case.number if case else "",
                "status": case.status if case else "waiting",
                "status_label": case.get_status_display() if case else "等待前序事项办结",
                "depends_on": [names.get(c, c) for c in child.depends_on],
                "result": (
                    {
                        "name": case.item_name,
                        "licence_type": case.result_licence_type,
                        "licence_number": case.result_licence_number,
                        "decision": case.decision,
                    }
                    if case and case.status == STAGE_STATUS_DONE
                    else None
                ),
            }
        )
    total = len(children)
    done = sum(1 for c in children if c.case and c.case.status == STAGE_STATUS_DONE)
    all_done = total > 0 and done == total
    return {
        "stages": [{"number": n, "children": rows} for n, rows in sorted(stages.items())],
        "total": total,
        "completed": done,
        "created": sum(1 for c in children if c.case_id),
        "all_done": all_done,
        "results": [row["result"] for rows in stages.values() for row in rows] if all_done else [],
    }


def bundle_application_rating_subject(
    *, application_id: int | None = None, number: str | None = None
) -> dict[str, Any] | None:
    """What the ratings app (好差评) needs to know about one application, or None.

    Unscoped on purpose (the ratings app checks who may rate). Ended = every child 办结
    (``completed``) or the application ended by a refused/withdrawn child (``ended``; no time is
    stored for that, so ``ended_at`` is None and ``ended`` True). The responsible department is
    the bundle's 牵头部门, for a free combination the first child's implementing department.
    """
    if application_id is None and not number:
        return None
    qs = BundleApplication.objects.select_related("bundle")
    app = qs.filter(pk=application_id).first() if application_id is not None else qs.filter(number=number).first()
    if app is None:
        return None
    department_id = app.bundle.lead_department_id if app.bundle is not None else None
    region_code = app.region_id
    if department_id is None or region_code is None:
        child = app.children.filter(case__isnull=False).select_related("case").order_by("id").first()
        if child is not None and child.case is not None:
            department_id = department_id or child.case.department_id
            region_code = region_code or child.case.region_id
    return {
        "id": app.pk,
        "number": app.number,
        "applicant_id": app.applicant_id,
        "status": app.status,
        "ended": app.status in {"completed", "ended"},
        "ended_at": app.completed_at,
        "department_id": department_id,
        "region_code": region_code,
        "bundle_code": app.bundle.code if app.bundle is not None else "",
        "title": app.title,
        "agent_id": app.agent_id,
    }
