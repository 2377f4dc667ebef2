"""The licence-type registry (证照目录): register or update a type by code."""

from __future__ import annotations

import re

from django.db import transaction

from zwfw.core.permissions import require
from zwfw.core.services.audit import audit_log_write
from zwfw.licences.catalogue import defaults_for
from zwfw.licences.errors import LicenceError, LicenceErrorCode
from zwfw.licences.models import HolderKind, LicenceType, ValidityRule

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")


def _bad(field: str, reason: str) -> LicenceError:
    return LicenceError(LicenceErrorCode.BAD_INPUT, detail={"field": field}, field=field, reason=reason)


def _snapshot(t: LicenceType) -> dict:
    return {
        "code": t.code,
        "name": t.name,
        "issuer_line": t.issuer_line,
        "holder_kind": t.holder_kind,
        "validity_rule": t.validity_rule,
        "validity_years": t.validity_years,
        "legal_basis": t.legal_basis,
    }


def licence_type_ensure(
    *,
    actor,
    code: str,
    name: str,
    issuer_line: str = "",
    holder_kind: str | None = None,
    validity_rule: str | None = None,
    validity_years: int | None = None,
    legal_basis: str | None = None,
) -> LicenceType:
    """Create the type ``code`` or bring its name and attributes up to date; idempotent.

    ``code`` is lower-case letters, digits and ``_`` (the catalog's licence-type codes). An empty
    ``issuer_line`` and attributes left ``None`` keep what the type has; on creation they come
    from :mod:`zwfw.licences.catalogue` (cited rules for common types). An audit row is written
    only when something was created or changed. ``actor`` ``None`` is the system (demo, import);
    otherwise a staff role (``licences.type.ensure``). Raises ``LicenceError`` (422) for a bad code,
    name or attribute.
    """
    if actor is not None:
        require(actor, "licences.type.ensure")
    code = (code or "").strip()
    name = (name or "").strip()
    if not CODE_RE.match(code):
        raise _bad("code", "只能使用小写字母、数字和下划线，以字母或数字开头，不超过64个字符")
    if not name or len(name) > 128:
        raise _bad("name", "名称不能为空且不超过128个字符")
    if holder_kind is not None and holder_kind not in HolderKind.values:
        raise _bad("holder_kind", f"可选 {'、'.join(HolderKind.values)}")
    if validity_rule is not None and validity_rule not in ValidityRule.values:
        raise _bad("validity_rule", f"可选 {'、'.join(ValidityRule.values)}")
    if validity_years is not None and not 0 < validity_years <= 100:
        raise _bad("validity_years", "应为1至100之间的整数")

    with transaction.atomic():
        existing = LicenceType.objects.select_for_update().filter(code=code).first()
        if existing is None:
            d = defaults_for(code)
            rule = validity_rule or d.validity_rule
            years = validity_years if validity_years is not None else d.validity_years
            if rule == ValidityRule.YEARS and not years:
                raise _bad("validity_years", "固定年限规则须给出有效年限")
            created = LicenceType.objects.create(
                code=code,
                name=name,
                issuer_line=issuer_line.strip(),
                holder_kind=holder_kind or d.holder_kind,
                validity_rule=rule,
                validity_years=years if rule == ValidityRule.YEARS else None,
                legal_basis=d.legal_basis if legal_basis is None else legal_basis,
            )
            audit_log_write(
                actor=actor, action="zwfw.licences.licence_type.created", obj=created, after=_snapshot(created)
            )
            return created

        before = _snapshot(existing)
        changes = {"name": name}
        if issuer_line.strip():
            changes["issuer_line"] = issuer_line.strip()
        if holder_kind is not None:
            changes["holder_kind"] = holder_kind
        if validity_rule is not None:
            changes["validity_rule"] = validity_rule
            if validity_rule != ValidityRule.YEARS:
                changes["validity_years"] = None
        if validity_years is not None:
            changes["validity_years"] = validity_years
        if legal_basis is not None:
            changes["legal_basis"] = legal_basis
        for field, value in changes.items():
            setattr(existing, field, value)
        if existing.validity_rule == ValidityRule.YEARS and not existing.validity_years:
            raise _bad("validity_years", "固定年限规则须给出有效年限")
        after = _snapshot(existing)
        if after != before:
            existing.save()
            audit_log_write(
                actor=actor, action="zwfw.licences.licence_type.updated", obj=existing, before=before, after=after
            )
        return existing
