"""Two clerks accept one case at the same moment: exactly one succeeds, the other gets 409."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from zwfw.cases.errors import CaseError
from zwfw.cases.models import Case, CaseStatus
from zwfw.cases.services import case_accept


@pytest.mark.django_db(transaction=True)
def test_concurrent_accept_exactly_one_wins(people, apply_case):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers (BEGIN IMMEDIATE), so no real race")
    case = apply_case()
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def accept(who: str) -> None:
        try:
            mine = Case.objects.get(pk=case.pk)  # each thread reads the case (row_version 0) itself
            barrier.wait(timeout=10)
            case_accept(actor=people[who], case=mine)
            results[who] = "ok"
        except CaseError as exc:
            results[who] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(who,)) for who in ("clerk", "clerk2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    outcomes = sorted(results.values(), key=lambda r: r != "ok")
    assert outcomes[0] == "ok"
    loser = outcomes[1]
    assert isinstance(loser, CaseError) and loser.status == 409
    assert loser.code.code in {"case_conflict", "case_illegal_transition"} and "已受理" in loser.message
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.row_version >= 1
    assert case.steps.filter(key="review").count() == 1  # the workflow was started once
