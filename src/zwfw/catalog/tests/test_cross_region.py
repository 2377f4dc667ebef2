"""川渝通办事项清单 (跨域通办) as catalog data: saved by platform admins (service and admin),
checked (regions known, 收件地 outside the handling region), public on the portal and the API."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zwfw.catalog.errors import CatalogError
from zwfw.catalog.interchange.catalog_json import catalog_import
from zwfw.catalog.models import CrossRegionItem
from zwfw.catalog.selectors import cross_region_item_for, cross_region_items
from zwfw.catalog.services import cross_region_item_save
from zwfw.catalog.tests import factories as f
from zwfw.core.models import AuditLog
from zwfw.core.tests import factories as core_factories

YUZHONG = f"{f.BASE_CODE}-500103000000-000-500103-scjg-1-00"


@pytest.fixture
def yuzhong(published):
    core_factories.make_department("500103", "scjg")
    impl = f.implementation(code=YUZHONG, region="500103", level=4, department="500103-scjg")
    catalog_import(actor=None, data=f.payload(impls=[copy.deepcopy(impl)]), publish=True)
    return YUZHONG


def test_admin_saves_an_entry_and_it_is_found_for_windows_below_the_intake_region(yuzhong, users):
    entry = cross_region_item_save(
        actor=users["platform"], implementation_code=yuzhong, intake_region_codes=["510100"], batch="第一批"
    )
    assert [r.code for r in entry.intake_regions.all()] == ["510100"]
    assert entry.get_scheme_display() == "川渝通办" and entry.get_mode_display() == "异地代收代办"
    assert cross_region_item_for(implementation_code=yuzhong, intake_region="510107").pk == entry.pk  # 武侯区
    assert cross_region_item_for(implementation_code=yuzhong, intake_region="510700") is None  # 绵阳市
    assert cross_region_item_for(implementation_code=f.IMPL_CODE, intake_region="510107") is None  # not listed
    assert AuditLog.objects.filter(action="zwfw.catalog.cross_region_item.saved").count() == 1
    # updating keeps one entry; deactivating takes it off the list
    cross_region_item_save(actor=None, implementation_code=yuzhong, intake_region_codes=["510000"], is_active=False)
    assert CrossRegionItem.objects.count() == 1
    assert cross_region_item_for(implementation_code=yuzhong, intake_region="510107") is None


def test_bad_input_is_refused(yuzhong, users):
    admin = users["platform"]
    with pytest.raises(CatalogError) as unknown:
        cross_region_item_save(actor=admin, implementation_code=yuzhong, intake_region_codes=["519999"])
    assert unknown.value.status == 422 and "519999" in unknown.value.message
    with pytest.raises(CatalogError) as same:  # 渝中区 inside 重庆市: not cross-region
        cross_region_item_save(actor=admin, implementation_code=yuzhong, intake_region_codes=["500000"])
    assert "同一地区" in same.value.message
    with pytest.raises(CatalogError):
        cross_region_item_save(actor=admin, implementation_code=yuzhong, intake_region_codes=[])
    with pytest.raises(CatalogError):
        cross_region_item_save(actor=admin, implementation_code=yuzhong, intake_region_codes=["510100"], mode="x")
    with pytest.raises(CatalogError):
        cross_region_item_save(actor=admin, implementation_code=yuzhong, intake_region_codes=["510100"], scheme="x")
    with pytest.raises(Http404):
        cross_region_item_save(actor=admin, implementation_code="NOPE", intake_region_codes=["510100"])
    assert not CrossRegionItem.objects.exists()


def test_only_platform_admins_edit_the_list(yuzhong, users):
    for who in ("maintainer", "reviewer"):
        with pytest.raises(PermissionDenied):
            cross_region_item_save(actor=users[who], implementation_code=yuzhong, intake_region_codes=["510100"])
    clerk = users["clerk"]
    with pytest.raises(PermissionDenied):
        cross_region_item_save(actor=clerk, implementation_code=yuzhong, intake_region_codes=["510100"])
    assert not CrossRegionItem.objects.exists()


def test_portal_page_and_public_api(yuzhong, client):
    cross_region_item_save(actor=None, implementation_code=yuzhong, intake_region_codes=["510100"], batch="第一批")
    page = client.get("/items/chuanyu/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "川渝通办事项清单" in text and "渝中区" in text and "成都市" in text and "异地代收代办" in text
    assert "/items/chuanyu/" in client.get("/items/").content.decode()  # linked from 办事指南
    res = client.get("/api/v1/catalog/cross-region", {"scheme": "chuanyu"})
    assert res.status_code == 200
    [row] = res.json()
    assert (row["implementation"], row["handling_region"], row["intake_regions"]) == (yuzhong, "500103", ["510100"])
    assert row["handling_department_name"] == "重庆市渝中区市场监督管理局"
    assert client.get("/api/v1/catalog/cross-region", {"intake_region": "510700"}).json() == []
    bad = client.get("/api/v1/catalog/cross-region", {"scheme": "nope"})
    assert bad.status_code == 422 and bad.json()["code"] == "catalog_cross_region_invalid"
    assert list(cross_region_items(intake_region="999999")) == []


def test_django_admin_form_applies_the_same_check(yuzhong, users):
    from zwfw.catalog.admin import CrossRegionItemForm
    from zwfw.catalog.models import ItemImplementation
    from zwfw.core.models import Region

    impl = ItemImplementation.objects.get(code=yuzhong)
    form = CrossRegionItemForm(
        data={"scheme": "chuanyu", "implementation": impl.pk, "intake_regions": ["500000"], "mode": "proxy"}
    )
    assert not form.is_valid() and "同一地区" in str(form.errors)
    form = CrossRegionItemForm(
        data={"scheme": "chuanyu", "implementation": impl.pk, "intake_regions": ["510100"], "mode": "proxy"}
    )
    assert form.is_valid(), form.errors
    assert Region.objects.filter(code="510100").exists()
