"""Version life cycle: draft → review → published (or rejected), and what "in force" means.

Every function is atomic and audited (``zwfw.catalog.item_version.<verb>``). Permission is
checked here too (:mod:`zwfw.catalog.permissions`) unless ``actor`` is ``None`` (the system:
commands, imports, migrations). State is re-read under a row lock (``select_for_update``)
before any transition, so two reviewers approving at once end with exactly one approval; the
other gets 409 naming the state the version is now in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zwfw.catalog import permissions
from zwfw.catalog.content import (
    Refs,
    content_check,
    content_copy,
    content_department_codes,
    content_write,
    version_content,
)
from zwfw.catalog.errors import CatalogError, CatalogErrorCode, illegal_transition
from zwfw.catalog.models import (
    OPEN_STATUSES,
    RELEASED_STATUSES,
    BaseItem,
    ItemImplementation,
    ItemVersion,
    LicenceType,
    VersionStatus,
)
from zwfw.catalog.selectors import base_meta, version_in_force, versions_with_content
from zwfw.catalog.services.diff import content_diff
from zwfw.catalog.services.validation import Violation, version_violations
from zwfw.core.models import Department
from zwfw.core.services.audit import audit_log_write


def _region_code(version: ItemVersion) -> str:
    return version.implementation.region_id if version.implementation_id else ""


def _authorize(actor, action: str, version: ItemVersion) -> None:
    if actor is None:
        return
    permissions.require(actor, action, **_target(version))


def _target(version: ItemVersion) -> dict[str, Any]:
    if version.implementation_id:
        return {"implementation": version.implementation}
    return {"base_item": version.base_item}


def _owner_kwargs(owner) -> dict[str, Any]:
    if isinstance(owner, ItemImplementation):
        return {"implementation": owner}
    if isinstance(owner, BaseItem):
        return {"base_item": owner}
    raise TypeError("owner must be an ItemImplementation or a BaseItem")


def _lock(version: ItemVersion) -> ItemVersion:
    return ItemVersion.objects.select_for_update().get(pk=version.pk)


def _snapshot(v: ItemVersion) -> dict[str, Any]:
    return {
        "number": v.number,
        "status": v.status,
        "effective_from": v.effective_from,
        "effective_to": v.effective_to,
        "owner": v.implementation.code if v.implementation_id else v.base_item.code,
    }


def _audit(actor, verb: str, version: ItemVersion, before=None, after=None) -> None:
    audit_log_write(
        actor=actor,
        action=f"zwfw.catalog.item_version.{verb}",
        obj=version,
        before=before,
        after=after,
        region_code=_region_code(version),
    )


# --- validation ---------------------------------------------------------------------------


def version_violations_for(version: ItemVersion, *, on: dt.date | None = None) -> list[Violation]:
    """Every rule the version breaks: its graph and limits, and for an implementation, the
    base item's version in force on ``on`` (default: the version's effective date or today)."""
    full = versions_with_content().get(pk=version.pk)
    content = version_content(full)
    if not full.implementation_id:
        return version_violations(content)
    impl = full.implementation
    base = impl.base
    when = on or full.effective_from or timezone.localdate()
    base_version = version_in_force(base, on=when, with_content=True) or version_in_force(
        base, on=dt.date.max, with_content=True
    )
    if base_version is None:
        return [
            *version_violations(content),
            {
                "field": "base",
                "kind": "base_unpublished",
                "message": f"基本目录事项{base.code}尚无已发布版本，无法比对",
            },
        ]
    return version_violations(
        content, base_content=version_content(base_version), impl_meta={"code": impl.code}, base_meta=base_meta(base)
    )


def _refuse_if_violations(version: ItemVersion, *, on: dt.date | None = None) -> None:
    violations = version_violations_for(version, on=on)
    if violations:
        raise CatalogError(CatalogErrorCode.VALIDATION_FAILED, detail=violations, count=len(violations))


# --- drafts -------------------------------------------------------------------------------


@transaction.atomic
def item_version_create_draft(
    *,
    actor,
    from_version: ItemVersion | None = None,
    implementation: ItemImplementation | None = None,
    base_item: BaseItem | None = None,
    change_note: str = "",
) -> ItemVersion:
    """Open a new draft, a full copy of ``from_version`` (default: the version in force, else the
    latest version; empty when the item has none). One open version per item at a time."""
    if from_version is not None:
        owner = from_version.implementation or from_version.base_item
    else:
        owner = implementation or base_item
    if owner is None:
        raise TypeError("give from_version, implementation or base_item")
    owner = type(owner).objects.select_for_update().get(pk=owner.pk)  # serialises numbering
    draft = ItemVersion(**_owner_kwargs(owner), number=0, status=VersionStatus.DRAFT)
    _authorize(actor, permissions.EDIT, draft)
    siblings = ItemVersion.objects.filter(**_owner_kwargs(owner))
    open_version = siblings.filter(status__in=OPEN_STATUSES).first()
    if open_version is not None:
        raise CatalogError(
            CatalogErrorCode.OPEN_VERSION_EXISTS,
            detail={"version_id": open_version.pk, "number": open_version.number, "status": open_version.status},
            number=open_version.number,
            status=open_version.get_status_display(),
        )
    if from_version is None:
        from_version = version_in_force(owner) or siblings.order_by("-number").first()
    if from_version is not None and from_version.pk:
        from_version = versions_with_content().get(pk=from_version.pk)
    draft.number = (siblings.aggregate(n=Max("number"))["n"] or 0) + 1
    draft.change_note = change_note
    draft.created_by = actor if getattr(actor, "pk", None) else None
    draft.save()
    if from_version is not None:
        content_copy(from_version, draft)
    _audit(
        actor,
        "draft_created",
        draft,
        after={**_snapshot(draft), "from_number": from_version.number if from_version else None},
    )
    return draft


def draft_refs(content: dict[str, Any]) -> tuple[Refs, dict[str, Department]]:
    codes = content_department_codes(content)
    departments = {d.code: d for d in Department.objects.filter(code__in=codes)}
    refs = Refs(departments=set(departments), licence_types=set(LicenceType.objects.values_list("code", flat=True)))
    return refs, departments


@transaction.atomic
def item_version_update_draft(
    *, actor, version: ItemVersion, content: dict[str, Any], change_note: str | None = None
) -> ItemVersion:
    """Change a draft from an interchange-shaped dict ``{"elements": {...}, "graph": {...}}``.

    Keys given in ``elements`` replace the draft's (``materials`` and ``form`` as whole lists);
    ``graph``, when given, replaces the whole graph. Structural problems → 422 with their paths;
    rule violations are allowed in a draft and reported by the validation endpoint.
    """
    v = _lock(version)
    _authorize(actor, permissions.EDIT, v)
    if v.status != VersionStatus.DRAFT:
        raise illegal_transition(status=v.status, action="修改草稿")
    current = version_content(versions_with_content().get(pk=v.pk))
    if not isinstance(content, dict):
        raise CatalogError(CatalogErrorCode.DRAFT_INVALID, detail=[{"path": "", "message": "应为对象"}], count=1)
    elements_in = content.get("elements", {})
    merged = {
        "elements": {**current["elements"], **(elements_in if isinstance(elements_in, dict) else {})},
        "graph": content.get("graph", current["graph"]),
    }
    if not isinstance(elements_in, dict):
        merged["elements"] = elements_in
    refs, departments = draft_refs(merged)
    errors = content_check(merged, refs=refs)
    if errors:
        raise CatalogError(CatalogErrorCode.DRAFT_INVALID, detail=errors, count=len(errors))
    content_write(v, merged, departments=departments)
    if change_note is not None:
        v.change_note = change_note
        v.save()
    after = version_content(versions_with_content().get(pk=v.pk))
    _audit(actor, "draft_updated", v, after={"number": v.number, "changes": content_diff(current, after)})
    return v


@transaction.atomic
def item_version_submit(*, actor, version: ItemVersion) -> ItemVersion:
    """draft → review. Refused (422, listing them) while the draft breaks any rule."""
    v = _lock(version)
    _authorize(actor, permissions.EDIT, v)
    if v.status != VersionStatus.DRAFT:
        raise illegal_transition(status=v.status, action="提交审核")
    _refuse_if_violations(v)
    before = _snapshot(v)
    v.status = VersionStatus.REVIEW
    v.submitted_at = timezone.now()
    v.save()
    _audit(actor, "submitted", v, before=before, after=_snapshot(v))
    return v


@transaction.atomic
def item_version_reject(*, actor, version: ItemVersion, reason: str) -> ItemVersion:
    """review → rejected, with the reviewer's reason (required). The drafter opens a new draft."""
    v = _lock(version)
    _authorize(actor, permissions.APPROVE, v)
    if v.status != VersionStatus.REVIEW:
        raise illegal_transition(status=v.status, action="退回")
    if not (reason or "").strip():
        raise CatalogError(CatalogErrorCode.DRAFT_INVALID, detail={"reason": "退回必须说明理由"}, count=1)
    before = _snapshot(v)
    v.status = VersionStatus.REJECTED
    v.reviewed_by = actor if getattr(actor, "pk", None) else None
    v.reviewed_at = timezone.now()
    v.review_note = reason.strip()[:500]
    v.save()
    _audit(actor, "rejected", v, before=before, after={**_snapshot(v), "reason": v.review_note})
    return v


