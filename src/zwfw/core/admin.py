from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from zwfw.core import models


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin that only shows rows: records that change only through an app's services (ratings,
    licences, supervision, intermediaries, bundles) are never added, edited or deleted here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.User)
class ZwfwUserAdmin(UserAdmin):
    list_display = ("username", "display_name", "role", "department", "region", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("政务", {"fields": ("role", "display_name", "id_number", "uscc", "phone", "department", "region")}),
    )


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    search_fields = ("code", "name")
    list_filter = ("level",)


@admin.register(models.Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "level", "parent")
    search_fields = ("code", "name")
    list_filter = ("level",)
