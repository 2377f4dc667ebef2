"""The audit log: hash chain, tamper detection by ``zwfw audit verify``, append-only ORM, scoping."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from zwfw.cli import resolve
from zwfw.core import audit_actions
from zwfw.core.models import AuditLog, Role
from zwfw.core.selectors.audit import (
    AuditLogFilters,
    audit_log_for_object,
    audit_log_list,
    region_code_prefix,
)
from zwfw.core.services.audit import GENESIS, audit_log_verify, audit_log_write

pytestmark = pytest.mark.django_db


def _write(n: int, *, region_code: str = "510100", actor=None) -> list[AuditLog]:
    return [
        audit_log_write(
            actor=actor,
            action="zwfw.core.region.created",
            object_type="core.region",
            object_id=f"t{i}",
            region_code=region_code,
            after={"i": i, "name": "测试"},
        )
        for i in range(n)
    ]


def _verify() -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("audit_verify", stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def _raw(sql: str, params: list) -> None:
    """Run SQL on the audit table behind the service's back (``{table}`` is filled in)."""
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=AuditLog._meta.db_table), params)


# ---- chain ---------------------------------------------------------------------------------------


def test_rows_chain_onto_each_other():
    start = AuditLog.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
    rows = _write(3)
    assert rows[0].prev_hash == start
    assert rows[1].prev_hash == rows[0].hash
    assert rows[2].prev_hash == rows[1].hash
    assert len({r.hash for r in rows}) == 3


def test_personal_identifiers_are_masked_before_hashing():
    row = audit_log_write(
        actor=None,
        action="zwfw.core.user.created",
        object_type="core.user",
        object_id="1",
        after={"phone": "13812345678"},
    )
    assert "13812345678" not in str(row.after)
    assert audit_log_verify().ok


def test_write_needs_an_object():
    with pytest.raises(ValueError):
        audit_log_write(actor=None, action="zwfw.core.region.created")


def test_clean_chain_reports_ok_with_row_count():
    _write(4)
    total = AuditLog.objects.count()
    out, error = _verify()
    assert error is None
    assert f"共 {total} 行" in out
    assert f"{total} rows" in out
    assert AuditLog.objects.order_by("-id").first().hash in out


def test_empty_log_is_ok():
    AuditLog.objects.all()._raw_delete(AuditLog.objects.db)
    report = audit_log_verify()
    assert report.ok
    assert report.rows == 0
    assert report.head_id is None


def test_row_edited_behind_the_services_back_is_reported():
    rows = _write(4)
    target = rows[1]
    _raw("UPDATE {table} SET after = %s WHERE id = %s", ['{"i": 99, "name": "篡改"}', target.pk])
    out, error = _verify()
    assert error is not None
    assert error.returncode == 1
    assert f"#{target.pk}:" in out
    assert "row edited" in out
    assert f"#{target.pk}" in str(error)
    report = audit_log_verify()
    assert [(p.row_id, p.kind) for p in report.problems] == [(target.pk, "edited")]


@pytest.mark.parametrize("column", ["actor_name", "action", "region_code", "object_id", "actor_role"])
def test_every_hashed_column_is_protected(column):
    target = _write(2)[0]
    _raw("UPDATE {table} SET " + column + " = %s WHERE id = %s", ["x", target.pk])  # noqa: S608  (column is a test parameter)
    report = audit_log_verify()
    assert not report.ok
    assert report.problems[0].row_id == target.pk


def test_deleted_middle_row_is_reported_at_the_next_row():
    rows = _write(3)
    _raw("DELETE FROM {table} WHERE id = %s", [rows[1].pk])
    out, error = _verify()
    assert error is not None and error.returncode == 1
    assert f"#{rows[2].pk}:" in out
    assert "removed or inserted" in out
    assert [p.row_id for p in audit_log_verify().problems] == [rows[2].pk]


def test_recomputed_hash_still_breaks_the_next_link():
    """Forging a row *and* its hash moves the break to the next row: still detected."""
    rows = _write(3)
    _raw("UPDATE {table} SET hash = %s WHERE id = %s", ["f" * 64, rows[1].pk])
    kinds = {(p.row_id, p.kind) for p in audit_log_verify().problems}
    assert (rows[1].pk, "edited") in kinds
    assert (rows[2].pk, "link_broken") in kinds


def test_verify_rejects_bad_batch_size():
    with pytest.raises(CommandError):
        call_command("audit_verify", batch_size=0)


def test_zwfw_audit_verify_maps_to_the_command():
    assert resolve(["audit", "verify"], {"audit_verify"}) == ["audit_verify"]


# ---- append-only in the ORM ----------------------------------------------------------------------


def test_orm_refuses_to_rewrite_history():
    row = _write(1)[0]
    with pytest.raises(ValidationError):
        AuditLog.objects.filter(pk=row.pk).update(action="zwfw.core.x.y")
    with pytest.raises(ValidationError):
        AuditLog.objects.filter(pk=row.pk).delete()
    with pytest.raises(ValidationError):
        row.delete()
    row.action = "zwfw.core.x.y"
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        AuditLog.objects.bulk_create([AuditLog(action="x")])
    assert audit_log_verify().ok


def test_audit_row_rolls_back_with_the_change():
    before = AuditLog.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        _write(1)
        raise RuntimeError("the change failed")
    assert AuditLog.objects.count() == before


def _same_object_write(i: int) -> AuditLog:
    return audit_log_write(
        actor=None, action="zwfw.core.region.created", object_type="core.region", object_id="same", after={"i": i}
    )


def _head_reads(ctx: CaptureQueriesContext) -> int:
    return sum(1 for q in ctx.captured_queries if q["sql"].startswith("SELECT") and "auditchainhead" in q["sql"])


