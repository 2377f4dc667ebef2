"""The audit log: append-only rows chained by hash.

Every service that changes state calls :func:`audit_log_write` inside its own transaction, so the
row commits or rolls back with the change it records. Each row stores the SHA-256 of its content
plus the previous row's hash; :func:`audit_log_verify` recomputes the chain and reports every
row whose stored hashes no longer match (a row edited, inserted or deleted behind the service's
back).

What the chain proves, and what it does not
-------------------------------------------
- A row edited in place (any hashed column: time, actor id/name/role, action, object, region,
  before/after) no longer matches its own hash: reported as *edited* at that row.
- A row deleted from the middle, or a row inserted with a forged hash, breaks the next row's
  ``prev_hash``: reported at the row after the gap.
- Deleting the *newest* rows leaves a shorter chain that is still valid. The report therefore
  gives the head (last id and hash): operators record it (daily, off the database server) and
  compare, see docs/operations/audit-log.md. Someone able to rewrite the whole table and
  recompute every hash defeats any in-database chain; the recorded heads and the PostgreSQL
  trigger in that document are the defences for that.

The ORM refuses ``save`` on an existing row, ``delete``, and queryset ``update``/``delete``/bulk
writes (:class:`~zwfw.core.models.AuditLogQuerySet`), so only raw SQL can change history.
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
    actor_name: str,
    actor_role: str,
    action: str,
    object_type: str,
    object_id: str,
    region_code: str,
    before: Any,
    after: Any,
) -> str:
    """SHA-256 over a canonical JSON array of the row's content and the previous row's hash."""
    payload = json.dumps(
        [prev_hash, at, actor_id, actor_name, actor_role, action, object_type, object_id, region_code, before, after],
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
            actor_name=actor_name,
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


# Problem kinds, with what they mean for the person reading the report.
EDITED = "edited"
LINK_BROKEN = "link_broken"
_PROBLEM_TEXT = {
    EDITED: (
        "内容与其哈希不符（该行在审计服务之外被修改）",
        "content does not match its hash (row edited)",
    ),
    LINK_BROKEN: (
        "prev_hash与上一行不符（其前有行被删除或插入）",
        "prev_hash does not match the previous row (row removed or inserted before it)",
    ),
}


@dataclass(frozen=True)
class VerifyProblem:
    row_id: int
    kind: str  # EDITED or LINK_BROKEN

    @property
    def reason(self) -> str:
        return _PROBLEM_TEXT[self.kind][1]

    @property
    def reason_zh(self) -> str:
        return _PROBLEM_TEXT[self.kind][0]


@dataclass
class VerifyReport:
    rows: int
    problems: list[VerifyProblem]
    head_id: int | None = None  # the last row: record it to detect the newest rows being cut off
    head_hash: str = GENESIS

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_log_verify(*, batch_size: int = 5000) -> VerifyReport:
    """Recompute the chain over every row, in id order, streaming in batches.

    Reads only; safe while services keep appending (rows committed later are simply not seen).
    Every broken row is reported, not just the first, so one edit shows as one problem and a
    deleted row as one problem at the row after it.
    """
    problems: list[VerifyProblem] = []
    prev = GENESIS
    count = 0
    head_id = None
    qs = AuditLog.objects.order_by("id").values(
        "id",
        "at",
        "actor_id",
        "actor_name",
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
            problems.append(VerifyProblem(row["id"], LINK_BROKEN))
        digest = row_digest(
            prev_hash=row["prev_hash"],
            at=row["at"].isoformat(),
            actor_id=row["actor_id"],
            actor_name=row["actor_name"],
            actor_role=row["actor_role"],
            action=row["action"],
            object_type=row["object_type"],
            object_id=row["object_id"],
            region_code=row["region_code"],
            before=row["before"],
            after=row["after"],
        )
        if digest != row["hash"]:
            problems.append(VerifyProblem(row["id"], EDITED))
        prev = row["hash"]
        head_id = row["id"]
    return VerifyReport(rows=count, problems=problems, head_id=head_id, head_hash=prev)
