"""Who may do what in trading (actions registered in :mod:`zwfw.core.permissions`).

- enterprises (投标人, 招标人, 招标代理 are all enterprise accounts with a USCC): create projects
  and sections (as 招标人 or its agent), submit and withdraw bids, record deposits, decide the
  award among the recommended candidates (招标人 only, enforced in the service);
- trading supervisors (交易监管人员): open sections at the opening time (不见面开标 host), draw
  experts, screen, read the risk queue and red flags, manage the expert pool, refund deposits,
  import OCDS releases into their region;
- bid experts (评标专家): read the blind proposals and score the sections of their committee.

*Which* objects: :mod:`zwfw.trading.selectors` (region subtree for staff, own projects and bids
for enterprises, own committees for experts). Nobody, whatever the role, reads a price before the
opening: the price is ciphertext until :func:`zwfw.trading.services.opening.section_open`.
"""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.permissions import register

ENTERPRISE = Role.ENTERPRISE
SUPERVISOR = Role.TRADING_SUPERVISOR
EXPERT = Role.BID_EXPERT
ADMIN = Role.PLATFORM_ADMIN

PROJECT_CREATE = "trading.project.create"
PROJECT_VIEW = "trading.project.view"
BID_SUBMIT = "trading.bid.submit"
SECTION_OPEN = "trading.section.open"
DRAW = "trading.expert.draw"
EXPERT_MANAGE = "trading.expert.manage"
SCORE = "trading.score.submit"
RISK_VIEW = "trading.risk.view"
SCREEN = "trading.risk.screen"
AWARD = "trading.section.award"
DEPOSIT_REFUND = "trading.deposit.refund"
DEPOSIT_VIEW = "trading.deposit.view"
OCDS_IMPORT = "trading.ocds.import"

register(PROJECT_CREATE, {ENTERPRISE}, "发布交易项目")
register(PROJECT_VIEW, {ENTERPRISE, SUPERVISOR, EXPERT}, "查看交易项目")
register(BID_SUBMIT, {ENTERPRISE}, "递交投标文件")
register(SECTION_OPEN, {SUPERVISOR}, "主持开标")
register(DRAW, {SUPERVISOR}, "抽取评标专家")
register(EXPERT_MANAGE, {SUPERVISOR}, "管理评标专家库")
register(SCORE, {EXPERT}, "评标打分")
register(RISK_VIEW, {SUPERVISOR}, "查看围标串标预警")
register(SCREEN, {SUPERVISOR}, "运行围标串标筛查")
register(AWARD, {ENTERPRISE}, "定标（招标人）")
register(DEPOSIT_REFUND, {SUPERVISOR}, "退还投标保证金")
register(DEPOSIT_VIEW, {SUPERVISOR, ENTERPRISE}, "查看投标保证金")
register(OCDS_IMPORT, {SUPERVISOR}, "导入 OCDS 交易数据")
