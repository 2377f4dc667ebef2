"""Which system checks the platform's own management commands run before they start.

Every tag but ``urls``: checking the URL configuration imports every app's API and builds its
schemas, which a command that reads the calendar or verifies the audit chain never uses. With
the CSRF failure view moved out of :mod:`zwfw.api` (the security check imports it), ``zwfw
calendar show`` starts in 1.3 s instead of 3.3–3.5 s on the 2-core machine (measured 2026-12-03). The URLs are
still checked by ``zwfw check``, by the commands that serve requests (``serve``, ``demo``) and by
the test suite (``core/tests/test_system_checks.py``).
"""

from __future__ import annotations

from django.core.checks import Tags

OPERATIONAL_CHECKS: list[str] = [
    Tags.admin,
    Tags.async_support,
    Tags.caches,
    Tags.commands,
    Tags.compatibility,
    Tags.database,
    Tags.files,
    Tags.models,
    Tags.security,
    Tags.signals,
    Tags.sites,
    Tags.staticfiles,
    Tags.templates,
    Tags.translation,
]
