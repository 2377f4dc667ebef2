"""The only reader of ``ZWFW_*`` environment variables.

Every setting the platform takes from its environment is read here, typed, and checked when
the settings load, so that a typo fails at start-up rather than at the first request.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

#: ``zwfw demo`` keeps a generated secret key in this file of the data directory. While the file is
#: there (and ``ZWFW_SECRET_KEY`` is unset) every ``zwfw`` command, the server and the worker run
#: with the demo's settings: DEBUG off, that key, HTTP cookies on localhost. Without the file and
#: without ``ZWFW_SECRET_KEY``, the settings refuse to load (production).
DEMO_SECRET_KEY_FILE = "demo-secret-key"  # noqa: S105 - a file name, not a key


class EnvError(RuntimeError):
    """A ``ZWFW_*`` variable has a value that cannot be used."""


def _str(name: str, default: str) -> str:
    """An unset or empty variable takes the default (``ZWFW_DATABASE_URL=`` means SQLite)."""
    return os.environ.get(f"ZWFW_{name}") or default


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(f"ZWFW_{name}")
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise EnvError(f"ZWFW_{name}={raw!r}: expected true/false")


def _list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(f"ZWFW_{name}")
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def _int(name: str, default: int) -> int:
    raw = os.environ.get(f"ZWFW_{name}")
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise EnvError(f"ZWFW_{name}={raw!r}: expected an integer") from exc


TASK_BACKENDS = {"immediate", "database", "redis", "dummy"}


@dataclass(frozen=True)
class Env:
    debug: bool
    secret_key: str
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    database_url: str
    db_prepare_threshold: int
    data_dir: Path
    media_root: Path
    static_root: Path
    storage_backend: str
    task_backend: str
    redis_url: str
    log_level: str
    site_region: str
    upload_max_bytes: int
    behind_tls_proxy: bool
    sms_gateway_url: str
    sms_gateway_token: str
    sms_sign: str
    email_url: str
    email_from: str
    case_warn_days: tuple[int, ...]
    supervision_webhook_url: str
    cache_url: str
    trusted_proxy_count: int
    login_max_failures: int
    login_max_failures_per_client: int
    login_lock_seconds: int
    audit_keys: tuple[str, ...]
    audit_chains: int
    audit_anchor_dir: Path
    demo: bool = False
    pdf_font: str = ""
    stats_enterprise_centres: tuple[str, ...] = ()


def _warn_days(name: str, default: str) -> tuple[int, ...]:
    raw = _str(name, default)
    try:
        days = tuple(sorted({int(part) for part in raw.split(",") if part.strip()}, reverse=True))
    except ValueError as exc:
        raise EnvError(f"ZWFW_{name}={raw!r}: expected working-day counts like 3,1") from exc
    if any(d < 0 for d in days):
        raise EnvError(f"ZWFW_{name}={raw!r}: counts must not be negative")
    return days


def _cache_url(data_dir: Path) -> str:
    raw = _str("CACHE_URL", "")
    if raw and not raw.startswith(("redis://", "rediss://", "file://", "locmem://")):
        raise EnvError(f"ZWFW_CACHE_URL={raw!r}: expected redis://…, file:///path or locmem://")
    return raw or f"file://{data_dir / 'cache'}"


def _data_dir() -> Path:
    return Path(_str("DATA_DIR", str(PROJECT_DIR / "var"))).resolve()


def _demo_secret_key(data_dir: Path) -> str:
    try:
        return (data_dir / DEMO_SECRET_KEY_FILE).read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return ""


def demo_secret_key_ensure() -> Path | None:
    """Generate the demo's secret key in the data directory once (``zwfw demo`` calls this first).

    Nothing happens when ``ZWFW_SECRET_KEY`` is set: a configured deployment keeps its key. Returns
    the key file, or ``None``. The module's :data:`ENV` is read again so the settings see the key.
    """
    global ENV
    if _str("SECRET_KEY", ""):
        return None
    data_dir = _data_dir()
    path = data_dir / DEMO_SECRET_KEY_FILE
    if not _demo_secret_key(data_dir):
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
    ENV = read_env()
    return path


def read_env() -> Env:
    data_dir = _data_dir()
    debug = _bool("DEBUG", False)
    secret_key = _str("SECRET_KEY", "")
    demo = False
    if not secret_key:
        secret_key = _demo_secret_key(data_dir)
        demo = bool(secret_key)
    if not secret_key and debug:
        secret_key = "zwfw-insecure-development-key-do-not-use-in-production"  # noqa: S105
    # An empty key is refused by require_secret_key() when the settings load (not here, so that
    # ``zwfw demo`` can import this module and create the demo key first).
    task_backend = _str("TASK_BACKEND", "database")
    if task_backend not in TASK_BACKENDS:
        raise EnvError(f"ZWFW_TASK_BACKEND={task_backend!r}: expected one of {sorted(TASK_BACKENDS)}")
    storage_backend = _str("STORAGE", "local")
    if storage_backend not in {"local", "memory"}:
        raise EnvError(f"ZWFW_STORAGE={storage_backend!r}: expected 'local' or 'memory'")
    sms_gateway_url = _str("SMS_GATEWAY_URL", "")
    if sms_gateway_url and not sms_gateway_url.startswith(("https://", "http://")):
        raise EnvError(f"ZWFW_SMS_GATEWAY_URL={sms_gateway_url!r}: expected an http(s) URL")
    return Env(
        debug=debug,
        secret_key=secret_key,
        allowed_hosts=_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"]),
        csrf_trusted_origins=_list("CSRF_TRUSTED_ORIGINS", []),
        database_url=_str("DATABASE_URL", f"sqlite:///{data_dir / 'zwfw.sqlite3'}"),
        # PostgreSQL: a statement run this many times on one connection becomes a server-side
        # prepared statement (parsed and planned once); 0 = never (PgBouncer in transaction mode
        # before 1.21, or without max_prepared_statements). docs/operations.md
        db_prepare_threshold=max(0, _int("DB_PREPARE_THRESHOLD", 5)),
        data_dir=data_dir,
        media_root=Path(_str("MEDIA_ROOT", str(data_dir / "media"))).resolve(),
        static_root=Path(_str("STATIC_ROOT", str(data_dir / "static"))).resolve(),
        storage_backend=storage_backend,
        task_backend=task_backend,
        redis_url=_str("REDIS_URL", "redis://127.0.0.1:6379/0"),
        log_level=_str("LOG_LEVEL", "INFO").upper(),
        site_region=_str("SITE_REGION", "510000"),
        upload_max_bytes=_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024),
        # Behind a load balancer that ends TLS and sets X-Forwarded-Proto: https
        behind_tls_proxy=_bool("BEHIND_TLS_PROXY", False),
        # SMS gateway (短信平台) for notifications; empty URL = log-only stub (zwfw.core.notify.sms)
        sms_gateway_url=sms_gateway_url,
        sms_gateway_token=_str("SMS_GATEWAY_TOKEN", ""),
        sms_sign=_str("SMS_SIGN", "四川政务服务"),
        # E-mail: smtp://user:password@host:587?tls=1 ; empty = e-mails are written to the log console
        email_url=_str("EMAIL_URL", ""),
        email_from=_str("EMAIL_FROM", "zwfw@localhost"),
        # 临期预警: warn when a case is this many working days (or fewer) from its due date
        case_warn_days=_warn_days("CASE_WARN_DAYS", "3,1"),
        # 审管联动: decisions are POSTed here (off when empty)
        supervision_webhook_url=_str("SUPERVISION_WEBHOOK_URL", ""),
        # The shared store of counters (login throttling, API rate limits): redis://… on several
        # machines; empty = files under the data dir (shared by the workers of one machine)
        cache_url=_cache_url(data_dir),
        # How many reverse proxies in front of the app append to X-Forwarded-For (0 = trust none:
        # the client is REMOTE_ADDR, and a forged X-Forwarded-For changes nothing)
        trusted_proxy_count=_int("TRUSTED_PROXY_COUNT", 0),
        # 登录防暴力破解: this many wrong passwords for one account, or from one client, inside the
        # lock period lock that account (or client) out for the period
        login_max_failures=_int("LOGIN_MAX_FAILURES", 5),
        login_max_failures_per_client=_int("LOGIN_MAX_FAILURES_PER_CLIENT", 20),
        login_lock_seconds=_int("LOGIN_LOCK_SECONDS", 15 * 60),
        # Keys that sign audit rows and anchors (HMAC-SHA256), newest first; older ones still
        # verify the rows they signed. Unset: one key derived from the secret key.
        audit_keys=tuple(_list("AUDIT_KEYS", [])) or (f"derived-from-secret-key:{secret_key}",),
        # Independent audit chains: an append locks one chain, so writers on different chains
        # do not wait for each other (docs/adr/0005-audit-chains-and-anchors.md)
        audit_chains=max(1, _int("AUDIT_CHAINS", 16)),
        # Signed checkpoints of the chains' heads are appended here; ship it off the database server
        audit_anchor_dir=Path(_str("AUDIT_ANCHOR_DIR", str(data_dir / "audit-anchors"))).resolve(),
        # 窗口月报: department codes of the 企业综合服务中心 (accepting units); their line in the report
        stats_enterprise_centres=tuple(c.strip() for c in _str("STATS_ENTERPRISE_CENTRES", "").split(",") if c.strip()),
        # Printable PDFs (licences, 受理通知书, 决定书) need a CJK font file (.ttf/.otf/.ttc);
        # empty = the first of the usual system locations that exists (zwfw.licences.pdf)
        pdf_font=_str("PDF_FONT", ""),
        demo=demo,
    )


def require_secret_key(env: Env) -> str:
    """The secret key the settings use; production (no key, no demo key file, DEBUG off) stops here."""
    if not env.secret_key:
        raise EnvError(
            "ZWFW_SECRET_KEY must be set when ZWFW_DEBUG is off "
            f"(for a local demo run `zwfw demo`, which keeps a key in {env.data_dir / DEMO_SECRET_KEY_FILE})"
        )
    return env.secret_key


ENV = read_env()
