"""Limit/offset pagination with bounds, for every paginated API list.

django-ninja's ``LimitOffsetPagination`` leaves ``limit`` (with the default settings) and
``offset`` unbounded, so ``?offset=99999999999999999999`` reaches the database as an integer
beyond 64 bits and the request fails with a 500. Here both are bounded: anything outside the
bounds is a 422 naming the field, like every other bad input.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

PER_PAGE = 100  # django-ninja's default page size, kept
MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000_000  # far beyond any list anyone pages through; keeps SQL OFFSET in 64 bits


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """``LimitOffsetPagination`` whose ``limit`` is 1…1000 and ``offset`` 0…10⁹."""

    class Input(Schema):
        limit: int = Field(PER_PAGE, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
