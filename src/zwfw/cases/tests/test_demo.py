"""The demo hook creates cases in several states, once."""

from __future__ import annotations

import pytest
from django.apps import apps

from zwfw.cases.models import Case


@pytest.mark.django_db
def test_demo_cases_are_created_once(seeded):
    from zwfw.core.services.seed import demo_accounts_ensure

    demo_accounts_ensure(actor=None)
    apps.get_app_config("catalog").load_demo_data()
    if apps.is_installed("zwfw.licences"):
        apps.get_app_config("licences").load_demo_data()
    summary = apps.get_app_config("cases").load_demo_data()
    assert "失败" not in summary, summary
    states = set(Case.objects.values_list("status", flat=True))
    assert {"submitted", "correction", "accepted", "decided", "completed"} <= states
    count = Case.objects.count()
    again = apps.get_app_config("cases").load_demo_data()
    assert Case.objects.count() == count and "已存在" in again
