"""The stats pages (Chinese, server-rendered).

- 窗口月报 ``/stats/monthly/?month=2026-01&department=…|region=…``: the table per department
  with its 合计 line, month on month, two SVG bar charts, CSV and XLSX export links (the same
  selector as the API; exports under ``/stats/monthly.csv`` and ``/stats/monthly.xlsx``).
- 咨询登记 ``/stats/consultations/``: window clerks log phone and on-site consultations (the
  cases service ``consultation_log``, one call per 人次) and see today's log.

Thin: each view parses input, calls a selector or the service, and renders.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from zwfw.cases import selectors as case_selectors
from zwfw.cases.services import consultation_log
from zwfw.core.errors import ZwfwError
from zwfw.core.permissions import action_required
from zwfw.core.selectors.accounts import department_list
from zwfw.stats import selectors
from zwfw.stats.batch.monthly import MEASURES
from zwfw.stats.batch.months import last_complete_month, month_of
from zwfw.stats.charts import comparison_chart_svg, department_chart_svg
from zwfw.stats.exports import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, report_csv, report_filename, report_xlsx
from zwfw.stats.forms import ConsultationForm
from zwfw.stats.permissions import REPORT_VIEW

CONSULTATION_LOG = "cases.consultation.log"


def _default_month(user) -> str:
    """The month the report opens on: the latest month with a case submitted in ``user``'s scope
    (never after the current month), else the current month. Opening on last month showed an
    empty report whenever last month had no cases (the demo's cases are all from this month)."""
    now = timezone.now()
    latest = (
        case_selectors.case_list_for(user=user)
        .filter(submitted_at__isnull=False, submitted_at__lte=now)
        .values_list("submitted_at", flat=True)
        .first()
    )
    return str(month_of(latest) if latest else month_of(now))


def _filters(request: HttpRequest) -> dict[str, str]:
    return {
        "month": request.GET.get("month", "").strip()[:20] or _default_month(request.user),
        "department": request.GET.get("department", "").strip()[:32],
        "region": request.GET.get("region", "").strip()[:12],
        "scope": request.GET.get("scope", "").strip()[:20],
    }


def _report(request: HttpRequest, filters: dict[str, str]):
    return selectors.monthly_report_for(
        user=request.user,
        month=filters["month"],
        department=filters["department"],
        region=filters["region"],
        scope=filters["scope"],
    )


@require_GET
@action_required(REPORT_VIEW)
def monthly(request: HttpRequest) -> HttpResponse:
    """窗口月报: a bad month or a scope conflict is shown on the page with status 422."""
    filters = _filters(request)
    departments = department_list(user=request.user)
    context = {"filters": filters, "measures": MEASURES, "departments": departments}
    try:
        report = _report(request, filters)
    except ZwfwError as exc:
        context["error"] = exc.message
        return render(request, "stats/monthly.html", context, status=exc.status)
    query = urlencode({k: v for k, v in filters.items() if v})
    context.update(
        {
            "report": report,
            "rows": [(r, [(r.values[m.key], r.change(m.key)) for m in MEASURES]) for r in report.rows],
            "total": [report.total.values[m.key] for m in MEASURES],
            "centre": [report.centre.values[m.key] for m in MEASURES] if report.centre else None,
            "comparison": [
                (m, report.total.values[m.key], report.total.previous[m.key], report.total.change(m.key))
                for m in MEASURES
            ],
            # SVG built by our own code from integers and escaped names, no user markup
            "chart_mom": mark_safe(comparison_chart_svg(report)),  # noqa: S308
            "chart_departments": mark_safe(department_chart_svg(report)),  # noqa: S308
            "query": query,
        }
    )
    return render(request, "stats/monthly.html", context)


def _export(request: HttpRequest, write, media_type: str, ext: str) -> HttpResponse:
    try:
        report = _report(request, _filters(request))
    except ZwfwError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
    response = HttpResponse(write(report), content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{report_filename(report, ext)}"'
    return response


@require_GET
@action_required(REPORT_VIEW)
def monthly_csv(request: HttpRequest) -> HttpResponse:
    """The page's table as CSV (UTF-8 with BOM)."""
    return _export(request, report_csv, CSV_MEDIA_TYPE, "csv")


@require_GET
@action_required(REPORT_VIEW)
def monthly_xlsx(request: HttpRequest) -> HttpResponse:
    """The page's table as an XLSX workbook."""
    return _export(request, report_xlsx, XLSX_MEDIA_TYPE, "xlsx")


@require_http_methods(["GET", "POST"])
@action_required(CONSULTATION_LOG)
def consultations(request: HttpRequest) -> HttpResponse:
    """咨询登记: one consultation per person (人次); ``count`` logs several at once (a group at
    the counter), each through the service so each is audited."""
    departments = list(department_list(user=request.user))
    form = ConsultationForm(request.POST or None, departments=departments)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    for _ in range(data["count"]):
                        consultation_log(
                            actor=request.user,
                            channel=data["channel"],
                            department=data["department"],
                            topic=data["topic"],
                        )
            except ZwfwError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, f"已登记{data['count']}人次咨询")
                return redirect("stats:consultations")
        else:
            status = 422
    today = timezone.localdate()
    logged = list(case_selectors.consultation_list(user=request.user, start=today, end=today)[:200])
    counts = {"phone": 0, "onsite": 0}
    for row in logged:
        counts[row.channel] = counts.get(row.channel, 0) + 1
    return render(
        request,
        "stats/consultations.html",
        {"form": form, "logged": logged, "counts": counts, "today": today, "month": str(last_complete_month())},
        status=status,
    )
