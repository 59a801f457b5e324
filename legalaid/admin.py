"""Bureau administration of legal aid: the centres, the economic hardship standard and the kinds
of case with their eligibility and documents. Every record keeps its change history (who, when,
what), read on its History page."""

from __future__ import annotations

from django.contrib import admin

from portal.a11y import LabelledInlineMixin
from portal.admin_history import HistoryAdmin

from .models import CaseDocument, CaseKind, HardshipStandard, LegalAidCentre


@admin.register(LegalAidCentre)
class LegalAidCentreAdmin(HistoryAdmin):
    list_display = ["name_zh", "name_en", "district", "phone", "is_active"]
    list_filter = ["district", "is_active"]
    search_fields = ["name_zh", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(HardshipStandard)
class HardshipStandardAdmin(HistoryAdmin):
    list_display = ["monthly_income_per_person", "in_force_from"]


class CaseDocumentInline(LabelledInlineMixin, admin.TabularInline):
    model = CaseDocument
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


@admin.register(CaseKind)
class CaseKindAdmin(HistoryAdmin):
    list_display = ["name_zh", "name_en", "slug", "hardship_waived", "position", "is_published"]
    list_editable = ["position"]
    list_filter = ["is_published", "hardship_waived"]
    search_fields = ["name_zh", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [CaseDocumentInline]
