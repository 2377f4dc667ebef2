"""Classifier service: suggestions at intake, training runs, model versions and hot reload.

The active model is the :class:`~zwfw.hotline.models.ClassifierModel` row with ``is_active``;
each process keeps the loaded file in memory keyed by (version, path, file mtime) and checks that
key on every suggestion (one indexed query), so activating a new version — or replacing the file
in place — takes effect in every running web process and worker without a restart.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from django.db import DatabaseError, transaction

from zwfw.core.permissions import require
from zwfw.core.services.audit import audit_log_write
from zwfw.env import ENV
from zwfw.hotline import permissions as perms
from zwfw.hotline.classify import data as training_data
from zwfw.hotline.classify import model as clf
from zwfw.hotline.errors import HotlineError, HotlineErrorCode
from zwfw.hotline.models import Category, CategoryCorrection, ClassifierModel

logger = logging.getLogger("zwfw.hotline")
_lock = threading.Lock()
_loaded: dict[str, object] = {"key": None, "bundle": None}


def model_dir() -> Path:
    return ENV.data_dir / "hotline" / "models"


def _active_bundle() -> tuple[dict | None, int | None]:
    row = ClassifierModel.objects.filter(is_active=True).values("version", "path").first()
    if row is None:
        return None, None
    path = Path(row["path"])
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        logger.warning("hotline classifier file missing: %s", path)
        return None, None
    key = (row["version"], str(path), mtime)
    with _lock:
        if _loaded["key"] != key:
            _loaded["bundle"] = clf.load(path)
            _loaded["key"] = key
        return _loaded["bundle"], row["version"]  # type: ignore[return-value]


def classifier_reset_cache() -> None:
    with _lock:
        _loaded["key"] = _loaded["bundle"] = None


def classifier_suggest(*, text: str, k: int = 3) -> tuple[list[dict], int | None]:
    """Top-``k`` first-level categories for ``text``: ``[{label, confidence, category_code}]``
    and the model version; ``([], None)`` when no model is active (intake then goes to an operator)."""
    if not (text or "").strip():
        return [], None
    bundle, version = _active_bundle()
    if bundle is None:
        return [], None
    top = clf.predict_top(bundle, [text], k=k)[0]
    codes = dict(Category.objects.filter(level=1, name__in=[lab for lab, _ in top]).values_list("name", "code"))
    return [{"label": lab, "confidence": round(p, 4), "category_code": codes.get(lab, "")} for lab, p in top], version


def training_rows_from_corrections() -> list[tuple[str, str]]:
    """Operator corrections (人工纠正) as training rows: the chosen label with the order's text."""
    return list(CategoryCorrection.objects.order_by("id").values_list("chosen", "text"))


def classifier_train(
    *,
    actor,
    files: list[str | Path] = (),
    rows: list[tuple[str, str]] | None = None,
    model_path: str | Path | None = None,
    use_corrections: bool = True,
    activate: bool = True,
) -> ClassifierModel:
    """Train a new version from ``files`` and/or ``rows`` plus the stored corrections, write the
    model file, register the version and (by default) activate it. Corrections count twice: an
    operator's correction is the strongest signal the model gets."""
    if actor is not None:
        require(actor, perms.CLASSIFIER_TRAIN)
    all_rows: list[tuple[str, str]] = list(rows or [])
    try:
        for f in files:
            all_rows.extend(training_data.read_training_file(f))
    except training_data.TrainingDataError as exc:
        raise HotlineError(HotlineErrorCode.TRAINING_DATA, reason=str(exc)) from None
    corrections = training_rows_from_corrections() if use_corrections else []
    all_rows = training_data.dedupe(corrections + all_rows) + corrections
    labels = [r[0] for r in all_rows]
    if len(set(labels)) < 2:
        raise HotlineError(HotlineErrorCode.TRAINING_DATA, reason="至少需要两个类别的样本")
    last = ClassifierModel.objects.order_by("-version").values_list("version", flat=True).first() or 0
    version = last + 1
    bundle = clf.train(labels, [r[1] for r in all_rows], version=version, extra={"corrections": len(corrections)})
    path = Path(model_path) if model_path else model_dir() / f"classifier-v{version:04d}.joblib"
    clf.save(bundle, path)
    with transaction.atomic():
        if activate:
            ClassifierModel.objects.filter(is_active=True).update(is_active=False)
        row = ClassifierModel.objects.create(
            version=version,
            path=str(path.resolve()),
            labels=bundle["labels"],
            samples=bundle["samples"],
            corrections=len(corrections),
            metrics={"label_counts": bundle["label_counts"]},
            is_active=activate,
        )
        CategoryCorrection.objects.filter(used_in_version__isnull=True).update(used_in_version=version)
        audit_log_write(
            actor=actor,
            action="zwfw.hotline.classifier.trained",
            obj=row,
            after={"version": version, "samples": row.samples, "corrections": row.corrections, "path": row.path},
        )
    return row


def classifier_activate(*, actor, version: int) -> ClassifierModel:
    """Make ``version`` the active model (rolling back is activating an older version)."""
    require(actor, perms.CLASSIFIER_TRAIN)
    with transaction.atomic():
        row = ClassifierModel.objects.select_for_update().filter(version=version).first()
        if row is None or not os.path.exists(row.path):
            raise HotlineError(HotlineErrorCode.NO_MODEL)
        ClassifierModel.objects.filter(is_active=True).exclude(pk=row.pk).update(is_active=False)
        row.is_active = True
        row.save(update_fields=["is_active"])
        audit_log_write(actor=actor, action="zwfw.hotline.classifier.trained", obj=row, after={"activated": version})
    return row


def database_ready() -> bool:
    """True when the hotline tables exist (the CLI trains without a database too)."""
    try:
        ClassifierModel.objects.exists()
        return True
    except DatabaseError:
        return False
