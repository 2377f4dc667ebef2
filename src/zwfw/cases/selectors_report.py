"""Grouped reads of cases, deliveries and consultations for the monthly window report (窗口月报).

Owned by the stats app, kept here so that the case models stay inside ``zwfw.cases`` (no other
app imports them). Every function is read-only, aggregates **in the database** (one grouped
query per date column: cases by ``accepted_at``, cases by ``completed_at``, deliveries,
consultations; conditional ``Count(filter=…)`` per measure, ``GROUP BY`` department)
and returns one small dict per department: never a row per case.

Scope: ``user`` is the caller, applied with the registered case/consultation scope
(:mod:`zwfw.core.selectors.scope`); the operator's unscoped read (the ``zwfw report monthly``
command) is asked for on purpose with ``user=None, unscoped=True``. ``department_ids`` /
``region_codes`` narrow further to a department subtree or a region subtree (resolved by the
caller to ids, so the big tables are filtered by an indexed column instead of a join).

Which date each measure counts by (calendar month ``[start, end)``, aware datetimes):

- ``handled`` 办理量: cases with ``accepted_at`` in the month (受理, including 容缺受理, art. 32
  视为受理 and 告知承诺 approvals, which all set ``accepted_at``);
- ``online_accepted`` 全程网办受理: cases accepted in the month that were 全程网办 **at
  acceptance** (``accepted_online``, fixed then: a later window pick-up never rewrites the month);
- ``window_accepted`` 综合窗口受理: every other case accepted in the month (window, 代办, kiosk,
  and online applications that needed a trip), so 全程网办受理 + 综合窗口受理 = 办理量;
- ``online_completed`` 全程网办办结: ``fully_online`` cases with ``completed_at`` in the month
  (a pick-up clears ``fully_online`` before the case can be completed, so the figure is final
  once the month is over);
- ``pickup`` 窗口出件 / ``post`` 现场邮寄: deliveries by ``handed_out_at`` and ``method``, counted
  under the case's department;
- ``phone`` / ``onsite`` 电话/现场咨询人次: consultations by ``at`` and ``channel``.

跨域通办 (川渝通办) cases: received and accepted at a window of region A for a department of
region B. Their acceptance (办理量, 全程网办受理, 综合窗口受理) and their deliveries count in A's row
(``intake_department``, in A's scope), their 办结 (全程网办办结) in B's (``department``, B's scope):
each measure of a case lands in exactly one row, so a region never counts one twice and the
province total loses none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from zwfw.cases.models import Case, Consultation, ConsultationChannel, Delivery, DeliveryMethod
from zwfw.core.selectors.scope import scope_queryset, scoped_q

CASE_MEASURES = ("handled", "online_accepted", "online_completed", "window_accepted")
DELIVERY_MEASURES = ("pickup", "post")
CONSULTATION_MEASURES = ("phone", "onsite")


def _unscoped(user, unscoped: bool) -> bool:
    if user is None and not unscoped:
        raise ImproperlyConfigured("report selectors need a user, or user=None with unscoped=True")
    return user is None


def _narrow(qs, *, prefix: str, department_ids: Iterable[int] | None, region_codes: Iterable[str] | None):
    if department_ids is not None:
        qs = qs.filter(**{f"{prefix}department_id__in": list(department_ids)})
    if region_codes is not None:
        qs = qs.filter(**{f"{prefix}region_id__in": list(region_codes)})
    return qs


def _memo():
    """The user's scope read once for the Qs built inside (a memo when no request has one open)."""
    from contextlib import nullcontext

    from zwfw.core.request_cache import request_cache, request_cache_open

    return nullcontext() if request_cache() is not None else request_cache_open()


def _acceptance_scope_q(user, prefix: str = "") -> Q:
    """Where a case's acceptance (and its delivery) is counted: an ordinary case under its own
    region/department, a 跨域通办 case under its 收件地/收件单位. The user's scope is read once
    for both halves (a memo around them when no request has one open)."""
    with _memo():
        ordinary = Q(**{f"{prefix}cross_region": False}) & scoped_q(
            user, region=f"{prefix}region", department=f"{prefix}department", owner=f"{prefix}applicant"
        )
        cross = Q(**{f"{prefix}cross_region": True}) & scoped_q(
            user,
            region=f"{prefix}intake_region",
            department=f"{prefix}intake_department",
            owner=f"{prefix}applicant",
        )
    return ordinary | cross


