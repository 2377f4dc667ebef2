"""What is in force on a day: the queries catalog's selectors, services and search share.

A version is in force on ``on`` when it is released (published, superseded, retired) and its
``effective_from`` is on or before ``on``; the newest such version of an owner is *the* version in
force. :mod:`zwfw.catalog.selectors` re-exports these for other apps; the search index builds
from :func:`implementation_list` without importing the selectors (which search through it).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from zwfw.catalog.models import RELEASED_STATUSES, ItemImplementation, ItemVersion


def in_force_q(on: dt.date) -> Q:
    return Q(status__in=RELEASED_STATUSES, effective_from__lte=on)


def in_force_version_id_subquery(on: dt.date, owner_field: str = "implementation") -> Subquery:
    """A subquery yielding the id of the version in force (ignores ``effective_to``; callers
    that care about withdrawals check it on the fetched row)."""
    return Subquery(
        ItemVersion.objects.filter(in_force_q(on), **{owner_field: OuterRef("pk")})
        .order_by("-effective_from", "-number")
        .values("pk")[:1]
    )


def implementation_list(
    *,
    region: str | None = None,
    department: str | None = None,
    item_type: str | None = None,
    service_object: str | None = None,
    life_event: str | None = None,
    enterprise_stage: str | None = None,
    on: dt.date | None = None,
) -> QuerySet[ItemImplementation]:
    """Active implementations with a version in force, filtered; each row annotated with
    ``current_version_id``. ``region`` includes the region's subtree (成都市 lists 武侯区's)."""
    on = on or timezone.localdate()
    qs = (
        ItemImplementation.objects.filter(is_active=True)
        .select_related("base", "region", "department")
        .annotate(current_version_id=in_force_version_id_subquery(on))
        .filter(current_version_id__isnull=False)
    )
    if region:
        qs = qs.filter(region__path__contains=f"{region}/")
    if department:
        qs = qs.filter(department__code=department)
    if item_type:
        qs = qs.filter(base__item_type=item_type)
    # JSON lists are matched on their text ('"person"'), which works on SQLite and PostgreSQL alike.
    if service_object:
        qs = qs.filter(base__service_objects__icontains=f'"{service_object}"')
    if life_event:
        qs = qs.filter(base__life_events__icontains=f'"{life_event}"')
    if enterprise_stage:
        qs = qs.filter(base__enterprise_stages__icontains=f'"{enterprise_stage}"')
    return qs.order_by("code")
