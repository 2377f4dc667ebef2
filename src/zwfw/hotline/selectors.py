"""Every read of the hotline app, scoped to the caller (STYLE.md convention 3).

Scope of work orders: the hub's staff (operators, supervisors) their region subtree; a
department's staff (reviewer, dept_admin) only orders whose handling department lies in their
department subtree; a caller (applicant) only their own orders; platform admins everything.
Caller name and phone are shown in full only to the intake operator and the caller themselves.

For other apps: :func:`work_order_rating_subject` (what a 好差评 rating of an order needs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zwfw.core.identifiers import mask_name, mask_phone
from zwfw.core.models import Role
from zwfw.core.permissions import effective_role
from zwfw.core.selectors.scope import get_object_for, scope_queryset, scope_register
from zwfw.hotline.models import (
    Category,
    ClassifierModel,
    ExtensionRequest,
    ExtensionStatus,
    KnowledgeEntry,
    ResponsibilityRule,
    ResponsibilityVersion,
    ResponsibilityVersionStatus,
    Status,
    WorkOrder,
)

scope_register(WorkOrder, region="region", department="department", owner="caller_user")
scope_register(ExtensionRequest, region="order__region", department="order__department")

_RELATED = ("region", "department", "category", "category__parent", "duplicate_of")


def work_order_queryset(user) -> QuerySet[WorkOrder]:
    return scope_queryset(user, WorkOrder.objects.select_related(*_RELATED))


def work_order_get_for(*, user, order_id: int) -> WorkOrder:
    """One order within the user's scope; 404 when missing or outside it."""
    if not isinstance(order_id, int) or order_id <= 0 or order_id > 2**62:
        raise Http404("工单不存在")
    return get_object_for(user, WorkOrder.objects.select_related(*_RELATED), pk=order_id)


def caller_visible(order: WorkOrder, user) -> bool:
    """Only the operator who took the call and the caller see the caller's name and phone."""
    uid = getattr(user, "pk", None)
    return uid is not None and uid in {order.intake_operator_id, order.caller_user_id}


def caller_for(order: WorkOrder, user) -> tuple[str, str]:
    if caller_visible(order, user):
        return order.caller_name, order.caller_phone
    return mask_name(order.caller_name), mask_phone(order.caller_phone)


def overdue_q(now=None) -> Q:
    now = now or timezone.now()
    return Q(status=Status.DISPATCHED, sign_due_at__lt=now) | Q(
        status__in=[Status.SIGNED, Status.PROCESSING], due_at__lt=now
    )


QUEUES = {
    "to_dispatch": ("待派单", Q(status=Status.TO_DISPATCH)),
    "to_sign": ("待签收", Q(status=Status.DISPATCHED)),
    "in_progress": ("办理中", Q(status__in=[Status.SIGNED, Status.PROCESSING])),
    "to_visit": ("待回访", Q(status=Status.ANSWERED)),
    "to_close": ("待办结", Q(status=Status.VISITED)),
    "arbitration": ("退单仲裁", Q(status=Status.ARBITRATION)),
    "overdue": ("超期工单", None),
    "closed": ("已办结", Q(status=Status.CLOSED)),
    "merged": ("已并单", Q(status=Status.MERGED)),
}


def _queue_q(queue: str) -> Q:
    if queue == "overdue":
        return overdue_q()
    return QUEUES[queue][1]


def work_order_list(
    *, user, queue: str | None = None, q: str = "", department: str | None = None, limit: int = 200
) -> QuerySet[WorkOrder]:
    qs = work_order_queryset(user)
    if queue:
        if queue not in QUEUES:
            raise ValueError(queue)
        qs = qs.filter(_queue_q(queue))
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(text__icontains=q))
    if department:
        qs = qs.filter(department__code=department)
    return qs.order_by("-created_at", "-id")[:limit]


def work_order_queue_count(*, user, queue: str) -> int:
    return work_order_queryset(user).filter(_queue_q(queue)).count()


def extension_pending_list(*, user) -> QuerySet[ExtensionRequest]:
    return scope_queryset(
        user,
        ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).select_related("order", "order__department"),
    ).order_by("requested_at")


def caller_history(*, user, phone: str, exclude_id: int | None = None, limit: int = 10) -> list[WorkOrder]:
    """Earlier orders of the same phone number (the operator's 来电历史), within scope."""
    phone = (phone or "").strip()
    if len(phone) < 5:
        return []
    qs = work_order_queryset(user).filter(caller_phone=phone)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return list(qs.order_by("-created_at")[:limit])


