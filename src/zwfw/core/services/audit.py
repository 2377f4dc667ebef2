"""The audit log: append-only rows in hash chains, signed, anchored outside the database.

Every service that changes state calls :func:`audit_log_write` inside its own transaction, so the
row commits or rolls back with the change it records. Design (docs/adr/0005):

- **Chains.** Rows form ``ZWFW_AUDIT_CHAINS`` independent hash chains (default 16). A transaction
  appends all its rows to one chain, picked from its first row's object, and locks only that
  chain's head (:class:`~zwfw.core.models.AuditChainHead`, ``SELECT … FOR UPDATE``), so writers on
  different chains no longer wait for one global lock (one chain per transaction: no deadlock).
  Each row stores the SHA-256 of its content plus the previous row's hash *in its chain*.
- **Signatures.** Each row's hash is signed with HMAC-SHA256 under the current key of
  ``ZWFW_AUDIT_KEYS`` (``mac`` = ``<key id>:<hex>``). The key lives with the application, not in the
  database: whoever owns only the database can edit, forge, append or recompute rows but cannot
  sign them. Older keys stay listed to verify what they signed (rotation).
- **Anchors.** :func:`audit_anchor_write` appends a signed checkpoint of every chain's head
  (id, hash, length) to a file outside the database (``ZWFW_AUDIT_ANCHOR_DIR``), hourly and on
  demand (``zwfw audit anchor``); operators ship it to another system. Verifying against the
  anchors catches the newest rows being cut off, which no in-database chain can show.

What :func:`audit_log_verify` reports
-------------------------------------
- ``edited``: a row's content no longer matches its hash.
- ``link_broken``: a row's ``prev_hash`` is not its chain's previous row (a row deleted or
  inserted before it, or moved between chains).
- ``bad_signature``: the signature is missing, made with an unknown key, or wrong (a forged or
  recomputed row).
- ``truncated``: an anchored head row is gone or its chain holds fewer rows up to it than
  anchored (the newest rows were removed); ``anchor_mismatch``: the anchored head row has another
  hash now (the chain was recomputed); ``anchor_invalid``: an anchor line is not signed by a known key.

The ORM refuses ``save`` on an existing row, ``delete``, and queryset ``update``/``delete``/bulk
writes (:class:`~zwfw.core.models.AuditLogQuerySet`), so only raw SQL can change history.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from zwfw.core.identifiers import mask_text
from zwfw.core.models import AuditChainHead, AuditLog
from zwfw.core.prepared import PreparedRead, insert_row
from zwfw.core.types import Actor

GENESIS = "0" * 64
ANCHOR_FILE = "audit-anchors.jsonl"


# ---- keys and signatures ----------------------------------------------------------------------


def _key_bytes(raw: str) -> bytes:
    return hashlib.sha256(b"zwfw-audit-key:" + raw.encode()).digest()


def audit_keys() -> dict[str, bytes]:
    """Key id → key, current key first (``ZWFW_AUDIT_KEYS``)."""
    keys: dict[str, bytes] = {}
    for raw in settings.ZWFW_AUDIT_KEYS:
        key = _key_bytes(raw)
        keys.setdefault(hashlib.sha256(key).hexdigest()[:8], key)
    return keys


def sign(message: str) -> str:
    """``<key id>:<HMAC-SHA256 hex>`` of ``message`` under the current key."""
    kid, key = next(iter(audit_keys().items()))
    return f"{kid}:{hmac.new(key, message.encode(), hashlib.sha256).hexdigest()}"


def signature_valid(message: str, mac: str, keys: dict[str, bytes] | None = None) -> bool:
    kid, _, digest = (mac or "").partition(":")
    key = (keys if keys is not None else audit_keys()).get(kid)
    if key is None or not digest:
        return False
    return hmac.compare_digest(hmac.new(key, message.encode(), hashlib.sha256).hexdigest(), digest)


# ---- chains -----------------------------------------------------------------------------------


def chain_for(object_type: str, object_id: str) -> int:
    """The chain of the transaction in progress: fixed by its first row's object."""
    count = settings.ZWFW_AUDIT_CHAINS
    if count <= 1:
        return 0
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        chosen = _recall(connection, "_zwfw_audit_chain")
        if chosen is not None:
            return chosen  # the same transaction: its first row chose
    digest = hashlib.blake2b(f"{object_type}:{object_id}".encode(), digest_size=4).digest()
    chain = int.from_bytes(digest, "big") % count
    if connection.in_atomic_block:
        _remember(connection, "_zwfw_audit_chain", chain)
    return chain


class _ChainMarker:
    __slots__ = ()

    def __call__(self) -> None:
        pass


