"""The content spec (zwfw.catalog.spec) is the one place an element is defined: a throwaway
field added there shows in the stored content, the structural check, the diff, the guide (page,
view model and API schema), the JSON export and the Excel workbook — and leaves with it."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from zwfw.catalog import spec as S
from zwfw.catalog.content import Refs, content_check, version_content
from zwfw.catalog.guides import build_guide, guide_data_for
from zwfw.catalog.guides.schemas import GuideOut, guide_out_schema
from zwfw.catalog.interchange.catalog_json import catalog_export, catalog_import
from zwfw.catalog.interchange.excel import layout as L
from zwfw.catalog.interchange.excel.reader import catalog_workbook_read
from zwfw.catalog.interchange.excel.services import catalog_export_xlsx
from zwfw.catalog.models import ItemVersion
from zwfw.catalog.services.diff import content_diff
from zwfw.catalog.tests import factories as f
from zwfw.catalog.tests.excel_helpers import get, load

DEMO = S.ContentField(
    "demo_window_note",
    "演示窗口提示",
    "text",
    max_len=20,
    excel=S.ExcelColumn(note="演示用"),
    guide_section="handling",
)


def _with_demo(entry: dict, value: str) -> dict:
    entry["elements"]["demo_window_note"] = value
    return entry


def test_a_field_added_to_the_spec_shows_everywhere(departments, client):
    with S.spec_extended(DEMO, after="hours"):
        data = f.payload(
            bases=[_with_demo(f.base_item(), "基本目录的提示")],
            impls=[_with_demo(f.implementation(), "请携带原件")],
        )
        catalog_import(actor=None, data=data, publish=True)

        # stored without a column of its own, read back in the format's place (after hours)
        version = ItemVersion.objects.get(implementation__code=f.IMPL_CODE)
        assert version.extra_elements == {"demo_window_note": "请携带原件"}
        content = version_content(version)
        keys = list(content["elements"])
        assert content["elements"]["demo_window_note"] == "请携带原件"
        assert keys.index("demo_window_note") == keys.index("hours") + 1

        # the structural check knows its type and bound
        bad = content_check({"elements": {"demo_window_note": 7}}, refs=Refs())
        assert bad == [{"path": "elements.demo_window_note", "message": "应为字符串"}]
        long = content_check({"elements": {"demo_window_note": "长" * 21}}, refs=Refs())
        assert long[0]["message"] == "长度不能超过20个字符"
        odd_elements = {"demo_window_note": ["列表"], "result": {"licence_type": ["x"]}}
        odd = content_check({"elements": odd_elements}, refs=Refs())
        assert [e["message"] for e in odd] == ["应为字符串", "应为字符串"]  # a clear message, never a crash

        # the diff labels it in Chinese
        after = {**content, "elements": {**content["elements"], "demo_window_note": "无需原件"}}
        (change,) = content_diff(content, after)
        assert change == {
            "field": "elements.demo_window_note",
            "label": "演示窗口提示",
            "before": "请携带原件",
            "after": "无需原件",
            "change": "changed",
        }

        # the guide: view model attribute, a row of its section on the page, the API schema
        guide = build_guide(guide_data_for(code=f.IMPL_CODE))
        assert guide.demo_window_note == "请携带原件"
        assert guide.extra_rows["handling"] == [{"label": "演示窗口提示", "text": "请携带原件"}]
        page = client.get(reverse("catalog:item_detail", args=[f.IMPL_CODE])).content.decode()
        assert '<th scope="row">演示窗口提示</th><td>请携带原件</td>' in page
        schema = guide_out_schema(S.current())
        assert schema.model_fields["demo_window_note"].annotation is str
        assert schema.model_validate(guide).demo_window_note == "请携带原件"

        # the JSON export and the workbook carry it, and the workbook reads it back
        exported = catalog_export()
        assert exported["implementations"][0]["elements"]["demo_window_note"] == "请携带原件"
        body = catalog_export_xlsx()
        wb = load(body)
        assert get(wb, "实施清单", 3, "demo_window_note") == "请携带原件"
        assert get(wb, "基本目录", 3, "demo_window_note") == "基本目录的提示"
        assert "演示窗口提示" in [c.value for c in wb["实施清单"][1]]
        parsed, _ = catalog_workbook_read(io.BytesIO(body))
        assert parsed["implementations"][0]["elements"]["demo_window_note"] == "请携带原件"

    # gone with the spec change: no column, no attribute, no schema field
    assert "demo_window_note" not in L.IMPLEMENTATIONS.by_key
    assert "demo_window_note" not in GuideOut.model_fields
    assert build_guide(guide_data_for(code=f.IMPL_CODE)).extra_rows == {}
    assert (
        "demo_window_note" not in version_content(ItemVersion.objects.get(implementation__code=f.IMPL_CODE))["elements"]
    )


def test_every_stored_element_is_a_model_column():
    columns = {field.name for field in ItemVersion._meta.concrete_fields}
    assert {f.column for f in S.current().stored} <= columns
    assert not S.current().extra  # shipped elements all have their own column


def test_derived_tables_follow_the_spec():
    spec = S.current()
    assert spec.top_keys[:3] == ("conditions", "materials", "form")
    assert list(spec.defaults()) == list(spec.top_keys)
    element_keys = {c.dotted for c in L.IMPLEMENTATIONS.columns if c.dotted.startswith("elements.")}
    assert element_keys == {f"elements.{f.path}" for f in spec.elements if f.excel is not None}
    assert [c.key for c in L.MATERIALS.columns[1:]] == list(spec.material_keys)
    assert set(spec.diff_labels()) == {f.path for f in spec.elements}


def test_a_bad_field_declaration_is_refused():
    with pytest.raises(ValueError, match="unknown kind"):
        S.ContentField("x", "某", "float")
    with pytest.raises(ValueError, match="shows no element rows"):
        S.ContentField("x", "某", guide_section="materials")
