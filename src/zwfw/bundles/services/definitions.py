"""Defining, reviewing and publishing bundles.

A definition names items (by implementation code) and dependencies; everything else — materials,
form, stages, time limit, trips, windows — is computed (:func:`bundle_recompose`). Publishing
needs a plan with no open merge suggestion and no form conflict (辅助人工判定与复核验证,
国发〔2024〕3号: 一件事 materials and forms are merged only where a person confirmed it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from zwfw.bundles import permissions as perms
from zwfw.bundles.errors import BundleError, BundleErrorCode
from zwfw.bundles.models import Bundle, BundleDependency, BundleItem, BundleMergeDecision, BundleStatus, BundleTheme
from zwfw.bundles.services.compose import bundle_compose, bundle_plan_latest, bundle_recompose
from zwfw.bundles.services.specs import item_sources
from zwfw.core.permissions import require
from zwfw.core.selectors.accounts import department_by_code
from zwfw.core.selectors.regions import region_get
from zwfw.core.selectors.scope import department_scope_q
from zwfw.core.services.audit import audit_log_write
from zwfw.core.types import Actor


def bundle_reviewable_by(user, bundle: Bundle) -> bool:
    """Reviewers: platform admins, and department admins whose scope holds the lead department."""
    from zwfw.core.permissions import can

    if not can(user, perms.REVIEW):
        return False
    if getattr(user, "is_platform_admin", False):
        return True
    return Bundle.objects.filter(department_scope_q(user, "lead_department"), pk=bundle.pk).exists()


def _require_reviewer(actor: Actor, bundle: Bundle, action: str) -> None:
    if actor is None:
        return
    require(actor, action)
    if not bundle_reviewable_by(actor, bundle):
        raise PermissionDenied("只有牵头部门的管理员或平台管理员可以复核、发布该一件事")


@transaction.atomic
def bundle_define(
    *,
    actor: Actor,
    code: str,
    name: str,
    theme: str,
    lead_department_code: str,
    region_code: str,
    implementation_codes: Sequence[str],
    dependencies: Iterable[tuple[str, str]] = (),
    policy_reference: str = "",
    description: str = "",
) -> Bundle:
    """Create or redefine a bundle (back to draft when its items or dependencies change) and
    compose it. Dependencies are pairs of base codes (prerequisite, dependent) among the items.

    Platform admins define bundles (``actor=None``: the system, e.g. the demo loader). Raises 422
    ``bundle_bad_definition`` (unknown theme, department, region, dependency outside the bundle),
    the specs' 422 errors and the engine's cycle error (nothing is stored then)."""
    if actor is not None and not getattr(actor, "is_platform_admin", False):
        raise PermissionDenied("只有平台管理员可以定义一件事")
    if theme not in BundleTheme.values:
        raise BundleError(BundleErrorCode.BAD_DEFINITION, detail={"theme": theme}, reason=f"主题“{theme}”无效")
    department = department_by_code(code=lead_department_code)
    try:
        region = region_get(code=region_code)
    except Http404:
        region = None
    if department is None or region is None:
        raise BundleError(
            BundleErrorCode.BAD_DEFINITION,
            detail={"lead_department": lead_department_code, "region": region_code},
            reason="牵头部门或行政区划不存在",
        )
    sources = item_sources(implementation_codes)
    bases = {s.base_code for s in sources}
    deps = [(str(a), str(b)) for a, b in dependencies]
    outside = sorted({c for pair in deps for c in pair} - bases)
    if outside:
        raise BundleError(
            BundleErrorCode.BAD_DEFINITION,
            detail={"codes": outside},
            reason=f"依赖中的事项不在一件事中：{'、'.join(outside)}",
        )
    bundle, created = Bundle.objects.get_or_create(
        code=code,
        defaults={"name": name, "theme": theme, "lead_department": department, "region": region},
    )
    before = None if created else _definition(bundle)
    bundle.name, bundle.theme, bundle.lead_department, bundle.region = name, theme, department, region
    bundle.policy_reference, bundle.description = policy_reference, description
    bundle.items.all().delete()
    bundle.dependencies.all().delete()
    BundleItem.objects.bulk_create(
        BundleItem(bundle=bundle, base_code=s.base_code, implementation_code=s.implementation_code, order=i)
        for i, s in enumerate(sources)
    )
    BundleDependency.objects.bulk_create(
        BundleDependency(bundle=bundle, prerequisite=a, dependent=b) for a, b in dict.fromkeys(deps)
    )
    after = _definition(bundle)
    if before is not None and (before["items"], before["dependencies"]) != (after["items"], after["dependencies"]):
        bundle.status = BundleStatus.DRAFT
    bundle.save()
    audit_log_write(
        actor=actor,
        action="zwfw.bundles.bundle.defined",
        obj=bundle,
        before=before,
        after=after,
        region_code=region.code,
    )
    bundle_recompose(actor=actor, bundle=bundle, reason="definition")
    return bundle


def _definition(bundle: Bundle) -> dict:
    return {
        "name": bundle.name,
        "theme": bundle.theme,
        "lead_department": bundle.lead_department.code,
        "items": [i.implementation_code for i in bundle.items.order_by("order", "id")],
        "dependencies": [[d.prerequisite, d.dependent] for d in bundle.dependencies.order_by("id")],
    }


@transaction.atomic
def merge_decision_record(
    *,
    actor: Actor,
    bundle: Bundle,
    material_a_key: str,
    material_b_key: str,
    accepted: bool,
    note: str = "",
) -> BundleMergeDecision:
    """Confirm (``accepted=True``) or reject one open merge suggestion of the bundle's current plan;
    stored (reused at every later composition), audited, and the bundle recomposed.

    Only reviewers of the bundle (lead department's admins, platform admins). The pair must be an
    open suggestion of the current plan (422 ``bundle_bad_decision`` otherwise): a reviewer answers
    what the engine asked, with the similarity score it showed."""
    _require_reviewer(actor, bundle, perms.REVIEW)
    a, b = sorted((material_a_key.strip(), material_b_key.strip()))
    latest = bundle_plan_latest(bundle)
    suggestion = None
    for s in latest.plan["open_suggestions"] if latest else []:
        if sorted((s["material_a_key"], s["material_b_key"])) == [a, b]:
            suggestion = s
    if suggestion is None:
        raise BundleError(
            BundleErrorCode.BAD_DECISION,
            detail={"material_a_key": a, "material_b_key": b},
            reason="这两项材料不是待复核的合并建议",
        )
    names = {suggestion["material_a_key"]: suggestion["name_a"], suggestion["material_b_key"]: suggestion["name_b"]}
    decision, _ = BundleMergeDecision.objects.update_or_create(
        bundle=bundle,
        material_a_key=a,
        material_b_key=b,
        defaults={
            "accepted": accepted,
            "score": suggestion["score"],
            "name_a": names[a],
            "name_b": names[b],
            "note": note[:255],
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )
    audit_log_write(
        actor=actor,
        action="zwfw.bundles.decision.recorded",
        obj=decision,
        after={
            "bundle": bundle.code,
            "a": a,
            "b": b,
            "names": [names[a], names[b]],
            "score": suggestion["score"],
            "accepted": accepted,
            "note": note,
        },
        region_code=bundle.region_id or "",
    )
    bundle_recompose(actor=actor, bundle=bundle, reason="decision")
    return decision


@transaction.atomic
def bundle_publish(*, actor: Actor, bundle: Bundle) -> Bundle:
    """Publish the bundle: recompose from the versions in force, then refuse (409
    ``bundle_not_publishable``, ``detail`` listing every open suggestion with its score and every
    form conflict) unless the plan is publishable."""
    _require_reviewer(actor, bundle, perms.PUBLISH)
    plan, _sources = bundle_compose(bundle)
    latest = bundle_plan_latest(bundle)
    if latest is None or latest.plan != plan.to_dict():
        bundle_recompose(actor=actor, bundle=bundle, reason="manual")
        bundle.refresh_from_db()
    if not plan.publishable:
        detail = {
            "open_suggestions": [
                {
                    "material_a_key": s.material_a_key,
                    "material_b_key": s.material_b_key,
                    "name_a": s.name_a,
                    "name_b": s.name_b,
                    "score": s.score,
                }
                for s in plan.open_suggestions
            ],
            "conflicts": [{"element": c.element, "label": c.label} for c in plan.conflicts],
        }
        raise BundleError(
            BundleErrorCode.NOT_PUBLISHABLE,
            detail=detail,
            open=len(plan.open_suggestions),
            conflicts=len(plan.conflicts),
        )
    before = bundle.status
    bundle.status = BundleStatus.PUBLISHED
    bundle.published_at = timezone.now()
    bundle.published_by = actor
    bundle.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit_log_write(
        actor=actor,
        action="zwfw.bundles.bundle.published",
        obj=bundle,
        before={"status": before},
        after={
            "status": bundle.status,
            "figures": {"before": plan.to_dict()["before"], "after": plan.to_dict()["after"]},
        },
        region_code=bundle.region_id or "",
    )
    return bundle
