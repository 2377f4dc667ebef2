"""Test settings: fast hasher, tasks run immediately, files in memory."""

import os
import tempfile

os.environ.setdefault("ZWFW_DEBUG", "1")
os.environ.setdefault("ZWFW_TASK_BACKEND", "immediate")
os.environ.setdefault("ZWFW_STORAGE", "memory")
os.environ.setdefault("ZWFW_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("ZWFW_CACHE_URL", "locmem://")
# audit anchors of a test run never mix with a demo's (var/audit-anchors)
os.environ.setdefault("ZWFW_AUDIT_ANCHOR_DIR", tempfile.mkdtemp(prefix="zwfw-test-anchors-"))

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
