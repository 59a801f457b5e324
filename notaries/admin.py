"""Bureau administration of the catalogue. Every record keeps its change history (who, when, what),
shown on the admin's History page of each record."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    DemoDataset,
    District,
    Exemption,
    MaterialItem,
    Matter,
    MatterCategory,
    Notary,
    Office,
)


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_zh", "name_en", "slug"]


@admin.register(Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "name_en", "district", "kind", "phone", "is_active"]
    list_filter = ["district", "kind", "is_active"]
    list_select_related = ["district"]
    search_fields = ["name_zh", "name_en", "slug", "address_zh", "address_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["matters"]
    fieldsets = [
        (None, {"fields": ["slug", "name_zh", "name_en", "district", "kind", "is_active"]}),
        (
            _("Contact"),
            {
                "fields": [
                    "address_zh",
                    "address_en",
                    "phone",
                    "opening_hours_zh",
                    "opening_hours_en",
                ]
            },
        ),
        (_("Matters handled"), {"fields": ["matters"]}),
    ]


@admin.register(Notary)
class NotaryAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "name_en", "licence_number", "office", "status"]
    list_filter = ["status", "office__district", "office"]
    list_select_related = ["office"]
    search_fields = ["name_zh", "name_en", "licence_number"]
    autocomplete_fields = ["office"]
    filter_horizontal = ["matters"]


@admin.register(MatterCategory)
class MatterCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_zh", "name_en"]


@admin.register(Exemption)
class ExemptionAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "name_en", "code", "position"]
    search_fields = ["name_zh", "name_en", "code"]


class MaterialItemInline(admin.TabularInline):
    model = MaterialItem
    extra = 1
    ordering = ["position"]
    fields = [
        "position",
        "name_zh",
        "name_en",
        "form",
        "copies",
        "provider",
        "commitment_allowed",
        "note_zh",
        "note_en",
    ]


@admin.register(Matter)
class MatterAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name_zh",
        "name_en",
        "category",
        "run_at_most_once",
        "processing_days",
        "fee_amount",
        "is_published",
    ]
    list_filter = ["category", "run_at_most_once", "is_published", "exemptions"]
    list_select_related = ["category"]
    search_fields = ["code", "name_zh", "name_en"]
    filter_horizontal = ["exemptions"]
    inlines = [MaterialItemInline]
    fieldsets = [
        (None, {"fields": ["code", "name_zh", "name_en", "category", "is_published"]}),
        (_("Guide"), {"fields": ["description_zh", "description_en", "run_at_most_once"]}),
        (_("Time"), {"fields": ["processing_days", "appointment_minutes"]}),
        (_("Fee"), {"fields": ["fee_amount", "fee_basis_zh", "fee_basis_en", "exemptions"]}),
    ]


@admin.register(MaterialItem)
class MaterialItemAdmin(SimpleHistoryAdmin):
    """Materials are edited inline on their matter; this list is where their history is read."""

    list_display = ["matter", "position", "name_zh", "form", "copies", "provider"]
    list_select_related = ["matter"]
    search_fields = ["name_zh", "name_en", "matter__code"]


@admin.register(DemoDataset)
class DemoDatasetAdmin(admin.ModelAdmin):
    list_display = ["version", "seeded_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
