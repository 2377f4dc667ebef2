"""Sharing fixtures: the catalog's published sample (reused), and a small data catalogue."""

from __future__ import annotations

import pytest

from zwfw.catalog.tests.conftest import departments, published  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _fresh_graph():
    """The 关联图谱 is cached per process: each test builds its own."""
    from zwfw.sharing.graph import graph_clear

    graph_clear()
    yield
    graph_clear()
