"""Audit chains, signatures and anchors (issue 9 item 5, issue 18 item 6; docs/adr/0005).

Each attack the issue names is made with raw SQL behind the services' back, the way a database
owner would: truncating the newest rows, appending a forged row, recomputing the whole chain.
"""

from __future__ import annotations

import itertools
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from zwfw.core.models import AuditChainHead, AuditLog
from zwfw.core.services.audit import (
    ANCHOR_FILE,
    BAD_SIGNATURE,
    GENESIS,
    TRUNCATED,
    audit_anchor_write,
    audit_log_verify,
    audit_log_write,
    chain_for,
    row_digest,
)

pytestmark = pytest.mark.django_db


def _write_objects(n: int, prefix: str = "o") -> list[AuditLog]:
    rows = []
    for i in range(n):
        with transaction.atomic():  # a transaction of its own each: its chain follows its object
            rows.append(
                audit_log_write(
                    actor=None, action="zwfw.core.region.created", object_type="core.region", object_id=f"{prefix}{i}"
                )
            )
    return rows


def _sql(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=AuditLog._meta.db_table), params)


def _kinds(report) -> set[str]:
    return {p.kind for p in report.problems}


@pytest.mark.django_db(transaction=True)  # real transactions, not savepoints inside the test's own
def test_transactions_spread_over_chains_and_each_chain_links_its_own_rows(settings):
    settings.ZWFW_AUDIT_CHAINS = 16
    rows = _write_objects(40)
    chains = {r.chain for r in rows}
    assert len(chains) > 4
    for chain in chains:
        in_chain = list(AuditLog.objects.filter(chain=chain).order_by("id"))
        assert in_chain[0].prev_hash == GENESIS
        assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(in_chain))
    heads = {h.chain: h for h in AuditChainHead.objects.all()}
    assert sum(h.length for h in heads.values()) == 40
    report = audit_log_verify()
    assert report.ok and report.rows == 40


