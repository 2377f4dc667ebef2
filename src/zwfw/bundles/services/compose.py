"""Composing plans: free combination on the fly, a bundle's stored plan, and recomposition when an
item's version in force changes (the change is recorded and shown on the bundle page)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwfw.bundles.engine import Dependency, MergeDecision, Plan, compose, infer_dependencies
from zwfw.bundles.errors import BundleError, BundleErrorCode
from zwfw.bundles.models import Bundle, BundleMergeDecision, BundlePlan, BundleStatus
from zwfw.bundles.services.specs import ItemSource, item_sources, versions_in_force
from zwfw.core.errors import ZwfwError
from zwfw.core.services.audit import audit_log_write
from zwfw.core.types import Actor

FIGURES = ("materials", "form_fields", "time_limit_days", "trips", "windows")


def decisions_parse(raw: Iterable[Mapping[str, Any]] | None) -> list[MergeDecision]:
    """Decisions from request data: ``[{"material_a_key", "material_b_key", "accepted"}]`` (422 on
    anything else)."""
    out = []
    for i, entry in enumerate(raw or ()):
        try:
            a, b = str(entry["material_a_key"]).strip(), str(entry["material_b_key"]).strip()
            accepted = entry["accepted"]
        except (KeyError, TypeError):
            raise BundleError(
                BundleErrorCode.BAD_DECISION, detail={"index": i}, reason=f"第{i + 1}条缺少材料或结论"
            ) from None
        if not a or not b or a == b or not isinstance(accepted, bool):
            raise BundleError(BundleErrorCode.BAD_DECISION, detail={"index": i}, reason=f"第{i + 1}条无效")
        out.append(MergeDecision(a, b, accepted))
    return out


def global_decisions() -> list[MergeDecision]:
    """Decisions that apply in every bundle and free combination (stored with no bundle)."""
    return [
        MergeDecision(a, b, accepted)
        for a, b, accepted in BundleMergeDecision.objects.filter(bundle__isnull=True).values_list(
            "material_a_key", "material_b_key", "accepted"
        )
    ]


def free_compose(
    *, implementation_codes: Sequence[str], decisions: Iterable[MergeDecision] = ()
) -> tuple[Plan, list[ItemSource]]:
    """服务事项自由组合: the plan of any items, dependencies inferred from the catalog (B takes the
    e-licence A issues), with the caller's decisions and the global ones. Pure read.

    Raises the specs' 422 errors and never a cycle (``infer_dependencies`` skips closing edges)."""
    sources = item_sources(implementation_codes)
    specs = [s.spec for s in sources]
    plan = compose(specs, dependencies=infer_dependencies(specs), decisions=[*global_decisions(), *decisions])
    return plan, sources


def bundle_compose(bundle: Bundle) -> tuple[Plan, list[ItemSource]]:
    """A bundle's plan from its items' versions in force, its dependencies and stored decisions.

    Raises :class:`~zwfw.bundles.engine.BundleCycleError` (422, naming the items) for a cycle."""
    items = list(bundle.items.all())
    sources = item_sources([i.implementation_code for i in items])
    decisions = [
        MergeDecision(d.material_a_key, d.material_b_key, d.accepted)
        for d in BundleMergeDecision.objects.filter(bundle=bundle) | BundleMergeDecision.objects.filter(bundle=None)
    ]
    plan = compose(
        [s.spec for s in sources],
        dependencies=[Dependency(d.prerequisite, d.dependent) for d in bundle.dependencies.all()],
        decisions=decisions,
    )
    return plan, sources


