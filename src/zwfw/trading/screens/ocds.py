"""Reading OCDS data for the screens: releases with the bids extension → a bid table.

Open Contracting Data Standard 1.1, release format (https://standard.open-contracting.org/1.1/);
bid amounts come from the **bids extension** (``bids.details[]``: ``tenderers``, ``value``,
``date``, ``status``). Accepted inputs: a release package (``{"releases": [...]}``), a record
package (``{"records": [{"compiledRelease": …}]}``) or a bare list of releases. For each
contracting process (``ocid``) the latest release that has bids is used.

Columns: ``tender_id`` = ocid, ``bidder_id`` = the first tenderer's ``id`` (else its name),
``amount`` = ``value.amount``, ``reserve_price`` = ``tender.value.amount`` (the published
ceiling/budget), ``date`` = the bid's date, else ``tender.tenderPeriod.endDate``. Bids with status
``disqualified``/``withdrawn`` or without an amount are skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from .base import BidTableError

SKIP_STATUS = {"disqualified", "withdrawn", "invited"}


def _releases(data) -> list[dict]:
    if isinstance(data, list):
        return [r for r in data if isinstance(r, dict)]
    if isinstance(data, dict):
        if "releases" in data:
            return [r for r in data["releases"] if isinstance(r, dict)]
        if "records" in data:
            return [
                r.get("compiledRelease") for r in data["records"] if isinstance(r, dict) and r.get("compiledRelease")
            ]
        if "ocid" in data:
            return [data]
    raise BidTableError("不是 OCDS 发布包、记录包或发布列表")


def bids_from_ocds(data) -> pl.DataFrame:
    """A bid table (see module doc) from parsed OCDS JSON."""
    latest: dict[str, dict] = {}
    for release in _releases(data):
        ocid = release.get("ocid")
        details = (release.get("bids") or {}).get("details") or []
        if (
            ocid
            and details
            and (ocid not in latest or str(release.get("date", "")) >= str(latest[ocid].get("date", "")))
        ):
            latest[ocid] = release
    rows = []
    for ocid, release in latest.items():
        tender = release.get("tender") or {}
        reserve = (tender.get("value") or {}).get("amount")
        end = (tender.get("tenderPeriod") or {}).get("endDate")
        for bid in release["bids"]["details"]:
            if str(bid.get("status", "")).lower() in SKIP_STATUS:
                continue
            amount = (bid.get("value") or {}).get("amount")
            tenderers = bid.get("tenderers") or []
            if amount is None or not tenderers:
                continue
            who = tenderers[0].get("id") or tenderers[0].get("name")
            rows.append(
                {
                    "tender_id": str(ocid),
                    "bidder_id": str(who),
                    "amount": amount,
                    "reserve_price": reserve,
                    "date": bid.get("date") or end,
                }
            )
    schema = {
        "tender_id": pl.String,
        "bidder_id": pl.String,
        "amount": pl.Float64,
        "reserve_price": pl.Float64,
        "date": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, strict=False)


def read_ocds(path: str | Path) -> pl.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise BidTableError(f"找不到 OCDS 文件：{path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BidTableError(f"OCDS 文件不是有效的 JSON：{exc}") from exc
    table = bids_from_ocds(data)
    if not table.height:
        raise BidTableError("OCDS 数据中没有带金额的投标（bids.details）")
    return table
