"""Licence numbers (证照编号) and verification codes (核验码).

Numbers
-------
``<type code>-<year>-<sequence>``, e.g. ``business_licence-2026-000042``: the type's code, the
year of issue (Asia/Shanghai) and a sequence per type and year, zero-padded to six digits (it
simply grows wider past 999999). No national numbering scheme for e-licence numbers was
available to us (GB/T 36902 is unconfirmed, DOMAIN.md), so the scheme is ours: readable,
unique platform-wide and sortable by issue order within a type and year.

Concurrency: the counter row of (type, year) is created if missing with an INSERT that ignores
a conflict (two first issuers of a year cannot both create it), then locked with
``SELECT … FOR UPDATE`` and incremented in the caller's transaction, so two concurrent issuers
queue on the row and never get the same number; a rolled-back issue gives its number back. On
SQLite the write transaction itself is the lock (transactions begin IMMEDIATE, see
``zwfw.settings.database``). The unique index on ``LicenceHolding.number`` is the last line of
defence.

Verification codes
------------------
Ten characters from a 32-symbol alphabet without look-alikes (0/O, 1/I), from ``secrets``:
50 bits, so guessing a code for a known number is not practical; compared in constant time.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from zwfw.core.prepared import PreparedRead, update_where
from zwfw.licences.models import LicenceNumberCounter, LicenceType

VERIFY_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
VERIFY_LENGTH = 10
SEQUENCE_WIDTH = 6


def verify_code_new() -> str:
    return "".join(secrets.choice(VERIFY_ALPHABET) for _ in range(VERIFY_LENGTH))


# every issuance locks its counter: compiled once per process (issue 9)
_COUNTER: PreparedRead[LicenceNumberCounter] = PreparedRead(
    lambda type_id, year: (
        LicenceNumberCounter.objects.select_for_update().filter(type_id=type_id, year=year).order_by()
    ),
    arity=2,
)


def licence_number_next(*, licence_type: LicenceType, year: int | None = None) -> str:
    """The next number of ``licence_type`` in ``year`` (default: this year), reserved in the caller's
    transaction (see the module docstring)."""
    year = year or timezone.localdate().year
    # no savepoint inside the caller's transaction (issue 9: two statements fewer per licence):
    # nothing in here is caught and recovered from, a failure fails the caller's transaction
    with transaction.atomic(savepoint=False):
        LicenceNumberCounter.objects.bulk_create(
            [LicenceNumberCounter(type=licence_type, year=year, last=0)], ignore_conflicts=True
        )
        counter = _COUNTER.first(licence_type.pk, year)
        if counter is None:  # pragma: no cover - inserted just above unless it was there already
            raise LicenceNumberCounter.DoesNotExist(f"{licence_type.code} {year}")
        counter.last += 1
        update_where(LicenceNumberCounter, where={"pk": counter.pk}, values={"last": counter.last})
    return f"{licence_type.code}-{year}-{counter.last:0{SEQUENCE_WIDTH}d}"
