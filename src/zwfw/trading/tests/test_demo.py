"""The demo data loads, is idempotent, and leaves a flagged section in the supervisor's queue."""

from __future__ import annotations

import pytest
from django.apps import apps

from zwfw.core.models import User
from zwfw.core.services.seed import demo_accounts_ensure
from zwfw.trading import selectors


@pytest.mark.django_db
def test_demo_loads_twice_and_flags_a_section(seeded):
    demo_accounts_ensure(actor=None)
    config = apps.get_app_config("trading")
    first = config.load_demo_data()
    assert first["项目"] == 2 and first["投标"] == 4 and first["专家"] == 9
    assert config.load_demo_data() == {"项目": 0, "投标": 0, "专家": 0}
    queue = list(selectors.risk_queue_for(user=User.objects.get(username="trading")))
    assert queue and "rule:same_bond_account" in queue[0].risk_flags
    assert selectors.expert_queue_count(user=User.objects.get(username="expert")) == 0
