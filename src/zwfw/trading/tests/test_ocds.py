"""OCDS: export of sections as releases, and screens run on OCDS data (round trip and CLI)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from zwfw.trading.screens import BidTableError, screen_bids
from zwfw.trading.screens.ocds import bids_from_ocds
from zwfw.trading.services.ocds import release_package
from zwfw.trading.services.opening import section_open

from . import factories as f


def release(ocid: str, amounts: list[float], date: str = "2026-01-01T00:00:00Z") -> dict:
    return {
        "ocid": ocid,
        "id": f"{ocid}-1",
        "date": date,
        "tag": ["tender"],
        "tender": {"value": {"amount": 1000, "currency": "CNY"}},
        "bids": {
            "details": [
                {"id": f"b{i}", "tenderers": [{"id": f"org-{i}"}], "value": {"amount": a}}
                for i, a in enumerate(amounts)
            ]
        },
    }


def test_bids_from_release_package_and_record_package():
    package = {"releases": [release("ocds-1", [100, 103, 106, 109]), release("ocds-2", [500, 640, 700])]}
    table = bids_from_ocds(package)
    assert table.height == 7 and set(table["tender_id"]) == {"ocds-1", "ocds-2"}
    records = {"records": [{"ocid": "ocds-1", "compiledRelease": release("ocds-1", [100, 103, 106, 109])}]}
    assert bids_from_ocds(records).height == 4
    result = screen_bids(bids_from_ocds(package))
    flags = dict(zip(result.tenders["tender_id"], result.tenders["flags"], strict=True))
    assert "regular_price_pattern" in flags["ocds-1"]


def test_latest_release_wins_and_withdrawn_bids_are_skipped():
    old = release("ocds-1", [1, 2, 3], date="2026-01-01T00:00:00Z")
    new = release("ocds-1", [100, 200, 300], date="2026-02-01T00:00:00Z")
    new["bids"]["details"][0]["status"] = "withdrawn"
    table = bids_from_ocds([old, new])
    assert sorted(table["amount"].to_list()) == [200, 300]


def test_not_ocds_is_an_error():
    with pytest.raises(BidTableError):
        bids_from_ocds({"foo": 1})


@pytest.mark.django_db
def test_export_then_screen_round_trip(tmp_path):
    section = f.section()
    for p in (800_000_00, 824_000_00, 848_000_00, 872_000_50):
        f.bid(section, price_fen=p)
    sealed_package = release_package([section])
    assert "bids" not in sealed_package["releases"][0]  # sealed bids are never exported
    section = section_open(actor=f.supervisor(), section=section, now=f.after_opening(section))
    package = release_package([section])
    rel = package["releases"][0]
    assert rel["tender"]["value"] == {"amount": 10_000_000, "currency": "CNY"}
    assert [d["value"]["amount"] for d in rel["bids"]["details"]][-1] == 872000.5
    path = tmp_path / "ocds.json"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("trading_screen", "--ocds", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "tender_id,risk_score,flags" and rel["ocid"] in lines[1]
    out = io.StringIO()
    call_command("trading_ocds_export", "--section", str(section.pk), stdout=out)
    assert json.loads(out.getvalue())["releases"][0]["ocid"] == rel["ocid"]
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("trading_screen", "--ocds", str(bad))
