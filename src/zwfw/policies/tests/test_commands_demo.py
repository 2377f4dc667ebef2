"""The CLI commands and the demo loader (idempotent)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from zwfw.policies.demo import demo_load
from zwfw.policies.models import EnterpriseProfile, Grant, MatchRun, Policy, SupportItem
from zwfw.policies.tests.conftest import csv_bytes

pytestmark = pytest.mark.django_db


def test_import_and_match_commands(tmp_path, capsys, enterprise, policy, profiles):
    f = tmp_path / "hr.csv"
    f.write_bytes(csv_bytes(["uscc", "employees"], [[enterprise.uscc, "55"], ["X", "1"]]))
    call_command("policies_import", str(f), source="人社")
    out = capsys.readouterr().out
    assert "导入 1 行" in out and "第3行" in out
    call_command("policies_match")
    out = capsys.readouterr().out
    assert "已完成" in out and "auto: 符合 1" in out
    with pytest.raises(CommandError):
        call_command("policies_import", str(tmp_path / "missing.csv"), source="人社")
    with pytest.raises(CommandError):
        call_command("policies_match", resume=MatchRun.objects.get().pk)


def test_demo_load_is_idempotent(seeded, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    first = demo_load(enterprises=80)
    assert first["新增政策"] >= 20 and first["导入企业"] == 80
    assert Policy.objects.filter(status="in_force").exists() and Policy.objects.filter(status="expired").exists()
    assert SupportItem.objects.count() >= 23
    grants = Grant.objects.count()
    assert grants > 0
    second = demo_load(enterprises=80)
    assert second["新增政策"] == 0 and second["导入企业"] == 0
    assert EnterpriseProfile.objects.count() == 80 and Grant.objects.count() == grants
    assert MatchRun.objects.count() == 1
