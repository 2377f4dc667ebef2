"""Bulk pre-population of cases for the case-lifecycle benchmark (``bench/case_lifecycle.py``).

Reuses the monthly-report benchmark's NumPy generator (:func:`monthly_report.generate`: submission
times uniform over 2025-02 … 2026-01, channels 网上 45 % / 移动端 25 % / 窗口 25 % / 自助终端 5 %,
85 % accepted, 70 % of those completed, deliveries) and its driver-level insert
(:func:`monthly_report._insert`: SQLite ``executemany`` / PostgreSQL ``COPY``), and spreads the
rows over the **demo catalog** instead of one item:

- items: every active implementation with a version in force, drawn with Zipf weights
  (rank⁻¹, shuffled ranks, fixed seed) — a few items take most cases, as at a real window;
  ``region``, ``department``, ``version``, ``item_name`` and the promised limit are the item's;
- applicants: the demo accounts ``person`` (60 %, 个人) and ``enterprise`` (40 %, 企业);
- statuses, refining the generator's three: not accepted → 不予受理 30 %, 撤回 20 %, 待补正 10 %,
  待受理 40 %; accepted but not completed → 已受理 70 %, 已决定 20 %, 已送达 10 %; completed →
  准予 95 %, 不予 5 % (``decision``, ``decided_at`` 1–48 h before 办结); due dates = acceptance +
  the promised limit × 7/5 calendar days; 5 % of the open accepted cases overdue;
- numbers ``<region>-<YYYYMMDD>-<6-digit daily sequence>`` (Beijing date), random 查询码.

Only ``cases_case`` and ``cases_delivery`` are filled: no materials, steps, audit rows or
notifications for the pre-populated cases (what that leaves out is said in docs/benchmarks.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from monthly_report import CHUNK, _insert, _ts, generate

VERIFY_ALPHABET = np.array(list("ABCDEFGHJKLMNPQRSTUVWXYZ23456789"))
BEIJING = 8 * 3600


def _dates(seconds: np.ndarray) -> list:
    """UTC epoch seconds (NaN = NULL) → ``YYYY-MM-DD`` (Beijing date) or None."""
    out: list = [None] * len(seconds)
    ok = ~np.isnan(seconds)
    text = np.datetime_as_string((seconds[ok] + BEIJING).astype("int64").astype("datetime64[s]"), unit="D")
    for i, v in zip(np.flatnonzero(ok).tolist(), text.tolist(), strict=True):
        out[i] = v
    return out


def _numbers(regions: np.ndarray, submitted: np.ndarray, offset: int = 0) -> list[str]:
    """办件编号 with a per-(region, Beijing day) sequence in submission order, from ``offset + 1``."""
    day = ((submitted + BEIJING) // 86400).astype("int64")
    order = np.lexsort((submitted, day, regions))
    key_r, key_d = regions[order], day[order]
    new_group = np.ones(len(order), dtype=bool)
    new_group[1:] = (key_r[1:] != key_r[:-1]) | (key_d[1:] != key_d[:-1])
    idx = np.arange(len(order))
    group_start = np.maximum.accumulate(np.where(new_group, idx, 0))
    seq = np.empty(len(order), dtype="int64")
    seq[order] = idx - group_start + 1 + offset
    ymd = np.datetime_as_string((day * 86400).astype("datetime64[s]"), unit="D")
    ymd = np.char.replace(ymd, "-", "")
    return [f"{r}-{d}-{s:06d}" for r, d, s in zip(regions.tolist(), ymd.tolist(), seq.tolist(), strict=True)]


def cases_bulk_load(n: int, *, seed: int = 20261123, seq_offset: int = 0, analyze: bool = True) -> dict[str, int]:
    """Insert ``n`` generated cases (and their deliveries) over the demo catalog; ``ANALYZE``.

    Needs the demo data (``zwfw demo --no-serve``): the catalog and the ``person`` /
    ``enterprise`` accounts. A second load into the same database needs another ``seed`` and a
    ``seq_offset`` (added to the daily sequence) so that numbers stay unique. Returns row counts
    and status counts. ``analyze``: run ``ANALYZE`` afterwards (PostgreSQL's autovacuum would do it
    anyway; Django never does it on SQLite, and with SQLite statistics the planner mis-plans the
    case detail's ``children`` prefetch: see docs/benchmarks.md).
    """
    from django.db import connection, transaction

    from zwfw.cases.models import Case, Delivery
    from zwfw.catalog.models import ItemImplementation
    from zwfw.catalog.selectors import version_in_force
    from zwfw.core.models import User

    if n <= 0:
        return {"cases": 0, "deliveries": 0}
    vendor = connection.vendor
    rng = np.random.default_rng(seed)
    impls = []
    for impl in ItemImplementation.objects.select_related("base").filter(is_active=True).order_by("code"):
        version = version_in_force(impl)
        if version is not None:
            limit = version.promised_limit_days or version.legal_limit_days or 20
            impls.append((impl.pk, version.pk, impl.base.name, impl.region_id, impl.department_id, limit))
    if not impls:
        raise RuntimeError("no published implementations: load the demo data first (zwfw demo --no-serve)")
    weights = 1.0 / rng.permutation(np.arange(1, len(impls) + 1))
    item = rng.choice(len(impls), n, p=weights / weights.sum())
    person = User.objects.get(username="person")
    enterprise = User.objects.get(username="enterprise")

    # The monthly-report generator gives times, channels and accepted/completed/delivered; its
    # departments are ignored (one dummy department): each case takes its item's.
    data = generate(n, [(0, "")], seed=seed)
    c = data["cases"]
    submitted, accepted, completed = c["submitted"], c["accepted"], c["completed"]
    status = c["status"].astype(object)
    u = rng.random(n)
    not_acc = status == "submitted"
    status[not_acc & (u < 0.30)] = "refused"
    status[not_acc & (u >= 0.30) & (u < 0.50)] = "withdrawn"
    status[not_acc & (u >= 0.50) & (u < 0.60)] = "correction"
    open_acc = status == "accepted"
    status[open_acc & (u >= 0.70) & (u < 0.90)] = "decided"
    status[open_acc & (u >= 0.90)] = "delivered"
    decided = np.where(
        np.isin(status, ["decided", "delivered"]),
        accepted + rng.integers(3600, 10 * 86400, n),
        np.where(status == "completed", completed - rng.integers(3600, 48 * 3600, n), np.nan),
    )
    decision = np.where(np.isnan(decided), "", np.where(rng.random(n) < 0.95, "approved", "denied"))
    refused_at = np.where(status == "refused", submitted + rng.integers(3600, 5 * 86400, n), np.nan)
    withdrawn_at = np.where(status == "withdrawn", submitted + rng.integers(600, 5 * 86400, n), np.nan)
    limits = np.array([i[5] for i in impls])[item]
    due = np.where(np.isnan(accepted), np.nan, accepted + limits * 7 / 5 * 86400)
    overdue = (status == "accepted") & (rng.random(n) < 0.05)
    changed = np.fmax.reduce([submitted, accepted, decided, completed, refused_at, withdrawn_at])
    is_enterprise = rng.random(n) < 0.4
    regions = np.array([i[3] for i in impls], dtype=object)[item]
    numbers = _numbers(regions.astype(str), submitted, seq_offset)
    codes = ["".join(row) for row in rng.choice(VERIFY_ALPHABET, (n, 6)).tolist()]

    base_id = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    fields = list(Case._meta.concrete_fields)
    columns = [f.column for f in fields]

    def pick(lo, hi, i):
        return [impls[k][i] for k in item[lo:hi].tolist()]

    def ts(a):
        return lambda lo, hi: _ts(a[lo:hi], vendor)

    generated = {
        "id": lambda lo, hi: range(base_id + lo, base_id + hi),
        "number": lambda lo, hi: numbers[lo:hi],
        "verify_code": lambda lo, hi: codes[lo:hi],
        "applicant_id": lambda lo, hi: [enterprise.pk if e else person.pk for e in is_enterprise[lo:hi].tolist()],
        "applicant_kind": lambda lo, hi: ["enterprise" if e else "person" for e in is_enterprise[lo:hi].tolist()],
        "applicant_name": lambda lo, hi: [
            enterprise.display_name if e else person.display_name for e in is_enterprise[lo:hi].tolist()
        ],
        "applicant_id_number": lambda lo, hi: ["" if e else person.id_number for e in is_enterprise[lo:hi].tolist()],
        "applicant_uscc": lambda lo, hi: [enterprise.uscc if e else "" for e in is_enterprise[lo:hi].tolist()],
        "channel": lambda lo, hi: c["channel"][lo:hi].tolist(),
        "fully_online": lambda lo, hi: c["fully_online"][lo:hi].tolist(),
        "accepted_online": lambda lo, hi: c["accepted_online"][lo:hi].tolist(),  # fixed at acceptance
        "implementation_id": lambda lo, hi: pick(lo, hi, 0),
        "version_id": lambda lo, hi: pick(lo, hi, 1),
        "item_name": lambda lo, hi: pick(lo, hi, 2),
        "region_id": lambda lo, hi: pick(lo, hi, 3),
        "department_id": lambda lo, hi: pick(lo, hi, 4),
        "promised_limit_days": lambda lo, hi: pick(lo, hi, 5),
        "form_data": lambda lo, hi: ["{}"] * (hi - lo),
        "status": lambda lo, hi: status[lo:hi].tolist(),
        "status_changed_at": ts(changed),
        "submitted_at": ts(submitted),
        "accepted_at": ts(accepted),
        "refused_at": ts(refused_at),
        "refusal_reason": lambda lo, hi: ["材料不符合法定形式" if s == "refused" else "" for s in status[lo:hi]],
        "withdrawn_at": ts(withdrawn_at),
        "due_date": lambda lo, hi: _dates(due[lo:hi]),
        "is_overdue": lambda lo, hi: overdue[lo:hi].tolist(),
        "decision": lambda lo, hi: decision[lo:hi].tolist(),
        "decided_at": ts(decided),
        "completed_at": ts(completed),
        "created_at": ts(submitted),
        "updated_at": ts(changed),
    }

    def constant(f):
        if f.null:
            return None
        value = f.get_default()
        return "{}" if isinstance(value, dict) else value

    def case_chunks():
        for lo in range(0, n, CHUNK):
            hi = min(lo + CHUNK, n)
            cols = [
                generated[f.attname](lo, hi) if f.attname in generated else [constant(f)] * (hi - lo) for f in fields
            ]
            yield list(zip(*cols, strict=True))

    d = data["deliveries"]
    keep = np.isin(status[d["case_idx"]], ["completed"])
    d_idx = d["case_idx"][keep]
    handed_s = _ts(d["handed"][keep], vendor)
    d_case_ids = (d_idx + base_id).tolist()
    d_dept = [impls[k][4] for k in item[d_idx].tolist()]
    d_method = d["method"][keep].tolist()

    def delivery_chunks():
        for lo in range(0, len(d_case_ids), CHUNK):
            hi = min(lo + CHUNK, len(d_case_ids))
            yield [(d_case_ids[i], d_method[i], "", "", "", handed_s[i], None, d_dept[i]) for i in range(lo, hi)]

    with transaction.atomic():
        _insert(connection, Case._meta.db_table, columns, case_chunks())
        _insert(
            connection,
            Delivery._meta.db_table,
            [
                "case_id",
                "method",
                "carrier",
                "tracking_number",
                "address",
                "handed_out_at",
                "handed_out_by_id",
                "department_id",
            ],
            delivery_chunks(),
        )
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM cases_case))",
                [Case._meta.db_table],
            )
        if analyze:
            cursor.execute("ANALYZE")
    values, counts = np.unique(status.astype(str), return_counts=True)
    return {
        "cases": n,
        "deliveries": len(d_case_ids),
        "items": len(impls),
        "by_status": dict(zip(values.tolist(), counts.tolist(), strict=True)),
        "first_id": base_id,
    }
