"""The demo's settings (``make demo`` = ``zwfw demo``): DEBUG off, a generated secret key kept in the
data directory, Chinese error pages, static files from the app, no uploads served; production (no
key, no demo key file) refuses to start; every ``zwfw`` command the docs name works after the demo.

These run the real entry points in subprocesses with a clean environment (no ``ZWFW_*`` variables),
because the test settings turn DEBUG on.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ZWFW = str(Path(sys.executable).with_name("zwfw"))
REPO = Path(__file__).resolve().parents[4]


def _clean_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZWFW_") and k != "DJANGO_SETTINGS_MODULE"}
    env["ZWFW_DATA_DIR"] = str(data_dir)
    return env


def _run(args: list[str], data_dir: Path, *, timeout: int = 300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, env=_clean_env(data_dir), capture_output=True, text=True, timeout=timeout, cwd=REPO, **kwargs
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run([ZWFW, "check"], tmp_path)
    assert result.returncode != 0
    assert "ZWFW_SECRET_KEY must be set" in result.stderr
    assert not (tmp_path / "demo-secret-key").exists()


def test_a_configured_secret_key_wins_and_no_demo_key_is_written(tmp_path):
    script = "import django; django.setup(); from django.conf import settings as s; print(s.SECRET_KEY, s.DEBUG)"
    env = _clean_env(tmp_path) | {"ZWFW_SECRET_KEY": "k" * 50, "DJANGO_SETTINGS_MODULE": "zwfw.settings.base"}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["k" * 50, "False"]


def test_the_demo_key_is_generated_once_and_kept(tmp_path):
    """A second ``zwfw demo`` keeps the key, so sessions survive a restart; mode 0600."""
    script = "from zwfw.env import demo_secret_key_ensure as e; print(e())"
    env = _clean_env(tmp_path)
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        if _ == 0:
            first = (tmp_path / "demo-secret-key").read_text()
    assert (tmp_path / "demo-secret-key").read_text() == first
    assert len(first.strip()) >= 50
    assert ((tmp_path / "demo-secret-key").stat().st_mode & 0o777) == 0o600
    with_key = subprocess.run(
        [sys.executable, "-c", script], env=env | {"ZWFW_SECRET_KEY": "x" * 50}, capture_output=True, text=True
    )
    assert with_key.stdout.strip() == "None"


DEMO_PROBE = textwrap.dedent(
    """
    import os, django
    os.environ["DJANGO_SETTINGS_MODULE"] = "zwfw.settings.base"
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    call_command("migrate", verbosity=0)
    assert settings.DEBUG is False, "demo runs with DEBUG off"
    assert settings.SECRET_KEY == open(os.path.join(os.environ["ZWFW_DATA_DIR"], "demo-secret-key")).read().strip()
    assert not settings.SESSION_COOKIE_SECURE  # served over http://127.0.0.1 in the demo
    upload = settings.MEDIA_ROOT / "cases" / "8" / "id-card-abc123.pdf"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes(b"%PDF-1.4 secret scan")
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    for path in ("/no-such-page/", "/media/cases/8/id-card-abc123.pdf",
                 "/cases/8/id-card-abc123.pdf"):
        response = client.get(path)
        body = response.content.decode()
        assert response.status_code == 404, (path, response.status_code)
        assert "页面不存在" in body, path
        assert "URLconf" not in body and "Traceback" not in body and "DEBUG = True" not in body, path
        assert b"secret scan" not in response.content, path
    static = client.get("/static/zwfw/zwfw.css")
    assert static.status_code == 200, static.status_code
    assert Client(HTTP_HOST="localhost").get("/").status_code == 200
    assert Client(HTTP_HOST="evil.example", raise_request_exception=False).get("/").status_code == 400
    print("demo-probe-ok")
    """
)


def test_demo_settings_debug_off_chinese_404_no_uploads_static_served(tmp_path):
    """The key file ``zwfw demo`` writes switches on the demo's settings for every process."""
    (tmp_path / "demo-secret-key").write_text("demo-key-for-the-test-" + "x" * 40 + "\n")
    result = _run([sys.executable, "-c", DEMO_PROBE], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "demo-probe-ok" in result.stdout


def test_every_documented_command_works_after_the_demo(tmp_path):
    """``zwfw demo --no-serve`` with no variables, then the commands README and docs/ name."""
    demo = _run([ZWFW, "demo", "--no-serve"], tmp_path, timeout=600)
    assert demo.returncode == 0, demo.stderr
    key = tmp_path / "demo-secret-key"
    assert key.exists() and (key.stat().st_mode & 0o777) == 0o600

    export = tmp_path / "catalog.json"
    xlsx = tmp_path / "catalog.xlsx"
    gd = REPO.parent / "shared" / "data" / "gd-service-items" / "items.jsonl"
    commands = [
        ["calendar", "show"],
        ["calendar", "show", "2026"],
        ["audit", "verify"],
        ["seed"],
        ["migrate"],
        ["token", "create", "admin", "--name", "cli-test"],
        ["scheduler", "--list"],
        ["catalog", "check", "--region", "510100"],
        ["catalog", "export-xlsx", str(xlsx), "--region", "510100"],
        ["catalog", "import-xlsx", str(xlsx), "--dry-run"],
        ["catalog", "reindex", "--query", "开饭店", "--region", "510107"],
        ["report", "monthly", "2026-01"],
        ["collectstatic", "--noinput"],
        ["check"],
    ]
    if gd.exists() or os.environ.get("ZWFW_REQUIRE_SHARED_DATA") == "1":  # CI: the data must be there
        commands.append(["catalog", "import-gd", str(gd), "--limit", "5"])
    failures = []
    with export.open("w") as out:
        exported = subprocess.run(
            [ZWFW, "catalog", "export", "--region", "510100"],
            env=_clean_env(tmp_path),
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
            cwd=REPO,
        )
    if exported.returncode != 0:
        failures.append(("catalog export", exported.stderr[-500:]))
    commands.append(["catalog", "import", str(export), "--draft"])
    for command in commands:
        result = _run([ZWFW, *command], tmp_path)
        if result.returncode != 0:
            failures.append((" ".join(command), result.stderr[-500:]))
    assert not failures, failures
