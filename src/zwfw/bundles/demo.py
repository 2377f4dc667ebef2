"""Demo bundles: the national 一件事 bundles of ``demo_data/bundles.yaml`` over the demo catalog.

Each bundle is defined (its plan computed from the items' published versions), the recorded
review decisions are answered in order (each must be an open suggestion at that moment: a later
suggestion can appear only once an earlier one is decided), and the bundle is published — which
fails loudly if anything stays open, so the data cannot drift from the catalog unnoticed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from zwfw.bundles.models import Bundle, BundleStatus

DATA_FILE = Path(__file__).resolve().parent / "demo_data" / "bundles.yaml"


def demo_bundles_data() -> list[dict[str, Any]]:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def demo_bundles_ensure(*, actor=None) -> str:
    """Define, review and publish each demo bundle not yet published (idempotent). Skipped (with
    a note) when the demo catalog is not loaded."""
    from zwfw.bundles.services import bundle_define, bundle_publish, merge_decision_record
    from zwfw.bundles.services.specs import versions_in_force

    data = demo_bundles_data()
    codes = [i["implementation"] for b in data for i in b["items"]]
    if len(versions_in_force(codes)) < len(set(codes)):
        return "演示事项目录未载入，跳过"
    created = 0
    for entry in data:
        existing = Bundle.objects.filter(code=entry["code"]).first()
        if existing is not None and existing.status == BundleStatus.PUBLISHED:
            continue
        with transaction.atomic():
            bundle = bundle_define(
                actor=actor,
                code=entry["code"],
                name=entry["name"],
                theme=entry["theme"],
                lead_department_code=entry["lead_department"],
                region_code=str(entry["region"]),
                implementation_codes=[i["implementation"] for i in entry["items"]],
                dependencies=[(d[0], d[1]) for d in entry.get("dependencies") or ()],
                policy_reference=entry.get("policy_reference", ""),
                description=entry.get("description", ""),
            )
            for decision in entry.get("decisions") or ():
                merge_decision_record(
                    actor=actor,
                    bundle=bundle,
                    material_a_key=decision["a"],
                    material_b_key=decision["b"],
                    accepted=bool(decision["accepted"]),
                    note=decision.get("note", ""),
                )
            bundle_publish(actor=actor, bundle=bundle)
        created += 1
    return f"一件事{len(data)}项（本次发布{created}项）"
