"""Policy lifecycle: draft → comment period → published → in force → expired / revised /
abolished, and support items with their rules. Every change is audited.

Publishing type-checks every item's rule against the attribute registry and the loaded regions:
a rule naming an unknown attribute or mixing types is refused with a message naming the rule and
the field (422 ``policy_rule_invalid``). Expiry needs no job to take effect: matching only reads
items whose policy is published or in force *and* whose dates cover the matching date
(:func:`zwfw.policies.selectors.matchable_items`); :func:`policy_expire_due` records the state.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwfw.core.models import Department, Region
from zwfw.core.services.audit import audit_log_write
from zwfw.core.types import Actor
from zwfw.policies.errors import PolicyError, PolicyErrorCode, rule_invalid
from zwfw.policies.models import BenefitType, Policy, PolicyStatus, SupportItem
from zwfw.policies.rules.language import Rule, RuleError, rule_from_text

# Allowed transitions: (from, to) → the verb for messages and the audit code.
TRANSITIONS: dict[tuple[str, str], str] = {
    (PolicyStatus.DRAFT, PolicyStatus.COMMENT): "comment_opened",
    (PolicyStatus.DRAFT, PolicyStatus.PUBLISHED): "published",
    (PolicyStatus.COMMENT, PolicyStatus.DRAFT): "returned_to_draft",
    (PolicyStatus.COMMENT, PolicyStatus.PUBLISHED): "published",
    (PolicyStatus.PUBLISHED, PolicyStatus.IN_FORCE): "in_force",
    (PolicyStatus.PUBLISHED, PolicyStatus.ABOLISHED): "abolished",
    (PolicyStatus.IN_FORCE, PolicyStatus.EXPIRED): "expired",
    (PolicyStatus.IN_FORCE, PolicyStatus.REVISED): "revised",
    (PolicyStatus.IN_FORCE, PolicyStatus.ABOLISHED): "abolished",
    (PolicyStatus.PUBLISHED, PolicyStatus.REVISED): "revised",
}
ACTION_WORDS = {
    PolicyStatus.COMMENT: "征求意见",
    PolicyStatus.DRAFT: "退回草稿",
    PolicyStatus.PUBLISHED: "发布",
    PolicyStatus.IN_FORCE: "施行",
    PolicyStatus.EXPIRED: "标记到期",
    PolicyStatus.REVISED: "标记修订",
    PolicyStatus.ABOLISHED: "废止",
}
EDITABLE = {PolicyStatus.DRAFT, PolicyStatus.COMMENT}


def _known_regions() -> set[str]:
    return set(Region.objects.values_list("code", flat=True))


def rule_parse(text: str, *, key: str) -> Rule:
    """Parse and type-check an item's rule; raises 422 ``policy_rule_invalid``."""
    try:
        return rule_from_text(text, key=key, known_regions=_known_regions())
    except RuleError as exc:
        raise rule_invalid(exc) from None


def _snapshot(policy: Policy) -> dict[str, Any]:
    return {
        "key": policy.key,
        "title": policy.title,
        "doc_number": policy.doc_number,
        "status": policy.status,
        "effective_from": policy.effective_from,
        "expires_on": policy.expires_on,
    }


def _check_dates(effective_from: dt.date, expires_on: dt.date | None) -> None:
    if expires_on is not None and expires_on < effective_from:
        raise PolicyError(PolicyErrorCode.DATES_INVALID, reason="有效期截止日期早于施行日期")


