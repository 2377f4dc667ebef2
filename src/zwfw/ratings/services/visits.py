"""窗口服务记录 (现场服务 一次一评): the clerk records the visit right after it, and the pad at the
window shows the rating form for that visit (a one-time pad token, 30 minutes)."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from zwfw.core.errors import ZwfwError
from zwfw.core.models import User
from zwfw.core.permissions import require
from zwfw.core.services.audit import audit_log_write
from zwfw.ratings import permissions as perms
from zwfw.ratings.errors import RatingError, RatingErrorCode
from zwfw.ratings.models import RatingChannel, RatingInvitation, WindowVisit
from zwfw.ratings.services.invitation import invitation_issue_for
from zwfw.ratings.subjects import subject_load


def catalog_item(code: str) -> tuple[str, int, str]:
    """(name, department_id) of an implementation code, else a 422."""
    from zwfw.catalog.selectors import implementation_get

    try:
        impl = implementation_get(code=code)
    except (Http404, ZwfwError, ValueError):
        raise RatingError(RatingErrorCode.BAD_ITEM, detail=[{"field": "item_code"}], value=code[:64]) from None
    return impl.name, impl.department_id, impl.region_id


def _number() -> str:
    return f"CK{timezone.localdate():%Y%m%d}{secrets.token_hex(3).upper()}"


@transaction.atomic
def window_visit_record(
    *, actor: User, window_no: str, item_code: str = "", item_name: str = "", applicant=None
) -> tuple[WindowVisit, RatingInvitation, str]:
    """Record one finished window service and open the pad's rating form for it."""
    require(actor, perms.VISIT_RECORD)
    department = actor.department
    if department is None:
        raise RatingError(RatingErrorCode.REASON_REQUIRED, what="窗口人员所属部门")
    window_no = (window_no or "").strip()[:32]
    if not window_no:
        raise RatingError(RatingErrorCode.REASON_REQUIRED, detail=[{"field": "window_no"}], what="窗口号")
    item_code = (item_code or "").strip()[:64]
    item_department_id = None
    if item_code:
        name, item_department_id, _ = catalog_item(item_code)
        item_name = name
    item_name = (item_name or "").strip()[:255]
    if not item_name:
        raise RatingError(RatingErrorCode.REASON_REQUIRED, detail=[{"field": "item_name"}], what="办理事项或业务")
    if applicant is not None and not getattr(applicant, "is_applicant", False):
        applicant = None
    for _ in range(5):
        try:
            with transaction.atomic():
                visit = WindowVisit.objects.create(
                    number=_number(),
                    department_id=department.pk,
                    region_id=department.region_id,
                    window_no=window_no,
                    clerk=actor,
                    applicant=applicant,
                    item_code=item_code,
                    item_name=item_name,
                    item_department_id=item_department_id,
                    visited_at=timezone.now(),
                )
            break
        except IntegrityError:  # pragma: no cover - a 24-bit number collided on one day
            continue
    audit_log_write(
        actor=actor,
        action="zwfw.ratings.visit.recorded",
        obj=visit,
        after={"number": visit.number, "window_no": window_no, "item": item_code or item_name},
        region_code=visit.region_id,
    )
    subject = subject_load("window_visit", str(visit.pk))
    assert subject is not None, "the visit was stored just above"
    invitation, token = invitation_issue_for(actor=actor, subject=subject, channel=RatingChannel.PAD)
    return visit, invitation, token
