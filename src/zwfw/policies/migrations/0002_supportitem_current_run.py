import django.db.models.deletion
from django.db import migrations, models


def point_items_at_their_latest_run(apps, schema_editor):
    """Each item's current run: the latest finished run whose frozen item list holds it (runs are
    few — one per officer per matching date — so reading them all is cheap)."""
    MatchRun = apps.get_model("policies", "MatchRun")
    SupportItem = apps.get_model("policies", "SupportItem")
    latest: dict[int, int] = {}
    for run in MatchRun.objects.filter(status="done").order_by("finished_at", "id"):
        for frozen in run.items or []:
            latest[frozen["id"]] = run.pk
    for item_id, run_id in latest.items():
        SupportItem.objects.filter(pk=item_id).update(current_run_id=run_id)


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="supportitem",
            name="current_run",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="policies.matchrun",
                verbose_name="当前匹配结果所属任务",
            ),
        ),
        migrations.RunPython(point_items_at_their_latest_run, migrations.RunPython.noop),
    ]
