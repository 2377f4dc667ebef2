"""Loading a year's official holiday schedule into the working-day calendar.

The State Council publishes each year's holidays and 调休 working days around November of the
year before (国务院办公厅关于某年部分节假日安排的通知); time limits count working days on that
schedule (行政许可法 第八十二条). :func:`calendar_year_load` replaces one year's schedule,
checked and audited; :func:`calendar_load_file` reads it from a YAML or JSON file
(format: ``docs/calendar.md``, example ``core/fixtures/calendar/2026.yaml``).

Readers (:mod:`zwfw.core.selectors.calendar`) notice a reloaded year by its ``loaded_at`` stamp,
in every process, as soon as the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import Signal

from zwfw.core.errors import CoreErrorCode, ZwfwError
from zwfw.core.models import CalendarDay, CalendarYear, DayKind, Role, max_length_of
from zwfw.core.permissions import effective_role
from zwfw.core.request_cache import request_cache_clear
from zwfw.core.services.audit import audit_log_write
from zwfw.core.types import Actor

MIN_YEAR, MAX_YEAR = 1949, 2100
NAME_MAX = max_length_of(CalendarDay, "name")
SOURCE_MAX = max_length_of(CalendarYear, "source")
REFERENCE_MAX = max_length_of(CalendarYear, "reference")
FILE_KEYS = {"year", "source", "reference", "holidays", "workdays"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Workday = dt.date | tuple[dt.date, str]

calendar_year_loaded = Signal()
"""Sent after the transaction that loaded a year's official schedule commits, with ``year=``.

