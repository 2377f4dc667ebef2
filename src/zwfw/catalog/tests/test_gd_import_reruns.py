"""Guangdong import re-runs (issue 10 item 6): any flags, any order, never a crash; the report
says what was created, updated, skipped and published; what is published is searchable in a
running server (another process) without a restart."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from zwfw.catalog.interchange.gd_import import gd_catalog_import
from zwfw.catalog.models import ItemVersion, VersionStatus
from zwfw.catalog.search import index as search_index_module
from zwfw.catalog.search import item_search, search_index_invalidate
from zwfw.catalog.tests.shared_data import needs
from zwfw.catalog.tests.test_gd_import import ITEMS

pytestmark = needs(ITEMS)


@pytest.fixture(scope="module")
def few() -> list[dict]:
    with ITEMS.open(encoding="utf-8") as fh:
        return [json.loads(next(fh)) for _ in range(8)]


@pytest.fixture
def gd_file(tmp_path, few):
    path = tmp_path / "few.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in few) + "\n", encoding="utf-8")
    search_index_invalidate()
    yield path
    search_index_invalidate()


def _state(code: str) -> list[str]:
    return list(
        ItemVersion.objects.filter(implementation__code=code).order_by("number").values_list("status", flat=True)
    )


@pytest.mark.parametrize("first", [False, True], ids=["draft", "publish"])
@pytest.mark.parametrize("second", [False, True], ids=["then-draft", "then-publish"])
def test_every_flag_sequence_reruns_without_error(seeded, gd_file, few, first, second):
    one = gd_catalog_import(actor=None, path=gd_file, publish=first)
    n = len(few)
    assert one["summary"]["created"] >= 2 * n  # implementations + their versions (+ base items)
    assert one["summary"]["published"] == (one["import"]["versions_created"] if first else 0)
    two = gd_catalog_import(actor=None, path=gd_file, publish=second)
    code = few[0]["TASK_CODE"]
    if first == second:  # the same run again changes nothing
        assert two["summary"] == {"created": 0, "updated": 0, "skipped": two["summary"]["skipped"], "published": 0}
        assert two["summary"]["skipped"] > 0
    if not first and second:  # the drafts of the first run are published in place, none added
        assert two["import"]["versions_created"] == 0
        assert two["summary"]["published"] == one["import"]["versions_created"]
        assert two["summary"]["updated"] == one["import"]["versions_created"]
        assert _state(code) == [VersionStatus.PUBLISHED]
    if first and not second:  # a draft import of what is published: nothing to draft
        assert two["summary"]["created"] == 0 and two["summary"]["published"] == 0
        assert _state(code) == [VersionStatus.PUBLISHED]
    # and a third run with --publish always ends in one published version per implementation
    three = gd_catalog_import(actor=None, path=gd_file, publish=True)
    assert three["import"]["versions_created"] == 0
    assert _state(code) == [VersionStatus.PUBLISHED]
    assert not ItemVersion.objects.filter(implementation__code=code, status=VersionStatus.DRAFT).exists()


def test_command_after_a_draft_import_publishes_and_reports(seeded, gd_file, capsys):
    call_command("catalog_import_gd", str(gd_file))
    first = capsys.readouterr().out
    assert "发布0" in first and "未加 --publish" in first
    call_command("catalog_import_gd", str(gd_file), "--publish")  # crashed with IntegrityError before
    out = capsys.readouterr().out
    assert "新建0" in out and "发布" in out and "发布0" not in out
    call_command("catalog_import_gd", str(gd_file), "--publish")
    again = capsys.readouterr().out
    assert "新建0，更新0" in again and "发布0" in again


def test_published_import_is_searchable_in_another_running_process(seeded, gd_file, few, monkeypatch):
    # A server process has an index loaded (of the catalog before the import) …
    assert item_search(query="提价申报", region_code="440000") == []
    gd_catalog_import(actor=None, path=gd_file, publish=False)
    # … the CLI publishes in another process: this process gets no save signal, only the
    # catalog's stamp changes; the next search after the check interval sees it.
    gd_catalog_import(actor=None, path=gd_file, publish=True)
    search_index_module._holder.dirty = False
    monkeypatch.setattr(search_index_module, "CHECK_INTERVAL", 0.0)
    hits = item_search(query="提价申报", region_code="440000")
    assert hits and hits[0].implementation_code == few[0]["TASK_CODE"]
