"""Reads compiled once per process (core/prepared.py): the same objects as the ORM, one query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zwfw.core.models import AuditLog, Department, Notification, Role, User
from zwfw.core.prepared import PreparedRead, insert_row, insert_rows, update_where

_USER = PreparedRead(
    lambda pk: (
        User.objects.select_related("region", "department__region")
        .annotate(zwfw_region_name=F("region__name"))
        .filter(pk=pk, is_active=True)
    )
)
_BY_NAME = PreparedRead(lambda username: User.objects.filter(username=username))
_BY_DEPARTMENT_AND_ROLE = PreparedRead(
    lambda department_id, region_id: User.objects.filter(department_id=department_id, region_id=region_id).order_by(
        "pk"
    ),
    arity=2,
)


def test_a_prepared_read_builds_what_the_orm_builds_in_one_query(make_user):
    user = make_user(role=Role.REVIEWER, department="510100-scjg")
    expected = User.objects.select_related("region", "department__region").get(pk=user.pk)
    _USER.first(user.pk)  # compiled on the first call
    with CaptureQueriesContext(connection) as queries:
        got = _USER.first(user.pk)
        assert got is not None
        assert (got.department.code, got.department.region.path, got.region.name) == (
            expected.department.code,
            expected.department.region.path,
            expected.region.name,
        )
    assert len(queries) == 1  # the related rows came with it
    for field in User._meta.concrete_fields:
        assert getattr(got, field.attname) == getattr(expected, field.attname), field.name
    assert got.zwfw_region_name == expected.region.name
    assert got._state.adding is False and got._state.db == "default"


def test_constants_are_compiled_in_and_arguments_are_not(make_user):
    active = make_user(role=Role.PERSON)
    inactive = make_user(role=Role.PERSON)
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    assert _USER.first(active.pk) == active
    assert _USER.first(inactive.pk) is None  # is_active=True stays in the SQL
    assert _USER.first(10**9) is None
    assert _BY_NAME.first(active.username) == active  # a character field takes the text as it is
    assert _BY_NAME.first("不存在的用户") is None


def test_an_id_no_integer_column_can_hold_is_no_row(make_user):
    # the API passes a path's integer as it came (/cases/99…9): the ORM answers "no rows" for it,
    # SQLite's driver would raise OverflowError (a 500) had it reached the database
    make_user(role=Role.PERSON)
    with CaptureQueriesContext(connection) as queries:
        assert _USER.all(10**40) == []
        assert _USER.first(-(10**40)) is None
        assert _BY_DEPARTMENT_AND_ROLE.all(2**63, 1) == []
    assert len(queries) == 0
    assert User.objects.filter(pk=10**40).first() is None  # what the ORM says too


def test_several_arguments_in_order(make_user):
    a = make_user(role=Role.REVIEWER, department="510100-scjg")
    b = make_user(role=Role.DEPT_ADMIN, department="510100-scjg")
    department = Department.objects.get(code="510100-scjg")
    assert _BY_DEPARTMENT_AND_ROLE.all(department.pk, department.region_id) == [a, b]
    assert _BY_DEPARTMENT_AND_ROLE.all(department.pk, "510700") == []


def test_what_a_prepared_read_refuses(db):
    with pytest.raises(TypeError):
        _USER.all(1, 2)
    with pytest.raises(ValueError, match="prefetch"):
        PreparedRead(lambda pk: User.objects.prefetch_related("scope_grants").filter(pk=pk)).all(1)
    with pytest.raises(ValueError, match="exact"):  # startswith rewrites the argument: not preparable
        PreparedRead(lambda name: User.objects.filter(username__startswith=name)).all("a")
    with pytest.raises(ValueError):
        PreparedRead(lambda pk: User.objects.all(), arity=1).all(1)
    with pytest.raises(ValueError):
        PreparedRead(lambda a, b, c, d, e: User.objects.all(), arity=5)


def test_a_read_without_arguments_is_compiled_once_and_sees_new_rows(make_user):
    everyone = PreparedRead(lambda: User.objects.order_by("pk"), arity=0)
    first = make_user(role=Role.PERSON)
    assert [u.pk for u in everyone.all()] == list(User.objects.order_by("pk").values_list("pk", flat=True))
    second = make_user(role=Role.PERSON)
    assert [u.pk for u in everyone.all()][-2:] == [first.pk, second.pk]
    with pytest.raises(TypeError):
        everyone.all(1)


def test_insert_row_stores_what_save_stores(make_user):
    user = make_user(role=Role.PERSON)
    fields = {
        "recipient": user,
        "subject": "办件已受理",
        "body": "正文",
        "event": "zwfw.cases.case.accepted",
        "link": "/x",
    }
    by_orm = Notification.objects.create(**fields)
    with CaptureQueriesContext(connection) as queries:
        by_insert = insert_row(Notification(**fields))
    assert len(queries) == 1
    assert by_insert.pk is not None and by_insert.pk != by_orm.pk
    assert by_insert._state.adding is False and by_insert._state.db == "default"
    assert by_insert.created_at is not None  # auto_now_add, as save() sets it
    stored = Notification.objects.get(pk=by_insert.pk)
    for field in Notification._meta.concrete_fields:
        if field.name in {"id", "created_at"}:
            continue
        assert getattr(stored, field.attname) == getattr(by_orm, field.attname), field.name
    assert stored.created_at == by_insert.created_at


def test_insert_row_round_trips_json_and_refuses_a_row_with_an_id(db):
    row = insert_row(
        AuditLog(
            at=timezone.now(),
            actor_name="系统",
            action="zwfw.test.inserted",
            object_type="core.test",
            object_id="1",
            after={"名称": "测试", "n": [1, 2]},
            chain=0,
            prev_hash="0" * 64,
            hash="1" * 64,
            mac="k:1",
        )
    )
    assert AuditLog.objects.get(pk=row.pk).after == {"名称": "测试", "n": [1, 2]}
    with pytest.raises(ValueError):
        insert_row(Notification(pk=10**9, subject="x"))


def test_update_where_writes_what_update_writes(make_user):
    """Values of every kind (a foreign key given as its row, a datetime, text, None), a counter
    moved by one, and a WHERE that misses: the same rows as ``QuerySet.update`` leaves."""
    user, other = make_user(role=Role.PERSON), make_user(role=Role.PERSON)
    now = timezone.now()
    a, b = (Notification.objects.create(recipient=user, subject="s", body="b") for _ in range(2))
    values = {"recipient": other, "sent_at": now, "last_error": "超时", "read_at": None, "status": "sent"}
    Notification.objects.filter(pk=a.pk, status=a.status).update(attempts=F("attempts") + 1, **values)
    with CaptureQueriesContext(connection) as queries:
        changed = update_where(
            Notification, where={"pk": b.pk, "status": b.status}, values=values, increment=("attempts",)
        )
    assert changed == 1 and len(queries) == 1
    by_orm, by_sql = Notification.objects.get(pk=a.pk), Notification.objects.get(pk=b.pk)
    for field in Notification._meta.concrete_fields:
        if field.name not in {"id", "created_at"}:
            assert getattr(by_sql, field.attname) == getattr(by_orm, field.attname), field.name
    assert (by_sql.recipient_id, by_sql.attempts, by_sql.sent_at) == (other.pk, 1, now)
    # the WHERE no longer matches (status moved on): nothing changes, the caller is told 0
    assert update_where(Notification, where={"pk": b.pk, "status": b.status}, values={"subject": "x"}) == 0
    assert Notification.objects.get(pk=b.pk).subject == "s"


def test_update_where_refuses_a_missing_where_and_a_relation(db):
    with pytest.raises(ValueError):
        update_where(Notification, where={}, values={"subject": "x"})
    with pytest.raises(ValueError):
        update_where(Notification, where={"pk": 1}, values={})
    with pytest.raises(ValueError):
        update_where(User, where={"pk": 1}, values={"scope_grants": None})


def test_insert_row_refuses_a_model_whose_save_does_more(db):
    """A ``save()`` override (User's sets the password machinery) or a save signal receiver
    would be skipped by a plain INSERT: refused, so the two never silently differ."""
    from django.db.models.signals import post_save

    from zwfw.core.models import ScopeGrant

    with pytest.raises(ValueError, match="save"):
        insert_row(User(username="u-insert"))

    def receiver(**kwargs):  # pragma: no cover - never called: the insert is refused
        raise AssertionError

    post_save.connect(receiver, sender=ScopeGrant, dispatch_uid="test_insert_row_refuses")
    try:
        with pytest.raises(ValueError, match="signals"):
            insert_row(ScopeGrant())
    finally:
        post_save.disconnect(sender=ScopeGrant, dispatch_uid="test_insert_row_refuses")
    assert not User.objects.filter(username="u-insert").exists()


@pytest.mark.parametrize("count", [1, 3, 120])
def test_insert_rows_stores_what_bulk_create_stores(make_user, count):
    """One multi-row INSERT with the ids returned, or bulk_create itself when the rows need more
    parameters than the database takes (120 notifications on SQLite): the same rows either way."""
    user = make_user(role=Role.PERSON)

    def rows(prefix):
        return [Notification(recipient=user, subject=f"{prefix}{i}", body="正文", event="e") for i in range(count)]

    by_orm = Notification.objects.bulk_create(rows("orm"))
    with CaptureQueriesContext(connection) as queries:
        inserted = insert_rows(rows("sql"))
    assert len(queries) <= 2  # one statement (bulk_create may batch the fallback)
    assert [o._state.adding for o in inserted] == [False] * count
    assert len({o.pk for o in inserted} | {o.pk for o in by_orm}) == 2 * count
    stored = {n.pk: n for n in Notification.objects.filter(pk__in=[o.pk for o in inserted])}
    for got, expected in zip(inserted, by_orm, strict=True):
        row = stored[got.pk]
        assert row.subject == got.subject and row.created_at is not None
        for field in ("recipient_id", "body", "event", "channel", "status"):
            assert getattr(row, field) == getattr(expected, field), field
    assert insert_rows([]) == []
    with pytest.raises(ValueError):
        insert_rows([Notification(pk=10**9, subject="x")])


def test_postgresql_connections_keep_more_prepared_statements_than_psycopgs_default(db):
    from types import SimpleNamespace

    from django.db import connection

    from zwfw.core.prepared import PREPARED_MAX, size_prepared_statements

    pg = SimpleNamespace(vendor="postgresql", connection=SimpleNamespace(prepared_max=100))
    size_prepared_statements(None, pg)
    assert pg.connection.prepared_max == PREPARED_MAX > 100
    other = SimpleNamespace(vendor="sqlite", connection=SimpleNamespace())
    size_prepared_statements(None, other)  # nothing to size, nothing raised
    assert not hasattr(other.connection, "prepared_max")
    connection.ensure_connection()
    if connection.vendor == "postgresql":  # the receiver is connected: the live connection has it
        assert connection.connection.prepared_max == PREPARED_MAX
