"""The shared search index (issue 9 item 3): built once per catalog state, stored, memory-mapped
by every process, picked up without a restart; the build task on publish; the relevance cut-off."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from zwfw.catalog import tasks as catalog_tasks
from zwfw.catalog.interchange.catalog_json import catalog_import
from zwfw.catalog.search import index as index_module
from zwfw.catalog.search import item_search, search_index_invalidate, search_index_stats, store
from zwfw.catalog.tests import factories as f

QUERY = "食品经营许可"


@pytest.fixture
def catalog(departments, settings, tmp_path):
    settings.CATALOG_SEARCH_INDEX_DIR = str(tmp_path / "index")
    search_index_invalidate()
    catalog_import(actor=None, data=f.payload(), publish=True)
    yield
    search_index_invalidate()


def _new_process() -> None:
    """Forget everything this process held, as a freshly started worker would."""
    search_index_invalidate()
    index_module._holder.builds = 0
    index_module._holder.loads = 0


def test_first_search_builds_and_stores_then_other_processes_only_load(catalog):
    _new_process()
    hits = item_search(query=QUERY)
    assert [h.implementation_code for h in hits] == [f.IMPL_CODE]
    assert search_index_stats()["builds"] == 1
    root = store.store_root()
    build_id = store.current_build(root)
    assert build_id and (root / build_id / "meta.json").exists()
    _new_process()
    assert [h.implementation_code for h in item_search(query=QUERY)] == [f.IMPL_CODE]
    stats = search_index_stats()
    assert stats["builds"] == 0 and stats["loads"] == 1 and stats["build_id"] == build_id


def test_loaded_index_is_memory_mapped_and_ranks_like_the_built_one(catalog):
    built = index_module.index_build()
    directory = store.new_build_dir(store.store_root(), built.stamp_key)
    index_module.index_save(built, directory)
    loaded = index_module.index_load(directory)
    assert isinstance(loaded.retrievers["name"].scores["data"], np.memmap)
    assert isinstance(loaded.arrays["objects"], np.memmap)
    terms = loaded.query_tokens("食品经营许可")
    assert terms == built.query_tokens("食品经营许可") and "食品" in terms
    assert np.allclose(loaded.scores(terms, []), built.scores(terms, []))
    assert [d.implementation_code for d in loaded.docs] == [d.implementation_code for d in built.docs]


def test_query_tokens_come_from_the_index_vocabulary(catalog):
    index = index_module.index_build()
    tokens = index.query_tokens("我想开食品店 ABC")
    assert "食品" in tokens
    assert "我想" not in tokens and "想开" not in tokens  # not in any document
    assert all(len(t) >= 2 for t in tokens if "\u3400" <= t[0] <= "\u9fff")


def test_a_new_build_is_picked_up_without_restart(catalog, monkeypatch):
    item_search(query=QUERY)
    first = search_index_stats()["build_id"]
    # Another process (the publish task, the CLI) publishes a new build …
    changed = f.payload()
    changed["implementations"][0]["elements"]["conditions"] = "蓝鲸广场的商户适用。"
    monkeypatch.setattr(catalog_tasks, "_backend_runs_inline", lambda: True)
    catalog_import(actor=None, data=changed, publish=True)
    index_module._holder.dirty = False  # … so this process got no save signal
    result = index_module.search_index_build()
    assert result["built"] is True and result["build_id"] != first
    before = search_index_stats()
    # … and the next search here loads it: one stat() of CURRENT noticed the change.
    assert [h.implementation_code for h in item_search(query="蓝鲸广场")] == [f.IMPL_CODE]
    after = search_index_stats()
    assert after["build_id"] == result["build_id"]
    assert after["builds"] == before["builds"] and after["loads"] == before["loads"] + 1


def test_build_is_skipped_when_the_store_has_this_state(catalog):
    first = index_module.search_index_build()
    again = index_module.search_index_build()
    assert first["built"] is True and again == {**again, "built": False, "build_id": first["build_id"]}
    forced = index_module.search_index_build(force=True)
    assert forced["built"] is True and forced["build_id"] != first["build_id"]


def test_while_another_process_builds_the_old_index_keeps_serving(catalog, monkeypatch):
    item_search(query=QUERY)
    held, builds = search_index_stats()["build_id"], search_index_stats()["builds"]
    monkeypatch.setattr(index_module, "CHECK_INTERVAL", 0.0)
    monkeypatch.setattr(index_module, "catalog_stamp", lambda: "a-state-nobody-built-yet")
    with store.build_lock(store.store_root()):  # another process is building
        assert [h.implementation_code for h in item_search(query=QUERY)] == [f.IMPL_CODE]
    assert search_index_stats()["build_id"] == held and search_index_stats()["builds"] == builds


def test_publishing_enqueues_one_build_task_per_transaction(catalog, monkeypatch, django_capture_on_commit_callbacks):
    calls = []
    monkeypatch.setattr(catalog_tasks, "_backend_runs_inline", lambda: False)
    monkeypatch.setattr(catalog_tasks, "_enqueue", lambda: calls.append(1))
    changed = f.payload()
    changed["implementations"][0]["elements"]["conditions"] = "改一改。"
    changed["base_items"][0]["elements"]["conditions"] = "基本目录也改。"
    with django_capture_on_commit_callbacks(execute=True):
        report = catalog_import(actor=None, data=changed, publish=True)
    assert report["versions_published"] == 2
    assert calls == [1]


def test_the_build_task_builds_the_shared_index(catalog):
    result = catalog_tasks.search_index_build_task.call()
    assert result["built"] is True and result["documents"] == 1
    assert catalog_tasks.search_index_build_task.call()["built"] is False


def test_inline_backends_do_not_enqueue(catalog, monkeypatch, django_capture_on_commit_callbacks):
    calls = []
    monkeypatch.setattr(catalog_tasks, "_enqueue", lambda: calls.append(1))
    changed = copy.deepcopy(f.payload())
    changed["implementations"][0]["elements"]["conditions"] = "再改。"
    with django_capture_on_commit_callbacks(execute=True):
        catalog_import(actor=None, data=changed, publish=True)
    assert calls == []  # tests run the immediate backend: the next search builds instead
