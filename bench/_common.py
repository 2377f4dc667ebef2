"""Helpers for benchmarks: Django setup on a scratch database, timing, percentiles, JSON output.

Benchmarks are scripts (``python bench/<name>.py``), never collected as tests. They print their
figures and write ``bench/results/<name>.json`` with the machine they ran on.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"


def django_setup(*, fresh_sqlite: bool = True) -> str:
    """Set Django up on ``ZWFW_DATABASE_URL`` when given, else on a fresh SQLite file; migrate.

    Returns the database URL used.
    """
    if not os.environ.get("ZWFW_DATABASE_URL") and fresh_sqlite:
        path = Path(tempfile.mkdtemp(prefix="zwfw-bench-")) / "bench.sqlite3"
        os.environ["ZWFW_DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("ZWFW_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwfw.settings.base")
    sys.path.insert(0, str(REPO / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return os.environ["ZWFW_DATABASE_URL"]


@contextmanager
def timed(label: str, into: dict[str, float] | None = None) -> Iterator[None]:
    """Print and record how long the block took, in seconds."""
    started = time.perf_counter()
    yield
    seconds = time.perf_counter() - started
    if into is not None:
        into[label] = round(seconds, 3)
    print(f"{label}: {seconds:.2f} s", flush=True)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0–100) by linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def latency_ms(fn: Callable[[Any], Any], inputs: list[Any], *, rounds: int = 1) -> dict[str, float]:
    """Call ``fn`` on each input ``rounds`` times; p50/p99/mean/max in milliseconds."""
    samples = []
    for _ in range(rounds):
        for x in inputs:
            started = time.perf_counter()
            fn(x)
            samples.append((time.perf_counter() - started) * 1000)
    return {
        "calls": len(samples),
        "p50_ms": round(percentile(samples, 50), 3),
        "p99_ms": round(percentile(samples, 99), 3),
        "mean_ms": round(statistics.fmean(samples), 3),
        "max_ms": round(max(samples), 3),
    }


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def machine() -> dict[str, Any]:
    """What the figures were measured on: CPUs, memory (``free -h``), Python, database."""
    free = ""
    if shutil.which("free"):
        free = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout.strip()
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "free_h": free,
        "platform": platform.platform(),
        "python": platform.python_version(),
    }
    from django.conf import settings

    if settings.configured:
        from django.db import connection

        info["database"] = connection.vendor
        if connection.vendor == "sqlite":
            import sqlite3

            info["sqlite"] = sqlite3.sqlite_version
    return info


def write_results(name: str, data: dict[str, Any]) -> Path:
    """Write ``bench/results/<name>.json`` (UTF-8, Chinese unescaped) and return its path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {path}")
    return path