def plan_change(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> dict[str, Any]:
    """What changed between two plan snapshots: the bundle figures (before → after), applicant
    materials and form fields added/removed (by name/label), items added/removed."""
    if not before:
        return {}
    figures = {}
    for side in ("before", "after"):
        for name in FIGURES:
            old, new = before[side][name], after[side][name]
            if old != new:
                figures[f"{side}.{name}"] = {"before": old, "after": new}
    old_m = {m["key"]: m["name"] for m in before["materials"] if m["provided_by_applicant"]}
    new_m = {m["key"]: m["name"] for m in after["materials"] if m["provided_by_applicant"]}
    old_f = {f["element"]: f["label"] for f in before["form"]}
    new_f = {f["element"]: f["label"] for f in after["form"]}
    old_i = {i["code"]: i["name"] for i in before["items"]}
    new_i = {i["code"]: i["name"] for i in after["items"]}
    change = {
        "figures": figures,
        "materials_added": [new_m[k] for k in new_m if k not in old_m],
        "materials_removed": [old_m[k] for k in old_m if k not in new_m],
        "fields_added": [new_f[k] for k in new_f if k not in old_f],
        "fields_removed": [old_f[k] for k in old_f if k not in new_f],
        "items_added": [new_i[k] for k in new_i if k not in old_i],
        "items_removed": [old_i[k] for k in old_i if k not in new_i],
    }
    return {k: v for k, v in change.items() if v}


def bundle_plan_latest(bundle: Bundle) -> BundlePlan | None:
    return bundle.plans.order_by("-computed_at", "-id").first()


@transaction.atomic
def bundle_recompose(*, actor: Actor, bundle: Bundle, reason: str) -> BundlePlan:
    """Compose the bundle again and store the snapshot with the change against the previous one.

    A published bundle whose new plan is not publishable (an item change brought a new uncertain
    merge or a form conflict) goes back to draft until a reviewer decides (audited). ``reason``:
    ``definition`` / ``item_changed`` / ``decision`` / ``manual``. Raises the engine's 422 errors.
    """
    previous = bundle_plan_latest(bundle)
    plan, sources = bundle_compose(bundle)
    data = plan.to_dict()
    change = plan_change(previous.plan if previous else None, data)
    if previous is not None:
        old_versions = previous.version_numbers or {}
        changed_items = [
            {
                "code": s.implementation_code,
                "name": s.name,
                "before": old_versions.get(s.implementation_code),
                "after": s.version_number,
            }
            for s in sources
            if previous.version_ids.get(s.implementation_code) != s.version_id
        ]
        if changed_items:
            change["versions"] = changed_items
    snapshot = BundlePlan.objects.create(
        bundle=bundle,
        plan=data,
        version_ids={s.implementation_code: s.version_id for s in sources},
        version_numbers={s.implementation_code: s.version_number for s in sources},
        reason=reason,
        change=change,
        computed_at=timezone.now(),
    )
    audit_log_write(
        actor=actor,
        action="zwfw.bundles.bundle.recomposed",
        obj=bundle,
        after={"reason": reason, "figures": {"before": data["before"], "after": data["after"]}, "change": change},
        region_code=bundle.region_id or "",
    )
    if bundle.status == BundleStatus.PUBLISHED and not plan.publishable:
        bundle.status = BundleStatus.DRAFT
        bundle.save(update_fields=["status", "updated_at"])
        audit_log_write(
            actor=actor,
            action="zwfw.bundles.bundle.unpublished",
            obj=bundle,
            after={"open_suggestions": len(plan.open_suggestions), "conflicts": len(plan.conflicts)},
            region_code=bundle.region_id or "",
        )
    return snapshot


def bundle_is_stale(bundle: Bundle, latest: BundlePlan | None = None) -> bool:
    """Whether an item's version in force differs from the one the stored plan was computed from."""
    latest = latest if latest is not None else bundle_plan_latest(bundle)
    if latest is None:
        return True
    codes = [i.implementation_code for i in bundle.items.all()]
    return versions_in_force(codes) != {c: latest.version_ids.get(c) for c in codes}


def bundles_recompose_stale(*, actor: Actor = None) -> list[str]:
    """Periodic (``bundles.recompose_stale``) and on demand: recompose every bundle whose items'
    versions in force are not the ones its stored plan was computed from; returns their codes.

    One transaction per bundle, so one broken bundle (e.g. an item withdrawn) does not hold the
    others back; it is reported in the log and retried next time."""
    import logging

    changed = []
    for bundle in Bundle.objects.prefetch_related("items").order_by("code"):
        if not bundle_is_stale(bundle):
            continue
        try:
            bundle_recompose(actor=actor, bundle=bundle, reason="item_changed")
        except ZwfwError as exc:
            logging.getLogger(__name__).warning("bundle %s not recomposed: %s", bundle.code, exc)
            continue
        changed.append(bundle.code)
    return changed