def similar_orders(
    *, user, text: str, exclude_id: int | None = None, limit: int = 8, pool: int = 3000, days: int = 365
) -> list[tuple[WorkOrder, float]]:
    """举一反三 / similar past orders: the most similar orders of the last ``days`` in scope."""
    from zwfw.hotline.similar import rank

    since = timezone.now() - dt.timedelta(days=days)
    qs = work_order_queryset(user).filter(created_at__gte=since).exclude(status=Status.MERGED)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    rows = list(qs.order_by("-created_at").values_list("id", "title", "text")[:pool])
    hits = rank(text, [f"{t} {x[:500]}" for _, t, x in rows], limit=limit, min_score=0.2)
    by_id = {o.pk: o for o in WorkOrder.objects.select_related(*_RELATED).filter(pk__in=[rows[i][0] for i, _ in hits])}
    return [(by_id[rows[i][0]], s) for i, s in hits if rows[i][0] in by_id]


def knowledge_search(
    *, user, query: str, limit: int = 5, include_inactive: bool = False
) -> list[tuple[KnowledgeEntry, float]]:
    """Entries best matching ``query`` (Chinese: character uni/bigrams, TF-IDF cosine)."""
    from zwfw.hotline.similar import rank

    qs = KnowledgeEntry.objects.select_related("department", "category")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    entries = list(qs.order_by("id")[:5000])
    hits = rank(query, [f"{e.question} {e.question} {e.answer}" for e in entries], limit=limit, min_score=0.15)
    return [(entries[i], s) for i, s in hits]


def knowledge_list(*, user, q: str = "") -> list[KnowledgeEntry]:
    if q:
        return [e for e, _ in knowledge_search(user=user, query=q, limit=50, include_inactive=True)]
    return list(KnowledgeEntry.objects.select_related("department", "category", "owner").order_by("id")[:500])


def knowledge_get(*, entry_id: int) -> KnowledgeEntry:
    entry = KnowledgeEntry.objects.select_related("department", "category").filter(pk=entry_id).first()
    if entry is None:
        raise Http404("知识库条目不存在")
    return entry


def category_list(*, level: int | None = None, parent_code: str | None = None) -> QuerySet[Category]:
    qs = Category.objects.filter(is_active=True).select_related("parent")
    if level is not None:
        qs = qs.filter(level=level)
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    return qs.order_by("code")


def category_get(*, code: str) -> Category | None:
    return Category.objects.filter(code=code).first()


def responsibility_current() -> ResponsibilityVersion | None:
    return ResponsibilityVersion.objects.filter(status=ResponsibilityVersionStatus.PUBLISHED).first()


def responsibility_versions() -> QuerySet[ResponsibilityVersion]:
    return ResponsibilityVersion.objects.order_by("-number")


def responsibility_rules(*, version: ResponsibilityVersion) -> QuerySet[ResponsibilityRule]:
    return version.rules.select_related("category", "region", "department").order_by("category__code", "region_id")


def classifier_versions() -> QuerySet[ClassifierModel]:
    return ClassifierModel.objects.order_by("-version")


def is_department_user(user) -> bool:
    return effective_role(user) in {Role.REVIEWER.value, Role.DEPT_ADMIN.value}


@dataclass(frozen=True)
class RatingSubject:
    """What a 好差评 rating of a work order needs (诉求办理 一事一评)."""

    order_id: int
    number: str
    applicant_user_id: int | None
    ended_at: dt.datetime | None
    department_code: str | None
    department_name: str | None
    region_code: str
    category_code: str | None
    category_name: str | None


def work_order_rating_subject(*, order_id: int) -> RatingSubject | None:
    """The rating subject of an order, or None for an unknown id. ``ended_at`` is the 办结 time
    (for a merged order: its root's), None while the order is not closed. Unscoped on purpose:
    the ratings app checks that the rater is ``applicant_user_id``."""
    if not isinstance(order_id, int) or order_id <= 0 or order_id > 2**62:
        return None
    order = WorkOrder.objects.select_related("department", "category", "duplicate_of").filter(pk=order_id).first()
    if order is None:
        return None
    ended = order.closed_at
    if order.status == Status.MERGED and order.duplicate_of is not None:
        ended = order.duplicate_of.closed_at
    return RatingSubject(
        order_id=order.pk,
        number=order.number,
        applicant_user_id=order.caller_user_id,
        ended_at=ended,
        department_code=order.department.code if order.department else None,
        department_name=order.department.name if order.department else None,
        region_code=order.region_id,
        category_code=order.category.code if order.category else None,
        category_name=order.category.name if order.category else None,
    )
