"""Seed GB/T 2260 regions of Sichuan from ``core/fixtures/regions.yaml``.

``bulk_create`` does not call ``Region.save()``, so the materialised ``path`` is computed here
from the parent's path (the file lists parents before children). Existing codes are left alone,
so the migration is safe on a database where ``zwfw seed`` already ran. ``zwfw seed`` reads the
same file and adds regions appended to it later.
"""

from pathlib import Path

import yaml
from django.db import migrations

REGIONS_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "regions.yaml"


def seed(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    rows = yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8"))
    paths = dict(Region.objects.values_list("code", "path"))
    new = []
    for row in rows:
        code = str(row["code"])
        parent = str(row["parent"]) if row.get("parent") else None
        if code in paths:
            continue
        path = (paths[parent] if parent else "") + f"{code}/"
        paths[code] = path
        new.append(Region(code=code, name=row["name"], level=int(row["level"]), parent_id=parent, path=path))
    Region.objects.bulk_create(new, batch_size=500)


def unseed(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    codes = [str(r["code"]) for r in yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8"))]
    # children first: parent is PROTECT
    for code in reversed(codes):
        Region.objects.filter(code=code, children__isnull=True, departments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_seed_calendar")]
    operations = [migrations.RunPython(seed, unseed)]
