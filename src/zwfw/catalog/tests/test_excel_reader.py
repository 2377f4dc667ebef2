"""A bad workbook is rejected whole, with every problem on its sheet, row and column; nothing is
half-imported."""

from __future__ import annotations

import io

import pytest

from zwfw.catalog.interchange.catalog_json import catalog_export
from zwfw.catalog.interchange.excel.cells import list_join, list_split
from zwfw.catalog.interchange.excel.errors import ExcelError
from zwfw.catalog.interchange.excel.services import catalog_export_xlsx, catalog_import_xlsx, errors_as_text
from zwfw.catalog.tests import factories as f
from zwfw.catalog.tests.excel_helpers import load, put, save, table_counts, wipe_catalog


@pytest.fixture
def workbook(published):
    """The sample catalog's workbook. Rows: 基本目录 3; 实施清单 3; 申请材料 base 3–5, impl 6–7;
    表单字段 base 3–4, impl 5–6; 办理环节 base 3–8, impl 9–14; 环节连线 base 3–8, impl 9–14."""
    return load(catalog_export_xlsx())


def _reject(wb, *, publish=True) -> list[dict]:
    before = table_counts()
    exported = catalog_export()
    with pytest.raises(ExcelError) as exc:
        catalog_import_xlsx(actor=None, stream=save(wb), publish=publish)
    assert exc.value.status == 422
    assert table_counts() == before and catalog_export() == exported  # nothing written
    assert exc.value.as_body()["detail"] == exc.value.detail
    return exc.value.detail


def _at(errors, sheet, row, column):
    return [e for e in errors if (e["sheet"], e["row"], e["column"]) == (sheet, row, column)]


def test_cell_errors_on_several_rows_are_all_reported(workbook):
    wb = workbook
    put(wb, "实施清单", 3, "promised_limit_days", "十天")
    put(wb, "基本目录", 3, "item_type", "许可证")
    put(wb, "申请材料", 5, "required", "可能")
    put(wb, "申请材料", 6, "item_code", "NO-SUCH-ITEM")
    put(wb, "表单字段", 4, "label", None)
    put(wb, "办理环节", 10, "key", "apply")  # duplicate of row 9 within the implementation
    put(wb, "基本目录", 3, "fee_amount", 12.345)
    put(wb, "实施清单", 3, "version_effective_from", "2026/01/01")
    wb.create_sheet("草稿")
    errors = _reject(wb)
    assert _at(errors, "实施清单", 3, "承诺时限（工作日）")[0]["value"] == "十天"
    assert "整数" in _at(errors, "实施清单", 3, "承诺时限（工作日）")[0]["message"]
    assert "许可证" in _at(errors, "基本目录", 3, "事项类型")[0]["message"]
    assert "是" in _at(errors, "申请材料", 5, "是否必要")[0]["message"]
    assert "不存在" in _at(errors, "申请材料", 6, "事项编码")[0]["message"]
    assert "必填" in _at(errors, "表单字段", 4, "字段名称")[0]["message"]
    assert "重复" in _at(errors, "办理环节", 10, "环节键")[0]["message"]
    assert "两位小数" in _at(errors, "基本目录", 3, "收费金额（元）")[0]["message"]
    assert "YYYY-MM-DD" in _at(errors, "实施清单", 3, "生效日期")[0]["message"]
    assert "未知的工作表" in _at(errors, "草稿", None, "")[0]["message"]
    assert len(errors) == 9
    text = errors_as_text(errors)
    assert "实施清单 第3行「承诺时限（工作日）」（值：十天）" in text and len(text.splitlines()) == 9


def test_missing_sheet_and_columns_and_unknown_column(workbook):
    wb = workbook
    del wb["常见问题"]
    ws = wb["申请材料"]
    ws.delete_cols(3)  # 材料名称, a required column
    ws.cell(1, ws.max_column + 1, "备注二")
    errors = _reject(wb)
    messages = {(e["sheet"], e["column"]): e["message"] for e in errors}
    assert "缺少工作表" in messages[("常见问题", "")]
    assert "缺少必填列" in messages[("申请材料", "材料名称")]
    assert "未知的列" in messages[("申请材料", "备注二")]