@transaction.atomic
def item_version_approve(
    *, actor, version: ItemVersion, effective_from: dt.date | None = None, note: str = ""
) -> ItemVersion:
    """review → published, in force from ``effective_from`` (default today; never in the past).

    The previous released version stays in force until the day before and is marked
    ``superseded`` (at once when the new one is in force today, else by
    :func:`catalog_versions_settle` when the date comes). Refused while any rule is broken, and
    for the version's own drafter (四眼原则).
    """
    v = _lock(version)
    _authorize(actor, permissions.APPROVE, v)
    if v.status != VersionStatus.REVIEW:
        raise illegal_transition(status=v.status, action="审核通过")
    if actor is not None and v.created_by_id is not None and v.created_by_id == getattr(actor, "pk", None):
        raise CatalogError(CatalogErrorCode.SELF_APPROVAL)
    today = timezone.localdate()
    effective_from = effective_from or today
    if effective_from < today:
        raise CatalogError(CatalogErrorCode.EFFECTIVE_DATE_PAST, detail={"today": today}, today=today.isoformat())
    _refuse_if_violations(v, on=effective_from)  # against the base in force on that date
    before = _snapshot(v)
    v.reviewed_by = actor if getattr(actor, "pk", None) else None
    v.reviewed_at = timezone.now()
    v.review_note = note[:500]
    publish_version(v, effective_from=effective_from)
    _audit(actor, "approved", v, before=before, after=_snapshot(v))
    return v


