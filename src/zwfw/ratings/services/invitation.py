"""One-time rating tokens: the SMS link (短信评价) and the hall's pad (政务大厅平板电脑).

A token is 32 random bytes (URL-safe); only its SHA-256 is stored. It names one subject, is used
at most once (a conditional ``UPDATE … WHERE used_at IS NULL AND expires_at > now``), and expires
(SMS: ``RATINGS_SMS_TOKEN_HOURS``, default 7 days; pad: ``RATINGS_PAD_TOKEN_MINUTES``, default 30).
Whoever holds the token rates *for the subject's applicant*: the SMS goes to the applicant's own
phone, the pad stands at the window the applicant has just left.

Known limit: the SMS outbox row holds the link (and so the token) until it is sent; it is single
use and expires, and the outbox is readable by platform admins only.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zwfw.core.models import Channel, User
from zwfw.core.permissions import require
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create
from zwfw.core.types import Actor
from zwfw.ratings import permissions as perms
from zwfw.ratings.errors import RatingError, RatingErrorCode
from zwfw.ratings.models import Rating, RatingChannel, RatingInvitation
from zwfw.ratings.services.rating import _rate, check_rateable, subject_get
from zwfw.ratings.subjects import Subject

TOKEN_CHANNELS = (RatingChannel.SMS, RatingChannel.PAD)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _ttl(channel: str) -> timedelta:
    if channel == RatingChannel.PAD:
        return timedelta(minutes=int(getattr(settings, "RATINGS_PAD_TOKEN_MINUTES", 30)))
    return timedelta(hours=int(getattr(settings, "RATINGS_SMS_TOKEN_HOURS", 24 * 7)))


def invitation_issue_for(*, actor: Actor, subject: Subject, channel: str) -> tuple[RatingInvitation, str]:
    """Issue a token for ``subject`` (in the caller's transaction); returns it once, in clear."""
    if channel not in TOKEN_CHANNELS:
        raise RatingError(RatingErrorCode.BAD_CHANNEL, detail=[{"field": "channel"}], channel=str(channel)[:20])
    check_rateable(subject)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = RatingInvitation.objects.create(
        token_hash=token_hash(token),
        subject_kind=subject.kind,
        subject_ref=subject.ref,
        channel=channel,
        created_by=actor,
        created_at=now,
        expires_at=now + _ttl(channel),
    )
    audit_log_write(
        actor=actor,
        action="zwfw.ratings.invitation.issued",
        obj=invitation,
        after={"subject": f"{subject.kind}:{subject.number}", "channel": channel},
        region_code=subject.region_code or "",
    )
    if channel == RatingChannel.SMS:
        applicant = User.objects.filter(pk=subject.applicant_id).first() if subject.applicant_id else None
        if applicant is None:
            raise RatingError(RatingErrorCode.NOT_APPLICANT)
        notification_create(
            recipient=applicant,
            channel=Channel.SMS,
            subject="请您评价",
            body=f"您的“{subject.item_name or subject.number}”已办结，请对我们的服务进行评价：/ratings/t/{token}/",
            event="zwfw.ratings.invitation.issued",
            link=f"/ratings/t/{token}/",
        )
    return invitation, token


@transaction.atomic
def rating_invitation_issue(
    *, actor: Actor, kind: str, ref, channel: str = RatingChannel.SMS
) -> tuple[RatingInvitation, str]:
    """Staff (or the system, ``actor=None``) send the applicant an SMS rating link."""
    if actor is not None:
        require(actor, perms.INVITE)
    subject = subject_get(kind, ref)
    return invitation_issue_for(actor=actor, subject=subject, channel=channel)


def invitation_get(*, token: str) -> tuple[RatingInvitation, Subject]:
    """The valid (unused, unexpired) invitation for ``token`` and its subject, else 404."""
    token = (token or "")[:100]
    invitation = RatingInvitation.objects.filter(
        token_hash=token_hash(token), used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    if invitation is None:
        raise RatingError(RatingErrorCode.TOKEN_INVALID)
    subject = subject_get(invitation.subject_kind, invitation.subject_ref)
    return invitation, subject


@transaction.atomic
def rating_by_token(*, token: str, level, reasons: Iterable[str] = (), comment: str = "") -> Rating:
    """Rate through an SMS link or the pad: the token is spent in the same transaction as the
    rating (a failed rating leaves it unspent); the rating is the subject's applicant's."""
    invitation, subject = invitation_get(token=token)
    used = RatingInvitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, expires_at__gt=timezone.now()
    ).update(used_at=timezone.now())
    if used != 1:
        raise RatingError(RatingErrorCode.TOKEN_INVALID)
    return _rate(
        actor=None,
        subject=subject,
        rater_id=subject.applicant_id,
        channel=invitation.channel,
        level=level,
        reasons=reasons,
        comment=comment,
    )
