"""Every state change of the supervision app. Other apps import from here (never the modules)."""

from zwfw.supervision.services.credit import (
    credit_event_record,
    credit_events_import,
    credit_repair_request,
    credit_repair_review,
)
from zwfw.supervision.services.inbox import (
    inbox_event_close,
    inbox_event_sign,
    inbox_receive,
    pledge_checked_hook_register,
    pledge_checked_hooks,
    pledge_untrue_hook_register,
    pledge_untrue_hooks,
)
from zwfw.supervision.services.inspections import (
    inspection_plan_create,
    inspection_plan_draw,
    inspection_plan_publish,
    inspection_task_record,
    inspection_task_rectified,
    inspector_add,
    inspector_relation_add,
    supervised_entity_add,
)
from zwfw.supervision.services.items import supervision_item_create
from zwfw.supervision.services.pledges import pledge_check_complete

__all__ = [
    "credit_event_record",
    "credit_events_import",
    "credit_repair_request",
    "credit_repair_review",
    "inbox_event_close",
    "inbox_event_sign",
    "inbox_receive",
    "inspection_plan_create",
    "inspection_plan_draw",
    "inspection_plan_publish",
    "inspection_task_record",
    "inspection_task_rectified",
    "inspector_add",
    "inspector_relation_add",
    "pledge_check_complete",
    "pledge_checked_hook_register",
    "pledge_checked_hooks",
    "pledge_untrue_hook_register",
    "pledge_untrue_hooks",
    "supervised_entity_add",
    "supervision_item_create",
]
