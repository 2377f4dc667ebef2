"""监管收件箱 ``/cases/supervision/``: 审管联动 — every decision sent to the supervising department
named in the element table (监管主体) — and the 告知承诺 verification tasks with a form to record
the result (核查属实 / 承诺不实). Scoped to the user's department subtree by the selectors.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zwfw.cases import permissions as perms
from zwfw.cases import selectors
from zwfw.cases.forms import VerifyForm
from zwfw.cases.models import PledgeVerificationStatus
from zwfw.cases.services import pledge_verification_complete, supervision_notice_mark_read
from zwfw.cases.views._common import run_action, valid
from zwfw.core.permissions import action_required

LIMIT = 100


def _render(request: HttpRequest, *, error: str = "", status: int = 200, form_for: int | None = None) -> HttpResponse:
    notices = list(selectors.supervision_inbox(user=request.user)[:LIMIT])
    tasks = list(selectors.pledge_verification_list(user=request.user, status=PledgeVerificationStatus.PENDING)[:LIMIT])
    done = list(
        selectors.pledge_verification_list(user=request.user).exclude(status=PledgeVerificationStatus.PENDING)[:20]
    )
    bound = request.POST if error and form_for else None
    rows = [(t, VerifyForm(bound if t.pk == form_for else None, prefix=f"v{t.pk}")) for t in tasks]
    ctx = {
        "notices": notices,
        "unread": sum(1 for n in notices if n.read_at is None),
        "tasks": rows,
        "done": done,
        "error": error,
    }
    return render(request, "cases/supervision.html", ctx, status=status)


@require_GET
@action_required(perms.SUPERVISION_VIEW)
def inbox(request: HttpRequest) -> HttpResponse:
    return _render(request)


@require_POST
@action_required(perms.SUPERVISION_VIEW)
def notice_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = selectors.supervision_notice_get_for(user=request.user, notice_id=notice_id)

    def act() -> str:
        supervision_notice_mark_read(actor=request.user, notice=notice)
        return f"已阅知：{notice.case.number}"

    return run_action(
        request,
        act=act,
        on_error=lambda msg, st: _render(request, error=msg, status=st),
        success_url=reverse("cases:supervision"),
    )


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

    return run_action(
        request,
        act=act,
        on_error=lambda msg, st: _render(request, error=msg, status=st, form_for=verification_id),
        success_url=reverse("cases:supervision"),
    )
