"""Reads of the sharing app, scoped to the caller (STYLE.md convention 3).

- **Datasets** (the catalogue): staff see the datasets of departments in their scope (core's
  rule) and those of departments in the regions *above* their own (a province dataset is listed
  to every city; 成都 staff never see 绵阳's). Platform admins see all.
- **Requests**: those of the caller's departments (requesting side) and those for datasets the
  caller's departments own (deciding side).
- **Reads**: the same two sides, reader and owner (department admins, platform admins).
- **政务服务码**: the holder's own codes; scans are the clerk's own.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from zwfw.core.permissions import require
from zwfw.core.selectors.scope import department_scope_q, user_scope
from zwfw.sharing import permissions
from zwfw.sharing.models import DataRead, Dataset, RequestStatus, ServiceCode, SharingRequest


def _upper_regions_q(user, field: str) -> Q:
    scope = user_scope(user)
    if scope.everything:
        return Q()
    path = scope.own_region_path
    codes = [c for c in path.split("/") if c][:-1] if path else []
    return Q(**{f"{field}__region__code__in": codes}) if codes else Q(pk__in=[])


def dataset_visible_q(user) -> Q:
    return department_scope_q(user, "department") | _upper_regions_q(user, "department")


def dataset_list_for(*, user, q: str = "", classification: str = "") -> QuerySet[Dataset]:
    require(user, permissions.DATASET_VIEW)
    qs = Dataset.objects.select_related("department", "system").filter(is_active=True).filter(dataset_visible_q(user))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if classification:
        qs = qs.filter(classification=classification)
    return qs.order_by("code")


def dataset_get_for(*, user, code: str) -> Dataset:
    require(user, permissions.DATASET_VIEW)
    ds = (
        Dataset.objects.select_related("department", "system")
        .filter(dataset_visible_q(user))
        .filter(code=(code or "").strip()[:64])
        .first()
    )
    if ds is None:
        raise Http404("数据集不存在或无权查看")
    return ds


def _two_sides_q(user) -> Q:
    return department_scope_q(user, "department") | department_scope_q(user, "dataset__department")


def request_list_for(*, user, status: str = "") -> QuerySet[SharingRequest]:
    require(user, permissions.DATASET_VIEW)
    qs = SharingRequest.objects.select_related("dataset", "dataset__department", "department", "requested_by")
    qs = qs.filter(_two_sides_q(user))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-requested_at", "-id")


def request_get_for(*, user, request_id: int) -> SharingRequest:
    req = request_list_for(user=user).filter(pk=request_id).first()
    if req is None:
        raise Http404("共享申请不存在或无权查看")
    return req


def pending_to_decide_count(user) -> int:
    return (
        SharingRequest.objects.filter(status=RequestStatus.PENDING)
        .filter(department_scope_q(user, "dataset__department"))
        .count()
    )


def read_list_for(*, user, dataset: str = "") -> QuerySet[DataRead]:
    require(user, permissions.READ_LOG_VIEW)
    qs = DataRead.objects.select_related("dataset", "department", "actor").filter(_two_sides_q(user))
    if dataset:
        qs = qs.filter(dataset__code=dataset)
    return qs.order_by("-read_at", "-id")


def service_codes_of(*, user) -> QuerySet[ServiceCode]:
    require(user, permissions.CODE_ISSUE)
    return ServiceCode.objects.filter(holder=user).order_by("-created_at", "-id")


def service_code_get_for(*, user, code_id: int) -> ServiceCode:
    code = service_codes_of(user=user).filter(pk=code_id).first()
    if code is None:
        raise Http404("政务服务码不存在")
    return code


def region_visible(user):
    """A predicate on a region code: in the user's regions, or above them (graph answers)."""
    from zwfw.core.selectors.scope import visible_region_codes

    codes = visible_region_codes(user)
    if codes is None:
        return lambda code: True
    path = user_scope(user).own_region_path
    allowed = set(codes) | {c for c in path.split("/") if c}
    return lambda code: code in allowed


def graph_for(*, user):
    """The 关联图谱 with a filter of what ``user`` may see (items by region, datasets by scope)."""
    from zwfw.sharing.graph import graph_get

    require(user, permissions.GRAPH_VIEW)
    visible = region_visible(user)
    datasets = set(
        Dataset.objects.filter(is_active=True).filter(dataset_visible_q(user)).values_list("code", flat=True)
    )
    return graph_get(), visible, datasets
