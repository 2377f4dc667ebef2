"""Bad input to the catalog API is a 4xx with the one error body (or a harmless 200), never a 500."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_item_list_huge_offset_is_422(client):
    response = client.get("/api/v1/catalog/items", {"offset": "9" * 40})
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == ["offset"]


@pytest.mark.parametrize("region", ["\r\nSet-Cookie: x=1", "😀", "510100\n"])
def test_excel_export_filename_keeps_only_code_characters(region, client):
    response = client.get("/api/v1/catalog/interchange/excel/export.xlsx", {"region": region})
    assert response.status_code < 500
    if response.status_code == 200:
        assert re.fullmatch(r'attachment; filename="catalog-[0-9A-Za-z_-]+\.xlsx"', response["Content-Disposition"])