def _remember(connection, name: str, value) -> None:
    """Keep ``value`` on ``connection`` for as long as the transaction in progress runs.

    Which transaction is this? Django says so only through its commit hooks: a no-op hook
    registered now is still in place (at the same position: a savepoint rolled back drops only
    hooks registered after it began) for as long as this transaction runs, and gone once it
    commits or rolls back. (Keying by the outer atomic block's id() was wrong: a decorator reuses
    one block for every call, and ids of finished blocks are reused.)"""
    marker = _ChainMarker()
    position = len(connection.run_on_commit)
    connection.on_commit(marker)
    setattr(connection, name, (position, marker, value))


def _recall(connection, name: str):
    """What :func:`_remember` kept under ``name`` while its hook is still in place, else ``None``."""
    kept = connection.__dict__.get(name)
    if kept is None:
        return None
    position, marker, value = kept
    pending = connection.run_on_commit
    return value if position < len(pending) and pending[position][1] is marker else None


# every audited write reads its chain's head: compiled once per process (issue 9)
_HEAD = PreparedRead(lambda chain: AuditChainHead.objects.select_for_update().filter(chain=chain))


def _lock_head(chain: int) -> AuditChainHead:
    """The chain's head row, locked until the caller's transaction ends (created on first use)."""
    head = _HEAD.first(chain)
    if head is not None:
        return head
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(chain=chain, head_id=None, head_hash=GENESIS, length=0)
    except IntegrityError:  # another writer created it first
        pass
    return AuditChainHead.objects.select_for_update().get(chain=chain)


def _held_head(connection, chain: int) -> str | None:
    """The hash at the head of ``chain`` when this transaction holds the head's lock already and
    wrote its newest row (an action that writes several audit rows reads the head once, issue 9),
    else ``None``. Kept with :func:`_remember`: once the transaction ends, or a savepoint that
    wrote the row rolls back, it is gone and the head is read again."""
    held = _recall(connection, "_zwfw_audit_head")
    if held is None or held[0] != chain:
        return None
    return held[1]


def _hold_head(connection, chain: int, digest: str) -> None:
    _remember(connection, "_zwfw_audit_head", (chain, digest))


def _head_advance(chain: int, *, row_id: int, digest: str) -> None:
    """The chain's head moves to the new row (the row locked by :func:`_lock_head`): one UPDATE,
    written out rather than compiled by the ORM on every audited write (issue 9)."""
    qn = connection.ops.quote_name
    table = qn(AuditChainHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {qn('head_id')} = %s, {qn('head_hash')} = %s, "  # noqa: S608 - names, not input
            f"{qn('length')} = {qn('length')} + 1 WHERE {qn('chain')} = %s",
            [row_id, digest, chain],
        )


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


