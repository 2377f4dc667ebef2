"""Benchmark: whole case lifecycles per second through the HTTP API, with a real load tool.

    .venv/bin/python bench/case_lifecycle.py [--levels 0,100000,1000000] [--duration 60] [--users 20]
    ZWFW_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zwfw_bench_cases .venv/bin/python bench/case_lifecycle.py

What it does (every step bounded in time; only 127.0.0.1 traffic):

1. A fresh database: a SQLite file in a temp directory, or the PostgreSQL database that
   ``ZWFW_DATABASE_URL`` names, **dropped and created** by the script (and dropped at the end).
   ``migrate`` + the demo data (``zwfw demo --no-serve``: regions, departments, accounts, the 101
   item demo catalog, licences); API tokens for ``enterprise`` (applicant), ``person``, ``clerk``
   and ``reviewer`` (``api_token_create``).
2. For each level (cases already stored before the run): bulk-insert cases up to the level
   (``bench/_cases_data.py``, reusing the monthly-report NumPy generator), then start **gunicorn**
   (sync workers) on a free loopback port with ``ZWFW_DEBUG=0``, a random secret key and
   ``ZWFW_TASK_BACKEND=immediate`` (notifications are sent inside the request, so their cost is
   in the figures rather than deferred to a worker competing for the same two cores).
3. ``locust`` headless, :class:`LifecycleUser` (``bench/locustfile_cases.py``): ``--users``
   clients run lifecycles back to back for ``--duration`` seconds — apply (JSON) + tiny PDF
   uploads → accept → review step(s) → decide 准予 → 制证 → deliver → 办结, plus one catalog search.
4. ``locust`` headless, :class:`StatusUser`: ``--status-users`` (50) clients ask for case details
   (the applicant's own cases, drawn at random from the whole table) for ``--status-duration`` s.
5. The ceiling (``--ceiling-duration`` s, 0 skips it): ``locust`` headless,
   :class:`FloorLifecycleUser`, the same ``--users`` clients, each "lifecycle" made of as many
   calls of the floor endpoint (one SELECT, one INSERT) as the real lifecycles of step 3 made HTTP
   requests. Its rate is the most lifecycles per second this stack and machine could give if no
   action cost more than the floor.
6. Stop the server; the next level.

Prints and writes ``bench/results/case_lifecycle[-postgresql].json``: per level lifecycles/s,
p50/p95/p99 of the lifecycle and of each request type, the status query's throughput and
percentiles, the server's CPU seconds per lifecycle, load averages, and the peer figure (eGov
DIGIT: 37 lifecycles/s empty, 6.3/s at 1M records, on 16 vCPU / 32 GB) as ratios.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
VENV_BIN = Path(sys.executable).parent
ITEM = "511A01003000-510100000000-000-510100SCJG-1-00"  # 企业变更登记: review → decide → 制证 → 送达
PEER = {
    "name": "eGov DIGIT complaint (PGR) lifecycle load test",
    "machine": "16 vCPU / 32 GB",
    "lifecycles_per_s_empty": 37.0,
    "lifecycles_per_s_1m": 6.3,
}
FORM_HINTS = {
    "change_items": "企业名称变更",
    "legal_representative": "王示例",
    "business_address": "成都市武侯区人民南路四段1号",
    "business_scope": "软件开发；信息技术咨询服务",
    "apply_reason": "经营需要",
}


# ---- steps run in child processes (Django is set up once per process) -------------------------


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "_bench_settings")
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(BENCH_DIR))
    import django

    django.setup()


def step_setup(config_path: Path, item: str) -> None:
    """migrate + demo data + tokens + the item's form; writes the locust config."""
    _django()
    from django.core.management import call_command
    from django.db import transaction

    from zwfw.cases.services import case_apply
    from zwfw.catalog.content import version_content
    from zwfw.catalog.selectors import implementation_get, version_in_force
    from zwfw.core.models import User
    from zwfw.core.services.accounts import api_token_create

    call_command("demo", no_serve=True, verbosity=0)
    users = {u.username: u for u in User.objects.filter(username__in=["enterprise", "person", "clerk", "reviewer"])}
    tokens = {}
    for role, username in [
        ("applicant", "enterprise"),
        ("person", "person"),
        ("clerk", "clerk"),
        ("reviewer", "reviewer"),
    ]:
        tokens[role] = api_token_create(actor=users[username], user=users[username], name="bench")[1]
    version = version_in_force(implementation_get(code=item), with_content=True)
    prefilled = {"applicant_name", "id_number", "uscc", "phone", "enterprise_name"}
    form = {
        f["element"]: FORM_HINTS.get(f["element"], "基准测试")
        for f in version_content(version)["elements"]["form"]
        if f.get("required") and f["element"] not in prefilled
    }

    class _DryRun(Exception):
        pass

    from django.core.files.uploadedfile import SimpleUploadedFile

    content = version_content(version)
    keys = [m["key"] for m in content["elements"]["materials"] if m["required"] and m["source"] == "applicant"]
    pdf = b"%PDF-1.4\n% zwfw bench material\n%%EOF\n"
    try:  # the form and the materials must pass the checks: try it once and roll back
        with transaction.atomic():
            uploads = {k: SimpleUploadedFile(f"{k}.pdf", pdf, content_type="application/pdf") for k in keys}
            case_apply(
                actor=users["enterprise"], implementation_code=item, channel="online", form_data=form, uploads=uploads
            )
            raise _DryRun
    except _DryRun:
        pass
    import yaml

    queries = [q["q"] for q in yaml.safe_load((BENCH_DIR / "search_queries.yaml").read_text("utf-8"))["sichuan"]]
    config = {
        "tokens": tokens,
        "item": item,
        "form": form,
        "material_keys": keys,
        "queries": queries,
        "status_ids": [],
    }
    config_path.write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({"form": form, "queries": len(queries)}, ensure_ascii=False))


