"""Concurrent issuance: numbers stay unique and gap-free (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection, connections

from zwfw.core.tests.factories import make_department
from zwfw.licences.models import LicenceHolding
from zwfw.licences.tests.factories import PERSON_ID, issue, make_type

THREADS = 8
EACH = 5


# Decided at collection, so on SQLite no transactional database is set up (and flushed) for nothing.
needs_postgresql = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="needs PostgreSQL row locks; SQLite serialises whole write transactions (IMMEDIATE)",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuance_gives_unique_consecutive_numbers():
    """Eight threads issue five licences each of a type with no counter row yet.

    (The migrations' regions are reloaded after any earlier transactional test's flush: conftest.)
    """
    assert connection.vendor == "postgresql"
    # No counter row for this type and year yet: the first issuers also race to create it.
    make_type()
    make_department("510107", "mz")
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work():
        try:
            barrier.wait()
            for _ in range(EACH):
                issue(holder_id_number=PERSON_ID)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = list(LicenceHolding.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == THREADS * EACH
    sequences = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert sequences == list(range(1, 1 + THREADS * EACH))
