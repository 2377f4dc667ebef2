"""The 中介服务网上超市 entries in the page shell, the supervisor's home queue, and the display
names of the app's audit action codes."""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.navigation import ANONYMOUS, nav_register, workbench_queue_register

AUDIT_ACTIONS: dict[str, tuple[str, str]] = {
    "zwfw.intermediaries.agency.registered": ("中介机构入驻", "Agency registered"),
    "zwfw.intermediaries.qualification.added": ("添加机构资质", "Qualification added"),
    "zwfw.intermediaries.practitioner.added": ("添加从业人员", "Practitioner added"),
    "zwfw.intermediaries.listing.published": ("中介服务上架", "Listing published"),
    "zwfw.intermediaries.violation.recorded": ("记录中介违规", "Violation recorded"),
    "zwfw.intermediaries.purchase.published": ("发布采购公告", "Purchase announced"),
    "zwfw.intermediaries.purchase.selected": ("选取中介机构", "Agency selected"),
    "zwfw.intermediaries.contract.signed": ("签订中介服务合同", "Contract signed"),
    "zwfw.intermediaries.contract.delivered": ("中介服务交付", "Service delivered"),
    "zwfw.intermediaries.contract.accepted": ("中介服务验收", "Service accepted"),
    "zwfw.intermediaries.contract.rated": ("业主评价", "Service rated"),
}


def register_navigation() -> None:
    from zwfw.intermediaries import selectors

    nav_register(
        key="intermediaries.market",
        label="中介超市",
        url_name="intermediaries:market",
        roles=[ANONYMOUS, Role.PERSON, Role.ENTERPRISE],
        order=50,
    )
    nav_register(
        key="intermediaries.purchases",
        label="我的采购",
        url_name="intermediaries:purchases",
        roles=[Role.ENTERPRISE, Role.DEPT_ADMIN],
        order=51,
    )
    nav_register(
        key="intermediaries.agency",
        label="我的中介机构",
        url_name="intermediaries:agency",
        roles=[Role.ENTERPRISE],
        order=52,
    )
    nav_register(
        key="intermediaries.supervise",
        label="中介监管",
        url_name="intermediaries:supervise",
        roles=[Role.SUPERVISION_OFFICER, Role.PLATFORM_ADMIN],
        order=45,
    )
    workbench_queue_register(
        role=Role.SUPERVISION_OFFICER,
        key="intermediaries_fee_flags",
        label="乱收费预警",
        description="中介服务实际收费超过公布的收费标准",
        count=lambda user: selectors.fee_flag_list(user=user).count(),
        url_name="intermediaries:supervise",
        order=50,
    )
