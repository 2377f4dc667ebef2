"""Django admin registrations (read-mostly views for platform admins)."""

from django.contrib import admin

from zwfw.policies.models import Application, EnterpriseProfile, Grant, MatchRun, Policy, SupportItem


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("title", "doc_number", "status", "effective_from", "expires_on")
    list_filter = ("status",)
    search_fields = ("title", "doc_number", "key")


@admin.register(SupportItem)
class SupportItemAdmin(admin.ModelAdmin):
    list_display = ("title", "policy", "benefit", "auto_grant")
    search_fields = ("title", "key")


@admin.register(EnterpriseProfile)
class EnterpriseProfileAdmin(admin.ModelAdmin):
    list_display = ("uscc", "name", "region_code", "industry_code", "size_class")
    search_fields = ("uscc", "name")


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ("id", "as_of", "status", "parts_done", "parts_total", "enterprises")


admin.site.register(Grant)
admin.site.register(Application)