Deadlines computed on that year's provisional calendar (see :mod:`zwfw.core.selectors.calendar`)
are recomputed by the apps that stored them (cases connects a receiver).
"""


def _schedule_problems(
    year: Any, holidays: list[tuple[dt.date, str]], workdays: list[tuple[dt.date, str]], source: str, reference: str
) -> list[str]:
    problems: list[str] = []
    if not isinstance(year, int) or isinstance(year, bool) or not MIN_YEAR <= year <= MAX_YEAR:
        return [f"年份{year!r}无效（应为{MIN_YEAR}–{MAX_YEAR}之间的整数）"]
    if not source.strip():
        problems.append("缺少来源（source：发布放假安排的文件名称）")
    if len(source) > SOURCE_MAX:
        problems.append(f"来源超过{SOURCE_MAX}个字符")
    if len(reference) > REFERENCE_MAX:
        problems.append(f"文号/链接超过{REFERENCE_MAX}个字符")
    if not holidays:
        problems.append("没有任何节假日：官方放假安排每年都有节假日，请检查文件")
    seen: dict[dt.date, str] = {}
    for label, items in (("节假日", holidays), ("调休上班日", workdays)):
        for day, name in items:
            if day.year != year:
                problems.append(f"{label}{day.isoformat()}不在{year}年内")
            if day in seen:
                other = seen[day]
                problems.append(
                    f"{day.isoformat()}重复列为{label}"
                    if other == label
                    else f"{day.isoformat()}既是节假日又是调休上班日"
                )
            seen[day] = label
            if len(name) > NAME_MAX:
                problems.append(f"名称“{name}”超过{NAME_MAX}个字符")
    for day, _ in workdays:
        if day.weekday() < 5:
            problems.append(f"调休上班日{day.isoformat()}是工作日（周一至周五本来就上班），只能是周六或周日")
    return problems


def _check_actor(actor: Actor) -> None:
    # The command line loads as the system (actor None); a person must be a platform admin.
    if actor is not None and effective_role(actor) != Role.PLATFORM_ADMIN.value:
        raise PermissionDenied("需要权限：载入节假日安排（平台管理员）")


def _snapshot(year: CalendarYear | None) -> dict | None:
    if year is None:
        return None
    days = list(year.days.order_by("date").values_list("date", "kind", "name"))
    return {
        "source": year.source,
        "reference": year.reference,
        "holidays": {d.isoformat(): n for d, k, n in days if k == DayKind.HOLIDAY},
        "workdays": [d.isoformat() for d, k, _ in days if k == DayKind.WORKDAY],
    }


def calendar_year_load(
    *,
    actor: Actor,
    year: int,
    holidays: Iterable[tuple[dt.date, str]],
    workdays: Iterable[Workday],
    source: str,
    reference: str = "",
) -> CalendarYear:
    """Replace ``year``'s official schedule: its holidays (date, name) and 调休 working days.

    ``holidays`` lists every official holiday date (weekend days inside a holiday period
    included); ``workdays`` the weekend days declared working days, as dates or (date, name of
    the holiday they make up for). Checked before anything is written: every date inside
    ``year``, no date twice, none both holiday and working day, working days only on Saturday or
    Sunday, at least one holiday, a source. A bad schedule raises
    ``ZwfwError(CoreErrorCode.CALENDAR_SCHEDULE_INVALID)`` naming every problem, and nothing is
    written.

    Atomic: the year's old days are deleted and the new ones written in one transaction with the
    audit row ``zwfw.core.calendar.year_loaded`` (before/after: source, reference, days).
    ``actor`` is None for the command line (the system) or a platform admin.
    """
    _check_actor(actor)
    holiday_items = [(day, (name or "").strip()) for day, name in holidays]
    workday_items = [(w, "") if isinstance(w, dt.date) else (w[0], (w[1] or "").strip()) for w in workdays]
    problems = _schedule_problems(year, holiday_items, workday_items, source or "", reference or "")
    if problems:
        raise ZwfwError(
            CoreErrorCode.CALENDAR_SCHEDULE_INVALID, detail={"problems": problems}, reason="；".join(problems)
        )
    with transaction.atomic():
        existing = CalendarYear.objects.select_for_update().filter(year=year).first()
        before = _snapshot(existing)
        CalendarDay.objects.filter(year_id=year).delete()
        row, _ = CalendarYear.objects.update_or_create(
            year=year, defaults={"source": source.strip(), "reference": reference.strip()}
        )
        CalendarDay.objects.bulk_create(
            [CalendarDay(date=d, kind=DayKind.HOLIDAY, name=n, year=row) for d, n in sorted(holiday_items)]
            + [CalendarDay(date=d, kind=DayKind.WORKDAY, name=n, year=row) for d, n in sorted(workday_items)]
        )
        request_cache_clear()  # the request's calendar snapshot (selectors.calendar.working_calendar)
        audit_log_write(
            actor=actor,
            action="zwfw.core.calendar.year_loaded",
            obj=row,
            before=before,
            after=_snapshot(row),
        )
        transaction.on_commit(lambda: calendar_year_loaded.send(sender=CalendarYear, year=year))
    return row


# ---- files ----------------------------------------------------------------------------------


class _FileProblem(Exception):
    pass


def _parse_date(value: Any, where: str) -> list[dt.date]:
    """One date, or an inclusive range ``"2027-02-06..2027-02-13"``, as a list of dates."""
    if isinstance(value, dt.datetime):
        raise _FileProblem(f"{where}：{value}带有时刻，只能写日期")
    if isinstance(value, dt.date):
        return [value]
    if isinstance(value, str):
        text = value.strip()
        if text.count("..") == 1:
            first, _, last = text.partition("..")
            a, b = _iso(first.strip(), where), _iso(last.strip(), where)
            if b < a:
                raise _FileProblem(f"{where}：日期范围{text}的结束早于开始")
            return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]
        return [_iso(text, where)]
    raise _FileProblem(f"{where}：{value!r}不是日期（应写成YYYY-MM-DD，或范围YYYY-MM-DD..YYYY-MM-DD）")


def _iso(text: str, where: str) -> dt.date:
    if not _ISO_DATE.fullmatch(text):
        raise _FileProblem(f"{where}：{text!r}不是日期（应写成YYYY-MM-DD，或范围YYYY-MM-DD..YYYY-MM-DD）")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _FileProblem(f"{where}：{text}不是有效日期") from None


def _parse_dates(value: Any, where: str) -> list[dt.date]:
    items = value if isinstance(value, list) else [value]
    return [day for item in items for day in _parse_date(item, where)]


def _parse_named(value: Any, where: str) -> list[tuple[dt.date, str]]:
    """``{name: [dates…]}`` → [(date, name)]; a plain list gives unnamed dates."""
    if isinstance(value, dict):
        out = []
        for name, dates in value.items():
            if not isinstance(name, str) or not name.strip():
                raise _FileProblem(f"{where}：名称{name!r}应为节日名称（文字）")
            out += [(day, name.strip()) for day in _parse_dates(dates, f"{where}.{name}")]
        return out
    if isinstance(value, list):
        return [(day, "") for day in _parse_dates(value, where)]
    raise _FileProblem(f"{where}应为“节日名称: [日期…]”的映射或日期列表")


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _FileProblem(f"文件不存在：{path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _FileProblem(f"无法读取{path}：{exc}") from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise _FileProblem(f"JSON格式错误（第{exc.lineno}行第{exc.colno}列）：{exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"（第{mark.line + 1}行）" if mark is not None else ""
        raise _FileProblem(f"YAML格式错误{at}：{getattr(exc, 'problem', None) or exc}") from None
    except ValueError as exc:  # YAML reads 2027-02-30 as a date and fails here
        raise _FileProblem(f"日期无效：{exc}") from None


def calendar_file_parse(path: str | Path) -> dict[str, Any]:
    """Read a schedule file into :func:`calendar_year_load`'s keyword arguments (no actor).

    Raises ``ZwfwError(CoreErrorCode.CALENDAR_FILE_INVALID, reason=…)`` naming the problem.
    """
    path = Path(path)
    try:
        data = _read(path)
        if not isinstance(data, dict):
            raise _FileProblem("顶层应为映射，含 year、source、holidays、workdays")
        unknown = sorted(set(map(str, data)) - FILE_KEYS)
        if unknown:
            raise _FileProblem(f"未知字段：{'、'.join(unknown)}（可用字段：{'、'.join(sorted(FILE_KEYS))}）")
        missing = [k for k in ("year", "source", "holidays") if data.get(k) in (None, "", [], {})]
        if missing:
            raise _FileProblem(f"缺少字段：{'、'.join(missing)}")
        year = data["year"]
        if not isinstance(year, int) or isinstance(year, bool):
            raise _FileProblem(f"year应为整数年份，实为{year!r}")
        for key in ("source", "reference"):
            if data.get(key) is not None and not isinstance(data[key], str):
                raise _FileProblem(f"{key}应为文字")
        return {
            "year": year,
            "source": data["source"],
            "reference": data.get("reference") or "",
            "holidays": _parse_named(data["holidays"], "holidays"),
            "workdays": _parse_named(data.get("workdays") or [], "workdays"),
        }
    except _FileProblem as exc:
        raise ZwfwError(
            CoreErrorCode.CALENDAR_FILE_INVALID, detail={"path": str(path), "problem": str(exc)}, reason=str(exc)
        ) from None


def calendar_load_file(*, actor: Actor, path: str | Path) -> CalendarYear:
    """Load the schedule in a YAML or JSON file (``docs/calendar.md``) through :func:`calendar_year_load`.

    Any problem, in the file's shape or in the schedule itself, raises
    ``ZwfwError(CoreErrorCode.CALENDAR_FILE_INVALID, reason=…)`` and leaves the year as it was.
    """
    parsed = calendar_file_parse(path)
    try:
        return calendar_year_load(actor=actor, **parsed)
    except ZwfwError as exc:
        if exc.code is not CoreErrorCode.CALENDAR_SCHEDULE_INVALID:
            raise
        reason = exc.params["reason"]
        raise ZwfwError(
            CoreErrorCode.CALENDAR_FILE_INVALID, detail={"path": str(path), **exc.detail}, reason=reason
        ) from None


def package_schedule(year: int) -> dict[str, Any]:
    """``year``'s schedule as the pinned ``chinesecalendar`` package records it (2004–2026).

    Used by ``zwfw calendar load --from-package`` to (re)seed a database whose migration ran
    before the calendar was seeded. Raises ``CALENDAR_SCHEDULE_INVALID`` for a year it lacks.
    """
    import chinese_calendar
    from chinese_calendar.constants import Holiday, holidays, workdays

    names = {h.value: h.chinese for h in Holiday}
    days_h = sorted((d, names.get(v, v)) for d, v in holidays.items() if d.year == year)
    days_w = sorted((d, names.get(v, v)) for d, v in workdays.items() if d.year == year)
    if not days_h:
        raise ZwfwError(
            CoreErrorCode.CALENDAR_SCHEDULE_INVALID,
            detail={"year": year},
            reason=f"chinesecalendar {chinese_calendar.__version__} 没有{year}年的放假安排",
        )
    return {
        "year": year,
        "holidays": days_h,
        "workdays": days_w,
        "source": f"chinesecalendar {chinese_calendar.__version__}（国务院办公厅{year}年部分节假日安排的通知）",
        "reference": "https://github.com/LKI/chinese-calendar",
    }
