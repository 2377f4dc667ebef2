"""Every state change of a case: one module per concern, every public service re-exported here.

Services are keyword-only, take ``actor`` (``None`` = the system), run in one transaction,
check the role (``zwfw.core.permissions``) and the case's scope, write an audit row
``zwfw.cases.<entity>.<verb>`` and outbox notifications in that same transaction.
"""

from zwfw.cases.services.apply import (
    case_apply,
    case_material_upload,
    case_number_next,
    shared_data_available,
    shared_data_register,
    upload_check,
)
from zwfw.cases.services.bundle import case_spawn_children
from zwfw.cases.services.clock import case_clock_resume, case_clock_stop, case_due_date, case_extend
from zwfw.cases.services.consultation import consultation_log
from zwfw.cases.services.deadlines import case_deadline_scan
from zwfw.cases.services.decision import case_decide
from zwfw.cases.services.delivery import case_complete, case_deliver
from zwfw.cases.services.frontdesk import (
    case_accept,
    case_accept_on_pledge,
    case_accept_with_shortfall,
    case_deemed_accept_due,
    case_refuse,
    case_request_correction,
    case_resubmit,
    case_withdraw,
)
from zwfw.cases.services.revocation import case_decision_revoke, case_decision_revoked
from zwfw.cases.services.steps import case_step_complete
from zwfw.cases.services.supervision import (
    pledge_verification_complete,
    supervision_notice_mark_read,
    supervision_notice_send,
    supervision_retry_due,
)

__all__ = [
    "case_accept",
    "case_accept_on_pledge",
    "case_accept_with_shortfall",
    "case_apply",
    "case_clock_resume",
    "case_clock_stop",
    "case_complete",
    "case_deadline_scan",
    "case_decide",
    "case_decision_revoke",
    "case_decision_revoked",
    "case_deemed_accept_due",
    "case_deliver",
    "case_due_date",
    "case_extend",
    "case_material_upload",
    "case_number_next",
    "case_refuse",
    "case_request_correction",
    "case_resubmit",
    "case_spawn_children",
    "case_step_complete",
    "case_withdraw",
    "consultation_log",
    "pledge_verification_complete",
    "shared_data_available",
    "shared_data_register",
    "supervision_notice_mark_read",
    "supervision_notice_send",
    "supervision_retry_due",
    "upload_check",
]
