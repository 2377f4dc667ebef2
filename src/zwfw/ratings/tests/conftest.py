"""Ratings fixtures: the cases app's test item and users (imported from the cases tests), a
helper that runs a case to 办结, and the ratings' own users (hub, hotline operator)."""

from __future__ import annotations

import pytest

from zwfw.cases.tests import conftest as cases_fixtures
from zwfw.core.models import Role
from zwfw.core.tests import factories

# The cases app's fixtures, re-exported (licences is autouse there, and so here).
apply_case = cases_fixtures.apply_case
item = cases_fixtures.item
licences = cases_fixtures.licences
people = cases_fixtures.people


def finish(case, people):
    """Run a submitted case of the cases test item to 办结 (accept → review ∥ inspect → decide →
    post → complete)."""
    from zwfw.cases.services import case_accept, case_complete, case_decide, case_deliver, case_step_complete
    from zwfw.cases.services.workflow import step_get

    case_accept(actor=people["clerk"], case=case)
    case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, "review"), opinion="ok")
    case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, "inspect"), opinion="ok")
    case_decide(actor=people["reviewer"], case=case, approved=True, reason="符合条件")
    case_deliver(actor=people["clerk"], case=case, method="post", tracking_number="SF1", carrier="顺丰")
    case_complete(actor=people["clerk"], case=case)
    case.refresh_from_db()
    return case


@pytest.fixture
def users(people):
    mk = factories.make_user
    factories.make_department("510000", "zwfw")
    factories.make_department("510700", "zwfw")
    return {
        **people,
        "hub": mk(role=Role.DEPT_ADMIN, username="r_hub", department="510100-zwfw"),
        "hub_my": mk(role=Role.DEPT_ADMIN, username="r_hub_my", department="510700-zwfw"),
        "hotline": mk(role=Role.HOTLINE_OPERATOR, username="r_hotline", department="510100-zwfw"),
        "hotline_my": mk(role=Role.HOTLINE_OPERATOR, username="r_hotline_my", department="510700-zwfw"),
    }


@pytest.fixture
def done_case(users, apply_case):
    """A case of ``person`` run to 办结."""
    return finish(apply_case(), users)
