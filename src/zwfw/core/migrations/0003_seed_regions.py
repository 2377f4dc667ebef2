"""Seed GB/T 2260 regions of Sichuan (filled in below)."""

from django.db import migrations


def seed(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("core", "0002_seed_calendar")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
