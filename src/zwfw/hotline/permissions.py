"""Who may do what in the hotline app (12345热线). *Which orders* is the scope of
:mod:`zwfw.hotline.selectors`: the hub's staff see their region subtree, a department's staff
(reviewer, dept_admin) only orders dispatched to their department subtree, a caller only their own.
"""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.permissions import APPLICANTS, STAFF, register

HUB = {Role.HOTLINE_OPERATOR, Role.HOTLINE_SUPERVISOR, Role.PLATFORM_ADMIN}
SUPERVISORS = {Role.HOTLINE_SUPERVISOR, Role.PLATFORM_ADMIN}
DEPARTMENT = {Role.REVIEWER, Role.DEPT_ADMIN, Role.PLATFORM_ADMIN}

ORDER_VIEW = "hotline.order.view"
ORDER_INTAKE = "hotline.order.intake"
ORDER_DISPATCH = "hotline.order.dispatch"
ORDER_HANDLE = "hotline.order.handle"
ORDER_VISIT = "hotline.order.visit"
ORDER_CLOSE = "hotline.order.close"
ORDER_SUPERVISE = "hotline.order.supervise"
CATALOG_MANAGE = "hotline.catalog.manage"
KNOWLEDGE_VIEW = "hotline.knowledge.view"
KNOWLEDGE_MANAGE = "hotline.knowledge.manage"
KPI_VIEW = "hotline.kpi.view"
CLASSIFIER_TRAIN = "hotline.classifier.train"
OPEN311_SUBMIT = "hotline.open311.submit"

register(ORDER_VIEW, STAFF | APPLICANTS, "查看12345工单")
register(ORDER_INTAKE, HUB, "受理12345工单")
register(ORDER_DISPATCH, HUB, "派单（确认分类与承办部门）")
register(ORDER_HANDLE, DEPARTMENT, "承办工单（签收、办理、答复、退单、申请延期）")
register(ORDER_VISIT, HUB | APPLICANTS, "工单回访")
register(ORDER_CLOSE, HUB, "工单办结")
register(ORDER_SUPERVISE, SUPERVISORS, "督办、退单仲裁、延期审批、提级办理")
register(CATALOG_MANAGE, SUPERVISORS, "维护诉求事项目录与权责清单")
register(KNOWLEDGE_VIEW, STAFF, "查看热线知识库")
register(KNOWLEDGE_MANAGE, SUPERVISORS | {Role.DEPT_ADMIN}, "维护热线知识库")
register(KPI_VIEW, HUB | {Role.DEPT_ADMIN}, "查看热线考核指标与热点分析")
register(CLASSIFIER_TRAIN, SUPERVISORS, "训练工单分类模型")
register(OPEN311_SUBMIT, HUB | APPLICANTS, "通过Open311提交诉求")
