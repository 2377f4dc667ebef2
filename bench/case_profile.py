"""Where the milliseconds of a case action go (issue 9, item 1): CPU ms and queries per action.

    .venv/bin/python bench/case_profile.py [--lifecycles 30] [--profile-dir DIR] [--preload 0]
    ZWFW_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zwfw_bench_profile .venv/bin/python bench/case_profile.py

In one process, through Django's test client (the whole middleware stack, the NinjaAPI, bearer
tokens; no HTTP server), with the production settings (``ZWFW_DEBUG=0``, a random secret key,
``ZWFW_TASK_BACKEND=immediate``) plus the floor endpoint (``bench/_floor.py``: same auth, one
SELECT and one INSERT): a fresh database (a SQLite file in a temp directory, or the PostgreSQL
database ``ZWFW_DATABASE_URL`` names, dropped and created), the demo data, ``--preload`` bulk
cases (``bench/_cases_data.py``), then ``--lifecycles`` lifecycles of 企业变更登记 (apply with
its materials in one multipart request → accept → 审查 → decide → 制证 → deliver → 办结), each
action followed by the status query (``GET /cases/{id}``) and the floor.

Prints per action: CPU ms of this process (``time.process_time``, which with SQLite includes
the database engine; with PostgreSQL it does not, and a PostgreSQL server on this machine gets
its own column: the CPU of the server process behind this process's connection, from ``/proc``,
counted in clock ticks of 10 ms, so it is shown as a mean over many actions) median / p95, the
ratio to the floor's median, and the number of SQL queries (counted once per action in an extra
lifecycle with the queries captured, so that capturing does not inflate the timings). With
``--profile-dir`` it also writes one cProfile file per action (``pstats``) of an extra profiled
lifecycle and prints its top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
ITEM = "511A01003000-510100000000-000-510100SCJG-1-00"
PDF = b"%PDF-1.4\n% zwfw bench material\n%%EOF\n"


def _env(url: str, tmp: Path, task_backend: str, secret: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "_bench_settings",
            "ZWFW_DATABASE_URL": url,
            "ZWFW_DEBUG": "0",
            "ZWFW_SECRET_KEY": secret,
            "ZWFW_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "ZWFW_TASK_BACKEND": task_backend,
            "ZWFW_DATA_DIR": str(tmp),
            "ZWFW_LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(BENCH_DIR))
    sys.path.insert(0, str(REPO / "src"))


class Driver:
    """One lifecycle through the test client; ``hook(name, call)`` wraps every request."""

    def __init__(self, tokens: dict[str, str], form: dict, item: str):
        from django.test import Client

        self.client = Client()
        self.tokens, self.form, self.item = tokens, form, item

    def _h(self, role: str) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[role]}"}

    def call(self, name: str, method: str, path: str, role: str, ok: int = 200, **kw):
        response = getattr(self.client, method)(path, **kw, **self._h(role))
        if response.status_code != ok:
            raise SystemExit(f"{name}: {response.status_code} {response.content[:300]!r}")
        return response.json()

    def post(self, name, path, role, body=None, ok=200):
        return self.call(name, "post", path, role, ok=ok, data=json.dumps(body or {}), content_type="application/json")

    def lifecycle(self, hook) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        def apply():
            files = {
                key: SimpleUploadedFile(f"{key}.pdf", PDF, content_type="application/pdf") for key in self.material_keys
            }
            application = json.dumps({"implementation_code": self.item, "channel": "online", "form_data": self.form})
            return self.call(
                "apply",
                "post",
                "/api/v1/cases/multipart",
                "applicant",
                ok=201,
                data={"application": application, **files},
            )

        case = hook("apply", apply)
        cid = case["id"]
        self.extras(hook, cid)
        case = hook("accept", lambda: self.post("accept", f"/api/v1/cases/{cid}/accept", "clerk"))
        self.extras(hook, cid)
        for _ in range(12):
            if case["status"] == "completed":
                break
            active = [s for s in case["steps"] if s["status"] == "active"]
            if case["status"] in {"decided", "delivered"} and not active:
                case = hook("complete", lambda: self.post("complete", f"/api/v1/cases/{cid}/complete", "clerk"))
            elif not active:
                raise SystemExit(f"case {cid} is {case['status']} with no active step")
            else:
                step = active[0]
                role = "reviewer" if step["role"] in {"reviewer", "dept_admin"} else "clerk"
                if step["kind"] == "decide":
                    body = {"approved": True, "reason": "材料齐全，符合法定条件", "legal_basis": ""}
                    case = hook(
                        "decide", lambda r=role, b=body: self.post("decide", f"/api/v1/cases/{cid}/decide", r, b)
                    )
                elif step["kind"] == "deliver":
                    case = hook(
                        "deliver",
                        lambda: self.post("deliver", f"/api/v1/cases/{cid}/deliver", "clerk", {"method": "electronic"}),
                    )
                else:
                    name = f"step {step['key']}"
                    case = hook(
                        name,
                        lambda r=role, k=step["key"], n=name: self.post(
                            n, f"/api/v1/cases/{cid}/steps/{k}/complete", r, {"action": "pass", "opinion": "同意"}
                        ),
                    )
            self.extras(hook, cid)
        if case["status"] != "completed":
            raise SystemExit(f"case {cid} ended {case['status']}")

    def extras(self, hook, cid: int) -> None:
        hook("status query", lambda: self.call("status", "get", f"/api/v1/cases/{cid}", "applicant"))
        hook("floor", lambda: self.post("floor", f"/bench/floor/{cid}", "applicant"))


def setup(item: str, preload: int) -> tuple[dict, dict, list[str]]:
    import django

    django.setup()
    from django.core.management import call_command

    from zwfw.catalog.content import version_content
    from zwfw.catalog.selectors import implementation_get, version_in_force
    from zwfw.core.models import User
    from zwfw.core.services.accounts import api_token_create

    call_command("demo", no_serve=True, verbosity=0)
    users = {u.username: u for u in User.objects.filter(username__in=["enterprise", "clerk", "reviewer"])}
    tokens = {
        role: api_token_create(actor=users[name], user=users[name], name="bench")[1]
        for role, name in [("applicant", "enterprise"), ("clerk", "clerk"), ("reviewer", "reviewer")]
    }
    sys.path.insert(0, str(BENCH_DIR))
    from case_lifecycle import FORM_HINTS

    content = version_content(version_in_force(implementation_get(code=item), with_content=True))
    prefilled = {"applicant_name", "id_number", "uscc", "phone", "enterprise_name"}
    form = {
        f["element"]: FORM_HINTS.get(f["element"], "基准测试")
        for f in content["elements"]["form"]
        if f.get("required") and f["element"] not in prefilled
    }
    keys = [m["key"] for m in content["elements"]["materials"] if m["required"] and m["source"] == "applicant"]
    if preload:
        from _cases_data import cases_bulk_load

        cases_bulk_load(preload, seed=20261202, seq_offset=0, analyze=True)
    return tokens, form, keys


def _backend_cpu_reader(vendor: str):
    """A function returning the CPU seconds (user + system) the PostgreSQL server process behind
    this process's connection has used so far, read from ``/proc`` (a server on this machine,
    readable by this user); a function returning ``None`` otherwise (SQLite's engine runs inside
    this process and is counted in its CPU already)."""
    if vendor != "postgresql":
        return lambda: None
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    stat = Path(f"/proc/{pid}/stat")
    tick = os.sysconf("SC_CLK_TCK")

    def read() -> float | None:
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / tick

    return read if read() is not None else (lambda: None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lifecycles", type=int, default=30)
    parser.add_argument("--preload", type=int, default=0, help="bulk cases stored first")
    parser.add_argument(
        "--task-backend",
        default="database",
        choices=["database", "immediate"],
        help="database (the default deployment): after-commit work is queued and run after each lifecycle by "
        "`worker --batch`, timed as 'tasks (worker)'; immediate: inside the request",
    )
    parser.add_argument("--item", default=ITEM)
    parser.add_argument("--profile-dir", default="", help="write one cProfile file per action here")
    parser.add_argument("--top", type=int, default=25, help="functions printed per profiled action")
    parser.add_argument("--json", default="", help="write the figures here")
    parser.add_argument(
        "--template",
        default="",
        help="SQLite only: a file to keep the set-up database in (made on the first run, copied afterwards)",
    )
    parser.add_argument("--show-sql", default="", help="print the SQL of these actions (comma-separated names)")
    args = parser.parse_args()

    url = os.environ.get("ZWFW_DATABASE_URL", "")
    tmp = Path(tempfile.mkdtemp(prefix="zwfw-bench-profile-"))
    vendor = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    if vendor == "sqlite":
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        from case_lifecycle import _pg_admin, _pg_name

        name = _pg_name(url)
        _pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(url, f'CREATE DATABASE "{name}"')
    template = Path(args.template) if args.template and vendor == "sqlite" else None
    # the template's departments' signing keys are sealed with the secret key of the run that made it
    secret_file = template.with_suffix(".secret") if template is not None else None
    if secret_file is not None and template.exists() and secret_file.exists():
        secret = secret_file.read_text("utf-8")
    else:
        secret = secrets.token_urlsafe(40)
    _env(url, tmp, args.task_backend, secret)
    started = time.perf_counter()
    if template is not None and template.exists() and secret_file.exists():
        import shutil

        shutil.copy(template, tmp / "bench.sqlite3")
        tokens, form, keys = json.loads(template.with_suffix(".json").read_text("utf-8"))
        import django

        django.setup()
    else:
        tokens, form, keys = setup(args.item, args.preload)
        if template is not None:
            from django.db import connections

            connections.close_all()
            import shutil

            shutil.copy(tmp / "bench.sqlite3", template)
            template.with_suffix(".json").write_text(json.dumps([tokens, form, keys], ensure_ascii=False), "utf-8")
            secret_file.write_text(secret, "utf-8")
    print(f"database {vendor}; set-up {time.perf_counter() - started:.1f} s; load {os.getloadavg()}", flush=True)
    driver = Driver(tokens, form, args.item)
    driver.material_keys = keys
    cpu: dict[str, list[float]] = {}
    wall: dict[str, list[float]] = {}
    db_cpu: dict[str, list[float]] = {}

    def timed(name, fn):
        d0 = backend_cpu()
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        cpu.setdefault(name, []).append((time.process_time() - c0) * 1000)
        wall.setdefault(name, []).append((time.perf_counter() - w0) * 1000)
        if d0 is not None:
            db_cpu.setdefault(name, []).append((backend_cpu() - d0) * 1000)
        return out

    def run_tasks(hook):
        if args.task_backend == "database":
            from django.core.management import call_command

            hook("tasks (worker)", lambda: call_command("worker", batch=True, verbosity=0))

    driver.lifecycle(lambda name, fn: fn())  # warm-up: imports, caches, search index
    run_tasks(lambda name, fn: fn())
    backend_cpu = _backend_cpu_reader(vendor)
    load0 = os.getloadavg()[0]
    lc0 = time.perf_counter()
    for _ in range(args.lifecycles):
        driver.lifecycle(timed)
        run_tasks(timed)
    lc_wall = time.perf_counter() - lc0

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queries: dict[str, int] = {}

    def counted(name, fn):
        with CaptureQueriesContext(connection) as ctx:
            out = fn()
        queries[name] = len(ctx.captured_queries)
        if name in args.show_sql.split(","):
            print(f"\n==== SQL of {name} ====")
            for q in ctx.captured_queries:
                print("  " + q["sql"][:220])
        return out

    driver.lifecycle(counted)
    run_tasks(counted)
    if args.profile_dir:
        import cProfile
        import io
        import pstats

        out_dir = Path(args.profile_dir)
        out_dir.mkdir(parents=True, exist_ok=True)

        def profiled(name, fn):
            prof = cProfile.Profile()
            out = prof.runcall(fn)
            path = out_dir / f"{name.replace(' ', '_')}.pstats"
            prof.dump_stats(path)
            if name not in {"floor"}:
                text = io.StringIO()
                pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(args.top)
                print(f"\n==== {name} ====\n" + "\n".join(text.getvalue().splitlines()[4:]))
            return out

        driver.lifecycle(profiled)

    floor = statistics.median(cpu["floor"])
    rows = []
    print(f"\n{vendor}, {args.lifecycles} lifecycles, load avg {load0:.2f} → {os.getloadavg()[0]:.2f}")
    print(
        f"{'action':<22}{'n':>5}{'cpu p50':>9}{'cpu p95':>9}{'wall p50':>10}{'× floor':>9}{'queries':>9}"
        + (f"{'db cpu mean':>13}" if db_cpu else "")
    )
    for name in cpu:
        xs = sorted(cpu[name])
        p95 = xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]
        med = statistics.median(xs)
        row = {
            "action": name,
            "n": len(xs),
            "cpu_ms_p50": round(med, 2),
            "cpu_ms_p95": round(p95, 2),
            "wall_ms_p50": round(statistics.median(wall[name]), 2),
            "ratio_to_floor": round(med / floor, 2),
            "queries": queries.get(name),
        }
        if name in db_cpu:
            row["db_cpu_ms_mean"] = round(statistics.fmean(db_cpu[name]), 2)
        rows.append(row)
        print(
            f"{name:<22}{row['n']:>5}{row['cpu_ms_p50']:>9}{row['cpu_ms_p95']:>9}{row['wall_ms_p50']:>10}"
            f"{row['ratio_to_floor']:>9}{row['queries'] if row['queries'] is not None else '-':>9}"
            + (f"{row['db_cpu_ms_mean']:>13}" if name in db_cpu else "")
        )
    per_lc = sum(sum(cpu[n]) for n in cpu if n not in {"floor", "status query"}) / args.lifecycles
    print(
        f"CPU per lifecycle (actions + after-commit tasks): {per_lc:.1f} ms; "
        f"lifecycles incl. status+floor: {lc_wall:.1f} s wall"
    )
    db_per_lc = None
    if db_cpu:
        db_per_lc = sum(sum(db_cpu[n]) for n in db_cpu if n not in {"floor", "status query"}) / args.lifecycles
        print(f"PostgreSQL backend CPU per lifecycle (same actions and tasks): {db_per_lc:.1f} ms")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "database": vendor,
                    "lifecycles": args.lifecycles,
                    "rows": rows,
                    "cpu_ms_per_lifecycle": per_lc,
                    "db_cpu_ms_per_lifecycle": db_per_lc,
                    "loadavg": [load0, os.getloadavg()[0]],
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    if vendor == "postgresql":
        from django.db import connections

        connections.close_all()
        from case_lifecycle import _pg_admin, _pg_name

        _pg_admin(url, f'DROP DATABASE IF EXISTS "{_pg_name(url)}" WITH (FORCE)')


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH_DIR))
    main()
