"""Django admin (中介服务网上超市): read-only; every change goes through the services."""

from __future__ import annotations

from django.contrib import admin

from zwfw.core.admin import ReadOnlyAdmin
from zwfw.intermediaries.models import Agency, Contract, Listing, Purchase, Rating, Violation


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ("name", "uscc", "status", "created_at")
    list_filter = ("status",)


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = ("service_item", "agency", "time_limit_days", "fee_standard_fen", "is_active")


@admin.register(Purchase)
class PurchaseAdmin(ReadOnlyAdmin):
    list_display = ("title", "owner_name", "method", "status", "seed", "created_at")


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ("purchase", "agency", "fee_fen", "due_date", "delivered_late", "charged_fee_fen", "fee_flag")


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("contract", "score", "created_at")


@admin.register(Violation)
class ViolationAdmin(ReadOnlyAdmin):
    list_display = ("agency", "kind", "blacklist", "created_at")
