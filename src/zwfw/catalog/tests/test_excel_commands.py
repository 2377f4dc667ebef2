"""``zwfw catalog export-xlsx`` / ``import-xlsx``: files, the printable error report, dry runs."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from zwfw.catalog.models import ItemImplementation, ItemVersion, VersionStatus
from zwfw.catalog.tests.excel_helpers import cells, load, put, table_counts, wipe_catalog


def test_export_then_import_with_publish(published, tmp_path, capsys):
    out = tmp_path / "catalog.xlsx"
    call_command("catalog_export_xlsx", str(out), "--region", "510100")
    first = cells(out.read_bytes())
    wipe_catalog()
    call_command("catalog_import_xlsx", str(out), "--dry-run", "--publish")
    assert "未保存任何数据" in capsys.readouterr().out
    assert not ItemImplementation.objects.exists()
    call_command("catalog_import_xlsx", str(out), "--publish")
    again = tmp_path / "again.xlsx"
    call_command("catalog_export_xlsx", str(again), "--region", "510100")
    assert cells(again.read_bytes()) == first


def test_import_without_publish_writes_drafts(published, tmp_path):
    out = tmp_path / "catalog.xlsx"
    call_command("catalog_export_xlsx", str(out))
    wb = load(out.read_bytes())
    put(wb, "实施清单", 3, "limit_note", "改")
    wb.save(out)
    call_command("catalog_import_xlsx", str(out))
    assert ItemVersion.objects.filter(status=VersionStatus.DRAFT, limit_note="改").count() == 1


def test_bad_file_prints_the_report_and_writes_nothing(published, tmp_path, capsys):
    out = tmp_path / "catalog.xlsx"
    call_command("catalog_export_xlsx", str(out))
    wb = load(out.read_bytes())
    put(wb, "实施清单", 3, "promised_limit_days", "十天")
    put(wb, "办理环节", 4, "stops_clock", "也许")
    wb.save(out)
    before = table_counts()
    with pytest.raises(CommandError, match="整体拒绝"):
        call_command("catalog_import_xlsx", str(out), "--publish")
    report = capsys.readouterr().err.splitlines()
    assert report == [
        "实施清单 第3行「承诺时限（工作日）」（值：十天）：应为整数（阿拉伯数字，如 10）",
        "办理环节 第4行「特别程序不计时」（值：也许）：应填“是”或“否”",
    ]
    assert table_counts() == before


def test_missing_file_and_bad_date(db, tmp_path):
    with pytest.raises(CommandError, match="无法读取"):
        call_command("catalog_import_xlsx", str(tmp_path / "nope.xlsx"))
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("catalog_export_xlsx", str(tmp_path / "x.xlsx"), "--on", "tomorrow")
