"""跨域通办事项清单 (川渝通办): add or change an entry, audited. Platform admins only."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from zwfw.catalog import permissions
from zwfw.catalog.errors import CatalogError, CatalogErrorCode
from zwfw.catalog.models import CrossRegionItem, CrossRegionMode, CrossRegionScheme, ItemImplementation
from zwfw.core import permissions as core_permissions
from zwfw.core.models import Region
from zwfw.core.services.audit import audit_log_write


def _invalid(reason: str, **detail) -> CatalogError:
    return CatalogError(CatalogErrorCode.CROSS_REGION_INVALID, detail=detail or None, reason=reason)


def cross_region_item_snapshot(entry: CrossRegionItem) -> dict:
    return {
        "scheme": entry.scheme,
        "implementation": entry.implementation_id and entry.implementation.code,
        "intake_regions": sorted(entry.intake_regions.values_list("code", flat=True)),
        "mode": entry.mode,
        "batch": entry.batch,
        "note": entry.note,
        "is_active": entry.is_active,
    }


def cross_region_item_check(*, implementation: ItemImplementation, intake_regions: Iterable[Region]) -> None:
    """422 unless every 收件地 lies outside the handling region and the handling region outside it
    (a window of the handling region itself receives the item as an ordinary case)."""
    handling = implementation.region
    if not list(intake_regions):
        raise _invalid("请至少指定一个可收件地区", field="intake_regions")
    for region in intake_regions:
        if region.is_within(handling) or handling.is_within(region):
            raise _invalid(
                f"收件地“{region.name}”与办理地“{handling.name}”属同一地区，无需跨域收件",
                field="intake_regions",
                region=region.code,
            )


@transaction.atomic
def cross_region_item_save(
    *,
    actor,
    implementation_code: str,
    intake_region_codes: Iterable[str],
    scheme: str = CrossRegionScheme.CHUANYU,
    mode: str = CrossRegionMode.PROXY,
    batch: str = "",
    note: str = "",
    is_active: bool = True,
) -> CrossRegionItem:
    """Create or update the entry of ``scheme`` for the handling side's implementation.

    403 for anyone but platform admins (``actor=None`` is the system: demo data, imports); 404
    for an unknown implementation; 422 for an unknown scheme, mode or region, or a 收件地 in the
    handling region's own tree.
    """
    if actor is not None:
        core_permissions.require(actor, permissions.CROSS_REGION_EDIT)
    if scheme not in CrossRegionScheme.values:
        raise _invalid(f"没有“{scheme}”这个清单", field="scheme")
    if mode not in CrossRegionMode.values:
        raise _invalid(f"通办模式应为：{'、'.join(str(m.label) for m in CrossRegionMode)}", field="mode")
    from zwfw.catalog.selectors import implementation_get

    impl = implementation_get(code=implementation_code)
    codes = sorted({str(c).strip() for c in intake_region_codes if str(c).strip()})
    regions = list(Region.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {r.code for r in regions})
    if unknown:
        raise _invalid(f"行政区划代码不存在：{'、'.join(unknown)}", field="intake_regions", codes=unknown)
    cross_region_item_check(implementation=impl, intake_regions=regions)
    entry = CrossRegionItem.objects.filter(scheme=scheme, implementation=impl).first()
    before = cross_region_item_snapshot(entry) if entry else None
    if entry is None:
        entry = CrossRegionItem(scheme=scheme, implementation=impl)
    entry.mode, entry.batch, entry.note, entry.is_active = mode, batch.strip(), note.strip(), is_active
    entry.save()
    entry.intake_regions.set(regions)
    audit_log_write(
        actor=actor,
        action="zwfw.catalog.cross_region_item.saved",
        obj=entry,
        before=before,
        after=cross_region_item_snapshot(entry),
        region_code=impl.region_id,
    )
    return entry
