"""Benchmark: the monthly window report (窗口月报) over 1,000,000 cases.

    .venv/bin/python bench/monthly_report.py [--cases 1000000] [--runs 7]
    ZWFW_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zwfw_bench .venv/bin/python bench/monthly_report.py

Sets up a fresh SQLite file (or the database ``ZWFW_DATABASE_URL`` names; it is migrated and the
report tables are emptied first), seeds the Sichuan departments, publishes one item, then
**generates the rows with NumPy** and bulk-inserts them through the database driver, not the
ORM: SQLite ``executemany`` in chunks of 100,000 inside one transaction, PostgreSQL ``COPY … FROM
STDIN`` (psycopg 3). Proportions (fixed seed):

- cases: submitted uniformly over the 12 months 2025-02 … 2026-01 (Beijing time); departments
  uniform over every seeded department; channel 网上 45 %, 移动端 25 %, 窗口 25 %, 自助终端 5 %;
  85 % accepted (0–72 h after submission), 70 % of those completed (1–20 days later);
- deliveries: 80 % of completed cases — 窗口领取 40 %, 邮寄 20 %, 电子送达 40 % — shortly before
  completion; a window pick-up clears 全程网办 as the service does;
- consultations: 0.3 per case (电话 60 %, 现场 40 %), uniform over the same months.

Then ``ANALYZE`` (PostgreSQL: ``VACUUM ANALYZE``) and the report for 2026-01 (which also reads
2025-12 for 环比) through :func:`zwfw.stats.selectors.monthly_report_operator` /
``monthly_report_for``: the whole province, one department subtree (成都市市场监督管理局), and a
成都市 window clerk's scope. p50/p95 over ``--runs`` runs after one warm-up, first with the
indexes the migrations create, then again after adding the covering indexes of
``COVERING_INDEXES`` (dropped again at the end). Writes
``bench/results/monthly_report[-postgresql].json``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import django_setup, machine, peak_rss_mib, percentile, timed, write_results

CHUNK = 100_000
EPOCH_START = np.datetime64("2025-01-31T16:00:00")  # 2025-02-01 00:00 Beijing, in UTC
EPOCH_END = np.datetime64("2026-01-31T16:00:00")  # 2026-02-01 00:00 Beijing


def _ts(seconds: np.ndarray, vendor: str) -> list:
    """UTC epoch seconds (NaN = NULL) → the strings each database takes for a timestamp."""
    out: list = [None] * len(seconds)
    ok = ~np.isnan(seconds)
    text = np.datetime_as_string(seconds[ok].astype("int64").astype("datetime64[s]"), unit="s")
    suffix = "+00" if vendor == "postgresql" else ""
    values = [t.replace("T", " ") + suffix for t in text.tolist()]
    for i, v in zip(np.flatnonzero(ok).tolist(), values, strict=True):
        out[i] = v
    return out


def generate(n: int, departments: list[tuple[int, str]], seed: int = 20260201) -> dict[str, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    start = EPOCH_START.astype("datetime64[s]").astype("int64")
    end = EPOCH_END.astype("datetime64[s]").astype("int64")
    dept_idx = rng.integers(0, len(departments), n)
    channel = rng.choice(np.array(["online", "mobile", "window", "kiosk"]), n, p=[0.45, 0.25, 0.25, 0.05])
    submitted = rng.integers(start, end, n).astype("float64")
    accepted = np.where(rng.random(n) < 0.85, submitted + rng.integers(0, 72 * 3600, n), np.nan)
    completed = np.where(
        ~np.isnan(accepted) & (rng.random(n) < 0.7), accepted + rng.integers(86400, 20 * 86400, n), np.nan
    )
    delivered = ~np.isnan(completed) & (rng.random(n) < 0.8)
    method = rng.choice(np.array(["pickup", "post", "electronic"]), n, p=[0.4, 0.2, 0.4])
    handed = completed - rng.integers(60, 3 * 3600, n)
    online = np.isin(channel, ["online", "mobile"])
    fully_online = online & ~(delivered & (method == "pickup"))
    status = np.where(~np.isnan(completed), "completed", np.where(~np.isnan(accepted), "accepted", "submitted"))
    m = int(n * 0.3)
    c_dept = rng.integers(0, len(departments), m)
    c_channel = rng.choice(np.array(["phone", "onsite"]), m, p=[0.6, 0.4])
    c_at = rng.integers(start, end, m).astype("float64")
    return {
        "cases": {
            "dept_idx": dept_idx,
            "channel": channel,
            "submitted": submitted,
            "accepted": accepted,
            "completed": completed,
            "fully_online": fully_online,
            # the report's channel, fixed at acceptance (a later pick-up does not change it)
            "accepted_online": online & ~np.isnan(accepted),
            "status": status,
        },
        "deliveries": {"case_idx": np.flatnonzero(delivered), "method": method[delivered], "handed": handed[delivered]},
        "consultations": {"dept_idx": c_dept, "channel": c_channel, "at": c_at},
    }


def _insert(connection, table: str, columns: list[str], rows) -> None:
    """``rows``: an iterable of tuples, in chunks. executemany (SQLite) or COPY (PostgreSQL)."""
    cols = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for chunk in rows:
                    for row in chunk:
                        copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            for chunk in rows:
                cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", chunk)  # noqa: S608


def _case_columns():
    from zwfw.cases.models import Case

    return list(Case._meta.concrete_fields)


def load(n: int, *, reuse: bool = False) -> tuple[dict[str, int], dict[str, int]]:
    from django.db import connection, transaction

    from zwfw.cases.models import Case, Consultation, Delivery
    from zwfw.catalog.interchange.catalog_json import catalog_import
    from zwfw.catalog.models import ItemImplementation, ItemVersion
    from zwfw.catalog.tests import factories as cf
    from zwfw.core.models import Department, Role
    from zwfw.core.services.seed import seed_reference_data
    from zwfw.core.tests.factories import make_user

    vendor = connection.vendor
    seed_reference_data(actor=None)
    if not ItemImplementation.objects.filter(code=cf.IMPL_CODE).exists():
        catalog_import(actor=None, data=cf.payload(), publish=True)
    impl = ItemImplementation.objects.get(code=cf.IMPL_CODE)
    version = ItemVersion.objects.filter(implementation=impl).first() or ItemVersion.objects.first()
    departments = list(Department.objects.order_by("id").values_list("id", "region_id"))
    if reuse and Case.objects.filter(number__startswith="BENCH-").count() == n:
        data = generate(n, departments)  # the same seed: the same arrays as the stored rows
        print("reusing the rows already stored", flush=True)
        counts = {
            "cases": n,
            "deliveries": len(data["deliveries"]["case_idx"]),
            "consultations": len(data["consultations"]["at"]),
        }
        return counts, expected_january(data)
    applicant = make_user(role=Role.PERSON, username=f"bench_applicant_{int(time.time())}")
    with transaction.atomic():  # a reused database: drop the previous run's rows (raw DELETEs, no ORM cascade)
        Delivery.objects.filter(case__number__startswith="BENCH-")._raw_delete(connection.alias)
        Consultation.objects.filter(topic="BENCH")._raw_delete(connection.alias)
        Case.objects.filter(number__startswith="BENCH-")._raw_delete(connection.alias)
    data = generate(n, departments)
    c = data["cases"]
    dept_ids = np.array([d for d, _ in departments])[c["dept_idx"]]
    region_ids = np.array([r for _, r in departments], dtype=object)[c["dept_idx"]]
    base_id = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    fields = _case_columns()
    columns = [f.column for f in fields]
    submitted_s = _ts(c["submitted"], vendor)
    generated = {
        "id": lambda lo, hi: range(base_id + lo, base_id + hi),
        "number": lambda lo, hi: [f"BENCH-{i:08d}" for i in range(lo, hi)],
        "verify_code": lambda lo, hi: ["BENCH1"] * (hi - lo),
        "applicant_id": lambda lo, hi: [applicant.pk] * (hi - lo),
        "applicant_kind": lambda lo, hi: ["person"] * (hi - lo),
        "applicant_name": lambda lo, hi: ["基准测试申请人"] * (hi - lo),
        "applicant_id_number": lambda lo, hi: [applicant.id_number] * (hi - lo),
        "channel": lambda lo, hi: c["channel"][lo:hi].tolist(),
        "fully_online": lambda lo, hi: c["fully_online"][lo:hi].tolist(),
        "accepted_online": lambda lo, hi: c["accepted_online"][lo:hi].tolist(),
        "implementation_id": lambda lo, hi: [impl.pk] * (hi - lo),
        "version_id": lambda lo, hi: [version.pk] * (hi - lo),
        "item_name": lambda lo, hi: ["食品经营许可（新办）"] * (hi - lo),
        "region_id": lambda lo, hi: region_ids[lo:hi].tolist(),
        "department_id": lambda lo, hi: dept_ids[lo:hi].tolist(),
        "form_data": lambda lo, hi: ["{}"] * (hi - lo),
        "status": lambda lo, hi: c["status"][lo:hi].tolist(),
        "status_changed_at": lambda lo, hi: submitted_s[lo:hi],
        "submitted_at": lambda lo, hi: submitted_s[lo:hi],
        "accepted_at": lambda lo, hi: _ts(c["accepted"][lo:hi], vendor),
        "completed_at": lambda lo, hi: _ts(c["completed"][lo:hi], vendor),
        "created_at": lambda lo, hi: submitted_s[lo:hi],
        "updated_at": lambda lo, hi: submitted_s[lo:hi],
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
    handed_s = _ts(d["handed"], vendor)
    d_case_ids = (d["case_idx"] + base_id).tolist()
    d_dept = dept_ids[d["case_idx"]].tolist()
    d_method = d["method"].tolist()

    def delivery_chunks():
        for lo in range(0, len(d_case_ids), CHUNK):
            hi = min(lo + CHUNK, len(d_case_ids))
            yield [(d_case_ids[i], d_method[i], "", "", "", handed_s[i], None, d_dept[i]) for i in range(lo, hi)]

    q = data["consultations"]
    q_at = _ts(q["at"], vendor)
    q_dept = np.array([d for d, _ in departments])[q["dept_idx"]].tolist()
    q_region = np.array([r for _, r in departments], dtype=object)[q["dept_idx"]].tolist()
    q_channel = q["channel"].tolist()

    def consultation_chunks():
        for lo in range(0, len(q_at), CHUNK):
            hi = min(lo + CHUNK, len(q_at))
            yield [(q_channel[i], q_dept[i], q_region[i], q_at[i], "BENCH", None, None, q_at[i]) for i in range(lo, hi)]

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
        _insert(
            connection,
            Consultation._meta.db_table,
            ["channel", "department_id", "region_id", "at", "topic", "implementation_id", "logged_by_id", "created_at"],
            consultation_chunks(),
        )
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM cases_case))",
                [Case._meta.db_table],
            )
    _analyze(connection)
    counts = {"cases": n, "deliveries": len(d_case_ids), "consultations": len(q_at)}
    return counts, expected_january(data)


def expected_january(data) -> dict[str, int]:
    """The province's 2026-01 totals counted with NumPy straight from the generated arrays: the
    report must equal them (a check that the bulk-loaded timestamps mean what they should)."""
    lo = np.datetime64("2025-12-31T16:00:00").astype("datetime64[s]").astype("int64")
    hi = np.datetime64("2026-01-31T16:00:00").astype("datetime64[s]").astype("int64")
    c, d, q = data["cases"], data["deliveries"], data["consultations"]

    def within(a):
        return (a >= lo) & (a < hi)  # NaN compares False

    acc, done = within(c["accepted"]), within(c["completed"])
    handed = within(d["handed"])
    return {
        "handled": int(acc.sum()),
        "online_accepted": int((acc & c["accepted_online"]).sum()),
        "online_completed": int((done & c["fully_online"]).sum()),
        "window_accepted": int((acc & ~c["accepted_online"]).sum()),
        "pickup": int((handed & (d["method"] == "pickup")).sum()),
        "post": int((handed & (d["method"] == "post")).sum()),
        "phone": int((within(q["at"]) & (q["channel"] == "phone")).sum()),
        "onsite": int((within(q["at"]) & (q["channel"] == "onsite")).sum()),
    }


def _analyze(connection) -> None:
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM also sets the visibility map, which index-only scans need
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


#: Covering indexes the report could use (not in the cases migrations; see docs/reports.md):
#: name → (table, key column, the other columns the report reads).
COVERING_INDEXES = {
    "bench_case_accepted_cover": ("cases_case", "accepted_at", "department_id, accepted_online"),
    "bench_case_completed_cover": ("cases_case", "completed_at", "department_id, fully_online"),
    "bench_delivery_cover": ("cases_delivery", "handed_out_at", "method, case_id"),
}


def covering_sql(vendor: str) -> list[str]:
    sql = []
    for name, (table, key, rest) in COVERING_INDEXES.items():
        columns = f"({key}) INCLUDE ({rest})" if vendor == "postgresql" else f"({key}, {rest})"
        sql.append(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns}")
    return sql


def covering_indexes(connection, *, create: bool) -> None:
    with connection.cursor() as cursor:
        for statement in covering_sql(connection.vendor) if create else ():
            cursor.execute(statement)
        for name in () if create else COVERING_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    _analyze(connection)


def _time(fn, runs: int) -> dict[str, float]:
    load_before = os.getloadavg()[0]
    fn()  # warm-up (connection, caches)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "runs": runs,
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 95), 1),
        "min_ms": round(min(samples), 1),
        "max_ms": round(max(samples), 1),
        "loadavg_1m_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep the rows of a previous run on the same database")
    args = parser.parse_args()
    url = django_setup()
    from django.db import connection

    from zwfw.core.models import Role
    from zwfw.core.tests.factories import make_user
    from zwfw.stats.selectors import monthly_report_for, monthly_report_operator

    figures: dict[str, float] = {}
    with timed("seed + generate + bulk insert", figures):
        counts, expected = load(args.cases, reuse=args.reuse)
    print(f"inserted: {counts}", flush=True)
    got = monthly_report_operator(month="2026-01").total.values
    assert got == expected, f"report {got} != NumPy count {expected}"
    print(f"province 2026-01 equals the NumPy count: {got}", flush=True)
    clerk = make_user(role=Role.WINDOW_CLERK, username=f"bench_clerk_{int(time.time())}", region="510100")
    scenarios = {
        "province": lambda: monthly_report_operator(month="2026-01"),
        "department_510100-scjg": lambda: monthly_report_operator(month="2026-01", department="510100-scjg"),
        "clerk_chengdu_scope": lambda: monthly_report_for(user=clerk, month="2026-01"),
    }
    timings: dict[str, dict] = {}
    for variant, create in (("existing_indexes", False), ("with_covering_indexes", True)):
        with timed(f"{variant}: indexes + analyze", figures):
            covering_indexes(connection, create=create)
        timings[variant] = {}
        for name, fn in scenarios.items():
            timing = _time(fn, args.runs)
            report = fn()
            assert report.total.values == expected or name != "province"
            timing["rows"] = len(report.rows)
            timing["total_handled"] = report.total.values["handled"]
            timings[variant][name] = timing
            print(f"{variant} {name}: {timing}", flush=True)
    covering_indexes(connection, create=False)  # leave the database as the migrations made it
    vendor = connection.vendor
    result = {
        "benchmark": "monthly_report",
        "database": vendor,
        "database_url": url.split("@")[-1] if vendor == "postgresql" else "sqlite (temp file)",
        "rows": counts,
        "reused_rows": args.reuse,
        "seconds": figures,
        "covering_indexes": covering_sql(vendor),
        "report_2026_01": timings,
        "province_totals_2026_01": expected,
        "peak_rss_mib": peak_rss_mib(),
        "machine": machine(),
    }
    write_results("monthly_report" if vendor == "sqlite" else f"monthly_report-{vendor}", result)


if __name__ == "__main__":
    main()
