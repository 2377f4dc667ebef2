"""Catalog's background entry points: the shared search index is built once per catalog state.

:func:`search_index_build_on_commit` is called (from this module's ``post_save`` hook, connected
when the app is ready) whenever a version is saved as published; when the publishing transaction commits, one
:func:`search_index_build_task` is enqueued, however many versions it published. With the
``immediate`` (tests) or ``dummy`` backend nothing is enqueued: the next search builds the index
itself (under the store's lock), which is the same work without blocking the publishing request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django_tasks import task

from zwfw.catalog.models import ItemVersion, VersionStatus
from zwfw.catalog.search.index import search_index_build

_INLINE_BACKENDS = ("ImmediateBackend", "DummyBackend")


@task()
def search_index_build_task() -> dict:
    """Build and publish the shared search index unless the store already has this state's."""
    result = search_index_build()
    return {k: result.get(k) for k in ("built", "build_id", "documents", "build_seconds")}


def _backend_runs_inline() -> bool:
    backend = str(settings.TASKS.get("default", {}).get("BACKEND", ""))
    return backend.endswith(_INLINE_BACKENDS)


def _enqueue() -> None:
    search_index_build_task.enqueue()


def search_index_build_on_commit() -> None:
    """Enqueue one build task when the current transaction commits (one per transaction)."""
    if _backend_runs_inline():
        return
    connection = transaction.get_connection()
    if any(entry[1] is _enqueue for entry in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue)


def _build_when_published(sender, instance: ItemVersion, **kwargs) -> None:
    if instance.status == VersionStatus.PUBLISHED:
        search_index_build_on_commit()


post_save.connect(_build_when_published, sender=ItemVersion, dispatch_uid="catalog_search_build_on_publish")
