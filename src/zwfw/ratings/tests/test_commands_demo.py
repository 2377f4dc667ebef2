"""The operator commands and the demo data hook."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zwfw.ratings.models import BlockedMatter, Rating, Rectification

pytestmark = pytest.mark.django_db


def test_escalate_and_figures_commands(db):
    out = io.StringIO()
    call_command("ratings_escalate", "--today", "2026-10-27", stdout=out)
    assert "一级督办（部门） 0 项" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("ratings_escalate", "--today", "27/10/2026")
    out = io.StringIO()
    call_command("ratings_figures", "--group-by", "month", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("合计\t0")
    with pytest.raises(CommandError):
        call_command("ratings_figures", "--month", "2026-13")


def test_demo_data_is_idempotent(seeded):
    from django.apps import apps

    from zwfw.core.services.seed import demo_accounts_ensure
    from zwfw.ratings.apps import RatingsConfig

    demo_accounts_ensure(actor=None)
    config: RatingsConfig = apps.get_app_config("ratings")
    assert "1条差评整改" in config.load_demo_data()
    assert config.load_demo_data() == "已存在"
    assert Rating.objects.count() == 2 and Rectification.objects.count() == 1 and BlockedMatter.objects.count() == 1