def _narrow_accepted(qs, *, prefix: str, department_ids: Iterable[int] | None, region_codes: Iterable[str] | None):
    """:func:`_narrow` on the department/region a case's acceptance counts under."""
    ordinary, cross = Q(**{f"{prefix}cross_region": False}), Q(**{f"{prefix}cross_region": True})
    if department_ids is not None:
        ids = list(department_ids)
        qs = qs.filter(
            (ordinary & Q(**{f"{prefix}department_id__in": ids}))
            | (cross & Q(**{f"{prefix}intake_department_id__in": ids}))
        )
    if region_codes is not None:
        codes = list(region_codes)
        qs = qs.filter(
            (ordinary & Q(**{f"{prefix}region_id__in": codes}))
            | (cross & Q(**{f"{prefix}intake_region_id__in": codes}))
        )
    return qs


def report_case_counts(
    *,
    user,
    start: dt.datetime,
    end: dt.datetime,
    department_ids: Iterable[int] | None = None,
    region_codes: Iterable[str] | None = None,
    unscoped: bool = False,
) -> list[dict]:
    """``[{"department_id", "handled", "online_accepted", "online_completed", "window_accepted"}]``.

    Two grouped queries, one per date column: cases accepted in ``[start, end)`` (three measures)
    and cases completed in it (one). Each filters one indexed range, so an index on
    ``(accepted_at, department_id, accepted_online)`` / ``(completed_at, department_id,
    fully_online)`` answers it without reading the table (see docs/reports.md, Benchmark).
    """
    unscoped_read = _unscoped(user, unscoped)
    with _memo():
        acc_scope = None if unscoped_read else _acceptance_scope_q(user)
        qs = Case.objects.all() if unscoped_read else scope_queryset(user, Case.objects.all())
    # acceptance: under the department it counts at (a 跨域通办 case's 收件单位)
    acc = Case.objects.all() if acc_scope is None else Case.objects.filter(acc_scope)
    acc = _narrow_accepted(acc, prefix="", department_ids=department_ids, region_codes=region_codes)
    accepted = (
        acc.filter(accepted_at__gte=start, accepted_at__lt=end)
        .annotate(report_department=Coalesce(F("intake_department_id"), F("department_id")))
        .values("report_department")
        .annotate(
            handled=Count("id"),
            online_accepted=Count("id", filter=Q(accepted_online=True)),
            window_accepted=Count("id", filter=Q(accepted_online=False)),
        )
        .values("report_department", "handled", "online_accepted", "window_accepted")
        .order_by()
    )
    # 办结: under the implementing (handling) department
    qs = _narrow(qs, prefix="", department_ids=department_ids, region_codes=region_codes)
    completed = (
        qs.filter(completed_at__gte=start, completed_at__lt=end, fully_online=True)
        .values("department_id")
        .annotate(online_completed=Count("id"))
        .order_by()
    )
    merged: dict[int, dict] = {}
    for row in accepted:
        dept = row.pop("report_department")
        merged.setdefault(dept, dict.fromkeys(CASE_MEASURES, 0)).update(row)
    for row in completed:
        dept = row.pop("department_id")
        merged.setdefault(dept, dict.fromkeys(CASE_MEASURES, 0)).update(row)
    return [{"department_id": dept, **counts} for dept, counts in merged.items()]


def report_delivery_counts(
    *,
    user,
    start: dt.datetime,
    end: dt.datetime,
    department_ids: Iterable[int] | None = None,
    region_codes: Iterable[str] | None = None,
    unscoped: bool = False,
) -> list[dict]:
    """``[{"department_id", "pickup", "post"}]``: results handed out in ``[start, end)`` by
    ``method`` (electronic deliveries are neither), under the case's department (a 跨域通办
    case's 收件单位, where the result goes back). One query."""
    qs = Delivery.objects.filter(handed_out_at__gte=start, handed_out_at__lt=end)
    if not _unscoped(user, unscoped):
        qs = qs.filter(_acceptance_scope_q(user, prefix="case__"))
    qs = _narrow_accepted(qs, prefix="case__", department_ids=department_ids, region_codes=region_codes)
    rows = (
        qs.annotate(report_department=Coalesce(F("case__intake_department_id"), F("case__department_id")))
        .values("report_department")
        .annotate(
            pickup=Count("id", filter=Q(method=DeliveryMethod.PICKUP)),
            post=Count("id", filter=Q(method=DeliveryMethod.POST)),
        )
        .order_by()
    )
    return [{"department_id": r.pop("report_department"), **r} for r in rows]


