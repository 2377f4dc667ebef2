"""Benchmark: 50 concurrent writers appending audit rows, one global chain vs independent chains.

    ZWFW_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zwfw_bench_audit \
        .venv/bin/python bench/audit_concurrency.py [--writers 50] [--seconds 10] [--hold-ms 2] [--json FILE]

Each writer loops for ``--seconds``: one transaction per iteration that appends an audit row for
its own case (``cases.case:<writer>-<i>``) and then holds the transaction open for ``--hold-ms``,
standing for the rest of a service's work before commit (the head lock is held until commit,
as in the real services). Run once with ``ZWFW_AUDIT_CHAINS=1`` (one chain: every append waits for
every other, as the old global advisory lock did) and once with the default 16 chains, side by
side; prints rows/s and the ratio, verifies the chains after each run, writes JSON
(``bench/results/audit_concurrency.json`` unless ``--json``). PostgreSQL only: SQLite admits one
writer at a time whatever the chains.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import django_setup, machine, write_results


def run(chains: int, writers: int, seconds: float, hold_ms: float) -> dict:
    from django.conf import settings
    from django.db import connection, transaction

    from zwfw.core.models import AuditChainHead, AuditLog
    from zwfw.core.services.audit import audit_log_verify, audit_log_write

    settings.ZWFW_AUDIT_CHAINS = chains
    with connection.cursor() as cursor:  # a clean table for each run (bench database only)
        cursor.execute(f"TRUNCATE {AuditLog._meta.db_table}, {AuditChainHead._meta.db_table}")
    counts = [0] * writers
    errors: list[str] = []
    start = threading.Barrier(writers + 1)
    deadline = [0.0]

    def writer(n: int) -> None:
        from django.db import connections

        try:
            start.wait()
            i = 0
            while time.perf_counter() < deadline[0]:
                with transaction.atomic():
                    audit_log_write(
                        actor=None,
                        action="zwfw.cases.case.accepted",
                        object_type="cases.case",
                        object_id=f"{n}-{i}",
                        after={"writer": n, "i": i},
                    )
                    time.sleep(hold_ms / 1000)
                i += 1
            counts[n] = i
        except Exception as exc:  # report, never hang the barrier
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    deadline[0] = time.perf_counter() + seconds
    t0 = time.perf_counter()
    start.wait()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    report = audit_log_verify()
    rows = sum(counts)
    return {
        "chains": chains,
        "writers": writers,
        "seconds": round(elapsed, 2),
        "rows": rows,
        "rows_per_s": round(rows / elapsed, 1),
        "verify_ok": report.ok,
        "errors": errors[:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--hold-ms", type=float, default=2.0)
    parser.add_argument("--chains", type=int, default=16)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    url = os.environ.get("ZWFW_DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("PostgreSQL only: set ZWFW_DATABASE_URL=postgres://…/<a scratch database>")
    django_setup(fresh_sqlite=False)
    single = run(1, args.writers, args.seconds, args.hold_ms)
    print(f"one chain: {single['rows_per_s']:>8} rows/s ({single['rows']} rows, verify ok={single['verify_ok']})")
    many = run(args.chains, args.writers, args.seconds, args.hold_ms)
    print(f"{args.chains} chains: {many['rows_per_s']:>8} rows/s ({many['rows']} rows, verify ok={many['verify_ok']})")
    ratio = round(many["rows_per_s"] / single["rows_per_s"], 2) if single["rows_per_s"] else None
    print(f"ratio {args.chains} chains / one chain: {ratio}")
    data = {"one_chain": single, "chains": many, "ratio": ratio, "hold_ms": args.hold_ms, "machine": machine()}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        import json

        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        write_results("audit_concurrency", data)


if __name__ == "__main__":
    main()