def step_preload(add: int, batch: int, analyze: bool) -> None:
    """Bulk-insert ``add`` more cases; print the counts and how many cases are stored now."""
    _django()
    sys.path.insert(0, str(BENCH_DIR))
    from _cases_data import cases_bulk_load
    from zwfw.cases.models import Case

    started = time.perf_counter()
    counts = cases_bulk_load(add, seed=20261123 + batch, seq_offset=100_000 * batch, analyze=analyze) if add > 0 else {}
    seconds = round(time.perf_counter() - started, 1)
    print(json.dumps({"inserted": counts, "seconds": seconds, "stored": Case.objects.count()}, ensure_ascii=False))


def step_ids(config_path: Path, k: int, which: str = "all") -> None:
    """Draw up to ``k`` stored cases of ``enterprise``/``person`` at random for the status test:
    from the whole table (``all``) or only among those with workflow steps (``with-steps``: the
    lifecycles' cases, not the bulk rows)."""
    _django()
    import random

    from django.db.models import Max, Min

    from zwfw.cases.models import Case, CaseStep

    rng = random.Random(7)
    if which == "with-steps":
        stepped = list(CaseStep.objects.order_by("case_id").values_list("case_id", flat=True).distinct())
        sample = rng.sample(stepped, min(len(stepped), k * 2))
    else:
        bounds = Case.objects.aggregate(lo=Min("id"), hi=Max("id"))
        span = range(bounds["lo"], bounds["hi"] + 1)
        sample = rng.sample(span, min(len(span), k * 2))
    owner = {"enterprise": "applicant", "person": "person"}
    rows = (
        Case.objects.filter(id__in=sample, applicant__username__in=list(owner))
        .values_list("id", "applicant__username")
        .order_by("id")
    )
    ids = [[cid, owner[u]] for cid, u in rows][:k]
    config = json.loads(config_path.read_text("utf-8"))
    config["status_ids"] = ids
    config_path.write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    # bulk-inserted cases have no materials, steps or timeline: their detail answer is lighter
    # than a lifecycle's case, so the status figures say how many of the drawn cases have steps
    full = CaseStep.objects.filter(case_id__in=[i for i, _ in ids]).values("case_id").distinct().count()
    print(json.dumps({"status_ids": len(ids), "with_steps": full}))


