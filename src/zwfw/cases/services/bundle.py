"""一件事: a bundle parent case spawns one child case per component item."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from zwfw.cases.models import Case, CaseStatus
from zwfw.cases.services._base import audit, enforce
from zwfw.cases.services.apply import case_apply
from zwfw.catalog.selectors import implementation_get, version_content_get, version_in_force


@transaction.atomic
def case_spawn_children(
    *,
    actor,
    parent: Case,
    implementation_codes: Iterable[str],
    shared_form_data: Mapping[str, Any] | None = None,
    uploads: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Case]:
    """Create one child case per implementation code for the parent's applicant, on the parent's
    channel (一表申请: ``shared_form_data`` is offered to every child, each keeping only the
    fields its own form has). Children pin their own versions in force and run their own
    workflows; the parent's progress is its children's (``case_children_progress``).

    All or nothing: a child that fails validation rolls the whole spawn back (422 naming it).
    ``actor=None`` (system, e.g. the bundles engine after its own checks) skips the role check.
    """
    enforce(parent, "spawn_children", actor)  # a parent not yet final
    shared = dict(shared_form_data or {})
    children = []
    for code in implementation_codes:
        impl = implementation_get(code=code)
        version = version_in_force(impl, with_content=True)
        fields = {f["element"] for f in version_content_get(version)["elements"]["form"]} if version else set()
        data = {k: v for k, v in shared.items() if k in fields}
        children.append(
            case_apply(
                actor=None if actor is None else parent.applicant,
                implementation_code=code,
                channel=parent.channel,
                form_data=data,
                uploads=(uploads or {}).get(code),
                parent=parent,
                contact_phone=parent.contact_phone,
                postal_address=parent.postal_address,
                postal_code=parent.postal_code,
            )
            if actor is None or getattr(actor, "is_applicant", False)
            else case_apply(
                actor=actor,
                implementation_code=code,
                channel=parent.channel,
                form_data=data,
                uploads=(uploads or {}).get(code),
                on_behalf_of=parent.applicant,
                parent=parent,
                contact_phone=parent.contact_phone,
                postal_address=parent.postal_address,
                postal_code=parent.postal_code,
            )
        )
    audit(actor, "children_spawned", parent, after={"children": [c.number for c in children]})
    return children


__all__ = ["CaseStatus", "case_spawn_children"]
