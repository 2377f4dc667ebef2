"""窗口月报 opens on the latest month with data in the caller's scope, else the current month
(issue 8: it opened on an empty last month)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zwfw.core.tests.factories import login_client
from zwfw.stats.batch.months import month_of

URL = "/stats/monthly/"


def _month_field(html: str) -> str:
    marker = 'name="month" type="month" value="'
    start = html.index(marker) + len(marker)
    return html[start : start + 7]


def test_default_month_is_the_latest_month_with_cases(world, users):
    """The world's cases end on 2026-02-05 (Beijing time): the report opens on February 2026."""
    response = login_client(users["admin"]).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert _month_field(html) == "2026-02"
    assert "2026年2月" in html
    # the CSV export without a month uses the same default
    csv = login_client(users["admin"]).get("/stats/monthly.csv")
    assert csv.status_code == 200
    assert "2026-02" in csv["Content-Disposition"]


def test_default_month_without_cases_is_the_current_month(users):
    response = login_client(users["admin"]).get(URL)
    assert response.status_code == 200
    assert _month_field(response.content.decode()) == str(month_of(timezone.now()))


def test_default_month_follows_the_callers_scope(world, users):
    """The 绵阳 clerk's latest case is not 成都's: the default is computed in the caller's scope."""
    from zwfw.cases.selectors import case_list_for

    latest = case_list_for(user=users["clerk_my"]).values_list("submitted_at", flat=True).first()
    expected = str(month_of(latest)) if latest else str(month_of(timezone.now()))
    html = login_client(users["clerk_my"]).get(URL).content.decode()
    assert _month_field(html) == expected


def test_a_future_case_does_not_move_the_default_past_this_month(world, users):
    from zwfw.cases.selectors import case_list_for

    case = case_list_for(user=users["admin"]).first()
    type(case).objects.filter(pk=case.pk).update(submitted_at=timezone.now() + dt.timedelta(days=400))
    html = login_client(users["admin"]).get(URL).content.decode()
    assert _month_field(html) == "2026-02"
