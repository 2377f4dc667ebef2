"""Django admin (一件事): read-only views of bundles, decisions, plans and applications. Changes go
through the services (define, review, publish, apply), which compose, audit and check permissions."""

from __future__ import annotations

from django.contrib import admin

from zwfw.bundles.models import Bundle, BundleApplication, BundleMergeDecision, BundlePlan
from zwfw.core.admin import ReadOnlyAdmin


@admin.register(Bundle)
class BundleAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "theme", "lead_department", "status", "published_at")
    list_filter = ("theme", "status")
    search_fields = ("code", "name")


@admin.register(BundleMergeDecision)
class BundleMergeDecisionAdmin(ReadOnlyAdmin):
    list_display = ("bundle", "name_a", "name_b", "score", "accepted", "decided_by", "decided_at")
    list_filter = ("accepted",)


@admin.register(BundlePlan)
class BundlePlanAdmin(ReadOnlyAdmin):
    list_display = ("bundle", "reason", "computed_at")
    list_filter = ("reason",)


@admin.register(BundleApplication)
class BundleApplicationAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "applicant", "status", "submitted_at", "completed_at")
    list_filter = ("status",)
    search_fields = ("number",)