# ---- the orchestrator (no Django here) --------------------------------------------------------


def _child(env: dict, *args: str, timeout: int) -> dict:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if out.returncode != 0:
        print(out.stdout[-3000:], out.stderr[-5000:], file=sys.stderr)
        raise SystemExit(f"step {args[0]} failed ({out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql)


def _pg_name(url: str) -> str:
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    if not name.replace("_", "").isalnum() or name in {"postgres", "zwfw", "template0", "template1"}:
        raise SystemExit(f"refusing to drop/create database {name!r}: use a dedicated bench database name")
    return name


class Server:
    """gunicorn on 127.0.0.1:<port> in its own process group; always stopped by ``stop``."""

    def __init__(self, env: dict, workers: int, log: Path):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "zwfw.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--timeout",
                "120",
                "--backlog",
                "512",
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.worker = None
        if env.get("ZWFW_TASK_BACKEND") == "database":  # side effects after commit: one task worker
            self.worker = subprocess.Popen(
                [sys.executable, "-m", "django", "worker"],
                env=env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.proc.returncode}); see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/v1/catalog/search?q=%E8%90%A5%E4%B8%9A", timeout=30):  # noqa: S310
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise SystemExit("gunicorn did not answer in time")

    def cpu_seconds(self) -> float:
        import psutil

        procs = []
        for root in [self.proc, self.worker]:
            if root is None:
                continue
            try:
                parent = psutil.Process(root.pid)
                procs += [parent, *parent.children(recursive=True)]
            except psutil.NoSuchProcess:
                pass
        total = 0.0
        for p in procs:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total

    def stop(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGTERM)
            try:
                self.worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.worker.pid, signal.SIGKILL)
                self.worker.wait(timeout=10)
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


