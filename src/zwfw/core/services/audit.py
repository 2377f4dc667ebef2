"""The audit log: append-only rows chained by hash.

Every service that changes state calls :func:`audit_log_write` inside its own transaction, so the
row commits or rolls back with the change it records. Each row stores the SHA-256 of its content
plus the previous row's hash; :func:`audit_log_verify` recomputes the chain and reports the first
row whose stored hash no longer matches (a row edited, inserted or deleted behind the service's
back).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from zwfw.core.identifiers import mask_text
from zwfw.core.models import AuditLog

GENESIS = "0" * 64
_CHAIN_LOCK_KEY = 0x7A776677  # "zwfw": PostgreSQL advisory lock serialising chain appends


def _canonical(value: Any) -> Any:
    """JSON-normalise a value the way the database will return it (dates as strings, etc.)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True))


def row_digest(
    *,
    prev_hash: str,
    at: str,
    actor_id: int | None,
    actor_role: str,
    action: str,
    object_type: str,
    object_id: str,
    region_code: str,
    before: Any,
    after: Any,
) -> str:
    payload = json.dumps(
        [prev_hash, at, actor_id, actor_role, action, object_type, object_id, region_code, before, after],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _lock_chain() -> None:
    """Serialise appends so two transactions never chain onto the same previous row."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite: transactions begin IMMEDIATE (settings.database), so the writer already holds the lock.


def audit_log_write(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    region_code: str = "",
) -> AuditLog:
    """Append one audit row. ``action`` is a dotted code, e.g. ``zwfw.cases.case.accepted``.

    Personal identifiers in ``before``/``after`` are masked before they are stored: the audit log
    is read by many people and must not become a copy of the personal data it describes.
    Must run inside the caller's transaction (it opens one if there is none).
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    if not object_type:
        raise ValueError("audit_log_write needs obj or object_type")
    before_c = _mask(_canonical(before)) if before is not None else None
    after_c = _mask(_canonical(after)) if after is not None else None
    actor_id = getattr(actor, "pk", None)
    actor_role = getattr(actor, "role", "") or ("system" if actor is None else "")
    actor_name = "系统" if actor is None else (getattr(actor, "display_name", "") or getattr(actor, "username", ""))
    with transaction.atomic():
        _lock_chain()
        last = AuditLog.objects.order_by("-id").values_list("hash", flat=True).first()
        prev_hash = last or GENESIS
        at = timezone.now()
        digest = row_digest(
            prev_hash=prev_hash,
            at=at.isoformat(),
            actor_id=actor_id,
            actor_role=actor_role,
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            region_code=region_code,
            before=before_c,
            after=after_c,
        )
        return AuditLog.objects.create(
            at=at,
            actor_id=actor_id,
            actor_name=actor_name,
            actor_role=actor_role,
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            region_code=region_code,
            before=before_c,
            after=after_c,
            prev_hash=prev_hash,
            hash=digest,
        )


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value


@dataclass
class VerifyProblem:
    row_id: int
    reason: str


@dataclass
class VerifyReport:
    rows: int
    problems: list[VerifyProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_log_verify(*, batch_size: int = 5000) -> VerifyReport:
    """Recompute the chain over every row, in id order, streaming in batches."""
    problems: list[VerifyProblem] = []
    prev = GENESIS
    count = 0
    qs = AuditLog.objects.order_by("id").values(
        "id",
        "at",
        "actor_id",
        "actor_role",
        "action",
        "object_type",
        "object_id",
        "region_code",
        "before",
        "after",
        "prev_hash",
        "hash",
    )
    for row in qs.iterator(chunk_size=batch_size):
        count += 1
        if row["prev_hash"] != prev:
            problems.append(
                VerifyProblem(row["id"], "prev_hash does not match the previous row (row removed or inserted)")
            )
        digest = row_digest(
            prev_hash=row["prev_hash"],
            at=row["at"].isoformat(),
            actor_id=row["actor_id"],
            actor_role=row["actor_role"],
            action=row["action"],
            object_type=row["object_type"],
            object_id=row["object_id"],
            region_code=row["region_code"],
            before=row["before"],
            after=row["after"],
        )
        if digest != row["hash"]:
            problems.append(VerifyProblem(row["id"], "content does not match its hash (row edited)"))
        prev = row["hash"]
    return VerifyReport(rows=count, problems=problems)
