"""Seed the working-day calendar from the maintained ``chinesecalendar`` package (pinned 1.11.0).

The package transcribes each year's 国务院办公厅 holiday notice (2004–2026): ``holidays`` maps every
official holiday date (weekend days inside a holiday period included) and ``workdays`` every 调休
working weekend day to the holiday's enum value; the enum carries its Chinese name. One
``CalendarYear`` per year and one ``CalendarDay`` per listed date, written with ``bulk_create``
(two inserts in all). Years already present are left alone, so this is safe after
``zwfw calendar load``. Later years come from the official notice via ``zwfw calendar load FILE``.
"""

from django.db import migrations


def seed(apps, schema_editor):
    import chinese_calendar
    from chinese_calendar.constants import Holiday, holidays, workdays

    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    names = {h.value: h.chinese for h in Holiday}
    present = set(CalendarYear.objects.values_list("year", flat=True))
    years = sorted({d.year for d in holidays} - present)
    version = chinese_calendar.__version__
    CalendarYear.objects.bulk_create(
        CalendarYear(
            year=year,
            source=f"chinesecalendar {version}（国务院办公厅{year}年部分节假日安排的通知）",
            reference="https://github.com/LKI/chinese-calendar",
        )
        for year in years
    )
    wanted = set(years)
    rows = [
        CalendarDay(date=d, kind="holiday", name=names.get(v, v), year_id=d.year)
        for d, v in holidays.items()
        if d.year in wanted
    ] + [
        CalendarDay(date=d, kind="workday", name=names.get(v, v), year_id=d.year)
        for d, v in workdays.items()
        if d.year in wanted
    ]
    CalendarDay.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
