"""Catalog fixtures: the departments the sample payload names, a published sample catalog."""

from __future__ import annotations

import pytest

from zwfw.catalog.interchange.catalog_json import catalog_import
from zwfw.catalog.models import ItemImplementation
from zwfw.catalog.tests import factories as f
from zwfw.core.models import Role
from zwfw.core.tests import factories as core_factories


@pytest.fixture
def departments(db):
    return {
        "province": core_factories.make_department("510000", "scjg"),
        "chengdu": core_factories.make_department("510100", "scjg"),
        "chengdu_wjw": core_factories.make_department("510100", "wjw"),
        "mianyang": core_factories.make_department("510700", "zwfw"),
    }


@pytest.fixture
def published(departments) -> ItemImplementation:
    """The sample base item and its 成都 implementation, both published (v1 from 2026-01-01)."""
    catalog_import(actor=None, data=f.payload(), publish=True)
    return ItemImplementation.objects.select_related("base", "department").get(code=f.IMPL_CODE)


@pytest.fixture
def users(departments):
    mk = core_factories.make_user
    return {
        "maintainer": mk(role=Role.DEPT_ADMIN, username="cat_maint", department="510100-scjg"),
        "maintainer2": mk(role=Role.DEPT_ADMIN, username="cat_maint2", department="510100-scjg"),
        "reviewer": mk(role=Role.REVIEWER, username="cat_rev", department="510100-scjg"),
        "reviewer2": mk(role=Role.REVIEWER, username="cat_rev2", department="510100-scjg"),
        "other_dept": mk(role=Role.DEPT_ADMIN, username="cat_other", department="510100-wjw"),
        "other_reviewer": mk(role=Role.REVIEWER, username="cat_other_rev", department="510100-wjw"),
        "province_admin": mk(role=Role.DEPT_ADMIN, username="cat_prov", department="510000-scjg"),
        "platform": mk(role=Role.PLATFORM_ADMIN, username="cat_platform"),
        "person": mk(role=Role.PERSON, username="cat_person"),
        "clerk": mk(role=Role.WINDOW_CLERK, username="cat_clerk", department="510100-scjg"),
    }
