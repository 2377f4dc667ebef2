"""Every state change of the hotline app. Other apps use these names only.

For other apps: :func:`work_order_create_from_platform` turns a case complaint or a 办不成事
report into a work order (see docs/hotline.md).
"""

from zwfw.hotline.services.catalog import (
    category_ensure,
    category_tree_import,
    category_tree_read_xlsx,
    responsibility_version_create,
    responsibility_version_publish,
)
from zwfw.hotline.services.classify import classifier_activate, classifier_suggest, classifier_train
from zwfw.hotline.services.knowledge import knowledge_entry_save
from zwfw.hotline.services.orders import (
    AUTO_DISPATCH_THRESHOLD,
    is_overdue,
    route_department,
    work_order_answer,
    work_order_arbitrate,
    work_order_close,
    work_order_create,
    work_order_create_from_platform,
    work_order_dispatch,
    work_order_escalate,
    work_order_extension_decide,
    work_order_extension_request,
    work_order_process,
    work_order_reopen,
    work_order_return,
    work_order_sign,
    work_order_supervise,
    work_order_visit,
)

__all__ = [
    "AUTO_DISPATCH_THRESHOLD",
    "category_ensure",
    "category_tree_import",
    "category_tree_read_xlsx",
    "classifier_activate",
    "classifier_suggest",
    "classifier_train",
    "is_overdue",
    "knowledge_entry_save",
    "responsibility_version_create",
    "responsibility_version_publish",
    "route_department",
    "work_order_answer",
    "work_order_arbitrate",
    "work_order_close",
    "work_order_create",
    "work_order_create_from_platform",
    "work_order_dispatch",
    "work_order_escalate",
    "work_order_extension_decide",
    "work_order_extension_request",
    "work_order_process",
    "work_order_reopen",
    "work_order_return",
    "work_order_sign",
    "work_order_supervise",
    "work_order_visit",
]
