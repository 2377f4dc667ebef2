"""Every read of the policies app, scoped to the caller.

- Published and in-force policies are public; drafts and comment-period policies are seen by
  officers whose region subtree holds the policy's region (and platform admins).
- An enterprise sees its own profile, matches, grants and applications (by its 统一社会信用代码);
  officers and clerks see applications and grants of items whose lead department lies in their
  region subtree.
- Explanations are computed live from the current profile with the per-enterprise evaluator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from zwfw.core.models import Role
from zwfw.core.permissions import effective_role
from zwfw.core.selectors.scope import region_scope_q, user_scope
from zwfw.core.types import Actor
from zwfw.policies.codec import from_json
from zwfw.policies.models import (
    Application,
    ApplicationStatus,
    EnterpriseProfile,
    Grant,
    GrantStatus,
    MatchResult,
    MatchRun,
    MatchRunStatus,
    Policy,
    PolicyStatus,
    SupportItem,
)
from zwfw.policies.rules.evaluate import Evaluation, evaluate
from zwfw.policies.rules.language import rule_from_text

PUBLIC = [
    PolicyStatus.PUBLISHED,
    PolicyStatus.IN_FORCE,
    PolicyStatus.EXPIRED,
    PolicyStatus.REVISED,
    PolicyStatus.ABOLISHED,
]


def _is_staff_scope(user) -> bool:
    role = effective_role(user)
    return role in (Role.POLICY_OFFICER, Role.WINDOW_CLERK, Role.PLATFORM_ADMIN)


def policy_list(*, user, status: str | None = None, tag: str | None = None) -> QuerySet[Policy]:
    qs = Policy.objects.select_related("region", "department").prefetch_related("items")
    visible = Q(status__in=PUBLIC)
    if user is not None and user.is_authenticated and _is_staff_scope(user):
        visible |= region_scope_q(user, "region")
    qs = qs.filter(visible)
    if status:
        qs = qs.filter(status=status)
    if tag:
        qs = qs.filter(_tag_q(tag))
    return qs


def _tag_q(tag: str) -> Q:
    """JSON list membership: ``contains`` on PostgreSQL; on SQLite a match on the stored JSON
    text (Django writes it with ``json.dumps``, so the tag appears as its dumped string)."""
    import json

    return Q(tags__contains=[tag]) if _json_contains() else Q(tags__icontains=json.dumps(tag))


def _json_contains() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def policy_get_for(*, user, policy_id: int) -> Policy:
    try:
        return policy_list(user=user).get(pk=policy_id)
    except Policy.DoesNotExist:
        raise Http404 from None


def policy_manageable(*, user, policy_id: int) -> Policy:
    """A policy the officer may change (its region in their subtree); 404 otherwise."""
    qs = Policy.objects.filter(region_scope_q(user, "region"))
    try:
        return qs.select_related("region", "department").get(pk=policy_id)
    except Policy.DoesNotExist:
        raise Http404 from None


def item_get_for(*, user, item_id: int) -> SupportItem:
    try:
        return SupportItem.objects.select_related("policy", "department").get(
            pk=item_id, policy__in=policy_list(user=user)
        )
    except SupportItem.DoesNotExist:
        raise Http404 from None


def matchable_items_qs(as_of: dt.date) -> QuerySet[SupportItem]:
    """Items of published or in-force policies whose dates cover ``as_of`` (so expiry needs no job)."""
    return (
        SupportItem.objects.select_related("policy")
        .filter(policy__status__in=["published", "in_force"], policy__effective_from__lte=as_of)
        .filter(Q(policy__expires_on__isnull=True) | Q(policy__expires_on__gte=as_of))
        .order_by("id")
    )


def items_in_scope_q(actor: Actor) -> Q:
    """The support items a run by ``actor`` covers: those whose lead department lies in the
    actor's region subtree (a provincial officer or the platform admin: all; ``None``, the
    management command or a task: all)."""
    if actor is None or not getattr(actor, "pk", None):
        return Q()
    return region_scope_q(actor, "department__region")


def matchable_items(*, as_of: dt.date | None = None) -> QuerySet[SupportItem]:
    return matchable_items_qs(as_of or timezone.localdate())


def profile_for_enterprise(*, user) -> EnterpriseProfile | None:
    if not getattr(user, "uscc", ""):
        return None
    return EnterpriseProfile.objects.filter(uscc=user.uscc).first()


def profile_values(profile: EnterpriseProfile) -> dict:
    return from_json(profile.attributes) | {"tags": frozenset(profile.tags)}


def profile_list(*, user, tag: str | None = None) -> QuerySet[EnterpriseProfile]:
    """Profiles an officer may browse (their region subtree by registered region code)."""
    from zwfw.core.selectors.scope import region_code_scope_q

    qs = EnterpriseProfile.objects.filter(region_code_scope_q(user, "region_code"))
    if tag:
        qs = qs.filter(_tag_q(tag))
    return qs


def explanation(*, profile: EnterpriseProfile, item: SupportItem, as_of: dt.date | None = None) -> Evaluation:
    """Which conditions hold, fail or need a declaration, with the values used."""
    rule = rule_from_text(item.rule_text, key=item.key)
    return evaluate(rule, profile_values(profile), as_of=as_of or timezone.localdate())


def policies_for_enterprise_tag(*, user, tag: str) -> list[Policy]:
    """双画像, enterprise side: policies carrying ``tag`` or with an item whose rule tests it."""
    from zwfw.policies.rules.attributes import AttrType

    out = []
    for policy in policy_list(user=user):
        hit = tag in (policy.tags or [])
        for item in policy.items.all():
            if hit:
                break
            rule = rule_from_text(item.rule_text, key=item.key)
            for c in rule.condition_list:
                values = c.value if isinstance(c.value, tuple) else (c.value,)
                if c.attr.type == AttrType.TAGS and c.op.value != "lacks" and tag in values:
                    hit = True
        if hit:
            out.append(policy)
    return out


def enterprises_for_policy_tag(*, user, tag: str) -> QuerySet[EnterpriseProfile]:
    """双画像, policy side: enterprises matched (each item's current run) by items of policies tagged ``tag``."""
    policies = policy_list(user=user).filter(_tag_q(tag))
    profile_ids = current_results().filter(item__policy__in=policies).values("profile_id")
    return profile_list(user=user).filter(pk__in=profile_ids)


def current_results() -> QuerySet[MatchResult]:
    """Each item's matches from the latest finished run that covered it (``SupportItem.current_run``):
    a city's run replaces its own items' results and leaves other cities' as they were."""
    return MatchResult.objects.filter(run_id=F("item__current_run_id"))


def latest_run(*, user=None) -> MatchRun | None:
    """The latest finished run ``user`` may see (``None``: of the whole platform)."""
    for run in MatchRun.objects.filter(status=MatchRunStatus.DONE).order_by("-finished_at", "-id")[:50]:
        if run_visible(user=user, run=run):
            return run
    return None


@dataclass
class ForMe:
    item: SupportItem
    status: str
    amount: int | None
    evaluation: Evaluation
    grant: Grant | None
    application: Application | None


def policies_for_me(*, user, as_of: dt.date | None = None) -> list[ForMe]:
    """The enterprise's current matches (each item's latest run), re-explained against its current profile,
    plus its 免申即享 grants."""
    profile = profile_for_enterprise(user=user)
    if profile is None:
        return []
    hits = list(current_results().filter(profile=profile).select_related("item", "item__policy", "item__department"))
    grants = {g.item_id: g for g in Grant.objects.filter(profile=profile).exclude(status=GrantStatus.REJECTED)}
    apps = {a.item_id: a for a in Application.objects.filter(profile=profile).order_by("created_at")}
    out = []
    for hit in hits:
        grant = grants.get(hit.item_id)
        if hit.item.auto_grant and (grant is None or grant.status != GrantStatus.CONFIRMED):
            continue  # announced once an officer confirms the grant
        ev = explanation(profile=profile, item=hit.item, as_of=as_of)
        out.append(ForMe(hit.item, hit.status, hit.amount, ev, grant, apps.get(hit.item_id)))
    return out


def application_list(*, user, status: str | None = None) -> QuerySet[Application]:
    qs = Application.objects.select_related("item", "profile", "item__department", "item__policy")
    if effective_role(user) == Role.ENTERPRISE:
        qs = qs.filter(profile__uscc=user.uscc)
    else:
        qs = qs.filter(region_scope_q(user, "item__department__region"))
    if status:
        qs = qs.filter(status=status)
    return qs


def application_get_for(*, user, application_id: int) -> Application:
    try:
        return application_list(user=user).get(pk=application_id)
    except Application.DoesNotExist:
        raise Http404 from None


def grant_list(*, user, status: str | None = None) -> QuerySet[Grant]:
    qs = Grant.objects.select_related("item", "profile", "item__department").filter(
        region_scope_q(user, "item__department__region")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def run_visible(*, user, run: MatchRun) -> bool:
    """A run is seen (and resumed) by those whose scope holds every item it covers: the city's
    officers see their city's runs, the province's officers and the platform admin see all."""
    ids = {i["id"] for i in run.items}
    if user is None or user_scope(user).everything:
        return True
    if not ids:
        return False
    return SupportItem.objects.filter(pk__in=ids).filter(items_in_scope_q(user)).count() == len(ids)


def run_list(*, user=None) -> list[MatchRun]:
    """The latest 50 runs the user may see (``None``: all, for commands)."""
    return [r for r in MatchRun.objects.all()[:50] if run_visible(user=user, run=r)]


def run_get(*, run_id: int, user=None) -> MatchRun:
    """One run; 404 when it does not exist or covers an item outside ``user``'s scope."""
    try:
        run = MatchRun.objects.get(pk=run_id)
    except MatchRun.DoesNotExist:
        raise Http404 from None
    if not run_visible(user=user, run=run):
        raise Http404
    return run


def queue_count(*, user, queue: str) -> int:
    if queue == "to_accept":
        return application_list(user=user, status=ApplicationStatus.SUBMITTED).count()
    if queue == "to_review":
        return application_list(user=user, status=ApplicationStatus.ACCEPTED).count()
    if queue == "grants":
        return grant_list(user=user, status=GrantStatus.PROPOSED).count()
    return 0


def effect_figures(*, user) -> list[dict]:
    """政策效果评价: per policy, matched enterprises (each item's current run), applications, grants, money."""
    rows = []
    for policy in policy_list(user=user).filter(status__in=[PolicyStatus.IN_FORCE, PolicyStatus.EXPIRED]):
        items = list(policy.items.all())
        matched = current_results().filter(item__in=items).values("profile").distinct().count()
        apps = Application.objects.filter(item__in=items).aggregate(
            n=Count("id"),
            done=Count("id", filter=Q(status=ApplicationStatus.DONE)),
            paid=Sum("amount_approved", filter=Q(status=ApplicationStatus.DONE)),
        )
        grants = Grant.objects.filter(item__in=items, status=GrantStatus.CONFIRMED).aggregate(
            n=Count("id"), paid=Sum("amount")
        )
        rows.append(
            {
                "policy": policy,
                "matched": matched,
                "applications": apps["n"],
                "done": apps["done"],
                "grants": grants["n"],
                "amount": (apps["paid"] or 0) + (grants["paid"] or 0),
                "uptake": round(100 * (apps["done"] + grants["n"]) / matched, 1) if matched else 0.0,
            }
        )
    return rows


#: Policies a window clerk may show a 政务服务码 holder: published or in force (open to apply).
OPEN_FOR_HOLDERS = (PolicyStatus.PUBLISHED, PolicyStatus.IN_FORCE)


def matched_policies_for_holder(*, uscc: str, as_of: dt.date | None = None) -> list[dict]:
    """The holder's matched support items (latest match run) for the window clerk who scanned its
    政务服务码 with consent (docs/sharing.md): only items of published or in-force policies, a
    免申即享 item only once its grant is confirmed (as :func:`policies_for_me` announces them), and
    only what the clerk needs to point the holder to it — policy, item, match status, expected
    amount, application window. Nothing of the profile itself. Persons (no USCC): none."""
    if not uscc:
        return []
    profile = EnterpriseProfile.objects.filter(uscc=uscc).first()
    run = latest_run()
    if profile is None or run is None:
        return []
    today = as_of or timezone.localdate()
    hits = (
        MatchResult.objects.filter(run=run, profile=profile, item__policy__status__in=OPEN_FOR_HOLDERS)
        .exclude(item__window_closes__lt=today)
        .select_related("item", "item__policy")
        .order_by("item__policy__title", "item__title")
    )
    confirmed = set(
        Grant.objects.filter(profile=profile, status=GrantStatus.CONFIRMED).values_list("item_id", flat=True)
    )
    out = []
    for hit in hits:
        if hit.item.auto_grant and hit.item_id not in confirmed:
            continue
        out.append(
            {
                "policy": hit.item.policy.title,
                "doc_number": hit.item.policy.doc_number,
                "item": hit.item.title,
                "status": hit.status,
                "status_label": str(hit.get_status_display()),
                "amount_fen": hit.amount,
                "auto_grant": hit.item.auto_grant,
                "window_closes": hit.item.window_closes,
            }
        )
    return out
