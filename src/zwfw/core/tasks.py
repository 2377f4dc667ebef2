"""Core's background entry points (STYLE.md convention 6): ids in, one service call, JSON out.

They run on whichever backend ``TASKS`` names (``ZWFW_TASK_BACKEND``): the database backend with
``zwfw worker`` on one machine, Redis with ``zwfw worker`` on many, immediately in tests. Periodic
ones are declared in :mod:`zwfw.periodic`. Never pass model instances: a task may run in another
process, later, after the row changed.
"""

from __future__ import annotations

import logging

from django_tasks import task

from zwfw.core.services import audit as audit_services
from zwfw.core.services import notifications as notification_services
from zwfw.core.services.notifications import deliver_notification
from zwfw.core.services.uploads import upload_orphans_sweep

__all__ = [
    "audit_anchor_task",
    "audit_verify_task",
    "deliver_notification",
    "idempotency_purge_task",
    "notifications_retry_task",
    "ping",
    "uploads_sweep_task",
]

logger = logging.getLogger("zwfw.tasks")


@task()
def audit_anchor_task() -> dict:
    """Append a signed checkpoint of the audit chains' heads to the anchor file."""
    return audit_services.audit_anchor_write()


@task()
def idempotency_purge_task() -> int:
    """Delete Idempotency-Key records older than a day; returns how many."""
    from zwfw.core.idempotency import idempotency_records_purge

    return idempotency_records_purge()


@task()
def notifications_retry_task() -> int:
    """Re-enqueue outbox rows whose delivery is due again; returns how many."""
    return notification_services.notification_retry_pending()


@task()
def audit_verify_task() -> dict:
    """Recompute the audit hash chain; logs an error naming the broken rows when it is broken."""
    from pathlib import Path

    from django.conf import settings

    report = audit_services.audit_log_verify(anchors=Path(settings.ZWFW_AUDIT_ANCHOR_DIR))
    result = {
        "ok": report.ok,
        "rows": report.rows,
        "head_id": report.head_id,
        "head_hash": report.head_hash,
        "problems": [{"row_id": p.row_id, "kind": p.kind} for p in report.problems[:100]],
    }
    if report.ok:
        logger.info("audit chain OK: %s rows, head #%s %s", report.rows, report.head_id, report.head_hash)
    else:
        first = report.problems[0].row_id
        logger.error("audit chain BROKEN: %s problems, first at row #%s", len(report.problems), first)
    return result


@task()
def uploads_sweep_task() -> dict:
    """Delete upload files that no row names (left by rolled-back uploads); returns the counts."""
    report = upload_orphans_sweep()
    return {"scanned": report.scanned, "deleted": len(report.deleted), "failed": len(report.failed)}


@task()
def ping(value):
    """Return ``value``: proves a backend and its workers run tasks end to end (tests, health)."""
    return value
