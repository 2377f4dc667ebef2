"""Django admin for 好差评: **read-only** for every model whose history matters.

Ratings, their reasons and text hides can be neither added, changed nor deleted here (not even by a
superuser): a rating is immutable and hiding text is an audited service action. Rectifications,
visits, invitations and 办不成事 reports are read-only too: they change only through the services.
"""

from __future__ import annotations

from django.contrib import admin

from zwfw.core.admin import ReadOnlyAdmin as BaseReadOnlyAdmin
from zwfw.ratings.models import (
    BlockedMatter,
    Rating,
    RatingInvitation,
    RatingReason,
    RatingTextHide,
    Rectification,
    WindowVisit,
)


class ReadOnlyAdmin(BaseReadOnlyAdmin):
    def get_actions(self, request):
        return {}


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("subject_number", "subject_kind", "level", "channel", "department", "rated_at")
    list_filter = ("level", "channel", "subject_kind")
    search_fields = ("subject_number", "item_code")


@admin.register(RatingReason)
class RatingReasonAdmin(ReadOnlyAdmin):
    list_display = ("rating", "code")


@admin.register(RatingTextHide)
class RatingTextHideAdmin(ReadOnlyAdmin):
    list_display = ("rating", "reason", "hidden_by", "hidden_at")


@admin.register(RatingInvitation)
class RatingInvitationAdmin(ReadOnlyAdmin):
    list_display = ("subject_kind", "subject_ref", "channel", "created_at", "expires_at", "used_at")
    exclude = ("token_hash",)


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ("id", "department", "status", "due_date", "escalation_level")
    list_filter = ("status", "escalation_level")


@admin.register(WindowVisit)
class WindowVisitAdmin(ReadOnlyAdmin):
    list_display = ("number", "department", "window_no", "visited_at")


@admin.register(BlockedMatter)
class BlockedMatterAdmin(ReadOnlyAdmin):
    list_display = ("number", "item_name", "blocker", "department", "status", "due_date")
