"""Django admin (Chinese) for the raw catalog tables.

Drafts are edited here (element table, materials, form, steps and edges as inlines); a version
that left draft is shown read-only, and moves on only through the review actions, which call the
same services as the API. Every save writes an audit row.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import transaction

from zwfw.catalog.errors import CatalogError
from zwfw.catalog.models import (
    BaseItem,
    CrossRegionItem,
    FormField,
    ItemImplementation,
    ItemVersion,
    LicenceType,
    Material,
    SearchQueryStat,
    SearchSynonym,
    Step,
    StepEdge,
    VersionStatus,
)
from zwfw.catalog.search.synonyms import synonym_clean
from zwfw.catalog.services import item_version_approve, item_version_submit
from zwfw.core.services.audit import audit_log_write

_ENTITY = {
    "baseitem": "base_item",
    "itemimplementation": "implementation",
    "itemversion": "item_version",
    "licencetype": "licence_type",
}


def _action(obj, verb: str) -> str:
    return f"zwfw.catalog.{_ENTITY[obj._meta.model_name]}.{verb}"


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_log_write(
                actor=request.user,
                action=_action(obj, "admin_changed" if change else "admin_created"),
                obj=obj,
                after={"fields": sorted(form.changed_data)},
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_log_write(actor=request.user, action=_action(obj, "admin_deleted"), obj=obj)
            super().delete_model(request, obj)


@admin.register(LicenceType)
class LicenceTypeAdmin(AuditedAdmin):
    list_display = ("code", "name", "issuer_line")
    search_fields = ("code", "name")


@admin.register(BaseItem)
class BaseItemAdmin(AuditedAdmin):
    list_display = ("code", "name", "item_type", "type_code", "department_line")
    list_filter = ("item_type", "department_line")
    search_fields = ("code", "name")
    readonly_fields = ("type_code", "created_at", "updated_at")


@admin.register(ItemImplementation)
class ItemImplementationAdmin(AuditedAdmin):
    list_display = ("code", "name", "region", "department", "level", "is_active")
    list_filter = ("level", "is_active", "region")
    search_fields = ("code", "base__name", "base__code")
    list_select_related = ("base", "region", "department")
    autocomplete_fields = ("base",)
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description="事项名称")
    def name(self, obj):
        return obj.base.name


class _VersionChildInline(admin.TabularInline):
    extra = 0

    def _editable(self, obj) -> bool:
        return obj is None or obj.status == VersionStatus.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class MaterialInline(_VersionChildInline):
    model = Material
    fields = (
        "order",
        "key",
        "name",
        "standard_code",
        "forms",
        "originals",
        "copies",
        "required",
        "shortfall_allowed",
        "pledge_allowed",
        "source",
        "licence_type",
        "shared_data",
        "blank_form",
        "sample",
        "note",
    )


class FormFieldInline(_VersionChildInline):
    model = FormField
    fields = ("order", "element", "label", "type", "required", "choices")


class StepInline(_VersionChildInline):
    model = Step
    fields = ("order", "key", "name", "kind", "role", "department", "limit_days", "stops_clock")
    autocomplete_fields = ("department",)


class StepEdgeInline(_VersionChildInline):
    model = StepEdge
    fields = ("order", "from_step", "to_step")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        steps = Step.objects.filter(version=obj) if obj else Step.objects.none()
        for name in ("from_step", "to_step"):
            if name in formset.form.base_fields:
                formset.form.base_fields[name].queryset = steps
        return formset


@admin.register(ItemVersion)
class ItemVersionAdmin(AuditedAdmin):
    list_display = ("__str__", "owner_code", "number", "status", "effective_from", "effective_to", "published_at")
    list_filter = ("status",)
    search_fields = ("implementation__code", "base_item__code", "base_item__name", "implementation__base__name")
    list_select_related = ("implementation", "base_item")
    inlines = (MaterialInline, FormFieldInline, StepInline, StepEdgeInline)
    autocomplete_fields = ("supervisor",)
    actions = ("submit_for_review", "approve_today")
    lifecycle = (
        "status",
        "effective_from",
        "effective_to",
        "created_by",
        "created_at",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_note",
        "published_at",
    )

    @admin.display(description="事项编码")
    def owner_code(self, obj):
        return obj.implementation.code if obj.implementation_id else obj.base_item.code

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != VersionStatus.DRAFT:
            return [f.name for f in ItemVersion._meta.concrete_fields if f.name != "id"]
        return [*self.lifecycle, "base_item", "implementation", "number"] if obj else list(self.lifecycle)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.status == VersionStatus.DRAFT) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="提交审核")
    def submit_for_review(self, request, queryset):
        self._run(request, queryset, item_version_submit)

    @admin.action(description="审核通过（今日生效）")
    def approve_today(self, request, queryset):
        self._run(request, queryset, item_version_approve)

    def _run(self, request, queryset, service):
        for version in queryset:
            try:
                service(actor=request.user, version=version)
            except CatalogError as exc:
                messages.error(request, f"{version}：{exc.message}")
            except Exception as exc:  # PermissionDenied etc.: report per row, keep going
                messages.error(request, f"{version}：{exc}")
            else:
                messages.success(request, f"{version}：已完成")


# --- search vocabulary and query log (issue 10 item 5) ---------------------------------------


class SearchSynonymForm(forms.ModelForm):
    class Meta:
        model = SearchSynonym
        fields = ("term", "official", "note", "is_active")

    def clean(self):
        data = super().clean()
        try:
            data["term"], data["official"] = synonym_clean(data.get("term") or "", data.get("official") or [])
        except CatalogError as exc:
            raise forms.ValidationError(exc.message) from exc
        return data


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """The editable synonym table; edits are audited like the API's (same services' rules)."""

    form = SearchSynonymForm
    list_display = ("term", "official", "is_active", "note", "updated_at", "updated_by")
    list_filter = ("is_active",)
    search_fields = ("term", "note")
    readonly_fields = ("updated_at", "updated_by")

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            obj.updated_by = request.user
            super().save_model(request, obj, form, change)
            audit_log_write(
                actor=request.user,
                action=f"zwfw.catalog.search_synonym.{'admin_changed' if change else 'admin_created'}",
                obj=obj,
                after={"term": obj.term, "official": obj.official, "is_active": obj.is_active},
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_log_write(actor=request.user, action="zwfw.catalog.search_synonym.admin_deleted", obj=obj)
            super().delete_model(request, obj)


@admin.register(SearchQueryStat)
class SearchQueryStatAdmin(admin.ModelAdmin):
    """Read-only counters (no personal data is stored; see catalog/search/querylog.py)."""

    list_display = ("day", "query", "searches", "zero_results", "clicks", "last_result_count")
    list_filter = ("day",)
    search_fields = ("query",)
    ordering = ("-day", "-searches")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CrossRegionItemForm(forms.ModelForm):
    class Meta:
        model = CrossRegionItem
        fields = ("scheme", "implementation", "intake_regions", "mode", "batch", "note", "is_active")

    def clean(self):
        data = super().clean()
        impl, regions = data.get("implementation"), data.get("intake_regions")
        if impl is not None and regions is not None:
            from zwfw.catalog.services.crossregion import cross_region_item_check

            try:
                cross_region_item_check(implementation=impl, intake_regions=list(regions))
            except CatalogError as exc:
                raise forms.ValidationError(exc.message) from exc
        return data


@admin.register(CrossRegionItem)
class CrossRegionItemAdmin(admin.ModelAdmin):
    """跨域通办（川渝通办）事项清单: platform admins edit it here (or ``cross_region_item_save``);
    the same check as the service, every save audited."""

    form = CrossRegionItemForm
    list_display = ("implementation", "scheme", "mode", "batch", "is_active", "updated_at")
    list_filter = ("scheme", "mode", "is_active")
    search_fields = ("implementation__code", "implementation__base__name")
    filter_horizontal = ("intake_regions",)
    raw_id_fields = ("implementation",)

    def save_related(self, request, form, formsets, change):
        from zwfw.catalog.services.crossregion import cross_region_item_snapshot

        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            audit_log_write(
                actor=request.user,
                action="zwfw.catalog.cross_region_item.saved",
                obj=form.instance,
                after=cross_region_item_snapshot(form.instance),
            )
