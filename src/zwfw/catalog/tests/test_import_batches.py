"""A catalog import writes in bounded batches (issue 18 item 7): another user's write made while a
long import runs goes through, instead of waiting on SQLite's one write lock until it fails."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from zwfw.catalog.interchange import catalog_json as interchange
from zwfw.catalog.models import ItemImplementation, ItemVersion
from zwfw.catalog.tests import factories as f
from zwfw.core.models import ApiToken, Role
from zwfw.core.tests import factories as core_factories
from zwfw.core.tests.factories import login_client

IMPLS = [f"{f.BASE_CODE}-510100000000-000-510100-scjg-1-{n:02d}" for n in range(6)]


def _payload() -> dict:
    return f.payload(bases=[f.base_item()], impls=[f.implementation(code=code) for code in IMPLS])


def _import_with_a_write_in_the_middle(monkeypatch, batch_size: int | None) -> dict:
    """Run the import; when its second batch of implementations starts, another thread (its own
    database connection) creates an API token through the API and waits for the answer."""
    core_factories.make_department("510100", "scjg")
    clerk = core_factories.make_user(role=Role.WINDOW_CLERK, username="batch_clerk", department="510100-scjg")
    client = login_client(clerk)
    seen: dict = {"calls": 0}
    original = interchange._chunks

    def write_from_another_connection() -> None:
        try:
            response = client.post("/api/v1/tokens", {"name": "导入期间"}, content_type="application/json")
            seen["status"] = response.status_code
        finally:
            connections.close_all()

    def chunks(rows, size):
        for n, chunk in enumerate(original(rows, size)):
            if chunk and "base_code" in chunk[0]:  # the implementations
                seen["calls"] += 1
                if n == (0 if size is None else 1):  # before the second batch (or the only one)
                    thread = threading.Thread(target=write_from_another_connection)
                    thread.start()
                    thread.join(timeout=60)
            yield chunk

    monkeypatch.setattr(interchange, "_chunks", chunks)
    report = interchange.catalog_import(actor=None, data=_payload(), publish=True, batch_size=batch_size)
    return {**seen, "report": report}


@pytest.mark.django_db(transaction=True)
def test_an_api_write_during_a_batched_import_goes_through(monkeypatch):
    seen = _import_with_a_write_in_the_middle(monkeypatch, batch_size=2)
    assert seen["calls"] == 3  # 6 implementations, 2 per transaction
    assert seen["status"] == 201
    assert ApiToken.objects.filter(name="导入期间").count() == 1
    assert seen["report"]["implementations"]["created"] == 6
    assert ItemImplementation.objects.filter(code__in=IMPLS).count() == 6
    assert ItemVersion.objects.filter(implementation__code__in=IMPLS, status="published").count() == 6


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_batched_import_is_finished_by_running_it_again(monkeypatch):
    """A crash after the first batch leaves whole entries behind; the same import again finishes it."""
    core_factories.make_department("510100", "scjg")
    original = interchange._write_impls
    calls = {"n": 0}

    def crash_on_second(rows, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("killed")
        return original(rows, **kwargs)

    monkeypatch.setattr(interchange, "_write_impls", crash_on_second)
    with pytest.raises(RuntimeError):
        interchange.catalog_import(actor=None, data=_payload(), publish=True, batch_size=2)
    assert ItemImplementation.objects.filter(code__in=IMPLS).count() == 2
    assert ItemVersion.objects.filter(implementation__code__in=IMPLS).count() == 2
    monkeypatch.setattr(interchange, "_write_impls", original)
    report = interchange.catalog_import(actor=None, data=_payload(), publish=True, batch_size=2)
    assert report["implementations"]["created"] == 4 and report["unchanged"] == 3  # the base and 2 impls
    assert ItemVersion.objects.filter(implementation__code__in=IMPLS, status="published").count() == 6


@pytest.mark.django_db
def test_an_invalid_payload_writes_nothing_even_in_batches():
    core_factories.make_department("510100", "scjg")
    bad = _payload()
    bad["implementations"][-1]["department"] = "510100-nosuch"
    with pytest.raises(Exception) as exc:
        interchange.catalog_import(actor=None, data=bad, publish=True, batch_size=2)
    assert getattr(exc.value, "status", None) == 422
    assert not ItemImplementation.objects.filter(code__in=IMPLS).exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_write_fails_busy_when_the_import_is_one_transaction(monkeypatch):
    """The control: with the whole import in one transaction (``batch_size=None``, what every
    import did before), SQLite's write lock stays taken and the same API write gets 503."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL locks rows, not the database: the write goes through either way")
    seen = _import_with_a_write_in_the_middle(monkeypatch, batch_size=None)
    assert seen["status"] == 503
    assert not ApiToken.objects.filter(name="导入期间").exists()
