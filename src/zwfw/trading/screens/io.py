"""Reading a flat bid file for the screens (CSV with a header)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from .base import REQUIRED_COLUMNS, BidTableError


def read_bids_csv(path: str | Path) -> pl.DataFrame:
    """Read ``tender_id, bidder_id, amount[, reserve_price, date]`` (other columns are ignored).

    Every column is read as text first, so ids keep leading zeros; amounts are converted by
    :func:`.base.prepare_bids`, which rejects what is not a positive number.
    """
    path = Path(path)
    if not path.is_file():
        raise BidTableError(f"找不到投标数据文件：{path}")
    try:
        table = pl.read_csv(path, infer_schema_length=0, encoding="utf8-lossy")
    except pl.exceptions.PolarsError as exc:
        raise BidTableError(f"无法读取 CSV 文件 {path}：{exc}") from exc
    table = table.rename({c: c.strip().lstrip("\ufeff") for c in table.columns})
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise BidTableError(f"CSV 表头缺少列：{', '.join(missing)}（需要 tender_id, bidder_id, amount）")
    for col in ("amount", "reserve_price"):
        if col in table.columns:
            table = table.with_columns(pl.col(col).str.strip_chars().replace("", None))
    return table
