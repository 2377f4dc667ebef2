"""Django admin (办件): read-mostly views for operators. State changes go through the services
(pages and API); the admin never edits a case's state, steps or clock."""

from __future__ import annotations

from django.contrib import admin

from zwfw.cases.models import (
    Case,
    CaseMaterial,
    CaseStep,
    ClockStop,
    Consultation,
    CorrectionNotice,
    PledgeVerification,
    ShortfallPledge,
    SupervisionNotice,
)


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MaterialInline(_ReadOnlyInline):
    model = CaseMaterial
    fields = ("key", "name", "required", "source", "status", "original_name", "size", "sha256", "licence_number")


class StepInline(_ReadOnlyInline):
    model = CaseStep
    fields = (
        "key",
        "name",
        "role",
        "department",
        "status",
        "handled_by",
        "started_at",
        "finished_at",
        "action",
        "opinion",
    )


class ClockStopInline(_ReadOnlyInline):
    model = ClockStop
    fields = ("kind", "reason", "started_on", "ended_on", "workdays")


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("number", "item_name", "status", "channel", "department", "submitted_at", "due_date", "is_overdue")
    list_filter = ("status", "channel", "is_overdue", "on_pledge", "with_shortfall")
    search_fields = ("number", "item_name")
    date_hierarchy = "submitted_at"
    inlines = [MaterialInline, StepInline, ClockStopInline]
    list_select_related = ("department",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Case._meta.concrete_fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.concrete_fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(_ReadOnlyAdmin):
    list_display = ("case", "department", "decision", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "decision")


@admin.register(PledgeVerification)
class PledgeVerificationAdmin(_ReadOnlyAdmin):
    list_display = ("case", "department", "due_date", "status")
    list_filter = ("status",)


@admin.register(ShortfallPledge)
class ShortfallPledgeAdmin(_ReadOnlyAdmin):
    list_display = ("case", "due_date", "reminded_at", "fulfilled_at", "is_overdue")


@admin.register(CorrectionNotice)
class CorrectionNoticeAdmin(_ReadOnlyAdmin):
    list_display = ("case", "issued_at", "deadline", "resolved_at")


@admin.register(Consultation)
class ConsultationAdmin(_ReadOnlyAdmin):
    list_display = ("at", "channel", "department", "topic")
    list_filter = ("channel",)
