"""Benchmark: the free-combination API (``POST /api/v1/bundles/compose``) under concurrent clients.

    .venv/bin/python bench/bundle_api.py [--clients 20] [--seconds 30] [--warmup 3] [--port 8765]

Prepares a scratch SQLite database with the demo data (``zwfw demo --no-serve``: reference data,
demo accounts, the 101-item Sichuan catalog, the demo bundles), starts the site with ``zwfw
serve`` (Django's threaded server, no auto-reload, as the embedded default runs it) on 127.0.0.1
in a subprocess, and drives it with ``--clients`` Python threads, each with its own ``httpx``
client (keep-alive), for ``--seconds`` after ``--warmup`` seconds. Every request composes a
combination drawn (seeded) from realistic sets of demo items (the national bundles' items,
subsets and mixes of them; one implementation per base item, so 1–8 items), anonymously, as the
public page does. Prints throughput and p50/p95/p99 latency and writes
``bench/results/bundle_api.json`` with the machine and load average.

For the composition itself (30 items, 400 materials, 600 fields) see ``bench/bundle_compose.py``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import yaml

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from _common import percentile, write_results  # noqa: E402

BUNDLES_FILE = REPO / "src" / "zwfw" / "bundles" / "demo_data" / "bundles.yaml"


def combinations(seed: int, count: int = 200) -> list[list[str]]:
    """Realistic requests: each national bundle's items, subsets of them, and cross-bundle mixes."""
    bundles = [[i["implementation"] for i in b["items"]] for b in yaml.safe_load(BUNDLES_FILE.read_text("utf-8"))]
    pool = sorted({code for items in bundles for code in items})
    rng = random.Random(seed)
    out = [items for items in bundles if len(items) >= 2]
    while len(out) < count:
        if rng.random() < 0.5:
            items = rng.choice(bundles)
            k = rng.randint(min(2, len(items)), len(items))
            out.append(rng.sample(items, k))
        else:
            out.append(rng.sample(pool, rng.randint(2, 8)))
    return [_one_per_base(items) for items in out]


def _one_per_base(items: list[str]) -> list[str]:
    seen, kept = set(), []
    for code in items:
        base = code.split("-")[0]
        if base not in seen:
            seen.add(base)
            kept.append(code)
    return kept


def _env(db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "ZWFW_DATABASE_URL": f"sqlite:///{db}",
            "ZWFW_DATA_DIR": str(db.parent),
            "ZWFW_DEBUG": "0",
            "ZWFW_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
            "ZWFW_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "zwfw.settings.base",
        }
    )
    return env


def _zwfw() -> list[str]:
    return [sys.executable, "-m", "zwfw.cli"]


def prepare(db: Path) -> float:
    started = time.perf_counter()
    subprocess.run([*_zwfw(), "demo", "--no-serve"], env=_env(db), check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def wait_ready(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/v1/bundles", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("server did not come up")


def drive(base: str, combos: list[list[str]], *, clients: int, seconds: float, warmup: float, seed: int) -> dict:
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    start_at = time.monotonic() + 0.5
    measure_from = start_at + warmup
    stop_at = measure_from + seconds

    def worker(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.monotonic() < start_at:
                time.sleep(0.01)
            while True:
                now = time.monotonic()
                if now >= stop_at:
                    return
                body = {"items": rng.choice(combos)}
                t0 = time.perf_counter()
                try:
                    response = client.post("/api/v1/bundles/compose", json=body)
                    status = response.status_code
                except httpx.HTTPError:
                    status = 0
                elapsed = (time.perf_counter() - t0) * 1000
                if now >= measure_from:
                    latencies[n].append(elapsed)
                    if status != 200:
                        errors[n] += 1
                    with lock:
                        statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    samples = [x for per in latencies for x in per]
    return {
        "requests": len(samples),
        "errors": sum(errors),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "throughput_rps": round(len(samples) / seconds, 1),
        "p50_ms": round(percentile(samples, 50), 1),
        "p95_ms": round(percentile(samples, 95), 1),
        "p99_ms": round(percentile(samples, 99), 1),
        "mean_ms": round(statistics.fmean(samples), 1) if samples else None,
        "max_ms": round(max(samples), 1) if samples else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    db = Path(tempfile.mkdtemp(prefix="zwfw-bench-api-")) / "bench.sqlite3"
    print(f"preparing demo data in {db} …", flush=True)
    prepare_s = prepare(db)
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [*_zwfw(), "serve", "--host", "127.0.0.1", "--port", str(args.port)],
        env=_env(db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_ready(base)
        combos = combinations(args.seed)
        sizes = [len(c) for c in combos]
        print(
            f"{args.clients} clients, {args.seconds:.0f} s after {args.warmup:.0f} s warm-up, "
            f"{len(combos)} combinations of {min(sizes)}–{max(sizes)} items",
            flush=True,
        )
        load_before = os.getloadavg()
        result = drive(base, combos, clients=args.clients, seconds=args.seconds, warmup=args.warmup, seed=args.seed)
        load_after = os.getloadavg()
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    print(
        f"throughput {result['throughput_rps']} req/s; p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
        f"p99 {result['p99_ms']} ms; {result['requests']} requests, {result['errors']} errors"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwfw.settings.base")
    from _common import machine

    write_results(
        "bundle_api",
        {
            "benchmark": "POST /api/v1/bundles/compose, free combination, anonymous",
            "server": "zwfw serve (Django threaded dev server, no auto-reload), SQLite, DEBUG off",
            "load_tool": f"Python threads + httpx {httpx.__version__} (keep-alive, one client per thread)",
            "clients": args.clients,
            "seconds": args.seconds,
            "warmup_seconds": args.warmup,
            "combination_items": {"min": min(sizes), "max": max(sizes), "mean": round(statistics.fmean(sizes), 2)},
            "prepare_seconds": round(prepare_s, 1),
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in load_after],
            "machine": machine(),
            **result,
        },
    )


if __name__ == "__main__":
    main()
