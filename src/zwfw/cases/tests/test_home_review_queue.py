"""The reviewer's home lists the steps its 待办环节 count counts (issue 8 item 10)."""

from __future__ import annotations

import pytest

from zwfw.cases.selectors import review_queue
from zwfw.cases.services import case_accept
from zwfw.core.tests.factories import login_client

pytestmark = pytest.mark.django_db


def test_reviewer_home_lists_the_queue_it_counts(people, apply_case):
    reviewer = people["reviewer"]
    empty = login_client(reviewer).get("/").content.decode()
    assert "暂无待审批的办件环节" in empty
    case = apply_case()
    case_accept(actor=people["clerk"], case=case)
    steps = list(review_queue(user=reviewer))
    assert steps, "the accepted case waits for the reviewer"
    html = login_client(reviewer).get("/").content.decode()
    assert case.number in html
    assert f"/cases/review/{case.pk}/" in html
    assert "暂无待审批的办件环节" not in html
