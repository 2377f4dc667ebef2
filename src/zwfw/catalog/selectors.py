"""Reads of the catalog: what other apps and the API use. Public reads see published data only;
unpublished versions are fetched through permission-checked selectors that answer 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from zwfw.catalog import permissions
from zwfw.catalog.content import version_content, version_content_cached, versions_with_content
from zwfw.catalog.elements import validate_value
from zwfw.catalog.in_force import implementation_list as implementation_list  # re-exported for other apps
from zwfw.catalog.in_force import in_force_q
from zwfw.catalog.in_force import in_force_version_id_subquery as in_force_version_id_subquery
from zwfw.catalog.models import (
    RELEASED_STATUSES,
    BaseItem,
    ItemImplementation,
    ItemVersion,
)
from zwfw.core.prepared import UNDECIDED, PreparedRead, first_in_window


def _today() -> dt.date:
    return timezone.localdate()


def _owner_filter(owner) -> dict[str, Any]:
    if isinstance(owner, ItemImplementation):
        return {"implementation": owner}
    if isinstance(owner, BaseItem):
        return {"base_item": owner}
    raise TypeError("owner must be an ItemImplementation or a BaseItem")


# Every application asks for its implementation's version in force (issue 9): the newest
# ``_RECENT`` released versions through a statement compiled once per process, the date checked
# here; the first that has started is the answer unless none has and more may exist.
_RECENT = 8
_RELEASED_NEWEST: PreparedRead[ItemVersion] = PreparedRead(
    lambda implementation_id: ItemVersion.objects.filter(
        implementation_id=implementation_id, status__in=RELEASED_STATUSES
    ).order_by("-effective_from", "-number")[:_RECENT]
)


def _released_in_force(implementation: ItemImplementation, on: dt.date):
    rows = _RELEASED_NEWEST.all(implementation.pk)
    return first_in_window(rows, _RECENT, lambda v: v.effective_from is not None and v.effective_from <= on)


def version_in_force(owner, *, on: dt.date | None = None, with_content: bool = False) -> ItemVersion | None:
    """The version in force on ``on`` (default today) for an implementation or a base item.

    Rule: among released versions (published, superseded, retired) with ``effective_from ≤ on``,
    the one with the latest ``effective_from`` (ties: the highest number) — unless its
    ``effective_to`` is before ``on`` (withdrawn), in which case none is in force.
    """
    on = on or _today()
    version = _released_in_force(owner, on) if isinstance(owner, ItemImplementation) and not with_content else UNDECIDED
    if version is UNDECIDED:
        qs = versions_with_content() if with_content else ItemVersion.objects.all()
        version = qs.filter(in_force_q(on), **_owner_filter(owner)).order_by("-effective_from", "-number").first()
    if version is None or (version.effective_to is not None and version.effective_to < on):
        return None
    return version


# every application reads its item by code: compiled once per process (issue 9)
_IMPLEMENTATION_BY_CODE: PreparedRead[ItemImplementation] = PreparedRead(
    lambda code: ItemImplementation.objects.select_related("base", "region", "department").filter(code=code).order_by()
)


def implementation_get(*, code: str) -> ItemImplementation:
    implementation = _IMPLEMENTATION_BY_CODE.first(code)
    if implementation is None:
        raise Http404
    return implementation


def base_item_get(*, code: str) -> BaseItem:
    try:
        return BaseItem.objects.get(code=code)
    except BaseItem.DoesNotExist as exc:
        raise Http404 from exc


def versions_by_id(ids: list[int]) -> dict[int, ItemVersion]:
    return {v.pk: v for v in ItemVersion.objects.filter(pk__in=ids).select_related("supervisor")}


def version_list_for(*, user, owner) -> list[ItemVersion]:
    """An item's versions, newest first: released ones for everybody, all for its maintainers."""
    qs = ItemVersion.objects.filter(**_owner_filter(owner)).select_related("created_by", "reviewed_by")
    target = {"implementation": owner} if isinstance(owner, ItemImplementation) else {"base_item": owner}
    if not permissions.can(user, permissions.VIEW_UNPUBLISHED, **target):
        qs = qs.filter(status__in=RELEASED_STATUSES)
    return list(qs.order_by("-number"))


