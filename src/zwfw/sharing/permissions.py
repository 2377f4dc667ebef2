"""Who may do what in the sharing app. *Which* rows is the scope of :mod:`zwfw.sharing.selectors`."""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.permissions import APPLICANTS, STAFF, register

DATASET_VIEW = "sharing.dataset.view"
DATASET_MANAGE = "sharing.dataset.manage"
REQUEST_CREATE = "sharing.request.create"
REQUEST_DECIDE = "sharing.request.decide"
DATA_READ = "sharing.data.read"
READ_LOG_VIEW = "sharing.read_log.view"
GRAPH_VIEW = "sharing.graph.view"
CODE_ISSUE = "sharing.code.issue"
CODE_SCAN = "sharing.code.scan"

ADMINS = {Role.DEPT_ADMIN, Role.PLATFORM_ADMIN}
CASE_STAFF = {Role.WINDOW_CLERK, Role.REVIEWER, Role.DEPT_ADMIN}

register(DATASET_VIEW, STAFF, "查看共享数据目录")
register(DATASET_MANAGE, ADMINS, "登记共享数据集")
register(REQUEST_CREATE, CASE_STAFF | {Role.PLATFORM_ADMIN}, "申请共享数据")
register(REQUEST_DECIDE, ADMINS, "审批共享申请")
register(DATA_READ, CASE_STAFF, "调用共享数据")
register(READ_LOG_VIEW, ADMINS, "查看共享数据调用记录")
register(GRAPH_VIEW, STAFF, "查看关联图谱")
register(CODE_ISSUE, APPLICANTS, "生成政务服务码")
register(CODE_SCAN, {Role.WINDOW_CLERK}, "扫描政务服务码（须持码人同意）")
