"""The real Guangdong catalog in ``../shared/data`` (read at run time, never copied in).

Tests on it skip where a checkout has no ``shared/`` beside it; in CI (``ZWFW_REQUIRE_SHARED_DATA=1``,
set by ``.ci/run``) they run regardless, so a missing file fails them instead of hiding them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]
SHARED = Path(os.environ.get("ZWFW_SHARED_DATA", REPO.parent / "shared" / "data"))
GD_DIR = SHARED / "gd-service-items"
GD_ITEMS = GD_DIR / "items.jsonl"
GD_NAMES = GD_DIR / "dict_matter.txt"


def needs(path: Path) -> pytest.MarkDecorator:
    required = os.environ.get("ZWFW_REQUIRE_SHARED_DATA") == "1"
    return pytest.mark.skipif(not path.exists() and not required, reason=f"shared data not found at {path}")
