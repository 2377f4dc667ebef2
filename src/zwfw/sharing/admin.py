from django.contrib import admin

from zwfw.sharing.models import DataRead, Dataset, ServiceCode, ServiceCodeUse, SharingRequest, System


@admin.register(System)
class SystemAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "department")
    search_fields = ("code", "name")


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "department", "classification", "update_frequency", "connector_kind", "is_active")
    list_filter = ("classification", "update_frequency", "connector_kind", "is_active")
    search_fields = ("code", "name")


@admin.register(SharingRequest)
class SharingRequestAdmin(admin.ModelAdmin):
    list_display = ("dataset", "department", "status", "requested_at", "decided_at")
    list_filter = ("status",)


@admin.register(DataRead)
class DataReadAdmin(admin.ModelAdmin):
    list_display = ("dataset", "department", "subject_masked", "outcome", "case_number", "read_at")
    list_filter = ("outcome",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ServiceCode)
class ServiceCodeAdmin(admin.ModelAdmin):
    list_display = ("holder", "created_at", "expires_at", "revoked_at")
    exclude = ("token", "holder_id_number")


@admin.register(ServiceCodeUse)
class ServiceCodeUseAdmin(admin.ModelAdmin):
    list_display = ("code", "clerk", "consent", "outcome", "used_at")

    def has_change_permission(self, request, obj=None):
        return False
