"""Demo data: Sichuan/成都 enterprise-support policies (``demo_data/policies.yaml``) and a
generated enterprise population (:mod:`zwfw.policies.population`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

POLICIES_FILE = Path(__file__).resolve().parent / "demo_data" / "policies.yaml"


@lru_cache(maxsize=1)
def _load() -> tuple:
    return tuple(yaml.safe_load(POLICIES_FILE.read_text(encoding="utf-8")))


def demo_policies() -> list[dict]:
    """The demo policies as dicts (a fresh list each call; the dicts are shared, do not mutate)."""
    return list(_load())
