"""Django admin registrations of the trading app: read-mostly views for operators.

Bids are shown without their ciphertext or price fields being editable; every change goes through
the services (the admin is for looking).
"""

from __future__ import annotations

from django.contrib import admin

from .models import Bid, Deposit, Expert, ExpertDraw, Project, RedFlag, Section


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "category", "region", "fully_electronic")
    search_fields = ("code", "name")


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "opening_at", "risk_score")
    list_filter = ("status",)


@admin.register(Bid)
class BidAdmin(admin.ModelAdmin):
    list_display = ("bidder_name", "section", "status", "anonymous_code", "submitted_at")
    exclude = ("sealed_price",)
    readonly_fields = ("price_fen", "bond_account_masked", "manager_id_masked")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Deposit)
class DepositAdmin(admin.ModelAdmin):
    list_display = ("bid", "kind", "amount_fen", "refund_due", "refunded_at")


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "status")


@admin.register(ExpertDraw)
class ExpertDrawAdmin(admin.ModelAdmin):
    list_display = ("section", "seed", "drawn_at")


@admin.register(RedFlag)
class RedFlagAdmin(admin.ModelAdmin):
    list_display = ("section", "code", "weight", "strength")
