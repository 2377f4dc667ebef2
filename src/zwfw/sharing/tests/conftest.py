"""Sharing fixtures: the catalog's published sample (reused), and a small data catalogue."""

from __future__ import annotations

from zwfw.catalog.tests.conftest import departments, published  # noqa: F401  (fixtures)
