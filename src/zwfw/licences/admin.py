"""Django admin (Chinese) for the licence tables: read-only.

Licences are issued, revoked and expired only through :mod:`zwfw.licences.services` (atomic,
audited, the holder notified); types are registered with ``licence_type_ensure``. The admin
lets a platform admin look, search and filter, never change.
"""

from __future__ import annotations

from django.contrib import admin

from zwfw.core.admin import ReadOnlyAdmin
from zwfw.licences.models import (
    ForeignLicenceCheck,
    LicenceHolding,
    LicenceType,
    SignedDocument,
    SigningKey,
    TrustedIssuer,
)
from zwfw.licences.schemas import masked_holder


@admin.register(LicenceType)
class LicenceTypeAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "issuer_line", "holder_kind", "validity_rule", "validity_years", "is_active")
    list_filter = ("holder_kind", "validity_rule", "is_active")
    search_fields = ("code", "name")


@admin.register(LicenceHolding)
class LicenceHoldingAdmin(ReadOnlyAdmin):
    list_display = ("number", "type", "holder", "issuer_department", "valid_from", "valid_until", "status")
    list_filter = ("status", "trust_level", "type")
    search_fields = ("number", "source_case_number")
    list_select_related = ("type", "issuer_department")
    # Personal data stays masked here too; the face data is for the holder's own pages.
    exclude = ("verify_code", "holder_name", "holder_id_number", "data")
    readonly_fields = ("holder",)

    @admin.display(description="持证主体（脱敏）")
    def holder(self, obj: LicenceHolding) -> str:
        name, identifier = masked_holder(obj)
        return f"{name}（{identifier}）"


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ("kid", "department", "algorithm", "status", "created_at", "retired_at")
    list_filter = ("status",)
    exclude = ("private_key_sealed",)


@admin.register(TrustedIssuer)
class TrustedIssuerAdmin(ReadOnlyAdmin):
    list_display = ("kid", "province", "issuer_name", "department_code", "is_active", "added_at")


@admin.register(ForeignLicenceCheck)
class ForeignLicenceCheckAdmin(ReadOnlyAdmin):
    list_display = ("number", "issuer", "accepted", "reason", "case_number", "checked_at")
    list_filter = ("accepted",)


@admin.register(SignedDocument)
class SignedDocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "case_number", "issuer_department", "signature_alg", "status", "issued_at")
    list_filter = ("kind", "status", "signature_alg")
    search_fields = ("number", "case_number")
    exclude = ("holder_id_number", "payload", "verify_code")
