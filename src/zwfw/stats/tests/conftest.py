"""Stats fixtures: one generated world (cases, deliveries, consultations over December 2025 –
February 2026) and staff users placed in 成都市, 绵阳市 and the province."""

from __future__ import annotations

import pytest

from zwfw.core.models import Role
from zwfw.core.tests import factories
from zwfw.stats.tests.factories import World, generate_specs, world_insert


@pytest.fixture
def world(db) -> World:
    w = generate_specs()
    world_insert(w)
    return w


@pytest.fixture
def users(db):
    mk = factories.make_user
    return {
        "admin": mk(role=Role.PLATFORM_ADMIN, username="s_admin"),
        "clerk_cd": mk(role=Role.WINDOW_CLERK, username="s_clerk_cd", region="510100"),
        "clerk_my": mk(role=Role.WINDOW_CLERK, username="s_clerk_my", region="510700"),
        "dept_admin_scjg": mk(role=Role.DEPT_ADMIN, username="s_dadmin", department="510000-scjg"),
        "reviewer": mk(role=Role.REVIEWER, username="s_rev", department="510100-scjg"),
        "person": mk(role=Role.PERSON, username="s_person"),
    }
