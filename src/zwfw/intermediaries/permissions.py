"""Who may do what in the 中介服务网上超市.

- Everyone (also anonymous) browses listings, agencies with their grades and announcements.
- Enterprises run their own agency (register it, qualifications, practitioners, listings,
  deliveries) and buy services as project owners; department admins buy for their department.
- 监管执法人员 and platform admins record violations (and blacklist), and see 乱收费 flags.
"""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.permissions import register

MARKET_VIEW = "intermediaries.market.view"
AGENCY_RUN = "intermediaries.agency.run"
PURCHASE = "intermediaries.purchase.create"
SUPERVISE = "intermediaries.agency.supervise"

register(MARKET_VIEW, set(Role), "浏览中介服务网上超市", public=True)
register(AGENCY_RUN, {Role.ENTERPRISE, Role.PLATFORM_ADMIN}, "中介机构入驻与服务")
register(PURCHASE, {Role.ENTERPRISE, Role.DEPT_ADMIN, Role.PLATFORM_ADMIN}, "项目业主采购中介服务")
register(SUPERVISE, {Role.SUPERVISION_OFFICER, Role.PLATFORM_ADMIN}, "中介机构监管（违规、黑名单、乱收费）")
