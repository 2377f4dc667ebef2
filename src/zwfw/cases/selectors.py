"""Reads of cases, scoped to the caller (STYLE.md convention 3)."""

from __future__ import annotations

from zwfw.core.selectors.scope import scope_register


def register_scopes() -> None:
    from zwfw.cases.models import Case, Consultation, PledgeVerification, SupervisionNotice

    scope_register(Case, region="region", department="department", owner="applicant")
    scope_register(SupervisionNotice, department="department")
    scope_register(PledgeVerification, department="department")
    scope_register(Consultation, region="region", department="department")
