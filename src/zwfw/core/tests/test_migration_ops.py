"""Index migrations that leave a live PostgreSQL database writable (zwfw.core.migration_ops)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)  # schema changes: no test transaction around them


def test_the_holder_index_migration_builds_and_drops_concurrently_on_postgresql_only():
    out = io.StringIO()
    call_command("sqlmigrate", "licences", "0005", stdout=out)
    sql = out.getvalue()
    assert "licence_holder_person_idx2" in sql and "licence_holder_org_idx2" in sql
    online = connection.vendor == "postgresql"
    assert ("CREATE INDEX CONCURRENTLY" in sql) is online
    assert ("DROP INDEX CONCURRENTLY" in sql) is online
    # built before the old ones are dropped: the holder is never without an index
    assert sql.index("licence_holder_org_idx2") < sql.index('"licence_holder_org_idx"')


def test_the_holder_index_migration_runs_backwards_and_forwards():
    from django.db.migrations.executor import MigrationExecutor

    def names():
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, "licences_licenceholding")
        return {name for name, c in constraints.items() if c["index"] and name.startswith("licence_holder")}

    assert names() == {"licence_holder_person_idx2", "licence_holder_org_idx2"}
    try:
        MigrationExecutor(connection).migrate([("licences", "0004_signing_documents")])
        assert names() == {"licence_holder_person_idx", "licence_holder_org_idx"}
    finally:
        MigrationExecutor(connection).migrate([("licences", "0005_holder_type_newest_index")])
    assert names() == {"licence_holder_person_idx2", "licence_holder_org_idx2"}