@pytest.mark.django_db(transaction=True)
def test_each_call_of_a_decorated_service_is_a_transaction_with_its_own_chain(settings):
    # @transaction.atomic reuses one block object for every call, and a finished block's id() is
    # reused by the next: the chain is keyed by the transaction, not by either
    settings.ZWFW_AUDIT_CHAINS = 16

    @transaction.atomic
    def write(object_id: str) -> AuditLog:
        return audit_log_write(
            actor=None, action="zwfw.core.region.created", object_type="core.region", object_id=object_id
        )

    ids = [f"d{i}" for i in range(24)]
    expected = [chain_for("core.region", i) for i in ids]  # outside a transaction: the object's hash
    assert len(set(expected)) > 4
    assert [write(i).chain for i in ids] == expected
    with transaction.atomic():  # and a plain block each, one after another
        first = audit_log_write(
            actor=None, action="zwfw.core.region.created", object_type="core.region", object_id="d0"
        )
    with transaction.atomic():
        second = audit_log_write(
            actor=None, action="zwfw.core.region.created", object_type="core.region", object_id="d1"
        )
    assert (first.chain, second.chain) == (expected[0], expected[1])
    assert audit_log_verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_row_rolled_back_with_its_savepoint_does_not_fix_the_chain(settings):
    settings.ZWFW_AUDIT_CHAINS = 16
    a, b = (
        "d0",
        next(f"d{i}" for i in range(1, 50) if chain_for("core.region", f"d{i}") != chain_for("core.region", "d0")),
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                audit_log_write(actor=None, action="zwfw.core.region.created", object_type="core.region", object_id=a)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        row = audit_log_write(actor=None, action="zwfw.core.region.created", object_type="core.region", object_id=b)
        again = audit_log_write(actor=None, action="zwfw.core.region.created", object_type="core.region", object_id=a)
    assert row.chain == again.chain == chain_for("core.region", b)
    assert AuditLog.objects.count() == 2 and audit_log_verify().ok


def test_one_transaction_writes_one_chain_whatever_its_objects(settings):
    settings.ZWFW_AUDIT_CHAINS = 16
    with transaction.atomic():
        rows = [
            audit_log_write(actor=None, action="zwfw.core.region.created", object_type="core.region", object_id=f"x{i}")
            for i in range(10)
        ]
    assert len({r.chain for r in rows}) == 1


def test_every_row_is_signed_and_a_forged_append_is_caught(settings, tmp_path):
    settings.ZWFW_AUDIT_CHAINS = 1
    rows = _write_objects(3)
    head = rows[-1]
    forged_hash = row_digest(
        prev_hash=head.hash,
        at=head.at.isoformat(),
        actor_id=None,
        actor_name="系统",
        actor_role="system",
        action="zwfw.core.region.created",
        object_type="core.region",
        object_id="forged",
        region_code="",
        before=None,
        after=None,
    )
    # the forger can compute the chain's SHA-256 but not the application's HMAC
    _sql(
        "INSERT INTO {table} (at, actor_name, actor_role, action, object_type, object_id, region_code, chain,"
        " prev_hash, hash, mac) VALUES (%s, '系统', 'system', 'zwfw.core.region.created', 'core.region', 'forged',"
        " '', 0, %s, %s, %s)",
        [head.at, head.hash, forged_hash, "00000000:" + "0" * 64],
    )
    report = audit_log_verify()
    assert _kinds(report) == {BAD_SIGNATURE}
    assert [p.row_id for p in report.problems] == [AuditLog.objects.get(object_id="forged").pk]


def test_recomputing_the_whole_chain_is_caught_by_signatures_and_anchors(settings, tmp_path):
    settings.ZWFW_AUDIT_CHAINS = 1
    _write_objects(4)
    audit_anchor_write(directory=tmp_path)
    prev = GENESIS
    for row in AuditLog.objects.order_by("id"):  # rewrite every row's content and recompute the chain
        digest = row_digest(
            prev_hash=prev,
            at=row.at.isoformat(),
            actor_id=None,
            actor_name="系统",
            actor_role="system",
            action=row.action,
            object_type=row.object_type,
            object_id="rewritten-" + row.object_id,
            region_code="",
            before=None,
            after=None,
        )
        _sql(
            "UPDATE {table} SET object_id = %s, prev_hash = %s, hash = %s WHERE id = %s",
            ["rewritten-" + row.object_id, prev, digest, row.pk],
        )
        prev = digest
    without_anchors = audit_log_verify()
    assert _kinds(without_anchors) == {BAD_SIGNATURE}
    with_anchors = audit_log_verify(anchors=tmp_path)
    assert _kinds(with_anchors) == {BAD_SIGNATURE, "anchor_mismatch"}


def test_truncating_the_newest_rows_is_caught_only_by_the_anchor(settings, tmp_path):
    settings.ZWFW_AUDIT_CHAINS = 1
    rows = _write_objects(5)
    audit_anchor_write(directory=tmp_path)
    _sql("DELETE FROM {table} WHERE id >= %s", [rows[3].pk])
    assert audit_log_verify().ok  # a shorter chain is still a valid chain
    report = audit_log_verify(anchors=tmp_path)
    assert _kinds(report) == {TRUNCATED} and report.anchors_checked == 1
    assert [p.row_id for p in report.problems] == [rows[-1].pk]


def test_a_tampered_anchor_line_is_reported(settings, tmp_path):
    _write_objects(2)
    audit_anchor_write(directory=tmp_path)
    file = tmp_path / ANCHOR_FILE
    anchor = json.loads(file.read_text())
    anchor["heads"][0][3] += 1  # someone edits the checkpoint to hide a deletion
    file.write_text(json.dumps(anchor) + "\n")
    assert "anchor_invalid" in _kinds(audit_log_verify(anchors=tmp_path))


def test_key_rotation_keeps_old_signatures_valid(settings):
    settings.ZWFW_AUDIT_KEYS = ("old-key-2025",)
    _write_objects(2, prefix="old")
    settings.ZWFW_AUDIT_KEYS = ("new-key-2026", "old-key-2025")
    _write_objects(2, prefix="new")
    assert audit_log_verify().ok
    assert (
        AuditLog.objects.filter(object_id="old0").get().mac.split(":")[0]
        != (AuditLog.objects.filter(object_id="new0").get().mac.split(":")[0])
    )
    settings.ZWFW_AUDIT_KEYS = ("new-key-2026",)  # the old key dropped: its rows no longer verify
    assert _kinds(audit_log_verify()) == {BAD_SIGNATURE}


def test_audit_anchor_and_verify_commands(settings, tmp_path):
    rows = _write_objects(3)
    out = StringIO()
    call_command("audit_anchor", "--dir", str(tmp_path), stdout=out)
    assert "已写入锚点" in out.getvalue()
    out = StringIO()
    call_command("audit_verify", "--anchors", str(tmp_path), stdout=out)
    assert "核对锚点 1 个" in out.getvalue()
    _sql("DELETE FROM {table} WHERE id = %s", [rows[-1].pk])
    with pytest.raises(CommandError) as exc:
        call_command("audit_verify", "--anchors", str(tmp_path), stdout=StringIO())
    assert exc.value.returncode == 1
