"""The ``zwfw`` console command.

``zwfw <group> <action> …`` runs the management command ``<group>_<action>`` when it exists
(``zwfw calendar load 2027.yaml`` → ``calendar_load``, ``zwfw audit verify`` → ``audit_verify``,
``zwfw catalog import-gd FILE`` → ``catalog_import_gd``); otherwise ``zwfw <command> …`` is
passed to Django as is (``zwfw migrate``, ``zwfw demo``, ``zwfw serve``).
"""

from __future__ import annotations

import os
import sys


def resolve(argv: list[str], known: set[str]) -> list[str]:
    """Map ``zwfw`` arguments to a Django management command line."""
    if len(argv) >= 2:
        joined = f"{argv[0]}_{argv[1]}".replace("-", "_")
        if joined in known:
            return [joined, *argv[2:]]
    if argv:
        single = argv[0].replace("-", "_")
        if single in known:
            return [single, *argv[1:]]
    return argv


#: Commands that read files and print, touching no database and signing nothing that outlives them
#: (``zwfw hotline classify``, ``zwfw trading screen``…): others evaluate them on a fresh checkout,
#: so they run without a configured secret key (a throwaway one for this process).
OFFLINE_COMMANDS = {("hotline", "train"), ("hotline", "classify"), ("trading", "screen"), ("licences", "verify")}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwfw.settings.base")
    args = list(sys.argv[1:] if argv is None else argv)
    if tuple(args[:2]) in OFFLINE_COMMANDS and not os.environ.get("ZWFW_SECRET_KEY"):
        import secrets

        os.environ["ZWFW_SECRET_KEY"] = "offline-" + secrets.token_urlsafe(32)
    if args[:1] == ["demo"]:
        # The demo runs with DEBUG off: it needs a secret key before the settings load. It is
        # generated once and kept in the data directory, where every later `zwfw` command finds it.
        from zwfw.env import demo_secret_key_ensure

        demo_secret_key_ensure()
    import django
    from django.core.management import execute_from_command_line, get_commands

    django.setup()
    if not args:
        args = ["help"]
    execute_from_command_line(["zwfw", *resolve(args, set(get_commands()))])


if __name__ == "__main__":
    main()
