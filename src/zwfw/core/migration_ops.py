"""Migration operations that keep a live PostgreSQL database writable while they run.

``AddIndexOnline`` / ``RemoveIndexOnline`` are Django's ``AddIndexConcurrently`` /
``RemoveIndexConcurrently`` on PostgreSQL, so an upgrade does not hold a write lock on a large
table (a province's licence holdings) for as long as an index build takes, and Django's plain
``AddIndex`` / ``RemoveIndex`` on other databases. ``CONCURRENTLY`` cannot run in a transaction:
a migration using them sets ``atomic = False``. If a concurrent build fails, PostgreSQL leaves the
index ``INVALID``: drop it (``DROP INDEX CONCURRENTLY name``) and run ``zwfw migrate`` again.
"""

from __future__ import annotations

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db.migrations.operations import AddIndex, RemoveIndex


class _OnlineOnPostgreSQL:
    """The concurrent operation (the next class in the MRO) on PostgreSQL, ``plain`` elsewhere."""

    plain: type[AddIndex] | type[RemoveIndex]

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return self.plain.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return self.plain.database_backwards(self, app_label, schema_editor, from_state, to_state)


class AddIndexOnline(_OnlineOnPostgreSQL, AddIndexConcurrently):
    plain = AddIndex


class RemoveIndexOnline(_OnlineOnPostgreSQL, RemoveIndexConcurrently):
    plain = RemoveIndex