def _warm(base: str, queries: list[str], n: int) -> None:
    """A few searches so every worker has built its search index before the clock starts."""
    for q in (queries * (n // max(len(queries), 1) + 1))[:n]:
        url = f"{base}/api/v1/catalog/search?q={urllib.parse.quote(q)}"
        with urllib.request.urlopen(url, timeout=60):  # noqa: S310
            pass


def _locust(env: dict, user_class: str, base: str, users: int, seconds: int, prefix: Path) -> dict:
    cmd = [
        str(VENV_BIN / "locust"),
        "-f",
        str(BENCH_DIR / "locustfile_cases.py"),
        user_class,
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        base,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    started = time.monotonic()
    cpu_path = Path(f"{prefix}_cpu.json")
    env = {**env, "ZWFW_BENCH_CPU_OUT": str(cpu_path)}
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 120, check=False)
    wall = time.monotonic() - started
    if out.returncode not in (0, 1):  # 1 = some requests failed: reported in the figures
        print(out.stdout[-3000:], out.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"locust failed ({out.returncode})")
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = row["Name"] if row["Type"] else "Aggregated"
            if row["Name"] == "Aggregated":
                name = "Aggregated"
            rows[name] = {
                "count": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "per_s": round(float(row["Requests/s"]), 2),
                "p50_ms": _num(row["50%"]),
                "p95_ms": _num(row["95%"]),
                "p99_ms": _num(row["99%"]),
                "mean_ms": round(float(row["Average Response Time"]), 1),
                "max_ms": _num(row["Max Response Time"]),
            }
    failures = []
    failures_csv = Path(f"{prefix}_failures.csv")
    if failures_csv.exists():
        with failures_csv.open(encoding="utf-8") as fh:
            failures = [
                {"name": r["Name"], "error": r["Error"][:300], "count": int(r["Occurrences"])}
                for r in csv.DictReader(fh)
            ][:10]
    cpu = json.loads(cpu_path.read_text("utf-8")) if cpu_path.exists() else {}
    return {"rows": rows, "failures": failures, "locust_wall_s": round(wall, 1), "cpu": _cpu_stats(cpu)}


def _cpu_stats(samples: dict[str, list[int]]) -> dict:
    """Per request name: median and p95 of the server CPU ms (``X-Bench-Cpu-Us``), and the count."""
    out = {}
    for name, xs in samples.items():
        xs = sorted(xs)
        if not xs:
            continue
        mid = len(xs) // 2
        median = xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2
        p95 = xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]
        out[name] = {"n": len(xs), "cpu_ms_p50": round(median / 1000, 2), "cpu_ms_p95": round(p95 / 1000, 2)}
    floor = out.get("POST /bench/floor/{id} (floor)")
    for row in out.values():
        row["ratio_to_floor"] = round(row["cpu_ms_p50"] / floor["cpu_ms_p50"], 2) if floor else None
    return out


def _num(text: str):
    try:
        return round(float(text), 1)
    except ValueError:
        return None


def _machine() -> dict:
    import platform
    import shutil

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    free = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout.strip()
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    info = {
        "nproc": int(nproc) if nproc.isdigit() else os.cpu_count(),
        "cpu_model": cpu,
        "free_h": free,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        "shared": "other engineers' processes (tests, builds, browsers, other benchmarks) ran on the same "
        "machine at the same time; see the load averages per run",
    }
    if shutil.which("psql"):
        info["psql"] = subprocess.run(["psql", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    import sqlite3

    info["sqlite"] = sqlite3.sqlite_version
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="0,100000,1000000", help="cases stored before each run, ascending")
    parser.add_argument("--duration", type=int, default=60, help="seconds of lifecycle load per level")
    parser.add_argument("--users", type=int, default=20, help="concurrent lifecycle clients")
    parser.add_argument("--status-users", type=int, default=50)
    parser.add_argument("--status-duration", type=int, default=30)
    parser.add_argument(
        "--status-cases",
        default="all",
        choices=["all", "with-steps"],
        help="the status query's cases: drawn from the whole table, or only the lifecycles' (with steps)",
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn sync workers")
    parser.add_argument("--item", default=ITEM)
    parser.add_argument(
        "--task-backend",
        default="database",
        choices=["database", "immediate"],
        help="database: side effects after commit run in one `worker` process (its CPU is counted); "
        "immediate: inside the request",
    )
    parser.add_argument(
        "--ceiling-duration",
        type=int,
        default=20,
        help="seconds of floor-only lifecycles (the stack's ceiling) per level; 0: skip",
    )
    parser.add_argument("--latency-users", type=int, default=0, help="a second, lighter run (0: skip; e.g. 4)")
    parser.add_argument("--latency-duration", type=int, default=30)
    parser.add_argument(
        "--sqlite-analyze",
        action="store_true",
        help="run ANALYZE on SQLite after the bulk insert (off: Django never runs it; see docs/benchmarks.md)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp directory (and PostgreSQL database)")
    args = parser.parse_args()
    levels = sorted(int(x) for x in args.levels.split(","))

    url = os.environ.get("ZWFW_DATABASE_URL", "")
    vendor = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    tmp = Path(tempfile.mkdtemp(prefix="zwfw-bench-cases-"))
    if vendor == "sqlite":
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        name = _pg_name(url)
        _pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(url, f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "_bench_settings",
        "ZWFW_DATABASE_URL": url,
        "ZWFW_DEBUG": "0",
        "ZWFW_SECRET_KEY": secrets.token_urlsafe(40),
        "ZWFW_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ZWFW_TASK_BACKEND": args.task_backend,
        "ZWFW_DATA_DIR": str(tmp),
        "ZWFW_LOG_LEVEL": "WARNING",
        "ZWFW_BENCH_CONFIG": str(tmp / "locust.json"),
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(BENCH_DIR)]),
    }
    machine = _machine()
    print(f"machine: nproc={machine['nproc']} cpu={machine['cpu_model']!r} load={machine['loadavg_at_start']}")
    print(machine["free_h"])
    print(f"database: {vendor}; temp dir {tmp}", flush=True)
    result: dict = {
        "benchmark": "case_lifecycle",
        "database": vendor,
        "database_url": url.split("@")[-1] if vendor == "postgresql" else "sqlite (fresh temp file)",
        "server": f"gunicorn {args.workers} sync workers, ZWFW_DEBUG=0, ZWFW_TASK_BACKEND={args.task_backend}"
        + (" + one task worker (its CPU counted as server CPU)" if args.task_backend == "database" else "")
        + (
            f", ZWFW_DB_PREPARE_THRESHOLD={os.environ.get('ZWFW_DB_PREPARE_THRESHOLD', '5 (default)')}"
            if vendor == "postgresql"
            else ""
        ),
        "load_tool": "locust (FastHttpUser), headless, on 127.0.0.1",
        "item": args.item,
        "lifecycle_users": args.users,
        "analyze_after_bulk_insert": vendor == "postgresql" or args.sqlite_analyze,
        "duration_s": args.duration,
        "status_users": args.status_users,
        "status_duration_s": args.status_duration,
        "status_cases": args.status_cases,
        "peer": PEER,
        "machine": machine,
        "levels": [],
    }
    try:
        started = time.perf_counter()
        setup = _child(env, "_setup", str(tmp / "locust.json"), args.item, timeout=900)
        result["setup_seconds"] = round(time.perf_counter() - started, 1)
        result["form"] = setup["form"]
        print(f"set-up (migrate + demo + tokens): {result['setup_seconds']} s", flush=True)
        loaded = 0
        for batch, level in enumerate(levels):
            analyze = "analyze" if vendor == "postgresql" or args.sqlite_analyze else "no-analyze"
            pre = _child(env, "_preload", str(level - loaded), str(batch), analyze, timeout=3600)
            loaded = level
            print(f"level {level:,}: bulk insert {pre['seconds']} s; stored now {pre['stored']:,}", flush=True)
            entry = _run_level(env, args, tmp, level, pre)
            result["levels"].append(entry)
            write(result, vendor)
    finally:
        if vendor == "postgresql" and not args.keep:
            _pg_admin(url, f'DROP DATABASE IF EXISTS "{_pg_name(url)}" WITH (FORCE)')
    _print_table(result)
    write(result, vendor)


def _postgres_cpu_seconds() -> float | None:
    """CPU seconds (user + system) of this machine's PostgreSQL server processes so far (psutil;
    ``None`` when there are none or they cannot be read): the live ones, plus, from the postmaster
    (the one whose parent is not a PostgreSQL process), the CPU of the children it has reaped, so
    a backend or an autovacuum worker that exits in the window does not take its CPU with it."""
    import psutil

    total, seen = 0.0, False
    for p in psutil.process_iter(["name", "ppid"]):
        if p.info["name"] not in {"postgres", "postmaster"}:
            continue
        try:
            t = p.cpu_times()
            parent = psutil.Process(p.info["ppid"]).name() if p.info["ppid"] else ""
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        total += t.user + t.system
        if parent not in {"postgres", "postmaster"}:
            total += t.children_user + t.children_system
        seen = True
    return total if seen else None


def _measured(env: dict, server: Server, user_class: str, users: int, seconds: int, prefix: Path):
    """One locust run with the CPU it cost: (run, load average before, server CPU s, PostgreSQL
    CPU s or ``None`` on SQLite)."""
    load0, cpu0 = os.getloadavg()[0], server.cpu_seconds()
    db0 = _postgres_cpu_seconds() if env["ZWFW_DATABASE_URL"].startswith("postgres") else None
    run = _locust(env, user_class, server.base, users, seconds, prefix)
    cpu = server.cpu_seconds() - cpu0
    db1 = _postgres_cpu_seconds() if db0 is not None else None
    return run, load0, cpu, (db1 - db0 if db1 is not None and db0 is not None else None)


def _run_level(env: dict, args, tmp: Path, level: int, pre: dict) -> dict:
    server = Server(env, args.workers, tmp / f"gunicorn-{level}.log")
    entry: dict = {"level": level, "stored_at_start": pre["stored"], "bulk_insert": pre}
    try:
        server.wait_ready()
        config = json.loads(Path(env["ZWFW_BENCH_CONFIG"]).read_text("utf-8"))
        _warm(server.base, config["queries"], 4 * args.workers)
        life, load0, cpu, db_cpu = _measured(
            env, server, "LifecycleUser", args.users, args.duration, tmp / f"life-{level}"
        )
        flow = life["rows"].get("lifecycle", {"count": 0, "failures": 0})
        ok = flow["count"] - flow["failures"]
        # locust's "Aggregated" row would mix the FLOW row in: keep the HTTP request types only
        requests = {k: v for k, v in life["rows"].items() if k not in {"lifecycle", "Aggregated"}}
        entry["lifecycle"] = {
            "completed": ok,
            "failed": flow["failures"],
            "lifecycles_per_s": round(ok / args.duration, 2),
            "p50_ms": flow.get("p50_ms"),
            "p95_ms": flow.get("p95_ms"),
            "p99_ms": flow.get("p99_ms"),
            "requests": requests,
            "http_requests_per_s": round(sum(r["count"] - r["failures"] for r in requests.values()) / args.duration, 1),
            "failures": life["failures"],
            "server_cpu_s": round(cpu, 1),
            "server_cpu_ms_per_lifecycle": round(cpu * 1000 / ok, 1) if ok else None,
            # every PostgreSQL process of this machine (a local server; the machine otherwise idle)
            "postgres_cpu_ms_per_lifecycle": round(db_cpu * 1000 / ok, 1) if ok and db_cpu is not None else None,
            "cpu_per_request": life["cpu"],
            "loadavg_1m_before_after": [round(load0, 2), round(os.getloadavg()[0], 2)],
        }
        print(
            f"  lifecycles: {ok} in {args.duration} s = {entry['lifecycle']['lifecycles_per_s']}/s "
            f"(failed {flow['failures']}); p50/p95/p99 {flow.get('p50_ms')}/{flow.get('p95_ms')}/"
            f"{flow.get('p99_ms')} ms; server CPU {entry['lifecycle']['server_cpu_ms_per_lifecycle']} ms/lifecycle"
            f"; PostgreSQL CPU {entry['lifecycle']['postgres_cpu_ms_per_lifecycle']} ms/lifecycle",
            flush=True,
        )
        if args.latency_users:
            light = _locust(
                env, "LifecycleUser", server.base, args.latency_users, args.latency_duration, tmp / f"light-{level}"
            )
            row = light["rows"].get("lifecycle", {"count": 0, "failures": 0})
            done = row["count"] - row["failures"]
            entry["lifecycle_light"] = {
                "users": args.latency_users,
                "completed": done,
                "failed": row["failures"],
                "lifecycles_per_s": round(done / args.latency_duration, 2),
                "p50_ms": row.get("p50_ms"),
                "p95_ms": row.get("p95_ms"),
                "p99_ms": row.get("p99_ms"),
                "requests": {k: v for k, v in light["rows"].items() if k not in {"lifecycle", "Aggregated"}},
            }
            print(
                f"  light ({args.latency_users} clients): {entry['lifecycle_light']['lifecycles_per_s']}/s; "
                f"p50/p95/p99 {row.get('p50_ms')}/{row.get('p95_ms')}/{row.get('p99_ms')} ms",
                flush=True,
            )
        drawn = _child(env, "_ids", env["ZWFW_BENCH_CONFIG"], "2000", args.status_cases, timeout=600)
        status, load0, cpu, db_cpu = _measured(
            env, server, "StatusUser", args.status_users, args.status_duration, tmp / f"status-{level}"
        )
        row = status["rows"].get("GET /cases/{id}", {})
        entry["status_query"] = {
            **row,
            "per_s": round((row.get("count", 0) - row.get("failures", 0)) / args.status_duration, 1),
            "failures_detail": status["failures"],
            "cases_drawn": drawn.get("status_ids"),
            "cases_drawn_with_steps": drawn.get("with_steps"),
            "server_cpu_ms_per_request": round(cpu * 1000 / max(row.get("count", 0), 1), 1),
            "postgres_cpu_ms_per_request": None
            if db_cpu is None
            else round(db_cpu * 1000 / max(row.get("count", 0), 1), 2),
            "cpu_per_request": status["cpu"].get("GET /cases/{id}"),
            "loadavg_1m_before_after": [round(load0, 2), round(os.getloadavg()[0], 2)],
        }
        print(
            f"  status query x{args.status_users}: {entry['status_query']['per_s']}/s; p50/p95/p99 "
            f"{row.get('p50_ms')}/{row.get('p95_ms')}/{row.get('p99_ms')} ms (failed {row.get('failures')}); "
            f"{drawn.get('with_steps')} of {drawn.get('status_ids')} cases drawn have steps (the others: bulk rows)",
            flush=True,
        )
        if args.ceiling_duration and ok:
            entry["ceiling"] = _ceiling(env, args, server, tmp, level, entry["lifecycle"])
    finally:
        server.stop()
    return entry


def _ceiling(env: dict, args, server: Server, tmp: Path, level: int, life: dict) -> dict:
    """Floor-only lifecycles: as many floor calls per lifecycle as the real ones made requests."""
    per_lifecycle = round(sum(r["count"] - r["failures"] for r in life["requests"].values()) / life["completed"])
    config_path = Path(env["ZWFW_BENCH_CONFIG"])
    config = json.loads(config_path.read_text("utf-8"))
    config["floor_requests"] = per_lifecycle
    config_path.write_text(json.dumps(config, ensure_ascii=False), "utf-8")
    run, load0, cpu, db_cpu = _measured(
        env, server, "FloorLifecycleUser", args.users, args.ceiling_duration, tmp / f"ceiling-{level}"
    )
    flow = run["rows"].get("floor lifecycle", {"count": 0, "failures": 0})
    done = flow["count"] - flow["failures"]
    out = {
        "requests_per_lifecycle": per_lifecycle,
        "users": args.users,
        "completed": done,
        "failed": flow["failures"],
        "lifecycles_per_s": round(done / args.ceiling_duration, 2),
        "server_cpu_ms_per_lifecycle": round(cpu * 1000 / done, 1) if done else None,
        "postgres_cpu_ms_per_lifecycle": round(db_cpu * 1000 / done, 1) if done and db_cpu is not None else None,
        "cpu_per_request": run["cpu"].get("POST /bench/floor/{id} (ceiling)"),
        "loadavg_1m_before_after": [round(load0, 2), round(os.getloadavg()[0], 2)],
    }
    print(
        f"  ceiling ({per_lifecycle} floor calls per lifecycle): {out['lifecycles_per_s']}/s "
        f"(failed {flow['failures']}); server CPU {out['server_cpu_ms_per_lifecycle']} ms/lifecycle; "
        f"PostgreSQL CPU {out['postgres_cpu_ms_per_lifecycle']} ms/lifecycle",
        flush=True,
    )
    return out


def _print_table(result: dict) -> None:
    peer = result["peer"]
    print(f"\n{result['database']}: lifecycles/s vs {peer['name']} ({peer['machine']})")
    print(f"{'stored':>10} {'ours/s':>8} {'peer/s':>7} {'ratio':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'status/s':>9}")
    for e in result["levels"]:
        lc = e["lifecycle"]
        peer_rate = peer["lifecycles_per_s_empty"] if e["level"] == 0 else peer["lifecycles_per_s_1m"]
        peer_label = f"{peer_rate}" if e["level"] in (0, 1_000_000) else "-"
        ratio = f"{lc['lifecycles_per_s'] / peer_rate:.2f}" if e["level"] in (0, 1_000_000) else "-"
        print(
            f"{e['stored_at_start']:>10,} {lc['lifecycles_per_s']:>8} {peer_label:>7} {ratio:>6} "
            f"{lc['p50_ms']:>7} {lc['p95_ms']:>7} {lc['p99_ms']:>7} {e['status_query']['per_s']:>9}"
        )
    print("ours: 2-core shared machine (see machine.nproc/loadavg); peer: 16 vCPU / 32 GB")
    levels = result["levels"]
    names: list[str] = []
    for e in levels:
        for name in e["lifecycle"].get("cpu_per_request", {}):
            if name not in names:
                names.append(name)
    header = "".join(f"{e['stored_at_start']:>26,}" for e in levels)
    print(f"\nserver CPU ms per request, median / p95 (× floor median), {result['database']}")
    print(f"{'request':<44}{header}")
    for name in [*names, "GET /cases/{id}"]:
        cells = []
        for e in levels:
            row = (
                e["status_query"].get("cpu_per_request")
                if name == "GET /cases/{id}"
                else e["lifecycle"].get("cpu_per_request", {}).get(name)
            )
            floor = e["lifecycle"].get("cpu_per_request", {}).get("POST /bench/floor/{id} (floor)")
            if row:
                ratio = row["cpu_ms_p50"] / floor["cpu_ms_p50"] if floor else float("nan")
                cells.append(f"{row['cpu_ms_p50']:>8.2f} / {row['cpu_ms_p95']:>6.2f} (×{ratio:>4.1f})")
            else:
                cells.append(f"{'-':>26}")
        print(f"{name[:43]:<44}" + "".join(f"{c:>26}" for c in cells))
    print(f"{'lifecycles/s':<44}" + "".join(f"{e['lifecycle']['lifecycles_per_s']:>26}" for e in levels))
    print(
        f"{'server CPU ms per lifecycle (all processes)':<44}"
        + "".join(f"{e['lifecycle']['server_cpu_ms_per_lifecycle']!s:>26}" for e in levels)
    )
    print(
        f"{'PostgreSQL CPU ms per lifecycle':<44}"
        + "".join(f"{e['lifecycle'].get('postgres_cpu_ms_per_lifecycle')!s:>26}" for e in levels)
    )
    print(f"{'status queries/s':<44}" + "".join(f"{e['status_query']['per_s']:>26}" for e in levels))
    if any("ceiling" in e for e in levels):
        print(
            f"{'ceiling: floor-only lifecycles/s':<44}"
            + "".join(f"{e.get('ceiling', {}).get('lifecycles_per_s', '-')!s:>26}" for e in levels)
        )
        print(
            f"{'lifecycles/s ÷ ceiling':<44}"
            + "".join(
                f"{e['lifecycle']['lifecycles_per_s'] / e['ceiling']['lifecycles_per_s']:>26.2f}"
                if e.get("ceiling", {}).get("lifecycles_per_s")
                else f"{'-':>26}"
                for e in levels
            )
        )


def write(result: dict, vendor: str) -> None:
    results = BENCH_DIR / "results"
    results.mkdir(parents=True, exist_ok=True)
    name = "case_lifecycle" if vendor == "sqlite" else f"case_lifecycle-{vendor}"
    if vendor == "sqlite" and result.get("analyze_after_bulk_insert"):
        name = "case_lifecycle-sqlite-analyze"
    path = results / f"{name}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {path}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_setup":
        step_setup(Path(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "_preload":
        step_preload(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "analyze")
    elif len(sys.argv) > 1 and sys.argv[1] == "_ids":
        step_ids(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "all")
    else:
        main()
