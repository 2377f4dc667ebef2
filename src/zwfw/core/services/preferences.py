"""Personal display preferences (适老化 large-font / high-contrast mode).

Only the person themself changes their own preferences: the pages call this service for the
logged-in user. The change is audited like any other state change. Legal basis for offering the
mode: 工业和信息化部《互联网网站适老化通用设计规范》(2021), which asks government websites to offer
larger text and higher contrast on demand.
"""

from __future__ import annotations

from django.db import transaction

from zwfw.core.errors import CoreErrorCode, ZwfwError
from zwfw.core.models import User
from zwfw.core.services.audit import audit_log_write


@transaction.atomic
def user_preferences_update(*, actor: User, user: User, large_font: bool) -> User:
    """Save ``user.large_font``; the actor must be that user. Unchanged values write nothing.

    Outcomes: the updated user; ``ZwfwError(permission_denied)`` (403) when the actor is someone
    else or not logged in. Writes one audit row ``zwfw.core.user.preferences_updated`` with the
    old and new value.
    """
    if actor is None or not actor.is_authenticated or actor.pk != user.pk:
        raise ZwfwError(CoreErrorCode.PERMISSION_DENIED)
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.large_font == large_font:
        user.large_font = large_font
        return user
    before = {"large_font": locked.large_font}
    locked.large_font = large_font
    locked.save(update_fields=["large_font"])
    user.large_font = large_font
    region_code = locked.region_id or ""
    audit_log_write(
        actor=actor,
        action="zwfw.core.user.preferences_updated",
        obj=locked,
        before=before,
        after={"large_font": large_font},
        region_code=region_code,
    )
    return user