@transaction.atomic
def policy_create(
    *,
    actor: Actor,
    key: str,
    title: str,
    issuer: str,
    effective_from: dt.date,
    region: Region,
    department: Department,
    doc_number: str = "",
    issued_on: dt.date | None = None,
    expires_on: dt.date | None = None,
    full_text: str = "",
    url: str = "",
    tags: list[str] | None = None,
    confirmed: bool = False,
) -> Policy:
    """A new draft policy."""
    _check_dates(effective_from, expires_on)
    policy = Policy.objects.create(
        key=key,
        title=title,
        issuer=issuer,
        doc_number=doc_number,
        issued_on=issued_on,
        effective_from=effective_from,
        expires_on=expires_on,
        full_text=full_text,
        url=url,
        region=region,
        department=department,
        tags=list(tags or []),
        confirmed=confirmed,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_log_write(
        actor=actor, action="zwfw.policies.policy.created", obj=policy, after=_snapshot(policy), region_code=region.code
    )
    return policy


@transaction.atomic
def support_item_create(
    *,
    actor: Actor,
    policy: Policy,
    key: str,
    title: str,
    benefit: str,
    rule_text: str,
    department: Department,
    materials: list[str] | None = None,
    window_opens: dt.date | None = None,
    window_closes: dt.date | None = None,
    auto_grant: bool = False,
    review_days: int = 10,
    publicity_days: int = 5,
) -> SupportItem:
    """Add an item to a draft policy. The rule is type-checked now and again at publication.

    免申即享 needs every condition backed by data: an item whose rule asks for the enterprise's
    declaration cannot be granted without an application.
    """
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    if policy.status not in EDITABLE:
        raise PolicyError(PolicyErrorCode.ILLEGAL_TRANSITION, status=policy.get_status_display(), action="修改惠企事项")
    BenefitType(benefit)
    rule = rule_parse(rule_text, key=key)
    if auto_grant and not rule.fully_data_backed:
        names = "、".join(c.label for c in rule.condition_list if c.needs_declaration)
        raise PolicyError(
            PolicyErrorCode.RULE_INVALID,
            detail={"rule": key, "field": "auto_grant"},
            message=f"规则“{key}”含需企业承诺的条件（{names}），不能实行免申即享",
        )
    if window_opens and window_closes and window_closes < window_opens:
        raise PolicyError(PolicyErrorCode.DATES_INVALID, reason="申报截止日期早于开始日期")
    item = SupportItem.objects.create(
        policy=policy,
        key=key,
        title=title,
        benefit=benefit,
        rule_text=rule_text,
        reference=rule.reference[:300],
        department=department,
        materials=list(materials or []),
        window_opens=window_opens,
        window_closes=window_closes,
        auto_grant=auto_grant,
        review_days=review_days,
        publicity_days=publicity_days,
    )
    audit_log_write(
        actor=actor,
        action="zwfw.policies.item.created",
        obj=item,
        after={"policy": policy.key, "key": key, "title": title, "auto_grant": auto_grant, "rule": rule_text},
        region_code=policy.region_id,
    )
    return item


@transaction.atomic
def support_item_rule_update(*, actor: Actor, item: SupportItem, rule_text: str) -> SupportItem:
    """Replace a draft item's rule (type-checked)."""
    item = SupportItem.objects.select_for_update().select_related("policy").get(pk=item.pk)
    if item.policy.status not in EDITABLE:
        raise PolicyError(
            PolicyErrorCode.ILLEGAL_TRANSITION, status=item.policy.get_status_display(), action="修改申报条件"
        )
    rule = rule_parse(rule_text, key=item.key)
    before = item.rule_text
    item.rule_text = rule_text
    item.reference = rule.reference[:300]
    item.save(update_fields=["rule_text", "reference", "updated_at"])
    audit_log_write(
        actor=actor,
        action="zwfw.policies.item.rule_updated",
        obj=item,
        before={"rule": before},
        after={"rule": rule_text},
        region_code=item.policy.region_id,
    )
    return item


@transaction.atomic
def policy_transition(
    *, actor: Actor, policy: Policy, to: str, comment_until: dt.date | None = None, revised_by: Policy | None = None
) -> Policy:
    """Move a policy to state ``to``; exactly one of concurrent transitions wins (row lock).

    Publishing re-checks every item's rule and needs at least one item; a policy whose
    effective date has come is put straight in force.
    """
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    to = PolicyStatus(to)
    verb = TRANSITIONS.get((policy.status, to))
    if verb is None:
        raise PolicyError(
            PolicyErrorCode.ILLEGAL_TRANSITION,
            detail={"status": policy.status, "to": to.value},
            status=policy.get_status_display(),
            action=ACTION_WORDS[to],
        )
    before = _snapshot(policy)
    if to == PolicyStatus.PUBLISHED:
        items = list(policy.items.all())
        if not items:
            raise PolicyError(PolicyErrorCode.NO_ITEMS)
        for item in items:
            rule_parse(item.rule_text, key=item.key)
        if policy.effective_from <= timezone.localdate():
            to = PolicyStatus.IN_FORCE
    if to == PolicyStatus.COMMENT:
        policy.comment_until = comment_until
    if to == PolicyStatus.REVISED:
        policy.revised_by = revised_by
    policy.status = to
    policy.save(update_fields=["status", "comment_until", "revised_by", "updated_at"])
    audit_log_write(
        actor=actor,
        action=f"zwfw.policies.policy.{TRANSITIONS.get((before['status'], to), verb)}",
        obj=policy,
        before=before,
        after=_snapshot(policy),
        region_code=policy.region_id,
    )
    return policy


def policy_expire_due(*, today: dt.date | None = None) -> dict[str, int]:
    """Record the state change of policies whose date has come: published → in force on the
    effective date, in force → expired after the expiry date (daily job; matching already
    ignores expired items without it)."""
    today = today or timezone.localdate()
    counts = {"in_force": 0, "expired": 0}
    for policy in Policy.objects.filter(status=PolicyStatus.PUBLISHED, effective_from__lte=today):
        policy_transition(actor=None, policy=policy, to=PolicyStatus.IN_FORCE)
        counts["in_force"] += 1
    for policy in Policy.objects.filter(status=PolicyStatus.IN_FORCE, expires_on__lt=today):
        policy_transition(actor=None, policy=policy, to=PolicyStatus.EXPIRED)
        counts["expired"] += 1
    return counts