def version_get_for(*, user, version_id: int, with_content: bool = False) -> ItemVersion:
    """One version; 404 when it does not exist or is unreleased and the user may not see it."""
    qs = versions_with_content() if with_content else ItemVersion.objects.all()
    version = (
        qs.select_related("implementation__department", "implementation__base", "base_item")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise Http404
    if version.status not in RELEASED_STATUSES and not permissions.can_on_version(
        user, permissions.VIEW_UNPUBLISHED, version
    ):
        raise Http404
    return version


def version_get_by_number(*, user, owner, number: int, with_content: bool = True) -> ItemVersion:
    row = ItemVersion.objects.filter(**_owner_filter(owner), number=number).values_list("pk", flat=True).first()
    if row is None:
        raise Http404
    return version_get_for(user=user, version_id=row, with_content=with_content)


def version_content_get(version: ItemVersion, *, shared: bool = False) -> dict[str, Any]:
    """A version's content as ``{"elements", "graph"}`` (``docs/catalog-format.md``): the one way
    other apps read an element table or process graph.

    ``shared=True``: a released version's content is built once per process and the same dict
    is answered every time (``version_content_cached``, issue 9) — the caller must not modify it.
    Drafts and versions under review are always built afresh.
    """
    return version_content_cached(version) if shared else version_content(version)


def data_element_problem(key: str, value: str) -> str | None:
    """A filled-in form value checked by its data element's rule (数据元,
    :mod:`zwfw.catalog.elements`): a Chinese problem, or None when it is fine."""
    return validate_value(key, value)


def item_search(**kwargs: Any) -> list[Any]:
    """Ranked published items in force for a query (:func:`zwfw.catalog.search.item_search`)."""
    from zwfw.catalog.search import item_search as search

    return search(**kwargs)


def base_content_in_force(base: BaseItem, *, on: dt.date | None = None) -> dict[str, Any] | None:
    version = version_in_force(base, on=on, with_content=True)
    return version_content(version) if version else None


def base_meta(base: BaseItem) -> dict[str, Any]:
    return {"code": base.code, "name": base.name, "item_type": base.item_type, "legal_basis": base.legal_basis}


def item_material_rows(*, on: dt.date | None = None) -> list[dict[str, Any]]:
    """Every item in force with its materials, for the 关联图谱 (zwfw.sharing.graph): published
    catalog data, unscoped. Two queries (implementations, then their versions' materials)."""
    from zwfw.catalog.models import Material

    impls = list(implementation_list(on=on))
    version_ids = [i.current_version_id for i in impls]
    results = dict(ItemVersion.objects.filter(pk__in=version_ids).values_list("pk", "result_licence_type"))
    materials: dict[int, list[dict[str, Any]]] = {}
    for m in (
        Material.objects.filter(version_id__in=version_ids)
        .order_by("version_id", "order", "id")
        .values("version_id", "key", "name", "required", "source", "licence_type", "shared_data")
    ):
        materials.setdefault(m.pop("version_id"), []).append(m)
    return [
        {
            "code": i.code,
            "name": i.base.name,
            "department": i.department.code,
            "department_name": i.department.name,
            "region": i.region_id,
            "result_licence_type": results.get(i.current_version_id, ""),
            "materials": materials.get(i.current_version_id, []),
        }
        for i in impls
    ]


# --- 跨域通办事项清单 (川渝通办) -------------------------------------------------------------------


def cross_region_items(*, scheme: str | None = None, intake_region: str | None = None) -> QuerySet:
    """Active entries of the 跨域通办 lists (public: the list is published on the portal), the
    handling side's implementation with its region and department; ``intake_region`` keeps the
    entries a window of that region may receive."""
    from zwfw.catalog.models import CrossRegionItem

    qs = (
        CrossRegionItem.objects.filter(is_active=True, implementation__is_active=True)
        .select_related("implementation__base", "implementation__region", "implementation__department")
        .prefetch_related("intake_regions")
        .order_by("scheme", "implementation__base__name", "implementation__code")
    )
    if scheme:
        qs = qs.filter(scheme=scheme)
    if intake_region:
        from zwfw.core.models import Region

        region = Region.objects.filter(code=intake_region).first()
        if region is None:
            return qs.none()
        ancestors = [p for p in region.path.split("/") if p]
        qs = qs.filter(intake_regions__code__in=ancestors).distinct()
    return qs


def cross_region_item_for(*, implementation_code: str, intake_region: str):
    """The active 跨域通办 entry under which a window of ``intake_region`` may receive
    applications for ``implementation_code`` (its region within one of the entry's 收件地), or
    ``None``."""
    return cross_region_items(intake_region=intake_region).filter(implementation__code=implementation_code).first()