def publish_version(v: ItemVersion, *, effective_from: dt.date) -> None:
    """Mark ``v`` published from ``effective_from`` and re-cut its siblings' validity.

    Inside the caller's transaction, with ``v`` locked. Siblings in force before the date end
    the day before; a sibling starting on the same date never comes into force (the higher
    number wins the tie); a sibling starting later ends ``v``'s validity the day before it.
    """
    today = timezone.localdate()
    v.status = VersionStatus.PUBLISHED
    v.effective_from = effective_from
    v.published_at = timezone.now()
    day_before = effective_from - dt.timedelta(days=1)
    siblings = (
        ItemVersion.objects.select_for_update()
        .filter(implementation_id=v.implementation_id, base_item_id=v.base_item_id, status__in=RELEASED_STATUSES)
        .exclude(pk=v.pk)
    )
    later_starts = []
    for s in siblings:
        if s.effective_from is None:
            continue
        if s.effective_from < effective_from:
            if s.effective_to is None or s.effective_to >= effective_from:
                s.effective_to = day_before
                if effective_from <= today and s.status == VersionStatus.PUBLISHED:
                    s.status = VersionStatus.SUPERSEDED
                s.save()
        elif s.effective_from == effective_from:
            s.effective_to = day_before
            s.status = VersionStatus.SUPERSEDED
            s.save()
        else:
            later_starts.append(s.effective_from)
    v.effective_to = (min(later_starts) - dt.timedelta(days=1)) if later_starts else None
    v.save()


@transaction.atomic
def catalog_versions_settle(*, actor=None, on: dt.date | None = None) -> int:
    """Mark published versions whose validity ended before ``on`` (default today) as superseded.

    Idempotent; run daily. The in-force rule never depends on this status, so a late run only
    delays the label, never changes which version applies.
    """
    on = on or timezone.localdate()
    count = 0
    for v in ItemVersion.objects.select_for_update().filter(status=VersionStatus.PUBLISHED, effective_to__lt=on):
        before = _snapshot(v)
        v.status = VersionStatus.SUPERSEDED
        v.save()
        _audit(actor, "superseded", v, before=before, after=_snapshot(v))
        count += 1
    return count
