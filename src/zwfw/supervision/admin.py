"""Django admin (互联网+监管): read-only views for operators; every change goes through the services."""

from __future__ import annotations

from django.contrib import admin

from zwfw.core.admin import ReadOnlyAdmin
from zwfw.supervision.models import (
    CreditEvent,
    CreditRepair,
    InboxEvent,
    InspectionPlan,
    InspectionTask,
    Inspector,
    PledgeCheck,
    SupervisedEntity,
    SupervisionItem,
)


@admin.register(SupervisionItem)
class SupervisionItemAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "department", "method", "frequency_per_year", "is_active")
    search_fields = ("code", "name")


@admin.register(InboxEvent)
class InboxEventAdmin(ReadOnlyAdmin):
    list_display = ("case_number", "kind", "department", "decision", "sign_due", "result", "received_at")
    list_filter = ("kind", "result")
    search_fields = ("case_number", "item_code")
    exclude = ("id_number",)


@admin.register(PledgeCheck)
class PledgeCheckAdmin(ReadOnlyAdmin):
    list_display = ("event", "department", "due_date", "status", "method", "revoked")
    list_filter = ("status",)


@admin.register(CreditEvent)
class CreditEventAdmin(ReadOnlyAdmin):
    list_display = ("subject_kind", "subject_name", "kind", "severity", "source", "occurred_on", "repaired_at")
    list_filter = ("kind", "source")
    exclude = ("subject_id",)


@admin.register(CreditRepair)
class CreditRepairAdmin(ReadOnlyAdmin):
    list_display = ("event", "status", "created_at", "reviewed_at")


@admin.register(SupervisedEntity)
class SupervisedEntityAdmin(ReadOnlyAdmin):
    list_display = ("name", "subject_kind", "department", "item")
    exclude = ("subject_id",)


@admin.register(Inspector)
class InspectorAdmin(ReadOnlyAdmin):
    list_display = ("name", "department", "is_active")


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ReadOnlyAdmin):
    list_display = ("name", "department", "entity_count", "status", "seed", "drawn_at", "published_at")


@admin.register(InspectionTask)
class InspectionTaskAdmin(ReadOnlyAdmin):
    list_display = ("plan", "result", "rectify_due", "rectified_at")
