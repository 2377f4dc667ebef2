"""``zwfw trading screen --bids FILE.csv``: the CSV contract, bad input, and no database needed."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from zwfw.cli import resolve

CSV = """tender_id,bidder_id,amount,reserve_price,date
T1,a,100,110,2026-01-05
T1,b,103,110,2026-01-05
T1,c,106,110,2026-01-05
T1,d,109,110,2026-01-05
T2,a,100,,2026-01-06
T2,e,109,,2026-01-06
T2,f,121,,2026-01-06
T2,g,142,,2026-01-06
"""


def test_resolves_to_the_command():
    assert resolve(["trading", "screen", "--bids", "x.csv"], {"trading_screen"}) == [
        "trading_screen",
        "--bids",
        "x.csv",
    ]


def test_prints_tender_scores_as_csv(tmp_path):
    path = tmp_path / "bids.csv"
    path.write_text(CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("trading_screen", "--bids", str(path), stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert out.getvalue().splitlines()[0] == "tender_id,risk_score,flags"
    by_id = {r["tender_id"]: r for r in rows}
    assert set(by_id) == {"T1", "T2"}
    assert "regular_price_pattern" in by_id["T1"]["flags"].split(";")
    assert by_id["T2"]["flags"] == ""
    assert float(by_id["T1"]["risk_score"]) > float(by_id["T2"]["risk_score"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("tender_id,amount\n1,2\n", "bidder_id"),
        ("tender_id,bidder_id,amount\n1,a,abc\n", "无效"),
    ],
)
def test_bad_files_are_command_errors(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("trading_screen", "--bids", str(path))


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="找不到"):
        call_command("trading_screen", "--bids", str(tmp_path / "none.csv"))


def test_runs_without_a_database(tmp_path):
    """The console command against a database file that cannot exist: it must not touch it."""
    path = tmp_path / "bids.csv"
    path.write_text(CSV, encoding="utf-8")
    env = {
        **os.environ,
        "ZWFW_DEBUG": "1",
        "ZWFW_DATABASE_URL": f"sqlite:///{tmp_path}/no/such/dir/db.sqlite3",
        "DJANGO_SETTINGS_MODULE": "zwfw.settings.base",
    }
    proc = subprocess.run(
        [sys.executable, "-c", "from zwfw.cli import main; main()", "trading", "screen", "--bids", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "tender_id,risk_score,flags"
    assert not (tmp_path / "no").exists()
