"""Giving a rating (好差评), through every channel, and hiding abusive text.

Rules, the same for every kind of subject (``zwfw.ratings.subjects``) and every channel:

- **only the applicant**: the page and the API take the rating from the subject's applicant
  only; a 12345 operator enters one on the caller's behalf (回访, channel 电话) for the subject's
  applicant; an SMS link or the hall's pad carries a one-time token issued for that subject
  (:mod:`zwfw.ratings.services.invitation`), and the rating is the applicant's;
- **only after the end**: the adapter says whether the subject has ended (办结; a window visit
  is over when recorded);
- **only once** (一事一评 / 一次一评): one rating per subject, enforced by a unique constraint, so
  two concurrent submissions give one rating and one 409;
- **immutable**: no service changes or deletes a rating; the model and its queryset refuse it,
  and on PostgreSQL a trigger refuses UPDATE/DELETE. Hiding abusive text
  (:func:`rating_text_hide`) is a separate audited row.

A bad rating (不满意/非常不满意) opens a rectification in the same transaction
(:func:`zwfw.ratings.services.rectification.rectification_open`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from zwfw.core.models import Department, User
from zwfw.core.permissions import require
from zwfw.core.selectors.scope import region_code_scope_q
from zwfw.core.services.audit import audit_log_write
from zwfw.core.types import Actor
from zwfw.ratings import permissions as perms
from zwfw.ratings import subjects
from zwfw.ratings.errors import RatingError, RatingErrorCode
from zwfw.ratings.models import BAD_LEVELS, Level, Rating, RatingChannel, RatingReason, RatingTextHide
from zwfw.ratings.reasons import BAD_REASONS, REASONS
from zwfw.ratings.selectors import is_hub, month_of, rating_get_for

SELF_CHANNELS = (RatingChannel.PC, RatingChannel.MOBILE, RatingChannel.QRCODE, RatingChannel.TERMINAL)
COMMENT_MAX = 500


def _clean(level, reasons: Iterable[str], comment: str) -> tuple[int, list[str], str]:
    try:
        level = int(level)
    except (TypeError, ValueError):
        raise RatingError(RatingErrorCode.BAD_LEVEL, detail=[{"field": "level"}]) from None
    if level not in Level.values:
        raise RatingError(RatingErrorCode.BAD_LEVEL, detail=[{"field": "level"}])
    codes: list[str] = []
    for code in reasons or ():
        code = str(code).strip()
        if code not in REASONS:
            raise RatingError(RatingErrorCode.BAD_REASON, detail=[{"field": "reasons"}], value=code[:40])
        if code not in codes:
            codes.append(code)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise RatingError(RatingErrorCode.COMMENT_TOO_LONG, detail=[{"field": "comment"}])
    if level in BAD_LEVELS and not any(c in BAD_REASONS for c in codes):
        raise RatingError(RatingErrorCode.BAD_REASON_REQUIRED, detail=[{"field": "reasons"}])
    return level, codes, comment


def subject_get(kind: str, ref) -> subjects.Subject:
    """The subject, or 422 for an unknown kind / 404 for an unknown ref."""
    if subjects.adapter_for(str(kind)) is None:
        raise RatingError(RatingErrorCode.UNKNOWN_KIND, detail=[{"field": "kind"}], kind=str(kind)[:40])
    subject = subjects.subject_load(str(kind), str(ref)[:64])
    if subject is None:
        raise RatingError(RatingErrorCode.SUBJECT_NOT_FOUND)
    return subject


def check_rateable(subject: subjects.Subject) -> None:
    """Ended and not yet rated, else 409 naming which."""
    if not subject.ended:
        raise RatingError(RatingErrorCode.NOT_ENDED, kind=subject.kind_label)
    if Rating.objects.filter(subject_kind=subject.kind, subject_ref=subject.ref).exists():
        raise RatingError(RatingErrorCode.ALREADY_RATED, kind=subject.kind_label)


def _rate(
    *,
    actor: Actor,
    subject: subjects.Subject,
    rater_id: int | None,
    entered_by=None,
    channel: str,
    level,
    reasons: Iterable[str],
    comment: str,
) -> Rating:
    level, codes, comment = _clean(level, reasons, comment)
    check_rateable(subject)
    if subject.department_id is None or not subject.region_code:
        raise RatingError(RatingErrorCode.SUBJECT_NOT_FOUND)
    now = timezone.now()
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                subject_kind=subject.kind,
                subject_ref=subject.ref,
                subject_number=subject.number,
                rater_id=rater_id,
                entered_by=entered_by,
                channel=channel,
                level=level,
                comment=comment,
                item_code=subject.item_code[:64],
                item_name=subject.item_name[:255],
                department_id=subject.department_id,
                region_id=subject.region_code,
                window_department_id=subject.window_department_id,
                window_no=subject.window_no,
                staff_id=subject.staff_id,
                subject_ended_at=subject.ended_at,
                rated_at=now,
                rated_month=month_of(now),
            )
    except IntegrityError:
        raise RatingError(RatingErrorCode.ALREADY_RATED, kind=subject.kind_label) from None
    RatingReason.objects.bulk_create([RatingReason(rating=rating, code=c) for c in codes])
    audit_log_write(
        actor=actor,
        action="zwfw.ratings.rating.created",
        obj=rating,
        after={
            "subject": f"{subject.kind}:{subject.number}",
            "level": level,
            "channel": channel,
            "reasons": codes,
            "entered_by": getattr(entered_by, "pk", None),
        },
        region_code=subject.region_code,
    )
    if level in BAD_LEVELS:
        from zwfw.ratings.services.rectification import rectification_open

        rectification_open(rating=rating)
    return rating


@transaction.atomic
def rating_create(
    *,
    actor: User,
    kind: str,
    ref,
    level,
    reasons: Iterable[str] = (),
    comment: str = "",
    channel: str = RatingChannel.PC,
) -> Rating:
    """The applicant rates their own ended subject (page, API, app, QR code, hall terminal)."""
    require(actor, perms.RATE)
    if channel not in SELF_CHANNELS:
        raise RatingError(RatingErrorCode.BAD_CHANNEL, detail=[{"field": "channel"}], channel=str(channel)[:20])
    subject = subject_get(kind, ref)
    if subject.applicant_id is None or subject.applicant_id != actor.pk:
        # Another person's subject reads as missing, like every out-of-scope id.
        raise RatingError(RatingErrorCode.SUBJECT_NOT_FOUND)
    return _rate(
        actor=actor, subject=subject, rater_id=actor.pk, channel=channel, level=level, reasons=reasons, comment=comment
    )


@transaction.atomic
def rating_enter_on_behalf(
    *, actor: User, kind: str, ref, level, reasons: Iterable[str] = (), comment: str = ""
) -> Rating:
    """12345 回访: an operator records the caller's rating (channel 电话) for the subject's
    applicant. The subject must be in the operator's region; the operator is kept as
    ``entered_by`` and in the audit row."""
    require(actor, perms.RATE_ON_BEHALF)
    subject = subject_get(kind, ref)
    from zwfw.core.models import Region

    in_scope = Region.objects.filter(region_code_scope_q(actor, "code"), code=subject.region_code).exists()
    if not in_scope:
        raise RatingError(RatingErrorCode.SUBJECT_NOT_FOUND)
    if subject.applicant_id is None:
        raise RatingError(RatingErrorCode.NOT_APPLICANT)
    return _rate(
        actor=actor,
        subject=subject,
        rater_id=subject.applicant_id,
        entered_by=actor,
        channel=RatingChannel.PHONE,
        level=level,
        reasons=reasons,
        comment=comment,
    )


@transaction.atomic
def rating_text_hide(*, actor: User, rating: Rating, reason: str) -> RatingTextHide:
    """Hide abusive text (辱骂、泄露他人信息…): the hub only; the rating and its level stay, the
    text is shown to nobody but the hub, and the act is audited."""
    require(actor, perms.RATING_HIDE)
    if not is_hub(actor):
        raise PermissionDenied("屏蔽评价文字须由政务服务管理机构操作")
    try:
        rating_get_for(user=actor, rating_id=rating.pk)
    except Http404:
        raise RatingError(RatingErrorCode.SUBJECT_NOT_FOUND) from None
    reason = (reason or "").strip()
    if not reason:
        raise RatingError(RatingErrorCode.REASON_REQUIRED, detail=[{"field": "reason"}], what="屏蔽理由")
    if len(reason) > 200:
        reason = reason[:200]
    if RatingTextHide.objects.filter(rating=rating).exists():
        raise RatingError(RatingErrorCode.ALREADY_HIDDEN)
    try:
        with transaction.atomic():
            hide = RatingTextHide.objects.create(
                rating=rating, reason=reason, hidden_by=actor, hidden_at=timezone.now()
            )
    except IntegrityError:
        raise RatingError(RatingErrorCode.ALREADY_HIDDEN) from None
    audit_log_write(
        actor=actor,
        action="zwfw.ratings.rating.text_hidden",
        obj=rating,
        after={"reason": reason},
        region_code=rating.region_id,
    )
    return hide


def department_by_id(department_id: int) -> Department | None:
    return Department.objects.filter(pk=department_id).first()