def report_consultation_counts(
    *,
    user,
    start: dt.datetime,
    end: dt.datetime,
    department_ids: Iterable[int] | None = None,
    region_codes: Iterable[str] | None = None,
    unscoped: bool = False,
) -> list[dict]:
    """``[{"department_id", "phone", "onsite"}]``: consultations (人次) at ``[start, end)``. One query."""
    qs = Consultation.objects.filter(at__gte=start, at__lt=end)
    if not _unscoped(user, unscoped):
        qs = scope_queryset(user, qs)
    qs = _narrow(qs, prefix="", department_ids=department_ids, region_codes=region_codes)
    return list(
        qs.values("department_id")
        .annotate(
            phone=Count("id", filter=Q(channel=ConsultationChannel.PHONE)),
            onsite=Count("id", filter=Q(channel=ConsultationChannel.ONSITE)),
        )
        .order_by()
    )


def report_centre_counts(
    *,
    user,
    start: dt.datetime,
    end: dt.datetime,
    centre_ids: Iterable[int],
    department_ids: Iterable[int] | None = None,
    region_codes: Iterable[str] | None = None,
    unscoped: bool = False,
) -> dict[str, int]:
    """Every measure of ``[start, end)`` for what happened **at** the units ``centre_ids`` (the
    企业综合服务中心 line): cases they accepted (``accepted_department``), results they handed out
    (``Delivery.department``, 出件单位), consultations they logged. Same scope and narrowing as the
    rows; one query per source."""
    ids = list(centre_ids)
    out = dict.fromkeys((*CASE_MEASURES, *DELIVERY_MEASURES, *CONSULTATION_MEASURES), 0)
    if not ids:
        return out
    unscoped_read = _unscoped(user, unscoped)
    cases = Case.objects.all() if unscoped_read else Case.objects.filter(_acceptance_scope_q(user))
    cases = _narrow_accepted(cases, prefix="", department_ids=department_ids, region_codes=region_codes)
    out.update(
        cases.filter(accepted_department_id__in=ids, accepted_at__gte=start, accepted_at__lt=end).aggregate(
            handled=Count("id"),
            online_accepted=Count("id", filter=Q(accepted_online=True)),
            window_accepted=Count("id", filter=Q(accepted_online=False)),
        )
    )
    out["online_completed"] = cases.filter(
        accepted_department_id__in=ids, completed_at__gte=start, completed_at__lt=end, fully_online=True
    ).count()
    deliveries = Delivery.objects.filter(department_id__in=ids, handed_out_at__gte=start, handed_out_at__lt=end)
    if not unscoped_read:
        deliveries = deliveries.filter(_acceptance_scope_q(user, prefix="case__"))
    deliveries = _narrow_accepted(deliveries, prefix="case__", department_ids=department_ids, region_codes=region_codes)
    out.update(
        deliveries.aggregate(
            pickup=Count("id", filter=Q(method=DeliveryMethod.PICKUP)),
            post=Count("id", filter=Q(method=DeliveryMethod.POST)),
        )
    )
    consultations = Consultation.objects.filter(department_id__in=ids, at__gte=start, at__lt=end)
    if not unscoped_read:
        consultations = scope_queryset(user, consultations)
    consultations = _narrow(consultations, prefix="", department_ids=department_ids, region_codes=region_codes)
    out.update(
        consultations.aggregate(
            phone=Count("id", filter=Q(channel=ConsultationChannel.PHONE)),
            onsite=Count("id", filter=Q(channel=ConsultationChannel.ONSITE)),
        )
    )
    return {k: int(v or 0) for k, v in out.items()}
