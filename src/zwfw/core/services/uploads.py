"""Orphaned upload files: written by an upload whose transaction then rolled back.

A file is written to storage before the row that names it commits (Django's ``FieldFile.save``);
when the surrounding transaction rolls back (bad input found after the upload, a lost race, a
crash) the row vanishes and the file stays, named by nothing. Storage has no transactions, so
instead of trying to undo the write at the right moment, a daily job deletes what no row names.

Each app declares the storage folders its uploads live in and the file field that names them
(:func:`upload_dir_register`, from ``AppConfig.ready``); :func:`upload_orphans_sweep` walks only
those folders and deletes a file when no row of the registered fields names it and it is older
than the grace period (so an upload still in flight, written but not yet committed, is never
touched). Nothing outside the registered folders is looked at (match-run snapshots, audit
anchors, signing keys live elsewhere under ``MEDIA_ROOT``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import PurePosixPath

from django.apps import apps
from django.core.files.storage import default_storage
from django.utils import timezone

logger = logging.getLogger("zwfw.uploads")

GRACE = timedelta(hours=24)


@dataclass(frozen=True)
class UploadDir:
    """A storage folder (``prefix``, e.g. ``"cases/"``) whose files ``model``'s ``field`` names."""

    prefix: str
    model: str  # "app_label.ModelName"
    field: str


UPLOAD_DIRS: list[UploadDir] = []


def upload_dir_register(prefix: str, *, model: str, field: str) -> UploadDir:
    """Declare an upload folder (idempotent). ``prefix`` ends with ``/`` and is relative to storage."""
    if not prefix.endswith("/") or prefix.startswith("/") or ".." in PurePosixPath(prefix).parts:
        raise ValueError(f"upload folder {prefix!r}: a relative folder ending with '/'")
    entry = UploadDir(prefix, model, field)
    if entry not in UPLOAD_DIRS:
        UPLOAD_DIRS.append(entry)
    return entry


@dataclass
class SweepReport:
    scanned: int = 0
    kept_named: int = 0
    kept_recent: int = 0
    deleted: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _walk(storage, folder: str):
    dirs, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}{name}"
    for sub in dirs:
        yield from _walk(storage, f"{folder}{sub}/")


def upload_orphans_sweep(*, grace: timedelta = GRACE, dry_run: bool = False, storage=None) -> SweepReport:
    """Delete files in the registered folders that no row names and that are older than ``grace``.

    ``dry_run`` reports what would be deleted and deletes nothing. A file that cannot be deleted
    is reported in ``failed`` (and logged); the sweep goes on."""
    storage = storage or default_storage
    report = SweepReport()
    cutoff = timezone.now() - grace
    for entry in UPLOAD_DIRS:
        if not storage.exists(entry.prefix):
            continue
        model = apps.get_model(entry.model)
        named = set(
            model._default_manager.exclude(**{entry.field: ""})
            .filter(**{f"{entry.field}__startswith": entry.prefix})
            .values_list(entry.field, flat=True)
        )
        for name in _walk(storage, entry.prefix):
            report.scanned += 1
            if name in named:
                report.kept_named += 1
                continue
            if storage.get_modified_time(name) > cutoff:
                report.kept_recent += 1
                continue
            if dry_run:
                report.deleted.append(name)
                continue
            try:
                storage.delete(name)
            except OSError:
                logger.warning("orphaned upload %s could not be deleted", name, exc_info=True)
                report.failed.append(name)
            else:
                report.deleted.append(name)
    if report.deleted and not dry_run:
        logger.info("deleted %s orphaned upload files", len(report.deleted))
    return report
