"""The old 监管收件箱 ``/cases/supervision/`` now lives in the supervision app
(``/supervision/inbox/``): the GET redirects there. The two form targets stay (bookmarked forms
and the cases API call the same services) and answer with a redirect to the new inbox, the
service's message shown there (errors keep their 4xx status with a short page).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_POST

from zwfw.cases import permissions as perms
from zwfw.cases import selectors
from zwfw.cases.forms import VerifyForm
from zwfw.cases.services import pledge_verification_complete, supervision_notice_mark_read
from zwfw.cases.views._common import run_action, valid
from zwfw.core.permissions import action_required


def _inbox_url() -> str:
    return reverse("supervision:inbox")


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    messages.error(request, message)
    response = redirect(_inbox_url())
    if status >= 400:
        # keep the service's status for API-like callers; browsers follow the message page
        response = HttpResponse(
            f'<!doctype html><meta charset="utf-8"><title>监管收件箱</title><p role="alert">{escape(message)}</p>'
            f'<p><a href="{_inbox_url()}">返回监管收件箱</a></p>',
            status=status,
        )
    return response


@require_GET
@action_required(perms.SUPERVISION_VIEW)
def inbox(request: HttpRequest) -> HttpResponse:
    return redirect(_inbox_url())


@require_POST
@action_required(perms.SUPERVISION_VIEW)
def notice_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = selectors.supervision_notice_get_for(user=request.user, notice_id=notice_id)

    def act() -> str:
        supervision_notice_mark_read(actor=request.user, notice=notice)
        return f"已阅知：{notice.case.number}"

    return run_action(request, act=act, on_error=lambda msg, st: _error(request, msg, st), success_url=_inbox_url())


@require_POST
@action_required(perms.VERIFY)
def verification_complete(request: HttpRequest, verification_id: int) -> HttpResponse:
    verification = selectors.pledge_verification_get_for(user=request.user, verification_id=verification_id)

    def act() -> str:
        form = valid(VerifyForm(request.POST, prefix=f"v{verification_id}"))
        pledge_verification_complete(
            actor=request.user,
            verification=verification,
            passed=form.cleaned_data["passed"] == "1",
            result=form.cleaned_data["result"],
        )
        return f"核查结果已记录：{verification.case.number}"

    return run_action(request, act=act, on_error=lambda msg, st: _error(request, msg, st), success_url=_inbox_url())
