"""The catalog's search pages: 搜索结果 (public) and 检索词维护 for the synonym table's editors
(``catalog.search.edit``).

Every search is counted in the query log (normalised, digit runs masked, nothing about the
person); opening a result sends the query to ``POST /api/v1/catalog/search/clicks``
(``static/catalog/search.js``), which is how the editors' page finds queries whose results
nobody opens.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from zwfw.catalog import permissions
from zwfw.catalog.errors import CatalogError
from zwfw.catalog.guides.pages import rows_for_codes
from zwfw.catalog.search import item_search_explained
from zwfw.catalog.search import synonyms as synonym_services
from zwfw.catalog.search.querylog import (
    search_log_low_clicks,
    search_log_record,
    search_log_zero_results,
)

SEARCH_LIMIT = 30
QUERY_MAX = 100


@require_GET
def item_search(request: HttpRequest) -> HttpResponse:
    """搜索结果: ranked hits of :func:`zwfw.catalog.search.item_search` (colloquial queries work)."""
    query = " ".join(request.GET.get("q", "").split())[:QUERY_MAX]
    region = request.GET.get("region", "")
    region = region if region.isdigit() else ""
    rows, understood, cut_off = [], None, 0
    if query:
        result = item_search_explained(query=query, region_code=region or None, limit=SEARCH_LIMIT)
        rows = rows_for_codes([hit.implementation_code for hit in result.hits])
        understood, cut_off = result.understanding, result.cut_off
        search_log_record(query=query, results=len(rows))
    return render(
        request,
        "catalog/search.html",
        {
            "query": query,
            "region": region,
            "rows": rows,
            "understood": understood,
            "cut_off": cut_off,
        },
    )


def _can_edit(request: HttpRequest) -> None:
    if not permissions.can(request.user, permissions.SEARCH_EDIT):
        raise PermissionDenied("需要权限：维护检索同义词、查看检索日志")


@login_required
@require_http_methods(["GET", "POST"])
def search_insights(request: HttpRequest) -> HttpResponse:
    """检索词维护: zero-result and low-click queries of the last 30 days, and the synonym table
    (add a row; switch a row on or off)."""
    _can_edit(request)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "toggle":
                row = synonym_services.search_synonym_get(synonym_id=int(request.POST.get("id") or 0))
                synonym_services.search_synonym_update(
                    actor=request.user, synonym_id=row.pk, is_active=not row.is_active
                )
                messages.success(request, f"已{'停用' if row.is_active else '启用'}“{row.term}”")
            else:
                words = [w for w in request.POST.get("official", "").replace("，", ",").split(",") if w.strip()]
                row = synonym_services.search_synonym_create(
                    actor=request.user,
                    term=request.POST.get("term", ""),
                    official=words,
                    note=request.POST.get("note", ""),
                )
                messages.success(request, f"已添加“{row.term}” → {'、'.join(row.official)}")
        except CatalogError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, "参数有误")
        return HttpResponseRedirect(reverse("catalog:search_insights"))
    return render(
        request,
        "catalog/search_insights.html",
        {
            "zero": search_log_zero_results(days=30, limit=50),
            "low": search_log_low_clicks(days=30, limit=50),
            "synonyms": synonym_services.search_synonym_list(),
            "can_change": synonym_services.synonyms_changeable_by(request.user),
        },
    )