def test_interchange_checks_are_reported_on_their_rows_and_columns(workbook):
    wb = workbook
    put(wb, "申请材料", 3, "source", "电子证照")  # needs a licence type
    put(wb, "实施清单", 3, "supervisor", "999999-xx")
    put(wb, "办理环节", 9, "department", "510100-nope")
    put(wb, "表单字段", 5, "element", "favourite_colour")
    errors = _reject(wb)
    assert "证照类型" in _at(errors, "申请材料", 3, "证照类型编码")[0]["message"]
    assert _at(errors, "实施清单", 3, "监管主体")[0]["value"] == "999999-xx"
    assert "不存在" in _at(errors, "办理环节", 9, "办理部门")[0]["message"]
    assert "数据元字典" in _at(errors, "表单字段", 5, "数据元")[0]["message"]
    assert all(e["sheet"] != "说明" for e in errors)


def test_publication_rules_map_to_rows_and_columns(workbook):
    wb = workbook
    put(wb, "申请材料", 7, "key", "extra_proof")
    put(wb, "申请材料", 7, "name", "额外证明")
    put(wb, "申请材料", 7, "standard_code", "extra_proof")
    wb["环节连线"].append([f.IMPL_CODE, "deliver", "apply"])  # row 15: 送达 → 申请 closes a loop
    put(wb, "实施清单", 3, "promised_limit_days", 15)
    errors = _reject(wb)
    added = _at(errors, "申请材料", 7, "")
    assert added and "额外证明" in added[0]["message"]
    assert any("循环" in e["message"] for e in errors if e["sheet"] == "环节连线")
    raised = _at(errors, "实施清单", 3, "承诺时限（工作日）")
    assert raised and raised[0]["value"] == 15
    # as drafts the rules wait for submission: the same workbook is accepted
    report = catalog_import_xlsx(actor=None, stream=save(wb), publish=False)
    assert report["drafts_written"] == 1


def test_implementation_name_must_equal_the_base_name(workbook):
    put(workbook, "实施清单", 3, "name", "开饭店许可")
    errors = _reject(workbook)
    assert "必须与基本目录一致" in _at(errors, "实施清单", 3, "事项名称")[0]["message"]


def test_rows_for_an_item_marked_without_content_are_refused(workbook):
    put(workbook, "基本目录", 3, "has_content", "否")
    errors = _reject(workbook)
    assert "未编制一表一图" in _at(errors, "申请材料", 3, "事项编码")[0]["message"]


def test_wrong_format_version_is_refused(workbook):
    ws = workbook["说明"]
    assert ws["A3"].value == "格式版本"
    ws["B3"] = 2
    errors = _reject(workbook)
    assert "不支持的格式版本" in _at(errors, "说明", 3, "格式版本")[0]["message"]


def test_not_an_xlsx_is_415(db):
    for body in (b"name,code\n", b"PK\x03\x04garbage"):
        with pytest.raises(ExcelError) as exc:
            catalog_import_xlsx(actor=None, stream=io.BytesIO(body))
        assert exc.value.status == 415


def test_dry_run_writes_nothing(published):
    body = catalog_export_xlsx()
    wipe_catalog()
    before = table_counts()
    report = catalog_import_xlsx(actor=None, stream=io.BytesIO(body), publish=True, dry_run=True)
    assert report["dry_run"] and report["implementations"]["created"] == 1
    assert table_counts() == before


@pytest.mark.parametrize(
    "values",
    [["a"], ["开饭店；小吃", "b"], ["x;y", "back\\", "\\；"], ["a\\b"], []],
)
def test_list_cells_round_trip_any_value(values):
    assert list_split(list_join(values)) == values


def test_list_cells_accept_ascii_semicolons_and_spaces():
    assert list_split("开饭店; 餐馆 ；；小吃") == ["开饭店", "餐馆", "小吃"]
