"""The database settings that ``ZWFW_*`` variables decide (``zwfw.settings.database``): on PostgreSQL
the server binds parameters and prepares repeated statements unless
``ZWFW_DB_PREPARE_THRESHOLD=0``; SQLite keeps its own options. Read in a subprocess: settings are
computed once, when the process imports them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

_SCRIPT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "d = s.DATABASES['default']; print(json.dumps([d['ENGINE'], d.get('OPTIONS', {})]))"
)


def _database_settings(tmp_path, **variables: str) -> tuple[str, dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZWFW_") and k != "DJANGO_SETTINGS_MODULE"}
    env |= {"ZWFW_DATA_DIR": str(tmp_path), "ZWFW_SECRET_KEY": "k" * 50, "DJANGO_SETTINGS_MODULE": "zwfw.settings.base"}
    env |= {f"ZWFW_{k}": v for k, v in variables.items()}
    result = subprocess.run([sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    engine, options = json.loads(result.stdout)
    return engine, options


PG = "postgres://zwfw@127.0.0.1:5432/zwfw"  # not connected to: settings only


def test_postgresql_binds_on_the_server_and_prepares_from_the_fifth_run_by_default(tmp_path):
    engine, options = _database_settings(tmp_path, DATABASE_URL=PG)
    assert engine == "django.db.backends.postgresql"
    assert options == {"server_side_binding": True, "prepare_threshold": 5}


@pytest.mark.parametrize(("value", "expected"), [("2", 2), ("0", None), ("-3", None)])
def test_the_prepare_threshold_is_configurable_and_zero_restores_djangos_default(tmp_path, value, expected):
    _, options = _database_settings(tmp_path, DATABASE_URL=PG, DB_PREPARE_THRESHOLD=value)
    if expected is None:  # Django's default: client-side binding, nothing prepared
        assert "server_side_binding" not in options
        assert "prepare_threshold" not in options
    else:
        assert options == {"server_side_binding": True, "prepare_threshold": expected}


def test_sqlite_keeps_its_own_options(tmp_path):
    engine, options = _database_settings(tmp_path)
    assert engine == "django.db.backends.sqlite3"
    assert "server_side_binding" not in options
    assert options["transaction_mode"] == "IMMEDIATE"
