"""Every state change of the policies app (keyword-only, actor-aware, atomic, audited)."""

from zwfw.policies.services.applications import (
    application_accept,
    application_disburse,
    application_review,
    application_submit,
    grant_decide,
    grant_decide_many,
    objection_raise,
    objection_resolve,
)
from zwfw.policies.services.matching import match_run_create, match_run_execute, match_run_resume
from zwfw.policies.services.policies import (
    policy_create,
    policy_expire_due,
    policy_transition,
    rule_parse,
    support_item_create,
    support_item_rule_update,
)
from zwfw.policies.services.profiles import profile_import, profile_refresh

__all__ = [
    "application_accept",
    "application_disburse",
    "application_review",
    "application_submit",
    "grant_decide",
    "grant_decide_many",
    "match_run_create",
    "match_run_execute",
    "match_run_resume",
    "objection_raise",
    "objection_resolve",
    "policy_create",
    "policy_expire_due",
    "policy_transition",
    "profile_import",
    "profile_refresh",
    "rule_parse",
    "support_item_create",
    "support_item_rule_update",
]