def audit_log_write(
    *,
    actor: Actor,
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
    object_id = str(object_id or "")
    chain = chain_for(object_type, object_id)
    # No savepoint: the row belongs to the caller's transaction (an audit write that fails fails the
    # change it describes), and a savepoint would cost two more statements on every audited write.
    with transaction.atomic(savepoint=False):
        # SQLite: transactions begin IMMEDIATE (settings.database), the writer holds the lock already.
        in_transaction = transaction.get_connection()
        prev_hash = _held_head(in_transaction, chain)
        if prev_hash is None:
            prev_hash = _lock_head(chain).head_hash
        at = timezone.now()
        content: dict[str, Any] = {  # what the row's hash covers, besides its time and the previous hash
            "actor_id": actor_id,
            "actor_name": actor_name,
            "actor_role": actor_role,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "region_code": region_code,
            "before": before_c,
            "after": after_c,
        }
        digest = row_digest(prev_hash=prev_hash, at=at.isoformat(), **content)
        row = insert_row(AuditLog(at=at, **content, chain=chain, prev_hash=prev_hash, hash=digest, mac=sign(digest)))
        _head_advance(chain, row_id=row.pk, digest=digest)
        _hold_head(in_transaction, chain, digest)
        return row


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
BAD_SIGNATURE = "bad_signature"
TRUNCATED = "truncated"
ANCHOR_MISMATCH = "anchor_mismatch"
ANCHOR_INVALID = "anchor_invalid"
_PROBLEM_TEXT = {
    BAD_SIGNATURE: (
        "签名缺失或无效（该行不是由审计服务写入，或被整体重算）",
        "signature missing or invalid (row forged or recomputed)",
    ),
    TRUNCATED: (
        "锚点记录的链头已不存在或其前行数变少（最新的行被删除）",
        "an anchored head row is gone or its chain is shorter (newest rows removed)",
    ),
    ANCHOR_MISMATCH: (
        "锚点记录的链头哈希与库中不符（链被重算）",
        "the anchored head has another hash now (chain recomputed)",
    ),
    ANCHOR_INVALID: ("锚点文件中的一行签名无效", "an anchor line is not validly signed"),
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
    heads: dict[int, tuple[int, str, int]] = field(default_factory=dict)  # chain → (id, hash, length)
    anchors_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_log_verify(*, batch_size: int = 5000, anchors: Path | None = None) -> VerifyReport:
    """Recompute every chain, check every signature, then check the anchors in ``anchors``.

    Reads only; safe while services keep appending (rows committed later are simply not seen).
    Every broken row is reported, not just the first, so one edit shows as one problem and a
    deleted row as one problem at the row after it. ``anchors`` is the anchor file (or a
    directory holding ``audit-anchors.jsonl``); ``None`` checks no anchors.
    """
    problems: list[VerifyProblem] = []
    keys = audit_keys()
    prev: dict[int, str] = {}
    lengths: dict[int, int] = {}
    last_ids: dict[int, int] = {}
    positions: dict[int, tuple[int, int]] = {}  # row id → (chain, length up to and including it)
    hashes: dict[int, str] = {}
    count = 0
    head_id = None
    head_hash = GENESIS
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
        "chain",
        "prev_hash",
        "hash",
        "mac",
    )
    anchored = _anchored_ids(anchors) if anchors is not None else set()
    for row in qs.iterator(chunk_size=batch_size):
        count += 1
        chain = row["chain"]
        if row["prev_hash"] != prev.get(chain, GENESIS):
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
        if not signature_valid(row["hash"], row["mac"], keys):
            problems.append(VerifyProblem(row["id"], BAD_SIGNATURE))
        prev[chain] = row["hash"]
        lengths[chain] = lengths.get(chain, 0) + 1
        last_ids[chain] = row["id"]
        if row["id"] in anchored:
            positions[row["id"]] = (chain, lengths[chain])
            hashes[row["id"]] = row["hash"]
        head_id, head_hash = row["id"], row["hash"]
    report = VerifyReport(rows=count, problems=problems, head_id=head_id, head_hash=head_hash)
    report.heads = {c: (last_ids[c], prev[c], lengths[c]) for c in prev}
    if anchors is not None:
        report.anchors_checked = _check_anchors(anchors, keys, positions, hashes, problems)
    return report


# ---- anchors ----------------------------------------------------------------------------------


def _anchor_path(path: Path) -> Path:
    return path / ANCHOR_FILE if path.is_dir() or not path.suffix else path


def _anchor_lines(path: Path) -> list[dict]:
    file = _anchor_path(path)
    if not file.exists():
        return []
    lines = []
    for raw in file.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            try:
                lines.append(json.loads(raw))
            except ValueError:
                lines.append({})
    return lines


def _anchored_ids(path: Path) -> set[int]:
    return {int(h[1]) for a in _anchor_lines(path) for h in a.get("heads", []) if h[1] is not None}


def _anchor_message(anchor: dict) -> str:
    return json.dumps([anchor.get("at"), anchor.get("heads")], separators=(",", ":"), sort_keys=True)


def _check_anchors(path, keys, positions, hashes, problems: list[VerifyProblem]) -> int:
    checked = 0
    for anchor in _anchor_lines(path):
        checked += 1
        if not signature_valid(_anchor_message(anchor), anchor.get("mac", ""), keys):
            problems.append(VerifyProblem(0, ANCHOR_INVALID))
            continue
        for chain, head_id, head_hash, length in anchor["heads"]:
            if head_id is None:
                continue
            where = positions.get(head_id)
            if where is None or where[0] != chain or where[1] != length:
                problems.append(VerifyProblem(head_id, TRUNCATED))
            elif hashes[head_id] != head_hash:
                problems.append(VerifyProblem(head_id, ANCHOR_MISMATCH))
    # one problem per row and kind is enough for the reader
    unique = list(dict.fromkeys(problems))
    problems[:] = unique
    return checked


def audit_anchor_write(*, directory: Path | None = None) -> dict:
    """Append a signed checkpoint of every chain's head to the anchor file; returns the anchor.

    Reads the heads in one query (a consistent snapshot of committed appends). Ship the file off
    the database server (docs/operations/audit-log.md); ``zwfw audit verify`` checks against it.
    """
    directory = Path(directory or settings.ZWFW_AUDIT_ANCHOR_DIR)
    heads = [
        [c, h, hh, n]
        for c, h, hh, n in AuditChainHead.objects.order_by("chain").values_list(
            "chain", "head_id", "head_hash", "length"
        )
    ]
    anchor = {"at": timezone.now().isoformat(), "heads": heads}
    anchor["mac"] = sign(_anchor_message(anchor))
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ANCHOR_FILE).open("a", encoding="utf-8") as out:
        out.write(json.dumps(anchor, ensure_ascii=False, separators=(",", ":")) + "\n")
    return anchor
