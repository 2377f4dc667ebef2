"""办件查询 ``/cases/lookup/``: anyone with the 办件编号 and its 查询码 sees the progress — status,
due date, 办理进度 — and no personal data (the name masked, no id number, phone or address;
:func:`zwfw.cases.selectors.case_public_lookup`). A wrong pair and an unknown number read the same.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zwfw.cases import selectors
from zwfw.cases.forms import LookupForm
from zwfw.core.errors import ZwfwError


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET or None)
    ctx: dict = {"form": form, "result": None, "error": ""}
    status = 200
    if form.is_bound and form.is_valid():
        try:
            ctx["result"] = selectors.case_public_lookup(
                number=form.cleaned_data["number"], verify_code=form.cleaned_data["code"]
            )
        except ZwfwError as exc:
            ctx["error"], status = exc.message, exc.status
    elif form.is_bound:
        ctx["error"], status = "请填写办件编号和查询码", 422
    return render(request, "cases/lookup.html", ctx, status=status)
