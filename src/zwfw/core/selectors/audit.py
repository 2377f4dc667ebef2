"""Audit log reads, scoped to the reader (STYLE.md conventions 2 and 3).

Who sees which rows:

- **Platform admin** (or superuser): every row.
- **Department admin**: rows whose ``region_code`` lies in the subtree of their region (their own
  region, else their department's region) or of a region granted to them by a ``ScopeGrant``.
  "Subtree" is a code prefix (GB/T 2260: 510000 → ``51``, 510100 → ``5101``, 510107 →
  ``510107``), so rows tagged with township or village codes (9/12 digits) count too, whether or
  not those codes are in the region table. Rows without a region (system-wide changes) are for
  the platform admin only.
- Everyone else: nothing. The audit log is an oversight tool, not a case history; a page that
  shows an object's history to its handlers calls :func:`audit_log_for_object` after it has
  checked that the user may see the object.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from zwfw.core.models import AuditLog, Role, ScopeGrant
from zwfw.core.permissions import effective_role


@dataclass(frozen=True)
class AuditLogFilters:
    """Optional narrowing of :func:`audit_log_list`; empty fields do not filter."""

    action: str = ""  # exact code, or a prefix ending in "." ("zwfw.cases.")
    object_type: str = ""
    object_id: str = ""
    actor_id: int | None = None
    region_code: str = ""  # this region's subtree (within the reader's scope)
    since: datetime | None = None
    until: datetime | None = None


def region_code_prefix(code: str) -> str:
    """The prefix every code inside region ``code`` starts with (GB/T 2260 pairs of digits)."""
    if len(code) == 6:
        prefix = code
        while len(prefix) > 2 and prefix.endswith("00"):
            prefix = prefix[:-2]
        return prefix
    return code


def _path_code(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def _prefixes_q(prefixes) -> Q:
    q = Q(pk__in=[])
    for prefix in sorted(set(prefixes)):
        q |= Q(region_code__startswith=prefix)
    return q


def audit_scope_q(user) -> Q:
    """The rows ``user`` may read (see the module docstring)."""
    role = effective_role(user)
    if role == Role.PLATFORM_ADMIN.value:
        return Q()
    if role != Role.DEPT_ADMIN.value:
        return Q(pk__in=[])
    own = user.region_id or (user.department.region_id if user.department_id else None)
    codes = {own} if own else set()
    now = timezone.now()
    grants = ScopeGrant.objects.filter(user_id=user.pk, region__isnull=False).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )
    codes |= {_path_code(p) for p in grants.values_list("region__path", flat=True)}
    return _prefixes_q(region_code_prefix(c) for c in codes if c)


def audit_log_list(user, filters: AuditLogFilters | None = None) -> QuerySet[AuditLog]:
    """Rows ``user`` may read, newest first, narrowed by ``filters``."""
    filters = filters or AuditLogFilters()
    qs = AuditLog.objects.filter(audit_scope_q(user))
    if filters.action:
        qs = (
            qs.filter(action__startswith=filters.action)
            if filters.action.endswith(".")
            else qs.filter(action=filters.action)
        )
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.object_id:
        qs = qs.filter(object_id=str(filters.object_id))
    if filters.actor_id is not None:
        qs = qs.filter(actor_id=filters.actor_id)
    if filters.region_code:
        qs = qs.filter(region_code__startswith=region_code_prefix(filters.region_code))
    if filters.since is not None:
        qs = qs.filter(at__gte=filters.since)
    if filters.until is not None:
        qs = qs.filter(at__lt=filters.until)
    return qs.order_by("-id")


def audit_log_for_object(object_type: str, object_id: str | int, *, user=None) -> QuerySet[AuditLog]:
    """The history of one object, oldest first (``object_type`` is ``app_label.model``).

    With ``user``, limited to what :func:`audit_log_list` would show them. Without, unscoped: the
    caller has already checked that the reader may see the object (say so at the call site).
    """
    qs = AuditLog.objects.filter(object_type=object_type, object_id=str(object_id))
    if user is not None:
        qs = qs.filter(audit_scope_q(user))
    return qs.order_by("id")
