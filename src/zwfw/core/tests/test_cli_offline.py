"""Offline commands run on a fresh checkout without a configured secret key (others evaluate them so)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_trading_screen_runs_without_a_secret_key_or_a_database(tmp_path: Path):
    bids = tmp_path / "bids.csv"
    bids.write_text(
        "tender_id,bidder_id,amount\n" + "".join(f"T1,B{i},{1000 + i}\n" for i in range(4)), encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZWFW_") and k != "DJANGO_SETTINGS_MODULE"}
    env["ZWFW_DATA_DIR"] = str(tmp_path / "no-data")  # no demo key file there, no database
    result = subprocess.run(
        [sys.executable, "-m", "zwfw.cli", "trading", "screen", "--bids", str(bids)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[0] == "tender_id,risk_score,flags"
    assert not (tmp_path / "no-data").exists() or not any((tmp_path / "no-data").glob("*.sqlite3"))


def test_other_commands_still_need_a_key_when_debug_is_off(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZWFW_") and k != "DJANGO_SETTINGS_MODULE"}
    env["ZWFW_DATA_DIR"] = str(tmp_path / "no-data")
    result = subprocess.run(
        [sys.executable, "-m", "zwfw.cli", "migrate", "--check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "ZWFW_SECRET_KEY" in result.stderr
