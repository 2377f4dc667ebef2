"""On PostgreSQL, refuse UPDATE and DELETE of ratings, their reasons and text hides in the
database itself (a rating is immutable: 好差评 results may not be altered by any role). SQLite
relies on the model and queryset guards. TRUNCATE (test flush, a restore) is not affected."""

from django.db import migrations

TABLES = ("ratings_rating", "ratings_ratingreason", "ratings_ratingtexthide")

FUNCTION = """
CREATE OR REPLACE FUNCTION ratings_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = '好差评评价不可修改或删除 (' || TG_TABLE_NAME || ': ' || TG_OP || ')',
        ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ratings_refuse_change()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS ratings_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
