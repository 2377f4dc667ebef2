"""Migration operations that keep a live PostgreSQL database writable while they run.

``AddIndexOnline`` / ``RemoveIndexOnline`` build and drop an index with ``CONCURRENTLY`` on
PostgreSQL, so an upgrade does not hold a write lock on a large table (a province's licence
holdings) for as long as the build takes; on other databases they are Django's ``AddIndex`` /
``RemoveIndex``. ``CONCURRENTLY`` cannot run in a transaction: a migration using them sets
``atomic = False``. If a concurrent build fails, PostgreSQL leaves the index ``INVALID``: drop it
(``DROP INDEX CONCURRENTLY name``) and run ``zwfw migrate`` again.
"""

from __future__ import annotations

from django.db.migrations.operations import AddIndex, RemoveIndex


def _online(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class AddIndexOnline(AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _online(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index, concurrently=True)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if not _online(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, concurrently=True)


class RemoveIndexOnline(RemoveIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _online(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = from_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            schema_editor.remove_index(model, index, concurrently=True)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if not _online(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = to_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            schema_editor.add_index(model, index, concurrently=True)
