"""免申即享 decisions and 申兑 (application → acceptance → review → 公示 → disbursement → done).

- A 免申即享 grant is proposed by a match run; an officer confirms (the enterprise is told, with
  no application) or removes it. Deciding twice is refused by the state check under a row lock.
- An application is prefilled from the enterprise's profile and the rule's evaluation; it is
  refused when the enterprise is not eligible, and conditions that only the enterprise can
  confirm must be declared (承诺) in it.
- 受审分离: acceptance (window clerk or officer) and review are done by different people; the
  review limit is counted in working days on the core calendar from acceptance (per-item
  ``review_days``: each class of item has its own limit). 信用+容缺: an enterprise with credit
  grade A or B may be accepted with materials still missing.
- An approved application is published (公示) for the item's ``publicity_days`` working days;
  objections may be raised meanwhile; disbursement is recorded after publicity with no open
  objection, then the application is done.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from zwfw.core.models import Role, User
from zwfw.core.selectors.calendar import add_workdays
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create
from zwfw.core.types import Actor
from zwfw.policies.codec import from_json
from zwfw.policies.errors import PolicyError, PolicyErrorCode
from zwfw.policies.models import (
    Application,
    ApplicationStatus,
    EnterpriseProfile,
    Grant,
    GrantStatus,
    Objection,
    SupportItem,
)
from zwfw.policies.rules.evaluate import Truth, evaluate
from zwfw.policies.rules.language import format_money, rule_from_text

OPEN_STATES = {
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.PUBLICITY,
    ApplicationStatus.DISBURSED,
    ApplicationStatus.DONE,
}


def _enterprise_users(profile: EnterpriseProfile) -> QuerySet[User]:
    return User.objects.filter(role=Role.ENTERPRISE, uscc=profile.uscc, is_active=True)


def _state_error(app: Application, action: str) -> PolicyError:
    return PolicyError(
        PolicyErrorCode.APPLICATION_STATE, detail={"status": app.status}, status=app.get_status_display(), action=action
    )


def _region(item: SupportItem) -> str:
    return item.department.region_id


# --- 免申即享 ----------------------------------------------------------------------------------


@transaction.atomic
def grant_decide(*, actor: Actor, grant: Grant, confirm: bool) -> Grant:
    """Confirm (benefit granted, enterprise told) or remove one proposed grant."""
    grant = Grant.objects.select_for_update().select_related("item", "profile", "item__department").get(pk=grant.pk)
    if grant.status != GrantStatus.PROPOSED:
        raise PolicyError(
            PolicyErrorCode.APPLICATION_STATE,
            status=grant.get_status_display(),
            action="再次确认" if confirm else "剔除",
        )
    grant.status = GrantStatus.CONFIRMED if confirm else GrantStatus.REJECTED
    grant.decided_by = actor
    grant.decided_at = timezone.now()
    grant.save(update_fields=["status", "decided_by", "decided_at"])
    audit_log_write(
        actor=actor,
        action=f"zwfw.policies.grant.{'confirmed' if confirm else 'rejected'}",
        obj=grant,
        after={"item": grant.item.key, "uscc": grant.profile.uscc, "amount": grant.amount},
        region_code=_region(grant.item),
    )
    if confirm:
        amount = f"{format_money(grant.amount)}，" if grant.amount else ""
        for user in _enterprise_users(grant.profile):
            notification_create(
                recipient=user,
                subject=f"免申即享：“{grant.item.title}”已为您兑现"[:200],
                body=f"根据一企一档数据，贵企业符合“{grant.item.title}”的全部条件，{amount}无需申请，已直接兑现。",
                event="zwfw.policies.grant.confirmed",
                link=reverse("policies:for_me"),
            )
    return grant


def grant_decide_many(*, actor: Actor, grants, confirm: bool) -> int:
    n = 0
    for grant in grants:
        if grant.status == GrantStatus.PROPOSED:
            grant_decide(actor=actor, grant=grant, confirm=confirm)
            n += 1
    return n


# --- 申兑 --------------------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *, actor: User, item: SupportItem, declarations: list[str] | None = None, today: dt.date | None = None
) -> Application:
    """一键申报: an application prefilled from the profile; see the module docstring."""
    today = today or timezone.localdate()
    profile = EnterpriseProfile.objects.select_for_update().filter(uscc=actor.uscc).first()
    if profile is None:
        raise PolicyError(PolicyErrorCode.NO_PROFILE)
    if item.auto_grant:
        raise PolicyError(PolicyErrorCode.AUTO_GRANT_ITEM, item=item.title)
    if (item.window_opens and today < item.window_opens) or (item.window_closes and today > item.window_closes):
        window = f"{item.window_opens or ''}至{item.window_closes or ''}"
        raise PolicyError(PolicyErrorCode.WINDOW_CLOSED, item=item.title, window=window)
    open_app = Application.objects.filter(item=item, profile=profile, status__in=OPEN_STATES).first()
    if open_app is not None:
        raise PolicyError(PolicyErrorCode.DUPLICATE_APPLICATION, item=item.title, status=open_app.get_status_display())
    rule = rule_from_text(item.rule_text, key=item.key)
    values = from_json(profile.attributes) | {"tags": frozenset(profile.tags)}
    ev = evaluate(rule, values, as_of=today)
    if ev.status == "not_eligible":
        failed = "；".join(f"{c.label}（实际：{c.actual}）" for c in ev.conditions if c.truth == Truth.FALSE)
        raise PolicyError(
            PolicyErrorCode.NOT_ELIGIBLE,
            detail=[c.as_dict() for c in ev.conditions],
            item=item.title,
            conditions=failed,
        )
    to_declare = [c for c in ev.conditions if c.truth == Truth.DECLARE]
    declared = set(declarations or [])
    missing = [c for c in to_declare if c.id not in declared]
    if missing:
        raise PolicyError(
            PolicyErrorCode.DECLARATION_MISSING,
            detail=[c.as_dict() for c in missing],
            conditions="；".join(c.label for c in missing),
        )
    app = Application.objects.create(
        item=item,
        profile=profile,
        applicant=actor,
        prefilled={"name": profile.name, "uscc": profile.uscc, "conditions": [c.as_dict() for c in ev.conditions]},
        declarations=[{"id": c.id, "label": c.label} for c in to_declare],
        amount_estimated=ev.amount,
    )
    audit_log_write(
        actor=actor,
        action="zwfw.policies.application.submitted",
        obj=app,
        after={"item": item.key, "uscc": profile.uscc, "declared": sorted(declared), "amount": ev.amount},
        region_code=_region(item),
    )
    return app


@transaction.atomic
def application_accept(
    *, actor: Actor, application: Application, accept: bool = True, shortfall: list[str] | None = None, reason: str = ""
) -> Application:
    """受理 (or 不予受理 with a reason); 信用+容缺 for credit grade A/B; sets the review deadline."""
    app = (
        Application.objects.select_for_update()
        .select_related("item", "profile", "item__department")
        .get(pk=application.pk)
    )
    if app.status != ApplicationStatus.SUBMITTED:
        raise _state_error(app, "受理")
    if not accept:
        if not reason.strip():
            raise PolicyError(PolicyErrorCode.REASON_REQUIRED, what="不予受理的理由")
        app.status = ApplicationStatus.NOT_ACCEPTED
        app.opinion = reason
    else:
        if shortfall:
            grade = (app.profile.attributes or {}).get("credit_grade")
            if grade not in ("A", "B"):
                raise PolicyError(PolicyErrorCode.SHORTFALL_NOT_ALLOWED, detail={"credit_grade": grade})
        app.status = ApplicationStatus.ACCEPTED
        app.shortfall = list(shortfall or [])
        app.review_due = add_workdays(timezone.localdate(), app.item.review_days)
    app.accepted_by = actor
    app.accepted_at = timezone.now()
    app.save(update_fields=["status", "opinion", "shortfall", "review_due", "accepted_by", "accepted_at", "updated_at"])
    audit_log_write(
        actor=actor,
        action=f"zwfw.policies.application.{'accepted' if accept else 'not_accepted'}",
        obj=app,
        after={"status": app.status, "review_due": app.review_due, "shortfall": app.shortfall, "reason": reason},
        region_code=_region(app.item),
    )
    return app


@transaction.atomic
def application_review(
    *, actor: User, application: Application, approve: bool, amount: int | None = None, opinion: str = ""
) -> Application:
    """审核: approval starts 公示 at once; denial needs an opinion. Not by the acceptor (受审分离)."""
    app = (
        Application.objects.select_for_update()
        .select_related("item", "profile", "item__department")
        .get(pk=application.pk)
    )
    if app.status != ApplicationStatus.ACCEPTED:
        raise _state_error(app, "审核")
    if app.accepted_by_id == actor.pk:
        raise PolicyError(PolicyErrorCode.SEPARATION_OF_DUTIES)
    if not approve and not opinion.strip():
        raise PolicyError(PolicyErrorCode.REASON_REQUIRED, what="审核不通过的理由")
    app.reviewed_by = actor
    app.decided_at = timezone.now()
    app.opinion = opinion
    if approve:
        app.amount_approved = amount if amount is not None else app.amount_estimated
        app.status = ApplicationStatus.PUBLICITY
        app.publicity_until = add_workdays(timezone.localdate(), app.item.publicity_days)
    else:
        app.status = ApplicationStatus.DENIED
    app.save(
        update_fields=[
            "reviewed_by",
            "decided_at",
            "opinion",
            "amount_approved",
            "status",
            "publicity_until",
            "updated_at",
        ]
    )
    audit_log_write(
        actor=actor,
        action=f"zwfw.policies.application.{'approved' if approve else 'denied'}",
        obj=app,
        after={"status": app.status, "amount": app.amount_approved, "publicity_until": app.publicity_until},
        region_code=_region(app.item),
    )
    for user in _enterprise_users(app.profile):
        notification_create(
            recipient=user,
            subject=f"“{app.item.title}”申报审核结果：{'通过，进入公示' if approve else '未通过'}"[:200],
            body=opinion or "审核通过，公示期满无异议后拨付。",
            event="zwfw.policies.application.reviewed",
            link=reverse("policies:for_me"),
        )
    return app


@transaction.atomic
def objection_raise(*, actor: Actor, application: Application, text: str) -> Objection:
    app = Application.objects.select_for_update().get(pk=application.pk)
    if app.status != ApplicationStatus.PUBLICITY:
        raise _state_error(app, "提出异议")
    if not text.strip():
        raise PolicyError(PolicyErrorCode.REASON_REQUIRED, what="异议内容")
    objection = Objection.objects.create(application=app, text=text.strip()[:2000], raised_by=actor)
    audit_log_write(actor=actor, action="zwfw.policies.objection.raised", obj=objection, after={"application": app.pk})
    return objection


@transaction.atomic
def objection_resolve(*, actor: Actor, objection: Objection, upheld: bool, resolution: str) -> Objection:
    """An upheld objection sends the application back to 审核不通过."""
    objection = Objection.objects.select_for_update().select_related("application").get(pk=objection.pk)
    if objection.upheld is not None:
        raise PolicyError(PolicyErrorCode.APPLICATION_STATE, status="已处理", action="再次处理异议")
    if not resolution.strip():
        raise PolicyError(PolicyErrorCode.REASON_REQUIRED, what="处理意见")
    objection.upheld = upheld
    objection.resolution = resolution
    objection.save(update_fields=["upheld", "resolution"])
    if upheld:
        app = Application.objects.select_for_update().get(pk=objection.application_id)
        app.status = ApplicationStatus.DENIED
        app.opinion = f"公示异议成立：{resolution}"
        app.save(update_fields=["status", "opinion", "updated_at"])
    audit_log_write(
        actor=actor,
        action="zwfw.policies.objection.resolved",
        obj=objection,
        after={"upheld": upheld, "resolution": resolution},
    )
    return objection


@transaction.atomic
def application_disburse(
    *, actor: Actor, application: Application, paid_on: dt.date, voucher: str, today: dt.date | None = None
) -> Application:
    """Record the payment after 公示 (period over, no open objection); the application is done."""
    today = today or timezone.localdate()
    app = Application.objects.select_for_update().select_related("item", "item__department").get(pk=application.pk)
    if app.status != ApplicationStatus.PUBLICITY:
        raise _state_error(app, "拨付")
    if app.publicity_until and today <= app.publicity_until:
        raise PolicyError(PolicyErrorCode.PUBLICITY_RUNNING, until=app.publicity_until.isoformat())
    if app.objections.filter(upheld__isnull=True).exists():
        raise PolicyError(PolicyErrorCode.OBJECTION_OPEN)
    if not voucher.strip():
        raise PolicyError(PolicyErrorCode.REASON_REQUIRED, what="拨付凭证号")
    app.paid_on = paid_on
    app.voucher = voucher.strip()[:64]
    app.status = ApplicationStatus.DONE
    app.save(update_fields=["paid_on", "voucher", "status", "updated_at"])
    audit_log_write(
        actor=actor,
        action="zwfw.policies.application.disbursed",
        obj=app,
        after={"paid_on": paid_on, "voucher": app.voucher, "amount": app.amount_approved},
        region_code=_region(app.item),
    )
    return app
