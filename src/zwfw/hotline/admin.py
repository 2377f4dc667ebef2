"""Django admin for the hotline app: reference data only (orders change through services)."""

from __future__ import annotations

from django.contrib import admin

from zwfw.hotline.models import Category, ClassifierModel, KnowledgeEntry, ResponsibilityVersion


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "is_active")
    search_fields = ("code", "name")
    list_filter = ("level",)


@admin.register(ResponsibilityVersion)
class ResponsibilityVersionAdmin(admin.ModelAdmin):
    list_display = ("number", "status", "note", "published_at")
    readonly_fields = ("number", "status", "published_at")


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(admin.ModelAdmin):
    list_display = ("question", "department", "review_date", "is_active")
    search_fields = ("question", "answer")


@admin.register(ClassifierModel)
class ClassifierModelAdmin(admin.ModelAdmin):
    list_display = ("version", "samples", "corrections", "is_active", "trained_at")
    readonly_fields = ("version", "path", "labels", "samples", "corrections", "metrics", "trained_at")
