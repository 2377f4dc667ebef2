"""Two staff of the department sign one order at the same moment: exactly one wins, the other
gets 409 naming the state (PostgreSQL; SQLite serialises writers, so there is no real race)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from zwfw.hotline.errors import HotlineError
from zwfw.hotline.models import Status, WorkOrder
from zwfw.hotline.services import work_order_sign


@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_exactly_one_wins(hl, make_order):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers (BEGIN IMMEDIATE), so no real race")
    order = make_order()
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def sign(who: str, user) -> None:
        try:
            barrier.wait(timeout=10)
            work_order_sign(actor=user, order_id=order.pk)
            results[who] = "ok"
        except HotlineError as exc:
            results[who] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(w, u)) for w, u in (("a", hl.scjg), ("b", hl.scjg_admin))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    outcomes = sorted(results.values(), key=lambda r: r != "ok")
    assert outcomes[0] == "ok"
    loser = outcomes[1]
    assert isinstance(loser, HotlineError) and loser.status == 409 and "已签收" in loser.message
    order = WorkOrder.objects.get(pk=order.pk)
    assert order.status == Status.SIGNED and order.events.filter(kind="signed").count() == 1
