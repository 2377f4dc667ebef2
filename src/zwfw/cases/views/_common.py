"""What the case consoles share: the case page's context, the action runner that turns a
service's error into a Chinese message with its 4xx status, the stale-page (409) check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from zwfw.cases import selectors
from zwfw.cases.errors import conflict
from zwfw.cases.models import Case, CaseStatus, StepStatus
from zwfw.core import page_actions
from zwfw.core.errors import ZwfwError

#: Status → CSS modifier of the status badge.
STATUS_TONE = {
    CaseStatus.SUBMITTED: "wait",
    CaseStatus.CORRECTION: "warn",
    CaseStatus.ACCEPTED: "run",
    CaseStatus.DECIDED: "run",
    CaseStatus.DELIVERED: "run",
    CaseStatus.COMPLETED: "ok",
    CaseStatus.REFUSED: "bad",
    CaseStatus.WITHDRAWN: "muted",
}


class FormError(Exception):
    """A form the service never saw was incomplete (422)."""

    status = 422

    def __init__(self, form) -> None:
        self.form = form
        errors = [str(e) for errs in form.errors.values() for e in errs]
        self.message = "；".join(errors) or "请检查填写的内容"
        super().__init__(self.message)


def check_row_version(case: Case, form) -> None:
    """The page was rendered from ``row_version``; if the case moved since, 409 naming its state."""
    seen = form.cleaned_data.get("row_version") if hasattr(form, "cleaned_data") else None
    if seen is not None and seen != case.row_version:
        raise conflict(status=case.status)


def valid(form):
    if not form.is_valid():
        raise FormError(form)
    return form


def run_action(
    request: HttpRequest,
    *,
    act: Callable[[], str],
    on_error: Callable[[str, int], HttpResponse],
    success_url: str,
) -> HttpResponse:
    """Run ``act`` (parse + one service call; returns the success message) and redirect, or
    render the page again via ``on_error(message, status)`` with the service's 4xx.

    Actions load the case with :func:`zwfw.cases.selectors.case_get_for` (no prefetch), never
    ``case_detail_for``: the services read related rows they have just written
    (``case.steps.all()`` after creating the steps), which a prefetched instance would answer
    from its stale cache.
    """
    return page_actions.run_action(request, act, on_error, success_url, errors=(ZwfwError, FormError))


def case_action(
    request: HttpRequest,
    case_id: int,
    handler: Callable[[HttpRequest, Case], str] | None,
    *,
    on_error: Callable[[str, int], HttpResponse],
    success_url: str,
) -> HttpResponse:
    """A console's ``POST …/<case_id>/<action>/``: ``handler`` is the action's entry in the
    console's table (``None``, an action it does not know: 404), run on the case the user may
    see through :func:`run_action`."""
    if handler is None:
        raise Http404("未知的操作")
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    return run_action(request, act=lambda: handler(request, case), on_error=on_error, success_url=success_url)


def delivery_of(case: Case):
    try:
        return case.delivery
    except Case.delivery.RelatedObjectDoesNotExist:
        return None


def form_rows(case: Case, viewer) -> list[dict[str, str]]:
    """The filled form (label, value) in the version's order; id numbers, phones and addresses
    masked by their kind for viewers not entitled to them (:func:`zwfw.core.pii.entitled`: the
    applicant, the intake clerk, platform admins)."""
    from zwfw.catalog.selectors import version_content_get
    from zwfw.core import pii

    fields = version_content_get(case.version)["elements"]["form"]
    full = pii.entitled(viewer, case.applicant_id)
    rows = []
    for f in fields:
        value = str(case.form_data.get(f["element"], "") or "")
        if not value:
            continue
        if not full:
            value = pii.mask(pii.element_kind(f["element"], f.get("type", "")), value)
        rows.append({"element": f["element"], "label": f["label"], "value": value})
    return rows


def case_context(case: Case, viewer=None) -> dict[str, Any]:
    """The parts every case page shows: timeline, materials, notices, pledges, steps, the form."""
    notices = list(case.correction_notices.all())
    open_notice = next((n for n in notices if n.resolved_at is None), None)
    steps = list(case.steps.all())
    return {
        "case": case,
        "tone": STATUS_TONE.get(case.status, "muted"),
        "timeline": selectors.case_timeline(case),
        "materials": list(case.materials.all()),
        "open_notice": open_notice if case.status == CaseStatus.CORRECTION else None,
        "notices": notices,
        "pledges": list(case.shortfall_pledges.all()),
        "steps": steps,
        "active_steps": [s for s in steps if s.status == StepStatus.ACTIVE],
        "open_stop": next((s for s in case.clock_stops.all() if s.ended_on is None), None),
        "delivery": delivery_of(case),
        "form_rows": form_rows(case, viewer),
    }