def test_rows_written_in_one_transaction_read_the_chain_head_once():
    with transaction.atomic():
        rows = [_same_object_write(0)]  # reads (and on first use creates) the chain's head
        with CaptureQueriesContext(connection) as ctx:
            rows += [_same_object_write(i) for i in (1, 2)]
    assert _head_reads(ctx) == 0
    assert rows[1].prev_hash == rows[0].hash
    assert rows[2].prev_hash == rows[1].hash
    assert audit_log_verify().ok


def test_a_rolled_back_savepoint_does_not_leave_its_row_as_the_head():
    with transaction.atomic():
        first = _same_object_write(1)
        with pytest.raises(RuntimeError), transaction.atomic():
            _same_object_write(2)
            raise RuntimeError("the inner change failed")
        with CaptureQueriesContext(connection) as ctx:
            third = _same_object_write(3)
    assert third.prev_hash == first.hash  # not the rolled-back row's hash
    assert _head_reads(ctx) == 1  # the head is read again, not taken from before the rollback
    assert audit_log_verify().ok


# ---- concurrency (PostgreSQL) --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain_valid():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers itself (BEGIN IMMEDIATE), one thread at a time")
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def append(k: int) -> None:
        try:
            barrier.wait()
            for i in range(10):
                with transaction.atomic():
                    audit_log_write(
                        actor=None, action="zwfw.core.region.created", object_type="core.region", object_id=f"{k}-{i}"
                    )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = audit_log_verify()
    assert report.rows >= 40
    assert report.ok, report.problems


# ---- action registry -----------------------------------------------------------------------------


def test_action_codes_are_described_in_chinese_and_english():
    assert audit_actions.describe("zwfw.core.user.created", "zh-hans") == "创建用户"
    assert audit_actions.describe("zwfw.core.user.created", "en") == "User created"
    with translation.override("en"):
        assert audit_actions.describe("zwfw.core.api_token.revoked") == "API token revoked"


def test_unknown_action_code_is_shown_as_itself():
    assert audit_actions.describe("zwfw.nowhere.thing.done") == "zwfw.nowhere.thing.done"
    assert audit_actions.unregistered(["zwfw.core.user.created", "zwfw.nowhere.thing.done"]) == [
        "zwfw.nowhere.thing.done"
    ]


def test_action_registry_refuses_conflicts_and_bad_codes():
    audit_actions.register("zwfw.core.user.created", "创建用户", "User created")  # same texts: no-op
    with pytest.raises(ImproperlyConfigured):
        audit_actions.register("zwfw.core.user.created", "新建用户", "User created")
    with pytest.raises(ImproperlyConfigured):
        audit_actions.register("core.user.created", "创建用户", "User created")
    with pytest.raises(ImproperlyConfigured):
        audit_actions.register("zwfw.core.user.frozen", "", "User frozen")


def test_core_services_use_registered_codes():
    """Every code core's services write is translated (rows from the seed and account services)."""
    from zwfw.core.tests.factories import make_user

    make_user(role=Role.WINDOW_CLERK)
    codes = AuditLog.objects.filter(action__startswith="zwfw.core.").values_list("action", flat=True)
    assert list(codes)
    assert audit_actions.unregistered(codes) == []


# ---- selectors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "prefix"), [("510000", "51"), ("510100", "5101"), ("510107", "510107")])
def test_region_code_prefix(code, prefix):
    assert region_code_prefix(code) == prefix


def test_audit_list_is_scoped(make_user):
    chengdu = _write(1, region_code="510107")[0]  # 武侯区, inside 成都市
    mianyang = _write(1, region_code="510703")[0]
    system = _write(1, region_code="")[0]
    admin = make_user(role=Role.PLATFORM_ADMIN)
    dept_admin_cd = make_user(role=Role.DEPT_ADMIN, department="510100-scjg")
    clerk = make_user(role=Role.WINDOW_CLERK)
    applicant = make_user(role=Role.PERSON)

    everything = set(audit_log_list(admin).values_list("pk", flat=True))
    assert {chengdu.pk, mianyang.pk, system.pk} <= everything
    cd = set(audit_log_list(dept_admin_cd).values_list("pk", flat=True))
    assert chengdu.pk in cd
    assert mianyang.pk not in cd
    assert system.pk not in cd
    assert not audit_log_list(clerk).exists()
    assert not audit_log_list(applicant).exists()


def test_audit_list_filters(make_user):
    admin = make_user(role=Role.PLATFORM_ADMIN)
    rows = _write(2)
    by_object = audit_log_list(admin, AuditLogFilters(object_type="core.region", object_id="t1"))
    assert rows[1].pk in set(by_object.values_list("pk", flat=True))
    assert rows[0].pk not in set(by_object.values_list("pk", flat=True))
    by_prefix = audit_log_list(admin, AuditLogFilters(action="zwfw.core."))
    assert by_prefix.filter(pk=rows[0].pk).exists()
    assert not audit_log_list(admin, AuditLogFilters(action="zwfw.core.")).exclude(action__startswith="zwfw.core.")
    newest_first = list(audit_log_list(admin).values_list("pk", flat=True))
    assert newest_first == sorted(newest_first, reverse=True)


def test_object_history_oldest_first_and_scoped(make_user):
    for _ in range(2):
        audit_log_write(
            actor=None,
            action="zwfw.core.department.updated",
            object_type="core.department",
            object_id="x-1",
            region_code="510703",
        )
    history = list(audit_log_for_object("core.department", "x-1"))
    assert len(history) == 2
    assert history[0].pk < history[1].pk
    dept_admin_cd = make_user(role=Role.DEPT_ADMIN, department="510100-scjg")
    assert not audit_log_for_object("core.department", "x-1", user=dept_admin_cd).exists()
