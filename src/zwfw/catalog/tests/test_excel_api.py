"""The workbook API: public export; import by platform admins only, with size, type and content
checks answered 401/403/413/415/422 in the one error body."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zwfw.catalog.interchange.excel.services import catalog_export_xlsx
from zwfw.catalog.models import ItemImplementation
from zwfw.catalog.tests.excel_helpers import cells, load, put, save, table_counts, wipe_catalog
from zwfw.core.tests.factories import login_client

URL = "/api/v1/catalog/excel"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(client, body: bytes, name="catalog.xlsx", **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.post(f"{URL}/import?{query}", {"file": SimpleUploadedFile(name, body, content_type=XLSX)})


@pytest.fixture
def workbook_bytes(published) -> bytes:
    return catalog_export_xlsx()


def test_export_is_public_and_is_the_catalog(published):
    res = Client().get(f"{URL}/export.xlsx")
    assert res.status_code == 200
    assert res["Content-Type"] == XLSX and "attachment" in res["Content-Disposition"]
    assert cells(res.content) == cells(catalog_export_xlsx())
    other = Client().get(f"{URL}/export.xlsx", {"region": "510700"})
    assert len(cells(other.content)["实施清单"]) == 2  # headers only: no 绵阳 implementations


def test_anonymous_upload_is_401(workbook_bytes):
    res = _upload(Client(), workbook_bytes)
    assert res.status_code == 401
    assert set(res.json()) == {"code", "message", "detail"}


def test_wrong_role_is_403(workbook_bytes, users):
    for who in ("maintainer", "reviewer", "person"):
        res = _upload(login_client(users[who]), workbook_bytes)
        assert res.status_code == 403, who
        assert res.json()["code"] == "permission_denied"


def test_too_large_is_413(workbook_bytes, users, settings):
    settings.ZWFW_UPLOAD_MAX_BYTES = 1000
    res = _upload(login_client(users["platform"]), workbook_bytes)
    assert res.status_code == 413
    assert res.json()["code"] == "catalog_xlsx_too_large"


def test_not_an_xlsx_is_415(users):
    client = login_client(users["platform"])
    for body in (b"code,name\n1,2\n", b"PK\x03\x04not really a zip"):
        res = _upload(client, body)
        assert res.status_code == 415
        assert res.json()["code"] == "catalog_xlsx_unsupported"


def test_missing_file_is_400(users):
    res = login_client(users["platform"]).post(f"{URL}/import")
    assert res.status_code == 400


def test_bad_content_is_422_with_the_report_and_nothing_written(workbook_bytes, users):
    wb = load(workbook_bytes)
    put(wb, "实施清单", 3, "promised_limit_days", "十天")
    put(wb, "申请材料", 4, "source", "网上下载")
    before = table_counts()
    res = _upload(login_client(users["platform"]), save(wb).getvalue(), publish="true")
    assert res.status_code == 422
    body = res.json()
    assert body["code"] == "catalog_xlsx_invalid" and "整体拒绝" in body["message"]
    places = {(e["sheet"], e["row"], e["column"]) for e in body["detail"]}
    assert places == {("实施清单", 3, "承诺时限（工作日）"), ("申请材料", 4, "材料来源")}
    assert table_counts() == before


def test_good_file_is_200_with_counts(workbook_bytes, users):
    wipe_catalog()
    client = login_client(users["platform"])
    dry = _upload(client, workbook_bytes, publish="true", dry_run="true")
    assert dry.status_code == 200 and dry.json()["dry_run"] is True
    assert not ItemImplementation.objects.exists()
    res = _upload(client, workbook_bytes, publish="true")
    assert res.status_code == 200
    body = res.json()
    assert body["implementations"]["created"] == 1 and body["base_items"]["created"] == 1
    assert body["versions_created"] == 2 and body["rows"]["implementations"] == 1
    assert cells(catalog_export_xlsx()) == cells(workbook_bytes)


def test_default_import_writes_drafts(workbook_bytes, users):
    wb = load(workbook_bytes)
    put(wb, "实施清单", 3, "limit_note", "草稿修改")
    res = _upload(login_client(users["platform"]), save(wb).getvalue())
    assert res.status_code == 200
    assert res.json()["drafts_written"] == 1


def test_export_with_bad_date_is_422(db):
    res = Client().get(f"{URL}/export.xlsx", {"on": "yesterday"})
    assert res.status_code == 422
    assert io.BytesIO(res.content).read(1) == b"{"
