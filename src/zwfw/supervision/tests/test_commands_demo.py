"""The operator commands and the demo data."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from zwfw.supervision.demo import demo_supervision_ensure, demo_uscc
from zwfw.supervision.models import CreditEvent, SupervisedEntity

pytestmark = pytest.mark.django_db


def test_import_command_all_or_nothing(tmp_path, capsys, depts):
    good = tmp_path / "good.csv"
    good.write_text(
        "subject_kind,subject_id,subject_name,kind,severity,occurred_on,note\n"
        f"enterprise,{demo_uscc(1)},示例,violation,2,2026-01-05,导入\n",
        encoding="utf-8",
    )
    call_command("supervision_import", str(good))
    assert "1 条" in capsys.readouterr().out and CreditEvent.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text(good.read_text(encoding="utf-8") + "enterprise,123,坏,violation,1,2026-01-05,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第2行"):
        call_command("supervision_import", str(bad))
    assert CreditEvent.objects.count() == 1
    call_command("supervision_grade", demo_uscc(1))
    assert "信用等级 C" in capsys.readouterr().out


def test_demo_is_idempotent(depts):
    assert demo_supervision_ensure() is not None
    assert demo_supervision_ensure() is None
    assert SupervisedEntity.objects.count() == 10
