"""Database: SQLite by default (zero set-up), PostgreSQL through ``ZWFW_DATABASE_URL``."""

import dj_database_url

from zwfw.env import ENV

ENV.data_dir.mkdir(parents=True, exist_ok=True)

_default = dj_database_url.parse(ENV.database_url, conn_max_age=60, conn_health_checks=True)
if _default["ENGINE"] == "django.db.backends.sqlite3":
    # Kept open like PostgreSQL's (issue 9): opening a file and running the PRAGMAs below on every
    # request cost more than the request's own work on the floor endpoint (bench/_floor.py).
    _default["CONN_MAX_AGE"] = 60
    # WAL lets readers proceed while one writer commits; IMMEDIATE makes a writing transaction
    # take the write lock at BEGIN, so two concurrent writers queue instead of failing late.
    _default["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
elif _default["ENGINE"] == "django.db.backends.postgresql" and ENV.db_prepare_threshold:
    # Parameters bound by the server (psycopg's Cursor, not Django's default client-side
    # interpolation) and the hot path's statements prepared once per connection: on the 2-core
    # benchmark machine a four-table read cost PostgreSQL 290 µs of CPU per run when parsed and
    # planned every time, 37 µs prepared (issue 9; docs/benchmarks.md, fifth round).
    _default["OPTIONS"] = {
        **_default.get("OPTIONS", {}),
        "server_side_binding": True,
        "prepare_threshold": ENV.db_prepare_threshold,
    }

DATABASES = {"default": _default}
