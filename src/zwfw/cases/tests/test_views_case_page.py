"""What staff see on a case page (issue 8.6, 8.8, 8.13): the filled form, masked for roles not
entitled to the full identifiers; files as links through the scoped view; decided dates; one
timeline row for the decision (the 即办件 finished at the window: ``test_demo_walk.py``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zwfw.cases.models import Case
from zwfw.cases.selectors import case_timeline
from zwfw.cases.services import case_accept, case_decide, case_step_complete
from zwfw.cases.services.workflow import step_get

pytestmark = pytest.mark.django_db


def test_window_and_review_pages_show_the_form_and_link_the_files(people, apply_case, client_for):
    case = apply_case()
    file_url = reverse("cases:material_file", args=[case.pk, "application_form"])
    window = client_for(people["clerk"]).get(reverse("cases:window_case", args=[case.pk])).content.decode()
    assert 'data-testid="case-form"' in window and "13800138000" in window  # the window: in full
    assert f'href="{file_url}"' in window and "SHA-256" not in window
    case_accept(actor=people["clerk"], case=case)
    review = client_for(people["reviewer"]).get(reverse("cases:review_case", args=[case.pk])).content.decode()
    form = review.split('data-testid="case-form"')[1].split("</dl>")[0]
    assert "张三丰" in form and "13800138000" not in form and "138****8000" in form  # masked
    assert f'href="{file_url}"' in review


def test_decided_cases_show_the_decision_date_and_one_timeline_row(people, apply_case, client_for):
    case = apply_case()
    case_accept(actor=people["clerk"], case=case)
    for key in ("review", "inspect"):
        case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, key))
    case = Case.objects.get(pk=case.pk)
    case_decide(actor=people["reviewer"], case=case, approved=True, reason="符合")
    case = Case.objects.get(pk=case.pk)
    events = [e["event"] for e in case_timeline(case)]
    assert events.count("决定") == 1
    html = client_for(people["person"]).get(reverse("cases:mine_case", args=[case.pk])).content.decode()
    assert 'data-testid="decided-at"' in html and f"{case.decided_at.astimezone().year}-" in html
