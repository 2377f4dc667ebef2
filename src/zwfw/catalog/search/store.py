"""Where the shared search index lives: one directory per build, and a ``CURRENT`` pointer.

Layout (``<root>`` = :func:`store_root`)::

    <root>/CURRENT             the build id in use (replaced atomically with os.replace)
    <root>/build.lock          flock: one builder at a time, across processes
    <root>/<build id>/         meta.json, docs.json, *.npy, one bm25s directory per field

``<root>`` is ``settings.CATALOG_SEARCH_INDEX_DIR`` when set, else
``<ZWFW_DATA_DIR>/search-index/<database key>`` (the key hashes the database's engine, name,
host and port, so two databases never share an index). An in-memory SQLite database (tests)
cannot be shared between processes, so its index goes to a private temporary directory.

A build directory is never changed after ``CURRENT`` names it; a worker that memory-mapped an
older one keeps reading it safely after it is pruned (POSIX keeps unlinked files alive while
mapped). :data:`KEEP_BUILDS` builds are kept.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection

from zwfw.env import ENV

KEEP_BUILDS = 3
_private_root: Path | None = None


def _in_memory(db: dict) -> bool:
    name = str(db.get("NAME") or "")
    test_name = str((db.get("TEST") or {}).get("NAME") or "")
    return db.get("ENGINE", "").endswith("sqlite3") and (
        name in ("", ":memory:") or "mode=memory" in name or "memorydb" in name or "mode=memory" in test_name
    )


def store_root() -> Path:
    """The directory holding this database's index builds (created on demand)."""
    global _private_root
    configured = getattr(settings, "CATALOG_SEARCH_INDEX_DIR", None)
    if configured:
        root = Path(configured)
    else:
        db = connection.settings_dict
        if _in_memory(db):
            if _private_root is None:
                _private_root = Path(tempfile.mkdtemp(prefix="zwfw-search-index-"))
                atexit.register(shutil.rmtree, _private_root, True)
            root = _private_root
        else:
            ident = "|".join(str(db.get(k) or "") for k in ("ENGINE", "NAME", "HOST", "PORT"))
            key = hashlib.sha256(ident.encode()).hexdigest()[:12]
            root = ENV.data_dir / "search-index" / key
    root.mkdir(parents=True, exist_ok=True)
    return root


def current_build(root: Path | None = None) -> str | None:
    """The build id ``CURRENT`` names, when that build is complete; else ``None``."""
    root = root or store_root()
    try:
        build_id = (root / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if build_id and (root / build_id / "meta.json").exists():
        return build_id
    return None


def pointer_signature(root: Path) -> tuple[int, int, int] | None:
    """A cheap fingerprint of ``CURRENT`` (one ``stat``): changes whenever a new build is published."""
    try:
        st = os.stat(root / "CURRENT")
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_ino, st.st_size)


def new_build_dir(root: Path, stamp_key: str) -> Path:
    """A fresh, empty directory for a build (not yet published)."""
    return Path(tempfile.mkdtemp(prefix=f"b{stamp_key[:12]}-", dir=root))


def publish_build(root: Path, build_dir: Path) -> str:
    """Point ``CURRENT`` at ``build_dir`` (atomically) and prune old builds; returns the build id."""
    tmp = root / f".CURRENT.{os.getpid()}"
    tmp.write_text(build_dir.name, encoding="utf-8")
    os.replace(tmp, root / "CURRENT")
    builds = sorted(
        (p for p in root.iterdir() if p.is_dir() and p.name != build_dir.name and (p / "meta.json").exists()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in builds[KEEP_BUILDS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
    return build_dir.name


@contextlib.contextmanager
def build_lock(root: Path, *, blocking: bool = True) -> Iterator[bool]:
    """Hold the cross-process build lock; yields False (without the lock) when ``blocking`` is
    off and another process holds it."""
    with open(root / "build.lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
