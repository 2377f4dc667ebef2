"""The catalog's entries in the page shell (``zwfw.core.navigation``), registered from
``CatalogConfig.ready()``: the public 办事指南 for everybody, the review queue and the
consistency report for the roles the catalog's permissions allow (``zwfw.catalog.permissions``)."""

from __future__ import annotations

from zwfw.core import navigation
from zwfw.core.models import Role
from zwfw.core.navigation import ALL_ROLES, nav_register, workbench_queue_register


def _review_count(user) -> int:
    from zwfw.catalog.guides.pages import review_queue_for

    return len(review_queue_for(user=user))


def register_navigation() -> None:
    # The portal's search box (core's home page) submits to the catalog's search.
    portal_search_register = getattr(navigation, "portal_search_register", None)
    if portal_search_register is not None:
        portal_search_register(url_name="catalog:item_search")
    nav_register(key="catalog.items", label="办事指南", url_name="catalog:item_list", roles=ALL_ROLES, order=20)
    nav_register(
        key="catalog.review",
        label="事项审核",
        url_name="catalog:review_queue",
        roles=[Role.REVIEWER, Role.PLATFORM_ADMIN],
        order=60,
    )
    nav_register(
        key="catalog.search_insights",
        label="检索词维护",
        url_name="catalog:search_insights",
        roles=[Role.DEPT_ADMIN, Role.PLATFORM_ADMIN],
        order=62,
    )
    nav_register(
        key="catalog.consistency",
        label="目录一致性",
        url_name="catalog:consistency",
        roles=[Role.DEPT_ADMIN, Role.REVIEWER, Role.PLATFORM_ADMIN],
        order=61,
    )
    workbench_queue_register(
        role=Role.REVIEWER,
        key="catalog_versions_in_review",
        label="待审核事项版本",
        description="部门提交审核的办事指南（事项版本），通过后发布",
        count=_review_count,
        url_name="catalog:review_queue",
        order=50,
    )
