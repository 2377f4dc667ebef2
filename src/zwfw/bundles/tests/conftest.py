"""Fixtures for the bundles app: the Sichuan demo catalog imported and published, the demo
bundles loaded on top, and users of the roles that matter here."""

from __future__ import annotations

import pytest

from zwfw.catalog.interchange.demo import build_catalog
from zwfw.catalog.interchange.excel.bulk import catalog_import_new
from zwfw.catalog.search import search_index_invalidate
from zwfw.core.models import Role
from zwfw.core.tests.factories import make_user

NEWBORN = "510107-newborn"
WATER = "512B18002000-510100000000-000-510100SL-1-00"  # 供水报装
POWER = "512B18001000-510000000000-000-510000JX-1-00"  # 低压用电报装
GAS = "512B18003000-510100000000-000-510100ZJ-1-00"  # 燃气报装


@pytest.fixture(scope="session")
def demo_payload() -> dict:
    return build_catalog()


@pytest.fixture
def catalog(seeded, demo_payload):
    from zwfw.bundles.services import spec_cache_clear

    spec_cache_clear()
    search_index_invalidate()
    catalog_import_new(actor=None, data=demo_payload, publish=True)  # the bulk path: ~10x faster, same rows
    yield demo_payload
    search_index_invalidate()
    spec_cache_clear()


@pytest.fixture
def bundles(catalog):
    from zwfw.bundles.demo import demo_bundles_ensure

    demo_bundles_ensure(actor=None)


@pytest.fixture
def person(seeded):
    return make_user(role=Role.PERSON, username="b_person", display_name="张三")


@pytest.fixture
def other_person(seeded):
    return make_user(role=Role.PERSON, username="b_other", display_name="李四")


@pytest.fixture
def wjw_admin(seeded):
    """Admin of 武侯区卫生健康局, the lead department of 新生儿出生."""
    return make_user(role=Role.DEPT_ADMIN, username="b_wjw_admin", department="510107-wjw")


@pytest.fixture
def zwfw_admin(seeded):
    """Admin of 成都市政务服务管理和网络理政办公室, the lead department of 水电气网联合报装."""
    return make_user(role=Role.DEPT_ADMIN, username="b_zwfw_admin", department="510100-zwfw")


@pytest.fixture
def other_admin(seeded):
    return make_user(role=Role.DEPT_ADMIN, username="b_jt_admin", department="510100-jt")


@pytest.fixture
def platform_admin(seeded):
    return make_user(role=Role.PLATFORM_ADMIN, username="b_platform")


@pytest.fixture
def clerk(seeded):
    return make_user(role=Role.WINDOW_CLERK, username="b_clerk", department="510107-zwfw")


def every_upload(*, bundle=None, implementation_codes=()) -> dict:
    """One PDF for every material the applicant provides (the cases app refuses a child case whose
    required materials are missing at submission)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zwfw.bundles.services import bundle_compose, free_compose

    plan = (
        bundle_compose(bundle) if bundle is not None else free_compose(implementation_codes=list(implementation_codes))
    )[0]
    return {
        m["key"]: SimpleUploadedFile(f"m{i}.pdf", b"%PDF-1.4\n% bundle\n", content_type="application/pdf")
        for i, m in enumerate(plan.to_dict()["materials"])
        if m["provided_by_applicant"]
    }
