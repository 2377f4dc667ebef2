"""Enterprise profiles (一企一档): imports per data source, history per source, derived tags.

An import names its source (市场监管, 税务, 人社 …); its file (CSV, Parquet or Excel) has a
``uscc`` column and columns for attributes *of that source* (a 税务 file cannot set staff
numbers). Rows with a bad 统一社会信用代码 (GB 32100, :func:`zwfw.core.identifiers.validate_uscc`)
or a bad value are not imported and are listed in the import's report with the reason. For each
imported row the source's earlier record of that enterprise stops being current (history is
kept), and the profile is re-merged from the current record of every source, then its size
class and derived tags are computed (``rules/tags.yaml``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwfw.core.identifiers import validate_uscc
from zwfw.core.services.audit import audit_log_write
from zwfw.core.types import Actor
from zwfw.policies.codec import from_json, parse_cell, to_json
from zwfw.policies.errors import PolicyError, PolicyErrorCode
from zwfw.policies.models import EnterpriseProfile, ProfileImport, ProfileRecord
from zwfw.policies.rules.attributes import ATTRIBUTES, TAGS, Source
from zwfw.policies.rules.tags import with_derived

MAX_REJECTED_LISTED = 1000


def source_columns(source: Source) -> set[str]:
    """The attribute columns a source may supply (``tags`` for sources that certify tags)."""
    cols = {name for name, a in ATTRIBUTES.items() if a.source == source}
    if any(s == source for s in TAGS.values()):
        cols.add("tags")
    return cols


def _read_rows(filename: str, content: bytes) -> list[dict[str, str]]:
    name = filename.lower()
    try:
        if name.endswith(".csv"):
            text = content.decode("utf-8-sig")
            return [dict(r) for r in csv.DictReader(io.StringIO(text))]
        if name.endswith(".parquet"):
            import polars as pl

            frame = pl.read_parquet(io.BytesIO(content))
            frame = frame.with_columns(pl.all().cast(pl.String))
            return [{k: ("" if v is None else v) for k, v in row.items()} for row in frame.iter_rows(named=True)]
        if name.endswith((".xlsx", ".xlsm")):
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            header = [str(h or "").strip() for h in next(rows)]
            out = []
            for values in rows:
                if values is None or all(v is None for v in values):
                    continue
                out.append({h: _cell_text(v) for h, v in zip(header, values, strict=False)})
            return out
    except (UnicodeDecodeError, ValueError, KeyError, StopIteration, OSError) as exc:
        raise PolicyError(PolicyErrorCode.IMPORT_INVALID, reason=f"无法读取文件（{type(exc).__name__}）") from None
    except Exception as exc:
        raise PolicyError(PolicyErrorCode.IMPORT_INVALID, reason=f"无法读取文件（{type(exc).__name__}）") from None
    raise PolicyError(PolicyErrorCode.IMPORT_INVALID, reason="只支持 CSV、Parquet 和 Excel（.xlsx）文件")


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _merge(records: list[ProfileRecord]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    tags: set[str] = set()
    for r in sorted(records, key=lambda r: r.source):
        values = from_json(r.attributes)
        tags |= set(values.pop("tags", ()) or ())
        merged.update(values)
    merged["tags"] = tags
    return merged


_REFRESHED = ["size_class", "region_code", "industry_code", "attributes", "tags", "updated_at"]


def _apply_merge(profile: EnterpriseProfile, records: list[ProfileRecord], as_of: dt.date) -> None:
    merged = with_derived(_merge(records), as_of=as_of)
    profile.tags = sorted(merged.pop("tags"))
    profile.size_class = merged.get("size_class") or ""
    profile.region_code = merged.get("region_code") or ""
    profile.industry_code = merged.get("industry_code") or ""
    profile.attributes = to_json(merged)
    profile.updated_at = timezone.now()


def profile_refresh(profile: EnterpriseProfile, *, as_of: dt.date | None = None) -> EnterpriseProfile:
    """Re-merge ``profile`` from its current records and recompute size class and tags."""
    _apply_merge(profile, list(profile.records.filter(is_current=True)), as_of or timezone.localdate())
    profile.save(update_fields=_REFRESHED)
    return profile


def _refresh_many(profiles: list[EnterpriseProfile]) -> None:
    """:func:`profile_refresh` for many profiles with one read and batched writes."""
    by_profile: dict[int, list[ProfileRecord]] = {p.pk: [] for p in profiles}
    for record in ProfileRecord.objects.filter(profile__in=profiles, is_current=True):
        by_profile[record.profile_id].append(record)
    today = timezone.localdate()
    for p in profiles:
        _apply_merge(p, by_profile[p.pk], today)
    # One UPDATE per row: Django's bulk_update builds a CASE per field and row, far slower here.
    for p in profiles:
        EnterpriseProfile.objects.filter(pk=p.pk).update(**{f: getattr(p, f) for f in (*_REFRESHED, "name")})


@transaction.atomic
def profile_import(*, actor: Actor, source: str, filename: str, content: bytes) -> ProfileImport:
    """Import one source's file; returns the import with its rejected rows (see module docstring)."""
    try:
        src = Source(source)
    except ValueError:
        raise PolicyError(PolicyErrorCode.UNKNOWN_SOURCE, source=source) from None
    if src in (Source.DECLARATION, Source.DERIVED):
        raise PolicyError(PolicyErrorCode.UNKNOWN_SOURCE, source=source)
    rows = _read_rows(filename, content)
    if not rows:
        raise PolicyError(PolicyErrorCode.IMPORT_INVALID, reason="文件没有数据行")
    allowed = source_columns(src)
    columns = [c for c in rows[0] if c not in ("uscc", "name")]
    if "uscc" not in rows[0]:
        raise PolicyError(PolicyErrorCode.IMPORT_INVALID, reason="缺少 uscc（统一社会信用代码）列")
    foreign = [c for c in columns if c not in allowed]
    if foreign:
        raise PolicyError(
            PolicyErrorCode.IMPORT_INVALID,
            reason=f"列 {'、'.join(foreign)} 不属于数据来源“{src.value}”（可导入：{'、'.join(sorted(allowed))}）",
        )
    batch = ProfileImport.objects.create(
        source=src.value, filename=filename[:255], created_by=actor if getattr(actor, "pk", None) else None
    )
    rejected: list[dict[str, Any]] = []
    good: dict[str, tuple[str, dict[str, Any]]] = {}
    for n, row in enumerate(rows, start=2):  # row 1 is the header
        uscc = (row.get("uscc") or "").strip().upper()
        check = validate_uscc(uscc)
        if not check.valid:
            rejected.append({"row": n, "uscc": uscc, "field": "uscc", "reason": check.problems[0].zh})
            continue
        values: dict[str, Any] = {}
        problem = None
        for col in columns:
            text = (row.get(col) or "").strip()
            if not text:
                continue
            try:
                values[col] = parse_cell(col, text)
            except ValueError as exc:
                problem = {"row": n, "uscc": uscc, "field": col, "reason": str(exc)}
                break
        if problem:
            rejected.append(problem)
            continue
        good[uscc] = ((row.get("name") or "").strip(), values)  # a later row of the same code wins
    existing = {p.uscc: p for p in EnterpriseProfile.objects.filter(uscc__in=list(good))}
    new = [EnterpriseProfile(uscc=u, name=good[u][0]) for u in good if u not in existing]
    EnterpriseProfile.objects.bulk_create(new)
    profiles = {p.uscc: p for p in EnterpriseProfile.objects.filter(uscc__in=list(good))}
    ProfileRecord.objects.filter(profile__in=profiles.values(), source=src.value, is_current=True).update(
        is_current=False
    )
    ProfileRecord.objects.bulk_create(
        [
            ProfileRecord(profile=profiles[u], source=src.value, attributes=to_json(v), batch=batch)
            for u, (_, v) in good.items()
        ]
    )
    for uscc, (name, _) in good.items():
        if name:
            profiles[uscc].name = name
    _refresh_many(list(profiles.values()))
    batch.rows_total = len(rows)
    batch.rows_ok = len(good)
    batch.rejected = rejected[:MAX_REJECTED_LISTED]
    batch.save(update_fields=["rows_total", "rows_ok", "rejected"])
    audit_log_write(
        actor=actor,
        action="zwfw.policies.profile.imported",
        obj=batch,
        after={"source": src.value, "file": filename, "rows": len(rows), "ok": len(good), "rejected": len(rejected)},
    )
    return batch
