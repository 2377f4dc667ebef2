"""The ratings services (every write of 好差评); see each module's docstring."""

from zwfw.ratings.services.blocked import blocked_assign, blocked_report, blocked_resolve
from zwfw.ratings.services.invitation import invitation_get, rating_by_token, rating_invitation_issue
from zwfw.ratings.services.rating import rating_create, rating_enter_on_behalf, rating_text_hide, subject_get
from zwfw.ratings.services.rectification import (
    rectification_appeal,
    rectification_appeal_decide,
    rectification_due_date,
    rectification_escalate_scan,
    rectification_rectify,
    rectification_revisit,
    rectification_verify,
)
from zwfw.ratings.services.visits import window_visit_record

__all__ = [
    "blocked_assign",
    "blocked_report",
    "blocked_resolve",
    "invitation_get",
    "rating_by_token",
    "rating_create",
    "rating_enter_on_behalf",
    "rating_invitation_issue",
    "rating_text_hide",
    "rectification_appeal",
    "rectification_appeal_decide",
    "rectification_due_date",
    "rectification_escalate_scan",
    "rectification_rectify",
    "rectification_revisit",
    "rectification_verify",
    "subject_get",
    "window_visit_record",
]
