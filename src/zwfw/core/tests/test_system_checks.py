"""The platform's own commands skip only the URL check; ``zwfw check`` still runs every check."""

from __future__ import annotations

import subprocess
import sys

from django.core import checks
from django.core.management import call_command, get_commands, load_command_class

from zwfw.core.management.checks import OPERATIONAL_CHECKS

SERVING = {"serve", "demo"}  # they answer requests: every check, URLs included


def test_every_check_runs_without_error_including_the_urls():
    call_command("check", fail_level="ERROR")  # raises SystemCheckError on an error


def test_operational_commands_run_every_registered_check_but_the_urls():
    available = set(checks.registry.registry.tags_available())
    assert checks.Tags.urls in available
    assert available - {checks.Tags.urls} <= set(OPERATIONAL_CHECKS)  # a new tag is not silently skipped
    assert checks.Tags.urls not in OPERATIONAL_CHECKS


def test_each_own_command_declares_its_checks():
    own = {name: app for name, app in get_commands().items() if app.startswith("zwfw.")}
    assert len(own) >= 30
    for name, app in own.items():
        command = load_command_class(app, name)
        if name in SERVING:
            assert command.requires_system_checks == "__all__", name
        else:  # operational: all but URLs, or (offline evaluation commands) none
            assert command.requires_system_checks in (OPERATIONAL_CHECKS, []), name


def test_the_security_check_does_not_mount_the_api():
    """CSRF_FAILURE_VIEW is imported by the security check before every command: it must not
    pull in zwfw.api (which builds every router)."""
    script = (
        "import django, sys; django.setup();"
        "from django.core import checks; checks.run_checks(tags=['security']);"
        "print('zwfw.api' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"
