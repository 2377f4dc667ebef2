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

DATABASES = {"default": _default}
