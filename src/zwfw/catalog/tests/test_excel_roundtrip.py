"""Workbook round trip: export → import into an empty catalog → export, identical cell by cell.

File bytes are not compared: openpyxl stamps the save time into ``docProps/core.xml`` and the zip
entries; the cells of every sheet are the data and must match exactly.
"""

from __future__ import annotations

import io

import pytest

from zwfw.catalog.interchange.catalog_json import catalog_export, catalog_import
from zwfw.catalog.interchange.excel import layout as L
from zwfw.catalog.interchange.excel.reader import catalog_workbook_read
from zwfw.catalog.interchange.excel.services import catalog_export_xlsx, catalog_import_xlsx
from zwfw.catalog.interchange.excel.writer import catalog_workbook_bytes
from zwfw.catalog.models import BaseItem, ItemImplementation, ItemVersion
from zwfw.catalog.tests import factories as f
from zwfw.catalog.tests.excel_helpers import cells, get, load, put, save, wipe_catalog


@pytest.fixture
def demo(seeded):
    from django.apps import apps

    apps.get_app_config("catalog").load_demo_data()


def test_demo_catalog_round_trips_cell_by_cell(demo):
    first = catalog_export_xlsx()
    sheets = cells(first)
    assert list(sheets) == list(L.SHEET_NAMES)
    assert len(sheets["实施清单"]) == 2 + ItemImplementation.objects.count()
    wipe_catalog()
    assert not ItemVersion.objects.exists()
    report = catalog_import_xlsx(actor=None, stream=io.BytesIO(first), publish=True)
    assert report["implementations"]["created"] == ItemImplementation.objects.count() == 154
    assert report["base_items"]["created"] == BaseItem.objects.count() == 101
    second = catalog_export_xlsx()
    again = cells(second)
    for name in L.SHEET_NAMES:
        assert again[name] == sheets[name], name


def test_workbook_holds_exactly_the_interchange_data(demo):
    data = catalog_export()
    parsed, _ = catalog_workbook_read(io.BytesIO(catalog_workbook_bytes(data)))
    catalog_import(actor=None, data=parsed, publish=True)  # same content: nothing new
    assert catalog_export() == data


def test_writer_is_deterministic(published):
    data = catalog_export()
    assert cells(catalog_workbook_bytes(data)) == cells(catalog_workbook_bytes(data))


def test_cells_are_readable_chinese(published):
    wb = load(catalog_export_xlsx())
    assert wb["基本目录"]["A1"].value == "基本编码" and wb["基本目录"]["A2"].value == "code"
    assert get(wb, "基本目录", 3, "item_type") == "行政许可"
    assert get(wb, "基本目录", 3, "levels") == "省级；市级；县级"
    assert get(wb, "基本目录", 3, "has_content") == "是"
    assert get(wb, "实施清单", 3, "name") == "食品经营许可（新办）"
    assert get(wb, "实施清单", 3, "channels") == "窗口办理；网上办理"
    assert get(wb, "实施清单", 3, "case_type") == "承诺件"
    assert get(wb, "申请材料", 4, "forms") == "原件；电子件"


def test_values_with_separators_formulas_and_money_round_trip(departments):
    base = f.base_item(keywords=["开饭店；小吃", "a;b", "back\\slash", "=1+1"])
    fee = {"charged": True, "basis": "《收费标准》", "amount_fen": 1234505, "description": "=SUM(A1)"}
    base["elements"]["fee"] = fee
    impl = f.implementation()
    impl["elements"]["fee"] = {"charged": True, "basis": "", "amount_fen": 10, "description": "#N/A"}
    data = f.payload(bases=[base], impls=[impl])
    catalog_import(actor=None, data=data, publish=True)
    exported = catalog_export()
    body = catalog_workbook_bytes(exported)
    wb = load(body)
    assert get(wb, "基本目录", 3, "fee_amount") == 12345.05
    assert wb["基本目录"].cell(3, 1).data_type == "s"
    parsed, _ = catalog_workbook_read(io.BytesIO(body))
    assert parsed["base_items"][0]["keywords"] == ["开饭店；小吃", "a;b", "back\\slash", "=1+1"]
    assert parsed["base_items"][0]["elements"]["fee"]["amount_fen"] == 1234505
    assert parsed["base_items"][0]["elements"]["fee"]["description"] == "=SUM(A1)"
    assert parsed["implementations"][0]["elements"]["fee"]["description"] == "#N/A"
    wipe_catalog()
    catalog_import_xlsx(actor=None, stream=io.BytesIO(body), publish=True)
    assert catalog_export() == exported


def test_columns_may_be_reordered_and_dates_typed_as_dates(published):
    import datetime as dt

    wb = load(catalog_export_xlsx())
    ws = wb["申请材料"]
    ws.move_range("A1:A7", rows=0, cols=ws.max_column)  # 事项编码 moved to the far right
    ws.delete_cols(1)
    put(wb, "实施清单", 3, "version_effective_from", dt.datetime(2026, 1, 1))
    parsed, _ = catalog_workbook_read(save(wb))
    assert parsed["implementations"][0]["version"]["effective_from"] == "2026-01-01"
    assert [m["key"] for m in parsed["implementations"][0]["elements"]["materials"]] == [
        "application_form",
        "business_licence",
    ]


def test_base_item_without_content_round_trips(departments):
    empty = f.base_item(code="B-EMPTY", elements={}, graph={"steps": [], "edges": []})
    catalog_import(actor=None, data=f.payload(bases=[f.base_item(), empty]), publish=True)
    exported = catalog_export()
    body = catalog_workbook_bytes(exported)
    assert get(load(body), "基本目录", 4, "has_content") == "否"  # sorted by code: B-EMPTY after 511A…
    parsed, _ = catalog_workbook_read(io.BytesIO(body))
    assert parsed["base_items"][1]["elements"] == {}
    catalog_import(actor=None, data=parsed, publish=True)
    assert catalog_export() == exported
