"""Every state change of the bundles app (and the free composition, a pure read kept beside them).

- :mod:`.specs`: engine inputs from the catalog's versions in force (cached by version);
- :mod:`.compose`: free combination, a bundle's plan, recomposition and the change shown;
- :mod:`.definitions`: defining, reviewing (merge decisions) and publishing bundles;
- :mod:`.application`: 一件事申请 and its child cases.
"""

from zwfw.bundles.services.application import (
    AGENT_APPLICANT_REFUSED,
    agent_applicant_resolve,
    bundle_application_advance,
    bundle_application_submit,
    bundle_applications_advance,
)
from zwfw.bundles.services.compose import (
    bundle_compose,
    bundle_is_stale,
    bundle_plan_latest,
    bundle_recompose,
    bundles_recompose_stale,
    decisions_parse,
    free_compose,
    plan_change,
)
from zwfw.bundles.services.definitions import (
    bundle_define,
    bundle_publish,
    bundle_reviewable_by,
    merge_decision_record,
)
from zwfw.bundles.services.specs import ItemSource, item_sources, spec_cache_clear

__all__ = [
    "AGENT_APPLICANT_REFUSED",
    "ItemSource",
    "agent_applicant_resolve",
    "bundle_application_advance",
    "bundle_application_submit",
    "bundle_applications_advance",
    "bundle_compose",
    "bundle_define",
    "bundle_is_stale",
    "bundle_plan_latest",
    "bundle_publish",
    "bundle_recompose",
    "bundle_reviewable_by",
    "bundles_recompose_stale",
    "decisions_parse",
    "free_compose",
    "item_sources",
    "merge_decision_record",
    "plan_change",
    "spec_cache_clear",
]
